"""Customers: identities on several networks linked into one profile, and what is known about them.

Every author the hub hears from gets an identity (network, handle) and, when new, a customer of
their own. Agents link identities into one customer and split them again; every such step is a
:class:`CustomerEvent`, so the history keeps both directions and a split can restore what a merge
joined (see console.hub.customers).
"""

from dataclasses import dataclass, field
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from console.domain.network import Network

TIERS = ("standard", "premium", "gold", "vip")  # console.domain.priority.TIER_POINTS scores them
DEFAULT_TIER = "standard"
INGEST_ACTOR = "ingest"  # linked_by of an identity the hub made for a new author


class CustomerEventType(StrEnum):
    CREATED = "created"  # split off by an unlink (ingest's one-identity customers need no event)
    LINKED = "linked"  # identities moved into this customer
    MERGED = "merged"  # this customer's identities moved into another (it is an empty shell now)
    UNLINKED = "unlinked"  # an identity split off into another customer
    RESTORED = "restored"  # an identity came back from the customer it was merged into
    TIER = "tier"
    NOTE = "note"
    DETAILS = "details"  # CRM id or e-mail
    DISMISSED = "dismissed"  # a suggested link the agent refused; not suggested again


def network_label(network: str) -> str:
    """The network's name as shown ("X", "Bluesky"); the raw value for one this build does not know."""
    try:
        return Network(network).label
    except ValueError:
        return network


def tier_rank(tier: str) -> int:
    """Higher for a more valued tier; unknown tiers rank with the standard one."""
    return TIERS.index(tier) if tier in TIERS else 0


@dataclass(frozen=True, slots=True)
class Identity:
    id: str
    customer_id: str
    network: str  # console.domain.network.Network value
    handle: str
    name: str = ""
    linked_by: str = INGEST_ACTOR
    linked_ms: int = 0


@dataclass(frozen=True, slots=True)
class Customer:
    id: str
    display_name: str
    tier: str = DEFAULT_TIER
    crm_id: str = ""
    email: str = ""
    created_ms: int = 0
    updated_ms: int = 0
    merged_into: str | None = None  # set while all its identities live in that customer
    identities: tuple[Identity, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class CustomerNote:
    id: str
    customer_id: str
    author: str
    text: str
    at_ms: int


@dataclass(frozen=True, slots=True)
class CustomerEvent:
    id: str
    customer_id: str
    type: CustomerEventType
    actor: str
    at_ms: int
    data: MappingProxyType = field(default_factory=lambda: MappingProxyType({}))

    def __post_init__(self) -> None:
        if not isinstance(self.data, MappingProxyType):
            object.__setattr__(self, "data", MappingProxyType(dict(self.data)))

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass(frozen=True, slots=True)
class PastCase:
    """One of a customer's cases, with the mood of what they wrote in it."""

    case_id: str
    network: str
    status: str
    opened_ms: int
    mentions: int  # the customer's own mentions in it
    sentiment: float  # their mean sentiment score, -1 … +1
    excerpt: str  # the start of their first mention


class Trend(StrEnum):
    IMPROVING = "improving"
    WORSENING = "worsening"
    STEADY = "steady"
    UNKNOWN = "unknown"  # fewer than two cases to compare


TREND_STEP = 0.15  # a change in mean sentiment smaller than this is no trend


def sentiment_trend(scores: list[float]) -> Trend:
    """Where a customer's mood is heading over their cases, oldest first.

    The later half's mean against the earlier half's: one outlier case moves it less than a
    first-to-last comparison would.
    """
    if len(scores) < 2:
        return Trend.UNKNOWN
    half = len(scores) // 2
    earlier = sum(scores[:half]) / half
    later = sum(scores[-half:]) / half
    if later - earlier >= TREND_STEP:
        return Trend.IMPROVING
    if earlier - later >= TREND_STEP:
        return Trend.WORSENING
    return Trend.STEADY
