"""A case's replies as the cache holds them (replicated from the hub, with their publishing status)."""

from sqlalchemy import Connection, func, select

from console.domain.reply import Reply, ReplyStatus
from console.storage.database import CacheDatabase
from console.storage.schema import replies, users


class ReplyRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def for_case(self, case_id: str) -> list[Reply]:
        return await self._db.read(lambda c: for_case(c, case_id))


def for_case(connection: Connection, case_id: str) -> list[Reply]:
    """The case's replies, oldest first, with their authors' names from the user directory."""
    query = (
        select(replies, func.coalesce(users.c.name, replies.c.author_id).label("author_name"))
        .outerjoin(users, users.c.id == replies.c.author_id)
        .where(replies.c.case_id == case_id)
        .order_by(replies.c.created_ms, replies.c.id)
    )
    return [
        Reply(
            id=row.id,
            case_id=row.case_id,
            author_id=row.author_id,
            author_name=row.author_name,
            account_id=row.account_id,
            text=row.text,
            private=bool(row.private),
            status=ReplyStatus(row.status),
            reason=row.reason,
            external_id=row.external_id,
            url=row.url or "",
            attempts=row.attempts,
            created_ms=row.created_ms,
            updated_ms=row.updated_ms,
        )
        for row in connection.execute(query)
    ]
