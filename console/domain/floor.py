"""The supervisor's floor: what the open queue owes, how fast the floor keeps its promises, and when it
will start breaking them at that pace. Pure rules over rows the cache gives (console.storage.floor_repo);
console.services.floor puts them together with presence, alerts and channel health.

Every figure's meaning is in its docstring here (the floor view shows them as tooltips), so the
numbers on a wall screen can be checked by hand.
"""

import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from console.domain.case import CaseStatus
from console.domain.event import EventType
from console.domain.sla import AT_RISK_SHARE, SlaState, clock

HOUR_MS = 3_600_000
THROUGHPUT_WINDOW_MS = HOUR_MS
"""Throughput is measured over the last hour: recent enough to follow a shift change, long enough
not to swing with each reply."""

_NEVER = 2**62
_WAITING = frozenset({CaseStatus.NEW.value, CaseStatus.OPEN.value})  # the brand has the turn
_UNRESOLVED = frozenset(s.value for s in CaseStatus if s is not CaseStatus.RESOLVED)
HANDLED_TYPES = frozenset({EventType.REPLY_PUBLISHED.value, EventType.RESOLVED.value})


class FloorCase(NamedTuple):
    """A case as the floor counts it: every open case, and those touched since the day began."""

    id: str
    network: str
    account_id: str
    team: str  # handed-to team, else the account's ("" unknown)
    priority: int
    status: str
    opened_ms: int
    updated_ms: int
    first_response_ms: int | None
    resolved_ms: int | None
    first_response_due_ms: int | None
    resolution_due_ms: int | None
    assignee: str | None
    claim_holder: str | None
    claim_expires_ms: int | None
    snoozed_until_ms: int | None

    @property
    def open(self) -> bool:
        return self.status in _UNRESOLVED

    def in_queue(self, now: int) -> bool:
        """Open and awake: what the queue holds now (a snoozed case waits for its time)."""
        return self.open and (self.snoozed_until_ms is None or self.snoozed_until_ms <= now)

    @property
    def waiting(self) -> bool:
        """The brand has the turn (new or open, not pending on the customer)."""
        return self.status in _WAITING

    @property
    def owed_due_ms(self) -> int | None:
        """The due time of the promise still owed: the first response until sent, then resolution."""
        if not self.open:
            return None
        return self.first_response_due_ms if self.first_response_ms is None else self.resolution_due_ms

    def sla(self, now: int) -> SlaState:
        """The owed promise's state now, as the queue's SLA column and filter say it."""
        return clock(self.opened_ms, self.owed_due_ms, None, now, AT_RISK_SHARE).state

    def holder(self, now: int) -> str | None:
        """Who works it: its assignee, else whoever holds a live claim."""
        if self.assignee:
            return self.assignee
        live = self.claim_expires_ms is None or self.claim_expires_ms > now
        return self.claim_holder if self.claim_holder and live else None


class FloorEvent(NamedTuple):
    """A case event that counts toward who handled what (claims, published replies, resolutions)."""

    id: str
    case_id: str
    type: str
    actor: str
    at_ms: int


# --- the queue's work order and the breach forecast ------------------------------------------------


def work_order(cases: Iterable[FloorCase], now: int) -> list[FloorCase]:
    """The waiting cases in the order the floor takes them ("Get next"): most urgent first, then the
    earliest owed due time, then the oldest."""
    waiting = [c for c in cases if c.waiting and c.in_queue(now)]
    waiting.sort(key=lambda c: (-c.priority, c.owed_due_ms or _NEVER, c.opened_ms, c.id))
    return waiting


