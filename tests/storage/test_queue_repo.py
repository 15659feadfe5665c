import pytest

from console.domain.network import Network
from console.domain.priority import AGING_MS_PER_POINT
from console.domain.queue import QueueQuery, QueueSort
from console.storage import queue_repo

SORT_FIELD = {
    QueueSort.AGE: "created_ms",
    QueueSort.NETWORK: "network",
    QueueSort.ACCOUNT: "account_id",
    QueueSort.AUTHOR: "author_handle",
    QueueSort.SENTIMENT: "sentiment_score",
    QueueSort.PRIORITY: "priority order",  # priority * AGING_MS_PER_POINT - created_ms
}


def sort_value(row: dict, field: str):
    if field == "priority order":
        return row["priority"] * AGING_MS_PER_POINT - row["created_ms"]
    return row[field]


def walk(cache, query, page_size):
    seen, after = [], None
    while True:
        page = cache.read_sync(lambda c, after=after: queue_repo.page(c, query, after, page_size))
        seen.extend(page)
        if len(page) < page_size:
            return seen
        after = page[-1].key


@pytest.mark.parametrize("sort", list(QueueSort))
@pytest.mark.parametrize("descending", [True, False])
def test_keyset_pages_walk_every_row_once_in_order(filled, sort, descending):
    cache, rows = filled
    field = SORT_FIELD[sort]
    expected = sorted(rows, key=lambda r: (sort_value(r, field), r["id"]), reverse=descending)
    got = walk(cache, QueueQuery(sort, descending), page_size=97)
    assert [r.mention_id for r in got] == [r["id"] for r in expected]


def test_filters_by_network_and_text(filled):
    cache, rows = filled
    query = QueueQuery(networks=frozenset({Network.X, Network.REDDIT}), text="REFUND")
    got = walk(cache, query, page_size=50)
    expected = {r["id"] for r in rows if r["network"] in {"x", "reddit"} and "refund" in r["text"]}
    assert {r.mention_id for r in got} == expected and expected
    assert cache.read_sync(lambda c: queue_repo.count(c, query)) == len(expected)


def test_rows_by_id_respect_the_filter(filled):
    cache, rows = filled
    ids = [r["id"] for r in rows[:40]]
    query = QueueQuery(networks=frozenset({Network.X}))
    got = cache.read_sync(lambda c: queue_repo.rows(c, query, ids))
    assert {r.mention_id for r in got} == {r["id"] for r in rows[:40] if r["network"] == "x"}


def test_a_page_is_an_index_range_scan(filled):
    cache, _rows = filled
    for sort, index in [
        (QueueSort.AGE, "ix_mentions_created"),
        (QueueSort.AUTHOR, "ix_mentions_author"),
        (QueueSort.PRIORITY, "ix_mentions_priority"),
    ]:
        statement = queue_repo._select(QueueQuery(sort)).order_by(
            queue_repo.SORT_COLUMNS[sort].desc(), queue_repo.mentions.c.id.desc()
        )
        sql = str(statement.compile(compile_kwargs={"literal_binds": True}))
        plan = cache.read_sync(lambda c, sql=sql: c.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}").all())
        details = " ".join(row[-1] for row in plan)
        assert index in details and "TEMP B-TREE" not in details, details
