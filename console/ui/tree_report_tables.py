"""The tree report's tables: paths, nodes, suggestions, and the A/B comparison. Small, fully loaded
lists (a tree has tens of nodes and paths), so plain QTreeWidgets filled at once. They open in the
report's order (most taken path first, nodes in the order paths reach them); a header click sorts
by the figure itself, not its text ("1 m 5 s" after "50 s")."""

import math
from collections.abc import Sequence

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from console.guidance.report import TreeReport
from console.guidance.report_compare import Compared, Comparison, Measure
from console.ui import report_text as fmt

NUMERIC = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
SortKeyRole = Qt.ItemDataRole.UserRole + 1
Cell = str | tuple[str, float | None]  # text, or text and the number it sorts by (None: lowest)


class _Row(QTreeWidgetItem):
    def __lt__(self, other: QTreeWidgetItem) -> bool:
        column = self.treeWidget().sortColumn() if self.treeWidget() else 0
        mine, theirs = self.data(column, SortKeyRole), other.data(column, SortKeyRole)
        if mine is None and theirs is None:
            return self.text(column).casefold() < other.text(column).casefold()
        return (mine if mine is not None else -math.inf) < (theirs if theirs is not None else -math.inf)


def _tr(text: str) -> str:
    return QCoreApplication.translate("tree_report", text)


def table(
    object_name: str, headers: Sequence[str], numeric: Sequence[int], stretch: int = -1, sortable: bool = True
) -> QTreeWidget:
    """A read-only list; column ``stretch`` (default: the last) takes the width left over."""
    view = QTreeWidget(objectName=object_name)
    view.setProperty("sortable", sortable)
    view.header().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the report's own order first
    view.setSortingEnabled(sortable)
    view.setHeaderLabels(list(headers))
    view.setRootIsDecorated(False)
    view.setUniformRowHeights(True)
    view.setAlternatingRowColors(True)
    view.setProperty("numeric", list(numeric))
    for column in numeric:
        view.headerItem().setTextAlignment(column, NUMERIC)
    view.header().setStretchLastSection(stretch == -1)
    # A path keeps its first steps and its end in view; the tooltip has it whole.
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
    view.setProperty("stretch", stretch)
    return view


def _fill(view: QTreeWidget, rows: Sequence[Sequence[Cell]], tips: Sequence[str | None] = ()) -> None:
    # Sorting off while filling: with no sort column, a sorted insert reverses the rows.
    view.setSortingEnabled(False)
    view.clear()
    numeric = view.property("numeric") or []
    items = []
    for number, row in enumerate(rows):
        item = _Row([cell if isinstance(cell, str) else cell[0] for cell in row])
        for column, cell in enumerate(row):
            if not isinstance(cell, str) and cell[1] is not None:
                item.setData(column, SortKeyRole, float(cell[1]))
        for column in numeric:
            item.setTextAlignment(column, NUMERIC)
        tip = tips[number] if number < len(tips) else None
        if tip:
            item.setToolTip(0, tip)
        items.append(item)
    view.addTopLevelItems(items)
    view.setSortingEnabled(bool(view.property("sortable")))  # keeps a sort the reader chose
    stretch = view.property("stretch")
    for column in range(view.columnCount()):
        if column not in (stretch, view.columnCount() - 1):
            view.resizeColumnToContents(column)
    if stretch is not None and stretch >= 0:
        view.header().setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        view.resizeColumnToContents(view.columnCount() - 1)


PATH_HEADERS = (
    QT_TRANSLATE_NOOP("TreeReportDialog", "Path"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Sessions"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Share"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Outcome"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Escalated"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Sentiment change"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Median time"),
)


def fill_paths(view: QTreeWidget, report: TreeReport) -> None:
    rows = [
        (
            fmt.path(p.path),
            (str(p.sessions), p.sessions),
            (fmt.percent(p.share), p.share),
            fmt.outcomes(p.outcomes, p.sessions),
            (fmt.percent(p.escalation_rate), p.escalation_rate),
            (
                fmt.with_n(fmt.sentiment(p.sentiment.mean), p.sentiment.n) if p.sentiment.n else "—",
                p.sentiment.mean,
            ),
            (fmt.duration(p.duration.median), p.duration.median),
        )
        for p in report.paths
    ]
    _fill(view, rows, [fmt.path(p.path) for p in report.paths])


