"""The reply composer: write to the customer as a brand account, in public or in private.

Counts the way the case's network counts and never cuts what was typed; nudges a public reply that
shows personal data towards a private one; saves the draft through the durable outbox (about a second
after typing stops, and at once when the focus or the case changes); sends only under a claim, after
a five-second window in which Ctrl+Z takes the reply back; then follows it until it is published or
has failed.
"""

import asyncio
from collections.abc import Coroutine, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.canned import Template
from console.domain.canned_library import CannedResponse
from console.domain.mention import BrandAccount
from console.domain.mutation import MAX_TEXT
from console.domain.personal_data import find_personal_data
from console.domain.reply_length import allows_private, measure
from console.domain.reply_text import prepare
from console.services.cases import ActionError
from console.services.composer import CaseContext, ComposerService
from console.ui.canned_picker import CannedPicker
from console.ui.privacy_nudge import PrivacyNudge
from console.ui.reply_editor import ReplyEditor
from console.ui.reply_status import ReplyProgress
from console.ui.send_countdown import SendCountdown
from console.ui.translation import error_text, shown
from console.ui.variables_dialog import VariablesDialog

# Above this many characters the counter and the personal-data check wait for a pause in typing:
# on a long text they take milliseconds per keystroke, which a typist feels.
_INSTANT_ANALYSIS = 4_000


@dataclass(frozen=True, slots=True)
class _Pending:
    """A reply in its undo window: what will be queued, and what Undo puts back."""

    context: CaseContext
    written: str
    account_id: str
    private: bool


