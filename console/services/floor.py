"""Reports → Floor view… (supervisors and admins): the live floor — queue depth, what is at risk and
breached and when the next breach comes at the current pace, who is on the floor and on what, crisis
alerts, channel health and the day in hours — and the supervisor's moves on it.

The cache's rows are read once in full, then only the cases and events each sync page names
(:meth:`FloorService.saw`), so a snapshot costs the same with a year of history as with a day; the
presence board arrives from the live stream (:meth:`FloorService.set_presence`). Channel health is the
hub's word, asked separately and less often (:meth:`FloorService.refresh_health`): offline it is
"unknown", never an error. Each figure's definition is in :data:`DEFINITIONS` (the view's tooltips).
"""

import asyncio
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Protocol

from console.domain.agent import ASSIGNABLE_ROLES, Permission, Role, may
from console.domain.clock import now_ms
from console.domain.floor import (
    PRIORITY_BANDS,
    THROUGHPUT_WINDOW_MS,
    AgentDay,
    Depth,
    FloorCase,
    FloorEvent,
    Forecast,
    Hour,
    agent_days,
    day_start_ms,
    depth_by,
    forecast,
    hours_of_day,
    priority_band,
    throughput,
    work_order,
)
from console.domain.presence import DESK_STATUSES, PRESENCE_TTL_MS, Activity, Presence, desk_statuses
from console.domain.sla import SlaState
from console.domain.sync import AppliedChanges
from console.domain.translatable import translatable
from console.services.cases import BulkOutcome, CaseActions
from console.services.channel_health import ChannelHealthService
from console.services.errors import KnownError
from console.storage.alerts_repo import Alert
from console.storage.database import CacheError
from console.storage.floor_repo import FloorRead, FloorRepository

HEALTH_TTL_S = 30.0  # the hub's channel health is asked at most this often
LISTED = 200  # cases per list (at risk and breached; oldest waiting)

DEFINED = "FloorDefinitions"  # the translation context of the definitions
DEFINITIONS = {
    "depth": translatable(
        "FloorDefinitions", "Open cases in the queue now: new, open or pending on the customer, not snoozed."
    ),
    "oldest": translatable(
        "FloorDefinitions", "How long the oldest case in the queue has waited since it opened."
    ),
    "at_risk": translatable(
        "FloorDefinitions",
        "Open cases whose owed promise (first response until sent, then resolution) has used "
        "¾ of its time and is not yet due.",
    ),
    "breached": translatable("FloorDefinitions", "Open cases whose owed promise is past its due time."),
    "forecast": translatable(
        "FloorDefinitions",
        "When the next case will breach if the floor keeps its pace of the last hour "
        "(cases with a published reply or resolved), taking new and open cases one after another in "
        "the queue's order (most urgent, then earliest due, then oldest).",
    ),
    "handled": translatable(
        "FloorDefinitions", "Cases the agent published a reply on or resolved since midnight."
    ),
    "holding": translatable(
        "FloorDefinitions", "Open cases assigned to the agent, or under their live claim."
    ),
    "handle_time": translatable(
        "FloorDefinitions",
        "Median time from the agent claiming a case to their first published reply on it, "
        "for claims made since midnight (n: how many).",
    ),
    "presence": translatable(
        "FloorDefinitions", "Online: the live stream has a fresh report from the agent's desk (30 s)."
    ),
    "status": translatable(
        "FloorDefinitions",
        "The status the agent set at their desk: available (takes new cases), busy or away.",
    ),
    "current": translatable("FloorDefinitions", "The case the agent has open now, from the live stream."),
    "volume": translatable("FloorDefinitions", "Customer mentions that arrived each hour today."),
    "sentiment": translatable(
        "FloorDefinitions", "Mean sentiment score (−1 to 1) of the customer mentions of each hour."
    ),
    "response": translatable(
        "FloorDefinitions",
        "Median time from a case opening to its first response, by the hour of the response.",
    ),
    "alerts": translatable(
        "FloorDefinitions", "Crisis alerts the hub raised today (a spike of negative mentions on a topic)."
    ),
    "health": translatable(
        "FloorDefinitions",
        "Each brand account's fetching as the hub sees it; unknown while the hub cannot be asked.",
    ),
}


