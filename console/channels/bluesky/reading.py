"""Bluesky answers read as mentions: notifications (mention, reply), threads, searches, chat.

A post's id is its ``at://`` URI (a reply needs it, with the post's CID, to point at it). A public
thread is keyed by its root post's URI, which every reply record names, so a thread groups into one
case wherever it was read from. A chat message is keyed by its conversation's id, the one thing
``sendMessage`` needs to answer it.
"""

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from urllib.parse import parse_qs, urlsplit

from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

NETWORK = Network.BLUESKY
WEB = "https://bsky.app"
MENTION_REASONS = frozenset({"mention", "reply"})


def normalize(
    body: object,
    *,
    url: str,
    account: BrandAccount,
    received_ms: int,
    profiles: Mapping[str, Mapping] | None = None,
) -> Page:
    """The mentions in an XRPC answer from ``url``; never raises. ``profiles`` (DID → profile, as
    ``listConvos`` gives its members) names the senders of chat messages, which carry only a DID."""
    try:
        return _normalize(body, url, account, profiles or {})
    except _MissingListError as missing:
        return _refused(f"no '{missing.args[0]}' list in the answer", body, urlsplit(url).path)
    except Exception as failure:  # a last guard: a reader bug must quarantine, not stop ingest
        return Page(quarantined=(Quarantined.of(f"unreadable Bluesky answer ({failure!r})", body),))


def _normalize(body: object, url: str, account: BrandAccount, profiles: Mapping[str, Mapping]) -> Page:
    parts = urlsplit(url)
    method = parts.path.rsplit("/", 1)[-1]
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        said = body.get("message") if isinstance(body.get("message"), str) else ""
        return _refused(f"Bluesky said: {body['error']}{': ' + said if said else ''}", body, method)
    if not isinstance(body, dict):
        return _refused(f"{method or url}: the answer is not an object", body, method)
    reader = _Reader(account, profiles)
    cursor = body.get("cursor") if isinstance(body.get("cursor"), str) else None
    if method == "app.bsky.notification.listNotifications":
        for index, item in enumerate(_list(body, "notifications")):
            reader.notification(item, f"notifications[{index}]")
        return reader.page(cursor)
    if method == "app.bsky.feed.getPostThread":
        reader.thread(body.get("thread"), "thread")
        return reader.page(None)
    if method in ("app.bsky.feed.searchPosts", "app.bsky.feed.getPosts"):
        for index, item in enumerate(_list(body, "posts")):
            reader.post(item, f"posts[{index}]")
        return reader.page(cursor)
    if method == "chat.bsky.convo.listConvos":
        for index, convo in enumerate(_list(body, "convos")):
            reader.convo(convo, f"convos[{index}]")
        return reader.page(cursor)
    if method == "chat.bsky.convo.getMessages":
        convo_id = (parse_qs(parts.query).get("convoId") or [""])[0]
        if not convo_id:
            return _refused("getMessages: the URL names no convoId", body, method)
        for index, item in enumerate(_list(body, "messages")):
            reader.message(item, convo_id, f"messages[{index}]")
        return reader.page(cursor)
    return _refused(f"not a Bluesky method Horseshoe reads ({method or url})", body, method)


def _list(body: Mapping, key: str) -> list:
    value = body.get(key)
    if not isinstance(value, list):
        raise _MissingListError(key)
    return value


class _MissingListError(KeyError):
    pass


def _refused(reason: str, body: object, where: str) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, where),))


