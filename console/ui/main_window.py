"""The main window: filter bar, the live queue, a preview pane and the sync status."""

import asyncio

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
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

from console.domain.network import Network
from console.domain.queue import QueueQuery
from console.domain.sync import AppliedChanges, LinkState, SyncStatus
from console.services.queue import QueueService
from console.services.session import SessionService
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
    ):
        super().__init__()
        self._queue = queue
        self._session = session  # None on the embedded hub, which signs its workstation in itself
        self.sign_in_dialog: SignInDialog | None = None
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
        self.model.page_loaded.connect(self._on_page_loaded)
        self.model.load_failed.connect(lambda reason: self.status.showMessage(reason, 10_000))
        self.model.modelReset.connect(lambda: self.preview.show_row(None))

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
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.view)
        splitter.addWidget(self.preview)
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
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, activated=self._leave_search)
        self.view.setFocus()

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

    def _on_selection(self, selected: QItemSelection, _deselected: QItemSelection) -> None:
        indexes = selected.indexes()
        self.preview.show_row(indexes[0].data(RowRole) if indexes else None)

    def _on_page_loaded(self, _rows: int) -> None:
        self._count_timer.start()
        if not self.view.selectionModel().hasSelection() and self.model.rowCount():
            self.view.selectRow(0)  # the agent starts at the top, already reading it

    def _on_changes(self, changes: AppliedChanges) -> None:
        self.model.apply_changes(changes)
        if changes.mentions or changes.reset:
            self._count_timer.start()

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
        if self._count_task:
            self._count_task.cancel()
        self.model.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.closed.emit()
        super().closeEvent(event)
