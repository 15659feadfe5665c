"""Reports → Analytics…: response rate, first-response and resolution times, reopen rate and
sentiment change for the cases created in a period — per network, brand account, team, agent,
guidance path, day or week — with the counts each figure stands on, one measure over time as a
chart, each measure's definition, and the table as CSV.

Everything comes from this desk's cache, so it works offline; counting runs on the cache's reader
thread and the CSV is written off the Qt thread."""

import asyncio
import sys
from collections.abc import Awaitable
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.measures import (
    DEFINITIONS,
    GROUP_DEFINITIONS,
    MEASURES,
    PERIOD_DEFINITION,
    TITLES,
    GroupBy,
    GroupMeasures,
    Measure,
)
from console.services.analytics import Analytics, AnalyticsReport
from console.services.errors import KnownError
from console.ui import accessible
from console.ui import report_text as fmt
from console.ui.measure_chart import MeasureChart, Point
from console.ui.translation import shown
from console.ui.tree_report_tables import NUMERIC, table

PERIODS = (
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Last 7 days"), 7),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Last 30 days"), 30),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Last 90 days"), 90),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Last 365 days"), 365),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "All time"), None),
)
GROUPS = (
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Network"), GroupBy.NETWORK),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Brand account"), GroupBy.ACCOUNT),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Team"), GroupBy.TEAM),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Agent (first reply)"), GroupBy.AGENT),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Guidance path"), GroupBy.GUIDANCE),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Day"), GroupBy.DAY),
    (QT_TRANSLATE_NOOP("AnalyticsDialog", "Week"), GroupBy.WEEK),
)
HEADERS = (
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Group"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Cases"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Excluded"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Response\nrate"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "First response\nmedian"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "First response\np90"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Resolution\nmedian"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Resolution\np90"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Reopen\nrate"),
    QT_TRANSLATE_NOOP("AnalyticsDialog", "Sentiment\nchange"),
)


