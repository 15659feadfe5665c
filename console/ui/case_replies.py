"""The shown case's replies, each with where it is on its way out: queued, sending, published,
failed (and why), needs review (and why) — or still in this workstation's outbox."""

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from console.domain.clock import to_datetime
from console.domain.reply import ReplyStatus
from console.services.replies import REFUSED, UNSENT, ReplyService, ReplyView


class CaseReplies(QFrame):
    def __init__(self, service: ReplyService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseReplies")
        self.setAccessibleName(self.tr("Replies on this case"))
        self._service = service
        self._case_id: str | None = None
        self._task: asyncio.Task | None = None
        self.title = QLabel(self.tr("Replies"), objectName="repliesTitle")
        self.empty = QLabel(self.tr("No replies on this case yet."), objectName="previewEmpty")
        self._list = QWidget(objectName="repliesList")
        self._items = QVBoxLayout(self._list)
        self._items.setContentsMargins(0, 0, 0, 0)
        self._items.setSpacing(6)
        self._items.addStretch(1)
        scroll = QScrollArea(objectName="repliesScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self._list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 16)
        layout.setSpacing(6)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(scroll, 1)
        self.entries: list[QLabel] = []
        self.show_case(None)

    def show_case(self, case_id: str | None) -> None:
        """Show ``case_id``'s replies (None: no case); the latest call wins."""
        self._case_id = case_id
        self.setVisible(case_id is not None)
        if self._task and not self._task.done():
            self._task.cancel()
        self._task = asyncio.ensure_future(self._load(case_id)) if case_id else None

    def refresh(self) -> None:
        """Read the shown case's replies again (a pull or the outbox changed them)."""
        if self._case_id is not None:
            self.show_case(self._case_id)

    def shutdown(self) -> None:
        if self._task:
            self._task.cancel()

    async def _load(self, case_id: str) -> None:
        self.show_replies(await self._service.for_case(case_id))

    def show_replies(self, views: list[ReplyView]) -> None:
        for label in self.entries:
            self._items.removeWidget(label)
            label.deleteLater()
        self.entries = []
        self.empty.setVisible(not views)
        for view in views:
            label = QLabel(objectName="replyEntry")
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setText(f"{self._heading(view)}\n{view.text}")
            label.setToolTip(view.url)
            label.setProperty("state", view.state)
            self._items.insertWidget(self._items.count() - 1, label)
            self.entries.append(label)

    def _heading(self, view: ReplyView) -> str:
        who = self.tr("You") if view.mine else view.author
        when = to_datetime(view.at_ms).astimezone().strftime("%d %b %H:%M")
        return f"{who} · {when} · {self._status(view)}"

    def _status(self, view: ReplyView) -> str:
        reason = view.reason
        match view.state:
            case ReplyStatus.QUEUED:
                text = self.tr("queued · {reason}") if reason else self.tr("queued")
            case ReplyStatus.SENDING:
                text = self.tr("sending · {reason}") if reason else self.tr("sending…")
            case ReplyStatus.PUBLISHED:
                text = self.tr("published")
            case ReplyStatus.FAILED:
                text = self.tr("failed: {reason}")
            case ReplyStatus.NEEDS_REVIEW:
                text = self.tr("needs review: {reason}")
            case _ if view.state == UNSENT:
                text = self.tr("not at the hub yet (in the outbox)")
            case _ if view.state == REFUSED:
                text = self.tr("refused by the hub: {reason}")
            case _:
                text = view.state
        return text.format(reason=reason)
