"""My hand-offs (Queue menu): each case I handed to another team and where it stands — still waiting
to be sent, refused by the hub (with why), or with the team now; while this cache still holds the
case (a supervisor's, or a team I am in), its status too."""

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

from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt
from console.domain.handoff import HandoffRecord, HandoffState
from console.services.handoffs import HandoffHistory


class HandoffsDialog(QDialog):
    def __init__(self, history: HandoffHistory, parent: QWidget | None = None):
        super().__init__(parent, objectName="handoffsDialog")
        self._history = history
        self._task: asyncio.Task | None = None
        self.setWindowTitle(self.tr("My hand-offs"))
        self.list = QTreeWidget(objectName="handoffsList")
        self.list.setAccessibleDescription(self.tr("The cases you handed off and where each stands"))
        self.list.setAccessibleName(self.tr("Cases I handed off"))
        headers = (self.tr("When"), self.tr("Case"), self.tr("To"), self.tr("Reason"), self.tr("Now"))
        self.list.setHeaderLabels(list(headers))
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        none = self.tr("You have not handed off any case from this desk.")
        self.empty = QLabel(none, objectName="handoffsEmpty")
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
        self.show_records(await self._history.mine())

    def show_records(self, records: list[HandoffRecord]) -> None:
        self.list.clear()
        for record in records:
            row = QTreeWidgetItem(
                [
                    to_datetime(record.asked_ms).astimezone().strftime("%d %b %H:%M"),
                    excerpt(record.excerpt, 60) or record.case_id,
                    record.team,
                    excerpt(record.reason, 80),
                    self._now(record),
                ]
            )
            row.setToolTip(3, record.reason)
            row.setData(0, Qt.ItemDataRole.UserRole, record.case_id)
            self.list.addTopLevelItem(row)
        self.empty.setVisible(not records)
        for column in range(4):
            self.list.resizeColumnToContents(column)

    def _now(self, record: HandoffRecord) -> str:
        if record.state is HandoffState.WAITING:
            return self.tr("Waiting to be sent")
        if record.state is HandoffState.REFUSED:
            return self.tr("Refused: {reason}").format(reason=record.refusal)
        if record.case_status is None:
            return self.tr("With {team} (no longer in your queue)").format(team=record.team)
        team = record.case_team or record.team
        return self.tr("With {team} · {status}").format(team=team, status=record.case_status)

    def closeEvent(self, event) -> None:
        if self._task:
            self._task.cancel()
        super().closeEvent(event)
