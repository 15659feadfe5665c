"""The queue's columns, declared once: what each shows, how it sorts, its width and painter.

Adding a column (intent, priority, SLA countdown) is one entry here; a sortable one also needs its
:class:`QueueSort` and SQL expression in storage, a filterable one its :class:`QueueQuery` field.
The column's ``key`` is what the agent's layout (order, hidden) is saved under.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from console.domain.clock import format_age, now_ms
from console.domain.excerpt import excerpt
from console.domain.queue import QueueRow, QueueSort
from console.domain.sla import SlaState, format_countdown


class Painter(StrEnum):
    TEXT = "text"
    BADGE = "badge"  # a coloured pill keyed by ``QueueColumn.badge``
    EXCERPT = "excerpt"  # one elided line in the text's own direction


def _tr(text: str) -> str:
    return QCoreApplication.translate("QueueColumns", text)


# The words cells show through ``_tr(value.capitalize())`` and ``_tr(sla state with spaces)``.
_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("QueueColumns", "New"),
    QT_TRANSLATE_NOOP("QueueColumns", "Open"),
    QT_TRANSLATE_NOOP("QueueColumns", "Pending"),
    QT_TRANSLATE_NOOP("QueueColumns", "Resolved"),
    QT_TRANSLATE_NOOP("QueueColumns", "Negative"),
    QT_TRANSLATE_NOOP("QueueColumns", "Neutral"),
    QT_TRANSLATE_NOOP("QueueColumns", "Positive"),
    QT_TRANSLATE_NOOP("QueueColumns", "Crisis"),
    QT_TRANSLATE_NOOP("QueueColumns", "Spam"),
    QT_TRANSLATE_NOOP("QueueColumns", "Complaint"),
    QT_TRANSLATE_NOOP("QueueColumns", "Lead"),
    QT_TRANSLATE_NOOP("QueueColumns", "Question"),
    QT_TRANSLATE_NOOP("QueueColumns", "Praise"),
    QT_TRANSLATE_NOOP("QueueColumns", "Other"),
    QT_TRANSLATE_NOOP("QueueColumns", "none"),
    QT_TRANSLATE_NOOP("QueueColumns", "ok"),
    QT_TRANSLATE_NOOP("QueueColumns", "at risk"),
    QT_TRANSLATE_NOOP("QueueColumns", "breached"),
    QT_TRANSLATE_NOOP("QueueColumns", "met"),
)


def _author(row: QueueRow, _now: int) -> str:
    mark = " ✓" if row.author_verified else ""
    return f"{excerpt(row.author_name or row.author_handle, 60)}{mark}"


def _reach(followers: int) -> str:
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if followers >= size:
            return f"{followers / size:.1f}".rstrip("0").rstrip(".") + suffix
    return str(followers)


def _reasons(row: QueueRow) -> str:
    lines = [f"{points:+d}  {reason}" for reason, points in row.priority_reasons]
    return "\n".join([_tr("Priority %1, because:").replace("%1", str(row.priority)), *lines]) if lines else ""


def _sla(row: QueueRow, now: int) -> str:
    return format_countdown(row.sla(now).remaining_ms)


def _sla_badge(row: QueueRow) -> str | None:
    state = row.sla(now_ms()).state
    return None if state is SlaState.NONE else f"sla-{state.value}"


def _sla_tooltip(row: QueueRow) -> str | None:
    owed = _tr("first response") if row.first_response_ms is None else _tr("resolution")
    clock = row.sla(now_ms())
    if clock.due_ms is None:
        return None
    return (
        _tr("%1 due %2 (%3)")
        .replace("%1", owed.capitalize())
        .replace("%2", format_countdown(clock.remaining_ms))
        .replace("%3", _tr(clock.state.value.replace("_", " ")))
    )


def _assignee(row: QueueRow, _now: int) -> str:
    """Whose case it is; a case nobody was given shows who holds its claim."""
    if row.assignee:
        return row.assignee_name or row.assignee
    return row.claim_holder_name or (row.claim_holder or "")


def _assignee_tooltip(row: QueueRow) -> str | None:
    parts = []
    if row.assignee:
        parts.append(_tr("Assigned to %1").replace("%1", row.assignee_name or row.assignee))
    if row.claim_holder:
        parts.append(_tr("claimed by %1").replace("%1", row.claim_holder_name or row.claim_holder))
    return " · ".join(parts) or None


def _status(row: QueueRow, now: int) -> str:
    if row.snoozed(now):
        return _tr("Snoozed")
    return _tr(row.case_status.value.capitalize()) if row.case_status else ""


@dataclass(frozen=True, slots=True)
class QueueColumn:
    key: str
    header: str
    display: Callable[[QueueRow, int], str]  # (row, now in ms) → the cell's text
    tooltip: Callable[[QueueRow], str | None] = lambda _row: None
    sort: QueueSort | None = None  # None: not sortable
    reverse_sort: bool = False  # ascending in the header is descending in SQL (age: newest first)
    width: int = 120
    stretch: bool = False
    painter: Painter = Painter.TEXT
    badge: Callable[[QueueRow], str | None] = lambda _row: None  # the semantic colour key
    align_right: bool = False
    ticking: bool = False  # its text changes with time alone: repainted by the model's clock
    shown: bool = True  # by default, before the agent chooses


COLUMNS: tuple[QueueColumn, ...] = (
    QueueColumn(
        "network",
        QT_TRANSLATE_NOOP("QueueColumns", "Network"),
        lambda row, _now: row.network.label,
        sort=QueueSort.NETWORK,
        width=84,
        painter=Painter.BADGE,
        badge=lambda row: row.network.value,
    ),
    QueueColumn(
        "account",
        QT_TRANSLATE_NOOP("QueueColumns", "Brand account"),
        lambda row, _now: row.account_handle,
        sort=QueueSort.ACCOUNT,
        width=120,
        shown=False,
    ),
    QueueColumn(
        "author",
        QT_TRANSLATE_NOOP("QueueColumns", "Author"),
        _author,
        tooltip=lambda row: (
            f"{row.author_handle} · {row.author_followers:,} followers"
            + (" · verified" if row.author_verified else "")
        ),
        sort=QueueSort.AUTHOR,
        width=124,
    ),
    QueueColumn(
        "reach",
        QT_TRANSLATE_NOOP("QueueColumns", "Reach"),
        lambda row, _now: _reach(row.author_followers),
        tooltip=lambda row: f"{row.author_followers:,} followers",
        sort=QueueSort.REACH,
        width=64,
        align_right=True,
        shown=False,  # the author's tooltip says it too; room for the mention by default
    ),
    QueueColumn(
        "excerpt",
        QT_TRANSLATE_NOOP("QueueColumns", "Mention"),
        lambda row, _now: excerpt(row.text),
        tooltip=lambda row: excerpt(row.text, 1000),
        width=320,
        stretch=True,
        painter=Painter.EXCERPT,
    ),
    QueueColumn(
        "sentiment",
        QT_TRANSLATE_NOOP("QueueColumns", "Sentiment"),
        lambda row, _now: _tr(row.sentiment.value.capitalize()),
        tooltip=lambda row: f"{row.sentiment.value} ({row.sentiment_score:+.2f})",
        sort=QueueSort.SENTIMENT,
        width=88,
        painter=Painter.BADGE,
        badge=lambda row: row.sentiment.value,
    ),
    QueueColumn(
        "intent",
        QT_TRANSLATE_NOOP("QueueColumns", "Intent"),
        lambda row, _now: _tr(row.intent.capitalize()) if row.intent else "",
        tooltip=lambda row: next((r for r, _points in row.priority_reasons if r.startswith("intent")), None),
        width=108,
        painter=Painter.BADGE,
        badge=lambda row: f"intent-{row.intent}" if row.intent else None,
    ),
    QueueColumn(
        "priority",
        QT_TRANSLATE_NOOP("QueueColumns", "Priority"),
        lambda row, _now: str(row.priority) if not row.from_brand else "",
        tooltip=_reasons,
        sort=QueueSort.PRIORITY,
        width=64,
        align_right=True,
    ),
    QueueColumn(
        "sla",
        QT_TRANSLATE_NOOP("QueueColumns", "SLA"),
        _sla,
        tooltip=_sla_tooltip,
        width=60,
        painter=Painter.BADGE,
        badge=_sla_badge,
        align_right=True,
        ticking=True,
    ),
    QueueColumn(
        "status",
        QT_TRANSLATE_NOOP("QueueColumns", "Status"),
        _status,
        width=72,
        painter=Painter.BADGE,
        badge=lambda row: f"status-{row.case_status.value}" if row.case_status else None,
    ),
    QueueColumn(
        "assignee",
        QT_TRANSLATE_NOOP("QueueColumns", "Assignee"),
        _assignee,
        tooltip=_assignee_tooltip,
        width=96,
    ),
    QueueColumn(
        "language", "Lang", lambda row, _now: row.lang, sort=QueueSort.LANGUAGE, width=56, shown=False
    ),
    QueueColumn(
        "age",
        QT_TRANSLATE_NOOP("QueueColumns", "Age"),
        lambda row, now: format_age(row.created_ms, max(now, row.created_ms)),
        sort=QueueSort.AGE,
        reverse_sort=True,
        width=52,
        align_right=True,
        ticking=True,
    ),
)

BY_KEY = {column.key: column for column in COLUMNS}


def header(column: QueueColumn) -> str:
    return _tr(column.header)
