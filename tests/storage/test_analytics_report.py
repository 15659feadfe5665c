"""The report's streamed percentiles (group_report) against the whole histograms (group_counts,
combined as the domain does): the same figures for every grouping and period, on the hand-checked
cases and on generated facts full of ties, single-value buckets, sub-second times, excluded and
unanswered cases, over weeks; and exact nearest-rank figures where every bucket holds one time."""

import math
import random
from dataclasses import replace

import pytest

from console.domain.measures import (
    DAY_MS,
    GroupBy,
    GroupMeasures,
    all_measures,
    combine,
    measures,
    time_bucket,
)
from console.storage import analytics_repo
from console.storage.analytics_repo import Period, group_counts, group_report
from console.storage.case_facts import refresh_all_stale
from console.storage.schema import case_facts
from tests.storage.analytics_data import T0, hand_checked

START = 1_767_225_600_000 - 10 * DAY_MS  # 2025-12-22, a Monday: the facts span three weeks and a bit
NETWORKS = ["x", "facebook", "reviews"]


def _old(cache, group: GroupBy, period: Period) -> tuple[tuple[GroupMeasures, ...], GroupMeasures]:
    counts = cache.read_sync(lambda c: group_counts(c, group, period))
    return all_measures(counts), measures(combine(counts))


def _new(cache, group: GroupBy, period: Period) -> tuple[tuple[GroupMeasures, ...], GroupMeasures]:
    return cache.read_sync(lambda c: group_report(c, group, period))


def _same(new: GroupMeasures, old: GroupMeasures) -> None:
    # The mean sentiment change adds the same values in another order (per group rather than per
    # group and bucket): equal to the last bits a float can tell; every other figure is identical.
    assert replace(new, sentiment_change=None) == replace(old, sentiment_change=None)
    if old.sentiment_change is None:
        assert new.sentiment_change is None
    else:
        assert new.sentiment_change == pytest.approx(old.sentiment_change, rel=1e-12, abs=1e-12)


def _compare(cache, group: GroupBy, period: Period) -> tuple[GroupMeasures, ...]:
    (new_groups, new_total), (old_groups, old_total) = _new(cache, group, period), _old(cache, group, period)
    assert [g.key for g in new_groups] == [g.key for g in old_groups]  # the same groups, in the same order
    for new, old in zip(new_groups, old_groups, strict=True):
        _same(new, old)
    _same(new_total, old_total)
    return new_groups


def _duration(rng: random.Random) -> int:
    match rng.randrange(6):
        case 0:
            return rng.randrange(1000)  # under a second: bucket 0
        case 1:
            return rng.choice([60_000, 120_000, 600_000])  # ties: many cases, one time
        case 2:
            return 3_600_000 + rng.randrange(2) * 1000  # two distinct times in one bucket
        case _:
            return int(rng.lognormvariate(13, 1.5))  # spread: buckets holding many times


def _facts(size: int, rng: random.Random) -> list[dict]:
    rows = []
    for n in range(size):
        opened = START + rng.randrange(24 * DAY_MS)
        answered = rng.random() < 0.8
        response = _duration(rng) if answered else None
        resolution = _duration(rng) if rng.random() < 0.6 else None
        ever = resolution is not None or rng.random() < 0.1
        rows.append(
            {
                "case_id": f"g{n:05d}",
                "opened_ms": opened,
                "day": opened // DAY_MS,
                "network": NETWORKS[n % 3],
                "account_id": f"acct-{n % 5}",
                "team": rng.choice(["", "Care", "Billing"]),
                "agent": f"user-{rng.randrange(4)}" if answered else "",
                "guidance": rng.choice(["", "refund · refund_issued", "refund · stopped at ask"]),
                "excluded": int(rng.random() < 0.1),
                "first_ms": opened,
                "response_ms": response,
                "response_bucket": None if response is None else time_bucket(response),
                "resolution_ms": resolution,
                "resolution_bucket": None if resolution is None else time_bucket(resolution),
                "resolved_ever": int(ever),
                "reopened": int(ever and rng.random() < 0.2),
                "sentiment_change": rng.choice([None, -0.35, 0.1, round(rng.uniform(-1, 1), 3)]),
            }
        )
    return rows


def _periods() -> list[Period]:
    middle = START + 9 * DAY_MS + DAY_MS // 3  # not on a day's edge
    return [
        Period(),
        Period(middle, middle + 6 * DAY_MS),
        Period(middle, None),
        Period(None, middle),
        Period(START + 40 * DAY_MS, START + 41 * DAY_MS),  # no case
    ]


@pytest.fixture(params=[8, 81])
def generated(cache, request):
    rows = _facts(2500, random.Random(request.param))
    cache.write_sync(lambda c: c.execute(case_facts.insert(), rows))
    return cache, rows


@pytest.mark.parametrize("sort_at_most", [0, 10**9], ids=["own index", "day index"])
def test_the_streamed_report_has_the_figures_of_the_whole_histograms(generated, monkeypatch, sort_at_most):
    cache, _ = generated
    monkeypatch.setattr(analytics_repo, "SORT_AT_MOST", sort_at_most)
    for group in GroupBy:
        for period in _periods():
            _compare(cache, group, period)
    weeks = _compare(cache, GroupBy.WEEK, Period())
    assert [g.key for g in weeks] == ["2025-12-22", "2025-12-29", "2026-01-05", "2026-01-12"]


def test_every_grouping_of_the_hand_checked_cases_reads_the_same_both_ways(cache):
    hand_checked().apply(cache)
    cache.write_sync(refresh_all_stale)
    day_two = T0 // DAY_MS * DAY_MS + DAY_MS
    for group in GroupBy:
        for period in (Period(), Period(day_two, day_two + DAY_MS), Period(None, day_two)):
            _compare(cache, group, period)


def test_where_every_bucket_holds_one_time_the_percentiles_are_the_exact_nearest_ranks(cache):
    rng = random.Random(3)
    times = [1000 * round(1.1**k) for k in range(40)]  # 10 % apart: never two in one 2 % bucket
    rows = _facts(1500, rng)
    for row in rows:
        row["response_ms"] = rng.choice(times) if row["response_ms"] is not None else None
        row["response_bucket"] = None if row["response_ms"] is None else time_bucket(row["response_ms"])
    cache.write_sync(lambda c: c.execute(case_facts.insert(), rows))
    groups, total = _new(cache, GroupBy.NETWORK, Period())
    for network in [*NETWORKS, None]:
        values = sorted(
            r["response_ms"]
            for r in rows
            if not r["excluded"] and r["response_ms"] is not None and network in (None, r["network"])
        )
        found = total if network is None else next(g for g in groups if g.key == network)
        assert found.first_response.n == len(values)
        assert found.first_response.median_ms == values[math.ceil(0.5 * len(values)) - 1]
        assert found.first_response.p90_ms == values[math.ceil(0.9 * len(values)) - 1]
