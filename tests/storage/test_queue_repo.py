import random
import time

import pytest
from sqlalchemy.dialects import sqlite

from console.domain.case import CaseStatus
from console.domain.network import Network
from console.domain.priority import AGING_MS_PER_POINT
from console.domain.queue import UNASSIGNED, QueueQuery, QueueSort
from console.domain.sentiment import Sentiment
from console.storage import queue_repo, search
from console.storage.replica import drop_cases
from tests.storage.conftest import as_tables, case_change, mention_change

SORT_FIELD = {
    QueueSort.AGE: "created_ms",
    QueueSort.NETWORK: "network",
    QueueSort.ACCOUNT: "account_id",
    QueueSort.AUTHOR: "author_handle",
    QueueSort.SENTIMENT: "sentiment_score",
    QueueSort.PRIORITY: "priority order",  # priority * AGING_MS_PER_POINT - created_ms
    QueueSort.LANGUAGE: "lang",
    QueueSort.REACH: "author_followers",
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
    for sort in QueueSort:
        statement = queue_repo._select(QueueQuery(sort)).order_by(
            queue_repo.SORT_COLUMNS[sort].desc(), queue_repo.mentions.c.id.desc()
        )
        # As the app runs it: with bound parameters (an expression index matches only literally).
        compiled = statement.compile(dialect=sqlite.dialect())
        sql, params = str(compiled), tuple(compiled.params[name] for name in compiled.positiontup)
        plan = cache.read_sync(
            lambda c, sql=sql, params=params: c.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}", params).all()
        )
        details = " ".join(row[-1] for row in plan)
        assert "USING INDEX ix_mentions_" in details and "TEMP B-TREE" not in details, details


def _apply(cache, changes, seq=2000):
    from console.storage.replica import Replica

    return cache.write_sync(
        lambda c: Replica(cache).apply_sync(c, "http://hub", "ep", f"ep:{seq}", seq, as_tables(changes))
    )


def test_filters_on_the_case_account_and_mention_combine_in_sql(cache):
    rng = random.Random(7)
    changes = [mention_change(n, rng) for n in range(1, 61)]
    for change in changes:
        change["data"]["lang"] = "ar" if change["seq"] % 4 == 0 else "en"
    cases = [case_change(100 + n, f"c{n:06d}", "open" if n % 2 else "new") for n in range(1, 61)]
    for case in cases:
        n = case["seq"] - 100
        case["data"]["claim_holder"] = "u-ana" if n % 3 == 0 else None
        case["data"]["team"] = "Legal" if n % 5 == 0 else None
    accounts = [
        {
            "seq": 300 + i,
            "kind": "account",
            "data": {"id": a, "network": "x", "handle": a, "name": a, "team": "PR", "seq": 300 + i},
        }
        for i, a in enumerate(sorted({c["data"]["account_id"] for c in changes}))
    ]
    _apply(cache, changes + cases + accounts)
    data = {c["data"]["id"]: c["data"] for c in changes}

    def ids(query):
        got = {r.mention_id for r in walk(cache, query, page_size=7)}
        assert cache.read_sync(lambda c: queue_repo.count(c, query)) == len(got)
        return got

    def n(mention_id):
        return int(mention_id[1:])

    assert ids(QueueQuery(statuses=frozenset({CaseStatus.OPEN}))) == {m for m in data if n(m) % 2}
    assert ids(QueueQuery(assignees=frozenset({"u-ana"}))) == {m for m in data if n(m) % 3 == 0}
    assert ids(QueueQuery(assignees=frozenset({UNASSIGNED}))) == {m for m in data if n(m) % 3}
    assert ids(QueueQuery(teams=frozenset({"Legal"}))) == {m for m in data if n(m) % 5 == 0}
    assert ids(QueueQuery(teams=frozenset({"PR"}))) == {m for m in data if n(m) % 5}
    assert ids(QueueQuery(languages=frozenset({"ar"}))) == {m for m in data if n(m) % 4 == 0}
    negative = {m for m, d in data.items() if d["sentiment"] == "negative"}
    assert ids(QueueQuery(sentiments=frozenset({Sentiment.NEGATIVE}))) == negative and negative
    middle = sorted(d["created_ms"] for d in data.values())[30]
    assert ids(QueueQuery(since_ms=middle)) == {m for m, d in data.items() if d["created_ms"] >= middle}
    assert ids(QueueQuery(until_ms=middle)) == {m for m, d in data.items() if d["created_ms"] < middle}
    both = QueueQuery(
        statuses=frozenset({CaseStatus.OPEN}), assignees=frozenset({"u-ana"}), sort=QueueSort.REACH
    )
    assert ids(both) == {m for m in data if n(m) % 2 and n(m) % 3 == 0}


