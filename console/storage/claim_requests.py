"""Colleagues asking for a case someone holds, read from the replicated case events.

A request counts while the claim it was made against stands: it was made after the holder's claim
(the ``claimed`` event carrying the case's current token) and the holder has not kept the case
since (a ``claim_request_declined`` naming the asker). Handing the case over changes its holder,
which ends every request on it.
"""

import json

from sqlalchemy import Connection, exists, func, select

from console.domain.claim_request import ClaimRequest
from console.domain.event import EventType
from console.domain.mutation import MutationKind
from console.storage.schema import cases, events, outbox, users

_DECLINES = events.alias("declines")
_CLAIMS = events.alias("claims")


def pending(connection: Connection, holder: str, now: int, case_id: str | None = None) -> list[ClaimRequest]:
    """Requests ``holder`` has not answered on the cases they hold now (or on ``case_id`` only)."""
    claim_started = (
        select(func.min(_CLAIMS.c.seq))
        .where(
            _CLAIMS.c.case_id == cases.c.id,
            _CLAIMS.c.type == EventType.CLAIMED.value,
            func.json_extract(_CLAIMS.c.data, "$.token") == cases.c.claim_token,
        )
        .scalar_subquery()
    )
    declined = exists().where(
        _DECLINES.c.case_id == events.c.case_id,
        _DECLINES.c.type == EventType.CLAIM_REQUEST_DECLINED.value,
        _DECLINES.c.seq > events.c.seq,
        func.json_extract(_DECLINES.c.data, "$.requester") == events.c.actor,
    )
    # Answered here already (queued, or sent and not refused) though the hub's event is not back yet.
    answered = exists().where(
        outbox.c.case_id == events.c.case_id,
        outbox.c.kind == MutationKind.ANSWER_CLAIM_REQUEST.value,
        func.json_extract(outbox.c.payload, "$.requester") == events.c.actor,
        outbox.c.created_ms >= events.c.at_ms,
        func.coalesce(outbox.c.outcome, "") != "rejected",
    )
    statement = (
        select(events.c.case_id, events.c.actor, users.c.name, events.c.at_ms, events.c.data)
        .select_from(events.join(cases, cases.c.id == events.c.case_id))
        .outerjoin(users, users.c.id == events.c.actor)
        .where(
            cases.c.claim_holder == holder,
            cases.c.claim_expires_ms > now,
            events.c.type == EventType.CLAIM_REQUESTED.value,
            func.json_extract(events.c.data, "$.holder") == holder,
            events.c.seq > func.coalesce(claim_started, 0),
            ~declined,
            ~answered,
        )
        .order_by(events.c.seq)
    )
    if case_id is not None:
        statement = statement.where(cases.c.id == case_id)
    found: dict[tuple[str, str], ClaimRequest] = {}
    for row in connection.execute(statement):
        message = json.loads(row.data).get("message", "")
        # One line per asker and case: the latest request, with its message.
        found[(row.case_id, row.actor)] = ClaimRequest(
            row.case_id, row.actor, row.name or row.actor, row.at_ms, message
        )
    return list(found.values())


def kept_from(connection: Connection, requester: str, after_ms: int) -> list[tuple[str, str, int]]:
    """(case id, holder's name, when) for each case ``requester`` asked for since ``after_ms`` whose
    holder kept it — found through the requester's own outbox, so only their few cases are read."""
    asked = (
        select(outbox.c.case_id)
        # At or after: a request queued in the millisecond the watch started is still this one's.
        .where(outbox.c.kind == MutationKind.REQUEST_CLAIM.value, outbox.c.created_ms >= after_ms)
        .distinct()
    )
    statement = (
        select(events.c.case_id, func.coalesce(users.c.name, events.c.actor), events.c.at_ms)
        .select_from(events.outerjoin(users, users.c.id == events.c.actor))
        .where(
            events.c.case_id.in_(asked),
            events.c.type == EventType.CLAIM_REQUEST_DECLINED.value,
            events.c.at_ms > after_ms,
            func.json_extract(events.c.data, "$.requester") == requester,
        )
        .order_by(events.c.at_ms)
    )
    return [(case_id, name, at_ms) for case_id, name, at_ms in connection.execute(statement)]


def asked_at(connection: Connection, case_id: str, after_ms: int) -> int | None:
    """When this workstation last asked for ``case_id`` (since ``after_ms``, and not refused)."""
    return connection.scalar(
        select(func.max(outbox.c.created_ms)).where(
            outbox.c.case_id == case_id,
            outbox.c.kind == MutationKind.REQUEST_CLAIM.value,
            outbox.c.created_ms > after_ms,
            func.coalesce(outbox.c.outcome, "") != "rejected",
        )
    )


def role_of(connection: Connection, user_id: str) -> str | None:
    """The user's role as the replicated directory has it (None when it does not know them)."""
    return connection.scalar(select(users.c.role).where(users.c.id == user_id))
