"""Customers on the hub: identities for new authors at ingest, and the agents' links and splits.

Every author gets an identity (network, handle) the first time the hub hears from them, with a
customer of its own; ingest looks the batch's authors up once (:func:`known_authors`, which also
gives their tier for priority) and creates only the missing ones under its lock
(:func:`add_identities`). Agents then link identities into one customer, split them again, set the
tier, details and notes (:func:`apply`, called by console.hub.push in the mutation's transaction).

Merging is reversible: a customer whose identities all moved stays as an empty shell pointing at
the customer it went into (``merged_into``), with its notes and history; unlinking an identity sends
it back to the customer it came from when that one can take it, and every step is a customer event.
"""

import json
from collections.abc import Callable, Collection, Mapping
from typing import Any

from sqlalchemy import Connection, insert, select, update

from console.domain.customer import DEFAULT_TIER, INGEST_ACTOR, CustomerEventType, tier_rank
from console.domain.customer_links import handle_key, name_key
from console.domain.ids import uuid7
from console.domain.mutation import MutationKind
from console.hub.changelog import SequenceAllocator
from console.hub.schema import customer_events, customer_notes, customers, identities

_CHUNK = 250  # (network, handle) pairs per statement on SQLite
Author = tuple[str, str]  # (network, handle)
RowWriter = Callable[[Connection, str, tuple[str, ...], list], None]

CUSTOMER_COLUMNS = tuple(c.name for c in customers.columns)
IDENTITY_COLUMNS = tuple(c.name for c in identities.columns)


class CustomerRejectedError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# --- ingest ------------------------------------------------------------------------------------


def known_authors(connection: Connection, authors: Collection[Author]) -> dict[Author, str]:
    """The tier of each author among ``authors`` that has an identity already."""
    if not authors:
        return {}
    if connection.dialect.name == "postgresql":
        networks, handles = zip(*authors, strict=True)
        sql = (
            "SELECT i.network, i.handle, c.tier FROM unnest(%s::text[], %s::text[]) AS k(network, handle) "
            "JOIN identities i ON i.network = k.network AND i.handle = k.handle "
            "JOIN customers c ON c.id = i.customer_id"
        )
        return {(r[0], r[1]): r[2] for r in connection.exec_driver_sql(sql, (list(networks), list(handles)))}
    found = {}
    pairs = sorted(authors)
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        values = ", ".join(["(?, ?)"] * len(chunk))
        sql = (
            "SELECT i.network, i.handle, c.tier FROM identities i JOIN customers c ON c.id = i.customer_id "
            f"WHERE (i.network, i.handle) IN (VALUES {values})"
        )
        for row in connection.exec_driver_sql(sql, tuple(value for pair in chunk for value in pair)):
            found[(row[0], row[1])] = row[2]
    return found


def add_identities(
    connection: Connection,
    sequence: SequenceAllocator,
    authors: Mapping[Author, str],
    now: int,
    write: RowWriter,
) -> int:
    """A customer and an identity for each author in ``authors`` (→ their name) not stored yet.

    Called under ingest's lock with the authors :func:`known_authors` did not find before it, so
    the check here is authoritative and usually finds nothing new to skip. Returns how many.
    """
    if not authors:
        return 0
    stored = known_authors(connection, list(authors))
    customer_rows, identity_rows = [], []
    for (network, handle), name in authors.items():
        if (network, handle) in stored:
            continue
        customer_id = uuid7()
        customer_rows.append(
            (customer_id, name or handle, DEFAULT_TIER, "", "", None, now, now, sequence.next())
        )
        identity_rows.append(
            (
                uuid7(),
                customer_id,
                network,
                handle,
                name,
                handle_key(handle),
                name_key(name),
                INGEST_ACTOR,
                now,
                sequence.next(),
            )
        )
    if customer_rows:
        write(connection, "customers", CUSTOMER_COLUMNS, customer_rows)
        write(connection, "identities", IDENTITY_COLUMNS, identity_rows)
    return len(customer_rows)


# --- mutations ---------------------------------------------------------------------------------