class Supervising(Protocol):
    """The supervisor's moves on people (console.services.supervision provides them)."""

    async def set_agent_status(self, user_id: str, status: Activity) -> None: ...

    async def broadcast(self, text: str, team_id: str | None = None) -> None: ...


class FloorError(KnownError):
    """The floor could not be read or the move could not be made; the message says why."""


@dataclass(frozen=True, slots=True)
class CaseLine:
    """One case in the floor's lists."""

    case_id: str
    network: str
    account: str  # handle
    team: str
    priority: int
    status: str
    opened_ms: int
    due_ms: int | None
    sla: SlaState
    holder: str | None  # user id working it (assignee, else live claim)
    holder_name: str
    claim_holder: str | None  # a live claim, which a supervisor may take over
    customer: str = ""  # the author of the latest customer mention
    said: str = ""  # what they said last


@dataclass(frozen=True, slots=True)
class AgentLine:
    user_id: str
    name: str
    role: str
    teams: tuple[str, ...]
    online: bool
    status: Activity | None  # their desk status (None: not reported)
    current_case: str | None
    current_label: str  # the current case as people say it: customer and brand account
    holding: int  # open cases assigned to them or under their live claim
    day: AgentDay


@dataclass(frozen=True, slots=True)
class ChannelSummary:
    known: bool
    reason: str = ""  # why it is unknown
    states: tuple[tuple[str, int], ...] = ()  # state → accounts, most first
    attention: tuple[tuple[str, str, str], ...] = ()  # (account, state, last error) needing attention
    at_ms: int | None = None  # when the hub said so

    @property
    def accounts(self) -> int:
        return sum(n for _, n in self.states)


UNKNOWN_HEALTH = ChannelSummary(False, "not asked yet")
FINE_STATES = frozenset({"ok", "waiting", "catching up"})


@dataclass(frozen=True, slots=True)
class FloorSnapshot:
    now_ms: int
    day_start_ms: int
    depth: int
    oldest: CaseLine | None
    at_risk: int
    breached: int
    forecast: Forecast
    by_network: tuple[Depth, ...]
    by_account: tuple[Depth, ...]
    by_team: tuple[Depth, ...]
    by_priority: tuple[Depth, ...]
    attention: tuple[CaseLine, ...]  # breached, then at risk, by due time
    oldest_cases: tuple[CaseLine, ...]
    agents: tuple[AgentLine, ...]
    alerts: tuple[Alert, ...]
    hours: tuple[Hour, ...]
    health: ChannelSummary
    teams: tuple[str, ...] = ()
    took_ms: float = 0.0  # how long the snapshot took: the cache's reads and the counting
    accounts: dict = field(default_factory=dict)  # id → (handle, network)


