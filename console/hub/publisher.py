"""The publisher: takes queued replies to their networks, exactly once, through the connectors.

A reply moves ``queued → sending → published | failed``, or to ``needs_review`` when its claim is
lost; every move is one transaction holding the change-counter lock, with a new change number, so
workstations see each step through pull. Rules, and why:

* **Fenced.** The transaction that marks a reply ``sending`` first re-reads the case under the
  counter lock (which every writer of the hub takes, so no claim can change meanwhile): its
  author must still hold the claim, under the token the reply was written with, unexpired.
  Otherwise it becomes ``needs_review`` with the reason — never dropped, never sent.
* **``sending`` means "may be on the network".** It is written *before* the connector is called.
  A reply found ``sending`` by anyone but the process that wrote it (the lease ran out: that
  process died, or stalled) is checked with the connector's ``find`` before anything else; so is
  one whose last attempt ended uncertain (a timeout after sending, a cut connection). Only a
  reply known not to be on the network goes back to ``queued``. That makes a kill at any point
  harmless: before the ``sending`` commit nothing was sent; after it, ``find`` decides.
* **One taker.** A reply is taken with a compare-and-set under the counter lock (status and
  lease re-read after the lock is held), so of two hub processes on one PostgreSQL only one
  gets it; the lease (``lease_owner``, ``lease_until_ms``) hands it to another only after it
  expires. Each connector call is cut at ``call_timeout_s``, far inside the lease, so a live
  process always settles its reply before anyone may take it over.
* **Retries** back off exponentially with jitter, honour a network's ``Retry-After``, and stop
  after ``max_attempts``: the reply fails with the last reason (and a warning when it may have
  been posted after all). A permanent error fails it at once with the network's reason.
"""

import asyncio
import contextlib
import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine, and_, or_, select, update

from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    PublishError,
    TransientError,
    UncertainError,
)
from console.domain.case import Case, apply_event
from console.domain.clock import now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.domain.reply import ReplyStatus
from console.domain.retry import jittered_delay
from console.hub.cases import claim_problem, load_case, record
from console.hub.changelog import SequenceAllocator, lock_sequence
from console.hub.connector_pool import ConnectorPool, as_pool
from console.hub.credentials import CredentialsError
from console.hub.database import reader
from console.hub.periodic import lease_owner
from console.hub.schema import accounts, events, mentions, replies

log = logging.getLogger(__name__)

QUEUED, SENDING = ReplyStatus.QUEUED.value, ReplyStatus.SENDING.value


@dataclass(frozen=True, slots=True)
class PublishPolicy:
    max_attempts: int = 8
    """Goes at a reply (each a publish, or a check and then maybe a publish) before it fails."""
    first_retry_s: float = 2.0
    """Wait before the first retry; doubles with each attempt (with jitter) up to ``max_retry_s``."""
    max_retry_s: float = 300.0
    call_timeout_s: float = 30.0
    """A connector call still unanswered after this is cut and counts as uncertain."""
    lease_ms: int = 120_000
    """How long a process holds a reply it is sending; well over ``call_timeout_s``."""
    idle_retry_ms: int = 60_000
    """How often a reply with no connector for its account is looked at again."""
    poll_s: float = 1.0
    """How often to look for due replies without a wake (other hub processes queue them too)."""
    batch: int = 50
    concurrency: int = 4
    """Replies in flight at once (one at a time per case, so a thread of replies keeps its order)."""

    def __post_init__(self) -> None:
        if self.call_timeout_s * 1000 * 2 > self.lease_ms:
            raise ValueError("the lease must last at least twice the connector call timeout")
        if self.max_attempts < 1 or self.concurrency < 1 or self.batch < 1:
            raise ValueError("max_attempts, concurrency and batch must be at least 1")


@dataclass(frozen=True, slots=True)
class _Job:
    """A reply this process holds the lease on, with what it needs to post it."""

    reply: OutgoingReply
    attempts: int  # including this one
    check_first: bool  # an earlier attempt may be on the network: find() before publishing
    connector: Connector


