"""Reports → Case archive…: search every case this desk's cache holds — words in the customers'
messages, the brand's replies and the agents' notes — narrow by date, network, account, agent,
disposition, guidance path and sentiment change, preview a case, replay it or export it, or export
the whole result.

It reads the local cache only, so it works with the hub unreachable (a reviewer on a train).
Replay and the PDF case report belong to other windows: they come in as callables, and their
actions stay disabled, saying why, when none is given.
"""

import asyncio
import html
import itertools
import sys
from collections.abc import Callable
from datetime import UTC, datetime, time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDate, QItemSelectionModel, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from console.domain.archive import (
    NOT_ANSWERED,
    ArchiveCount,
    ArchiveFilters,
    ArchiveRow,
    DateField,
    FilterChoices,
    SentimentChange,
    Snippet,
)
from console.domain.case_detail import CaseDetail
from console.services.archive import Archive, ExportFormat
from console.services.errors import KnownError
from console.ui import accessible
from console.ui import archive_model as columns
from console.ui.archive_model import ArchiveModel
from console.ui.case_thread_html import conversation_html, safe_text, when
from console.ui.translation import error_text

DEBOUNCE_MS = 250  # typing pauses this long before the archive searches
ANY = None
NO_DATE = QDate(2000, 1, 1)  # a date edit at its minimum shows "any"
_WIDTHS = {
    columns.DATE: 120,
    columns.NETWORK: 80,
    columns.ACCOUNT: 120,
    columns.CUSTOMER: 150,
    columns.AGENT: 110,
    columns.DISPOSITION: 110,
    columns.PATH: 190,
    columns.CHANGE: 140,
}


class _DateBound(QDateEdit):
    """A date bound that may be "any". Tab walks the date's sections, then leaves; showing "any" it has
    no sections to walk, and Qt's date edit kept Tab for good (a keyboard trap): then Tab just leaves."""

    def focusNextPrevChild(self, next: bool) -> bool:
        if self.date() == self.minimumDate():
            return QWidget.focusNextPrevChild(self, next)
        return super().focusNextPrevChild(next)


