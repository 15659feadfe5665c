"""Team notes on the hub: a supervisor's ``broadcast`` mutation stored once as a replicated row.

Push applies it in the mutation's transaction (console.hub.push), so the workstation's sequence
number and the note commit together: a resend is answered "duplicate" and stores nothing. The row
takes the mutation's id and a change number; pull gives it to the people it addresses
(console.hub.scope).
"""

from sqlalchemy import Connection, insert, select

from console.domain.agent import Agent, Permission
from console.domain.broadcast import broadcast_problem
from console.domain.mutation import Mutation
from console.hub.changelog import SequenceAllocator
from console.hub.schema import broadcasts, teams


class BroadcastRejectedError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def apply(
    connection: Connection, sequence: SequenceAllocator, agent: Agent, mutation: Mutation, now: int
) -> int:
    """Store the note; returns its change number. Raises :class:`BroadcastRejectedError` with the reason."""
    if not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise BroadcastRejectedError(
            f"team notes are sent by supervisors and admins only; this account's role is {agent.role.value}"
        )
    text = mutation.payload["text"]
    problem = broadcast_problem(text)
    if problem:
        raise BroadcastRejectedError(problem)
    team = mutation.payload.get("team_id")
    if team is not None and connection.scalar(select(teams.c.id).where(teams.c.id == team)) is None:
        known = ", ".join(sorted(connection.scalars(select(teams.c.id))))
        raise BroadcastRejectedError(f"no team {team!r} on this hub; teams: {known}")
    # Written offline, sent later: the note keeps the time it was written, never one in the future.
    created = min(mutation.created_ms, now) if mutation.created_ms > 0 else now
    seq = sequence.next()
    connection.execute(
        insert(broadcasts).values(
            id=mutation.id, team_id=team, author_id=agent.id, text=text, created_ms=created, seq=seq
        )
    )
    return seq
