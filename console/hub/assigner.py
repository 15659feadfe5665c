"""Auto-assignment on the hub: unassigned open cases go to available agents (console.domain.routing).

A pass runs every ``poll_s``. It reads who is at their desk from the live broker, then in one
transaction under the change-counter lock takes the most urgent unassigned cases (priority, then
oldest) and each agent's open load, and writes an ``assigned`` event per case it can place. Cases
nobody can take stay unassigned: that is the holding queue, which every workstation sees as
"Unassigned". Two hub processes may both run a pass; the lock serialises them and each re-reads
what the other wrote.
"""

import asyncio
import json
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Engine, func, or_, select

from console.domain.agent import Role
from console.domain.case import UNRESOLVED, CaseStatus, apply_event
from console.domain.clock import now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.presence import Activity
from console.domain.routing import AgentLoad, CaseNeeds, Strategy, choose
from console.hub.cases import case_from_row, record
from console.hub.changelog import lock_sequence
from console.hub.database import reader
from console.hub.periodic import Periodic
from console.hub.schema import accounts, cases, mentions, users

_WAITING = (CaseStatus.NEW.value, CaseStatus.OPEN.value)


@dataclass(frozen=True, slots=True)
class AssignPolicy:
    strategy: Strategy = Strategy.ROUND_ROBIN
    batch: int = 200  # cases looked at per pass, most urgent first
    poll_s: float = 2.0


class Assigner(Periodic):
    """One per hub process; :meth:`start`/:meth:`stop` on the serving loop, :meth:`run_once` for tests."""

    def __init__(
        self,
        engine: Engine,
        desk: Callable[[], Mapping[str, Activity]],
        policy: AssignPolicy | None = None,
        clock: Callable[[], int] = now_ms,
    ):
        self._engine = engine
        self._desk = desk  # who is at their desk now: the live broker's desk_statuses
        self.policy = policy or AssignPolicy()
        self._clock = clock
        self._last: dict[str, int] = {}  # agent → when this process last gave them a case (round-robin)

    name = "assigner"

    async def run_pass(self) -> object:
        return await self.run_once()

    def pause_s(self) -> float:
        return self.policy.poll_s

    async def run_once(self) -> int:
        """One pass; returns how many cases it assigned."""
        available = {user for user, status in self._desk().items() if status is Activity.AVAILABLE}
        if not available:
            return 0
        return await asyncio.to_thread(self._assign, available, self._clock())

    def _assign(self, available: set[str], now: int) -> int:
        with reader(self._engine).connect() as connection:  # most passes find nothing: no lock for that
            if connection.scalar(select(func.count()).select_from(_waiting(now).limit(1).subquery())) == 0:
                return 0
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            agents = _agents(connection, available, self._last)
            waiting = connection.execute(_waiting(now).limit(self.policy.batch)).all() if agents else []
            assigned = 0
            for row in waiting:
                needs = CaseNeeds(row.owner or "", row.language or "", row.network)
                decision = choose(needs, agents.values(), self.policy.strategy)
                if decision.user_id is None:
                    continue  # the holding queue: it stays unassigned, and the next pass looks again
                case = case_from_row(row)
                data = {"assignee": decision.user_id, "reason": f"auto: {decision.reason}"}
                event = Event(uuid7(), case.id, EventType.ASSIGNED, now, data=data)
                record(connection, sequence, apply_event(case, event), [event])
                self._last[decision.user_id] = now * 1000 + assigned  # later than any earlier pass's
                agent = agents[decision.user_id]
                agents[agent.user_id] = replace(
                    agent, open_cases=agent.open_cases + 1, last_assigned_ms=self._last[agent.user_id]
                )
                assigned += 1
            sequence.close()
            return assigned


def _agents(connection, available: set[str], last: Mapping[str, int]) -> dict[str, AgentLoad]:
    """The available agents with their skills, open load and turn, by id."""
    people = connection.execute(
        select(users.c.id, users.c.teams, users.c.capacity, users.c.languages, users.c.networks).where(
            users.c.id.in_(sorted(available)),
            users.c.disabled.is_(False),
            users.c.role == Role.AGENT.value,
        )
    ).all()
    if not people:
        return {}
    load = Counter(
        dict(
            connection.execute(
                select(cases.c.assignee, func.count())
                .where(cases.c.assignee.in_([p.id for p in people]), cases.c.status.in_(UNRESOLVED))
                .group_by(cases.c.assignee)
            ).all()
        )
    )
    return {
        p.id: AgentLoad(
            p.id,
            frozenset(json.loads(p.teams)),
            True,
            load[p.id],
            p.capacity,
            frozenset(json.loads(p.languages)),
            frozenset(json.loads(p.networks)),
            last.get(p.id, 0),
        )
        for p in people
    }


def _waiting(now: int):
    """The holding queue, most urgent first: open, unassigned, and not held under a live claim."""
    return (
        select(
            cases,
            func.coalesce(cases.c.team, accounts.c.team).label("owner"),
            _language().label("language"),
        )
        .join(accounts, accounts.c.id == cases.c.account_id, isouter=True)
        .where(
            cases.c.assignee.is_(None),
            cases.c.status.in_(_WAITING),
            or_(cases.c.claim_holder.is_(None), func.coalesce(cases.c.claim_expires_ms, 0) <= now),
        )
        .order_by(cases.c.priority.desc(), cases.c.opened_ms, cases.c.id)
    )


def _language():
    """The language the customer opened the case in (its first mention's)."""
    first = (
        select(mentions.c.lang)
        .where(mentions.c.case_id == cases.c.id, mentions.c.from_brand.is_(False))
        .order_by(mentions.c.created_ms)
        .limit(1)
    )
    return first.correlate(cases).scalar_subquery()
