"""Collision control between colleagues: asking the holder for a case, and answering such a request.

Asking and answering are mutations (CaseActions.request_claim, answer_claim_request); what is pending
is read here from the replicated case events (console.storage.claim_requests).
"""

from collections.abc import Callable

from console.domain.agent import Permission, Role, may
from console.domain.claim_request import ClaimRequest
from console.domain.clock import now_ms
from console.services.cases import CaseActions
from console.storage import claim_requests
from console.storage.database import CacheDatabase


class ClaimRequests:
    def __init__(self, db: CacheDatabase, actions: CaseActions, clock: Callable[[], int] = now_ms):
        self._db = db
        self._actions = actions
        self._clock = clock

    async def for_case(self, case_id: str) -> list[ClaimRequest]:
        """Unanswered requests on ``case_id`` while I hold it."""
        me, now = self._actions.user_id, self._clock()
        if me is None:
            return []
        return await self._db.read(lambda c: claim_requests.pending(c, me, now, case_id))

    async def may_take_over(self) -> bool:
        """Whether my role lets me take a case from whoever holds it (a supervisor's call)."""
        me = self._actions.user_id
        if me is None:
            return False
        role = await self._db.read(lambda c: claim_requests.role_of(c, me))
        return role is not None and may(Role(role), Permission.MANAGE_OTHERS_WORK)

    async def asked_at(self, case_id: str) -> int | None:
        """When I last asked for ``case_id`` within the last hour (a request goes stale after that)."""
        since = self._clock() - ASK_FRESH_MS
        return await self._db.read(lambda c: claim_requests.asked_at(c, case_id, since))


ASK_FRESH_MS = 3_600_000
