"""History held offline: the date ranges a workstation downloaded whole ("Keep offline")."""

from dataclasses import dataclass

DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class KeptRange:
    """One download of the cases whose activity overlaps [from_ms, to_ms), and how far it got."""

    id: int
    from_ms: int
    to_ms: int
    total: int  # cases in the range when the download started
    done: int  # cases stored so far
    resume_after: str | None  # where an unfinished download goes on (the hub's page key)
    started_ms: int
    finished_ms: int | None = None

    @property
    def finished(self) -> bool:
        return self.finished_ms is not None


@dataclass(frozen=True, slots=True)
class KeepProgress:
    """Where a download stands: ``done`` of ``total`` cases stored."""

    done: int
    total: int

    @property
    def fraction(self) -> float:
        return 1.0 if self.total <= 0 else min(1.0, self.done / self.total)


def history_floor(days: int, at_ms: int) -> int:
    """The horizon's floor for ``days`` of history at ``at_ms``: the start of that UTC day, so two
    workstations set alike on one day share a floor. More days than have passed since 1970 keep
    every case: the floor stops at 0 (a hub refuses a negative one, and the pull would fail for good)."""
    if days < 1:
        raise ValueError(f"a history horizon is at least one day, not {days}")
    return max(0, (at_ms - days * DAY_MS) // DAY_MS * DAY_MS)
