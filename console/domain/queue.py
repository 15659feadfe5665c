"""What the queue shows and how it is ordered: rows, sort keys and keyset page positions."""

from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from console.domain.case import CaseStatus
from console.domain.mention import MentionKind
from console.domain.network import Network
from console.domain.sentiment import Sentiment
from console.domain.sla import Clock, SlaState, clock


class QueueSort(StrEnum):
    """Columns the queue can be ordered by; each maps to an indexed SQL expression in storage."""

    AGE = "age"  # by created time
    NETWORK = "network"
    ACCOUNT = "account"
    AUTHOR = "author"
    SENTIMENT = "sentiment"
    # Stored base priority aged linearly: console.domain.priority.sort_key, time-invariant, indexed.
    PRIORITY = "priority"
    LANGUAGE = "language"
    REACH = "reach"  # the author's followers


UNASSIGNED = ""
"""In :attr:`QueueQuery.assignees`: cases nobody holds."""


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """One queue question, answered in SQL. An empty set means "any"; sets within a field are ORed,
    fields are ANDed."""

    sort: QueueSort = QueueSort.AGE
    descending: bool = True  # newest first for AGE
    networks: frozenset[Network] = frozenset()
    text: str = ""  # words (prefixes) in the mention text or its author, via full-text search
    accounts: frozenset[str] = frozenset()  # brand account ids
    teams: frozenset[str] = frozenset()  # the case's team, else its account's
    sentiments: frozenset[Sentiment] = frozenset()
    statuses: frozenset[CaseStatus] = frozenset()
    assignees: frozenset[str] = frozenset()  # user ids, or UNASSIGNED
    languages: frozenset[str] = frozenset()
    since_ms: int | None = None  # created at or after
    until_ms: int | None = None  # created before
    intents: frozenset[str] = frozenset()  # console.domain.intent.Intent values
    sla_states: frozenset[SlaState] = frozenset()  # of the promise the case still owes, now
    crisis: bool = False  # only crisis mentions, or cases the hub routed as part of a crisis
    snoozed: bool | None = None  # None: either; False: awake cases only (working views); True: snoozed

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the queue (the count then says "matching")."""
        return replace(self, sort=QueueSort.AGE, descending=True) != QueueQuery()


class QueueRow(NamedTuple):
    """One mention as the queue shows it. A named tuple, not a frozen dataclass: a page builds 200
    of these per scroll step or sort change, and a tuple is built several times faster."""

    mention_id: str
    case_id: str | None
    network: Network
    account_id: str
    account_handle: str
    author_handle: str
    author_name: str
    author_followers: int
    author_verified: bool
    text: str
    lang: str
    kind: MentionKind
    sentiment: Sentiment
    sentiment_score: float
    created_ms: int
    case_status: CaseStatus | None
    claim_holder: str | None  # user id
    claim_holder_name: str | None
    claim_token: int
    claim_expires_ms: int | None
    sort_value: str | int | float  # the value of the query's sort column, for keyset paging
    from_brand: bool = False  # the brand's own published reply, shown in its conversation
    intent: str = ""  # a console.domain.intent.Intent value; "" for brand replies and older rows
    priority: int = 0  # the stored base score 0–100 (console.domain.priority.priority_at adds waiting, SLA)
    priority_reasons: tuple[tuple[str, int], ...] = ()  # (reason, points), largest first
    assignee: str | None = None  # user id the hub (or a supervisor) gave the case to
    assignee_name: str | None = None
    case_opened_ms: int | None = None
    first_response_ms: int | None = None
    first_response_due_ms: int | None = None
    resolution_due_ms: int | None = None
    crisis: bool = False  # the case was routed as part of a crisis (tagged "crisis" by the hub)
    team: str | None = None  # the team that owns the case: the one it was handed to, else its account's
    snoozed_until_ms: int | None = None  # the case is out of the working views until then

    def snoozed(self, now: int) -> bool:
        return self.snoozed_until_ms is not None and self.snoozed_until_ms > now

    @property
    def key(self) -> "PageKey":
        return PageKey(self.sort_value, self.mention_id)

    def sla(self, now: int) -> Clock:
        """Where the promise the case still owes stands: the first response until one is sent,
        then the resolution; nothing is owed on a resolved case."""
        if self.case_status is None or self.case_status is CaseStatus.RESOLVED:
            return Clock(SlaState.NONE, None, None)
        owed = self.first_response_due_ms if self.first_response_ms is None else self.resolution_due_ms
        return clock(self.case_opened_ms or self.created_ms, owed, None, now)


@dataclass(frozen=True, slots=True, order=True)
class PageKey:
    """A row's position in a sort order: (sort value, mention id) is unique and total."""

    value: str | int | float
    mention_id: str


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What the filter bar offers, from the cache: (value, label) pairs."""

    accounts: tuple[tuple[str, str], ...] = ()
    teams: tuple[str, ...] = ()
    people: tuple[tuple[str, str], ...] = ()  # user id, name
    languages: tuple[str, ...] = ()
    # The people who take cases (agents, supervisors): user id, name, their teams.
    assignable: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
