"""The queue use case: pages for the table, and the rows a live change touches."""

from collections.abc import Collection
from dataclasses import dataclass, replace

from console.domain.case import CaseStatus
from console.domain.queue import FilterChoices, PageKey, QueueQuery, QueueRow
from console.domain.sla import SlaState
from console.domain.sync import AppliedChanges
from console.services.errors import KnownError
from console.storage.database import CacheError
from console.storage.queue_repo import QueueRepository

# The working queue: mentions of cases still owed something, not snoozed (as the tray counts them).
WORKING = QueueQuery(statuses=frozenset(CaseStatus) - {CaseStatus.RESOLVED}, snoozed=False)


@dataclass(frozen=True)
class DeskCounts:
    """The working queue at a glance: its size, and how much of it is at risk or past its SLA.
    A count that reached the cap is ``cap + 1`` ("more than cap")."""

    in_queue: int
    at_risk: int
    breached: int
    cap: int


class QueueService:
    def __init__(self, repository: QueueRepository):
        self._repository = repository

    async def page(self, query: QueueQuery, after: PageKey | None, limit: int) -> list[QueueRow]:
        return await self._repository.page(query, after, limit)

    async def changed_rows(
        self, query: QueueQuery, changes: AppliedChanges, shown_cases: dict[str, list[str]]
    ) -> list[QueueRow]:
        """Rows to insert or refresh after ``changes``: new mentions, and shown mentions of changed cases.

        ``shown_cases`` maps case id → mention ids the view holds, so a case's status change
        refreshes just those rows.
        """
        ids: set[str] = set(changes.mentions)
        for case_id in changes.cases & shown_cases.keys():
            ids.update(shown_cases[case_id])
        return await self._repository.rows(query, ids) if ids else []

    async def count(self, query: QueueQuery, cap: int | None = None) -> int:
        """Rows matching ``query``; with ``cap``, counting stops past it (the answer is then cap + 1)."""
        return await self._repository.count(query, cap)

    async def rows(self, query: QueueQuery, mention_ids: Collection[str]) -> list[QueueRow]:
        return await self._repository.rows(query, mention_ids)

    async def desk_counts(self, cap: int = 9_999) -> DeskCounts:
        """Counted in the cache, each stopping past ``cap``: cheap enough to run after every sync."""
        count = self._repository.count
        try:
            return DeskCounts(
                await count(WORKING, cap),
                await count(replace(WORKING, sla_states=frozenset({SlaState.AT_RISK})), cap),
                await count(replace(WORKING, sla_states=frozenset({SlaState.BREACHED})), cap),
                cap,
            )
        except CacheError as error:  # closing at shutdown, or a disk problem: the caller tries later
            raise KnownError(str(error)) from error

    async def choices(self) -> FilterChoices:
        """Accounts, teams, people and languages the filters can offer."""
        return await self._repository.choices()
