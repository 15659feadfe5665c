"""A dialog that lists records this desk holds (My hand-offs…, Team notes…): the list, a line for
when there are none, Refresh and Close. Each refresh reads again, the latest read winning; closing
cancels a read in flight. Subclasses name and word it (their own ``tr`` context) and read the rows."""

import asyncio
from collections.abc import Sequence

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


class RecordsDialog(QDialog):
    def __init__(self, parent: QWidget | None, name: str):
        super().__init__(parent, objectName=f"{name}Dialog")
        self._task: asyncio.Task | None = None
        self.list = QTreeWidget(objectName=f"{name}List")
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.empty = QLabel(objectName=f"{name}Empty")
        self.empty.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.refresh_button = QPushButton()
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.refresh_button.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def refresh(self) -> None:
        if self._task and not self._task.done():
            self._task.cancel()  # latest wins
        self._task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        raise NotImplementedError

    def show_rows(self, rows: Sequence[tuple[list[str], str, str]], fitted: int) -> None:
        """Each row's cells, the tooltip of its fourth (the long text), and the id it stands for;
        the first ``fitted`` columns are sized to their contents."""
        self.list.clear()
        for cells, long_text, key in rows:
            item = QTreeWidgetItem(cells)
            item.setToolTip(3, long_text)
            item.setData(0, Qt.ItemDataRole.UserRole, key)
            self.list.addTopLevelItem(item)
        self.empty.setVisible(not rows)
        for column in range(fitted):
            self.list.resizeColumnToContents(column)

    def closeEvent(self, event) -> None:
        if self._task:
            self._task.cancel()
        super().closeEvent(event)
