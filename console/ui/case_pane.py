"""The pane beside the queue: the case being worked — the selected mention and its claim, who else
is on it, the whole conversation and timeline, and the composer to answer it.

The window tells it which row is being read; the pane loads what it needs itself (latest wins) and
keeps the claim and presence lines current as the hub's answers and the live stream arrive. Without
the case view (a bare window in tests) the case's replies are listed under the mention instead.
"""

import asyncio

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QSplitter, QVBoxLayout, QWidget
from qasync import asyncSlot

from console.domain.clock import format_age, now_ms
from console.domain.presence import Activity
from console.domain.queue import QueueRow
from console.domain.sync import AppliedChanges
from console.services.case_view import CaseViewService
from console.services.cases import CaseActions
from console.services.claim_requests import ClaimRequests
from console.services.composer import CaseContext, ComposerService
from console.services.customers import CustomerService
from console.services.errors import KnownError
from console.services.guidance import GuidanceService
from console.services.presence import PresenceReporter, others_on
from console.services.replies import ReplyService
from console.ui.case_replies import CaseReplies
from console.ui.case_view import CaseView
from console.ui.claim_bar import ClaimBar
from console.ui.composer import Composer
from console.ui.customer_panel import CustomerPanel
from console.ui.guidance_panel import GuidancePanel
from console.ui.preview import MentionPreview
from console.ui.translation import error_text


