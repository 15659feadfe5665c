"""The whole app, offscreen: the embedded hub and demo feed, and the ways starting can go wrong."""

import random
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage

from console.app import EXIT_CACHE, EXIT_HUB, Workstation
from console.domain.sync import LinkState
from console.hub import migrate
from console.hub.bundled_trees import publish_bundled
from console.hub.database import create_hub_engine
from console.settings import Settings
from console.storage.database import open_cache
from console.storage.replica import Replica
from console.storage.trees_repo import TreesRepo
from tests.services import tls_hubs
from tests.storage.conftest import as_tables, mention_change
from tests.ui.conftest import until


def test_the_embedded_hub_fills_the_queue_live(qloop, tmp_path):
    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, demo_rate=600, poll_interval=0.2))
    qloop.run_until_complete(workstation.start())
    try:
        model = workstation.window.model
        qloop.run_until_complete(until(lambda: model.rowCount() >= 40, limit=20))  # the backfill
        before = model.rowCount()
        qloop.run_until_complete(until(lambda: model.rowCount() >= before + 3, limit=20))  # live
        # Rows arriving above the one being read move it down; the preview keeps showing it.
        selected = workstation.window._selected_row()
        assert selected is not None and workstation.window.preview._empty.isHidden()
        assert workstation.window.preview._text.text() == selected.text
        assert workstation.puller.status.state is LinkState.ONLINE
        assert "Online" in workstation.window.status.link.text()
        assert workstation.window.status.last_sync.text().startswith("Synced")
        # The bundled trees were published on start and synced with everything else.
        bundled = publish_bundled(_fresh_hub(tmp_path / "bundled.sqlite"))
        held = qloop.run_until_complete(TreesRepo(workstation.cache).published())
        assert sorted(t.ref for t in held) == sorted(bundled.published)
        rules = qloop.run_until_complete(TreesRepo(workstation.cache).choice_rules())
        assert (rules is not None) == (bundled.rules == "published")
        # The tray's line counts the synced working queue (offscreen: no icon, the line is kept).
        tray = workstation.tray
        qloop.run_until_complete(
            until(lambda: tray.counts is not None and tray.counts.in_queue >= 40, limit=20)
        )
        assert " in queue · " in tray.summary.text() and tray.tooltip.startswith("Horseshoe\n")
    finally:
        qloop.run_until_complete(workstation.stop())


def _fresh_hub(path):
    engine = create_hub_engine(str(path))
    migrate.upgrade(engine)
    return engine


def test_an_unreachable_hub_leaves_the_cached_queue_usable(qloop, tmp_path):
    settings = Settings(hub_url="http://127.0.0.1:9", data_dir=tmp_path, poll_interval=0.2)
    cache = open_cache(settings.cache_path)
    rng = random.Random(3)
    changes = [mention_change(n, rng) for n in range(1, 31)]
    cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, settings.hub_url, "e", "e:30", 30, as_tables(changes))
    )
    cache.close()
    workstation = Workstation(settings)
    qloop.run_until_complete(workstation.start())
    try:
        window = workstation.window
        qloop.run_until_complete(until(lambda: workstation.puller.status.state is LinkState.OFFLINE))
        qloop.run_until_complete(until(lambda: window.model.rowCount() == 30))
        assert "Offline" in window.status.link.text() and "retrying" in window.status.link.text()
        assert "connection refused" in window.status.link.toolTip()
    finally:
        qloop.run_until_complete(workstation.stop())


@pytest.fixture
def web_page():
    with tls_hubs.web_page() as url:  # one plain web server that is not a hub, for every test
        yield url


def test_a_url_that_is_not_a_hub_is_said_plainly(qloop, tmp_path, web_page):
    workstation = Workstation(Settings(hub_url=web_page, data_dir=tmp_path, poll_interval=0.2))
    qloop.run_until_complete(workstation.start())
    try:
        qloop.run_until_complete(until(lambda: workstation.puller.status.state is LinkState.NOT_A_HUB))
        assert "is not a Horseshoe hub" in workstation.window.status.link.text()
    finally:
        qloop.run_until_complete(workstation.stop())


