"""A colleague asking the holder of a case for it (collision control)."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    case_id: str
    requester: str  # user id
    requester_name: str
    at_ms: int
    message: str  # why they ask, if they said ("" otherwise)
