"""Meta webhooks (Facebook Pages and Instagram), as pure functions the hub's endpoint calls.

* :func:`verify_challenge` answers the subscription check (``GET ?hub.mode=subscribe&hub.verify_token
  =…&hub.challenge=…``);
* :func:`signature_ok` checks ``X-Hub-Signature-256`` (``sha256=`` + hex HMAC-SHA256 of the raw body
  with the app secret), in constant time;
* :func:`normalize_webhook` reads an envelope (``object`` page or instagram; ``entry[].changes[]`` for
  feed, mention, ratings, comments and mentions fields; ``entry[].messaging[]`` / ``standby[]`` for
  Messenger and Instagram DMs) into a :class:`Page`, ``entry[].id`` naming the brand account.

What is not a mention by design (likes, reactions, hides, removals, deliveries, reads, postbacks,
insights, the Page's own posts) is skipped. Instagram's ``mentions`` field carries only ids: each is
listed in ``Page.extra["to_fetch"]`` (``{"account_id", "comment_id", "media_id"}``) for the poller to
read with ``mentioned_comment`` / ``mentioned_media``. Envelopes of other objects (WhatsApp, user,
permissions) and bodies that are no envelope at all are quarantined, saying which.
"""

import hashlib
import hmac
from collections.abc import Mapping

from console.channels import facebook
from console.channels import meta_graph as g
from console.channels.meta_graph import UnreadableError
from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

_POST_ITEMS = {"post", "status", "photo", "video", "share"}
_READ_VERBS = {"add", "edited", "edit"}


def verify_challenge(params: Mapping[str, str], verify_token: str) -> str | None:
    """The ``hub.challenge`` to echo when the subscription check carries our verify token, else None."""
    if not verify_token or params.get("hub.mode") != "subscribe":
        return None
    given = params.get("hub.verify_token") or ""
    if not hmac.compare_digest(given.encode(), verify_token.encode()):
        return None
    challenge = params.get("hub.challenge")
    return challenge if challenge else None


def signature_ok(body: bytes, header: str | None, app_secret: str) -> bool:
    """Whether ``header`` (``sha256=<hex>``: Meta's X-Hub-Signature-256, and the hub's generic
    webhook's) is the HMAC-SHA256 of ``body`` under ``app_secret``, compared in constant time."""
    if not header or not app_secret or not header.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(header[len("sha256=") :].strip().lower().encode(), expected.encode())


def normalize_webhook(
    body: object, *, accounts_by_page_id: Mapping[str, BrandAccount], received_ms: int
) -> Page:
    """The mentions in one webhook delivery; never raises (see the module's docstring)."""
    try:
        return _normalize(body, accounts_by_page_id, received_ms)
    except RecursionError:
        return Page(quarantined=(Quarantined.of("the body is nested too deeply to read", "…"),))


def _normalize(body: object, accounts: Mapping[str, BrandAccount], received_ms: int) -> Page:
    if not isinstance(body, Mapping) or "object" not in body or not isinstance(body.get("entry"), list):
        if g.graph_error(body) is not None or not isinstance(body, Mapping):
            return g.not_understood(body, "")
        return Page(
            quarantined=(Quarantined.of("not a Meta webhook envelope (no 'object' and 'entry' list)", body),)
        )
    kind = body["object"]
    if kind not in ("page", "instagram"):
        what = "WhatsApp Business" if kind == "whatsapp_business_account" else repr(kind)
        return Page(
            quarantined=(Quarantined.of(f"webhook object {what} is not a channel Horseshoe reads", body),)
        )
    network = Network.FACEBOOK if kind == "page" else Network.INSTAGRAM
    state = _State(network)
    for position, entry in enumerate(body["entry"]):
        where = f"entry[{position}]"
        if not isinstance(entry, Mapping):
            state.quarantine("an entry that is not an object", entry, where)
            continue
        page_id = g.text_of(entry.get("id"))
        account = accounts.get(page_id)
        if account is None:
            state.quarantine(f"no brand account for {network.label} id {page_id!r}", entry, where)
            continue
        entry_ms = g.epoch_ms(entry.get("time")) or received_ms
        for field in (
            "messaging",
            "standby",
        ):  # standby: another app holds the thread, still the customer's words
            events = entry.get(field)
            if events is not None and not isinstance(events, list):
                state.quarantine(f"'{field}' is not a list", events, f"{where}.{field}")
                continue
            for number, event in enumerate(events or []):
                state.run(_messaging, event, account, entry_ms, f"{where}.{field}[{number}]")
        changes = entry.get("changes")
        for number, change in enumerate(changes if isinstance(changes, list) else []):
            state.run(_change, change, account, entry_ms, f"{where}.changes[{number}]")
        if not isinstance(changes, list | type(None)):
            state.quarantine("'changes' is not a list", changes, f"{where}.changes")
    return state.page()


