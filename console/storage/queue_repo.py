"""The queue query: mentions sorted and filtered in SQL, read in keyset pages.

A page starts after a :class:`PageKey` (sort value, mention id), which an index on (column, id)
turns into a range scan: page 5,000 costs what page 1 costs, unlike OFFSET.
"""

import functools
import json
import logging
from collections.abc import Collection

from sqlalchemy import (
    Connection,
    Integer,
    Select,
    and_,
    bindparam,
    false,
    func,
    literal_column,
    or_,
    select,
    text,
    tuple_,
    union,
)
from sqlalchemy.exc import OperationalError

from console.domain.agent import ASSIGNABLE_ROLES
from console.domain.case import UNRESOLVED, CaseStatus
from console.domain.clock import now_ms
from console.domain.mention import MentionKind
from console.domain.network import Network
from console.domain.queue import UNASSIGNED, FilterChoices, PageKey, QueueQuery, QueueRow, QueueSort
from console.domain.sentiment import Sentiment
from console.domain.sla import AT_RISK_SHARE, SlaState
from console.storage import search
from console.storage.database import CacheDatabase
from console.storage.schema import OWED_DUE_MS, PRIORITY_ORDER, accounts, cases, mentions, teams, users

log = logging.getLogger(__name__)

# Each sort is a mentions column with a (column, id) index: keyset pages are index range scans.
SORT_COLUMNS = {
    QueueSort.AGE: mentions.c.created_ms,
    QueueSort.NETWORK: mentions.c.network,
    QueueSort.ACCOUNT: mentions.c.account_id,
    QueueSort.AUTHOR: mentions.c.author_handle,
    QueueSort.SENTIMENT: mentions.c.sentiment_score,
    QueueSort.PRIORITY: PRIORITY_ORDER,
    QueueSort.LANGUAGE: mentions.c.lang,
    QueueSort.REACH: mentions.c.author_followers,
}
ASSIGNEES = users.alias("assignees")  # the directory again, for the assignee's name
TEAM = func.coalesce(cases.c.team, accounts.c.team)  # handed to a team, else the account's
ASSIGNEE = func.coalesce(cases.c.assignee, cases.c.claim_holder)


class QueueRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def page(self, query: QueueQuery, after: PageKey | None = None, limit: int = 200) -> list[QueueRow]:
        return await self._db.read(lambda c: page(c, query, after, limit))

    async def rows(self, query: QueueQuery, mention_ids: Collection[str]) -> list[QueueRow]:
        return await self._db.read(lambda c: rows(c, query, mention_ids))

    async def count(self, query: QueueQuery, cap: int | None = None) -> int:
        return await self._db.read(lambda c: count(c, query, cap))

    async def choices(self) -> FilterChoices:
        return await self._db.read(choices)


def choices(connection: Connection) -> FilterChoices:
    accounts_ = connection.execute(select(accounts.c.id, accounts.c.handle).order_by(accounts.c.handle)).all()
    people = connection.execute(
        select(users.c.id, users.c.name, users.c.role, users.c.teams)
        .where(users.c.disabled.is_(False))
        .order_by(users.c.name)
    ).all()
    team_names = set(connection.scalars(select(teams.c.id))) | set(
        connection.scalars(select(accounts.c.team))
    )
    # Distinct languages by skipping through the (lang, id) index: a few probes, not a 1M-row scan.
    languages = connection.exec_driver_sql(
        "WITH RECURSIVE l(x) AS (SELECT min(lang) FROM mentions UNION ALL "
        "SELECT (SELECT min(lang) FROM mentions WHERE lang > x) FROM l WHERE x IS NOT NULL) "
        "SELECT x FROM l WHERE x IS NOT NULL"
    ).scalars()
    return FilterChoices(
        tuple((r.id, r.handle) for r in accounts_),
        tuple(sorted(team_names)),
        tuple((r.id, r.name) for r in people),
        tuple(languages),
        tuple((r.id, r.name, _teams(r.teams)) for r in people if r.role in ASSIGNABLE_ROLES),
    )


def page(connection: Connection, query: QueueQuery, after: PageKey | None, limit: int) -> list[QueueRow]:
    return _searching(connection, query, lambda fts: _page(connection, query, after, limit, fts))


