"""What the reply composer needs beyond Qt: the case it writes for, drafts, canned responses, sending.

Drafts go through :meth:`CaseActions.save_draft`, so they sit in the durable outbox the moment they
are saved and survive a crash; restoring reads that outbox and the replicated ``drafts`` row.
Sending checks the claim here, on this workstation's view of it; the hub checks the token again.
"""

import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from console.domain.canned_library import CannedResponse
from console.domain.draft import Draft
from console.domain.mention import BrandAccount
from console.domain.mutation import MAX_TEXT
from console.domain.network import Network
from console.domain.queue import QueueRow
from console.domain.reply import ReplyStatus
from console.domain.reply_text import prepare
from console.domain.translatable import translatable
from console.services.cases import ActionError, CaseActions
from console.services.replies import REFUSED, ReplyService, ReplyView
from console.storage.accounts_repo import AccountRepository
from console.storage.canned_file import CannedLoad
from console.storage.drafts_repo import DraftRepository

log = logging.getLogger(__name__)
CLAIM_FIRST = translatable("Errors", "Claim the case first (C): a reply goes out under your claim.")


@dataclass(frozen=True, slots=True)
class CaseContext:
    """The case the composer writes for, as the queue row shows it."""

    case_id: str
    network: Network
    account_id: str
    account_handle: str
    customer_name: str
    customer_handle: str
    language: str
    claim_holder: str | None
    claim_token: int

    @classmethod
    def from_row(cls, row: QueueRow) -> "CaseContext":
        if row.case_id is None:
            raise ValueError("a mention without a case cannot be answered")
        return cls(
            row.case_id,
            row.network,
            row.account_id,
            row.account_handle,
            row.author_name,
            row.author_handle,
            row.lang,
            row.claim_holder,
            row.claim_token,
        )


class ComposerService:
    def __init__(
        self,
        actions: CaseActions,
        drafts: DraftRepository,
        accounts: AccountRepository,
        replies: ReplyService,
        canned: CannedLoad,
        agent_name: Callable[[], str],
    ):
        self._actions = actions
        self._drafts = drafts
        self._accounts = accounts
        self._replies = replies
        self.canned = canned
        for problem in canned.problems:  # left out of the picker; the file's owner reads why here
            log.warning("canned response skipped: %s", problem)
        self._agent_name = agent_name
        self._saved: dict[str, str] = {}  # case id → the draft text last saved or restored
        self.merge_warning: Callable[[str], Awaitable[str]] | None = None
        """Why a reply on a case deserves a second look (its customer took in another identity
        lately: console.services.customers.CustomerService.recently_merged); "" when it does not."""

    @property
    def canned_responses(self) -> tuple[CannedResponse, ...]:
        return self.canned.responses

    async def accounts_for(self, context: CaseContext) -> list[BrandAccount]:
        """The brand's accounts on the case's network, the case's own first."""
        accounts = await self._accounts.on_network(context.network)
        if not any(account.id == context.account_id for account in accounts):
            # Not in the directory yet (an old cache): the case's account is still the one to use.
            own = BrandAccount(
                context.account_id, context.network, context.account_handle, context.account_handle
            )
            accounts.insert(0, own)
        return sorted(accounts, key=lambda account: account.id != context.account_id)

    async def restore(self, case_id: str) -> Draft | None:
        """My newest draft of ``case_id`` (None when there is none, or I am signed out)."""
        user = self._actions.user_id
        if user is None:
            return None
        draft = await self._drafts.latest(case_id, user)
        self._saved[case_id] = draft.text if draft else ""
        return draft

    async def save_draft(self, case_id: str, text: str) -> bool:
        """Queue ``text`` as the case's draft unless it is what was saved last; True when queued.
        Raises ActionError when it cannot be kept (signed out, over the size a mutation takes)."""
        if self._saved.get(case_id, "") == text:
            return False
        if len(text) > MAX_TEXT:
            raise ActionError(
                translatable("Errors", "Not saved as a draft: over {max_text:,} characters."),
                max_text=MAX_TEXT,
            )
        await self._actions.save_draft(case_id, text)
        self._saved[case_id] = text
        return True

    def values(self, context: CaseContext, account: BrandAccount | None) -> dict[str, str]:
        """The variables a canned response can take from the case without asking."""
        agent = self._agent_name().strip()
        values = {
            "customer.name": context.customer_name,
            "customer.handle": context.customer_handle,
            "agent.name": agent,
            "agent.first_name": agent.split()[0] if agent else "",
            "case.id": context.case_id,
            "network": context.network.label,
        }
        if account is not None:
            values |= {"brand.name": account.name, "brand.handle": account.handle}
        return {name: value for name, value in values.items() if value and value.strip()}

    async def send(self, context: CaseContext, text: str, account_id: str, private: bool) -> str:
        """Queue the reply under my claim; returns its id. Raises ActionError with the reason."""
        token = await self.claim_token(context)
        prepared = prepare(text)
        if prepared.refusal:
            raise ActionError(prepared.refusal, **prepared.values)
        if token is None:
            raise ActionError(CLAIM_FIRST)
        reply_id = await self._actions.reply(context.case_id, prepared.text, token, account_id, private)
        with contextlib.suppress(ActionError):  # the reply is queued; a stale draft is the lesser harm
            await self.save_draft(context.case_id, "")  # the draft became the reply
        return reply_id

    async def second_look(self, case_id: str) -> str:
        """The recently-merged warning for ``case_id``, or "" (also when no one can tell)."""
        return await self.merge_warning(case_id) if self.merge_warning is not None else ""

    async def claim_token(self, context: CaseContext) -> int | None:
        """My confirmed claim's token on the case, or None (not mine, or not answered yet)."""
        view = await self._actions.claim_view(context.case_id, context.claim_holder, context.claim_token)
        return view.token if view.mine and not view.tentative else None

    async def reply(self, case_id: str, reply_id: str) -> ReplyView | None:
        """Where the reply ``reply_id`` is on its way out."""
        return next((view for view in await self._replies.for_case(case_id) if view.id == reply_id), None)


def settled(view: ReplyView) -> bool:
    """Nothing more will happen to the reply without a person: stop following it."""
    if view.state == REFUSED:
        return True
    return view.state in _STATUSES and ReplyStatus(view.state).final


_STATUSES = frozenset(status.value for status in ReplyStatus)
