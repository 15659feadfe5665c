"""The composition root: settings → storage → hub (embedded when none is configured) → sync →
services → window, closed in reverse. The only module that sees every layer."""

import argparse
import asyncio
import contextlib
import gc
import getpass
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import console
from console.settings import Settings

if TYPE_CHECKING:
    from console.services.credentials import Credentials

log = logging.getLogger("horseshoe")

EXIT_CACHE = 2
EXIT_HUB = 3


def parse_args(argv: list[str] | None = None) -> Settings:
    from console.log_files import BACKUPS, LOG_NAME, MAX_BYTES
    from console.settings import default_log_dir

    parser = argparse.ArgumentParser(
        prog="horseshoe",
        description="Horseshoe agent console. One runs per user and data directory: launching it "
        "again brings the running one to the front.",
        epilog=f"Log: {default_log_dir() / LOG_NAME} (rotated, {BACKUPS} × {MAX_BYTES // 2**20} MB; "
        "HORSESHOE_LOG_DIR moves it; a desk with --data-dir logs to horseshoe-<id>.log beside it).",
    )
    parser.add_argument(
        "--hub", metavar="URL", help="sync with this hub (default: the workspace chosen at the first run)"
    )
    parser.add_argument(
        "--hub-ca", type=Path, metavar="PEM", help="verify the hub's certificate with this CA file"
    )
    parser.add_argument(
        "--first-run",
        action="store_true",
        help="choose the workspace again (with --screenshot: picture the wizard)",
    )
    parser.add_argument("--data-dir", type=Path, help="where the local cache lives")
    parser.add_argument(
        "--demo-rate", type=float, default=20.0, metavar="N", help="embedded demo mentions/min"
    )
    parser.add_argument(
        "--demo-answer-after",
        type=float,
        default=20.0,
        metavar="SECONDS",
        help="embedded demo: when a customer writes back after a published reply",
    )
    parser.add_argument(
        "--screenshot", type=Path, metavar="PATH", help="save the main window as PNG, then exit"
    )
    parser.add_argument(
        "--after", type=float, default=2.0, metavar="SECONDS", help="wait before --screenshot"
    )
    parser.add_argument(
        "--history-days",
        type=int,
        metavar="DAYS",
        help="sync only cases unresolved or active in the last DAYS days (default: all history)",
    )
    parser.add_argument(
        "--theme",
        choices=("light", "dark", "high-contrast"),
        help="colour theme for this run (default: HORSESHOE_THEME, else the one chosen in Settings)",
    )
    parser.add_argument(
        "--lang",
        choices=("system", "en", "de"),
        help="language of the interface for this run (default: HORSESHOE_LANG, else the one in Settings)",
    )
    parser.add_argument(
        "--debug", action="store_true", help="log everything (DEBUG) to the log file and to stderr too"
    )
    parser.add_argument("--version", action="version", version=f"horseshoe {console.__version__}")
    args = parser.parse_args(argv)
    overrides = {
        "demo_rate": args.demo_rate,
        "demo_answer_after": args.demo_answer_after,
        "screenshot": args.screenshot,
        "screenshot_after": args.after,
        "debug": args.debug,
        "first_run": args.first_run,
    }
    if args.hub_ca:
        overrides["hub_ca_file"] = args.hub_ca
    if args.hub:
        overrides["hub_url"] = args.hub
    if args.data_dir:
        overrides["data_dir"] = args.data_dir
    if args.theme:
        overrides["theme"] = args.theme
    if args.lang:
        overrides["language"] = args.lang
    if args.history_days is not None:
        if args.history_days < 1:
            parser.error("--history-days must be 1 or more")
        overrides["history_days"] = args.history_days
    if args.demo_rate <= 0:
        parser.error("--demo-rate must be a positive number")
    if args.demo_answer_after < 0:
        parser.error("--demo-answer-after cannot be negative")
    try:
        return Settings(**overrides)
    except ValueError as error:  # an environment setting that does not read (HORSESHOE_HISTORY_DAYS)
        parser.error(str(error))