def _page(
    connection: Connection, query: QueueQuery, after: PageKey | None, limit: int, fts: bool | str
) -> list[QueueRow]:
    sql, names, fixed = _compiled_page(connection.dialect, query, after is not None, limit, fts)
    values = fixed | {NOW: now_ms()}
    if after is not None:
        values |= {AFTER_VALUE: after.value, AFTER_ID: after.mention_id}
    cursor = connection.exec_driver_sql(sql, tuple(values[name] for name in names))
    return [_row(r) for r in cursor.fetchall()]


# A sort or filter change, and every scroll step, runs the same few page shapes: building and
# compiling the Select each time cost as much as SQLite's own work on the page.
@functools.lru_cache(maxsize=64)
def _compiled_page(dialect, query: QueueQuery, keyed: bool, limit: int, fts: bool | str):
    """The page's SQL, its parameters' names in order, and the values that do not change per call."""
    compiled = page_statement(query, PageKey(0, "") if keyed else None, limit, fts).compile(
        dialect=dialect, compile_kwargs={"render_postcompile": True}
    )
    return str(compiled), tuple(compiled.positiontup or ()), compiled.construct_params()


NOW = "now_ms"  # the parameters a page's SQL takes per call
AFTER_VALUE = "after_value"
AFTER_ID = "after_id"


def page_statement(query: QueueQuery, after: PageKey | None, limit: int, fts: bool | str = True) -> Select:
    """The SQL of one page (benchmarks also run it raw, for their baseline)."""
    sort = SORT_COLUMNS[query.sort]
    statement = _select(query, fts)
    if after is not None:
        position = tuple_(sort, mentions.c.id)
        bound = tuple_(bindparam(AFTER_VALUE, after.value), bindparam(AFTER_ID, after.mention_id))
        statement = statement.where(position < bound if query.descending else position > bound)
    order = (sort.desc(), mentions.c.id.desc()) if query.descending else (sort.asc(), mentions.c.id.asc())
    return statement.order_by(*order).limit(limit)


def rows(connection: Connection, query: QueueQuery, mention_ids: Collection[str]) -> list[QueueRow]:
    """The rows among ``mention_ids`` that the query shows (for live, surgical updates)."""
    ids = list(mention_ids)

    def read(fts: bool | str) -> list[QueueRow]:
        found: list[QueueRow] = []
        for start in range(0, len(ids), 500):
            statement = _select(query, fts).where(mentions.c.id.in_(ids[start : start + 500]))
            found.extend(_row(r) for r in connection.execute(statement))
        return found

    return _searching(connection, query, read)


def count(connection: Connection, query: QueueQuery, cap: int | None = None) -> int:
    """How many rows the query shows; at most ``cap + 1`` ("more than cap"), so a dense filter over a
    million mentions stops early instead of holding the cache's reader for a second."""

    def read(fts: bool | str) -> int:
        inner = select(mentions.c.id).select_from(_joined(query))
        for condition in _filters(query, fts):
            inner = inner.where(condition)
        if query.statuses and CaseStatus.RESOLVED not in query.statuses and not query.text.strip():
            # Open work only (the tray's counts, every 30 s): the open cases along their partial index,
            # then their mentions by case, not a walk of every mention a big cache holds (an IN, which
            # SQLite plans so with or without statistics). Literal: the index's own condition. Not
            # with a search: its few matches are the shorter way in.
            open_cases = select(cases.c.id).where(cases.c.status != literal_column("'resolved'"))
            inner = inner.where(mentions.c.case_id.in_(open_cases))
        if cap is not None:
            inner = inner.limit(cap + 1)
        return connection.execute(select(func.count()).select_from(inner.subquery())).scalar_one()

    return _searching(connection, query, read)


def _searching(connection: Connection, query: QueueQuery, read):
    """Run ``read`` with the full-text index; should the index refuse the query, search by substring.

    Quoted words make FTS syntax errors unlikely, but a damaged index or an odd tokenizer edge must
    cost the agent speed, not the search.
    """
    if not query.text.strip():
        return read(False)
    try:
        expression = search.match_expression(query.text)
        return read(search.strategy(connection, expression) if expression else False)
    except OperationalError as error:
        if "fts5" not in str(error) and search.TABLE not in str(error):
            raise
        log.warning("full-text search failed (%s); searching by substring", error.orig)
        return read(False)


