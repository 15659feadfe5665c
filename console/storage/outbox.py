"""The workstation's durable outbox: mutations are committed here before anything is sent.

A mutation gets the next sequence number of its workstation (this cache + the signed-in user) in
the same transaction that stores it, so numbers have no gaps and survive a kill -9. The hub's
answer is written onto the row; the row stays, so the UI can show what happened to it.
"""

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, insert, select, update
from sqlalchemy.exc import OperationalError

from console.domain.clock import now_ms
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, MutationResult, Outcome, validate
from console.domain.sync import OutboxState
from console.storage.database import CacheDatabase, CacheError
from console.storage.schema import outbox, workstations


@dataclass(frozen=True, slots=True)
class OutboxEntry:
    mutation: Mutation
    outcome: Outcome | None
    reason: str
    detail: Mapping[str, Any]
    attempts: int


class Outbox:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def enqueue(self, user_id: str, kind: MutationKind, case_id: str, payload: Mapping) -> Mutation:
        """Validate and store a mutation for the signed-in user; raises InvalidMutationError."""
        validate(kind, payload)
        try:
            return await self._db.write(lambda c: enqueue(c, user_id, kind, case_id, payload))
        except OperationalError as error:  # a full disk, a read-only file: nothing was queued
            raise CacheError(
                f"The local cache could not keep it ({error.orig}); nothing was queued"
            ) from error

    async def enqueue_all(
        self, user_id: str, kind: MutationKind, case_id: str, payloads: Sequence[Mapping]
    ) -> list[Mutation]:
        """Several mutations in one transaction, in order: all are queued, or none (a guidance
        session's events of one step must not reach the hub with a gap)."""
        for payload in payloads:
            validate(kind, payload)
        try:
            return await self._db.write(lambda c: [enqueue(c, user_id, kind, case_id, p) for p in payloads])
        except OperationalError as error:
            raise CacheError(
                f"The local cache could not keep it ({error.orig}); nothing was queued"
            ) from error

    async def pending(self, user_id: str, limit: int = 200) -> list[Mutation]:
        return await self._db.read(lambda c: pending(c, user_id, limit))

    async def answer(self, results: Iterable[MutationResult]) -> None:
        results = list(results)
        await self._db.write(lambda c: answer(c, results))

    async def failed_attempt(self, mutation_ids: Iterable[str], error: str) -> None:
        ids = list(mutation_ids)
        await self._db.write(lambda c: failed_attempt(c, ids, error))

    async def resend_from(self, workstation_id: str, seq: int) -> int:
        """Mark answered mutations from ``seq`` on as unanswered again; returns how many.

        For a hub whose database was restored from a backup: it forgot what it applied after the
        backup, and says so by expecting an earlier sequence. The outbox still holds those
        mutations, so they are sent again rather than lost.
        """
        return await self._db.write(lambda c: resend_from(c, workstation_id, seq))

    async def state(self, user_id: str | None = None) -> OutboxState:
        return await self._db.read(lambda c: state(c, user_id))

    async def entries_for_case(self, case_id: str) -> list[OutboxEntry]:
        return await self._db.read(lambda c: entries_for_case(c, case_id))

    async def workstation_id(self, user_id: str) -> str:
        return await self._db.write(lambda c: _workstation(c, user_id)[0])


def enqueue(
    connection: Connection, user_id: str, kind: MutationKind, case_id: str, payload: Mapping
) -> Mutation:
    workstation_id, seq = _workstation(connection, user_id)
    mutation = Mutation(uuid7(), workstation_id, seq, kind, case_id, now_ms(), payload)
    connection.execute(
        insert(outbox).values(
            id=mutation.id,
            workstation_id=workstation_id,
            seq=seq,
            kind=kind.value,
            case_id=case_id,
            payload=json.dumps(dict(payload), ensure_ascii=False),
            created_ms=mutation.created_ms,
            attempts=0,
        )
    )
    connection.execute(
        update(workstations).where(workstations.c.id == workstation_id).values(next_seq=seq + 1)
    )
    return mutation


def pending(connection: Connection, user_id: str, limit: int) -> list[Mutation]:
    """The user's unanswered mutations, oldest first."""
    query = (
        select(outbox)
        .join(workstations, workstations.c.id == outbox.c.workstation_id)
        .where(workstations.c.user_id == user_id, outbox.c.outcome.is_(None))
        .order_by(outbox.c.seq)
        .limit(limit)
    )
    return [_mutation(row) for row in connection.execute(query)]


def answer(connection: Connection, results: list[MutationResult]) -> None:
    answered = now_ms()
    for result in results:
        outcome = result.outcome
        detail = dict(result.detail)
        if outcome is Outcome.DUPLICATE and "first_outcome" in detail:
            outcome = Outcome(detail.pop("first_outcome"))  # what happened, not how we learnt it
        connection.execute(
            update(outbox)
            .where(outbox.c.id == result.mutation_id, outbox.c.outcome.is_(None))
            .values(
                outcome=outcome.value,
                reason=result.reason,
                visible_at=result.visible_at,
                detail=json.dumps(detail),
                answered_ms=answered,
            )
        )


def resend_from(connection: Connection, workstation_id: str, seq: int) -> int:
    return connection.execute(
        update(outbox)
        .where(outbox.c.workstation_id == workstation_id, outbox.c.seq >= seq, outbox.c.outcome.is_not(None))
        .values(outcome=None, reason=None, visible_at=None, detail=None, answered_ms=None)
    ).rowcount


def failed_attempt(connection: Connection, ids: list[str], error: str) -> None:
    connection.execute(
        update(outbox)
        .where(outbox.c.id.in_(ids))
        .values(attempts=outbox.c.attempts + 1, last_error=error[:500])
    )


def state(connection: Connection, user_id: str | None) -> OutboxState:
    query = select(func.count(), func.min(outbox.c.created_ms)).where(outbox.c.outcome.is_(None))
    if user_id is not None:
        query = query.join(workstations, workstations.c.id == outbox.c.workstation_id).where(
            workstations.c.user_id == user_id
        )
    count, oldest = connection.execute(query).one()
    return OutboxState(count, oldest)


def entries_for_case(connection: Connection, case_id: str) -> list[OutboxEntry]:
    rows = connection.execute(select(outbox).where(outbox.c.case_id == case_id).order_by(outbox.c.created_ms))
    return [
        OutboxEntry(
            _mutation(row),
            Outcome(row.outcome) if row.outcome else None,
            row.reason or "",
            json.loads(row.detail) if row.detail else {},
            row.attempts,
        )
        for row in rows
    ]


def _workstation(connection: Connection, user_id: str) -> tuple[str, int]:
    """This cache's workstation id for ``user_id`` (made on first use) and its next sequence."""
    row = connection.execute(select(workstations).where(workstations.c.user_id == user_id)).first()
    if row is not None:
        return row.id, row.next_seq
    workstation_id = uuid7()
    connection.execute(insert(workstations).values(id=workstation_id, user_id=user_id, next_seq=1))
    return workstation_id, 1


def _mutation(row) -> Mutation:
    return Mutation(
        row.id,
        row.workstation_id,
        row.seq,
        MutationKind(row.kind),
        row.case_id,
        row.created_ms,
        json.loads(row.payload),
    )