class Composer(QFrame):
    reply_queued = Signal(str, str)
    """A reply was queued for the shown case: (case id, reply id)."""
    draft_saved = Signal(str)
    """A draft of the case with this id reached the durable outbox."""

    def __init__(
        self,
        service: ComposerService,
        parent: QWidget | None = None,
        *,
        undo_seconds: int = 5,
        autosave_ms: int = 1000,
        follow_ms: int = 1000,
    ):
        super().__init__(parent)
        self.setObjectName("composer")
        self.setAccessibleName(self.tr("Reply composer"))
        self._service = service
        self._undo_seconds = undo_seconds
        self._follow_ms = follow_ms
        self._context: CaseContext | None = None
        self._accounts: list[BrandAccount] = []
        self._pending: _Pending | None = None
        self._tasks: set[asyncio.Task] = set()
        self._load_task: asyncio.Task | None = None
        self.ready = False  # the shown case's draft is in the editor: typing and saving may start
        self.picker: CannedPicker | None = None
        self.variables_dialog: VariablesDialog | None = None
        self._build_ui()
        self._autosave = self._timer(autosave_ms, self.save_draft_now)
        self._analysis = self._timer(250, self._analyze)
        self.show_case(None)

    def _build_ui(self) -> None:
        self.account = QComboBox(objectName="composerAccount")
        self.account.setAccessibleName(self.tr("Reply as"))
        self.account.setToolTip(self.tr("The brand account the reply comes from"))
        self.private = QCheckBox(self.tr("Private message"), objectName="composerPrivate")
        self.private.setAccessibleName(self.tr("Send as a private message"))
        self.private.toggled.connect(self._private_toggled)
        header = QHBoxLayout()
        header.addWidget(QLabel(self.tr("Reply as"), objectName="composerLabel"))
        header.addWidget(self.account, 1)
        header.addWidget(self.private)

        self.nudge = PrivacyNudge()
        self.nudge.switch_requested.connect(lambda: self.private.setChecked(True))

        self.editor = ReplyEditor()
        self.editor.setAccessibleName(self.tr("Reply text"))
        self.editor.setPlaceholderText(
            self.tr("Write a reply…  Ctrl+Space: canned responses · Ctrl+Enter: send")
        )
        self.editor.setMinimumHeight(96)
        self.editor.textChanged.connect(self._text_changed)
        self.editor.send_requested.connect(self.send)
        self.editor.canned_requested.connect(self.open_canned)
        self.editor.undo_send_requested.connect(self.undo_send)
        self.editor.left.connect(self.save_draft_now)

        self.counter = QLabel(objectName="composerCounter")
        self.counter.setAccessibleName(self.tr("Length of the reply"))
        self.canned_button = QPushButton(self.tr("Canned…"), objectName="composerCanned")
        self.canned_button.setToolTip(self.tr("Insert a canned response (Ctrl+Space)"))
        self.canned_button.setAccessibleName(self.tr("Insert a canned response"))
        self.canned_button.clicked.connect(self.open_canned)
        self.send_button = QPushButton(self.tr("Send"), objectName="composerSend")
        self.send_button.setToolTip(self.tr("Send the reply (Ctrl+Enter)"))
        self.send_button.setAccessibleName(self.tr("Send the reply"))
        self.send_button.clicked.connect(self.send)
        footer = QHBoxLayout()
        footer.addWidget(self.counter, 1)
        footer.addWidget(self.canned_button)
        footer.addWidget(self.send_button)

        self.note = QLabel(objectName="composerNote")
        self.note.setWordWrap(True)
        self.note.setAccessibleName(self.tr("Composer message"))

        self.undo_bar = SendCountdown(self._undo_seconds)
        self.undo_bar.elapsed.connect(self._commit)
        self.undo_bar.undo_clicked.connect(self.undo_send)

        self.status = ReplyProgress(self._service, self._follow_ms)
        self.note.setVisible(False)  # shows when it has something to say

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(header)
        layout.addWidget(self.nudge)
        layout.addWidget(self.editor, 1)
        layout.addLayout(footer)
        layout.addWidget(self.note)
        layout.addWidget(self.undo_bar)
        layout.addWidget(self.status)
        # When the focus is off the editor (on Undo, the account list), the keys still work here.
        for keys, slot in ((QKeySequence.StandardKey.Undo, self.undo_send), ("Ctrl+Return", self.send)):
            shortcut = QShortcut(QKeySequence(keys), self, slot)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _timer(self, interval_ms: int, slot) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval_ms)
        timer.timeout.connect(slot)
        return timer

    # --- the shown case ---------------------------------------------------------------------------

    @property
    def context(self) -> CaseContext | None:
        return self._context

    @property
    def sending(self) -> bool:
        """A reply waits in its undo window."""
        return self._pending is not None

    def show_case(self, context: CaseContext | None) -> None:
        """Write for ``context``'s case (None: no case). The same case again only updates what is
        known about it (its claim); another case saves this one's draft first, and a reply waiting
        in its undo window goes out, as the agent asked."""
        if context is not None and self._context is not None and context.case_id == self._context.case_id:
            self._context = context
            return
        if self._pending is not None:
            self._commit()
        else:
            self.save_draft_now()
        self._context = context
        self.ready = False
        self.status.stop()
        self.setVisible(context is not None)
        self._set_text("")
        self.private.blockSignals(True)
        self.private.setChecked(False)  # every case starts public: the nudge says when not to
        self.private.blockSignals(False)
        self._clear_note()
        self._set_read_only(True)
        if self._load_task and not self._load_task.done():
            self._load_task.cancel()
        self._load_task = self._spawn(self._load(context)) if context else None
        self._analyze()

    async def _load(self, context: CaseContext) -> None:
        accounts = await self._service.accounts_for(context)
        draft = await self._service.restore(context.case_id)
        if context is not self._context:
            return
        self._accounts = accounts
        self.account.clear()
        for account in accounts:
            self.account.addItem(f"{account.name} ({account.handle})", account.id)
        self.account.setCurrentIndex(0)
        can_go_private = allows_private(context.network)
        self.private.setChecked(False)
        self.private.setToolTip(
            ""
            if can_go_private
            else self.tr("{network} can only be answered in public").format(network=context.network.label)
        )
        self._set_text(draft.text if draft else "")
        self._set_read_only(False)
        self.ready = True
        self._analyze()

    def current_account(self) -> BrandAccount | None:
        index = self.account.currentIndex()
        return self._accounts[index] if 0 <= index < len(self._accounts) else None

    def shutdown(self) -> None:
        """Closing: a reply still in its undo window is not sent; its text stays the draft."""
        if self._pending is not None:
            self.undo_send()
        self.save_draft_now()
        for timer in (self._autosave, self._analysis):
            timer.stop()

    # --- typing: counter, personal data, drafts ------------------------------------------------

    def _set_text(self, text: str) -> None:
        """Replace the text without it counting as typing (no autosave of what was just loaded)."""
        self.editor.blockSignals(True)
        self.editor.setPlainText(text)
        self.editor.blockSignals(False)
        self.editor.moveCursor(self.editor.textCursor().MoveOperation.End)

    def _text_changed(self) -> None:
        if not self.ready or self._pending is not None:
            return
        self._autosave.start()
        if len(self.editor.toPlainText()) <= _INSTANT_ANALYSIS:
            self._analyze()
        else:
            self._analysis.start()
            self.send_button.setEnabled(False)  # until the pause's count says it may go

    def _private_toggled(self, _on: bool) -> None:
        self._analyze()

    def _analyze(self) -> None:
        self._analysis.stop()
        text = self.editor.toPlainText()
        context = self._context
        fits = False
        if context is None:
            self.counter.clear()
        elif len(text) > MAX_TEXT:
            # Past what any reply may hold: say so without counting 200,000 characters on every key.
            self.counter.setText(
                self.tr("{used:,} characters: a reply stops at {cap:,} — shorten it to send").format(
                    used=len(text), cap=MAX_TEXT
                )
            )
        else:
            length = measure(context.network, text, private=self._is_private())
            fits = length.fits
            message = (
                length.message
                if fits
                else self.tr("{message} — shorten it to send").format(message=length.message)
            )
            self.counter.setText(message)
        self._set_state(self.counter, "ok" if fits or context is None else "over")
        editable = self.ready and self._pending is None
        self.send_button.setEnabled(editable and fits and bool(text.strip()))
        for control in (self.canned_button, self.account, self.nudge.switch):
            control.setEnabled(editable)  # a reply in its undo window keeps what it was sent with
        self.private.setEnabled(editable and context is not None and allows_private(context.network))
        self._show_nudge(text if context is not None and len(text) <= MAX_TEXT else "")

    def _is_private(self) -> bool:
        context = self._context
        return self.private.isChecked() and context is not None and allows_private(context.network)

    def _show_nudge(self, text: str) -> None:
        findings = [] if self._is_private() else find_personal_data(text)
        self.editor.mark(findings)
        self.nudge.show_for(findings, self._context.network if self._context else None)

    def save_draft_now(self) -> None:
        """Save the shown case's draft now (debounce over, focus left, case switched)."""
        self._autosave.stop()
        if self._context is None or not self.ready or self._pending is not None:
            return
        self._spawn(self._save(self._context.case_id, self.editor.toPlainText()))

    async def _save(self, case_id: str, text: str) -> None:
        try:
            saved = await self._service.save_draft(case_id, text)
        except ActionError as error:
            if self._context is not None and self._context.case_id == case_id:
                self._say(error_text(error), "warning")
            return
        if saved:
            self.draft_saved.emit(case_id)

    # --- canned responses --------------------------------------------------------------------------

    def open_canned(self) -> None:
        if self._context is None or not self.ready or self._pending is not None:
            return
        values = self._service.values(self._context, self.current_account())
        self.picker = CannedPicker(self._service.canned_responses, self._context.language, values, self)
        picker = self.picker
        picker.accepted.connect(lambda: picker.chosen and self.insert_canned(picker.chosen))
        picker.open()

    def insert_canned(self, response: CannedResponse) -> None:
        """Insert ``response`` at the cursor, filled from the case; ask first for what it cannot know."""
        self.insert_template(response.title, response.template)

    def insert_template(
        self, title: str, template: Template, given: Mapping[str, str | None] | None = None
    ) -> None:
        """Insert ``template`` at the cursor (a canned response, a decision tree's reply), filled from
        ``given`` and then the case; ask first for what neither knows. Nothing is sent."""
        if self._context is None:
            return
        known = {name: value for name, value in (given or {}).items() if value is not None and value.strip()}
        values = self._service.values(self._context, self.current_account()) | known
        rendering = template.render(values)
        if rendering.complete:
            self._insert(rendering.text or "")
            return
        self.variables_dialog = VariablesDialog(title, rendering.missing, self)
        dialog = self.variables_dialog
        dialog.accepted.connect(lambda: self._insert(template.render(values | dialog.values()).text or ""))
        dialog.open()

    def _insert(self, text: str) -> None:
        self.editor.textCursor().insertText(text)
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- sending -----------------------------------------------------------------------------------

    def confirm(self, warning: str) -> bool:
        """Ask before replying to a customer whose profile just took in another identity (tests
        replace this)."""
        answer = QMessageBox.question(
            self,
            self.tr("Reply to a recently linked customer?"),
            warning + "\n\n" + self.tr("Send the reply anyway?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    def send(self) -> None:
        """Ctrl+Enter / Send: check, then open the undo window."""
        if self._context is None or not self.ready or self._pending is not None:
            return
        if not self.send_button.isEnabled():
            if self.editor.toPlainText().strip():
                self._say(self.counter.text(), "warning")
            return
        self._spawn(self._begin_send(self._context))

    async def _begin_send(self, context: CaseContext) -> None:
        written = self.editor.toPlainText()
        prepared = prepare(written)
        if prepared.refusal:
            self._say(shown("Errors", prepared.refusal).format(**prepared.values), "error")
            return
        token = await self._service.claim_token(context)
        if context is not self._context or self._pending is not None:
            return
        if token is None:
            self._say(self.tr("Claim the case first (C): a reply goes out under your claim."), "error")
            return
        warning = await self._service.second_look(context.case_id)
        if context is not self._context or self._pending is not None:
            return
        if warning and not self.confirm(warning):
            self._say(self.tr("Not sent: check the customer's identities first."), "warning")
            return
        self.save_draft_now()  # the text is the draft until the reply is queued: a crash keeps it
        account = self.current_account()
        account_id = account.id if account else context.account_id
        self._pending = _Pending(context, written, account_id, self._is_private())
        if prepared.removed:
            self._say(
                self.tr("Removed {n} invisible control character(s) that networks refuse.").format(
                    n=prepared.removed
                ),
                "warning",
            )
        else:
            self._clear_note()
        self.editor.send_pending = True
        self._set_read_only(True)  # shown, greyed, while it waits: what is about to go out
        self.undo_bar.start()
        self._analyze()

    def undo_send(self) -> None:
        """Take the waiting reply back: nothing is queued, the text returns to the editor."""
        pending = self._pending
        if pending is None:
            return
        self._end_window()
        self._set_text(pending.written)
        self._say(self.tr("Not sent. Your reply is back in the editor."), "ok")
        self._analyze()
        self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def _commit(self) -> None:
        pending = self._pending
        if pending is None:
            return
        self._end_window()
        self._set_text("")
        self._analyze()  # the controls the window locked come back for the next reply
        self._spawn(self._queue(pending))

    def _end_window(self) -> None:
        self._pending = None
        self.undo_bar.stop()
        self.editor.send_pending = False
        self._set_read_only(False)

    async def _queue(self, pending: _Pending) -> None:
        case_id = pending.context.case_id
        here = lambda: self._context is not None and self._context.case_id == case_id  # noqa: E731
        try:
            reply_id = await self._service.send(
                pending.context, pending.written, pending.account_id, pending.private
            )
        except ActionError as error:
            if here():
                # The claim was lost in the window, or the outbox refused it: the text comes back.
                if not self.editor.toPlainText().strip():
                    self._set_text(pending.written)
                self._say(error_text(error), "error")
                self._analyze()
            return
        self.reply_queued.emit(case_id, reply_id)
        if here():
            self.status.follow(case_id, reply_id)

    def refresh(self) -> None:
        """The outbox or a pull changed replies: read the followed one again now."""
        self.status.refresh()

    # --- small helpers -----------------------------------------------------------------------------

    def _say(self, text: str, state: str) -> None:
        self.note.setText(text)
        self._set_state(self.note, state)
        self.note.setVisible(True)

    def _clear_note(self) -> None:
        self.note.clear()
        self.note.setVisible(False)

    def _set_read_only(self, read_only: bool) -> None:
        self.editor.setReadOnly(read_only)
        # The style sheet greys a read-only editor; a property change needs a fresh polish.
        self.editor.style().unpolish(self.editor)
        self.editor.style().polish(self.editor)

    @staticmethod
    def _set_state(label: QLabel, state: str) -> None:
        if label.property("state") != state:
            label.setProperty("state", state)
            label.style().unpolish(label)
            label.style().polish(label)

    def _spawn(self, work: Coroutine) -> asyncio.Task:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task
