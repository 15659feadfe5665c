"""Failures the user can act on: shown in the status area with their message, not as a crash."""

from typing import Any


class KnownError(Exception):
    """An expected failure (offline, no keyring, disk full) with a message written for the user.

    ``message`` is English, a ``str.format`` template when ``values`` are given; ``str(error)`` is the
    filled-in English (for logs), and the ui shows the template translated, then filled in.
    """

    def __init__(self, message: str = "", /, **values: Any) -> None:
        super().__init__(message.format(**values) if values else message)
        self.template = message
        self.values = values
