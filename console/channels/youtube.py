"""YouTube Data API v3: the comments on a brand channel's videos, and replies back to them.

Ingest reads ``commentThreads`` for the channel (``allThreadsRelatedToChannelId``, paged back by
``nextPageToken``): each thread is a top-level comment and the first few of its replies; a thread
with more replies than the page carries is named in ``Page.extra["more_replies"]`` for the fetcher to
read with ``comments.list`` by ``parentId``. A thread is one conversation (its top-level comment's id).

The brand account's ``handle`` is its channel id (``UC…``): the API names authors by channel id,
so that is how the channel's own comments are told apart (``from_brand``).

Replies go out with ``comments.insert`` (``snippet.parentId`` = the thread's top-level comment: YouTube
threads are one level deep). YouTube has no direct messages.
"""

import datetime as dt
from collections.abc import Mapping
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    PublishError,
    TransientError,
    error_for_exception,
    error_for_response,
)
from console.channels.normalized import Page, Quarantined
from console.channels.oauth import as_auth
from console.domain.mention import Author, BrandAccount, Mention, MentionKind
from console.domain.network import Network

API = "https://www.googleapis.com/youtube/v3"
PAGE_SIZE = 100  # the most commentThreads.list and comments.list give per page
# Error reasons that say "not now" rather than "never": the daily quota or a per-user rate.
TRANSIENT_REASONS = {"quotaExceeded", "rateLimitExceeded", "userRateLimitExceeded", "dailyLimitExceeded"}


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a YouTube API answer from ``url`` (commentThreads or comments, a list or a
    created resource). Never raises: what it cannot read is quarantined with the reason."""
    if not isinstance(body, Mapping):
        return _refused(f"a YouTube answer is a JSON object, not {type(body).__name__}", body)
    if "error" in body:
        return _refused(f"YouTube answered with an error: {error_message(body)}", body)
    endpoint = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    if endpoint not in ("commentThreads", "comments"):
        return _refused(f"not a YouTube comments endpoint: {urlsplit(url).path or url!r}", body)
    reader = _Reader(account)
    kind = body.get("kind")
    if kind in ("youtube#commentThread", "youtube#comment"):  # the answer to an insert
        reader.item(body, "$")
    elif isinstance(body.get("items"), list):
        for position, item in enumerate(body["items"]):
            reader.item(item, f"items[{position}]")
    else:
        return _refused(f"a YouTube answer without 'items' (kind {kind!r})", body)
    token = body.get("nextPageToken")
    mentions = sorted(reader.mentions, key=lambda m: m.created_ms)  # oldest first
    extra = {"more_replies": tuple(reader.more_replies)} if reader.more_replies else {}
    return Page(
        mentions=tuple(mentions),
        quarantined=tuple(reader.quarantined),
        next_cursor=token if isinstance(token, str) and token else None,
        newest=reader.newest,
        extra=extra,
    )


_KIND_ENDPOINTS = {
    "youtube#commentThreadListResponse": "commentThreads",
    "youtube#commentThread": "commentThreads",
    "youtube#commentListResponse": "comments",
    "youtube#comment": "comments",
}


def url_for_body(body: object) -> str:
    """The endpoint a bare recorded answer came from, by its ``kind`` ("" when it is no comments
    answer), so ``horseshoe-hub import`` can read raw bodies without being told."""
    kind = body.get("kind") if isinstance(body, Mapping) else None
    endpoint = _KIND_ENDPOINTS.get(kind) if isinstance(kind, str) else None
    return f"{API}/{endpoint}" if endpoint else ""


def error_message(body: object) -> str:
    """YouTube's own words for an error body (``{"error": {"message", "errors": [{"reason"}]}}``)."""
    error = body.get("error") if isinstance(body, Mapping) else None
    if isinstance(error, str):
        return error
    if not isinstance(error, Mapping):
        return "unknown error"
    reasons = ", ".join(str(e.get("reason")) for e in error.get("errors") or () if isinstance(e, Mapping))
    message = str(error.get("message") or error.get("status") or "unknown error")
    return f"{message} ({reasons})" if reasons else message


def error_reasons(body: object) -> set[str]:
    error = body.get("error") if isinstance(body, Mapping) else None
    if not isinstance(error, Mapping) or not isinstance(error.get("errors"), list):
        return set()
    return {str(e.get("reason")) for e in error["errors"] if isinstance(e, Mapping)}


def comment_url(video_id: str, comment_id: str, channel_id: str = "") -> str:
    """Where a comment is seen: under its video (``lc`` highlights it), else on the channel."""
    if video_id:
        return f"https://www.youtube.com/watch?v={video_id}&lc={comment_id}"
    if channel_id:
        return f"https://www.youtube.com/channel/{channel_id}?lc={comment_id}"
    return ""


def thread_root(comment_id: str) -> str:
    """A reply's id is ``<top-level id>.<suffix>``: the thread it belongs to."""
    return comment_id.split(".", 1)[0]


