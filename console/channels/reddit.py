"""Reddit (OAuth API): the brand account's inbox, and replies back as comments or private messages.

Ingest reads the inbox listings — ``/message/inbox`` (everything), ``/message/unread``,
``/message/mentions`` (username mentions), ``/message/comments`` and ``/message/selfreply`` (replies to
the account's comments and posts), ``/message/messages`` (private messages) — each a ``Listing`` of
``t1`` (comment) and ``t4`` (message) things, newest first, paged back by ``after``.

Ids are fullnames (``t1_…``, ``t3_…``, ``t4_…``), as Reddit names parents and as ``/api/comment``
takes them, so a mention's ``external_id`` is what a reply answers. A comment's conversation is its
submission (``link_id``, or the ``t3`` in its ``context`` link, which inbox items carry instead); a
private message's is its first message (``first_message_name``, or its own name when it starts one).

The brand account's ``handle`` is its Reddit username (with or without ``u/``).
"""

import dataclasses
import re
from collections.abc import Mapping
from urllib.parse import urlsplit

import httpx

from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    PublishError,
    TransientError,
    UncertainError,
    error_for_exception,
    error_for_response,
    retry_after,
)
from console.channels.normalized import Page, Quarantined
from console.channels.oauth import as_auth
from console.domain.mention import Author, BrandAccount, Mention, MentionKind
from console.domain.network import Network

