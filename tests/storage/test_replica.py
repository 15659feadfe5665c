import random

import pytest

from console.domain.checksum import table_checksum
from console.domain.mutation import MutationKind
from console.storage import replica as replica_module
from console.storage.outbox import Outbox
from console.storage.replica import MalformedChangeError, Replica, load_cursor
from tests.storage.conftest import as_tables, case_change, mention_change


@pytest.mark.asyncio
async def test_changes_and_cursor_commit_together(cache):
    replica = Replica(cache)
    changes = [mention_change(1, random.Random(1), "c1"), case_change(2, "c1")]
    applied = await replica.apply("http://hub", "ep", "ep:2", 2, as_tables(changes))
    assert applied.mentions == {"m000001"} and applied.cases == {"c1"}
    state = await replica.cursor("http://hub")
    assert (state.epoch, state.cursor, state.head) == ("ep", "ep:2", 2)
    assert state.last_sync_ms is not None


@pytest.mark.asyncio
async def test_a_malformed_page_changes_nothing(cache):
    replica = Replica(cache)
    await replica.apply("http://hub", "ep", "ep:1", 1, as_tables([mention_change(1, random.Random(1))]))
    page = as_tables([mention_change(2, random.Random(2)), mention_change(3, random.Random(3))])
    page["mention"]["rows"][1] = page["mention"]["rows"][1][:-3]  # a truncated row
    with pytest.raises(MalformedChangeError, match="mention row #1"):
        await replica.apply("http://hub", "ep", "ep:3", 3, page)
    without_text = as_tables([mention_change(4, random.Random(4))])
    without_text["mention"]["columns"][without_text["mention"]["columns"].index("text")] = "body"
    with pytest.raises(MalformedChangeError, match="mention table is malformed"):
        await replica.apply("http://hub", "ep", "ep:4", 4, without_text)
    with pytest.raises(MalformedChangeError, match="unknown table"):
        await replica.apply("http://hub", "ep", "ep:4", 4, {"invoice": {"columns": ["id"], "rows": [["x"]]}})
    state = await replica.cursor("http://hub")
    assert state.cursor == "ep:1"
    count = cache.read_sync(lambda c: c.exec_driver_sql("SELECT count(*) FROM mentions").scalar())
    assert count == 1


@pytest.mark.asyncio
async def test_reapplying_a_page_is_an_idempotent_upsert(cache):
    replica = Replica(cache)
    await replica.apply("http://hub", "ep", "ep:2", 2, as_tables([case_change(2, "c1", "new")]))
    await replica.apply("http://hub", "ep", "ep:2", 2, as_tables([case_change(2, "c1", "new")]))
    await replica.apply("http://hub", "ep", "ep:9", 9, as_tables([case_change(9, "c1", "resolved")]))
    rows = cache.read_sync(lambda c: c.exec_driver_sql("SELECT id, status, seq FROM cases").all())
    assert [tuple(r) for r in rows] == [("c1", "resolved", 9)]


@pytest.mark.asyncio
async def test_columns_a_newer_hub_adds_are_ignored(cache):
    change = mention_change(1, random.Random(1))
    change["data"]["future_column"] = "something new"
    applied = await Replica(cache).apply("http://hub", "ep", "ep:1", 1, as_tables([change]))
    assert applied.mentions == {"m000001"}


def test_an_empty_cache_has_no_cursor(cache):
    state = cache.read_sync(lambda c: load_cursor(c, "http://hub"))
    assert state.cursor is None and state.hub_url == "http://hub"


@pytest.mark.asyncio
async def test_a_reset_page_empties_the_replica_but_never_the_outbox(cache):
    replica, outbox = Replica(cache), Outbox(cache)
    rng = random.Random(5)
    await replica.apply(
        "http://hub", "ep", "ep:3", 3, as_tables([mention_change(1, rng, "c1"), case_change(3, "c1")])
    )
    await outbox.enqueue("user-1", MutationKind.NOTE, "c1", {"text": "keep me"})
    applied = await replica.apply(
        "http://hub", "ep2", "ep2:2", 2, as_tables([case_change(2, "c2")]), reset=True, gone=["c2"]
    )
    assert applied.reset and applied.removed == frozenset()  # a reset page's gone list has nothing to drop
    rows = cache.read_sync(
        lambda c: c.exec_driver_sql("SELECT id FROM cases UNION ALL SELECT id FROM mentions")
    )
    assert [r[0] for r in rows] == ["c2"]
    assert [m.payload["text"] for m in await outbox.pending("user-1")] == ["keep me"]


@pytest.mark.asyncio
async def test_a_gone_case_leaves_with_its_rows_and_unknown_ids_cost_nothing(cache, monkeypatch):
    monkeypatch.setattr(replica_module, "CHECKSUM_SLICE", 1)  # every row its own slice: they must add up
    replica = Replica(cache)
    rng = random.Random(6)
    changes = [
        mention_change(1, rng, "c1"),
        mention_change(2, rng, "c2"),
        case_change(3, "c1"),
        case_change(4, "c2"),
    ]
    await replica.apply("http://hub", "ep", "ep:4", 4, as_tables(changes))
    applied = await replica.apply("http://hub", "ep", "ep:9", 9, {}, gone=["c1", "never-held"])
    assert applied.removed == {"c1"}
    left = cache.read_sync(lambda c: c.exec_driver_sql("SELECT case_id FROM mentions").scalars().all())
    assert left == ["c2"]
    local = await replica.checksum()
    assert local.cursor.seq == 9 and local.tables["case"] == table_checksum([("c2", 4)])
    assert local.tables["mention"] == table_checksum([("m000002", 2)])


@pytest.mark.asyncio
async def test_a_case_held_in_part_leaves_whole(cache):
    """Regression (fault campaign): a case handed to another team while a sync from the start had
    brought its mention but not yet its row left the mention behind."""
    replica = Replica(cache)
    rng = random.Random(8)
    await replica.apply(
        "http://hub", "ep", "ep:2", 2, as_tables([mention_change(1, rng, "c1"), mention_change(2, rng, "c2")])
    )
    applied = await replica.apply("http://hub", "ep", "ep:9", 9, {}, gone=["c1"])
    assert applied.removed == {"c1"}
    left = cache.read_sync(lambda c: c.exec_driver_sql("SELECT case_id FROM mentions").scalars().all())
    assert left == ["c2"]


@pytest.mark.asyncio
async def test_a_new_history_starts_from_an_empty_replica_and_keeps_the_outbox(cache):
    """Regression (fault campaign): rows of a restored hub's lost history survived the resync."""
    from console.domain.mutation import MutationKind
    from console.storage.outbox import Outbox

    replica = Replica(cache)
    lost = [case_change(1, "c-lost"), case_change(2, "c-kept", "open")]
    await replica.apply("http://hub", "old", "old:2", 2, as_tables(lost))
    await Outbox(cache).enqueue("ana", MutationKind.NOTE, "c-lost", {"text": "not sent yet"})
    applied = await replica.apply(
        "http://hub", "new", "new:1", 1, as_tables([case_change(1, "c-kept")]), True
    )
    assert applied.reset
    rows = cache.read_sync(lambda c: c.exec_driver_sql("SELECT id, status FROM cases").all())
    assert [tuple(r) for r in rows] == [("c-kept", "new")]
    assert (await Outbox(cache).state("ana")).pending == 1
