"""Pull: the changes after a cursor, in commit order, as one consistent page."""

import json
from dataclasses import dataclass

from sqlalchemy import Engine, select

from console.hub.changelog import epoch, format_cursor, head, parse_cursor
from console.hub.database import reader
from console.hub.schema import REPLICATED

MAX_LIMIT = 5000

# Columns stored as JSON text on the hub, sent as JSON values.
_JSON_COLUMNS = {"case": ("tags",), "event": ("data",)}


@dataclass(frozen=True, slots=True)
class PullPage:
    epoch: str
    cursor: str
    head: int
    more: bool
    reset: bool  # the caller's epoch is not this hub's: it must resync from the beginning
    changes: list[dict]

    def as_json(self) -> dict:
        return {
            "epoch": self.epoch,
            "cursor": self.cursor,
            "head": self.head,
            "more": self.more,
            "reset": self.reset,
            "changes": self.changes,
        }


def pull(engine: Engine, after: str | None, limit: int = 1000) -> PullPage:
    """Changes with sequence in (after, after + limit], capped at head, smallest first.

    ``head`` is read first: every change at or below it has committed (see changelog), so the page
    is a consistent cut even though each table is read by its own statement. Each change number
    belongs to at most one row (an updated case moves to a new number and leaves a hole), so the
    window holds at most ``limit`` rows without a LIMIT, and nothing is fetched only to be dropped.
    """
    client_epoch, after_seq = parse_cursor(after)
    limit = max(1, min(limit, MAX_LIMIT))
    with reader(engine).connect() as connection:
        hub_epoch = epoch(connection)
        head_seq = head(connection)
        reset = client_epoch is not None and client_epoch != hub_epoch
        if reset or after_seq > head_seq:  # a cursor from the future is a replaced database too
            reset, after_seq = True, 0
        upper = min(head_seq, after_seq + limit)
        rows: list[tuple[int, str, dict]] = []
        for kind, table in REPLICATED.items():
            query = select(table).where(table.c.seq > after_seq, table.c.seq <= upper)
            rows.extend((row["seq"], kind, row) for row in connection.execute(query).mappings())
    rows.sort(key=lambda item: item[0])
    changes = [{"seq": seq, "kind": kind, "data": _payload(kind, row)} for seq, kind, row in rows]
    return PullPage(hub_epoch, format_cursor(hub_epoch, upper), head_seq, upper < head_seq, reset, changes)


def _payload(kind: str, row) -> dict:
    data = dict(row)
    for column in _JSON_COLUMNS.get(kind, ()):
        data[column] = json.loads(data[column])
    return data
