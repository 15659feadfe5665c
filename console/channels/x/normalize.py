"""X API v2 bodies read to mentions: the mentions timeline (and search, lookup, quote and user
timelines, which hold the same post objects) and DM events.

Pure: no I/O, and no exception for any JSON value. Which endpoint answered is read from the URL's path,
since the bodies of different endpoints share one shape (``data``, ``includes``, ``meta``).

* Authors come from ``includes.users`` (``expansions=author_id`` / ``sender_id``); a post whose author
  was not expanded still reads, with an empty handle.
* A post's thread is its ``conversation_id``; without it, the ``replied_to`` chain is walked through
  ``data`` and ``includes.tweets`` as far as they reach. DMs group on ``dm_conversation_id``.
* Without ``created_at`` (not asked for in ``tweet.fields``), the time is read from the id itself: X's
  ids are snowflakes that carry their creation time.
"""

import html
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import urlsplit

from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

WEB = "https://x.com"
SNOWFLAKE_EPOCH_MS = 1288834974657  # X's ids count milliseconds from this moment, shifted left 22 bits

_MEDIA_KINDS = {"photo": "image", "video": "video", "animated_gif": "gif"}
_NO_LANGUAGE = {"und", "zxx", "qme", "qht", "qam", "qct", "qst"}  # X's codes for "no language"
_DIGITS = re.compile(r"[0-9]{1,20}")

# Paths whose ``data`` are posts (customer mentions among them) or DM events.
_USER_POSTS = re.compile(r"/2/users/([0-9]+)/(mentions|tweets)")  # the brand's mentions / own posts
_POSTS = re.compile(r"/2/tweets(?:/search/(?:recent|all)|/[0-9]+/quote_tweets|/[0-9]+)?")
_DM_EVENTS = re.compile(r"/2/dm_(?:events|conversations/(?:with/)?[0-9-]+/dm_events)")


class _UnreadableError(Exception):
    """An item that cannot become a mention; the message is the quarantine reason."""


def normalize(
    body: object,
    *,
    url: str,
    account: BrandAccount,
    received_ms: int,
    brand_user_id: str | None = None,
) -> Page:
    """The mentions in an X API v2 answer from ``url``. ``brand_user_id`` (the account's X id, which
    the connector knows) marks the brand's own items where the handle alone would not."""
    path = _path(url)
    if not isinstance(body, Mapping):
        return _refused(f"not an X API answer: the body is {type(body).__name__}, not an object", body)
    user_posts = _USER_POSTS.fullmatch(path)
    own_timeline = None
    if user_posts:
        brand_user_id = brand_user_id or user_posts.group(1)
        # Every post of a user's own timeline is theirs, whether or not author_id was asked for.
        own_timeline = user_posts.group(1) if user_posts.group(2) == "tweets" else None
        reader = _read_post
    elif _POSTS.fullmatch(path):
        reader = _read_post
    elif _DM_EVENTS.fullmatch(path):
        reader = _read_dm
    else:
        endpoint = repr(path or url) if path or url else "no URL, and not a body of posts or messages"
        return _refused(f"not an X endpoint of mentions or messages: {endpoint}", body)

    data = body.get("data")
    if data is None:
        return _without_data(body)
    items = [data] if isinstance(data, Mapping) else data
    if not isinstance(items, list):
        return _refused(f"'data' is {type(data).__name__}, not a list of items", body)

    context = _Context(body, account, brand_user_id, own_timeline)
    mentions: list[Mention] = []
    quarantined: list[Quarantined] = []
    skipped = 0
    for position, item in enumerate(items):
        where = f"data[{position}]" if isinstance(data, list) else "data"
        try:
            mention = reader(item, context)
        except _UnreadableError as problem:
            quarantined.append(Quarantined.of(f"{problem} in {where}", item, where))
            continue
        if mention is None:
            skipped += 1
        else:
            mentions.append(mention)
    mentions.sort(key=lambda m: (m.created_ms, _number(m.external_id)))
    return Page(
        mentions=tuple(mentions),
        quarantined=tuple(quarantined),
        next_cursor=_meta(body, "next_token"),
        newest=_meta(body, "newest_id") or _newest(items),
        skipped=skipped,
    )


def url_for_body(body: object) -> str:
    """The endpoint a bare recorded body (no cassette, no URL) most likely came from, told by its
    items' fields: DM events carry ``dm_conversation_id``; anything else is read as posts. For an
    import of raw files; a fetch knows its URL."""
    data = body.get("data") if isinstance(body, Mapping) else None
    items = [data] if isinstance(data, Mapping) else data if isinstance(data, list) else []
    items = [i for i in items if isinstance(i, Mapping)]
    if any("dm_conversation_id" in i or "event_type" in i for i in items):
        return "https://api.x.com/2/dm_events"
    if any("text" in i for i in items) or not items:  # no items: an error body or an empty page
        return "https://api.x.com/2/tweets"
    return ""  # users, lists, spaces…: nothing a mention is made of


