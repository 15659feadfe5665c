"""Auto-assignment: which present agent, with room and the right skills, gets a case next.

Only agents who are present (signed in with a live workstation) and under their capacity are
candidates, and only those whose skills fit the case: its team, and its language and network when the
agent lists any (an empty list means "any"). Round-robin gives the case to the candidate who has
waited longest since their last assignment; least-loaded to the one with the most spare capacity
(ties to the longest waiting). With no candidate the case waits in the holding queue, and the reason
says why, so a supervisor sees what is missing rather than an unexplained backlog.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Strategy(StrEnum):
    ROUND_ROBIN = "round_robin"
    LEAST_LOADED = "least_loaded"


@dataclass(frozen=True, slots=True)
class AgentLoad:
    user_id: str
    teams: frozenset[str]
    present: bool
    open_cases: int
    capacity: int = 8
    languages: frozenset[str] = frozenset()  # empty: any language
    networks: frozenset[str] = frozenset()  # empty: any network
    last_assigned_ms: int = 0

    @property
    def spare(self) -> int:
        return self.capacity - self.open_cases


@dataclass(frozen=True, slots=True)
class CaseNeeds:
    team: str
    language: str = ""  # "" or "und": unknown, anyone will do
    network: str = ""


@dataclass(frozen=True, slots=True)
class Assignment:
    user_id: str | None  # None: the case waits in the holding queue
    reason: str


def choose(
    needs: CaseNeeds, agents: Iterable[AgentLoad], strategy: Strategy = Strategy.ROUND_ROBIN
) -> Assignment:
    team = [a for a in agents if needs.team in a.teams]
    if not team:
        return Assignment(None, f"holding: no agent in {needs.team}")
    present = [a for a in team if a.present]
    if not present:
        return Assignment(None, f"holding: nobody in {needs.team} is present")
    skilled = [a for a in present if _speaks(a, needs.language) and _works_on(a, needs.network)]
    if not skilled:
        return Assignment(None, f"holding: nobody present in {needs.team} covers {_skills(needs)}")
    free = [a for a in skilled if a.spare > 0]
    if not free:
        return Assignment(None, f"holding: everyone in {needs.team} who could take it is at capacity")
    if strategy is Strategy.LEAST_LOADED:
        agent = min(free, key=lambda a: (-a.spare / max(1, a.capacity), a.last_assigned_ms, a.user_id))
        why = f"least loaded in {needs.team} ({agent.open_cases}/{agent.capacity} open)"
    else:
        agent = min(free, key=lambda a: (a.last_assigned_ms, a.user_id))
        why = f"next in turn in {needs.team}"
    return Assignment(agent.user_id, why)


def _speaks(agent: AgentLoad, language: str) -> bool:
    return not agent.languages or language in ("", "und") or language in agent.languages


def _works_on(agent: AgentLoad, network: str) -> bool:
    return not agent.networks or not network or network in agent.networks


def _skills(needs: CaseNeeds) -> str:
    wanted = [part for part in (needs.language if needs.language != "und" else "", needs.network) if part]
    return " and ".join(wanted) or "it"
