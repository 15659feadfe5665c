"""Polling the networks: every brand account with credentials is asked for its new mentions on a
schedule that stays inside the network's limits.

A poll of an account reads where it stood (``channel_state.cursor``, the newest marker of the last
poll), fetches its main ingest endpoint (see console.hub.channel_factory), follows older pages down
to the time of the last successful poll — a few per poll, more after a gap (the last success older
than ``gap_intervals`` intervals) — ingests the mentions and quarantines
what cannot be read, then stores the new cursor and the time of success.

When to poll again: the network's base interval, stretched so the calls left in a rate-limit window
(``Page.extra["rate_limit"]``) last until it resets. On failure: the network's ``Retry-After`` when
it gave one, else exponential backoff with full jitter (capped at ``backoff_cap_s``), the reason in
``channel_state.last_error``. A permanent failure (a revoked token, missing credentials) stops
polling the account until its credentials change.

Several hub processes may run pollers: ``channel_state.not_before_ms`` is both the short lease of
the process polling an account (``lease_owner``) and, between polls, the next poll's time, so an
account is polled by one process at a time and its schedule survives a restart.
"""

import asyncio
import json
import logging
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace

import httpx
from sqlalchemy import Engine, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from console.channels.connector import Connector, PermanentError, PublishError, TransientError
from console.channels.normalized import Page
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.domain.retry import full_jitter_delay
from console.hub import quarantine
from console.hub.channel_factory import ConnectorConfigError
from console.hub.cli_text import utc_minute
from console.hub.connector_pool import ConnectorPool
from console.hub.credentials import CredentialsError, Sealer
from console.hub.periodic import Periodic, lease_owner
from console.hub.schema import account_credentials, accounts, channel_state, channel_streams
from console.hub.streams import Ask, Stream, save_stream, streams_of

log = logging.getLogger(__name__)

DEFAULT_INTERVALS_S = {
    Network.X.value: 60.0,  # mentions timeline: 450 requests / 15 min per app, far fewer on low tiers
    Network.FACEBOOK.value: 60.0,
    Network.INSTAGRAM.value: 120.0,
    Network.YOUTUBE.value: 300.0,  # 10,000 quota units a day; a commentThreads page costs 1
    Network.REDDIT.value: 30.0,
    Network.MASTODON.value: 30.0,
    Network.BLUESKY.value: 30.0,
}


@dataclass(frozen=True, slots=True)
class PollPolicy:
    intervals_s: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_INTERVALS_S))
    default_interval_s: float = 60.0
    pages_per_poll: int = 3  # older pages followed in an ordinary poll
    backfill_pages: int = 20  # … and after a gap, or going on with a backfill cut short
    backfills_kept: int = 10  # backfills cut short kept per stream, the oldest dropped past it
    gap_intervals: int = 5  # a last success older than this many intervals is a gap
    backoff_base_s: float = 5.0
    backoff_cap_s: float = 900.0
    lease_s: float = 120.0  # a poll longer than this may be taken over by another process
    tick_s: float = 1.0  # how often the due accounts are looked for
    concurrency: int = 4  # accounts polled at once
    skipped: frozenset[str] = frozenset()  # "network.stream" not polled (config poll_skip)

    def interval_s(self, network: str) -> float:
        return float(self.intervals_s.get(network, self.default_interval_s))

    def skips(self, network: str, stream: str) -> bool:
        return f"{network}.{stream}" in self.skipped


@dataclass
class StreamResult:
    name: str
    pages: int = 0
    mentions: int = 0
    stored: int = 0
    quarantined: int = 0
    rate_limit: Mapping[str, object] | None = None
    cursor: str | None = None  # the since-marker stored for the next poll
    backfill_cut: bool = False  # this poll's page bound ended a backfill with older pages left
    backfill: list = field(default_factory=list)  # backfills still to go on with
    error: str = ""  # this stream's own trouble (the poll went on)
    stopped: bool = False  # a permanent failure of this stream alone
    started_ms: int | None = None  # when its walk began: what was there then was read
    wait_s: float | None = None  # the network's Retry-After for a backfill it turned away
    turned_away: bool = False  # a secondary stream's fetch failed for now: it backs off alone
    failures: int = 0  # in a row, this stream's own
    next_ms: int | None = None  # when this stream is due again


