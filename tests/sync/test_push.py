"""The workstation's outbox and push loop against the real hub app: outages, lost answers, restores."""

import asyncio
import shutil

import httpx
import pytest
from sqlalchemy import func, select

from console.domain.mutation import InvalidMutationError, MutationKind, Outcome
from console.hub import auth
from console.hub.app import create_app
from console.hub.cases import load_case
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.schema import cases, mutations
from console.storage.database import open_cache
from console.storage.outbox import Outbox
from console.sync.hub_client import HubClient, HubUnreachableError
from console.sync.pusher import Pusher
from tests.sync.conftest import HUB, FlakyTransport


@pytest.fixture
def case_id(hub, demo):
    ingest(hub, [demo.mention(0, 1_000)])
    with hub.connect() as connection:
        return connection.scalar(select(cases.c.id))


@pytest.fixture
def demo():
    from console.channels.demo import DemoChannel

    return DemoChannel.bundled()


@pytest.fixture
def ana(hub, token):  # token: the fixture that makes "ana" and signs her in
    with hub.connect() as connection:
        return auth.find_user(connection, "ana")


class LosesAnswers(httpx.AsyncBaseTransport):
    """Delivers requests to the hub, then drops the next ``n`` responses to pushes that carry
    mutations: applied, never confirmed (the pusher's "what do you expect?" probe gets through)."""

    def __init__(self, inner: httpx.AsyncBaseTransport, n: int):
        self.inner, self.n = inner, n

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if self.n and request.url.path == "/v1/sync/push" and b'"mutations":[]' not in request.content:
            self.n -= 1
            await response.aread()
            raise httpx.ReadError("connection reset by peer", request=request)
        return response


def applied_on_hub(hub) -> int:
    with hub.connect() as connection:
        return connection.scalar(select(func.count()).select_from(mutations))


@pytest.mark.asyncio
async def test_queued_work_survives_an_outage_and_drains_once(hub, transport, cache, case_id, ana):
    outbox = Outbox(cache)
    flaky = FlakyTransport(transport)
    client = HubClient(HUB, transport=flaky)
    states = []
    pusher = Pusher(client, outbox, on_state=states.append)
    pusher.user_id = ana.id
    flaky.down = True
    for n in range(5):
        await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": f"note {n}"})
    with pytest.raises(HubUnreachableError):
        await pusher.drain()
    state = await outbox.state(ana.id)
    assert state.pending == 5 and state.oldest_pending_ms is not None
    flaky.down = False
    assert await pusher.drain() == 5
    assert (await outbox.state(ana.id)).pending == 0 and states[-1].pending == 0
    assert applied_on_hub(hub) == 5
    await client.aclose()


@pytest.mark.asyncio
async def test_a_lost_answer_is_resent_and_applied_once(hub, transport, cache, case_id, ana):
    outbox = Outbox(cache)
    client = HubClient(HUB, transport=LosesAnswers(transport, n=1))
    pusher = Pusher(client, outbox)
    pusher.user_id = ana.id
    await outbox.enqueue(ana.id, MutationKind.CLAIM, case_id, {})
    await outbox.enqueue(ana.id, MutationKind.TAG, case_id, {"tag": "vip"})
    with pytest.raises(HubUnreachableError):
        await pusher.drain()  # the hub applied both; the answer never came back
    assert await pusher.drain() == 2
    entries = await outbox.entries_for_case(case_id)
    assert [e.outcome for e in entries] == [Outcome.APPLIED, Outcome.APPLIED]  # not "duplicate"
    assert entries[0].detail["claim_token"] == 1 and entries[0].attempts == 1
    assert applied_on_hub(hub) == 2
    with hub.connect() as connection:
        assert load_case(connection, case_id).tags == {"vip"}
    await client.aclose()


@pytest.mark.asyncio
async def test_the_outbox_survives_a_killed_workstation(hub, transport, cache_path, case_id, ana):
    first = open_cache(cache_path)
    await Outbox(first).enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "before the crash"})
    first.close()  # the process dies here; the row was committed
    second = open_cache(cache_path)
    outbox = Outbox(second)
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "after the restart"})
    pending = await outbox.pending(ana.id)
    assert [m.seq for m in pending] == [1, 2] and len({m.workstation_id for m in pending}) == 1
    client = HubClient(HUB, transport=transport)
    pusher = Pusher(client, outbox)
    pusher.user_id = ana.id
    assert await pusher.drain() == 2
    await client.aclose()
    second.close()


