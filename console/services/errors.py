"""Failures the user can act on: shown in the status area with their message, not as a crash."""


class KnownError(Exception):
    """An expected failure (offline, no keyring, disk full) with a message written for the user."""
