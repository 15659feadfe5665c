"""The demo channel: bundled, synthetic mentions replayed as if a network sent them.

It lets a new user see a live queue at once with no credentials; the hub's demo feed paces it.
Each pass over the file ("loop") gets its own external ids, so replays are new mentions, and
threads stay threads: a reply's parent and conversation are those of the same loop.
"""

import zlib
from collections.abc import Mapping
from dataclasses import dataclass

import yaml
from horseshoe_resources import resource

from console.channels.connector import OutgoingReply
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

URL_BASE = "https://demo.horseshoe.invalid"
# The demo network refuses replies over the length its model network allows, as the real one would.
REPLY_LIMITS = {Network.X: 280, Network.BLUESKY: 300, Network.MASTODON: 500}


class DemoDataError(ValueError):
    """The demo files are malformed; the message names the file, the item and the problem."""


@dataclass(frozen=True, slots=True)
class DemoItem:
    id: str
    account: BrandAccount
    kind: MentionKind
    author: Author
    lang: str
    text: str
    parent: str | None
    root: str  # the id of the first message of its thread
    rating: int | None
    label: Mapping[str, str]  # ground truth for evaluating classifiers, never shown as a result
    media: tuple[Media, ...] = ()


class DemoChannel:
    def __init__(self, accounts_yaml: str, mentions_yaml: str):
        self.accounts = _parse_accounts(accounts_yaml)
        self.items = _parse_items(mentions_yaml, {a.id: a for a in self.accounts})
        if not self.items:
            raise DemoDataError("mentions.yaml: no mentions")

    @classmethod
    def bundled(cls) -> "DemoChannel":
        folder = resource("demo")
        return cls(
            folder.joinpath("accounts.yaml").read_text("utf-8"),
            folder.joinpath("mentions.yaml").read_text("utf-8"),
        )

    def mention(self, position: int, created_ms: int) -> Mention:
        """The mention at ``position`` of the endless replay (loop = position // number of items)."""
        loop, index = divmod(position, len(self.items))
        item = self.items[index]
        external_id = f"demo-{loop}-{item.id}"
        network = item.account.network
        if item.kind is MentionKind.DIRECT_MESSAGE:
            conversation = f"demo:{item.account.id}:dm:{item.author.handle}:{loop}"
        else:
            conversation = f"demo:{item.account.id}:demo-{loop}-{item.root}"
        return Mention(
            id="",
            network=network,
            account_id=item.account.id,
            external_id=external_id,
            author=item.author,
            text=item.text,
            created_ms=created_ms,
            kind=item.kind,
            lang=item.lang,
            url=post_url(network, external_id),
            parent_external_id=f"demo-{loop}-{item.parent}" if item.parent else None,
            conversation_key=conversation,
            rating=item.rating,
            media=item.media,
        )


def post_url(network: Network, external_id: str) -> str:
    return f"{URL_BASE}/{network.value}/{external_id}"


def reply_external_id(reply_id: str) -> str:
    """The demo network's id for the post of a reply: derived from the reply's id, so the demo
    connector finds a post by the reply's id alone, as a real connector finds its embedded marker."""
    return f"demo-reply-{reply_id}"


def reply_problem(reply: OutgoingReply) -> str:
    """Why the demo network refuses ``reply`` for good, or ""."""
    limit = REPLY_LIMITS.get(reply.network)
    if limit is not None and len(reply.text) > limit and not reply.private:
        return f"{reply.network.label} allows {limit} characters in a reply; this one has {len(reply.text)}"
    return ""


def reply_mention(reply: OutgoingReply, created_ms: int) -> Mention:
    """A published brand reply as the demo stream shows it: the brand's message in the conversation."""
    external_id = reply_external_id(reply.id)
    account = reply.account
    return Mention(
        id="",
        network=reply.network,
        account_id=account.id,
        external_id=external_id,
        author=Author(handle=account.handle, name=account.name, verified=True),
        text=reply.text,
        created_ms=created_ms,
        kind=MentionKind.DIRECT_MESSAGE if reply.private else MentionKind.REPLY,
        url=post_url(reply.network, external_id),
        parent_external_id=reply.in_reply_to,
        conversation_key=reply.conversation_key,
        from_brand=True,
    )


