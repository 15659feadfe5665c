"""Facebook Pages: feed comments and visitor posts, Messenger conversations, and replies to them.

Ingest reads what the Graph API answers for a Page (``account.handle`` is the Page id):

* ``/{page}/feed``, ``/visitor_posts``, ``/tagged`` — visitors' posts are mentions (kind post); the
  Page's own posts are skipped, their embedded ``comments`` read; ``/posts`` and ``/published_posts``
  hold only the Page's own posts.
* ``/{post-or-comment}/comments`` — comments (kind comment) and replies to comments (kind reply).
  Graph leaves out ``id`` and ``from`` unless asked (and ``from`` without a Page token): an id missing
  is taken from ``permalink_url`` (``?comment_id=…&reply_comment_id=…``), which names the same object.
* ``/{page}/conversations`` (with ``messages{…}``) and ``/{conversation}/messages`` — Messenger DMs.
* ``/{id}`` and ``/?ids=…`` — single comments, posts or messages, told apart by their fields.

A public thread's conversation key is the post's full id (``{page}_{post}``); a Messenger thread's
is the customer's page-scoped id, which is also whom a reply is sent to.
"""

from collections.abc import Mapping
from urllib.parse import parse_qs, urlsplit

from console.channels import meta_graph as g
from console.channels.connector import OutgoingReply, PermanentError, Published, UncertainError
from console.channels.meta_client import GraphConnector, root_of
from console.channels.meta_graph import UnreadableError
from console.channels.normalized import Page, Quarantined
from console.domain.mention import BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

