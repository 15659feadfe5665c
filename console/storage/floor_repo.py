"""What the floor view counts, read from the cache in one reader pass (console.domain.floor says what
each figure means; console.services.floor keeps them between passes).

A full read scans the cases once for the open ones and those touched since the day began (``updated_ms``
is the latest of a case's events), then reads the day's claims, replies and resolutions of the
touched cases through the events' case index. After that, a sync page changes only the cases and
events it names: :func:`read_floor` with ``case_ids``/``event_ids`` reads just those rows by key, so an
update costs the same with a million cases of history as with a hundred. The day's mentions per
hour are a range of the mentions' time index, read whole each time (a day is thousands of rows).
"""

import json
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, literal_column, select

from console.domain.floor import FloorCase, FloorEvent
from console.storage.alerts_repo import Alert, crisis_alerts_since
from console.storage.database import CacheDatabase
from console.storage.schema import accounts, cases, events, mentions, teams, users

_CHUNK = 500
FLOOR_EVENT_TYPES = ("claimed", "reply_published", "resolved")  # console.domain.floor.agent_days

_CASE_COLUMNS = (
    cases.c.id,
    cases.c.network,
    cases.c.account_id,
    func.coalesce(cases.c.team, accounts.c.team, "").label("team"),
    cases.c.priority,
    cases.c.status,
    cases.c.opened_ms,
    cases.c.updated_ms,
    cases.c.first_response_ms,
    cases.c.resolved_ms,
    cases.c.first_response_due_ms,
    cases.c.resolution_due_ms,
    cases.c.assignee,
    cases.c.claim_holder,
    cases.c.claim_expires_ms,
    cases.c.snoozed_until_ms,
)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    role: str
    teams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FloorRead:
    """One pass: ``cases``/``events`` are every relevant row (full) or the named ones (partial)."""

    full: bool
    cases: list[FloorCase]
    events: list[FloorEvent]
    mention_hours: dict[int, tuple[int, float]]  # hour since ``hours_from`` → (customer mentions, score sum)
    alerts: list[Alert]
    accounts: dict[str, tuple[str, str]]  # id → (handle, network)
    people: list[Person]  # enabled users, by name
    teams: tuple[str, ...]


class FloorRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def customers(self, case_ids: Collection[str]) -> dict[str, tuple[str, str]]:
        return await self._db.read(lambda c: customers_of(c, case_ids))

    async def read(
        self,
        since_ms: int,
        now: int,
        case_ids: Collection[str] | None = None,
        event_ids: Collection[str] = (),
        hours_from: int | None = None,
    ) -> FloorRead:
        return await self._db.read(lambda c: read_floor(c, since_ms, now, case_ids, event_ids, hours_from))


def read_floor(
    connection: Connection,
    since_ms: int,
    now: int,
    case_ids: Collection[str] | None = None,
    event_ids: Collection[str] = (),
    hours_from: int | None = None,
) -> FloorRead:
    """Everything the floor counts since ``since_ms``; with ``case_ids`` (None: all) only those cases
    and the events named by ``event_ids``. Mentions are counted per hour from ``hours_from`` (default
    ``since_ms``)."""
    hours_from = since_ms if hours_from is None else hours_from
    source = cases.outerjoin(accounts, accounts.c.id == cases.c.account_id)
    if case_ids is None:
        # Two reads, each along its own index: the cases still owed work (a partial index of a few
        # thousand), and those resolved today (the updated index); as one OR, SQLite scans every case.
        unresolved = (
            select(*_CASE_COLUMNS).select_from(source).where(cases.c.status != literal_column("'resolved'"))
        )  # literal: the index's own condition
        resolved_today = (
            select(*_CASE_COLUMNS)
            .select_from(source)
            .where(cases.c.status == "resolved", cases.c.updated_ms >= since_ms)
        )
        found = [FloorCase(*row) for row in connection.execute(unresolved)]
        found += [FloorCase(*row) for row in connection.execute(resolved_today)]
        touched = [c.id for c in found if c.updated_ms >= since_ms]
        day_events = _events(connection, since_ms, events.c.case_id, touched)
    else:
        ids = list(dict.fromkeys(case_ids))
        found = []
        for start in range(0, len(ids), _CHUNK):
            statement = (
                select(*_CASE_COLUMNS).select_from(source).where(cases.c.id.in_(ids[start : start + _CHUNK]))
            )
            found.extend(FloorCase(*row) for row in connection.execute(statement))
        day_events = _events(connection, since_ms, events.c.id, list(dict.fromkeys(event_ids)))
    hours = connection.execute(
        select(
            ((mentions.c.created_ms - hours_from) // 3_600_000).label("hour"),
            func.count(),
            func.total(mentions.c.sentiment_score),
        )
        .where(
            mentions.c.created_ms >= hours_from,
            mentions.c.created_ms <= now,
            mentions.c.from_brand.is_(False),
        )
        .group_by("hour")
    ).all()
    people = [
        Person(i, name, role, tuple(json.loads(teams_ or "[]")))
        for i, name, role, teams_ in connection.execute(
            select(users.c.id, users.c.name, users.c.role, users.c.teams)
            .where(users.c.disabled.is_(False))
            .order_by(users.c.name)
        )
    ]
    directory = {
        i: (handle, network)
        for i, handle, network in connection.execute(
            select(accounts.c.id, accounts.c.handle, accounts.c.network)
        )
    }
    team_names = set(connection.scalars(select(teams.c.id))) | {
        t for t in connection.scalars(select(accounts.c.team).distinct()) if t
    }
    return FloorRead(
        case_ids is None,
        found,
        day_events,
        {int(h): (int(n), float(total)) for h, n, total in hours},
        crisis_alerts_since(connection, since_ms),
        directory,
        people,
        tuple(sorted(team_names)),
    )


def _events(connection: Connection, since_ms: int, key, wanted: list[str]) -> list[FloorEvent]:
    found: list[FloorEvent] = []
    for start in range(0, len(wanted), _CHUNK):
        statement = select(
            events.c.id, events.c.case_id, events.c.type, events.c.actor, events.c.at_ms
        ).where(
            key.in_(wanted[start : start + _CHUNK]),
            # Through coalesce: the case (or id) index finds the few rows; the type index would read
            # every event of those types.
            and_(func.coalesce(events.c.type, "").in_(FLOOR_EVENT_TYPES), events.c.at_ms >= since_ms),
        )
        found.extend(FloorEvent(*row) for row in connection.execute(statement))
    return found


def customers_of(connection: Connection, case_ids: Collection[str]) -> dict[str, tuple[str, str]]:
    """Per case, its customer (the latest customer mention's author) and what they said last: the
    floor's lists name who waits, not only which brand account. A few index probes per case."""
    found: dict[str, tuple[str, str]] = {}
    ids = list(dict.fromkeys(case_ids))
    for start in range(0, len(ids), _CHUNK):
        latest = (
            select(mentions.c.case_id, mentions.c.author_handle, mentions.c.text)
            .where(mentions.c.case_id.in_(ids[start : start + _CHUNK]), mentions.c.from_brand.is_(False))
            .order_by(mentions.c.case_id, mentions.c.created_ms)
        )
        for case_id, handle, text in connection.execute(latest):
            found[case_id] = (handle, text)  # in time order: the last one stays
    return found
