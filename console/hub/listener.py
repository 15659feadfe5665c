"""Listening to the networks that push: Mastodon's streaming API sends a mention the moment it is
made, so the hub keeps one connection open per Mastodon account with credentials, beside polling —
a mention reaches the queue in about a second instead of at the next poll. Polling goes on as the
safety net: what a broken connection missed, the next poll fetches (ingest drops what it has).

A connection that breaks is opened again after backoff with full jitter; one the network refuses
(a revoked token) waits until the account's credentials change. Each account's listening is kept
as its ``live`` stream in ``channel_streams`` (when it last connected or heard a mention, its last
error, when it stopped) for channel health. Several hub processes each listen: the same mention
stored twice is dropped by ingest, so that costs a connection, not a duplicate.
"""

import asyncio
import contextlib
import logging
import random
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import Engine, and_, select

from console.channels.connector import PermanentError, TransientError
from console.channels.mastodon.connector import MastodonConnector
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.domain.retry import full_jitter_delay
from console.hub import quarantine
from console.hub.channel_factory import ConnectorConfigError
from console.hub.connector_pool import ConnectorPool
from console.hub.credentials import CredentialsError, Sealer
from console.hub.periodic import Periodic
from console.hub.schema import account_credentials, accounts, channel_streams
from console.hub.streams import save_stream

log = logging.getLogger(__name__)

LIVE = "live"  # the stream name listening is kept under
LISTENING_NETWORKS = (Network.MASTODON.value,)


class Listener(Periodic):
    """Looks every ``rescan_s`` for the accounts to listen to, and keeps one task per account."""

    name = "stream-listener"

    def __init__(
        self,
        engine: Engine,
        sealer: Sealer,
        client: httpx.AsyncClient,
        *,
        clock: Callable[[], int] = now_ms,
        rng: random.Random | None = None,
        rescan_s: float = 30.0,
        backoff_base_s: float = 2.0,
        backoff_cap_s: float = 300.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        pool: ConnectorPool | None = None,
    ):
        self._engine = engine
        self._sealer = sealer
        self._client = client
        self._clock = clock
        self._rng = rng or random.Random()
        self.rescan_s = rescan_s
        self.backoff_base_s = backoff_base_s
        self.backoff_cap_s = backoff_cap_s
        self._sleep = sleep
        self._pool = pool or ConnectorPool(engine, sealer, client)  # the poller's, when it has one
        self._tasks: dict[str, tuple[int, asyncio.Task]] = {}  # account id → (credentials_ms, task)

    def pause_s(self) -> float:
        return self.rescan_s

    @property
    def listening(self) -> set[str]:
        return {account_id for account_id, (_ms, task) in self._tasks.items() if not task.done()}

    async def run_pass(self) -> object:
        wanted = await asyncio.to_thread(self._wanted)
        for account_id, (credentials_ms, task) in list(self._tasks.items()):
            if wanted.get(account_id, (None,))[0] != credentials_ms or task.done():
                task.cancel()  # removed, re-credentialed, or ended (stopped: see _wanted)
                del self._tasks[account_id]
        for account_id, (credentials_ms, row) in wanted.items():
            if account_id in self._tasks:
                continue
            if row.stopped_ms is not None and row.stopped_ms >= credentials_ms:
                continue  # refused: until the credentials change
            task = asyncio.create_task(self._listen(account_id), name=f"listen:{account_id}")
            self._tasks[account_id] = (credentials_ms, task)
        return self.listening

    async def stop(self) -> None:
        await super().stop()
        for _ms, task in self._tasks.values():
            task.cancel()
        for _ms, task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    def _wanted(self) -> dict[str, tuple[int, object]]:
        live = and_(channel_streams.c.account_id == accounts.c.id, channel_streams.c.stream == LIVE)
        query = (
            select(accounts.c.id, account_credentials.c.updated_ms, channel_streams.c.stopped_ms)
            .join(account_credentials, account_credentials.c.account_id == accounts.c.id)
            .outerjoin(channel_streams, live)
            .where(accounts.c.network.in_(LISTENING_NETWORKS))
        )
        with self._engine.connect() as connection:
            return {row.id: (row.updated_ms, row) for row in connection.execute(query)}

    # --- one account ---------------------------------------------------------------------------

    async def _listen(self, account_id: str) -> None:
        failures = 0
        try:
            account, connector = await self._connector(account_id)
        except (ConnectorConfigError, CredentialsError) as failure:
            await asyncio.to_thread(self._record, account_id, error=str(failure), stopped=True)
            return
        while True:
            try:
                await asyncio.to_thread(self._record, account_id)  # connected (or about to be)
                async for page in connector.listen(account):
                    await asyncio.to_thread(self._store, account, page)
                    await asyncio.to_thread(self._record, account_id)
                    failures = 0
                wait, failures = self._backoff_s(failures + 1), failures + 1  # the server closed it
                reason = "the server closed the stream"
            except PermanentError as failure:
                log.error("listener: %s: %s (stopped until its credentials change)", account_id, failure)
                await asyncio.to_thread(self._record, account_id, error=str(failure), stopped=True)
                return
            except TransientError as failure:
                failures += 1
                wait, reason = failure.retry_after_s or self._backoff_s(failures), str(failure)
            except Exception as failure:  # a reader's bug must not end listening for good
                log.exception("listener: %s failed", account_id)
                failures += 1
                wait, reason = self._backoff_s(failures), f"{type(failure).__name__}: {failure}"
            log.warning("listener: %s: %s; again in %.0f s", account_id, reason, wait)
            await asyncio.to_thread(self._record, account_id, error=reason)
            await self._sleep(wait)

    async def _connector(self, account_id: str) -> tuple[BrandAccount, MastodonConnector]:
        account, connector = await self._pool.acquire(account_id)
        if not isinstance(connector, MastodonConnector):
            raise ConnectorConfigError(f"{account.network.label} accounts are not listened to")
        return account, connector

    def _store(self, account: BrandAccount, page) -> None:
        quarantine.store_page(self._engine, account.network, account.id, "stream", page, self._clock())

    def _record(self, account_id: str, *, error: str | None = None, stopped: bool = False) -> None:
        now = self._clock()
        values: dict[str, object] = {"last_error": error, "stopped_ms": now if stopped else None}
        if error is None:
            values["last_success_ms"] = now
        with self._engine.begin() as connection:
            save_stream(connection, account_id, LIVE, values)

    def _backoff_s(self, failures: int) -> float:
        return full_jitter_delay(failures, self.backoff_base_s, self.backoff_cap_s, self._rng)
