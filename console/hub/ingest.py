"""Ingest: store new mentions once, fold them into cases, and log every change in one transaction.

Every writer locks the change counter (see :mod:`console.hub.changelog`) from its first statement
to its commit, so whatever ingest does inside that transaction serialises all writers of the hub.
Ingest therefore works in two phases:

* :func:`prepare` — no lock held: drop mentions already stored (an optimistic read), analyse the
  rest (sentiment, intent, language, base priority: :mod:`console.domain.analysis`), and build
  every part of their rows that does not depend on the database (ids, row tuples, event JSON).
* :func:`store` — under the lock: the authoritative dedup check, the case lookup, the fold of the
  new events into cases, the change numbers, and the bulk writes (the driver's ``executemany`` on
  SQLite, ``COPY`` for the insert-only rows on PostgreSQL; both inside the same transaction).
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import NamedTuple

from sqlalchemy import Connection, Engine, insert, select, update

from console.domain.analysis import analyze
from console.domain.case import Case, apply_event, fold_onto, joins_customer_case, starts_own_conversation
from console.domain.clock import now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.mention import BrandAccount, Mention
from console.domain.sla import SlaPolicies, routing_changes
from console.hub.cases import case_from_row, case_values
from console.hub.changelog import lock_sequence
from console.hub.customers import add_identities, known_authors
from console.hub.database import reader
from console.hub.rescope import cases_owned_through, touch_cases
from console.hub.schema import accounts, cases, events, mentions
from console.hub.service_levels import DEFAULT_SLA

CUSTOMER = "customer"
_to_json = json.JSONEncoder(ensure_ascii=False).encode  # json.dumps minus its per-call set-up
_CHUNK = 500  # keys per IN list on SQLite (its default limit is 32,766 variables)

MENTION_COLUMNS = tuple(c.name for c in mentions.columns)
EVENT_COLUMNS = tuple(c.name for c in events.columns)
CASE_COLUMNS = tuple(c.name for c in cases.columns)
# Row tuples are built in these orders; the last columns are only known under the lock.
assert MENTION_COLUMNS[-3:] == ("case_id", "ingested_ms", "seq")
assert EVENT_COLUMNS == ("id", "case_id", "type", "at_ms", "actor", "data", "seq")
assert CASE_COLUMNS[0] == "id" and CASE_COLUMNS[-1] == "seq"


@dataclass(frozen=True, slots=True)
class IngestResult:
    inserted: int
    duplicates: int
    cases_created: int
    head: int  # the change sequence after this batch


class _Opening(NamedTuple):
    """What a conversation's new case would be, made ready in case the hub has no case for it."""

    event: Event  # case_created
    data_json: str


