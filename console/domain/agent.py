"""People who work the queue, their roles, and what each role may do.

The rules live here, not in the hub's endpoints, so the hub enforces them and the workstation can
grey out what its user may not do, from one table.
"""

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


class Permission(StrEnum):
    READ = "read"  # the queue, cases and their history
    WORK_CASES = "work_cases"  # claim, reply, note, tag, resolve… on cases one may work
    MANAGE_OTHERS_WORK = "manage_others_work"  # reassign or take over someone else's case
    ADMINISTER = "administer"  # users, teams, brand accounts, trees, policies


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.AGENT: frozenset({Permission.READ, Permission.WORK_CASES}),
    Role.SUPERVISOR: frozenset({Permission.READ, Permission.WORK_CASES, Permission.MANAGE_OTHERS_WORK}),
    Role.REVIEWER: frozenset({Permission.READ}),
    Role.ADMIN: frozenset(Permission),
}

ASSIGNABLE_ROLES = frozenset({Role.AGENT, Role.SUPERVISOR})
"""Who may be given a case (assigned): the people who work cases day to day."""

DEFAULT_TEAMS = ("Support", "PR", "Legal", "Sales", "Marketing")


def may(role: Role, permission: Permission) -> bool:
    return permission in _GRANTS[role]


@dataclass(frozen=True, slots=True)
class Agent:
    """A person with an account on the hub (agents, supervisors, reviewers and admins alike)."""

    id: str
    name: str
    role: Role = Role.AGENT
    teams: tuple[str, ...] = field(default_factory=tuple)
    username: str = ""
    disabled: bool = False

    def may(self, permission: Permission) -> bool:
        return not self.disabled and may(self.role, permission)

    @property
    def sees_every_team(self) -> bool:
        """Agents see their teams' brand accounts; the others oversee the whole floor."""
        return self.role is not Role.AGENT
