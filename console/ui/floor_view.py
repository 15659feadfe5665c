"""Reports → Floor view… (supervisors and admins): the live floor on one screen — tiles for queue depth,
the oldest wait, what is at risk and breached and when the next breach comes; the cases needing
attention and the agents side by side (drag a case onto an agent to reassign it); depth by network,
brand account, team and priority; the day in charts; crisis alerts and channel health.

It follows the cache and the live presence board: each change schedules one snapshot, coalesced
(at most every :data:`COALESCE_MS`), so a burst of sync pages costs one read. F11 (or the button)
turns it into a wall board: full screen, large type, the views rotating every :data:`ROTATE_MS`;
Esc leaves it.
"""

import asyncio
import sys
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from console.domain.floor import ago_text
from console.domain.presence import Activity
from console.services.errors import KnownError
from console.services.floor import DEFINED, DEFINITIONS, FloorService, FloorSnapshot
from console.ui import accessible
from console.ui.assign_dialog import AssignDialog
from console.ui.broadcast_dialog import BroadcastDialog
from console.ui.changes_hub import ChangesHub
from console.ui.floor_models import AgentsModel, CasesModel, DepthModel, RowRole
from console.ui.floor_widgets import DayCharts, Tile, table
from console.ui.translation import error_text, shown

COALESCE_MS = 250  # change → snapshot: well inside the 1 s the floor promises
TICK_MS = 15_000  # waits and SLA states move with the clock even when nothing syncs
HEALTH_MS = 30_000
ROTATE_MS = 15_000
WALL_SCALE = 1.6  # the tiles' figures on the wall board
CASE_DETAIL = (5, 7)  # account, priority
AGENT_DETAIL = (4, 7)  # holding, teams
# Large type for the room; the tiles' figures are scaled apart (a style sheet font would override them).
WALL_STYLE = (
    "#floorWindow QTableView, #floorWindow QHeaderView, #floorWindow QTabBar, #floorTitle, #floorUpdated,"
    " #floorAlerts, #floorHealth, #floorTileCaption, #floorMessage, #analyticsChart { font-size: 18pt; }"
)
NO_SUPERVISION = QT_TRANSLATE_NOOP(
    "FloorWindow", "Needs the hub's supervision service, which this desk does not have."
)