class Publisher:
    """One per hub process. :meth:`start` and :meth:`stop` on the serving loop (the app's lifespan);
    :meth:`run_once` does one pass, for tests and tools. ``connectors``: the hub's pool (shared with
    the poller), or fixed connectors by brand account id."""

    def __init__(
        self,
        engine: Engine,
        connectors: ConnectorPool | Mapping[str, Connector],
        policy: PublishPolicy | None = None,
        clock: Callable[[], int] = now_ms,
        rng: random.Random | None = None,
        owner: str | None = None,
    ):
        self._engine = engine
        self._pool = as_pool(engine, connectors)
        self.policy = policy or PublishPolicy()
        self._clock = clock
        self._random = rng or random.Random()
        self.owner = lease_owner(owner)
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._task: asyncio.Task | None = None
        self._stopping = False

    # -- running -------------------------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="publisher")

    async def stop(self, grace_s: float = 5.0) -> None:
        """Let replies in flight settle (up to ``grace_s``), then stop; close the connectors."""
        self._stopping = True
        self.wake()
        if self._task is not None:
            try:
                async with asyncio.timeout(grace_s):
                    await asyncio.shield(self._task)
            except TimeoutError:  # a reply still in flight stays "sending"; find() settles it later
                self._task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await self._task
            self._task = None
        await self._pool.aclose()  # the poller, which shares it, has stopped first

    def wake(self) -> None:
        """Look for due replies now (one was queued). Safe from any thread."""
        loop, event = self._loop, self._wake
        if loop is not None and event is not None and not loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop is closing: the next start polls anyway
                loop.call_soon_threadsafe(event.set)

    async def _run(self) -> None:
        while not self._stopping:
            self._wake.clear()
            try:
                handled = await self.run_once()
            except Exception:  # a database outage must not end publishing for the process's life
                log.exception("publisher: a pass failed; trying again")
                handled = 0
            if handled >= self.policy.batch or self._stopping:
                continue  # there may be more due at once; otherwise wait for a wake or the next poll
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.policy.poll_s):
                    await self._wake.wait()

    async def run_once(self) -> int:
        """Take every due reply once (up to a batch); returns how many were looked at."""
        publishable = await self._pool.publishable()
        due = await asyncio.to_thread(self._due, self._clock(), publishable)
        by_case: dict[str, list[tuple[str, str]]] = {}
        for reply_id, case_id, account_id in due:
            by_case.setdefault(case_id, []).append((reply_id, account_id))
        gate = asyncio.Semaphore(self.policy.concurrency)

        async def one_case(replies_: list[tuple[str, str]]) -> None:
            async with gate:
                for reply_id, account_id in replies_:
                    await self._handle(reply_id, account_id)

        outcomes = await asyncio.gather(*(one_case(ids) for ids in by_case.values()), return_exceptions=True)
        for outcome in outcomes:  # a reply left "sending" by a failed write is settled after its lease
            if isinstance(outcome, Exception):
                log.error("publisher: a reply could not be settled", exc_info=outcome)
        return len(due)

    # -- one reply -----------------------------------------------------------------------------

    async def _handle(self, reply_id: str, account_id: str) -> None:
        try:
            connector = await self._pool.connector(account_id)
        except (ValueError, CredentialsError):  # credentials gone or unusable: it waits, as unknown
            return  # accounts' replies do (the pool said why once; the next pass leaves it out)
        job = await asyncio.to_thread(self._take, reply_id, self._clock(), connector)
        if job is None:
            return
        maybe_posted = job.check_first
        try:
            if job.check_first:
                found = await self._call(job.connector.find, job.reply)
                if found is not None:
                    await asyncio.to_thread(self._published, job, found)
                    return
                maybe_posted = False  # the network has no such post: sending it is safe
                job = await asyncio.to_thread(self._fence, job, self._clock())
                if job is None:
                    return
            published = await self._call(job.connector.publish, job.reply)
        except PermanentError as error:
            await asyncio.to_thread(self._failed, job, error.reason, maybe_posted)
        except PublishError as error:  # uncertain, or transient: not posted this time
            uncertain = maybe_posted or isinstance(error, UncertainError)
            await asyncio.to_thread(self._retry_later, job, error, uncertain)
        else:
            await asyncio.to_thread(self._published, job, published)

    async def _call(self, method, reply: OutgoingReply):
        """A connector call, cut at the timeout; anything unexpected is an uncertain outcome."""
        try:
            async with asyncio.timeout(self.policy.call_timeout_s):
                return await method(reply)
        except PublishError:
            raise
        except TimeoutError:
            raise UncertainError(f"no answer from the network in {self.policy.call_timeout_s:g} s") from None
        except Exception as error:
            log.exception("publisher: the connector failed unexpectedly on reply %s", reply.id)
            raise UncertainError(f"the connector failed: {error!r}") from error

    # -- transactions (each in a worker thread, each under the change-counter lock) --------------

    def _due(self, now: int, publishable: list[str]) -> list[tuple[str, str, str]]:
        """(reply id, case id, account id) of replies to take now, oldest first: queued and due, or
        sending with a lapsed lease (its process died, or its last attempt was uncertain). Only
        replies of ``publishable`` accounts, which this process has a connector for: another hub
        process may have the one it lacks, and touching its replies here would only hold them up."""
        if not publishable:
            return []
        condition = or_(
            and_(replies.c.status == QUEUED, replies.c.next_attempt_ms <= now),
            and_(
                replies.c.status == SENDING,
                or_(replies.c.lease_until_ms.is_(None), replies.c.lease_until_ms <= now),
            ),
        )
        query = (
            select(replies.c.id, replies.c.case_id, replies.c.account_id)
            .where(condition, replies.c.account_id.in_(publishable))
            .order_by(replies.c.created_ms, replies.c.id)
            .limit(self.policy.batch)
        )
        with reader(self._engine).connect() as connection:
            return [(row.id, row.case_id, row.account_id) for row in connection.execute(query)]

    def _take(self, reply_id: str, now: int, connector: Connector) -> _Job | None:
        """Hold the reply for this process; if it will be sent straight away, fence it first."""
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = connection.execute(select(replies).where(replies.c.id == reply_id)).first()
            if row is None:
                return None
            if row.status == QUEUED and row.next_attempt_ms <= now:
                check_first = False
            elif row.status == SENDING and (row.lease_until_ms or 0) <= now:
                check_first = True
            else:
                return None  # another process took it, or it is not due any more
            case = load_case(connection, row.case_id)
            if case is None:
                self._wait_for_case(connection, sequence, row, now)
                sequence.close()
                return None
            if not check_first:
                problem = claim_problem(
                    connection, case, row.author_id, row.claim_token, now, "before the hub could send it"
                )
                if problem:
                    self._needs_review(connection, sequence, row, case, problem, now)
                    sequence.close()
                    return None
            attempts = row.attempts + 1
            reason = "checking whether an earlier attempt was posted" if check_first else ""
            self._update(connection, sequence, row, SENDING, now, reason, held=True, attempts=attempts)
            sequence.close()
            return _Job(
                _outgoing(connection, row, case),
                attempts,
                check_first,
                connector,
            )

    def _fence(self, job: _Job, now: int) -> _Job | None:
        """After ``find`` said the network has no such post: re-check the claim, renew the lease."""
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = self._held(connection, job)
            if row is None:
                return None
            case = load_case(connection, row.case_id)
            problem = claim_problem(
                connection, case, row.author_id, row.claim_token, now, "before the hub could send it"
            )
            if problem:
                self._needs_review(connection, sequence, row, case, problem, now)
            else:
                self._update(connection, sequence, row, SENDING, now, "", held=True)
            sequence.close()
            return None if problem else replace(job, check_first=False)

    def _published(self, job: _Job, published: Published) -> None:
        now = self._clock()
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = self._held(connection, job)
            if row is not None:
                self._update(
                    connection,
                    sequence,
                    row,
                    ReplyStatus.PUBLISHED.value,
                    now,
                    "",
                    external_id=published.external_id,
                    url=published.url or None,
                )
                data = {"reply_id": row.id, "external_id": published.external_id, "url": published.url}
                self._event(connection, sequence, row, EventType.REPLY_PUBLISHED, now, data)
            sequence.close()

    def _failed(self, job: _Job, reason: str, maybe_posted: bool) -> None:
        now = self._clock()
        if maybe_posted:
            reason += " (it may have been posted all the same: look on the network before resending)"
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = self._held(connection, job)
            if row is not None:
                self._update(connection, sequence, row, ReplyStatus.FAILED.value, now, reason)
                data = {"reply_id": row.id, "reason": reason}
                self._event(connection, sequence, row, EventType.REPLY_FAILED, now, data)
            sequence.close()

    def _retry_later(self, job: _Job, error: PublishError, uncertain: bool) -> None:
        if job.attempts >= self.policy.max_attempts:
            self._failed(job, f"gave up after {job.attempts} attempts: {error.reason}", uncertain)
            return
        now = self._clock()
        delay_s = jittered_delay(
            job.attempts - 1, self.policy.first_retry_s, self.policy.max_retry_s, self._random
        )
        if isinstance(error, TransientError) and error.retry_after_s is not None:
            delay_s = max(delay_s, error.retry_after_s)
        at = now + int(delay_s * 1000)
        reason = f"attempt {job.attempts} of {self.policy.max_attempts} failed: {error.reason}; " + (
            "checking whether it was posted before trying again" if uncertain else "trying again"
        )
        with self._engine.begin() as connection:
            sequence = lock_sequence(connection)
            row = self._held(connection, job)
            if row is not None and uncertain:  # stays "sending": whoever takes it next asks find() first
                self._update(connection, sequence, row, SENDING, now, reason, lease_until=at)
            elif row is not None:
                self._update(connection, sequence, row, QUEUED, now, reason, next_attempt_ms=at)
            sequence.close()

    # -- helpers -------------------------------------------------------------------------------

    def _held(self, connection: Connection, job: _Job):
        """The reply's row if this process still holds it, else None (its lease ran out and
        another process took it over; that one settles it)."""
        row = connection.execute(select(replies).where(replies.c.id == job.reply.id)).first()
        if row is None or row.status != SENDING or row.lease_owner != self.owner:
            log.warning("publisher: lost the lease on reply %s; its new holder settles it", job.reply.id)
            return None
        return row

    def _update(
        self,
        connection: Connection,
        sequence: SequenceAllocator,
        row,
        status: str,
        now: int,
        reason: str,
        *,
        held: bool = False,
        lease_until: int | None = None,
        **values,
    ) -> None:
        """Rewrite the reply's row with a new change number, compare-and-set on the row as read.

        ``held``: this process holds it for a lease from now; else ``lease_until``, if given, is
        when anyone may take it again (a "sending" reply nobody holds, to be checked then).
        """
        if held:
            values |= {"lease_owner": self.owner, "lease_until_ms": now + self.policy.lease_ms}
        else:
            values |= {"lease_owner": None, "lease_until_ms": lease_until}
        done = connection.execute(
            update(replies)
            .where(replies.c.id == row.id, replies.c.seq == row.seq)
            .values(status=status, reason=reason, updated_ms=now, seq=sequence.next(), **values)
        ).rowcount
        if done != 1:  # cannot happen under the counter lock; refuse to go on rather than guess
            raise RuntimeError(f"reply {row.id} changed under the change-counter lock")

    def _event(self, connection, sequence, row, kind: EventType, now: int, data: dict) -> None:
        case = load_case(connection, row.case_id)
        event = Event(uuid7(), case.id, kind, now, actor=row.author_id, data=data)
        record(connection, sequence, apply_event(case, event), [event])

    def _needs_review(self, connection, sequence, row, case: Case, reason: str, now: int) -> None:
        self._update(connection, sequence, row, ReplyStatus.NEEDS_REVIEW.value, now, reason)
        event = Event(
            uuid7(),
            case.id,
            EventType.REPLY_NEEDS_REVIEW,
            now,
            actor=row.author_id,
            data={"reply_id": row.id, "reason": reason},
        )
        record(connection, sequence, apply_event(case, event), [event])

    def _wait_for_case(self, connection, sequence, row, now: int) -> None:
        """Its case is missing (a restored database older than the reply): keep it, look again later."""
        reason = f"no case {row.case_id} on this hub"
        later = now + self.policy.idle_retry_ms
        values = {"lease_until": later} if row.status == SENDING else {"next_attempt_ms": later}
        if reason == row.reason:  # no news for workstations: move the time only, keep the change number
            column = "lease_until_ms" if row.status == SENDING else "next_attempt_ms"
            connection.execute(update(replies).where(replies.c.id == row.id).values({column: later}))
            return
        self._update(connection, sequence, row, row.status, now, reason, **values)


