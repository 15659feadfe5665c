"""The queue's table model: keyset pages from SQL, surgical live inserts and updates.

Sorting and filtering happen in the query (a QSortFilterProxyModel over a million rows takes
minutes); the model only holds the pages fetched so far, in display order.
"""

import asyncio
import logging
from dataclasses import replace

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from console.domain.clock import now_ms
from console.domain.excerpt import is_right_to_left
from console.domain.queue import PageKey, QueueQuery, QueueRow
from console.domain.sync import AppliedChanges
from console.services.queue import QueueService
from console.ui.queue_columns import BY_KEY, COLUMNS, Painter, QueueColumn, header
from console.ui.translation import error_text

log = logging.getLogger(__name__)


MentionIdRole = Qt.ItemDataRole.UserRole + 1
BadgeRole = Qt.ItemDataRole.UserRole + 2  # semantic key a delegate colours (sentiment, network, status)
RowRole = Qt.ItemDataRole.UserRole + 3  # the whole QueueRow, for the preview pane
CreatedRole = Qt.ItemDataRole.UserRole + 4
RightToLeftRole = Qt.ItemDataRole.UserRole + 5  # the cell's text reads right to left (Arabic, Hebrew)

_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole)
_ROLES = frozenset(
    {_DISPLAY, _TOOLTIP, _ALIGNMENT, BadgeRole, RightToLeftRole, MentionIdRole, RowRole, CreatedRole}
)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


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
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        # Painting asks ~8 roles per cell, most of which the queue never sets: answer those first.
        if role not in _ROLES:
            return None
        position = index.row()
        if not 0 <= position < len(self._rows) or not index.isValid():
            return None
        row = self._rows[position]
        column = COLUMNS[index.column()]
        if role == _DISPLAY:
            return column.display(row, self._now)
        if role == _TOOLTIP:
            return column.tooltip(row)
        if role == BadgeRole:
            return column.badge(row)
        if role == RightToLeftRole:
            return column.painter is Painter.EXCERPT and is_right_to_left(row.text)
        if role == MentionIdRole:
            return row.mention_id
        if role == RowRole:
            return row
        if role == CreatedRole:
            return row.created_ms
        return _RIGHT if column.align_right else None  # alignment

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        # Asked ~10 roles per section on every reset: the int test first, enums only for the one we answer.
        if role != _DISPLAY or orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        return header(COLUMNS[section])

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        self._spawn(self._load_page(self._generation, first=False))

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        chosen = COLUMNS[column] if 0 <= column < len(COLUMNS) else None
        if chosen is None or chosen.sort is None:
            return
        descending = (order == Qt.SortOrder.DescendingOrder) != chosen.reverse_sort
        self.set_query(replace(self._query, sort=chosen.sort, descending=descending))

    # -- columns -----------------------------------------------------------------------------------

    @staticmethod
    def column(key: str) -> int:
        """The model column showing ``key`` (see console.ui.queue_columns)."""
        return COLUMNS.index(BY_KEY[key])

    @staticmethod
    def column_at(section: int) -> QueueColumn:
        return COLUMNS[section]

    def sort_section(self) -> tuple[int, Qt.SortOrder]:
        """The header's sort indicator for the current query."""
        for section, column in enumerate(COLUMNS):
            if column.sort is self._query.sort:
                ascending = self._query.descending == column.reverse_sort
                return section, Qt.SortOrder.AscendingOrder if ascending else Qt.SortOrder.DescendingOrder
        return -1, Qt.SortOrder.AscendingOrder

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
        """Ask for the first page again. The rows shown stay until it arrives and then swap in one
        reset: no empty table painted in between (the paint would also slow the query down)."""
        self._generation += 1
        self._exhausted = False
        self._fetching = True
        self._spawn(self._load_page(self._generation, first=True))

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
                self.dataChanged.emit(self.index(current, 0), self.index(current, len(COLUMNS) - 1))
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

    async def _load_page(self, generation: int, first: bool) -> None:
        after = self._rows[-1].key if self._rows and not first else None
        try:
            fetched = await self._service.page(self._query, after, self._page_size)
        except Exception as error:
            if generation == self._generation:
                self._fetching = False
                log.exception("queue page failed")
                self.load_failed.emit(error_text(error))
            return
        if generation != self._generation:
            return
        if first:
            self.beginResetModel()
            self._rows, self._positions = fetched, {}
            self._reindex(0)
            self.endResetModel()
        else:
            # A live insert may have brought some of them already.
            rows = [row for row in fetched if row.mention_id not in self._positions]
            if rows:
                start = len(self._rows)
                self.beginInsertRows(QModelIndex(), start, start + len(rows) - 1)
                self._rows.extend(rows)
                self._reindex(start)
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
        """Ages (and, later, SLA countdowns) move on by themselves: repaint those columns only."""
        self._now = now_ms()
        if not self._rows:
            return
        for section, column in enumerate(COLUMNS):
            if column.ticking:
                last = len(self._rows) - 1
                self.dataChanged.emit(
                    self.index(0, section), self.index(last, section), [Qt.ItemDataRole.DisplayRole]
                )
