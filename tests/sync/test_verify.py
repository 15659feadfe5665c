"""The workstation side of scope, convergence and resync, against a real hub on SQLite and PostgreSQL.

A cache proves it matches the hub with checksums; a tampered cache is found and refilled from a
snapshot; a new scope or epoch empties the replica first; the outbox survives every one of them.
"""

import asyncio

import httpx
import pytest
import pytest_asyncio
from sqlalchemy import delete, func, insert, select, update

from console.domain.mutation import MutationKind
from console.domain.sync import Convergence, LinkState
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.schema import hub_meta
from console.storage import schema
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from tests.hub.scoping import SUPPORT_ACCOUNT, act, build_world, hub_rows, more_mentions
from tests.sync.conftest import HUB, SignedIn


@pytest.fixture
def world_hub(hub_url):
    engine = create_hub_engine(hub_url)
    migrate.upgrade(engine)
    world = build_world(engine)
    yield engine, world
    engine.dispose()


@pytest.fixture
def statuses():
    return []


@pytest_asyncio.fixture
async def desk(world_hub, cache, statuses):
    """Ana's workstation (an agent of Support): a puller on her cache, signed in to the hub."""
    engine, world = world_hub
    token = auth.issue_token(engine, world.people["ana"]).token
    client = HubClient(HUB, transport=SignedIn(httpx.ASGITransport(app=create_app(engine)), token))
    yield Puller(client, Replica(cache), verify_interval=None, on_status=statuses.append)
    await client.aclose()


def held(cache, table, column="id") -> set[str]:
    return set(cache.read_sync(lambda c: c.scalars(select(table.c[column])).all()))


def count(cache, table) -> int:
    return cache.read_sync(lambda c: c.scalar(select(func.count()).select_from(table)))


async def queued_note(cache, world) -> Outbox:
    outbox = Outbox(cache)
    await outbox.enqueue(
        world.people["ana"].id, MutationKind.NOTE, world.support_case, {"text": "called back"}
    )
    return outbox


@pytest.mark.asyncio
async def test_a_synced_cache_matches_the_hub(world_hub, desk, cache):
    engine, world = world_hub
    await desk.sync_once()
    result = await desk.verify()
    assert result.outcome is Convergence.MATCH and result.differing == ()
    assert desk.status.verification == result
    assert held(cache, schema.cases) == {world.support_case}  # an agent's cache: her team's cases only
    assert held(cache, schema.users) == set(hub_rows(engine, "user"))


@pytest.mark.asyncio
async def test_verify_first_brings_the_cache_to_the_checksums_head(world_hub, desk, cache):
    engine, world = world_hub
    await desk.sync_once()
    more_mentions(engine, SUPPORT_ACCOUNT, "s", 3, 4)
    result = await desk.verify()
    assert result.matches and result.head == max(hub_rows(engine, "case").values())
    assert held(cache, schema.mentions) == set(hub_rows(engine, "mention", world.support_case))


@pytest.mark.asyncio
async def test_a_tampered_cache_is_found_and_refilled_and_the_outbox_survives(world_hub, desk, cache):
    _engine, world = world_hub
    await desk.sync_once()
    outbox = await queued_note(cache, world)
    mention = sorted(held(cache, schema.mentions))[0]
    event = sorted(held(cache, schema.events))[0]

    def tamper(connection):
        connection.execute(update(schema.mentions).where(schema.mentions.c.id == mention).values(seq=1))
        connection.execute(delete(schema.events).where(schema.events.c.id == event))
        stray = connection.execute(select(schema.cases)).mappings().one()
        connection.execute(insert(schema.cases).values({**stray, "id": "a-case-the-hub-never-had"}))

    cache.write_sync(tamper)
    found = await desk.verify()
    assert found.outcome is Convergence.MISMATCH and found.differing == ("case", "event", "mention")

    applied = await desk.resync()
    assert applied.reset and desk.status.resyncs == 1
    assert (await desk.verify()).matches
    assert "a-case-the-hub-never-had" not in held(cache, schema.cases) and event in held(cache, schema.events)
    pending = await outbox.pending(world.people["ana"].id)
    assert [m.payload["text"] for m in pending] == ["called back"]


@pytest.mark.asyncio
async def test_the_sync_loop_verifies_on_its_own_and_repairs_a_mismatch(world_hub, desk, cache, statuses):
    engine, world = world_hub
    desk.verify_interval, desk.poll_interval = 0.05, 0.02
    task = asyncio.create_task(desk.run())
    try:
        await _until(lambda: desk.status.verification and desk.status.verification.matches)
        cache.write_sync(lambda c: c.execute(delete(schema.mentions)))
        await _until(lambda: desk.status.resyncs == 1 and desk.status.verification.matches)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    outcomes = [s.verification.outcome for s in statuses if s.verification]
    assert Convergence.MISMATCH in outcomes and outcomes[-1] is Convergence.MATCH
    assert held(cache, schema.mentions) == set(hub_rows(engine, "mention", world.support_case))


