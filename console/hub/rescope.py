"""When a case changes hands, re-log it whole, so whoever now sees it receives all of it.

A hand-off to another team, or a brand account passing to another owner, can bring a case into an
agent's scope whose mentions and events sit at change numbers the agent's workstation passed long
ago (they were not its to see then). Moving every row of the case to new change numbers, in the
transaction that changes its owner, makes the next pull carry the case whole. The same move keeps
pulls consistent: a row's change number and its visibility always change together (console.hub.pull).
Workstations that saw the case before simply upsert the same rows again. A case that leaves a
scope needs nothing here: its case row moves anyway, and the pull lists it as gone.

A case's mentions are found through their ``mention_received`` events, whose data names each
mention, so the events are read once and in order.
"""

import json
from collections.abc import Collection, Iterator

from sqlalchemy import Connection, Table, and_, bindparam, or_, select, update

from console.domain.event import EventType
from console.hub.changelog import SequenceAllocator
from console.hub.schema import cases, drafts, events, mentions, replies

_CHUNK = 500  # ids per IN list (SQLite's variable limit is far above; this keeps statements small)


def touch_cases(
    connection: Connection, sequence: SequenceAllocator, case_ids: Collection[str], case_rows: bool = True
) -> int:
    """Give every row of these cases a new change number; returns how many rows moved.

    ``case_rows=False`` leaves the case rows alone, for a caller about to rewrite them anyway.
    """
    moved = 0
    for chunk in _chunks(sorted(set(case_ids))):
        event_ids, mention_ids = [], []
        for row in connection.execute(
            select(events.c.id, events.c.type, events.c.data)
            .where(events.c.case_id.in_(chunk))
            .order_by(events.c.seq)  # renumbered in the same order: the log keeps its history
        ):
            event_ids.append(row.id)
            if row.type == EventType.MENTION_RECEIVED.value:
                mention_id = json.loads(row.data).get("mention_id")
                if mention_id:
                    mention_ids.append(mention_id)
        reply_ids = list(
            connection.scalars(
                select(replies.c.id).where(replies.c.case_id.in_(chunk)).order_by(replies.c.seq)
            )
        )
        # Draft ids are "case id:user id", so a case's drafts are a range of the primary key.
        in_range = [and_(drafts.c.id >= f"{case_id}:", drafts.c.id < f"{case_id};") for case_id in chunk]
        draft_ids = list(connection.scalars(select(drafts.c.id).where(or_(*in_range))))
        for table, ids in (
            (mentions, mention_ids),
            (events, event_ids),
            (replies, reply_ids),
            (drafts, draft_ids),
            (cases, chunk if case_rows else []),
        ):
            moved += _renumber(connection, sequence, table, ids)
    return moved


def cases_owned_through(connection: Connection, account_id: str) -> list[str]:
    """Cases whose team is their brand account's (never handed anywhere): they follow its owner.

    A scan of ``cases`` (no index on ``account_id``): an administrator's rare change, not a hot path.
    """
    query = select(cases.c.id).where(cases.c.account_id == account_id, cases.c.team.is_(None))
    return list(connection.scalars(query))


def _renumber(connection: Connection, sequence: SequenceAllocator, table: Table, ids: list[str]) -> int:
    if not ids:
        return 0
    statement = update(table).where(table.c.id == bindparam("row_id")).values(seq=bindparam("new_seq"))
    connection.execute(statement, [{"row_id": row_id, "new_seq": sequence.next()} for row_id in ids])
    return len(ids)


def _chunks(ids: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]