@dataclass
class PollResult:
    account_id: str
    pages: int = 0
    mentions: int = 0
    stored: int = 0
    quarantined: int = 0
    rate_limit: Mapping[str, object] | None = None  # the main stream's
    error: str = ""
    stopped: bool = False  # a permanent failure: not polled again until the credentials change
    next_poll_ms: int = 0
    cursor: str | None = None  # the main stream's since-marker
    backfill_cut: bool = False  # some stream's page bound ended a backfill with older pages left
    streams: dict[str, StreamResult] = field(default_factory=dict)
    later: list[int] = field(default_factory=list)  # when each stream not due this time is
    stopped_alone: dict[str, str] = field(default_factory=dict)  # streams stopped earlier: why

    def add(self, stream: StreamResult, main: bool) -> None:
        if main:
            self.cursor, self.rate_limit = stream.cursor, stream.rate_limit
        self.pages += stream.pages
        self.mentions += stream.mentions
        self.stored += stream.stored
        self.quarantined += stream.quarantined
        self.backfill_cut |= stream.backfill_cut

    def trouble(self) -> str:
        """What a supervisor should know of a poll that succeeded: streams stopped alone, gaps
        that may hold missing mentions."""
        said = [
            f"{name} not polled until the credentials change: {why}"
            for name, why in self.stopped_alone.items()
        ]
        for stream in self.streams.values():
            if stream.stopped:
                said.append(f"{stream.name} not polled until the credentials change: {stream.error}")
            elif stream.error:
                said.append(f"{stream.name}: {stream.error}")
            if stream.backfill:
                said.append(
                    f"{stream.name}: backfill stopped after {stream.pages} pages with older ones left; "
                    "it goes on over the next polls"
                )
        return "; ".join(said)


def backfills_of(text: str | None) -> list:
    """The stored backfills; a value that is not a list of them (hand-edited) counts as none."""
    try:
        found = json.loads(text) if text else []
    except ValueError:
        return []
    return (
        [b for b in found if isinstance(b, dict) and isinstance(b.get("token"), str)]
        if isinstance(found, list)
        else []
    )