@pytest.mark.asyncio
async def test_new_teams_resync_the_cache_and_keep_the_outbox(world_hub, desk, cache):
    engine, world = world_hub
    await desk.sync_once()
    outbox = await queued_note(cache, world)
    auth.update_user(engine, "ana", team_names=["Legal"])
    applied = await desk.sync_once()
    assert applied.reset and desk.status.resyncs == 1
    assert held(cache, schema.cases) == {world.legal_case}
    assert held(cache, schema.mentions, "case_id") == {world.legal_case}
    assert len(await outbox.pending(world.people["ana"].id)) == 1
    assert (await desk.verify()).matches


@pytest.mark.asyncio
async def test_a_case_handed_away_leaves_the_cache_and_one_handed_in_arrives_whole(world_hub, desk, cache):
    engine, world = world_hub
    await desk.sync_once()
    act(engine, world.people["ana"], MutationKind.HANDOFF, world.support_case, team="Legal", reason="lawyer")
    act(engine, world.people["lee"], MutationKind.HANDOFF, world.legal_case, team="Support", reason="refund")
    applied = await desk.sync_once()
    assert applied.removed == {world.support_case} and not applied.reset
    assert held(cache, schema.cases) == {world.legal_case}
    assert held(cache, schema.mentions) == set(hub_rows(engine, "mention", world.legal_case))
    assert held(cache, schema.events) == set(hub_rows(engine, "event", world.legal_case))
    assert (await desk.verify()).matches


@pytest.mark.asyncio
async def test_a_new_epoch_drops_rows_the_hub_no_longer_has_and_keeps_the_outbox(world_hub, desk, cache):
    engine, world = world_hub
    await desk.sync_once()
    outbox = await queued_note(cache, world)
    with engine.begin() as connection:  # the hub's database restored from a backup taken before the case
        connection.execute(update(hub_meta).where(hub_meta.c.key == "epoch").values(value="restored"))
    cache.write_sync(
        lambda c: c.execute(
            update(schema.cases).where(schema.cases.c.id == world.support_case).values(id="only-in-the-cache")
        )
    )
    applied = await desk.sync_once()
    assert applied.reset
    assert held(cache, schema.cases) == {world.support_case}
    assert count(cache, schema.outbox) == 1 and len(await outbox.pending(world.people["ana"].id)) == 1
    assert (await Replica(cache).cursor(HUB)).epoch == "restored"


async def _until(condition, limit: float = 20.0) -> None:
    async with asyncio.timeout(limit):
        while not condition():  # noqa: ASYNC110 - polls state the puller changes, as test_puller does
            await asyncio.sleep(0.02)


class Rewriting(httpx.AsyncBaseTransport):
    """Passes requests on, and lets a test answer ``/v1/sync/checksum`` itself."""

    def __init__(self, inner: httpx.AsyncBaseTransport, answer):
        self.inner, self.answer = inner, answer

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path != "/v1/sync/checksum":
            return response
        await response.aread()
        return self.answer(response)


def _puller(engine, world, cache, answer) -> tuple[Puller, HubClient]:
    token = auth.issue_token(engine, world.people["ana"]).token
    inner = SignedIn(httpx.ASGITransport(app=create_app(engine)), token)
    client = HubClient(HUB, transport=Rewriting(inner, answer))
    return Puller(client, Replica(cache), poll_interval=0.02, verify_interval=0.05), client


@pytest.mark.asyncio
async def test_a_hub_without_a_checksum_leaves_the_link_online_and_the_check_inconclusive(world_hub, cache):
    engine, world = world_hub
    not_found = httpx.Response(404, json={"detail": "Not Found"})
    puller, client = _puller(engine, world, cache, lambda _response: not_found)
    task = asyncio.create_task(puller.run())
    try:
        await _until(lambda: puller.status.verification is not None)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
    assert puller.status.state is LinkState.ONLINE
    assert puller.status.verification.outcome is Convergence.INCONCLUSIVE
    assert "404" in puller.status.verification.detail


@pytest.mark.asyncio
async def test_a_mismatch_a_resync_cannot_repair_is_not_retried_at_once(world_hub, cache):
    engine, world = world_hub

    def wrong(response: httpx.Response) -> httpx.Response:
        body = response.json()
        body["tables"]["case"]["count"] += 1  # a hub that disagrees with itself: never repairable
        return httpx.Response(200, json=body)

    puller, client = _puller(engine, world, cache, wrong)
    task = asyncio.create_task(puller.run())
    try:
        await _until(lambda: puller.status.resyncs == 1 and puller.status.verification.head > 0)
        await asyncio.sleep(0.5)  # ten verify intervals
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await client.aclose()
    assert puller.status.resyncs == 1
    assert puller.status.verification.outcome is Convergence.MISMATCH
    assert puller.status.verification.differing == ("case",)
