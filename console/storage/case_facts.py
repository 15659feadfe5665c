"""Per-case facts for the analytics: one narrow ``case_facts`` row per case, derived from the case's
replicated rows, so a report over a million cases is a streamed GROUP BY over one table
(:mod:`console.storage.analytics_repo`) instead of a walk through cases, mentions and events.

Design: a sync page that brings a case, mention, event or reply only notes the case as stale
(``case_facts_stale``, one key insert in the page's transaction), so the initial sync of a big
cache pays almost nothing for the analytics. Before a report counts, the stale cases are derived
again from all the rows the cache holds for them — a few index probes per case, in slices, on the
writer thread — never patched by difference. So the order rows arrive in does not matter: a reply
published before a late-synced mention, a reopen arriving before the resolve it undoes, a case row
that comes pages after its mentions (no facts until it does) — the facts always say what the case's
current rows say. A brand account's team change moves its cases' team at once; removed cases lose
their facts with their rows.

The measures' meaning is in :mod:`console.domain.measures`; this module says where each fact comes
from: the first customer mention is the earliest non-brand mention (else the case's creation), the
first answer is the earliest ``reply_published`` event (its actor is the agent; the case row's
``first_response_ms`` stands in until the event arrives), resolution is the case row's current one,
the guidance path is folded from the latest guidance session's recorded steps.
"""

import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime

from sqlalchemy import Connection, delete, literal_column, select

from console.domain.event import EventType
from console.domain.measures import BUCKET_RATIO, DAY_MS, EXCLUDED_DISPOSITIONS
from console.guidance.session_events import SessionStarted, event_from_dict
from console.guidance.session_fold import FoldError, fold_session
from console.storage.schema import case_facts, case_facts_stale, events

_CHUNK = 500  # case ids per statement
STALE_SLICE = 5_000  # stale cases derived per write transaction: other writes slip in between

SEP = " · "
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def _bucket(column: str) -> str:
    return (
        f"CASE WHEN {column} IS NULL THEN NULL WHEN {column} < 1000 THEN 0 "
        f"ELSE 1 + CAST(ln({column} / 1000.0) / ln({BUCKET_RATIO}) AS INTEGER) END"
    )


_EXCLUDED = ", ".join(f"'{d}'" for d in EXCLUDED_DISPOSITIONS)

# One JSON array of case ids as the only parameter. Each step reads only the chunk's rows through
# the case_id indexes (``+type`` keeps SQLite off the events' type index, which would read every
# event of that type), and the steps used twice are materialized, not inlined again.
_REFRESH = f"""
WITH wanted(id) AS (SELECT value FROM json_each(?)),
answers AS MATERIALIZED (
    SELECT case_id, MIN(at_ms) AS answer_ms, actor AS agent  -- the actor of the earliest row
    FROM events WHERE case_id IN wanted AND +type = 'reply_published' GROUP BY case_id
),
resolves AS MATERIALIZED (
    SELECT DISTINCT case_id FROM events WHERE case_id IN wanted AND +type = 'resolved'
),
firsts AS MATERIALIZED (
    SELECT case_id, MIN(created_ms) AS first_ms FROM mentions
    WHERE case_id IN wanted AND from_brand = 0 GROUP BY case_id
),
base AS MATERIALIZED (
    SELECT c.id, c.opened_ms, c.network, c.account_id, COALESCE(c.team, a.team, '') AS team,
           c.status, c.reopen_count, c.disposition, COALESCE(an.agent, '') AS agent,
           COALESCE(f.first_ms, c.opened_ms) AS first_ms,
           COALESCE(an.answer_ms, c.first_response_ms) AS reply_ms,
           CASE WHEN c.status = 'resolved' AND c.resolved_ms IS NOT NULL
                THEN MAX(c.resolved_ms - COALESCE(f.first_ms, c.opened_ms), 0) END AS resolution_ms,
           r.case_id IS NOT NULL AS was_resolved
    FROM cases c
    LEFT JOIN accounts a ON a.id = c.account_id
    LEFT JOIN answers an ON an.case_id = c.id
    LEFT JOIN firsts f ON f.case_id = c.id
    LEFT JOIN resolves r ON r.case_id = c.id
    WHERE c.id IN wanted
),
felt AS MATERIALIZED (
    SELECT m.case_id,
           AVG(CASE WHEN m.created_ms > b.reply_ms THEN m.sentiment_score END)
           - AVG(CASE WHEN m.created_ms <= b.reply_ms THEN m.sentiment_score END) AS change
    FROM base b CROSS JOIN mentions m ON m.case_id = b.id  -- CROSS: the chunk's cases outside
    WHERE b.reply_ms IS NOT NULL AND m.from_brand = 0
    GROUP BY m.case_id
),
timed AS (
    SELECT b.*, MAX(b.reply_ms - b.first_ms, 0) AS response_ms, felt.change AS sentiment_change
    FROM base b LEFT JOIN felt ON felt.case_id = b.id
)
INSERT INTO case_facts (
    case_id, opened_ms, day, network, account_id, team, agent, guidance, excluded, first_ms,
    response_ms, response_bucket, resolution_ms, resolution_bucket, resolved_ever, reopened,
    sentiment_change)
SELECT id, opened_ms, opened_ms / {DAY_MS}, network, account_id, team, agent, '',
       status = 'resolved' AND COALESCE(disposition, '') IN ({_EXCLUDED}),
       first_ms, response_ms, {_bucket("response_ms")}, resolution_ms, {_bucket("resolution_ms")},
       status = 'resolved' OR was_resolved OR reopen_count > 0,
       reopen_count > 0,
       sentiment_change
FROM timed
"""

