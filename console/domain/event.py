"""Events: every action on a case, immutable. A case's state is the fold of its events."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any


class EventType(StrEnum):
    CASE_CREATED = "case_created"
    MENTION_RECEIVED = "mention_received"
    ROUTED = "routed"
    ASSIGNED = "assigned"
    CLAIMED = "claimed"
    RELEASED = "released"
    VIEWED = "viewed"
    NOTE_ADDED = "note_added"
    TAGGED = "tagged"
    UNTAGGED = "untagged"
    REPLY_QUEUED = "reply_queued"
    REPLY_PUBLISHED = "reply_published"
    REPLY_FAILED = "reply_failed"
    REPLY_NEEDS_REVIEW = "reply_needs_review"  # held back by the hub just before sending (claim lost)
    ESCALATED = "escalated"
    HANDED_OFF = "handed_off"
    GUIDANCE_STEP = "guidance_step"
    RESOLVED = "resolved"
    REOPENED = "reopened"
    CLAIM_REQUESTED = "claim_requested"  # a colleague asks the holder for the case (data: holder, message)
    CLAIM_REQUEST_DECLINED = "claim_request_declined"  # the holder keeps it (data: requester)
    SNOOZED = "snoozed"  # out of the queue until ``until_ms`` (None: woken by hand)
    # Moderation (console.domain.moderation); data: mention_id, hidden, job_id, and reason when failed.
    HIDE_REQUESTED = "hide_requested"
    HIDDEN = "hidden"  # the network hid (or, with hidden false, unhid) the mention
    HIDE_FAILED = "hide_failed"


SYSTEM = "system"


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    case_id: str
    type: EventType
    at_ms: int
    actor: str = SYSTEM
    data: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.data, MappingProxyType):
            object.__setattr__(self, "data", MappingProxyType(dict(self.data)))
