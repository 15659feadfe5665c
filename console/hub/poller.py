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
import logging
import os
import random
import socket
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx
from sqlalchemy import Engine, and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from console.channels.connector import Connector, PermanentError, PublishError, TransientError
from console.channels.normalized import Page
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import quarantine
from console.hub.channel_factory import ConnectorConfigError, fetch_page
from console.hub.connector_pool import ConnectorPool
from console.hub.credentials import CredentialsError, Sealer
from console.hub.periodic import Periodic
from console.hub.schema import account_credentials, accounts, channel_state

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
    backfill_pages: int = 20  # … and after a gap
    gap_intervals: int = 5  # a last success older than this many intervals is a gap
    backoff_base_s: float = 5.0
    backoff_cap_s: float = 900.0
    lease_s: float = 120.0  # a poll longer than this may be taken over by another process
    tick_s: float = 1.0  # how often the due accounts are looked for

    def interval_s(self, network: str) -> float:
        return float(self.intervals_s.get(network, self.default_interval_s))


@dataclass
class PollResult:
    account_id: str
    pages: int = 0
    mentions: int = 0
    stored: int = 0
    quarantined: int = 0
    rate_limit: Mapping[str, object] | None = None
    error: str = ""
    stopped: bool = False  # a permanent failure: not polled again until the credentials change
    next_poll_ms: int = 0
    cursor: str | None = None  # the since-marker stored for the next poll
    backfill_cut: bool = False  # the page bound ended a backfill with older pages left


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
        self._sealer = sealer
        self._client = client
        self.policy = policy or PollPolicy()
        self._clock = clock
        self._rng = rng or random.Random()
        self.owner = (owner or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}")[:64]
        # One connector per account, rebuilt when its credentials change; the publisher's too in serve.
        self._pool = pool or ConnectorPool(engine, sealer, client)

    name = "channel-poller"

    async def run_pass(self) -> object:
        return await self.run_due()

    def pause_s(self) -> float:
        return self.policy.tick_s

    async def run_due(self) -> list[PollResult]:
        """Poll every account that is due, has credentials and is not stopped; one at a time (the
        shared client and the database are the limits, not the networks)."""
        results = []
        for account_id in await asyncio.to_thread(self._due):
            result = await self.poll(account_id)
            if result is not None:
                results.append(result)
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
            await self._fetch(account, connector, state, result)
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
            await asyncio.to_thread(self._succeeded, account_id, state, result)
        return result

    # --- fetching ------------------------------------------------------------------------------

    async def _fetch(self, account: BrandAccount, connector: Connector, state, result: PollResult) -> None:
        now = self._clock()
        cursor = state.cursor if state is not None else None
        last = state.last_success_ms if state is not None else None
        interval_ms = self.policy.interval_s(account.network.value) * 1000
        gap = last is not None and now - last > self.policy.gap_intervals * interval_ms
        # A first poll takes the latest page only: history is for `import`, not the poller.
        bound = 1 if cursor is None else (self.policy.backfill_pages if gap else self.policy.pages_per_poll)
        page_token: str | None = None
        newest: str | None = None
        while True:
            page = await fetch_page(connector, account, cursor, page_token)
            result.pages += 1
            if result.pages == 1:
                newest = page.newest  # the first page is the newest one
            limits = page.extra.get("rate_limit")
            if isinstance(limits, Mapping):
                result.rate_limit = limits
            stored, held = await asyncio.to_thread(self._store, account, page)
            result.mentions += len(page.mentions)
            result.stored += stored
            result.quarantined += held
            if not page.next_cursor or not page.mentions or self._reached(page, last, interval_ms):
                break
            if result.pages >= bound:
                result.backfill_cut = cursor is not None
                break
            page_token = page.next_cursor
        result.cursor = newest or cursor  # nothing new: go on from the same place
        if result.backfill_cut:
            log.warning(
                "poller: %s: stopped after %d pages with older ones left; mentions may be missing",
                account.id,
                result.pages,
            )

    @staticmethod
    def _reached(page: Page, last_success_ms: int | None, interval_ms: float) -> bool:
        """The page goes back to what was there at the last successful poll (an interval's slack
        for items that show up late). Not "holds mentions we have": after a poll that failed
        midway, the pages it did store must be walked through again to the ones it did not."""
        if last_success_ms is None:
            return True
        return min(m.created_ms for m in page.mentions) <= last_success_ms - interval_ms

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

    def _succeeded(self, account_id: str, state, result: PollResult) -> None:
        now = self._clock()
        network = self._network(account_id)
        result.next_poll_ms = now + int(self._delay_s(network, result.rate_limit) * 1000)
        values = {
            "cursor": result.cursor,
            "last_success_ms": now,
            "failures": 0,
            "stopped_ms": None,
            "lease_owner": None,
            "not_before_ms": result.next_poll_ms,
        }
        if result.backfill_cut:  # a success, but a supervisor should know what may be missing
            values["last_error"] = (
                f"backfill stopped after {result.pages} pages with older ones left: mentions of the gap "
                "may be missing (`import` recorded responses to fill it)"
            )
            values["last_error_ms"] = now
        with self._engine.begin() as connection:
            connection.execute(update(channel_state).where(self._mine(account_id)).values(**values))

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

    def _delay_s(self, network: str, limits: Mapping[str, object] | None) -> float:
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
        # A poll may take pages_per_poll calls: spread the rest of the window over what is left.
        polls_left = max(remaining, 0) / max(self.policy.pages_per_poll, 1)
        return max(base, float(reset_s) / polls_left if polls_left >= 1 else float(reset_s))

    def backoff_s(self, failures: int) -> float:
        """Full jitter: uniform between zero and the capped exponential, never below a second."""
        ceiling = min(self.policy.backoff_cap_s, self.policy.backoff_base_s * 2 ** min(failures - 1, 30))
        return max(1.0, self._rng.uniform(0, ceiling))
