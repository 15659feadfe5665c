"""Team notes… (Queue menu): the recent notes from supervisors to this agent's teams and everyone."""

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.broadcast import Broadcast
from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt
from console.services.team_notes import TeamNotes


class TeamNotesDialog(QDialog):
    def __init__(self, notes: TeamNotes, parent: QWidget | None = None):
        super().__init__(parent, objectName="teamNotesDialog")
        self._notes = notes
        self._task: asyncio.Task | None = None
        self.setWindowTitle(self.tr("Team notes"))
        self.list = QTreeWidget(objectName="teamNotesList")
        self.list.setAccessibleDescription(self.tr("When, from whom, to whom and the note"))
        self.list.setAccessibleName(self.tr("Recent team notes, newest first"))
        self.list.setHeaderLabels([self.tr("When"), self.tr("From"), self.tr("To"), self.tr("Note")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.empty = QLabel(self.tr("No team notes yet."), objectName="teamNotesEmpty")
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton(self.tr("&Refresh"))
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(760, 360)
        self.refresh()

    def refresh(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()  # latest wins
        self._task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        self.show_notes(await self._notes.recent())

    def show_notes(self, notes: list[Broadcast]) -> None:
        self.list.clear()
        for note in notes:
            row = QTreeWidgetItem(
                [
                    to_datetime(note.created_ms).astimezone().strftime("%d %b %H:%M"),
                    note.author_name,
                    note.team_id or self.tr("Everyone"),
                    excerpt(note.text, 100),
                ]
            )
            row.setToolTip(3, note.text)
            row.setData(0, Qt.ItemDataRole.UserRole, note.id)
            self.list.addTopLevelItem(row)
        self.empty.setVisible(not notes)
        for column in range(3):
            self.list.resizeColumnToContents(column)

    def closeEvent(self, event) -> None:
        if self._task:
            self._task.cancel()
        super().closeEvent(event)