def test_a_damaged_cache_is_set_aside_and_refilled(qloop, tmp_path, capsys):
    settings = Settings(hub_url=None, data_dir=tmp_path, demo_rate=60, poll_interval=0.2)
    settings.cache_path.parent.mkdir(parents=True, exist_ok=True)
    settings.cache_path.write_bytes(b"\x00garbage" * 512)
    workstation = Workstation(settings)
    qloop.run_until_complete(workstation.start())
    try:
        qloop.run_until_complete(until(lambda: workstation.window.model.rowCount() >= 40, limit=20))
        assert workstation.cache.set_aside.exists()
        assert settings.cache_path.exists()
        assert "was damaged" in capsys.readouterr().err
    finally:
        qloop.run_until_complete(workstation.stop())


def _horseshoe(*args, timeout=90):
    return subprocess.run(
        [sys.executable, "-m", "console", *args], capture_output=True, text=True, timeout=timeout
    )


@pytest.mark.slow
def test_screenshot_renders_the_live_queue(tmp_path):
    png = tmp_path / "queue.png"
    result = _horseshoe("--data-dir", str(tmp_path), "--screenshot", str(png), "--after", "1")
    assert result.returncode == 0, result.stderr
    image = QImage(str(png))
    assert image.width() >= 1000 and image.height() >= 600


@pytest.mark.slow
def test_screenshot_fails_clearly_when_the_hub_is_unreachable(tmp_path):
    png = tmp_path / "queue.png"
    result = _horseshoe(
        "--hub", "http://127.0.0.1:9", "--data-dir", str(tmp_path), "--screenshot", str(png), "--after", "0.5"
    )
    assert result.returncode == EXIT_HUB
    assert "The hub failed: cannot reach http://127.0.0.1:9: connection refused" in result.stderr


@pytest.mark.slow
def test_an_unwritable_data_dir_fails_clearly(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = _horseshoe("--data-dir", str(blocker), "--screenshot", str(tmp_path / "x.png"))
    assert result.returncode == EXIT_CACHE
    assert "The local cache cannot be created in" in result.stderr


@pytest.fixture
def remote_hub(tmp_path):
    """A hub in this process, as a remote one would be, with one agent account (of Support); yields
    its URL, the agent's password and how many of its mentions the agent may see."""
    from console.hub import auth, migrate
    from console.hub.app import create_app
    from console.hub.database import create_hub_engine
    from console.hub.ingest import ingest, upsert_accounts
    from console.hub.server import EmbeddedHub
    from tests.hub.conftest import PASSWORD

    engine = create_hub_engine(str(tmp_path / "remote-hub.sqlite"))
    migrate.upgrade(engine)
    auth.add_user(engine, "ana", PASSWORD, team_names=["Support"])
    from console.channels.demo import DemoChannel

    demo = DemoChannel.bundled()
    received = [demo.mention(i, 1_000 + i) for i in range(12)]
    upsert_accounts(engine, demo.accounts)  # who owns each account decides who sees its cases
    ingest(engine, received)
    support = {a.id for a in demo.accounts if a.team == "Support"}
    visible = sum(m.account_id in support for m in received)  # an agent sees their team's accounts
    hub = EmbeddedHub(create_app(engine))
    yield hub.start(), PASSWORD, visible
    hub.stop()
    engine.dispose()


def test_a_remote_hub_asks_for_a_sign_in_and_then_syncs(qloop, tmp_path, remote_hub):
    url, password, visible = remote_hub
    workstation = Workstation(Settings(hub_url=url, data_dir=tmp_path / "ws", poll_interval=0.2))
    qloop.run_until_complete(workstation.start())
    try:
        window = workstation.window
        qloop.run_until_complete(until(lambda: window.sign_in_dialog is not None))
        dialog = window.sign_in_dialog
        assert dialog.isVisible() and "Signed out" in window.status.link.text()
        dialog.username.setText("ana")
        dialog.password.setText("not the password")
        dialog.sign_in_button.click()
        qloop.run_until_complete(until(lambda: dialog.error.isVisible()))
        assert "wrong username or password" in dialog.error.text() and dialog.isVisible()
        dialog.password.setText(password)
        dialog.sign_in_button.click()
        qloop.run_until_complete(until(lambda: not dialog.isVisible()))
        qloop.run_until_complete(until(lambda: window.model.rowCount() == visible))
        assert 0 < visible < 12 and workstation.puller.status.state is LinkState.ONLINE

        window._update_account_menu()
        assert window.sign_out_action.isEnabled() and not window.sign_in_action.isEnabled()
        window.sign_out_action.trigger()  # the token goes; the cached queue stays readable
        qloop.run_until_complete(until(lambda: dialog.isVisible() or window.sign_in_dialog is not dialog))
        assert "Signed out" in window.status.link.text()
        assert workstation.pusher.user_id is None and window.model.rowCount() == visible
        assert window.sign_in_action.isEnabled() and not window.sign_out_action.isEnabled()
    finally:
        qloop.run_until_complete(workstation.stop())


def test_a_claim_is_tentative_until_the_hub_grants_it(qloop, qtbot, tmp_path):
    from PySide6.QtCore import Qt

    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, demo_rate=1, poll_interval=0.2))
    qloop.run_until_complete(workstation.start())
    try:
        window = workstation.window
        qloop.run_until_complete(until(lambda: window.model.rowCount() >= 40, limit=20))
        qloop.run_until_complete(until(lambda: "Unclaimed" in window.preview.claim.text()))
        workstation.pusher.user_id, user = None, workstation.pusher.user_id  # hold the outbox back
        qtbot.keyClick(window.view, Qt.Key.Key_C)
        qloop.run_until_complete(until(lambda: "Sign in to the hub first" in window.status.currentMessage()))
        workstation.pusher.user_id = user
        workstation.pusher.idle_interval = 3600  # only the wake from the action sends it
        qtbot.keyClick(window.view, Qt.Key.Key_C)
        qloop.run_until_complete(until(lambda: "tentative" in window.preview.claim.text()))
        qloop.run_until_complete(until(lambda: "Claimed by you" in window.preview.claim.text(), limit=15))
        assert not window.status.outbox.isVisible()
    finally:
        qloop.run_until_complete(workstation.stop())


