"""The queue table: settings for big tables in one place, and scroll that survives live inserts."""

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from console.ui.delegates import BadgeDelegate
from console.ui.queue_model import Column, QueueModel

ROW_HEIGHT = 34


class QueueView(QTableView):
    def __init__(self, model: QueueModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("queueView")
        self.setModel(model)
        self.setAccessibleName(self.tr("Mention queue"))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setAlternatingRowColors(True)
        self.setWordWrap(False)
        self.setShowGrid(False)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(Column.AGE, Qt.SortOrder.AscendingOrder)
        vertical = self.verticalHeader()
        vertical.setVisible(False)
        vertical.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)  # never ResizeToContents on rows
        vertical.setDefaultSectionSize(ROW_HEIGHT)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsMovable(True)
        header.setStretchLastSection(False)
        for column, width in {
            Column.NETWORK: 110,
            Column.ACCOUNT: 160,
            Column.AUTHOR: 170,
            Column.SENTIMENT: 110,
            Column.AGE: 60,
        }.items():
            header.resizeSection(column, width)
        header.setSectionResizeMode(Column.TEXT, QHeaderView.ResizeMode.Stretch)
        badges = BadgeDelegate(self)
        self.setItemDelegateForColumn(Column.NETWORK, badges)
        self.setItemDelegateForColumn(Column.SENTIMENT, badges)
        model.rowsAboutToBeInserted.connect(self._before_insert)
        model.rowsInserted.connect(self._after_insert)
        self._pending_shift = 0

    def _before_insert(self, _parent: QModelIndex, first: int, last: int) -> None:
        # Rows landing above what the agent is reading would push it down: compensate the scroll.
        top = self.rowAt(0)
        scrolled = self.verticalScrollBar().value() > 0
        self._pending_shift = (last - first + 1) * ROW_HEIGHT if scrolled and 0 <= first <= top else 0

    def _after_insert(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        if self._pending_shift:
            bar = self.verticalScrollBar()
            bar.setValue(bar.value() + self._pending_shift)
            self._pending_shift = 0
