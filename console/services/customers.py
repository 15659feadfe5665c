"""The customer profile: who wrote a case, on which networks, what they went through, and how they feel.

Read from the cache (console.storage.customers_repo); every change is a mutation in the outbox,
like any case action, acted from the case on screen (the hub checks it exists). Links are only
ever suggested here (console.domain.customer_links): an agent confirms or dismisses each.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from console.domain.clock import format_age, now_ms
from console.domain.customer import (
    Customer,
    CustomerEvent,
    CustomerEventType,
    CustomerNote,
    Identity,
    PastCase,
    Trend,
    network_label,
    sentiment_trend,
)
from console.domain.customer_links import Suggestion, suggest
from console.domain.mutation import Mutation, MutationKind
from console.services.cases import queue_mutation
from console.services.errors import KnownError
from console.storage.customers_repo import CustomerRepository
from console.storage.outbox import Outbox
from console.sync.pusher import Pusher

RECENT_MERGE_MS = 24 * 3600_000


class CustomerActionError(KnownError):
    """A profile change that cannot be queued (signed out, an empty note, a malformed e-mail)."""


@dataclass(frozen=True, slots=True)
class SuggestedLink:
    suggestion: Suggestion
    customer: Customer  # the other customer, for showing who it is


@dataclass(frozen=True, slots=True)
class CustomerProfile:
    customer: Customer
    author: Identity | None  # the identity that wrote the case the profile was opened from
    suggestions: tuple[SuggestedLink, ...]
    notes: tuple[CustomerNote, ...]  # newest first
    history: tuple[CustomerEvent, ...]  # newest first
    past_cases: tuple[PastCase, ...]  # oldest first
    trend: Trend
    names: Mapping[str, str]  # user id -> name, for note authors and history actors
    recently_merged: str = ""  # why to double-check before replying; empty when nothing to check

    def name_of(self, user_id: str) -> str:
        return self.names.get(user_id, user_id)


class CustomerService:
    def __init__(
        self,
        repository: CustomerRepository,
        outbox: Outbox,
        pusher: Pusher,
        current_user: Callable[[], str | None],
        clock: Callable[[], int] = now_ms,
    ):
        self._repository = repository
        self._outbox = outbox
        self._pusher = pusher
        self._current_user = current_user
        self._clock = clock

    async def for_case(self, case_id: str, handle: str | None = None) -> CustomerProfile | None:
        """The profile of the case's author (``handle``: of that author of the case's messages);
        None until the hub's identity for them has arrived."""
        author = await self._repository.author_of(case_id, handle)
        if author is None:
            return None
        return await self.profile(author.customer_id, author)

    async def profile(self, customer_id: str, author: Identity | None = None) -> CustomerProfile | None:
        stored = await self._repository.profile(customer_id)
        if stored is None:
            return None
        me = stored.customer
        candidates = await self._repository.candidates(me)
        by_id = {c.id: c for c in candidates}
        suggestions = tuple(
            SuggestedLink(s, by_id[s.customer_id]) for s in suggest(me, candidates, stored.dismissed)
        )
        past = tuple(await self._repository.past_cases(me))
        people = {n.author for n in stored.notes} | {e.actor for e in stored.history}
        names = await self._repository.names(people)
        return CustomerProfile(
            customer=me,
            author=author,
            suggestions=suggestions,
            notes=stored.notes,
            history=stored.history,
            past_cases=past,
            trend=sentiment_trend([case.sentiment for case in past]),
            names=names,
            recently_merged=_recent_merge(stored.history, author, names, self._clock()),
        )

    async def recently_merged(self, case_id: str) -> str:
        """Why a reply on ``case_id`` deserves a second look: its author's profile took in identities
        in the last 24 hours (a wrong merge shows another person's history); empty when it did not."""
        author = await self._repository.author_of(case_id)
        if author is None:
            return ""
        stored = await self._repository.profile(author.customer_id)
        if stored is None:
            return ""
        actors = {e.actor for e in stored.history if e.type is CustomerEventType.LINKED}
        return _recent_merge(stored.history, author, await self._repository.names(actors), self._clock())

    # --- changes, through the outbox --------------------------------------------------------------

    async def link(self, case_id: str, customer_id: str, other_customer_id: str) -> Mutation:
        """Confirm a suggestion: every identity of ``other_customer_id`` joins ``customer_id``."""
        payload = {"customer_id": customer_id, "other_customer_id": other_customer_id}
        return await self._queue(MutationKind.LINK_IDENTITY, case_id, payload)

    async def link_identity(self, case_id: str, customer_id: str, identity_id: str) -> Mutation:
        payload = {"customer_id": customer_id, "identity_id": identity_id}
        return await self._queue(MutationKind.LINK_IDENTITY, case_id, payload)

    async def unlink(self, case_id: str, identity_id: str) -> Mutation:
        return await self._queue(MutationKind.UNLINK_IDENTITY, case_id, {"identity_id": identity_id})

    async def dismiss(self, case_id: str, customer_id: str, other_customer_id: str) -> Mutation:
        payload = {"customer_id": customer_id, "other_customer_id": other_customer_id}
        return await self._queue(MutationKind.DISMISS_LINK, case_id, payload)

    async def set_tier(self, case_id: str, customer_id: str, tier: str) -> Mutation:
        return await self._queue(
            MutationKind.CUSTOMER_TIER, case_id, {"customer_id": customer_id, "tier": tier}
        )

    async def add_note(self, case_id: str, customer_id: str, text: str) -> Mutation:
        payload = {"customer_id": customer_id, "text": text.strip()}
        return await self._queue(MutationKind.CUSTOMER_NOTE, case_id, payload)

    async def set_details(
        self, case_id: str, customer_id: str, crm_id: str | None = None, email: str | None = None
    ) -> Mutation:
        payload = {"customer_id": customer_id}
        payload |= {"crm_id": crm_id.strip()} if crm_id is not None else {}
        payload |= {"email": email.strip()} if email is not None else {}
        return await self._queue(MutationKind.CUSTOMER_DETAILS, case_id, payload)

    async def _queue(self, kind: MutationKind, case_id: str, payload: Mapping) -> Mutation:
        user = self._current_user()
        return await queue_mutation(
            self._outbox, self._pusher, user, kind, case_id, payload, CustomerActionError
        )


def _recent_merge(
    history: tuple[CustomerEvent, ...], author: Identity | None, names: Mapping[str, str], now: int
) -> str:
    for event in history:  # newest first
        if event.type is not CustomerEventType.LINKED:
            continue
        if now - event.at_ms > RECENT_MERGE_MS:
            return ""
        who = names.get(event.actor, event.actor)
        age = format_age(event.at_ms, now)
        moved = event.get("identities", [])
        if author is not None and any(item.get("id") == author.id for item in moved):
            what = f"{author.handle} on {network_label(author.network)} was linked into this customer"
        else:
            count = len(moved)
            what = f"{count} {'identity was' if count == 1 else 'identities were'} linked into this customer"
        return f"{what} {age} ago by {who}: make sure it is the same person before replying."
    return ""
