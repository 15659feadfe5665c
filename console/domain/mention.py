"""A mention: one inbound item from a network, and the people and brand accounts around it."""

from dataclasses import dataclass
from enum import StrEnum

from console.domain.network import Network
from console.domain.sentiment import Sentiment


class MentionKind(StrEnum):
    POST = "post"
    COMMENT = "comment"
    REPLY = "reply"
    DIRECT_MESSAGE = "direct_message"
    REVIEW = "review"


@dataclass(frozen=True, slots=True)
class Author:
    """Who wrote a mention, as the network shows them."""

    handle: str
    name: str = ""
    followers: int = 0
    verified: bool = False


@dataclass(frozen=True, slots=True)
class BrandAccount:
    """A brand's account on one network, owned by one team."""

    id: str
    network: Network
    handle: str
    name: str
    team: str = "Support"


@dataclass(frozen=True, slots=True)
class Media:
    """A picture, video or link attached to a mention, as the network gives it."""

    kind: str  # "image", "video", "gif", "link"…
    url: str
    preview_url: str = ""  # a small image to show in place of the media, when the network has one


@dataclass(frozen=True, slots=True)
class Mention:
    """One item of a conversation, deduplicated on (network, external_id): what customers write,
    and the brand's own published replies (``from_brand``), so the conversation reads whole."""

    id: str
    network: Network
    account_id: str
    external_id: str
    author: Author
    text: str
    created_ms: int
    kind: MentionKind = MentionKind.POST
    lang: str = ""
    url: str = ""
    parent_external_id: str | None = None
    conversation_key: str = ""
    sentiment: Sentiment = Sentiment.NEUTRAL
    sentiment_score: float = 0.0
    case_id: str | None = None
    rating: int | None = None
    from_brand: bool = False  # the brand's own message in the conversation (a published reply)
    media: tuple[Media, ...] = ()

    @property
    def dedup_key(self) -> tuple[str, str]:
        return (self.network.value, self.external_id)
