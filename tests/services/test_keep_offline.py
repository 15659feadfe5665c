"""Keep offline: a date range of whole cases into the cache, with progress, cancel, resume, idempotence."""

import dataclasses

import pytest
import pytest_asyncio
from sqlalchemy import func, select

from console.domain.clock import now_ms
from console.domain.kept import DAY_MS, KeepProgress
from console.domain.sync import Convergence
from console.services.keep_offline import KeepOffline, KeepOfflineError
from console.storage import schema
from console.storage.database import CacheError
from console.storage.kept_ranges import KeptRanges
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from tests.sync.conftest import HUB, FlakyTransport, hub  # noqa: F401
from tests.sync.horizon import DAYS, OLD, old_hub

FROM, TO = OLD - DAY_MS, OLD + DAY_MS  # the old history's day, with a day either side


def count(cache, table) -> int:
    return cache.read_sync(lambda c: c.scalar(select(func.count()).select_from(table)))


def held_cases(cache) -> set[str]:
    return set(cache.read_sync(lambda c: c.scalars(select(schema.cases.c.id))))


@pytest.fixture
def world(hub):  # noqa: F811
    return old_hub(hub)


@pytest_asyncio.fixture
async def desk(world, cache):
    """A workstation with a 30-day horizon, synced: the old resolved cases are not in its cache."""
    flaky = FlakyTransport(world.transport)
    client = HubClient(HUB, transport=flaky)
    puller = Puller(client, Replica(cache), page_size=7, history_days=DAYS)
    await puller.sync_once()
    assert not set(world.resolved) & held_cases(cache)
    yield KeepOffline(client, puller, KeptRanges(cache), page_cases=1), puller, flaky
    await client.aclose()


@pytest.mark.asyncio
async def test_a_range_is_estimated_then_downloaded_whole_with_progress(world, desk, cache):
    keep, puller, _flaky = desk
    everything = {*world.resolved, *world.open}
    assert await keep.estimate(FROM, TO) == len(everything)
    assert await keep.estimate(TO, TO + DAY_MS) == 0
    seen: list[KeepProgress] = []
    result = await keep.download(FROM, TO, seen.append)
    assert not result.cancelled and result.range.finished and result.range.done == len(everything)
    assert seen[0] == KeepProgress(0, len(everything)) and seen[-1].fraction == 1.0
    assert [p.done for p in seen] == list(range(len(everything) + 1))  # one page per case here
    assert held_cases(cache) == everything
    mentions = cache.read_sync(
        lambda c: c.scalar(select(func.sum(schema.cases.c.mention_count)).select_from(schema.cases))
    )
    assert count(cache, schema.mentions) == mentions  # whole cases: every mention of each
    assert (await puller.verify()).outcome is Convergence.MATCH  # what is kept offline changes nothing
    assert [kept.id for kept in await keep.kept()] == [result.range.id]


@pytest.mark.asyncio
async def test_a_cancelled_download_keeps_its_pages_and_goes_on_where_it_stopped(world, desk, cache):
    keep, puller, _flaky = desk
    seen: list[KeepProgress] = []
    result = await keep.download(FROM, TO, seen.append, cancelled=lambda: len(seen) >= 3)
    assert result.cancelled and not result.range.finished and result.range.done == 2
    stored = held_cases(cache)
    resumed: list[KeepProgress] = []
    result = await keep.download(FROM, TO, resumed.append)
    assert result.range.finished and resumed[0].done == 2  # went on after the pages it had
    assert len(resumed) == len(world.resolved) + len(world.open) - 1
    assert stored < held_cases(cache) == {*world.resolved, *world.open}
    rows = {table.name: count(cache, table) for table in (schema.cases, schema.mentions, schema.events)}
    again = await keep.download(FROM, TO)  # the same range once more: stored again, harmlessly
    assert again.range.finished and again.range.id != result.range.id
    assert rows == {
        table.name: count(cache, table) for table in (schema.cases, schema.mentions, schema.events)
    }
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_an_unreachable_hub_is_said_and_loses_nothing(world, desk, cache):
    keep, _puller, flaky = desk
    seen: list[KeepProgress] = []

    def drop_after_two(progress: KeepProgress) -> None:
        seen.append(progress)
        flaky.down = len(seen) >= 3

    with pytest.raises(KeepOfflineError, match=r"cannot be reached.*download again"):
        await keep.download(FROM, TO, drop_after_two)
    (unfinished,) = await keep.kept()
    assert unfinished.done == 2 and not unfinished.finished
    assert held_cases(cache) - set(world.open) == set(world.resolved[:2])  # the two pages stored stay
    flaky.down = False
    assert (await keep.download(FROM, TO)).range.finished


@pytest.mark.asyncio
async def test_a_bad_range_and_a_resync_are_said(world, desk, cache):
    keep, puller, _flaky = desk
    with pytest.raises(KeepOfflineError, match="ends before"):
        await keep.download(TO, FROM)
    await keep.download(FROM, TO)
    assert keep.horizon_days == DAYS
    await puller.resync()  # a refill from the hub empties what was kept, and its record with it
    assert await keep.kept() == [] and not set(world.resolved) & held_cases(cache)
    assert now_ms() > TO


@pytest.mark.asyncio
async def test_a_full_disk_is_said_and_keeps_the_pages_before(world, desk, cache, monkeypatch):
    keep, puller, _flaky = desk
    real = puller._replica.apply_history
    pages = []

    async def filling(*args, **kwargs):
        if len(pages) == 2:
            raise CacheError("The local cache could not store the history (database or disk is full)")
        pages.append(args)
        return await real(*args, **kwargs)

    monkeypatch.setattr(puller._replica, "apply_history", filling)
    with pytest.raises(KeepOfflineError, match=r"disk is full.*free some disk space"):
        await keep.download(FROM, TO)
    (unfinished,) = await keep.kept()
    assert unfinished.done == 2 and not unfinished.finished
    monkeypatch.setattr(puller._replica, "apply_history", real)
    assert (await keep.download(FROM, TO)).range.done == len(world.resolved) + len(world.open)


@pytest.mark.asyncio
async def test_a_page_that_does_not_fit_the_cache_is_said_and_keeps_the_pages_before(world, desk, cache):
    keep, _puller, _flaky = desk
    real = keep._client.history
    pages = []

    async def garbled(*args, **kwargs):
        page = await real(*args, **kwargs)
        pages.append(page)
        if len(pages) < 4:  # the estimate, then two pages stored
            return page
        return dataclasses.replace(page, tables={"case": {"columns": ["id"], "rows": [["x"]]}})

    keep._client.history = garbled
    with pytest.raises(KeepOfflineError, match=r"cannot store.*malformed"):
        await keep.download(FROM, TO)
    (unfinished,) = await keep.kept()
    assert unfinished.done == 2 and not unfinished.finished
