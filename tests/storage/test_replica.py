import random

import pytest

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
