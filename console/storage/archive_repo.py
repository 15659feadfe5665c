"""The case archive's reads: cases whose mentions, brand replies or notes hold the words asked,
narrowed by their facts, newest first, in keyset pages, with a snippet of what matched.

Words run through three FTS5 indexes (``mentions_fts``, ``replies_fts``, ``notes_fts``, see
:mod:`console.storage.search`) in one of two ways, as the queue's quick search does:

* SET, for words with few matches: the matching rows' case ids, joined to their cases and sorted —
  a few thousand rows at most;
* PROBE, for common words: take the cases the filters keep, in date order, and test each for a
  message, reply or note holding the words (in Python, by the index's own rules) until the page is
  full — a page of 50 needs a few hundred tests when one case in ten matches, where collecting the
  matches would read hundreds of thousands. The cases come from the date index, or, when an agent
  or a guidance path keeps only a few thousand, from the facts' index, sorted first.

The facts a filter reads (agent, guidance path, sentiment change) come from ``case_facts``, derived
lazily: :meth:`ArchiveRepository.refresh_facts` derives what changed since (the service calls it
before a search filtering on them, and when the window opens). A count stops at
:data:`COUNT_AT_MOST` or after :data:`COUNT_BUDGET_S`, and then says "at least".
"""

import sqlite3
import time
from collections.abc import Iterable, Sequence

from sqlalchemy import Connection

from console.domain.archive import (
    CHANGE_STEP,
    NOT_ANSWERED,
    ArchiveCount,
    ArchiveFilters,
    ArchiveKey,
    ArchiveRow,
    DateField,
    FilterChoices,
    SentimentChange,
    Snippet,
    Source,
    snippet,
)
from console.storage import search
from console.storage.case_facts import STALE_SLICE, refresh_stale
from console.storage.database import CacheDatabase

SET, PROBE = search.SET, search.PROBE
DENSE = 5_000
"""Matches (over the three indexes) from which probing wins: each match costs a lookup of its case
on top of collecting it (measured on 1M mentions; see tests/bench/archive.py)."""
COUNT_AT_MOST = 10_000
COUNT_BUDGET_S = 0.25  # counting stops here and says "at least": the first page matters, not the total
_CHECK_EVERY = 1_000  # SQLite steps between looks at the clock while counting

_DATE = {DateField.OPENED: "c.opened_ms", DateField.UPDATED: "c.updated_ms"}
_INDEX = {DateField.OPENED: "ix_cases_opened", DateField.UPDATED: "ix_cases_updated"}
_NOTE_EVENT = "+e.type IN ('note_added', 'guidance_step')"  # +: by case id, not the type index
_PROBE = (
    f"(EXISTS (SELECT 1 FROM mentions m WHERE m.case_id = c.id AND {search.PROBE_FUNCTION}"
    "(:words, m.text, m.author_handle, m.author_name)) "
    f"OR EXISTS (SELECT 1 FROM replies r WHERE r.case_id = c.id AND {search.PROBE_FUNCTION}"
    "(:words, r.text, NULL, NULL)) "
    f"OR EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id AND {_NOTE_EVENT} "
    f"AND {search.PROBE_FUNCTION}(:words, {search.NOTE_TEXT.replace('events.', 'e.')}, NULL, NULL)))"
)
_HITS = (
    f"SELECT m.case_id FROM {search.TABLE} CROSS JOIN mentions m ON m.rowid = {search.TABLE}.rowid "
    f"WHERE {search.TABLE} MATCH :words "
    f"UNION SELECT r.case_id FROM {search.REPLIES} CROSS JOIN replies r ON r.rowid = {search.REPLIES}.rowid "
    f"WHERE {search.REPLIES} MATCH :words "
    f"UNION SELECT case_id FROM {search.NOTES} WHERE {search.NOTES} MATCH :words"
)
# The page's facts are read for its rows only (in _rows): joined while walking, they cost a lookup
# per case walked or matched.
_COLUMNS = (
    "c.id, {date} AS at_ms, c.opened_ms, c.updated_ms, c.network, c.account_id, c.status, "
    "COALESCE(c.disposition, '')"
)
WALK_FROM = 8_000
"""Cases kept by the filters from which a probing search walks them in date order (and stops at a
full page) rather than sorting them all first."""


class ArchiveRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def refresh_facts(self) -> int:
        """Derive the facts of cases changed since the last time (agent, guidance path, sentiment);
        returns how many were."""
        derived = STALE_SLICE
        total = 0
        while derived == STALE_SLICE:
            derived = await self._db.write(refresh_stale)
            total += derived
        return total

    async def page(
        self, words: str, filters: ArchiveFilters, after: ArchiveKey | None = None, limit: int = 50
    ) -> tuple[ArchiveRow, ...]:
        return await self._db.read(lambda c: page(c, words, filters, after, limit))

    async def count(self, words: str, filters: ArchiveFilters) -> ArchiveCount:
        return await self._db.read(lambda c: count(c, words, filters))

    async def choices(self) -> FilterChoices:
        return await self._db.read(choices)


def page(
    connection: Connection,
    words: str,
    filters: ArchiveFilters,
    after: ArchiveKey | None = None,
    limit: int = 50,
) -> tuple[ArchiveRow, ...]:
    """Up to ``limit`` matching cases after ``after``, newest first, each with its snippet."""
    expression = search.match_expression(words)
    sql, params = _query(connection, expression, filters, after)
    driver = connection.connection.cursor()
    try:
        found = driver.execute(f"{sql} LIMIT {int(limit)}", params).fetchall()
    finally:
        driver.close()
    return _rows(connection, found, expression)


def count(connection: Connection, words: str, filters: ArchiveFilters) -> ArchiveCount:
    """How many cases match, up to :data:`COUNT_AT_MOST` or :data:`COUNT_BUDGET_S` of counting:
    a common word under a narrow filter can take a walk of every case, so SQLite is interrupted at
    the deadline and the count says "at least" what it had."""
    sql, params = _query(connection, search.match_expression(words), filters, None)
    deadline = time.perf_counter() + COUNT_BUDGET_S
    driver_connection = connection.connection.driver_connection
    driver_connection.set_progress_handler(lambda: time.perf_counter() > deadline, _CHECK_EVERY)
    driver = driver_connection.cursor()
    n = 0
    try:
        driver.execute(f"SELECT id FROM ({sql} LIMIT {COUNT_AT_MOST + 1})", params)
        while batch := driver.fetchmany(100):
            n += len(batch)
    except sqlite3.OperationalError as error:
        if "interrupted" not in str(error):
            raise
        return ArchiveCount(n, exact=False)
    finally:
        driver.close()
        driver_connection.set_progress_handler(None, 0)
    return ArchiveCount(min(n, COUNT_AT_MOST), exact=n <= COUNT_AT_MOST)


def strategy(connection: Connection, expression: str) -> str:
    """SET or PROBE for ``expression``: the mentions' index decides first (cheaply, see
    :func:`console.storage.search.strategy`), then the matches of all three are counted up to
    :data:`DENSE`."""
    if search.strategy(connection, expression) == PROBE:
        return PROBE  # the probe function is registered
    total = 0
    for table in (search.TABLE, search.REPLIES, search.NOTES):
        bounded = f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH ? LIMIT {DENSE})"
        total += connection.exec_driver_sql(bounded, (expression,)).scalar_one()
        if total >= DENSE:
            connection.connection.driver_connection.create_function(
                search.PROBE_FUNCTION, 4, search.words_match, deterministic=True
            )
            return PROBE
    return SET