NETWORK = Network.FACEBOOK
WEB = "https://www.facebook.com"
COMMENT_FIELDS = "id,message,created_time,from,parent{id},permalink_url,attachment"
POST_FIELDS = f"id,message,created_time,from,permalink_url,attachments,comments.limit(50){{{COMMENT_FIELDS}}}"
MESSAGE_FIELDS = "id,message,created_time,from,to,attachments"
CONVERSATION_FIELDS = f"id,updated_time,participants,messages.limit(25){{{MESSAGE_FIELDS}}}"
_POST_EDGES = {"feed", "visitor_posts", "tagged", "posts", "published_posts", "ratings"}
_OWN_EDGES = {"posts", "published_posts"}  # only the Page's own posts


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions of one Graph answer for a Facebook Page (see the module's docstring)."""
    try:
        return _normalize(body, url, account)
    except RecursionError:  # a pathologically deep body: say so rather than fail
        return Page(quarantined=(Quarantined.of("the body is nested too deeply to read", "…"),))


def _normalize(body: object, url: str, account: BrandAccount) -> Page:
    if not isinstance(body, Mapping) or g.graph_error(body) is not None:
        return g.not_understood(body, "")
    path = g.url_path(url)
    edge = path[-1] if len(path) >= 2 else ""
    if edge in _POST_EDGES and edge != "ratings":
        return _posts(body, account, own_only=edge in _OWN_EDGES)
    if edge == "comments":
        return _comments(body, account, parent=path[-2])
    if edge == "conversations":
        return g.read_conversations(NETWORK, account, body)
    if edge == "messages":
        mentions, quarantined, skipped = g.read_messages(NETWORK, account, g.listed(body), "data")
        return g.assemble(mentions, quarantined, skipped, body)
    if len(path) <= 1:
        pairs = g.objects_by_id(body) if "ids" in g.url_params(url) else None
        return _singles(pairs if pairs is not None else [("", body)], account)
    return g.not_understood(body, f"not a Facebook endpoint this connector reads: /{'/'.join(path)}")


def url_for_body(body: object) -> str:
    """The endpoint a bare recorded Graph answer came from, told by its shape ("" when unsure), so
    ``horseshoe-hub import`` reads raw bodies without ``--endpoint``: its paging link when it has
    one; comments by their permalinks (``?comment_id=``), which name the post they are listed under;
    conversations and messages by their ids; posts (read as the Page's feed) by their fields;
    ``?ids=`` answers and single objects by their ids."""
    found = g.guess_common(body)
    if found is not None:
        return found
    items = g.listed(body)
    if not items or not all(isinstance(i, Mapping) for i in items):
        return ""
    if all("comment_id=" in g.text_of(i.get("permalink_url")) for i in items):
        post = g.common_value(
            items, lambda i: _permalink_ids(g.text_of(i.get("permalink_url"))).get("post", "")
        )
        return f"{g.GRAPH_URL}/{post}/comments" if post else ""  # comments listed under one post
    private = g.guess_private(items)
    if private:
        return private
    if all(g.text_of(i.get("id")).count("_") == 1 and ("message" in i or "from" in i) for i in items):
        return f"{g.GRAPH_URL}/{g.ME}/feed"  # {page}_{post} ids: the Page's own are skipped there
    return ""


# --- comments ----------------------------------------------------------------------------------


def _comments(body: Mapping, account: BrandAccount, parent: str) -> Page:
    if not isinstance(body.get("data"), list):
        return g.not_understood(body, "a comments answer without a 'data' list")
    mentions, quarantined = [], []
    for position, item in enumerate(body["data"]):
        try:
            mentions.append(comment(item, account, listed_under=parent))
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Facebook comment: {why}", item, f"data[{position}]"))
    return g.assemble(mentions, quarantined, 0, body)


def comment(item: object, account: BrandAccount, listed_under: str = "", root: str = "") -> Mention:
    """A Graph comment: a reply when its parent is another comment, a comment on a post otherwise."""
    if not isinstance(item, Mapping):
        raise UnreadableError("not an object")
    text = item.get("message", "")
    if not isinstance(text, str):
        raise UnreadableError("'message' is not text")
    link = g.text_of(item.get("permalink_url"))
    from_link = _permalink_ids(link)
    external_id = g.text_of(item.get("id")) or from_link.get("id", "")
    if not external_id:
        raise UnreadableError("no 'id' (nor a permalink_url naming the comment)")
    created = g.need_time(item, "created_time")
    parent_obj = item.get("parent")
    parent = g.text_of(parent_obj.get("id")) if isinstance(parent_obj, Mapping) else ""
    parent = parent or from_link.get("parent", "") or listed_under
    root = (
        root or from_link.get("post", "") or post_of(listed_under, account) or post_of(external_id, account)
    )
    author = item.get("from")
    author_id = g.text_of(author.get("id")) if isinstance(author, Mapping) else ""
    name = g.text_of(author.get("name")) if isinstance(author, Mapping) else ""
    media = _attachment(item.get("attachment"))
    if not text and not media:
        raise UnreadableError("neither 'message' nor an attachment")
    is_reply = bool(parent) and parent != (root or parent)  # a comment's parent is the post itself
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=external_id,
        author=g.author(author_id, name, external_id),
        text=text,
        created_ms=created,
        kind=MentionKind.REPLY if is_reply else MentionKind.COMMENT,
        url=link or f"{WEB}/{external_id}",
        parent_external_id=parent or None,
        conversation_key=g.thread_key(NETWORK, account, root or external_id),
        from_brand=g.is_brand(account, author_id),
        media=media,
    )


def _permalink_ids(link: str) -> dict[str, str]:
    """Ids a comment's permalink names: ``/{page}/posts/{post}/?comment_id=C&reply_comment_id=R`` →
    the comment R (parent ``{post}_C``) or C (parent the post ``{page}_{post}``)."""
    if not link:
        return {}
    parts = urlsplit(link)
    segments = [s for s in parts.path.split("/") if s]
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    if len(segments) < 3 or segments[1] != "posts":
        return {}
    page, post = segments[0], segments[2]
    found = {"post": f"{page}_{post}"}
    if query.get("reply_comment_id") and query.get("comment_id"):
        found["id"] = f"{post}_{query['reply_comment_id']}"
        found["parent"] = f"{post}_{query['comment_id']}"
    elif query.get("comment_id"):
        found["id"] = f"{post}_{query['comment_id']}"
        found["parent"] = found["post"]
    return found