class Poller(Periodic):
    """The hub's background poller (start/stop as the Publisher's). ``client`` is the shared httpx
    client every connector uses (the caller closes it); ``pool`` the connectors it shares with the
    publisher (else one of its own is made from ``sealer`` and ``client``)."""

    def __init__(
        self,
        engine: Engine,
        sealer: Sealer,
        client: httpx.AsyncClient,
        policy: PollPolicy | None = None,
        *,
        clock: Callable[[], int] = now_ms,
        rng: random.Random | None = None,
        owner: str | None = None,
        pool: ConnectorPool | None = None,
    ):
        self._engine = engine
        self.policy = policy or PollPolicy()
        self._clock = clock
        self._rng = rng or random.Random()
        self.owner = lease_owner(owner)
        # One connector per account, rebuilt when its credentials change; the publisher's too in serve.
        self._pool = pool or ConnectorPool(engine, sealer, client)

    name = "channel-poller"

    async def run_pass(self) -> object:
        return await self.run_due()

    def pause_s(self) -> float:
        return self.policy.tick_s

    async def run_due(self) -> list[PollResult]:
        """Poll every account that is due, has credentials and is not stopped, a few at a time
        (``policy.concurrency``): one slow network must not hold up the others."""
        gate = asyncio.Semaphore(max(1, self.policy.concurrency))

        async def one(account_id: str) -> PollResult | None:
            async with gate:
                return await self.poll(account_id)

        due = await asyncio.to_thread(self._due)
        # Each poll's own failure (its database writes) is logged here: raised, it would end the
        # pass with the other polls still running, unawaited, past a shutdown's cancel.
        answers = await asyncio.gather(*map(one, due), return_exceptions=True)
        results = []
        for account_id, answer in zip(due, answers, strict=True):
            if isinstance(answer, BaseException) and not isinstance(answer, Exception):
                raise answer  # cancelled: shutting down
            if isinstance(answer, Exception):
                log.error("poller: polling %s failed", account_id, exc_info=answer)
            elif answer is not None:
                results.append(answer)
        return results

    def _due(self) -> list[str]:
        now = self._clock()
        query = (
            select(accounts.c.id, channel_state.c.not_before_ms, channel_state.c.stopped_ms)
            .join(account_credentials, account_credentials.c.account_id == accounts.c.id)
            .outerjoin(channel_state, channel_state.c.account_id == accounts.c.id)
            .where(or_(channel_state.c.not_before_ms.is_(None), channel_state.c.not_before_ms <= now))
            .where(
                or_(
                    channel_state.c.stopped_ms.is_(None),
                    channel_state.c.stopped_ms < account_credentials.c.updated_ms,
                )
            )
            .order_by(accounts.c.id)
        )
        with self._engine.connect() as connection:
            return [row.id for row in connection.execute(query)]

    async def poll(self, account_id: str) -> PollResult | None:
        """Poll one account now, if this process gets its lease; None when another holds it."""
        if not await asyncio.to_thread(self._take_lease, account_id):
            return None
        result = PollResult(account_id)
        state = await asyncio.to_thread(self._state, account_id)
        try:
            account, connector = await self._pool.acquire(account_id)
            await self._fetch_streams(account, connector, result)
        except (PermanentError, ConnectorConfigError, CredentialsError) as failure:
            result.error, result.stopped = str(failure), True
        except TransientError as failure:
            result.error = str(failure) or type(failure).__name__
            await asyncio.to_thread(self._failed, account_id, state, result, failure.retry_after_s)
            return result
        except PublishError as failure:  # uncertain: a fetch changes nothing, so it is only transient
            result.error = str(failure)
        except Exception as failure:  # a connector's bug must not stop the other accounts
            log.exception("poller: polling %s failed", account_id)
            result.error = f"{type(failure).__name__}: {failure}"
        if result.error:
            await asyncio.to_thread(self._failed, account_id, state, result, None)
        else:
            await asyncio.to_thread(self._succeeded, account_id, result)
        return result

    # --- fetching ------------------------------------------------------------------------------

    async def _fetch_streams(self, account: BrandAccount, connector: Connector, result: PollResult) -> None:
        """Each stream in turn, its state stored as soon as it is done: a failure of a later stream
        does not make an earlier one fetch again what it stored."""
        # Numbered before the skipped are left out: with its main stream skipped (poll_skip), an
        # account's DMs stay a secondary stream, which stops alone.
        streams = [
            (index, s)
            for index, s in enumerate(streams_of(connector))
            if not self.policy.skips(account.network.value, s.name)
        ]
        if not streams:
            raise ConnectorConfigError(f"{type(connector).__name__} has no stream to poll")
        rows, credentials_ms = await asyncio.to_thread(self._stream_rows, account.id)
        now = self._clock()
        for index, stream in streams:
            row = rows.get(stream.name)
            if index and row is not None and row.stopped_ms is not None and row.stopped_ms >= credentials_ms:
                result.stopped_alone[stream.name] = row.last_error or "stopped"
                continue  # stopped alone until the credentials change
            if row is not None and row.not_before_ms is not None and row.not_before_ms > now:
                result.later.append(row.not_before_ms)  # its own rate limit or backoff: not yet
                continue
            outcome = StreamResult(stream.name)
            result.streams[stream.name] = outcome
            try:
                try:
                    await self._fetch_stream(account, connector, stream, row, outcome)
                    delay_s = self._stream_delay_s(account, outcome, len(streams))
                    outcome.next_ms = self._clock() + int(delay_s * 1000)
                except PermanentError as failure:
                    if not index:  # the main stream: the account stops
                        raise
                    # A secondary stream the credentials do not reach (no DM permission) stops alone.
                    outcome.error, outcome.stopped = str(failure), True
                    log.error("poller: %s: %s stopped: %s", account.id, stream.name, failure)
                except TransientError as failure:
                    if not index:  # the main stream: the account backs off
                        raise
                    # A secondary stream turned away for now (its own limit, say) backs off alone:
                    # the main stream keeps its pace.
                    outcome.turned_away, outcome.error = True, str(failure) or type(failure).__name__
                    outcome.failures = ((row.failures or 0) if row is not None else 0) + 1
                    wait_s = failure.retry_after_s
                    wait_s = wait_s if wait_s is not None else self.backoff_s(outcome.failures)
                    outcome.next_ms = self._clock() + int(wait_s * 1000)
                    log.warning("poller: %s: %s: %s", account.id, stream.name, outcome.error)
                await asyncio.to_thread(self._save_stream, account.id, outcome)
            finally:  # what a failed stream did store is counted too
                result.add(outcome, main=not index)

    def _stream_delay_s(self, account: BrandAccount, outcome: StreamResult, streams: int) -> float:
        """When the stream is due again: its rate limit's pace (shared with the account's other
        streams, which may draw on the same budget), never before a Retry-After it was given."""
        delay_s = self._delay_s(account.network.value, outcome.rate_limit, streams)
        return max(delay_s, outcome.wait_s) if outcome.wait_s is not None else delay_s

    async def _fetch_stream(
        self, account: BrandAccount, connector: Connector, stream: Stream, row, outcome: StreamResult
    ) -> None:
        now = outcome.started_ms = self._clock()
        cursor = row.cursor if row is not None else None
        last = row.last_success_ms if row is not None else None
        interval_ms = int(self.policy.interval_s(account.network.value) * 1000)
        gap = last is not None and now - last > self.policy.gap_intervals * interval_ms
        # An interval's slack below the last success, for items that show up late.
        floor = None if last is None else last - interval_ms
        # A first poll takes the latest page only: history is for `import`, not the poller.
        bound = 1 if last is None else (self.policy.backfill_pages if gap else self.policy.pages_per_poll)
        since = cursor if stream.takes_since else None
        newest, left = await self._walk(
            account, connector, stream, Ask(since, None, floor), floor, bound, outcome
        )
        outcome.cursor = newest or cursor  # nothing new: go on from the same place
        backfills = backfills_of(row.backfill if row is not None else None)
        if left is not None and last is not None:
            # Cut short with older pages left: where to go on from is kept, not lost.
            backfills.append({"token": left, "since": since, "floor_ms": floor})
            outcome.backfill_cut = True
            if len(backfills) > self.policy.backfills_kept:  # cut every poll: the network outruns us
                dropped = backfills.pop(0)
                outcome.error = (
                    f"more gaps than {self.policy.backfills_kept} backfills kept: mentions before "
                    f"{utc_minute(dropped.get('floor_ms'))} may be missing (raise backfill_pages, "
                    "shorten the interval, or `import` recorded responses)"
                )
            log.warning("poller: %s %s: backfill cut after %d pages", account.id, stream.name, outcome.pages)
        elif backfills:
            backfills = await self._resume(account, connector, stream, backfills, outcome)
        outcome.backfill = backfills

    async def _resume(
        self,
        account: BrandAccount,
        connector: Connector,
        stream: Stream,
        backfills: list,
        outcome: StreamResult,
    ) -> list:
        """Go on with backfills earlier polls cut short, oldest first, within a poll's backfill
        bound; a page token the network no longer takes ends that backfill with the reason said,
        one it turns away for now (a rate limit, an outage) waits with the rest for the next poll."""
        budget, left_over = self.policy.backfill_pages, []
        for position, backfill in enumerate(backfills):
            if budget <= 0:
                left_over.append(backfill)
                continue
            pages_before = outcome.pages
            ask = Ask(backfill.get("since"), backfill["token"], backfill.get("floor_ms"))
            try:
                _newest, left = await self._walk(
                    account, connector, stream, ask, backfill.get("floor_ms"), budget, outcome
                )
            except PermanentError as failure:
                outcome.error = (
                    f"a backfill could not go on ({failure}): mentions before "
                    f"{utc_minute(backfill.get('floor_ms'))} may be missing (`import` recorded responses)"
                )
                continue
            except TransientError as failure:
                # Kept as it stood for the next poll; failing the stream would throw away its
                # fresh pages' cursor and have the next poll read them again before this.
                outcome.error = (
                    f"a backfill waits for the next poll ({failure or type(failure).__name__}): "
                    f"mentions before {utc_minute(backfill.get('floor_ms'))} not read yet"
                )
                outcome.wait_s = failure.retry_after_s
                left_over += backfills[position:]
                break
            budget -= outcome.pages - pages_before
            if left is not None:
                left_over.append({**backfill, "token": left})
        return left_over

    async def _walk(
        self,
        account: BrandAccount,
        connector: Connector,
        stream: Stream,
        ask: Ask,
        floor: int | None,
        bound: int,
        outcome: StreamResult,
    ) -> tuple[str | None, str | None]:
        """Pages from ``ask`` back to ``floor`` or ``bound`` pages: (the first page's newest
        marker, the page token to go on from when the bound cut it short, else None)."""
        newest: str | None = None
        for number in range(1, bound + 1):
            page = await stream.fetch(connector, account, ask)
            outcome.pages += 1
            if number == 1:
                newest = page.newest  # the first page is the newest one
            limits = page.extra.get("rate_limit")
            if isinstance(limits, Mapping):
                outcome.rate_limit = limits
            cut = page.extra.get("cut_short")
            if cut:  # a fetch that read less than was there: said, not kept quiet
                outcome.error = "; ".join(str(c) for c in cut)
            stored, held = await asyncio.to_thread(self._store, account, page)
            outcome.mentions += len(page.mentions)
            outcome.stored += stored
            outcome.quarantined += held
            if not page.next_cursor or not page.mentions or self._reached(page, floor):
                return newest, None
            if number == bound:
                return newest, page.next_cursor
            ask = replace(ask, page_token=page.next_cursor)
        return newest, None

    @staticmethod
    def _reached(page: Page, floor_ms: int | None) -> bool:
        """The page goes back to what was there at the last successful poll. Not "holds mentions
        we have": after a poll that failed midway, the pages it did store must be walked through
        again to the ones it did not."""
        return floor_ms is None or min(m.created_ms for m in page.mentions) <= floor_ms

    def _store(self, account: BrandAccount, page: Page) -> tuple[int, int]:
        return quarantine.store_page(self._engine, account.network, account.id, "fetch", page, self._clock())

    # --- state ---------------------------------------------------------------------------------

    def _take_lease(self, account_id: str) -> bool:
        now = self._clock()
        lease = {"lease_owner": self.owner, "not_before_ms": now + int(self.policy.lease_s * 1000)}
        with self._engine.begin() as connection:
            taken = connection.execute(
                update(channel_state)
                .where(channel_state.c.account_id == account_id)
                .where(or_(channel_state.c.not_before_ms.is_(None), channel_state.c.not_before_ms <= now))
                .values(**lease)
            ).rowcount
        if taken:
            return True
        try:
            with self._engine.begin() as connection:
                connection.execute(insert(channel_state).values(account_id=account_id, failures=0, **lease))
        except IntegrityError:
            return False  # the row exists: another process holds the lease (or it is not due)
        return True

    def _state(self, account_id: str):
        with self._engine.connect() as connection:
            return connection.execute(
                select(channel_state).where(channel_state.c.account_id == account_id)
            ).first()

    def _mine(self, account_id: str):
        return and_(channel_state.c.account_id == account_id, channel_state.c.lease_owner == self.owner)

    def _succeeded(self, account_id: str, result: PollResult) -> None:
        now = self._clock()
        # The soonest any stream is due: each keeps its own pace (the network's interval when
        # none is, every stream being stopped alone).
        due = [s.next_ms for s in result.streams.values() if s.next_ms is not None] + result.later
        if not due:
            due = [now + int(self.policy.interval_s(self._network(account_id)) * 1000)]
        result.next_poll_ms = max(now + 1000, min(due))
        values = {
            "last_success_ms": now,
            "failures": 0,
            "stopped_ms": None,
            "lease_owner": None,
            "not_before_ms": result.next_poll_ms,
        }
        trouble = result.trouble()
        if trouble:  # a success, but a supervisor should know what may be missing
            values["last_error"], values["last_error_ms"] = trouble, now
        with self._engine.begin() as connection:
            connection.execute(update(channel_state).where(self._mine(account_id)).values(**values))

    def _stream_rows(self, account_id: str) -> tuple[dict, int]:
        """The account's stream rows by name, and when its credentials last changed."""
        with self._engine.connect() as connection:
            rows = connection.execute(
                select(channel_streams).where(channel_streams.c.account_id == account_id)
            )
            found = {row.stream: row for row in rows}
            changed = connection.scalar(
                select(account_credentials.c.updated_ms).where(account_credentials.c.account_id == account_id)
            )
        return found, changed or 0

    def _save_stream(self, account_id: str, stream: StreamResult) -> None:
        """Store where a stream stands, if this process still holds the account's lease, and hold
        it a lease longer for the streams after it."""
        now = self._clock()
        values: dict[str, object] = {
            "last_error": stream.error or None,
            "not_before_ms": stream.next_ms,
            "failures": stream.failures,
        }
        if not stream.turned_away:  # else where it stood stays: the pages it read come again
            values |= {
                "cursor": stream.cursor,
                "backfill": json.dumps(stream.backfill) if stream.backfill else None,
                "stopped_ms": now if stream.stopped else None,
            }
        if not stream.stopped and not stream.turned_away:
            # The walk's start: what came while it went on is for the next poll.
            values["last_success_ms"] = stream.started_ms if stream.started_ms is not None else now
        with self._engine.begin() as connection:
            # An update, not a read: on PostgreSQL it locks the row, so a process taking the lease
            # over waits for this to be stored (and then finds the lease renewed).
            held = connection.execute(
                update(channel_state)
                .where(self._mine(account_id))
                .values(not_before_ms=now + int(self.policy.lease_s * 1000))
            ).rowcount
            if not held:
                log.warning("poller: %s: lease lost before %s was stored", account_id, stream.name)
                return
            save_stream(connection, account_id, stream.name, values)

    def _failed(self, account_id: str, state, result: PollResult, retry_after_s: float | None) -> None:
        now = self._clock()
        failures = (state.failures if state is not None else 0) + 1
        # The network's own wait when it said one, else backoff.
        delay_s = retry_after_s if retry_after_s is not None else self.backoff_s(failures)
        result.next_poll_ms = now + int(delay_s * 1000)
        values = {
            "failures": failures,
            "last_error": result.error,
            "last_error_ms": now,
            "lease_owner": None,
            "not_before_ms": result.next_poll_ms,
        }
        if result.stopped:
            values["stopped_ms"] = now
        with self._engine.begin() as connection:
            connection.execute(update(channel_state).where(self._mine(account_id)).values(**values))
        level = logging.ERROR if result.stopped else logging.WARNING
        log.log(level, "poller: %s: %s%s", account_id, result.error, " (stopped)" if result.stopped else "")

    def _network(self, account_id: str) -> str:
        with self._engine.connect() as connection:
            return connection.scalar(select(accounts.c.network).where(accounts.c.id == account_id)) or ""

    # --- timing --------------------------------------------------------------------------------

    def _delay_s(self, network: str, limits: Mapping[str, object] | None, streams: int = 1) -> float:
        """The base interval, stretched so the calls left last until the window resets (or, for a
        budget given in percent, as it runs low)."""
        base = self.policy.interval_s(network)
        if not limits:
            return base
        remaining, reset_s = limits.get("remaining"), limits.get("reset_s")
        if limits.get("unit") == "percent" and isinstance(remaining, int | float):
            # Percent used of a rolling window (Meta's hourly usage; no reset time unless throttled):
            # the base interval below 50 % used; above, it grows as the headroom shrinks (base × 50 /
            # percent left: 2× at 75 %, 5× at 90 %); from 95 % a long pause (a quarter of the hour,
            # at least 10 intervals) for the window to roll on; never before the network's own
            # estimated regain of access.
            used = 100.0 - min(max(float(remaining), 0.0), 100.0)
            regain_s = float(reset_s) if isinstance(reset_s, int | float) else 0.0
            if used >= 95:
                return max(900.0, base * 10, regain_s)
            return max(base if used < 50 else base * 50 / (100 - used), regain_s)
        if not isinstance(remaining, int | float) or not isinstance(reset_s, int | float):
            return base
        # A poll may take pages_per_poll calls of each stream drawing on the window (the account's
        # streams may share it): spread the rest of the window over what is left.
        polls_left = max(remaining, 0) / max(self.policy.pages_per_poll * streams, 1)
        return max(base, float(reset_s) / polls_left if polls_left >= 1 else float(reset_s))

    def backoff_s(self, failures: int) -> float:
        return full_jitter_delay(failures, self.policy.backoff_base_s, self.policy.backoff_cap_s, self._rng)