class _Prepared(NamedTuple):
    """A new mention with what the hub adds, and its ``mention_received`` event minus the case."""

    key: tuple[str, str]  # (network, external_id)
    conversation: str
    created_ms: int
    row: tuple  # the mention row up to, not including, case_id
    event_id: str
    event_data: MappingProxyType
    event_json: str
    parent: tuple[str, str] | None  # (network, parent external id) of a reply
    customer: tuple[str, str] | None  # (account id, author handle) when it may join their case
    priority: int  # the mention's base priority, which routing raises its case to


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch made ready for :func:`store`, outside any transaction."""

    size: int  # mentions in the batch as received, repeats included
    received_ms: int
    mentions: tuple[_Prepared, ...]  # one per dedup key not stored yet, oldest first
    openings: dict[str, _Opening]  # per conversation key of those mentions
    new_authors: dict[tuple[str, str], str]  # (network, handle) -> name of authors without an identity


def ingest(
    engine: Engine, batch: Sequence[Mention], now: int | None = None, policies: SlaPolicies = DEFAULT_SLA
) -> IngestResult:
    """Store the mentions not seen before (deduplicated on network and external id)."""
    return store(engine, prepare(engine, batch, now), policies)


def prepare(engine: Engine, batch: Sequence[Mention], now: int | None = None) -> PreparedBatch:
    """Score and build the rows of the mentions that look new, without locking anything.

    The read of stored keys is only a filter, so a slow classifier never scores a redelivered
    mention; :func:`store` checks again under the lock, which is what makes dedup exact.
    """
    unique: dict[tuple[str, str], Mention] = {}
    for mention in batch:
        unique.setdefault(mention.dedup_key, mention)
    with reader(engine).connect() as connection:
        stored = _existing_keys(connection, unique)
        fresh = sorted((m for key, m in unique.items() if key not in stored), key=lambda m: m.created_ms)
        # Every author gets an identity; the known ones' tier counts in priority (one look-up a batch).
        authors = {(m.network.value, m.author.handle): m.author.name for m in fresh if not m.from_brand}
        tiers = known_authors(connection, authors)
    prepared = tuple(_prepared(m, tiers.get((m.network.value, m.author.handle))) for m in fresh)
    openings = {}
    for mention, item in zip(fresh, prepared, strict=True):
        if item.conversation not in openings:
            openings[item.conversation] = _opening(mention, item.conversation)
    new_authors = {key: name for key, name in authors.items() if key not in tiers}
    return PreparedBatch(len(batch), now_ms() if now is None else now, prepared, openings, new_authors)


def store(engine: Engine, batch: PreparedBatch, policies: SlaPolicies = DEFAULT_SLA) -> IngestResult:
    """Write a prepared batch: the only part of ingest that holds the change counter's lock.

    Each case that opens, reopens or becomes more urgent is routed in the same transaction: a
    ``routed`` event sets its priority and service level (console.domain.sla.routing_changes).
    """
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        stored = _existing_keys(connection, [item.key for item in batch.mentions]) if batch.mentions else ()
        fresh = [item for item in batch.mentions if item.key not in stored]
        if not fresh:
            return IngestResult(0, batch.size, 0, sequence.last)
        known = _latest_cases(connection, {item.conversation for item in fresh})
        known |= _linked_cases(connection, [item for item in fresh if item.conversation not in known])
        case_ids = {key: case.id for key, case in known.items()}
        by_external = {item.key: item.conversation for item in fresh}  # for replies within the batch
        by_customer: dict[tuple[str, str], str] = {}  # customer -> case id given in this batch
        folds: dict[str, list[Event]] = {}  # case id -> its new events, in order
        urgency: dict[str, int] = {}  # case id -> its most urgent new mention's priority
        mention_rows, event_rows = [], []
        for item in fresh:
            case_id = case_ids.get(item.conversation)
            if case_id is None and item.parent in by_external:  # a reply to a mention of this batch
                case_id = case_ids.get(by_external[item.parent])
            if case_id is None and item.customer in by_customer:
                case_id = by_customer[item.customer]
            if case_id is not None:
                case_ids[item.conversation] = case_id
            else:
                opening = batch.openings[item.conversation]
                case_id = case_ids[item.conversation] = opening.event.case_id
                folds[case_id] = [opening.event]
                event_rows.append(_event_row(opening.event, opening.data_json, sequence.next()))
            received = Event(
                item.event_id, case_id, EventType.MENTION_RECEIVED, item.created_ms, CUSTOMER, item.event_data
            )
            folds.setdefault(case_id, []).append(received)
            urgency[case_id] = max(urgency.get(case_id, 0), item.priority)
            if item.customer is not None:
                by_customer[item.customer] = case_id
            event_rows.append(_event_row(received, item.event_json, sequence.next()))
            mention_rows.append((*item.row, case_id, batch.received_ms, sequence.next()))
        before = {case.id: case for case in known.values()}
        touched = []
        for case_id, new_events in folds.items():
            previous = before.get(case_id)
            case = fold_onto(previous, new_events)
            changes = routing_changes(previous, case, urgency[case_id], policies, batch.received_ms)
            if changes:
                routed = Event(
                    uuid7(), case_id, EventType.ROUTED, max(batch.received_ms, case.updated_ms), data=changes
                )
                event_rows.append(_event_row(routed, _to_json(changes), sequence.next()))
                case = apply_event(case, routed)
            touched.append(case)
        insert_rows = _copy if connection.dialect.name == "postgresql" else _executemany_insert
        add_identities(connection, sequence, batch.new_authors, batch.received_ms, insert_rows)
        new_cases = [_case_row(c, sequence.next()) for c in touched if c.id not in before]
        changed = [_case_row(c, sequence.next()) for c in touched if c.id in before]
        _write(connection, mention_rows, event_rows, new_cases, changed)
        sequence.close()
        return IngestResult(len(fresh), batch.size - len(fresh), len(new_cases), sequence.last)


def upsert_accounts(engine: Engine, brand_accounts: Iterable[BrandAccount]) -> int:
    """Register or update brand accounts; only real changes get a new change number.

    An account passing to another team takes its cases along: they are re-logged in the same
    transaction, so the new team's workstations receive them whole (see console.hub.rescope).
    """
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        current = {row.id: row for row in connection.execute(select(accounts))}
        for account in brand_accounts:
            values = {
                "network": account.network.value,
                "handle": account.handle,
                "name": account.name,
                "team": account.team,
            }
            row = current.get(account.id)
            if row is None:
                connection.execute(insert(accounts).values(id=account.id, seq=sequence.next(), **values))
            elif any(getattr(row, k) != v for k, v in values.items()):
                connection.execute(
                    update(accounts).where(accounts.c.id == account.id).values(seq=sequence.next(), **values)
                )
                if row.team != account.team:
                    touch_cases(connection, sequence, cases_owned_through(connection, account.id))
        sequence.close()
        return sequence.last


# --- preparing, outside the lock ---------------------------------------------------------------


def _media_json(media) -> str:
    if not media:
        return "[]"
    return _to_json([{"kind": m.kind, "url": m.url, "preview_url": m.preview_url} for m in media])


def _prepared(mention: Mention, tier: str | None = None) -> _Prepared:
    mention_id = mention.id or uuid7()
    conversation = mention.conversation_key or f"{mention.network.value}:{mention.external_id}"
    author = mention.author
    # The brand's own reply is not a customer's mood ("sentiment after" reads the customer only),
    # nor work for the queue: it keeps neutral, no intent and no priority.
    if mention.from_brand:
        sentiment, score, intent, lang, priority, reasons = "neutral", 0.0, "", mention.lang, 0, "[]"
    else:
        analysis = analyze(mention.text, author.followers, author.verified, tier, lang=mention.lang)
        sentiment, score = analysis.sentiment.label.value, analysis.sentiment.score
        intent, lang = analysis.intent.intent.value, analysis.lang
        priority, reasons = analysis.priority.score, _to_json(analysis.priority.reasons)
    row = (
        mention_id,
        mention.network.value,
        mention.external_id,
        mention.account_id,
        mention.kind.value,
        author.handle,
        author.name,
        author.followers,
        author.verified,
        mention.text,
        lang,
        mention.url,
        mention.created_ms,
        mention.parent_external_id,
        conversation,
        sentiment,
        score,
        mention.rating,
        mention.from_brand,
        intent,
        priority,
        reasons,
        _media_json(mention.media),
    )
    data = {"mention_id": mention_id, "sentiment": sentiment}
    if not mention.from_brand:
        data["score"] = score  # the case keeps the customer's mood before and after the first answer
    if mention.from_brand:
        data["from_brand"] = True  # the case's fold leaves its status alone (see console.domain.case)
    starts = starts_own_conversation(mention.kind.value, mention.parent_external_id, mention.from_brand)
    return _Prepared(
        mention.dedup_key,
        conversation,
        mention.created_ms,
        row,
        uuid7(),
        MappingProxyType(data),
        _to_json(data),
        (mention.network.value, mention.parent_external_id) if mention.parent_external_id else None,
        (mention.account_id, author.handle) if starts else None,
        priority,
    )


def _opening(mention: Mention, conversation: str) -> _Opening:
    data = {
        "network": mention.network.value,
        "account_id": mention.account_id,
        "conversation_key": conversation,
    }
    created = Event(uuid7(), uuid7(), EventType.CASE_CREATED, mention.created_ms, data=data)
    return _Opening(created, _to_json(data))


def _event_row(event: Event, data_json: str, seq: int) -> tuple:
    return (event.id, event.case_id, event.type.value, event.at_ms, event.actor, data_json, seq)


def _case_row(case: Case, seq: int) -> tuple:
    values = case_values(case, seq)
    return tuple(values[name] for name in CASE_COLUMNS)


# --- reading, per dialect ----------------------------------------------------------------------


def _existing_keys(connection: Connection, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (network, external id) pairs among ``keys`` that are stored already."""
    by_network: dict[str, list[str]] = {}
    for network, external_id in keys:
        by_network.setdefault(network, []).append(external_id)
    if connection.dialect.name == "postgresql":
        return _existing_keys_postgres(connection, by_network)
    seen: set[tuple[str, str]] = set()
    for network, ids in by_network.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            sql = (
                "SELECT external_id FROM mentions WHERE network = ? "
                f"AND external_id IN ({', '.join('?' * len(chunk))})"
            )
            seen.update((network, row[0]) for row in connection.exec_driver_sql(sql, (network, *chunk)))
    return seen


