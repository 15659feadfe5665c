"""The hand-offs this desk's user asked for, from the durable outbox (kept with the hub's answers),
with what the cache still knows of each case."""

import json

from sqlalchemy import Connection, and_, func, select

from console.domain.handoff import HandoffRecord, HandoffState
from console.domain.mutation import MutationKind, Outcome
from console.storage.database import CacheDatabase
from console.storage.schema import accounts, cases, mentions, outbox, workstations


class HandoffRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def mine(self, user_id: str, limit: int = 100) -> list[HandoffRecord]:
        return await self._db.read(lambda c: my_handoffs(c, user_id, limit))


def my_handoffs(connection: Connection, user_id: str, limit: int = 100) -> list[HandoffRecord]:
    latest_words = (
        select(mentions.c.text)
        .where(mentions.c.case_id == outbox.c.case_id, mentions.c.from_brand.is_(False))
        .order_by(mentions.c.created_ms.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = connection.execute(
        select(
            outbox.c.case_id,
            outbox.c.payload,
            outbox.c.created_ms,
            outbox.c.outcome,
            outbox.c.reason,
            cases.c.status,
            func.coalesce(cases.c.team, accounts.c.team).label("owner"),
            latest_words.label("words"),
        )
        .select_from(
            outbox.join(workstations, workstations.c.id == outbox.c.workstation_id)
            .outerjoin(cases, cases.c.id == outbox.c.case_id)
            .outerjoin(accounts, accounts.c.id == cases.c.account_id)
        )
        .where(and_(workstations.c.user_id == user_id, outbox.c.kind == MutationKind.HANDOFF.value))
        .order_by(outbox.c.created_ms.desc(), outbox.c.seq.desc())
        .limit(limit)
    ).all()
    return [_record(row) for row in rows]


def _record(row) -> HandoffRecord:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        payload = {}
    if row.outcome is None:
        state = HandoffState.WAITING
    elif row.outcome == Outcome.REJECTED.value:
        state = HandoffState.REFUSED
    else:  # applied, or a duplicate of an applied one
        state = HandoffState.DONE
    return HandoffRecord(
        case_id=row.case_id,
        team=str(payload.get("team", "")),
        reason=str(payload.get("reason", "")),
        asked_ms=row.created_ms,
        state=state,
        refusal=row.reason or "" if state is HandoffState.REFUSED else "",
        excerpt=row.words or "",
        case_status=row.status,
        case_team=row.owner if row.status is not None else None,
    )
