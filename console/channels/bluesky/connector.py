"""Bluesky over XRPC: fetching notifications, threads and chats, and posting replies.

A public reply is an ``app.bsky.feed.post`` record made with ``com.atproto.repo.createRecord``; its
``reply`` names the post answered (``parent``) and the thread's first post (``root``), each by URI
and CID, which the connector reads from ``getPostThread`` of the post answered. Its record key is
derived from the reply's id (a TID made of the UUIDv7's time and bits), so the same reply always
makes the same record: a second create is refused by the PDS, and ``find`` asks for that record
with ``getRecord``. A private reply is a chat message (``chat.bsky.convo.sendMessage``) in the
conversation the case's key names; ``find`` looks for it among the conversation's latest messages.
"""

import hashlib
import time
import uuid
from collections.abc import Callable, Mapping
from dataclasses import replace

import httpx

from console.channels.bluesky.facets import build_facets, mentioned_handles
from console.channels.bluesky.reading import normalize, post_url
from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    TransientError,
    error_for_exception,
    error_for_response,
    retry_after,
)
from console.channels.normalized import Page
from console.channels.oauth import as_auth
from console.domain.mention import BrandAccount

CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat"  # the PDS forwards chat.bsky.* calls to this service
POST = "app.bsky.feed.post"
_TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"


def rate_limit(headers: Mapping[str, str], now_s: float) -> dict[str, float | int] | None:
    """``RateLimit-Remaining`` and the seconds until ``RateLimit-Reset`` (epoch seconds)."""
    remaining = headers.get("ratelimit-remaining", "").strip()
    if not remaining.isdigit():
        return None
    limit: dict[str, float | int] = {"remaining": int(remaining)}
    if headers.get("ratelimit-limit", "").strip().isdigit():
        limit["limit"] = int(headers["ratelimit-limit"])
    reset = headers.get("ratelimit-reset", "").strip()
    if reset.isdigit():
        limit["reset_s"] = max(0.0, int(reset) - now_s)
    return limit


def record_key(reply_id: str) -> str:
    """The TID record key of a reply's post: 53 bits of microseconds and 10 bits of clock id,
    taken from the reply's UUIDv7 (its millisecond time, then its random bits), so it sorts by
    time as TIDs should and is the same on every try."""
    try:
        parsed = uuid.UUID(reply_id)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.version == 7:
        bits = parsed.int
        micros = (bits >> 80) * 1000 + ((bits >> 64) & 0xFFF) % 1000
    else:  # not a UUIDv7 (an imported id): a stable number from its digest
        bits = int.from_bytes(hashlib.sha256(reply_id.encode()).digest()[:16])
        micros = (bits >> 64) & ((1 << 53) - 1)
    value = (micros & ((1 << 53) - 1)) << 10 | (bits & 0x3FF)
    return "".join(_TID_ALPHABET[(value >> shift) & 31] for shift in range(60, -1, -5))