def _query(
    connection: Connection, expression: str | None, filters: ArchiveFilters, after: ArchiveKey | None
) -> tuple[str, dict]:
    """The page query (without LIMIT) and its parameters."""
    field = DateField(filters.date_field)
    date = _DATE[field]
    conditions, on_facts, params = _conditions(filters, date)
    if after is not None:
        conditions.append(f"({date}, c.id) < (:after_ms, :after_id)")
        params |= {"after_ms": after.at_ms, "after_id": after.case_id}
    source, probe = "cases c", False
    if expression is not None:
        params["words"] = expression
        if strategy(connection, expression) == SET:
            # CROSS JOIN: from the few matches to their cases, never a walk of every case.
            source = f"(SELECT case_id FROM ({_HITS})) h CROSS JOIN cases c ON c.id = h.case_id"
        else:
            probe = True
    facts = "LEFT JOIN case_facts f ON f.case_id = c.id " if filters.reads_facts else ""
    where = " AND ".join(conditions + on_facts) or "1"
    indexed = filters.agent is not None or filters.guidance is not None
    if (
        probe
        and indexed
        and _many(connection, f"SELECT 1 FROM case_facts f WHERE {' AND '.join(on_facts)}", params)
    ):
        # SQLite would read an agent's or a guidance path's cases through the facts' index and
        # sort them all; when they are many, walking the dates finds a page of matches sooner.
        # (Counted on the facts alone, an index range: the case filters only make them fewer.)
        source = f"cases c INDEXED BY {_INDEX[field]}"
    sql = (
        f"SELECT {_COLUMNS.format(date=date)} FROM {source} {facts}"
        f"WHERE {where} ORDER BY {date} DESC, c.id DESC"
    )
    if probe:
        # The probe tests the cases the filters kept, in order, until the page is full. Left among
        # the filters, SQLite may test every case an agent answered before sorting them; LIMIT -1
        # keeps it out of the subquery (no push-down).
        sql = f"SELECT * FROM ({sql} LIMIT -1) c WHERE {_PROBE}"
    return sql, params


def _many(connection: Connection, sql: str, params: dict) -> bool:
    """Whether ``sql`` yields at least :data:`WALK_FROM` rows (it stops counting there)."""
    bounded = f"SELECT count(*) FROM ({sql} LIMIT {WALK_FROM})"
    wanted = {k: v for k, v in params.items() if f":{k}" in sql}
    return connection.connection.driver_connection.execute(bounded, wanted).fetchone()[0] >= WALK_FROM


def _conditions(filters: ArchiveFilters, date: str) -> tuple[list[str], list[str], dict]:
    """The filters as SQL: on the case row, on its facts, and their parameters."""
    conditions: list[str] = []
    on_facts: list[str] = []
    params: dict = {}
    if filters.start_ms is not None:
        conditions.append(f"{date} >= :start_ms")
        params["start_ms"] = filters.start_ms
    if filters.end_ms is not None:
        conditions.append(f"{date} < :end_ms")
        params["end_ms"] = filters.end_ms
    for name, column in (("network", "c.network"), ("account_id", "c.account_id")):
        value = getattr(filters, name)
        if value is not None:
            conditions.append(f"{column} = :{name}")
            params[name] = value
    if filters.disposition is not None:
        conditions.append("COALESCE(c.disposition, '') = :disposition")
        params["disposition"] = filters.disposition
    for name in ("agent", "guidance"):
        value = getattr(filters, name)
        if value == NOT_ANSWERED:
            on_facts.append(f"COALESCE(f.{name}, '') = ''")
        elif value is not None:
            on_facts.append(f"f.{name} = :{name}")
            params[name] = value
    if filters.sentiment is not None:
        on_facts.append(_SENTIMENT[SentimentChange(filters.sentiment)])
    return conditions, on_facts, params


_SENTIMENT = {
    SentimentChange.IMPROVED: f"f.sentiment_change >= {CHANGE_STEP}",
    SentimentChange.WORSENED: f"f.sentiment_change <= {-CHANGE_STEP}",
    SentimentChange.UNCHANGED: f"f.sentiment_change > {-CHANGE_STEP} AND f.sentiment_change < {CHANGE_STEP}",
    SentimentChange.UNKNOWN: "f.sentiment_change IS NULL",
}


# --- the page's rows: names, customers and snippets -------------------------------------------------


