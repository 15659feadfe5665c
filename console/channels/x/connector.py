"""The X API v2 connector for one brand account: fetch mentions and DMs, post replies and DMs, hide
replies.

Requests carry the account's OAuth 2.0 user-context token (``tweet.read users.read tweet.write
dm.read dm.write tweet.moderate.write offline.access``) as a bearer token; the hub holds it and hands
it over as an auth that refreshes it (console.channels.oauth: X's tokens last two hours).
"""

import html
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import replace

import httpx

from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    TransientError,
    UncertainError,
    error_for_exception,
    error_for_response,
    retry_after,
)
from console.channels.normalized import Page
from console.channels.oauth import as_auth
from console.channels.x.normalize import api_error, dm_url, normalize, post_url
from console.domain.mention import BrandAccount

API = "https://api.x.com"

# What a page of posts asks X to include: enough to fill a Mention without a second request.
POST_FIELDS = {
    "tweet.fields": "id,text,created_at,author_id,conversation_id,in_reply_to_user_id,"
    "referenced_tweets,lang,attachments,entities",
    "expansions": "author_id,referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys",
    "user.fields": "id,name,username,verified,public_metrics",
    "media.fields": "media_key,type,url,preview_image_url",
}
DM_FIELDS = {
    "dm_event.fields": "id,text,event_type,dm_conversation_id,created_at,sender_id,attachments,"
    "referenced_tweets",
    "event_types": "MessageCreate",
    "expansions": "sender_id,attachments.media_keys",
    "user.fields": "id,name,username,verified,public_metrics",
    "media.fields": "media_key,type,url,preview_image_url",
}
RECENT_FOR_FIND = 50  # own posts or DM events looked through for a reply that may have been posted