def _existing_keys_postgres(connection: Connection, by_network: dict[str, list[str]]) -> set[tuple[str, str]]:
    """One statement per batch, and one probe of the unique index per key (see _latest_cases_postgres)."""
    networks = [network for network, ids in by_network.items() for _ in ids]
    external_ids = [external_id for ids in by_network.values() for external_id in ids]
    sql = (
        "SELECT k.network, k.external_id FROM unnest(%s::text[], %s::text[]) AS k(network, external_id) "
        "CROSS JOIN LATERAL (SELECT 1 FROM mentions m WHERE m.network = k.network "
        "AND m.external_id = k.external_id) AS found"
    )
    return {(row[0], row[1]) for row in connection.exec_driver_sql(sql, (networks, external_ids))}


def _linked_cases(connection: Connection, items: list[_Prepared]) -> dict[str, Case]:
    """Stored cases that conversations without a case of their own join (console.domain.case rules 2, 3).

    Keyed by the conversation that joins: a reply's goes to the case of the mention it replies to; a
    customer's new post or DM to their latest case on the account, if it is open or just resolved.
    """
    if not items:
        return {}
    parents = _parent_cases(connection, {item.parent for item in items if item.parent})
    customers = _customer_cases(connection, {item.customer for item in items if item.customer})
    cases_by_id = _cases_by_id(connection, set(parents.values()) | set(customers.values()))
    linked: dict[str, Case] = {}
    for item in items:
        if item.conversation in linked:
            continue
        case = cases_by_id.get(parents.get(item.parent, ""))
        if case is None and item.customer is not None:
            latest = cases_by_id.get(customers.get(item.customer, ""))
            case = latest if latest is not None and joins_customer_case(latest, item.created_ms) else None
        if case is not None:
            linked[item.conversation] = case
    return linked