def _rows(connection: Connection, found: Sequence[tuple], expression: str | None) -> tuple[ArchiveRow, ...]:
    if not found:
        return ()
    ids = [row[0] for row in found]
    marks = ", ".join("?" * len(ids))
    driver = connection.connection.cursor()
    try:
        accounts = dict(driver.execute("SELECT id, handle FROM accounts").fetchall())
        facts = {
            case_id: (agent, guidance, change)
            for case_id, agent, guidance, change in driver.execute(
                "SELECT case_id, agent, guidance, sentiment_change FROM case_facts "
                f"WHERE case_id IN ({marks})",
                ids,
            )
        }
        agents = {agent for agent, _, _ in facts.values() if agent}
        names = dict(
            driver.execute(
                "SELECT id, COALESCE(NULLIF(name, ''), username) FROM users WHERE id IN "
                f"({', '.join('?' * len(agents))})",
                tuple(agents),
            ).fetchall()
        )
        messages = driver.execute(
            "SELECT case_id, text, author_handle, author_name, from_brand FROM mentions "
            f"WHERE case_id IN ({marks}) ORDER BY created_ms, id",
            ids,
        ).fetchall()
        replies = notes = []
        if expression is not None:
            replies = driver.execute(
                f"SELECT case_id, text FROM replies WHERE case_id IN ({marks}) ORDER BY created_ms, id", ids
            ).fetchall()
            notes = driver.execute(
                f"SELECT case_id, {search.NOTE_TEXT} FROM events WHERE case_id IN ({marks}) "
                "AND +type IN ('note_added', 'guidance_step') ORDER BY at_ms, seq",
                ids,
            ).fetchall()
    finally:
        driver.close()
    customers: dict[str, str] = {}
    for case_id, _text, handle, name, from_brand in messages:
        if not from_brand and case_id not in customers:
            customers[case_id] = f"{name} ({handle})" if name and name != handle else handle
    snippets = _snippets(expression, messages, replies, notes)
    rows = []
    for (
        case_id,
        at_ms,
        opened,
        updated,
        network,
        account_id,
        status,
        disposition,
    ) in found:
        agent, path, change = facts.get(case_id, ("", "", None))
        rows.append(
            ArchiveRow(
                case_id=case_id,
                at_ms=at_ms,
                opened_ms=opened,
                updated_ms=updated,
                network=network,
                account_id=account_id,
                account=accounts.get(account_id, account_id),
                customer=customers.get(case_id, ""),
                status=status,
                agent=names.get(agent, agent),
                disposition=disposition,
                guidance=path,
                sentiment_change=change,
                snippet=snippets.get(case_id),
            )
        )
    return tuple(rows)


def _snippets(
    expression: str | None, messages: Iterable[tuple], replies: Iterable[tuple], notes: Iterable[tuple]
) -> dict[str, Snippet]:
    """Per case, what matched first (its mentions, then replies, then notes); with no words, the
    start of its first message."""
    found: dict[str, Snippet] = {}
    if expression is None:
        for case_id, text, *_ in messages:
            found.setdefault(case_id, snippet(Source.MENTION, text, ()))
        return found
    prefixes = search.prefixes(expression)
    for case_id, text, handle, name, _brand in messages:
        if case_id not in found and search.words_match(expression, text, handle, name):
            shown = snippet(Source.MENTION, text, prefixes)
            if not shown.marks:  # the author matched, not the words: say who
                shown = snippet(Source.MENTION, f"{name} ({handle}): {text}", prefixes)
            found[case_id] = shown
    for source, rows in ((Source.REPLY, replies), (Source.NOTE, notes)):
        for case_id, text in rows:
            if case_id not in found and text and search.words_match(expression, text):
                found[case_id] = snippet(source, text, prefixes)
    return found


def choices(connection: Connection) -> FilterChoices:
    """The filters' offers: networks and brand accounts the cache knows, agents who answered a case,
    dispositions and guidance paths recorded."""
    driver = connection.connection.cursor()
    try:
        accounts = driver.execute(
            "SELECT id, handle, network FROM accounts ORDER BY lower(handle)"
        ).fetchall()
        networks = {n for (n,) in driver.execute("SELECT DISTINCT network FROM accounts")}
        agents = driver.execute(
            "SELECT DISTINCT f.agent, COALESCE(NULLIF(u.name, ''), u.username, f.agent) FROM case_facts f "
            "INDEXED BY ix_case_facts_agent LEFT JOIN users u ON u.id = f.agent WHERE f.agent != ''"
        ).fetchall()
        dispositions = [d for (d,) in driver.execute("SELECT DISTINCT disposition FROM cases") if d]
        paths = [
            p
            for (p,) in driver.execute(
                "SELECT DISTINCT guidance FROM case_facts INDEXED BY ix_case_facts_guidance "
                "WHERE guidance != ''"
            )
        ]
    finally:
        driver.close()
    return FilterChoices(
        networks=tuple(sorted(networks)),
        accounts=tuple((i, f"{handle} ({network})") for i, handle, network in accounts),
        agents=tuple(sorted(((i, name) for i, name in agents), key=lambda a: a[1].lower())),
        dispositions=tuple(sorted(dispositions)),
        guidance_paths=tuple(sorted(paths)),
    )
