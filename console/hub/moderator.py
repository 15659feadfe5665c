"""The moderator: takes queued moderation jobs (hide or unhide a customer's mention, as an agent
asked through a ``hide`` mutation) to the account's connector, and records how it went as a case
event every workstation pulls.

A job moves ``queued → working → done | failed``. Simpler than publishing a reply, because hiding
is idempotent: asking the network twice to hide one comment hides it once, so an uncertain answer
(a timeout, a cut connection, a 5xx) is treated as a transient one and simply asked again.

* **One taker.** A job is taken with a compare-and-set on its status and lease, so of two hub
  processes only one calls the network; a process that died mid-call leaves the job ``working``
  until its lease ends, then any process takes it again.
* **Retries** back off exponentially with jitter, honour a network's ``Retry-After``, and stop after
  ``max_attempts`` with a ``hide_failed`` event naming the last reason. A permanent error (the
  comment was deleted, the token lacks the permission, a network without hiding) fails it at once.
"""

import asyncio
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, and_, or_, select, update

from console.channels.connector import (
    Connector,
    PermanentError,
    PublishError,
    TransientError,
    UncertainError,
)
from console.domain.case import apply_event
from console.domain.clock import now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.domain.retry import jittered_delay
from console.hub.cases import load_case, record
from console.hub.changelog import lock_sequence
from console.hub.connector_pool import ConnectorPool, as_pool
from console.hub.credentials import CredentialsError
from console.hub.database import reader
from console.hub.periodic import Periodic, lease_owner
from console.hub.schema import moderation_jobs as jobs

log = logging.getLogger(__name__)

QUEUED, WORKING, DONE, FAILED = "queued", "working", "done", "failed"


@dataclass(frozen=True, slots=True)
class ModerationPolicy:
    max_attempts: int = 8
    first_retry_s: float = 2.0
    max_retry_s: float = 300.0
    call_timeout_s: float = 30.0
    lease_ms: int = 120_000  # well over call_timeout_s: a live process settles its job first
    poll_s: float = 2.0
    batch: int = 20


@dataclass(frozen=True, slots=True)
class _Taken:
    id: str
    account_id: str
    network: Network
    external_id: str
    hidden: bool
    attempts: int  # including this one


