"""History: whole cases, for a workstation to hold offline what its pull leaves out.

Two questions, one answer format: the cases in the caller's scope whose activity overlaps a date
range (opened before its end, last active after its start), paged by (opened_ms, id) for "Keep
offline"; and cases named by id, for a workstation whose pull brought a case back from beyond its
history horizon without the rows before its cursor (see console.hub.scope). Either way each case
comes with every replicated row of it (case, mentions, events, replies, the caller's drafts), in
the columnar format of a pull page, so the workstation stores them the same way.

A page is read in one snapshot (REPEATABLE READ on PostgreSQL, one read transaction on SQLite),
so its rows are exactly those at its ``head``; the workstation brings its cursor to that head
before storing them (console.sync.puller.Puller.apply_history), and stores only rows at or below
its cursor, never over a newer version (console.storage.replica.Replica.apply_history).
"""

import contextlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass

import orjson
from sqlalchemy import Connection, Engine, func, select, tuple_

from console.hub.changelog import epoch, head
from console.hub.database import reader
from console.hub.schema import REPLICATED, cases, drafts
from console.hub.scope import CASE_ROWS, Scope

MAX_CASES = 500  # per page: a few thousand rows, as big as a pull page


@dataclass(frozen=True, slots=True)
class HistoryPage:
    epoch: str
    head: int
    cases: list[str]  # the ids this page holds, whole
    tables: dict[str, dict]  # kind -> {"columns": [...], "rows": [(...), ...]}
    after: str | None = None  # where the next page starts ("OPENED_MS:ID"); None: this was the last
    total: int | None = None  # cases in the range (on the first page of a range only)

    def json_bytes(self) -> bytes:
        return orjson.dumps(
            {
                "epoch": self.epoch,
                "head": self.head,
                "cases": self.cases,
                "tables": self.tables,
                "after": self.after,
                "total": self.total,
            }
        )


def history_range(
    engine: Engine, scope: Scope, from_ms: int, to_ms: int, after: str | None = None, limit: int = 200
) -> HistoryPage:
    """The next ``limit`` cases whose activity overlaps [from_ms, to_ms), after the key ``after``."""
    if to_ms <= from_ms:
        raise ValueError("the range ends before it starts")
    limit = max(1, min(limit, MAX_CASES))
    scope = scope.without_horizon()  # the point of a history download
    in_range = (cases.c.opened_ms < to_ms, cases.c.updated_ms >= from_ms, scope.sees_case())
    query = select(cases.c.id, cases.c.opened_ms).where(*in_range)
    if after:
        opened, case_id = _parse_key(after)
        query = query.where(tuple_(cases.c.opened_ms, cases.c.id) > tuple_(opened, case_id))
    query = query.order_by(cases.c.opened_ms, cases.c.id).limit(limit + 1)  # one more: is there a next page
    with _snapshot(engine) as connection:
        hub_epoch, head_seq = epoch(connection), head(connection)
        total = None
        if not after:
            total = connection.scalar(select(func.count()).select_from(cases).where(*in_range))
        found = connection.execute(query).all()
        more = len(found) > limit
        found = found[:limit]
        ids = [row.id for row in found]
        tables = _rows_of(connection, scope, ids)
    following = f"{found[-1].opened_ms}:{found[-1].id}" if more else None
    return HistoryPage(hub_epoch, head_seq, ids, tables, following, total)


def history_of(engine: Engine, scope: Scope, case_ids: Collection[str]) -> HistoryPage:
    """The cases among ``case_ids`` the caller sees, whole (unknown or unseen ids are left out)."""
    wanted = list(dict.fromkeys(case_ids))
    if len(wanted) > MAX_CASES:
        raise ValueError(f"at most {MAX_CASES} cases at a time, not {len(wanted)}")
    if any("\x00" in case_id for case_id in wanted):  # PostgreSQL would fail on it, not find nothing
        raise ValueError("a case id contains a NUL character")
    scope = scope.without_horizon()
    with _snapshot(engine) as connection:
        hub_epoch, head_seq = epoch(connection), head(connection)
        query = select(cases.c.id).where(cases.c.id.in_(wanted), scope.sees_case())
        ids = list(connection.scalars(query)) if wanted else []
        tables = _rows_of(connection, scope, ids)
    return HistoryPage(hub_epoch, head_seq, ids, tables)


@contextlib.contextmanager
def _snapshot(engine: Engine) -> Iterator[Connection]:
    """A connection whose reads all see one state of the database (as console.hub.checksum's)."""
    with reader(engine).connect() as connection:
        if connection.dialect.name == "postgresql":
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        with connection.begin():
            yield connection


def _rows_of(connection: Connection, scope: Scope, ids: list[str]) -> dict[str, dict]:
    """Every replicated row of the cases ``ids`` (which the caller sees), per kind."""
    tables: dict[str, dict] = {}
    if not ids:
        return tables
    for kind in sorted(CASE_ROWS):
        table = REPLICATED[kind]
        owner = table.c.id if kind == "case" else table.c.case_id
        query = select(table).where(owner.in_(ids))
        if kind == "draft":
            query = query.where(drafts.c.user_id == scope.user_id)
        rows = [tuple(row) for row in connection.execute(query)]
        if rows:
            tables[kind] = {"columns": [c.name for c in table.columns], "rows": rows}
    return tables


def _parse_key(text: str) -> tuple[int, str]:
    opened, _, case_id = text.partition(":")
    if not opened.isdigit() or not case_id or "\x00" in case_id or int(opened) >= 2**63:
        raise ValueError(f"after {text!r} is not OPENED_MS:CASE_ID")
    return int(opened), case_id
