"""The queue use case: pages for the table, and the rows a live change touches."""

from collections.abc import Collection

from console.domain.queue import FilterChoices, PageKey, QueueQuery, QueueRow
from console.domain.sync import AppliedChanges
from console.storage.queue_repo import QueueRepository


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

    async def choices(self) -> FilterChoices:
        """Accounts, teams, people and languages the filters can offer."""
        return await self._repository.choices()
