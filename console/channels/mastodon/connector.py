"""Mastodon over HTTP: fetching mention notifications and conversations, posting replies."""

import contextlib
import re
import time
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import replace
from urllib.parse import parse_qs, urlsplit

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
    retry_after,
)
from console.channels.mastodon.reading import NETWORK, is_brand, iso_ms, normalize, normalize_stream
from console.channels.mastodon.text import html_to_text
from console.channels.normalized import Page
from console.channels.oauth import as_auth
from console.domain.mention import BrandAccount, Mention, MentionKind


def rate_limit(headers: Mapping[str, str], now_s: float) -> dict[str, float | int] | None:
    """``X-RateLimit-Remaining`` and the seconds until ``X-RateLimit-Reset`` (an ISO time)."""
    remaining = headers.get("x-ratelimit-remaining", "")
    if not remaining.strip().isdigit():
        return None
    limit: dict[str, float | int] = {"remaining": int(remaining)}
    if headers.get("x-ratelimit-limit", "").strip().isdigit():
        limit["limit"] = int(headers["x-ratelimit-limit"])
    with contextlib.suppress(TypeError, ValueError):
        limit["reset_s"] = max(0.0, iso_ms(headers.get("x-ratelimit-reset")) / 1000 - now_s)
    return limit


def link_cursors(link: str) -> dict[str, dict[str, str]]:
    """The query of each ``rel`` in a ``Link`` header: {"next": {"max_id": "21", …}, "prev": {…}}."""
    found: dict[str, dict[str, str]] = {}
    for target, rel in re.findall(r'<([^>]*)>\s*;\s*rel="?(\w+)"?', link):
        found[rel] = {k: v[0] for k, v in parse_qs(urlsplit(target).query).items()}
    return found


STREAM_SILENCE_S = 90.0  # heartbeats come every ~15 s


