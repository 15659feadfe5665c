"""The analytics over a small hand-checked set of cases (tests/storage/analytics_data.py): each
measure's figure, worked out by hand in the comment beside it, per group; and the per-case facts
staying right when rows arrive late, out of order, or a case is reopened."""

import asyncio

import pytest

from console.domain.measures import GroupBy, all_measures, combine, measures
from console.storage import analytics_repo
from console.storage.analytics_repo import AnalyticsRepository, Period, group_counts
from console.storage.case_facts import refresh_all_stale
from console.storage.replica import Replica
from console.storage.schema import case_facts
from tests.storage.analytics_data import ANA, BOB, DAY, T0, hand_checked, mention, published, resolved
from tests.storage.case_data import MIN, Changes

S = 1000  # ms per second


def _report(cache, group: GroupBy, period: Period | None = None):
    period = period or Period()
    cache.write_sync(refresh_all_stale)
    counts = cache.read_sync(lambda c: group_counts(c, group, period))
    return {g.key: g for g in all_measures(counts)}, measures(combine(counts))


def _facts(cache) -> dict[str, dict]:
    cache.write_sync(refresh_all_stale)
    rows = cache.read_sync(lambda c: c.execute(case_facts.select()).mappings().all())
    return {row["case_id"]: dict(row) for row in rows}


@pytest.fixture
def hand(cache):
    hand_checked().apply(cache)
    return cache


def test_every_measure_over_all_cases(hand):
    _, total = _report(hand, GroupBy.ALL)
    assert (total.cases, total.excluded) == (5, 1)  # A B C D F; E resolved as spam
    assert total.answered == 4  # A B D F; C's reply failed
    assert total.response_rate == pytest.approx(0.8)  # 4 / 5
    # first responses 10, 20, 45, 5 min → sorted 300, 600, 1200, 2700 s;
    # median rank ⌈0.5·4⌉ = 2 → 600 s; p90 rank ⌈0.9·4⌉ = 4 → 2700 s
    assert (total.first_response.median_ms, total.first_response.p90_ms) == (600 * S, 2700 * S)
    assert total.first_response.n == 4
    # resolved now: A 60 min, D 180 min (to its second resolution), F 25 min; B is open again
    # sorted 1500, 3600, 10800 s; median rank 2 → 3600 s; p90 rank ⌈2.7⌉ = 3 → 10800 s
    assert (total.resolution.median_ms, total.resolution.p90_ms, total.resolution.n) == (
        3600 * S,
        10800 * S,
        3,
    )
    # resolved at least once: A B D F; reopened: B (customer wrote), D (agent) → 2 / 4
    assert (total.resolved_ever, total.reopened, total.reopen_rate) == (4, 2, 0.5)
    # A: after −0.4 − before −0.8 = +0.4; B: after (0.2 + 0.6)/2 = 0.4 − before (−0.6 − 0.2)/2 = −0.4
    # → +0.8; D and F have no message after the answer → (0.4 + 0.8) / 2 = 0.6, n = 2
    assert total.sentiment_change == pytest.approx(0.6)
    assert total.sentiment_n == 2


def test_by_network(hand):
    groups, _ = _report(hand, GroupBy.NETWORK)
    x, fb = groups["x"], groups["facebook"]
    assert (x.cases, x.excluded, x.answered) == (3, 1, 3)  # A B F; E excluded
    # 300, 600, 1200 s: median rank 2 → 600; p90 rank ⌈2.7⌉ = 3 → 1200
    assert (x.first_response.median_ms, x.first_response.p90_ms) == (600 * S, 1200 * S)
    # F 1500, A 3600 s: median rank 1 → 1500; p90 rank ⌈1.8⌉ = 2 → 3600
    assert (x.resolution.median_ms, x.resolution.p90_ms) == (1500 * S, 3600 * S)
    assert x.reopen_rate == pytest.approx(1 / 3)  # B of A B F
    assert (x.sentiment_change, x.sentiment_n) == (pytest.approx(0.6), 2)
    assert (fb.cases, fb.answered, fb.response_rate) == (2, 1, 0.5)  # C D, D answered
    assert (fb.first_response.median_ms, fb.resolution.median_ms) == (2700 * S, 10800 * S)
    assert (fb.reopen_rate, fb.sentiment_change, fb.sentiment_n) == (1.0, None, 0)
    assert groups["x"].label == "x"