_TEAMS = """
UPDATE case_facts SET team = COALESCE(
    (SELECT c.team FROM cases c WHERE c.id = case_facts.case_id),
    (SELECT a.team FROM accounts a WHERE a.id = case_facts.account_id), '')
WHERE account_id IN ({ids})
"""


def mark_stale(connection: Connection, case_ids: Iterable[str]) -> None:
    """These cases' rows changed: derive their facts before the next report counts."""
    rows = [(case_id,) for case_id in dict.fromkeys(case_ids)]
    if rows:
        driver = connection.connection.cursor()
        try:
            driver.executemany("INSERT OR IGNORE INTO case_facts_stale (case_id) VALUES (?)", rows)
        finally:
            driver.close()


def refresh_stale(connection: Connection, limit: int = STALE_SLICE) -> int:
    """Derive up to ``limit`` stale cases; returns how many were (fewer than ``limit``: all done)."""
    wanted = connection.scalars(select(case_facts_stale.c.case_id).limit(limit)).all()
    refresh(connection, wanted)
    return len(wanted)


def refresh_all_stale(connection: Connection) -> None:
    """Every stale case derived, in the caller's transaction (tests, tools, benchmarks)."""
    while refresh_stale(connection) == STALE_SLICE:
        pass


def refresh(connection: Connection, case_ids: Iterable[str]) -> None:
    """Derive the facts of ``case_ids`` again from their rows (those without a case row: none yet)."""
    wanted = list(dict.fromkeys(case_ids))
    driver = connection.connection.cursor()
    try:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start : start + _CHUNK]
            ids = json.dumps(chunk)
            driver.execute("DELETE FROM case_facts WHERE case_id IN (SELECT value FROM json_each(?))", (ids,))
            driver.execute(_REFRESH, (ids,))
            paths = guidance_paths(connection, chunk)
            if paths:
                driver.executemany(
                    "UPDATE case_facts SET guidance = ? WHERE case_id = ?", [(p, c) for c, p in paths.items()]
                )
            driver.execute(
                "DELETE FROM case_facts_stale WHERE case_id IN (SELECT value FROM json_each(?))", (ids,)
            )
    finally:
        driver.close()


def refresh_teams(connection: Connection, account_ids: Iterable[str]) -> None:
    """A brand account's team changed (or arrived): its cases without a team of their own follow it."""
    wanted = list(dict.fromkeys(account_ids))
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        connection.exec_driver_sql(_TEAMS.format(ids=", ".join("?" * len(chunk))), tuple(chunk))


def forget(connection: Connection, case_ids: Iterable[str] | None = None) -> None:
    """Drop the facts of ``case_ids`` (None: of every case), with the rows they came from."""
    if case_ids is None:
        connection.execute(delete(case_facts))
        connection.execute(delete(case_facts_stale))
        return
    wanted = list(case_ids)
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        connection.execute(delete(case_facts).where(case_facts.c.case_id.in_(chunk)))
        connection.execute(delete(case_facts_stale).where(case_facts_stale.c.case_id.in_(chunk)))


def guidance_paths(connection: Connection, case_ids: list[str]) -> dict[str, str]:
    """Per case with guidance steps, its latest session's tree and outcome: ``tree · disposition``,
    ``tree · stopped at node``. Steps that cannot be read are left out, as in the tree report."""
    # By case id, not through the type index (which would read every guidance step of the cache).
    rows = connection.execute(
        select(events.c.case_id, events.c.data).where(
            literal_column("+type") == EventType.GUIDANCE_STEP.value, events.c.case_id.in_(case_ids)
        )
    ).all()
    sessions: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for case_id, data in rows:
        try:
            payload = json.loads(data)
            session, event = str(payload["session"]), event_from_dict(payload["event"])
        except (ValueError, KeyError, TypeError):
            continue
        sessions[case_id][session].append(event)
    paths = {}
    for case_id, logs in sessions.items():
        latest = max(logs.values(), key=_started)
        try:
            folded = fold_session(latest)
        except FoldError:
            continue
        tree = folded.tree.rpartition("@")[0] or folded.tree
        if folded.disposition is not None:
            paths[case_id] = f"{tree}{SEP}{folded.disposition}"
        else:
            paths[case_id] = f"{tree}{SEP}stopped at {folded.stopped_at or 'the start'}"
    return paths


def _started(log: list) -> tuple:
    """When a session started (sessions without their start sort first: they cannot be folded)."""
    start = next((e for e in log if isinstance(e, SessionStarted)), None)
    return (0, _EPOCH) if start is None else (1, start.at)
