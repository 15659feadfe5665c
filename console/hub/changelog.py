"""The change sequence: numbers that follow commit order, and the epoch they belong to.

An auto-increment does not follow commit order: transaction A takes 7, B takes 8, B commits first,
and a reader that saw 8 and moved its cursor past it never sees 7. Here every writing transaction
locks the single ``change_counter`` row first (``SELECT … FOR UPDATE`` on PostgreSQL, ``BEGIN
IMMEDIATE`` on SQLite) and advances it before committing, so a later commit always gets larger
numbers, and a reader bounded by the counter's committed value never skips an in-flight one.

Closing an allocator also tells the live stream (:mod:`console.hub.live`) that the head moved: on
PostgreSQL by a ``NOTIFY`` in the same transaction, which PostgreSQL delivers only at commit (and
never for a rollback), so a hint never precedes the data it announces; on SQLite by a mark on the
connection that the broker reads once the connection is handed back to the pool, after the commit.
"""

from dataclasses import dataclass, field

from sqlalchemy import Connection, func, select, update

from console.hub.schema import change_counter, hub_meta

EPOCH_KEY = "epoch"
LIVE_CHANNEL = "horseshoe_live"
"""The PostgreSQL NOTIFY channel for change hints and presence, shared by every hub process."""
HEAD_MARK = "horseshoe_live_head"
"""Key in the connection's ``info`` holding the head a transaction wrote (for the SQLite broker)."""


@dataclass(slots=True)
class SequenceAllocator:
    """Hands out change numbers inside one transaction; :meth:`close` writes the counter back."""

    connection: Connection
    last: int
    opened: int = field(init=False)

    def __post_init__(self) -> None:
        self.opened = self.last

    def next(self) -> int:
        self.last += 1
        return self.last

    def close(self) -> None:
        self.connection.execute(update(change_counter).where(change_counter.c.id == 1).values(seq=self.last))
        if self.last > self.opened:
            _announce(self.connection, self.last)


def _announce(connection: Connection, head_seq: int) -> None:
    """Queue a change hint for commit. NOTIFY takes a database-wide lock at commit, serialising
    notifying commits; writers are serialised by the counter row already, so it costs no concurrency."""
    if connection.dialect.name == "postgresql":
        payload = f'{{"kind":"change","head":{head_seq}}}'
        connection.execute(select(func.pg_notify(LIVE_CHANNEL, payload)))
    else:
        connection.info[HEAD_MARK] = head_seq


def lock_sequence(connection: Connection) -> SequenceAllocator:
    """Lock the counter for the rest of the transaction; call first in every replicated write."""
    current = connection.execute(
        select(change_counter.c.seq).where(change_counter.c.id == 1).with_for_update()
    ).scalar_one()
    return SequenceAllocator(connection, current)


def head(connection: Connection) -> int:
    """The last committed change number (a consistent upper bound for a pull)."""
    return connection.execute(select(change_counter.c.seq).where(change_counter.c.id == 1)).scalar_one()


def epoch(connection: Connection) -> str:
    return connection.execute(select(hub_meta.c.value).where(hub_meta.c.key == EPOCH_KEY)).scalar_one()
