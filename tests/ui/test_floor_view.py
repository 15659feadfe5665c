"""Reports → Floor view: offered to supervisors only; the window over a real cache shows the floor,
reassigns by drag and by menu through the outbox path, takes over claims, keeps the selection through
live updates, and turns into a rotating wall board. Screenshots: /tmp/shots/floor-*.png."""

import os
import time
from pathlib import Path

from PySide6.QtCore import Qt

from console.domain.presence import DESK, Activity, Presence
from console.domain.sync import AppliedChanges
from console.services.floor import FloorService
from console.services.queue import QueueService
from console.storage.floor_repo import FloorRepository
from console.storage.queue_repo import QueueRepository
from console.ui.changes_hub import ChangesHub
from console.ui.floor_models import KeyRole
from console.ui.floor_view import NO_SUPERVISION, FloorWindow
from console.ui.main_window import MainWindow
from console.ui.style import apply_theme
from tests.services.floor_world import NOW, answer, fill
from tests.services.test_floor import FakeActions, FakeSupervision, Health
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


def _window(qtbot, qloop, cache, supervision=None, changes=None):
    fill(cache)
    actions = FakeActions()
    floor = FloorService(
        FloorRepository(cache), lambda: "supervisor", actions, supervision=supervision, clock=lambda: NOW
    )
    window = FloorWindow(floor, changes, me="sue")
    qtbot.addWidget(window)
    window.show()
    qloop.run_until_complete(until(lambda: window.snapshot is not None))
    return window, actions


def _keys(model) -> list[str]:
    return [model.index(r, 0).data(KeyRole) for r in range(model.rowCount())]


def test_floor_view_is_offered_to_supervisors_only(qtbot, qloop, cache):
    for role, offered in (("agent", False), ("supervisor", True), ("admin", True), (None, False)):
        floor = FloorService(FloorRepository(cache), lambda r=role: r)
        window = MainWindow(QueueService(QueueRepository(cache)), ChangesHub(), "hub", floor=floor)
        qtbot.addWidget(window)
        window._update_reports_menu()
        assert window.floor_action.isVisible() is offered, role


def test_the_window_shows_the_floor(qtbot, qloop, cache, qtmodeltester):
    window, _ = _window(qtbot, qloop, cache)
    assert window.tiles["depth"].value.text() == "4"
    assert window.tiles["breached"].value.text() == "1"
    assert "queue" in window.tiles["depth"].toolTip().lower()  # the definition
    assert _keys(window.attention_model) == ["c-late", "c-risk"]
    assert _keys(window.agents_model) == ["ana", "bo", "sue"]  # by name
    assert _keys(window.depth_models["network"]) == ["x", "facebook"]
    assert "outage" in window.alerts.text()
    assert "unknown" in window.health.text()  # no hub here: unknown, not an error
    for model in (window.attention_model, window.agents_model, window.depth_models["team"]):
        qtmodeltester.check(model)


def test_a_case_dragged_onto_an_agent_is_reassigned(qtbot, qloop, cache):
    window, actions = _window(qtbot, qloop, cache)
    cases, agents = window.attention_model, window.agents_model
    data = cases.mimeData([cases.index(1, 0)])  # c-risk
    bo = agents.index(_keys(agents).index("bo"), 0)
    assert agents.canDropMimeData(data, Qt.DropAction.MoveAction, -1, -1, bo)
    agents.dropMimeData(data, Qt.DropAction.MoveAction, -1, -1, bo)
    qloop.run_until_complete(until(lambda: actions.calls))
    assert actions.calls == [("assign", ["c-risk"], "bo")]
    qloop.run_until_complete(until(lambda: "Bo Berg" in window.message.text()))


def test_menus_reassign_and_take_over_a_claim(qtbot, qloop, cache):
    window, actions = _window(qtbot, qloop, cache)
    window.attention.selectRow(1)  # c-risk, claimed by bo
    window.agents.setCurrentIndex(window.agents_model.index(0, 0))  # ana
    menu = window._agent_menu()
    give = next(a for a in menu.actions() if a.text().startswith("&Give"))
    give.trigger()
    menu = window._case_menu(window.attention)
    take = next(a for a in menu.actions() if "Take over" in a.text())
    assert take.isEnabled()
    take.trigger()
    qloop.run_until_complete(until(lambda: len(actions.calls) == 2))
    assert actions.calls == [("assign", ["c-risk"], "ana"), ("claim", "c-risk", True)]


def test_status_and_broadcast_need_supervision(qtbot, qloop, cache):
    window, _ = _window(qtbot, qloop, cache)
    assert not window.broadcast_button.isEnabled()
    assert window.broadcast_button.toolTip() == NO_SUPERVISION
    window.agents.setCurrentIndex(window.agents_model.index(0, 0))
    status = window._agent_menu().actions()[0].menu()
    assert not any(a.isEnabled() for a in status.actions())


