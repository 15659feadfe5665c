"""The team-note banner at the top of the main window: a supervisor's note, as it arrives.

It shows the newest note not yet dismissed — who wrote it, to whom, when, and the text — with a
count of the others waiting behind it. It never takes the keyboard: showing it leaves focus where
it is (the queue, the composer), and its buttons take focus only by Tab, not by a click, so an
agent typing a reply is not interrupted. Older notes are in "Team notes…" (TeamNotesDialog).
"""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from qasync import asyncSlot

from console.domain.broadcast import Broadcast
from console.domain.clock import to_datetime
from console.services.team_notes import TeamNotes


class BroadcastBanner(QFrame):
    list_requested = Signal()
    """The agent asked for the list of recent team notes ("Team notes…")."""

    def __init__(self, notes: TeamNotes | None = None, parent: QWidget | None = None):
        super().__init__(parent, objectName="broadcastBanner")
        self._notes = notes
        self._waiting: list[Broadcast] = []  # newest first; the first is on show
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName(self.tr("Team note"))
        self._build_ui()
        self.hide()

    def _build_ui(self) -> None:
        self.heading = QLabel(objectName="broadcastHeading")
        self.text = QLabel(objectName="broadcastText")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)  # a note is text, never markup
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.more = QPushButton(objectName="broadcastMore")
        self.more.clicked.connect(self.list_requested)
        self.dismiss_button = QPushButton(self.tr("&Dismiss"), objectName="broadcastDismiss")
        self.dismiss_button.setToolTip(self.tr("Hide this note; it stays in Team notes…"))
        self.dismiss_button.clicked.connect(self.dismiss)
        for button in (self.more, self.dismiss_button):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # a click does not pull focus from the queue
        words = QVBoxLayout()
        words.setSpacing(2)
        words.addWidget(self.heading)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 8, 12, 8)
        row.addLayout(words, 1)
        row.addWidget(self.more, 0, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.dismiss_button, 0, Qt.AlignmentFlag.AlignTop)

    @property
    def current(self) -> Broadcast | None:
        return self._waiting[0] if self._waiting else None

    @asyncSlot(object)
    async def on_changes(self, changes) -> None:
        """A pull landed (ChangesHub.changes_applied): show the team notes that are news in it."""
        if self._notes is None or not changes.broadcasts:
            return
        self.show_notes(await self._notes.arrived(changes))

    def show_notes(self, notes: list[Broadcast]) -> None:
        """Put these notes (any order) in front of those waiting, the newest on show."""
        if not notes:
            return
        known = {note.id for note in self._waiting}
        fresh = [note for note in notes if note.id not in known]
        self._waiting = sorted([*fresh, *self._waiting], key=lambda n: (n.created_ms, n.id), reverse=True)
        self._show_current()

    def dismiss(self) -> None:
        """Hide the note on show; the next one waiting (if any) takes its place."""
        if self._waiting:
            self._waiting.pop(0)
        self._show_current()

    def _show_current(self) -> None:
        note = self.current
        if note is None:
            self.hide()
            return
        when = to_datetime(note.created_ms).astimezone().strftime("%H:%M")
        if note.team_id is None:
            heading = self.tr("Team note from {author} to everyone · {time}")
        else:
            heading = self.tr("Team note from {author} to {team} · {time}")
        self.heading.setText(heading.format(author=note.author_name, team=note.team_id, time=when))
        self.text.setText(note.text)
        self.setAccessibleDescription(f"{self.heading.text()}: {note.text}")
        others = len(self._waiting) - 1
        self.more.setText(
            self.tr("%n more…", "", others) if others else self.tr("Team &notes…"),
        )
        self.show()  # show(), never setFocus(): the keyboard stays where the agent is
