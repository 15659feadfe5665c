"""The floor view's lists: small, fully loaded tables (hundreds of rows at most) that a snapshot
replaces surgically — rows that left are removed, new ones inserted, changed ones repainted, a new
order is a layout change — so the supervisor's selection and scroll survive every update."""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush

from console.domain.floor import Depth, ago_text
from console.domain.presence import Activity
from console.domain.sla import SlaState
from console.services.floor import DEFINED, DEFINITIONS, AgentLine, CaseLine
from console.ui import report_text as fmt
from console.ui.style import badge_colors
from console.ui.translation import shown

KeyRole = Qt.ItemDataRole.UserRole + 1  # the row's key (case id, user id, group)
RowRole = Qt.ItemDataRole.UserRole + 2  # the row itself
CASES_MIME = "application/x-horseshoe-case-ids"  # a JSON list of case ids, dragged onto an agent
NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    text: Callable[[object, int], str]  # (row, now) → cell text
    tip: str = ""  # the figure's definition
    numeric: bool = False
    badge: Callable[[object], str | None] | None = None  # row → badge colours key
    tip_of: Callable[[object], str] | None = None  # row → the cell's own tooltip (e.g. the last words)


class RowsModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], key: Callable[[object], str], parent=None):
        super().__init__(parent)
        self._columns = tuple(columns)
        self._key = key
        self._rows: list = []
        self._keys: list[str] = []
        self.now = 0

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.tr(column.header)
        if role == Qt.ItemDataRole.ToolTipRole and column.tip:
            return shown(DEFINED, column.tip)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return NUMERIC
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row, column = self._rows[index.row()], self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row, self.now)
        if role == KeyRole:
            return self._keys[index.row()]
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.ToolTipRole:
            if column.tip_of is not None:
                return column.tip_of(row) or None
            return shown(DEFINED, column.tip) if column.tip else column.text(row, self.now)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.numeric:
            return NUMERIC
        if role in (Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole) and column.badge:
            badge = column.badge(row)
            if badge:
                background, foreground = badge_colors(badge)
                return QBrush(background if role == Qt.ItemDataRole.BackgroundRole else foreground)
        return None

    def row_at(self, position: int):
        return self._rows[position] if 0 <= position < len(self._rows) else None

    def set_rows(self, rows: Sequence, now: int) -> None:
        """Become ``rows`` with the fewest changes, so selection and scroll stay where they were."""
        self.now = now
        keys = [self._key(r) for r in rows]
        wanted = set(keys)
        for position in reversed(range(len(self._rows))):
            if self._keys[position] not in wanted:
                self.beginRemoveRows(QModelIndex(), position, position)
                del self._rows[position], self._keys[position]
                self.endRemoveRows()
        present = set(self._keys)
        kept = [k for k in keys if k in present]
        if kept != self._keys:
            self._reorder(kept)
        for position, key in enumerate(keys):
            if position >= len(self._keys) or self._keys[position] != key:
                self.beginInsertRows(QModelIndex(), position, position)
                self._rows.insert(position, rows[position])
                self._keys.insert(position, key)
                self.endInsertRows()
        last = len(self._columns) - 1
        for position, row in enumerate(rows):
            # Times move on even when the row does not: every row repaints (a few hundred cells).
            self._rows[position] = row
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, last))

    def _reorder(self, keys: list[str]) -> None:
        self.layoutAboutToBeChanged.emit()
        rows = dict(zip(self._keys, self._rows, strict=True))
        moved_to = {key: position for position, key in enumerate(keys)}
        old_keys = list(self._keys)
        self._keys, self._rows = keys, [rows[k] for k in keys]
        for index in self.persistentIndexList():
            new = moved_to[old_keys[index.row()]]
            self.changePersistentIndex(index, self.index(new, index.column()))
        self.layoutChanged.emit()


# --- the floor's tables ---------------------------------------------------------------------------

SLA_TEXT = {SlaState.BREACHED: "breached", SlaState.AT_RISK: "at risk", SlaState.OK: "ok", SlaState.NONE: "—"}


def _due(line: CaseLine, now: int) -> str:
    if line.due_ms is None:
        return "—"
    left = line.due_ms - now
    return f"{ago_text(-left)} late" if left < 0 else f"in {ago_text(left)}"


CASE_COLUMNS = (
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "SLA"),
        lambda c, _n: SLA_TEXT[c.sla],
        badge=lambda c: f"sla-{c.sla.value}",
    ),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Due"), _due),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Waiting"), lambda c, n: ago_text(n - c.opened_ms), numeric=True),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Network"), lambda c, _n: c.network, badge=lambda c: c.network),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Customer"), lambda c, _n: c.customer or "—", tip_of=lambda c: c.said
    ),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Account"), lambda c, _n: f"@{c.account}"),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Team"), lambda c, _n: c.team or "—"),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Priority"), lambda c, _n: str(c.priority), numeric=True),
    Column(QT_TRANSLATE_NOOP("RowsModel", "With"), lambda c, _n: c.holder_name or "nobody"),
)


