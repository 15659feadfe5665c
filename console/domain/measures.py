"""The analytics' measures: what each one means (the dialog's help and the README quote these texts)
and how a group's counts become its figures.

Every measure is counted per case, from the facts the cache keeps for it
(:mod:`console.storage.case_facts`), and a case belongs to the period (and the day or week) in which
it was created. Percentiles are nearest-rank: the p-th percentile of n values is the value at rank
⌈p·n⌉ in ascending order, so a median of an even count is the lower middle value, and every figure is
a time that really occurred.

Times are read from a histogram of logarithmic buckets (2% wide, :func:`time_bucket`) that carries
each bucket's count, smallest and largest value; the value at a rank is interpolated between the
smallest and largest of its bucket by rank. It is exact when that bucket holds at most two cases or
all its times are equal (so almost always in small data) and otherwise off by less than the bucket's
width: under 2% of the time, or under one second below one second.
"""

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import accumulate
from operator import itemgetter
from typing import NamedTuple

from console.domain.translatable import translatable

EXCLUDED_DISPOSITIONS = ("spam", "duplicate")
"""Cases resolved as one of these are left out of every measure (and counted apart as excluded):
spam is not a customer waiting, and a duplicate is counted in the case it duplicates."""

DAY_MS = 86_400_000  # days and weeks are UTC
BUCKET_RATIO = 1.02
_LOG_RATIO = math.log(BUCKET_RATIO)


class Measure(StrEnum):
    RESPONSE_RATE = "response_rate"
    FIRST_RESPONSE = "first_response"
    RESOLUTION = "resolution"
    REOPEN_RATE = "reopen_rate"
    SENTIMENT_CHANGE = "sentiment_change"


class GroupBy(StrEnum):
    ALL = "all"
    NETWORK = "network"
    ACCOUNT = "account"
    TEAM = "team"
    AGENT = "agent"
    GUIDANCE = "guidance"
    DAY = "day"
    WEEK = "week"


TIME_GROUPS = (GroupBy.DAY, GroupBy.WEEK)

MEASURES = "Measures"  # the translation context of titles and definitions

TITLES = {
    Measure.RESPONSE_RATE: translatable("Measures", "Response rate"),
    Measure.FIRST_RESPONSE: translatable("Measures", "First-response time"),
    Measure.RESOLUTION: translatable("Measures", "Resolution time"),
    Measure.REOPEN_RATE: translatable("Measures", "Reopen rate"),
    Measure.SENTIMENT_CHANGE: translatable("Measures", "Sentiment change"),
}

DEFINITIONS = {
    Measure.RESPONSE_RATE: translatable(
        "Measures",
        "The share of counted cases that received at least one published brand reply: a reply the hub "
        "confirmed as posted on the network. Drafts, queued replies, failed replies, replies held for "
        "review and internal notes do not count. Cases resolved as spam or as a duplicate are left out of "
        "every measure (shown as excluded); a case that is reopened afterwards counts again.",
    ),
    Measure.FIRST_RESPONSE: translatable(
        "Measures",
        "From the case's first customer mention (when the customer wrote, as the network dates it) to the "
        "first published brand reply, over the answered cases: the median and the 90th percentile "
        "(nearest rank: the value at rank ⌈p·n⌉). n is the number of answered cases.",
    ),
    Measure.RESOLUTION: translatable(
        "Measures",
        "From the case's first customer mention to its latest resolution, over the cases resolved now: a "
        "case that was reopened counts to when it was resolved again, and a case that is open again "
        "is not counted until then. Median and 90th percentile, nearest rank; n is the resolved cases.",
    ),
    Measure.REOPEN_RATE: translatable(
        "Measures",
        "The share of cases resolved at least once that were reopened at least once afterwards, by an "
        "agent or because the customer wrote again. n is the cases resolved at least once.",
    ),
    Measure.SENTIMENT_CHANGE: translatable(
        "Measures",
        "Per answered case, the mean sentiment score (−1 to +1) of the customer's mentions after the "
        "first published reply minus the mean of their mentions up to it; the figure is the mean of these "
        "differences over the cases that have mentions on both sides (n). Positive: the customer "
        "sounded better after the answer.",
    ),
}

