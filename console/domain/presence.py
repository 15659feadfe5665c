"""Who is looking at or typing on which case right now: live only, never stored or replicated."""

from dataclasses import dataclass
from enum import StrEnum


class Activity(StrEnum):
    VIEWING = "viewing"
    TYPING = "typing"
    LEFT = "left"  # said by the workstation, or by the hub when a report was not refreshed in time


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