class ArchiveDialog(QDialog):
    def __init__(
        self,
        archive: Archive,
        parent: QWidget | None = None,
        open_replay: Callable[[str], object] | None = None,
        export_report: Callable[[str], object] | None = None,
    ):
        super().__init__(parent, objectName="archiveDialog")
        self._archive = archive
        self._open_replay = open_replay
        self._export_report = export_report
        self._tasks: dict[str, asyncio.Task] = {}
        self.choices = FilterChoices()
        self.count: ArchiveCount | None = None
        self.shown: CaseDetail | None = None
        self._count_due = False
        self.setWindowTitle(self.tr("Case archive"))
        self.model = ArchiveModel(archive, parent=self)
        self._debounce = QTimer(self, singleShot=True, interval=DEBOUNCE_MS, timeout=self.search)
        self._build_ui()
        self.resize(1280, 760)
        self.model.page_loaded.connect(self._on_page)
        self.model.load_failed.connect(
            lambda reason: self._say(self.tr("The archive could not be read: {reason}").format(reason=reason))
        )
        self._run("choices", self._load_choices())
        self.search()

    # --- layout ---------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        tr = self.tr
        self.search_field = QLineEdit(objectName="archiveSearch", clearButtonEnabled=True)
        self.search_field.setPlaceholderText(
            tr("Words in messages, replies and notes (each word as a prefix)")
        )
        accessible.name(
            self.search_field,
            tr("Search the archive"),
            tr("Words in messages, replies and notes (each word as a prefix)"),
        )
        self.search_field.textChanged.connect(lambda _: self._debounce.start())
        self.search_field.returnPressed.connect(self.search)

        self.date_field = QComboBox(objectName="archiveDateField")
        self.date_field.setAccessibleDescription(
            self.tr("Which date of a case the From and To bounds apply to")
        )
        self.date_field.addItem(tr("Opened"), DateField.OPENED.value)
        self.date_field.addItem(tr("Updated"), DateField.UPDATED.value)
        self.date_from, self.date_to = self._date_edit("archiveFrom"), self._date_edit("archiveTo")
        self.network_choice = self._combo("archiveNetwork")
        self.account_choice = self._combo("archiveAccount")
        self.agent_choice = self._combo("archiveAgent")
        self.disposition_choice = self._combo("archiveDisposition")
        self.path_choice = self._combo("archivePath")
        self.sentiment_choice = self._combo("archiveSentiment")
        self.date_from.setAccessibleDescription(self.tr("The first day searched; any for no bound"))
        self.date_to.setAccessibleDescription(self.tr("The last day searched; any for no bound"))
        for change in SentimentChange:
            self.sentiment_choice.addItem(columns.tr(columns.CHANGE_LABELS[change]), change.value)
        self.clear_button = QPushButton(tr("C&lear filters"), objectName="archiveClear")
        self.clear_button.clicked.connect(self.clear_filters)

        filters = QGridLayout()
        row = 0
        for col, (label, widget) in enumerate(
            (
                (tr("&Date:"), self.date_field),
                (tr("&From:"), self.date_from),
                (tr("&To:"), self.date_to),
                (tr("&Network:"), self.network_choice),
                (tr("A&ccount:"), self.account_choice),
            )
        ):
            filters.addWidget(QLabel(label, buddy=widget), row, col * 2)
            filters.addWidget(widget, row, col * 2 + 1)
        for col, (label, widget) in enumerate(
            (
                (tr("A&gent:"), self.agent_choice),
                (tr("D&isposition:"), self.disposition_choice),
                (tr("G&uidance path:"), self.path_choice),
                (tr("Se&ntiment:"), self.sentiment_choice),
            )
        ):
            filters.addWidget(QLabel(label, buddy=widget), 1, col * 2)
            filters.addWidget(widget, 1, col * 2 + 1)
        filters.addWidget(self.clear_button, 1, 9)

        self.table = QTableView(objectName="archiveTable")
        self.table.setModel(self.model)
        accessible.name(self.table, tr("Archived cases"), tr("Enter replays the selected case"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # the arrows walk the rows; Tab goes on to the preview
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in _WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.doubleClicked.connect(lambda _: self.replay())
        self.table.selectionModel().currentRowChanged.connect(
            lambda current, _: self._on_current(current.row())
        )
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(
                QKeySequence(key),
                self.table,
                activated=self.replay,
                context=Qt.ShortcutContext.WidgetShortcut,
            )

        self.preview = QTextBrowser(objectName="archivePreview", openExternalLinks=True)
        self.preview.setPlaceholderText(tr("Select a case to see its messages, replies and notes."))
        accessible.name(
            self.preview, tr("Case preview"), tr("The selected case's messages, replies and notes")
        )
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.table)
        splitter.addWidget(self.preview)
        splitter.setSizes([460, 240])

        self.summary = QLabel(objectName="archiveSummary", wordWrap=True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.export_result_button = QPushButton(tr("&Export result"), objectName="archiveExportResult")
        result_menu = QMenu(self.export_result_button)
        self.export_result_csv = result_menu.addAction(
            tr("As CSV (one row per case)…"), lambda: self.ask_export_result(ExportFormat.CSV)
        )
        self.export_result_json = result_menu.addAction(
            tr("As JSON (whole cases)…"), lambda: self.ask_export_result(ExportFormat.JSON)
        )
        self.export_result_button.setMenu(result_menu)
        self.export_case_button = QPushButton(tr("Export c&ase"), objectName="archiveExportCase")
        case_menu = QMenu(self.export_case_button)
        self.export_case_csv = case_menu.addAction(
            tr("As CSV (its timeline)…"), lambda: self.ask_export_case(ExportFormat.CSV)
        )
        self.export_case_json = case_menu.addAction(
            tr("As JSON (all its rows)…"), lambda: self.ask_export_case(ExportFormat.JSON)
        )
        self.export_case_button.setMenu(case_menu)
        self.replay_button = QPushButton(tr("&Replay…"), objectName="archiveReplay")
        self.replay_button.clicked.connect(self.replay)
        self.report_button = QPushButton(tr("Case re&port (PDF)…"), objectName="archiveReport")
        self.report_button.clicked.connect(self.export_report)
        close = QPushButton(tr("Close"))
        close.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for button in (
            self.export_result_button,
            self.export_case_button,
            self.replay_button,
            self.report_button,
        ):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(close)

        layout = QVBoxLayout(self)
        layout.addWidget(self.search_field)
        layout.addLayout(filters)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(buttons)
        order = [
            self.search_field,
            self.date_field,
            self.date_from,
            self.date_to,
            self.network_choice,
            self.account_choice,
            self.agent_choice,
            self.disposition_choice,
            self.path_choice,
            self.sentiment_choice,
            self.clear_button,
            self.table,
            self.preview,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
        self.search_field.setFocus()
        self._update_actions()

    def _combo(self, name: str) -> QComboBox:
        combo = QComboBox(objectName=name)
        combo.addItem(self.tr("Any"), ANY)
        combo.setAccessibleDescription(self.tr("Shows only the cases with this value; Any shows all"))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(lambda _: self.search())
        return combo

    def _date_edit(self, name: str) -> QDateEdit:
        edit = _DateBound(objectName=name, calendarPopup=True, displayFormat="yyyy-MM-dd")
        edit.setMinimumDate(NO_DATE)
        edit.setSpecialValueText(self.tr("any"))  # shown at the minimum: no bound
        edit.setDate(NO_DATE)
        edit.dateChanged.connect(lambda _: self._debounce.start())
        return edit

    # --- filters --------------------------------------------------------------------------------

    async def _load_choices(self) -> None:
        """Derive the facts of cases changed since the last time, then offer the filters; results
        shown before that derivation are searched again (their agent, path and change columns)."""
        derived = await self._archive.prepare()
        if derived and not self._debounce.isActive():
            self.search()
        self.choices = choices = await self._archive.choices()
        tr = self.tr
        self._refill(self.network_choice, [(n, n) for n in choices.networks])
        self._refill(self.account_choice, list(choices.accounts))
        self._refill(self.agent_choice, [(NOT_ANSWERED, tr("(not answered)")), *choices.agents])
        self._refill(self.disposition_choice, [(d, d) for d in choices.dispositions])
        self._refill(
            self.path_choice, [(NOT_ANSWERED, tr("(no guidance)")), *((p, p) for p in choices.guidance_paths)]
        )

    def _refill(self, combo: QComboBox, items: list[tuple[str, str]]) -> None:
        """New offers, keeping the current choice (a search is not started by the refill)."""
        current = combo.currentData()
        combo.blockSignals(True)
        try:
            while combo.count() > 1:
                combo.removeItem(1)
            for value, label in items:
                combo.addItem(label, value)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current is not None else 0)
        finally:
            combo.blockSignals(False)

    def filters(self) -> ArchiveFilters:
        start, end = self.date_from.date(), self.date_to.date()
        sentiment = self.sentiment_choice.currentData()
        return ArchiveFilters(
            date_field=DateField(self.date_field.currentData()),
            start_ms=None if start == NO_DATE else _day_ms(start),
            end_ms=None if end == NO_DATE else _day_ms(end.addDays(1)),  # the whole last day
            network=self.network_choice.currentData(),
            account_id=self.account_choice.currentData(),
            agent=self.agent_choice.currentData(),
            disposition=self.disposition_choice.currentData(),
            guidance=self.path_choice.currentData(),
            sentiment=None if sentiment is None else SentimentChange(sentiment),
        )

    def clear_filters(self) -> None:
        widgets = (self.date_field, self.network_choice, self.account_choice, self.agent_choice,
                   self.disposition_choice, self.path_choice, self.sentiment_choice)  # fmt: skip
        for widget in (*widgets, self.date_from, self.date_to):
            widget.blockSignals(True)
        try:
            for combo in widgets:
                combo.setCurrentIndex(0)
            self.date_from.setDate(NO_DATE)
            self.date_to.setDate(NO_DATE)
        finally:
            for widget in (*widgets, self.date_from, self.date_to):
                widget.blockSignals(False)
        self.search()

    # --- searching ------------------------------------------------------------------------------

    def search(self) -> None:
        """Search now with the words and filters shown (typing waits for a pause first)."""
        self._debounce.stop()
        self.count = None
        self._count_due = True
        self._say(self.tr("Searching…"))
        self.model.search(self.search_field.text().strip(), self.filters())
        self._cancel("count")

    def _on_page(self, rows: int) -> None:
        if self._count_due:  # the first page of a new search: count it, after it shows
            self._count_due = False
            self._run("count", self._count(self.model.words, self.model.filters))
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectionModel().setCurrentIndex(
                self.model.index(0, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        if not rows:
            self._show(None, None)
        self._update_actions()
        self._say_count()

    async def _count(self, words: str, filters: ArchiveFilters) -> None:
        self.count = await self._archive.count(words, filters)
        self._say_count()

    def _say_count(self) -> None:
        rows = self.model.rowCount()
        if self.count is None:
            text = self.tr("{rows} cases shown; counting…").format(rows=f"{rows:,}")
        elif self.count.cases == 0:
            text = self.tr(
                "No case matches. Try fewer words or filters; the archive holds the cases this desk "
                "has synced."
            )
        elif self.count.exact and self.count.cases == 1:
            text = self.tr("1 case matches.")
        elif self.count.exact:
            text = self.tr("{n} cases match, newest first.").format(n=f"{self.count.cases:,}")
        else:
            text = self.tr("At least {n} cases match, newest first.").format(n=f"{self.count.cases:,}")
        self.summary.setText(text)

    def _say(self, text: str) -> None:
        self.summary.setText(text)

    # --- the selected case ----------------------------------------------------------------------

    def selected(self) -> ArchiveRow | None:
        index = self.table.selectionModel().currentIndex()
        return self.model.row_at(index.row()) if index.isValid() else None

    def _on_current(self, position: int) -> None:
        row = self.model.row_at(position)
        self._update_actions()
        if row is not None:
            self._run("preview", self._load_preview(row))

    async def _load_preview(self, row: ArchiveRow) -> None:
        detail = await self._archive.case(row.case_id)
        self._show(row, detail)

    def _show(self, row: ArchiveRow | None, detail: CaseDetail | None) -> None:
        self.shown = detail
        if row is None:
            self.preview.clear()
            return
        if detail is None:
            self.preview.setHtml(html.escape(self.tr("This case is no longer in the cache.")))
            return
        self.preview.setHtml(preview_html(row, detail))

    def _update_actions(self) -> None:
        row = self.selected()
        has_rows = self.model.rowCount() > 0
        self.export_result_button.setEnabled(has_rows)
        self.export_case_button.setEnabled(row is not None)
        for button, action, missing in (
            (self.replay_button, self._open_replay, self.tr("Replay is not available in this version.")),
            (
                self.report_button,
                self._export_report,
                self.tr("The PDF case report is not available in this version."),
            ),
        ):
            button.setEnabled(action is not None and row is not None)
            button.setToolTip(missing if action is None else "")

    def replay(self) -> None:
        """Enter or a double-click: replay the selected case, where replay is available."""
        row = self.selected()
        if row is not None and self._open_replay is not None:
            self._open_replay(row.case_id)

    def export_report(self) -> None:
        row = self.selected()
        if row is not None and self._export_report is not None:
            self._export_report(row.case_id)

    # --- exports --------------------------------------------------------------------------------

    def ask_export_result(self, form: ExportFormat) -> None:
        path = self._ask_path(self.tr("Export the search result"), f"archive.{form.value}", form)
        if path:
            self.export_result_to(path, form)

    def ask_export_case(self, form: ExportFormat) -> None:
        row = self.selected()
        if row is None:
            return
        path = self._ask_path(self.tr("Export the case"), f"case-{row.case_id}.{form.value}", form)
        if path:
            self.export_case_to(row.case_id, path, form)

    def _ask_path(self, title: str, name: str, form: ExportFormat) -> Path | None:
        kinds = self.tr("CSV files (*.csv)") if form is ExportFormat.CSV else self.tr("JSON files (*.json)")
        path, _ = QFileDialog.getSaveFileName(self, title, name, kinds)
        return Path(path) if path else None

    def export_result_to(self, path: Path, form: ExportFormat) -> asyncio.Task:
        return self._run("export", self._export_result(self.model.words, self.model.filters, path, form))

    def export_case_to(self, case_id: str, path: Path, form: ExportFormat) -> asyncio.Task:
        return self._run("export", self._export_case(case_id, path, form))

    async def _export_result(
        self, words: str, filters: ArchiveFilters, path: Path, form: ExportFormat
    ) -> None:
        self._say(self.tr("Exporting every matching case to {path}…").format(path=path))
        self.export_result_button.setEnabled(False)
        try:
            n = await self._archive.export_result(words, filters, path, form)
            self._say(self.tr("Saved {n} cases to {path}.").format(n=f"{n:,}", path=path))
        finally:
            self._update_actions()

    async def _export_case(self, case_id: str, path: Path, form: ExportFormat) -> None:
        self.export_case_button.setEnabled(False)
        try:
            await self._archive.export_case(case_id, path, form)
            self._say(self.tr("Saved the case to {path}.").format(path=path))
        finally:
            self._update_actions()

    # --- tasks: each kind keeps its latest only ---------------------------------------------------

    def _run(self, kind: str, work) -> asyncio.Task:
        self._cancel(kind)
        self._tasks[kind] = task = asyncio.ensure_future(work)
        task.add_done_callback(self._on_done)
        return task

    def _cancel(self, kind: str) -> None:
        running = self._tasks.pop(kind, None)
        if running is not None and not running.done():
            running.cancel()

    def _on_done(self, task: asyncio.Task) -> None:
        """An expected failure is said in the summary; anything else also goes to the excepthook."""
        if task.cancelled() or task.exception() is None:
            return
        error = task.exception()
        self._say(
            error_text(error)
            if isinstance(error, KnownError)
            else self.tr("The archive failed: {error}").format(error=error)
        )
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)

    def closeEvent(self, event) -> None:
        for task in self._tasks.values():
            task.cancel()
        self.model.shutdown()
        super().closeEvent(event)


def _day_ms(day: QDate) -> int:
    """Local midnight starting ``day``, in epoch milliseconds."""
    local = datetime.combine(day.toPython(), time()).astimezone()
    return int(local.astimezone(UTC).timestamp() * 1000)


def marked_html(snippet: Snippet) -> str:
    """The snippet with its matched words in bold, every piece escaped."""
    parts, last = [], 0
    for start, end in snippet.marks:
        parts.append(html.escape(snippet.text[last:start]))
        parts.append(f"<b>{html.escape(snippet.text[start:end])}</b>")
        last = end
    parts.append(html.escape(snippet.text[last:]))
    return "".join(parts)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ArchiveDialog", text)


def preview_html(row: ArchiveRow, detail: CaseDetail) -> str:
    """What matched, the case in a line, its conversation, then its notes and timeline."""
    h = detail.header
    facts = [
        f"<b>{html.escape(h.account_handle)}</b> · {html.escape(h.network.value)} · "
        f"{html.escape(h.status.value)}",
        html.escape(_tr("opened {when}").format(when=when(h.opened_ms))),
    ]
    if row.agent:
        facts.append(html.escape(_tr("answered by {agent}").format(agent=row.agent)))
    if row.disposition:
        facts.append(html.escape(_tr("resolved as {d}").format(d=row.disposition)))
    if row.guidance:
        facts.append(html.escape(_tr("guidance: {path}").format(path=row.guidance)))
    parts = [f"<p>{' · '.join(facts)}</p>"]
    if row.snippet is not None and row.snippet.marks:
        source = columns.tr(columns.SOURCE_LABELS[row.snippet.source.value])
        parts.append(
            f"<p><i>{html.escape(_tr('Matched in a {source}:').format(source=source))}</i> "
            f"{marked_html(row.snippet)}</p>"
        )
    body = conversation_html(detail.context, detail.conversation, lambda n: f"{n:,}")
    parts.append(body.removeprefix("<html>").removesuffix("</html>"))
    parts.append(f"<h4>{html.escape(_tr('Timeline'))}</h4><table cellspacing='0' cellpadding='2'>")
    for entry in detail.timeline:
        parts.append(
            f"<tr><td style='white-space:nowrap; padding-right:12px'>{html.escape(when(entry.at_ms))}</td>"
            f"<td>{safe_text(entry.sentence)}</td></tr>"
        )
    parts.append("</table>")
    return "<html>" + "".join(parts) + "</html>"


__all__ = ["ArchiveDialog", "marked_html", "preview_html"]