GROUP_DEFINITIONS = {
    GroupBy.ALL: translatable("Measures", "Every case of the period in one row."),
    GroupBy.NETWORK: translatable("Measures", "The social network the case came from."),
    GroupBy.ACCOUNT: translatable("Measures", "The brand account the customer wrote to."),
    GroupBy.TEAM: translatable(
        "Measures", "The team that owns the case: the team it was handed to, else its brand account's team."
    ),
    GroupBy.AGENT: translatable(
        "Measures",
        "The agent who sent the case's first published reply (the one its first-response time and "
        "sentiment change are owed to); unanswered cases form a group of their own.",
    ),
    GroupBy.GUIDANCE: translatable(
        "Measures",
        "The decision tree of the case's latest guidance session and where that session came to: the "
        "disposition it ended with, or the node it stopped at, folded from its recorded steps.",
    ),
    GroupBy.DAY: translatable("Measures", "The day (UTC) the case was created."),
    GroupBy.WEEK: translatable("Measures", "The week (Monday to Sunday, UTC) in which the case was created."),
}

PERIOD_DEFINITION = translatable(
    "Measures", "A case is in the period (and in a day or week) when it was created in it."
)


def time_bucket(ms: int) -> int:
    """The histogram bucket of a duration: 0 below one second, then one per 2% of growth."""
    if ms < 1000:
        return 0
    return 1 + int(math.log(ms / 1000) / _LOG_RATIO)


class Bucket(NamedTuple):
    """Durations in one histogram bucket: how many, and the smallest and largest (ms).

    A tuple, and the functions below read a bucket from the first four items of whatever tuple they
    get, so a row read as ``(bucket, count, low, high, group keys…)`` serves as it stands: the report
    streams such rows without building an object per row."""

    bucket: int
    count: int
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class Percentiles:
    median_ms: float | None
    p90_ms: float | None
    n: int


def rank(p: float, n: int) -> int:
    """The nearest rank of the ``p``-th percentile (0 < p ≤ 1) among ``n`` values: ⌈p·n⌉."""
    return max(1, math.ceil(p * n - 1e-9))  # the epsilon keeps 0.9 × 10 at rank 9


def value_at(count: int, low: int, high: int, place: int) -> float:
    """The duration at ``place`` (1..count) in a bucket of ``count`` from ``low`` to ``high``:
    interpolated between them by rank (the one rule both the histogram and the streamed report use)."""
    if count == 1 or low == high:
        return float(low)
    return low + (high - low) * (place - 1) / (count - 1)


def percentile(buckets: Sequence[Bucket], p: float) -> float | None:
    """The nearest-rank ``p``-th percentile (0 < p ≤ 1) of the durations in ``buckets``."""
    n = sum(b[1] for b in buckets)
    if n == 0:
        return None
    wanted = rank(p, n)
    seen = 0
    for b in sorted(buckets, key=_BUCKET):
        if seen + b[1] >= wanted:
            return value_at(b[1], b[2], b[3], wanted - seen)
        seen += b[1]
    raise AssertionError("unreachable: the ranks add up to n")


def percentiles(buckets: Sequence[Bucket]) -> Percentiles:
    """The median and 90th percentile of ``buckets`` in any order."""
    return percentiles_in(sorted(buckets, key=_BUCKET))


def percentiles_in(histogram: Sequence[Bucket]) -> Percentiles:
    """The median and 90th percentile of a histogram already in bucket order, each bucket once
    (Buckets, or rows that begin with their fields): the ranks are found by bisecting running totals."""
    upto = list(accumulate(map(_COUNT, histogram)))  # the cases up to each bucket, included
    if not upto:
        return Percentiles(None, None, 0)
    n = upto[-1]
    found = []
    for p in (0.5, 0.9):
        wanted = rank(p, n)
        i = bisect_left(upto, wanted)
        b = histogram[i]
        found.append(value_at(b[1], b[2], b[3], wanted - (upto[i] - b[1])))
    return Percentiles(found[0], found[1], n)


# A bucket's fields, read from a Bucket or from a row that begins with them.
_BUCKET, _COUNT = itemgetter(0), itemgetter(1)


