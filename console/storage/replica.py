"""Applying the hub's changes to the cache, with the cursor, in one transaction.

Because the rows and the cursor commit together, a workstation killed mid-sync resumes exactly
where its last committed page ended: nothing is skipped and re-applied rows are plain upserts.

A page that resets (new epoch, new scope, or a resync the workstation asked for) first empties the
replicated tables, in the same transaction, so nothing the hub no longer has, or no longer shows
this user, survives; local-only tables (the outbox and its workstation numbers) are never touched.

Under a history horizon (console.hub.scope) a page may bring back a case the cache never got whole:
resolved and old when the pull passed its rows, reopened since. A case row whose case has fewer
mentions in the cache than it counts, and which opened before the floor (no other case can have
been left out), is noted in ``history_wanted`` in the page's transaction, for the puller to fetch.

Whole cases from the hub's history (:meth:`Replica.apply_history`) are stored only in the versions
the cache's cursor has passed, and never over a newer one: the cache stays the hub's state at its
cursor, which is what the checksum compares.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter

from sqlalchemy import Connection, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.exc import OperationalError

from console.domain.checksum import TableChecksum, table_checksum
from console.domain.clock import now_ms
from console.domain.sync import AppliedChanges, Cursor, SyncCursor, parse_cursor
from console.storage import case_facts, horizon
from console.storage.database import CacheDatabase, CacheError
from console.storage.schema import (
    REPLICATED,
    cases,
    drafts,
    events,
    history_wanted,
    kept_ranges,
    mentions,
    replies,
    sync_state,
)

_CHUNK = 500  # ids per IN list
CHECKSUM_SLICE = 20_000  # rows per read while checksumming: ~40 ms, so queue reads slip in between
CASE_ROWS = (mentions, events, replies, drafts)  # rows that belong to one case, by ``case_id``


@dataclass(frozen=True, slots=True)
class LocalChecksum:
    """The cache's side of the convergence check: its cursor and, per replicated table, its checksum."""

    cursor: Cursor | None
    tables: dict[str, TableChecksum]


class MalformedChangeError(ValueError):
    """A page from the hub that does not fit the cache; nothing of it was applied."""


class HistoryOutOfStepError(RuntimeError):
    """A history page read before the cache's cursor, or from another epoch: read it again."""


@dataclass(frozen=True, slots=True)
class KeptStep:
    """How far a "Keep offline" download got, stored with the page that got it there."""

    range_id: int
    done: int
    resume_after: str | None
    finished: bool


