"""The tree report (Guidance → Tree report…): which trees have recorded sessions, and each tree's
report — for all its versions, some, or two compared side by side (A/B).

A tree's sessions are read once (one scan of the cache's events) and kept in a :class:`LoadedTree`,
so choosing other versions only re-counts them. Counting runs in a worker thread: ten thousand
sessions take a noticeable fraction of a second, which the UI thread must not spend.
"""

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from console.guidance.report import RecordedSession, TreeReport, build_report, versions_of
from console.guidance.report_compare import Comparison, compare, side_by_side
from console.services.errors import KnownError
from console.storage.database import CacheError
from console.storage.guidance_events import GuidanceEventRepository, TreeSeen


@dataclass(frozen=True, slots=True)
class LoadedTree:
    tree: str
    sessions: tuple[RecordedSession, ...]
    unreadable: int  # event rows in the cache that could not be read as a session's step
    versions: tuple[tuple[int, int], ...]  # (version, sessions), oldest first


class ReportError(KnownError):
    """The cache could not be read for the report (closing at shutdown, or a disk problem)."""


ACTIVE = timedelta(minutes=30)
"""A session without an end that had an event this recently may still be going on: not a drop (yet)."""


class TreeReports:
    def __init__(
        self, repository: GuidanceEventRepository, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ):
        self._repository = repository
        self._clock = clock

    async def trees(self) -> tuple[TreeSeen, ...]:
        """Every tree the cache holds sessions of, by id, with sessions per version."""
        try:
            return await self._repository.trees()
        except CacheError as error:
            raise ReportError(str(error)) from error

    async def load(self, tree: str) -> LoadedTree:
        try:
            sessions, unreadable = await self._repository.sessions(tree)
        except CacheError as error:
            raise ReportError(str(error)) from error
        versions = tuple(versions_of(tree, sessions).items())
        return LoadedTree(tree, tuple(sessions), unreadable, versions)

    async def report(self, loaded: LoadedTree, versions: Iterable[int] | None = None) -> TreeReport:
        """The report over ``versions`` of the loaded tree (None: all of them)."""
        chosen = None if versions is None else tuple(versions)
        active = self._clock() - ACTIVE
        return await asyncio.to_thread(
            lambda: build_report(loaded.tree, loaded.sessions, chosen, active_since=active)
        )

    async def compare(self, loaded: LoadedTree, a: int, b: int) -> Comparison:
        """Version ``a`` against version ``b`` (differences read b − a), over the time both ran; over
        all their sessions when they never ran at the same time (``Comparison.window`` is None)."""
        active = self._clock() - ACTIVE

        def both() -> Comparison:
            window = side_by_side(loaded.tree, loaded.sessions, a, b)
            reports = [
                build_report(loaded.tree, loaded.sessions, (v,), window=window, active_since=active)
                for v in (a, b)
            ]
            return compare(*reports, window=window)

        return await asyncio.to_thread(both)