def _joined(query: QueueQuery):
    """mentions, with the tables a filter needs (the count joins nothing it does not filter on)."""
    source = mentions
    if query.teams:
        source = source.outerjoin(accounts, accounts.c.id == mentions.c.account_id)
    if (
        query.teams
        or query.statuses
        or query.assignees
        or query.snoozed is not None
        or query.sla_states
        or query.crisis
    ):
        source = source.outerjoin(cases, cases.c.id == mentions.c.case_id)
    return source


def _select(query: QueueQuery, fts: bool | str = False) -> Select:
    statement = (
        select(
            mentions.c.id,
            mentions.c.case_id,
            mentions.c.network,
            mentions.c.account_id,
            func.coalesce(accounts.c.handle, mentions.c.account_id).label("account_handle"),
            mentions.c.author_handle,
            mentions.c.author_name,
            mentions.c.author_followers,
            mentions.c.author_verified,
            mentions.c.text,
            mentions.c.lang,
            mentions.c.kind,
            mentions.c.sentiment,
            mentions.c.sentiment_score,
            mentions.c.created_ms,
            cases.c.status.label("case_status"),
            cases.c.claim_holder,
            users.c.name.label("claim_holder_name"),
            func.coalesce(cases.c.claim_token, 0).label("claim_token"),
            cases.c.claim_expires_ms,
            SORT_COLUMNS[query.sort].label("sort_value"),
            mentions.c.from_brand,
            mentions.c.intent,
            mentions.c.priority,
            mentions.c.priority_reasons,
            cases.c.assignee,
            cases.c.opened_ms,
            cases.c.first_response_ms,
            cases.c.first_response_due_ms,
            cases.c.resolution_due_ms,
            cases.c.tags,
            ASSIGNEES.c.name.label("assignee_name"),
            TEAM.label("team"),
            cases.c.snoozed_until_ms,
        )
        .select_from(mentions)
        .outerjoin(accounts, accounts.c.id == mentions.c.account_id)
        .outerjoin(cases, cases.c.id == mentions.c.case_id)
        .outerjoin(users, users.c.id == cases.c.claim_holder)
        .outerjoin(ASSIGNEES, ASSIGNEES.c.id == cases.c.assignee)
    )
    for condition in _filters(query, fts):
        statement = statement.where(condition)
    return statement


def _filters(query: QueueQuery, fts: bool | str) -> list:
    conditions = []
    if query.networks:
        conditions.append(mentions.c.network.in_(sorted(n.value for n in query.networks)))
    if query.accounts:
        conditions.append(mentions.c.account_id.in_(sorted(query.accounts)))
    if query.sentiments:
        conditions.append(mentions.c.sentiment.in_(sorted(s.value for s in query.sentiments)))
    if query.languages:
        conditions.append(mentions.c.lang.in_(sorted(query.languages)))
    if query.since_ms is not None:
        conditions.append(mentions.c.created_ms >= query.since_ms)
    if query.until_ms is not None:
        conditions.append(mentions.c.created_ms < query.until_ms)
    if query.teams:
        conditions.append(TEAM.in_(sorted(query.teams)))
    if query.statuses:
        conditions.append(cases.c.status.in_(sorted(s.value for s in query.statuses)))
    if query.assignees:
        people = sorted(query.assignees - {UNASSIGNED})
        # Someone's cases are few: find them by the cases' indexes, then their mentions by case id,
        # rather than walk the sort index testing every row (1 row in 180 for one agent of 180).
        # A UNION, not an OR (the OR optimisation does not reach into the AND); "unlikely" because
        # statistics taken while nobody is assigned make the assignee index look useless.
        held = union(
            select(cases.c.id).where(func.likelihood(cases.c.assignee.in_(people), literal_column("0.001"))),
            select(cases.c.id).where(cases.c.assignee.is_(None), cases.c.claim_holder.in_(people)),
        )
        either = [mentions.c.case_id.in_(held)] if people else []
        if UNASSIGNED in query.assignees:
            either.append(ASSIGNEE.is_(None))
        conditions.append(or_(*either))
    if query.intents:
        conditions.append(mentions.c.intent.in_(sorted(query.intents)))
    if query.crisis:
        conditions.append(or_(mentions.c.intent == "crisis", cases.c.tags.contains(CRISIS_TAG_JSON)))
    if query.snoozed is not None:
        asleep = cases.c.snoozed_until_ms > bindparam(NOW, callable_=now_ms, type_=Integer)
        conditions.append(asleep if query.snoozed else or_(cases.c.snoozed_until_ms.is_(None), ~asleep))
    if query.sla_states:
        conditions.append(_sla_condition(query.sla_states, bindparam(NOW, callable_=now_ms, type_=Integer)))
    words = query.text.strip()
    if words:
        expression = search.match_expression(words) if fts else None
        if expression is not None and fts == search.PROBE:
            conditions.append(text(search.PROBE_SQL).bindparams(words=expression))
        elif expression is not None:
            matches = text(search.MATCHES_SQL).bindparams(words=expression)
            conditions.append(literal_column("mentions.rowid").in_(matches))
        else:  # no words to match (only punctuation), or the index failed: a substring scan
            pattern = f"%{words}%"
            conditions.append(or_(mentions.c.text.ilike(pattern), mentions.c.author_handle.ilike(pattern)))
    return conditions


