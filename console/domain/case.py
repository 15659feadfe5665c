"""The case: the unit of work, grouping a customer's mentions in one conversation.

Its state is never edited in place: :func:`apply_event` folds one event into it and :func:`fold`
replays a whole log, so the hub, the workstation and a reviewer replaying history agree by construction.

Which case a new mention joins (decided by hub ingest, in this order):

1. the case of its conversation (the network's thread; a new mention reopens it if resolved);
2. a reply whose conversation has no case yet joins the case of the mention it replies to;
3. a customer's post or direct message that starts a conversation of its own joins the same
   customer's latest case on the same brand account when that case is still open, or was resolved
   less than :data:`CUSTOMER_WINDOW_MS` ago (then it reopens it): "still not fixed" in a new post,
   or a DM after a public complaint, is the same problem, and the agent on it should see it.
   Comments under other posts and reviews are conversations of their own; so is anything a day
   after the customer's last case was resolved.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from enum import StrEnum

from console.domain.event import Event, EventType
from console.domain.network import Network


class CaseStatus(StrEnum):
    NEW = "new"
    OPEN = "open"
    PENDING = "pending"  # answered, waiting for the customer
    RESOLVED = "resolved"


CUSTOMER_WINDOW_MS = 24 * 60 * 60_000


def starts_own_conversation(kind: str, parent_external_id: str | None, from_brand: bool) -> bool:
    """A customer's post or DM that replies to nothing: it may join their open case (rule 3)."""
    return not from_brand and parent_external_id is None and kind in {"post", "direct_message"}


def joins_customer_case(case: "Case", at_ms: int) -> bool:
    """Whether a customer's new conversation at ``at_ms`` belongs to their latest ``case`` (rule 3)."""
    if case.status is not CaseStatus.RESOLVED:
        return True
    return case.resolved_ms is not None and at_ms - case.resolved_ms <= CUSTOMER_WINDOW_MS


UNRESOLVED = tuple(status.value for status in CaseStatus if status is not CaseStatus.RESOLVED)
"""The stored values of every status a case still owes something in (for SQL ``IN`` lists)."""


class InvalidEventError(ValueError):
    """An event that cannot apply to the case as it stands (wrong case, or before its creation)."""


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    network: Network
    account_id: str
    conversation_key: str
    opened_ms: int
    status: CaseStatus = CaseStatus.NEW
    updated_ms: int = 0
    last_mention_ms: int = 0
    mention_count: int = 0
    assignee: str | None = None
    claim_holder: str | None = None
    tags: frozenset[str] = field(default_factory=frozenset)
    first_response_ms: int | None = None
    resolved_ms: int | None = None
    reopen_count: int = 0
    version: int = 0  # how many events are folded in
    claim_token: int = 0  # the fencing token of the latest grant; grows with every grant
    claim_expires_ms: int | None = None  # the holder's lease
    team: str | None = None  # the department it was handed to; None: the brand account's team
    priority: int = 0  # 0–100, set when the hub routes it (the most urgent of its mentions)
    sla_policy: str | None = None  # the service level promised when it was routed, if any
    first_response_due_ms: int | None = None
    resolution_due_ms: int | None = None
    snoozed_until_ms: int | None = None  # out of the queue until then; a customer message wakes it
    disposition: str | None = None  # how it was resolved (a catalog id); cleared when reopened
    sentiment_before: float | None = None  # the customer's latest score before the first answer
    sentiment_after: float | None = None  # the score of their first message after it

    @property
    def is_open(self) -> bool:
        return self.status is not CaseStatus.RESOLVED


def apply_event(case: Case | None, event: Event) -> Case:
    """The case after ``event``; ``case`` is None only before its ``case_created`` event."""
    if case is None:
        return Case(**_created(event))
    _check(case, event)
    changes = _CHANGES.get(event.type, _no_change)(case, event)
    return replace(case, updated_ms=max(case.updated_ms, event.at_ms), version=case.version + 1, **changes)


def fold(events: Iterable[Event]) -> Case:
    """Replay a case's events (in log order) into its current state."""
    return fold_onto(None, events)


def fold_onto(case: Case | None, events: Iterable[Event]) -> Case:
    """``case`` after ``events`` in order: what :func:`apply_event` one by one gives, built once.

    The hub folds thousands of events per ingest batch; building a frozen ``Case`` per event was
    a measurable part of it, so the fold runs on a mutable draft and builds the result at the end.
    """
    draft = None if case is None else _Draft({name: getattr(case, name) for name in _FIELDS})
    for event in events:
        if draft is None:
            draft = _Draft(_DEFAULTS | _created(event))
            continue
        _check(draft, event)
        changes = _CHANGES.get(event.type, _no_change)(draft, event)
        draft.updated_ms = max(draft.updated_ms, event.at_ms)
        draft.version += 1
        for name, value in changes.items():
            setattr(draft, name, value)
    if draft is None:
        raise InvalidEventError("no events to fold")
    return draft.case()


_FIELDS = tuple(f.name for f in fields(Case))
_DEFAULTS = {name: getattr(Case("", Network.X, "", "", 0), name) for name in _FIELDS}


