"""File → Keep offline…: pick a date range, see how many cases it holds, download them into the cache.

Whole cases whose activity overlaps the range are stored, page by page, with a progress bar; Cancel
stops between pages and keeps what came, and Download on the same range goes on from there. The
ranges held offline are listed below, finished or not.
"""

import asyncio
from datetime import datetime

from PySide6.QtCore import QDate, QDateTime, QTime
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.kept import DAY_MS, KeepProgress, KeptRange
from console.services.errors import KnownError
from console.services.keep_offline import KeepOffline
from console.ui.translation import error_text

DEFAULT_SPAN_DAYS = 30  # the range first offered: the month before the horizon (or before today)


def _ms(date: QDate) -> int:
    """The start of ``date`` in local time, as the pickers show it."""
    return QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch()


def _day(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000).strftime("%d %b %Y")


class KeepOfflineDialog(QDialog):
    def __init__(self, keep: KeepOffline, parent: QWidget | None = None):
        super().__init__(parent, objectName="keepOfflineDialog")
        self._keep = keep
        self._estimate_task: asyncio.Task | None = None
        self._download_task: asyncio.Task | None = None
        self._kept_task: asyncio.Task | None = None
        self._cancel = False
        self._shut = False  # the app is closing: nothing new starts
        self.setWindowTitle(self.tr("Keep offline"))
        self._build_ui()
        self.resize(560, 420)
        self._estimate()
        self._show_kept()

    def _build_ui(self) -> None:
        days = self._keep.horizon_days
        if days is None:
            intro = self.tr(
                "This workstation syncs the whole history already. "
                "Downloading a range refreshes what it holds."
            )
        else:
            intro = self.tr(
                "This workstation syncs unresolved cases and those active in the last {days} days. "
                "Download older cases here to have them while the hub cannot be reached."
            ).format(days=days)
        self.intro = QLabel(intro, objectName="keepOfflineIntro", wordWrap=True)
        today = QDate.currentDate()
        newest = today.addDays(-(days or 0))
        self.from_date = QDateEdit(newest.addDays(-DEFAULT_SPAN_DAYS), objectName="keepOfflineFrom")
        self.to_date = QDateEdit(newest, objectName="keepOfflineTo")
        self.from_date.setAccessibleDescription(self.tr("The first day of the cases to keep"))
        self.to_date.setAccessibleDescription(self.tr("The last day of the cases to keep"))
        for picker in (self.from_date, self.to_date):
            picker.setCalendarPopup(True)
            picker.setMaximumDate(today)
            picker.setDisplayFormat("dd MMM yyyy")
            picker.dateChanged.connect(self._estimate)
        self.estimate = QLabel(objectName="keepOfflineEstimate")
        form = QFormLayout()
        form.addRow(self.tr("&From:"), self.from_date)
        form.addRow(self.tr("&To (included):"), self.to_date)
        form.addRow(self.tr("Cases:"), self.estimate)
        self.progress = QProgressBar(objectName="keepOfflineProgress", visible=False)
        self.progress.setFormat(self.tr("%v of %m cases"))
        self.status = QLabel(objectName="keepOfflineStatus", wordWrap=True)
        self.error = QLabel(objectName="keepOfflineError", wordWrap=True, visible=False)
        self.kept = QListWidget(objectName="keepOfflineKept")
        self.kept.setAccessibleName(self.tr("Ranges kept offline"))
        self.kept.setAccessibleDescription(self.tr("The older periods already on this computer"))
        self.download_button = QPushButton(self.tr("&Download"), objectName="keepOfflineDownload")
        self.download_button.clicked.connect(self.download)
        self.cancel_button = QPushButton(self.tr("&Cancel download"), objectName="keepOfflineCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.download_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.error)
        layout.addWidget(QLabel(self.tr("Held offline:")))
        layout.addWidget(self.kept, 1)
        layout.addLayout(buttons)

    def range_ms(self) -> tuple[int, int]:
        """The picked days as [start of From, start of the day after To)."""
        return _ms(self.from_date.date()), _ms(self.to_date.date().addDays(1))

    def _estimate(self) -> None:
        if self._estimate_task is not None and not self._estimate_task.done():
            self._estimate_task.cancel()  # latest wins
        start, end = self.range_ms()
        if end <= start:
            self.estimate.setText(self.tr("the range ends before it starts"))
            self.download_button.setEnabled(False)
            return
        self.download_button.setEnabled(self._download_task is None or self._download_task.done())
        self.estimate.setText(self.tr("asking the hub…"))
        self._estimate_task = asyncio.ensure_future(self._ask_estimate(start, end))

    async def _ask_estimate(self, start: int, end: int) -> None:
        try:
            total = await self._keep.estimate(start, end)
        except KnownError as error:
            self.estimate.setText(self.tr("unknown"))
            self.error.setText(error_text(error))
            self.error.show()
            return
        self.error.hide()
        self.estimate.setText(self.tr("{n} in this range on the hub").format(n=f"{total:,}"))

    def download(self) -> None:
        start, end = self.range_ms()
        self._cancel = False
        self.error.hide()
        self.download_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.from_date.setEnabled(False)
        self.to_date.setEnabled(False)
        self.progress.setRange(0, 0)  # busy until the hub says how many
        self.progress.show()
        self.status.setText(self.tr("Downloading…"))
        self._download_task = asyncio.ensure_future(self._download(start, end))

    def cancel(self) -> None:
        """Stop after the page being stored: everything downloaded so far stays."""
        self._cancel = True
        self.cancel_button.setEnabled(False)
        self.status.setText(self.tr("Stopping after this page…"))

    async def _download(self, start: int, end: int) -> None:
        try:
            result = await self._keep.download(start, end, self._progressed, lambda: self._cancel)
        except KnownError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.status.setText("")
            self.progress.hide()
        else:
            kept = result.range
            if result.cancelled:
                self.status.setText(
                    self.tr("Cancelled with {done} of {total} cases stored. Download again to go on.").format(
                        done=f"{kept.done:,}", total=f"{kept.total:,}"
                    )
                )
            else:
                self.status.setText(
                    self.tr("{done} cases from {start} to {end} are held offline.").format(
                        done=f"{kept.done:,}", start=_day(kept.from_ms), end=_day(kept.to_ms - DAY_MS)
                    )
                )
        finally:
            self.cancel_button.setEnabled(False)
            self.from_date.setEnabled(True)
            self.to_date.setEnabled(True)
            self.download_button.setEnabled(True)
            self._show_kept()

    def _progressed(self, progress: KeepProgress) -> None:
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)
        if not self._cancel:
            self.status.setText(
                self.tr("Downloading: {done} of {total} cases stored").format(
                    done=f"{progress.done:,}", total=f"{progress.total:,}"
                )
            )

    def _show_kept(self) -> None:
        if self._shut:
            return
        if self._kept_task is not None and not self._kept_task.done():
            self._kept_task.cancel()
        self._kept_task = asyncio.ensure_future(self._load_kept())

    async def _load_kept(self) -> None:
        try:
            ranges = await self._keep.kept()
        except KnownError as error:
            self.kept.clear()
            self.kept.addItem(error_text(error))
            return
        self.kept.clear()
        for kept in ranges:
            self.kept.addItem(self._describe(kept))
        if not ranges:
            self.kept.addItem(self.tr("Nothing beyond what sync keeps."))

    def _describe(self, kept: KeptRange) -> str:
        days = self.tr("{start} – {end}").format(start=_day(kept.from_ms), end=_day(kept.to_ms - DAY_MS))
        if kept.finished:
            return self.tr("{days}: {n} cases").format(days=days, n=f"{kept.done:,}")
        return self.tr("{days}: unfinished, {done} of {total} cases").format(
            days=days, done=f"{kept.done:,}", total=f"{kept.total:,}"
        )

    def shutdown(self) -> None:
        """The app is closing (the hub client and the cache next): stop the download where it is.

        Each page stored before stays, with the range's progress; the same download goes on from there."""
        self._cancel = self._shut = True
        for task in (self._estimate_task, self._download_task, self._kept_task):
            if task is not None:
                task.cancel()

    def done(self, result: int) -> None:
        """Closing stops a download after its page; what came stays and is listed next time."""
        self._cancel = True
        super().done(result)
