"""A/B: two versions of one tree, run side by side on a deterministic split of cases, compared.

Each measure shows both sides with the number it stands on. Rates also get a two-sided two-proportion
z-test; its p-value is only shown when each side has at least ``MIN_EXPECTED`` expected successes and
failures (the usual condition for the normal approximation) — otherwise the comparison says the sample
is too small rather than inventing a verdict. Nothing here corrects for looking at many measures at
once: one p < 0.05 among a dozen is what chance alone tends to give.

Versions compared over all their sessions would also compare two periods (the older one ran alone
before the newer was published), so the comparison takes the window in which both ran: from the later
first start to the earlier last start (:func:`side_by_side`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from console.guidance.report import RecordedSession, Spread, TreeReport

MIN_EXPECTED = 5
SIGNIFICANT = 0.05


class Measure(StrEnum):
    SESSIONS = "sessions"
    END_RATE = "end_rate"  # sessions that reached an end
    ESCALATION_RATE = "escalation_rate"
    OVERRIDE_RATE = "override_rate"  # suggestions overridden, of those answered
    DURATION = "duration"  # median seconds per session
    SENTIMENT = "sentiment"  # mean change after − before, on cases with both
    OUTCOME = "outcome"  # share of sessions that ended with one disposition


@dataclass(frozen=True, slots=True)
class Side:
    value: float | None  # a rate (0–1), seconds, a sentiment change, or a count
    n: int  # what it stands on: sessions, answered suggestions, or cases with both scores
    count: int | None = None  # for rates: the sessions (or suggestions) counted in


@dataclass(frozen=True, slots=True)
class Compared:
    measure: Measure
    label: str  # the disposition for OUTCOME rows, else ""
    a: Side
    b: Side
    p_value: float | None  # rates with enough data only

    @property
    def difference(self) -> float | None:
        if self.a.value is None or self.b.value is None:
            return None
        return self.b.value - self.a.value

    @property
    def significant(self) -> bool:
        return self.p_value is not None and self.p_value < SIGNIFICANT

    @property
    def testable(self) -> bool:
        return self.a.count is not None


@dataclass(frozen=True, slots=True)
class PathShare:
    path: tuple[str, ...]
    a: int  # sessions on that path under version A
    b: int


@dataclass(frozen=True, slots=True)
class Comparison:
    a: TreeReport
    b: TreeReport
    measures: tuple[Compared, ...]
    paths: tuple[PathShare, ...]  # every path either side took, most taken overall first
    window: tuple[datetime, datetime] | None = None  # the starts both sides' sessions were taken from


def side_by_side(
    tree: str, sessions: Iterable[RecordedSession], a: int, b: int
) -> tuple[datetime, datetime] | None:
    """The time both versions ran: from the later of their first session starts to the earlier of
    their last; None when they never overlapped (or one has no session)."""
    firsts: dict[int, datetime] = {}
    lasts: dict[int, datetime] = {}
    for session in sessions:
        version, started = session.version, session.started
        if version not in (a, b) or started is None or session.tree.rpartition("@")[0] != tree:
            continue
        firsts[version] = min(firsts.get(version, started), started)
        lasts[version] = max(lasts.get(version, started), started)
    if len(firsts) < 2:
        return None
    start, end = max(firsts.values()), min(lasts.values())
    return (start, end) if start <= end else None


def compare(a: TreeReport, b: TreeReport, window: tuple[datetime, datetime] | None = None) -> Comparison:
    """Version ``a`` (usually the older) against ``b``; differences read b − a. ``window``: the
    session starts both reports were limited to, to show with them."""
    measures = [
        Compared(Measure.SESSIONS, "", Side(a.sessions, a.sessions), Side(b.sessions, b.sessions), None),
        _rate(Measure.END_RATE, "", a.ended, a.sessions, b.ended, b.sessions),
        _rate(Measure.ESCALATION_RATE, "", a.escalated, a.sessions, b.escalated, b.sessions),
        _rate(
            Measure.OVERRIDE_RATE,
            "",
            a.overridden,
            a.accepted + a.overridden,
            b.overridden,
            b.accepted + b.overridden,
        ),
        Compared(Measure.DURATION, "", _median(a.duration), _median(b.duration), None),
        Compared(Measure.SENTIMENT, "", _mean(a.sentiment), _mean(b.sentiment), None),
    ]
    outcomes_a, outcomes_b = dict(a.outcomes), dict(b.outcomes)
    for disposition in sorted(
        {d for d in (*outcomes_a, *outcomes_b) if d is not None},
        key=lambda d: -(outcomes_a.get(d, 0) + outcomes_b.get(d, 0)),
    ):
        measures.append(
            _rate(
                Measure.OUTCOME,
                disposition,
                outcomes_a.get(disposition, 0),
                a.sessions,
                outcomes_b.get(disposition, 0),
                b.sessions,
            )
        )
    counts_a = {p.path: p.sessions for p in a.paths}
    counts_b = {p.path: p.sessions for p in b.paths}
    paths = sorted({*counts_a, *counts_b}, key=lambda p: (-(counts_a.get(p, 0) + counts_b.get(p, 0)), p))
    shares = tuple(PathShare(p, counts_a.get(p, 0), counts_b.get(p, 0)) for p in paths)
    return Comparison(a, b, tuple(measures), shares, window)


def _rate(measure: Measure, label: str, hits_a: int, n_a: int, hits_b: int, n_b: int) -> Compared:
    return Compared(
        measure,
        label,
        Side(hits_a / n_a if n_a else None, n_a, hits_a),
        Side(hits_b / n_b if n_b else None, n_b, hits_b),
        two_proportion_p(hits_a, n_a, hits_b, n_b),
    )


def two_proportion_p(hits_a: int, n_a: int, hits_b: int, n_b: int) -> float | None:
    """Two-sided p-value of a pooled two-proportion z-test; None where the sample is too small for it
    (fewer than MIN_EXPECTED expected hits or misses on a side) or both sides are all hits or misses."""
    if not n_a or not n_b:
        return None
    pooled = (hits_a + hits_b) / (n_a + n_b)
    for n in (n_a, n_b):
        if n * pooled < MIN_EXPECTED or n * (1 - pooled) < MIN_EXPECTED:
            return None
    error = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = (hits_b / n_b - hits_a / n_a) / error
    return math.erfc(abs(z) / math.sqrt(2))


def _median(spread: Spread) -> Side:
    return Side(spread.median, spread.n)


def _mean(spread: Spread) -> Side:
    return Side(spread.mean, spread.n)
