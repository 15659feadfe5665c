"""File → Keep offline: the dialog over a real hub app estimates a range, downloads it with a progress
bar, cancels between pages keeping what came, and says when the hub cannot be reached."""

import asyncio
import os
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import QDateTime
from sqlalchemy import select

from console.services.keep_offline import KeepOffline
from console.storage import schema
from console.storage.kept_ranges import KeptRanges
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from console.ui.keep_offline_dialog import KeepOfflineDialog
from console.ui.style import stylesheet
from tests.sync.conftest import HUB, hub  # noqa: F401
from tests.sync.horizon import DAYS, OLD, old_hub
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))
PAGE = 2  # cases per page (an estimate asks for one)


class Gate(httpx.AsyncBaseTransport):
    """Holds history pages after the first ``open_pages`` until released; or refuses everything."""

    def __init__(self, inner: httpx.AsyncBaseTransport, open_pages: int = 10**6):
        self.inner, self.open_pages = inner, open_pages
        self.released = asyncio.Event()
        self.pages = 0
        self.down = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        if request.url.path == "/v1/history" and request.url.params.get("limit") == str(PAGE):
            self.pages += 1
            if self.pages > self.open_pages:
                await self.released.wait()
        return await self.inner.handle_async_request(request)


@pytest.fixture
def desk(qloop, hub, cache):  # noqa: F811
    """A synced workstation with a 30-day horizon over a hub with an old history."""
    world = old_hub(hub)

    def make(open_pages: int = 10**6):
        gate = Gate(world.transport, open_pages)
        client = HubClient(HUB, transport=gate)
        puller = Puller(client, Replica(cache), history_days=DAYS)
        qloop.run_until_complete(puller.sync_once())
        return KeepOffline(client, puller, KeptRanges(cache), page_cases=PAGE), gate

    return world, make


def _old_range(dialog: KeepOfflineDialog) -> None:
    day = QDateTime.fromMSecsSinceEpoch(OLD).date()
    dialog.from_date.setDate(day.addDays(-1))
    dialog.to_date.setDate(day.addDays(1))


def held(cache) -> set[str]:
    return set(cache.read_sync(lambda c: c.scalars(select(schema.cases.c.id))))


def test_a_range_is_estimated_and_downloaded_with_progress(qloop, qtbot, desk, cache):
    world, make = desk
    keep, gate = make(open_pages=3)
    dialog = KeepOfflineDialog(keep)
    qtbot.addWidget(dialog)
    dialog.setStyleSheet(stylesheet())
    dialog.show()
    assert "last 30 days" in dialog.intro.text()
    _old_range(dialog)
    everything = len(world.resolved) + len(world.open)
    qloop.run_until_complete(
        until(lambda: dialog.estimate.text() == f"{everything} in this range on the hub")
    )
    dialog.download_button.click()
    qloop.run_until_complete(until(lambda: dialog.progress.value() == 6))
    assert dialog.progress.maximum() == everything and dialog.progress.isVisible()
    assert dialog.status.text() == f"Downloading: 6 of {everything} cases stored" and gate.pages == 4
    assert dialog.cancel_button.isEnabled() and not dialog.download_button.isEnabled()
    SHOTS.mkdir(parents=True, exist_ok=True)
    assert dialog.grab().save(str(SHOTS / "offline-downloading.png"))
    gate.released.set()
    qloop.run_until_complete(until(lambda: "held offline" in dialog.status.text()))
    assert dialog.progress.value() == everything and set(world.resolved) <= held(cache)
    qloop.run_until_complete(
        until(lambda: dialog.kept.count() == 1 and "cases" in dialog.kept.item(0).text())
    )
    assert dialog.kept.item(0).text().endswith(f": {everything} cases")
    assert dialog.download_button.isEnabled() and not dialog.cancel_button.isEnabled()
    assert dialog.grab().save(str(SHOTS / "offline-done.png"))


def _held_after_two_pages(qloop, qtbot, keep, gate) -> KeepOfflineDialog:
    """A dialog whose download stored two pages and waits on the third at the gate."""
    dialog = KeepOfflineDialog(keep)
    qtbot.addWidget(dialog)
    dialog.show()
    _old_range(dialog)
    dialog.download_button.click()
    qloop.run_until_complete(until(lambda: dialog.progress.value() == 4 and gate.pages == 3))
    return dialog


def test_cancel_keeps_what_came_and_download_goes_on(qloop, qtbot, desk, cache):
    world, make = desk
    keep, gate = make(open_pages=2)
    dialog = _held_after_two_pages(qloop, qtbot, keep, gate)
    dialog.cancel_button.click()
    gate.released.set()  # the page in flight is stored, then the download stops
    qloop.run_until_complete(until(lambda: dialog.status.text().startswith("Cancelled")))
    everything = len(world.resolved) + len(world.open)
    assert dialog.status.text() == f"Cancelled with 6 of {everything} cases stored. Download again to go on."
    qloop.run_until_complete(until(lambda: "unfinished, 6 of" in dialog.kept.item(0).text()))
    dialog.download_button.click()
    qloop.run_until_complete(until(lambda: "held offline" in dialog.status.text()))
    assert set(world.resolved) <= held(cache)


def test_an_unreachable_hub_is_said(qloop, qtbot, desk):
    _world, make = desk
    keep, gate = make()
    gate.down = True
    dialog = KeepOfflineDialog(keep)
    qtbot.addWidget(dialog)
    dialog.show()
    _old_range(dialog)
    qloop.run_until_complete(until(lambda: dialog.estimate.text() == "unknown"))
    assert dialog.error.text().startswith("The hub cannot be reached")
    dialog.download_button.click()
    qloop.run_until_complete(until(lambda: dialog.error.isVisible()))
    assert dialog.error.text().startswith(
        "The hub cannot be reached (cannot reach http://hub.test: connection"
    )
    assert dialog.download_button.isEnabled() and not dialog.cancel_button.isEnabled()
    dialog.setStyleSheet(stylesheet())
    assert dialog.grab().save(str(SHOTS / "offline-unreachable.png"))


def test_the_apps_shutdown_stops_a_download_keeping_its_pages(qloop, qtbot, desk, cache):
    """MainWindow.shutdown calls it before the hub client and the cache close under the download."""
    world, make = desk
    keep, gate = make(open_pages=2)
    dialog = _held_after_two_pages(qloop, qtbot, keep, gate)
    download, listing = dialog._download_task, dialog._kept_task
    dialog.shutdown()
    qloop.run_until_complete(until(download.done))
    assert download.cancelled()
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert dialog._kept_task is listing  # nothing new started after shutdown (the cache closes next)
    (unfinished,) = qloop.run_until_complete(keep.kept())
    assert unfinished.done == 4 and not unfinished.finished  # the pages stored stay, to go on from
    assert len(held(cache) & set(world.resolved)) >= 1


def test_every_control_is_named_and_described_and_tab_goes_round(qloop, qtbot, desk):
    from PySide6.QtWidgets import QApplication

    from console.ui.accessible import tab_stops, undescribed, unnamed
    from tests.ui.test_accessibility import tab_walk

    _world, make = desk
    keep, _gate = make()
    dialog = KeepOfflineDialog(keep)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    assert unnamed(dialog) == [] and undescribed(dialog) == []
    if QApplication.focusWidget() is None:
        dialog.focusNextChild()
    walked = tab_walk(qtbot, dialog)
    assert [widget.objectName() for widget in tab_stops(dialog) if widget not in walked] == []
