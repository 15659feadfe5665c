"""Who is looking at or typing on which case right now: live only, never stored or replicated."""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Activity(StrEnum):
    VIEWING = "viewing"
    TYPING = "typing"
    LEFT = "left"  # said by the workstation, or by the hub when a report was not refreshed in time
    # An agent's status at their desk, reported with the case id DESK: routing gives new cases
    # only to agents who are available; busy and away agents keep their cases but get no more.
    AVAILABLE = "available"
    BUSY = "busy"
    AWAY = "away"


DESK = ""  # the "case" of a desk-level status report
DESK_STATUSES = frozenset({Activity.AVAILABLE, Activity.BUSY, Activity.AWAY})


PRESENCE_TTL_MS = 30_000
"""A report not refreshed for this long expires (the hub announces it as ``left``); workstations
refresh well within it, e.g. every 10 s while a case stays open."""


@dataclass(frozen=True, slots=True)
class Presence:
    """One person on one case. ``at_ms`` is when it was last reported, on the reader's clock."""

    user_id: str
    username: str
    name: str
    case_id: str
    activity: Activity
    at_ms: int

    @property
    def is_desk(self) -> bool:
        return self.case_id == DESK

    @property
    def key(self) -> tuple[str, str]:
        """A person may have several cases open: one entry per person and case."""
        return self.user_id, self.case_id

    def to_json(self) -> dict:
        return {
            "user_id": self.user_id,
            "username": self.username,
            "name": self.name,
            "case_id": self.case_id,
            "activity": self.activity.value,
            "at_ms": self.at_ms,
        }

    @classmethod
    def from_json(cls, data: dict) -> "Presence":
        """Raises KeyError, TypeError or ValueError on a malformed entry."""
        return cls(
            str(data["user_id"]),
            str(data["username"]),
            str(data["name"]),
            str(data["case_id"]),
            Activity(data["activity"]),
            int(data["at_ms"]),
        )


def desk_statuses(board: Iterable[Presence], now: int) -> dict[str, Activity]:
    """Each agent's fresh desk status (available, busy, away); agents without one are absent."""
    return {
        p.user_id: p.activity
        for p in board
        if p.is_desk and p.activity in DESK_STATUSES and now - p.at_ms < PRESENCE_TTL_MS
    }
