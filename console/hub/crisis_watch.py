"""Crisis alerts on the hub: the spike detector (console.domain.crisis) fed from the mentions table.

Every hub process runs a watcher that reads new customer mentions in change order (so it sees what
every process ingested, not just its own), warms its baseline from the last day at start, and on a
spike writes one ``crisis_alerts`` row (unique per key and window, so two processes raise it once),
then tags each case of the spike ``crisis``, raises its priority and hands it to the PR team with
the alert's reason. Alerts replicate to every workstation, where the queue's "Crisis" view and the
desktop notification pick them up.
"""

import asyncio
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, insert, select
from sqlalchemy.exc import IntegrityError

from console.domain.case import CaseStatus, apply_event
from console.domain.clock import now_ms
from console.domain.crisis import CrisisAlert, SpikeDetector, SpikePolicy
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.sentiment import Sentiment
from console.hub.cases import load_case, record
from console.hub.changelog import lock_sequence
from console.hub.database import reader
from console.hub.periodic import Periodic
from console.hub.rescope import touch_cases
from console.hub.schema import crisis_alerts, mentions, teams

log = logging.getLogger(__name__)

CRISIS_TAG = "crisis"
CRISIS_PRIORITY = 95
WARM_UP_MS = 24 * 3_600_000


@dataclass(frozen=True, slots=True)
class CrisisPolicy:
    spike: SpikePolicy = field(default_factory=SpikePolicy)
    team: str = "PR"  # where cases of a crisis go
    watched: tuple[str, ...] = ()  # terms that make a topic besides hashtags (e.g. "recall", "outage")
    poll_s: float = 2.0
    batch: int = 5_000


class CrisisWatch(Periodic):
    def __init__(self, engine: Engine, policy: CrisisPolicy | None = None, clock: Callable[[], int] = now_ms):
        self._engine = engine
        self.policy = policy or CrisisPolicy()
        self._clock = clock
        self._detector = SpikeDetector(self.policy.spike, self.policy.watched)
        self._after: int | None = None  # the last mention change read
        self._storms: dict[str, CrisisAlert] = {}  # key → its latest alert, for the storm's later mentions

    name = "crisis-watch"

    async def run_pass(self) -> object:
        return await asyncio.to_thread(self.run_once)

    def pause_s(self) -> float:
        return self.policy.poll_s

    def run_once(self) -> list[CrisisAlert]:
        """Read the mentions since the last pass (the last day, on the first) and act on any spike."""
        with reader(self._engine).connect() as connection:
            query = select(
                mentions.c.id,
                mentions.c.account_id,
                mentions.c.text,
                mentions.c.sentiment,
                mentions.c.created_ms,
                mentions.c.seq,
                mentions.c.case_id,
            ).where(mentions.c.from_brand.is_(False))
            if self._after is None:
                query = query.where(mentions.c.created_ms >= self._clock() - WARM_UP_MS)
            else:
                query = query.where(mentions.c.seq > self._after)
            rows = connection.execute(query.order_by(mentions.c.seq).limit(self.policy.batch)).all()
            if not rows and self._after is None:  # a quiet day: from now on, everything is new
                self._after = connection.scalar(select(func.coalesce(func.max(mentions.c.seq), 0)))
        if rows:
            self._after = rows[-1].seq
        # Replaying the last day at start finds old spikes again: only a current one is news.
        fresh = self._clock() - 2 * self.policy.spike.bucket_ms
        raised: list[CrisisAlert] = []
        following: dict[str, tuple[CrisisAlert, list[str]]] = {}  # storm key → its alert, later cases
        for row in sorted(rows, key=lambda r: r.created_ms):
            negative = row.sentiment == Sentiment.NEGATIVE.value
            new = self._detector.observe(row.id, row.account_id, row.text, negative, row.created_ms)
            for alert in new:
                self._storms[alert.key] = alert
                if alert.bucket_start_ms >= fresh and self._raise(alert):
                    raised.append(alert)
            if negative and not new and row.created_ms >= fresh:
                # A storm goes on after its alert: its later mentions go the same way.
                storm = next(
                    (
                        self._storms[k]
                        for k in self._detector.active(row.account_id, row.text, row.created_ms)
                        if k in self._storms
                    ),
                    None,
                )
                if storm is not None:
                    following.setdefault(storm.key, (storm, []))[1].append(row.case_id)
        for alert, case_ids in following.values():
            self._follow(alert, case_ids)
        return raised

    def _follow(self, alert: CrisisAlert, case_ids: list[str]) -> None:
        """Route a pass's later mentions of one storm in one transaction."""
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            self._route(connection, sequence, list(dict.fromkeys(case_ids)), alert, self._clock())
            sequence.close()

    def _raise(self, alert: CrisisAlert) -> bool:
        """Store the alert and route its cases; False when another process raised it first."""
        now = self._clock()
        try:
            with self._engine.begin() as connection:
                sequence = lock_sequence(connection)
                connection.execute(
                    insert(crisis_alerts).values(
                        id=uuid7(),
                        key=alert.key,
                        bucket_start_ms=alert.bucket_start_ms,
                        count=alert.count,
                        baseline=alert.baseline,
                        reason=alert.reason,
                        mention_ids=json.dumps(list(alert.mention_ids)),
                        raised_ms=now,
                        team=self.policy.team,
                        seq=sequence.next(),
                    )
                )
                case_ids = connection.scalars(
                    select(mentions.c.case_id).where(mentions.c.id.in_(list(alert.mention_ids))).distinct()
                )
                self._route(connection, sequence, sorted(case_ids), alert, now)
                sequence.close()
        except IntegrityError:
            return False  # the same key and window: raised by another hub process
        log.warning("crisis: %s", alert.reason)
        return True

    def _route(self, connection, sequence, case_ids: list[str], alert: CrisisAlert, now: int) -> None:
        """Tag each open case of the storm, raise its priority, and hand it to the crisis team (when
        this hub has that team)."""
        has_team = connection.scalar(select(teams.c.id).where(teams.c.id == self.policy.team)) is not None
        for case_id in case_ids:
            self._route_case(connection, sequence, case_id, alert, has_team, now)

    def _route_case(
        self, connection, sequence, case_id: str, alert: CrisisAlert, has_team: bool, now: int
    ) -> None:
        case = load_case(connection, case_id)
        if case is None or case.status is CaseStatus.RESOLVED:
            return
        new: list[Event] = []
        if CRISIS_TAG not in case.tags:
            new.append(Event(uuid7(), case.id, EventType.TAGGED, now, data={"tag": CRISIS_TAG}))
        if case.priority < CRISIS_PRIORITY:
            new.append(Event(uuid7(), case.id, EventType.ROUTED, now, data={"priority": CRISIS_PRIORITY}))
        if has_team and case.team != self.policy.team:
            data = {"team": self.policy.team, "reason": f"crisis: {alert.reason}", "from_team": case.team}
            new.append(Event(uuid7(), case.id, EventType.HANDED_OFF, now, data=data))
            touch_cases(connection, sequence, [case.id], case_rows=False)  # PR now sees it whole
        for event in new:
            case = apply_event(case, event)
        if new:
            record(connection, sequence, case, new)
