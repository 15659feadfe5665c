"""A supervisor sets an agent's desk status: roles and targets checked, the status held on the live
board over the agent's routine refreshes until their own choice, and routing follows it at once."""

import asyncio

import pytest
from fastapi.testclient import TestClient

from console.domain.agent import Role
from console.domain.clock import now_ms
from console.domain.presence import DESK, Activity
from console.hub import auth
from console.hub.app import create_app
from console.hub.live import LiveBroker
from tests.hub.conftest import PASSWORD, bearer

WAIT = 20.0  # only to end a hung test


@pytest.fixture
def people(hub_engine):
    made = {
        name: auth.add_user(hub_engine, name, PASSWORD, role, name=name.title(), team_names=teams)
        for name, role, teams in (
            ("ana", Role.AGENT, ["Support"]),
            ("bo", Role.AGENT, ["Support"]),
            ("sue", Role.SUPERVISOR, ["Support"]),
            ("rex", Role.REVIEWER, []),
            ("ada", Role.ADMIN, []),
        )
    }
    auth.set_disabled(hub_engine, "bo", True)
    return made


@pytest.fixture
def hub(hub_engine):
    with TestClient(create_app(hub_engine)) as client:  # the lifespan runs the live broker
        yield client


def token(engine, agent) -> dict:
    return bearer(auth.issue_token(engine, agent).token)


def test_only_supervisors_and_admins_set_a_status_and_only_of_active_agents_and_supervisors(
    hub_engine, hub, people
):
    ana, sue = people["ana"], people["sue"]
    for refused in ("ana", "rex"):
        answer = hub.post(
            f"/v1/agents/{ana.id}/status",
            json={"status": "away"},
            headers=token(hub_engine, people[refused]),
        )
        assert answer.status_code == 403, refused
        assert "only supervisors and admins" in answer.json()["detail"]
    as_sue = token(hub_engine, sue)
    unknown = hub.post("/v1/agents/nobody/status", json={"status": "away"}, headers=as_sue)
    assert unknown.status_code == 404 and "no active user nobody" in unknown.json()["detail"]
    unstorable = hub.post("/v1/agents/a%00b/status", json={"status": "away"}, headers=as_sue)
    assert unstorable.status_code == 404  # PostgreSQL cannot compare a NUL: nobody, not a server error
    disabled = hub.post(f"/v1/agents/{people['bo'].id}/status", json={"status": "away"}, headers=as_sue)
    assert disabled.status_code == 404
    admin = hub.post(f"/v1/agents/{people['ada'].id}/status", json={"status": "away"}, headers=as_sue)
    assert (
        admin.status_code == 404
        and "has the admin role; only agents and supervisors" in admin.json()["detail"]
    )
    not_desk = hub.post(f"/v1/agents/{ana.id}/status", json={"status": "typing"}, headers=as_sue)
    assert not_desk.status_code == 422
    for setter in ("sue", "ada"):
        answer = hub.post(
            f"/v1/agents/{ana.id}/status", json={"status": "busy"}, headers=token(hub_engine, people[setter])
        )
        assert answer.status_code == 200, answer.text
        entry = answer.json()
        assert entry["user_id"] == ana.id and entry["case_id"] == DESK and entry["activity"] == "busy"
        assert entry["set_by"] == people[setter].id and entry["set_by_name"] == setter.title()
        assert entry["set_at_ms"] > 0


def test_the_agents_refresh_keeps_the_supervisors_status_until_the_agent_chooses(hub_engine, hub, people):
    ana, sue = people["ana"], people["sue"]
    as_ana = token(hub_engine, ana)
    assert (
        hub.post("/v1/presence", json={"case_id": "", "activity": "available"}, headers=as_ana).status_code
        == 200
    )
    hub.post(f"/v1/agents/{ana.id}/status", json={"status": "away"}, headers=token(hub_engine, sue))
    refresh = hub.post("/v1/presence", json={"case_id": "", "activity": "available"}, headers=as_ana).json()
    assert refresh["activity"] == "away" and refresh["set_by"] == sue.id  # not undone by a refresh
    chosen = hub.post(
        "/v1/presence", json={"case_id": "", "activity": "available", "chosen": True}, headers=as_ana
    ).json()
    assert chosen["activity"] == "available" and "set_by" not in chosen
    after = hub.post("/v1/presence", json={"case_id": "", "activity": "available"}, headers=as_ana).json()
    assert after["activity"] == "available" and "set_by" not in after


async def until(check) -> None:
    async with asyncio.timeout(WAIT):
        while True:
            if check():
                return
            await asyncio.sleep(0.05)


async def _settled(broker: LiveBroker) -> None:
    """Let the broker's loop apply what was published (call_soon_threadsafe)."""
    for _ in range(3):
        await asyncio.sleep(0)


