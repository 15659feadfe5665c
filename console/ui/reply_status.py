"""A reply's status in words for its author: where it is between the outbox and the network."""

import asyncio

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QWidget

from console.domain.reply import ReplyStatus
from console.services.composer import ComposerService, settled
from console.services.replies import REFUSED, UNSENT, ReplyView


def _tr(text: str) -> str:
    return QCoreApplication.translate("ReplyStatus", text)


def status_text(view: ReplyView) -> str:
    reason = view.reason
    match view.state:
        case ReplyStatus.QUEUED:
            text = _tr("queued at the hub · {reason}") if reason else _tr("queued at the hub")
        case ReplyStatus.SENDING:
            text = _tr("sending · {reason}") if reason else _tr("sending…")
        case ReplyStatus.PUBLISHED:
            text = _tr("published")
        case ReplyStatus.FAILED:
            text = _tr("failed: {reason}")
        case ReplyStatus.NEEDS_REVIEW:
            text = _tr("needs review: {reason}")
        case _ if view.state == UNSENT:
            text = _tr("queued (in the outbox, not at the hub yet)")
        case _ if view.state == REFUSED:
            text = _tr("refused by the hub: {reason}")
        case _:
            text = view.state
    return text.format(reason=reason)


class ReplyProgress(QLabel):
    """Follows the reply just sent from the composer until it is published, failed or refused."""

    def __init__(self, service: ComposerService, follow_ms: int = 1000, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composerStatus")
        self.setWordWrap(True)
        self.setAccessibleName(self.tr("Status of the last reply"))
        self._service = service
        self._followed: tuple[str, str] | None = None  # (case id, reply id)
        self._task: asyncio.Task | None = None
        self._timer = QTimer(self, interval=follow_ms)
        self._timer.timeout.connect(self.refresh)
        self.setVisible(False)

    def follow(self, case_id: str, reply_id: str) -> None:
        self._followed = (case_id, reply_id)
        self._show(self.tr("Your reply: {status}").format(status=_tr("queued")), "unsent")
        self._timer.start()
        self.refresh()

    def stop(self) -> None:
        """Stop following (another case is shown): say nothing more."""
        self._followed = None
        self._timer.stop()
        if self._task and not self._task.done():
            self._task.cancel()
        self.clear()
        self.setVisible(False)

    def refresh(self) -> None:
        """Read the followed reply again (on the timer, or when the outbox or a pull changed replies)."""
        if self._followed is not None and (self._task is None or self._task.done()):
            self._task = asyncio.ensure_future(self._read(self._followed))

    async def _read(self, followed: tuple[str, str]) -> None:
        view = await self._service.reply(*followed)
        if view is None or followed != self._followed:
            return
        self._show(self.tr("Your reply: {status}").format(status=status_text(view)), view.state)
        if settled(view):
            self._timer.stop()

    def _show(self, text: str, state: str) -> None:
        self.setText(text)
        if self.property("state") != state:
            self.setProperty("state", state)
            self.style().unpolish(self)
            self.style().polish(self)
        self.setVisible(True)
