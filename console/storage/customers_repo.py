"""Customers as the cache holds them: a case's author's profile, its link candidates, past cases.

Every look-up is an index probe: a case's author by the case's mentions, their identity by
(network, handle), a customer's rows by its id, candidates by handle key, name key, CRM id and
e-mail (console.domain.customer_links keeps those keys).
"""

import json
from dataclasses import dataclass

from sqlalchemy import Connection, and_, func, or_, select, tuple_

from console.domain.customer import (
    Customer,
    CustomerEvent,
    CustomerEventType,
    CustomerNote,
    Identity,
    PastCase,
)
from console.domain.customer_links import MIN_KEY, handle_key, name_words
from console.storage.database import CacheDatabase
from console.storage.schema import (
    cases,
    customer_events,
    customer_notes,
    customers,
    identities,
    mentions,
    users,
)

MAX_CANDIDATES = 50
EXCERPT = 80


@dataclass(frozen=True, slots=True)
class StoredProfile:
    """What the cache knows about one customer, merged shells included."""

    customer: Customer
    shells: tuple[str, ...]  # customers merged into this one: their notes and history are its own
    notes: tuple[CustomerNote, ...]  # newest first
    history: tuple[CustomerEvent, ...]  # newest first
    dismissed: frozenset[str]  # customers the agents said are someone else


class CustomerRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def author_of(self, case_id: str, handle: str | None = None) -> Identity | None:
        return await self._db.read(lambda c: author_of(c, case_id, handle))

    async def profile(self, customer_id: str) -> StoredProfile | None:
        return await self._db.read(lambda c: profile(c, customer_id))

    async def candidates(self, customer: Customer) -> list[Customer]:
        return await self._db.read(lambda c: candidates(c, customer))

    async def past_cases(self, customer: Customer) -> list[PastCase]:
        return await self._db.read(lambda c: past_cases(c, customer))

    async def names(self, user_ids: set[str]) -> dict[str, str]:
        return await self._db.read(lambda c: names(c, user_ids))


def author_of(connection: Connection, case_id: str, handle: str | None = None) -> Identity | None:
    """The identity of the customer who wrote the case's first mention (not the brand's reply) —
    or, with ``handle``, of that author among the case's (a conversation can have several)."""
    query = (
        select(mentions.c.network, mentions.c.author_handle)
        .where(mentions.c.case_id == case_id, mentions.c.from_brand.is_(False))
        .order_by(mentions.c.created_ms)
        .limit(1)
    )
    if handle is not None:
        query = query.where(mentions.c.author_handle == handle)
    first = connection.execute(query).first()
    if first is None:
        return None
    row = connection.execute(
        select(identities).where(
            identities.c.network == first.network, identities.c.handle == first.author_handle
        )
    ).first()
    return _identity(row) if row is not None else None


def customer(connection: Connection, customer_id: str) -> Customer | None:
    """The customer (following merges to the live one), with its identities."""
    seen: set[str] = set()
    row = None
    while customer_id and customer_id not in seen:
        seen.add(customer_id)
        row = connection.execute(select(customers).where(customers.c.id == customer_id)).first()
        if row is None or not row.merged_into:
            break
        customer_id = row.merged_into
    if row is None:
        return None
    linked = connection.execute(
        select(identities)
        .where(identities.c.customer_id == row.id)
        .order_by(identities.c.linked_ms, identities.c.id)
    )
    return _customer(row, tuple(_identity(r) for r in linked))


def profile(connection: Connection, customer_id: str) -> StoredProfile | None:
    found = customer(connection, customer_id)
    if found is None:
        return None
    shells = _shells(connection, found.id)
    owners = [found.id, *shells]
    notes = tuple(
        CustomerNote(r.id, r.customer_id, r.author, r.text, r.at_ms)
        for r in connection.execute(
            select(customer_notes)
            .where(customer_notes.c.customer_id.in_(owners))
            .order_by(customer_notes.c.at_ms.desc(), customer_notes.c.id.desc())
        )
    )
    history = tuple(
        CustomerEvent(r.id, r.customer_id, CustomerEventType(r.type), r.actor, r.at_ms, json.loads(r.data))
        for r in connection.execute(
            select(customer_events)
            .where(customer_events.c.customer_id.in_(owners))
            .order_by(customer_events.c.at_ms.desc(), customer_events.c.seq.desc())
        )
    )
    # A shell's own "merged" step is the live customer's "linked" one, told from the other side.
    history = tuple(e for e in history if e.customer_id == found.id or e.type is not CustomerEventType.MERGED)
    dismissed = frozenset(e.get("other") for e in history if e.type is CustomerEventType.DISMISSED)
    return StoredProfile(found, tuple(shells), notes, history, dismissed)