API = "https://oauth.reddit.com"
WEB = "https://www.reddit.com"
PAGE_SIZE = 100
# The inbox listings and their paths as Reddit spells them (mentions has no trailing slash).
BOXES = {
    "inbox": "/message/inbox/",
    "unread": "/message/unread/",
    "mentions": "/message/mentions",
    "comments": "/message/comments/",
    "selfreply": "/message/selfreply/",
    "messages": "/message/messages/",
    "sent": "/message/sent/",
}
# ``json.errors`` codes that mean "later", not "never".
TRANSIENT_ERRORS = {"RATELIMIT", "RATE_LIMIT"}
_CONTEXT_LINK = re.compile(r"/comments/([a-z0-9]+)/", re.IGNORECASE)
_TRY_AGAIN = re.compile(r"try again in (\d+) (second|minute|hour)", re.IGNORECASE)


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a Reddit answer from ``url``: an inbox listing, one message's conversation
    (``/message/messages/<id>``), things looked up by fullname (``/api/info``), or the
    ``/api/comment`` answer. Never raises."""
    path = urlsplit(url).path
    if not isinstance(body, Mapping):
        return _refused(f"a Reddit answer is a JSON object, not {type(body).__name__}", body)
    if _is_error(body):
        return _refused(f"Reddit answered with an error: {error_message(body)}", body)
    reader = _Reader(account)
    if path.startswith("/message/") or path.rstrip("/") == "/api/info":
        if body.get("kind") != "Listing" or not isinstance(body.get("data"), Mapping):
            return _refused(f"a Reddit inbox answer that is not a Listing (kind {body.get('kind')!r})", body)
        children = body["data"].get("children")
        if not isinstance(children, list):
            return _refused("a Reddit Listing without 'data.children'", body)
        reader.things(children, "data.children")
        after = body["data"].get("after")
        next_cursor = after if isinstance(after, str) and after else None
    elif path.rstrip("/") == "/api/comment":
        things = _dig(body, "json", "data", "things")
        if not isinstance(things, list):
            return _refused("a Reddit /api/comment answer without 'json.data.things'", body)
        reader.things(things, "json.data.things")
        next_cursor = None
    else:
        return _refused(f"not a Reddit inbox endpoint: {path or url!r}", body)
    mentions = sorted(reader.mentions, key=lambda m: m.created_ms)
    return Page(
        mentions=tuple(mentions),
        quarantined=tuple(reader.quarantined),
        next_cursor=next_cursor,
        newest=mentions[-1].external_id if mentions else None,
        skipped=reader.skipped,
    )


def error_message(body: object) -> str:
    """Reddit's words for an error: ``{"message", "error"}``, ``{"reason", "explanation"}`` or
    ``{"json": {"errors": [[code, message, field]]}}``."""
    if not isinstance(body, Mapping):
        return str(body)[:200]
    errors = _dig(body, "json", "errors")
    if isinstance(errors, list) and errors:
        return "; ".join(
            ": ".join(str(part) for part in e[:2]) if isinstance(e, list) else str(e) for e in errors
        )
    words = [str(body[k]) for k in ("reason", "explanation", "message") if body.get(k)]
    if body.get("error") and not words:
        words.append(f"error {body['error']}")
    return " — ".join(words) or "unknown error"


def error_codes(body: object) -> set[str]:
    errors = _dig(body, "json", "errors")
    return {str(e[0]) for e in errors if isinstance(e, list) and e} if isinstance(errors, list) else set()


def _is_error(body: Mapping) -> bool:
    return ("error" in body and "kind" not in body) or bool(error_codes(body)) or "explanation" in body


def _dig(value: object, *keys: str) -> object:
    for key in keys:
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _refused(reason: str, body: object) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, "$"),))


def rate_limit(headers: Mapping[str, str]) -> dict[str, float | int] | None:
    """``x-ratelimit-remaining`` (requests left, a float string) and ``-reset`` (seconds)."""
    try:
        remaining = int(float(headers["x-ratelimit-remaining"]))
        reset_s = float(headers["x-ratelimit-reset"])
    except (KeyError, ValueError, OverflowError):
        return None
    return {"remaining": remaining, "reset_s": reset_s}


def bare(handle: str) -> str:
    """A username without ``u/`` or ``/u/``, lower-cased for comparing."""
    return handle.strip().removeprefix("/").removeprefix("u/").lower()


class _UnreadableError(ValueError):
    pass


class _Reader:
    def __init__(self, account: BrandAccount):
        self.account = account
        self.brand = bare(account.handle)
        self.mentions: list[Mention] = []
        self.quarantined: list[Quarantined] = []
        self.skipped = 0

    def things(self, things: list, where: str) -> None:
        for position, thing in enumerate(things):
            here = f"{where}[{position}]"
            kind = thing.get("kind") if isinstance(thing, Mapping) else None
            data = thing.get("data") if isinstance(thing, Mapping) else None
            if kind not in ("t1", "t4"):
                if isinstance(kind, str) and isinstance(data, Mapping):
                    self.skipped += 1  # a submission, a "more" stub: not a message to answer
                else:
                    self.quarantined.append(Quarantined.of("a thing without 'kind' and 'data'", thing, here))
                continue
            try:
                self.mentions.append(self._mention(kind, data))
            except _UnreadableError as problem:
                self.quarantined.append(Quarantined.of(str(problem), thing, here))
                continue
            replies = data.get("replies")  # a message's conversation nests its answers
            nested = _dig(replies, "data", "children")
            if isinstance(nested, list):
                self.things(nested, f"{here}.data.replies.data.children")

    def _mention(self, kind: str, data: object) -> Mention:
        if not isinstance(data, Mapping):
            raise _UnreadableError(f"a {kind} without 'data'")
        name = data.get("name")
        if not isinstance(name, str) or not name:
            short = data.get("id")
            if not isinstance(short, str) or not short:
                raise _UnreadableError(f"a {kind} without 'name' or 'id'")
            name = f"{kind}_{short}"
        text = data.get("body")
        if not isinstance(text, str):
            raise _UnreadableError(f"{name}: no 'body' text")
        created_ms = _epoch_ms(data.get("created_utc"))
        if created_ms is None:
            raise _UnreadableError(f"{name}: 'created_utc' is not a time: {data.get('created_utc')!r}")
        author = data.get("author")
        author = author if isinstance(author, str) and author else "[deleted]"
        parent = data.get("parent_id")
        parent = parent if isinstance(parent, str) and parent else None
        if kind == "t4":
            first = data.get("first_message_name")
            root = first if isinstance(first, str) and first else name
            conversation = f"reddit:{self.account.id}:dm:{root}"
            mention_kind = MentionKind.DIRECT_MESSAGE
            url = f"{WEB}/message/messages/{root.removeprefix('t4_')}"
        else:
            link = _link(data)
            if link is None:
                raise _UnreadableError(f"{name}: no 'link_id' or 'context' to place it in its thread")
            conversation = f"reddit:{self.account.id}:{link}"
            mention_kind = (
                MentionKind.COMMENT if data.get("type") == "username_mention" else MentionKind.REPLY
            )
            url = _comment_url(data, link, name)
        return Mention(
            id="",
            network=Network.REDDIT,
            account_id=self.account.id,
            external_id=name,
            author=Author(handle=author, name=author),
            text=text,
            created_ms=created_ms,
            kind=mention_kind,
            url=url,
            parent_external_id=parent,
            conversation_key=conversation,
            from_brand=bare(author) == self.brand,
        )


def _epoch_ms(value: object) -> int | None:
    """Reddit's ``created_utc`` (epoch seconds, a float) in ms; None for what is not a time."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if not 0 <= value < _LATEST_S:  # also refuses NaN; a far-future number is no time either
        return None
    return int(value * 1000)


