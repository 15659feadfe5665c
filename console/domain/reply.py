"""A brand reply on its way out, and the states it passes through.

Only the hub publishes. A reply is ``queued`` when the hub accepts it under a valid claim,
``sending`` while the hub may have handed it to the network (an unconfirmed attempt stays
``sending`` until the hub has checked whether the post exists), then ``published`` or ``failed``
(with the reason). A reply whose claim was lost — before it reached the hub or just before it was
sent — is kept as ``needs_review`` with the reason, never dropped.
"""

from dataclasses import dataclass
from enum import StrEnum


class ReplyStatus(StrEnum):
    QUEUED = "queued"
    SENDING = "sending"
    PUBLISHED = "published"
    FAILED = "failed"
    NEEDS_REVIEW = "needs_review"

    @property
    def final(self) -> bool:
        """Nothing more will happen to the reply without a person."""
        return self in _FINAL


_FINAL = frozenset({ReplyStatus.PUBLISHED, ReplyStatus.FAILED, ReplyStatus.NEEDS_REVIEW})


@dataclass(frozen=True, slots=True)
class Reply:
    id: str
    case_id: str
    author_id: str
    author_name: str  # from the user directory; the id when the directory does not know it
    account_id: str
    text: str
    private: bool
    status: ReplyStatus
    reason: str  # why it failed or needs review; while retrying, what went wrong last
    external_id: str | None  # the network's id of the post, once published
    url: str
    attempts: int
    created_ms: int
    updated_ms: int
