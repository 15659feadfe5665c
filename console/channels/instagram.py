"""Instagram (Graph API for professional accounts): comments and replies on the account's media,
media and comments that mention it, DMs, and replies to them.

``account.handle`` is the Instagram user id (or its username: both are matched for the brand's own
items). Endpoints read:

* ``/{media}/comments`` (with ``replies{…}``) — comments (kind comment) and their replies (reply);
* ``/{comment}/replies`` — replies to one comment;
* ``/{ig-user}/media`` — the brand's own media, skipped, their embedded ``comments`` read;
* ``/{ig-user}/tags`` — media the account is tagged in (kind post);
* ``/{ig-user}?fields=mentioned_comment…`` / ``mentioned_media…`` — a comment or a caption that
  @mentions the account;
* ``/{ig-user}/conversations`` (``messages{…}``) and ``/{conversation}/messages`` — DMs;
* ``/{id}`` and ``/?ids=…`` — single comments, media or messages.

A public thread's conversation key is the media's id (a reply listed without its media falls back to
its comment's id); a DM thread's is the customer's Instagram-scoped id, whom a DM is sent to.
"""

from collections.abc import Mapping

from console.channels import meta_graph as g
from console.channels.connector import OutgoingReply, PermanentError, Published, UncertainError
from console.channels.meta_client import GraphConnector, root_of
from console.channels.meta_graph import UnreadableError
from console.channels.normalized import Page, Quarantined
from console.domain.mention import BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

NETWORK = Network.INSTAGRAM
WEB = "https://www.instagram.com"
REPLY_FIELDS = "id,text,timestamp,username,from,parent_id,media{id}"
COMMENT_FIELDS = f"{REPLY_FIELDS},replies{{{REPLY_FIELDS}}}"
MEDIA_FIELDS = f"id,caption,timestamp,username,permalink,media_type,media_url,comments{{{COMMENT_FIELDS}}}"
MESSAGE_FIELDS = "id,message,created_time,from,to,attachments"


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions of one Graph answer for an Instagram account (see the module's docstring)."""
    try:
        return _normalize(body, url, account)
    except RecursionError:
        return Page(quarantined=(Quarantined.of("the body is nested too deeply to read", "…"),))


def _normalize(body: object, url: str, account: BrandAccount) -> Page:
    if not isinstance(body, Mapping) or g.graph_error(body) is not None:
        return g.not_understood(body, "")
    path = g.url_path(url)
    edge = path[-1] if len(path) >= 2 else ""
    if edge in {"comments", "replies"}:
        return _comments(body, account, listed_under=path[-2], under_comment=edge == "replies")
    if edge in {"media", "tags"}:
        return _media_list(body, account, own=edge == "media")
    if edge == "conversations":
        return g.read_conversations(NETWORK, account, body)
    if edge == "messages":
        mentions, quarantined, skipped = g.read_messages(NETWORK, account, g.listed(body), "data")
        return g.assemble(mentions, quarantined, skipped, body)
    if len(path) <= 1:
        if "mentioned_comment" in body or "mentioned_media" in body:
            return _mentioned(body, account)
        pairs = g.objects_by_id(body) if "ids" in g.url_params(url) else None
        return _singles(pairs if pairs is not None else [("", body)], account)
    return g.not_understood(body, f"not an Instagram endpoint this connector reads: /{'/'.join(path)}")


def url_for_body(body: object) -> str:
    """The endpoint a bare recorded Graph answer came from, told by its shape ("" when unsure), so
    ``horseshoe-hub import`` reads raw bodies without ``--endpoint``: its paging link when it has
    one; comments by the media (or, for replies, the comment) they name; conversations and
    messages by their ids; the account's node for a ``mentioned_comment`` or ``mentioned_media``
    answer; ``?ids=`` answers and single objects by their ids. A list of media without a paging
    link is unsure: the account's own (``/media``) and media it is tagged in (``/tags``) look alike."""
    found = g.guess_common(body)
    if found is not None:
        return found
    items = g.listed(body)
    if not items or not all(isinstance(i, Mapping) for i in items):
        return ""
    if all("text" in i and "timestamp" in i for i in items):
        media = g.common_value(
            items, lambda i: g.text_of(i["media"].get("id")) if isinstance(i.get("media"), Mapping) else ""
        )
        if media:
            return f"{g.GRAPH_URL}/{media}/comments"
        parent = g.common_value(items, lambda i: g.text_of(i.get("parent_id")))
        return f"{g.GRAPH_URL}/{parent}/replies" if parent else ""  # else: under what, no one can say
    return g.guess_private(items)


# --- comments ----------------------------------------------------------------------------------


def comment(item: object, account: BrandAccount, media_id: str = "", parent: str = "") -> Mention:
    """An Instagram comment (``parent`` empty) or a reply to the comment ``parent``."""
    if not isinstance(item, Mapping):
        raise UnreadableError("not an object")
    external_id = g.need_id(item)
    text = item.get("text", "")
    if not isinstance(text, str) or not text:
        raise UnreadableError("no 'text'" if "text" not in item else "'text' is not text or is empty")
    created = g.need_time(item, "timestamp")
    sender = item.get("from") if isinstance(item.get("from"), Mapping) else {}
    username = g.text_of(item.get("username")) or g.text_of(sender.get("username"))
    user = item.get("user") if isinstance(item.get("user"), Mapping) else {}
    author_id = g.text_of(sender.get("id")) or g.text_of(user.get("id"))
    media = item.get("media")
    media_id = (g.text_of(media.get("id")) if isinstance(media, Mapping) else "") or media_id
    parent = g.text_of(item.get("parent_id")) or parent
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(username or author_id, username, external_id),
        text=text,
        created_ms=created,
        kind=MentionKind.REPLY if parent else MentionKind.COMMENT,
        url="",  # the Graph API gives no permalink for a comment
        parent_external_id=parent or media_id or None,
        conversation_key=g.thread_key(NETWORK, account, media_id or parent or external_id),
        from_brand=g.is_brand(account, author_id, username),
    )


