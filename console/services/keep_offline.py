"""File → Keep offline…: download a date range of history into the cache, whole cases, page by page.

A workstation with a history horizon (Settings.history_days) pulls only recent and unresolved
cases; this brings older ones in for a reviewer who will be away from the hub. Each page of cases is
stored in its own transaction with the download's progress, so a cancel (between pages), a closed
laptop or a lost network loses nothing: the range is listed as unfinished and a download of the
same range goes on after the last page stored. Storing a case again is harmless (a row is never
replaced by an older version of itself), so an overlapping range costs only the transfer.
"""

from collections.abc import Callable
from dataclasses import dataclass

from console.domain.kept import KeepProgress, KeptRange
from console.domain.translatable import translatable
from console.services.errors import KnownError
from console.storage.database import CacheError
from console.storage.kept_ranges import KeptRanges
from console.storage.replica import HistoryOutOfStepError, KeptStep, MalformedChangeError
from console.sync.hub_client import (
    HistoryPage,
    HubClient,
    HubResponseError,
    HubUnreachableError,
    NotAHubError,
    SignInRequiredError,
)
from console.sync.puller import Puller

PAGE_CASES = 200  # cases per page: a few thousand rows, a fraction of a second to store
ATTEMPTS = 3  # a page that fell behind the cache's cursor is read again, this often


class KeepOfflineError(KnownError):
    """A download could not go on (hub unreachable, signed out, disk full); what was stored stays."""


@dataclass(frozen=True, slots=True)
class Download:
    """How a download ended: its range as recorded, and whether it was cancelled before the end."""

    range: KeptRange
    cancelled: bool


class KeepOffline:
    def __init__(self, client: HubClient, puller: Puller, ranges: KeptRanges, page_cases: int = PAGE_CASES):
        self._client = client
        self._puller = puller
        self._ranges = ranges
        self._page_cases = page_cases

    @property
    def horizon_days(self) -> int | None:
        """The days of history the pull keeps by itself (None: all of it)."""
        return self._puller.history_days

    async def estimate(self, from_ms: int, to_ms: int) -> int:
        """How many cases the hub has in the range for this user (asked of the hub)."""
        _check(from_ms, to_ms)
        page = await _asked(self._client.history(from_ms, to_ms, limit=1))
        return page.total or 0

    async def kept(self) -> list[KeptRange]:
        """The ranges downloaded so far, newest first, finished or not."""
        return await self._ranges.all()

    async def download(
        self,
        from_ms: int,
        to_ms: int,
        on_progress: Callable[[KeepProgress], None] = lambda _progress: None,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> Download:
        """Store every case whose activity overlaps [from_ms, to_ms), whole; ``cancelled`` is asked
        between pages. Raises :class:`KeepOfflineError` when it cannot go on (nothing stored is lost)."""
        _check(from_ms, to_ms)
        total = await self.estimate(from_ms, to_ms)
        kept = await self._stored(self._ranges.start(from_ms, to_ms, total))
        done, after = kept.done, kept.resume_after
        total = max(kept.total, done)
        on_progress(KeepProgress(done, total))
        while not cancelled():

            async def fetch(after: str | None = after) -> HistoryPage:
                return await self._client.history(from_ms, to_ms, after, self._page_cases)

            def step(page: HistoryPage, done: int = done) -> KeptStep:
                return KeptStep(kept.id, done + len(page.cases), page.after, page.after is None)

            page = await self._page(fetch, step)
            done, after = done + len(page.cases), page.after
            total = max(total, done)
            on_progress(KeepProgress(done, total))
            if after is None:
                break
        ranges = {kept_range.id: kept_range for kept_range in await self._ranges.all()}
        final = ranges.get(kept.id, kept)  # gone if a resync emptied the cache meanwhile
        return Download(final, not final.finished)

    async def _page(self, fetch, step) -> HistoryPage:
        for attempt in range(ATTEMPTS):
            try:
                page, _applied = await _asked(self._stored(self._puller.apply_history(fetch, step)))
                return page
            except HistoryOutOfStepError:
                if attempt == ATTEMPTS - 1:
                    raise KeepOfflineError(
                        translatable(
                            "Errors",
                            "The hub's history kept falling behind this workstation; try again in a moment",
                        )
                    ) from None
        raise AssertionError("unreachable")

    @staticmethod
    async def _stored(call):
        try:
            return await call
        except CacheError as error:
            raise KeepOfflineError(
                translatable(
                    "Errors", "{error}. What was downloaded before stays; free some disk space and go on."
                ),
                error=error,
            ) from error


def _check(from_ms: int, to_ms: int) -> None:
    if to_ms <= from_ms:
        raise KeepOfflineError(translatable("Errors", "The range ends before it starts"))


async def _asked(call):
    """``call`` with the hub's failures said for the user."""
    try:
        return await call
    except HubUnreachableError as error:
        raise KeepOfflineError(
            translatable(
                "Errors",
                "The hub cannot be reached ({error}). What was downloaded so far stays; "
                "download again to go on.",
            ),
            error=error,
        ) from error
    except SignInRequiredError as error:
        raise KeepOfflineError(
            translatable("Errors", "Sign in to the hub first ({error})"), error=error
        ) from error
    except (HubResponseError, NotAHubError) as error:
        raise KeepOfflineError(
            translatable("Errors", "The hub could not send the history: {error}"), error=error
        ) from error
    except MalformedChangeError as error:  # a page that does not fit this cache: nothing of it was stored
        raise KeepOfflineError(
            translatable("Errors", "The hub sent history this workstation cannot store: {error}"), error=error
        ) from error
