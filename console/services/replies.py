"""A case's replies as the agent should see them: where each one is on its way to the network.

The hub's status (replicated) for replies it has; for a reply still in this workstation's outbox,
that it has not reached the hub yet, or why the hub refused it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from console.domain.mutation import MutationKind, Outcome
from console.domain.reply import ReplyStatus
from console.storage.outbox import Outbox
from console.storage.replies_repo import ReplyRepository

UNSENT = "unsent"
"""Written here, in the outbox, not yet taken by the hub (offline, or just queued)."""
REFUSED = "refused"
"""The hub refused the reply itself (not its publishing): ``reason`` says why."""


@dataclass(frozen=True, slots=True)
class ReplyView:
    id: str
    text: str
    author: str  # the author's name; empty for this workstation's own user
    mine: bool
    state: str  # a ReplyStatus value, or UNSENT / REFUSED
    reason: str
    url: str
    at_ms: int  # when it was written


class ReplyService:
    def __init__(self, repository: ReplyRepository, outbox: Outbox, current_user: Callable[[], str | None]):
        self._repository = repository
        self._outbox = outbox
        self._current_user = current_user

    async def for_case(self, case_id: str) -> list[ReplyView]:
        """Every reply on ``case_id``, oldest first."""
        user = self._current_user()
        views = [
            ReplyView(
                r.id,
                r.text,
                r.author_name,
                r.author_id == user,
                r.status.value,
                r.reason,
                r.url,
                r.created_ms,
            )
            for r in await self._repository.for_case(case_id)
        ]
        known = {view.id for view in views}
        for entry in await self._outbox.entries_for_case(case_id):
            mutation = entry.mutation
            reply_id = mutation.payload.get("reply_id")
            if mutation.kind is not MutationKind.REPLY or reply_id in known:
                continue
            if entry.outcome is None:
                state, reason = UNSENT, ""
            elif entry.outcome is Outcome.REJECTED:
                state, reason = REFUSED, entry.reason
            else:  # taken by the hub; its row arrives with the next pull
                state, reason = entry.detail.get("reply_status", ReplyStatus.QUEUED.value), entry.reason
            text = str(mutation.payload.get("text", ""))
            views.append(ReplyView(reply_id, text, "", True, state, reason, "", mutation.created_ms))
        return sorted(views, key=lambda view: view.at_ms)
