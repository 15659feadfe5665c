"""Review actions on any case the desk's cache holds, for the queue, the case view and the archive:
``open_replay(case_id)`` opens the replay window, ``export_report(case_id)`` asks where to save the
case report and writes it as PDF, and ``write_report(case_id, path)`` writes it without asking.

The report is read from the cache, rendered on the Qt thread and written whole or not at all off it;
what went wrong (the case is not cached, the folder is not writable) is said in a message box and in
``message``, and nothing already on disk is lost.
"""

import asyncio
import re
import sys
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from console.domain.translatable import translatable
from console.services.case_replay import CaseReview, ReviewError
from console.services.errors import KnownError
from console.ui.case_report_pdf import render_pdf
from console.ui.replay_dialog import ReplayDialog
from console.ui.translation import error_text


class CaseReviewActions(QObject):
    message = Signal(str)
    """Something to tell the user in the status bar (a report saved, or why it was not)."""
    report_written = Signal(str)
    """A case report was written to this path."""

    def __init__(self, review: CaseReview, parent: QWidget):
        super().__init__(parent)
        self._review = review
        self._parent = parent
        self._tasks: set[asyncio.Task] = set()
        self.dialogs: list[ReplayDialog] = []  # open replay windows (several cases side by side)
        self.problem: QMessageBox | None = None  # the latest error shown (kept for tests)

    def open_replay(self, case_id: str) -> ReplayDialog:
        """Open (or raise) the replay window of ``case_id``."""
        for dialog in self.dialogs:
            if dialog.case_id == case_id:
                dialog.raise_()
                dialog.activateWindow()
                return dialog
        dialog = ReplayDialog(self._review, case_id, export=self.export_report, parent=self._parent)
        dialog.finished.connect(lambda _result, d=dialog: self._forget(d))
        self.dialogs.append(dialog)
        dialog.show()
        return dialog

    def export_report(self, case_id: str) -> None:
        """Ask where to save the case report of ``case_id`` and write it there."""
        path, _ = QFileDialog.getSaveFileName(
            self._parent,
            self.tr("Export case report as PDF"),
            suggested_name(case_id),
            self.tr("PDF files (*.pdf)"),
        )
        if path:
            if not path.lower().endswith(".pdf"):
                path += ".pdf"
            self._run(self._write_and_say(case_id, Path(path)))

    async def write_report(self, case_id: str, path: Path) -> Path:
        """Write the case report of ``case_id`` to ``path`` (no dialog); ReviewError says why not."""
        report = await self._review.report(case_id)
        if report is None:
            raise ReviewError(
                translatable("Errors", "Case {case_id} is not in this desk's cache, so it has no report."),
                case_id=case_id,
            )
        await self._review.save(Path(path), render_pdf(report))
        return Path(path)

    async def _write_and_say(self, case_id: str, path: Path) -> None:
        try:
            written = await self.write_report(case_id, path)
        except KnownError as error:
            self._show_problem(error_text(error))
            return
        self.message.emit(self.tr("Case report saved to {path}.").format(path=written))
        self.report_written.emit(str(written))

    def _show_problem(self, text: str) -> None:
        self.message.emit(text)
        self.problem = QMessageBox(
            QMessageBox.Icon.Warning, self.tr("Case report not saved"), text, parent=self._parent
        )
        self.problem.open()  # not modal-blocking: the desk keeps working

    def _run(self, work) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._on_done)

    def _on_done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            error = task.exception()
            self._show_problem(self.tr("The case report could not be made: {error}").format(error=error))
            sys.excepthook(type(error), error, error.__traceback__)

    async def wait(self) -> None:
        """Until every export started here has finished (for tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    def _forget(self, dialog: ReplayDialog) -> None:
        if dialog in self.dialogs:
            self.dialogs.remove(dialog)
        dialog.deleteLater()

    def shutdown(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for dialog in list(self.dialogs):
            dialog.close()


def suggested_name(case_id: str) -> str:
    """A file name for the case's report, safe on every file system."""
    return "case-" + (re.sub(r"[^A-Za-z0-9_-]+", "-", case_id).strip("-")[:60] or "report") + ".pdf"
