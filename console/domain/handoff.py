"""A hand-off this desk asked for, and where it stands: the sender keeps seeing it after the case
has gone to a team they are not in (their cache then no longer holds the case)."""

from dataclasses import dataclass
from enum import StrEnum


class HandoffState(StrEnum):
    WAITING = "waiting"  # in the outbox, not answered by the hub yet (offline, or sending)
    DONE = "done"  # the hub moved the case
    REFUSED = "refused"  # the hub said no, with the reason


@dataclass(frozen=True, slots=True)
class HandoffRecord:
    case_id: str
    team: str
    reason: str
    asked_ms: int
    state: HandoffState
    refusal: str  # the hub's reason when refused
    excerpt: str  # the customer's latest words, while this cache still holds the case ("" after)
    case_status: str | None  # the case's status now, when this cache still sees it
    case_team: str | None  # …and the team that owns it now