def test_colleagues_on_the_open_case_are_shown_with_their_staleness(qloop, tmp_path):
    from console.domain.clock import now_ms
    from console.domain.presence import Activity, Presence

    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, demo_rate=1, poll_interval=0.2))
    qloop.run_until_complete(workstation.start())
    try:
        window = workstation.window
        qloop.run_until_complete(until(lambda: window.model.rowCount() >= 40, limit=20))
        case_id = window._selected_row().case_id
        me = workstation.pusher.user_id
        board = (
            Presence("u-bo", "bo", "Bo", case_id, Activity.TYPING, now_ms() - 4_000),
            Presence("u-cy", "cy", "Cy", "another-case", Activity.VIEWING, now_ms()),
            Presence(me, "me", "You", case_id, Activity.VIEWING, now_ms()),  # not shown to myself
        )
        workstation.changes.presence_changed.emit(board)
        assert window.preview.presence.isVisible()
        assert window.preview.presence.text() == "Bo is typing (4s ago)"
        assert window.preview.presence.property("state") == "typing"
        window.view.selectRow(5 if window._selected_row().case_id == case_id else 0)
        if window._selected_row().case_id != case_id:
            assert not window.preview.presence.isVisible()
        assert workstation.window._presence.case_id == window._selected_row().case_id  # reported
    finally:
        qloop.run_until_complete(workstation.stop())


def test_a_desk_stopped_can_be_collected_for_the_next_one(qloop, tmp_path):
    """Change workspace… starts a desk anew in the same process: the one before must not stay in
    memory (start() moves what it built out of the collector's reach, for the sync's sake)."""
    import gc
    import weakref

    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, demo_rate=60))
    qloop.run_until_complete(workstation.start())
    try:
        puller, cache = weakref.ref(workstation.puller), weakref.ref(workstation.cache)
    finally:
        qloop.run_until_complete(workstation.stop())
    del workstation
    qloop.run_until_complete(until(lambda: gc.collect() >= 0 and puller() is None, limit=5))
    assert puller() is None and cache() is None
