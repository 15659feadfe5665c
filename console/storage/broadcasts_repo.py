"""Team notes as the cache holds them (replicated from the hub, scoped to this user), newest first."""

from collections.abc import Collection

from sqlalchemy import Connection, select

from console.domain.broadcast import Broadcast
from console.storage.database import CacheDatabase
from console.storage.schema import broadcasts, users

RECENT = 50


class BroadcastRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def recent(self, limit: int = RECENT) -> list[Broadcast]:
        return await self._db.read(lambda c: recent(c, limit))

    async def by_ids(self, ids: Collection[str]) -> list[Broadcast]:
        """The notes among ``ids`` (a pull's new ones), newest first."""
        wanted = list(ids)
        return await self._db.read(lambda c: by_ids(c, wanted)) if wanted else []


def recent(connection: Connection, limit: int = RECENT) -> list[Broadcast]:
    query = _query().order_by(broadcasts.c.created_ms.desc(), broadcasts.c.id.desc()).limit(limit)
    return [_broadcast(row) for row in connection.execute(query)]


def by_ids(connection: Connection, ids: list[str]) -> list[Broadcast]:
    found = []
    for start in range(0, len(ids), 500):  # bounded IN lists
        found += [
            _broadcast(row)
            for row in connection.execute(_query().where(broadcasts.c.id.in_(ids[start : start + 500])))
        ]
    return sorted(found, key=lambda b: (b.created_ms, b.id), reverse=True)


def _query():
    return select(broadcasts, users.c.name.label("author_name")).outerjoin(
        users, users.c.id == broadcasts.c.author_id
    )


def _broadcast(row) -> Broadcast:
    return Broadcast(
        row.id, row.team_id, row.author_id, row.author_name or row.author_id, row.text, row.created_ms
    )
