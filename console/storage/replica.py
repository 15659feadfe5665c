"""Applying the hub's changes to the cache, with the cursor, in one transaction.

Because the rows and the cursor commit together, a workstation killed mid-sync resumes exactly
where its last committed page ended: nothing is skipped and re-applied rows are plain upserts.
"""

import json
from collections.abc import Sequence

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from console.domain.clock import now_ms
from console.domain.sync import AppliedChanges, SyncCursor
from console.storage.database import CacheDatabase
from console.storage.schema import REPLICATED, sync_state

_JSON_COLUMNS = {"case": ("tags",), "event": ("data",)}


class MalformedChangeError(ValueError):
    """A change from the hub that does not fit the cache; nothing of its page was applied."""


class Replica:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._columns = {kind: [c.name for c in table.columns] for kind, table in REPLICATED.items()}
        # The initial sync's hot path: one prepared upsert per table, run with the driver's executemany
        # (half the time of a compiled Core statement, whose per-row parameter handling dominated).
        self._upserts = {
            kind: _upsert_sql(table.name, self._columns[kind]) for kind, table in REPLICATED.items()
        }
        self._json_positions = {
            kind: [self._columns[kind].index(name) for name in _JSON_COLUMNS.get(kind, ())]
            for kind in REPLICATED
        }

    async def cursor(self, hub_url: str) -> SyncCursor:
        return await self._db.read(lambda c: load_cursor(c, hub_url))

    async def apply(
        self, hub_url: str, epoch: str, cursor: str, head: int, changes: Sequence[dict], reset: bool = False
    ) -> AppliedChanges:
        return await self._db.write(
            lambda c: self.apply_sync(c, hub_url, epoch, cursor, head, changes, reset)
        )

    def apply_sync(
        self,
        connection: Connection,
        hub_url: str,
        epoch: str,
        cursor: str,
        head: int,
        changes: Sequence[dict],
        reset: bool = False,
    ) -> AppliedChanges:
        rows: dict[str, list[tuple]] = {kind: [] for kind in REPLICATED}
        for number, change in enumerate(changes):
            try:
                kind = change["kind"]
                rows[kind].append(self._row(kind, change["data"]))
            except (KeyError, TypeError, ValueError) as error:
                raise MalformedChangeError(f"change #{number} of the page is malformed: {error!r}") from error
        for kind, batch in rows.items():
            if batch:
                connection.exec_driver_sql(self._upserts[kind], batch)
        _save_cursor(connection, SyncCursor(hub_url, epoch, cursor, head, now_ms()))
        return AppliedChanges(
            mentions=frozenset(r[0] for r in rows["mention"]),
            cases=frozenset(r[0] for r in rows["case"]),
            events=frozenset(r[0] for r in rows["event"]),
            accounts=frozenset(r[0] for r in rows["account"]),
            reset=reset,
        )

    def _row(self, kind: str, data: dict) -> tuple:
        """Values in column order (``id`` first); JSON columns encoded; a missing column raises KeyError."""
        row = [data[name] for name in self._columns[kind]]
        for position in self._json_positions[kind]:
            row[position] = json.dumps(row[position], ensure_ascii=False)
        if not isinstance(row[0], str):
            raise ValueError(f"{kind} id {row[0]!r} is not a string")
        return tuple(row)


def _upsert_sql(table: str, columns: list[str]) -> str:
    assert columns[0] == "id", "replicated tables start with their id"
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns[1:])
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}"
    )


def load_cursor(connection: Connection, hub_url: str) -> SyncCursor:
    row = connection.execute(select(sync_state).where(sync_state.c.id == 1)).first()
    if row is None:
        return SyncCursor(hub_url)
    return SyncCursor(row.hub_url, row.epoch, row.cursor, row.head, row.last_sync_ms)


def _save_cursor(connection: Connection, state: SyncCursor) -> None:
    values = {
        "hub_url": state.hub_url,
        "epoch": state.epoch,
        "cursor": state.cursor,
        "head": state.head,
        "last_sync_ms": state.last_sync_ms,
    }
    statement = insert(sync_state).values(id=1, **values)
    connection.execute(statement.on_conflict_do_update(index_elements=[sync_state.c.id], set_=values))