class Replica:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._columns = {kind: [c.name for c in table.columns] for kind, table in REPLICATED.items()}
        # What an older hub, which lacks a newer column, is taken to mean: the column's default.
        self._defaults = {
            kind: {c.name: _default(c) for c in table.columns if c.nullable or c.server_default is not None}
            for kind, table in REPLICATED.items()
        }
        # The initial sync's hot path: one prepared upsert per table, run with the driver's executemany
        # (half the time of a compiled Core statement, whose per-row parameter handling dominated).
        self._upserts = {kind: _upsert_sql(t.name, self._columns[kind]) for kind, t in REPLICATED.items()}
        self._guarded = {
            kind: _upsert_sql(t.name, self._columns[kind], only_newer=True) for kind, t in REPLICATED.items()
        }

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
        gone: Collection[str] = (),
        *,
        history_days: int | None = None,
        floor_ms: int | None = None,
    ) -> AppliedChanges:
        return await self._db.write(
            lambda c: self.apply_sync(
                c,
                hub_url,
                epoch,
                cursor,
                head,
                tables,
                reset,
                gone,
                history_days=history_days,
                floor_ms=floor_ms,
            )
        )

    async def apply_history(
        self,
        epoch: str,
        head: int,
        tables: Mapping[str, dict],
        case_ids: Collection[str],
        kept: KeptStep | None = None,
    ) -> AppliedChanges:
        try:
            return await self._db.write(
                lambda c: self.apply_history_sync(c, epoch, head, tables, case_ids, kept)
            )
        except OperationalError as error:  # a full disk, a read-only file: nothing of the page was stored
            raise CacheError(f"The local cache could not store the history ({error.orig})") from error

    async def wanted(self, limit: int) -> list[str]:
        """Cases the pull brought back from beyond the horizon, still to be fetched whole."""
        return await self._db.read(lambda c: list(c.scalars(select(history_wanted.c.case_id).limit(limit))))

    async def checksum(self) -> LocalChecksum:
        """Counts and digests of every replicated table, with the cursor they correspond to.

        Read on the reader thread in slices of :data:`CHECKSUM_SLICE` rows, so the queue's own reads
        (same thread) wait a few tens of milliseconds at most, not the half second a big cache
        takes. The caller must make sure no page is applied meanwhile (the puller verifies between
        its pulls, never during one).
        """
        cursor, floor = await self._db.read(lambda c: (_cursor(c), _floor(c)))
        tables = {}
        for kind, table in REPLICATED.items():
            total, after = TableChecksum(0, 0), 0
            while after is not None:
                part, after = await self._db.read(
                    lambda c, t=table, a=after: checksum_slice(c, t.name, a, floor)
                )
                total = total.plus(part)
            tables[kind] = total
        return LocalChecksum(cursor, tables)

    def apply_sync(
        self,
        connection: Connection,
        hub_url: str,
        epoch: str,
        cursor: str,
        head: int,
        tables: Mapping[str, dict],
        reset: bool = False,
        gone: Collection[str] = (),
        *,
        history_days: int | None = None,
        floor_ms: int | None = None,
    ) -> AppliedChanges:
        """Apply a columnar page (see console.hub.pull) and move the cursor, in the caller's transaction.

        ``reset`` empties the replicated tables first; ``gone`` names cases the user no longer sees;
        ``history_days`` and ``floor_ms`` are the horizon the page was pulled under.
        """
        batches = {kind: self._rows(kind, table) for kind, table in tables.items()}
        if reset:
            # A new history (a restored hub): rows from the old one may not exist in it, so the first
            # page of the resync starts from an empty replica. Local-only tables (the outbox) stay.
            for table in (*REPLICATED.values(), kept_ranges, history_wanted):
                connection.execute(delete(table))
            case_facts.forget(connection)
        removed = frozenset() if reset else drop_cases(connection, gone)
        held_beyond = set()
        if floor_ms is not None and batches.get("case") and not reset:
            held_beyond = horizon.held_beyond(connection, self._columns["case"], batches["case"], floor_ms)
        _store(connection, self._upserts, batches)
        state = SyncCursor(hub_url, epoch, cursor, head, now_ms(), history_days, floor_ms)
        _save_cursor(connection, state)
        if floor_ms is not None and batches.get("case"):
            horizon.note_returning(connection, self._columns["case"], batches["case"], floor_ms, held_beyond)
        return self._changes(connection, batches, reset, removed)

    def apply_history_sync(
        self,
        connection: Connection,
        epoch: str,
        head: int,
        tables: Mapping[str, dict],
        case_ids: Collection[str],
        kept: KeptStep | None = None,
    ) -> AppliedChanges:
        """Store whole cases from the hub's history (console.hub.history), read at the hub's ``head``.

        Only rows the cursor has passed are stored, and only over an older version: a newer row
        comes with the pull, and the page must not run ahead of the cursor, or the cache would no
        longer be the hub's state at its cursor. The page must have been read at or after the
        cursor (``head`` at least the cursor's), or a change between them (a case handed away)
        could be undone: :class:`HistoryOutOfStepError` then, and nothing is stored.
        """
        position = _cursor(connection)
        if position is None or position.epoch != epoch or position.seq > head:
            raise HistoryOutOfStepError(f"history read at {epoch}:{head}, the cache stands at {position}")
        batches = {}
        for kind, table in tables.items():
            rows = self._rows(kind, table)
            at = self._columns[kind].index("seq")
            batches[kind] = [row for row in rows if row[at] <= position.seq]
        _store(connection, self._guarded, batches)
        wanted = list(case_ids)
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            connection.execute(delete(history_wanted).where(history_wanted.c.case_id.in_(chunk)))
        if kept is not None:
            values = {"done": kept.done, "resume_after": kept.resume_after}
            if kept.finished:
                values["finished_ms"] = now_ms()
            connection.execute(kept_ranges.update().where(kept_ranges.c.id == kept.range_id).values(**values))
        return self._changes(connection, batches, False, frozenset())

    def _changes(
        self, connection: Connection, batches: dict[str, list], reset: bool, removed: frozenset[str]
    ) -> AppliedChanges:
        first = itemgetter(0)
        ids = {kind: frozenset(map(first, batches.get(kind, ()))) for kind in REPLICATED}
        self._refresh_facts(connection, batches, ids)
        directory = ids["user"] | ids["team"]
        # A profile changes with its own row and with any identity, note or event of it.
        owners = [
            row[position]
            for kind in ("identity", "customer_note", "customer_event")
            for position in (self._columns[kind].index("customer_id"),)
            for row in batches.get(kind, ())
        ]
        profiles = ids["customer"] | frozenset(owners)
        return AppliedChanges(
            ids["mention"],
            ids["case"],
            ids["event"],
            ids["account"],
            reset,
            directory,
            ids["reply"],
            ids["draft"],
            removed,
            profiles,
            ids["tree_version"] | ids["choice_rules"],
            ids["broadcast"],
        )

    def _refresh_facts(self, connection: Connection, batches: dict[str, list], ids: dict) -> None:
        """Note every case this page touched for the analytics to derive again (storage.case_facts)."""
        touched = set(ids["case"])
        for kind in ("mention", "event", "reply"):
            position = self._columns[kind].index("case_id")
            touched.update(row[position] for row in batches.get(kind, ()))
        case_facts.mark_stale(connection, touched)
        if ids["account"]:
            case_facts.refresh_teams(connection, ids["account"])

    def _rows(self, kind: str, table: dict) -> list:
        """Rows in this cache's column order; columns a newer hub adds are ignored; missing ones take
        their default when they have one (an older hub), else the page is refused.

        The initial sync passes hundreds of thousands of rows through here, so the check is one cheap
        pass and rows already in this cache's order go to the driver as they came.
        """
        if kind not in self._columns:
            raise MalformedChangeError(f"the page has an unknown table {kind!r}")
        try:
            columns, rows = list(table["columns"]), table["rows"]
            missing = [name for name in self._columns[kind] if name not in columns]
            defaults = self._defaults[kind]
            if any(name not in defaults for name in missing):
                raise ValueError(f"columns missing: {[n for n in missing if n not in defaults]}")
            if not isinstance(rows, list):
                raise TypeError(f"rows are a {type(rows).__name__}, not a list")
        except (KeyError, TypeError, ValueError) as error:
            raise MalformedChangeError(f"the page's {kind} table is malformed: {error!r}") from error
        width = len(columns)
        if missing:  # rare: appended with their defaults, so every row is in this cache's order below
            columns += missing
            filler = [defaults[name] for name in missing]
        key = columns.index(self._columns[kind][0])
        for number, row in enumerate(rows):
            if type(row) is not list or len(row) != width or type(row[key]) is not str:
                raise MalformedChangeError(f"{kind} row #{number} of the page is malformed: {str(row)[:120]}")
        if missing:
            rows = [row + filler for row in rows]
        positions = [columns.index(name) for name in self._columns[kind]]
        width = len(columns)
        if positions == list(range(width)):
            return rows
        pick = itemgetter(*positions)
        return [pick(row) for row in rows]