class _Draft:
    """A case in the middle of a fold: the same attributes as :class:`Case`, mutable."""

    __slots__ = _FIELDS

    def __init__(self, values: dict) -> None:
        for name, value in values.items():
            setattr(self, name, value)

    def case(self) -> Case:
        return Case(**{name: getattr(self, name) for name in _FIELDS})


def _created(event: Event) -> dict:
    """The fields a ``case_created`` event sets; the others keep their defaults."""
    if event.type is not EventType.CASE_CREATED:
        raise InvalidEventError(f"case {event.case_id} has no case_created event before {event.type}")
    data = event.data
    return {
        "id": event.case_id,
        "network": Network(data["network"]),
        "account_id": data["account_id"],
        "conversation_key": data.get("conversation_key", ""),
        "opened_ms": event.at_ms,
        "updated_ms": event.at_ms,
        "version": 1,
    }


def _check(case: "Case | _Draft", event: Event) -> None:
    if event.case_id != case.id:
        raise InvalidEventError(f"event {event.id} is for case {event.case_id}, not {case.id}")
    if event.type is EventType.CASE_CREATED:
        raise InvalidEventError(f"case {case.id} is already created")


def _no_change(case: Case, event: Event) -> dict:
    return {}


def _mention_received(case: Case, event: Event) -> dict:
    if event.data.get("from_brand"):  # the brand's own published reply: no customer is waiting
        return {}
    changes: dict = {"mention_count": case.mention_count + 1, "last_mention_ms": event.at_ms}
    if case.snoozed_until_ms is not None:  # the customer wrote: the case is back in the queue
        changes["snoozed_until_ms"] = None
    score = event.data.get("score")
    if score is not None:  # "sentiment after": the customer's mood before and after the first answer
        if case.first_response_ms is None:
            changes["sentiment_before"] = score
        elif case.sentiment_after is None:
            changes["sentiment_after"] = score
    if case.status is CaseStatus.RESOLVED:  # a customer writing again reopens the case
        changes |= {
            "status": CaseStatus.OPEN,
            "resolved_ms": None,
            "reopen_count": case.reopen_count + 1,
            "disposition": None,
        }
    elif case.status is CaseStatus.PENDING:
        changes["status"] = CaseStatus.OPEN
    return changes


def _claimed(case: Case, event: Event) -> dict:
    if case.status is CaseStatus.RESOLVED:  # the hub grants no claim on a resolved case
        return {}
    changes: dict = {
        "claim_holder": event.data.get("holder", event.actor),  # a handover names the new holder
        "claim_token": event.data.get("token", case.claim_token + 1),
        "claim_expires_ms": event.data.get("expires_ms"),
    }
    if case.status is CaseStatus.NEW:
        changes["status"] = CaseStatus.OPEN
    return changes


def _reply_published(case: Case, event: Event) -> dict:
    # A closing message on a resolved case leaves it resolved; otherwise we wait for the customer.
    changes: dict = {} if case.status is CaseStatus.RESOLVED else {"status": CaseStatus.PENDING}
    if case.first_response_ms is None:
        changes["first_response_ms"] = event.at_ms
    return changes


def _resolved(case: Case, event: Event) -> dict:
    disposition = event.data.get("disposition") or None
    return {
        "status": CaseStatus.RESOLVED,
        "resolved_ms": event.at_ms,
        "disposition": disposition,
        "snoozed_until_ms": None,
        **_UNCLAIMED,
    }


_UNCLAIMED = {"claim_holder": None, "claim_expires_ms": None}  # the token stays: it only grows


def _reopened(case: Case, event: Event) -> dict:
    if case.status is not CaseStatus.RESOLVED:
        return {}
    return {
        "status": CaseStatus.OPEN,
        "resolved_ms": None,
        "reopen_count": case.reopen_count + 1,
        "disposition": None,
    }


_ROUTING = ("priority", "sla_policy", "first_response_due_ms", "resolution_due_ms")


def _routed(case: Case, event: Event) -> dict:
    """The hub's triage of the case: only what the event names changes (a re-route after a reopen
    may set a new resolution due time and leave the first response's alone)."""
    return {name: event.data[name] for name in _ROUTING if name in event.data}


_CHANGES = {
    EventType.MENTION_RECEIVED: _mention_received,
    EventType.ROUTED: _routed,
    EventType.ASSIGNED: lambda case, event: {"assignee": event.data.get("assignee")},
    EventType.CLAIMED: _claimed,
    EventType.RELEASED: lambda case, event: _UNCLAIMED,
    EventType.HANDED_OFF: lambda case, event: {"team": event.data["team"], **_UNCLAIMED},
    EventType.TAGGED: lambda case, event: {"tags": case.tags | {event.data["tag"]}},
    EventType.UNTAGGED: lambda case, event: {"tags": case.tags - {event.data["tag"]}},
    EventType.REPLY_PUBLISHED: _reply_published,
    EventType.RESOLVED: _resolved,
    EventType.REOPENED: _reopened,
    EventType.SNOOZED: lambda case, event: {"snoozed_until_ms": event.data.get("until_ms")},
}
