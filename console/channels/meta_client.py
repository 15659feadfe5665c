"""Talking to Meta's Graph API for the Facebook and Instagram connectors: the usage headers, what
a failed answer means for a reply, and the GET/POST both connectors make with a Page token."""

import dataclasses
import json
import time
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
from console.channels.meta_graph import GRAPH_URL, graph_error, is_brand, listed, text_of
from console.channels.normalized import Page
from console.domain.mention import BrandAccount
from console.domain.network import Network

# --- headers -----------------------------------------------------------------------------------


def rate_limit(headers: Mapping[str, str]) -> dict[str, float | int | str] | None:
    """``{"remaining": percent of the budget left, "unit": "percent", "reset_s": seconds}`` from
    Meta's usage headers — a percent, not a count of calls as other networks give.

    ``X-App-Usage`` / ``X-Page-Usage`` give the percent used of the app's (page's) budget over a
    rolling window (an hour for the app's), so there is no reset time (``reset_s`` 0);
    ``X-Business-Use-Case-Usage`` gives it per business use case, with
    ``estimated_time_to_regain_access`` in minutes (0 unless throttled). The tightest one wins."""
    used: list[float] = []
    reset_s = 0.0
    lowered = {k.lower(): v for k, v in headers.items()}
    for name in ("x-app-usage", "x-page-usage", "x-ad-account-usage"):
        usage = _json(lowered.get(name))
        if isinstance(usage, Mapping):
            used += _percents(usage)
    business = _json(lowered.get("x-business-use-case-usage"))
    if isinstance(business, Mapping):
        for cases in business.values():
            for case in cases if isinstance(cases, list) else []:
                if isinstance(case, Mapping):
                    used += _percents(case)
                    wait = case.get("estimated_time_to_regain_access")
                    if isinstance(wait, int | float) and not isinstance(wait, bool):
                        reset_s = max(reset_s, float(wait) * 60)
    if not used:
        return None
    return {"remaining": max(0, 100 - int(max(used))), "unit": "percent", "reset_s": reset_s}


def _percents(usage: Mapping) -> list[float]:
    keys = ("call_count", "total_time", "total_cputime", "call_volume", "cpu_time")
    return [
        float(usage[k])
        for k in keys
        if isinstance(usage.get(k), int | float) and not isinstance(usage[k], bool)
    ]


def _json(text: str | None) -> object:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


# --- talking to the Graph API ------------------------------------------------------------------


def publish_error(response: httpx.Response) -> PublishError:
    """What a failed Graph answer means for a reply: rate limits and temporary errors are
    transient, 5xx uncertain, everything else (permissions, deleted object, policy) permanent."""
    try:
        body = response.json()
    except ValueError:
        body = None
    error = graph_error(body)
    if error is None:
        return error_for_response(response) or UncertainError(f"HTTP {response.status_code}")
    if error.transient:
        wait = retry_after(response)
        if wait is None:
            limits = rate_limit(response.headers)
            wait = limits["reset_s"] if limits and limits["reset_s"] else None
        return TransientError(str(error), wait)
    if response.status_code >= 500:
        return UncertainError(str(error))
    return PermanentError(str(error))