class CasesModel(RowsModel):
    """Cases the supervisor may drag onto an agent (a JSON list of case ids)."""

    def __init__(self, parent=None):
        super().__init__(CASE_COLUMNS, lambda line: line.case_id, parent)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [CASES_MIME]

    def mimeData(self, indexes) -> QMimeData:
        ids = list(dict.fromkeys(i.data(KeyRole) for i in indexes if i.isValid()))
        data = QMimeData()
        data.setData(CASES_MIME, json.dumps(ids).encode())
        return data

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction


PRESENCE = {True: ("online", "positive"), False: ("offline", "neutral")}
STATUS_BADGES = {Activity.AVAILABLE: "positive", Activity.BUSY: "status-open", Activity.AWAY: "neutral"}


def _handle(a: AgentLine, _now: int) -> str:
    if a.day.handle_ms is None:
        return "—"
    return f"{fmt.duration(a.day.handle_ms / 1000)} (n={a.day.handle_n})"


AGENT_COLUMNS = (
    Column(QT_TRANSLATE_NOOP("RowsModel", "Agent"), lambda a, _n: a.name),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Presence"),
        lambda a, _n: PRESENCE[a.online][0],
        DEFINITIONS["presence"],
        badge=lambda a: PRESENCE[a.online][1],
    ),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Status"),
        lambda a, _n: a.status.value if a.status else "—",
        DEFINITIONS["status"],
        badge=lambda a: STATUS_BADGES.get(a.status) if a.status else None,
    ),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Current case"),
        lambda a, _n: a.current_label or "—",
        DEFINITIONS["current"],
    ),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Holding"), lambda a, _n: str(a.holding), DEFINITIONS["holding"], True
    ),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Handled"),
        lambda a, _n: str(a.day.handled),
        DEFINITIONS["handled"],
        True,
    ),
    Column(
        QT_TRANSLATE_NOOP("RowsModel", "Handle time"),
        _handle,
        DEFINITIONS["handle_time"],
        True,
    ),
    Column(QT_TRANSLATE_NOOP("RowsModel", "Teams"), lambda a, _n: ", ".join(a.teams) or "—"),
)


class AgentsModel(RowsModel):
    """The floor's people; a case dropped on one asks to reassign it to them."""

    cases_dropped = Signal(list, str)
    """Case ids were dropped on the agent with this user id."""

    def __init__(self, parent=None):
        super().__init__(AGENT_COLUMNS, lambda agent: agent.user_id, parent)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsDropEnabled if index.isValid() else base

    def mimeTypes(self) -> list[str]:
        return [CASES_MIME]

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction | Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent) -> bool:
        return data.hasFormat(CASES_MIME) and self._target(row, parent) is not None

    def dropMimeData(self, data, action, row, column, parent) -> bool:
        target = self._target(row, parent)
        if not data.hasFormat(CASES_MIME) or target is None:
            return False
        try:
            ids = [str(i) for i in json.loads(bytes(data.data(CASES_MIME)).decode())]
        except ValueError:
            return False
        if ids:
            self.cases_dropped.emit(ids, target.user_id)
        return False  # nothing moves in this model: the hub's answer comes back through the sync

    def _target(self, row: int, parent: Index) -> AgentLine | None:
        return self.row_at(parent.row() if parent.isValid() else row)


def depth_columns(group: str) -> tuple[Column, ...]:
    return (
        Column(group, lambda d, _n: d.key),
        Column(QT_TRANSLATE_NOOP("RowsModel", "Cases"), lambda d, _n: f"{d.cases:,}", numeric=True),
        Column(
            QT_TRANSLATE_NOOP("RowsModel", "At risk"),
            lambda d, _n: f"{d.at_risk:,}",
            numeric=True,
            badge=lambda d: "sla-at_risk" if d.at_risk else None,
        ),
        Column(
            QT_TRANSLATE_NOOP("RowsModel", "Breached"),
            lambda d, _n: f"{d.breached:,}",
            numeric=True,
            badge=lambda d: "sla-breached" if d.breached else None,
        ),
        Column(
            QT_TRANSLATE_NOOP("RowsModel", "Oldest"), lambda d, n: ago_text(n - d.oldest_ms), numeric=True
        ),
    )


class DepthModel(RowsModel):
    def __init__(self, group: str, parent=None):
        super().__init__(depth_columns(group), lambda depth: depth.key, parent)

    def set_depths(self, depths: Sequence[Depth], now: int) -> None:
        self.set_rows(depths, now)