class FloorService:
    def __init__(
        self,
        repo: FloorRepository,
        role: Callable[[], str | None],
        actions: CaseActions | None = None,
        health: ChannelHealthService | None = None,
        supervision: Supervising | None = None,
        clock: Callable[[], int] = now_ms,
    ):
        self._repo = repo
        self._role = role
        self._actions = actions
        self._health = health
        self.supervision = supervision
        self._clock = clock
        self._cases: dict[str, FloorCase] = {}
        self._events: dict[str, FloorEvent] = {}
        self._loaded = False
        self._pending_cases: set[str] = set()
        self._pending_events: set[str] = set()
        self._board: tuple[Presence, ...] = ()
        self._health_summary = UNKNOWN_HEALTH
        self._health_asked = 0.0
        self._lock = asyncio.Lock()
        self._customers: dict[str, tuple[str, str]] = {}  # case id → (customer, last words), listed cases
        self._last: tuple[FloorRead, Counter, dict[str, AgentDay]] | None = None  # the last count's

    def allowed(self) -> bool:
        """Supervisors and admins see the floor."""
        role = self._role()
        return role is not None and may(Role(role), Permission.MANAGE_OTHERS_WORK)

    # --- inputs -----------------------------------------------------------------------------------

    def saw(self, changes: AppliedChanges) -> bool:
        """A sync page landed; returns whether it concerns the floor (then take a snapshot)."""
        if changes.reset:
            self._loaded = False
            return True
        self._pending_cases |= changes.cases | changes.removed
        self._pending_events |= changes.events
        return bool(
            changes.cases or changes.removed or changes.events or changes.mentions or changes.directory
        )

    def set_presence(self, board: Iterable[Presence]) -> None:
        """Everyone present now (the live stream's board; empty when it is lost)."""
        self._board = tuple(board)

    # --- the snapshot ---------------------------------------------------------------------------------

    async def snapshot(self) -> FloorSnapshot:
        """The floor now: the cache read (in full the first time, then what changed) and counted."""
        async with self._lock:
            now = self._clock()
            day = day_start_ms(now)
            since = min(day, now - THROUGHPUT_WINDOW_MS)
            started = time.perf_counter()
            try:
                if not self._loaded:
                    self._pending_cases.clear()
                    self._pending_events.clear()
                    read = await self._repo.read(since, now, hours_from=day)
                else:
                    wanted, self._pending_cases = self._pending_cases, set()
                    happened, self._pending_events = self._pending_events, set()
                    read = await self._repo.read(since, now, wanted, happened, hours_from=day)
                    for case_id in wanted:  # gone from the cache unless read again below
                        self._cases.pop(case_id, None)
            except CacheError as error:
                raise FloorError(
                    translatable("Errors", "The floor could not be read from the cache: {error}"), error=error
                ) from error
            self._take(read, since)
            # Counting 10,000 cases takes a tenth of a second: off the UI thread (the lock keeps the
            # cases still meanwhile).
            snapshot = await asyncio.to_thread(self._count, read, now, day)
            snapshot = await self._name_customers(snapshot, read)
            return replace(snapshot, took_ms=(time.perf_counter() - started) * 1000)

    async def _name_customers(
        self, snap: "FloorSnapshot", read: FloorRead, changed: Sequence[FloorCase] | None = None
    ) -> "FloorSnapshot":
        """The listed cases and the agents' current ones with their customers: read once per case
        (again when the case changed: a new mention may be a new last word)."""
        for case in read.cases if changed is None else changed:
            self._customers.pop(case.id, None)
        listed = {line.case_id for line in (*snap.attention, *snap.oldest_cases)}
        listed |= {a.current_case for a in snap.agents if a.current_case}
        missing = listed - self._customers.keys()
        if missing:
            try:
                self._customers.update(await self._repo.customers(missing))
            except CacheError as error:
                raise FloorError(
                    translatable("Errors", "The floor could not be read from the cache: {error}"), error=error
                ) from error
        self._customers = {k: v for k, v in self._customers.items() if k in listed}

        def named(line: CaseLine) -> CaseLine:
            customer, said = self._customers.get(line.case_id, ("", ""))
            return replace(line, customer=customer, said=said)

        def current(agent: AgentLine) -> AgentLine:
            if not agent.current_case:
                return agent
            customer = self._customers.get(agent.current_case, ("", ""))[0]
            case = self._cases.get(agent.current_case)
            account = f"@{read.accounts.get(case.account_id, (case.account_id,))[0]}" if case else ""
            label = " · ".join(part for part in (customer, account) if part) or agent.current_case
            return replace(agent, current_label=label)

        return replace(
            snap,
            attention=tuple(map(named, snap.attention)),
            oldest_cases=tuple(map(named, snap.oldest_cases)),
            agents=tuple(map(current, snap.agents)),
        )

    def _take(self, read: FloorRead, since: int) -> None:
        if read.full:
            self._cases, self._events = {}, {}
            self._loaded = True
        for case in read.cases:
            if case.open or case.updated_ms >= since:
                self._cases[case.id] = case
            else:
                self._cases.pop(case.id, None)
        for event in read.events:
            self._events[event.id] = event
        # What the day has left behind (yesterday's resolved cases, events out of every window).
        for event_id in [i for i, e in self._events.items() if e.at_ms < since]:
            del self._events[event_id]
        for case_id in [i for i, c in self._cases.items() if not c.open and c.updated_ms < since]:
            del self._cases[case_id]

    def _count(self, read: FloorRead, now: int, day: int) -> FloorSnapshot:
        names = {p.id: p.name for p in read.people}
        handles = read.accounts
        queue = [c for c in self._cases.values() if c.in_queue(now)]

        def line(case: FloorCase) -> CaseLine:
            holder = case.holder(now)
            live = case.claim_expires_ms is None or case.claim_expires_ms > now
            live_claim = case.claim_holder if case.claim_holder and live else None
            return CaseLine(
                case.id,
                case.network,
                handles.get(case.account_id, (case.account_id, ""))[0],
                case.team,
                case.priority,
                case.status,
                case.opened_ms,
                case.owed_due_ms,
                case.sla(now),
                holder,
                names.get(holder, holder or "") if holder else "",
                live_claim,
            )

        slas = [c.sla(now) for c in queue]  # once per case: every grouping below reads them
        states = Counter(slas)
        alarming = (SlaState.AT_RISK, SlaState.BREACHED)
        attention = sorted(
            (c for c, state in zip(queue, slas, strict=True) if state in alarming),
            key=lambda c: (c.owed_due_ms or 0, c.id),
        )
        oldest = sorted(queue, key=lambda c: (c.opened_ms, c.id))
        events = list(self._events.values())
        pace = throughput(events, now)
        order = work_order(queue, now)
        ahead = forecast([c.owed_due_ms for c in order], pace, now)
        days = agent_days(events, day)
        holding = Counter(c.holder(now) for c in queue)
        self._last = (read, holding, days)  # for presence changes, which need no read
        answered = [c for c in self._cases.values() if c.first_response_ms is not None]
        return FloorSnapshot(
            now_ms=now,
            day_start_ms=day,
            depth=len(queue),
            oldest=line(oldest[0]) if oldest else None,
            at_risk=states[SlaState.AT_RISK],
            breached=states[SlaState.BREACHED],
            forecast=ahead,
            by_network=tuple(depth_by(queue, lambda c: c.network, now, slas)),
            by_account=tuple(depth_by(queue, lambda c: _account_label(handles, c.account_id), now, slas)),
            by_team=tuple(depth_by(queue, lambda c: c.team or "(no team)", now, slas)),
            by_priority=tuple(
                sorted(depth_by(queue, lambda c: priority_band(c.priority), now, slas), key=_band_order)
            ),
            attention=tuple(line(c) for c in attention[:LISTED]),
            oldest_cases=tuple(line(c) for c in oldest[:LISTED]),
            agents=tuple(self._agents(read, holding, days, now)),
            alerts=tuple(sorted(read.alerts, key=lambda a: -a.raised_ms)),
            hours=tuple(hours_of_day(day, now, read.mention_hours, answered)),
            health=self._health_summary,
            teams=read.teams,
            accounts=dict(handles),
        )

    def _agents(
        self, read: FloorRead, holding: Counter, days: dict[str, AgentDay], now: int
    ) -> list[AgentLine]:
        fresh = [
            p for p in self._board if p.activity is not Activity.LEFT and now - p.at_ms < PRESENCE_TTL_MS
        ]
        online = {p.user_id for p in fresh}
        statuses = desk_statuses(self._board, now)
        current: dict[str, Presence] = {}
        for p in fresh:
            on_case = not p.is_desk and p.activity not in DESK_STATUSES
            if on_case and (p.user_id not in current or p.at_ms > current[p.user_id].at_ms):
                current[p.user_id] = p
        nothing = AgentDay(0, None, 0)
        return [
            AgentLine(
                p.id,
                p.name,
                p.role,
                p.teams,
                p.id in online,
                statuses.get(p.id),
                current[p.id].case_id if p.id in current else None,
                "",
                holding.get(p.id, 0),
                days.get(p.id, nothing),
            )
            for p in read.people
            if p.role in ASSIGNABLE_ROLES
        ]

    async def with_presence(self, snapshot: FloorSnapshot) -> FloorSnapshot:
        """``snapshot`` with its agents as the presence board has them now: the live stream reports
        every desk every few seconds, and that needs no cache read nor a recount of the queue."""
        if self._last is None:
            return snapshot
        async with self._lock:
            read, holding, days = self._last
            agents = tuple(self._agents(read, holding, days, self._clock()))
            return await self._name_customers(replace(snapshot, agents=agents), read, ())

    # --- channel health ---------------------------------------------------------------------------------

    async def refresh_health(self, force: bool = False) -> ChannelSummary:
        """Ask the hub (at most every HEALTH_TTL_S unless ``force``); offline says "unknown" and why."""
        if self._health is None:
            self._health_summary = ChannelSummary(False, "no hub to ask")
            return self._health_summary
        if not force and time.monotonic() - self._health_asked < HEALTH_TTL_S and self._health_asked:
            return self._health_summary
        self._health_asked = time.monotonic()
        try:
            report = await self._health.load()
        except KnownError as error:
            self._health_summary = ChannelSummary(False, str(error))
            return self._health_summary
        states = Counter(a.state for a in report.accounts)
        self._health_summary = ChannelSummary(
            True,
            "",
            tuple(sorted(states.items(), key=lambda s: (-s[1], s[0]))),
            tuple(
                (f"@{a.handle} ({a.network})", a.state, a.last_error or "")
                for a in report.accounts
                if a.state not in FINE_STATES
            ),
            report.now_ms,
        )
        return self._health_summary

    # --- the supervisor's moves ----------------------------------------------------------------------

    @property
    def can_act(self) -> bool:
        return self._actions is not None

    async def reassign(self, case_ids: Iterable[str], user_id: str | None) -> BulkOutcome:
        """Give the cases to ``user_id`` (None: nobody) through the outbox, as "Assign to…" does."""
        if self._actions is None:
            raise FloorError(translatable("Errors", "Reassigning needs a signed-in desk."))
        return await self._actions.assign_each(case_ids, user_id)

    async def take_over(self, case_id: str) -> None:
        """Take the case's claim from whoever holds it (a supervisor's claim with ``takeover``)."""
        if self._actions is None:
            raise FloorError(translatable("Errors", "Taking over needs a signed-in desk."))
        await self._actions.claim(case_id, takeover=True)

    async def set_agent_status(self, user_id: str, status: Activity) -> None:
        if self.supervision is None:
            raise FloorError(
                translatable("Errors", "Setting an agent's status is not available on this desk.")
            )
        if status not in DESK_STATUSES:
            raise FloorError(
                translatable("Errors", "{status} is not a desk status (available, busy or away)."),
                status=status,
            )
        await self.supervision.set_agent_status(user_id, status)

    async def broadcast(self, text: str, team_id: str | None = None) -> None:
        if self.supervision is None:
            raise FloorError(translatable("Errors", "Broadcasting a note is not available on this desk."))
        if not text.strip():
            raise FloorError(translatable("Errors", "The note is empty."))
        await self.supervision.broadcast(text.strip(), team_id)


def _band_order(depth: Depth) -> int:
    """Priority bands most urgent first, whatever their size."""
    return next(i for i, (_floor, label) in enumerate(PRIORITY_BANDS) if label == depth.key)


def _account_label(handles: dict[str, tuple[str, str]], account_id: str) -> str:
    handle, network = handles.get(account_id, (account_id, ""))
    return f"@{handle} ({network})" if network else account_id