class FloorWindow(QDialog):
    snapshot_shown = Signal(object)
    """A snapshot reached the view (the FloorSnapshot)."""

    def __init__(
        self,
        floor: FloorService,
        changes: ChangesHub | None = None,
        me: str | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent, objectName="floorWindow")
        self._floor = floor
        self._me = me
        self._task: asyncio.Task | None = None
        self._again = False
        self._health_task: asyncio.Task | None = None
        self._presence_task: asyncio.Task | None = None
        self._action_tasks: set[asyncio.Task] = set()
        self.snapshot: FloorSnapshot | None = None
        self.assign_dialog: AssignDialog | None = None
        self.broadcast_dialog: BroadcastDialog | None = None
        self.wall_board = False
        self._fitted = False
        self.setWindowTitle(self.tr("Floor view"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint)
        self._build_ui()
        self._coalesce = QTimer(self, singleShot=True, interval=COALESCE_MS, timeout=self._refresh_now)
        self._presence_timer = QTimer(
            self, singleShot=True, interval=COALESCE_MS, timeout=self._refresh_agents
        )
        self._tick = QTimer(self, interval=TICK_MS, timeout=self.refresh)
        self._health_timer = QTimer(self, interval=HEALTH_MS, timeout=self._refresh_health)
        self._rotate = QTimer(self, interval=ROTATE_MS, timeout=self._next_page)
        if changes is not None:
            changes.changes_applied.connect(self._on_changes)
            changes.presence_changed.connect(self._on_presence)
        self.resize(1360, 820)

    # --- layout ---------------------------------------------------------------------------------

    def _build_ui(self) -> None:
        tr = self.tr
        self.title = QLabel(tr("Floor"), objectName="floorTitle")
        bold = self.title.font()
        bold.setBold(True)
        self.title.setFont(bold)
        self.updated = QLabel(objectName="floorUpdated")
        self.broadcast_button = QPushButton(tr("&Broadcast note…"), objectName="floorBroadcastButton")
        self.broadcast_button.clicked.connect(self.ask_broadcast)
        if self._floor.supervision is None:
            self.broadcast_button.setEnabled(False)
            self.broadcast_button.setToolTip(tr(NO_SUPERVISION))
        self.wall_button = QPushButton(tr("&Wall board (F11)"), objectName="floorWallButton")
        self.wall_button.setCheckable(True)
        self.wall_button.toggled.connect(self.set_wall_board)
        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addWidget(self.updated, 1)
        top.addWidget(self.broadcast_button)
        top.addWidget(self.wall_button)

        self.tiles = {
            "depth": Tile("depth", tr("in the queue"), shown(DEFINED, DEFINITIONS["depth"])),
            "oldest": Tile("oldest", tr("oldest waiting"), shown(DEFINED, DEFINITIONS["oldest"])),
            "at_risk": Tile("at_risk", tr("at risk"), shown(DEFINED, DEFINITIONS["at_risk"])),
            "breached": Tile("breached", tr("breached"), shown(DEFINED, DEFINITIONS["breached"])),
            "forecast": Tile(
                "forecast", tr("next breach at this pace"), shown(DEFINED, DEFINITIONS["forecast"])
            ),
        }
        tiles = QHBoxLayout()
        for tile in self.tiles.values():
            tiles.addWidget(tile, 1)

        # The floor: cases needing attention beside the agents (drag from one onto the other).
        self.attention_model = CasesModel(self)
        self.oldest_model = CasesModel(self)
        self.attention = table(self.attention_model, "floorAttention")
        self.oldest = table(self.oldest_model, "floorOldest")
        accessible.name(
            self.attention, tr("Cases at risk and breached"), tr("Drag a case onto an agent to reassign it")
        )
        accessible.name(
            self.oldest, tr("Oldest waiting cases"), tr("Drag a case onto an agent to reassign it")
        )
        for view in (self.attention, self.oldest):
            view.setDragEnabled(True)
            view.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
            view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            view.customContextMenuRequested.connect(
                lambda pos, v=view: self._case_menu(v).popup(v.mapToGlobal(pos))
            )
            self._menu_keys(view, lambda v=view: self._case_menu(v))
        self.case_lists = QTabWidget(objectName="floorCaseLists")
        accessible.name(self.case_lists, tr("Case lists"))
        self.case_lists.addTab(self.attention, tr("At risk && breached"))
        self.case_lists.addTab(self.oldest, tr("Oldest waiting"))
        self.agents_model = AgentsModel(self)
        self.agents_model.cases_dropped.connect(self.reassign)
        self.agents = table(self.agents_model, "floorAgents")
        accessible.name(
            self.agents, tr("Agents"), tr("Each agent's state and load; the context menu acts on the agent")
        )
        self.agents.setAcceptDrops(True)
        self.agents.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.agents.setDragDropOverwriteMode(True)  # a drop lands on the agent row, not between rows
        self.agents.setDropIndicatorShown(True)
        self.agents.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.agents.customContextMenuRequested.connect(
            lambda pos: self._agent_menu().popup(self.agents.mapToGlobal(pos))
        )
        self._menu_keys(self.agents, self._agent_menu)
        floor_page = QSplitter(Qt.Orientation.Horizontal, objectName="floorPage")
        floor_page.addWidget(self.case_lists)
        floor_page.addWidget(self.agents)
        floor_page.setSizes([640, 700])

        # Depth by network, brand account, team and priority band.
        self.depth_models = {
            "network": DepthModel("Network", self),
            "account": DepthModel("Brand account", self),
            "team": DepthModel("Team", self),
            "priority": DepthModel("Priority", self),
        }
        depth_page = QWidget(objectName="floorDepthPage")
        grid = QGridLayout(depth_page)
        depth_names = {
            "network": tr("Queue depth by network"),
            "account": tr("Queue depth by brand account"),
            "team": tr("Queue depth by team"),
            "priority": tr("Queue depth by priority band"),
        }
        for n, (key, model) in enumerate(self.depth_models.items()):
            view = table(model, f"floorDepth_{key}")
            accessible.name(view, depth_names[key], tr("Cases, at risk and breached in each group"))
            # The group's name takes the room; the figures stay close together.
            view.horizontalHeader().setStretchLastSection(False)
            view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
            grid.addWidget(view, n // 2, n % 2)

        # The day in charts, with the alerts and channel health under them.
        self.charts = DayCharts()
        self.alerts = QLabel(objectName="floorAlerts", wordWrap=True)
        self.alerts.setToolTip(shown(DEFINED, DEFINITIONS["alerts"]))
        self.health = QLabel(objectName="floorHealth", wordWrap=True)
        self.health.setToolTip(shown(DEFINED, DEFINITIONS["health"]))
        self.pages = QTabWidget(objectName="floorPages")
        accessible.name(self.pages, tr("Floor pages"))
        self.pages.addTab(floor_page, tr("&Floor"))
        self.pages.addTab(depth_page, tr("Queue &depth"))
        self.pages.addTab(self.charts, tr("&Today"))
        side = QHBoxLayout()
        side.addWidget(self.alerts, 3)
        side.addWidget(self.health, 2)
        self.message = QLabel(objectName="floorMessage", wordWrap=True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(tiles)
        layout.addWidget(self.pages, 1)
        layout.addLayout(side)
        layout.addWidget(self.message)
        QShortcut(QKeySequence(Qt.Key.Key_F11), self, activated=self.wall_button.toggle)
        self._row_height = self.agents.verticalHeader().defaultSectionSize()

    # --- updates ----------------------------------------------------------------------------------

    def _on_changes(self, changes) -> None:
        if self._floor.saw(changes):
            self.refresh()

    def _on_presence(self, board) -> None:
        self._floor.set_presence(board)
        if not self._presence_timer.isActive():
            self._presence_timer.start()

    def _refresh_agents(self) -> None:
        """Presence moved: the agents' rows again, without reading the cache."""
        if self.snapshot is None:
            return  # the first snapshot, on its way, counts the board
        if self._task is not None and not self._task.done():
            self._presence_timer.start()  # after the snapshot in flight, which may predate the change
            return
        if self._presence_task is None or self._presence_task.done():
            self._presence_task = asyncio.ensure_future(self._load_agents(self.snapshot))
            self._presence_task.add_done_callback(self._loaded)

    async def _load_agents(self, shown: FloorSnapshot) -> None:
        snap = await self._floor.with_presence(shown)
        if self.snapshot is shown:  # no full snapshot landed meanwhile
            self.show_snapshot(snap)

    def refresh(self) -> None:
        """Take a snapshot soon: a burst of changes shares one."""
        if not self._coalesce.isActive():
            self._coalesce.start()

    def _refresh_now(self) -> None:
        if self._task is not None and not self._task.done():
            self._again = True  # never cancel a read: it took the pending changes with it
            return
        self._task = asyncio.ensure_future(self._load())
        self._task.add_done_callback(self._loaded)

    async def _load(self) -> None:
        self.show_snapshot(await self._floor.snapshot())

    def _loaded(self, task: asyncio.Task) -> None:
        if not task.cancelled() and task.exception() is not None:
            self._failed(task.exception())
        if self._again:
            self._again = False
            self._refresh_now()

    def _failed(self, error: BaseException) -> None:
        self.message.setText(error_text(error))
        if not isinstance(error, KnownError):
            sys.excepthook(type(error), error, error.__traceback__)

    def _refresh_health(self) -> None:
        if self._health_task is None or self._health_task.done():
            self._health_task = asyncio.ensure_future(self._load_health())

    async def _load_health(self) -> None:
        summary = await self._floor.refresh_health()
        self._show_health(summary)

    def show_snapshot(self, snap: FloorSnapshot) -> None:
        tr = self.tr
        self.snapshot = snap
        now = snap.now_ms
        self.updated.setText(
            tr("updated {time}").format(time=datetime.fromtimestamp(now / 1000).strftime("%H:%M:%S"))
        )
        self.tiles["depth"].show_value(f"{snap.depth:,}")
        oldest = ago_text(now - snap.oldest.opened_ms) if snap.oldest else "—"
        self.tiles["oldest"].show_value(oldest)
        self.tiles["at_risk"].show_value(f"{snap.at_risk:,}", alarm=snap.at_risk > 0)
        self.tiles["breached"].show_value(f"{snap.breached:,}", alarm=snap.breached > 0)
        ahead = snap.forecast
        if ahead.first_breach_ms is None:
            self.tiles["forecast"].show_value(tr("none") if snap.depth else "—")
        else:
            self.tiles["forecast"].show_value(
                tr("in {wait}").format(wait=ago_text(ahead.first_breach_ms - now)), alarm=True
            )
        pace = (
            tr("nothing handled in the last hour")
            if ahead.no_throughput
            else tr("{n:.0f} cases/h").format(n=ahead.throughput_per_hour)
        )
        self.tiles["forecast"].caption.setText(
            tr("next breach at this pace · {pace} · {k} in the next hour").format(
                pace=pace, k=ahead.breaching_next_hour
            )
        )
        self.attention_model.set_rows(snap.attention, now)
        self.oldest_model.set_rows(snap.oldest_cases, now)
        self.agents_model.set_rows(snap.agents, now)
        for name, depths in (
            ("network", snap.by_network),
            ("account", snap.by_account),
            ("team", snap.by_team),
            ("priority", snap.by_priority),
        ):
            self.depth_models[name].set_depths(depths, now)
        if not self._fitted and snap.agents:
            self._fitted = True  # once: later the supervisor's own widths stay
            for view in self.findChildren(QTableView):
                view.resizeColumnsToContents()
        self.charts.show_day(snap.hours, snap.now_ms)
        if snap.alerts:
            lines = [
                f"⚠ {datetime.fromtimestamp(a.raised_ms / 1000).strftime('%H:%M')} · {a.reason} → {a.team}"
                for a in snap.alerts[:4]
            ]
            self.alerts.setText(tr("Crisis alerts today:") + "\n" + "\n".join(lines))
        else:
            self.alerts.setText(tr("No crisis alerts today."))
        self._show_health(snap.health)
        self.case_lists.setTabText(0, tr("At risk && breached ({n})").format(n=snap.at_risk + snap.breached))
        online = sum(a.online for a in snap.agents)
        self.pages.setTabText(
            0, tr("&Floor · {online} of {n} agents online").format(online=online, n=len(snap.agents))
        )
        self.snapshot_shown.emit(snap)

    def _show_health(self, health) -> None:
        tr = self.tr
        if not health.known:
            self.health.setText(tr("Channel health: unknown ({reason})").format(reason=health.reason))
            return
        states = ", ".join(f"{n} {state}" for state, n in health.states)
        text = tr("Channel health: {n} accounts — {states}").format(n=health.accounts, states=states)
        for account, state, error in health.attention[:3]:
            text += f"\n• {account}: {state}" + (f" — {error}" if error else "")
        self.health.setText(text)

    # --- the supervisor's moves -------------------------------------------------------------------

    def _menu_keys(self, view: QTableView, make: Callable[[], QMenu]) -> None:
        """The Menu key and Shift+F10 open a table's menu at its current row: the keyboard's way to
        what a drag does (reassign a case) and to the agent's actions."""

        def popup() -> None:
            current = view.visualRect(view.currentIndex())
            at = current.center() if current.isValid() else view.viewport().rect().topLeft()
            make().popup(view.viewport().mapToGlobal(at))

        for key in (QKeySequence(Qt.Key.Key_Menu), QKeySequence("Shift+F10")):
            QShortcut(key, view, activated=popup, context=Qt.ShortcutContext.WidgetShortcut)

    def _selected_cases(self, view: QTableView) -> list[str]:
        rows = sorted(i.row() for i in view.selectionModel().selectedRows())
        return [line.case_id for line in map(view.model().row_at, rows) if line is not None]

    def _case_menu(self, view: QTableView) -> QMenu:
        tr = self.tr
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        cases = self._selected_cases(view)
        can = self._floor.can_act and bool(cases)
        menu.addAction(tr("&Reassign to…"), lambda: self.ask_reassign(cases)).setEnabled(can)
        menu.addAction(tr("&Unassign"), lambda: self.reassign(cases, None)).setEnabled(can)
        current = (
            view.currentIndex().siblingAtColumn(0).data(RowRole) if view.currentIndex().isValid() else None
        )
        held = current is not None and current.claim_holder and current.claim_holder != self._me
        take = menu.addAction(tr("&Take over the claim"), lambda: self.take_over(current.case_id))
        take.setEnabled(bool(held) and self._floor.can_act)
        if not held:
            take.setToolTip(tr("Nobody else holds a claim on this case."))
        self.case_menu = menu  # kept for tests
        return menu

    def _agent_menu(self) -> QMenu:
        tr = self.tr
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        index = self.agents.currentIndex()
        agent = index.siblingAtColumn(0).data(RowRole) if index.isValid() else None
        status = menu.addMenu(tr("Set &status"))
        status.setToolTipsVisible(True)
        for activity, label in (
            (Activity.AVAILABLE, tr("&Available")),
            (Activity.BUSY, tr("&Busy")),
            (Activity.AWAY, tr("A&way")),
        ):
            choice = status.addAction(label, lambda a=activity: self.set_status(agent.user_id, a))
            choice.setCheckable(True)
            choice.setChecked(agent is not None and agent.status is activity)
            choice.setEnabled(agent is not None and self._floor.supervision is not None)
        if self._floor.supervision is None:
            status.menuAction().setToolTip(tr(NO_SUPERVISION))
        cases = self._selected_cases(self.case_lists.currentWidget())
        if agent is not None:
            give = menu.addAction(
                tr("&Give the selected cases ({n}) to {name}").format(n=len(cases), name=agent.name),
                lambda: self.reassign(cases, agent.user_id),
            )
            give.setEnabled(bool(cases) and self._floor.can_act)
        broadcast = menu.addAction(tr("&Broadcast note…"), self.ask_broadcast)
        broadcast.setEnabled(self._floor.supervision is not None)
        if self._floor.supervision is None:
            broadcast.setToolTip(tr(NO_SUPERVISION))
        self.agent_menu = menu  # kept for tests
        return menu

    def ask_reassign(self, cases: list[str]) -> None:
        if not cases or self.snapshot is None:
            return
        people = tuple((a.user_id, a.name, a.teams) for a in self.snapshot.agents)
        self.assign_dialog = AssignDialog(people, self._me, len(cases), parent=self)
        self.assign_dialog.assignee_chosen.connect(lambda who: self.reassign(cases, who))
        self.assign_dialog.open()

    def ask_broadcast(self) -> None:
        if self._floor.supervision is None:
            return
        teams = self.snapshot.teams if self.snapshot else ()
        self.broadcast_dialog = BroadcastDialog(self, [(team, team) for team in teams])
        self.broadcast_dialog.note_chosen.connect(lambda team, text: self.broadcast(text, team))
        self.broadcast_dialog.open()

    def reassign(self, cases: list[str], user_id: str | None) -> None:
        name = self._name(user_id) if user_id else None
        done = (
            self.tr("Reassignment of {n} case(s) to {name} requested").format(n=len(cases), name=name)
            if user_id
            else self.tr("Unassign of {n} case(s) requested").format(n=len(cases))
        )
        self._move(self._floor.reassign(cases, user_id), done)

    def take_over(self, case_id: str) -> None:
        self._move(self._floor.take_over(case_id), self.tr("Take-over requested; yours once the hub agrees"))

    def set_status(self, user_id: str, status: Activity) -> None:
        said = {
            Activity.AVAILABLE: self.tr("Available"),
            Activity.BUSY: self.tr("Busy"),
            Activity.AWAY: self.tr("Away"),
        }.get(status, status.value)
        done = self.tr("{name} set to {status}").format(name=self._name(user_id), status=said)
        self._move(self._floor.set_agent_status(user_id, status), done)

    def broadcast(self, text: str, team: str | None) -> None:
        to = team or self.tr("everyone")
        self._move(self._floor.broadcast(text, team), self.tr("Note sent to {to}").format(to=to))

    def _name(self, user_id: str | None) -> str:
        agents = self.snapshot.agents if self.snapshot else ()
        return next((a.name for a in agents if a.user_id == user_id), user_id or "")

    def _move(self, work, done: str) -> None:
        async def run() -> None:
            try:
                outcome = await work
            except KnownError as error:
                self.message.setText(error_text(error))
                return
            refused = getattr(outcome, "refused", ())
            self.message.setText(done if not refused else f"{done} — {refused[0]}")

        task = asyncio.ensure_future(run())
        self._action_tasks.add(task)
        task.add_done_callback(self._action_tasks.discard)

    # --- wall board ---------------------------------------------------------------------------------

    def set_wall_board(self, on: bool) -> None:
        """Full screen, large type, the pages rotating; Esc (or F11) leaves."""
        if on == self.wall_board:
            return
        self.wall_board = on
        if self.wall_button.isChecked() != on:
            self.wall_button.setChecked(on)
        self.setProperty("wallBoard", on)
        self.setStyleSheet(WALL_STYLE if on else "")
        for tile in self.tiles.values():
            font = tile.value.font()
            font.setPointSizeF(font.pointSizeF() * (WALL_SCALE if on else 1 / WALL_SCALE))
            tile.value.setFont(font)
        # Across the room only what reads at a glance: the detail columns step aside.
        for view, columns in (
            (self.attention, CASE_DETAIL),
            (self.oldest, CASE_DETAIL),
            (self.agents, AGENT_DETAIL),
        ):
            for column in columns:
                view.setColumnHidden(column, on)
        for view in self.findChildren(QTableView):
            row = view.fontMetrics().height() + 12  # the big type needs taller rows
            view.verticalHeader().setDefaultSectionSize(row if on else self._row_height)
            view.resizeColumnsToContents()
        self.pages.tabBar().setVisible(not on)
        self.broadcast_button.setVisible(not on)
        if on:
            self.showFullScreen()
            self._rotate.start()
        else:
            self._rotate.stop()
            self.showNormal()

    def _next_page(self) -> None:
        self.pages.setCurrentIndex((self.pages.currentIndex() + 1) % self.pages.count())

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape and self.wall_board:
            self.set_wall_board(False)  # Esc leaves the wall board, not the window
            return
        super().keyPressEvent(event)

    def showEvent(self, event) -> None:
        """Shown (again): read the floor now and keep following it."""
        super().showEvent(event)
        if not self._tick.isActive():
            self._tick.start()
            self._health_timer.start()
            self._refresh_now()
            self._refresh_health()

    def hideEvent(self, event) -> None:
        # Closed (or hidden): no reads while nobody looks; showing it again refreshes at once.
        super().hideEvent(event)
        if not self.isVisible():
            self._tick.stop()
            self._health_timer.stop()
            self._rotate.stop()

    def shutdown(self) -> None:
        for timer in (self._coalesce, self._presence_timer, self._tick, self._health_timer, self._rotate):
            timer.stop()
        for task in (self._task, self._health_task, self._presence_task, *self._action_tasks):
            if task is not None:
                task.cancel()