def drop_cases(connection: Connection, case_ids: Iterable[str]) -> frozenset[str]:
    """Delete the cases among ``case_ids`` that the cache holds, with their rows; returns those ids.

    The hub lists every case in a page's window that the user does not see, most of which this
    cache never had: those cost an index probe per table and nothing else. A case can also be held
    in part: during a sync from the start its mentions and events come in earlier pages than its
    row (rewritten at every change, so numbered late), and it may leave before the row arrives —
    so its rows are deleted by case id whether or not the case row is here (a fault campaign found
    such orphans outliving a hand-off).
    """
    wanted = list(dict.fromkeys(case_ids))
    held: set[str] = set()
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        held.update(connection.scalars(select(cases.c.id).where(cases.c.id.in_(chunk))))
        held.update(connection.scalars(select(mentions.c.case_id).where(mentions.c.case_id.in_(chunk))))
        for table in CASE_ROWS:
            connection.execute(delete(table).where(table.c.case_id.in_(chunk)))
        connection.execute(delete(cases).where(cases.c.id.in_(chunk)))
        case_facts.forget(connection, chunk)
    return frozenset(held)


def local_checksum(connection: Connection) -> LocalChecksum:
    """:meth:`Replica.checksum` in one go, in the caller's transaction (tools and benchmarks)."""
    tables = {}
    for kind, table in REPLICATED.items():
        total, after = TableChecksum(0, 0), 0
        while after is not None:
            part, after = checksum_slice(connection, table.name, after)
            total = total.plus(part)
        tables[kind] = total
    return LocalChecksum(_cursor(connection), tables)


