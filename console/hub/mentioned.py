"""Instagram's ``mentions`` webhook carries only ids — the comment or caption that named the brand
must be fetched (``mentioned_comment`` / ``mentioned_media`` on the account's node). The hub does so
in the background as soon as the delivery is answered (Meta wants its 200 at once), through the
account's connector; a fetch turned away for now is tried again after a short backoff.

Nothing is dropped silently: a mention that cannot be fetched — no credentials, the network refusing,
the tries spent — is quarantined with its ids and the reason, for ``quarantine list`` to show.
"""

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Iterable, Mapping

from sqlalchemy import Engine

from console.channels.connector import PermanentError, PublishError, TransientError
from console.channels.instagram import InstagramConnector
from console.channels.normalized import Quarantined
from console.domain.clock import now_ms
from console.domain.network import Network
from console.domain.retry import full_jitter_delay
from console.hub import quarantine
from console.hub.channel_factory import ConnectorConfigError
from console.hub.connector_pool import ConnectorPool
from console.hub.credentials import CredentialsError

log = logging.getLogger(__name__)


class MentionFetcher:
    def __init__(
        self,
        engine: Engine,
        pool: ConnectorPool | None,
        *,
        attempts: int = 4,
        backoff_base_s: float = 2.0,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
        rng: random.Random | None = None,
    ):
        self._engine = engine
        self._pool = pool  # None: the hub has no credentials key, so nothing can be fetched
        self.attempts = attempts
        self.backoff_base_s = backoff_base_s
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._running: set[asyncio.Task] = set()

    def start(self, items: Iterable[Mapping[str, str]]) -> int:
        """Fetch ``items`` (``Page.extra["to_fetch"]``) in the background; how many were taken."""
        taken = 0
        for item in items:
            task = asyncio.create_task(self.fetch(item), name=f"mentioned:{item.get('account_id')}")
            self._running.add(task)  # held until done: the loop keeps only weak references
            task.add_done_callback(self._running.discard)
            taken += 1
        return taken

    async def settle(self) -> None:
        """Until every fetch started has ended (tests, shutdown)."""
        while self._running:
            await asyncio.gather(*self._running, return_exceptions=True)

    async def fetch(self, item: Mapping[str, str]) -> None:
        account_id = str(item.get("account_id") or "")
        try:
            stored = await self._fetch(account_id, item)
            log.info("mentioned: %s: fetched, %d stored", account_id, stored)
        except (PublishError, ConnectorConfigError, CredentialsError) as failure:
            reason = f"an Instagram mention could not be fetched: {failure}"
            log.warning("mentioned: %s: %s", account_id, reason)
            await asyncio.to_thread(self._hold, account_id, item, reason)
        except Exception as failure:  # a reader's bug: the ids are kept, with it
            log.exception("mentioned: %s failed", account_id)
            await asyncio.to_thread(self._hold, account_id, item, f"{type(failure).__name__}: {failure}")

    async def _fetch(self, account_id: str, item: Mapping[str, str]) -> int:
        if self._pool is None:
            raise ConnectorConfigError("the hub has no credentials key to fetch it with")
        account, connector = await self._pool.acquire(account_id)
        if not isinstance(connector, InstagramConnector):
            raise ConnectorConfigError(f"the account {account_id} is no Instagram account with credentials")
        comment_id, media_id = str(item.get("comment_id") or ""), str(item.get("media_id") or "")
        for attempt in range(1, self.attempts + 1):
            try:
                # A comment's id comes with its media's; the comment is what named the brand.
                page = await connector.fetch_mentioned(
                    account, comment_id=comment_id, media_id="" if comment_id else media_id
                )
                break
            except TransientError as failure:
                if attempt == self.attempts:
                    raise
                wait = failure.retry_after_s
                if wait is None:
                    wait = full_jitter_delay(attempt, self.backoff_base_s, 60.0, self._rng)
                await self._sleep(wait)
        stored, _held = await asyncio.to_thread(
            quarantine.store_page, self._engine, Network.INSTAGRAM, account_id, "webhook", page, now_ms()
        )
        if not page.mentions:  # what came was kept with its reason; the ids are kept beside it
            why = page.quarantined[0].reason if page.quarantined else "the answer held no mention"
            raise PermanentError(why)
        return stored

    def _hold(self, account_id: str, item: Mapping[str, str], reason: str) -> None:
        held = Quarantined.of(reason, dict(item), "mentions webhook")
        quarantine.hold(self._engine, Network.INSTAGRAM, account_id or None, "webhook", [held], now_ms())