def test_by_agent_team_account_and_guidance(hand):
    agents, _ = _report(hand, GroupBy.AGENT)
    # the agent of the first published reply: Ana A D, Bob B F, C unanswered
    assert {g.label: g.cases for g in agents.values()} == {
        "Ana Ribeiro": 2,
        "Bob Lee": 2,
        "(not answered)": 1,
    }
    assert agents[ANA].first_response.median_ms == 600 * S  # 600, 2700: rank 1
    assert agents[BOB].first_response.p90_ms == 1200 * S  # 300, 1200: rank 2
    teams, _ = _report(hand, GroupBy.TEAM)
    # D was handed to Billing; the others follow their account's team (E excluded, in Care)
    assert {k: (g.cases, g.excluded) for k, g in teams.items()} == {
        "Care": (3, 1),
        "Social": (1, 0),
        "Billing": (1, 0),
    }
    accounts, _ = _report(hand, GroupBy.ACCOUNT)
    assert {g.label for g in accounts.values()} == {"@Northwind (x)", "@NorthwindFB (facebook)"}
    paths, _ = _report(hand, GroupBy.GUIDANCE)
    assert {k: g.cases for k, g in paths.items()} == {
        "refund_request · refund_issued": 1,  # A
        "refund_request · stopped at ask": 1,  # B
        "": 3,  # C D F
    }
    assert paths[""].label == "(no guidance)"


def test_by_day_and_week_and_within_a_period(hand):
    days, _ = _report(hand, GroupBy.DAY)
    assert list(days) == ["2025-12-29", "2025-12-30"]
    assert (days["2025-12-29"].cases, days["2025-12-30"].cases) == (2, 3)  # A B; C D F
    assert days["2025-12-30"].response_rate == pytest.approx(2 / 3)  # D F of C D F
    weeks, _ = _report(hand, GroupBy.WEEK)
    assert list(weeks) == ["2025-12-29"]  # a Monday: both days in its week
    assert weeks["2025-12-29"].label == "Week of 2025-12-29"
    day_two = T0 // (DAY) * DAY + DAY  # midnight starting 30 December
    _, total = _report(hand, GroupBy.ALL, Period(day_two, day_two + DAY))
    assert (total.cases, total.excluded, total.answered) == (3, 1, 2)


def test_a_late_reply_and_rows_out_of_order_come_to_the_same_facts(cache):
    # Apply the same rows in reverse order, one page each: case rows before their mentions,
    # resolves before replies — the facts must end as they are for the ordered set.
    for row in reversed(hand_checked().rows):
        page = Changes()
        page.rows.append(row)
        page.seq = row["seq"]
        page.apply(cache)
    reversed_facts = _facts(cache)
    hand_checked().apply(cache)  # the same rows again, in order: plain upserts
    assert _facts(cache) == reversed_facts
    assert reversed_facts["A"]["response_ms"] == 10 * MIN
    assert reversed_facts["A"]["guidance"] == "refund_request · refund_issued"


def test_a_reply_synced_after_the_case_row_counts_when_it_arrives(cache):
    c = Changes()
    c.account("nw-x", "@Northwind")
    mention(c, "L", 1, T0, -0.5)
    c.case("L", T0, status="open", first_response_ms=None, reopen_count=0, team=None, account_id="nw-x")
    c.apply(cache)
    assert _facts(cache)["L"]["response_ms"] is None
    late = Changes(start=c.seq + 1)
    published(late, "L", 1, T0 + 7 * MIN, ANA)
    late.apply(cache)
    assert (_facts(cache)["L"]["response_ms"], _facts(cache)["L"]["agent"]) == (7 * MIN, ANA)
    # a customer mention that is older than the first one synced moves the start back
    early = Changes(start=late.seq + 1)
    mention(early, "L", 0, T0 - 3 * MIN, -0.9)
    early.apply(cache)
    assert _facts(cache)["L"]["response_ms"] == 10 * MIN