class _Reader:
    def __init__(self, account: BrandAccount, profiles: Mapping[str, Mapping]):
        self.account = account
        self.profiles = profiles
        self.mentions: dict[str, Mention] = {}
        self.quarantined: list[Quarantined] = []
        self.skipped = 0
        self.times: list[str] = []

    def page(self, cursor: str | None) -> Page:
        return Page(
            mentions=tuple(sorted(self.mentions.values(), key=lambda m: (m.created_ms, m.external_id))),
            quarantined=tuple(self.quarantined),
            next_cursor=cursor,
            newest=max(self.times) if self.times else None,
            skipped=self.skipped,
        )

    def _add(self, read: Callable[[], Mention], item: object, where: str) -> None:
        try:
            mention = read()
        except (KeyError, TypeError, ValueError, AttributeError) as failure:
            self.quarantined.append(Quarantined.of(f"cannot be read: {_why(failure)}", item, where))
            return
        self.mentions.setdefault(mention.external_id, mention)

    def notification(self, item: object, where: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("reason"), str):
            self.quarantined.append(Quarantined.of("a notification without 'reason'", item, where))
            return
        if isinstance(item.get("indexedAt"), str):
            self.times.append(item["indexedAt"])
        if item["reason"] not in MENTION_REASONS:
            self.skipped += 1  # likes, reposts, follows, quotes: not written to the brand
            return
        self._add(lambda: _post(item, item.get("record"), self.account), item, where)

    def post(self, view: object, where: str) -> None:
        if not isinstance(view, dict):
            self.quarantined.append(Quarantined.of("a post is not an object", view, where))
            return
        if isinstance(view.get("indexedAt"), str):
            self.times.append(view["indexedAt"])
        self._add(lambda: _post(view, view.get("record"), self.account, view.get("embed")), view, where)

    def thread(self, node: object, where: str) -> None:
        """A thread view: the post, its parents up to the root, and the replies below it."""
        if not isinstance(node, dict):
            self.quarantined.append(Quarantined.of("the thread is not an object", node, where))
            return
        kind = node.get("$type", "")
        if isinstance(kind, str) and kind.endswith(("#notFoundPost", "#blockedPost")):
            self.skipped += 1
            return
        self.post(node.get("post"), f"{where}.post")
        if isinstance(node.get("parent"), dict):
            self.thread(node["parent"], f"{where}.parent")
        for index, child in enumerate(node.get("replies") or ()):
            self.thread(child, f"{where}.replies[{index}]")

    def convo(self, convo: object, where: str) -> None:
        if not isinstance(convo, dict) or not isinstance(convo.get("id"), str):
            self.quarantined.append(Quarantined.of("a conversation without 'id'", convo, where))
            return
        members = {m.get("did"): m for m in convo.get("members") or () if isinstance(m, dict)}
        last = convo.get("lastMessage")
        if not isinstance(last, dict) or "text" not in last:
            self.skipped += 1  # no message yet, or the last one was deleted
            return
        saved, self.profiles = self.profiles, {**self.profiles, **members}
        self.message(last, convo["id"], f"{where}.lastMessage")
        self.profiles = saved

    def message(self, item: object, convo_id: str, where: str) -> None:
        if isinstance(item, dict) and str(item.get("$type", "")).endswith("#deletedMessageView"):
            self.skipped += 1
            return
        if isinstance(item, dict) and isinstance(item.get("sentAt"), str):
            self.times.append(item["sentAt"])
        self._add(lambda: _message(item, convo_id, self.account, self.profiles), item, where)


def _why(failure: Exception) -> str:
    if isinstance(failure, KeyError):
        return f"no {failure.args[0]!r}"
    return str(failure) or type(failure).__name__


def _post(view: Mapping, record: object, account: BrandAccount, embed_view: object = None) -> Mention:
    """A post (a notification or a post view: ``uri``, ``author``, ``record``) as a mention."""
    uri = view["uri"]
    if not isinstance(uri, str) or not uri.startswith("at://"):
        raise TypeError("'uri' is not an at:// URI")
    if not isinstance(record, dict):
        raise TypeError("'record' is not an object")
    text = record["text"]
    if not isinstance(text, str):
        raise TypeError("'text' is not text")
    author = _author(view["author"])
    reply = record.get("reply")
    parent = root = None
    if reply is not None:
        parent, root = _ref_uri(reply, "parent"), _ref_uri(reply, "root")
    langs = record.get("langs")
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=uri,
        author=author,
        text=text,
        created_ms=_ms(record.get("createdAt") or view.get("indexedAt")),
        kind=MentionKind.REPLY if parent else MentionKind.POST,
        lang=langs[0] if isinstance(langs, list) and langs and isinstance(langs[0], str) else "",
        url=post_url(uri, author.handle),
        parent_external_id=parent,
        conversation_key=f"{NETWORK.value}:{account.id}:{root or uri}",
        from_brand=_is_brand(author.handle, view["author"].get("did"), account),
        media=tuple(_media(embed_view, record.get("embed"), uri)),
    )


