"""Case rows on the hub: a :class:`Case` to its row and back, read one, write one with its events.

The row is the fold of the case's events, kept so nobody replays a log to answer "who holds it".
"""

import json

from sqlalchemy import Connection, bindparam, insert, select, update

from console.domain.case import Case, CaseStatus
from console.domain.event import Event
from console.domain.network import Network
from console.hub.changelog import SequenceAllocator
from console.hub.schema import cases, events, users


def case_from_row(row) -> Case:
    return Case(
        id=row.id,
        network=Network(row.network),
        account_id=row.account_id,
        conversation_key=row.conversation_key,
        opened_ms=row.opened_ms,
        status=CaseStatus(row.status),
        updated_ms=row.updated_ms,
        last_mention_ms=row.last_mention_ms,
        mention_count=row.mention_count,
        assignee=row.assignee,
        claim_holder=row.claim_holder,
        tags=frozenset(json.loads(row.tags)),
        first_response_ms=row.first_response_ms,
        resolved_ms=row.resolved_ms,
        reopen_count=row.reopen_count,
        version=row.version,
        claim_token=row.claim_token,
        claim_expires_ms=row.claim_expires_ms,
        team=row.team,
        priority=row.priority,
        sla_policy=row.sla_policy,
        first_response_due_ms=row.first_response_due_ms,
        resolution_due_ms=row.resolution_due_ms,
        snoozed_until_ms=row.snoozed_until_ms,
        disposition=row.disposition,
        sentiment_before=row.sentiment_before,
        sentiment_after=row.sentiment_after,
    )


def case_values(case: Case, seq: int) -> dict:
    """The case's row, stamped with the change number ``seq``."""
    return {
        "id": case.id,
        "network": case.network.value,
        "account_id": case.account_id,
        "conversation_key": case.conversation_key,
        "status": case.status.value,
        "opened_ms": case.opened_ms,
        "updated_ms": case.updated_ms,
        "last_mention_ms": case.last_mention_ms,
        "mention_count": case.mention_count,
        "assignee": case.assignee,
        "claim_holder": case.claim_holder,
        "tags": json.dumps(sorted(case.tags)) if case.tags else "[]",
        "first_response_ms": case.first_response_ms,
        "resolved_ms": case.resolved_ms,
        "reopen_count": case.reopen_count,
        "version": case.version,
        "claim_token": case.claim_token,
        "claim_expires_ms": case.claim_expires_ms,
        "team": case.team,
        "priority": case.priority,
        "sla_policy": case.sla_policy,
        "first_response_due_ms": case.first_response_due_ms,
        "resolution_due_ms": case.resolution_due_ms,
        "snoozed_until_ms": case.snoozed_until_ms,
        "disposition": case.disposition,
        "sentiment_before": case.sentiment_before,
        "sentiment_after": case.sentiment_after,
        "seq": seq,
    }


def load_case(connection: Connection, case_id: str) -> Case | None:
    row = connection.execute(select(cases).where(cases.c.id == case_id)).first()
    return case_from_row(row) if row else None


def display_name(connection: Connection, user_id: str | None) -> str:
    """A user's name for a reason shown to people; the id when the directory does not know it."""
    name = connection.scalar(select(users.c.name).where(users.c.id == user_id)) if user_id else None
    return name or (user_id or "nobody")


def claim_problem(connection: Connection, case: Case, author_id: str, token: int, now: int, when: str) -> str:
    """Why a reply written under fencing ``token`` may not go out now, or "" when its author still
    holds the case under that very token. ``when`` ends the expiry reason ("before …")."""
    live = (case.claim_expires_ms or 0) > now
    if case.claim_holder == author_id and token == case.claim_token and live:
        return ""
    if token != case.claim_token or (case.claim_holder not in (None, author_id) and live):
        holder = display_name(connection, case.claim_holder) if case.claim_holder else "nobody"
        return f"the claim was lost (written under token {token}; now {case.claim_token}, held by {holder})"
    return f"the claim expired {when}"


def event_values(event: Event, seq: int) -> dict:
    return {
        "id": event.id,
        "case_id": event.case_id,
        "type": event.type.value,
        "at_ms": event.at_ms,
        "actor": event.actor,
        "data": json.dumps(dict(event.data), ensure_ascii=False),
        "seq": seq,
    }


def record(connection: Connection, sequence: SequenceAllocator, case: Case, new_events: list[Event]) -> int:
    """Append ``new_events`` and rewrite the case row (already folded), each with a change number.

    Returns the change number of the case row, the last of them: where the effect became visible.
    """
    if new_events:
        connection.execute(insert(events), [event_values(e, sequence.next()) for e in new_events])
    seq = sequence.next()
    values = case_values(case, seq)
    connection.execute(_UPDATE, {"case_id": case.id, **{f"v_{k}": v for k, v in values.items() if k != "id"}})
    return seq


# Built once: a statement with literal values is rebuilt and re-keyed on every call, which cost
# more than the database work of a push.
_UPDATE = (
    update(cases)
    .where(cases.c.id == bindparam("case_id"))
    .values({c.name: bindparam(f"v_{c.name}") for c in cases.columns if c.name != "id"})
)
