"""What the agent should be told about, read from the cache: crisis alerts, SLA breaches, mentions,
cases given to them."""

import json
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, or_, select

from console.domain.case import UNRESOLVED
from console.domain.event import EventType
from console.storage.schema import OWED_DUE_MS, crisis_alerts, events, mentions, users
from console.storage.schema import cases as cases_table


@dataclass(frozen=True, slots=True)
class Breach:
    case_id: str
    due_ms: int
    first_response: bool  # the first response is late (else the resolution)
    excerpt: str  # the case's latest customer mention


@dataclass(frozen=True, slots=True)
class Alert:
    id: str
    reason: str
    team: str
    raised_ms: int


@dataclass(frozen=True, slots=True)
class NoteMention:
    event_id: str
    case_id: str
    author: str  # the colleague's name
    text: str


def _by_others(
    connection: Connection, event_ids: Collection[str], user_id: str, kind: EventType
) -> Iterator[tuple[str, str, str, dict]]:
    """(event id, case id, actor's name, data) of the ``kind`` events among ``event_ids`` that
    someone other than ``user_id`` made, read 500 ids at a time."""
    ids = list(event_ids)
    for start in range(0, len(ids), 500):
        rows = connection.execute(
            select(events.c.id, events.c.case_id, func.coalesce(users.c.name, events.c.actor), events.c.data)
            .select_from(events.outerjoin(users, users.c.id == events.c.actor))
            .where(
                events.c.id.in_(ids[start : start + 500]),
                events.c.type == kind.value,
                events.c.actor != user_id,
            )
        )
        for event_id, case_id, actor, stored in rows:
            yield event_id, case_id, actor, json.loads(stored)


def note_mentions(connection: Connection, event_ids: Collection[str], user_id: str) -> list[NoteMention]:
    """Among freshly pulled events, the notes that @mention ``user_id`` (by someone else)."""
    notes = _by_others(connection, event_ids, user_id, EventType.NOTE_ADDED)
    return [
        NoteMention(event_id, case_id, author, str(data.get("text", "")))
        for event_id, case_id, author, data in notes
        if user_id in data.get("mentions", ())
    ]


@dataclass(frozen=True, slots=True)
class Assignment:
    event_id: str
    case_id: str
    by: str  # the colleague's name
    excerpt: str  # the case's latest customer mention


def assignments_to(connection: Connection, event_ids: Collection[str], user_id: str) -> list[Assignment]:
    """Among freshly pulled events, the cases someone else assigned to ``user_id``."""
    assigned = _by_others(connection, event_ids, user_id, EventType.ASSIGNED)
    return [
        Assignment(event_id, case_id, by, _latest_text(connection, case_id))
        for event_id, case_id, by, data in assigned
        if data.get("assignee") == user_id
    ]


def _latest_text(connection: Connection, case_id: str) -> str:
    text = connection.execute(
        select(mentions.c.text)
        .where(mentions.c.case_id == case_id, mentions.c.from_brand.is_(False))
        .order_by(mentions.c.created_ms.desc())
        .limit(1)
    ).scalar()
    return text or ""


def crisis_alerts_since(connection: Connection, after_ms: int) -> list[Alert]:
    rows = connection.execute(
        select(crisis_alerts.c.id, crisis_alerts.c.reason, crisis_alerts.c.team, crisis_alerts.c.raised_ms)
        .where(crisis_alerts.c.raised_ms > after_ms)
        .order_by(crisis_alerts.c.raised_ms)
    ).all()
    return [Alert(*row) for row in rows]


def breaches_between(
    connection: Connection, after_ms: int, until_ms: int, user_id: str | None
) -> list[Breach]:
    """Open cases whose owed promise fell due in (after, until]: assigned to or held by ``user_id``,
    or nobody's yet (what the agent could pick up)."""
    owed = OWED_DUE_MS
    mine = or_(
        cases_table.c.assignee == user_id,
        cases_table.c.claim_holder == user_id,
        and_(cases_table.c.assignee.is_(None), cases_table.c.claim_holder.is_(None)),
    )
    latest = (
        select(mentions.c.text)
        .where(mentions.c.case_id == cases_table.c.id, mentions.c.from_brand.is_(False))
        .order_by(mentions.c.created_ms.desc())
        .limit(1)
        .correlate(cases_table)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(cases_table.c.id, owed, cases_table.c.first_response_ms.is_(None), latest)
        .where(cases_table.c.status.in_(UNRESOLVED), owed > after_ms, owed <= until_ms, mine)
        .order_by(owed)
        .limit(50)
    ).all()
    return [Breach(case_id, due, bool(first), text or "") for case_id, due, first, text in rows]
