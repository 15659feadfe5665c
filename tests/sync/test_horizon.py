"""The history horizon on the workstation: old resolved cases stay on the hub, a reopened one arrives
whole, the checksums agree, and history stored beside the pull never runs ahead of the cursor."""

import pytest
import pytest_asyncio
from sqlalchemy import func, select, update

from console.domain.sync import Convergence
from console.hub.changelog import lock_sequence
from console.hub.schema import events
from console.storage import schema
from console.storage.replica import HistoryOutOfStepError, Replica
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from tests.hub.scoping import hub_rows
from tests.sync.conftest import HUB
from tests.sync.horizon import DAYS, old_hub, write_again


def held(cache, table, column="id") -> set[str]:
    return set(cache.read_sync(lambda c: c.scalars(select(table.c[column]))))


def mentions_of(cache, case_id) -> int:
    query = select(func.count()).select_from(schema.mentions).where(schema.mentions.c.case_id == case_id)
    return cache.read_sync(lambda c: c.scalar(query))


@pytest.fixture
def world(hub):
    return old_hub(hub)


@pytest_asyncio.fixture
async def puller(world, cache):
    client = HubClient(HUB, transport=world.transport)
    yield Puller(client, Replica(cache), page_size=7, history_days=DAYS)
    await client.aclose()


@pytest.mark.asyncio
async def test_the_pull_leaves_old_resolved_cases_on_the_hub_and_still_converges(world, puller, cache):
    await puller.sync_once()
    cases = held(cache, schema.cases)
    assert cases == set(world.open)  # the old open cases are kept however old
    assert not set(world.resolved) & held(cache, schema.mentions, "case_id")
    assert not set(world.resolved) & held(cache, schema.events, "case_id")
    state = cache.read_sync(lambda c: c.execute(select(schema.sync_state)).one())
    assert state.history_days == DAYS and state.floor_ms is not None
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_an_old_case_reopened_after_the_snapshot_arrives_whole(hub, world, puller, cache):
    await puller.sync_once()
    old = world.resolved[0]
    write_again(hub, old)
    applied = await puller.sync_once()
    assert old in held(cache, schema.cases) and old in applied.cases
    count = cache.read_sync(
        lambda c: c.scalar(select(schema.cases.c.mention_count).where(schema.cases.c.id == old))
    )
    assert mentions_of(cache, old) == count >= 2  # the ones from before the cursor came too
    assert old in held(cache, schema.events, "case_id")
    assert not held(cache, schema.history_wanted, "case_id")
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_a_reopened_case_the_fetch_missed_is_fetched_on_the_next_sync(hub, world, puller, cache):
    """The need is stored with the page: an outage between the page and the fetch loses nothing."""
    await puller.sync_once()
    old = world.resolved[1]
    write_again(hub, old)
    real = puller._client.history_of

    async def down(_ids):
        from console.sync.hub_client import HubUnreachableError

        raise HubUnreachableError("cannot reach the hub: connection refused")

    puller._client.history_of = down
    with pytest.raises(Exception, match="connection refused"):
        await puller.sync_once()
    assert held(cache, schema.history_wanted, "case_id") == {old}
    puller._client.history_of = real
    await puller.sync_once()
    assert not held(cache, schema.history_wanted, "case_id") and mentions_of(cache, old) >= 2
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_another_horizon_refills_the_cache(world, puller, cache):
    await puller.sync_once()
    puller.history_days = None  # the setting removed: every case again
    applied = await puller.sync_once()
    assert applied.reset and held(cache, schema.cases) == {*world.open, *world.resolved}
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_history_is_stored_only_as_far_as_the_cursor_and_never_over_a_newer_row(world, puller, cache):
    await puller.sync_once()
    replica = puller._replica
    page = await puller._client.history_of(world.resolved[:1])
    state = await replica.cursor(HUB)
    epoch, seq = state.cursor.split(":")[:2]
    case_table = page.tables["case"]
    seq_at = case_table["columns"].index("seq")
    ahead = {
        **case_table,
        "rows": [[*row[:seq_at], int(seq) + 5, *row[seq_at + 1 :]] for row in case_table["rows"]],
    }
    await replica.apply_history(epoch, page.head + 5, {"case": ahead}, page.cases)
    assert world.resolved[0] not in held(cache, schema.cases)  # a version the cursor has not passed: left out
    await replica.apply_history(epoch, page.head, page.tables, page.cases)
    assert world.resolved[0] in held(cache, schema.cases)
    older = {**case_table, "rows": [[*row[:seq_at], 1, *row[seq_at + 1 :]] for row in case_table["rows"]]}
    await replica.apply_history(epoch, page.head, {"case": older}, page.cases)
    kept_seq = cache.read_sync(
        lambda c: c.scalar(select(schema.cases.c.seq).where(schema.cases.c.id == world.resolved[0]))
    )
    assert kept_seq == case_table["rows"][0][seq_at]  # not replaced by an older version
    with pytest.raises(HistoryOutOfStepError):
        await replica.apply_history(epoch, int(seq) - 1, page.tables, page.cases)  # read before the cursor
    with pytest.raises(HistoryOutOfStepError):
        await replica.apply_history("another-epoch", page.head, page.tables, page.cases)
    assert (await puller.verify()).outcome is Convergence.MATCH  # kept offline: no difference to the checksum


