"""The customer profile beside a case: who wrote it, on which networks, their cases, notes and history.

Suggested links are only proposed: the agent confirms or dismisses each. Unlinking asks first.
Every change goes through the outbox (console.services.customers) and shows here once the hub
has applied it and the pull brought it back (:meth:`CustomerPanel.apply_changes`).
"""

import asyncio
from collections.abc import Awaitable, Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from console.domain.clock import format_age, now_ms, to_datetime
from console.domain.customer import (
    INGEST_ACTOR,
    TIERS,
    CustomerEvent,
    CustomerEventType,
    Identity,
    PastCase,
    Trend,
    network_label,
)
from console.domain.customer_links import Suggestion
from console.domain.sync import AppliedChanges
from console.services.customers import CustomerProfile, CustomerService, SuggestedLink
from console.services.errors import KnownError
from console.ui.customer_text import CustomerWords
from console.ui.customer_widgets import ElidedLabel, NetworkPill, Sparkline
from console.ui.translation import error_text

Confirm = Callable[[str, str], bool]


class CustomerPanel(QFrame):
    def __init__(
        self,
        service: CustomerService,
        parent: QWidget | None = None,
        clock: Callable[[], int] = now_ms,
    ):
        super().__init__(parent)
        self.setObjectName("customerPanel")
        self.setAccessibleName(self.tr("Customer profile"))
        self._service = service
        self._clock = clock
        self._case_id: str | None = None
        self._handle: str | None = None
        self._load: asyncio.Task | None = None
        self._actions: set[asyncio.Task] = set()
        self.profile: CustomerProfile | None = None
        self.words = CustomerWords(self)
        self.confirm: Confirm = self._ask  # replaced in tests: a modal dialog would block them
        self._build_ui()
        self.show_case(None)

    # --- building ----------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        self.name = QLabel(objectName="customerName")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.tier = QComboBox(objectName="customerTier")
        self.tier.setAccessibleDescription(self.tr("The customer's tier, shared with the team"))
        self.tier.setAccessibleName(self.tr("Customer tier"))
        for tier in TIERS:
            self.tier.addItem(self.words.tier(tier), tier)
        self.tier.activated.connect(self._tier_chosen)
        header = QHBoxLayout()
        header.addWidget(self.name, 1)
        header.addWidget(QLabel(self.tr("Tier"), objectName="customerMeta"))
        header.addWidget(self.tier)
        self.details = QLabel(objectName="customerMeta")
        self.warning = QLabel(objectName="customerWarning")
        self.warning.setWordWrap(True)
        self.warning.setAccessibleName(self.tr("Recently merged"))
        self.empty = QLabel(self.tr("No customer profile for this case yet."), objectName="previewEmpty")

        self.identities = self._section(self.tr("Identities"))
        self.suggestions = self._section(self.tr("Suggested links"))
        self.cases_title = QLabel(objectName="customerSection")
        self.sparkline = Sparkline()
        self.sparkline.setAccessibleName(self.tr("Sentiment across the customer's cases"))
        self.cases = self._section(None)
        self.notes = self._section(self.tr("Notes"))
        self.note_text = QPlainTextEdit(objectName="customerNoteText")
        self.note_text.setAccessibleDescription(self.tr("A note kept with the customer for every agent"))
        self.note_text.setAccessibleName(self.tr("New note about the customer"))
        self.note_text.setPlaceholderText(self.tr("A note every colleague will see on this customer"))
        self.note_text.setFixedHeight(56)
        self.note_text.setTabChangesFocus(True)  # Tab goes on to Add note: a note has no use for tabs
        self.add_note = QPushButton(self.tr("Add note"), objectName="customerAddNote")
        self.add_note.setAccessibleName(self.tr("Add the note"))
        self.add_note.clicked.connect(self._note_clicked)
        note_row = QHBoxLayout()
        note_row.addWidget(self.note_text, 1)
        note_row.addWidget(self.add_note, 0, Qt.AlignmentFlag.AlignBottom)
        self.history = self._section(self.tr("Link history"))
        self.status = QLabel(objectName="customerStatus")
        self.status.setWordWrap(True)

        content = QWidget(objectName="customerContent")
        layout = QVBoxLayout(content)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(header)
        layout.addWidget(self.details)
        layout.addWidget(self.warning)
        layout.addWidget(self.empty)
        for box in (self.identities, self.suggestions):
            layout.addWidget(box)
        layout.addWidget(self.cases_title)
        layout.addWidget(self.sparkline)
        layout.addWidget(self.cases)
        layout.addWidget(self.notes)
        layout.addLayout(note_row)
        layout.addWidget(self.history)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._body = [self.identities, self.suggestions, self.cases_title, self.sparkline, self.cases]
        self._body += [self.notes, self.note_text, self.add_note, self.history, self.tier, self.details]
        scroll = QScrollArea(objectName="customerScroll")
        scroll.setAccessibleName(self.tr("Customer details"))
        scroll.setAccessibleDescription(
            self.tr("Identities, past cases, notes and history; the arrows scroll")
        )
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        )  # rows elide or wrap instead
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _section(self, title: str | None) -> QWidget:
        box = QWidget(objectName="customerBox")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.setSpacing(4)
        if title:
            layout.addWidget(QLabel(title, objectName="customerSection"))
        box.setProperty("fixed", layout.count())  # rows after the title are rebuilt on each show
        return box

    # --- showing -----------------------------------------------------------------------------------

    def show_case(self, case_id: str | None, handle: str | None = None) -> None:
        """Show the profile of ``case_id``'s author — ``handle``: the author of the message being
        read, when the conversation has several (None: none); the latest call wins."""
        self._case_id = case_id
        self._handle = handle
        if self._load and not self._load.done():
            self._load.cancel()
        if case_id is None:
            self.show_profile(None)
            return
        self._load = asyncio.ensure_future(self._load_case(case_id, handle))

    def apply_changes(self, changes: AppliedChanges) -> None:
        """Reload when a pull changed the customer on screen (or reset the cache)."""
        shown = self.profile.customer.id if self.profile else None
        if self._case_id and (
            changes.reset or shown in changes.customers or (shown is None and changes.customers)
        ):
            self.show_case(self._case_id, self._handle)

    def shutdown(self) -> None:
        for task in [self._load, *self._actions]:
            if task:
                task.cancel()

    async def _load_case(self, case_id: str, handle: str | None) -> None:
        self.show_profile(await self._service.for_case(case_id, handle))

    def show_profile(self, profile: CustomerProfile | None) -> None:
        self.profile = profile
        self.empty.setVisible(profile is None)
        for widget in self._body:
            widget.setVisible(profile is not None)
        self.warning.setVisible(bool(profile and profile.recently_merged))
        if profile is None:
            self.name.clear()
            return
        customer = profile.customer
        self.name.setText(customer.display_name)
        self.name.setAccessibleName(self.tr("Customer {name}").format(name=customer.display_name))
        self.tier.setCurrentIndex(max(0, self.tier.findData(customer.tier)))
        known = [f"CRM {customer.crm_id}" if customer.crm_id else "", customer.email]
        self.details.setText(" · ".join(part for part in known if part))
        self.details.setVisible(any(known))
        self.warning.setText("⚠ " + profile.recently_merged)
        self._fill(
            self.identities, [self._identity_row(i, len(customer.identities)) for i in customer.identities]
        )
        self._fill(self.suggestions, [self._suggestion_row(s) for s in profile.suggestions])
        self.suggestions.setVisible(bool(profile.suggestions))
        self._show_cases(profile.past_cases, profile.trend)
        notes = [self._note_row(n.text, profile.name_of(n.author), n.at_ms) for n in profile.notes]
        self._fill(self.notes, notes or [QLabel(self.tr("No notes yet."), objectName="previewEmpty")])
        lines = [self._history_row(e) for e in profile.history if e.type is not CustomerEventType.NOTE]
        self._fill(
            self.history, lines or [QLabel(self.tr("No links or changes yet."), objectName="previewEmpty")]
        )

    def _fill(self, box: QWidget, rows: list[QWidget]) -> None:
        layout = box.layout()
        while layout.count() > box.property("fixed"):
            item = layout.takeAt(layout.count() - 1)
            if item.widget():
                item.widget().deleteLater()
        for row in rows:
            layout.addWidget(row)

    def _identity_row(self, identity: Identity, count: int) -> QWidget:
        row = QWidget(objectName="customerIdentity")
        row.setAccessibleName(
            self.tr("{handle} on {network}").format(
                handle=identity.handle, network=network_label(identity.network)
            )
        )
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(NetworkPill(identity.network))
        handle = QLabel(identity.handle, objectName="customerHandle")
        handle.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(handle)
        if identity.name and identity.name != identity.handle:
            layout.addWidget(QLabel(identity.name, objectName="customerMeta"))
        layout.addStretch(1)
        if identity.linked_by != INGEST_ACTOR and self.profile:
            linked = self.tr("linked by {who}, {age} ago").format(
                who=self.profile.name_of(identity.linked_by),
                age=format_age(identity.linked_ms, self._clock()),
            )
            layout.addWidget(QLabel(linked, objectName="customerMeta"))
        unlink = QPushButton(self.tr("Unlink…"), objectName="customerUnlink")
        unlink.setAccessibleName(self.tr("Unlink {handle}").format(handle=identity.handle))
        unlink.setEnabled(count > 1)
        unlink.setToolTip(self.tr("Split this identity off into a customer of its own"))
        unlink.clicked.connect(lambda: self._unlink_clicked(identity, unlink))
        layout.addWidget(unlink)
        return row

    def _suggestion_row(self, link: SuggestedLink) -> QWidget:
        other, suggestion = link.customer, link.suggestion
        row = QFrame(objectName="customerSuggestion")
        row.setAccessibleName(self.tr("Suggested link to {name}").format(name=other.display_name))
        layout = QVBoxLayout(row)
        layout.setContentsMargins(8, 6, 8, 6)
        top = QHBoxLayout()
        top.addWidget(QLabel(other.display_name, objectName="customerHandle"))
        for identity in other.identities:
            top.addWidget(NetworkPill(identity.network))
            top.addWidget(QLabel(identity.handle, objectName="customerMeta"))
        top.addStretch(1)
        top.addWidget(
            QLabel(self.tr("score {score}").format(score=suggestion.score), objectName="customerScore")
        )
        layout.addLayout(top)
        reasons = QLabel("\n".join(f"• {reason}" for reason in suggestion.reasons), objectName="customerMeta")
        reasons.setWordWrap(True)
        layout.addWidget(reasons)
        buttons = QHBoxLayout()
        confirm = QPushButton(self.tr("Confirm link"), objectName="customerConfirm")
        confirm.setAccessibleName(self.tr("Link {name} into this customer").format(name=other.display_name))
        dismiss = QPushButton(self.tr("Dismiss"), objectName="customerDismiss")
        dismiss.setAccessibleName(
            self.tr("Not the same person: dismiss {name}").format(name=other.display_name)
        )
        confirm.clicked.connect(lambda: self._confirm_clicked(suggestion, confirm))
        dismiss.clicked.connect(lambda: self._dismiss_clicked(suggestion, dismiss))
        buttons.addStretch(1)
        buttons.addWidget(dismiss)
        buttons.addWidget(confirm)
        layout.addLayout(buttons)
        return row

    def _show_cases(self, cases: tuple[PastCase, ...], trend: Trend) -> None:
        trends = {
            Trend.IMPROVING: self.tr("improving"),
            Trend.WORSENING: self.tr("worsening"),
            Trend.STEADY: self.tr("steady"),
            Trend.UNKNOWN: self.tr("too few cases for a trend"),
        }
        title = self.tr("Past cases ({count}) · sentiment {trend}").format(
            count=len(cases), trend=trends[trend]
        )
        self.cases_title.setText(title)
        self.sparkline.set_values([case.sentiment for case in cases])
        self.sparkline.setVisible(len(cases) > 1)
        rows = []
        for case in reversed(cases[-8:]):  # the newest first, as far as fits
            row = QWidget(objectName="customerCase")
            layout = QHBoxLayout(row)
            layout.setContentsMargins(0, 0, 0, 0)
            when = to_datetime(case.opened_ms).astimezone().strftime("%d %b %Y")
            layout.addWidget(QLabel(when, objectName="customerMeta"))
            layout.addWidget(NetworkPill(case.network))
            status = self.words.status(case.status)
            layout.addWidget(QLabel(f"{status} · {case.sentiment:+.2f}", objectName="customerMeta"))
            excerpt = ElidedLabel(case.excerpt, "customerExcerpt")
            layout.addWidget(excerpt, 1)
            row.setAccessibleName(
                self.tr("Case of {when}, {status}, sentiment {sentiment:+.2f}").format(
                    when=when, status=status, sentiment=case.sentiment
                )
            )
            rows.append(row)
        self._fill(self.cases, rows)

    def _note_row(self, text: str, author: str, at_ms: int) -> QLabel:
        when = to_datetime(at_ms).astimezone().strftime("%d %b %H:%M")
        label = QLabel(f"{author} · {when}\n{text}", objectName="customerNote")
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        return label

    def _history_row(self, event: CustomerEvent) -> QLabel:
        who = self.profile.name_of(event.actor) if self.profile else event.actor
        when = to_datetime(event.at_ms).astimezone().strftime("%d %b %H:%M")
        label = QLabel(f"{when} · {self.words.event(event, who)}", objectName="customerMeta")
        label.setWordWrap(True)
        return label

    # --- acting ------------------------------------------------------------------------------------

    def _ask(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text)
        return answer == QMessageBox.StandardButton.Yes

    def _run(self, control: QWidget, work: Callable[[], Awaitable], done: str) -> asyncio.Task:
        """Disable ``control``, queue the change, say what happens next (or why it could not)."""

        async def act() -> None:
            control.setEnabled(False)
            try:
                await work()
            except KnownError as error:
                self.status.setText(error_text(error))
            else:
                self.status.setText(done)
            finally:
                control.setEnabled(True)

        task = asyncio.ensure_future(act())
        self._actions.add(task)
        task.add_done_callback(self._actions.discard)
        return task

    def _sent(self) -> str:
        return self.tr("Sent to the hub: the profile shows it once the hub has applied it.")

    def _confirm_clicked(self, suggestion: Suggestion, button: QPushButton) -> asyncio.Task | None:
        if not (self.profile and self._case_id):
            return None
        me = self.profile.customer.id
        return self._run(
            button, lambda: self._service.link(self._case_id, me, suggestion.customer_id), self._sent()
        )

    def _dismiss_clicked(self, suggestion: Suggestion, button: QPushButton) -> asyncio.Task | None:
        if not (self.profile and self._case_id):
            return None
        me = self.profile.customer.id
        return self._run(
            button, lambda: self._service.dismiss(self._case_id, me, suggestion.customer_id), self._sent()
        )

    def _unlink_clicked(self, identity: Identity, button: QPushButton) -> asyncio.Task | None:
        if not (self.profile and self._case_id):
            return None
        question = self.tr(
            "Split {handle} off from {name}? It goes back to the customer it was merged from, or becomes a "
            "customer of its own. The link history keeps both steps."
        ).format(handle=identity.handle, name=self.profile.customer.display_name)
        if not self.confirm(self.tr("Unlink identity"), question):
            return None
        return self._run(button, lambda: self._service.unlink(self._case_id, identity.id), self._sent())

    def _tier_chosen(self, index: int) -> asyncio.Task | None:
        tier = self.tier.itemData(index)
        if not (self.profile and self._case_id) or tier == self.profile.customer.tier:
            return None
        me = self.profile.customer.id
        return self._run(self.tier, lambda: self._service.set_tier(self._case_id, me, tier), self._sent())

    def _note_clicked(self) -> asyncio.Task | None:
        text = self.note_text.toPlainText().strip()
        if not (self.profile and self._case_id and text):
            return None
        me = self.profile.customer.id

        async def add() -> None:
            await self._service.add_note(self._case_id, me, text)
            self.note_text.clear()

        return self._run(self.add_note, add, self._sent())