@dataclass(frozen=True, slots=True)
class Forecast:
    """When the queue will breach its next promise if the floor keeps its current pace.

    The model: the floor answers ``throughput_per_hour`` cases an hour, one after another in the
    queue's work order, so the k-th waiting case (counting from 1) is answered k / throughput hours
    from now. A case whose turn comes after its owed due time breaches *at* that due time. Cases
    already breached still take their turn (they slow the rest) but are not counted again.
    """

    throughput_per_hour: float
    first_breach_ms: int | None  # None: no case will breach at this pace
    breaching_next_hour: int  # cases that will breach within the next hour
    no_throughput: bool  # nothing was handled in the window: every owed promise will run out

    def describe(self, now: int) -> str:
        if self.first_breach_ms is None:
            return "no breach ahead at this pace" if not self.no_throughput else "nothing owed"
        minutes = max(0, (self.first_breach_ms - now) // 60_000)
        when = f"in {minutes} min" if minutes < 120 else f"in {minutes // 60} h"
        return f"first breach {when}, {self.breaching_next_hour} in the next hour"


def forecast(dues: Sequence[int | None], throughput_per_hour: float, now: int) -> Forecast:
    """The forecast for cases whose owed due times are ``dues``, in work order (None: nothing owed)."""
    per_case_ms = HOUR_MS / throughput_per_hour if throughput_per_hour > 0 else None
    first, within_hour = None, 0
    for k, due in enumerate(dues, start=1):
        if due is None or due <= now:
            continue  # nothing owed, or already breached (counted as breached, not forecast)
        if per_case_ms is not None and now + k * per_case_ms <= due:
            continue  # its turn comes in time
        first = due if first is None else min(first, due)
        if due <= now + HOUR_MS:
            within_hour += 1
    return Forecast(throughput_per_hour, first, within_hour, throughput_per_hour <= 0)


def throughput(events: Iterable[FloorEvent], now: int, window_ms: int = THROUGHPUT_WINDOW_MS) -> float:
    """Cases handled per hour over the last ``window_ms``: distinct cases that got a published reply
    or were resolved in that window."""
    start = now - window_ms
    handled = {e.case_id for e in events if e.type in HANDLED_TYPES and start < e.at_ms <= now}
    return len(handled) * HOUR_MS / window_ms


# --- depth ------------------------------------------------------------------------------------------

PRIORITY_BANDS = ((80, "urgent (80+)"), (60, "high (60–79)"), (30, "normal (30–59)"), (0, "low (<30)"))


def priority_band(priority: int) -> str:
    return next(label for floor, label in PRIORITY_BANDS if priority >= floor)


@dataclass(frozen=True, slots=True)
class Depth:
    """One group of the open queue: how many cases, how many of them at risk or breached, and since
    when its oldest case has waited."""

    key: str
    cases: int
    at_risk: int
    breached: int
    oldest_ms: int


def depth_by(
    cases: Sequence[FloorCase],
    key: Callable[[FloorCase], str],
    now: int,
    states: Sequence[SlaState] | None = None,
) -> list[Depth]:
    """Open, awake cases per ``key``, the deepest group first; ``states``: each case's SLA state now,
    when the caller has them already (several groupings of one queue)."""
    if states is None:
        states = [case.sla(now) for case in cases]
    counts: Counter = Counter()
    risky: Counter = Counter()
    late: Counter = Counter()
    oldest: dict[str, int] = {}
    for case, state in zip(cases, states, strict=True):
        k = key(case)
        counts[k] += 1
        risky[k] += state is SlaState.AT_RISK
        late[k] += state is SlaState.BREACHED
        oldest[k] = min(oldest.get(k, case.opened_ms), case.opened_ms)
    rows = [Depth(k, n, risky[k], late[k], oldest[k]) for k, n in counts.items()]
    rows.sort(key=lambda d: (-d.cases, d.key))
    return rows


# --- agents -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AgentDay:
    """What one agent did since the day began."""

    handled: int  # distinct cases they published a reply on or resolved
    handle_ms: float | None  # median from their claim of a case to their first reply after it
    handle_n: int  # how many claim → reply spans the median stands on


def agent_days(events: Iterable[FloorEvent], since_ms: int) -> dict[str, AgentDay]:
    """Per agent, from the day's events (claims, published replies, resolutions) in time order.

    Handle time counts a span when the agent claimed a case and then published a reply on it, both
    since ``since_ms``: claim to the first such reply. A reply without a claim of theirs today (claimed
    yesterday, or assigned without a claim) adds to handled but not to handle time."""
    handled: dict[str, set[str]] = defaultdict(set)
    claimed_at: dict[tuple[str, str], int] = {}
    spans: dict[str, list[int]] = defaultdict(list)
    for e in sorted(events, key=lambda e: (e.at_ms, e.id)):
        if e.at_ms < since_ms:
            continue
        if e.type == EventType.CLAIMED.value:
            claimed_at.setdefault((e.actor, e.case_id), e.at_ms)  # a renewal keeps the first claim
        elif e.type in HANDLED_TYPES:
            handled[e.actor].add(e.case_id)
            start = (
                claimed_at.pop((e.actor, e.case_id), None) if e.type == EventType.REPLY_PUBLISHED else None
            )
            if start is not None:
                spans[e.actor].append(e.at_ms - start)
    return {
        agent: AgentDay(
            len(handled.get(agent, ())),
            statistics.median(spans[agent]) if spans.get(agent) else None,
            len(spans.get(agent, ())),
        )
        for agent in handled.keys() | spans.keys()
    }


# --- the day in hours -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Hour:
    """One hour of the day: customer mentions that arrived, their mean sentiment score (−1…1), and
    the median time from a case opening to its first response, for cases first answered that hour."""

    start_ms: int
    mentions: int
    sentiment: float | None
    responses: int
    response_ms: float | None


def day_start_ms(now: int) -> int:
    """Local midnight of ``now``'s day (the floor's day is the workstation's)."""
    local = datetime.fromtimestamp(now / 1000).astimezone()
    return int(local.replace(hour=0, minute=0, second=0, microsecond=0).timestamp() * 1000)


def hours_of_day(
    since_ms: int,
    now: int,
    mention_hours: dict[int, tuple[int, float]],
    answered: Iterable[FloorCase],
) -> list[Hour]:
    """Hours from ``since_ms`` up to the current one. ``mention_hours``: hour index → (count, score
    sum) of customer mentions; ``answered``: cases whose first response came in the period."""
    count = max(1, (now - since_ms) // HOUR_MS + 1)
    waits: dict[int, list[int]] = defaultdict(list)
    for case in answered:
        if case.first_response_ms is not None and since_ms <= case.first_response_ms <= now:
            waits[(case.first_response_ms - since_ms) // HOUR_MS].append(
                max(0, case.first_response_ms - case.opened_ms)
            )
    hours = []
    for h in range(count):
        n, total = mention_hours.get(h, (0, 0.0))
        spans = waits.get(h, [])
        hours.append(
            Hour(
                since_ms + h * HOUR_MS,
                n,
                total / n if n else None,
                len(spans),
                statistics.median(spans) if spans else None,
            )
        )
    return hours


def hour_label(start_ms: int) -> str:
    return datetime.fromtimestamp(start_ms / 1000).astimezone().strftime("%H:00")


def ago_text(ms: float) -> str:
    """A wait as a wall screen writes it: 42 s, 12 min, 3 h 05."""
    seconds = max(0, int(ms // 1000))
    if seconds < 60:
        return f"{seconds} s"
    minutes = seconds // 60
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d}" if hours < 48 else f"{hours // 24} d"