def _read_comments(items: list, account: BrandAccount, media_id: str, parent: str, where: str):
    mentions, quarantined = [], []
    for position, item in enumerate(items):
        here = f"{where}[{position}]"
        try:
            found = comment(item, account, media_id=media_id, parent=parent)
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Instagram comment: {why}", item, here))
            continue
        mentions.append(found)
        if isinstance(item, Mapping) and "replies" in item:
            root = found.conversation_key.rsplit(":", 1)[-1]
            more, bad = _read_comments(
                g.listed(item["replies"]), account, root, found.external_id, f"{here}.replies.data"
            )
            mentions += more
            quarantined += bad
    return mentions, quarantined


def _comments(body: Mapping, account: BrandAccount, listed_under: str, under_comment: bool) -> Page:
    if not isinstance(body.get("data"), list):
        return g.not_understood(body, "a comments answer without a 'data' list")
    media_id, parent = ("", listed_under) if under_comment else (listed_under, "")
    mentions, quarantined = _read_comments(body["data"], account, media_id, parent, "data")
    return g.assemble(mentions, quarantined, 0, body)


# --- media -------------------------------------------------------------------------------------


def media_post(item: object, account: BrandAccount) -> Mention:
    """Media that mentions or tags the account, as a post (its caption is the text)."""
    if not isinstance(item, Mapping):
        raise UnreadableError("not an object")
    external_id = g.need_id(item)
    caption = item.get("caption", "")
    if not isinstance(caption, str):
        raise UnreadableError("'caption' is not text")
    created = g.need_time(item, "timestamp")
    username = g.text_of(item.get("username"))
    kind = g.text_of(item.get("media_type")).lower() or "image"
    url = g.text_of(item.get("media_url"))
    media = (
        (Media("video" if kind == "video" else "image", url, g.text_of(item.get("thumbnail_url"))),)
        if url
        else ()
    )
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(username, username, external_id),
        text=caption,
        created_ms=created,
        kind=MentionKind.POST,
        url=g.text_of(item.get("permalink")),
        conversation_key=g.thread_key(NETWORK, account, external_id),
        from_brand=g.is_brand(account, username),
        media=media,
    )


def _media_list(body: Mapping, account: BrandAccount, own: bool) -> Page:
    if not isinstance(body.get("data"), list):
        return g.not_understood(body, "a media answer without a 'data' list")
    mentions, quarantined, skipped = [], [], 0
    for position, item in enumerate(body["data"]):
        where = f"data[{position}]"
        if own:  # the brand's own media: not a mention, but its comments are
            skipped += 1
            media_id = g.text_of(item.get("id")) if isinstance(item, Mapping) else ""
            if media_id and isinstance(item, Mapping):
                more, bad = _read_comments(
                    g.listed(item.get("comments")), account, media_id, "", f"{where}.comments.data"
                )
                mentions += more
                quarantined += bad
            elif not media_id:
                quarantined.append(Quarantined.of("Instagram media: no 'id'", item, where))
            continue
        try:
            mentions.append(media_post(item, account))
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Instagram media: {why}", item, where))
    return g.assemble(mentions, quarantined, skipped, body)


def _mentioned(body: Mapping, account: BrandAccount) -> Page:
    mentions, quarantined = [], []
    for key, read in (("mentioned_comment", comment), ("mentioned_media", media_post)):
        if key in body:
            try:
                mentions.append(read(body[key], account))
            except UnreadableError as why:
                quarantined.append(Quarantined.of(f"Instagram {key}: {why}", body[key], key))
    return g.assemble(mentions, quarantined, 0)


