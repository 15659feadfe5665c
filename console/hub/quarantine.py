"""Payloads a connector could not read as mentions, kept with their reason for a supervisor to see
(and to replay once a connector learns to read them). Written outside the change log: not replicated."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Engine, insert, select

from console.channels.normalized import Page, Quarantined
from console.domain.ids import uuid7
from console.domain.network import Network
from console.hub.ingest import ingest
from console.hub.schema import quarantine


@dataclass(frozen=True, slots=True)
class Held:
    id: str
    network: str
    account_id: str | None
    source: str
    location: str
    reason: str
    payload: str
    received_ms: int


def hold(
    engine: Engine,
    network: Network,
    account_id: str | None,
    source: str,
    items: Iterable[Quarantined],
    received_ms: int,
) -> int:
    rows = [
        {
            "id": uuid7(received_ms),
            "network": network.value,
            "account_id": account_id,
            "source": source[:255],
            "location": item.where[:255],
            "reason": item.reason,
            "payload": item.payload,
            "received_ms": received_ms,
        }
        for item in items
    ]
    if rows:
        with engine.begin() as connection:
            connection.execute(insert(quarantine), rows)
    return len(rows)


def store_page(
    engine: Engine, network: Network, account_id: str | None, source: str, page: Page, received_ms: int
) -> tuple[int, int]:
    """A page as fetched or delivered: its mentions ingested (deduplicated), the rest held here.
    Returns (mentions stored, items quarantined)."""
    stored = ingest(engine, list(page.mentions)).inserted if page.mentions else 0
    return stored, hold(engine, network, account_id, source, page.quarantined, received_ms)


def recent(engine: Engine, limit: int = 50, network: Network | None = None) -> Sequence[Held]:
    query = select(quarantine).order_by(quarantine.c.received_ms.desc(), quarantine.c.id.desc()).limit(limit)
    if network is not None:
        query = query.where(quarantine.c.network == network.value)
    with engine.connect() as connection:
        return [Held(**row._mapping) for row in connection.execute(query)]
