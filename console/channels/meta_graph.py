"""What Facebook Pages and Instagram share: Meta's Graph API.

Both answer with the same envelope (``data`` + ``paging.cursors`` / ``paging.next``), the same error
body (``{"error": {"message", "type", "code", "error_subcode"}}``) and, for direct messages, the
same message objects. This module reads those once (pure: no I/O); ``meta_client.py`` holds the
HTTP side (usage headers, Send API, error mapping); ``facebook.py``, ``instagram.py`` and
``meta_webhooks.py`` read what is particular to each.

Account convention: a Meta :class:`BrandAccount`'s ``handle`` is the id the Graph API knows it by —
the Page id for Facebook, the Instagram professional account's user id for Instagram (its
``username`` is matched too, so an Instagram account may also carry the username as handle).
"""

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

GRAPH_URL = "https://graph.facebook.com/v19.0"
RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})  # app, user, page and custom-level throttling
"""Graph error codes that mean "too many calls, try later"; 80000–80014 (business use case limits)
mean the same."""
TRANSIENT_CODES = frozenset({1, 2})  # "unknown error" and "service temporarily unavailable"


# --- small readers -----------------------------------------------------------------------------


def text_of(value: object) -> str:
    """An id or a text as Graph sends it: strings, or numbers in older payloads."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    return ""


def epoch_ms(value: object) -> int | None:
    """UTC epoch ms from Graph's ISO times (``2021-07-04T19:50:58+0000``) or epoch seconds/ms."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            return None
        return int(value) if value >= 100_000_000_000 else int(value * 1000)  # ms already, or s
    if isinstance(value, str):
        try:  # Python 3.11's reads Graph's "+0000" too, and a tenth of strptime's time
            moment = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        if moment.tzinfo is None:
            return None
        return int(moment.timestamp() * 1000)
    return None


def listed(value: object, key: str = "data") -> list:
    """``{"data": [...]}`` (Graph's edge shape) as a list; anything else, empty."""
    if isinstance(value, Mapping):
        value = value.get(key)
    return value if isinstance(value, list) else []


def thread_key(network: Network, account: BrandAccount, root: str) -> str:
    return f"{network.value}:{account.id}:{root}"


def dm_key(network: Network, account: BrandAccount, other: str) -> str:
    return f"{network.value}:{account.id}:dm:{other}"


def author(handle: str, name: str, external_id: str) -> Author:
    """Who wrote an item; when Graph left the author out (``from`` needs a Page token, mention
    webhooks carry none) the handle is unique to the item, so the hub never takes two unknown
    writers for one customer and joins their cases."""
    return Author(handle=handle or f"unknown:{external_id}", name=name)


def is_brand(account: BrandAccount, *ids: object) -> bool:
    """Whether any of ``ids`` (an author's id or username) is the brand account itself."""
    mine = {account.handle, account.handle.lstrip("@")} - {""}
    return any(text_of(i) in mine for i in ids if text_of(i))


def url_path(url: str) -> list[str]:
    """The Graph path's segments without the version: ``/v19.0/123/comments`` → ``["123", "comments"]``."""
    parts = [p for p in urlsplit(url).path.split("/") if p]
    if parts and re.fullmatch(r"v\d+(\.\d+)?", parts[0]):
        parts = parts[1:]
    return parts