def _refused(reason: str, body: object) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, "$"),))


class _UnreadableError(ValueError):
    pass


class _Reader:
    """Reads threads and comments into mentions, collecting what it cannot read."""

    def __init__(self, account: BrandAccount):
        self.account = account
        self.mentions: list[Mention] = []
        self.quarantined: list[Quarantined] = []
        self.more_replies: list[str] = []
        self.newest: str | None = None
        self._newest_ms = -1

    def item(self, item: object, where: str) -> None:
        if not isinstance(item, Mapping):
            self.quarantined.append(Quarantined.of(f"not an object but {type(item).__name__}", item, where))
        elif item.get("kind") == "youtube#commentThread" or _has(item.get("snippet"), "topLevelComment"):
            self.thread(item, where)
        else:
            self.comment(item, where, video_id="", channel_id="")

    def thread(self, thread: Mapping, where: str) -> None:
        snippet = thread.get("snippet")
        if not isinstance(snippet, Mapping) or not isinstance(snippet.get("topLevelComment"), Mapping):
            self.quarantined.append(
                Quarantined.of("a thread without 'snippet.topLevelComment'", thread, where)
            )
            return
        video_id, channel_id = _text(snippet.get("videoId")), _text(snippet.get("channelId"))
        top = snippet["topLevelComment"]
        self.comment(top, f"{where}.snippet.topLevelComment", video_id, channel_id)
        replies = thread.get("replies")
        comments = replies.get("comments") if isinstance(replies, Mapping) else None
        comments = comments if isinstance(comments, list) else []
        for position, reply in enumerate(comments):
            self.comment(reply, f"{where}.replies.comments[{position}]", video_id, channel_id)
        total = snippet.get("totalReplyCount")
        if isinstance(total, int) and total > len(comments) and isinstance(top.get("id"), str):
            self.more_replies.append(top["id"])

    def comment(self, comment: object, where: str, video_id: str, channel_id: str) -> None:
        try:
            mention = self._mention(comment, video_id, channel_id)
        except _UnreadableError as problem:
            self.quarantined.append(Quarantined.of(str(problem), comment, where))
            return
        self.mentions.append(mention)
        if mention.created_ms > self._newest_ms:
            self._newest_ms, self.newest = mention.created_ms, comment["snippet"]["publishedAt"]

    def _mention(self, comment: object, video_id: str, channel_id: str) -> Mention:
        if not isinstance(comment, Mapping):
            raise _UnreadableError(f"a comment is an object, not {type(comment).__name__}")
        comment_id, snippet = comment.get("id"), comment.get("snippet")
        if not isinstance(comment_id, str) or not comment_id:
            raise _UnreadableError("a comment without an 'id'")
        if not isinstance(snippet, Mapping):
            raise _UnreadableError(f"comment {comment_id}: no 'snippet'")
        text = snippet.get("textOriginal", snippet.get("textDisplay"))
        if not isinstance(text, str):
            raise _UnreadableError(f"comment {comment_id}: no 'textOriginal' or 'textDisplay' text")
        created_ms = _epoch_ms(snippet.get("publishedAt"))
        if created_ms is None:
            raise _UnreadableError(
                f"comment {comment_id}: 'publishedAt' is not a time: {snippet.get('publishedAt')!r}"
            )
        author_channel = snippet.get("authorChannelId")
        author_id = _text(author_channel.get("value")) if isinstance(author_channel, Mapping) else ""
        name = _text(snippet.get("authorDisplayName"))
        parent = _text(snippet.get("parentId")) or (thread_root(comment_id) if "." in comment_id else "")
        video_id = _text(snippet.get("videoId")) or video_id
        channel_id = _text(snippet.get("channelId")) or channel_id
        return Mention(
            id="",
            network=Network.YOUTUBE,
            account_id=self.account.id,
            external_id=comment_id,
            author=Author(handle=author_id or name, name=name),
            text=text,
            created_ms=created_ms,
            kind=MentionKind.REPLY if parent else MentionKind.COMMENT,
            url=comment_url(video_id, comment_id, channel_id),
            parent_external_id=parent or None,
            conversation_key=f"youtube:{self.account.id}:{parent or comment_id}",
            from_brand=bool(author_id) and author_id == self.account.handle,
        )


def _has(value: object, key: str) -> bool:
    return isinstance(value, Mapping) and key in value


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _epoch_ms(value: object) -> int | None:
    if not isinstance(value, str):
        return None
    try:
        moment = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        return int(moment.timestamp() * 1000)
    except (ValueError, OverflowError):
        return None


# --- the network ------------------------------------------------------------------------------


