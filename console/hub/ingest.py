"""Ingest: store new mentions once, fold them into cases, and log every change in one transaction."""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sqlalchemy import Connection, Engine, bindparam, insert, select, text, update

from console.domain.case import Case, CaseStatus, apply_event
from console.domain.clock import now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.mention import BrandAccount, Mention
from console.domain.network import Network
from console.domain.sentiment import SentimentResult, score_sentiment
from console.hub.changelog import lock_sequence
from console.hub.schema import accounts, cases, events, mentions

_CHUNK = 500
CUSTOMER = "customer"


@dataclass(frozen=True, slots=True)
class IngestResult:
    inserted: int
    duplicates: int
    cases_created: int
    head: int  # the change sequence after this batch


def ingest(engine: Engine, batch: Sequence[Mention], now: int | None = None) -> IngestResult:
    """Store the mentions not seen before (deduplicated on network and external id)."""
    received = now_ms() if now is None else now
    unique: dict[tuple[str, str], Mention] = {}
    for mention in batch:
        unique.setdefault(mention.dedup_key, mention)
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        seen = _existing_keys(connection, unique)
        fresh = sorted(
            (_prepared(m) for key, m in unique.items() if key not in seen), key=lambda p: p.mention.created_ms
        )
        if not fresh:
            return IngestResult(0, len(batch), 0, sequence.last)
        by_key = _latest_cases(connection, {p.key for p in fresh})
        known_ids = {case.id for case in by_key.values()}
        mention_rows, event_rows = [], []
        for prepared in fresh:
            mention = prepared.mention
            case = by_key.get(prepared.key)
            if case is None:
                created = Event(
                    uuid7(),
                    uuid7(),
                    EventType.CASE_CREATED,
                    mention.created_ms,
                    data={
                        "network": mention.network.value,
                        "account_id": mention.account_id,
                        "conversation_key": prepared.key,
                    },
                )
                case = apply_event(None, created)
                event_rows.append(_event_row(created, sequence.next()))
            received_event = Event(
                uuid7(),
                case.id,
                EventType.MENTION_RECEIVED,
                mention.created_ms,
                actor=CUSTOMER,
                data={"mention_id": prepared.id, "sentiment": prepared.sentiment.label.value},
            )
            case = apply_event(case, received_event)
            by_key[prepared.key] = case
            event_rows.append(_event_row(received_event, sequence.next()))
            mention_rows.append(_mention_row(prepared, case.id, received, sequence.next()))
        touched = {case.id: case for case in by_key.values() if case.version}
        new_cases = [_case_row(c, sequence.next()) for i, c in touched.items() if i not in known_ids]
        changed = [_case_row(c, sequence.next()) for i, c in touched.items() if i in known_ids]
        connection.execute(insert(mentions), mention_rows)
        connection.execute(insert(events), event_rows)
        if new_cases:
            connection.execute(insert(cases), new_cases)
        if changed:
            _update_cases(connection, changed)
        sequence.close()
        return IngestResult(len(fresh), len(batch) - len(fresh), len(new_cases), sequence.last)


def upsert_accounts(engine: Engine, brand_accounts: Iterable[BrandAccount]) -> int:
    """Register or update brand accounts; only real changes get a new change number."""
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
        sequence.close()
        return sequence.last


class _Prepared(NamedTuple):
    """A fresh mention with what the hub adds: its id, conversation key and sentiment."""

    mention: Mention
    id: str
    key: str
    sentiment: SentimentResult


def _prepared(mention: Mention) -> _Prepared:
    return _Prepared(
        mention,
        mention.id or uuid7(),
        mention.conversation_key or f"{mention.network.value}:{mention.external_id}",
        score_sentiment(mention.text),
    )


def _existing_keys(connection: Connection, keys: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    by_network: dict[str, list[str]] = {}
    for network, external_id in keys:
        by_network.setdefault(network, []).append(external_id)
    seen: set[tuple[str, str]] = set()
    for network, ids in by_network.items():
        for start in range(0, len(ids), _CHUNK):
            query = select(mentions.c.external_id).where(
                mentions.c.network == network, mentions.c.external_id.in_(ids[start : start + _CHUNK])
            )
            seen.update((network, external_id) for external_id in connection.scalars(query))
    return seen


def _latest_cases(connection: Connection, keys: set[str]) -> dict[str, Case]:
    """The newest case of each conversation: a new mention joins it (reopening it if resolved)."""
    if connection.dialect.name == "postgresql":
        return _latest_cases_postgres(connection, keys)
    found: dict[str, Case] = {}
    key_list = sorted(keys)
    for start in range(0, len(key_list), _CHUNK):
        query = (
            select(cases)
            .where(cases.c.conversation_key.in_(key_list[start : start + _CHUNK]))
            .order_by(cases.c.opened_ms)
        )
        for row in connection.execute(query):
            found[row.conversation_key] = _case_from_row(row)
    return found


def _latest_cases_postgres(connection: Connection, keys: set[str]) -> dict[str, Case]:
    """One index probe per key whatever the planner's statistics say.

    A plain ``IN`` of hundreds of keys on a freshly loaded table (no ANALYZE yet) is planned as a
    sequential scan, which made ingest slow down as the hub filled; a LATERAL lookup cannot be.
    """
    statement = text(
        "SELECT c.* FROM unnest(CAST(:keys AS text[])) AS k(key) CROSS JOIN LATERAL "
        "(SELECT * FROM cases WHERE cases.conversation_key = k.key ORDER BY opened_ms DESC LIMIT 1) AS c"
    )
    return {
        row.conversation_key: _case_from_row(row)
        for row in connection.execute(statement, {"keys": list(keys)})
    }


def _case_from_row(row) -> Case:
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
    )


def _case_row(case: Case, seq: int) -> dict:
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
        "tags": json.dumps(sorted(case.tags)),
        "first_response_ms": case.first_response_ms,
        "resolved_ms": case.resolved_ms,
        "reopen_count": case.reopen_count,
        "version": case.version,
        "seq": seq,
    }


def _update_cases(connection: Connection, rows: list[dict]) -> None:
    columns = [name for name in rows[0] if name != "id"]
    statement = (
        update(cases)
        .where(cases.c.id == bindparam("case_id"))
        .values({name: bindparam(f"v_{name}") for name in columns})
    )
    connection.execute(
        statement, [{"case_id": row["id"], **{f"v_{k}": row[k] for k in columns}} for row in rows]
    )


def _event_row(event: Event, seq: int) -> dict:
    return {
        "id": event.id,
        "case_id": event.case_id,
        "type": event.type.value,
        "at_ms": event.at_ms,
        "actor": event.actor,
        "data": json.dumps(dict(event.data), ensure_ascii=False),
        "seq": seq,
    }


def _mention_row(prepared: _Prepared, case_id: str, received: int, seq: int) -> dict:
    mention = prepared.mention
    return {
        "id": prepared.id,
        "network": mention.network.value,
        "external_id": mention.external_id,
        "account_id": mention.account_id,
        "kind": mention.kind.value,
        "author_handle": mention.author.handle,
        "author_name": mention.author.name,
        "author_followers": mention.author.followers,
        "author_verified": mention.author.verified,
        "text": mention.text,
        "lang": mention.lang,
        "url": mention.url,
        "created_ms": mention.created_ms,
        "parent_external_id": mention.parent_external_id,
        "conversation_key": prepared.key,
        "sentiment": prepared.sentiment.label.value,
        "sentiment_score": prepared.sentiment.score,
        "rating": mention.rating,
        "case_id": case_id,
        "ingested_ms": received,
        "seq": seq,
    }
