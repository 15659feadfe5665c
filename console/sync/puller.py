"""The pull side of sync: follow the hub's change log into the cache, through outages.

The cursor lives in the cache and commits with each page, so a restart resumes where the last
page ended, and an outage only delays: when the hub answers again the loop catches up.

Every few minutes the puller also proves the cache matches the hub: it asks the hub for the
checksum of what this user should hold at the hub's head, pulls exactly up to that head, and
compares with the cache's own checksum. A mismatch (a damaged or tampered cache, a bug) is
repaired by a snapshot resync: the replicated tables are emptied and refilled from the start of the
log; the outbox is local work and is never touched.

With a history horizon (``history_days``) the pull leaves out cases resolved and last active
before a floor fixed when the snapshot starts (console.hub.scope). A case the pull brings back
from beyond it (reopened by a new mention) is fetched whole right after the page that brought it
(console.storage.replica notes it). "Keep offline" stores whole cases through :meth:`Puller.apply_history`,
which holds the pull still meanwhile, so the cache stays the hub's state at its cursor.
"""

import asyncio
import contextlib
import dataclasses
import logging
import random
from collections.abc import Awaitable, Callable

from console.domain.checksum import differing
from console.domain.clock import now_ms
from console.domain.kept import history_floor
from console.domain.retry import jittered_delay
from console.domain.sync import (
    AppliedChanges,
    Convergence,
    Cursor,
    LinkState,
    SyncStatus,
    Verification,
    parse_cursor,
)
from console.storage.replica import HistoryOutOfStepError, KeptStep, MalformedChangeError, Replica
from console.sync.hub_client import (
    HistoryPage,
    HubClient,
    HubResponseError,
    HubUnreachableError,
    NotAHubError,
    PulledPage,
    RemoteChecksum,
    SignInRequiredError,
)

log = logging.getLogger(__name__)

# The hub's largest page (console.hub.pull.MAX_LIMIT). Big pages because a new workstation's initial
# sync is bound by per-page costs (a round trip, a commit); a page of 5,000 still decodes in ~10 ms.
PAGE_SIZE = 5000
VERIFY_INTERVAL = 300.0  # seconds between checksum comparisons while online
FIRST_VERIFY_AFTER = 60.0  # the first one waits for the start-up rush (first screen, initial sync)
VERIFY_ATTEMPTS = 3  # a busy hub may move past a checksum before the cache reaches it; ask again
UNREPAIRED_PAUSE = 3600.0  # after a resync that left a mismatch, wait this long before the next try
WANTED_BATCH = 200  # cases brought back from beyond the horizon, fetched whole per request
HISTORY_ATTEMPTS = 3  # a history page read before the cursor moved on is read again, this often

ChangesListener = Callable[[AppliedChanges], None]
StatusListener = Callable[[SyncStatus], None]