def post_of(object_id: str, account: BrandAccount) -> str:
    """The full id of the post an object id belongs to: a post id as it is (``{page}_{post}``); a
    comment id (``{post}_{comment}``) → ``{page}_{post}`` for the account's Page."""
    if "_" not in object_id:
        return ""
    head = object_id.split("_", 1)[0]
    return object_id if head == account.handle else f"{account.handle}_{head}" if account.handle else ""


def _attachment(value: object) -> tuple[Media, ...]:
    if not isinstance(value, Mapping):
        return ()
    media = value.get("media")
    image = media.get("image") if isinstance(media, Mapping) else None
    src = g.text_of(image.get("src")) if isinstance(image, Mapping) else ""
    kind = g.text_of(value.get("type")) or "link"
    if src:
        return (Media("image" if kind.startswith(("photo", "sticker")) else kind, src),)
    if g.text_of(value.get("url")):
        return (Media(kind, g.text_of(value["url"])),)
    return ()


# --- posts -------------------------------------------------------------------------------------


def _posts(body: Mapping, account: BrandAccount, own_only: bool) -> Page:
    if not isinstance(body.get("data"), list):
        return g.not_understood(body, "a posts answer without a 'data' list")
    mentions, quarantined, skipped = [], [], 0
    for position, item in enumerate(body["data"]):
        where = f"data[{position}]"
        try:
            found, own = post(item, account, own_only)
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Facebook post: {why}", item, where))
            continue
        if found is None:
            skipped += 1
        else:
            mentions.append(found)
        if own is not None:
            more, bad = _embedded_comments(item, account, own, where)
            mentions += more
            quarantined += bad
    return g.assemble(mentions, quarantined, skipped, body)


def post(item: object, account: BrandAccount, own_only: bool = False) -> tuple[Mention | None, str | None]:
    """A feed item: (the visitor's post as a mention, or None for the Page's own; the post id)."""
    if not isinstance(item, Mapping):
        raise UnreadableError("not an object")
    external_id = g.need_id(item)
    author = item.get("from")
    author_id = g.text_of(author.get("id")) if isinstance(author, Mapping) else ""
    if own_only or g.is_brand(account, author_id):
        return None, external_id
    if not author_id:
        raise UnreadableError(
            "no 'from': cannot tell a visitor's post from the Page's own (ask for fields=from)"
        )
    text = item.get("message", "")
    if not isinstance(text, str):
        raise UnreadableError("'message' is not text")
    created = g.need_time(item, "created_time")
    media = tuple(m for a in g.listed(item.get("attachments")) for m in _attachment(a))
    return (
        Mention(
            id="",
            network=NETWORK,
            account_id=account.id,
            external_id=external_id,
            author=g.author(author_id, g.text_of(author.get("name")), external_id),
            text=text,
            created_ms=created,
            kind=MentionKind.POST,
            url=g.text_of(item.get("permalink_url")) or f"{WEB}/{external_id}",
            conversation_key=g.thread_key(NETWORK, account, external_id),
            media=media,
        ),
        external_id,
    )


def _embedded_comments(item: Mapping, account: BrandAccount, post_id: str, where: str):
    mentions, quarantined = [], []
    for position, entry in enumerate(g.listed(item.get("comments"))):
        try:
            mentions.append(comment(entry, account, listed_under=post_id, root=post_id))
        except UnreadableError as why:
            quarantined.append(
                Quarantined.of(f"Facebook comment: {why}", entry, f"{where}.comments.data[{position}]")
            )
    return mentions, quarantined


# --- single objects ----------------------------------------------------------------------------


def _singles(pairs: list[tuple[str, object]], account: BrandAccount) -> Page:
    mentions, quarantined, skipped = [], [], 0
    for key, item in pairs:
        where = key
        try:
            if not isinstance(item, Mapping):
                raise UnreadableError("not an object")
            if g.text_of(item.get("id")).startswith("t_"):  # a conversation without its messages
                skipped += 1
                continue
            if isinstance(item.get("to"), Mapping) or g.text_of(item.get("id")).startswith("m_"):
                found = g.graph_message(NETWORK, account, item)
            elif "parent" in item or "comment_id=" in g.text_of(item.get("permalink_url")):
                found = comment(item, account)
            elif "message" in item or "from" in item:
                found, _ = post(item, account)
            else:
                quarantined.append(Quarantined.of("not a Facebook post, comment or message", item, where))
                continue
        except UnreadableError as why:
            quarantined.append(Quarantined.of(f"Facebook object: {why}", item, where))
            continue
        if found is None:
            skipped += 1
        else:
            mentions.append(found)
    return g.assemble(mentions, quarantined, skipped)