def test_quick_search_matches_word_prefixes_and_follows_every_write(cache):
    rng = random.Random(3)
    changes = [mention_change(n, rng) for n in range(1, 31)]
    changes[0]["data"]["text"] = "Mi pedido llegó roto, quiero un reembolso"
    changes[1]["data"]["text"] = "الطلب وصل مكسور"
    changes[2]["data"]["author_handle"] = "@ana_b"
    _apply(cache, [*changes, case_change(100, "c000003")])

    def found(words):
        return {r.mention_id for r in walk(cache, QueueQuery(text=words), page_size=10)}

    assert found("reemb") == {"m000001"}
    assert found("llego") == {"m000001"}  # diacritics folded
    assert found("مكسور") == {"m000002"}
    assert found("@ana") == {"m000003"}
    assert found('refund" * : (') == {c["data"]["id"] for c in changes if "refund" in c["data"]["text"]}
    assert found("!!!") == set()  # no words: a substring scan, which finds none
    # The index follows the replica: an edited text, a dropped case.
    changes[0]["data"]["text"] = "all good now"
    _apply(cache, [changes[0]], seq=3000)
    assert found("reembolso") == set() and found("good") == {"m000001"}
    cache.write_sync(lambda c: drop_cases(c, ["c000003"]))
    assert found("ana") == set()
    # FTS5's own check of the index against its content table: it raises if they disagree.
    check = "INSERT INTO mentions_fts(mentions_fts, rank) VALUES ('integrity-check', 1)"
    cache.write_sync(lambda c: c.exec_driver_sql(check))


def test_a_capped_count_stops_past_the_cap(filled):
    cache, rows = filled
    query = QueueQuery(text="delivery")
    expected = sum("delivery" in r["text"] for r in rows)
    assert cache.read_sync(lambda c: queue_repo.count(c, query)) == expected > 100
    assert cache.read_sync(lambda c: queue_repo.count(c, query, cap=100)) == 101
    assert cache.read_sync(lambda c: queue_repo.count(c, QueueQuery(), cap=10_000)) == len(rows)


def test_the_working_queue_is_counted_from_the_open_cases(filled):
    """The tray counts the open work every 30 s: along the unresolved cases' partial index and the
    mentions' case index, never a scan of every mention the cache holds."""
    from dataclasses import replace

    from console.domain.sla import SlaState
    from console.services.queue import WORKING

    cache, rows = filled
    now = int(time.time() * 1000)
    cases = []
    for n, status in enumerate(["new", "open", "pending", "resolved"] * 100, start=1):
        case = case_change(5000 + n, rows[n]["case_id"], status)
        if n % 3 == 0:  # three quarters of an hour's promise gone: at risk
            case["data"].update(opened_ms=now - 50 * 60_000, first_response_due_ms=now + 10 * 60_000)
        cases.append(case)
    _apply(cache, cases, seq=9000)

    def plan(c, query):
        sql = []
        c.connection.driver_connection.set_trace_callback(sql.append)
        try:
            result = queue_repo.count(c, query, cap=9_999)
        finally:
            c.connection.driver_connection.set_trace_callback(None)
        statement = [s for s in sql if "count(*) AS count_1" in s][-1]
        details = " ".join(row[-1] for row in c.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}").all())
        return result, details

    for sla in (None, SlaState.AT_RISK, SlaState.BREACHED):
        query = WORKING if sla is None else replace(WORKING, sla_states=frozenset({sla}))
        counted, details = cache.read_sync(lambda c, query=query: plan(c, query))
        assert "ix_cases_unresolved" in details and "SCAN mentions" not in details, details
        # The same rows as the queue's pages show for the query (those never take this path).
        expected = len(walk(cache, query, page_size=500))
        assert counted == expected > 0, sla
    # A search under the same filter goes in by its few matches, not by every open case.
    searched = replace(WORKING, text="refund")
    counted, details = cache.read_sync(lambda c: plan(c, searched))
    assert "ix_cases_unresolved" not in details and counted == len(walk(cache, searched, page_size=500))


