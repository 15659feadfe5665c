"""The pull side of sync: follow the hub's change log into the cache, through outages.

The cursor lives in the cache and commits with each page, so a restart resumes where the last
page ended, and an outage only delays: when the hub answers again the loop catches up.
"""

import asyncio
import contextlib
import dataclasses
import logging
import random
from collections.abc import Callable

from console.domain.clock import now_ms
from console.domain.sync import AppliedChanges, LinkState, SyncStatus
from console.storage.replica import MalformedChangeError, Replica
from console.sync.hub_client import (
    HubClient,
    HubResponseError,
    HubUnreachableError,
    NotAHubError,
    PulledPage,
    SignInRequiredError,
)

log = logging.getLogger(__name__)

# The hub's largest page (console.hub.pull.MAX_LIMIT). Big pages because a new workstation's initial
# sync is bound by per-page costs (a round trip, a commit); a page of 5,000 still decodes in ~10 ms.
PAGE_SIZE = 5000

ChangesListener = Callable[[AppliedChanges], None]
StatusListener = Callable[[SyncStatus], None]


class Backoff:
    """Exponential delays with full jitter, capped; reset after a success."""

    def __init__(self, first: float = 1.0, cap: float = 30.0, rng: random.Random | None = None):
        self.first, self.cap = first, cap
        self._attempt = 0
        self._rng = rng or random.Random()

    def next(self) -> float:
        ceiling = min(self.cap, self.first * 2**self._attempt)
        self._attempt += 1
        return self._rng.uniform(ceiling / 2, ceiling)

    def reset(self) -> None:
        self._attempt = 0


def _merged(pages: list[AppliedChanges]) -> AppliedChanges:
    """All pages' changes in one, built once: merging page by page copies the growing id sets each
    time, quadratic work on the event loop during an initial sync of hundreds of thousands of rows."""
    merged = {}
    for field in dataclasses.fields(AppliedChanges):
        values = [getattr(page, field.name) for page in pages]
        merged[field.name] = any(values) if field.type in (bool, "bool") else frozenset().union(*values)
    return AppliedChanges(**merged)


class Puller:
    def __init__(
        self,
        client: HubClient,
        replica: Replica,
        page_size: int = PAGE_SIZE,
        poll_interval: float = 1.0,
        on_changes: ChangesListener | None = None,
        on_status: StatusListener | None = None,
    ):
        self._client = client
        self._replica = replica
        self._page_size = page_size
        self.poll_interval = poll_interval
        self._on_changes = on_changes or (lambda _changes: None)
        self._on_status = on_status or (lambda _status: None)
        self._wake = asyncio.Event()
        self._backoff = Backoff()
        self._checked_hub = False
        self.status = SyncStatus(LinkState.CONNECTING, client.base_url)

    async def sync_once(self) -> AppliedChanges:
        """Pull pages until the cache has everything the hub had when this call began."""
        if not self._checked_hub:
            await self._client.health()
            self._checked_hub = True
        state = await self._replica.cursor(self._client.base_url)
        applied_pages: list[AppliedChanges] = []
        page = await self._client.pull(state.cursor, self._page_size)
        while True:
            # Ask for the next page while this one is written: the hub and the cache work in parallel.
            upcoming = (
                asyncio.ensure_future(self._client.pull(page.cursor, self._page_size)) if page.more else None
            )
            try:
                applied = await self._apply(page)
            except BaseException:
                if upcoming:
                    upcoming.cancel()
                raise
            applied_pages.append(applied)
            self._set_status(SyncStatus(LinkState.ONLINE, self._client.base_url, now_ms(), behind=0))
            if upcoming is None:
                return _merged(applied_pages)
            page = await upcoming

    async def _apply(self, page: PulledPage) -> AppliedChanges:
        if page.reset:
            log.warning(
                "hub %s has a new epoch %s: resyncing from its beginning", self._client.base_url, page.epoch
            )
        applied = await self._replica.apply(
            self._client.base_url, page.epoch, page.cursor, page.head, page.tables, page.reset
        )
        if applied:
            self._on_changes(applied)
        return applied

    def wake(self) -> None:
        """Pull now instead of at the next poll (a live hint, or the user asked)."""
        self._wake.set()

    async def run(self) -> None:
        """Sync forever: poll while online, back off while the hub is down, report each state."""
        state = await self._replica.cursor(self._client.base_url)
        self._set_status(SyncStatus(LinkState.CONNECTING, self._client.base_url, state.last_sync_ms))
        while True:
            delay = self.poll_interval
            try:
                await self.sync_once()
                self._backoff.reset()
            except HubUnreachableError as error:
                delay = self._backoff.next()
                self._fail(LinkState.OFFLINE, str(error), delay)
            except SignInRequiredError as error:
                # Nothing to retry until someone signs in; sign_in() wakes the loop at once.
                delay = 3600.0
                self._fail(LinkState.SIGNED_OUT, str(error), None)
            except NotAHubError as error:
                delay = min(30.0, self._backoff.next() * 4)
                self._fail(LinkState.NOT_A_HUB, str(error), delay)
            except (HubResponseError, MalformedChangeError) as error:
                delay = self._backoff.next()
                self._fail(LinkState.FAILED, str(error), delay)
            except Exception as error:  # e.g. a full disk: report it and keep trying, never die silently
                log.exception("sync failed")
                delay = self._backoff.next()
                self._fail(LinkState.FAILED, f"sync failed: {error}", delay)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=delay)

    def _fail(self, state: LinkState, message: str, retry_in: float | None) -> None:
        log.info("sync: %s (retry in %s s)", message, retry_in)
        self._checked_hub = False  # whatever answers next must prove again that it is a hub
        self._set_status(
            SyncStatus(state, self._client.base_url, self.status.last_sync_ms, message, retry_in)
        )

    def _set_status(self, status: SyncStatus) -> None:
        if status != self.status:
            self.status = status
            self._on_status(status)
