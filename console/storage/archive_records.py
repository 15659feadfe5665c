"""Whole cases as plain records for an export: the case row and its facts, with every mention,
brand reply, note and event the cache holds for it — read for many cases at once (a few statements
per slice of cases, not a few per case), so exporting a big search result stays a stream.

A record holds only JSON values: times as ISO 8601 in UTC (and the milliseconds beside them), event
data decoded (kept as text when it does not decode).
"""

import json
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Connection

from console.domain.clock import to_datetime
from console.storage import search
from console.storage.database import CacheDatabase

_CHUNK = 500


class ArchiveRecords:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def records(self, case_ids: Sequence[str]) -> list[dict]:
        """The cases ``case_ids`` (in that order; those the cache does not hold are left out)."""
        return await self._db.read(lambda c: records(c, case_ids))


def iso(ms: int | None) -> str | None:
    return None if ms is None else to_datetime(ms).isoformat(timespec="milliseconds")


def records(connection: Connection, case_ids: Sequence[str]) -> list[dict]:
    found: dict[str, dict] = {}
    for start in range(0, len(case_ids), _CHUNK):
        found |= _chunk(connection, list(case_ids[start : start + _CHUNK]))
    return [found[i] for i in case_ids if i in found]


def _chunk(connection: Connection, ids: list[str]) -> dict[str, dict]:
    marks = ", ".join("?" * len(ids))
    driver = connection.connection.cursor()
    try:
        names = dict(driver.execute("SELECT id, COALESCE(NULLIF(name, ''), username) FROM users").fetchall())
        handles = dict(driver.execute("SELECT id, handle FROM accounts").fetchall())
        cases = _dicts(
            driver,
            "SELECT c.id, c.network, c.account_id, c.status, c.opened_ms, c.updated_ms, c.first_response_ms, "
            "c.resolved_ms, c.assignee, c.team, c.tags, c.disposition, c.mention_count, c.reopen_count, "
            "c.sentiment_before, c.sentiment_after, f.agent, f.guidance, f.sentiment_change "
            f"FROM cases c LEFT JOIN case_facts f ON f.case_id = c.id WHERE c.id IN ({marks})",
            ids,
        )
        mentions = _dicts(
            driver,
            "SELECT case_id, id, external_id, kind, author_handle, author_name, text, lang, url, created_ms, "
            "parent_external_id, sentiment, sentiment_score, intent, from_brand FROM mentions "
            f"WHERE case_id IN ({marks}) ORDER BY created_ms, id",
            ids,
        )
        replies = _dicts(
            driver,
            "SELECT case_id, id, author_id, account_id, text, private, status, reason, external_id, url, "
            f"created_ms, updated_ms FROM replies WHERE case_id IN ({marks}) ORDER BY created_ms, id",
            ids,
        )
        events = _dicts(
            driver,
            f"SELECT case_id, id, type, at_ms, actor, data, {search.NOTE_TEXT} AS note FROM events "
            f"WHERE case_id IN ({marks}) ORDER BY at_ms, seq",
            ids,
        )
    finally:
        driver.close()
    per_case: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for m in mentions:
        per_case[m.pop("case_id")]["mentions"].append(
            m | {"created": iso(m["created_ms"]), "from_brand": bool(m["from_brand"])}
        )
    for r in replies:
        per_case[r.pop("case_id")]["replies"].append(
            r
            | {
                "author": names.get(r["author_id"], r["author_id"]),
                "private": bool(r["private"]),
                "created": iso(r["created_ms"]),
                "updated": iso(r["updated_ms"]),
            }
        )
    for e in events:
        case_id, note = e.pop("case_id"), e.pop("note")
        actor = names.get(e["actor"], e["actor"])
        at = iso(e["at_ms"])
        try:
            data = json.loads(e["data"])
        except ValueError:
            data = e["data"]
        per_case[case_id]["events"].append(e | {"at": at, "actor_name": actor, "data": data})
        if note:
            kind = "note" if e["type"] == "note_added" else "guidance note"
            per_case[case_id]["notes"].append(
                {"id": e["id"], "at": at, "author": actor, "kind": kind, "text": note}
            )
    found = {}
    for c in cases:
        rows = per_case[c["id"]]
        agent = c.pop("agent") or ""
        found[c["id"]] = {
            **c,
            "account": handles.get(c["account_id"], c["account_id"]),
            "opened": iso(c["opened_ms"]),
            "updated": iso(c["updated_ms"]),
            "first_response": iso(c["first_response_ms"]),
            "resolved": iso(c["resolved_ms"]),
            "assignee": names.get(c["assignee"], c["assignee"]),
            "tags": _tags(c["tags"]),
            "agent": names.get(agent, agent),
            "guidance": c["guidance"] or "",
            "mentions": rows["mentions"],
            "replies": rows["replies"],
            "notes": rows["notes"],
            "events": rows["events"],
        }
    return found


def _dicts(driver, sql: str, params: Sequence) -> list[dict]:
    rows = driver.execute(sql, params).fetchall()
    names = [d[0] for d in driver.description]
    return [dict(zip(names, row, strict=True)) for row in rows]


def _tags(stored: str) -> list:
    try:
        tags = json.loads(stored)
    except (TypeError, ValueError):
        return []
    return tags if isinstance(tags, list) else []