class _State:
    def __init__(self, network: Network):
        self.network = network
        self.mentions: list[Mention] = []
        self.quarantined: list[Quarantined] = []
        self.skipped = 0
        self.to_fetch: list[dict[str, str]] = []

    def quarantine(self, reason: str, item: object, where: str) -> None:
        self.quarantined.append(Quarantined.of(reason, item, where))

    def run(self, read, item, account: BrandAccount, entry_ms: int, where: str) -> None:
        try:
            found = read(self, item, account, entry_ms)
        except UnreadableError as why:
            self.quarantine(f"{self.network.label} webhook: {why}", item, where)
            return
        if found is None:
            self.skipped += 1
        else:
            self.mentions.append(found)

    def page(self) -> Page:
        return g.assemble(self.mentions, self.quarantined, self.skipped, None, to_fetch=self.to_fetch)


# --- entry.messaging[] -------------------------------------------------------------------------


def _messaging(state: _State, event: object, account: BrandAccount, entry_ms: int) -> Mention | None:
    """A Messenger / Instagram messaging event: a message is a DM; everything else is skipped."""
    if not isinstance(event, Mapping):
        raise UnreadableError("a messaging event that is not an object")
    message = event.get("message")
    if message is None:
        return None  # delivery, read, postback, optin, referral, reaction, handover…
    if not isinstance(message, Mapping):
        raise UnreadableError("'message' is not an object")
    if message.get("is_deleted") or message.get("is_unsupported"):
        return None
    sender, recipient = event.get("sender"), event.get("recipient")
    sender_id = g.text_of(sender.get("id")) if isinstance(sender, Mapping) else ""
    recipient_id = g.text_of(recipient.get("id")) if isinstance(recipient, Mapping) else ""
    if not sender_id or not recipient_id:
        raise UnreadableError("no 'sender.id' or 'recipient.id'")
    external_id = g.need_id(message, "mid")
    text = message.get("text", "")
    if not isinstance(text, str):
        raise UnreadableError("'message.text' is not text")
    media = g.attachment_media(message.get("attachments"))
    if not text and not media:
        return None  # a sticker-less, text-less message: nothing for an agent to read
    echo = message.get("is_echo") is True or g.is_brand(account, sender_id)
    other = recipient_id if echo else sender_id
    reply_to = message.get("reply_to")
    return Mention(
        id="",
        network=state.network,
        account_id=account.id,
        external_id=external_id,
        author=Author(handle=account.handle, name=account.name) if echo else Author(handle=sender_id),
        text=text,
        created_ms=g.need_time(event, "timestamp", fallback=entry_ms),
        kind=MentionKind.DIRECT_MESSAGE,
        parent_external_id=g.text_of(reply_to.get("mid")) or None if isinstance(reply_to, Mapping) else None,
        conversation_key=g.dm_key(state.network, account, other),
        from_brand=echo,
        media=media,
    )


# --- entry.changes[] ---------------------------------------------------------------------------


def _change(state: _State, change: object, account: BrandAccount, entry_ms: int) -> Mention | None:
    if not isinstance(change, Mapping):
        raise UnreadableError("a change that is not an object")
    field, value = change.get("field"), change.get("value")
    if value is None:
        return None  # a Page setting changed (parking, payment_options…): nothing to read
    if not isinstance(value, Mapping):
        raise UnreadableError(f"the '{field}' change's value is not an object")
    if state.network is Network.INSTAGRAM:
        if field in ("comments", "live_comments"):
            return _ig_comment(value, account, entry_ms)
        if field == "mentions":
            state.to_fetch.append(
                {
                    "account_id": account.id,
                    "comment_id": g.text_of(value.get("comment_id")),
                    "media_id": g.text_of(value.get("media_id")),
                }
            )
            return None
        return None  # story_insights and other fields: not mentions
    if field not in ("feed", "mention", "ratings"):
        return None
    item, verb = value.get("item"), value.get("verb")
    if verb not in _READ_VERBS:
        return None  # remove, hide, unhide, block, mute…: the hub keeps what it had
    if item == "comment":
        return _fb_comment(value, account, entry_ms)
    if field == "ratings" and item == "rating":
        return _fb_rating(value, account, entry_ms)
    if item in _POST_ITEMS:
        return _fb_post(value, account, entry_ms, mentioned=field == "mention")
    return None  # like, reaction, album, event…


