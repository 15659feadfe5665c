"""A case's whole history from the cache, for a replay or a case report: the case as the case view
reads it, plus its raw events, its replies' network ids and the names of everyone its events name.

Every read is an index lookup by case (``ix_events_case_id``, ``ix_replies_case_id``), so a replay
opens from the cache alone, with the hub stopped.
"""

from sqlalchemy import Connection, select

from console.domain.case_detail import RawEvent
from console.domain.replay import CaseHistory
from console.storage.case_repo import decoded_object, detail, has_external_id_index, user_names
from console.storage.database import CacheDatabase
from console.storage.schema import accounts, cases, events, replies

_PEOPLE = ("assignee", "holder", "took_over_from", "requester")  # event data fields naming a user


class CaseHistoryRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._external_index: bool | None = None  # learnt on first use: the schema does not change

    async def history(self, case_id: str) -> CaseHistory | None:
        return await self._db.read(lambda c: self.history_sync(c, case_id))

    def history_sync(self, connection: Connection, case_id: str) -> CaseHistory | None:
        if self._external_index is None:
            self._external_index = has_external_id_index(connection)
        return history(connection, case_id, lookup_context=self._external_index)


def history(connection: Connection, case_id: str, lookup_context: bool = True) -> CaseHistory | None:
    """The history of ``case_id``; None when the cache does not hold the case."""
    found = detail(connection, case_id, lookup_context)
    if found is None:
        return None
    rows = connection.execute(
        select(events.c.id, events.c.type, events.c.at_ms, events.c.actor, events.c.data)
        .where(events.c.case_id == case_id)
        .order_by(events.c.at_ms, events.c.seq)  # the case view's order: frames follow its timeline
    ).all()
    raw = tuple(RawEvent(e.id, e.type, e.at_ms, e.actor, decoded_object(e.data)) for e in rows)
    published = dict(
        connection.execute(
            select(replies.c.id, replies.c.external_id).where(replies.c.case_id == case_id)
        ).all()
    )
    people = {event.actor for event in raw}
    for event in raw:
        people |= {event.data.get(name) for name in _PEOPLE}
    names = user_names(connection, {p for p in people if isinstance(p, str) and p})
    account_team = connection.scalar(
        select(accounts.c.team)
        .select_from(cases.join(accounts, accounts.c.id == cases.c.account_id))
        .where(cases.c.id == case_id)
    )
    return CaseHistory(found, raw, published, names, account_team)
