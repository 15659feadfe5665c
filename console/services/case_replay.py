"""Review: a case replayed event by event, and its report, from this desk's cache alone — so a
reviewer on a train, or a desk whose hub is down, can replay and export every case it holds.

The cache is read on its reader thread and the frames are built in a worker thread (one pass over
the events); the PDF the UI renders is written off the Qt thread, whole or not at all.
"""

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from console.domain.case_detail import CaseDetail
from console.domain.clock import now_ms
from console.domain.replay import CaseHistory, Frame, Replay, ReplayNote, build_replay
from console.domain.translatable import translatable
from console.guidance.replay_path import SessionPath, fold_step
from console.services.atomic_file import write_atomically
from console.services.errors import KnownError
from console.storage.case_history import CaseHistoryRepository
from console.storage.database import CacheError

Guidance = tuple[SessionPath, ...]
CaseReplay = Replay[Guidance]


class ReviewError(KnownError):
    """The cache could not be read, or the report could not be written; the message says which."""


@dataclass(frozen=True, slots=True)
class CaseReport:
    """What the case report shows: the case now, its whole timeline, conversation, guidance path
    and notes (each frame of ``replay`` also says how the case stood after each event)."""

    replay: CaseReplay
    made_ms: int  # when the report was made

    @property
    def detail(self) -> CaseDetail:
        return self.replay.detail

    @property
    def last(self) -> Frame[Guidance] | None:
        return self.replay.frames[-1] if self.replay.frames else None

    @property
    def guidance(self) -> Guidance:
        return self.last.guidance if self.last else ()

    @property
    def notes(self) -> tuple[ReplayNote, ...]:
        return self.replay.notes_written


def replay_of(history: CaseHistory) -> CaseReplay:
    """The frames of ``history``, guidance paths folded from its ``guidance_step`` events."""
    return build_replay(history, (), fold_step)


class CaseReview:
    def __init__(self, repository: CaseHistoryRepository, clock: Callable[[], int] = now_ms):
        self._repository = repository
        self._clock = clock

    async def replay(self, case_id: str) -> CaseReplay | None:
        """The case's replay; None when the cache does not hold the case."""
        try:
            history = await self._repository.history(case_id)
        except CacheError as error:
            raise ReviewError(
                translatable("Errors", "The case could not be read from the cache: {error}"), error=error
            ) from error
        if history is None:
            return None
        return await asyncio.to_thread(replay_of, history)

    async def report(self, case_id: str) -> CaseReport | None:
        replay = await self.replay(case_id)
        return None if replay is None else CaseReport(replay, self._clock())

    async def save(self, path: Path, data: bytes) -> None:
        """Write a rendered report to ``path`` whole or not at all."""
        try:
            await asyncio.to_thread(write_atomically, Path(path), data)
        except OSError as error:
            reason = error.strerror or str(error)
            raise ReviewError(
                translatable("Errors", "The report could not be written to {path}: {reason}"),
                path=path,
                reason=reason,
            ) from error
