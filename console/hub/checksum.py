"""The hub's side of the convergence check: what a workstation in ``scope`` should hold at head.

Computed in one snapshot (REPEATABLE READ on PostgreSQL, one deferred read transaction on SQLite),
so the counts and digests describe exactly the rows as of the head read in that snapshot — the
state a workstation whose cursor stands at that head must have. On PostgreSQL the digest is
summed in SQL (for an agent, per owning team, so each table is hashed once; see Scope.by_owner);
on SQLite (the embedded hub, one workstation) the (id, seq) pairs are hashed here.
See console.domain.checksum for the digest itself.
"""

from dataclasses import dataclass

from sqlalchemy import BigInteger, Engine, func, literal_column

from console.domain.checksum import TableChecksum, from_sum, table_checksum
from console.hub.changelog import epoch, head
from console.hub.database import reader
from console.hub.schema import REPLICATED
from console.hub.scope import CASE_ROWS, Scope


@dataclass(frozen=True, slots=True)
class HubChecksum:
    epoch: str
    head: int
    scope: str  # the fingerprint the tables were computed for
    tables: dict[str, TableChecksum]

    def as_json(self) -> dict:
        return {
            "epoch": self.epoch,
            "head": self.head,
            "scope": self.scope,
            "tables": {kind: value.as_json() for kind, value in self.tables.items()},
        }


def checksum(engine: Engine, scope: Scope) -> HubChecksum:
    tables: dict[str, TableChecksum] = {}
    with reader(engine).connect() as connection:
        postgres = connection.dialect.name == "postgresql"
        if postgres:
            connection = connection.execution_options(isolation_level="REPEATABLE READ")
        hub_epoch, head_seq = epoch(connection), head(connection)
        for kind, table in REPLICATED.items():
            window = table.c.seq <= head_seq
            if postgres:
                digest = literal_column(
                    f"('x' || substr(md5({table.name}.id || ':' || {table.name}.seq::text), 1, 16))"
                    "::bit(64)::bigint",
                    BigInteger,
                )
                aggregates = func.count(), func.sum(digest)
                if scope.sees_every_case or kind not in CASE_ROWS:
                    count, total = connection.execute(scope.rows(kind, *aggregates).where(window)).one()
                else:
                    groups = connection.execute(scope.by_owner(kind, *aggregates).where(window)).all()
                    mine = [(n, int(s or 0)) for owner, n, s in groups if owner in scope.teams]
                    count, total = sum(n for n, _ in mine), sum(s for _, s in mine)
                tables[kind] = from_sum(count, total)
            else:
                rows = connection.execute(scope.rows(kind, table.c.id, table.c.seq).where(window))
                tables[kind] = table_checksum(rows)
    return HubChecksum(hub_epoch, head_seq, scope.fingerprint, tables)