def test_common_words_are_probed_row_by_row_with_the_indexs_rules(filled, monkeypatch):
    cache, rows = filled
    monkeypatch.setattr(search, "DENSE", 300)  # "delivery": 6 rows in 7, probed; "refund": 1 in 7
    probed = walk(cache, QueueQuery(QueueSort.AUTHOR, text="DELIV"), page_size=97)
    assert [r.mention_id for r in probed] == [
        r["id"]
        for r in sorted(rows, key=lambda r: (r["author_handle"], r["id"]), reverse=True)
        if "delivery" in r["text"]
    ]
    # "delivery" is decided by the cheap whole-word count, "deliv" only by the prefix count.
    assert cache.read_sync(lambda c: search.strategy(c, search.match_expression("delivery"))) == search.PROBE
    assert cache.read_sync(lambda c: search.strategy(c, search.match_expression("deliv"))) == search.PROBE
    assert cache.read_sync(lambda c: search.strategy(c, search.match_expression("refund"))) == search.SET


def test_the_search_index_is_kept_by_triggers_at_head(cache):
    """A later migration that recreates ``mentions`` drops its triggers: this says so."""
    triggers = cache.read_sync(
        lambda c: set(c.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").scalars())
    )
    assert set(search.TRIGGERS) <= triggers


def test_sla_states_intents_and_crisis_filter_in_sql_as_the_row_reads_them(cache):
    from console.domain.clock import now_ms
    from console.domain.sla import SlaState

    now = now_ms()
    rng = random.Random(11)
    changes = [mention_change(n, rng) for n in range(1, 41)]
    cases = [case_change(100 + n, f"c{n:06d}", "open") for n in range(1, 41)]
    for mention, case in zip(changes, cases, strict=True):
        n = case["seq"] - 100
        opened = now - 3_600_000
        case["data"] |= {"opened_ms": opened, "first_response_ms": None, "tags": "[]"}
        if n % 4 == 0:  # breached: due ten minutes ago
            case["data"]["first_response_due_ms"] = now - 600_000
        elif n % 4 == 1:  # at risk: 90% of the allowance spent
            case["data"]["first_response_due_ms"] = opened + 4_000_000
        elif n % 4 == 2:  # on time: answered, resolution far away
            case["data"] |= {"first_response_ms": opened + 60_000, "resolution_due_ms": now + 86_400_000}
        else:  # resolved: owes nothing
            case["data"] |= {"status": "resolved", "first_response_due_ms": now - 1}
        if n % 5 == 0:
            case["data"]["tags"] = '["crisis", "refund"]'
        mention["data"]["intent"] = "crisis" if n % 10 == 1 else "complaint"
    _apply(cache, changes + cases)

    def ids(query):
        return {r.mention_id for r in walk(cache, query, page_size=9)}

    rows = {r.mention_id: r for r in walk(cache, QueueQuery(), page_size=50)}
    for state in (SlaState.BREACHED, SlaState.AT_RISK, SlaState.OK):
        expected = {m for m, r in rows.items() if r.sla(now_ms()).state is state}
        assert expected and ids(QueueQuery(sla_states=frozenset({state}))) == expected
    assert all(rows[m].sla(now).state is SlaState.NONE for m in rows if int(m[1:]) % 4 == 3)
    crisis = ids(QueueQuery(crisis=True))
    assert crisis == {m for m, r in rows.items() if r.crisis or r.intent == "crisis"} and crisis
    assert ids(QueueQuery(intents=frozenset({"crisis"}))) == {
        m for m, r in rows.items() if r.intent == "crisis"
    }
    for query in (QueueQuery(sla_states=frozenset({SlaState.BREACHED})), QueueQuery(crisis=True)):
        # The count joins the cases these filters read (without it: every case times every mention).
        assert cache.read_sync(lambda c, q=query: queue_repo.count(c, q)) == len(ids(query))


def test_a_row_names_its_assignee_and_the_claim_holder_separately(cache):
    rng = random.Random(5)
    changes = [mention_change(n, rng) for n in range(1, 4)]
    cases = [case_change(100 + n, f"c{n:06d}", "open") for n in range(1, 4)]
    cases[0]["data"] |= {"assignee": "u-ana", "claim_holder": "u-bo"}
    cases[1]["data"] |= {"claim_holder": "u-bo"}
    people = [
        {
            "seq": 200 + i,
            "kind": "user",
            "data": {"id": uid, "username": uid, "name": name, "role": "agent", "teams": "[]"}
            | {"disabled": False, "created_ms": 1, "seq": 200 + i},
        }
        for i, (uid, name) in enumerate((("u-ana", "Ana Silva"), ("u-bo", "Bo Chen")))
    ]
    _apply(cache, changes + cases + people)
    rows = {r.case_id: r for r in walk(cache, QueueQuery(), page_size=10)}
    assert (rows["c000001"].assignee_name, rows["c000001"].claim_holder_name) == ("Ana Silva", "Bo Chen")
    assert (rows["c000002"].assignee, rows["c000002"].claim_holder_name) == (None, "Bo Chen")
    assert rows["c000003"].assignee_name is None


def test_snoozed_cases_leave_the_working_views_and_get_next_until_their_time(cache):
    from console.domain.clock import now_ms
    from console.storage.next_case import next_case

    now = now_ms()
    rng = random.Random(3)
    changes = [mention_change(n, rng, f"c{n:06d}") for n in range(1, 4)]
    snoozes = {1: now + 3_600_000, 2: now - 60_000, 3: None}  # asleep, woken by time, never snoozed
    for n, until in snoozes.items():
        case = case_change(10 + n, f"c{n:06d}", "open")
        case["data"]["snoozed_until_ms"] = until
        changes.append(case)
    _apply(cache, changes)

    def shown(**filters) -> set[str]:
        return {
            r.case_id for r in cache.read_sync(lambda c: queue_repo.page(c, QueueQuery(**filters), None, 50))
        }

    assert shown() == {"c000001", "c000002", "c000003"}  # "All mentions" keeps everything, marked
    assert shown(snoozed=False) == {"c000002", "c000003"}
    assert shown(snoozed=True) == {"c000001"}
    assert cache.read_sync(lambda c: queue_repo.count(c, QueueQuery(snoozed=False))) == 2
    (asleep,) = [
        r for r in cache.read_sync(lambda c: queue_repo.page(c, QueueQuery(), None, 50)) if r.snoozed(now)
    ]
    assert asleep.case_id == "c000001"
    cache.write_sync(
        lambda c: c.exec_driver_sql(
            "INSERT INTO users (id, username, name, role, teams, disabled, created_ms, seq) "
            "VALUES ('u-sup', 'sup', 'Sup', 'supervisor', '[]', 0, 1, 1)"
        )
    )
    taken = set()
    for _ in range(3):
        case_id = cache.read_sync(lambda c: next_case(c, "u-sup", now))
        if case_id is None:
            break
        taken.add(case_id)
        cache.write_sync(
            lambda c, case_id=case_id: c.exec_driver_sql(
                f"UPDATE cases SET status = 'resolved' WHERE id = '{case_id}'"
            )
        )
    assert taken == {"c000002", "c000003"}  # the sleeping case is not offered
