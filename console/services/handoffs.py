"""What became of the hand-offs I asked for (see console.domain.handoff)."""

from collections.abc import Callable

from console.domain.handoff import HandoffRecord
from console.storage.handoffs_repo import HandoffRepository


class HandoffHistory:
    def __init__(self, repository: HandoffRepository, current_user: Callable[[], str | None]):
        self._repository = repository
        self._current_user = current_user

    async def mine(self) -> list[HandoffRecord]:
        """My hand-offs, newest first (none while signed out)."""
        user = self._current_user()
        return await self._repository.mine(user) if user else []
