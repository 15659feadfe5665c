"""People who work the queue."""

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    AGENT = "agent"
    SUPERVISOR = "supervisor"
    REVIEWER = "reviewer"
    ADMIN = "admin"


@dataclass(frozen=True, slots=True)
class Agent:
    id: str
    name: str
    role: Role = Role.AGENT
    teams: tuple[str, ...] = field(default_factory=tuple)