class MastodonConnector(Connector):
    """Fetches mentions and direct conversations for brand accounts on one Mastodon server, and
    publishes replies there with the account's access token.

    ``publish`` sends the reply's id as the ``Idempotency-Key`` header: the server keeps the key
    for an hour and answers a repeated request with the status it already made, so a retry after a
    lost answer does not post twice. ``find`` looks for the reply among the brand account's latest
    statuses (a status answering ``in_reply_to`` whose text holds the reply's text), for a retry
    later than the server remembers keys.
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        token: str | httpx.Auth,
        *,
        clock: Callable[[], float] = time.time,
        public_visibility: str = "public",
    ):
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.auth = as_auth(token)  # Mastodon's tokens last until revoked: no refresh
        self.clock = clock
        self.public_visibility = public_visibility  # "unlisted" keeps answers off the public timelines
        self.roots: dict[str, str] = {}  # status id → the id of its thread's first status

    async def fetch(
        self, account: BrandAccount, *, since: str | None = None, cursor: str | None = None, limit: int = 40
    ) -> Page:
        """One page of mention notifications: the newest after ``since``, or older than ``cursor``."""
        params: list[tuple[str, str | int]] = [("types[]", "mention"), ("limit", limit)]
        if since:
            params.append(("since_id", since))
        if cursor:
            params.append(("max_id", cursor))
        return await self._page("/api/v1/notifications", params, account)

    async def fetch_conversations(
        self, account: BrandAccount, *, cursor: str | None = None, limit: int = 40
    ) -> Page:
        """One page of direct conversations, each as its latest status."""
        params: list[tuple[str, str | int]] = [("limit", limit)] + ([("max_id", cursor)] if cursor else [])
        return await self._page("/api/v1/conversations", params, account)

    async def _page(self, path: str, params: list, account: BrandAccount) -> Page:
        response = await self._send("GET", path, params=params)
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(f"Mastodon answered HTTP {response.status_code}", retry_after(response))
        try:
            body = response.json()
        except ValueError:
            body = response.text
        if response.status_code >= 400:
            raise PermanentError(_error_text(body, response))
        page = normalize(
            body, url=str(response.request.url), account=account, received_ms=int(self.clock() * 1000)
        )
        cursors = link_cursors(response.headers.get("link", ""))
        extra = dict(page.extra)
        limits = rate_limit(response.headers, self.clock())
        if limits:
            extra["rate_limit"] = limits
        return replace(
            page,
            mentions=tuple([await self._rooted(m, account) for m in page.mentions]),
            next_cursor=cursors.get("next", {}).get("max_id", page.next_cursor) if page.next_cursor else None,
            newest=cursors.get("prev", {}).get("min_id", page.newest),
            extra=extra,
        )

    async def listen(
        self, account: BrandAccount, *, path: str = "/api/v1/streaming/user/notification"
    ) -> AsyncIterator[Page]:
        """Pages as the streaming API sends its events (server-sent events), one per event that
        holds a mention or something unreadable; ends when the server closes the stream. A
        refused connection raises as ``fetch`` does; a dropped one is transient. The server sends
        a heartbeat comment every few seconds, so a read silent for ``STREAM_SILENCE_S`` is a dead
        connection."""
        headers = {"Accept": "text/event-stream"}
        timeout = httpx.Timeout(30.0, read=STREAM_SILENCE_S)
        url = self.base_url + path
        try:
            async with self.client.stream(
                "GET", url, headers=headers, auth=self.auth, timeout=timeout
            ) as response:
                if response.status_code != 200:
                    await response.aread()
                    if response.status_code == 429 or response.status_code >= 500:
                        raise TransientError(
                            f"Mastodon's stream answered HTTP {response.status_code}", retry_after(response)
                        )
                    raise PermanentError(_error_text(_json(response), response))
                block: list[str] = []
                async for line in response.aiter_lines():
                    if line:
                        block.append(line)
                        continue
                    if not block:
                        continue
                    text, block = "\n".join(block), []
                    page = normalize_stream(text, account=account, received_ms=int(self.clock() * 1000))
                    if page.mentions or page.quarantined:
                        rooted = tuple([await self._rooted(m, account) for m in page.mentions])
                        yield replace(page, mentions=rooted)
        except httpx.HTTPError as failure:
            raise TransientError(
                f"Mastodon's stream broke off: {type(failure).__name__} {failure}"
            ) from failure

    async def _rooted(self, mention: Mention, account: BrandAccount) -> Mention:
        """A public reply keyed by its thread's first status, which only the status's context
        names (ancestors, oldest first); asked once per parent and remembered. When the context
        cannot be had, the reply keeps the key by its parent."""
        parent = mention.parent_external_id
        if mention.kind is MentionKind.DIRECT_MESSAGE or not parent:
            return mention
        if parent not in self.roots:
            try:
                response = await self._send("GET", f"/api/v1/statuses/{parent}/context")
            except PublishError:  # no context now: the parent's key, as normalize gave
                return mention
            ancestors = _json(response).get("ancestors") if isinstance(_json(response), dict) else None
            if response.status_code >= 300 or not isinstance(ancestors, list):
                return mention
            first = ancestors[0] if ancestors and isinstance(ancestors[0], dict) else {}
            self.roots[parent] = str(first.get("id") or parent)
        return replace(mention, conversation_key=f"{NETWORK.value}:{account.id}:{self.roots[parent]}")

    async def publish(self, reply: OutgoingReply) -> Published:
        """A status answering ``reply.in_reply_to``, addressed to its author and the people it names
        (a direct status reaches only those it mentions), ``direct`` when the reply is private."""
        text = reply.text
        if reply.in_reply_to:
            answered = await self._send("GET", f"/api/v1/statuses/{reply.in_reply_to}")
            failure = error_for_response(answered, _error_text(_json(answered), answered))
            if failure:
                raise failure
            text = addressed(reply.text, _json(answered), reply.account)
        form = {"status": text, "visibility": "direct" if reply.private else self.public_visibility}
        if reply.in_reply_to:
            form["in_reply_to_id"] = reply.in_reply_to
        response = await self._send(
            "POST", "/api/v1/statuses", data=form, headers={"Idempotency-Key": reply.id}
        )
        failure = error_for_response(response, _error_text(_json(response), response))
        if failure:
            raise failure
        return _published(_json(response))

    async def find(self, reply: OutgoingReply) -> Published | None:
        me = await self._checked("GET", "/api/v1/accounts/verify_credentials")
        if not isinstance(me, dict) or "id" not in me:
            raise TransientError("Mastodon did not say who the account is")
        statuses = await self._checked(
            "GET", f"/api/v1/accounts/{me['id']}/statuses", params={"limit": 40, "exclude_reblogs": "true"}
        )
        wanted = " ".join(reply.text.split())
        for status in statuses if isinstance(statuses, list) else ():
            if not isinstance(status, dict) or status.get("in_reply_to_id") != reply.in_reply_to:
                continue
            if isinstance(status.get("content"), str) and wanted in " ".join(
                html_to_text(status["content"]).split()
            ):
                return _published(status)
        return None

    async def _checked(self, method: str, path: str, **kwargs) -> object:
        response = await self._send(method, path, **kwargs)
        failure = error_for_response(response, _error_text(_json(response), response))
        if failure:
            raise failure if not isinstance(failure, PermanentError) else TransientError(failure.reason)
        return _json(response)

    async def _send(self, method: str, path: str, **kwargs) -> httpx.Response:
        try:
            return await self.client.request(method, self.base_url + path, auth=self.auth, **kwargs)
        except httpx.HTTPError as failure:
            raise error_for_exception(failure) from failure


def addressed(text: str, answered: object, account: BrandAccount) -> str:
    """``text`` with the ``@acct`` of the answered status's author and the people it mentions put in
    front, leaving out the brand itself and anyone the text names already."""
    if not isinstance(answered, dict):
        return text
    people = [answered.get("account") or {}, *list(answered.get("mentions") or ())]
    present = {w.lstrip("@").lower() for w in text.split() if w.startswith("@")}
    names: list[str] = []
    for person in people:
        acct = person.get("acct") if isinstance(person, dict) else None
        if isinstance(acct, str) and acct and not is_brand(acct, account) and acct.lower() not in present:
            present.add(acct.lower())
            names.append(f"@{acct}")
    return " ".join([*names, text]) if names else text


def _published(status: object) -> Published:
    if not isinstance(status, dict) or not isinstance(status.get("id"), str | int):
        raise PermanentError("Mastodon answered without the new status's id")
    return Published(str(status["id"]), str(status.get("url") or status.get("uri") or ""))


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _error_text(body: object, response: httpx.Response) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return f"Mastodon: {body['error']} (HTTP {response.status_code})"
    return ""
