"""Mastodon: mentions from the notifications API (v1, and grouped v2), direct conversations, the
streaming API's server-sent events; replies as statuses with ``in_reply_to_id``.

Statuses arrive as HTML; :func:`html_to_text` keeps what a reader sees (line breaks, the text of
links and mentions). A public thread is keyed by its root status when the page shows it (a status
without ``in_reply_to_id`` is its own root; a reply whose parent is in the page takes the parent's
root), else by the parent it answers. A direct message is keyed by the other people in it (their
account ids, sorted), which is the same whether it came as a notification, a conversation or a
stream event, so a private exchange stays one case.
"""

import contextlib
import json
import re
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from datetime import datetime
from html.parser import HTMLParser
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
from console.channels.normalized import Page, Quarantined
from console.domain.mention import Author, BrandAccount, Media, Mention, MentionKind
from console.domain.network import Network

NETWORK = Network.MASTODON


# --- HTML -------------------------------------------------------------------------------------


class _TextParser(HTMLParser):
    _BREAKS = frozenset({"br"})
    _BLOCKS = frozenset({"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Mastodon cuts long link texts with "invisible" spans; joined, they are the whole address.
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """What a reader sees of a status's HTML: paragraphs as blank lines, ``<br>`` as a line break,
    links and mentions as their text, entities decoded."""
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# --- normalize --------------------------------------------------------------------------------


def normalize(body: object, *, url: str, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a Mastodon API answer from ``url`` (see the module docstring); never raises."""
    try:
        return _normalize(body, url, account)
    except Exception as failure:  # a last guard: a reader bug must quarantine, not stop ingest
        return Page(quarantined=(Quarantined.of(f"unreadable Mastodon answer ({failure!r})", body),))


def _normalize(body: object, url: str, account: BrandAccount) -> Page:
    path = urlsplit(url).path.rstrip("/")
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        return _refused(f"Mastodon said: {body['error']}", body, path)
    reader = _Reader(account)
    if re.fullmatch(r"/api/v1/notifications(/\d+)?", path):
        items = [body] if isinstance(body, dict) else body
        if not isinstance(items, list):
            return _refused("notifications: expected a list", body, path)
        for index, item in enumerate(items):
            reader.notification(item, f"[{index}]")
        return reader.page(paged=True)
    if path == "/api/v2/notifications":
        if not isinstance(body, dict) or not isinstance(body.get("notification_groups"), list):
            return _refused("grouped notifications: no 'notification_groups' list", body, path)
        reader.grouped(body)
        return reader.page(paged=True)
    if path == "/api/v1/conversations":
        if not isinstance(body, list):
            return _refused("conversations: expected a list", body, path)
        for index, item in enumerate(body):
            reader.conversation(item, f"[{index}]")
        return reader.page(paged=True)
    if re.fullmatch(r"/api/v1/statuses/[^/]+/context", path):
        if not isinstance(body, dict):
            return _refused("context: expected an object", body, path)
        ancestors, descendants = body.get("ancestors"), body.get("descendants")
        if not isinstance(ancestors, list) or not isinstance(descendants, list):
            return _refused("context: no 'ancestors'/'descendants' lists", body, path)
        for index, item in enumerate(ancestors):
            reader.status(item, f"ancestors[{index}]")
        for index, item in enumerate(descendants):
            reader.status(item, f"descendants[{index}]")
        return reader.page()
    if re.fullmatch(r"/api/v1/statuses(/\d+)?", path):
        if isinstance(body, dict) and "scheduled_at" in body and "params" in body:
            return Page(skipped=1)  # a status scheduled for later: it is not on the network yet
        reader.status(body, "")
        return reader.page()
    if re.fullmatch(r"/api/v1/(timelines/[^/]+|accounts/\d+/statuses)", path):
        if not isinstance(body, list):
            return _refused("statuses: expected a list", body, path)
        for index, item in enumerate(body):
            if isinstance(item, dict) and isinstance(item.get("id"), str | int):
                reader.ids.append(str(item["id"]))
            reader.status(item, f"[{index}]")
        return reader.page(paged=True)
    return _refused(f"not a Mastodon endpoint Horseshoe reads ({path or url})", body, path)


def _refused(reason: str, body: object, where: str) -> Page:
    return Page(quarantined=(Quarantined.of(reason, body, where),))


class _Reader:
    """Reads the items of one answer, in order, into mentions, quarantined items and skips."""

    def __init__(self, account: BrandAccount):
        self.account = account
        self.mentions: list[Mention] = []
        self.quarantined: list[Quarantined] = []
        self.skipped = 0
        self.ids: list[str] = []  # the ids paging counts in (notification or status ids)
        self.roots: dict[str, str] = {}

    def page(self, paged: bool = False) -> Page:
        ordered = sorted(self.mentions, key=lambda m: (m.created_ms, _id_order(m.external_id)))
        ids = sorted(self.ids, key=_id_order)
        return Page(
            mentions=tuple(self._rooted(m) for m in ordered),
            quarantined=tuple(self.quarantined),
            next_cursor=ids[0] if paged and ids else None,
            newest=ids[-1] if ids else None,
            skipped=self.skipped,
        )

    def _rooted(self, mention: Mention) -> Mention:
        """A reply's key by its thread's root, when the page holds the parent."""
        if mention.kind is MentionKind.DIRECT_MESSAGE or not mention.parent_external_id:
            return mention
        root, seen = mention.parent_external_id, set()
        while root in self.roots and self.roots[root] != root and root not in seen:
            seen.add(root)
            root = self.roots[root]
        return replace(mention, conversation_key=f"{NETWORK.value}:{self.account.id}:{root}")

    def notification(self, item: object, where: str) -> None:
        if not isinstance(item, dict):
            self.quarantined.append(Quarantined.of("a notification is not an object", item, where))
            return
        kind, note_id = item.get("type"), item.get("id")
        if not isinstance(note_id, str | int) or not isinstance(kind, str):
            self.quarantined.append(Quarantined.of("a notification without 'id' or 'type'", item, where))
            return
        self.ids.append(str(note_id))
        if kind != "mention":
            self.skipped += 1
            return
        self.status(item.get("status"), f"{where}.status")

    def grouped(self, body: Mapping) -> None:
        statuses = {s.get("id"): s for s in body.get("statuses") or () if isinstance(s, dict)}
        for index, group in enumerate(body["notification_groups"]):
            where = f"notification_groups[{index}]"
            if not isinstance(group, dict) or not isinstance(group.get("type"), str):
                self.quarantined.append(Quarantined.of("a notification group without 'type'", group, where))
                continue
            newest = group.get("most_recent_notification_id")
            if isinstance(newest, str | int):
                self.ids.append(str(newest))
            if group["type"] != "mention":
                self.skipped += 1
                continue
            status = statuses.get(group.get("status_id"))
            if status is None:
                self.quarantined.append(
                    Quarantined.of("a mention group whose status is not in 'statuses'", group, where)
                )
                continue
            self.status(status, where)

    def conversation(self, item: object, where: str) -> None:
        if not isinstance(item, dict) or not isinstance(item.get("last_status"), dict):
            self.quarantined.append(Quarantined.of("a conversation without 'last_status'", item, where))
            return
        others = [a.get("id") for a in item.get("accounts") or () if isinstance(a, dict)]
        if isinstance(item["last_status"].get("id"), str | int):
            self.ids.append(str(item["last_status"]["id"]))  # conversations page by their statuses' ids
        self.status(item["last_status"], f"{where}.last_status", others=others)

    def status(self, status: object, where: str, others: Iterable[object] | None = None) -> None:
        if not isinstance(status, dict):
            self.quarantined.append(Quarantined.of("no status object", status, where))
            return
        if status.get("reblog"):
            self.skipped += 1  # a boost repeats someone's post; it is not written to the brand
            return
        try:
            mention = _mention(status, self.account, others)
        except (KeyError, TypeError, ValueError, AttributeError) as failure:
            self.quarantined.append(Quarantined.of(f"status cannot be read: {_why(failure)}", status, where))
            return
        self.mentions.append(mention)
        parent = mention.parent_external_id
        self.roots[mention.external_id] = parent or mention.external_id


def _why(failure: Exception) -> str:
    if isinstance(failure, KeyError):
        return f"no {failure.args[0]!r}"
    return str(failure) or type(failure).__name__


def _mention(status: Mapping, account: BrandAccount, others: Iterable[object] | None) -> Mention:
    status_id = _text_id(status["id"], "id")
    author_data = status["account"]
    if not isinstance(author_data, dict):
        raise TypeError("'account' is not an object")
    content = status["content"] if "text" not in status else status.get("content") or ""
    if not isinstance(content, str):
        raise TypeError("'content' is not text")
    # A deleted status comes back with its source ("text") and no HTML.
    text = html_to_text(content) if content else str(status.get("text") or "")
    spoiler = status.get("spoiler_text")
    if isinstance(spoiler, str) and spoiler.strip():
        text = f"{spoiler.strip()}\n\n{text}"
    parent = status.get("in_reply_to_id")
    parent_id = _text_id(parent, "in_reply_to_id") if parent is not None else None
    from_brand = _is_brand(author_data.get("acct"), account)
    if status.get("visibility") == "direct":
        kind = MentionKind.DIRECT_MESSAGE
        if others is None:
            people = [author_data.get("id")] + [
                m.get("id") for m in status.get("mentions") or () if isinstance(m, dict)
            ]
            brand_ids = {author_data.get("id")} if from_brand else set()
            brand_ids |= {
                m.get("id")
                for m in status.get("mentions") or ()
                if isinstance(m, dict) and _is_brand(m.get("acct"), account)
            }
            others = [p for p in people if p not in brand_ids]
        party = ",".join(sorted({str(p) for p in others if isinstance(p, str | int)})) or status_id
        key = f"{NETWORK.value}:{account.id}:dm:{party}"
    else:
        kind = MentionKind.REPLY if parent_id else MentionKind.POST
        key = f"{NETWORK.value}:{account.id}:{parent_id or status_id}"
    return Mention(
        id="",
        network=NETWORK,
        account_id=account.id,
        external_id=status_id,
        author=_author(author_data),
        text=text,
        created_ms=iso_ms(status["created_at"]),
        kind=kind,
        lang=status.get("language") if isinstance(status.get("language"), str) else "",
        url=str(status.get("url") or status.get("uri") or ""),
        parent_external_id=parent_id,
        conversation_key=key,
        from_brand=from_brand,
        media=tuple(_media(status.get("media_attachments"))),
    )


def _text_id(value: object, name: str) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int) or value == "":
        raise TypeError(f"'{name}' is not an id")
    return str(value)


def _author(data: Mapping) -> Author:
    acct = data["acct"]
    if not isinstance(acct, str) or not acct:
        raise TypeError("the account has no 'acct'")
    followers = data.get("followers_count")
    fields = data.get("fields") if isinstance(data.get("fields"), list) else []
    return Author(
        handle=acct,
        name=data.get("display_name") if isinstance(data.get("display_name"), str) else "",
        followers=followers if isinstance(followers, int) and not isinstance(followers, bool) else 0,
        # Mastodon's only verification: a profile link that links back ("verified_at").
        verified=any(isinstance(f, dict) and f.get("verified_at") for f in fields),
    )


def _media(attachments: object) -> Iterable[Media]:
    for item in attachments if isinstance(attachments, list) else ():
        if isinstance(item, dict) and isinstance(item.get("url"), str):
            preview = item.get("preview_url")
            yield Media(
                str(item.get("type") or "unknown"), item["url"], preview if isinstance(preview, str) else ""
            )


def _is_brand(acct: object, account: BrandAccount) -> bool:
    """Whether ``acct`` (``user`` on the brand's own server, ``user@server`` elsewhere) is the brand."""
    if not isinstance(acct, str) or not acct:
        return False
    mine = account.handle.lstrip("@").lower()
    acct = acct.lstrip("@").lower()
    # A local account shows as "user" on its own server; "user@elsewhere" is someone else.
    return acct == mine or ("@" not in acct and acct == mine.split("@")[0])


def iso_ms(value: object) -> int:
    """UTC epoch milliseconds of an ISO 8601 time as Mastodon and Bluesky write them."""
    if not isinstance(value, str):
        raise TypeError("the time is not text")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise ValueError(f"the time {value!r} has no zone")
    return int(moment.timestamp() * 1000)


def _id_order(value: str) -> tuple[int, int, str]:
    """Mastodon ids are decimal strings that grow with time; compare them as numbers."""
    return (0, int(value), "") if value.isdigit() else (1, 0, value)


# --- streaming --------------------------------------------------------------------------------


def parse_events(stream: str) -> list[tuple[str, str]]:
    """The (event, data) pairs of a server-sent-events text, as the streaming API sends them;
    comment lines (``:)`` heartbeats) are ignored, multi-line data is joined with newlines."""
    events: list[tuple[str, str]] = []
    event, data = "", []
    for line in [*stream.splitlines(), ""]:
        if not line:
            if data:
                events.append((event or "message", "\n".join(data)))
            event, data = "", []
        elif line.startswith(":"):
            continue
        else:
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "event":
                event = value
            elif name == "data":
                data.append(value)
    return events


def normalize_stream(stream: str, *, account: BrandAccount, received_ms: int) -> Page:
    """The mentions in a recorded or live streaming text: ``notification`` events of type mention
    and ``conversation`` events (direct messages); other events (timeline updates, deletes) are skipped."""
    reader = _Reader(account)
    for index, (event, data) in enumerate(parse_events(stream)):
        where = f"event[{index}] {event}"
        if event not in ("notification", "conversation"):
            reader.skipped += 1
            continue
        try:
            payload = json.loads(data)
        except ValueError:
            reader.quarantined.append(Quarantined.of(f"{event} event: data is not JSON", data, where))
            continue
        try:
            if event == "notification":
                reader.notification(payload, where)
            else:
                reader.conversation(payload, where)
        except Exception as failure:  # the same last guard as normalize
            reader.quarantined.append(
                Quarantined.of(f"unreadable {event} event ({failure!r})", payload, where)
            )
    return reader.page()


# --- HTTP -------------------------------------------------------------------------------------


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
        token: str,
        *,
        clock: Callable[[], float] = time.time,
        public_visibility: str = "public",
    ):
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.headers = {"Authorization": f"Bearer {token}"}
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
        headers = {**self.headers, **kwargs.pop("headers", {})}
        try:
            return await self.client.request(method, self.base_url + path, headers=headers, **kwargs)
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
        if isinstance(acct, str) and acct and not _is_brand(acct, account) and acct.lower() not in present:
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
