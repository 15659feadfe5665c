"""The main window: filter bar, the live queue, the case pane beside it and the sync status."""

import asyncio

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from console.domain.disposition import DispositionCatalog
from console.domain.presence import Activity
from console.domain.queue import FilterChoices, QueueRow
from console.domain.sync import AppliedChanges, LinkState, OutboxState, SyncStatus
from console.services.analytics import Analytics
from console.services.archive import Archive
from console.services.case_replay import CaseReview
from console.services.case_view import CaseViewService
from console.services.cases import BulkOutcome, CaseActions
from console.services.channel_health import ChannelHealthService
from console.services.claim_requests import ClaimRequests
from console.services.composer import ComposerService
from console.services.customers import CustomerService
from console.services.errors import KnownError
from console.services.floor import FloorService
from console.services.guidance import GuidanceService
from console.services.handoffs import HandoffHistory
from console.services.keep_offline import KeepOffline
from console.services.next_case import NextCase
from console.services.notifications import Notifier
from console.services.preferences import Preferences
from console.services.presence import PresenceReporter
from console.services.queue import QueueService
from console.services.replies import ReplyService
from console.services.session import SessionService
from console.services.team_notes import TeamNotes
from console.services.tree_report import TreeReports
from console.services.user_settings import SettingsStore
from console.ui.analytics_dialog import AnalyticsDialog
from console.ui.archive_dialog import ArchiveDialog
from console.ui.assign_dialog import AssignDialog
from console.ui.broadcast_banner import BroadcastBanner
from console.ui.case_pane import CasePane
from console.ui.case_review import CaseReviewActions
from console.ui.case_work import CaseWork
from console.ui.changes_hub import ChangesHub
from console.ui.channel_health_dialog import ChannelHealthDialog
from console.ui.filter_bar import FilterBar
from console.ui.floor_view import FloorWindow
from console.ui.handoffs_dialog import HandoffsDialog
from console.ui.help_menu import HelpMenu
from console.ui.help_overlay import HelpOverlay
from console.ui.keep_offline_dialog import KeepOfflineDialog
from console.ui.queue_model import QueueModel, RowRole
from console.ui.queue_view import QueueView
from console.ui.settings_dialog import SettingsDialog
from console.ui.shortcuts import ShortcutMap
from console.ui.sign_in_dialog import SignInDialog
from console.ui.status_bar import SyncStatusBar
from console.ui.team_notes_dialog import TeamNotesDialog
from console.ui.translation import error_text
from console.ui.tree_report_dialog import TreeReportDialog
from console.ui.window_state import restore_window, save_window

COUNT_CAP = 10_000
WINDOW_NAME = "main"  # the key its size and splitters are saved under


