"""What a network adapter implements so the hub can publish a reply through it.

A connector does two things, both async: :meth:`Connector.publish` posts a reply, and
:meth:`Connector.find` says whether a reply was posted already, by a marker the network lets it
search for (the reply's id embedded in the post, or an idempotency key the network remembers).
The hub's publisher calls ``find`` before retrying anything that may have reached the network, so
a lost response never becomes a second public post.

Failures are said in three words, because each calls for a different next step:

* :class:`TransientError` — not posted, try again later (rate limit, network down, 503). Carries
  the network's ``Retry-After`` when it gave one.
* :class:`PermanentError` — not posted and retrying will not help (text too long, the post being
  answered was deleted, credentials revoked); the reason is shown to the agent as it is.
* :class:`UncertainError` — the request may or may not have gone through (a timeout after the
  request was sent, the connection cut mid-response, a gateway error). The publisher checks with
  ``find`` before it tries again.

Connectors for real networks speak HTTP with httpx; :func:`error_for_response` and
:func:`error_for_exception` map what httpx reports onto these three, so each connector only adds
what is particular to its network.
"""

import email.utils
import time
from abc import ABC, abstractmethod
from dataclasses import dataclass

import httpx

from console.domain.mention import BrandAccount
from console.domain.network import Network


@dataclass(frozen=True, slots=True)
class OutgoingReply:
    """A reply as a connector needs it: what to post, from which account, in answer to what."""

    id: str  # the reply's id (UUIDv7): the idempotency marker a connector embeds or remembers
    case_id: str
    network: Network
    account: BrandAccount
    text: str
    private: bool  # a direct message rather than a public answer
    in_reply_to: str | None  # the network's id of the message answered (the customer's latest)
    conversation_key: str


@dataclass(frozen=True, slots=True)
class Published:
    """Where the reply now lives on the network."""

    external_id: str
    url: str = ""


class PublishError(Exception):
    """A reply was not (or not surely) published; ``reason`` is said to the agent as it is."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class TransientError(PublishError):
    """Not posted; the same request may work later. ``retry_after_s``: the network's own wait, if any."""

    def __init__(self, reason: str, retry_after_s: float | None = None):
        super().__init__(reason)
        self.retry_after_s = retry_after_s


class PermanentError(PublishError):
    """Not posted, and the same request will never work."""


class UncertainError(PublishError):
    """The request may have been posted: check with :meth:`Connector.find` before sending it again."""


class Connector(ABC):
    """One network adapter (for one or more brand accounts), created once and closed at shutdown."""

    @abstractmethod
    async def publish(self, reply: OutgoingReply) -> Published:
        """Post ``reply``; raise :class:`TransientError`, :class:`PermanentError` or
        :class:`UncertainError` when it was not, or not surely, posted."""

    @abstractmethod
    async def find(self, reply: OutgoingReply) -> Published | None:
        """The post of ``reply`` if the network has it, else None; raises as :meth:`publish` does
        when the network cannot be asked (an uncertain answer to a search is a transient one)."""

    async def hide(self, account: BrandAccount, external_id: str, hidden: bool) -> None:
        """Hide (``hidden`` true) or unhide a customer's message to ``account``; raises as
        :meth:`publish` does. Hiding is idempotent, so an uncertain answer is simply asked again.
        Connectors of networks without such a call leave this as it is: a permanent refusal."""
        raise PermanentError("hiding is not supported on this network")

    async def aclose(self) -> None:  # optional: most hold nothing that needs closing
        """Release what the connector holds (an httpx client, say)."""
        return None


# --- HTTP --------------------------------------------------------------------------------------

_TRANSIENT_STATUS = {408, 425, 429, 503}
"""Answers that say the request was not acted on: try later. 500, 502 and 504 are not among them:
the network (or a gateway in front of it) may have posted before it failed."""


def error_for_response(response: httpx.Response, reason: str = "") -> PublishError | None:
    """The error an unsuccessful answer means, or None for a 2xx. ``reason`` overrides the text a
    connector would otherwise build from the status (networks put theirs in different fields)."""
    status = response.status_code
    if status < 300:
        return None
    text = reason or f"{response.reason_phrase or 'HTTP error'} (HTTP {status})"
    if status in _TRANSIENT_STATUS:
        return TransientError(text, retry_after(response))
    if status >= 500:
        return UncertainError(text)
    return PermanentError(text)


def error_for_exception(error: httpx.HTTPError) -> PublishError:
    """What a failed exchange means for a post: refused before sending is transient; anything that
    may have left after the request was written is uncertain."""
    if isinstance(error, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout | httpx.ProxyError):
        return TransientError(f"cannot reach the network: {error}")
    if isinstance(error, httpx.UnsupportedProtocol):
        return PermanentError(f"the connector is misconfigured: {error}")
    # A read timeout, a reset mid-response, an answer that does not decode: the request was sent.
    return UncertainError(f"no clear answer from the network: {type(error).__name__} {error}".strip())


def retry_after(response: httpx.Response, now_s: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date), or None."""
    value = response.headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():  # str.isdigit alone takes '²', which float() refuses
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - (time.time() if now_s is None else now_s))