def test_a_reopened_case_leaves_the_resolved_and_comes_back_with_its_latest_resolution(cache):
    c = Changes()
    c.account("nw-x", "@Northwind")
    mention(c, "R", 1, T0, -0.5)
    published(c, "R", 1, T0 + 4 * MIN, BOB)
    resolved(c, "R", 1, T0 + 20 * MIN, BOB)
    c.case(
        "R", T0, status="resolved", resolved_ms=T0 + 20 * MIN, reopen_count=0, team=None, account_id="nw-x"
    )
    c.apply(cache)
    assert (_facts(cache)["R"]["resolution_ms"], _facts(cache)["R"]["reopened"]) == (20 * MIN, 0)
    again = Changes(start=c.seq + 1)
    mention(again, "R", 2, T0 + 60 * MIN, 0.3)
    again.case("R", T0, status="open", resolved_ms=None, reopen_count=1, team=None, account_id="nw-x")
    again.apply(cache)
    facts = _facts(cache)["R"]
    assert (facts["resolution_ms"], facts["resolved_ever"], facts["reopened"]) == (None, 1, 1)
    assert facts["sentiment_change"] == pytest.approx(0.8)  # 0.3 − (−0.5)
    closed = Changes(start=again.seq + 1)
    resolved(closed, "R", 2, T0 + 90 * MIN, BOB)
    closed.case(
        "R", T0, status="resolved", resolved_ms=T0 + 90 * MIN, reopen_count=1, team=None, account_id="nw-x"
    )
    closed.apply(cache)
    assert _facts(cache)["R"]["resolution_ms"] == 90 * MIN


def test_a_team_change_of_the_account_moves_its_cases_and_a_removed_case_loses_its_facts(hand):
    c = Changes(start=1000)
    c.account("nw-x", "@Northwind", team="Front desk")
    c.apply(hand)
    facts = _facts(hand)
    assert (facts["A"]["team"], facts["D"]["team"]) == ("Front desk", "Billing")
    hand.write_sync(
        lambda conn: Replica(hand).apply_sync(conn, "http://hub", "e", "e:1001", 1001, {}, gone=["A"])
    )
    assert "A" not in _facts(hand)


def test_a_sync_page_only_notes_its_cases_and_the_report_derives_them_first(cache):
    hand_checked().apply(cache)
    noted = cache.read_sync(lambda c: c.exec_driver_sql("SELECT COUNT(*) FROM case_facts_stale").scalar())
    assert noted == 6  # A–F, not derived yet
    counts = asyncio.run(_counts_through_the_repository(cache))
    assert sum(g.cases for g in counts) == 5
    assert cache.read_sync(lambda c: c.exec_driver_sql("SELECT COUNT(*) FROM case_facts_stale").scalar()) == 0


async def _counts_through_the_repository(cache):
    return await AnalyticsRepository(cache).counts(GroupBy.NETWORK, Period())


def test_an_empty_cache_reports_nothing(cache):
    groups, total = _report(cache, GroupBy.NETWORK)
    assert groups == {}
    assert (total.cases, total.response_rate, total.first_response.median_ms) == (0, None, None)


def test_a_period_read_through_the_groupings_own_index_counts_the_same(hand, monkeypatch):
    day_two = T0 // DAY * DAY + DAY
    period = Period(day_two, day_two + DAY)
    through_days, _ = _report(hand, GroupBy.AGENT, period)  # a few cases: the day index, sorted
    monkeypatch.setattr(analytics_repo, "SORT_AT_MOST", 0)
    streamed, _ = _report(hand, GroupBy.AGENT, period)
    assert streamed == through_days
    assert {g.label: g.cases for g in streamed.values()} == {
        "Ana Ribeiro": 1,
        "Bob Lee": 1,
        "(not answered)": 1,
    }