def api_error(body: object) -> str:
    """X's own words for an error body ({"errors": [...]} or a problem {"title", "detail"}), or ""."""
    if not isinstance(body, Mapping):
        return ""
    said = [str(body[key]) for key in ("title", "detail") if isinstance(body.get(key), str)]
    errors = body.get("errors")
    for error in errors if isinstance(errors, list) else ():
        if isinstance(error, Mapping):
            said.extend(error[k] for k in ("title", "detail", "message") if isinstance(error.get(k), str))
    unique = list(dict.fromkeys(s for s in said if s.strip()))
    return "; ".join(unique)


def post_url(external_id: str, username: str = "") -> str:
    return f"{WEB}/{username}/status/{external_id}" if username else f"{WEB}/i/web/status/{external_id}"


def dm_url(conversation_id: str) -> str:
    return f"{WEB}/messages/{conversation_id}"


# --- items -------------------------------------------------------------------------------------


class _Context:
    """What the items of one body share: the expansions, indexed by id, and whose account it is."""

    def __init__(self, body: Mapping, account: BrandAccount, brand_user_id: str | None, owner: str | None):
        includes = body.get("includes")
        includes = includes if isinstance(includes, Mapping) else {}
        self.account = account
        self.brand_user_id = brand_user_id
        self.owner = owner  # whose timeline the body is, when it is one user's
        self.brand_username = account.handle.strip().lstrip("@").casefold()
        self.users = _index(includes.get("users"), "id")
        self.media = _index(includes.get("media"), "media_key")
        # Referenced posts first, so an item in ``data`` wins over its expansion.
        self.posts = {**_index(includes.get("tweets"), "id"), **_index(body.get("data"), "id")}

    def author(self, user_id: str | None) -> tuple[Author, bool]:
        """The author and whether it is the brand itself."""
        user = self.users.get(user_id or "", {})
        username = user.get("username") if isinstance(user.get("username"), str) else ""
        metrics = user.get("public_metrics")
        followers = metrics.get("followers_count") if isinstance(metrics, Mapping) else None
        author = Author(
            handle=f"@{username}" if username else "",
            name=user["name"] if isinstance(user.get("name"), str) else "",
            followers=followers if _is_int(followers) and followers > 0 else 0,
            verified=user.get("verified") is True,
        )
        brand = (user_id is not None and user_id == self.brand_user_id) or (
            bool(username) and username.casefold() == self.brand_username
        )
        return author, brand

    def root(self, post: Mapping, parent: str | None) -> str:
        """The id of the post the thread started from, as far as this body tells."""
        conversation = post.get("conversation_id")
        if _is_id(conversation):
            return conversation
        seen = {post.get("id")}
        root = parent
        while root is not None and root not in seen:
            seen.add(root)
            known = self.posts.get(root)
            if known is None:
                break
            if _is_id(known.get("conversation_id")):
                return known["conversation_id"]
            above = _replied_to(known)
            if above is None:
                break
            root = above
        return root or str(post.get("id"))

    def attachments(self, item: Mapping) -> tuple[Media, ...]:
        attachments = item.get("attachments")
        keys = attachments.get("media_keys") if isinstance(attachments, Mapping) else None
        media = []
        for key in keys if isinstance(keys, list) else ():
            found = self.media.get(key) if isinstance(key, str) else None
            if not found:
                continue
            preview = found.get("preview_image_url")
            preview = preview if isinstance(preview, str) else ""
            link = found.get("url") if isinstance(found.get("url"), str) else preview
            if link:  # a video without a preview has nothing to show
                kind = _MEDIA_KINDS.get(str(found.get("type")), str(found.get("type") or "media"))
                media.append(Media(kind, link, preview))
        return tuple(media)


def _read_post(item: object, context: _Context) -> Mention | None:
    if not isinstance(item, Mapping):
        raise _UnreadableError(f"a post is {type(item).__name__}, not an object")
    external_id = _required_id(item, "id")
    text = item.get("text")
    if not isinstance(text, str):
        raise _UnreadableError("no 'text'" if text is None else f"'text' is {type(text).__name__}")
    if any(ref.get("type") == "retweeted" for ref in _references(item)):
        return None  # a repost says nothing new to the brand
    author_id = item.get("author_id", context.owner)
    if author_id is not None and not _is_id(author_id):
        raise _UnreadableError(f"'author_id' is not an id: {author_id!r}")
    author, from_brand = context.author(author_id)
    parent = _replied_to(item)
    if from_brand and parent is None:
        return None  # the brand's own announcement: a reply of its reads in the thread, this does not
    lang = item.get("lang")
    return Mention(
        id="",
        network=Network.X,
        account_id=context.account.id,
        external_id=external_id,
        author=author,
        text=html.unescape(text),  # v2 sends &amp; &lt; &gt; escaped
        created_ms=_created_ms(item, external_id),
        kind=MentionKind.REPLY if parent else MentionKind.POST,
        lang=lang if isinstance(lang, str) and lang not in _NO_LANGUAGE else "",
        url=post_url(external_id, author.handle.lstrip("@")),
        parent_external_id=parent,
        conversation_key=f"x:{context.account.id}:{context.root(item, parent)}",
        from_brand=from_brand,
        media=context.attachments(item),
    )


