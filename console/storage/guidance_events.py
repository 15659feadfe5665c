"""Recorded guidance sessions in the cache, for the tree report: every ``guidance_step`` case event of
one tree (all versions), grouped into sessions, each with what its case came to.

Each event's ``data`` is ``{"session", "tree": "id@version", "digest", "event": Event.as_dict()}``.
The events table has no index on ``type`` or on the tree inside ``data``, so every read is one scan of
the events table (SQLite filters it in C: ``json_extract`` on the guidance rows only); parsing the
chosen rows' JSON and rebuilding the events happens here, on the reader thread, never on the UI's.
Rows in another shape (the older ``{tree, node, answer}`` steps, anything malformed) are skipped.
"""

import json
from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import Connection, and_, case, func, select

from console.domain.event import EventType
from console.guidance.report import CaseOutcome, RecordedSession
from console.guidance.session_events import Event, event_from_dict
from console.storage.database import CacheDatabase
from console.storage.schema import cases, events


@dataclass(frozen=True, slots=True)
class TreeSeen:
    """A tree whose sessions the cache holds: its id, and sessions per version."""

    tree: str
    versions: tuple[tuple[int, int], ...]  # (version, sessions), oldest first

    @property
    def sessions(self) -> int:
        return sum(count for _, count in self.versions)


class GuidanceEventRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def trees(self) -> tuple[TreeSeen, ...]:
        return await self._db.read(trees_seen)

    async def sessions(self, tree: str) -> tuple[list[RecordedSession], int]:
        """The sessions of tree ``tree`` (every version), and how many rows could not be read."""
        return await self._db.read(lambda c: recorded_sessions(c, tree))


def _json(path: str):
    """``data``'s value at ``path``, NULL where ``data`` is not JSON (json_extract would fail on it)."""
    return case((func.json_valid(events.c.data) == 1, func.json_extract(events.c.data, path)), else_=None)


def trees_seen(connection: Connection) -> tuple[TreeSeen, ...]:
    key, session = _json("$.tree"), _json("$.session")
    rows = connection.execute(
        select(key.label("key"), func.count(func.distinct(session)))
        .where(events.c.type == EventType.GUIDANCE_STEP.value, session.is_not(None))
        .group_by(key)
    ).all()
    versions: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for tree_key, count in rows:
        tree, _, version = str(tree_key or "").rpartition("@")
        if tree and version.isdigit():
            versions[tree].append((int(version), count))
    return tuple(TreeSeen(tree, tuple(sorted(found))) for tree, found in sorted(versions.items()))


def recorded_sessions(connection: Connection, tree: str) -> tuple[list[RecordedSession], int]:
    prefix = f"{tree}@"
    key = _json("$.tree")
    rows = connection.execute(
        select(
            events.c.case_id,
            events.c.data,
            cases.c.status,
            cases.c.disposition,
            cases.c.sentiment_before,
            cases.c.sentiment_after,
        )
        .select_from(events.outerjoin(cases, cases.c.id == events.c.case_id))
        .where(
            and_(
                events.c.type == EventType.GUIDANCE_STEP.value,
                func.substr(key, 1, len(prefix)) == prefix,  # not LIKE: ``_`` in tree ids is a wildcard
            )
        )
    ).all()
    logs: dict[str, list[Event]] = defaultdict(list)
    heads: dict[str, tuple[str, str, CaseOutcome | None]] = {}
    unreadable = 0
    for case_id, data, status, disposition, before, after in rows:
        try:
            payload = json.loads(data)
            session, tree_key = str(payload["session"]), str(payload["tree"])
            event = event_from_dict(payload["event"])
        except (ValueError, KeyError, TypeError):
            unreadable += 1
            continue
        logs[session].append(event)
        if session not in heads:
            outcome = None if status is None else CaseOutcome(status, disposition, before, after)
            heads[session] = (case_id, tree_key, outcome)
    recorded = [
        RecordedSession(session, case_id, tree_key, tuple(logs[session]), outcome)
        for session, (case_id, tree_key, outcome) in heads.items()
    ]
    return recorded, unreadable