def checksum_slice(
    connection: Connection, table: str, after_rowid: int, floor_ms: int | None = None
) -> tuple[TableChecksum, int | None]:
    """The checksum of the next slice of ``table`` by rowid, and the rowid to go on from (None: done).

    Under a horizon (``floor_ms``), the rows of cases beyond it are left out, as the hub leaves
    them out of its checksum: a case kept offline then makes no difference.
    """
    kept = "1" if floor_ms is None else horizon.kept_sql(table, floor_ms)
    # The driver's cursor: rows come as plain tuples, a third of the time of Row objects.
    driver = connection.connection.cursor()
    try:
        rows = driver.execute(
            f"SELECT rowid, id, seq, {kept} FROM {table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (after_rowid, CHECKSUM_SLICE),
        ).fetchall()
    finally:
        driver.close()
    part = table_checksum((row_id, seq) for _rowid, row_id, seq, within in rows if within)
    return part, (rows[-1][0] if len(rows) == CHECKSUM_SLICE else None)


def _store(connection: Connection, statements: Mapping[str, str], batches: Mapping[str, list]) -> None:
    """Run each kind's upsert over its rows, in the caller's transaction.

    The driver's cursor on this transaction's connection: it takes the decoded JSON arrays as they
    are, where exec_driver_sql wants tuples and checks every row before passing it on."""
    driver = connection.connection.cursor()
    try:
        for kind, rows in batches.items():
            if rows:
                driver.executemany(statements[kind], rows)
    finally:
        driver.close()


def _cursor(connection: Connection) -> Cursor | None:
    return parse_cursor(connection.execute(select(sync_state.c.cursor).where(sync_state.c.id == 1)).scalar())


def _floor(connection: Connection) -> int | None:
    return connection.execute(select(sync_state.c.floor_ms).where(sync_state.c.id == 1)).scalar()


def _upsert_sql(table: str, columns: list[str], only_newer: bool = False) -> str:
    assert columns[0] == "id", "replicated tables start with their id"
    updates = ", ".join(f"{name} = excluded.{name}" for name in columns[1:])
    guard = f" WHERE excluded.seq > {table}.seq" if only_newer else ""
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' for _ in columns)}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}{guard}"
    )


def load_cursor(connection: Connection, hub_url: str) -> SyncCursor:
    row = connection.execute(select(sync_state).where(sync_state.c.id == 1)).first()
    if row is None:
        return SyncCursor(hub_url)
    return SyncCursor(
        row.hub_url, row.epoch, row.cursor, row.head, row.last_sync_ms, row.history_days, row.floor_ms
    )


def _save_cursor(connection: Connection, state: SyncCursor) -> None:
    values = {
        "hub_url": state.hub_url,
        "epoch": state.epoch,
        "cursor": state.cursor,
        "head": state.head,
        "last_sync_ms": state.last_sync_ms,
        "history_days": state.history_days,
        "floor_ms": state.floor_ms,
    }
    statement = insert(sync_state).values(id=1, **values)
    connection.execute(statement.on_conflict_do_update(index_elements=[sync_state.c.id], set_=values))


def _default(column) -> object:
    """A column's server default as the value an older hub's row would have had (None when none)."""
    default = column.server_default
    if default is None:
        return None
    text = str(getattr(default, "arg", default)).strip("'")
    python_type = column.type.python_type
    if python_type is bool:
        return text.lower() in ("1", "true")
    return python_type(text)
