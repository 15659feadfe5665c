"""Mutations: what a workstation asks the hub to do, carried through its durable outbox.

Each has a client-made id (UUIDv7) and the workstation's own sequence number. The hub applies
them in order, once: the last applied sequence per workstation is stored with each effect, so a
resend after a lost response is answered "duplicate" with the first answer, however late it comes.
The payload rules live here so the workstation refuses a malformed mutation before it queues it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from console.domain.broadcast import broadcast_problem
from console.domain.customer import TIERS


class MutationKind(StrEnum):
    CLAIM = "claim"
    RELEASE = "release"
    PRESENCE = "presence"  # viewing / typing: ephemeral, never part of the case's history
    DRAFT = "draft"
    NOTE = "note"
    TAG = "tag"
    UNTAG = "untag"
    GUIDANCE_STEP = "guidance_step"
    REPLY = "reply"
    HANDOFF = "handoff"
    RESOLVE = "resolve"
    REOPEN = "reopen"
    ASSIGN = "assign"  # who owns the case's work (a user id, or none): never touches the claim
    REQUEST_CLAIM = "request_claim"  # ask the colleague who holds the case for it
    ANSWER_CLAIM_REQUEST = "answer_claim_request"  # the holder hands the case over, or keeps it
    SNOOZE = "snooze"  # out of the queue until a time (until_ms None: wake it now)
    SET_PRIORITY = "set_priority"  # the case's priority by hand (a decision tree's action), 0–100
    # Customer profile (console.hub.customers): ``case_id`` is the case the agent acts from.
    LINK_IDENTITY = "link_identity"  # an identity, or every identity of another customer, joins one
    UNLINK_IDENTITY = "unlink_identity"  # an identity splits off (back where it came from, or alone)
    CUSTOMER_NOTE = "customer_note"
    CUSTOMER_TIER = "customer_tier"
    CUSTOMER_DETAILS = "customer_details"  # CRM id, e-mail
    DISMISS_LINK = "dismiss_link"  # a suggested link refused: not suggested again
    HIDE = "hide"  # hide (or unhide) a customer's mention on its network (console.domain.moderation)
    # A team note (console.domain.broadcast); not about a case: ``case_id`` is empty.
    BROADCAST = "broadcast"


CUSTOMER_KINDS = frozenset(
    {
        MutationKind.LINK_IDENTITY,
        MutationKind.UNLINK_IDENTITY,
        MutationKind.CUSTOMER_NOTE,
        MutationKind.CUSTOMER_TIER,
        MutationKind.CUSTOMER_DETAILS,
        MutationKind.DISMISS_LINK,
    }
)


class Outcome(StrEnum):
    APPLIED = "applied"
    DUPLICATE = "duplicate"  # applied before; ``result`` repeats the first answer
    REJECTED = "rejected"  # not applied, with a reason; the workstation shows it, never retries it


class InvalidMutationError(ValueError):
    """A mutation whose payload does not fit its kind (the message names the field)."""


MAX_TEXT = 20_000  # characters: a reply, note or draft longer than this is a paste gone wrong
PRESENCE_ACTIVITIES = ("viewing", "typing", "left")

# Payload fields each kind needs, with their types; optional ones may be missing.
_REQUIRED: dict[MutationKind, dict[str, type | tuple[type, ...]]] = {
    MutationKind.CLAIM: {},
    MutationKind.RELEASE: {},
    MutationKind.PRESENCE: {"activity": str},
    MutationKind.DRAFT: {"text": str},
    MutationKind.NOTE: {"text": str},
    MutationKind.TAG: {"tag": str},
    MutationKind.UNTAG: {"tag": str},
    # One event of a guidance session (console.guidance.session_events), under its session and tree.
    MutationKind.GUIDANCE_STEP: {"session": str, "tree": str, "digest": str, "event": dict},
    MutationKind.REPLY: {"reply_id": str, "text": str, "claim_token": int},
    MutationKind.HANDOFF: {"team": str, "reason": str},
    MutationKind.RESOLVE: {},
    MutationKind.REOPEN: {},
    MutationKind.ASSIGN: {"assignee": (str, type(None))},  # None or "": unassign
    MutationKind.REQUEST_CLAIM: {},
    MutationKind.ANSWER_CLAIM_REQUEST: {"requester": str, "give": bool},
    MutationKind.SNOOZE: {"until_ms": (int, type(None))},
    MutationKind.SET_PRIORITY: {"priority": int},
    MutationKind.LINK_IDENTITY: {"customer_id": str},  # and identity_id or other_customer_id
    MutationKind.UNLINK_IDENTITY: {"identity_id": str},
    MutationKind.CUSTOMER_NOTE: {"customer_id": str, "text": str},
    MutationKind.CUSTOMER_TIER: {"customer_id": str, "tier": str},
    MutationKind.CUSTOMER_DETAILS: {"customer_id": str},
    MutationKind.DISMISS_LINK: {"customer_id": str, "other_customer_id": str},
    MutationKind.HIDE: {"mention_id": str, "hidden": bool},
    MutationKind.BROADCAST: {"text": str},
}
_OPTIONAL: dict[MutationKind, dict[str, type | tuple[type, ...]]] = {
    MutationKind.CLAIM: {"takeover": bool},
    MutationKind.REPLY: {"account_id": str, "private": bool},
    MutationKind.RESOLVE: {"disposition": str},
    MutationKind.REOPEN: {"reason": str},
    MutationKind.SET_PRIORITY: {"reason": str},
    MutationKind.REQUEST_CLAIM: {"message": str},
    MutationKind.LINK_IDENTITY: {"identity_id": str, "other_customer_id": str},
    MutationKind.CUSTOMER_DETAILS: {"crm_id": str, "email": str},
    MutationKind.HIDE: {"reason": str},
    MutationKind.BROADCAST: {"team_id": str},  # missing: everyone
}


@dataclass(frozen=True, slots=True)
class Mutation:
    id: str
    workstation_id: str
    seq: int  # the workstation's own counter: 1, 2, 3… with no gaps
    kind: MutationKind
    case_id: str
    created_ms: int
    payload: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.payload, MappingProxyType):
            object.__setattr__(self, "payload", MappingProxyType(dict(self.payload)))


@dataclass(frozen=True, slots=True)
class MutationResult:
    mutation_id: str
    seq: int
    outcome: Outcome
    reason: str = ""
    visible_at: int | None = None  # the hub change number at which the effect can be pulled
    detail: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))  # e.g. a claim's token


def validate(kind: MutationKind, payload: Mapping[str, Any]) -> None:
    """Raise :class:`InvalidMutationError` unless ``payload`` fits ``kind``."""
    required, optional = _REQUIRED[kind], _OPTIONAL.get(kind, {})
    for name in required:
        if name not in payload:
            raise InvalidMutationError(f"{kind.value} needs {name!r}")
    for name, value in payload.items():
        expected = required.get(name) or optional.get(name)
        if expected is None:
            raise InvalidMutationError(f"{kind.value} takes no {name!r}")
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise InvalidMutationError(f"{kind.value}: {name!r} must be {_type_name(expected)}")
        if isinstance(value, str) and len(value) > MAX_TEXT:
            raise InvalidMutationError(f"{kind.value}: {name!r} is over {MAX_TEXT:,} characters")
        # PostgreSQL's text cannot hold NUL: the hub would fail on the whole batch, not refuse this one.
        if isinstance(value, str) and "\x00" in value:
            raise InvalidMutationError(f"{kind.value}: {name!r} contains a NUL character")
    if kind is MutationKind.SET_PRIORITY and not 0 <= payload["priority"] <= 100:
        raise InvalidMutationError("set_priority: 'priority' is from 0 to 100")
    if kind is MutationKind.PRESENCE and payload["activity"] not in PRESENCE_ACTIVITIES:
        raise InvalidMutationError(f"presence activity must be one of {', '.join(PRESENCE_ACTIVITIES)}")
    for name in ("text", "tag", "team", "reason"):
        if kind is not MutationKind.DRAFT and name in required and not str(payload[name]).strip():
            raise InvalidMutationError(f"{kind.value}: {name!r} is empty")
    _validate_customer(kind, payload)
    if kind is MutationKind.BROADCAST:
        problem = broadcast_problem(payload["text"])
        if problem:
            raise InvalidMutationError(f"broadcast: {problem}")
        if "team_id" in payload and not payload["team_id"].strip():
            raise InvalidMutationError("broadcast: 'team_id' is empty (leave it out to address everyone)")
    if (
        kind is MutationKind.ASSIGN
        and payload["assignee"]
        and payload["assignee"] != payload["assignee"].strip()
    ):
        raise InvalidMutationError("assign: 'assignee' is a user id, without spaces around it")


def _validate_customer(kind: MutationKind, payload: Mapping[str, Any]) -> None:
    if kind is MutationKind.LINK_IDENTITY and ("identity_id" in payload) == ("other_customer_id" in payload):
        raise InvalidMutationError("link_identity needs either 'identity_id' or 'other_customer_id'")
    if kind is MutationKind.CUSTOMER_TIER and payload["tier"] not in TIERS:
        raise InvalidMutationError(f"customer_tier: 'tier' must be one of {', '.join(TIERS)}")
    if kind is MutationKind.CUSTOMER_DETAILS:
        if not ({"crm_id", "email"} & payload.keys()):
            raise InvalidMutationError("customer_details needs 'crm_id' or 'email'")
        email = payload.get("email", "").strip()
        if email and ("@" not in email or " " in email):
            raise InvalidMutationError(f"customer_details: {email!r} is no e-mail address")


def assignee_of(payload: Mapping[str, Any]) -> str | None:
    """The user an ``assign`` payload names, or None when it unassigns (null or "")."""
    return payload.get("assignee") or None


def _type_name(expected: type | tuple[type, ...]) -> str:
    kinds = expected if isinstance(expected, tuple) else (expected,)
    return " or ".join("null" if t is type(None) else t.__name__ for t in kinds)