def url_params(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


# --- envelopes ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphError:
    message: str
    type: str
    code: int | None
    subcode: int | None
    is_transient: bool

    @property
    def rate_limited(self) -> bool:
        return self.code in RATE_LIMIT_CODES or (self.code is not None and 80000 <= self.code <= 80014)

    @property
    def transient(self) -> bool:
        return self.rate_limited or self.is_transient or self.code in TRANSIENT_CODES

    def __str__(self) -> str:
        codes = f"code {self.code}" + (f"/{self.subcode}" if self.subcode is not None else "")
        return f"{self.message or 'Graph API error'} ({self.type or 'error'}, {codes})"


def graph_error(body: object) -> GraphError | None:
    """The error a Graph body carries, or None when it is not an error body."""
    if not isinstance(body, Mapping) or not isinstance(body.get("error"), Mapping):
        return None
    error = body["error"]

    def number(value: object) -> int | None:
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    return GraphError(
        message=text_of(error.get("message")) or text_of(error.get("error_user_msg")),
        type=text_of(error.get("type")),
        code=number(error.get("code")),
        subcode=number(error.get("error_subcode")),
        is_transient=error.get("is_transient") is True,
    )


def not_understood(body: object, what: str) -> Page:
    """A page with one quarantined entry for a body a normalizer cannot read at all."""
    error = graph_error(body)
    if error is not None:
        return Page(quarantined=(Quarantined.of(f"Graph API error: {error}", body),))
    if not isinstance(body, Mapping):
        return Page(quarantined=(Quarantined.of(f"not a JSON object ({type(body).__name__})", body),))
    return Page(quarantined=(Quarantined.of(what, body),))


def next_cursor(body: Mapping) -> str | None:
    """Where older items continue: the ``after`` cursor when Graph gave one with a ``next`` link,
    else the ``next`` link itself (time-paged edges such as a feed page with ``until``)."""
    paging = body.get("paging")
    if not isinstance(paging, Mapping):
        return None
    link = text_of(paging.get("next"))
    if not link:
        return None
    cursors = paging.get("cursors")
    after = text_of(cursors.get("after")) if isinstance(cursors, Mapping) else ""
    return after or link


def newest_of(mentions: Iterable[Mention], previous: str | None = None) -> str | None:
    """The since-marker for the next poll: the newest item's time in epoch seconds (Graph's ``since``)."""
    times = [m.created_ms for m in mentions]
    if not times:
        return previous
    return str(max(times) // 1000)


def assemble(
    mentions: list[Mention],
    quarantined: list[Quarantined],
    skipped: int,
    body: Mapping | None = None,
    **extra: object,
) -> Page:
    ordered = sorted(mentions, key=lambda m: m.created_ms)  # oldest first, as Page promises
    return Page(
        mentions=tuple(ordered),
        quarantined=tuple(quarantined),
        next_cursor=next_cursor(body) if body is not None else None,
        newest=newest_of(ordered),
        skipped=skipped,
        extra={k: v for k, v in extra.items() if v},
    )


# --- items both networks share -----------------------------------------------------------------


def attachment_media(attachments: object) -> tuple[Media, ...]:
    """Media of a Graph message's ``attachments.data`` or a webhook message's ``attachments``."""
    found: list[Media] = []
    items = attachments if isinstance(attachments, list) else listed(attachments)
    for item in items:
        if not isinstance(item, Mapping):
            continue
        image, video = item.get("image_data"), item.get("video_data")
        payload = item.get("payload")
        if isinstance(image, Mapping) and text_of(image.get("url")):
            found.append(Media("image", text_of(image["url"]), text_of(image.get("preview_url"))))
        elif isinstance(video, Mapping) and text_of(video.get("url")):
            found.append(Media("video", text_of(video["url"]), text_of(video.get("preview_url"))))
        elif isinstance(payload, Mapping) and text_of(payload.get("url")):
            found.append(Media(text_of(item.get("type")) or "file", text_of(payload["url"])))
        elif text_of(item.get("url")):  # a fallback (shared link) attachment
            found.append(Media(text_of(item.get("type")) or "link", text_of(item["url"])))
        elif text_of(item.get("file_url")):
            found.append(Media("file", text_of(item["file_url"])))
    return tuple(found)


class UnreadableError(ValueError):
    """An item lacks what a mention needs; the message is the quarantine reason."""


def need_id(item: Mapping, key: str = "id") -> str:
    value = text_of(item.get(key))
    if not value:
        raise UnreadableError(f"no '{key}'" if key not in item else f"'{key}' is not an id")
    return value


def need_time(item: Mapping, *keys: str, fallback: object = None) -> int:
    for key in keys:
        if key in item:
            ms = epoch_ms(item[key])
            if ms is None:
                raise UnreadableError(f"'{key}' is not a time")
            return ms
    ms = epoch_ms(fallback)
    if ms is None:
        raise UnreadableError(f"no '{keys[0]}'")
    return ms


def graph_message(network: Network, account: BrandAccount, item: object) -> Mention | None:
    """A Graph message object (Messenger or Instagram DM, from ``/{conversation}/messages``), or
    None when it is a message with nothing to read (unsupported, no text and no attachment)."""
    if not isinstance(item, Mapping):
        raise UnreadableError("not an object")
    external_id = need_id(item)
    created = need_time(item, "created_time")
    sender = item.get("from")
    if not isinstance(sender, Mapping):
        raise UnreadableError("no 'from'")
    sender_id = text_of(sender.get("id"))
    if not sender_id:
        raise UnreadableError("'from' has no id")
    text = item.get("message", "")
    if not isinstance(text, str):
        raise UnreadableError("'message' is not text")
    media = attachment_media(item.get("attachments"))
    if not text and not media:
        return None
    from_brand = is_brand(account, sender_id, sender.get("username"))
    if from_brand:
        recipients = [text_of(r.get("id")) for r in listed(item.get("to")) if isinstance(r, Mapping)]
        other = next((r for r in recipients if r), "")
        if not other:
            raise UnreadableError("the brand's message names no recipient in 'to'")
    else:
        other = sender_id
    username = text_of(sender.get("username"))
    return Mention(
        id="",
        network=network,
        account_id=account.id,
        external_id=external_id,
        author=Author(handle=username or sender_id, name=text_of(sender.get("name")) or username),
        text=text,
        created_ms=created,
        kind=MentionKind.DIRECT_MESSAGE,
        conversation_key=dm_key(network, account, other),
        from_brand=from_brand,
        media=media,
    )


def read_messages(
    network: Network, account: BrandAccount, items: list, where: str
) -> tuple[list[Mention], list[Quarantined], int]:
    mentions, quarantined, skipped = [], [], 0
    for position, item in enumerate(items):
        try:
            mention = graph_message(network, account, item)
        except UnreadableError as why:
            quarantined.append(
                Quarantined.of(f"{network.label} message: {why}", item, f"{where}[{position}]")
            )
            continue
        if mention is None:
            skipped += 1
        else:
            mentions.append(mention)
    return mentions, quarantined, skipped


def read_conversations(network: Network, account: BrandAccount, body: Mapping) -> Page:
    """``/{page}/conversations`` with ``messages{...}`` asked for: each conversation's messages.
    ``Page.extra["more_messages"]``: the conversations that have older messages than came, with
    the cursor to page ``/{conversation}/messages`` from and the oldest message's time."""
    mentions, quarantined, skipped = [], [], 0
    more: list[dict] = []
    for position, conversation in enumerate(listed(body)):
        if not isinstance(conversation, Mapping) or not isinstance(conversation.get("messages"), Mapping):
            skipped += 1  # a conversation without its messages says nothing to answer
            continue
        found, bad, empty = read_messages(
            network, account, listed(conversation["messages"]), f"data[{position}].messages.data"
        )
        mentions += found
        quarantined += bad
        skipped += empty
        older = next_cursor(conversation["messages"])
        if older and text_of(conversation.get("id")) and found:
            # Only its latest messages came: where the rest go on, for a reader that needs them.
            oldest = min(m.created_ms for m in found)
            more.append({"id": text_of(conversation["id"]), "after": older, "oldest_ms": oldest})
    return assemble(mentions, quarantined, skipped, body, more_messages=more)


def objects_by_id(body: Mapping) -> list[tuple[str, object]] | None:
    """``GET /?ids=a,b`` answers ``{a: {...}, b: {...}}``; the pairs, or None for another shape."""
    if not body or any(not isinstance(v, Mapping) or text_of(v.get("id")) != k for k, v in body.items()):
        return None
    return list(body.items())


# --- telling a bare body's endpoint (for `import` of raw bodies) -------------------------------

ME = "me"
"""Stands for the account's node in a guessed endpoint whose normalizer reads only the edge
(``/me/feed``, ``/me/conversations``): the Graph API's own alias for the token's Page or user."""


def guess_common(body: object) -> str | None:
    """What Facebook's and Instagram's bodies share: the endpoint an error body, a list answer
    that names itself in its paging links, an ``?ids=`` answer or a single object came from; ""
    when it cannot be one of them (no endpoint); None when it is a list to tell by its items."""
    if not isinstance(body, Mapping):
        return ""
    if graph_error(body) is not None:
        return f"{GRAPH_URL}/{ME}"  # any endpoint reads an error body as the error it is
    paging = body.get("paging")
    for key in ("next", "previous"):
        link = text_of(paging.get(key)) if isinstance(paging, Mapping) else ""
        parts = urlsplit(link)
        if parts.scheme in ("http", "https") and len(url_path(link)) >= 1:
            return f"{parts.scheme}://{parts.netloc}{parts.path}"  # the list's own address
    if isinstance(body.get("data"), list):
        return None
    pairs = objects_by_id(body)
    if pairs is not None:
        return f"{GRAPH_URL}/?ids={','.join(key for key, _ in pairs)}"
    node = text_of(body.get("id"))
    return f"{GRAPH_URL}/{node}" if node else ""


def guess_private(items: list[Mapping]) -> str:
    """Conversations (``t_`` ids, or their ``messages``) or messages (``m_`` ids, a ``to``), else ""."""
    if all(text_of(i.get("id")).startswith("t_") or isinstance(i.get("messages"), Mapping) for i in items):
        return f"{GRAPH_URL}/{ME}/conversations"
    if all(text_of(i.get("id")).startswith("m_") or isinstance(i.get("to"), Mapping) for i in items):
        return f"{GRAPH_URL}/{ME}/messages"
    return ""


def common_value(items: list[Mapping], read) -> str:
    """The one value ``read(item)`` gives for every item, or "" when they differ or one has none."""
    values = {read(item) for item in items}
    return values.pop() if len(values) == 1 and "" not in values else ""
