"""Acting on cases, offline first: every action is a mutation in the durable outbox, sent when it can.

Nothing here waits for the hub. The hub's answer arrives later through the outbox (the pusher
records it) and the pull (the effect itself); until then the UI shows the action as pending —
a claim as tentative — from :meth:`CaseActions.pending_for`.
"""

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from console.domain.ids import uuid7
from console.domain.mutation import InvalidMutationError, Mutation, MutationKind, Outcome
from console.domain.translatable import translatable
from console.services.errors import KnownError
from console.storage.database import CacheError
from console.storage.outbox import Outbox, OutboxEntry
from console.sync.pusher import Pusher


class ActionError(KnownError):
    """An action that cannot be queued (not signed in, empty note, text over the limit)."""


@dataclass(frozen=True, slots=True)
class ClaimView:
    """What the workstation can say about a case's claim right now."""

    mine: bool
    tentative: bool  # asked for, not yet answered by the hub
    token: int | None
    refused: str = ""  # the hub's reason, when the latest claim was refused


SPAM_TAG = "spam"


@dataclass(frozen=True, slots=True)
class BulkOutcome:
    done: int
    refused: tuple[str, ...]  # "case id: reason" for each case the action could not be queued for


class CaseActions:
    def __init__(self, outbox: Outbox, pusher: Pusher, current_user: Callable[[], str | None]):
        self._outbox = outbox
        self._pusher = pusher
        self._current_user = current_user

    @property
    def user_id(self) -> str | None:
        """Who acts from this workstation now (None while signed out)."""
        return self._current_user()

    async def claim(self, case_id: str, takeover: bool = False) -> Mutation:
        return await self._queue(MutationKind.CLAIM, case_id, {"takeover": True} if takeover else {})

    async def release(self, case_id: str) -> Mutation:
        return await self._queue(MutationKind.RELEASE, case_id, {})

    async def request_claim(self, case_id: str, message: str = "") -> Mutation:
        """Ask the colleague who holds the case for it (they hand it over or keep it)."""
        payload = {"message": message.strip()} if message.strip() else {}
        return await self._queue(MutationKind.REQUEST_CLAIM, case_id, payload)

    async def answer_claim_request(self, case_id: str, requester: str, give: bool) -> Mutation:
        return await self._queue(
            MutationKind.ANSWER_CLAIM_REQUEST, case_id, {"requester": requester, "give": give}
        )

    async def note(self, case_id: str, text: str) -> Mutation:
        return await self._queue(MutationKind.NOTE, case_id, {"text": text})

    async def tag(self, case_id: str, tag: str, on: bool = True) -> Mutation:
        return await self._queue(MutationKind.TAG if on else MutationKind.UNTAG, case_id, {"tag": tag})

    async def save_draft(self, case_id: str, text: str) -> Mutation:
        # A draft is saved as the agent types: a pasted NUL is dropped, not refused (the hub cannot
        # store it, and sending cleans control characters anyway).
        return await self._queue(MutationKind.DRAFT, case_id, {"text": text.replace("\x00", "")})

    async def reply(
        self, case_id: str, text: str, claim_token: int, account_id: str | None = None, private: bool = False
    ) -> str:
        """Queue a reply written under ``claim_token``; returns the reply's id for following its status."""
        reply_id = uuid7()
        payload: dict = {"reply_id": reply_id, "text": text, "claim_token": claim_token, "private": private}
        if account_id:
            payload["account_id"] = account_id
        await self._queue(MutationKind.REPLY, case_id, payload)
        return reply_id

    async def hand_off(self, case_id: str, team: str, reason: str) -> Mutation:
        return await self._queue(MutationKind.HANDOFF, case_id, {"team": team, "reason": reason})

    async def resolve(self, case_id: str, disposition: str = "") -> Mutation:
        return await self._queue(
            MutationKind.RESOLVE, case_id, {"disposition": disposition} if disposition else {}
        )

    async def resolve_as_spam(self, case_id: str) -> None:
        """Tagged "spam" and resolved: two mutations, in that order, so reports can count spam."""
        await self.tag(case_id, SPAM_TAG)
        await self.resolve(case_id, SPAM_TAG)

    async def assign(self, case_id: str, assignee: str | None) -> Mutation:
        """Give the case to ``assignee`` (a user id), or to nobody with None. The hub decides who may:
        a supervisor assigns anyone, an agent only takes a free case or gives back their own."""
        return await self._queue(MutationKind.ASSIGN, case_id, {"assignee": assignee or None})

    async def assign_each(self, case_ids: Iterable[str], assignee: str | None) -> BulkOutcome:
        """Bulk "Assign to…": one mutation per distinct case, past any case that cannot be queued."""
        return await self.on_each(case_ids, lambda case_id: self.assign(case_id, assignee))

    async def on_each(self, case_ids: Iterable[str], action: Callable[[str], Awaitable]) -> BulkOutcome:
        """A bulk action: ``action`` on each case once; one refusal does not stop the rest."""
        done, refused = 0, []
        for case_id in dict.fromkeys(case_ids):
            try:
                await action(case_id)
            except ActionError as error:
                refused.append(f"{case_id}: {error}")
            else:
                done += 1
        return BulkOutcome(done, tuple(refused))

    async def snooze(self, case_id: str, until_ms: int | None) -> Mutation:
        """Out of the queue until ``until_ms`` (UTC epoch ms); None wakes it now. The hub refuses a
        time not within the next 30 days, with its reason."""
        return await self._queue(MutationKind.SNOOZE, case_id, {"until_ms": until_ms})

    async def set_priority(self, case_id: str, priority: int, reason: str = "") -> Mutation:
        """The case's priority (0–100) by hand; the hub records it as a re-routing."""
        return await self._queue(
            MutationKind.SET_PRIORITY,
            case_id,
            {"priority": priority} | ({"reason": reason} if reason else {}),
        )

    async def hide(self, case_id: str, mention_id: str, hidden: bool = True, reason: str = "") -> Mutation:
        """Hide (or unhide) a customer's mention on its network; the hub refuses one its network
        cannot hide (console.domain.moderation) and says how it went as a case event."""
        payload = {"mention_id": mention_id, "hidden": hidden} | ({"reason": reason} if reason else {})
        return await self._queue(MutationKind.HIDE, case_id, payload)

    async def reopen(self, case_id: str, reason: str = "") -> Mutation:
        return await self._queue(MutationKind.REOPEN, case_id, {"reason": reason} if reason else {})

    async def guidance_step(self, case_id: str, payload: Mapping) -> Mutation:
        """One event of a guidance session (console.guidance.session_events.step_payload)."""
        return await self._queue(MutationKind.GUIDANCE_STEP, case_id, payload)

    async def guidance_steps(self, case_id: str, payloads: Sequence[Mapping]) -> list[Mutation]:
        """The events of one guidance step, all queued or none, in their order."""
        user = self._current_user()
        if user is None:
            raise ActionError(
                translatable("Errors", "Sign in to the hub first: this action needs to know who you are.")
            )
        try:
            queued = await self._outbox.enqueue_all(user, MutationKind.GUIDANCE_STEP, case_id, payloads)
        except (InvalidMutationError, CacheError) as error:
            raise ActionError(str(error)) from error
        self._pusher.wake()
        return queued

    async def claim_view(self, case_id: str, holder: str | None, token: int) -> ClaimView:
        """The claim as this workstation knows it: the replica's holder, plus what is still in flight."""
        user = self._current_user()
        entries = [
            e for e in await self._outbox.entries_for_case(case_id) if e.mutation.kind is MutationKind.CLAIM
        ]
        latest: OutboxEntry | None = entries[-1] if entries else None
        if latest is not None and latest.outcome is None:
            return ClaimView(mine=True, tentative=True, token=None)
        if holder is not None and holder == user:
            return ClaimView(mine=True, tentative=False, token=token)
        refused = latest.reason if latest is not None and latest.outcome is Outcome.REJECTED else ""
        return ClaimView(mine=False, tentative=False, token=None, refused=refused)

    async def _queue(self, kind: MutationKind, case_id: str, payload: Mapping) -> Mutation:
        return await queue_mutation(self._outbox, self._pusher, self._current_user(), kind, case_id, payload)


async def queue_mutation(
    outbox: Outbox,
    pusher: Pusher,
    user: str | None,
    kind: MutationKind,
    case_id: str,
    payload: Mapping,
    refused: type[KnownError] = ActionError,
) -> Mutation:
    """Validate and store one mutation for ``user`` in the durable outbox and wake the pusher; what
    cannot be queued (signed out, a malformed payload, the cache failing) raises ``refused``."""
    if user is None:
        raise refused("Sign in to the hub first: this action needs to know who you are.")
    try:
        mutation = await outbox.enqueue(user, kind, case_id, payload)
    except (InvalidMutationError, CacheError) as error:
        raise refused(str(error)) from error
    pusher.wake()
    return mutation
