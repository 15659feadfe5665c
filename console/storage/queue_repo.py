"""The queue query: mentions sorted and filtered in SQL, read in keyset pages.

A page starts after a :class:`PageKey` (sort value, mention id), which an index on (column, id)
turns into a range scan: page 5,000 costs what page 1 costs, unlike OFFSET.
"""

import json
from collections.abc import Collection

from sqlalchemy import Connection, Select, func, or_, select, tuple_

from console.domain.case import CaseStatus
from console.domain.mention import MentionKind
from console.domain.network import Network
from console.domain.queue import PageKey, QueueQuery, QueueRow, QueueSort
from console.domain.sentiment import Sentiment
from console.storage.database import CacheDatabase
from console.storage.schema import PRIORITY_ORDER, accounts, cases, mentions, users

SORT_COLUMNS = {
    QueueSort.AGE: mentions.c.created_ms,
    QueueSort.NETWORK: mentions.c.network,
    QueueSort.ACCOUNT: mentions.c.account_id,
    QueueSort.AUTHOR: mentions.c.author_handle,
    QueueSort.SENTIMENT: mentions.c.sentiment_score,
    QueueSort.PRIORITY: PRIORITY_ORDER,
}


class QueueRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def page(self, query: QueueQuery, after: PageKey | None = None, limit: int = 200) -> list[QueueRow]:
        return await self._db.read(lambda c: page(c, query, after, limit))

    async def rows(self, query: QueueQuery, mention_ids: Collection[str]) -> list[QueueRow]:
        return await self._db.read(lambda c: rows(c, query, mention_ids))

    async def count(self, query: QueueQuery) -> int:
        return await self._db.read(lambda c: count(c, query))


def page(connection: Connection, query: QueueQuery, after: PageKey | None, limit: int) -> list[QueueRow]:
    sort = SORT_COLUMNS[query.sort]
    statement = _select(query)
    if after is not None:
        position = tuple_(sort, mentions.c.id)
        bound = tuple_(after.value, after.mention_id)
        statement = statement.where(position < bound if query.descending else position > bound)
    order = (sort.desc(), mentions.c.id.desc()) if query.descending else (sort.asc(), mentions.c.id.asc())
    return [_row(r) for r in connection.execute(statement.order_by(*order).limit(limit))]


def rows(connection: Connection, query: QueueQuery, mention_ids: Collection[str]) -> list[QueueRow]:
    """The rows among ``mention_ids`` that the query shows (for live, surgical updates)."""
    found: list[QueueRow] = []
    ids = list(mention_ids)
    for start in range(0, len(ids), 500):
        statement = _select(query).where(mentions.c.id.in_(ids[start : start + 500]))
        found.extend(_row(r) for r in connection.execute(statement))
    return found


def count(connection: Connection, query: QueueQuery) -> int:
    statement = select(func.count()).select_from(mentions)
    for condition in _filters(query):
        statement = statement.where(condition)
    return connection.execute(statement).scalar_one()


def _select(query: QueueQuery) -> Select:
    statement = (
        select(
            mentions.c.id,
            mentions.c.case_id,
            mentions.c.network,
            mentions.c.account_id,
            func.coalesce(accounts.c.handle, mentions.c.account_id).label("account_handle"),
            mentions.c.author_handle,
            mentions.c.author_name,
            mentions.c.author_followers,
            mentions.c.author_verified,
            mentions.c.text,
            mentions.c.lang,
            mentions.c.kind,
            mentions.c.sentiment,
            mentions.c.sentiment_score,
            mentions.c.created_ms,
            cases.c.status.label("case_status"),
            cases.c.claim_holder,
            users.c.name.label("claim_holder_name"),
            func.coalesce(cases.c.claim_token, 0).label("claim_token"),
            cases.c.claim_expires_ms,
            SORT_COLUMNS[query.sort].label("sort_value"),
            mentions.c.from_brand,
            mentions.c.intent,
            mentions.c.priority,
            mentions.c.priority_reasons,
        )
        .select_from(mentions)
        .outerjoin(accounts, accounts.c.id == mentions.c.account_id)
        .outerjoin(cases, cases.c.id == mentions.c.case_id)
        .outerjoin(users, users.c.id == cases.c.claim_holder)
    )
    for condition in _filters(query):
        statement = statement.where(condition)
    return statement


def _filters(query: QueueQuery) -> list:
    conditions = []
    if query.networks:
        conditions.append(mentions.c.network.in_(sorted(n.value for n in query.networks)))
    if query.text.strip():
        pattern = f"%{query.text.strip()}%"
        conditions.append(or_(mentions.c.text.ilike(pattern), mentions.c.author_handle.ilike(pattern)))
    return conditions


def _row(r) -> QueueRow:
    return QueueRow(
        mention_id=r.id,
        case_id=r.case_id,
        network=Network(r.network),
        account_id=r.account_id,
        account_handle=r.account_handle,
        author_handle=r.author_handle,
        author_name=r.author_name,
        author_followers=r.author_followers,
        author_verified=bool(r.author_verified),
        text=r.text,
        lang=r.lang,
        kind=MentionKind(r.kind),
        sentiment=Sentiment(r.sentiment),
        sentiment_score=r.sentiment_score,
        created_ms=r.created_ms,
        case_status=CaseStatus(r.case_status) if r.case_status else None,
        claim_holder=r.claim_holder,
        claim_holder_name=r.claim_holder_name,
        claim_token=r.claim_token,
        claim_expires_ms=r.claim_expires_ms,
        sort_value=r.sort_value,
        from_brand=bool(r.from_brand),
        intent=r.intent,
        priority=r.priority,
        priority_reasons=_reasons(r.priority_reasons),
    )


def _reasons(stored: str) -> tuple[tuple[str, int], ...]:
    """The stored JSON ``[[reason, points], ...]``; a malformed one shows no reasons, not a broken page."""
    try:
        return tuple((str(reason), int(points)) for reason, points in json.loads(stored))
    except (ValueError, TypeError):
        return ()
