"""One broadcaster for everything that changes under the views."""

from PySide6.QtCore import QObject, Signal


class ChangesHub(QObject):
    changes_applied = Signal(object)
    """The cache changed (an ``AppliedChanges`` from a pull): each view refreshes what it shows."""
    status_changed = Signal(object)
    """The link to the hub changed state or synced again (a ``SyncStatus``)."""
    presence_changed = Signal(object)
    """Who is on which case changed: a tuple of ``Presence``, everyone present now (empty when unknown)."""
    outbox_changed = Signal(object)
    """The outbox's depth or oldest unsent item changed (an ``OutboxState``)."""
