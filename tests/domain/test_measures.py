"""Percentiles from the duration histogram: nearest rank, exact where a bucket holds one or two
distinct times, within the bucket's width otherwise; merging groups."""

import math
import random

import pytest

from console.domain.measures import (
    DEFINITIONS,
    Bucket,
    GroupCounts,
    Measure,
    Percentiles,
    combine,
    measures,
    merge_buckets,
    percentile,
    percentiles_in,
    rank,
    time_bucket,
    value_at,
)


def histogram(values: list[int]) -> list[Bucket]:
    found: dict[int, list[int]] = {}
    for v in values:
        found.setdefault(time_bucket(v), []).append(v)
    return [Bucket(b, len(vs), min(vs), max(vs)) for b, vs in sorted(found.items())]


def test_rank_arithmetic():
    buckets = histogram([45_000, 300_000, 600_000, 1_200_000, 2_700_000])
    assert percentile(buckets, 0.5) == 600_000  # rank ⌈0.5·5⌉ = 3
    assert percentile(buckets, 0.9) == 2_700_000  # rank ⌈4.5⌉ = 5
    ten = histogram([(i + 1) * 60_000 for i in range(10)])  # 1..10 min
    assert percentile(ten, 0.9) == 9 * 60_000  # rank ⌈0.9·10⌉ = 9 exactly, not 10
    assert percentile(ten, 0.5) == 5 * 60_000  # rank 5: the lower middle of an even count
    assert percentile([], 0.5) is None


def test_large_data_stays_within_the_bucket_width():
    rng = random.Random(7)
    values = [int(rng.lognormvariate(13, 1.5)) for _ in range(20_000)]  # around 7 min, long tail
    ordered = sorted(values)
    buckets = histogram(values)
    for p in (0.5, 0.9):
        exact = ordered[math.ceil(p * len(values)) - 1]  # nearest rank
        assert percentile(buckets, p) == pytest.approx(exact, rel=0.02, abs=1000)


def test_buckets_grow_by_two_percent_and_never_overlap():
    assert time_bucket(0) == time_bucket(999) == 0
    assert time_bucket(1000) == 1
    previous = 0
    for ms in range(1000, 10_000_000, 997):
        assert time_bucket(ms) >= previous
        previous = time_bucket(ms)
    assert time_bucket(86_400_000) < 600  # a day fits in a few hundred buckets


def test_combining_groups_merges_their_histograms():
    a = GroupCounts("a", "A", 2, 0, 2, 1, 0, 0.4, 1, tuple(histogram([60_000, 120_000])), ())
    b = GroupCounts("b", "B", 3, 1, 1, 2, 1, 0.2, 1, tuple(histogram([60_000])), ())
    total = measures(combine([a, b]))
    assert (total.cases, total.excluded, total.answered) == (5, 1, 3)
    assert total.response_rate == pytest.approx(3 / 5)
    assert total.first_response.median_ms == 60_000  # 60, 60, 120 s: rank 2
    assert total.reopen_rate == pytest.approx(1 / 3)
    assert total.sentiment_change == pytest.approx(0.3)  # (0.4 + 0.2) / 2


def test_every_measure_has_a_definition():
    assert set(DEFINITIONS) == set(Measure)
    assert all(len(text) > 80 for text in DEFINITIONS.values())


def test_a_histogram_walked_in_order_gives_what_each_percentile_gives():
    rng = random.Random(11)
    for size in (1, 2, 3, 10, 500):
        values = [rng.choice([999, 60_000, 60_500, int(rng.lognormvariate(12, 2))]) for _ in range(size)]
        buckets = histogram(values)
        walked = percentiles_in(buckets)
        assert (walked.median_ms, walked.p90_ms, walked.n) == (
            percentile(buckets, 0.5),
            percentile(buckets, 0.9),
            size,
        )
        rows = [(*b, "group key") for b in buckets]  # a row read with its group after the bucket
        assert percentiles_in(rows) == walked
        assert percentiles_in(merge_buckets([*rows[::2], *rows[1::2]])) == walked
    assert percentiles_in([]) == Percentiles(None, None, 0)


def test_the_value_within_a_bucket_is_exact_at_its_ends_and_interpolated_by_rank_between():
    assert [rank(0.5, n) for n in (1, 2, 3, 4)] == [1, 1, 2, 2]
    assert [rank(0.9, n) for n in (1, 9, 10, 11)] == [1, 9, 9, 10]
    assert value_at(1, 5000, 5000, 1) == 5000
    assert value_at(4, 5000, 5000, 3) == 5000  # ties
    assert (value_at(2, 5000, 5090, 1), value_at(2, 5000, 5090, 2)) == (5000, 5090)  # two times
    assert value_at(3, 5000, 5090, 2) == 5045
