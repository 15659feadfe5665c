"""The case view: one case in full — its header, the whole conversation, and its history.

Loads go through CaseViewService; the latest ``show_case`` wins (an earlier, slower load is
cancelled and, should it finish anyway, dropped), and ``apply_changes`` reloads only when a pull
touched the shown case.
"""

import asyncio
import html

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from console.domain.case_detail import CaseDetail, CaseHeader, Origin, TimelineEntry
from console.domain.clock import format_age, now_ms
from console.domain.sync import AppliedChanges
from console.services.case_view import CaseViewService
from console.ui.case_thread_html import conversation_html, pill, when

OPENABLE = ("http", "https")  # network text decides these links: never file:, never a custom scheme


class CaseView(QFrame):
    link_opened = Signal(str)
    """A link from the conversation or the timeline was handed to the system browser."""
    case_loaded = Signal(object)
    """The shown case was (re)loaded: its ``CaseDetail``, or None when the cache lacks it."""

    CONVERSATION, TIMELINE, CUSTOMER = 0, 1, 2

    def __init__(self, service: CaseViewService, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("caseView")
        self.setAccessibleName(self.tr("Case"))
        self._service = service
        self._case_id: str | None = None
        self._task: asyncio.Task | None = None
        self._generation = 0
        self.detail: CaseDetail | None = None
        self._build_ui()
        self.show_case(None)

    def _build_ui(self) -> None:
        self.empty = QLabel(self.tr("Select a case"), objectName="caseEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel(objectName="caseTitle")
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setAccessibleName(self.tr("Case status"))
        self.people = QLabel(objectName="caseMeta")
        self.people.setAccessibleName(self.tr("Team and people on the case"))
        self.service_level = QLabel(objectName="caseMeta")
        self.service_level.setAccessibleName(self.tr("Service level"))
        self.mood = QLabel(objectName="caseMood")
        self.mood.setAccessibleName(self.tr("Sentiment after the answer"))
        self.tags = QLabel(objectName="caseTags")
        self.tags.setTextFormat(Qt.TextFormat.RichText)
        self.tags.setAccessibleName(self.tr("Tags"))
        for label in (self.people, self.service_level, self.mood):
            label.setTextFormat(Qt.TextFormat.PlainText)  # names and policies are data, never markup
        for label in (self.title, self.people, self.service_level, self.mood, self.tags):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        header = QFrame(objectName="caseHeader")
        header_layout = QVBoxLayout(header)
        header_layout.setContentsMargins(16, 12, 16, 10)
        header_layout.setSpacing(3)
        for label in (self.title, self.people, self.service_level, self.mood, self.tags):
            header_layout.addWidget(label)

        self.conversation = QTextBrowser(objectName="caseConversation")
        self.conversation.setAccessibleDescription(self.tr("The case's messages and replies, oldest first"))
        self.conversation.setAccessibleName(self.tr("Conversation"))
        self.conversation.setOpenLinks(False)  # every link goes through open_link's scheme check
        self.conversation.anchorClicked.connect(lambda url: self.open_link(url.toString()))
        self.timeline = QTreeWidget(objectName="caseTimeline")
        self.timeline.setAccessibleName(self.tr("Case timeline"))
        self.timeline.setAccessibleDescription(self.tr("Everything that happened to the case, oldest first"))
        self.timeline.setHeaderLabels([self.tr("When"), self.tr("Who"), self.tr("What"), self.tr("From")])
        self.timeline.setRootIsDecorated(False)
        self.timeline.setUniformRowHeights(True)  # one line per event (the full sentence on hover)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.itemActivated.connect(self._open_timeline_link)
        for column, width in enumerate((130, 140, 420, 120)):
            self.timeline.setColumnWidth(column, width)
        self.timeline.header().setStretchLastSection(False)
        self.timeline.header().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tabs = QTabWidget(objectName="caseTabs")
        self.tabs.setAccessibleName(self.tr("Case views"))
        self.tabs.addTab(self.conversation, self.tr("&Conversation"))
        self.tabs.addTab(self.timeline, self.tr("&Timeline"))
        self.tabs.setTabToolTip(self.CONVERSATION, self.tr("Conversation (Ctrl+1)"))
        self.tabs.setTabToolTip(self.TIMELINE, self.tr("Timeline (Ctrl+2)"))

        self.body = QWidget(objectName="caseBody")
        body_layout = QVBoxLayout(self.body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.setSpacing(0)
        body_layout.addWidget(header)
        body_layout.addWidget(self.tabs, 1)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(self.body)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        within = Qt.ShortcutContext.WidgetWithChildrenShortcut  # the main window has its own keys
        QShortcut(
            QKeySequence("Ctrl+1"), self, activated=lambda: self.show_tab(self.CONVERSATION), context=within
        )
        QShortcut(
            QKeySequence("Ctrl+2"), self, activated=lambda: self.show_tab(self.TIMELINE), context=within
        )
        QShortcut(
            QKeySequence("Ctrl+3"), self, activated=lambda: self.show_tab(self.CUSTOMER), context=within
        )

    # --- loading ------------------------------------------------------------------------------

    @property
    def case_id(self) -> str | None:
        return self._case_id

    def show_case(self, case_id: str | None) -> None:
        """Show ``case_id`` (None: the empty state); the latest call wins."""
        changed = case_id != self._case_id
        self._case_id = case_id
        self._generation += 1
        if self._task and not self._task.done():
            self._task.cancel()
        self._task = None
        if case_id is None:
            self.detail = None
            self.empty.setText(self.tr("Select a case"))
            self.pages.setCurrentWidget(self.empty)
            return
        if changed:
            self.detail = None
        self._task = asyncio.ensure_future(self._load(case_id, self._generation, keep_scroll=not changed))

    def refresh(self) -> None:
        """Read the shown case again, keeping the reader's place."""
        if self._case_id is not None:
            self.show_case(self._case_id)

    def apply_changes(self, changes: AppliedChanges) -> None:
        """A pull applied ``changes``: reload when they touch the shown case (ChangesHub's slot)."""
        if self._case_id is not None and self._service.touches(changes, self._case_id, self.detail):
            self.refresh()

    def shutdown(self) -> None:
        if self._task:
            self._task.cancel()

    async def _load(self, case_id: str, generation: int, keep_scroll: bool) -> None:
        detail = await self._service.load(case_id)
        if generation != self._generation:  # a later show_case took over while this one read
            return
        self.show_detail(detail, keep_scroll=keep_scroll)

    # --- showing ------------------------------------------------------------------------------

    def show_detail(self, detail: CaseDetail | None, keep_scroll: bool = False) -> None:
        self.detail = detail
        self.pages.setCurrentWidget(self.body if detail else self.empty)
        if detail is None:
            self.empty.setText(self.tr("This case is not in the local cache (yet)."))
            self.case_loaded.emit(None)
            return
        self.empty.setText(self.tr("Select a case"))
        self._show_header(detail.header)
        bar = self.conversation.verticalScrollBar()
        position = bar.value() if keep_scroll else None
        self.conversation.setHtml(conversation_html(detail.context, detail.conversation, self._reach))
        if position is not None:
            bar.setValue(position)
        self._show_timeline(detail.timeline, keep_scroll)
        self.case_loaded.emit(detail)

    def add_customer_tab(self, panel: QWidget) -> None:
        """The customer's profile beside the conversation and timeline (Ctrl+3)."""
        self.tabs.addTab(panel, self.tr("C&ustomer"))
        self.tabs.setTabToolTip(self.CUSTOMER, self.tr("Customer (Ctrl+3)"))

    def show_tab(self, index: int) -> None:
        self.tabs.setCurrentIndex(index)
        self.tabs.currentWidget().setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _show_header(self, header: CaseHeader) -> None:
        status = pill(f"status-{header.status.value}", self._status_label(header))
        network = pill(header.network.value, header.network.label)
        account = html.escape(header.account_handle)
        self.title.setText(
            self.tr("{network} <b>{account}</b> · {status} · priority {priority}").format(
                network=network, account=account, status=status, priority=header.priority
            )
        )
        self.people.setText(
            self.tr("Team {team} · assigned to {assignee} · {claim}").format(
                team=header.team or self.tr("none"),
                assignee=header.assignee or self.tr("nobody"),
                claim=self._claim(header),
            )
        )
        self.service_level.setText(self._service_level(header))
        self._show_mood(header)
        tags = " ".join(pill("tag", tag) for tag in header.tags)
        self.tags.setText(self.tr("Tags: {tags}").format(tags=tags) if header.tags else self.tr("No tags"))

    def _show_mood(self, header: CaseHeader) -> None:
        """The customer's sentiment before and after the first answer, once they wrote again."""
        change = header.sentiment_change
        if change is None:
            before = header.sentiment_before
            waiting = header.first_response_ms is not None and before is not None
            self.mood.setText(
                self.tr("Sentiment {before:+.2f} · waiting for the customer after the answer").format(
                    before=before
                )
                if waiting
                else ""
            )
            self.mood.setProperty("state", "waiting")
        else:
            verdict = (
                self.tr("better")
                if change > 0.1
                else self.tr("worse")
                if change < -0.1
                else self.tr("about the same")
            )
            self.mood.setText(
                self.tr(
                    "Sentiment after the answer: {before:+.2f} → {after:+.2f} ({change:+.2f}, {verdict})"
                ).format(
                    before=header.sentiment_before,
                    after=header.sentiment_after,
                    change=change,
                    verdict=verdict,
                )
            )
            self.mood.setProperty("state", "better" if change > 0.1 else "worse" if change < -0.1 else "same")
        self.mood.setVisible(bool(self.mood.text()))
        self.mood.style().unpolish(self.mood)
        self.mood.style().polish(self.mood)

    def _status_label(self, header: CaseHeader) -> str:
        labels = {
            "new": self.tr("new"),
            "open": self.tr("open"),
            "pending": self.tr("pending (waiting for the customer)"),
            "resolved": self.tr("resolved"),
        }
        label = labels.get(header.status.value, header.status.value)
        if header.reopen_count:
            label += " · " + self.tr("reopened {n}×").format(n=header.reopen_count)
        return label

    def _claim(self, header: CaseHeader) -> str:
        now = now_ms()
        if header.claim_holder and (header.claim_expires_ms or 0) > now:
            return self.tr("claimed by {name} ({left} left)").format(
                name=header.claim_holder, left=format_age(now, header.claim_expires_ms or now)
            )
        return self.tr("not claimed")

    def _service_level(self, header: CaseHeader) -> str:
        parts = []
        if header.sla_policy:
            parts.append(self.tr("Service level {policy}").format(policy=header.sla_policy))
        if header.first_response_ms is not None:
            parts.append(self.tr("first response {at}").format(at=when(header.first_response_ms)))
        elif header.first_response_due_ms is not None:
            parts.append(self.tr("first response due {at}").format(at=when(header.first_response_due_ms)))
        if header.resolved_ms is not None:
            parts.append(self.tr("resolved {at}").format(at=when(header.resolved_ms)))
        elif header.resolution_due_ms is not None:
            parts.append(self.tr("resolution due {at}").format(at=when(header.resolution_due_ms)))
        due = header.owed_due_ms
        if due is not None and due < now_ms():
            parts.append(self.tr("overdue"))
        parts.append(self.tr("opened {at}").format(at=when(header.opened_ms)))
        return " · ".join(parts)

    def _show_timeline(self, entries: tuple[TimelineEntry, ...], keep_scroll: bool) -> None:
        bar = self.timeline.verticalScrollBar()
        at_end = bar.value() >= bar.maximum()
        position = bar.value()
        self.timeline.clear()
        items = []
        for entry in entries:
            sentence = QCoreApplication.translate("CaseTimeline", entry.template).format(**entry.values)
            row = [when(entry.at_ms), entry.actor, sentence, self._origin(entry.origin)]
            item = QTreeWidgetItem(row)
            item.setToolTip(2, sentence + (f"\n{entry.url}" if entry.url else ""))
            item.setData(0, Qt.ItemDataRole.UserRole, entry.url)
            items.append(item)
        self.timeline.addTopLevelItems(items)
        if keep_scroll and not at_end:
            bar.setValue(position)
        else:
            self.timeline.scrollToBottom()  # newest last: the latest is what the agent wants

    def _origin(self, origin: Origin) -> str:
        return {
            Origin.NETWORK: self.tr("the network"),
            Origin.HUB: self.tr("the hub"),
            Origin.WORKSTATION: self.tr("a workstation"),
            Origin.THIS_WORKSTATION: self.tr("this workstation"),
        }[origin]

    def _reach(self, followers: int) -> str:
        if followers >= 1_000_000:
            count = f"{followers / 1_000_000:.1f}M"
        elif followers >= 10_000:
            count = f"{followers // 1000}k"
        else:
            count = f"{followers:,}"
        return self.tr("{count} followers").format(count=count)

    # --- links --------------------------------------------------------------------------------

    def open_link(self, url: str) -> bool:
        """Hand ``url`` to the system browser when it is a web link; False (and nothing) otherwise."""
        target = QUrl(url)
        if target.scheme().lower() not in OPENABLE or not target.host():
            return False
        QDesktopServices.openUrl(target)
        self.link_opened.emit(target.toString())
        return True

    def _open_timeline_link(self, item: QTreeWidgetItem) -> None:
        url = item.data(0, Qt.ItemDataRole.UserRole)
        if url:
            self.open_link(url)
