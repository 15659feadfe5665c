"""The queue's table model: keyset pages from SQL, surgical live inserts and updates.

Sorting and filtering happen in the query (a QSortFilterProxyModel over a million rows takes
minutes); the model only holds the pages fetched so far, in display order.
"""

import asyncio
import logging
from enum import IntEnum

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from console.domain.clock import format_age, now_ms
from console.domain.queue import PageKey, QueueQuery, QueueRow, QueueSort
from console.domain.sync import AppliedChanges
from console.services.queue import QueueService

log = logging.getLogger(__name__)


class Column(IntEnum):
    NETWORK = 0
    ACCOUNT = 1
    AUTHOR = 2
    TEXT = 3
    SENTIMENT = 4
    AGE = 5


MentionIdRole = Qt.ItemDataRole.UserRole + 1
BadgeRole = Qt.ItemDataRole.UserRole + 2  # semantic key a delegate colours (sentiment or network)
RowRole = Qt.ItemDataRole.UserRole + 3  # the whole QueueRow, for the preview pane
CreatedRole = Qt.ItemDataRole.UserRole + 4

_HEADERS = {
    Column.NETWORK: "Network",
    Column.ACCOUNT: "Brand account",
    Column.AUTHOR: "Author",
    Column.TEXT: "Mention",
    Column.SENTIMENT: "Sentiment",
    Column.AGE: "Age",
}
_SORTS = {
    Column.NETWORK: QueueSort.NETWORK,
    Column.ACCOUNT: QueueSort.ACCOUNT,
    Column.AUTHOR: QueueSort.AUTHOR,
    Column.SENTIMENT: QueueSort.SENTIMENT,
    Column.AGE: QueueSort.AGE,
}
_EXCERPT = 160


