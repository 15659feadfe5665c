"""Learning from outcomes: the sessions of one tree, folded and counted (issue 6, "tree report").

Every measure comes from the sessions' own logs (session_fold.py) and the case each ran on: which
paths agents take and how they end, where sessions stop, how long each step takes, which suggestions
agents override, and how the customer's mood moved on the cases each path handled. Counts travel with
every rate so a small sample is visible as one.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from statistics import fmean, median

from console.guidance.session_events import Event
from console.guidance.session_fold import FoldedSession, FoldError, Verdict, fold_session


@dataclass(frozen=True, slots=True)
class CaseOutcome:
    """What the case a session ran on came to, as the cache holds it now."""

    status: str | None = None
    disposition: str | None = None
    sentiment_before: float | None = None
    sentiment_after: float | None = None

    @property
    def sentiment_change(self) -> float | None:
        if self.sentiment_before is None or self.sentiment_after is None:
            return None
        return self.sentiment_after - self.sentiment_before


@dataclass(frozen=True, slots=True)
class RecordedSession:
    """One session's events as synced (any order; the fold sorts them by index), with its case."""

    session: str
    case_id: str
    tree: str  # id@version
    events: tuple[Event, ...]
    case: CaseOutcome | None = None

    @property
    def version(self) -> int | None:
        return tree_version(self.tree)

    @property
    def started(self) -> datetime | None:
        """When the session started (None while its first event has not arrived)."""
        return next((e.at for e in self.events if e.index == 0), None)


def tree_version(key: str) -> int | None:
    _, _, version = key.rpartition("@")
    return int(version) if version.isdigit() else None


@dataclass(frozen=True, slots=True)
class Spread:
    """Mean and median of some numbers, and how many there were (0: no figure)."""

    n: int
    mean: float | None
    median: float | None

    @classmethod
    def of(cls, values: Iterable[float]) -> Spread:
        values = list(values)
        return cls(len(values), fmean(values), median(values)) if values else cls(0, None, None)


@dataclass(frozen=True, slots=True)
class PathRow:
    """Sessions that took one path (node ids in order; a stopped session's path ends where it stopped)."""

    path: tuple[str, ...]
    sessions: int
    share: float  # of all sessions in the report
    ended: int
    outcomes: tuple[tuple[str | None, int], ...]  # disposition (None: stopped) → sessions, most first
    escalated: int
    sentiment: Spread  # after − before on the sessions' cases that have both
    duration: Spread  # seconds, start to end (or to the last event)

    @property
    def escalation_rate(self) -> float:
        return self.escalated / self.sessions


@dataclass(frozen=True, slots=True)
class NodeRow:
    node: str
    reached: int  # sessions whose path (the one that counts) passes it
    stopped: int  # of those, sessions that stopped there without an end
    time: Spread  # seconds per session spent there, over the sessions that moved on from it

    @property
    def drop_off(self) -> float:
        return self.stopped / self.reached if self.reached else 0.0


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    node: str
    option: str
    shown: int
    accepted: int
    overridden: int
    instead: tuple[tuple[str, int], ...]  # what overriding agents chose, most first

    @property
    def answered(self) -> int:
        return self.accepted + self.overridden

    @property
    def override_rate(self) -> float | None:
        return self.overridden / self.answered if self.answered else None


@dataclass(frozen=True, slots=True)
class TreeReport:
    tree: str  # the tree id
    versions: tuple[int, ...]  # the versions whose sessions are counted
    sessions: int
    ended: int
    escalated: int
    unreadable: int  # logs the fold could not read (no start, a back to nowhere); left out
    in_progress: int  # sessions not ended that were active lately: not (yet) a drop; left out
    outcomes: tuple[tuple[str | None, int], ...]
    sentiment: Spread
    duration: Spread
    accepted: int  # suggestions taken, over every suggestion
    overridden: int
    paths: tuple[PathRow, ...]  # most taken first
    nodes: tuple[NodeRow, ...]  # in the order paths first reach them
    suggestions: tuple[SuggestionRow, ...]

    @property
    def empty(self) -> bool:
        return self.sessions == 0

    @property
    def end_rate(self) -> float:
        return self.ended / self.sessions if self.sessions else 0.0

    @property
    def escalation_rate(self) -> float:
        return self.escalated / self.sessions if self.sessions else 0.0

    @property
    def override_rate(self) -> float | None:
        answered = self.accepted + self.overridden
        return self.overridden / answered if answered else None


