"""Dispositions: how a case ended, in the team's words ("Refund issued", "Escalated to legal").

The catalog is the one list that resolving a case and the decision trees' ``end`` nodes choose
from, so reports count the same outcomes whichever way a case was closed.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Outcome(StrEnum):
    """The broad result a disposition reports under."""

    RESOLVED = "resolved"  # the customer got what they needed
    ESCALATED = "escalated"  # passed to a team outside care (PR, legal, sales)
    NO_ACTION = "no_action"  # nothing to do: spam, trolls, duplicates


@dataclass(frozen=True, slots=True)
class Disposition:
    id: str  # stored on the case (the RESOLVE mutation's "disposition")
    label: str
    outcome: Outcome
    description: str


@dataclass(frozen=True, slots=True)
class DispositionCatalog:
    dispositions: tuple[Disposition, ...]

    def __post_init__(self) -> None:
        ids = [d.id for d in self.dispositions]
        if len(ids) != len(set(ids)):
            raise ValueError("disposition ids must be unique")

    def by_id(self, disposition_id: str) -> Disposition | None:
        return next((d for d in self.dispositions if d.id == disposition_id), None)

    def with_outcome(self, outcome: Outcome) -> tuple[Disposition, ...]:
        return tuple(d for d in self.dispositions if d.outcome is outcome)

    def __iter__(self) -> Iterator[Disposition]:
        return iter(self.dispositions)

    def __len__(self) -> int:
        return len(self.dispositions)