def test_status_and_broadcast_go_to_supervision(qtbot, qloop, cache):
    supervision = FakeSupervision()
    window, _ = _window(qtbot, qloop, cache, supervision)
    window.agents.setCurrentIndex(window.agents_model.index(1, 0))  # bo
    status = window._agent_menu().actions()[0].menu()
    next(a for a in status.actions() if "Away" in a.text().replace("&", "")).trigger()
    window.ask_broadcast()
    dialog = window.broadcast_dialog
    dialog.editor.setPlainText("Outage on X: use the holding reply")
    dialog.team.setCurrentIndex(dialog.team.findData("PR"))
    dialog.accept()
    qloop.run_until_complete(until(lambda: len(supervision.calls) == 2))
    assert supervision.calls == [
        ("status", "bo", Activity.AWAY),
        ("broadcast", "Outage on X: use the holding reply", "PR"),
    ]
    qloop.run_until_complete(until(lambda: window.message.text().startswith("Note sent")))
    window.set_status("bo", Activity.BUSY)
    # The status as the menu names it (translated), not the protocol's word ("busy").
    qloop.run_until_complete(until(lambda: window.message.text().endswith(" set to Busy")))


def test_live_updates_keep_the_selection(qtbot, qloop, cache):
    changes = ChangesHub()
    window, _ = _window(qtbot, qloop, cache, changes=changes)
    window.attention.selectRow(1)  # c-risk
    window.agents.selectRow(2)  # sue
    answer(cache, "c-late", "bo", NOW - 60_000, "v9")  # c-late leaves the at-risk list above c-risk
    shown = window.snapshot
    changes.changes_applied.emit(AppliedChanges(cases=frozenset({"c-late"}), events=frozenset({"v9"})))
    changes.presence_changed.emit(
        (Presence("ana", "ana", "Ana Lima", DESK, Activity.BUSY, int(time.time() * 1000)),)
    )
    qloop.run_until_complete(until(lambda: window.snapshot is not shown))
    assert _keys(window.attention_model) == ["c-risk"]
    selected = window.attention.selectionModel().selectedRows()
    assert [i.data(KeyRole) for i in selected] == ["c-risk"]
    assert [i.data(KeyRole) for i in window.agents.selectionModel().selectedRows()] == ["sue"]


def test_wall_board_goes_full_screen_rotates_and_esc_leaves(qtbot, qloop, cache):
    window, _ = _window(qtbot, qloop, cache)
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.wall_board and window.isFullScreen() and not window.pages.tabBar().isVisible()
    start = window.pages.currentIndex()
    window._next_page()
    assert window.pages.currentIndex() == (start + 1) % window.pages.count()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    assert not window.wall_board and not window.isFullScreen() and window.isVisible()


def test_screenshots_of_a_busy_floor(qtbot, qloop, tmp_path, qapp):
    """A realistic floor (the benchmark's, smaller): normal and wall board, saved for a look."""
    from console.storage.database import open_cache
    from tests.bench.floor import fill as busy

    now = int(time.time() * 1000)
    path = tmp_path / "floor.sqlite"
    busy(path, now, history=2_000, open_cases=600, agents=40)
    cache = open_cache(path)
    try:
        apply_theme(qapp)
        floor = FloorService(
            FloorRepository(cache), lambda: "supervisor", FakeActions(), Health(), FakeSupervision()
        )
        board = []
        for n in range(40):
            if n % 5 == 4:
                continue  # offline
            status = (Activity.AVAILABLE, Activity.BUSY, Activity.AWAY)[n % 3 if n % 7 else 2]
            board.append(Presence(f"user-{n}", f"u{n}", "", DESK, status, now))
            if status is Activity.BUSY:
                board.append(Presence(f"user-{n}", f"u{n}", "", f"o-{n * 7:07d}", Activity.TYPING, now))
        floor.set_presence(board)
        window = FloorWindow(floor, me="sup-0")
        qtbot.addWidget(window)
        window.resize(1440, 900)
        window.show()
        qloop.run_until_complete(
            until(lambda: window.snapshot is not None and "3 accounts" in window.health.text())
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        assert window.grab().save(str(SHOTS / "floor-normal.png"))
        window.pages.setCurrentIndex(1)
        assert window.grab().save(str(SHOTS / "floor-depth.png"))
        window.pages.setCurrentIndex(2)
        assert window.grab().save(str(SHOTS / "floor-charts.png"))
        window.pages.setCurrentIndex(0)
        window.set_wall_board(True)
        # The offscreen screen is 800 px square: picture the wall board on a 1080p screen instead.
        window.showNormal()
        window.resize(1920, 1080)
        qtbot.wait(50)
        assert window.grab().save(str(SHOTS / "floor-wallboard.png"))
        window.pages.setCurrentIndex(2)
        assert window.grab().save(str(SHOTS / "floor-wallboard-charts.png"))
        window.set_wall_board(False)
        assert window.agents_model.rowCount() == 45
    finally:
        window.shutdown()
        cache.close()