def follow_up_mention(
    reply: OutgoingReply, answered: Mention, follow_ups: "FollowUps", created_ms: int
) -> Mention:
    """The customer's answer to a published brand reply, in the language they wrote in: it helped
    (three times in four) or it did not — the same choice every time for the same reply."""
    texts = follow_ups.by_language.get(answered.lang) or follow_ups.by_language["en"]
    roll = zlib.crc32(reply.id.encode())
    mood = "worse" if roll % 4 == 0 else "better"
    choices = texts[mood]
    external_id = f"demo-answer-{reply.id}"
    return Mention(
        id="",
        network=reply.network,
        account_id=reply.account.id,
        external_id=external_id,
        author=answered.author,
        text=choices[roll // 4 % len(choices)],
        created_ms=created_ms,
        kind=MentionKind.DIRECT_MESSAGE if reply.private else MentionKind.REPLY,
        lang=answered.lang,
        url=post_url(reply.network, external_id),
        parent_external_id=reply_external_id(reply.id),
        conversation_key=reply.conversation_key,
    )


@dataclass(frozen=True, slots=True)
class FollowUps:
    """What demo customers write back, by language, then "better" or "worse" (resources/demo)."""

    by_language: Mapping[str, Mapping[str, tuple[str, ...]]]

    @classmethod
    def bundled(cls) -> "FollowUps":
        return cls.parse(resource("demo").joinpath("follow_ups.yaml").read_text("utf-8"))

    @classmethod
    def parse(cls, text: str) -> "FollowUps":
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise DemoDataError(f"follow_ups.yaml: not valid YAML: {error}") from error
        languages = document.get("follow_ups") if isinstance(document, dict) else None
        if not isinstance(languages, Mapping) or "en" not in languages:
            raise DemoDataError("follow_ups.yaml: 'follow_ups' maps languages (en at least) to better/worse")
        parsed = {}
        for lang, moods in languages.items():
            try:
                lists = {mood: tuple(str(t) for t in moods[mood] if str(t).strip()) for mood in _MOODS}
            except (KeyError, TypeError) as error:
                raise DemoDataError(f"follow_ups.yaml: {lang}: needs 'better' and 'worse' lists") from error
            if not all(lists.values()):
                raise DemoDataError(f"follow_ups.yaml: {lang}: a list is empty")
            parsed[str(lang)] = lists
        return cls(parsed)


_MOODS = ("better", "worse")


def _load(text: str, name: str, key: str) -> list:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise DemoDataError(f"{name}: not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get(key), list):
        raise DemoDataError(f"{name}: expected a mapping with a list under '{key}'")
    return document[key]


def _parse_accounts(text: str) -> tuple[BrandAccount, ...]:
    found: dict[str, BrandAccount] = {}
    for number, entry in enumerate(_load(text, "accounts.yaml", "accounts"), 1):
        where = f"accounts.yaml: account #{number}"
        try:
            account = BrandAccount(
                id=str(entry["id"]),
                network=Network(entry["network"]),
                handle=str(entry["handle"]),
                name=str(entry["name"]),
                team=str(entry.get("team", "Support")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise DemoDataError(f"{where}: {error!r}") from error
        if account.id in found:
            raise DemoDataError(f"{where}: duplicate id {account.id!r}")
        found[account.id] = account
    return tuple(found.values())


def _parse_items(text: str, accounts: dict[str, BrandAccount]) -> tuple[DemoItem, ...]:
    items: dict[str, DemoItem] = {}
    for number, entry in enumerate(_load(text, "mentions.yaml", "mentions"), 1):
        where = f"mentions.yaml: mention #{number} ({entry.get('id') if isinstance(entry, dict) else '?'})"
        try:
            author = entry["author"]
            parent = entry.get("parent")
            if parent is not None and parent not in items:
                raise DemoDataError(f"{where}: parent {parent!r} is not an earlier mention")
            account = accounts.get(entry["account"])
            if account is None:
                raise DemoDataError(f"{where}: unknown account {entry['account']!r}")
            item = DemoItem(
                id=str(entry["id"]),
                account=account,
                kind=MentionKind(entry["kind"]),
                author=Author(
                    handle=str(author["handle"]),
                    name=str(author.get("name", "")),
                    followers=int(author.get("followers", 0)),
                    verified=bool(author.get("verified", False)),
                ),
                lang=str(entry.get("lang", "")),
                text=str(entry["text"]),
                parent=parent,
                root=items[parent].root if parent else str(entry["id"]),
                rating=int(entry["rating"]) if entry.get("rating") is not None else None,
                media=tuple(
                    Media(str(m["kind"]), f"{URL_BASE}/media/{m['file']}") for m in entry.get("media") or ()
                ),
                label=dict(entry.get("label") or {}),
            )
        except DemoDataError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise DemoDataError(f"{where}: {error!r}") from error
        if item.id in items:
            raise DemoDataError(f"{where}: duplicate id")
        items[item.id] = item
    return tuple(items.values())
