"""What a user may pull: their scope, as SQL over columns the hub has anyway.

An agent sees the cases of their teams. A case belongs to the team it was handed to
(``cases.team``) or, until it is handed anywhere, to the team that owns its brand account; so a
hand-off moves a case from one team's agents to another's. Supervisors, reviewers and admins see
every case. Mentions, events, replies and drafts follow their case. The directory (users, teams,
brand accounts) and the customers (with their identities, notes and history) go to everyone; a
draft only to its author. A team note (``broadcast``) goes to its team's members and, with no team,
to everyone; those who see every team see every note. Customers are not scoped by the cases one can
see: a customer's cases span teams, and a hand-off would have to re-log every customer of the case
as well.

A pull reads a window of change numbers per table; scoping adds one primary-key probe into
``cases`` (and the small ``accounts`` table) per row of the window, never a scan. The checksum
reads whole tables, and joins them instead.

A workstation may also set a history horizon (``floor_ms``): cases that are resolved and whose
last activity (``updated_ms``) is older than the floor are left out of its pull and checksum, with
all their rows. The floor is fixed when the workstation's snapshot starts and is part of the
fingerprint, so another floor resyncs. Last activity only grows and resolving a case moves it to
now, so the predicate only ever moves a case from left out to kept: a case that comes back (a new
mention reopens it) is fetched whole by the workstation (console.hub.history), because its older
rows sit before its cursor.
"""

import hashlib
from dataclasses import dataclass

from sqlalchemy import ColumnElement, FromClause, Select, Table, exists, func, not_, or_, select, true

from console.domain.agent import Agent
from console.domain.case import CaseStatus
from console.hub.schema import REPLICATED, accounts, broadcasts, cases, drafts

CASE_ROWS = frozenset({"case", "mention", "event", "reply", "draft"})
"""Kinds whose rows belong to one case and are seen by whoever sees the case."""