class BlueskyConnector(Connector):
    """Fetches and publishes for one brand account's session on its PDS (``base_url``, e.g. the
    entryway ``https://bsky.social``). ``did`` is the account's DID, the repository replies go to."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        base_url: str,
        token: str | httpx.Auth,
        did: str,
        *,
        clock: Callable[[], float] = time.time,
    ):
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.auth = as_auth(token)  # the access JWT lasts hours: the hub gives a refreshing one
        self.did = did
        self.clock = clock
        self.profiles: dict[str, Mapping] = {}  # chat members seen, to name the senders of messages

    # --- fetch ----------------------------------------------------------------------------------

    async def fetch(self, account: BrandAccount, *, cursor: str | None = None, limit: int = 50) -> Page:
        """One page of mention and reply notifications, newest first on the network; ``cursor``
        goes back from the previous page."""
        params: list[tuple[str, str | int]] = [("limit", limit), ("reasons", "mention"), ("reasons", "reply")]
        if cursor:
            params.append(("cursor", cursor))
        return await self._page("app.bsky.notification.listNotifications", params, account)

    async def fetch_thread(self, account: BrandAccount, uri: str, *, parents: int = 20) -> Page:
        """The thread around the post at ``uri``: its parents up to the root, and its replies."""
        params = [("uri", uri), ("depth", 6), ("parentHeight", parents)]
        return await self._page("app.bsky.feed.getPostThread", params, account)

    async def fetch_conversations(self, account: BrandAccount, *, cursor: str | None = None) -> Page:
        """Chat conversations, each as its latest message (their members are remembered for
        :meth:`fetch_messages`)."""
        params: list[tuple[str, str | int]] = [("limit", 50)] + ([("cursor", cursor)] if cursor else [])
        return await self._page("chat.bsky.convo.listConvos", params, account, chat=True)

    async def fetch_messages(
        self, account: BrandAccount, convo_id: str, *, cursor: str | None = None
    ) -> Page:
        params: list[tuple[str, str | int]] = [("convoId", convo_id), ("limit", 50)]
        if cursor:
            params.append(("cursor", cursor))
        return await self._page("chat.bsky.convo.getMessages", params, account, chat=True)

    async def _page(self, method: str, params: list, account: BrandAccount, chat: bool = False) -> Page:
        response = await self._send("GET", method, params=params, chat=chat)
        if response.status_code == 429 or response.status_code >= 500:
            raise TransientError(f"Bluesky answered HTTP {response.status_code}", retry_after(response))
        body = _json(response)
        if response.status_code >= 400:
            raise PermanentError(
                _error_text(body, response) or f"Bluesky answered HTTP {response.status_code}"
            )
        if method == "chat.bsky.convo.listConvos" and isinstance(body, dict):
            for convo in body.get("convos") or ():
                for member in convo.get("members") or () if isinstance(convo, dict) else ():
                    if isinstance(member, dict) and isinstance(member.get("did"), str):
                        self.profiles[member["did"]] = member
        page = normalize(
            body,
            url=str(response.request.url),
            account=account,
            received_ms=int(self.clock() * 1000),
            profiles={**self.profiles, self.did: {"did": self.did, "handle": account.handle}},
        )
        limits = rate_limit(response.headers, self.clock())
        return replace(page, extra={**page.extra, "rate_limit": limits}) if limits else page

    # --- publish --------------------------------------------------------------------------------

    async def publish(self, reply: OutgoingReply) -> Published:
        if reply.private:
            return await self._send_message(reply)
        record: dict[str, object] = {
            "$type": POST,
            "text": reply.text,
            "createdAt": _now_iso(self.clock()),
        }
        if reply.in_reply_to:
            record["reply"] = await self.reply_refs(reply.in_reply_to)
        facets = build_facets(reply.text, await self._dids(mentioned_handles(reply.text)))
        if facets:
            record["facets"] = facets
        body = {"repo": self.did, "collection": POST, "rkey": record_key(reply.id), "record": record}
        response = await self._send("POST", "com.atproto.repo.createRecord", json=body)
        self._raise_for(response)
        created = _json(response)
        if not isinstance(created, dict) or not isinstance(created.get("uri"), str):
            raise PermanentError("Bluesky answered without the new post's URI")
        return Published(created["uri"], post_url(created["uri"], reply.account.handle))

    async def reply_refs(self, uri: str) -> dict[str, dict[str, str]]:
        """The ``reply`` of a post answering ``uri``: ``parent`` is that post, ``root`` the root it
        names itself (or the post, when it starts its thread); each with URI and CID."""
        response = await self._send(
            "GET", "app.bsky.feed.getPostThread", params={"uri": uri, "depth": 0, "parentHeight": 0}
        )
        self._raise_for(response)
        body = _json(response)
        post = (
            body.get("thread", {}).get("post")
            if isinstance(body, dict) and isinstance(body.get("thread"), dict)
            else None
        )
        if not isinstance(post, dict) or not isinstance(post.get("cid"), str):
            raise PermanentError("the post answered is gone or hidden (no post in its thread)")
        parent = {"uri": post["uri"], "cid": post["cid"]}
        record = post.get("record")
        reply = record.get("reply") if isinstance(record, dict) else None
        root = reply.get("root") if isinstance(reply, dict) else None
        if isinstance(root, dict) and isinstance(root.get("uri"), str) and isinstance(root.get("cid"), str):
            return {"root": {"uri": root["uri"], "cid": root["cid"]}, "parent": parent}
        return {"root": parent, "parent": parent}

    async def _send_message(self, reply: OutgoingReply) -> Published:
        convo_id = _convo_id(reply.conversation_key)
        facets = build_facets(reply.text, await self._dids(mentioned_handles(reply.text)))
        message: dict[str, object] = {"text": reply.text}
        if facets:
            message["facets"] = facets
        body = {"convoId": convo_id, "message": message}
        response = await self._send("POST", "chat.bsky.convo.sendMessage", json=body, chat=True)
        self._raise_for(response)
        sent = _json(response)
        if not isinstance(sent, dict) or not isinstance(sent.get("id"), str):
            raise PermanentError("Bluesky answered without the message's id")
        return Published(f"chat:{convo_id}:{sent['id']}")

    async def find(self, reply: OutgoingReply) -> Published | None:
        if reply.private:
            return await self._find_message(reply)
        rkey = record_key(reply.id)
        params = {"repo": self.did, "collection": POST, "rkey": rkey}
        response = await self._send("GET", "com.atproto.repo.getRecord", params=params)
        body = _json(response)
        if response.status_code == 400 and isinstance(body, dict) and body.get("error") == "RecordNotFound":
            return None
        self._raise_for(response, reading=True)
        if not isinstance(body, dict) or not isinstance(body.get("uri"), str):
            raise TransientError("Bluesky answered getRecord without the record's URI")
        return Published(body["uri"], post_url(body["uri"], reply.account.handle))

    async def _find_message(self, reply: OutgoingReply) -> Published | None:
        convo_id = _convo_id(reply.conversation_key)
        params = {"convoId": convo_id, "limit": 50}
        response = await self._send("GET", "chat.bsky.convo.getMessages", params=params, chat=True)
        self._raise_for(response, reading=True)
        body = _json(response)
        for message in body.get("messages") or () if isinstance(body, dict) else ():
            if not isinstance(message, dict) or message.get("text") != reply.text:
                continue
            if (message.get("sender") or {}).get("did") == self.did and isinstance(message.get("id"), str):
                return Published(f"chat:{convo_id}:{message['id']}")
        return None

    async def _dids(self, handles: list[str]) -> dict[str, str]:
        """The DIDs of the handles a reply mentions; one that does not resolve stays plain text."""
        found = {}
        for handle in handles:
            response = await self._send(
                "GET", "com.atproto.identity.resolveHandle", params={"handle": handle}
            )
            body = _json(response)
            if response.status_code < 300 and isinstance(body, dict) and isinstance(body.get("did"), str):
                found[handle] = body["did"]
        return found

    # --- HTTP -----------------------------------------------------------------------------------

    def _raise_for(self, response: httpx.Response, reading: bool = False) -> None:
        failure = error_for_response(response, _error_text(_json(response), response))
        if failure is None:
            return
        if reading and isinstance(failure, PermanentError):  # a failed look-up says nothing for sure
            raise TransientError(failure.reason) from None
        raise failure

    async def _send(self, method: str, nsid: str, *, chat: bool = False, **kwargs) -> httpx.Response:
        headers = {"atproto-proxy": CHAT_PROXY} if chat else {}
        try:
            return await self.client.request(
                method, f"{self.base_url}/xrpc/{nsid}", headers=headers, auth=self.auth, **kwargs
            )
        except httpx.HTTPError as failure:
            raise error_for_exception(failure) from failure


def _convo_id(conversation_key: str) -> str:
    """The chat conversation a DM case's key names (``bluesky:<account>:dm:<convo id>``)."""
    _, marker, convo = conversation_key.rpartition(":dm:")
    if not marker or not convo:
        raise PermanentError("this conversation is not a Bluesky chat: it cannot be answered privately")
    return convo


def _now_iso(now_s: float) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(now_s)) + f".{int(now_s * 1000) % 1000:03d}Z"


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _error_text(body: object, response: httpx.Response) -> str:
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        message = body.get("message") if isinstance(body.get("message"), str) else ""
        return f"Bluesky: {message or body['error']} (HTTP {response.status_code})"
    return ""
