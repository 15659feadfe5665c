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
        rows: dict[str, list[dict]] = {kind: [] for kind in REPLICATED}
        for number, change in enumerate(changes):
            try:
                kind = change["kind"]
                rows[kind].append(self._row(kind, change["data"]))
            except (KeyError, TypeError, ValueError) as error:
                raise MalformedChangeError(f"change #{number} of the page is malformed: {error!r}") from error
        for kind, batch in rows.items():
            if batch:
                table = REPLICATED[kind]
                statement = insert(table)
                statement = statement.on_conflict_do_update(
                    index_elements=[table.c.id],
                    set_={name: statement.excluded[name] for name in self._columns[kind] if name != "id"},
                )
                connection.execute(statement, batch)
        _save_cursor(connection, SyncCursor(hub_url, epoch, cursor, head, now_ms()))
        return AppliedChanges(
            mentions=frozenset(r["id"] for r in rows["mention"]),
            cases=frozenset(r["id"] for r in rows["case"]),
            events=frozenset(r["id"] for r in rows["event"]),
            accounts=frozenset(r["id"] for r in rows["account"]),
            reset=reset,
        )

    def _row(self, kind: str, data: dict) -> dict:
        row = {name: data[name] for name in self._columns[kind]}
        for column in _JSON_COLUMNS.get(kind, ()):
            row[column] = json.dumps(row[column], ensure_ascii=False)
        return row


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
