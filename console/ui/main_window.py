"""The main window: filter bar, the live queue, a preview pane and the sync status."""

import asyncio

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QSplitter,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from console.domain.clock import now_ms
from console.domain.network import Network
from console.domain.queue import QueueQuery, QueueRow
from console.domain.sync import AppliedChanges, LinkState, OutboxState, SyncStatus
from console.services.cases import CaseActions
from console.services.errors import KnownError
from console.services.presence import PresenceReporter, others_on
from console.services.queue import QueueService
from console.services.replies import ReplyService
from console.services.session import SessionService
from console.ui.case_replies import CaseReplies
from console.ui.changes_hub import ChangesHub
from console.ui.preview import MentionPreview
from console.ui.queue_model import QueueModel, RowRole
from console.ui.queue_view import QueueView
from console.ui.sign_in_dialog import SignInDialog
from console.ui.status_bar import SyncStatusBar


class MainWindow(QMainWindow):
    closed = Signal()
    """The window was closed: the application shuts down."""

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
    ):
        super().__init__()
        self._queue = queue
        self._session = session  # None on the embedded hub, which signs its workstation in itself
        self.sign_in_dialog: SignInDialog | None = None
        self._actions = actions
        self._presence = presence
        self._board: tuple = ()  # everyone present on the hub's cases, from the live stream
        self._shown_mention: str | None = None
        self.replies = CaseReplies(replies) if replies else None
        self._claim_task: asyncio.Task | None = None
        self.setWindowTitle(self.tr("Horseshoe — Queue"))
        self.resize(1280, 760)
        self.model = QueueModel(queue, parent=self)
        self.status = SyncStatusBar(hub_label, credential_notice, self)
        self.setStatusBar(self.status)
        self._build_ui()
        self._count_task: asyncio.Task | None = None
        self._count_timer = QTimer(self, singleShot=True, interval=300, timeout=self._refresh_count)
        changes.changes_applied.connect(self._on_changes)
        changes.status_changed.connect(self._on_status)
        changes.outbox_changed.connect(self._on_outbox)
        changes.presence_changed.connect(self._on_presence)
        # Ages in the presence line grow between reports; stale reports drop out.
        self._presence_timer = QTimer(self, interval=5_000, timeout=self._show_presence)
        self._presence_timer.start()
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.rowsInserted.connect(lambda *_args: self._select_first())
        self.model.dataChanged.connect(self._on_rows_changed)
        self.model.load_failed.connect(lambda reason: self.status.showMessage(reason, 10_000))
        self.model.modelReset.connect(self._on_reset)

    def _build_ui(self) -> None:
        self.title = QLabel(self.tr("Queue"), objectName="queueTitle")
        self.count = QLabel(objectName="queueCount")
        self.search = QLineEdit(objectName="searchField")
        self.search.setPlaceholderText(self.tr("Search mentions and authors  (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Search the queue"))
        self.search.setMinimumWidth(320)
        self.networks = QComboBox(objectName="networkFilter")
        self.networks.setAccessibleName(self.tr("Network filter"))
        self.networks.addItem(self.tr("All networks"), None)
        for network in Network:
            self.networks.addItem(network.label, network)
        bar = QWidget(objectName="filterBar")
        row = QHBoxLayout(bar)
        row.setContentsMargins(16, 10, 16, 10)
        row.addWidget(self.title)
        row.addWidget(self.count)
        row.addStretch(1)
        row.addWidget(self.networks)
        row.addWidget(self.search)

        self.view = QueueView(self.model)
        self.preview = MentionPreview()
        side = QSplitter(Qt.Orientation.Vertical)  # the mention above, its case's replies below
        side.addWidget(self.preview)
        if self.replies:
            side.addWidget(self.replies)
            side.setSizes([460, 240])
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([920, 340])

        central = QWidget(objectName="centralArea")
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(bar)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

        self._search_timer = QTimer(self, singleShot=True, interval=250, timeout=self._apply_filter)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.networks.currentIndexChanged.connect(lambda _index: self._apply_filter())
        self.view.selectionModel().selectionChanged.connect(self._on_selection)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.search.setFocus)
        QShortcut(QKeySequence("Ctrl+K"), self, activated=self.claim_selected)
        QShortcut(QKeySequence("Ctrl+Shift+K"), self, activated=self.release_selected)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, activated=self._leave_search)
        self.view.setFocus()
        if self._session is not None:
            self._build_account_menu()

    def _build_account_menu(self) -> None:
        menu = self.menuBar().addMenu(self.tr("&Account"))
        self.sign_in_action = QAction(self.tr("Sign &in…"), self, triggered=lambda: self._ask_to_sign_in(""))
        self.sign_out_action = QAction(self.tr("Sign &out"), self, triggered=self.sign_out)
        menu.addAction(self.sign_in_action)
        menu.addAction(self.sign_out_action)
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
        self._refresh_claim()
        self.status.showMessage(self.tr("Signed out. Unsent work waits for your next sign-in."), 10_000)

    def _apply_filter(self) -> None:
        network = self.networks.currentData()
        current = self.model.query
        query = QueueQuery(
            current.sort,
            current.descending,
            frozenset({network}) if network else frozenset(),
            self.search.text().strip(),
        )
        if query != current:
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
        self.preview.show_row(row)
        if self._presence is not None:
            self._presence.set(row.case_id if row is not None else None)
        if self.replies:
            self.replies.show_case(row.case_id if row is not None else None)
        self._refresh_claim()
        self._show_presence()

    def _on_reset(self) -> None:
        self._shown_mention = None
        self.preview.show_row(None)
        if self.replies:
            self.replies.show_case(None)

    def _selected_row(self) -> QueueRow | None:
        indexes = self.view.selectionModel().selectedRows()
        return indexes[0].data(RowRole) if indexes else None

    @asyncSlot()
    async def claim_selected(self) -> None:
        """Ask the hub for the selected case (Ctrl+K); shown as tentative until the hub answers."""
        await self._act(lambda actions, case_id: actions.claim(case_id), self.tr("Claim requested"))

    @asyncSlot()
    async def release_selected(self) -> None:
        await self._act(lambda actions, case_id: actions.release(case_id), self.tr("Release requested"))

    async def _act(self, action, done: str) -> None:
        row = self._selected_row()
        if self._actions is None or row is None or row.case_id is None:
            return
        try:
            await action(self._actions, row.case_id)
        except KnownError as error:
            self.status.showMessage(str(error), 10_000)
            return
        self.status.showMessage(done, 5_000)
        self._refresh_claim()

    def _refresh_claim(self) -> None:
        if self._claim_task and not self._claim_task.done():
            self._claim_task.cancel()  # latest wins
        row = self._selected_row()
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
            text, state = self.tr("Unclaimed · Ctrl+K claims it"), "free"
        self.preview.show_claim(text, state)

    def _on_outbox(self, state: OutboxState) -> None:
        self.status.show_outbox(state)
        self._refresh_claim()
        if self.replies:
            self.replies.refresh()  # a reply may have reached the hub, or been refused

    def _on_presence(self, board: tuple) -> None:
        self._board = board
        self._show_presence()

    def _show_presence(self) -> None:
        row = self._selected_row()
        if row is None or row.case_id is None:
            return
        me = self._actions.user_id if self._actions is not None else None
        self.preview.show_presence(others_on(self._board, row.case_id, me))

    def _on_page_loaded(self, _rows: int) -> None:
        self._count_timer.start()
        self._select_first()

    def _on_rows_changed(self, top, bottom, _roles=()) -> None:
        """A live update of the row being read: show it as it is now, claim included."""
        indexes = self.view.selectionModel().selectedRows()
        if indexes and top.row() <= indexes[0].row() <= bottom.row():
            self.preview.show_row(indexes[0].data(RowRole))
            self._refresh_claim()
            self._show_presence()

    def _select_first(self) -> None:
        """The agent starts at the top, already reading it — also when the first rows arrive live."""
        if not self.view.selectionModel().hasSelection() and self.model.rowCount():
            self.view.selectRow(0)

    def _on_changes(self, changes: AppliedChanges) -> None:
        self.model.apply_changes(changes)
        row = self._selected_row()
        if row is not None and row.case_id in changes.cases:
            self._refresh_claim()
        if changes.mentions or changes.reset:
            self._count_timer.start()
        if self.replies and (changes.replies or changes.reset):
            self.replies.refresh()

    def _on_status(self, status: SyncStatus) -> None:
        self.status.show_status(status)
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
        total = await self._queue.count(self.model.query)
        filtered = bool(self.model.query.networks or self.model.query.text)
        self.count.setText(self.tr("{n:,} matching").format(n=total) if filtered else f"{total:,}")
        self.status.show_rows(self.model.rowCount(), total)

    def shutdown(self) -> None:
        """Before the services close: no more queries from this window."""
        self._count_timer.stop()
        self._search_timer.stop()
        self._presence_timer.stop()
        for task in (self._count_task, self._claim_task):
            if task:
                task.cancel()
        if self.replies:
            self.replies.shutdown()
        self.model.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