CRISIS_TAG_JSON = '"crisis"'  # how the tag stands in a case's JSON list of tags


def _sla_condition(states: Collection[SlaState], now):
    """The case still owes a promise (first response, then resolution) in one of ``states`` now —
    the same rule as :meth:`QueueRow.sla`, in SQL."""
    owed = OWED_DUE_MS
    risky = cases.c.opened_ms + (owed - cases.c.opened_ms) * AT_RISK_SHARE
    by_state = {
        SlaState.BREACHED: owed <= now,
        SlaState.AT_RISK: and_(owed > now, risky <= now),
        SlaState.OK: and_(owed > now, risky > now),
    }
    wanted = [by_state[state] for state in states if state in by_state]
    return and_(cases.c.status.in_(UNRESOLVED), owed.is_not(None), or_(*wanted) if wanted else false())


# Enum members by stored value: a dict lookup, several times cheaper than calling the enum per row.
_NETWORKS = {member.value: member for member in Network}
_KINDS = {member.value: member for member in MentionKind}
_SENTIMENTS = {member.value: member for member in Sentiment}
_STATUSES = {member.value: member for member in CaseStatus} | {None: None}


def _row(r) -> QueueRow:
    (
        mention_id, case_id, network, account_id, account_handle, author_handle, author_name,
        author_followers, author_verified, text_, lang, kind, sentiment, sentiment_score, created_ms,
        case_status, claim_holder, claim_holder_name, claim_token, claim_expires_ms, sort_value, from_brand,
        intent, priority, priority_reasons, assignee, case_opened_ms, first_response_ms,
        first_response_due_ms, resolution_due_ms, tags, assignee_name, team, snoozed_until_ms,
    ) = r  # fmt: skip
    # Positional, in QueueRow's field order: a page builds 200 of these per scroll step.
    return QueueRow(
        mention_id, case_id, _NETWORKS[network], account_id, account_handle, author_handle, author_name,
        author_followers, bool(author_verified), text_, lang, _KINDS[kind], _SENTIMENTS[sentiment],
        sentiment_score, created_ms, _STATUSES[case_status or None], claim_holder, claim_holder_name,
        claim_token, claim_expires_ms, sort_value, bool(from_brand), intent, priority,
        _reasons(priority_reasons), assignee, assignee_name, case_opened_ms, first_response_ms,
        first_response_due_ms, resolution_due_ms, bool(tags) and CRISIS_TAG_JSON in tags, team,
        snoozed_until_ms,
    )  # fmt: skip


def _teams(stored: str | None) -> tuple[str, ...]:
    """A user's stored JSON list of teams; a malformed one is no team, not a broken picker."""
    try:
        found = json.loads(stored or "[]")
    except ValueError:
        return ()
    return tuple(str(team) for team in found) if isinstance(found, list) else ()


@functools.lru_cache(maxsize=4096)  # a few hundred distinct reason lists cover a whole queue
def _reasons(stored: str) -> tuple[tuple[str, int], ...]:
    """The stored JSON ``[[reason, points], ...]``; a malformed one shows no reasons, not a broken page."""
    try:
        return tuple((str(reason), int(points)) for reason, points in json.loads(stored))
    except (ValueError, TypeError):
        return ()