def build_report(
    tree: str,
    sessions: Iterable[RecordedSession],
    versions: Iterable[int] | None = None,
    *,
    window: tuple[datetime, datetime] | None = None,
    active_since: datetime | None = None,
) -> TreeReport:
    """The report over the sessions of tree ``tree``: of ``versions`` only, when given; started
    within ``window`` (both ends included), when given. A session without an end whose last event
    is at or after ``active_since`` may still be going on: it is counted apart, not as a drop."""
    wanted = None if versions is None else frozenset(versions)
    folded: list[tuple[FoldedSession, CaseOutcome | None]] = []
    seen: set[int] = set()
    unreadable = in_progress = 0
    for recorded in sessions:
        tree_id, _, _ = recorded.tree.rpartition("@")
        version = recorded.version
        if tree_id != tree or (wanted is not None and version not in wanted):
            continue
        if window is not None and not _within(recorded.started, window):
            continue
        try:
            session = fold_session(recorded.events)
        except FoldError:
            unreadable += 1
            continue
        if active_since is not None and not session.ended and session.last >= active_since:
            in_progress += 1
            continue
        folded.append((session, recorded.case))
        if version is not None:
            seen.add(version)
    return _report(tree, tuple(sorted(seen)), folded, unreadable, in_progress)


def _within(moment: datetime | None, window: tuple[datetime, datetime]) -> bool:
    return moment is not None and window[0] <= moment <= window[1]


def _report(
    tree: str,
    versions: tuple[int, ...],
    folded: list[tuple[FoldedSession, CaseOutcome | None]],
    unreadable: int,
    in_progress: int,
) -> TreeReport:
    by_path: dict[tuple[str, ...], list[tuple[FoldedSession, CaseOutcome | None]]] = defaultdict(list)
    reached: Counter[str] = Counter()
    stopped: Counter[str] = Counter()
    times: dict[str, list[float]] = defaultdict(list)
    shown: Counter[tuple[str, str]] = Counter()
    verdicts: Counter[tuple[str, str, Verdict]] = Counter()
    instead: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for session, case in folded:
        by_path[session.path].append((session, case))
        reached.update(set(session.path))
        if session.stopped_at is not None:
            stopped[session.stopped_at] += 1
        for node, seconds in session.seconds:
            times[node].append(seconds)
        for s in session.suggestions:
            shown[s.node, s.option] += 1
            verdicts[s.node, s.option, s.verdict] += 1
            if s.chosen is not None:
                instead[s.node, s.option][s.chosen] += 1
    total = len(folded)
    paths = sorted(by_path.items(), key=lambda item: (-len(item[1]), item[0]))
    order: dict[str, int] = {}
    for path, _ in paths:
        for node in path:
            order.setdefault(node, len(order))
    for node in times:  # stays on ways later undone, that no counted path passes
        order.setdefault(node, len(order))
    return TreeReport(
        tree=tree,
        versions=versions,
        sessions=total,
        ended=sum(s.ended for s, _ in folded),
        escalated=sum(s.escalated for s, _ in folded),
        unreadable=unreadable,
        in_progress=in_progress,
        outcomes=_outcomes(s for s, _ in folded),
        sentiment=_sentiment(c for _, c in folded),
        duration=Spread.of(s.duration for s, _ in folded),
        accepted=sum(n for (_, _, v), n in verdicts.items() if v is Verdict.ACCEPTED),
        overridden=sum(n for (_, _, v), n in verdicts.items() if v is Verdict.OVERRIDDEN),
        paths=tuple(_path_row(path, group, total) for path, group in paths),
        nodes=tuple(
            NodeRow(node, reached[node], stopped[node], Spread.of(times.get(node, ())))
            for node in sorted(order, key=order.__getitem__)
        ),
        suggestions=tuple(
            SuggestionRow(
                node,
                option,
                count,
                verdicts[node, option, Verdict.ACCEPTED],
                verdicts[node, option, Verdict.OVERRIDDEN],
                tuple(instead[node, option].most_common()),
            )
            for (node, option), count in sorted(shown.items(), key=lambda item: order.get(item[0][0], 0))
        ),
    )


def _path_row(
    path: tuple[str, ...], group: list[tuple[FoldedSession, CaseOutcome | None]], total: int
) -> PathRow:
    return PathRow(
        path=path,
        sessions=len(group),
        share=len(group) / total,
        ended=sum(s.ended for s, _ in group),
        outcomes=_outcomes(s for s, _ in group),
        escalated=sum(s.escalated for s, _ in group),
        sentiment=_sentiment(c for _, c in group),
        duration=Spread.of(s.duration for s, _ in group),
    )


def _outcomes(sessions: Iterable[FoldedSession]) -> tuple[tuple[str | None, int], ...]:
    counts = Counter(s.disposition for s in sessions)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0] is None, item[0] or "")))


def _sentiment(cases: Iterable[CaseOutcome | None]) -> Spread:
    return Spread.of(c.sentiment_change for c in cases if c is not None and c.sentiment_change is not None)


def versions_of(tree: str, sessions: Iterable[RecordedSession]) -> Mapping[int, int]:
    """Sessions per version of ``tree``, oldest version first."""
    counts = Counter(
        s.version for s in sessions if s.tree.rpartition("@")[0] == tree and s.version is not None
    )
    return dict(sorted(counts.items()))
