"""Pruning what the hub keeps but nobody needs after a while: old push answers and dead tokens.

Nothing replicated is ever pruned. Every replicated row lives at the change number of its latest
version and is never deleted, so the log has no tombstones to expire and a pull from 0 is always a
complete snapshot: there is no horizon a workstation's cursor can fall behind.

* ``mutations``: the answer to every pushed mutation, kept so a resend gets the first answer. A
  workstation's last applied sequence lives in ``workstations`` and is never pruned, so a resend of
  a pruned mutation is still recognised and answered "duplicate" (only without the original detail).
* ``tokens``: sign-ins that expired or were revoked; they can never be used again.
"""

from dataclasses import dataclass

from sqlalchemy import Engine, delete, or_

from console.domain.clock import now_ms
from console.hub.schema import mutations, tokens

DAY_MS = 86_400_000


@dataclass(frozen=True, slots=True)
class Pruned:
    mutations: int
    tokens: int


def prune(engine: Engine, older_than_days: float, at_ms: int | None = None) -> Pruned:
    """Delete push answers and dead tokens older than ``older_than_days`` (at least one day)."""
    if not older_than_days >= 1:
        raise ValueError(f"--older-than must be at least 1 day, not {older_than_days}")
    cutoff = (now_ms() if at_ms is None else at_ms) - int(older_than_days * DAY_MS)
    with engine.begin() as connection:
        answers = connection.execute(delete(mutations).where(mutations.c.applied_ms < cutoff)).rowcount
        dead = connection.execute(
            delete(tokens).where(or_(tokens.c.expires_ms < cutoff, tokens.c.revoked_ms < cutoff))
        ).rowcount
    return Pruned(answers, dead)
