"""The tray: the working queue at a glance, counted over the cache; a click brings the window."""

import asyncio
import time

import pytest
from PySide6.QtWidgets import QMainWindow, QSystemTrayIcon

from console.domain.sync import AppliedChanges
from console.services.errors import KnownError
from console.services.queue import DeskCounts, QueueService
from console.storage.queue_repo import QueueRepository
from console.storage.replica import Replica
from console.ui.tray import TrayNotifications
from tests.storage.conftest import as_tables, case_change, mention_change
from tests.ui.conftest import until


class _Counts:
    """A desk whose counts the test sets; it counts how often it was asked."""

    def __init__(self, counts: DeskCounts):
        self.counts = counts
        self.asked = 0

    async def desk_counts(self) -> DeskCounts:
        self.asked += 1
        if isinstance(self.counts, Exception):
            raise self.counts
        return self.counts


@pytest.fixture
def main_window(qtbot):
    built = QMainWindow()
    qtbot.addWidget(built)
    return built


def test_the_tray_counts_the_working_queue_from_the_cache(qloop, qtbot, cache, main_window):
    import random

    from console.domain.clock import now_ms

    now = now_ms()
    rng = random.Random(3)
    cases = [case_change(10 + n, f"c{n}", "open") for n in range(1, 4)]
    for case, due in zip(cases, (now - 60_000, now - 1_000, now + 86_400_000), strict=True):
        case["data"] |= {"opened_ms": now - 3_600_000, "first_response_due_ms": due}
    mentions = [mention_change(n, rng, f"c{n}") for n in range(1, 4)]
    qloop.run_until_complete(Replica(cache).apply("h", "e", "e:13", 13, as_tables(mentions + cases)))

    tray = TrayNotifications(main_window.windowIcon(), main_window, QueueService(QueueRepository(cache)))
    qloop.run_until_complete(until(lambda: tray.counts is not None))
    assert tray.summary.text() == "3 in queue · 0 at risk · 2 breached"
    assert tray.tooltip == "Horseshoe\n3 in queue · 0 at risk · 2 breached"
    assert not tray.summary.isEnabled()  # a line to read, not a command
    tray.shutdown()


def test_counts_follow_the_queue_as_syncs_land(qloop, main_window):
    desk = _Counts(DeskCounts(12, 3, 1, 9_999))
    tray = TrayNotifications(main_window.windowIcon(), main_window, desk)
    tray.settle_ms = 0  # no waiting for a burst to settle in a test
    qloop.run_until_complete(until(lambda: tray.counts is not None))
    assert tray.summary.text() == "12 in queue · 3 at risk · 1 breached"

    desk.counts = DeskCounts(10_000, 9_999, 12_345, 9_999)  # past the cap: "more than"
    tray.on_changes(AppliedChanges())  # nothing moved: not counted again
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert desk.asked == 1
    tray.on_changes(AppliedChanges(cases=frozenset({"c1"})))
    qloop.run_until_complete(until(lambda: desk.asked == 2 and tray.counts == desk.counts))
    assert tray.summary.text() == "9,999+ in queue · 9,999 at risk · 9,999+ breached"

    tray._not_before = time.monotonic() + 3_600  # the last count was slow: the next one waits
    tray.refresh()
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert desk.asked == 2 and tray._settle.isActive()
    tray._settle.stop()
    tray._not_before = 0.0

    desk.counts = KnownError("The local cache is closed.")  # shutting down: the last counts stay
    tray.refresh()
    qloop.run_until_complete(until(lambda: desk.asked == 3))
    assert tray.summary.text() == "9,999+ in queue · 9,999 at risk · 9,999+ breached"
    tray.shutdown()


@pytest.mark.qt_log_ignore("This plugin does not support raise")  # offscreen: no window stacking
def test_the_menu_brings_the_window_forward(qloop, main_window):
    tray = TrayNotifications(main_window.windowIcon(), main_window)
    assert tray.summary.text() == "Counting the queue…"
    main_window.showMinimized()
    show = next(a for a in tray.menu.actions() if a.text() == "Show Horseshoe")
    show.trigger()
    assert main_window.isVisible() and not main_window.isMinimized()
    quit_action = next(a for a in tray.menu.actions() if a.text() == "Quit Horseshoe")
    quit_action.trigger()
    assert not main_window.isVisible()
    # Offscreen there is no system tray: no icon, no balloons, yet the menu and counts above work.
    assert tray.icon_available == QSystemTrayIcon.isSystemTrayAvailable()
    if not tray.icon_available:
        assert not tray.available


def test_a_steady_stream_of_syncs_does_not_postpone_the_count(qloop, main_window):
    desk = _Counts(DeskCounts(1, 0, 0, 9_999))
    tray = TrayNotifications(main_window.windowIcon(), main_window, desk)
    qloop.run_until_complete(until(lambda: desk.asked == 1))
    tray.settle_ms = 10_000
    tray.on_changes(AppliedChanges(mentions=frozenset({"m1"})))
    first = tray._settle.remainingTime()
    qloop.run_until_complete(asyncio.sleep(0.1))
    tray.on_changes(AppliedChanges(mentions=frozenset({"m2"})))  # another sync: the same count
    assert tray._settle.isActive() and tray._settle.remainingTime() < first
    tray.shutdown()