class XConnector(Connector):
    """One X account. ``user_id`` is the account's numeric X id (the mentions timeline is by id);
    ``client`` is the hub's long-lived httpx client (one is made, and closed by :meth:`aclose`,
    when none is given); ``clock`` gives epoch seconds, for the rate-limit reset."""

    def __init__(
        self,
        account: BrandAccount,
        *,
        user_id: str,
        token: str | httpx.Auth,
        client: httpx.AsyncClient | None = None,
        base_url: str = API,
        clock: Callable[[], float] = time.time,
    ):
        self.account = account
        self.user_id = user_id
        self._auth = as_auth(token)
        self._owned = client is None
        self._client = client or httpx.AsyncClient(timeout=httpx.Timeout(30.0))
        self._base = base_url.rstrip("/")
        self._clock = clock

    # --- ingest --------------------------------------------------------------------------------

    async def fetch_mentions(
        self, *, since_id: str | None = None, pagination_token: str | None = None, max_results: int = 100
    ) -> Page:
        """One page of the mentions timeline, newest first on X's side (oldest first in the Page).
        ``since_id``: the last poll's ``Page.newest``; ``pagination_token``: a ``Page.next_cursor``
        (with the same since_id, to page back down to it). The next poll's since_id is the first
        page's ``newest`` (older pages hold older ids); with nothing new it is None: keep the last."""
        params = {**POST_FIELDS, "max_results": str(max(5, min(100, max_results)))}
        if since_id:
            params["since_id"] = since_id
        if pagination_token:
            params["pagination_token"] = pagination_token
        return await self._fetch(f"/2/users/{self.user_id}/mentions", params)

    async def fetch_search(
        self,
        query: str,
        *,
        since_id: str | None = None,
        next_token: str | None = None,
        max_results: int = 100,
    ) -> Page:
        """One page of recent posts matching ``query`` (the brand's name without an @, say), for
        mentions the timeline misses. Search pages with ``next_token``, not ``pagination_token``."""
        params = {**POST_FIELDS, "query": query, "max_results": str(max(10, min(100, max_results)))}
        if since_id:
            params["since_id"] = since_id
        if next_token:
            params["next_token"] = next_token
        return await self._fetch("/2/tweets/search/recent", params)

    async def fetch_dms(self, *, pagination_token: str | None = None, max_results: int = 100) -> Page:
        """One page of the account's DM events, newest first on X's side. X takes no since_id here:
        the poller pages until it meets ids it has (``Page.newest`` is the largest id of the page)."""
        params = {**DM_FIELDS, "max_results": str(max(1, min(100, max_results)))}
        if pagination_token:
            params["pagination_token"] = pagination_token
        return await self._fetch("/2/dm_events", params)

    async def _fetch(self, path: str, params: dict[str, str]) -> Page:
        try:
            response = await self._client.get(self._base + path, params=params, auth=self._auth)
        except httpx.HTTPError as failure:
            # Asking again is always safe: a fetch changes nothing on the network.
            raise TransientError(f"cannot fetch from X: {type(failure).__name__} {failure}".strip()) from None
        limits = rate_limit(response, self._clock())
        if response.status_code == 429 or response.status_code >= 500:
            wait = retry_after(response) or (limits or {}).get("reset_s")
            raise TransientError(self._reason(response), wait)
        if response.status_code >= 400:
            raise PermanentError(self._reason(response))
        try:
            body = response.json()
        except ValueError:
            body = response.text
        page = normalize(
            body,
            url=str(response.request.url),
            account=self.account,
            received_ms=int(self._clock() * 1000),
            brand_user_id=self.user_id,
        )
        return replace(page, extra={**page.extra, "rate_limit": limits}) if limits else page

    # --- replies -------------------------------------------------------------------------------

    async def publish(self, reply: OutgoingReply) -> Published:
        """A public reply (POST /2/tweets with reply.in_reply_to_tweet_id), or a DM (POST
        /2/dm_conversations/with/:participant_id/messages) when the reply is private."""
        if reply.private:
            return await self._send_dm(reply)
        target = reply.in_reply_to or _thread_root(reply.conversation_key)
        if not target:
            raise PermanentError("an X reply needs the post it answers; this conversation names none")
        body = {"text": reply.text, "reply": {"in_reply_to_tweet_id": target}}
        data = await self._send("POST", "/2/tweets", body)
        post_id = data.get("id")
        if not isinstance(post_id, str):
            raise UncertainError(f"X answered without the new post's id: {data!r}"[:300])
        return Published(post_id, post_url(post_id, self._username))

    async def _send_dm(self, reply: OutgoingReply) -> Published:
        conversation = _dm_conversation(reply.conversation_key)
        if conversation and "-" not in conversation:  # a group: only its own id reaches it
            path = f"/2/dm_conversations/{conversation}/messages"
        else:
            participant = await self._participant(reply, conversation)
            path = f"/2/dm_conversations/with/{participant}/messages"
        data = await self._send("POST", path, {"text": reply.text})
        event_id, conversation = data.get("dm_event_id"), data.get("dm_conversation_id") or conversation
        if not isinstance(event_id, str):
            raise UncertainError(f"X answered without the message's id: {data!r}"[:300])
        return Published(event_id, dm_url(str(conversation)) if conversation else "")

    async def _participant(self, reply: OutgoingReply, conversation: str | None) -> str:
        """Whom a DM goes to: the other half of a one-to-one conversation id ("<id>-<id>"), or the
        author of the public post answered privately."""
        if conversation:
            others = [part for part in conversation.split("-") if part != self.user_id]
            if len(others) == 1:
                return others[0]
        if reply.in_reply_to:
            data = await self._send(
                "GET", f"/2/tweets/{reply.in_reply_to}", params={"tweet.fields": "author_id"}
            )
            if isinstance(data.get("author_id"), str):
                return data["author_id"]
        raise PermanentError("cannot tell whom to send this X message to")

    async def hide_reply(self, tweet_id: str, hidden: bool = True) -> bool:
        """Hide (or unhide) a reply to one of the account's posts: PUT /2/tweets/:id/hidden.
        Returns whether the reply is hidden now; raises as :meth:`publish` does."""
        data = await self._send("PUT", f"/2/tweets/{tweet_id}/hidden", {"hidden": hidden})
        return data.get("hidden") is True

    async def hide(self, account: BrandAccount, external_id: str, hidden: bool) -> None:
        """Moderation (console.domain.moderation): X's hide reply, checked against its answer."""
        if await self.hide_reply(external_id, hidden) is not hidden:
            raise UncertainError(f"X did not confirm the reply is {'hidden' if hidden else 'shown'}")

    async def find(self, reply: OutgoingReply) -> Published | None:
        """X keeps no idempotency key and a marker in the text would show, so this reads the
        account's latest posts (GET /2/users/:id/tweets), or the conversation's latest DM events,
        for one from the account with the reply's text (X rewrites links to t.co, escapes &<>, and
        puts the @names answered before a reply's text; those are ignored) answering the same post."""
        wanted = _comparable(reply.text)
        if reply.private:
            conversation = _dm_conversation(reply.conversation_key)
            if not conversation:
                return None
            path = f"/2/dm_conversations/{conversation}/dm_events"
            params = {**DM_FIELDS, "max_results": str(RECENT_FOR_FIND)}
            for event in await self._list(path, params):
                if event.get("sender_id") == self.user_id and _comparable(event.get("text")) == wanted:
                    return Published(str(event.get("id")), dm_url(conversation))
            return None
        params = {
            "tweet.fields": "id,text,created_at,author_id,referenced_tweets,conversation_id",
            "exclude": "retweets",
            "max_results": str(RECENT_FOR_FIND),
        }
        for post in await self._list(f"/2/users/{self.user_id}/tweets", params):
            if post.get("author_id", self.user_id) != self.user_id:
                continue
            references = post.get("referenced_tweets")
            answered = (
                [r.get("id") for r in references if isinstance(r, Mapping)]
                if isinstance(references, list)
                else []
            )
            if _comparable(post.get("text")) == wanted and (
                reply.in_reply_to is None or reply.in_reply_to in answered
            ):
                return Published(str(post.get("id")), post_url(str(post.get("id")), self._username))
        return None

    async def _list(self, path: str, params: dict[str, str]) -> list[Mapping]:
        try:
            body = await self._request("GET", path, None, params)
        except UncertainError as unsure:  # a failed search: ask again later
            raise TransientError(unsure.reason) from None
        data = body.get("data")
        return [i for i in data if isinstance(i, Mapping)] if isinstance(data, list) else []

    async def aclose(self) -> None:
        if self._owned:
            await self._client.aclose()

    # --- HTTP ----------------------------------------------------------------------------------

    async def _send(
        self, method: str, path: str, body: object = None, params: dict[str, str] | None = None
    ) -> Mapping:
        answer = await self._request(method, path, body, params)
        data = answer.get("data")
        if not isinstance(data, Mapping):
            raise UncertainError(f"X answered without 'data': {answer!r}"[:300])
        return data

    async def _request(self, method: str, path: str, body: object, params: dict[str, str] | None) -> Mapping:
        try:
            response = await self._client.request(
                method, self._base + path, json=body, params=params, auth=self._auth
            )
        except httpx.HTTPError as failure:
            raise error_for_exception(failure) from None
        error = error_for_response(response, self._reason(response))
        if error is not None:
            if isinstance(error, TransientError) and error.retry_after_s is None:
                error.retry_after_s = (rate_limit(response, self._clock()) or {}).get("reset_s")
            raise error
        try:
            answer = response.json()
        except ValueError:
            status = response.status_code
            raise UncertainError(f"X answered HTTP {status} with a body that is not JSON") from None
        if not isinstance(answer, Mapping):
            raise UncertainError(f"X answered HTTP {response.status_code} with {type(answer).__name__}")
        return answer

    def _reason(self, response: httpx.Response) -> str:
        try:
            said = api_error(response.json())
        except ValueError:
            said = ""
        return f"X: {said} (HTTP {response.status_code})" if said else ""

    @property
    def _username(self) -> str:
        return self.account.handle.strip().lstrip("@")