# --- the connector -----------------------------------------------------------------------------


class FacebookConnector(GraphConnector):
    """Fetches a Page's feed, comments and Messenger conversations; publishes comment replies
    (``POST /{comment-or-post}/comments``), private replies to comments and Messenger messages
    (``POST /{page}/messages`` with ``recipient.comment_id`` or ``recipient.id``).

    ``find``: Graph keeps no client marker on a comment or message, so a reply is found by its
    text among the Page's own answers — the comments under ``in_reply_to`` written by the Page, or
    the Page's latest messages in the DM conversation with the customer. A private reply to a
    comment cannot be looked up by comment and counts as not found."""

    network = NETWORK
    hide_field = "is_hidden"

    async def fetch(
        self,
        account: BrandAccount,
        edge: str = "feed",
        *,
        cursor: str | None = None,
        since: str | None = None,
    ) -> Page:
        """One page of ``edge`` (feed, visitor_posts, tagged, conversations) for the Page, or of an
        object's comments with ``edge="{object-id}/comments"``, or a conversation's messages with
        ``edge="{conversation-id}/messages"``."""
        if cursor and cursor.startswith("https://"):
            return await self._get_page(account, cursor, {}, normalize)
        if edge == "conversations":
            params = {"fields": CONVERSATION_FIELDS, "platform": "messenger"}
        elif edge.endswith("/messages"):  # a conversation's older messages
            params = {"fields": MESSAGE_FIELDS}
        elif edge.endswith("/comments"):
            params = {"fields": COMMENT_FIELDS, "filter": "stream", "order": "reverse_chronological"}
        else:
            params = {"fields": POST_FIELDS}
        params["limit"] = "50"
        if cursor:
            params["after"] = cursor
        elif since:
            params["since"] = since
        path = edge if edge.endswith(("/comments", "/messages")) else f"{account.handle}/{edge}"
        return await self._get_page(account, path, params, normalize)

    async def publish(self, reply: OutgoingReply) -> Published:
        account = reply.account
        if reply.private:
            return await self._send_message(account, account.handle, reply)
        target = reply.in_reply_to or root_of(reply.conversation_key)
        if not target:
            raise PermanentError("a public reply needs a post or comment to answer")
        body = await self._post(account, f"{target}/comments", data={"message": reply.text})
        return _published(body)

    async def find(self, reply: OutgoingReply) -> Published | None:
        account = reply.account
        if reply.private:
            return await self._find_message(account, account.handle, reply, "messenger")
        target = reply.in_reply_to or root_of(reply.conversation_key)
        params = {
            "fields": "id,message,from,permalink_url",
            "filter": "stream",
            "order": "reverse_chronological",
        }
        body = await self._get_json(account, f"{target}/comments", {**params, "limit": "100"})
        for item in g.listed(body):
            if not isinstance(item, Mapping) or item.get("message") != reply.text:
                continue
            author = item.get("from")
            if isinstance(author, Mapping) and not g.is_brand(account, author.get("id")):
                continue  # someone else wrote the same words
            found = g.text_of(item.get("id")) or _permalink_ids(g.text_of(item.get("permalink_url"))).get(
                "id"
            )
            if found:
                return Published(found, g.text_of(item.get("permalink_url")) or f"{WEB}/{found}")
        return None


def _published(body: Mapping) -> Published:
    external_id = g.text_of(body.get("id"))
    if not external_id:
        raise UncertainError(f"Facebook answered without the comment's id: {body}")
    return Published(external_id, g.text_of(body.get("permalink_url")) or f"{WEB}/{external_id}")