@pytest.mark.asyncio
async def test_a_restored_hub_gets_the_forgotten_mutations_again(hub, tmp_path, token, cache, case_id, ana):
    outbox = Outbox(cache)
    hub_file = tmp_path / "hub.sqlite"
    backup = tmp_path / "backup.sqlite"
    client = HubClient(HUB, transport=_signed_in(hub, token))
    pusher = Pusher(client, outbox)
    pusher.user_id = ana.id
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "one"})
    await pusher.drain()
    hub.dispose()
    shutil.copy(hub_file, backup)  # the nightly backup: it knows mutation #1 only
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "two"})
    await pusher.drain()
    hub.dispose()
    shutil.copy(backup, hub_file)  # the database is restored: #2 is forgotten
    restored = create_hub_engine(str(hub_file))
    await client.aclose()
    client = HubClient(HUB, transport=_signed_in(restored, token))
    pusher = Pusher(client, outbox)
    pusher.user_id = ana.id
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "three"})
    assert await pusher.drain() == 2  # #2 again, then #3
    assert applied_on_hub(restored) == 3
    await client.aclose()
    restored.dispose()


@pytest.mark.asyncio
async def test_the_push_loop_wakes_on_new_work(hub, transport, cache, case_id, ana):
    outbox = Outbox(cache)
    client = HubClient(HUB, transport=transport)
    answered = asyncio.Event()
    pusher = Pusher(client, outbox, idle_interval=3600, on_answered=lambda _results: answered.set())
    pusher.user_id = ana.id
    task = asyncio.create_task(pusher.run())
    try:
        await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "wake up"})
        pusher.wake()
        async with asyncio.timeout(10):
            await answered.wait()
    finally:
        task.cancel()
        await client.aclose()
    assert applied_on_hub(hub) == 1


@pytest.mark.asyncio
async def test_a_malformed_mutation_is_refused_before_it_is_queued(cache, ana):
    with pytest.raises(InvalidMutationError, match="note needs 'text'"):
        await Outbox(cache).enqueue(ana.id, MutationKind.NOTE, "case", {})
    assert (await Outbox(cache).state(ana.id)).pending == 0


def _signed_in(engine, token):
    from tests.sync.conftest import SignedIn

    return SignedIn(httpx.ASGITransport(app=create_app(engine)), token)


class Switchable(httpx.AsyncBaseTransport):
    """The hub behind one address, whichever database it now runs on."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.inner.handle_async_request(request)


@pytest.mark.asyncio
async def test_a_restored_hub_gets_forgotten_work_back_when_nothing_is_pending(
    hub, tmp_path, token, cache, case_id, ana
):
    """Regression (fault campaign): with an empty outbox nothing revealed the restore, so mutations
    the hub applied after its backup were lost for good. Now the pusher asks at start and on a new epoch."""
    outbox = Outbox(cache)
    hub_file, backup = tmp_path / "hub.sqlite", tmp_path / "backup.sqlite"
    network = Switchable(_signed_in(hub, token))
    client = HubClient(HUB, transport=network)
    pusher = Pusher(client, outbox)
    pusher.user_id = ana.id
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "one"})
    await pusher.drain()
    hub.dispose()
    shutil.copy(hub_file, backup)
    await outbox.enqueue(ana.id, MutationKind.NOTE, case_id, {"text": "two"})
    await pusher.drain()  # answered: the outbox is empty
    hub.dispose()
    shutil.copy(backup, hub_file)  # the hub's database goes back to before "two"
    restored = create_hub_engine(str(hub_file))
    network.inner = _signed_in(restored, token)
    assert await pusher.drain() == 0 and applied_on_hub(restored) == 1  # nothing tells it yet…
    pusher.hub_replaced()  # …until the pull meets the restored hub's new epoch
    assert await pusher.drain() == 1 and applied_on_hub(restored) == 2
    assert (await outbox.state(ana.id)).pending == 0
    fresh = Pusher(client, outbox)  # a workstation starting up checks once as well
    fresh.user_id = ana.id
    assert await fresh.drain() == 0
    await client.aclose()
    restored.dispose()