def rate_limit(response: httpx.Response, now_s: float) -> dict[str, float] | None:
    """X's ``x-rate-limit-*`` headers: requests left in the window and seconds until it resets
    (X gives the reset as epoch seconds), or None when the answer has none."""
    remaining, limit, reset = (
        _count(response.headers.get(f"x-rate-limit-{name}", "")) for name in ("remaining", "limit", "reset")
    )
    if remaining is None:
        return None
    limits: dict[str, float] = {"remaining": remaining}
    if limit is not None:
        limits["limit"] = limit
    if reset is not None:
        limits["reset_s"] = max(0.0, reset - now_s)
    return limits


def _count(header: str) -> int | None:
    header = header.strip()
    return int(header) if re.fullmatch(r"[0-9]{1,12}", header) else None


def _dm_conversation(conversation_key: str) -> str | None:
    """The X conversation id in a DM conversation key ("x:<account>:dm:<id>")."""
    match = re.fullmatch(r"x:.+:dm:([0-9]+(?:-[0-9]+)?)", conversation_key)
    return match.group(1) if match else None


def _thread_root(conversation_key: str) -> str | None:
    """The root post's id in a thread's conversation key ("x:<account>:<id>")."""
    match = re.fullmatch(r"x:.+:([0-9]+)", conversation_key)
    return match.group(1) if match and ":dm:" not in conversation_key else None


_LINK = re.compile(r"https?://\S+")
_LEADING_NAMES = re.compile(r"^(?:@\w+\s+)+")


def _comparable(text: object) -> str:
    """Text as X gives it back and as it was sent, made alike: unescaped, links and leading @names
    dropped, spaces collapsed, case folded."""
    if not isinstance(text, str):
        return "\x00"  # matches nothing a reply can be
    plain = _LINK.sub(" ", _LEADING_NAMES.sub("", html.unescape(text).strip()))
    return " ".join(plain.split()).casefold()