def _message(item: object, convo_id: str, account: BrandAccount, profiles: Mapping[str, Mapping]) -> Mention:
    if not isinstance(item, dict):
        raise TypeError("the message is not an object")
    message_id, text = item["id"], item["text"]
    if not isinstance(message_id, str) or not isinstance(text, str):
        raise TypeError("'id' or 'text' is not text")
    sender = item["sender"]
    did = sender.get("did") if isinstance(sender, dict) else None
    if not isinstance(did, str):
        raise TypeError("the sender has no DID")
    profile = profiles.get(did)
    author = _author(profile) if isinstance(profile, dict) else Author(handle=did)
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=f"chat:{convo_id}:{message_id}",
        author=author,
        text=text,
        created_ms=_ms(item["sentAt"]),
        kind=MentionKind.DIRECT_MESSAGE,
        conversation_key=f"{NETWORK.value}:{account.id}:dm:{convo_id}",
        from_brand=_is_brand(author.handle, did, account),
    )


def _author(data: object) -> Author:
    if not isinstance(data, dict):
        raise TypeError("'author' is not an object")
    handle = data["handle"]
    if not isinstance(handle, str) or not handle:
        raise TypeError("the author has no handle")
    followers = data.get("followersCount")
    verification = data.get("verification")
    return Author(
        handle=handle,
        name=data.get("displayName") if isinstance(data.get("displayName"), str) else "",
        followers=followers if isinstance(followers, int) and not isinstance(followers, bool) else 0,
        verified=isinstance(verification, dict) and verification.get("verifiedStatus") == "valid",
    )


def _ref_uri(reply: object, which: str) -> str:
    ref = reply.get(which) if isinstance(reply, dict) else None
    uri = ref.get("uri") if isinstance(ref, dict) else None
    if not isinstance(uri, str) or not uri.startswith("at://"):
        raise TypeError(f"the reply's {which} has no at:// URI")
    return uri


def _is_brand(handle: str, did: object, account: BrandAccount) -> bool:
    mine = account.handle.lstrip("@").lower()
    return handle.lower() == mine or (isinstance(did, str) and did.lower() == mine)


def _ms(value: object) -> int:
    """UTC epoch milliseconds of an AT Protocol datetime (ISO 8601 with a zone)."""
    if not isinstance(value, str):
        raise TypeError("the time is not text")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"the time {value!r} has no zone")
    return int(moment.timestamp() * 1000)


def post_url(uri: str, handle: str = "") -> str:
    """The web address of the post at ``uri`` (``at://did/app.bsky.feed.post/rkey``)."""
    did, _, rest = uri.removeprefix("at://").partition("/")
    rkey = rest.rsplit("/", 1)[-1]
    return f"{WEB}/profile/{handle or did}/post/{rkey}"


def _media(view: object, embed: object, uri: str) -> Iterable[Media]:
    """Pictures and link cards: from a post view's embed when there is one (it has the image
    addresses), else from the record's blobs (the CDN serves them by the author's DID and CID)."""
    if isinstance(view, dict) and isinstance(view.get("images"), list):
        for image in view["images"]:
            if isinstance(image, dict) and isinstance(image.get("fullsize"), str):
                yield Media("image", image["fullsize"], str(image.get("thumb") or ""))
        return
    if not isinstance(embed, dict):
        return
    did = uri.removeprefix("at://").partition("/")[0]
    for image in embed.get("images") or ():
        ref = image.get("image", {}).get("ref", {}) if isinstance(image, dict) else {}
        cid = ref.get("$link") if isinstance(ref, dict) else None
        if isinstance(cid, str):
            yield Media("image", f"https://cdn.bsky.app/img/feed_fullsize/plain/{did}/{cid}@jpeg")
    external = embed.get("external")
    if isinstance(external, dict) and isinstance(external.get("uri"), str):
        yield Media("link", external["uri"])
