"""Where a case's draft is: replicated back from the hub, or still in this workstation's outbox.

A draft is saved as a DRAFT mutation in the durable outbox, so it survives a crash before the hub
has it; the replica's ``drafts`` row catches up after the next push and pull. Restoring reads both.
"""

import json

from sqlalchemy import Connection, select

from console.domain.draft import Draft, newest
from console.domain.mutation import MutationKind
from console.storage.database import CacheDatabase
from console.storage.schema import drafts, outbox, workstations


class DraftRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def latest(self, case_id: str, user_id: str) -> Draft | None:
        return await self._db.read(lambda c: latest(c, case_id, user_id))


def latest(connection: Connection, case_id: str, user_id: str) -> Draft | None:
    """The newest of ``user_id``'s replicated draft for ``case_id`` and their last queued one."""
    row = connection.execute(
        select(drafts.c.text, drafts.c.updated_ms).where(drafts.c.id == f"{case_id}:{user_id}")
    ).first()
    replicated = Draft(case_id, row.text, row.updated_ms, local=False) if row else None
    queued = connection.execute(
        select(outbox.c.payload, outbox.c.created_ms)
        .join(workstations, workstations.c.id == outbox.c.workstation_id)
        .where(
            workstations.c.user_id == user_id,
            outbox.c.case_id == case_id,
            outbox.c.kind == MutationKind.DRAFT.value,
        )
        # Answered or not: an applied one may not be pulled yet, and the times below decide.
        .order_by(outbox.c.seq.desc())
        .limit(1)
    ).first()
    local = None
    if queued is not None:
        local = Draft(case_id, json.loads(queued.payload)["text"], queued.created_ms, local=True)
    return newest(replicated, local)