def _outgoing(connection: Connection, row, case: Case) -> OutgoingReply:
    account_row = connection.execute(select(accounts).where(accounts.c.id == row.account_id)).first()
    account = (
        BrandAccount(
            account_row.id,
            Network(account_row.network),
            account_row.handle,
            account_row.name,
            account_row.team,
        )
        if account_row
        else BrandAccount(row.account_id, case.network, row.account_id, row.account_id)
    )
    return OutgoingReply(
        id=row.id,
        case_id=case.id,
        network=account.network,
        account=account,
        text=row.text,
        private=row.private,
        in_reply_to=_latest_customer_message(connection, case.id),
        conversation_key=case.conversation_key,
    )


def _latest_customer_message(connection: Connection, case_id: str) -> str | None:
    """The network's id of the customer's latest message in the case: what the reply answers.

    Found through the case's events (indexed by case), not by scanning mentions for the case.
    """
    received = connection.execute(
        select(events.c.data)
        .where(events.c.case_id == case_id, events.c.type == EventType.MENTION_RECEIVED.value)
        .order_by(events.c.at_ms.desc(), events.c.seq.desc())
    )
    for (data,) in received:
        details = json.loads(data)
        if details.get("from_brand") or "mention_id" not in details:
            continue
        return connection.scalar(select(mentions.c.external_id).where(mentions.c.id == details["mention_id"]))
    return None
