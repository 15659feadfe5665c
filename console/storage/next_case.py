""" "Get next": the case this user should take now, from the local cache (works offline).

Cases assigned to me come first; then unassigned ones my teams own (a supervisor's teams are every
team). Among them: the most urgent, then the earliest SLA due time still owed (first response if
not yet given, else resolution), then the oldest. Never a case someone else holds under a live
claim, nor one assigned to someone else, nor a resolved or pending one (the customer has the turn).
"""

import json
from collections.abc import Collection

from sqlalchemy import Connection, case, func, literal, or_, select

from console.domain.agent import Permission, Role, may
from console.domain.case import CaseStatus
from console.storage.schema import OWED_DUE_MS, accounts, cases, users

_NEVER = 2**62


def next_case(connection: Connection, me: str, now: int) -> str | None:
    """The id of the case to take next, or None when nothing is waiting for this user."""
    teams = _teams(connection, me)
    owner = func.coalesce(cases.c.team, accounts.c.team)
    query = (
        select(cases.c.id)
        .select_from(cases.outerjoin(accounts, accounts.c.id == cases.c.account_id))
        .where(
            cases.c.status.in_((CaseStatus.NEW.value, CaseStatus.OPEN.value)),
            or_(cases.c.assignee.is_(None), cases.c.assignee == me),
            or_(cases.c.snoozed_until_ms.is_(None), cases.c.snoozed_until_ms <= now),  # asleep: not yet
            or_(
                cases.c.claim_holder.is_(None),
                cases.c.claim_holder == me,
                func.coalesce(cases.c.claim_expires_ms, 0) <= now,
            ),
        )
        .order_by(
            case((cases.c.assignee == me, 0), else_=1),
            cases.c.priority.desc(),
            func.coalesce(OWED_DUE_MS, literal(_NEVER)),
            cases.c.opened_ms,
            cases.c.id,
        )
        .limit(1)
    )
    if teams is not None:
        query = query.where(or_(cases.c.assignee == me, owner.in_(teams)))
    return connection.scalar(query)


def _teams(connection: Connection, me: str) -> Collection[str] | None:
    """The teams whose cases this user takes; None for roles that see every case."""
    row = connection.execute(select(users.c.role, users.c.teams).where(users.c.id == me)).first()
    if row is None:
        return ()
    role = Role(row.role)
    if not may(role, Permission.WORK_CASES):
        return ()  # reviewers read, never take
    return None if may(role, Permission.MANAGE_OTHERS_WORK) else json.loads(row.teams)