class Moderator(Periodic):
    """One per hub process, started and stopped with the app (before the publisher, which closes the
    connectors they share). :meth:`run_once` does one pass, for tests and tools."""

    name = "moderator"

    def __init__(
        self,
        engine: Engine,
        connectors: ConnectorPool | Mapping[str, Connector],
        policy: ModerationPolicy | None = None,
        clock: Callable[[], int] = now_ms,
        rng: random.Random | None = None,
        owner: str | None = None,
    ):
        self._engine = engine
        self._pool = as_pool(engine, connectors)
        self.policy = policy or ModerationPolicy()
        self._clock = clock
        self._random = rng or random.Random()
        self.owner = lease_owner(owner)

    async def run_pass(self) -> object:
        return await self.run_once()

    def pause_s(self) -> float:
        return self.policy.poll_s

    async def run_once(self) -> int:
        """Take every due job once (up to a batch); returns how many were looked at."""
        publishable = await self._pool.publishable()
        due = await asyncio.to_thread(self._due, self._clock(), publishable)
        for job_id, account_id in due:
            try:
                account, connector = await self._pool.acquire(account_id)
            except (ValueError, CredentialsError):  # no usable credentials now: the job waits
                continue
            taken = await asyncio.to_thread(self._take, job_id, self._clock())
            if taken is not None:
                await self._moderate(taken, account, connector)
        return len(due)

    async def _moderate(self, job: _Taken, account: BrandAccount, connector: Connector) -> None:
        if type(connector).hide is Connector.hide:  # the network's connector has no such call
            await asyncio.to_thread(self._failed, job, f"hiding is not supported on {job.network.label}")
            return
        try:
            async with asyncio.timeout(self.policy.call_timeout_s):
                await connector.hide(account, job.external_id, job.hidden)
        except PermanentError as error:
            await asyncio.to_thread(self._failed, job, error.reason)
        except PublishError as error:  # transient or uncertain: the same request again is safe
            await asyncio.to_thread(self._retry_later, job, error)
        except TimeoutError:
            error = UncertainError(f"no answer from the network in {self.policy.call_timeout_s:g} s")
            await asyncio.to_thread(self._retry_later, job, error)
        except Exception as error:
            log.exception("moderator: the connector failed unexpectedly on job %s", job.id)
            await asyncio.to_thread(
                self._retry_later, job, UncertainError(f"the connector failed: {error!r}")
            )
        else:
            await asyncio.to_thread(self._done, job)

    # -- transactions (each in a worker thread) --------------------------------------------------

    def _due(self, now: int, publishable: list[str]) -> list[tuple[str, str]]:
        if not publishable:
            return []
        query = (
            select(jobs.c.id, jobs.c.account_id)
            .where(_takeable(now), jobs.c.account_id.in_(publishable))
            .order_by(jobs.c.created_ms, jobs.c.id)
            .limit(self.policy.batch)
        )
        with reader(self._engine).connect() as connection:
            return [(row.id, row.account_id) for row in connection.execute(query)]

    def _take(self, job_id: str, now: int) -> _Taken | None:
        with self._engine.begin() as connection:
            row = connection.execute(select(jobs).where(jobs.c.id == job_id)).first()
            if row is None:
                return None
            taken = connection.execute(
                update(jobs)
                .where(jobs.c.id == job_id, _takeable(now))
                .values(
                    status=WORKING,
                    attempts=row.attempts + 1,
                    lease_owner=self.owner,
                    lease_until_ms=now + self.policy.lease_ms,
                    updated_ms=now,
                )
            ).rowcount
            if taken != 1:  # another process took it, or it is not due any more
                return None
            return _Taken(
                row.id, row.account_id, Network(row.network), row.external_id, row.hidden, row.attempts + 1
            )

    def _done(self, job: _Taken) -> None:
        self._settle(job, DONE, "", EventType.HIDDEN)

    def _failed(self, job: _Taken, reason: str) -> None:
        self._settle(job, FAILED, reason, EventType.HIDE_FAILED)

    def _retry_later(self, job: _Taken, error: PublishError) -> None:
        if job.attempts >= self.policy.max_attempts:
            self._failed(job, f"gave up after {job.attempts} attempts: {error.reason}")
            return
        now = self._clock()
        delay_s = jittered_delay(
            job.attempts - 1, self.policy.first_retry_s, self.policy.max_retry_s, self._random
        )
        if isinstance(error, TransientError) and error.retry_after_s is not None:
            delay_s = max(delay_s, error.retry_after_s)
        reason = f"attempt {job.attempts} of {self.policy.max_attempts} failed: {error.reason}; trying again"
        with self._engine.begin() as connection:
            connection.execute(
                update(jobs)
                .where(jobs.c.id == job.id, jobs.c.status == WORKING, jobs.c.lease_owner == self.owner)
                .values(
                    status=QUEUED,
                    last_error=reason,
                    next_attempt_ms=now + int(delay_s * 1000),
                    lease_owner=None,
                    lease_until_ms=None,
                    updated_ms=now,
                )
            )

    def _settle(self, job: _Taken, status: str, reason: str, kind: EventType) -> None:
        """The job's end and its event, in one transaction under the change-counter lock; nothing
        when this process lost the lease (the job's new holder settles it)."""
        now = self._clock()
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = connection.execute(select(jobs).where(jobs.c.id == job.id)).first()
            if row is None or row.status != WORKING or row.lease_owner != self.owner:
                log.warning("moderator: lost the lease on job %s; its new holder settles it", job.id)
                sequence.close()
                return
            connection.execute(
                update(jobs)
                .where(jobs.c.id == job.id)
                .values(
                    status=status, last_error=reason, lease_owner=None, lease_until_ms=None, updated_ms=now
                )
            )
            case = load_case(connection, row.case_id)
            if case is not None:
                data = {"mention_id": row.mention_id, "hidden": row.hidden, "job_id": row.id}
                if reason:
                    data["reason"] = reason
                event = Event(uuid7(), case.id, kind, now, actor=row.requested_by, data=data)
                record(connection, sequence, apply_event(case, event), [event])
            sequence.close()


def _takeable(now: int):
    return or_(
        and_(jobs.c.status == QUEUED, jobs.c.next_attempt_ms <= now),
        and_(jobs.c.status == WORKING, or_(jobs.c.lease_until_ms.is_(None), jobs.c.lease_until_ms <= now)),
    )