class GraphConnector(Connector):
    """What the Facebook and Instagram connectors share: one httpx client, a token per brand
    account (``tokens[account.id]``: a Page access token), GET/POST with the token as a bearer
    header, and the mapping of Graph answers onto pages and connector errors."""

    network: Network
    hide_field: str = ""  # the field that hides a comment: Facebook's is_hidden, Instagram's hide

    def __init__(self, client: httpx.AsyncClient, tokens: Mapping[str, str], base_url: str = GRAPH_URL):
        self._client = client
        self._tokens = tokens
        self._base = base_url.rstrip("/")

    def _headers(self, account: BrandAccount) -> dict[str, str]:
        token = self._tokens.get(account.id)
        if not token:
            raise PermanentError(f"no access token for the {self.network.label} account {account.handle}")
        return {"Authorization": f"Bearer {token}"}

    def _url(self, path_or_url: str) -> str:
        if path_or_url.startswith(("https://", "http://")):
            if urlsplit(path_or_url).netloc != urlsplit(self._base).netloc:
                raise PermanentError(f"refusing to follow a paging link off the Graph API: {path_or_url}")
            return path_or_url
        return f"{self._base}/{path_or_url.lstrip('/')}"

    async def _get_page(
        self, account: BrandAccount, path_or_url: str, params: Mapping[str, str], normalize
    ) -> Page:
        """One page: raise TransientError on a rate limit, 429 or 5xx (the poller waits),
        PermanentError on any other Graph error (its own message), else normalize what came."""
        url = self._url(path_or_url)
        try:
            response = await self._client.get(
                url, params=dict(params) or None, headers=self._headers(account)
            )
        except httpx.HTTPError as failure:
            raise TransientError(str(error_for_exception(failure))) from None
        try:
            body = response.json()
        except ValueError:
            body = None
        error = graph_error(body)
        if response.status_code == 429 or response.status_code >= 500 or (error and error.transient):
            failure = publish_error(response)
            raise TransientError(failure.reason, getattr(failure, "retry_after_s", None))
        if error is not None and response.status_code >= 400:
            # A token revoked, a permission missing (Messenger without pages_messaging): asking
            # again will not help — the poller stops the account, or that stream alone.
            raise PermanentError(str(error))
        page = normalize(
            body, url=str(response.request.url), account=account, received_ms=int(time.time() * 1000)
        )
        limits = rate_limit(response.headers)
        if limits is not None:
            page = dataclasses.replace(page, extra={**page.extra, "rate_limit": limits})
        return page

    async def _post(self, account: BrandAccount, path: str, *, data=None, json_body=None) -> Mapping:
        try:
            response = await self._client.post(
                self._url(path), data=data, json=json_body, headers=self._headers(account)
            )
        except httpx.HTTPError as failure:
            raise error_for_exception(failure) from None
        if response.status_code >= 300:
            raise publish_error(response)
        try:
            body = response.json()
        except ValueError:
            raise UncertainError("the Graph API answered without JSON") from None
        if not isinstance(body, Mapping):
            raise UncertainError("the Graph API answered with something that is not an object")
        return body

    async def hide(self, account: BrandAccount, external_id: str, hidden: bool) -> None:
        """Hide or unhide a comment: ``POST /{comment-id}`` with the network's field; Graph answers
        ``{"success": true}``. Anything else may not have taken: the moderator asks again."""
        value = "true" if hidden else "false"
        body = await self._post(account, external_id, data={self.hide_field: value})
        if body.get("success") is not True:
            raise UncertainError(f"the Graph API did not confirm: {dict(body)!r}"[:300])

    async def _get_json(self, account: BrandAccount, path: str, params: Mapping[str, str]) -> object:
        try:
            response = await self._client.get(
                self._url(path), params=dict(params) or None, headers=self._headers(account)
            )
        except httpx.HTTPError as failure:
            raise TransientError(str(error_for_exception(failure))) from None
        if response.status_code >= 300:
            failure = publish_error(response)
            if isinstance(failure, UncertainError):  # a search that failed is only a search to redo
                raise TransientError(failure.reason)
            raise failure
        try:
            return response.json()
        except ValueError:
            raise TransientError("the Graph API answered without JSON") from None

    async def _send_message(self, account: BrandAccount, sender_path: str, reply: OutgoingReply) -> Published:
        """Send API: a DM to the other party of a DM conversation, or a private reply to a comment."""
        recipient = private_recipient(reply)
        body = await self._post(
            account,
            f"{sender_path}/messages",
            json_body={"recipient": recipient, "message": {"text": reply.text}, "messaging_type": "RESPONSE"},
        )
        message_id = text_of(body.get("message_id"))
        if not message_id:
            raise UncertainError(f"the Send API answered without a message id: {body}")
        return Published(message_id)

    async def _find_message(
        self, account: BrandAccount, sender_path: str, reply: OutgoingReply, platform: str
    ):
        """A sent DM: the brand's latest messages in the conversation with the other party, by text."""
        recipient = private_recipient(reply)
        if "id" not in recipient:
            return None  # a private reply's conversation cannot be asked for by comment: not found
        params = {
            "user_id": recipient["id"],
            "fields": "id,messages.limit(20){id,message,created_time,from,to}",
        }
        if platform:
            params["platform"] = platform
        body = await self._get_json(account, f"{sender_path}/conversations", params)
        for conversation in listed(body):
            if not isinstance(conversation, Mapping):
                continue
            for message in listed(conversation.get("messages")):
                if not isinstance(message, Mapping):
                    continue
                sender = message.get("from") if isinstance(message.get("from"), Mapping) else {}
                mine = is_brand(account, sender.get("id"), sender.get("username"))
                if mine and message.get("message") == reply.text and text_of(message.get("id")):
                    return Published(text_of(message["id"]))
        return None


def private_recipient(reply: OutgoingReply) -> dict[str, str]:
    """Whom a private answer goes to: the DM conversation's other party (its key ends in the
    page-scoped id), or — for a private reply to a public comment — the comment."""
    marker = ":dm:"
    if marker in reply.conversation_key:
        return {"id": reply.conversation_key.split(marker, 1)[1]}
    if reply.in_reply_to:
        return {"comment_id": reply.in_reply_to}
    raise PermanentError("a private reply needs a DM conversation or a comment to answer")


def root_of(conversation_key: str) -> str:
    """The thread's root id from a public conversation key (``network:account:root``)."""
    return conversation_key.split(":", 2)[2] if conversation_key.count(":") >= 2 else ""
