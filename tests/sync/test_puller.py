import asyncio

import httpx
import pytest
from sqlalchemy import func, select, update

from console.domain.sync import LinkState
from console.hub.ingest import ingest
from console.hub.schema import hub_meta
from console.storage import schema
from console.storage.database import open_cache
from console.storage.replica import Replica
from console.sync.hub_client import HubClient, HubUnreachableError, NotAHubError
from console.sync.puller import Backoff, Puller
from tests.sync.conftest import HUB, FlakyTransport


def cached(cache, table) -> int:
    return cache.read_sync(lambda c: c.scalar(select(func.count()).select_from(table)))


def feed(hub, demo, start, count):
    ingest(hub, [demo.mention(i, 1_000 + i) for i in range(start, start + count)])


@pytest.fixture
def demo():
    from console.channels.demo import DemoChannel

    return DemoChannel.bundled()


@pytest.mark.asyncio
async def test_the_first_sync_copies_everything_in_pages(hub, transport, cache, demo):
    feed(hub, demo, 0, 150)
    client = HubClient(HUB, transport=transport)
    seen = []
    puller = Puller(client, Replica(cache), page_size=64, on_changes=seen.append)
    applied = await puller.sync_once()
    await client.aclose()
    assert cached(cache, schema.mentions) == 150 and len(applied.mentions) == 150
    assert len(seen) > 3  # one notification per page, so the queue fills while syncing
    assert puller.status.state is LinkState.ONLINE


@pytest.mark.asyncio
async def test_a_restarted_workstation_resumes_from_its_cursor(hub, transport, cache_path, demo):
    feed(hub, demo, 0, 40)
    first = open_cache(cache_path)
    client = HubClient(HUB, transport=FlakyTransport(transport))
    await Puller(client, Replica(first)).sync_once()
    first.close()
    feed(hub, demo, 40, 10)
    second = open_cache(cache_path)  # a new process, same cache file
    flaky = FlakyTransport(transport)
    client = HubClient(HUB, transport=flaky)
    applied = await Puller(client, Replica(second)).sync_once()
    await client.aclose()
    assert len(applied.mentions) == 10  # only what is new, not the 40 again
    assert cached(second, schema.mentions) == 50
    second.close()


@pytest.mark.asyncio
async def test_an_outage_only_delays_the_cache(hub, transport, cache, demo):
    feed(hub, demo, 0, 20)
    flaky = FlakyTransport(transport)
    statuses = []
    client = HubClient(HUB, transport=flaky)
    puller = Puller(client, Replica(cache), poll_interval=0.05, on_status=statuses.append)
    puller._backoff = Backoff(first=0.05, cap=0.1)
    task = asyncio.create_task(puller.run())
    await _until(lambda: cached(cache, schema.mentions) == 20)
    flaky.down = True
    feed(hub, demo, 20, 15)  # arrives while the workstation cannot reach the hub
    await _until(lambda: puller.status.state is LinkState.OFFLINE)
    assert "connection refused" in puller.status.message
    assert cached(cache, schema.mentions) == 20  # the cache stays readable meanwhile
    flaky.down = False
    await _until(lambda: cached(cache, schema.mentions) == 35)
    await _until(lambda: puller.status.state is LinkState.ONLINE)
    task.cancel()
    await client.aclose()
    states = [s.state for s in statuses]
    assert states.index(LinkState.OFFLINE) < len(states) - 1 - states[::-1].index(LinkState.ONLINE)


@pytest.mark.asyncio
async def test_a_new_hub_epoch_resyncs_from_a_snapshot(hub, transport, cache, demo):
    feed(hub, demo, 0, 10)
    client = HubClient(HUB, transport=transport)
    await Puller(client, Replica(cache)).sync_once()
    with hub.begin() as connection:  # as if the hub's database had been restored elsewhere
        connection.execute(update(hub_meta).where(hub_meta.c.key == "epoch").values(value="restored"))
    applied = await Puller(client, Replica(cache)).sync_once()
    await client.aclose()
    assert applied.reset and len(applied.mentions) == 10
    state = await Replica(cache).cursor(HUB)
    assert state.epoch == "restored" and state.cursor.startswith("restored:")


def _html(request: httpx.Request) -> httpx.Response:
    return httpx.Response(
        200, text="<html><body>Welcome to nginx!</body></html>", headers={"content-type": "text/html"}
    )


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "handler",
    [
        _html,
        lambda request: httpx.Response(404, text="not found"),
        lambda request: httpx.Response(200, json={"status": "ok"}),
    ],
    ids=["html-page", "404", "other-json-service"],
)
async def test_a_url_that_is_not_a_hub_is_named_as_such(handler, cache):
    client = HubClient("http://example.test", transport=httpx.MockTransport(handler))
    with pytest.raises(NotAHubError, match=r"not a Horseshoe hub|no Horseshoe hub"):
        await client.health()
    puller = Puller(client, Replica(cache), poll_interval=0.05)
    task = asyncio.create_task(puller.run())
    await _until(lambda: puller.status.state is LinkState.NOT_A_HUB)
    task.cancel()
    await client.aclose()


@pytest.mark.asyncio
async def test_an_unreachable_hub_is_reported_as_offline():
    client = HubClient("http://127.0.0.1:9", timeout=2)  # the discard port: nothing listens
    with pytest.raises(HubUnreachableError, match="cannot reach"):
        await client.health()
    await client.aclose()


@pytest.mark.asyncio
async def test_a_malformed_pull_response_is_a_sync_error_that_loses_nothing(cache):
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/health":
            return httpx.Response(
                200, json={"service": "horseshoe-hub", "version": "x", "epoch": "e", "head": 1}
            )
        return httpx.Response(
            200,
            json={
                "epoch": "e",
                "cursor": "e:1",
                "head": 1,
                "more": False,
                "reset": False,
                "tables": {"mention": {"columns": ["id"], "rows": [["only-an-id"]]}},
            },
        )

    client = HubClient("http://hub.test", transport=httpx.MockTransport(handler))
    puller = Puller(client, Replica(cache), poll_interval=0.05)
    task = asyncio.create_task(puller.run())
    await _until(lambda: puller.status.state is LinkState.FAILED)
    task.cancel()
    await client.aclose()
    assert "malformed" in puller.status.message
    assert (await Replica(cache).cursor("http://hub.test")).cursor is None  # nothing half-applied


def test_backoff_grows_with_jitter_and_resets():
    backoff = Backoff(first=1, cap=8)
    delays = [backoff.next() for _ in range(6)]
    assert 0.5 <= delays[0] <= 1 and all(4 <= d <= 8 for d in delays[3:])
    backoff.reset()
    assert backoff.next() <= 1


async def _until(condition, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