class QueueModel(QAbstractTableModel):
    page_loaded = Signal(int)
    """A page arrived; the argument is how many rows the model now holds."""
    load_failed = Signal(str)
    """Loading a page failed; the argument is the reason, for the status area."""

    def __init__(self, service: QueueService, page_size: int = 200, parent: QObject | None = None):
        super().__init__(parent)
        self._service = service
        self._page_size = page_size
        self._query = QueueQuery()
        self._rows: list[QueueRow] = []
        self._positions: dict[str, int] = {}
        self._exhausted = False
        self._fetching = False
        self._generation = 0  # bumped on reset, so a page for an old query is dropped
        self._now = now_ms()
        self._tasks: set[asyncio.Task] = set()
        self._clock = QTimer(self, interval=15_000, timeout=self._tick)
        self._clock.start()

    # -- Qt model API -------------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == BadgeRole:
            if column is Column.SENTIMENT:
                return row.sentiment.value
            if column is Column.NETWORK:
                return row.network.value
            return None
        if role == MentionIdRole:
            return row.mention_id
        if role == RowRole:
            return row
        if role == CreatedRole:
            return row.created_ms
        if role == Qt.ItemDataRole.TextAlignmentRole and column is Column.AGE:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
        return self.tr(_HEADERS[Column(section)]) if horizontal and 0 <= section < len(Column) else None

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        self._spawn(self._load_page(self._generation))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        sort = _SORTS.get(Column(column)) if 0 <= column < len(Column) else None
        if sort is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if sort is QueueSort.AGE:  # "ascending age" means newest first
            descending = not descending
        self.set_query(QueueQuery(sort, descending, self._query.networks, self._query.text))

    # -- queries and live changes ------------------------------------------------------------------

    @property
    def query(self) -> QueueQuery:
        return self._query

    @property
    def loading(self) -> bool:
        return self._fetching

    def row_at(self, row: int) -> QueueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def set_query(self, query: QueueQuery) -> None:
        """Change sort or filter: the only time the model resets."""
        self._query = query
        self.reload()

    def reload(self) -> None:
        self._generation += 1
        self.beginResetModel()
        self._rows, self._positions = [], {}
        self._exhausted = False
        self._fetching = False
        self.endResetModel()
        self.fetchMore()

    def apply_changes(self, changes: AppliedChanges) -> None:
        """Insert new rows where they belong and refresh changed ones, without a reset."""
        if changes.reset:
            self.reload()
            return
        if changes.removed:
            self._remove_cases(changes.removed)
        self._spawn(self._apply(changes, self._generation))

    def _remove_cases(self, case_ids: frozenset[str]) -> None:
        """Rows of cases the user no longer sees (handed to another team) leave without a reset."""
        removed = False
        for position in range(len(self._rows) - 1, -1, -1):
            row = self._rows[position]
            if row.case_id in case_ids:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position]
                del self._positions[row.mention_id]
                self.endRemoveRows()
                removed = True
        if removed:
            self._reindex(0)

    async def _apply(self, changes: AppliedChanges, generation: int) -> None:
        shown: dict[str, list[str]] = {}
        for row in self._rows:
            if row.case_id:
                shown.setdefault(row.case_id, []).append(row.mention_id)
        rows = await self._service.changed_rows(self._query, changes, shown)
        if generation != self._generation:
            return
        for row in rows:
            self._upsert(row)

    def _upsert(self, row: QueueRow) -> None:
        current = self._positions.get(row.mention_id)
        if current is not None:
            if self._rows[current].key == row.key:
                self._rows[current] = row
                self.dataChanged.emit(self.index(current, 0), self.index(current, len(Column) - 1))
                return
            self.beginRemoveRows(QModelIndex(), current, current)
            del self._rows[current]
            self._reindex(current)
            self.endRemoveRows()
        position = self._insertion_point(row.key)
        if position == len(self._rows) and not self._exhausted:
            return  # beyond the loaded pages: the next fetchMore brings it in order
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, row)
        self._reindex(position)
        self.endInsertRows()

    def _insertion_point(self, key: PageKey) -> int:
        """Binary search in display order (ascending or descending by key)."""
        low, high = 0, len(self._rows)
        descending = self._query.descending
        while low < high:
            middle = (low + high) // 2
            other = self._rows[middle].key
            if (other > key) if descending else (other < key):
                low = middle + 1
            else:
                high = middle
        return low

    def _reindex(self, start: int) -> None:
        for position in range(start, len(self._rows)):
            self._positions[self._rows[position].mention_id] = position

    async def _load_page(self, generation: int) -> None:
        after = self._rows[-1].key if self._rows else None
        try:
            fetched = await self._service.page(self._query, after, self._page_size)
        except Exception as error:
            if generation == self._generation:
                self._fetching = False
                log.exception("queue page failed")
                self.load_failed.emit(str(error))
            return
        if generation != self._generation:
            return
        rows = [row for row in fetched if row.mention_id not in self._positions]  # a live insert came first
        if rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self._reindex(first)
            self.endInsertRows()
        self._exhausted = len(fetched) < self._page_size
        self._fetching = False
        self.page_loaded.emit(len(self._rows))

    def shutdown(self) -> None:
        """Stop timers and drop queries in flight; the model shows what it has until deleted."""
        self._clock.stop()
        self._generation += 1
        for task in self._tasks:
            task.cancel()

    def _spawn(self, coroutine) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _tick(self) -> None:
        """Ages move on by themselves: repaint that column only."""
        self._now = now_ms()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, Column.AGE),
                self.index(len(self._rows) - 1, Column.AGE),
                [Qt.ItemDataRole.DisplayRole],
            )

    # -- presentation ------------------------------------------------------------------------------

    def _display(self, row: QueueRow, column: Column) -> str:
        if column is Column.NETWORK:
            return row.network.label
        if column is Column.ACCOUNT:
            return row.account_handle
        if column is Column.AUTHOR:
            mark = " ✓" if row.author_verified else ""
            return f"{row.author_name or row.author_handle}{mark}"
        if column is Column.TEXT:
            text = " ".join(row.text.split())
            return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"
        if column is Column.SENTIMENT:
            return self.tr(row.sentiment.value.capitalize())
        return format_age(row.created_ms, max(self._now, row.created_ms))

    def _tooltip(self, row: QueueRow, column: Column) -> str | None:
        if column is Column.AUTHOR:
            return f"{row.author_handle} · {row.author_followers:,} followers"
        if column is Column.TEXT:
            return row.text
        if column is Column.SENTIMENT:
            return f"{row.sentiment.value} ({row.sentiment_score:+.2f})"
        return None