@pytest.mark.asyncio
async def test_a_setting_outlives_the_agents_presence_until_the_hold_ends(hub_engine):
    """Offline when it was set: the entry expires with the TTL like any, the setting waits for the
    agent's return; past the hold, the agent's own status is back."""
    broker = LiveBroker(hub_engine, presence_ttl_ms=200, hold_ms=60_000)
    await broker.start()
    try:
        now = now_ms()
        broker.set_desk_status("u-ana", "ana", "Ana", Activity.AWAY, "u-sue", "Sue", now)
        await _settled(broker)
        assert broker.desk_statuses() == {"u-ana": Activity.AWAY}  # routing sees it at once
        await until(lambda: not broker.desk_statuses())  # nobody refreshes: the entry expires
        back = broker.publish_presence("u-ana", "ana", "Ana", DESK, Activity.AVAILABLE, now_ms())
        assert back.activity is Activity.AWAY and back.set_by_name == "Sue" and back.set_at_ms == now
        await _settled(broker)
        assert broker.desk_statuses() == {"u-ana": Activity.AWAY}
        # A case being viewed is no desk status: it neither takes nor ends the setting.
        viewing = broker.publish_presence("u-ana", "ana", "Ana", "c-1", Activity.VIEWING, now_ms())
        assert viewing.activity is Activity.VIEWING and not viewing.set_by
        broker.hold_ms = 0  # the shift is over
        own = broker.publish_presence("u-ana", "ana", "Ana", DESK, Activity.AVAILABLE, now_ms())
        assert own.activity is Activity.AVAILABLE and not own.set_by
    finally:
        await broker.stop()


@pytest.mark.asyncio
async def test_a_supervisor_setting_their_own_status_is_their_own_choice(hub_engine):
    broker = LiveBroker(hub_engine)
    await broker.start()
    try:
        broker.set_desk_status("u-sue", "sue", "Sue", Activity.BUSY, "u-sue", "Sue", now_ms())
        await _settled(broker)
        refresh = broker.publish_presence("u-sue", "sue", "Sue", DESK, Activity.AVAILABLE, now_ms())
        assert refresh.activity is Activity.AVAILABLE
        with pytest.raises(ValueError, match="not a desk status"):
            broker.set_desk_status("u-ana", "ana", "Ana", Activity.TYPING, "u-sue", "Sue", now_ms())
    finally:
        await broker.stop()


@pytest.mark.postgres
@pytest.mark.asyncio
async def test_another_hub_process_holds_the_setting_too(pg_url):
    """Two brokers on one database, as two hub processes: the one that did not receive the
    supervisor's request keeps the setting over the agent's refresh that reaches it."""
    from console.hub import migrate
    from console.hub.database import create_hub_engine

    engine = create_hub_engine(pg_url)
    migrate.upgrade(engine)
    first, second = LiveBroker(engine), LiveBroker(engine)
    await first.start()
    await second.start()
    try:
        async with asyncio.timeout(WAIT):  # sent again until the second's LISTEN has taken effect
            while second.desk_statuses().get("u-ana") is not Activity.AWAY:
                first.set_desk_status("u-ana", "ana", "Ana", Activity.AWAY, "u-sue", "Sue", now_ms())
                await asyncio.sleep(0.3)
        refresh = await asyncio.to_thread(
            second.publish_presence, "u-ana", "ana", "Ana", DESK, Activity.AVAILABLE, now_ms()
        )
        assert refresh.activity is Activity.AWAY and refresh.set_by == "u-sue"
        chosen = await asyncio.to_thread(
            second.publish_presence, "u-ana", "ana", "Ana", DESK, Activity.AVAILABLE, now_ms(), True
        )
        assert chosen.activity is Activity.AVAILABLE
        await until(lambda: first.desk_statuses().get("u-ana") is Activity.AVAILABLE)
        again = await asyncio.to_thread(
            first.publish_presence, "u-ana", "ana", "Ana", DESK, Activity.AVAILABLE, now_ms()
        )
        assert again.activity is Activity.AVAILABLE and not again.set_by  # the choice ended it there too
    finally:
        await second.stop()
        await first.stop()
        engine.dispose()


@pytest.mark.asyncio
async def test_routing_gives_no_new_case_to_an_agent_a_supervisor_set_away(hub_engine, demo):
    from console.hub.assigner import Assigner
    from console.hub.ingest import ingest, upsert_accounts

    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(4)])
    teams = sorted({account.team for account in demo.accounts})
    ana = auth.add_user(hub_engine, "ana", PASSWORD, Role.AGENT, team_names=teams)
    broker = LiveBroker(hub_engine)
    await broker.start()
    try:
        assigner = Assigner(hub_engine, broker.desk_statuses)
        broker.publish_presence(ana.id, "ana", "Ana", DESK, Activity.AVAILABLE, now_ms())
        broker.set_desk_status(ana.id, "ana", "Ana", Activity.AWAY, "u-sue", "Sue", now_ms())
        await _settled(broker)
        assert await assigner.run_once() == 0  # her next refresh keeps it, so the next pass too
        broker.publish_presence(ana.id, "ana", "Ana", DESK, Activity.AVAILABLE, now_ms())
        await _settled(broker)
        assert await assigner.run_once() == 0
        broker.publish_presence(ana.id, "ana", "Ana", DESK, Activity.AVAILABLE, now_ms(), chosen=True)
        await _settled(broker)
        assert await assigner.run_once() > 0  # back by her own choice: new cases again
    finally:
        await broker.stop()