def apply(
    connection: Connection,
    sequence: SequenceAllocator,
    actor: str,
    kind: MutationKind,
    payload: Mapping[str, Any],
    mutation_id: str,
    now: int,
) -> str:
    """Apply a customer mutation; returns a reason when it changed nothing (already so).

    Raises :class:`CustomerRejectedError` with the reason when it cannot apply.
    """
    work = _Work(connection, sequence, actor, mutation_id, now)
    if kind is MutationKind.LINK_IDENTITY:
        return work.link(payload)
    if kind is MutationKind.UNLINK_IDENTITY:
        return work.unlink(payload["identity_id"])
    if kind is MutationKind.CUSTOMER_NOTE:
        return work.note(payload["customer_id"], payload["text"].strip())
    if kind is MutationKind.CUSTOMER_TIER:
        return work.tier(payload["customer_id"], payload["tier"])
    if kind is MutationKind.CUSTOMER_DETAILS:
        return work.details(payload)
    if kind is MutationKind.DISMISS_LINK:
        return work.dismiss(payload["customer_id"], payload["other_customer_id"])
    raise AssertionError(f"not a customer mutation: {kind}")


class _Work:
    """One mutation's reads and writes, in the push's transaction."""

    def __init__(
        self, connection: Connection, sequence: SequenceAllocator, actor: str, mutation: str, now: int
    ):
        self.connection, self.sequence, self.actor, self.mutation, self.now = (
            connection,
            sequence,
            actor,
            mutation,
            now,
        )

    # reading

    def customer(self, customer_id: str, follow: bool = True):
        """The customer's row; with ``follow``, the live customer a merged one went into."""
        row = self.connection.execute(select(customers).where(customers.c.id == customer_id)).first()
        seen = {customer_id}
        while follow and row is not None and row.merged_into and row.merged_into not in seen:
            seen.add(row.merged_into)
            row = self.connection.execute(select(customers).where(customers.c.id == row.merged_into)).first()
        if row is None:
            raise CustomerRejectedError(f"no customer {customer_id} on this hub")
        return row

    def identity(self, identity_id: str):
        row = self.connection.execute(select(identities).where(identities.c.id == identity_id)).first()
        if row is None:
            raise CustomerRejectedError(f"no identity {identity_id} on this hub")
        return row

    def identities_of(self, customer_id: str) -> list:
        query = (
            select(identities).where(identities.c.customer_id == customer_id).order_by(identities.c.linked_ms)
        )
        return list(self.connection.execute(query))

    # writing

    def event(self, customer_id: str, kind: CustomerEventType, **data) -> None:
        data["mutation"] = self.mutation  # provenance, as case events carry (console.hub.push)
        self.connection.execute(
            insert(customer_events),
            {
                "id": uuid7(),
                "customer_id": customer_id,
                "type": kind.value,
                "actor": self.actor,
                "at_ms": self.now,
                "data": json.dumps(data, ensure_ascii=False),
                "seq": self.sequence.next(),
            },
        )

    def touch(self, customer_id: str, **values) -> None:
        self.connection.execute(
            update(customers)
            .where(customers.c.id == customer_id)
            .values(updated_ms=self.now, seq=self.sequence.next(), **values)
        )

    def move(self, identity_id: str, customer_id: str) -> None:
        self.connection.execute(
            update(identities)
            .where(identities.c.id == identity_id)
            .values(
                customer_id=customer_id, linked_by=self.actor, linked_ms=self.now, seq=self.sequence.next()
            )
        )

    # the mutations

    def link(self, payload: Mapping[str, Any]) -> str:
        target = self.customer(payload["customer_id"])
        if "identity_id" in payload:
            identity = self.identity(payload["identity_id"])
            if identity.customer_id == target.id:
                return "already linked"
            source = self.customer(identity.customer_id, follow=False)
            moving = [identity]
        else:
            source = self.customer(payload["other_customer_id"])
            if source.id == target.id:
                return "already one customer"
            moving = self.identities_of(source.id)
        for row in moving:
            self.move(row.id, target.id)
        linked = [_identity_json(row, source.id) for row in moving]
        emptied = not self.identities_of(source.id)
        changes: dict[str, Any] = {}
        if emptied:  # the whole customer came over: its tier and details come along if they add anything
            if tier_rank(source.tier) > tier_rank(target.tier):
                changes["tier"] = source.tier
            for field in ("crm_id", "email"):
                if getattr(source, field) and not getattr(target, field):
                    changes[field] = getattr(source, field)
            self.touch(source.id, merged_into=target.id)
            self.event(source.id, CustomerEventType.MERGED, into=target.id, identities=linked)
        else:
            self.touch(source.id)
            self.event(source.id, CustomerEventType.UNLINKED, identity=linked[0], to=target.id)
        self.touch(target.id, **changes)
        self.event(target.id, CustomerEventType.LINKED, identities=linked, source=source.id, took=changes)
        return ""

    def unlink(self, identity_id: str) -> str:
        identity = self.identity(identity_id)
        owner = self.customer(identity.customer_id, follow=False)
        if len(self.identities_of(owner.id)) == 1:
            raise CustomerRejectedError(
                f"@{identity.handle} is this customer's only identity: nothing to split"
            )
        origin = self._origin(owner.id, identity.id)
        moved = _identity_json(identity, owner.id)
        if origin is not None:  # back where it came from, with that customer's notes and history
            self.move(identity.id, origin.id)
            self.touch(origin.id, merged_into=None)
            self.event(origin.id, CustomerEventType.RESTORED, identity=moved, source=owner.id)
            destination = origin.id
        else:
            destination = uuid7()
            name = identity.name or identity.handle
            self.connection.execute(
                insert(customers),
                {
                    "id": destination,
                    "display_name": name,
                    "tier": DEFAULT_TIER,
                    "crm_id": "",
                    "email": "",
                    "merged_into": None,
                    "created_ms": self.now,
                    "updated_ms": self.now,
                    "seq": self.sequence.next(),
                },
            )
            self.move(identity.id, destination)
            self.event(destination, CustomerEventType.CREATED, identity=moved, source=owner.id)
        self.touch(owner.id)
        self.event(
            owner.id, CustomerEventType.UNLINKED, identity=moved, to=destination, restored=origin is not None
        )
        return ""

    def _origin(self, customer_id: str, identity_id: str):
        """The customer ``identity_id`` was linked from, if it can take it back (not merged elsewhere)."""
        query = (
            select(customer_events.c.data)
            .where(
                customer_events.c.customer_id == customer_id,
                customer_events.c.type == CustomerEventType.LINKED.value,
            )
            .order_by(customer_events.c.seq.desc())
        )
        for data in self.connection.scalars(query):
            moved = json.loads(data).get("identities", [])
            source = next((item["from"] for item in moved if item["id"] == identity_id), None)
            if source is None:
                continue
            row = self.connection.execute(select(customers).where(customers.c.id == source)).first()
            if row is not None and row.id != customer_id and row.merged_into in (None, customer_id):
                return row
            return None
        return None

    def note(self, customer_id: str, text: str) -> str:
        customer = self.customer(customer_id)
        exists = self.connection.scalar(
            select(customer_notes.c.id).where(customer_notes.c.id == self.mutation)
        )
        if exists:
            return "noted already"
        values = {"id": self.mutation, "customer_id": customer.id, "author": self.actor, "text": text}
        self.connection.execute(
            insert(customer_notes), {**values, "at_ms": self.now, "seq": self.sequence.next()}
        )
        self.event(customer.id, CustomerEventType.NOTE, note=self.mutation)
        return ""

    def tier(self, customer_id: str, tier: str) -> str:
        customer = self.customer(customer_id)
        if customer.tier == tier:
            return f"already {tier}"
        self.touch(customer.id, tier=tier)
        self.event(customer.id, CustomerEventType.TIER, before=customer.tier, after=tier)
        return ""

    def details(self, payload: Mapping[str, Any]) -> str:
        customer = self.customer(payload["customer_id"])
        changes = {
            field: payload[field].strip()
            for field in ("crm_id", "email")
            if field in payload and payload[field].strip() != getattr(customer, field)
        }
        if not changes:
            return "no change"
        self.touch(customer.id, **changes)
        before = {field: getattr(customer, field) for field in changes}
        self.event(customer.id, CustomerEventType.DETAILS, before=before, after=changes)
        return ""

    def dismiss(self, customer_id: str, other_id: str) -> str:
        customer, other = self.customer(customer_id), self.customer(other_id)
        if customer.id == other.id:
            raise CustomerRejectedError("a customer is not a suggestion for itself")
        # Both sides remember it, so neither profile suggests the other again.
        self.event(customer.id, CustomerEventType.DISMISSED, other=other.id)
        self.event(other.id, CustomerEventType.DISMISSED, other=customer.id)
        return ""


def _identity_json(row, source: str) -> dict:
    return {"id": row.id, "network": row.network, "handle": row.handle, "from": source}