class MainWindow(QMainWindow):
    closed = Signal()
    """The window was closed: the application shuts down."""
    workspace_change_requested = Signal()
    """The person asked to open another workspace (the first-run wizard, again)."""

    def __init__(
        self,
        queue: QueueService,
        changes: ChangesHub,
        hub_label: str,
        credential_notice: str | None = None,
        session: SessionService | None = None,
        actions: CaseActions | None = None,
        presence: PresenceReporter | None = None,
        replies: ReplyService | None = None,
        preferences: Preferences | None = None,
        notifier: Notifier | None = None,
        next_case: NextCase | None = None,
        claim_requests: ClaimRequests | None = None,
        case_view: CaseViewService | None = None,
        composer: ComposerService | None = None,
        customers: CustomerService | None = None,
        dispositions: DispositionCatalog | None = None,
        handoffs: HandoffHistory | None = None,
        tree_reports: TreeReports | None = None,
        guidance: GuidanceService | None = None,
        channel_health: ChannelHealthService | None = None,
        analytics: Analytics | None = None,
        review: CaseReview | None = None,
        floor: FloorService | None = None,
        archive: Archive | None = None,
        keep_offline: KeepOffline | None = None,
        team_notes: TeamNotes | None = None,
        user_settings: SettingsStore | None = None,
    ):
        super().__init__()
        # The agent's settings (Edit → Settings…) and the keys in force, from them.
        self._user_settings = user_settings
        self._hub_label = hub_label
        self.settings_dialog: SettingsDialog | None = None
        self.keys = ShortcutMap(user_settings.values.shortcuts if user_settings else None, self)
        self._changes = changes
        self._floor = floor
        self.floor_window: FloorWindow | None = None
        self._team_notes = team_notes
        self.team_notes_dialog: TeamNotesDialog | None = None
        self._queue = queue
        self._preferences = preferences
        self._notifier = notifier
        self._next_case = next_case
        self._handoffs = handoffs
        self.handoffs_dialog: HandoffsDialog | None = None
        self._tree_reports = tree_reports
        self.tree_report_dialog: TreeReportDialog | None = None
        self._analytics = analytics
        self.analytics_dialog: AnalyticsDialog | None = None
        self._archive = archive
        self.archive_dialog: ArchiveDialog | None = None
        self._channel_health = channel_health
        self.channel_health_dialog: ChannelHealthDialog | None = None
        self._keep_offline = keep_offline
        self.keep_offline_dialog: KeepOfflineDialog | None = None
        self._session = session  # None on the embedded hub, which signs its workstation in itself
        self.sign_in_dialog: SignInDialog | None = None
        self._actions = actions
        self._presence = presence
        self._shown_mention: str | None = None
        # Replay and case reports read the cache only: they work with the hub stopped.
        self.review = CaseReviewActions(review, self) if review is not None else None
        self.case = CasePane(
            actions, presence, replies, claim_requests, case_view, composer, customers, guidance
        )
        self.guidance = self.case.guidance
        self.case.message.connect(lambda text: self.status.showMessage(text, 8_000))
        if self.review is not None:
            self.review.message.connect(lambda text: self.status.showMessage(text, 10_000))
        self.preview = self.case.preview
        self.replies = self.case.replies
        self.setWindowTitle(self.tr("Horseshoe — Queue"))
        self.resize(1280, 760)
        self.model = QueueModel(queue, parent=self)
        self.status = SyncStatusBar(hub_label, credential_notice, self)
        self.setStatusBar(self.status)
        self._build_ui(dispositions, case_view)
        self._count_task: asyncio.Task | None = None
        self._choices_task: asyncio.Task | None = None
        self._bulk_task: asyncio.Task | None = None
        self.choices = FilterChoices()  # the latest from the cache (filters, "Assign to…")
        self.assign_dialog: AssignDialog | None = None
        self._count_timer = QTimer(self, singleShot=True, interval=300, timeout=self._refresh_count)
        # New mentions bring new languages (and accounts): offer them, at most twice a minute.
        self._choices_timer = QTimer(self, singleShot=True, interval=30_000, timeout=self._refresh_choices)
        changes.changes_applied.connect(self._on_changes)
        changes.status_changed.connect(self._on_status)
        changes.outbox_changed.connect(self._on_outbox)
        changes.presence_changed.connect(self.case.on_presence)
        changes.presence_changed.connect(self._adopt_status)
        changes.changes_applied.connect(self.banner.on_changes)
        self.model.page_loaded.connect(self._on_page_loaded)
        # Queued: the page's rows paint first, the preview of the first one follows.
        self.model.rowsInserted.connect(self._select_first, Qt.ConnectionType.QueuedConnection)
        self.model.dataChanged.connect(self._on_rows_changed)
        self.model.load_failed.connect(lambda reason: self.status.showMessage(reason, 10_000))
        self.model.modelReset.connect(self._on_reset)
        self._refresh_choices()
        if self._preferences is not None:  # where the agent left it (size, splitters); defaults otherwise
            restore_window(self, self._preferences, WINDOW_NAME)

    def _build_ui(self, dispositions: DispositionCatalog | None, case_view: CaseViewService | None) -> None:
        self.title = QLabel(self.tr("Queue"), objectName="queueTitle")
        self.count = QLabel(objectName="queueCount")
        self.filters = FilterBar(self._preferences)
        self.search = self.filters.search
        bar = QWidget(objectName="filterBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(self.title)
        row.addWidget(self.count)
        row.addSpacing(12)
        row.addWidget(self.filters, 1)

        self.view = QueueView(self.model, self._preferences, keys=self.keys)
        splitter = QSplitter(Qt.Orientation.Horizontal, objectName="queueSplitter")  # named: saved
        splitter.addWidget(self.view)
        splitter.addWidget(self.case)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2 if self.case.case_view else 1)
        # With the case view and composer beside it, the queue keeps its key columns and the case
        # gets room to read and write; a bare preview needs less.
        splitter.setSizes([800, 480] if self.case.case_view else [920, 340])
        if self.guidance is not None:  # the tree beside the case view: the queue keeps its key columns
            splitter.setStretchFactor(0, 5)
            splitter.setStretchFactor(1, 7)
            splitter.setSizes([580, 820])

        central = QWidget(objectName="centralArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        # A supervisor's team note, above everything else; it never takes the keyboard.
        self.banner = BroadcastBanner(self._team_notes)
        self.banner.list_requested.connect(self.show_team_notes)
        layout.addWidget(self.banner)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)
        self.help = HelpOverlay(central, self.keys)

        self.filters.changed.connect(self._apply_filter)
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        self.view.selectionModel().currentRowChanged.connect(lambda *_args: self._on_selection(None, None))
        self.view.open_requested.connect(self.open_case)
        self.view.claim_requested.connect(self.claim_selected)
        self.view.help_requested.connect(self.help.toggle)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(
            lambda pos: self._queue_menu().popup(self.view.mapToGlobal(pos))
        )
        # Every key from the one table (console/ui/shortcuts.py), so the agent can change it.
        keys = self.keys
        keys.bind("window.search", self, self.filters.focus_search)
        keys.bind("queue.release", self, self.release_selected)
        if self.guidance is not None:  # the guidance panel takes the keyboard (its keys work there)
            keys.bind("window.guidance", self, self.focus_guidance)
        keys.bind("window.help", self, self.help.toggle)
        keys.bind("case.replay", self, self.replay_selected)
        keys.bind("window.settings", self, self.show_settings)
        on_view = Qt.ShortcutContext.WidgetWithChildrenShortcut
        keys.bind("queue.tag", self.view, self.ask_tag_selected, on_view)
        keys.bind("queue.spam", self.view, self.spam_selected, on_view)
        keys.bind("queue.next_case", self.view, self.get_next, on_view)
        keys.bind("queue.assign", self.view, self.ask_assign_selected, on_view)
        # Esc belongs to whatever has focus (the search, the case pane, the help), not the window.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, activated=self._leave_search, context=on_view)
        QShortcut(
            QKeySequence(Qt.Key.Key_Escape), self.preview, activated=self.view.setFocus, context=on_view
        )
        self.view.setFocus()
        self.case_work = CaseWork(
            self,
            self.view,
            self._actions,
            self._act,
            self._selected_rows,
            lambda: self.choices.teams,
            dispositions,
            case_view,
            self.keys,
        )
        queue_menu = self.menuBar().addMenu(self.tr("&Queue"))
        queue_menu.aboutToShow.connect(lambda: self._fill_queue_menu(queue_menu))
        self._fill_queue_menu(queue_menu)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        self.settings_action = edit.addAction(self.tr("&Settings…"), self.show_settings)
        self.settings_action.setEnabled(self._user_settings is not None)
        edit.aboutToShow.connect(
            lambda: self.settings_action.setText(
                self.tr("&Settings…") + "\t" + self.keys.text("window.settings")
            )
        )
        reports = self.menuBar().addMenu(self.tr("&Reports"))
        self.tree_report_action = reports.addAction(self.tr("&Tree report…"), self.show_tree_report)
        self.tree_report_action.setEnabled(self._tree_reports is not None)
        self.analytics_action = reports.addAction(self.tr("&Analytics…"), self.show_analytics)
        self.analytics_action.setEnabled(self._analytics is not None)
        # Every role: it reads this desk's cache only, so it works with the hub unreachable.
        self.archive_action = reports.addAction(self.tr("Case a&rchive…"), self.show_archive)
        self.archive_action.setEnabled(self._archive is not None)
        self.channel_health_action = reports.addAction(self.tr("&Channel health…"), self.show_channel_health)
        self.floor_action = reports.addAction(self.tr("&Floor view…"), self.show_floor)
        reports.addSeparator()
        self.keep_offline_action = reports.addAction(self.tr("&Keep offline…"), self.show_keep_offline)
        self.keep_offline_action.setEnabled(self._keep_offline is not None)
        # Only supervisors and admins (the hub refuses anyone else): the role may change with a sign-in.
        reports.aboutToShow.connect(self._update_reports_menu)
        self._update_reports_menu()
        self._build_account_menu()
        self.help_menu = HelpMenu(self, self.keys, self.help)  # the guide (F1), the keys (?), About

    def _queue_menu(self) -> QMenu:
        menu = QMenu(self)
        self._fill_queue_menu(menu)
        return menu

    def _fill_queue_menu(self, menu: QMenu) -> None:
        menu.clear()
        count = len(self._selected_cases())
        suffix = f" ({count})" if count > 1 else ""
        key = self.keys.text
        for text, slot in (
            (self.tr("&Claim") + suffix + "\t" + key("queue.claim"), self.claim_selected),
            (self.tr("&Release") + suffix + "\t" + key("queue.release"), self.release_selected),
            (self.tr("&Tag…") + suffix + "\t" + key("queue.tag"), self.ask_tag_selected),
            (self.tr("Resolve as &spam") + suffix + "\t" + key("queue.spam"), self.spam_selected),
            (self.tr("&Assign to…") + suffix + "\t" + key("queue.assign"), self.ask_assign_selected),
            (self.tr("Assign to &me") + suffix, self.assign_me_selected),
            (self.tr("&Unassign") + suffix, lambda: self.assign_selected(None)),
        ):
            action = menu.addAction(text, slot)
            signed_in = slot != self.assign_me_selected or self._me() is not None
            action.setEnabled(self._actions is not None and count > 0 and signed_in)
        menu.addSeparator()
        self.case_work.fill_menu(menu, suffix, self._actions is not None and count > 0)
        menu.addSeparator()
        get_next = menu.addAction(self.tr("Get &next case") + "\t" + key("queue.next_case"), self.get_next)
        get_next.setEnabled(self._next_case is not None)
        menu.addAction(self.tr("My &hand-offs…"), self.show_handoffs).setEnabled(self._handoffs is not None)
        one_case = self.review is not None and count == 1
        for text, slot in (
            (self.tr("Re&play case…") + "\t" + key("case.replay"), self.replay_selected),
            (self.tr("E&xport case report (PDF)…"), self.export_selected_report),
        ):
            menu.addAction(text, slot).setEnabled(one_case)
        menu.addAction(self.tr("Team &notes…"), self.show_team_notes).setEnabled(self._team_notes is not None)
        if self._presence is not None:
            status = menu.addMenu(self.tr("My &status"))
            for activity, label in (
                (Activity.AVAILABLE, self.tr("&Available: give me new cases")),
                (Activity.BUSY, self.tr("&Busy: no new cases")),
                (Activity.AWAY, self.tr("A&way")),
            ):
                choice = status.addAction(label, lambda a=activity: self._presence.set_status(a))
                choice.setCheckable(True)
                choice.setChecked(self._presence.status is activity)
        menu.addSeparator()
        menu.addAction(self.tr("Keyboard &shortcuts") + "\t" + key("window.help"), self.help.toggle)
        if self._notifier is not None:
            mute = menu.addAction(self.tr("&Mute desktop notifications"))
            mute.setCheckable(True)
            mute.setChecked(self._notifier.muted)
            mute.toggled.connect(self._notifier.set_muted)
        self.queue_menu = menu  # kept for tests

    def _build_account_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Account"))
        # Every desk, the demo's too: the composition root asks and reopens the desk on the choice.
        self.change_workspace_action = QAction(
            self.tr("Change &workspace…"), self, triggered=lambda: self.workspace_change_requested.emit()
        )
        if self._session is None:
            menu.addAction(self.change_workspace_action)
            return
        self.sign_in_action = QAction(self.tr("Sign &in…"), self, triggered=lambda: self._ask_to_sign_in(""))
        self.sign_out_action = QAction(self.tr("Sign &out"), self, triggered=self.sign_out)
        menu.addAction(self.sign_in_action)
        menu.addAction(self.sign_out_action)
        menu.addSeparator()
        menu.addAction(self.change_workspace_action)
        menu.aboutToShow.connect(self._update_account_menu)
        self._update_account_menu()

    def _update_account_menu(self) -> None:
        user = self._session.user if self._session else None
        self.sign_in_action.setEnabled(user is None)
        self.sign_out_action.setEnabled(user is not None)
        name = (user.name or user.username) if user else ""
        self.sign_out_action.setText(self.tr("Sign &out {name}").format(name=name).strip())

    @asyncSlot()
    async def sign_out(self) -> None:
        """End the sign-in here and on the hub; unsent work stays in the outbox for the next sign-in."""
        if self._session is None or self._session.user is None:
            return
        if self._presence is not None:
            self._presence.set(None)
        await self._session.sign_out()
        self._update_account_menu()
        self.case.refresh_claim()
        self.status.showMessage(self.tr("Signed out. Unsent work waits for your next sign-in."), 10_000)

    def _apply_filter(self) -> None:
        query = self.filters.query(self.model.query)
        if query != self.model.query:
            self.model.set_query(query)

    def _leave_search(self) -> None:
        self.search.clear()
        self.view.setFocus()

    def _on_selection(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        # Rows inserted above the selection move it and emit an empty change: ask what is selected now.
        row = self._selected_row()
        mention_id = row.mention_id if row is not None else None
        if mention_id == self._shown_mention:
            return
        self._shown_mention = mention_id
        self.case.show_row(row)

    def _on_reset(self) -> None:
        # A new order or filter: the pane changes after the new rows have painted (re-laying out the
        # pane here cost the first page a millisecond or two) — to the first row, or to nothing.
        self._shown_mention = None
        QTimer.singleShot(0, self._after_reset)

    def _after_reset(self) -> None:
        if self.model.rowCount():
            self._select_first()
            self._on_selection(None, None)  # the same mention may be first again: show it anew
        else:
            self.case.show_row(None)

    def _selected_row(self) -> QueueRow | None:
        """The row being read: the current one when selected, else the first selected."""
        selection = self.view.selectionModel()
        current = selection.currentIndex()
        if current.isValid() and selection.isRowSelected(current.row()):
            return current.siblingAtColumn(0).data(RowRole)
        indexes = selection.selectedRows()
        return indexes[0].data(RowRole) if indexes else None

    def _selected_rows(self) -> list[QueueRow]:
        """Every selected row, in display order."""
        positions = sorted(index.row() for index in self.view.selectionModel().selectedRows())
        return [row for row in map(self.model.row_at, positions) if row is not None]

    def _selected_cases(self) -> list[str]:
        """The cases of every selected row, once each, in display order."""
        return list(dict.fromkeys(row.case_id for row in self._selected_rows() if row.case_id))

    def replay_selected(self) -> None:
        """Replay the selected case event by event (the first, when several are selected)."""
        cases = self._selected_cases()
        if self.review is not None and cases:
            self.review.open_replay(cases[0])

    def export_selected_report(self) -> None:
        """Save the selected case's report as PDF, asking where."""
        cases = self._selected_cases()
        if self.review is not None and cases:
            self.review.export_report(cases[0])

    def open_case(self) -> None:
        """Enter: the selected case's pane takes the keyboard (Esc comes back to the queue)."""
        row = self._selected_row()
        if row is None:
            return
        self.case.show_row(row, moved=row.mention_id != self._shown_mention)
        self._shown_mention = row.mention_id
        self.case.focus_case()

    def focus_guidance(self) -> None:
        if self.guidance is not None and self.guidance.isVisible():
            self.guidance.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @asyncSlot()
    async def claim_selected(self) -> None:
        """Ask the hub for the selected cases (C); tentative until the hub answers."""
        await self._act(lambda actions, case_id: actions.claim(case_id), self.tr("Claim requested"))

    @asyncSlot()
    async def release_selected(self) -> None:
        await self._act(lambda actions, case_id: actions.release(case_id), self.tr("Release requested"))

    def ask_tag_selected(self) -> None:
        if self._actions is None or not self._selected_cases():
            return
        tag, ok = QInputDialog.getText(self, self.tr("Tag"), self.tr("Tag for the selected cases:"))
        if ok and tag.strip():
            self.tag_selected(tag.strip())

    @asyncSlot(str)
    async def tag_selected(self, tag: str) -> None:
        await self._act(lambda actions, case_id: actions.tag(case_id, tag), self.tr("Tagged"))

    @asyncSlot()
    async def spam_selected(self) -> None:
        await self._act(
            lambda actions, case_id: actions.resolve_as_spam(case_id), self.tr("Resolved as spam")
        )

    @asyncSlot()
    async def get_next(self) -> None:
        """N: claim the case to work on next (mine first, then my teams' most urgent) and show it."""
        if self._next_case is None:
            return
        try:
            case_id = await self._next_case.take()
        except KnownError as error:
            self.status.showMessage(error_text(error), 10_000)
            return
        if case_id is None:
            self.status.showMessage(self.tr("Nothing is waiting for you: the queue is clear."), 5_000)
            return
        self.status.showMessage(self.tr("Claimed the next case; it is yours once the hub agrees."), 5_000)
        for position in range(self.model.rowCount()):
            row = self.model.row_at(position)
            if row is not None and row.case_id == case_id:
                self.view.selectRow(position)
                self.view.scrollTo(self.model.index(position, 0))
                break
        self.case.refresh_claim()

    def show_settings(self) -> None:
        """Edit → Settings… (Ctrl+,): appearance, notifications, shortcuts and sync, applied as changed."""
        if self._user_settings is None:
            return
        if self.settings_dialog is None:
            self.settings_dialog = SettingsDialog(self._user_settings, self.keys, self._hub_label, self)
            self.settings_dialog.applied.connect(self._setting_applied)
        self.settings_dialog.show()
        self.settings_dialog.raise_()

    def _setting_applied(self, name: str) -> None:
        """The conversation is HTML coloured when written: write it again in the new theme."""
        view = self.case.case_view
        if name == "theme" and view is not None and view.detail is not None:
            view.show_detail(view.detail, keep_scroll=True)

    def show_handoffs(self) -> None:
        """The cases I handed to other teams, and where each stands now."""
        if self._handoffs is None:
            return
        if self.handoffs_dialog is None:
            self.handoffs_dialog = HandoffsDialog(self._handoffs, self)
        else:
            self.handoffs_dialog.refresh()
        self.handoffs_dialog.show()
        self.handoffs_dialog.raise_()

    def show_team_notes(self) -> None:
        """The recent notes from supervisors to my teams and everyone."""
        if self._team_notes is None:
            return
        if self.team_notes_dialog is None:
            self.team_notes_dialog = TeamNotesDialog(self._team_notes, self)
        else:
            self.team_notes_dialog.refresh()
        self.team_notes_dialog.show()
        self.team_notes_dialog.raise_()

    def _adopt_status(self, board: tuple) -> None:
        """A supervisor set my desk status: it is mine now (the reporter keeps it), and I am told."""
        if self._presence is None:
            return
        adopted = self._presence.adopt(board, self._me())
        if adopted is not None:
            self.status.show_status_set(adopted)

    def _update_reports_menu(self) -> None:
        health = self._channel_health
        self.channel_health_action.setVisible(health is not None and health.allowed())
        self.floor_action.setVisible(self._floor is not None and self._floor.allowed())

    def show_floor(self) -> None:
        """The live floor (supervisors and admins): depth, SLA, agents, alerts, the day in charts."""
        if self._floor is None or not self._floor.allowed():
            return
        if self.floor_window is None:
            self.floor_window = FloorWindow(self._floor, self._changes, self._me(), self)
        else:
            self.floor_window.refresh()
        self.floor_window.show()
        self.floor_window.raise_()

    def show_channel_health(self) -> None:
        if self._channel_health is None or not self._channel_health.allowed():
            return
        if self.channel_health_dialog is None:
            self.channel_health_dialog = ChannelHealthDialog(self._channel_health, self)
        else:
            self.channel_health_dialog.refresh()
        self.channel_health_dialog.show()
        self.channel_health_dialog.raise_()

    def show_keep_offline(self) -> None:
        """Download a date range of history into the cache, for review away from the hub."""
        if self._keep_offline is None:
            return
        if self.keep_offline_dialog is None:
            self.keep_offline_dialog = KeepOfflineDialog(self._keep_offline, self)
        self.keep_offline_dialog.show()
        self.keep_offline_dialog.raise_()

    def show_analytics(self) -> None:
        """The headline measures per group over a period, from this desk's cache."""
        if self._analytics is None:
            return
        if self.analytics_dialog is None:
            self.analytics_dialog = AnalyticsDialog(self._analytics, self)
        else:
            self.analytics_dialog.refresh()
        self.analytics_dialog.show()
        self.analytics_dialog.raise_()

    def show_archive(self) -> None:
        """Search, preview and export past cases from this desk's cache."""
        if self._archive is None:
            return
        if self.archive_dialog is None:
            review = self.review
            self.archive_dialog = ArchiveDialog(
                self._archive,
                self,
                open_replay=review.open_replay if review else None,
                export_report=review.export_report if review else None,
            )
        else:
            self.archive_dialog.search()
        self.archive_dialog.show()
        self.archive_dialog.raise_()

    def show_tree_report(self) -> None:
        """How each decision tree's sessions went, and two versions compared."""
        if self._tree_reports is None:
            return
        if self.tree_report_dialog is None:
            self.tree_report_dialog = TreeReportDialog(self._tree_reports, self)
        else:
            self.tree_report_dialog.refresh()
        self.tree_report_dialog.show()
        self.tree_report_dialog.raise_()

    def ask_assign_selected(self) -> None:
        """A: pick who gets the selected cases (or "Assign to me", or "Unassign")."""
        cases = self._selected_cases()
        if self._actions is None or not cases:
            return
        if self.assign_dialog is not None and self.assign_dialog.isVisible():
            return
        owners = frozenset(row.team for row in self._selected_rows() if row.team)
        self.assign_dialog = AssignDialog(self.choices.assignable, self._me(), len(cases), owners, self)
        self.assign_dialog.assignee_chosen.connect(self.assign_selected)
        self.assign_dialog.open()

    def assign_me_selected(self) -> None:
        if self._me() is not None:  # signed out, "me" is nobody: never an unassign by accident
            self.assign_selected(self._me())

    @asyncSlot(object)
    async def assign_selected(self, assignee: str | None) -> None:
        """Give every selected case to ``assignee`` (None: to nobody); the hub says who may."""
        if assignee is None:
            done = self.tr("Unassign requested")
        elif assignee == self._me():
            done = self.tr("Assignment to you requested")
        else:
            name = dict(self.choices.people).get(assignee, assignee)
            done = self.tr("Assignment to {name} requested").format(name=name)
        await self._act(lambda actions, case_id: actions.assign(case_id, assignee), done)

    def _me(self) -> str | None:
        return self._actions.user_id if self._actions is not None else None

    async def _act(self, action, done: str, cases: list[str] | None = None) -> BulkOutcome | None:
        """One action on every selected case (or on ``cases``), queued in the outbox; refusals are
        told, not raised."""
        cases = self._selected_cases() if cases is None else cases
        if self._actions is None or not cases:
            return None
        try:
            outcome = await self._actions.on_each(cases, lambda case_id: action(self._actions, case_id))
        except KnownError as error:
            self.status.showMessage(error_text(error), 10_000)
            return None
        if outcome.refused:
            first = outcome.refused[0].split(": ", 1)[-1]
            self.status.showMessage(
                self.tr("{done} of {n}: {reason}").format(done=outcome.done, n=len(cases), reason=first),
                10_000,
            )
        else:
            many = self.tr(" · {n} cases").format(n=outcome.done) if outcome.done > 1 else ""
            self.status.showMessage(done + many, 5_000)
        self.case.refresh_claim()
        return outcome

    def _on_outbox(self, state: OutboxState) -> None:
        self.status.show_outbox(state)
        self.case.on_outbox()

    def _on_page_loaded(self, _rows: int) -> None:
        self._count_timer.start()
        self._select_first()

    def _on_rows_changed(self, top, bottom, _roles=()) -> None:
        """A live update of the row being read: show it as it is now, claim included."""
        indexes = self.view.selectionModel().selectedRows()
        if indexes and top.row() <= indexes[0].row() <= bottom.row():
            self.case.show_row(indexes[0].data(RowRole), moved=False)

    def _select_first(self, *_inserted) -> None:
        """The agent starts at the top, already reading it — also when the first rows arrive live."""
        if not self.view.selectionModel().hasSelection() and self.model.rowCount():
            self.view.selectRow(0)

    def _refresh_choices(self) -> None:
        if self._choices_task and not self._choices_task.done():
            self._choices_task.cancel()  # latest wins
        self._choices_task = asyncio.ensure_future(self._choices())

    async def _choices(self) -> None:
        choices = await self._queue.choices()
        self.choices = choices
        self.filters.set_choices(choices, self._me())

    def _on_changes(self, changes: AppliedChanges) -> None:
        self.model.apply_changes(changes)
        if changes.accounts or changes.directory or changes.reset:
            self._refresh_choices()
        elif changes.mentions and not self._choices_timer.isActive():
            self._choices_timer.start()
        self.case.on_changes(changes)
        if changes.mentions or changes.reset:
            self._count_timer.start()

    def _on_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
        if self._actions is not None and self._actions.user_id != self.filters.user_id:
            self._refresh_choices()  # signed in or out: "Me" and "My queue" follow
        if status.state is LinkState.SIGNED_OUT:
            self._ask_to_sign_in(status.message)

    def _ask_to_sign_in(self, reason: str) -> None:
        """One dialog at a time; cancelling it leaves the cached queue usable offline."""
        if self._session is None or (self.sign_in_dialog and self.sign_in_dialog.isVisible()):
            return
        self.sign_in_dialog = SignInDialog(self._session, reason, self)
        self.sign_in_dialog.open()

    def _refresh_count(self) -> None:
        if self._count_task and not self._count_task.done():
            self._count_task.cancel()  # latest wins
        self._count_task = asyncio.ensure_future(self._count())

    async def _count(self) -> None:
        query = self.model.query
        # A filtered count over a big cache stops at COUNT_CAP: it shares the cache's reader with pages.
        total = await self._queue.count(query, COUNT_CAP if query.filtered else None)
        if total > COUNT_CAP and query.filtered:
            self.count.setText(self.tr("{n:,}+ matching").format(n=COUNT_CAP))
            self.status.show_rows(self.model.rowCount())
            return
        self.count.setText(self.tr("{n:,} matching").format(n=total) if query.filtered else f"{total:,}")
        self.status.show_rows(self.model.rowCount(), total)

    def shutdown(self) -> None:
        """Before the services close: no more queries from this window."""
        self._count_timer.stop()
        self._choices_timer.stop()
        for task in (self._count_task, self._choices_task):
            if task:
                task.cancel()
        self.case.shutdown()
        self.model.shutdown()
        if self.review is not None:
            self.review.shutdown()
        if self.floor_window is not None:
            self.floor_window.shutdown()
        if self.keep_offline_dialog is not None:  # a download uses the client and cache closed next
            self.keep_offline_dialog.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._preferences is not None:
            self.view.flush_layout()
            save_window(self, self._preferences, WINDOW_NAME)
        self.closed.emit()
        super().closeEvent(event)
