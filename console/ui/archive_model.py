"""The case archive's results: keyset pages of matching cases, newest first, fetched as the table
scrolls; a new search swaps the rows in one reset when its first page arrives."""

import asyncio
import logging

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from console.domain.archive import ArchiveFilters, ArchiveRow, SentimentChange
from console.domain.clock import to_datetime
from console.domain.excerpt import excerpt, is_right_to_left
from console.services.archive import Archive
from console.ui.report_text import sentiment
from console.ui.translation import error_text

log = logging.getLogger(__name__)

CaseIdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2  # the whole ArchiveRow, for the preview
BadgeRole = Qt.ItemDataRole.UserRole + 3  # the sentiment change, for colouring

COLUMNS = (
    QT_TRANSLATE_NOOP("ArchiveModel", "Date"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Network"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Account"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Customer"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Agent"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Disposition"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Guidance path"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Sentiment change"),
    QT_TRANSLATE_NOOP("ArchiveModel", "Matched"),
)
DATE, NETWORK, ACCOUNT, CUSTOMER, AGENT, DISPOSITION, PATH, CHANGE, SNIPPET = range(len(COLUMNS))
CHANGE_LABELS = {
    SentimentChange.IMPROVED: QT_TRANSLATE_NOOP("ArchiveModel", "improved"),
    SentimentChange.WORSENED: QT_TRANSLATE_NOOP("ArchiveModel", "worsened"),
    SentimentChange.UNCHANGED: QT_TRANSLATE_NOOP("ArchiveModel", "unchanged"),
    SentimentChange.UNKNOWN: QT_TRANSLATE_NOOP("ArchiveModel", "unknown"),
}
SOURCE_LABELS = {
    "mention": QT_TRANSLATE_NOOP("ArchiveModel", "message"),
    "reply": QT_TRANSLATE_NOOP("ArchiveModel", "reply"),
    "note": QT_TRANSLATE_NOOP("ArchiveModel", "note"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("ArchiveModel", text)


class ArchiveModel(QAbstractTableModel):
    page_loaded = Signal(int)
    """A page arrived; the argument is how many rows the model now holds."""
    load_failed = Signal(str)
    """A page could not be read; the argument says why."""

    def __init__(self, archive: Archive, page_size: int = 100, parent: QObject | None = None):
        super().__init__(parent)
        self._archive = archive
        self._page_size = page_size
        self._words = ""
        self._filters = ArchiveFilters()
        self._rows: list[ArchiveRow] = []
        self._exhausted = True
        self._fetching = False
        self._generation = 0  # bumped by each search: a page for an older one is dropped
        self._task: asyncio.Task | None = None

    # -- Qt model API --------------------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        horizontal = orientation == Qt.Orientation.Horizontal
        if role == Qt.ItemDataRole.DisplayRole and horizontal and 0 <= section < len(COLUMNS):
            return tr(COLUMNS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == SNIPPET and row.snippet:
                return row.snippet.text
            if index.column() == CHANGE:
                return sentiment(row.sentiment_change)
            return self._text(row, index.column())
        if role == CaseIdRole:
            return row.case_id
        if role == RowRole:
            return row
        if role == BadgeRole and index.column() == CHANGE:
            return row.change.value
        snippet = row.snippet
        aligning = role == Qt.ItemDataRole.TextAlignmentRole and index.column() == SNIPPET
        if aligning and snippet and is_right_to_left(snippet.text):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(row: ArchiveRow, column: int) -> str:
        match column:
            case 0:
                return to_datetime(row.at_ms).astimezone().strftime("%Y-%m-%d %H:%M")
            case 1:
                return row.network
            case 2:
                return row.account
            case 3:
                return excerpt(row.customer, 60)
            case 4:
                return row.agent or tr("(not answered)")
            case 5:
                return row.disposition
            case 6:
                return row.guidance
            case 7:
                label = tr(CHANGE_LABELS[row.change])
                return (
                    label if row.sentiment_change is None else f"{label} ({sentiment(row.sentiment_change)})"
                )
            case 8:
                if row.snippet is None:
                    return ""
                return f"{tr(SOURCE_LABELS[row.snippet.source.value])}: {excerpt(row.snippet.text, 200)}"
        return ""

    def canFetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted

    def fetchMore(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid() or self._exhausted or self._fetching:
            return
        self._fetching = True
        self._start(self._load(self._generation, first=False))

    # -- searching -----------------------------------------------------------------------------

    @property
    def words(self) -> str:
        return self._words

    @property
    def filters(self) -> ArchiveFilters:
        return self._filters

    @property
    def loading(self) -> bool:
        return self._fetching

    def row_at(self, position: int) -> ArchiveRow | None:
        return self._rows[position] if 0 <= position < len(self._rows) else None

    def search(self, words: str, filters: ArchiveFilters) -> None:
        """Ask again: the rows shown stay until the first page of the answer replaces them."""
        self._words, self._filters = words, filters
        self._generation += 1
        self._exhausted = False
        self._fetching = True
        if self._task is not None and not self._task.done():
            self._task.cancel()  # latest wins
        self._start(self._load(self._generation, first=True))

    def _start(self, work) -> None:
        self._task = asyncio.ensure_future(work)

    async def _load(self, generation: int, first: bool) -> None:
        after = self._rows[-1].key if self._rows and not first else None
        try:
            fetched = await self._archive.search(self._words, self._filters, after, self._page_size)
        except asyncio.CancelledError:
            raise
        except Exception as error:
            if generation == self._generation:
                self._fetching = False
                self._exhausted = True
                log.warning("archive page failed: %s", error)
                self.load_failed.emit(error_text(error))
            return
        if generation != self._generation:
            return
        if first:
            self.beginResetModel()
            self._rows = list(fetched)
            self.endResetModel()
        elif fetched:
            start = len(self._rows)
            self.beginInsertRows(QModelIndex(), start, start + len(fetched) - 1)
            self._rows.extend(fetched)
            self.endInsertRows()
        self._exhausted = len(fetched) < self._page_size
        self._fetching = False
        self.page_loaded.emit(len(self._rows))

    def shutdown(self) -> None:
        self._generation += 1
        if self._task is not None:
            self._task.cancel()