NODE_HEADERS = (
    QT_TRANSLATE_NOOP("TreeReportDialog", "Node"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Reached"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Stopped here"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Drop-off"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Median time"),
)


def fill_nodes(view: QTreeWidget, report: TreeReport) -> None:
    rows = [
        (
            n.node,
            (str(n.reached), n.reached),
            (str(n.stopped), n.stopped),
            (fmt.percent(n.drop_off) if n.reached else "—", n.drop_off if n.reached else None),
            (fmt.with_n(fmt.duration(n.time.median), n.time.n) if n.time.n else "—", n.time.median),
        )
        for n in report.nodes
    ]
    _fill(view, rows)


SUGGESTION_HEADERS = (
    QT_TRANSLATE_NOOP("TreeReportDialog", "Node"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Suggested"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Shown"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Accepted"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Overridden"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Override rate"),
    QT_TRANSLATE_NOOP("TreeReportDialog", "Chosen instead"),
)


def fill_suggestions(view: QTreeWidget, report: TreeReport) -> None:
    rows = [
        (
            s.node,
            s.option,
            (str(s.shown), s.shown),
            (str(s.accepted), s.accepted),
            (str(s.overridden), s.overridden),
            (fmt.percent(s.override_rate), s.override_rate),
            " · ".join(f"{option} ({count})" for option, count in s.instead),
        )
        for s in report.suggestions
    ]
    _fill(view, rows)


COMPARE_HEADERS = (
    QT_TRANSLATE_NOOP("TreeReportDialog", "Measure"),
    "A",
    "B",
    "B − A",
    QT_TRANSLATE_NOOP("TreeReportDialog", "Could it be chance?"),
)
_KINDS = {
    Measure.SESSIONS: "count",
    Measure.END_RATE: "rate",
    Measure.ESCALATION_RATE: "rate",
    Measure.OVERRIDE_RATE: "rate",
    Measure.OUTCOME: "rate",
    Measure.DURATION: "duration",
    Measure.SENTIMENT: "sentiment",
}


def _measure_name(row: Compared) -> str:
    return {
        Measure.SESSIONS: _tr("Sessions"),
        Measure.END_RATE: _tr("Reached an end"),
        Measure.ESCALATION_RATE: _tr("Escalated"),
        Measure.OVERRIDE_RATE: _tr("Suggestions overridden"),
        Measure.DURATION: _tr("Median session time"),
        Measure.SENTIMENT: _tr("Mean sentiment change"),
        Measure.OUTCOME: _tr("Ended {disposition}").format(disposition=row.label),
    }[row.measure]


def _side(row: Compared, side) -> str:
    kind = _KINDS[row.measure]
    if kind == "count":
        return str(side.n)
    if kind == "rate":
        if not side.n:
            return "—"
        return f"{fmt.percent(side.value)} ({side.count}/{side.n})"
    text = fmt.duration(side.value) if kind == "duration" else fmt.sentiment(side.value)
    return fmt.with_n(text, side.n) if side.n else "—"


def fill_comparison(view: QTreeWidget, paths: QTreeWidget, comparison: Comparison) -> None:
    rows = [
        (
            _measure_name(row),
            _side(row, row.a),
            _side(row, row.b),
            fmt.difference(row.difference, _KINDS[row.measure]),
            fmt.p_value(row.p_value, row.testable),
        )
        for row in comparison.measures
    ]
    _fill(view, rows)
    total_a, total_b = comparison.a.sessions, comparison.b.sessions
    _fill(
        paths,
        [
            (
                fmt.path(p.path),
                (f"{p.a} ({fmt.percent(p.a / total_a if total_a else None)})", p.a),
                (f"{p.b} ({fmt.percent(p.b / total_b if total_b else None)})", p.b),
            )
            for p in comparison.paths
        ],
        [fmt.path(p.path) for p in comparison.paths],
    )