def main(argv: list[str] | None = None) -> int:
    settings = parse_args(argv)
    from console.log_files import setup_logging

    log_path = setup_logging(settings.log_dir, settings.debug, settings.log_name)
    if settings.screenshot and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # a screenshot needs no screen

    import qasync
    from horseshoe_resources import resource
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from console.ui.crash_reporter import CrashReporter
    from console.ui.single_instance import SingleInstance, instance_key
    from console.ui.style import apply_theme
    from console.ui.translation import install_translators

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Horseshoe")
    app.setOrganizationName("Horseshoe")
    app.setDesktopFileName("io.horseshoe.Console")
    # Before any window is built: every tr() reads the translators installed at that moment.
    install_translators(app, settings.language)  # parented to the app, so they live as long as it
    # The desk ends when its window closes (Workstation.run), not when the last window does: closing
    # the first-run wizard, or the window for Change workspace…, would otherwise stop the event loop.
    app.setQuitOnLastWindowClosed(False)
    # One desk per user and data directory; a screenshot run is a tool, not a desk, and never waits.
    instance = None if settings.screenshot else SingleInstance(instance_key(settings.data_dir))
    if instance is not None and not instance.claim(sys.argv[1:] if argv is None else list(argv)):
        print("horseshoe: already running; brought its window to the front", file=sys.stderr)
        return 0
    icon = resource("icons", "horseshoe.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    workstation = Workstation(settings)
    apply_theme(app, settings.theme, workstation.user_settings.values.font_scale)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    crashes = CrashReporter(log_path)
    crashes.install(loop)
    log.info("horseshoe %s starting; log file %s", console.__version__, log_path)
    if instance is not None:
        instance.activated.connect(lambda _arguments: workstation.bring_forward())
    try:
        with loop:
            code = loop.run_until_complete(workstation.run())
            while workstation.next_settings is not None:  # Account → Change workspace…: the desk anew
                left = workstation
                workstation = Workstation(left.next_settings, left.credentials)
                code = loop.run_until_complete(workstation.run())
                if not workstation.started:  # it would not open (and said why): back to the desk that did
                    workstation = left.reopened()
                    code = loop.run_until_complete(workstation.run())
    except Exception:  # past every hook (start-up, shutdown): logged where the crash dialog says
        log.critical("horseshoe stopped on an unexpected error", exc_info=True)
        code = 1
    finally:
        crashes.uninstall()
        if instance is not None:
            instance.close()
        asyncio.set_event_loop(None)
    log.info("horseshoe stopped (exit code %d)", code)
    return code


class StartupError(Exception):
    def __init__(self, message: str, code: int):
        super().__init__(message)
        self.code = code


class Workstation:
    """Builds and owns the running parts; :meth:`run` returns the process exit code."""

    def __init__(self, settings: Settings, credentials: "Credentials | None" = None):
        from console.services.user_settings import SettingsStore

        self.settings = settings
        self.credentials = credentials  # kept across a change of workspace: without a keyring, in memory
        self.next_settings: Settings | None = None  # set when the person chose another workspace
        self.started = False  # the desk opened: a workspace that fails to sends the person back
        # The agent's settings file (Edit → Settings…): theme, notifications, keys; a damaged one is
        # set aside here, once, with a warning.
        self.user_settings = SettingsStore(settings.config_dir)
        self.cache = None
        self.hub = None
        self.client = None
        self.puller = None
        self.pusher = None
        self.live = None
        self.window = None
        self.tray = None
        self.changes = None
        self._tasks: list[asyncio.Task] = []
        self._live_task: asyncio.Task | None = None
        self._workspace_task: asyncio.Task | None = None
        self._saved_before = None  # the saved workspace a change replaced (see reopened)

    async def run(self) -> int:
        if self.settings.first_run and self.settings.screenshot:
            return await self._screenshot_first_run(self.settings.screenshot)
        if not await self._choose_workspace():
            return 0  # the wizard was closed: nothing to open
        try:
            await self.start()
        except StartupError as error:
            self._report(str(error))
            await self.stop()
            return error.code
        self.started = True
        try:
            if self.settings.screenshot:
                return await self._screenshot(self.settings.screenshot)
            closed = asyncio.Event()
            self.window.closed.connect(closed.set)
            await closed.wait()
            return 0
        finally:
            await self.stop()

    async def start(self) -> None:
        from PySide6.QtWidgets import QApplication

        from console.domain.agent import Role
        from console.guidance.choice import choose
        from console.services.alerts import AlertWatch
        from console.services.analytics import Analytics
        from console.services.archive import Archive
        from console.services.case_replay import CaseReview
        from console.services.case_view import CaseViewService
        from console.services.cases import CaseActions
        from console.services.channel_health import ChannelHealthService
        from console.services.claim_requests import ClaimRequests
        from console.services.composer import ComposerService
        from console.services.credentials import Credentials
        from console.services.customers import CustomerService
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
        from console.services.supervision import Supervision
        from console.services.team_notes import TeamNotes
        from console.services.tree_report import TreeReports
        from console.storage.accounts_repo import AccountRepository
        from console.storage.analytics_repo import AnalyticsRepository
        from console.storage.archive_records import ArchiveRecords
        from console.storage.archive_repo import ArchiveRepository
        from console.storage.broadcasts_repo import BroadcastRepository
        from console.storage.canned_file import bundled_canned
        from console.storage.case_history import CaseHistoryRepository
        from console.storage.case_repo import CaseRepository
        from console.storage.customers_repo import CustomerRepository
        from console.storage.database import CacheError, open_cache
        from console.storage.dispositions_file import bundled_dispositions
        from console.storage.drafts_repo import DraftRepository
        from console.storage.floor_repo import FloorRepository
        from console.storage.guidance_events import GuidanceEventRepository
        from console.storage.guidance_repo import GuidanceRepository
        from console.storage.handoffs_repo import HandoffRepository
        from console.storage.kept_ranges import KeptRanges
        from console.storage.outbox import Outbox
        from console.storage.queue_repo import QueueRepository
        from console.storage.replica import Replica
        from console.storage.replies_repo import ReplyRepository
        from console.storage.trees_repo import TreesRepo
        from console.sync.hub_client import HubClient
        from console.sync.live import LiveClient
        from console.sync.puller import Puller
        from console.sync.pusher import Pusher
        from console.ui.changes_hub import ChangesHub
        from console.ui.main_window import MainWindow
        from console.ui.tray import TrayNotifications

        settings = self.settings
        try:
            self.cache = await asyncio.to_thread(open_cache, settings.cache_path)
        except CacheError as error:
            raise StartupError(str(error), EXIT_CACHE) from error
        if self.cache.set_aside:
            self._report(
                f"The local cache was damaged; it was moved to {self.cache.set_aside} and a fresh one "
                "is being filled from the hub.",
                fatal=False,
            )
        token = user_id = None
        if settings.embedded:
            hub_url, token, user_id = await asyncio.to_thread(self._start_embedded_hub)
            hub_label = "embedded demo hub"
        else:
            hub_url = settings.hub_url
            hub_label = hub_url
        self.client = HubClient(hub_url, token=token, verify=self._verify())
        self.changes = changes = ChangesHub()  # owned here: the puller emits through it for the app's life
        self.puller = Puller(
            self.client,
            Replica(self.cache),
            poll_interval=settings.poll_interval,
            on_changes=self._changes_applied,
            on_status=self._sync_status,
            history_days=settings.history_days,
        )
        # Live hints wake the puller at once; the puller keeps polling in case the stream misses one.
        self.live = LiveClient(
            self.client,
            on_change=lambda _hint: self.puller.wake(),
            on_presence=changes.presence_changed.emit,
            on_connection=self._live_connected,
        )
        # Local work goes to the durable outbox first; the pusher sends it whenever the hub answers.
        outbox = Outbox(self.cache)
        self.pusher = Pusher(
            self.client,
            outbox,
            on_answered=lambda _results: self.puller.wake(),  # the effects are on the hub now
            on_state=changes.outbox_changed.emit,
        )
        self.pusher.user_id = user_id
        credentials = self.credentials = self.credentials or Credentials()
        session = None
        if not settings.embedded:
            session = SessionService(self.client, credentials, self.puller, self.pusher)
            session.restore()  # a kept token; if the hub refuses it, the sign-in dialog opens
        notice = None if settings.embedded else credentials.notice
        actions = CaseActions(outbox, self.pusher, lambda: self.pusher.user_id)
        presence = PresenceReporter(self.client, signed_in=lambda: self.pusher.user_id is not None)
        replies = ReplyService(ReplyRepository(self.cache), outbox, lambda: self.pusher.user_id)
        # The agent's columns and views, per person at this desk (signed-out: a shared "local").
        preferences = Preferences(
            settings.data_dir,
            self.pusher.user_id or (session.user.user_id if session and session.user else None),
        )
        notifier = Notifier(self.user_settings)  # the mute and the switches per kind
        dispositions = bundled_dispositions()
        for problem in dispositions.problems:  # left out of the resolve dialog; the owner reads why here
            log.warning("disposition skipped: %s", problem)

        # The embedded hub signs this desk in as a supervisor (console.hub.auth.local_agent).
        def role() -> str | None:
            if session is None:
                return Role.SUPERVISOR.value
            return session.user.role if session.user else None

        health = ChannelHealthService(self.client, role)
        # The live floor for supervisors: set an agent's status and broadcast a team note too.
        supervision = Supervision(self.client, outbox, self.pusher, lambda: self.pusher.user_id)
        floor = FloorService(FloorRepository(self.cache), role, actions, health, supervision)
        changes.presence_changed.connect(floor.set_presence)  # the board before the view opens too
        queue = QueueService(QueueRepository(self.cache))
        self.window = MainWindow(
            queue,
            changes,
            hub_label,
            notice,
            session,
            actions,
            presence,
            replies,
            preferences,
            notifier,
            NextCase(self.cache, actions),
            ClaimRequests(self.cache, actions),
            CaseViewService(CaseRepository(self.cache)),
            ComposerService(
                actions,
                DraftRepository(self.cache),
                AccountRepository(self.cache),
                replies,
                bundled_canned(),
                lambda: session.user.name if session and session.user else _local_username(),
            ),
            CustomerService(CustomerRepository(self.cache), outbox, self.pusher, lambda: self.pusher.user_id),
            dispositions.catalog,
            HandoffHistory(HandoffRepository(self.cache), lambda: self.pusher.user_id),
            TreeReports(GuidanceEventRepository(self.cache)),
            # The trees published on the hub, as the cache holds them, chosen by the rules in force.
            GuidanceService(TreesRepo(self.cache), GuidanceRepository(self.cache), actions, choose),
            health,
            Analytics(AnalyticsRepository(self.cache)),
            review=CaseReview(CaseHistoryRepository(self.cache)),
            floor=floor,
            archive=Archive(
                ArchiveRepository(self.cache), ArchiveRecords(self.cache), CaseRepository(self.cache)
            ),
            keep_offline=KeepOffline(self.client, self.puller, KeptRanges(self.cache)),
            team_notes=TeamNotes(BroadcastRepository(self.cache), notifier, lambda: self.pusher.user_id),
            user_settings=self.user_settings,
        )
        self.window.workspace_change_requested.connect(self._change_workspace)
        # The tray counts the working queue itself (from the cache), whatever filter the window shows.
        self.tray = TrayNotifications(self.window.windowIcon(), self.window, queue)
        changes.changes_applied.connect(self.tray.on_changes)
        notifier.attach(self.tray.show if self.tray.available else None, QApplication.beep)
        self.window.show()
        # Everything built so far (modules, Qt wrappers, the window) lives as long as the app. Moved out
        # of the collector's reach, a full collection no longer walks it: during a 100k-change sync
        # that cut the longest event-loop stall from ~200 ms to ~15 ms (tests/bench/sync.py).
        gc.collect()
        gc.freeze()
        self._tasks.append(asyncio.create_task(self.puller.run(), name="sync-pull"))
        self._tasks.append(asyncio.create_task(self.pusher.run(), name="sync-push"))
        self._tasks.append(asyncio.create_task(presence.run(), name="presence"))
        self.alerts = AlertWatch(self.cache, notifier, lambda: self.pusher.user_id)
        changes.changes_applied.connect(self.alerts.saw)
        self._tasks.append(asyncio.create_task(self.alerts.run(), name="alerts"))

    def bring_forward(self) -> None:
        """Another launch of Horseshoe asked for this desk: show it in front — or, before there is
        a window, the first-run wizard."""
        from PySide6.QtWidgets import QApplication

        from console.ui.first_run import FirstRunWizard
        from console.ui.window_state import bring_forward

        if self.window is not None:
            bring_forward(self.window)
            return
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, FirstRunWizard) and widget.isVisible():
                bring_forward(widget)

    async def _choose_workspace(self) -> bool:
        """Settle which workspace this run opens, asking with the first-run wizard when nothing is
        configured (never for a screenshot: the demo, as before). False: the wizard was closed."""
        from console.services.workspace import Workspace, WorkspaceFile, opening

        settings = self.settings
        saved = WorkspaceFile(settings.config_dir).load()
        choice = opening(settings.hub_url, settings.hub_ca_file, settings.first_run, saved)
        if choice is None and settings.screenshot:
            choice = Workspace()
        if choice is None:
            choice = await self._ask_workspace(Workspace(settings.hub_url) if settings.hub_url else saved)
            if choice is None:
                return False
            self._keep(choice)
        self.settings = replace(settings, hub_url=choice.hub_url, hub_ca_file=choice.ca_file, first_run=False)
        return True

    async def _ask_workspace(self, current=None, parent=None):
        from console.services.credentials import Credentials
        from console.ui.first_run import ask_workspace

        self.credentials = self.credentials or Credentials()
        return await ask_workspace(self.credentials, self.settings.config_dir, current, parent)

    def _keep(self, choice) -> None:
        """Save the choice for the next start; if it cannot be saved, this run still uses it."""
        from console.services.workspace import WorkspaceFile

        try:
            WorkspaceFile(self.settings.config_dir).save(choice)
        except OSError as error:
            log.warning("the workspace choice could not be saved; it holds for this run only: %s", error)

    def reopened(self) -> "Workstation":
        """This desk again, after the workspace chosen in its place would not open; its workspace is
        saved again, so the next start opens it too."""
        from console.services.workspace import Workspace

        log.warning("the chosen workspace did not open; back to %s", self.settings.hub_url or "the demo")
        self._keep(self._saved_before or Workspace(self.settings.hub_url, self.settings.hub_ca_file))
        return Workstation(replace(self.settings, first_run=False), self.credentials)

    def _change_workspace(self) -> None:
        """Account → Change workspace…: the wizard over the window; on a choice, the desk starts anew."""
        from console.services.workspace import Workspace, WorkspaceFile

        async def change() -> None:
            current = Workspace(self.settings.hub_url, self.settings.hub_ca_file)
            choice = await self._ask_workspace(current, parent=self.window)
            if choice is None or self.window is None:
                return
            self._saved_before = WorkspaceFile(self.settings.config_dir).load()  # in case it will not open
            self._keep(choice)
            self.next_settings = replace(self.settings, hub_url=choice.hub_url, hub_ca_file=choice.ca_file)
            self.window.close()

        if self._workspace_task is None or self._workspace_task.done():  # one wizard at a time
            self._workspace_task = asyncio.create_task(change(), name="change-workspace")
            self._tasks.append(self._workspace_task)  # closing the window meanwhile ends it

    def _verify(self):
        """The TLS context for the hub: the system store, and the saved CA file or trusted certificate."""
        from console.sync.tls_probe import CaFileError, verify_for

        if self.settings.hub_url is None or not self.settings.hub_url.startswith("https:"):
            return True
        try:
            return verify_for(self.settings.hub_ca_file)
        except CaFileError as error:
            raise StartupError(f"The hub's CA file cannot be used: {error}", EXIT_HUB) from error

    async def _screenshot_first_run(self, path: Path) -> int:
        """--first-run --screenshot: the wizard's first page as PNG, then exit."""
        from console.services.credentials import Credentials
        from console.ui.first_run import picture_wizard

        settings = self.settings
        if not await picture_wizard(Credentials(), settings.config_dir, path, settings.screenshot_after):
            self._report(f"Could not write the screenshot to {path}")
            return 1
        print(f"screenshot saved to {path} (first-run wizard)")
        return 0

    def _changes_applied(self, changes) -> None:
        self.changes.changes_applied.emit(changes)
        if changes.reset and self.pusher:  # a new epoch: the hub may have forgotten what it answered
            self.pusher.hub_replaced()

    def _sync_status(self, status) -> None:
        """Pass the status on; once the hub answers, open the live stream (or retry it at once)."""
        from console.domain.sync import LinkState

        self.changes.status_changed.emit(status)
        if status.state is not LinkState.ONLINE or self.live.connected:
            return
        if self._live_task is None:
            self._live_task = asyncio.create_task(self.live.run(), name="sync-live")
            self._tasks.append(self._live_task)
        else:
            self.live.wake()  # the hub answers again (or someone signed in): no need to wait out a backoff

    def _live_connected(self, connected: bool) -> None:
        """Poll rarely while hints arrive; when the stream drops, poll as usual again, from now."""
        settings = self.settings
        self.puller.poll_interval = settings.live_poll_interval if connected else settings.poll_interval
        if not connected:
            self.puller.wake()

    def _start_embedded_hub(self) -> tuple[str, str, str]:
        """Start the in-process hub; returns its URL, and a token and the id of this workstation's user."""
        from console.channels.demo import DemoChannel, FollowUps
        from console.hub import auth, migrate
        from console.hub.app import create_app
        from console.hub.assigner import AssignPolicy
        from console.hub.bundled_trees import publish_bundled_safely
        from console.hub.crisis_watch import CrisisPolicy
        from console.hub.database import create_hub_engine
        from console.hub.demo_connector import demo_connectors
        from console.hub.demo_feed import DemoFeed
        from console.hub.moderator import Moderator
        from console.hub.publisher import Publisher
        from console.hub.server import EmbeddedHub

        try:
            engine = create_hub_engine(str(self.settings.embedded_hub_db))
            migrate.upgrade(engine)
            channel = DemoChannel.bundled()
            feed = DemoFeed(engine, channel, rate_per_minute=self.settings.demo_rate)
            # The embedded demo's customers write back after an answer: sentiment after has something to show.
            connectors = demo_connectors(
                engine,
                channel.accounts,
                follow_ups=FollowUps.bundled(),
                answer_after_s=self.settings.demo_answer_after,
            )
            publisher = Publisher(engine, connectors)
            agent = auth.local_agent(engine, _local_username(), "You")
            publish_bundled_safely(engine)
            token = auth.issue_token(engine, agent, "embedded workstation").token
            app = create_app(
                engine,
                feed,
                publisher=publisher,
                moderator=Moderator(engine, connectors),
                assignment=AssignPolicy(),
                crisis=CrisisPolicy(),
            )
            self.hub = EmbeddedHub(app)
            return self.hub.start(), token, agent.id
        except Exception as error:
            raise StartupError(f"The embedded hub could not start: {error}", EXIT_HUB) from error

    async def _screenshot(self, path: Path) -> int:
        """Wait for the first sync and the first page, then save the window; fail clearly if the hub fails."""
        from console.domain.sync import LinkState

        settings = self.settings
        deadline = time.monotonic() + settings.screenshot_after + 30
        start = time.monotonic()
        while time.monotonic() < deadline:
            status = self.puller.status
            synced = status.state is LinkState.ONLINE and not self.window.model.loading
            failed = status.state in {
                LinkState.OFFLINE,
                LinkState.NOT_A_HUB,
                LinkState.FAILED,
                LinkState.SIGNED_OUT,
            }
            if (synced or failed) and time.monotonic() - start >= settings.screenshot_after:
                break
            await asyncio.sleep(0.1)
        status = self.puller.status
        self.window.repaint()
        saved = self.window.grab().save(str(path), "PNG")
        if status.state is not LinkState.ONLINE:
            self._report(
                f"The hub failed: {status.message or status.state.value} (screenshot saved to {path})"
            )
            return EXIT_HUB
        if not saved:
            self._report(f"Could not write the screenshot to {path}")
            return 1
        print(f"screenshot saved to {path} ({self.window.model.rowCount()} rows)")
        return 0

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self.tray:
            self.tray.shutdown()
            self.tray = None
        if self.window:
            # Delete Qt objects here, on the GUI thread: left to Python's cyclic GC they could be
            # collected on a worker thread, where Qt cannot stop their timers.
            self.window.shutdown()
            self.window.hide()
            self.window.deleteLater()
            self.window = None
        if self.changes:
            self.changes.deleteLater()
            self.changes = None
        if self.client:
            await self.client.aclose()
        if self.hub:
            await asyncio.to_thread(self.hub.stop)
        if self.cache:
            await asyncio.to_thread(self.cache.close)
        # start() froze everything it built; stopped, it is garbage like any other: after Change
        # workspace… the desk before would otherwise stay in memory for the process's life.
        gc.unfreeze()

    def _report(self, message: str, fatal: bool = True) -> None:
        """Tell the user: stderr always, and a dialog when a window can be shown."""
        print(f"horseshoe: {message}", file=sys.stderr)
        if self.settings.screenshot or os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            return
        from PySide6.QtWidgets import QMessageBox

        box = QMessageBox.critical if fatal else QMessageBox.warning
        box(self.window, "Horseshoe", message)


def _local_username() -> str:
    """The OS user's name as a hub username (the embedded hub has one user: whoever runs it)."""
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no passwd entry, as in some containers
        name = ""
    cleaned = "".join(c for c in name.lower() if c.isalnum() or c in "._-")[:64]
    return cleaned or "agent"


if __name__ == "__main__":
    sys.exit(main())