@dataclass(frozen=True, slots=True)
class GroupCounts:
    """What the cache adds up for one group; :func:`measures` turns it into figures."""

    key: str
    label: str
    cases: int  # counted: not excluded
    excluded: int
    answered: int
    resolved_ever: int
    reopened: int  # of those resolved at least once
    sentiment_sum: float
    sentiment_n: int
    first_response: tuple[Bucket, ...] = ()
    resolution: tuple[Bucket, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupMeasures:
    key: str
    label: str
    cases: int
    excluded: int
    answered: int
    response_rate: float | None
    first_response: Percentiles
    resolution: Percentiles
    resolved_ever: int
    reopened: int
    reopen_rate: float | None
    sentiment_change: float | None
    sentiment_n: int

    def value(self, measure: Measure) -> float | None:
        """The measure's headline figure (a time's median, in seconds), for charts."""
        match measure:
            case Measure.RESPONSE_RATE:
                return self.response_rate
            case Measure.FIRST_RESPONSE:
                return _seconds(self.first_response.median_ms)
            case Measure.RESOLUTION:
                return _seconds(self.resolution.median_ms)
            case Measure.REOPEN_RATE:
                return self.reopen_rate
            case Measure.SENTIMENT_CHANGE:
                return self.sentiment_change

    def n(self, measure: Measure) -> int:
        """How many cases the measure's figure stands on."""
        return {
            Measure.RESPONSE_RATE: self.cases,
            Measure.FIRST_RESPONSE: self.first_response.n,
            Measure.RESOLUTION: self.resolution.n,
            Measure.REOPEN_RATE: self.resolved_ever,
            Measure.SENTIMENT_CHANGE: self.sentiment_n,
        }[measure]


def _seconds(ms: float | None) -> float | None:
    return None if ms is None else ms / 1000


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def measures(counts: GroupCounts) -> GroupMeasures:
    return measures_of(counts, percentiles(counts.first_response), percentiles(counts.resolution))


def measures_of(counts: GroupCounts, first_response: Percentiles, resolution: Percentiles) -> GroupMeasures:
    """The figures of ``counts`` with its percentiles already read (its histograms are not looked at:
    the report streams them instead of keeping them)."""
    return GroupMeasures(
        key=counts.key,
        label=counts.label,
        cases=counts.cases,
        excluded=counts.excluded,
        answered=counts.answered,
        response_rate=_share(counts.answered, counts.cases),
        first_response=first_response,
        resolution=resolution,
        resolved_ever=counts.resolved_ever,
        reopened=counts.reopened,
        reopen_rate=_share(counts.reopened, counts.resolved_ever),
        sentiment_change=counts.sentiment_sum / counts.sentiment_n if counts.sentiment_n else None,
        sentiment_n=counts.sentiment_n,
    )


def all_measures(groups: Iterable[GroupCounts]) -> tuple[GroupMeasures, ...]:
    return tuple(measures(g) for g in groups)


def combine(groups: Iterable[GroupCounts], key: str = "all", label: str = "All cases") -> GroupCounts:
    """The counts of several groups as one (their histograms merged bucket by bucket)."""
    groups = list(groups)
    return GroupCounts(
        key=key,
        label=label,
        cases=sum(g.cases for g in groups),
        excluded=sum(g.excluded for g in groups),
        answered=sum(g.answered for g in groups),
        resolved_ever=sum(g.resolved_ever for g in groups),
        reopened=sum(g.reopened for g in groups),
        sentiment_sum=sum(g.sentiment_sum for g in groups),
        sentiment_n=sum(g.sentiment_n for g in groups),
        first_response=merge_buckets(b for g in groups for b in g.first_response),
        resolution=merge_buckets(b for g in groups for b in g.resolution),
    )


def merge_buckets(buckets: Iterable[Bucket]) -> tuple[Bucket, ...]:
    """One bucket per bucket number, in order: counts added, bounds widened (Buckets, or rows that
    begin with their fields)."""
    by_bucket: dict[int, list[int]] = {}  # bucket → [count, low, high], mutated in place
    for b in buckets:
        seen = by_bucket.get(b[0])
        if seen is None:
            by_bucket[b[0]] = [b[1], b[2], b[3]]
        else:
            seen[0] += b[1]
            if b[2] < seen[1]:
                seen[1] = b[2]
            if b[3] > seen[2]:
                seen[2] = b[3]
    return tuple(Bucket(k, *by_bucket[k]) for k in sorted(by_bucket))