def _author(value: Mapping) -> tuple[str, str]:
    sender = value.get("from")
    if isinstance(sender, Mapping):
        return g.text_of(sender.get("id")), g.text_of(sender.get("name"))
    return g.text_of(value.get("sender_id")), g.text_of(value.get("sender_name"))


def _fb_comment(value: Mapping, account: BrandAccount, entry_ms: int) -> Mention:
    external_id = g.need_id(value, "comment_id")
    post_id = g.text_of(value.get("post_id"))
    parent = g.text_of(value.get("parent_id")) or post_id
    root = post_id or facebook.post_of(external_id, account) or parent or external_id
    text = value.get("message", "")
    if not isinstance(text, str):
        raise UnreadableError("'message' is not text")
    photo = g.text_of(value.get("photo"))
    video = g.text_of(value.get("video"))
    media = tuple(
        m for m in (Media("image", photo) if photo else None, Media("video", video) if video else None) if m
    )
    if not text and not media:
        raise UnreadableError(
            "a comment with neither 'message' nor a photo or video (ratings comments carry none)"
        )
    author_id, name = _author(value)
    return Mention(
        id="",
        network=Network.FACEBOOK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(author_id, name, external_id),
        text=text,
        created_ms=g.need_time(value, "created_time", fallback=entry_ms),
        kind=MentionKind.REPLY if parent and parent != root else MentionKind.COMMENT,
        url=f"{facebook.WEB}/{external_id}",
        parent_external_id=parent or None,
        conversation_key=g.thread_key(Network.FACEBOOK, account, root),
        from_brand=g.is_brand(account, author_id),
        media=media,
    )


def _fb_post(value: Mapping, account: BrandAccount, entry_ms: int, mentioned: bool) -> Mention | None:
    external_id = g.need_id(value, "post_id")
    author_id, name = _author(value)
    if g.is_brand(account, author_id) and not mentioned:
        return None  # the Page's own post: the root of threads, not a mention
    text = value.get("message", "")
    if not isinstance(text, str):
        raise UnreadableError("'message' is not text")
    links = [g.text_of(value.get(k)) for k in ("photo", "link", "video")]
    media = tuple(Media("image" if value.get("item") == "photo" else "link", u) for u in links if u)
    return Mention(
        id="",
        network=Network.FACEBOOK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(author_id, name, external_id),
        text=text,
        created_ms=g.need_time(value, "created_time", fallback=entry_ms),
        kind=MentionKind.POST,
        url=f"{facebook.WEB}/{external_id}",
        conversation_key=g.thread_key(Network.FACEBOOK, account, external_id),
        media=media,
    )


def _fb_rating(value: Mapping, account: BrandAccount, entry_ms: int) -> Mention:
    external_id = g.need_id(value, "open_graph_story_id")
    stars = value.get("rating")
    rating = stars if isinstance(stars, int) and not isinstance(stars, bool) and 1 <= stars <= 5 else None
    text = value.get("review_text", "")
    if not isinstance(text, str):
        raise UnreadableError("'review_text' is not text")
    return Mention(
        id="",
        network=Network.FACEBOOK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(
            g.text_of(value.get("reviewer_id")), g.text_of(value.get("reviewer_name")), external_id
        ),
        text=text,
        created_ms=g.need_time(value, "created_time", fallback=entry_ms),
        kind=MentionKind.REVIEW,
        url=f"{facebook.WEB}/{external_id}",
        conversation_key=g.thread_key(Network.FACEBOOK, account, external_id),
        rating=rating,
    )


def _ig_comment(value: Mapping, account: BrandAccount, entry_ms: int) -> Mention:
    external_id = g.need_id(value)
    text = value.get("text", "")
    if not isinstance(text, str) or not text:
        raise UnreadableError("no 'text' in the comment")
    sender = value.get("from") if isinstance(value.get("from"), Mapping) else {}
    username, author_id = g.text_of(sender.get("username")), g.text_of(sender.get("id"))
    media = value.get("media")
    media_id = g.text_of(media.get("id")) if isinstance(media, Mapping) else ""
    parent = g.text_of(value.get("parent_id"))
    return Mention(
        id="",
        network=Network.INSTAGRAM,
        account_id=account.id,
        external_id=external_id,
        author=g.author(username or author_id, username, external_id),
        text=text,
        created_ms=g.need_time(value, "timestamp", "created_time", fallback=entry_ms),
        kind=MentionKind.REPLY if parent else MentionKind.COMMENT,
        parent_external_id=parent or media_id or None,
        conversation_key=g.thread_key(Network.INSTAGRAM, account, media_id or parent or external_id),
        from_brand=g.is_brand(account, author_id, username),
    )
