"""Presence: the open case is reported to a real hub, refreshed, left; colleagues see it live."""

import asyncio
import socket

import pytest

from console.domain.agent import Role
from console.domain.clock import now_ms
from console.domain.presence import PRESENCE_TTL_MS, Activity, Presence, desk_statuses
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.live import LiveBroker
from console.hub.server import EmbeddedHub
from console.services import presence as presence_module
from console.services.presence import PresenceReporter, others_on
from console.sync.hub_client import HubClient
from console.sync.live import LiveClient

WAIT = 20.0  # only to end a hung test


def _entry(user: str, case: str, activity: Activity, at_ms: int) -> Presence:
    return Presence(user, user, user.title(), case, activity, at_ms)


def test_others_on_a_case_are_the_fresh_reports_of_others_typing_first():
    now = 1_000_000
    board = [
        _entry("me", "c1", Activity.TYPING, now),
        _entry("ana", "c1", Activity.VIEWING, now - 1_000),
        _entry("bo", "c1", Activity.TYPING, now - 5_000),
        _entry("cy", "c1", Activity.VIEWING, now - PRESENCE_TTL_MS),  # expired
        _entry("di", "c1", Activity.LEFT, now),
        _entry("ed", "c2", Activity.VIEWING, now),
    ]
    assert [p.user_id for p in others_on(board, "c1", "me", now)] == ["bo", "ana"]
    assert others_on(board, "c3", "me", now) == []


@pytest.fixture
def live_hub(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    hub = EmbeddedHub(create_app(engine, live=LiveBroker(engine, heartbeat_s=0.5)), port=port)
    hub.start()
    yield engine, hub
    hub.stop()
    engine.dispose()


@pytest.mark.asyncio
async def test_a_colleague_sees_the_case_i_have_open_until_i_leave_it(live_hub, monkeypatch):
    engine, hub = live_hub
    monkeypatch.setattr(presence_module, "REFRESH_S", 0.2)
    ana = auth.add_user(engine, "ana", "correct horse battery", team_names=["Support"])
    bo = auth.add_user(engine, "bo", "correct horse battery", team_names=["Support"])
    ana_client = HubClient(hub.url, token=auth.issue_token(engine, ana).token)
    bo_client = HubClient(hub.url, token=auth.issue_token(engine, bo).token)
    boards: list[tuple[Presence, ...]] = []
    seen = asyncio.Event()

    def on_presence(board) -> None:
        boards.append(board)
        seen.set()

    async def until(condition) -> None:
        async with asyncio.timeout(WAIT):
            while not (boards and condition(boards[-1])):
                seen.clear()
                await seen.wait()

    watcher = LiveClient(bo_client, on_change=lambda _hint: None, on_presence=on_presence)
    reporter = PresenceReporter(ana_client)
    tasks = [asyncio.create_task(watcher.run()), asyncio.create_task(reporter.run())]
    try:
        reporter.set("case-1")
        await until(lambda board: [p.name for p in others_on(board, "case-1", bo.id)] == ["ana"])
        first = others_on(boards[-1], "case-1", bo.id)[0].at_ms
        await until(lambda board: others_on(board, "case-1", bo.id)[0].at_ms > first)  # refreshed

        reporter.set("case-2", Activity.TYPING)  # moving on says "left" for the case before
        await until(
            lambda board: (
                not others_on(board, "case-1", bo.id)
                and [p.activity for p in others_on(board, "case-2", bo.id)] == [Activity.TYPING]
            )
        )
        tasks[1].cancel()  # the workstation closes: it says it left
        await asyncio.gather(tasks[1], return_exceptions=True)
        await until(lambda board: not others_on(board, "case-2", bo.id))
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await ana_client.aclose()
        await bo_client.aclose()


@pytest.mark.asyncio
async def test_a_supervisor_sees_who_is_at_their_desk_and_their_status(live_hub, monkeypatch):
    engine, hub = live_hub
    monkeypatch.setattr(presence_module, "REFRESH_S", 0.2)
    ana = auth.add_user(engine, "ana", "correct horse battery", team_names=["Support"])
    sue = auth.add_user(engine, "sue", "correct horse battery", Role.SUPERVISOR, team_names=["Support"])
    ana_client = HubClient(hub.url, token=auth.issue_token(engine, ana).token)
    sue_client = HubClient(hub.url, token=auth.issue_token(engine, sue).token)
    boards: list = [()]
    seen = asyncio.Event()

    def on_presence(board) -> None:
        boards.append(board)
        seen.set()

    async def until(statuses: dict) -> None:
        async with asyncio.timeout(WAIT):
            while desk_statuses(boards[-1], now_ms()) != statuses:
                seen.clear()
                await seen.wait()

    watcher = LiveClient(sue_client, on_change=lambda _hint: None, on_presence=on_presence)
    reporter = PresenceReporter(ana_client)
    tasks = [asyncio.create_task(watcher.run()), asyncio.create_task(reporter.run())]
    try:
        await until({ana.id: Activity.AVAILABLE})  # signed in and running: at the desk
        reporter.set_status(Activity.AWAY)
        await until({ana.id: Activity.AWAY})
        with pytest.raises(ValueError, match="not a desk status"):
            reporter.set_status(Activity.TYPING)
        tasks[1].cancel()  # the workstation closes: off the floor
        await asyncio.gather(tasks[1], return_exceptions=True)
        await until({})
        refused = await sue_client._http.post("/v1/presence", json={"case_id": "", "activity": "typing"})
        assert refused.status_code == 422  # typing needs a case; a desk status needs none
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        await ana_client.aclose()
        await sue_client.aclose()


@pytest.mark.asyncio
async def test_presence_is_not_queued_while_the_hub_is_unreachable():
    client = HubClient("http://127.0.0.1:9", token="t")
    reporter = PresenceReporter(client)
    reporter.set("case-1")
    task = asyncio.create_task(reporter.run())
    try:
        await asyncio.sleep(0.3)
        assert not task.done()  # an unreachable hub is no reason to stop; it is tried again later
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
