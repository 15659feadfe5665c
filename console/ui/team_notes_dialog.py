"""Team notes… (Queue menu): the recent notes from supervisors to this agent's teams and everyone."""

from PySide6.QtWidgets import QWidget

from console.domain.broadcast import Broadcast
from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt
from console.services.team_notes import TeamNotes
from console.ui.records_dialog import RecordsDialog


class TeamNotesDialog(RecordsDialog):
    def __init__(self, notes: TeamNotes, parent: QWidget | None = None):
        super().__init__(parent, "teamNotes")
        self._notes = notes
        self.setWindowTitle(self.tr("Team notes"))
        self.list.setAccessibleDescription(self.tr("When, from whom, to whom and the note"))
        self.list.setAccessibleName(self.tr("Recent team notes, newest first"))
        self.list.setHeaderLabels([self.tr("When"), self.tr("From"), self.tr("To"), self.tr("Note")])
        self.empty.setText(self.tr("No team notes yet."))
        self.refresh_button.setText(self.tr("&Refresh"))
        self.refresh()

    async def _load(self) -> None:
        self.show_notes(await self._notes.recent())

    def show_notes(self, notes: list[Broadcast]) -> None:
        self.show_rows(
            [
                (
                    [
                        to_datetime(note.created_ms).astimezone().strftime("%d %b %H:%M"),
                        note.author_name,
                        note.team_id or self.tr("Everyone"),
                        excerpt(note.text, 100),
                    ],
                    note.text,
                    note.id,
                )
                for note in notes
            ],
            fitted=3,
        )