@pytest.mark.asyncio
async def test_a_case_kept_offline_that_returns_is_refreshed_whole(hub, world, puller, cache):
    """While beyond the horizon its changes were not pulled; when it comes back they come with it."""
    await puller.sync_once()
    old = world.resolved[2]
    await puller.apply_history(lambda: puller._client.history_of([old]))
    assert old in held(cache, schema.cases)
    moved = _move_an_event(hub, old)  # a change the pull leaves out: the case stays beyond the horizon
    await puller.sync_once()
    assert _event_seq(cache, moved) != hub_rows(hub, "event", old)[moved]
    assert (await puller.verify()).outcome is Convergence.MATCH  # beyond the horizon on both sides
    write_again(hub, old)
    await puller.sync_once()
    assert _event_seq(cache, moved) == hub_rows(hub, "event", old)[moved]
    assert (await puller.verify()).outcome is Convergence.MATCH


def _move_an_event(hub, case_id: str) -> str:
    with hub.begin() as connection:
        sequence = lock_sequence(connection)
        event_id = connection.scalars(select(events.c.id).where(events.c.case_id == case_id)).first()
        connection.execute(update(events).where(events.c.id == event_id).values(seq=sequence.next()))
        sequence.close()
    return event_id


def _event_seq(cache, event_id: str) -> int:
    return cache.read_sync(
        lambda c: c.scalar(select(schema.events.c.seq).where(schema.events.c.id == event_id))
    )


@pytest.mark.asyncio
async def test_a_case_reopened_during_the_first_sync_arrives_whole(hub, world, puller, cache):
    """The first pages passed its rows while it was beyond the horizon; a later page brings it back."""
    old = world.resolved[3]
    passed = max(hub_rows(hub, "mention", old).values())
    real = puller._client.pull
    reopened = []

    async def pull(after, *args, **kwargs):
        if not reopened and after and int(after.split(":")[1]) >= passed:
            write_again(hub, old)  # the snapshot's pages have passed its mentions
            reopened.append(after)
        return await real(after, *args, **kwargs)

    puller._client.pull = pull
    await puller.sync_once()
    assert reopened and old in held(cache, schema.cases)
    count = cache.read_sync(
        lambda c: c.scalar(select(schema.cases.c.mention_count).where(schema.cases.c.id == old))
    )
    assert mentions_of(cache, old) == count >= 2
    assert (await puller.verify()).outcome is Convergence.MATCH


@pytest.mark.asyncio
async def test_a_horizon_of_more_days_than_history_has_syncs_every_case(world, cache):
    client = HubClient(HUB, transport=world.transport)
    try:
        puller = Puller(client, Replica(cache), page_size=7, history_days=1_000_000)
        await puller.sync_once()  # its floor would be before 1970: the hub refused it, every pull
        assert set(world.resolved) | set(world.open) <= held(cache, schema.cases)
        assert (await puller.verify()).outcome is Convergence.MATCH
    finally:
        await client.aclose()