def _read_dm(item: object, context: _Context) -> Mention | None:
    if not isinstance(item, Mapping):
        raise _UnreadableError(f"a DM event is {type(item).__name__}, not an object")
    external_id = _required_id(item, "id")
    kind = item.get("event_type", "MessageCreate")
    if kind != "MessageCreate":
        return None  # someone joined or left a group conversation
    text = item.get("text")
    if not isinstance(text, str):
        raise _UnreadableError("no 'text'" if text is None else f"'text' is {type(text).__name__}")
    conversation = item.get("dm_conversation_id")
    if not isinstance(conversation, str) or not re.fullmatch(r"[0-9]+(?:-[0-9]+)?", conversation):
        raise _UnreadableError(f"'dm_conversation_id' is not a conversation id: {conversation!r}")
    sender = item.get("sender_id")
    if not _is_id(sender):
        raise _UnreadableError(f"'sender_id' is not an id: {sender!r}")
    author, from_brand = context.author(sender)
    return Mention(
        id="",
        network=Network.X,
        account_id=context.account.id,
        external_id=external_id,
        author=author,
        text=html.unescape(text),
        created_ms=_created_ms(item, external_id),
        kind=MentionKind.DIRECT_MESSAGE,
        url=dm_url(conversation),
        conversation_key=f"x:{context.account.id}:dm:{conversation}",
        from_brand=from_brand,
        media=context.attachments(item),
    )


# --- fields ------------------------------------------------------------------------------------


def _required_id(item: Mapping, key: str) -> str:
    value = item.get(key)
    if value is None:
        raise _UnreadableError(f"no '{key}'")
    if not _is_id(value):
        raise _UnreadableError(f"'{key}' is not an id: {value!r}")
    return value


def _created_ms(item: Mapping, external_id: str) -> int:
    created = item.get("created_at")
    if created is None:
        return (int(external_id) >> 22) + SNOWFLAKE_EPOCH_MS
    if not isinstance(created, str):
        raise _UnreadableError(f"'created_at' is {type(created).__name__}, not a time")
    try:
        moment = datetime.fromisoformat(created)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return int(moment.timestamp() * 1000)
    except (ValueError, OverflowError, OSError):
        raise _UnreadableError(f"'created_at' is not a time: {created[:40]!r}") from None


def _references(item: Mapping) -> list[Mapping]:
    references = item.get("referenced_tweets")
    return [r for r in references if isinstance(r, Mapping)] if isinstance(references, list) else []


def _replied_to(item: Mapping) -> str | None:
    for reference in _references(item):
        if reference.get("type") == "replied_to" and _is_id(reference.get("id")):
            return reference["id"]
    return None


def _is_id(value: object) -> bool:
    return isinstance(value, str) and _DIGITS.fullmatch(value) is not None


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _number(external_id: str) -> int:
    return int(external_id) if _is_id(external_id) else 0


def _index(items: object, key: str) -> dict[str, Mapping]:
    if not isinstance(items, list):
        return {}
    return {i[key]: i for i in items if isinstance(i, Mapping) and isinstance(i.get(key), str)}


# --- the body around the items -----------------------------------------------------------------


def _path(url: str) -> str:
    try:
        path = urlsplit(url).path if "://" in url else url.split("?", 1)[0]
    except ValueError:
        return ""
    return path.rstrip("/")


def _meta(body: Mapping, key: str) -> str | None:
    meta = body.get("meta")
    value = meta.get(key) if isinstance(meta, Mapping) else None
    return value if isinstance(value, str) and value else None


def _newest(items: object) -> str | None:
    """The largest id among the items, for endpoints (DM events) whose meta has no newest_id."""
    ids = (
        [i["id"] for i in items if isinstance(i, Mapping) and _is_id(i.get("id"))]
        if isinstance(items, list)
        else []
    )
    return max(ids, key=int) if ids else None


def _without_data(body: Mapping) -> Page:
    """No ``data``: nothing new (result_count 0), or an error X explains."""
    said = api_error(body)
    if said:
        return _refused(f"X API error: {said}", body)
    meta = body.get("meta")
    if isinstance(meta, Mapping) and meta.get("result_count") == 0:
        return Page(next_cursor=_meta(body, "next_token"), newest=_meta(body, "newest_id"))
    return _refused("no 'data' in the answer", body)


def _refused(reason: str, body: object) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, "body"),))
