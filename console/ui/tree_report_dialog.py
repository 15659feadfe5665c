"""Guidance → Tree report…: how the sessions of one decision tree went — the paths agents took and how
they ended, where sessions stopped, how long each step took, which suggestions were overridden, how
the customer's sentiment moved — for all versions or one, and two versions side by side (A/B).

Everything comes from the session logs synced into this desk's cache, so the report covers the
cases this desk holds (a supervisor's desk: their teams' cases)."""

import asyncio
import sys
from collections.abc import Awaitable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.guidance.report import TreeReport
from console.services.errors import KnownError
from console.services.tree_report import LoadedTree, TreeReports
from console.ui import accessible
from console.ui import report_text as fmt
from console.ui.tree_report_tables import (
    COMPARE_HEADERS,
    NODE_HEADERS,
    PATH_HEADERS,
    SUGGESTION_HEADERS,
    fill_comparison,
    fill_nodes,
    fill_paths,
    fill_suggestions,
    table,
)

ALL = -1  # the version choice that means every version


class TreeReportDialog(QDialog):
    def __init__(self, reports: TreeReports, parent: QWidget | None = None):
        super().__init__(parent, objectName="treeReportDialog")
        self._reports = reports
        self._loaded: LoadedTree | None = None
        self._tasks: dict[str, asyncio.Task] = {}
        self.setWindowTitle(self.tr("Tree report"))
        self._build_ui()
        self.resize(980, 560)
        self.refresh()

    def _build_ui(self) -> None:
        self.tree_choice = QComboBox(objectName="reportTree")
        self.tree_choice.setAccessibleDescription(self.tr("The guidance tree the report is about"))
        self.tree_choice.setAccessibleName(self.tr("Decision tree"))
        self.version_choice = QComboBox(objectName="reportVersion")
        self.version_choice.setAccessibleDescription(self.tr("All versions of the tree, or one"))
        self.version_choice.setAccessibleName(self.tr("Versions counted"))
        choices = QHBoxLayout()
        choices.addWidget(QLabel(self.tr("&Tree:"), buddy=self.tree_choice))
        choices.addWidget(self.tree_choice, 2)
        choices.addSpacing(12)
        choices.addWidget(QLabel(self.tr("&Versions:"), buddy=self.version_choice))
        choices.addWidget(self.version_choice, 1)
        self.summary = QLabel(objectName="reportSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        tr = self.tr
        self.paths = table("reportPaths", [tr(h) for h in PATH_HEADERS], (1, 2, 4, 5, 6), stretch=0)
        self.nodes = table("reportNodes", [tr(h) for h in NODE_HEADERS], range(1, 5), stretch=0)
        self.suggestions = table("reportSuggestions", [tr(h) for h in SUGGESTION_HEADERS], range(2, 6))
        accessible.name(
            self.paths, tr("Paths taken"), tr("Each path through the tree with its sessions and outcomes")
        )
        accessible.name(self.nodes, tr("Nodes"), tr("Each node with how often it was reached and left"))
        accessible.name(
            self.suggestions, tr("Suggestions"), tr("Suggested changes to the tree from its sessions")
        )
        self.tabs = QTabWidget(objectName="reportTabs")
        accessible.name(self.tabs, tr("Report pages"))
        self.tabs.addTab(self.paths, tr("&Paths"))
        self.tabs.addTab(self.nodes, tr("&Nodes"))
        self.tabs.addTab(self.suggestions, tr("&Suggestions"))
        self.tabs.addTab(self._build_ab(), tr("&A/B"))

        self.empty = QLabel(objectName="reportEmpty", wordWrap=True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.empty)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        refresh = QPushButton(self.tr("&Refresh"))
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        refresh.clicked.connect(self.refresh)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(choices)
        layout.addWidget(self.summary)
        layout.addWidget(self.pages, 1)
        layout.addWidget(buttons)
        self.tree_choice.currentIndexChanged.connect(lambda _: self._run("load", self._load_tree()))
        self.version_choice.currentIndexChanged.connect(lambda _: self._count())

    def _build_ab(self) -> QWidget:
        page = QWidget(objectName="reportAb")
        self.version_a = QComboBox(objectName="reportVersionA")
        self.version_b = QComboBox(objectName="reportVersionB")
        accessible.name(self.version_a, self.tr("Version A"), self.tr("The version compared"))
        accessible.name(self.version_b, self.tr("Version B"), self.tr("The version it is compared against"))
        for choice in (self.version_a, self.version_b):
            choice.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        pick = QFormLayout()
        row = QHBoxLayout()
        row.addWidget(self.version_a)
        row.addWidget(QLabel(self.tr("against")))
        row.addWidget(self.version_b)
        row.addStretch(1)
        pick.addRow(self.tr("Compare version"), row)
        self.ab_note = QLabel(objectName="reportAbNote", wordWrap=True)
        self.comparison = table(
            "reportComparison", [self.tr(h) for h in COMPARE_HEADERS], range(1, 4), sortable=False
        )
        headers = [self.tr("Path"), self.tr("Sessions in A"), self.tr("Sessions in B")]
        self.comparison_paths = table("reportComparisonPaths", headers, range(1, 3), stretch=0)
        accessible.name(self.comparison, self.tr("Comparison"), self.tr("Each measure in version A and B"))
        accessible.name(
            self.comparison_paths, self.tr("Paths compared"), self.tr("Each path's sessions in A and in B")
        )
        layout = QVBoxLayout(page)
        layout.addLayout(pick)
        layout.addWidget(self.ab_note)
        layout.addWidget(self.comparison, 3)
        layout.addWidget(self.comparison_paths, 2)
        self.version_a.currentIndexChanged.connect(lambda _: self._compare())
        self.version_b.currentIndexChanged.connect(lambda _: self._compare())
        return page

    # Loading: each kind of work keeps its latest task only.

    def _run(self, kind: str, work: Awaitable[None]) -> None:
        running = self._tasks.get(kind)
        if running is not None and not running.done():
            running.cancel()  # latest wins
        self._tasks[kind] = task = asyncio.ensure_future(work)
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Task) -> None:
        """An expected failure (the cache closed or unreadable) is said where the numbers would be;
        anything else also goes to the excepthook, like every slot's."""
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        self.summary.setText(self.tr("The report could not be read: {error}").format(error=error))
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)

    def refresh(self) -> None:
        """Read the trees and the chosen tree's sessions again."""
        self._run("trees", self._load_trees())

    async def _load_trees(self) -> None:
        trees = await self._reports.trees()
        chosen = self.tree_choice.currentData()
        with QSignalBlocker(self.tree_choice):
            self.tree_choice.clear()
            for seen in trees:
                label = f"{seen.tree} ({fmt.sessions(seen.sessions)})"
                self.tree_choice.addItem(label, seen.tree)
            place = self.tree_choice.findData(chosen)
            self.tree_choice.setCurrentIndex(max(place, 0) if trees else -1)
        if not trees:
            self._loaded = None
            self._show_empty(
                self.tr(
                    "No guidance sessions recorded yet.\n\nRun a decision tree on a case from the guidance "
                    "panel; once its steps have synced, its sessions are counted here."
                )
            )
            return
        await self._load_tree()

    async def _load_tree(self) -> None:
        tree = self.tree_choice.currentData()
        if tree is None:
            return
        self.summary.setText(self.tr("Reading the sessions of {tree}…").format(tree=tree))
        self._loaded = loaded = await self._reports.load(tree)
        chosen = self.version_choice.currentData()
        choices = (self.version_choice, self.version_a, self.version_b)
        with QSignalBlocker(choices[0]), QSignalBlocker(choices[1]), QSignalBlocker(choices[2]):
            self.version_choice.clear()
            self.version_choice.addItem(self.tr("All versions"), ALL)
            self.version_a.clear()
            self.version_b.clear()
            for version, count in loaded.versions:
                label = f"v{version} ({fmt.sessions(count)})"
                self.version_choice.addItem(label, version)
                self.version_a.addItem(label, version)
                self.version_b.addItem(label, version)
            self.version_choice.setCurrentIndex(max(self.version_choice.findData(chosen), 0))
            # A/B: by default the newest version against the one before it.
            self.version_a.setCurrentIndex(max(len(loaded.versions) - 2, 0))
            self.version_b.setCurrentIndex(len(loaded.versions) - 1)
        self._count()
        self._compare()

    def _count(self) -> None:
        if self._loaded is not None:
            version = self.version_choice.currentData()
            self._run("count", self._show_report(self._loaded, None if version in (None, ALL) else [version]))

    def _compare(self) -> None:
        if self._loaded is not None:
            self._run("compare", self._show_comparison(self._loaded))

    async def _show_report(self, loaded: LoadedTree, versions: list[int] | None) -> None:
        report = await self._reports.report(loaded, versions)
        if report.empty:
            self._show_empty(
                self.tr(
                    "No guidance sessions recorded for this tree yet.\n\nSessions are counted here once "
                    "agents run this tree on cases and their steps have synced."
                )
            )
            return
        self.pages.setCurrentWidget(self.tabs)
        self.summary.setText(self._summary(report, loaded.unreadable + report.unreadable))
        fill_paths(self.paths, report)
        fill_nodes(self.nodes, report)
        fill_suggestions(self.suggestions, report)

    async def _show_comparison(self, loaded: LoadedTree) -> None:
        a, b = self.version_a.currentData(), self.version_b.currentData()
        self.comparison.clear()
        self.comparison_paths.clear()
        if len(loaded.versions) < 2:
            self.ab_note.setText(
                self.tr(
                    "Only one version of this tree has sessions. Publish a second version and run both "
                    "side by side (cases are split between them) to compare them here."
                )
            )
            return
        if a is None or b is None or a == b:
            self.ab_note.setText(self.tr("Choose two different versions to compare."))
            return
        comparison = await self._reports.compare(loaded, a, b)
        if comparison.window is None:
            when = self.tr("These versions never ran at the same time, so this compares two periods as well.")
        else:
            start, end = (moment.astimezone().strftime("%d %b %H:%M") for moment in comparison.window)
            when = self.tr("Sessions started while both ran: {start} – {end}.").format(start=start, end=end)
        self.ab_note.setText(
            self.tr(
                "A is v{a}, B is v{b}. {when} Each rate shows its count; a p-value (two-proportion "
                "z-test) appears only where both sides have enough sessions, and one small p among "
                "many measures can still be chance."
            ).format(a=a, b=b, when=when)
        )
        fill_comparison(self.comparison, self.comparison_paths, comparison)

    def _summary(self, report: TreeReport, unreadable: int) -> str:
        versions = ", ".join(f"v{v}" for v in report.versions)
        parts = [
            f"{fmt.sessions(report.sessions)} ({versions})",
            self.tr("{rate} reached an end").format(rate=fmt.percent(report.end_rate)),
            self.tr("{rate} escalated").format(rate=fmt.percent(report.escalation_rate)),
        ]
        if report.override_rate is not None:
            answered = report.accepted + report.overridden
            parts.append(
                self.tr("{rate} of {n} suggestions overridden").format(
                    rate=fmt.percent(report.override_rate), n=answered
                )
            )
        if report.sentiment.n:
            parts.append(
                self.tr("sentiment change {change} (n={n})").format(
                    change=fmt.sentiment(report.sentiment.mean), n=report.sentiment.n
                )
            )
        parts.append(self.tr("median session {time}").format(time=fmt.duration(report.duration.median)))
        if report.in_progress:
            parts.append(self.tr("{n} still in progress, not counted").format(n=report.in_progress))
        if unreadable:
            parts.append(self.tr("{n} unreadable records left out").format(n=unreadable))
        return " · ".join(parts)

    def _show_empty(self, text: str) -> None:
        self.summary.clear()
        self.empty.setText(text)
        self.pages.setCurrentWidget(self.empty)

    def closeEvent(self, event) -> None:
        for task in self._tasks.values():
            task.cancel()
        super().closeEvent(event)