def _singles(pairs: list[tuple[str, object]], account: BrandAccount) -> Page:
    mentions, quarantined, skipped = [], [], 0
    for key, item in pairs:
        try:
            if not isinstance(item, Mapping):
                raise UnreadableError("not an object")
            if "message" in item and "from" in item:
                found = g.graph_message(NETWORK, account, item)
            elif "text" in item:
                found = comment(item, account)
            elif "media_type" in item or "caption" in item:
                found = media_post(item, account)
            else:
                quarantined.append(Quarantined.of("not an Instagram comment, media or message", item, key))
                continue
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Instagram object: {why}", item, key))
            continue
        if found is None:
            skipped += 1
        else:
            mentions.append(found)
    return g.assemble(mentions, quarantined, skipped)


# --- the connector -----------------------------------------------------------------------------


class InstagramConnector(GraphConnector):
    """Fetches comments on the account's media, mentions, tags and DMs; publishes comment replies
    (``POST /{ig-comment}/replies``; a comment on the media itself when answering the media) and
    DMs / private replies (``POST /{ig-user}/messages`` with ``recipient.id`` or ``recipient.comment_id``).

    ``find``: by text, among the replies under ``in_reply_to`` written by the account (its
    ``username`` or ``from.id``), or the account's latest messages in the DM conversation."""

    network = NETWORK
    hide_field = "hide"

    async def fetch(
        self,
        account: BrandAccount,
        edge: str = "media",
        *,
        cursor: str | None = None,
        since: str | None = None,
    ) -> Page:
        """One page of ``edge`` (media — with comments —, tags, conversations), or of an object's
        comments/replies with ``edge="{id}/comments"`` / ``"{id}/replies"``, or a conversation's
        messages with ``edge="{conversation-id}/messages"``."""
        if cursor and cursor.startswith("https://"):
            return await self._get_page(account, cursor, {}, normalize)
        if edge == "conversations":
            params = {"fields": f"id,updated_time,messages{{{MESSAGE_FIELDS}}}", "platform": "instagram"}
        elif edge.endswith("/messages"):  # a conversation's older messages
            params = {"fields": MESSAGE_FIELDS}
        elif edge.endswith("/comments"):
            params = {"fields": COMMENT_FIELDS}
        elif edge.endswith("/replies"):
            params = {"fields": REPLY_FIELDS}
        else:
            params = {"fields": MEDIA_FIELDS}
        params["limit"] = "50"
        if cursor:
            params["after"] = cursor
        elif since:
            params["since"] = since
        path = edge if "/" in edge else f"{account.handle}/{edge}"
        return await self._get_page(account, path, params, normalize)

    async def fetch_mentioned(
        self, account: BrandAccount, *, comment_id: str = "", media_id: str = ""
    ) -> Page:
        """The comment or caption an Instagram ``mentions`` webhook points at (it carries only ids:
        ``Page.extra["to_fetch"]`` of :func:`~console.channels.meta_webhooks.normalize_webhook`)."""
        if comment_id:
            fields = f"mentioned_comment.comment_id({comment_id}){{id,text,timestamp,username,media{{id}}}}"
        elif media_id:
            fields = (
                f"mentioned_media.media_id({media_id}){{id,caption,timestamp,username,media_type,media_url}}"
            )
        else:
            raise PermanentError("a mention to fetch needs a comment id or a media id")
        return await self._get_page(account, account.handle, {"fields": fields}, normalize)

    async def publish(self, reply: OutgoingReply) -> Published:
        account = reply.account
        if reply.private:
            return await self._send_message(account, account.handle, reply)
        target = reply.in_reply_to or root_of(reply.conversation_key)
        if not target:
            raise PermanentError("an Instagram reply needs a comment or media to answer")
        on_media = target == root_of(reply.conversation_key)
        body = await self._post(
            account, f"{target}/{'comments' if on_media else 'replies'}", data={"message": reply.text}
        )
        external_id = g.text_of(body.get("id"))
        if not external_id:
            raise UncertainError(f"Instagram answered without the reply's id: {body}")
        return Published(external_id)

    async def find(self, reply: OutgoingReply) -> Published | None:
        account = reply.account
        if reply.private:
            return await self._find_message(account, account.handle, reply, "instagram")
        target = reply.in_reply_to or root_of(reply.conversation_key)
        edge = "comments" if target == root_of(reply.conversation_key) else "replies"
        body = await self._get_json(
            account, f"{target}/{edge}", {"fields": "id,text,username,from", "limit": "100"}
        )
        for item in g.listed(body):
            if not isinstance(item, Mapping) or item.get("text") != reply.text:
                continue
            sender = item.get("from") if isinstance(item.get("from"), Mapping) else {}
            names = (item.get("username"), sender.get("id"), sender.get("username"))
            if any(g.text_of(n) for n in names) and not g.is_brand(account, *names):
                continue
            if g.text_of(item.get("id")):
                return Published(g.text_of(item["id"]))
        return None
