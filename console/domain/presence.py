"""Who is looking at or typing on which case right now: live only, never stored or replicated.

A desk status may also be set by a supervisor for an agent (``set_by``): the hub holds that setting
until the agent's next explicit choice (or :data:`SET_STATUS_HOLD_MS`), and the agent's workstation
adopts it instead of reporting its own over it (console.hub.live, console.services.presence).
"""

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


SET_STATUS_HOLD_MS = 8 * 3600 * 1000
"""How long the hub holds a desk status a supervisor set when the agent makes no choice of their own:
one shift. It outlives the agent's presence, so an agent offline when it was set finds it on return."""

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
    # A desk status set by someone else (a supervisor): who, their name, and when (hub clock).
    set_by: str = ""
    set_by_name: str = ""
    set_at_ms: int = 0

    @property
    def is_desk(self) -> bool:
        return self.case_id == DESK

    @property
    def key(self) -> tuple[str, str]:
        """A person may have several cases open: one entry per person and case."""
        return self.user_id, self.case_id

    @property
    def set_by_other(self) -> bool:
        """A desk status someone else chose for this person."""
        return bool(self.set_by) and self.set_by != self.user_id

    def to_json(self) -> dict:
        data = {
            "user_id": self.user_id,
            "username": self.username,
            "name": self.name,
            "case_id": self.case_id,
            "activity": self.activity.value,
            "at_ms": self.at_ms,
        }
        if self.set_by:  # only then: older workstations and hubs read the entry as before
            data |= {"set_by": self.set_by, "set_by_name": self.set_by_name, "set_at_ms": self.set_at_ms}
        return data

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
            str(data.get("set_by") or ""),
            str(data.get("set_by_name") or ""),
            int(data.get("set_at_ms") or 0),
        )


def desk_statuses(board: Iterable[Presence], now: int) -> dict[str, Activity]:
    """Each agent's fresh desk status (available, busy, away); agents without one are absent."""
    return {
        p.user_id: p.activity
        for p in board
        if p.is_desk and p.activity in DESK_STATUSES and now - p.at_ms < PRESENCE_TTL_MS
    }