def _shells(connection: Connection, customer_id: str) -> list[str]:
    """Customers merged into this one, and into those, and so on."""
    found: list[str] = []
    frontier = [customer_id]
    while frontier:
        merged = list(connection.scalars(select(customers.c.id).where(customers.c.merged_into.in_(frontier))))
        frontier = [c for c in merged if c not in found and c != customer_id]
        found.extend(frontier)
    return found


def candidates(connection: Connection, me: Customer) -> list[Customer]:
    """Customers who share a handle key, a name word (as the first of their sorted name words), a CRM
    id or an e-mail with ``me``: the only ones :func:`console.domain.customer_links.suggest` can score."""
    keys = {handle_key(i.handle) for i in me.identities} - {""}
    keys = {key for key in keys if len(key) >= MIN_KEY}
    words = {w for name in (me.display_name, *(i.name for i in me.identities)) for w in name_words(name)}
    words = {word for word in words if len(word) >= MIN_KEY}
    by_identity = [identities.c.handle_key.in_(sorted(keys))] if keys else []
    # name_key is the sorted words: a range on each word finds the keys that start with it.
    by_identity += [
        and_(identities.c.name_key >= w, identities.c.name_key < w + "\uffff") for w in sorted(words)
    ]
    ids: list[str] = []
    if by_identity:
        ids += connection.scalars(
            select(identities.c.customer_id)
            .where(or_(*by_identity), identities.c.customer_id != me.id)
            .limit(MAX_CANDIDATES * 4)
        )
    records = []
    if me.crm_id:
        records.append(func.lower(customers.c.crm_id) == me.crm_id.strip().lower())
    if me.email:
        records.append(func.lower(customers.c.email) == me.email.strip().lower())
    if records:
        ids += connection.scalars(
            select(customers.c.id).where(or_(*records), customers.c.id != me.id).limit(20)
        )
    found = []
    for customer_id in dict.fromkeys(ids):
        other = customer(connection, customer_id)
        if other is not None and other.id != me.id and other.id not in {c.id for c in found}:
            found.append(other)
        if len(found) >= MAX_CANDIDATES:
            break
    return found


def past_cases(connection: Connection, me: Customer) -> list[PastCase]:
    """The cases the customer wrote in, on any of their identities, oldest first."""
    if not me.identities:
        return []
    authors = [(i.network, i.handle) for i in me.identities]
    mine = (
        select(
            mentions.c.case_id,
            func.count().label("count"),
            func.avg(mentions.c.sentiment_score).label("sentiment"),
            func.min(mentions.c.created_ms).label("first_ms"),
        )
        .where(
            tuple_(mentions.c.network, mentions.c.author_handle).in_(authors),
            mentions.c.from_brand.is_(False),
        )
        .group_by(mentions.c.case_id)
        .subquery()
    )
    rows = connection.execute(
        select(mine, cases.c.network, cases.c.status, cases.c.opened_ms)
        .join(cases, cases.c.id == mine.c.case_id, isouter=True)
        .order_by(mine.c.first_ms)
    ).all()
    excerpts = _first_texts(connection, [r.case_id for r in rows], authors)
    return [
        PastCase(
            case_id=row.case_id,
            network=row.network or "",
            status=row.status or "",
            opened_ms=row.opened_ms or row.first_ms,
            mentions=row.count,
            sentiment=round(float(row.sentiment or 0.0), 2),
            excerpt=excerpts.get(row.case_id, ""),
        )
        for row in rows
    ]


def _first_texts(
    connection: Connection, case_ids: list[str], authors: list[tuple[str, str]]
) -> dict[str, str]:
    found: dict[str, str] = {}
    if not case_ids:
        return found
    query = (
        select(mentions.c.case_id, mentions.c.text)
        .where(
            mentions.c.case_id.in_(case_ids),
            tuple_(mentions.c.network, mentions.c.author_handle).in_(authors),
        )
        .order_by(mentions.c.created_ms.desc())
    )
    for row in connection.execute(query):
        text = " ".join(row.text.split())
        found[row.case_id] = text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"
    return found


def names(connection: Connection, user_ids: set[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    return dict(
        connection.execute(select(users.c.id, users.c.name).where(users.c.id.in_(sorted(user_ids)))).all()
    )


def _identity(row) -> Identity:
    return Identity(row.id, row.customer_id, row.network, row.handle, row.name, row.linked_by, row.linked_ms)


def _customer(row, linked: tuple[Identity, ...]) -> Customer:
    return Customer(
        id=row.id,
        display_name=row.display_name,
        tier=row.tier,
        crm_id=row.crm_id,
        email=row.email,
        created_ms=row.created_ms,
        updated_ms=row.updated_ms,
        merged_into=row.merged_into,
        identities=linked,
    )