class Backoff:
    """Exponential delays with full jitter, capped; reset after a success."""

    def __init__(self, first: float = 1.0, cap: float = 30.0, rng: random.Random | None = None):
        self.first, self.cap = first, cap
        self._attempt = 0
        self._rng = rng or random.Random()

    def next(self) -> float:
        delay = jittered_delay(self._attempt, self.first, self.cap, self._rng)
        self._attempt += 1
        return delay

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
        verify_interval: float | None = VERIFY_INTERVAL,
        history_days: int | None = None,
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
        self.verify_interval = verify_interval
        self._verify_due: float | None = None  # loop time of the next verification
        self._resync_pending = False  # a snapshot resync was asked for and has not happened yet
        self._verification: Verification | None = None
        self._resyncs = 0
        self.history_days = history_days  # the horizon: resolved cases older than this many days stay out
        self._busy = asyncio.Lock()  # one pull, verification or history page at a time
        self.status = SyncStatus(LinkState.CONNECTING, client.base_url)

    async def sync_once(self, until: int | None = None) -> AppliedChanges:
        """Pull pages until the cache has everything the hub had when this call began (or up to ``until``).

        After :meth:`resync` was asked for, the first page starts from the beginning and empties the
        cache's replicated tables as it is applied.
        """
        async with self._busy:
            return await self._sync(until)

    async def _sync(self, until: int | None = None) -> AppliedChanges:
        if not self._checked_hub:
            await self._client.health()
            self._checked_hub = True
        from_scratch = self._resync_pending
        state = await self._replica.cursor(self._client.base_url)
        after = None if from_scratch else state.cursor
        days, floor = self.history_days, None
        if days is not None:
            # Fixed when a snapshot starts; kept while the setting is; another one resyncs (the
            # fingerprint changes with it).
            same = after is not None and state.history_days == days and state.floor_ms is not None
            floor = state.floor_ms if same else history_floor(days, now_ms())
        applied_pages: list[AppliedChanges] = []
        page = await self._client.pull(after, self._page_size, until, floor)
        while True:
            # Ask for the next page while this one is written: the hub and the cache work in parallel.
            upcoming = (
                asyncio.ensure_future(self._client.pull(page.cursor, self._page_size, until, floor))
                if page.more
                else None
            )
            try:
                applied = await self._apply(page, page.reset or from_scratch, days, floor)
            except BaseException:
                if upcoming:
                    upcoming.cancel()
                raise
            from_scratch = self._resync_pending = False
            applied_pages.append(applied)
            self._set_status(SyncStatus(LinkState.ONLINE, self._client.base_url, now_ms(), behind=0))
            if upcoming is None:
                break
            page = await upcoming
        if floor is not None:
            applied_pages.extend(await self._fetch_wanted())
        return _merged(applied_pages)

    async def _fetch_wanted(self) -> list[AppliedChanges]:
        """Fetch whole the cases the pull brought back from beyond the horizon (see the replica)."""
        pages = []
        while wanted := await self._replica.wanted(WANTED_BATCH):
            pages.append(await self._store_history(lambda ids=wanted: self._client.history_of(ids), wanted))
        return pages

    async def apply_history(
        self,
        fetch: Callable[[], Awaitable[HistoryPage]],
        step: Callable[[HistoryPage], KeptStep | None] = lambda _page: None,
    ) -> tuple[HistoryPage, AppliedChanges]:
        """Read a page of whole cases with ``fetch`` and store it, the pull held still meanwhile.

        The cache is first brought exactly to the head the page was read at, so every row of it
        that the cursor has not passed yet is one the pull has not shown either (see
        Replica.apply_history). ``step`` says how far a "Keep offline" download got with the page,
        stored in the page's transaction.
        """
        async with self._busy:
            page = await self._current(fetch)
            await self._sync(until=page.head)
            applied = await self._replica.apply_history(
                page.epoch, page.head, page.tables, page.cases, step(page)
            )
            if applied:
                self._on_changes(applied)
            return page, applied

    async def _store_history(
        self, fetch: Callable[[], Awaitable[HistoryPage]], ids: list[str]
    ) -> AppliedChanges:
        page = await self._current(fetch)
        applied = await self._replica.apply_history(page.epoch, page.head, page.tables, ids)
        if applied:
            self._on_changes(applied)
        return applied

    async def _current(self, fetch: Callable[[], Awaitable[HistoryPage]]) -> HistoryPage:
        """A history page read no earlier than the cache's cursor (a lagging read replica may serve
        an older one); :class:`HistoryOutOfStepError` after a few tries."""
        for _attempt in range(HISTORY_ATTEMPTS):
            page = await fetch()
            cursor = parse_cursor((await self._replica.cursor(self._client.base_url)).cursor)
            if cursor is None or cursor.epoch != page.epoch or cursor.seq <= page.head:
                return page
        raise HistoryOutOfStepError(f"the hub keeps answering from before this cache's cursor ({cursor})")

    async def resync(self) -> AppliedChanges:
        """Refill the cache from a snapshot: everything this user may see, from the log's beginning.

        The replicated tables are emptied in the same transaction as the first page is written, so
        until the hub answers the cache keeps what it has; the outbox is never touched.
        """
        self._resync_pending = True
        return await self.sync_once()

    async def verify(self) -> Verification:
        """Compare the cache with the hub: match, mismatch (naming the tables), or inconclusive.

        The hub's checksum describes its head when it answered; the cache is pulled exactly to that
        head (``until``) and compared there. It holds the pull (and any history page) still meanwhile,
        or the cache could move while its checksum is read.
        """
        async with self._busy:
            return await self._verify()

    async def _verify(self) -> Verification:
        remote = None
        result = None
        for _attempt in range(VERIFY_ATTEMPTS):
            state = await self._replica.cursor(self._client.base_url)
            remote = await self._client.checksum(state.floor_ms)
            cursor = parse_cursor(state.cursor)
            if _ahead(cursor, remote):
                continue  # the cache already passed that head: a newer checksum will do
            if not _at(cursor, remote):
                await self._sync(until=remote.head)
            local = await self._replica.checksum()
            if _at(local.cursor, remote):
                tables = differing(local.tables, remote.tables)
                outcome = Convergence.MISMATCH if tables else Convergence.MATCH
                result = Verification(outcome, remote.head, now_ms(), tables)
                break
        if result is None:
            reason = "the hub moved on faster than the cache could reach its checksum's head"
            head = remote.head if remote else 0
            result = Verification(Convergence.INCONCLUSIVE, head, now_ms(), detail=reason)
        if result.outcome is Convergence.MISMATCH:
            differ = ", ".join(result.differing)
            log.warning("the cache differs from hub %s in %s", self._client.base_url, differ)
        self._verification = result
        self._set_status(self.status)
        return result

    async def _apply(
        self, page: PulledPage, reset: bool, history_days: int | None, floor_ms: int | None
    ) -> AppliedChanges:
        if reset:
            self._resyncs += 1
            log.warning(
                "resyncing from hub %s from its beginning (%s)",
                self._client.base_url,
                page.reset_reason or "asked by this workstation",
            )
        applied = await self._replica.apply(
            self._client.base_url,
            page.epoch,
            page.cursor,
            page.head,
            page.tables,
            reset,
            page.gone,
            history_days=history_days,
            floor_ms=floor_ms,
        )
        if applied:
            self._on_changes(applied)
        return applied

    async def _verify_if_due(self) -> None:
        """Every ``verify_interval`` seconds: verify, and on a mismatch resync and verify again.

        A hub that cannot answer a checksum (an error status, a malformed answer) leaves the link
        as it is and the result inconclusive: the pull itself works. A resync that did not repair
        a mismatch is not repeated for :data:`UNREPAIRED_PAUSE` seconds: refilling the cache every
        few minutes would not help whatever keeps them apart, and the status says so meanwhile.
        """
        if self.verify_interval is None:
            return
        now = asyncio.get_running_loop().time()
        if self._verify_due is None:
            self._verify_due = now + min(FIRST_VERIFY_AFTER, self.verify_interval)
        if now < self._verify_due:
            return
        self._verify_due = now + self.verify_interval  # also after a failure: no tight retry loop
        try:
            if (await self.verify()).outcome is Convergence.MISMATCH:
                await self.resync()
                if (await self.verify()).outcome is Convergence.MISMATCH:
                    log.error("a resync from hub %s did not repair the cache", self._client.base_url)
                    self._verify_due = now + max(self.verify_interval, UNREPAIRED_PAUSE)
        except (HubResponseError, MalformedChangeError) as error:
            log.warning("checksum of hub %s unavailable: %s", self._client.base_url, error)
            self._verification = Verification(Convergence.INCONCLUSIVE, 0, now_ms(), detail=str(error))
            self._set_status(self.status)

    def wake(self) -> None:
        """Pull now instead of at the next poll (a live hint, or the user asked)."""
        self._wake.set()

    async def run(self) -> None:
        """Sync forever: poll while online, back off while the hub is down, report each state."""
        state = await self._replica.cursor(self._client.base_url)
        self._set_status(SyncStatus(LinkState.CONNECTING, self._client.base_url, state.last_sync_ms))
        while True:
            self._wake.clear()  # before the work: a wake() during it means "again", not lost
            delay = self.poll_interval
            try:
                await self.sync_once()
                await self._verify_if_due()
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
            # Not wait_for: on 3.11 it can swallow a cancel that lands as the event is set, and stop()
            # would wait forever.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(delay):
                    await self._wake.wait()

    def _fail(self, state: LinkState, message: str, retry_in: float | None) -> None:
        log.info("sync: %s (retry in %s s)", message, retry_in)
        self._checked_hub = False  # whatever answers next must prove again that it is a hub
        self._set_status(
            SyncStatus(state, self._client.base_url, self.status.last_sync_ms, message, retry_in)
        )

    def _set_status(self, status: SyncStatus) -> None:
        status = dataclasses.replace(status, verification=self._verification, resyncs=self._resyncs)
        if status != self.status:
            self.status = status
            self._on_status(status)


def _at(cursor: Cursor | None, remote: RemoteChecksum) -> bool:
    """Whether the cache stands exactly where the hub's checksum was computed."""
    return cursor is not None and (cursor.epoch, cursor.seq, cursor.scope) == (
        remote.epoch,
        remote.head,
        remote.scope,
    )


def _ahead(cursor: Cursor | None, remote: RemoteChecksum) -> bool:
    return (
        cursor is not None
        and cursor.epoch == remote.epoch
        and cursor.scope == remote.scope
        and (cursor.seq > remote.head)
    )
