"""Get next: take the case this agent should work on now, and claim it (offline first)."""

from collections.abc import Callable

from console.domain.clock import now_ms
from console.domain.translatable import translatable
from console.services.cases import ActionError, CaseActions
from console.storage.database import CacheDatabase
from console.storage.next_case import next_case


class NextCase:
    def __init__(self, db: CacheDatabase, actions: CaseActions, clock: Callable[[], int] = now_ms):
        self._db = db
        self._actions = actions
        self._clock = clock

    async def take(self) -> str | None:
        """Claim the top case this agent may take (see console.storage.next_case); its id, or None
        when nothing waits. The claim is tentative until the hub grants it, like any other."""
        user = self._actions.user_id
        if user is None:
            raise ActionError(
                translatable("Errors", "Sign in to the hub first: Get next needs to know who you are.")
            )
        now = self._clock()
        case_id = await self._db.read(lambda c: next_case(c, user, now))
        if case_id is not None:
            await self._actions.claim(case_id)
        return case_id
