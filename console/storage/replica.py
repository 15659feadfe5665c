"""Applying the hub's changes to the cache, with the cursor, in one transaction.

Because the rows and the cursor commit together, a workstation killed mid-sync resumes exactly
where its last committed page ended: nothing is skipped and re-applied rows are plain upserts.
"""

from collections.abc import Mapping
from operator import itemgetter

from sqlalchemy import Connection, select
from sqlalchemy.dialects.sqlite import insert

from console.domain.clock import now_ms
from console.domain.sync import AppliedChanges, SyncCursor
from console.storage.database import CacheDatabase
from console.storage.schema import REPLICATED, sync_state


class MalformedChangeError(ValueError):
    """A page from the hub that does not fit the cache; nothing of it was applied."""


class Replica:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._columns = {kind: [c.name for c in table.columns] for kind, table in REPLICATED.items()}
        # The initial sync's hot path: one prepared upsert per table, run with the driver's executemany
        # (half the time of a compiled Core statement, whose per-row parameter handling dominated).
        self._upserts = {kind: _upsert_sql(t.name, self._columns[kind]) for kind, t in REPLICATED.items()}

    async def cursor(self, hub_url: str) -> SyncCursor:
        return await self._db.read(lambda c: load_cursor(c, hub_url))

    async def apply(
        self,
        hub_url: str,
        epoch: str,
        cursor: str,
        head: int,
        tables: Mapping[str, dict],
        reset: bool = False,
    ) -> AppliedChanges:
        return await self._db.write(lambda c: self.apply_sync(c, hub_url, epoch, cursor, head, tables, reset))

    def apply_sync(
        self,
        connection: Connection,
        hub_url: str,
        epoch: str,
        cursor: str,
        head: int,
        tables: Mapping[str, dict],
        reset: bool = False,
    ) -> AppliedChanges:
        """Upsert a columnar page (see console.hub.pull) and move the cursor, in the caller's transaction."""
        batches = {kind: self._rows(kind, table) for kind, table in tables.items()}
        # The driver's cursor on this transaction's connection: it takes the decoded JSON arrays as
        # they are, where exec_driver_sql wants tuples and checks every row before passing it on.
        driver = connection.connection.cursor()
        try:
            for kind, rows in batches.items():
                if rows:
                    driver.executemany(self._upserts[kind], rows)
        finally:
            driver.close()
        _save_cursor(connection, SyncCursor(hub_url, epoch, cursor, head, now_ms()))
        first = itemgetter(0)
        ids = {kind: frozenset(map(first, batches.get(kind, ()))) for kind in REPLICATED}
        directory = ids["user"] | ids["team"]
        return AppliedChanges(ids["mention"], ids["case"], ids["event"], ids["account"], reset, directory)

    def _rows(self, kind: str, table: dict) -> list:
        """Rows in this cache's column order; columns a newer hub adds are ignored, missing ones refused.

        The initial sync passes hundreds of thousands of rows through here, so the check is one cheap
        pass and rows already in this cache's order go to the driver as they came.
        """
        if kind not in self._columns:
            raise MalformedChangeError(f"the page has an unknown table {kind!r}")
        try:
            columns, rows = list(table["columns"]), table["rows"]
            positions = [columns.index(name) for name in self._columns[kind]]
            if not isinstance(rows, list):
                raise TypeError(f"rows are a {type(rows).__name__}, not a list")
        except (KeyError, TypeError, ValueError) as error:
            raise MalformedChangeError(f"the page's {kind} table is malformed: {error!r}") from error
        width, key = len(columns), positions[0]
        for number, row in enumerate(rows):
            if type(row) is not list or len(row) != width or type(row[key]) is not str:
                raise MalformedChangeError(f"{kind} row #{number} of the page is malformed: {str(row)[:120]}")
        if positions == list(range(width)):
            return rows
        pick = itemgetter(*positions)
        return [pick(row) for row in rows]


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
