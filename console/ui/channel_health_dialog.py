"""Reports → Channel health… (supervisors and admins): each brand account's fetching as the hub sees
it now — its state, when it was last fetched, its last error with the reason, failures in a row, the
next poll and what was quarantined in the last day. Read from the hub on open and on Refresh."""

import asyncio

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.services.channel_health import ChannelHealthService, HealthReport, StreamHealth
from console.services.errors import KnownError
from console.ui import accessible
from console.ui import report_text as fmt
from console.ui.style import badge_colors
from console.ui.translation import error_text
from console.ui.tree_report_tables import NUMERIC, table

HEADERS = (
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Account"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Network"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "State"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Last fetch"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Last error"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Failures"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Next poll"),
    QT_TRANSLATE_NOOP("ChannelHealthDialog", "Quarantined 24 h"),
)
STATE, ERROR, FAILURES, QUARANTINED = 2, 4, 5, 7
# The state's colours: the badges' own, so "failing" reads as the queue's negative does.
STATE_BADGES = {
    "ok": "positive",
    "catching up": "status-pending",  # a gap's backfill goes on over the next polls
    "partial": "status-open",  # a stream stopped or backing off alone: the rest is fetched
    "waiting": "status-new",  # just added, its first poll pending: nothing to act on yet
    "late": "status-open",
    "failing": "negative",
    "stopped": "intent-crisis",
    "no credentials": "neutral",
}


def ago(ms: int | None, now: int) -> str:
    return "never" if ms is None else f"{fmt.duration(max(0, now - ms) / 1000)} ago"


def due(ms: int | None, now: int) -> str:
    if ms is None:
        return "—"
    return "now" if ms <= now else f"in {fmt.duration((ms - now) / 1000)}"


class ChannelHealthDialog(QDialog):
    def __init__(self, health: ChannelHealthService, parent: QWidget | None = None):
        super().__init__(parent, objectName="channelHealthDialog")
        self._health = health
        self._task: asyncio.Task | None = None
        self.setWindowTitle(self.tr("Channel health"))
        headers = [self.tr(h) for h in HEADERS]
        self.table = table("channelHealth", headers, (FAILURES, QUARANTINED), stretch=ERROR)
        accessible.name(
            self.table,
            self.tr("Channels"),
            self.tr("Each account's health; an account folds out into its streams"),
        )
        self.table.setRootIsDecorated(True)  # an account folds out into its streams
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._fit_columns()
        self.summary = QLabel(objectName="channelHealthSummary", wordWrap=True)
        self.error = QLabel(objectName="channelHealthError", wordWrap=True, visible=False)
        self.refresh_button = QPushButton(self.tr("&Refresh"), objectName="channelHealthRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.refresh_button)
        bottom.addStretch(1)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self.resize(1080, 420)
        self.refresh()

    def _fit_columns(self) -> None:
        """Every column as wide as its content (or header); the last error takes what is left."""
        for column in range(len(HEADERS)):
            if column != ERROR:
                self.table.resizeColumnToContents(column)
        self.table.header().setStretchLastSection(False)
        self.table.header().setSectionResizeMode(ERROR, QHeaderView.ResizeMode.Stretch)

    def refresh(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
        self.refresh_button.setEnabled(False)
        self._task = asyncio.ensure_future(self._load())

    async def _load(self) -> None:
        try:
            report = await self._health.load()
        except KnownError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.summary.setVisible(self.table.topLevelItemCount() > 0)  # the last report, if any
            return
        finally:
            self.refresh_button.setEnabled(True)
        self.error.hide()
        self.summary.show()
        self.show_report(report)

    @staticmethod
    def _stream_item(stream: StreamHealth, now: int) -> QTreeWidgetItem:
        """A stream under its account: the same columns, for that stream alone."""
        error = stream.last_error or ""
        item = QTreeWidgetItem(
            [
                f"    {stream.name}",
                "",
                stream.state,
                ago(stream.last_success_ms, now),
                error or "—",
                str(stream.failures),
                "stopped" if stream.stopped else due(stream.next_ms, now),
                "",
            ]
        )
        if error:
            item.setToolTip(ERROR, error)
        item.setTextAlignment(FAILURES, NUMERIC)
        return item

    def show_report(self, report: HealthReport) -> None:
        now = report.now_ms
        self.table.setSortingEnabled(False)
        self.table.clear()
        for account in report.accounts:
            error = account.last_error or ""
            if error and account.last_error_ms is not None:
                error = f"{ago(account.last_error_ms, now)}: {error}"
            item = QTreeWidgetItem(
                [
                    f"@{account.handle} ({account.team})",
                    account.network,
                    account.state,
                    ago(account.last_success_ms, now),
                    error or "—",
                    str(account.failures),
                    "stopped" if account.stopped else due(account.next_poll_ms, now),
                    str(account.quarantined_24h),
                ]
            )
            background, foreground = badge_colors(STATE_BADGES.get(account.state, "neutral"))
            item.setBackground(STATE, QBrush(background))
            item.setForeground(STATE, QBrush(foreground))
            if error:
                item.setToolTip(ERROR, error)  # the reason whole; the cell may cut it
            for column in (FAILURES, QUARANTINED):
                item.setTextAlignment(column, NUMERIC)
            for stream in account.streams:
                item.addChild(self._stream_item(stream, now))
            self.table.addTopLevelItem(item)
            item.setExpanded(any(s.state != "ok" for s in account.streams))
        self.table.setSortingEnabled(True)
        self._fit_columns()
        bad = sum(a.state not in ("ok", "waiting", "catching up") for a in report.accounts)
        self.summary.setText(
            self.tr("{n} accounts, {bad} needing attention").format(n=len(report.accounts), bad=bad)
            if report.accounts
            else self.tr("No brand accounts on the hub yet.")
        )