def _parent_cases(connection: Connection, parents: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The case id of each stored mention among ``parents`` (network, external id)."""
    if not parents:
        return {}
    if connection.dialect.name == "postgresql":
        networks, external_ids = zip(*parents, strict=True)
        sql = (
            "SELECT m.network, m.external_id, m.case_id FROM unnest(%s::text[], %s::text[]) AS k(network, "
            "external_id) JOIN mentions m ON m.network = k.network AND m.external_id = k.external_id"
        )
        rows = connection.exec_driver_sql(sql, (list(networks), list(external_ids)))
        return {(row[0], row[1]): row[2] for row in rows}
    found = {}
    by_network: dict[str, list[str]] = {}
    for network, external_id in parents:
        by_network.setdefault(network, []).append(external_id)
    for network, ids in by_network.items():
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            sql = (
                "SELECT external_id, case_id FROM mentions WHERE network = ? "
                f"AND external_id IN ({', '.join('?' * len(chunk))})"
            )
            for row in connection.exec_driver_sql(sql, (network, *chunk)):
                found[(network, row[0])] = row[1]
    return found


def _customer_cases(connection: Connection, customers: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The case of each customer's (account id, handle) latest mention (ix_mentions_customer)."""
    if not customers:
        return {}
    if connection.dialect.name == "postgresql":
        accounts_, handles = zip(*customers, strict=True)
        sql = (
            "SELECT k.account_id, k.handle, m.case_id FROM unnest(%s::text[], %s::text[]) AS k(account_id, "
            "handle) CROSS JOIN LATERAL (SELECT case_id FROM mentions WHERE account_id = k.account_id AND "
            "author_handle = k.handle AND NOT from_brand ORDER BY created_ms DESC LIMIT 1) AS m"
        )
        rows = connection.exec_driver_sql(sql, (list(accounts_), list(handles)))
        return {(row[0], row[1]): row[2] for row in rows}
    found = {}
    pairs = sorted(customers)
    for start in range(0, len(pairs), _CHUNK // 2):
        chunk = pairs[start : start + _CHUNK // 2]
        # SQLite returns the other columns of the row that holds the MAX: the latest mention's case.
        values = ", ".join(["(?, ?)"] * len(chunk))
        sql = (
            "SELECT account_id, author_handle, case_id, MAX(created_ms) FROM mentions "
            f"WHERE NOT from_brand AND (account_id, author_handle) IN (VALUES {values}) "
            "GROUP BY account_id, author_handle"
        )
        for row in connection.exec_driver_sql(sql, tuple(value for pair in chunk for value in pair)):
            found[(row[0], row[1])] = row[2]
    return found


def _cases_by_id(connection: Connection, ids: set[str]) -> dict[str, Case]:
    if not ids:
        return {}
    columns = ", ".join(CASE_COLUMNS)
    if connection.dialect.name == "postgresql":
        rows = connection.exec_driver_sql(f"SELECT {columns} FROM cases WHERE id = ANY(%s)", (sorted(ids),))
        return {row.id: case_from_row(row) for row in rows}
    found = {}
    id_list = sorted(ids)
    for start in range(0, len(id_list), _CHUNK):
        chunk = id_list[start : start + _CHUNK]
        sql = f"SELECT {columns} FROM cases WHERE id IN ({', '.join('?' * len(chunk))})"
        found.update((row.id, case_from_row(row)) for row in connection.exec_driver_sql(sql, tuple(chunk)))
    return found


def _latest_cases(connection: Connection, keys: set[str]) -> dict[str, Case]:
    """The newest case of each conversation: a new mention joins it (reopening it if resolved)."""
    if connection.dialect.name == "postgresql":
        return _latest_cases_postgres(connection, keys)
    found: dict[str, Case] = {}
    key_list = sorted(keys)
    columns = ", ".join(CASE_COLUMNS)
    for start in range(0, len(key_list), _CHUNK):
        chunk = key_list[start : start + _CHUNK]
        sql = (
            f"SELECT {columns} FROM cases WHERE conversation_key IN ({', '.join('?' * len(chunk))}) "
            "ORDER BY opened_ms"
        )
        for row in connection.exec_driver_sql(sql, tuple(chunk)):
            found[row.conversation_key] = case_from_row(row)
    return found


def _latest_cases_postgres(connection: Connection, keys: set[str]) -> dict[str, Case]:
    """One index probe per key whatever the planner's statistics say.

    A plain ``IN`` of hundreds of keys on a freshly loaded table (no ANALYZE yet) is planned as a
    sequential scan, which made ingest slow down as the hub filled; a LATERAL lookup cannot be.
    """
    columns = ", ".join(f"c.{name}" for name in CASE_COLUMNS)
    sql = (
        f"SELECT {columns} FROM unnest(%s::text[]) AS k(key) CROSS JOIN LATERAL "
        "(SELECT * FROM cases WHERE cases.conversation_key = k.key ORDER BY opened_ms DESC LIMIT 1) AS c"
    )
    return {
        row.conversation_key: case_from_row(row) for row in connection.exec_driver_sql(sql, (list(keys),))
    }


# --- writing, per dialect ----------------------------------------------------------------------


def _write(
    connection: Connection, mention_rows: list, event_rows: list, new_cases: list, changed: list
) -> None:
    """Bulk writes with prepared SQL: SQLAlchemy's per-row parameter handling cost more than the inserts."""
    insert_rows = _copy if connection.dialect.name == "postgresql" else _executemany_insert
    insert_rows(connection, "mentions", MENTION_COLUMNS, mention_rows)
    insert_rows(connection, "events", EVENT_COLUMNS, event_rows)
    if new_cases:
        insert_rows(connection, "cases", CASE_COLUMNS, new_cases)
    if changed:
        _update_cases(connection, changed)


def _executemany_insert(connection: Connection, table: str, columns: Sequence[str], rows: list) -> None:
    marks = ", ".join(_marks(connection, len(columns)))
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)


def _copy(connection: Connection, table: str, columns: Sequence[str], rows: list) -> None:
    """PostgreSQL's ``COPY`` on the transaction's own connection: atomic with everything else in it."""
    driver_connection = connection.connection.driver_connection
    with (
        driver_connection.cursor() as cursor,
        cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)


def _update_cases(connection: Connection, rows: list[tuple]) -> None:
    """Rewrite whole case rows by id (pipelined by psycopg's ``executemany`` on PostgreSQL)."""
    marks = _marks(connection, len(CASE_COLUMNS))
    assignments = ", ".join(f"{name} = {mark}" for name, mark in zip(CASE_COLUMNS[1:], marks, strict=False))
    sql = f"UPDATE cases SET {assignments} WHERE id = {marks[-1]}"
    connection.exec_driver_sql(sql, [(*row[1:], row[0]) for row in rows])


def _marks(connection: Connection, count: int) -> list[str]:
    """Positional parameter markers in the driver's own style (exec_driver_sql passes SQL as is)."""
    return ["%s" if connection.dialect.paramstyle in {"format", "pyformat"} else "?"] * count
