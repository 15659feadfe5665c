"""The case view's use case: one case in full, and whether a pull changed what the view shows."""

from console.domain.case_detail import CaseDetail
from console.domain.sync import AppliedChanges
from console.storage.case_repo import CaseRepository


class CaseViewService:
    def __init__(self, repository: CaseRepository):
        self._repository = repository

    async def load(self, case_id: str) -> CaseDetail | None:
        """The case in full from the cache; None when the cache does not hold it (or no longer)."""
        return await self._repository.detail(case_id)

    @staticmethod
    def touches(changes: AppliedChanges, case_id: str, shown: CaseDetail | None = None) -> bool:
        """Whether ``changes`` may change the view of ``case_id`` (``shown``: what it shows now).

        The hub rewrites the case row with every event it records (new mention, claim, note,
        published reply…), so ``cases`` names it; a reply's status moving on (queued → sending)
        changes only its replies row, and names changed in the directory change the sentences.
        """
        if changes.reset or case_id in changes.cases or case_id in changes.removed or changes.directory:
            return True
        if shown is None:
            return bool(changes.mentions or changes.events or changes.replies)  # cannot tell: look again
        rows = shown.row_ids
        return not rows.isdisjoint(changes.replies | changes.mentions | changes.events)

    async def colleagues(self) -> tuple[tuple[str, str, str], ...]:
        """Who a note can @mention: (user id, username, name)."""
        return await self._repository.colleagues()