class CasePane(QSplitter):
    message = Signal(str)
    """Something to tell the agent in the status area (an action queued, or refused)."""

    def __init__(
        self,
        actions: CaseActions | None,
        presence: PresenceReporter | None,
        replies: ReplyService | None,
        claim_requests: ClaimRequests | None = None,
        case_view: CaseViewService | None = None,
        composer: ComposerService | None = None,
        customers: CustomerService | None = None,
        guidance: GuidanceService | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(Qt.Orientation.Vertical, parent)  # the mention above, its case's replies below
        self.setObjectName("casePane")
        self._actions = actions
        self._presence = presence
        self._claim_requests = claim_requests
        self._row: QueueRow | None = None
        self._board: tuple = ()  # everyone present on the hub's cases, from the live stream
        self._claim_task: asyncio.Task | None = None
        self.preview = MentionPreview()
        self.preview.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # Enter "opens" the case: focus moves here
        self.case_view = CaseView(case_view) if case_view else None
        # The conversation shows the brand's replies with their status; the bare list only without it.
        self.replies = CaseReplies(replies) if replies and self.case_view is None else None
        self.composer = Composer(composer) if composer else None
        self.customer = CustomerPanel(customers) if customers and self.case_view else None
        if self.customer is not None:
            self.case_view.add_customer_tab(self.customer)
            if composer is not None:  # a reply to a just-linked customer asks first
                composer.merge_warning = customers.recently_merged
        if self.case_view is not None:
            self.preview.set_compact(True)  # the conversation below shows the text and the case
        # The decision tree beside the case view, the composer below both: a reply it gives lands there.
        self.guidance = GuidancePanel(guidance) if guidance and self.case_view else None
        if self.guidance is not None:
            self.guidance.message.connect(self.message.emit)
            if self.composer is not None:
                self.guidance.reply_ready.connect(self.composer.insert_template)
        self.claim_bar = ClaimBar()
        self.claim_bar.ask_requested.connect(self._ask_for_claim)
        self.claim_bar.take_over_requested.connect(self._take_over)
        self.claim_bar.answered.connect(self._answer)
        top = QWidget()
        column = QVBoxLayout(top)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.preview, 0 if self.case_view else 1)
        column.addWidget(self.claim_bar)
        if self.case_view is not None:
            column.addWidget(self.case_view, 1)
        if self.guidance is not None:
            beside = QSplitter(Qt.Orientation.Horizontal, objectName="caseGuidanceSplitter")
            beside.addWidget(top)
            beside.addWidget(self.guidance)
            beside.setStretchFactor(0, 3)
            beside.setStretchFactor(1, 2)
            beside.setSizes([500, 340])
            self.beside = beside
            top = beside
        self.addWidget(top)
        if self.replies:
            self.addWidget(self.replies)
            self.setSizes([460, 240])
        if self.composer is not None:
            self.addWidget(self.composer)
            self.setStretchFactor(0, 3)
            self.setStretchFactor(self.count() - 1, 1)
            self.setSizes([520, 160])
            self.composer.editor.textChanged.connect(self._typing)
        # Typing shows on colleagues' screens; a pause of a few seconds is back to viewing.
        self._typing_timer = QTimer(self, singleShot=True, interval=6_000, timeout=self._stopped_typing)
        # Ages in the presence line grow between reports; stale reports drop out.
        self._presence_timer = QTimer(self, interval=5_000, timeout=self._show_presence)
        self._presence_timer.start()

    @property
    def row(self) -> QueueRow | None:
        return self._row

    def show_row(self, row: QueueRow | None, *, moved: bool = True) -> None:
        """Read ``row`` (None: nothing selected). ``moved`` is False for a live update of the same
        row: the pane refreshes what it shows without telling the hub the agent moved."""
        self._row = row
        self.preview.show_row(row)
        case_id = row.case_id if row is not None else None
        if self.composer is not None:  # the same case again only updates its claim
            self.composer.show_case(CaseContext.from_row(row) if case_id is not None else None)
        if moved:
            if self._presence is not None:
                self._presence.set(case_id)
            if self.replies:
                self.replies.show_case(case_id)
            if self.case_view is not None:
                self.case_view.show_case(case_id)
            if self.guidance is not None:
                self.guidance.show_case(case_id, row.mention_id if row is not None else None)
            if self.customer is not None:  # the customer who wrote what is being read
                handle = row.author_handle if row is not None and not row.from_brand else None
                self.customer.show_case(case_id, handle)
        self.refresh_claim()
        self._show_presence()

    def focus_case(self) -> None:
        """Enter on the queue: the case takes the keyboard (Esc gives it back) — the composer when
        there is one, ready to answer."""
        target = self.composer.editor if self.composer is not None and self._row is not None else None
        target = target or self.replies or self.preview
        target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _typing(self) -> None:
        row = self._row
        if self._presence is None or row is None or row.case_id is None:
            return
        if not self.composer.editor.hasFocus():  # a restored draft or a canned insert is not typing
            return
        self._presence.set(row.case_id, Activity.TYPING)
        self._typing_timer.start()

    def _stopped_typing(self) -> None:
        row = self._row
        if self._presence is not None and row is not None and row.case_id is not None:
            self._presence.set(row.case_id, Activity.VIEWING)

    def refresh_claim(self) -> None:
        if self._claim_task and not self._claim_task.done():
            self._claim_task.cancel()  # latest wins
        row = self._row
        if self._actions is not None and row is not None and row.case_id is not None:
            self._claim_task = asyncio.ensure_future(self._show_claim(row))

    async def _show_claim(self, row: QueueRow) -> None:
        view = await self._actions.claim_view(row.case_id, row.claim_holder, row.claim_token)
        held = row.claim_holder is not None and (row.claim_expires_ms or 0) > now_ms()
        if view.tentative:
            text, state = self.tr("Claim requested · waiting for the hub (tentative)"), "tentative"
        elif view.mine and held:
            text, state = self.tr("Claimed by you · Ctrl+Shift+K releases"), "mine"
        elif held:
            text, state = self.tr("Held by {name}").format(name=row.claim_holder_name or "?"), "theirs"
        elif view.refused:
            text, state = self.tr("Claim refused: {reason}").format(reason=view.refused), "refused"
        else:
            text, state = self.tr("Unclaimed · C claims it"), "free"
        self.preview.show_claim(text, state)
        await self._show_claim_actions(row, state)

    async def _show_claim_actions(self, row: QueueRow, state: str) -> None:
        if self._claim_requests is None or state not in ("mine", "theirs"):
            self.claim_bar.clear()
        elif state == "theirs":
            take_over = await self._claim_requests.may_take_over()
            asked_ms = await self._claim_requests.asked_at(row.case_id)
            asked = format_age(asked_ms, now_ms()) if asked_ms else ""
            self.claim_bar.offer(row.claim_holder_name or "?", take_over, asked)
        else:
            self.claim_bar.show_requests(await self._claim_requests.for_case(row.case_id))

    @asyncSlot()
    async def _ask_for_claim(self) -> None:
        row = self._row
        if row is None or row.case_id is None or self._actions is None:
            return
        name = row.claim_holder_name or "?"
        await self._queue(
            self._actions.request_claim(row.case_id),
            self.tr("Asked {name} for the case; you will hear when they answer").format(name=name),
        )

    @asyncSlot()
    async def _take_over(self) -> None:
        row = self._row
        if row is None or row.case_id is None or self._actions is None:
            return
        await self._queue(self._actions.claim(row.case_id, takeover=True), self.tr("Take-over requested"))

    @asyncSlot(str, bool)
    async def _answer(self, requester: str, give: bool) -> None:
        row = self._row
        if row is None or row.case_id is None or self._actions is None:
            return
        done = self.tr("Handing the case over") if give else self.tr("Keeping the case; they will be told")
        await self._queue(self._actions.answer_claim_request(row.case_id, requester, give), done)

    async def _queue(self, action, done: str) -> None:
        try:
            await action
        except KnownError as error:
            self.message.emit(error_text(error))
            return
        self.message.emit(done)
        self.refresh_claim()

    def on_presence(self, board: tuple) -> None:
        self._board = board
        self._show_presence()

    def _show_presence(self) -> None:
        row = self._row
        if row is None or row.case_id is None:
            return
        me = self._actions.user_id if self._actions is not None else None
        self.preview.show_presence(others_on(self._board, row.case_id, me))

    def on_outbox(self) -> None:
        """Something left the outbox or was refused: the claim or a reply may have changed."""
        self.refresh_claim()
        if self.replies:
            self.replies.refresh()
        if self.composer is not None:
            self.composer.refresh()

    def on_changes(self, changes: AppliedChanges) -> None:
        row = self._row
        if row is not None and row.case_id in changes.cases:
            self.refresh_claim()
        if self.replies and (changes.replies or changes.reset):
            self.replies.refresh()
        if self.case_view is not None:
            self.case_view.apply_changes(changes)
        if self.guidance is not None:
            self.guidance.apply_changes(changes)
        if self.customer is not None:
            self.customer.apply_changes(changes)
        if self.composer is not None and (changes.replies or changes.drafts or changes.reset):
            self.composer.refresh()

    def shutdown(self) -> None:
        self._presence_timer.stop()
        self._typing_timer.stop()
        if self._claim_task:
            self._claim_task.cancel()
        for part in (self.replies, self.case_view, self.composer, self.customer, self.guidance):
            if part is not None:
                part.shutdown()
