"""The date ranges downloaded with "Keep offline", as the cache records them (schema.kept_ranges).

A range's progress is written by the page that made it (Replica.apply_history with a KeptStep), so
it never claims more than the cache holds.
"""

from sqlalchemy import Connection, insert, select

from console.domain.clock import now_ms
from console.domain.kept import KeptRange
from console.storage.database import CacheDatabase
from console.storage.schema import kept_ranges


class KeptRanges:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def start(self, from_ms: int, to_ms: int, total: int) -> KeptRange:
        """The unfinished download of this range to go on with, or a new one."""
        return await self._db.write(lambda c: start(c, from_ms, to_ms, total))

    async def all(self) -> list[KeptRange]:
        """Every range, newest first."""
        return await self._db.read(lambda c: [_range(row) for row in c.execute(_newest_first())])


def start(connection: Connection, from_ms: int, to_ms: int, total: int) -> KeptRange:
    unfinished = connection.execute(
        select(kept_ranges).where(
            kept_ranges.c.from_ms == from_ms,
            kept_ranges.c.to_ms == to_ms,
            kept_ranges.c.finished_ms.is_(None),
        )
    ).first()
    if unfinished is not None:
        return _range(unfinished)
    values = {"from_ms": from_ms, "to_ms": to_ms, "total": total, "done": 0, "started_ms": now_ms()}
    new_id = connection.execute(insert(kept_ranges).values(**values)).inserted_primary_key[0]
    return KeptRange(new_id, from_ms, to_ms, total, 0, None, values["started_ms"])


def _newest_first():
    return select(kept_ranges).order_by(kept_ranges.c.started_ms.desc(), kept_ranges.c.id.desc())


def _range(row) -> KeptRange:
    return KeptRange(
        row.id, row.from_ms, row.to_ms, row.total, row.done, row.resume_after, row.started_ms, row.finished_ms
    )