class AnalyticsDialog(QDialog):
    def __init__(self, analytics: Analytics, parent: QWidget | None = None):
        super().__init__(parent, objectName="analyticsDialog")
        self._analytics = analytics
        self._tasks: dict[str, asyncio.Task] = {}
        self.report: AnalyticsReport | None = None
        self.setWindowTitle(self.tr("Analytics"))
        self._build_ui()
        self.resize(1100, 640)
        self.refresh()

    def _build_ui(self) -> None:
        tr = self.tr
        self.period_choice = QComboBox(objectName="analyticsPeriod")
        self.period_choice.setAccessibleDescription(self.tr("The days the measures cover"))
        for label, days in PERIODS:
            self.period_choice.addItem(tr(label), days)
        self.period_choice.setCurrentIndex(1)
        self.group_choice = QComboBox(objectName="analyticsGroup")
        self.group_choice.setAccessibleDescription(self.tr("What the table's rows are"))
        for label, group in GROUPS:
            self.group_choice.addItem(tr(label), group)
        self.measure_choice = QComboBox(objectName="analyticsMeasure")
        self.measure_choice.setAccessibleDescription(self.tr("The measure the chart shows over time"))
        for measure in Measure:
            self.measure_choice.addItem(shown(MEASURES, TITLES[measure]), measure)
        self.step_choice = QComboBox(objectName="analyticsStep")
        accessible.name(
            self.step_choice, tr("Chart step"), tr("How the chart groups the period: by day or by week")
        )
        self.step_choice.addItem(tr("by day"), GroupBy.DAY)
        self.step_choice.addItem(tr("by week"), GroupBy.WEEK)
        choices = QHBoxLayout()
        choices.addWidget(QLabel(tr("&Period:"), buddy=self.period_choice))
        choices.addWidget(self.period_choice)
        choices.addSpacing(12)
        choices.addWidget(QLabel(tr("&Group by:"), buddy=self.group_choice))
        choices.addWidget(self.group_choice)
        choices.addStretch(1)
        self.summary = QLabel(objectName="analyticsSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = table("analyticsTable", [tr(h) for h in HEADERS], range(1, len(HEADERS)), stretch=0)
        accessible.name(self.table, tr("Measures"), tr("Each measure for each group in the period"))
        self.table.setSortingEnabled(False)  # the report's order: biggest groups, or time, first
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        chart_choices = QHBoxLayout()
        chart_choices.addWidget(QLabel(tr("&Chart:"), buddy=self.measure_choice))
        chart_choices.addWidget(self.measure_choice)
        chart_choices.addWidget(self.step_choice)
        chart_choices.addStretch(1)
        self.chart = MeasureChart()

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.definitions_button = QPushButton(tr("&Definitions"))
        self.export_button = QPushButton(tr("&Export CSV…"))
        refresh = QPushButton(tr("&Refresh"))
        for button in (self.definitions_button, self.export_button, refresh):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        self.definitions_button.clicked.connect(self.show_definitions)
        self.export_button.clicked.connect(self.ask_export)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 3)
        layout.addLayout(chart_choices)
        layout.addWidget(self.chart, 2)
        layout.addWidget(buttons)
        self.period_choice.currentIndexChanged.connect(lambda _: self.refresh())
        self.group_choice.currentIndexChanged.connect(lambda _: self._run("report", self._load_report()))
        self.measure_choice.currentIndexChanged.connect(lambda _: self._run("chart", self._load_chart()))
        self.step_choice.currentIndexChanged.connect(lambda _: self._run("chart", self._load_chart()))

    # Work: each kind keeps its latest task only (latest wins).

    def _run(self, kind: str, work: Awaitable[None]) -> None:
        running = self._tasks.get(kind)
        if running is not None and not running.done():
            running.cancel()
        self._tasks[kind] = task = asyncio.ensure_future(work)
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Task) -> None:
        """An expected failure is said in the summary; anything else also goes to the excepthook."""
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        self.summary.setText(self.tr("The analytics could not be read: {error}").format(error=error))
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)

    def refresh(self) -> None:
        self._run("report", self._load_report())
        self._run("chart", self._load_chart())

    def _period(self):
        return self._analytics.period(self.period_choice.currentData())

    async def _load_report(self) -> None:
        self.summary.setText(self.tr("Counting… (cases changed since the last count are read first)"))
        self.report = report = await self._analytics.report(
            GroupBy(self.group_choice.currentData()), self._period()
        )
        self._fill(report)

    async def _load_chart(self) -> None:
        # Qt hands enum data back as plain strings.
        measure, step = Measure(self.measure_choice.currentData()), GroupBy(self.step_choice.currentData())
        groups = await self._analytics.over_time(measure, step, self._period())
        points = [Point(g.label, g.value(measure), g.n(measure), _headline(g, measure)) for g in groups]
        title = self.tr("{measure} {step}").format(
            measure=self.measure_choice.currentText(), step=self.step_choice.currentText()
        )
        if measure in (Measure.FIRST_RESPONSE, Measure.RESOLUTION):
            title += self.tr(" (median)")
        self.chart.show_points(title, points)

    def _fill(self, report: AnalyticsReport) -> None:
        self.table.clear()
        if report.empty:
            self.summary.setText(
                self.tr(
                    "No cases were created in this period. Choose a longer period, or wait for the cache "
                    "to sync: the analytics count the cases this desk holds."
                )
            )
            self.export_button.setEnabled(False)
            return
        self.export_button.setEnabled(True)
        for row in report.groups:
            self.table.addTopLevelItem(self._item(row))
        total = self._item(report.total)
        bold = QFont(total.font(0))
        bold.setBold(True)
        for column in range(len(HEADERS)):
            total.setFont(column, bold)
        self.table.addTopLevelItem(total)
        for column in range(1, len(HEADERS)):
            self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(0, max(160, min(self.table.sizeHintForColumn(0) + 12, 300)))
        t = report.total
        self.summary.setText(
            self.tr(
                "{cases} cases created in the period ({excluded} excluded as spam or duplicates) · "
                "{answered} answered · {resolved} resolved now. Each figure shows the number of cases it "
                "stands on (n); see Definitions."
            ).format(
                cases=f"{t.cases:,}",
                excluded=f"{t.excluded:,}",
                answered=f"{t.answered:,}",
                resolved=f"{t.resolution.n:,}",
            )
        )

    def _item(self, g: GroupMeasures) -> QTreeWidgetItem:
        cells = [
            g.label,
            f"{g.cases:,}",
            f"{g.excluded:,}",
            fmt.with_n(fmt.percent(g.response_rate), g.cases),
            fmt.with_n(_duration(g.first_response.median_ms), g.first_response.n),
            _duration(g.first_response.p90_ms),
            fmt.with_n(_duration(g.resolution.median_ms), g.resolution.n),
            _duration(g.resolution.p90_ms),
            fmt.with_n(fmt.percent(g.reopen_rate), g.resolved_ever),
            fmt.with_n(fmt.sentiment(g.sentiment_change), g.sentiment_n),
        ]
        item = QTreeWidgetItem(cells)
        item.setToolTip(0, g.label)
        for column in range(1, len(cells)):
            item.setTextAlignment(column, NUMERIC)
        return item

    def show_definitions(self) -> QDialog:
        """Each measure's definition, the groupings and the period, as the README has them."""
        dialog = QDialog(self, objectName="analyticsDefinitions")
        dialog.setWindowTitle(self.tr("Analytics: definitions"))
        text = QTextBrowser(objectName="analyticsDefinitionsText")
        text.setHtml(definitions_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(640, 560)
        dialog.show()
        return dialog

    def ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export analytics as CSV"), "analytics.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_to(Path(path))

    def export_to(self, path: Path) -> None:
        if self.report is not None:
            self._run("export", self._export(self.report, path))

    async def _export(self, report: AnalyticsReport, path: Path) -> None:
        self.export_button.setEnabled(False)
        try:
            await self._analytics.export_csv(report, path)
            self.summary.setText(
                self.tr("Saved {rows} rows to {path}.").format(rows=len(report.groups) + 1, path=path)
            )
        finally:
            self.export_button.setEnabled(True)

    def closeEvent(self, event) -> None:
        for task in self._tasks.values():
            task.cancel()
        super().closeEvent(event)


def _duration(ms: float | None) -> str:
    return fmt.duration(None if ms is None else ms / 1000)


def _headline(g: GroupMeasures, measure: Measure) -> str:
    value = g.value(measure)
    if measure in (Measure.RESPONSE_RATE, Measure.REOPEN_RATE):
        return fmt.percent(value)
    if measure is Measure.SENTIMENT_CHANGE:
        return fmt.sentiment(value)
    return fmt.duration(value)


def definitions_html() -> str:
    def tr(text: str) -> str:
        return QCoreApplication.translate("AnalyticsDialog", text)

    parts = [f"<h3>{tr('Measures')}</h3>"]
    for measure in Measure:
        parts.append(
            f"<p><b>{shown(MEASURES, TITLES[measure])}</b>: {shown(MEASURES, DEFINITIONS[measure])}</p>"
        )
    parts.append(f"<h3>{tr('Groups')}</h3>")
    for label, group in GROUPS:
        parts.append(f"<p><b>{tr(label)}</b>: {shown(MEASURES, GROUP_DEFINITIONS[group])}</p>")
    period = tr("Times are accurate to 2% (see the README).")
    parts.append(f"<h3>{tr('Period')}</h3><p>{shown(MEASURES, PERIOD_DEFINITION)} {period}</p>")
    return "".join(parts)