@dataclass(frozen=True, slots=True)
class Scope:
    user_id: str
    teams: tuple[str, ...] | None  # sorted; None: every team
    floor_ms: int | None = None  # the history horizon: resolved cases last active before it are left out

    @classmethod
    def of(cls, agent: Agent, floor_ms: int | None = None) -> "Scope":
        return cls(agent.id, None if agent.sees_every_team else tuple(sorted(set(agent.teams))), floor_ms)

    @property
    def fingerprint(self) -> str:
        """Changes exactly when what the user may see changes (another user, other teams, a role
        that sees every team or not, another history floor); a workstation holding another
        fingerprint's rows must resync. Without a floor it is what it was before horizons existed."""
        teams = "*" if self.teams is None else "\x1f".join(self.teams)
        floor = "" if self.floor_ms is None else f"\x1e{self.floor_ms}"
        return hashlib.sha256(f"{self.user_id}\x1e{teams}{floor}".encode()).hexdigest()[:16]

    def without_horizon(self) -> "Scope":
        """The same user and teams with every case of theirs, however old (a history download)."""
        return Scope(self.user_id, self.teams)

    @property
    def sees_every_case(self) -> bool:
        return self.teams is None

    def window(self, kind: str, after: int, upper: int) -> Select:
        """The rows of ``kind`` this scope sees with change numbers in (after, upper]: a pull's page.

        Each row of the window is checked by a correlated lookup of its case (and brand account) by
        primary key, which every planner runs as one index probe per row. As a join, PostgreSQL
        misjudged how many cases the team filter keeps and hashed the whole cases table for every
        page (60 ms a page at 100,000 mentions, growing with the hub).
        """
        table = REPLICATED[kind]
        query = select(table).where(table.c.seq > after, table.c.seq <= upper)
        if kind == "draft":
            query = query.where(drafts.c.user_id == self.user_id)
        if kind == "broadcast" and self.teams is not None:
            query = query.where(self._addressed())
        if kind in CASE_ROWS and self.teams is not None:
            owner = _case_team() if kind == "case" else _team_of_case(table.c.case_id)
            query = query.where(owner.in_(self.teams))
        return self._within_horizon(kind, table, query)

    def unseen_in_window(self, after: int, upper: int) -> Select | None:
        """Ids of cases in the window this scope does not see (for the workstation to drop them);
        None when it sees every case."""
        if self.teams is None:
            return None
        owner = func.coalesce(_case_team(), "")  # a case with no owning team is nobody's: unseen
        return select(cases.c.id).where(cases.c.seq > after, cases.c.seq <= upper, owner.not_in(self.teams))

    def rows(self, kind: str, *columns: ColumnElement) -> Select:
        """A select of ``columns`` (default: the whole row) over every row of ``kind`` this scope sees.

        For whole tables (the checksum): joined to cases and brand accounts, which PostgreSQL runs
        as hash joins, once per table.
        """
        table = REPLICATED[kind]
        query = select(*(columns or table.columns)).select_from(self._from(kind, table))
        if kind == "draft":
            query = query.where(drafts.c.user_id == self.user_id)
        if kind == "broadcast" and self.teams is not None:
            query = query.where(self._addressed())
        if kind in CASE_ROWS and self.teams is not None:
            query = query.where(_owning_team().in_(self.teams))
        return self._within_horizon(kind, table, query, joined=self.teams is not None)

    def by_owner(self, kind: str, *aggregates: ColumnElement) -> Select:
        """``aggregates`` over every row of ``kind`` (case rows only), grouped by the case's team.

        What :meth:`rows` selects, without the team filter: PostgreSQL underestimates how many cases
        a team filter keeps and then probes row by row; unfiltered, it hashes each table once. The
        caller adds up the groups of this scope's teams.
        """
        assert kind in CASE_ROWS and self.teams is not None
        table = REPLICATED[kind]
        owner = _owning_team().label("owner")
        query = select(owner, *aggregates).select_from(self._from(kind, table)).group_by(owner)
        query = self._within_horizon(kind, table, query, joined=True)
        return query.where(drafts.c.user_id == self.user_id) if kind == "draft" else query

    def sees_case(self) -> ColumnElement:
        """Whether this scope sees the ``cases`` row in the enclosing query (its team, looked up by key)."""
        return true() if self.teams is None else _case_team().in_(self.teams)

    def kept(self) -> ColumnElement:
        """Whether the ``cases`` row in the enclosing query is within the horizon (always without one)."""
        return _kept(self.floor_ms)

    def _within_horizon(self, kind: str, table: Table, query: Select, joined: bool = False) -> Select:
        """``query`` without the rows of cases beyond the horizon.

        A case's own row and, when the query joins ``cases`` already, any case row are tested on the
        joined columns; otherwise by one primary-key probe of the case (a row with no case is kept,
        as it is without a horizon).
        """
        if self.floor_ms is None or kind not in CASE_ROWS:
            return query
        if kind == "case" or joined:
            return query.where(self.kept())
        left_out = select(cases.c.id).where(cases.c.id == table.c.case_id, not_(self.kept()))
        return query.where(not_(exists(left_out.correlate(table))))

    def _addressed(self) -> ColumnElement:
        """Team notes to everyone or to one of this scope's teams."""
        return or_(broadcasts.c.team_id.is_(None), broadcasts.c.team_id.in_(self.teams))

    def _from(self, kind: str, table: Table) -> FromClause:
        if kind not in CASE_ROWS or self.teams is None:
            return table
        with_account = accounts, accounts.c.id == cases.c.account_id
        if kind == "case":
            return cases.outerjoin(*with_account)
        return table.join(cases, cases.c.id == table.c.case_id).outerjoin(*with_account)


def _kept(floor_ms: int | None) -> ColumnElement:
    """Not (resolved and last active before ``floor_ms``): the horizon's test of a ``cases`` row."""
    if floor_ms is None:
        return true()
    return or_(cases.c.status != CaseStatus.RESOLVED.value, cases.c.updated_ms >= floor_ms)


def _owning_team() -> ColumnElement:
    """The team a case belongs to now: where it was handed, else its brand account's owner."""
    return func.coalesce(cases.c.team, accounts.c.team)


def _case_team() -> ColumnElement:
    """:func:`_owning_team` of the ``cases`` row in the enclosing query, the account looked up by key."""
    account_team = select(accounts.c.team).where(accounts.c.id == cases.c.account_id)
    return func.coalesce(cases.c.team, account_team.correlate(cases).scalar_subquery())


def _team_of_case(case_id: ColumnElement) -> ColumnElement:
    """:func:`_owning_team` of the case ``case_id`` names (a column of the enclosing query)."""
    return select(_case_team()).where(cases.c.id == case_id).correlate_except(cases).scalar_subquery()
