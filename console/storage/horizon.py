"""The history horizon on the cache's side (see console.hub.scope for the hub's).

Under a horizon the pull leaves out cases resolved and last active before the floor. Two things
follow here. A page may bring back a case the cache never got whole (resolved and old when the
pull passed its rows, reopened since), or one it held only as "Keep offline" left it (the pull
skipped its changes while it was beyond the horizon): either is noted in ``history_wanted``, in the
page's transaction, and the puller fetches it whole. And the cache's checksum leaves out the
rows of cases beyond the floor, as the hub's does, so what is kept offline makes no difference.
"""

from sqlalchemy import Connection, func, select
from sqlalchemy.dialects.sqlite import insert

from console.domain.case import CaseStatus
from console.storage.schema import cases, drafts, events, history_wanted, mentions, replies

_CHUNK = 500  # ids per IN list
RESOLVED = CaseStatus.RESOLVED.value
CASE_TABLES = frozenset(table.name for table in (mentions, events, replies, drafts))


def held_beyond(connection: Connection, columns: list[str], rows: list, floor_ms: int) -> set[str]:
    """The cases of the page's case ``rows`` that the cache holds, before the page is stored, in a
    version beyond the horizon (kept offline)."""
    opened = columns.index("opened_ms")
    ids = [row[0] for row in rows if row[opened] < floor_ms]  # none opened later can be beyond it
    beyond = set()
    for start in range(0, len(ids), _CHUNK):
        query = select(cases.c.id).where(
            cases.c.id.in_(ids[start : start + _CHUNK]),
            cases.c.status == RESOLVED,
            cases.c.updated_ms < floor_ms,
        )
        beyond.update(connection.scalars(query))
    return beyond


def note_returning(
    connection: Connection, columns: list[str], rows: list, floor_ms: int, beyond: set[str]
) -> None:
    """Note the cases of the page's case ``rows`` to fetch whole: those opened before the floor
    (no other can have been left out) with fewer mentions here than they count, and ``beyond``.

    During a snapshot a case's row comes after its mentions (it is rewritten with each), so a case
    that was never left out is whole by the time its row arrives and is not fetched again.
    """
    opened, counted = columns.index("opened_ms"), columns.index("mention_count")
    older = {row[0]: row[counted] for row in rows if row[opened] < floor_ms}
    ids = list(older)
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        held = dict(
            connection.execute(
                select(mentions.c.case_id, func.count())
                .where(mentions.c.case_id.in_(chunk))
                .group_by(mentions.c.case_id)
            ).all()
        )
        wanted = [case_id for case_id in chunk if held.get(case_id, 0) < older[case_id] or case_id in beyond]
        if wanted:
            statement = insert(history_wanted).on_conflict_do_nothing()
            connection.execute(statement, [{"case_id": case_id} for case_id in wanted])


def kept_sql(table: str, floor_ms: int) -> str:
    """An SQL expression over a row of ``table``: 1 when the row is within the horizon, else 0."""
    floor = int(floor_ms)
    if table == cases.name:
        return f"(status != '{RESOLVED}' OR updated_ms >= {floor})"
    if table in CASE_TABLES:
        return (
            f"NOT EXISTS (SELECT 1 FROM cases AS c WHERE c.id = {table}.case_id "
            f"AND c.status = '{RESOLVED}' AND c.updated_ms < {floor})"
        )
    return "1"