class YouTubeConnector(Connector):
    """Fetches comment pages and posts replies for brand channels with one OAuth access token.

    ``find``: YouTube keeps no idempotency key and a marker would show in the reply, so it reads the
    thread's replies (``comments.list`` by ``parentId``) for one by the brand channel with the same text.
    """

    def __init__(self, client: httpx.AsyncClient, token: str | httpx.Auth, *, api: str = API):
        self.client = client
        self.api = api.rstrip("/")
        self._auth = as_auth(token)  # Google's tokens last an hour: the hub gives a refreshing one
        self._headers = {"Accept": "application/json"}

    async def fetch_threads(
        self, account: BrandAccount, page_token: str | None = None, *, received_ms: int = 0
    ) -> Page:
        """One page of the channel's comment threads, newest first on the network (oldest first in
        the Page); ``page_token`` is a ``next_cursor`` from an earlier page."""
        params = {
            "part": "snippet,replies",
            "allThreadsRelatedToChannelId": account.handle,
            "maxResults": str(PAGE_SIZE),
            "order": "time",
            "textFormat": "plainText",
        }
        if page_token:
            params["pageToken"] = page_token
        return await self._page(f"{self.api}/commentThreads", params, account, received_ms)

    async def fetch_replies(
        self, account: BrandAccount, parent_id: str, page_token: str | None = None, *, received_ms: int = 0
    ) -> Page:
        """One page of the replies to the top-level comment ``parent_id`` (``comments.list``)."""
        params = {
            "part": "snippet",
            "parentId": parent_id,
            "maxResults": str(PAGE_SIZE),
            "textFormat": "plainText",
        }
        if page_token:
            params["pageToken"] = page_token
        return await self._page(f"{self.api}/comments", params, account, received_ms)

    async def publish(self, reply: OutgoingReply) -> Published:
        if reply.private:
            raise PermanentError("YouTube has no private messages: answer in the comments")
        parent = self._parent(reply)
        body = {"snippet": {"parentId": parent, "textOriginal": reply.text}}
        answer = await self._send("POST", f"{self.api}/comments", {"part": "snippet"}, json=body)
        created = _json(answer)
        comment_id = created.get("id") if isinstance(created, Mapping) else None
        if not isinstance(comment_id, str) or not comment_id:
            raise PermanentError(f"YouTube answered the reply without a comment id: {answer.text[:200]}")
        snippet = created.get("snippet") if isinstance(created.get("snippet"), Mapping) else {}
        return Published(comment_id, comment_url(_text(snippet.get("videoId")), comment_id))

    async def find(self, reply: OutgoingReply) -> Published | None:
        if reply.private:
            return None
        parent, token = self._parent(reply), None
        for _ in range(10):  # a thread of a thousand replies is searched; past that, give up
            page = await self.fetch_replies(reply.account, parent, token)
            for mention in page.mentions:
                if mention.from_brand and mention.text == reply.text:
                    return Published(mention.external_id, mention.url)
            token = page.next_cursor
            if not token:
                return None
        return None

    @staticmethod
    def _parent(reply: OutgoingReply) -> str:
        root = reply.in_reply_to or reply.conversation_key.rsplit(":", 1)[-1]
        if not root:
            raise PermanentError("no YouTube comment to reply to")
        return thread_root(root)

    async def _page(self, url: str, params: dict, account: BrandAccount, received_ms: int) -> Page:
        answer = await self._send("GET", url, params)
        return normalize(_json(answer), url=str(answer.request.url), account=account, received_ms=received_ms)

    async def _send(self, method: str, url: str, params: dict, json: object = None) -> httpx.Response:
        try:
            answer = await self.client.request(
                method, url, params=params, json=json, headers=self._headers, auth=self._auth
            )
        except httpx.HTTPError as failure:
            raise error_for_exception(failure) from failure
        if answer.is_success:
            return answer
        raise _error(answer)

    async def aclose(self) -> None:
        """Nothing of its own to release: ``client`` is the caller's (the hub's shared one, which
        other accounts' connectors go on using when this one is replaced), and the caller closes it."""


def _json(answer: httpx.Response) -> object:
    try:
        return answer.json()
    except ValueError:
        return answer.text


def _error(answer: httpx.Response) -> PublishError:
    """The connector error a failed answer means; YouTube says quota and rate limits with a 403."""
    body = _json(answer)
    reason = f"YouTube: {error_message(body)} (HTTP {answer.status_code})"
    if error_reasons(body) & TRANSIENT_REASONS:
        error = error_for_response(answer, reason)
        wait = error.retry_after_s if isinstance(error, TransientError) else None
        return TransientError(reason, wait if wait is not None else _until_quota_resets(body))
    return error_for_response(answer, reason) or PermanentError(reason)


def _until_quota_resets(body: object, now: dt.datetime | None = None) -> float | None:
    """The daily quota comes back at midnight Pacific time; a rate limit, in a minute or so."""
    if "quotaExceeded" not in error_reasons(body) and "dailyLimitExceeded" not in error_reasons(body):
        return 60.0
    try:
        pacific = ZoneInfo("America/Los_Angeles")
    except (ZoneInfoNotFoundError, ValueError):  # no time zone data on this machine
        return None
    now = (now or dt.datetime.now(dt.UTC)).astimezone(pacific)
    midnight = (now + dt.timedelta(days=1)).replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight - now).total_seconds()