_LATEST_S = 32503680000  # the year 3000


def _link(data: Mapping) -> str | None:
    """The submission a comment belongs to: ``link_id``, or the id in its ``context`` path."""
    link = data.get("link_id")
    if isinstance(link, str) and link:
        return link if link.startswith("t3_") else f"t3_{link}"
    for key in ("context", "permalink"):
        found = _CONTEXT_LINK.search(data[key]) if isinstance(data.get(key), str) else None
        if found:
            return f"t3_{found.group(1)}"
    parent = data.get("parent_id")
    return parent if isinstance(parent, str) and parent.startswith("t3_") else None


def _comment_url(data: Mapping, link: str, name: str) -> str:
    for key in ("permalink", "context"):
        value = data.get(key)
        if isinstance(value, str) and value.startswith("/"):
            return WEB + value.split("?", 1)[0]
    return f"{WEB}/comments/{link.removeprefix('t3_')}/_/{name.removeprefix('t1_')}/"


# --- the network ------------------------------------------------------------------------------


class RedditConnector(Connector):
    """Reads the inbox and posts replies for one Reddit account with an OAuth bearer token.

    Replies: a public answer, or a private answer to a message (``t4_``), is ``POST /api/comment``
    with ``thing_id`` = the fullname answered; a private answer to a comment's author opens a
    conversation with ``POST /api/compose``. ``find``: Reddit keeps no idempotency key and a marker
    would show, so it reads the account's own recent comments (``/user/<name>/comments``) or sent
    messages (``/message/sent``) for one with the same text under the same parent (or recipient).
    """

    def __init__(
        self,
        client: httpx.AsyncClient,
        token: str | httpx.Auth,
        *,
        api: str = API,
        user_agent: str = "horseshoe",
    ):
        self.client = client
        self.api = api.rstrip("/")
        self._auth = as_auth(token, "bearer")  # a day's token: the hub gives a refreshing one
        self._headers = {"User-Agent": user_agent}

    async def fetch(
        self,
        account: BrandAccount,
        box: str = "inbox",
        after: str | None = None,
        *,
        limit: int = PAGE_SIZE,
        received_ms: int = 0,
    ) -> Page:
        """One page of an inbox listing (``BOXES``); ``after`` is a ``next_cursor`` from an earlier
        page. The unread box is read without marking the messages read (``mark=False``)."""
        params = {"limit": str(limit), "raw_json": "1"}
        if box == "unread":
            params["mark"] = "False"
        if after:
            params["after"] = after
        answer = await self._send("GET", BOXES[box], params=params)
        page = normalize(_json(answer), url=str(answer.request.url), account=account, received_ms=received_ms)
        limits = rate_limit(answer.headers)
        return dataclasses.replace(page, extra={**page.extra, "rate_limit": limits}) if limits else page

    async def publish(self, reply: OutgoingReply) -> Published:
        target = reply.in_reply_to or ""
        if not target.startswith(("t1_", "t3_", "t4_")):
            raise PermanentError(f"no Reddit comment, post or message to answer (got {target!r})")
        if not reply.private or target.startswith("t4_"):
            return await self._comment(target, reply.text)
        recipient = await self._author_of(target)
        return await self.compose(reply.account, recipient, "Re: your comment", reply.text)

    async def compose(self, account: BrandAccount, to: str, subject: str, text: str) -> Published:
        """Open a private conversation (``POST /api/compose``). Reddit answers without the message's
        id, so the sent box is read for it; ``external_id`` is "" if it is not there yet."""
        data = {"api_type": "json", "subject": subject, "text": text, "to": to}
        answer = await self._send("POST", "/api/compose/", params={"raw_json": "1"}, data=data)
        _raise_for_json_errors(answer)
        found = await self._find_sent(account, to, text, parent=None)
        return found or Published("", "")

    async def find(self, reply: OutgoingReply) -> Published | None:
        target = reply.in_reply_to or ""
        if reply.private and target.startswith(("t1_", "t3_")):
            recipient = await self._author_of(target)
            return await self._find_sent(reply.account, recipient, reply.text, parent=None)
        if target.startswith("t4_"):
            return await self._find_sent(reply.account, None, reply.text, parent=target)
        user = reply.account.handle.strip().removeprefix("/").removeprefix("u/")
        answer = await self._send(
            "GET", f"/user/{user}/comments", params={"limit": str(PAGE_SIZE), "raw_json": "1"}
        )
        for thing in _dig(_json(answer), "data", "children") or ():
            data = thing.get("data") if isinstance(thing, Mapping) else None
            if (
                isinstance(data, Mapping)
                and data.get("body") == reply.text
                and data.get("parent_id") == target
            ):
                name = str(data.get("name") or f"t1_{data.get('id')}")
                return Published(name, _comment_url(data, _link(data) or "", name))
        return None

    async def _comment(self, thing_id: str, text: str) -> Published:
        data = {"api_type": "json", "text": text, "thing_id": thing_id}
        answer = await self._send("POST", "/api/comment/", params={"raw_json": "1"}, data=data)
        body = _raise_for_json_errors(answer)
        things = _dig(body, "json", "data", "things")
        data = (
            things[0].get("data")
            if isinstance(things, list) and things and isinstance(things[0], Mapping)
            else None
        )
        if not isinstance(data, Mapping) or not (data.get("name") or data.get("id")):
            # Reddit took the comment but did not show it (a filter such as AutoModerator held it).
            raise UncertainError(
                "Reddit accepted the reply but did not return it; it may be held by a filter"
            )
        kind = things[0].get("kind", "t1")
        name = str(data.get("name") or f"{kind}_{data['id']}")
        if kind == "t4":
            return Published(name, f"{WEB}/message/messages/{name.removeprefix('t4_')}")
        return Published(name, _comment_url(data, _link(data) or "", name))

    async def _author_of(self, fullname: str) -> str:
        answer = await self._send("GET", "/api/info/", params={"id": fullname, "raw_json": "1"})
        for thing in _dig(_json(answer), "data", "children") or ():
            author = _dig(thing, "data", "author")
            if isinstance(author, str) and author and author != "[deleted]":
                return author
        raise PermanentError(f"cannot write privately: the author of {fullname} is unknown or deleted")

    async def _find_sent(
        self, account: BrandAccount, to: str | None, text: str, parent: str | None
    ) -> Published | None:
        answer = await self._send("GET", BOXES["sent"], params={"limit": str(PAGE_SIZE), "raw_json": "1"})
        for thing in _dig(_json(answer), "data", "children") or ():
            data = thing.get("data") if isinstance(thing, Mapping) else None
            if not isinstance(data, Mapping) or data.get("body") != text:
                continue
            if to is not None and bare(str(data.get("dest", ""))) != bare(to):
                continue
            if parent is not None and parent not in (data.get("parent_id"), data.get("first_message_name")):
                continue
            name = str(data.get("name") or f"t4_{data.get('id')}")
            root = str(data.get("first_message_name") or name)
            return Published(name, f"{WEB}/message/messages/{root.removeprefix('t4_')}")
        return None

    async def _send(
        self, method: str, path: str, *, params: dict, data: dict | None = None
    ) -> httpx.Response:
        try:
            answer = await self.client.request(
                method, self.api + path, params=params, data=data, headers=self._headers, auth=self._auth
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
    reason = f"Reddit: {error_message(_json(answer))} (HTTP {answer.status_code})"
    error = error_for_response(answer, reason) or PermanentError(reason)
    if isinstance(error, TransientError) and error.retry_after_s is None:
        limits = rate_limit(answer.headers)  # Reddit says when its window resets instead
        return TransientError(reason, limits["reset_s"] if limits else None)
    return error


def _raise_for_json_errors(answer: httpx.Response) -> object:
    """The body of a 200 answer that may still refuse in ``json.errors`` (``api_type=json``)."""
    body = _json(answer)
    codes = error_codes(body)
    if not codes:
        return body
    reason = f"Reddit: {error_message(body)}"
    if codes & TRANSIENT_ERRORS:
        wait = _TRY_AGAIN.search(reason)
        seconds = (
            int(wait.group(1)) * {"second": 1, "minute": 60, "hour": 3600}[wait.group(2).lower()]
            if wait
            else None
        )
        raise TransientError(reason, float(seconds) if seconds is not None else retry_after(answer))
    raise PermanentError(reason)
