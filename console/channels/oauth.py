"""Access tokens for the network connectors, refreshed where the network has a refresh flow.

:class:`BearerAuth` is an ``httpx.Auth``: a connector passes it as ``auth=`` and never builds an
``Authorization`` header itself. With a :class:`Refresher` it

* refreshes before a request when the token is known to expire within a minute
  (``expires_at_ms``, or a JWT's ``exp`` for Bluesky);
* on a 401 answer (Bluesky: also 400 ``ExpiredToken``) refreshes once and sends the request once
  more — a second 401 is returned as it is, never looped on;
* refreshes once for all the requests in flight on it (an ``asyncio.Lock``): a request that finds
  the token already changed since it was sent just goes again with the new one;
* hands the new fields to ``on_refresh`` so the hub can store them (a rotated refresh token that
  is not stored is lost at the next restart).

The refresh request is yielded from the auth flow, so it goes through the connector's own client
and transport. A refresh the network refuses (``invalid_grant``, a 400/401 from the token endpoint)
is a :class:`PermanentError` saying to re-authorise the account; before that, ``reload`` is asked
for the stored credentials, and a newer token another hub process stored is adopted (refresh tokens
rotate: the one we hold dies when another process uses it). A token endpoint that is down, busy
(429) or failing (5xx) is a :class:`TransientError` with its ``Retry-After``. A connection that
fails on the token request is raised by httpx as for any request, and the connector maps it.

Per network (credential keys as in console.hub.channel_factory):

* X (OAuth 2.0): ``POST https://api.x.com/2/oauth2/token``, form ``grant_type=refresh_token``,
  ``refresh_token``, ``client_id``; HTTP Basic ``client_id:client_secret`` for a confidential
  client. Refresh tokens rotate.
* YouTube (Google): ``POST https://oauth2.googleapis.com/token``, form ``client_id``,
  ``client_secret``, ``refresh_token``, ``grant_type``; the answer seldom holds a refresh token
  (the old one stays good).
* Reddit: ``POST https://www.reddit.com/api/v1/access_token``, HTTP Basic
  ``client_id:client_secret`` (an installed app's secret is empty), form
  ``grant_type=refresh_token&refresh_token=…``.
* Bluesky: ``POST {base_url}/xrpc/com.atproto.server.refreshSession`` with the refresh JWT as the
  bearer; answers a new ``accessJwt`` and a rotated ``refreshJwt``. When the refresh JWT is refused
  and the credentials hold ``identifier`` and ``app_password``, a new session is made with
  ``com.atproto.server.createSession``.
* Mastodon and Meta: no refresh. A Mastodon token lasts until revoked; a Meta Page token made from
  a long-lived user token does not expire. Both are static bearers.
"""

import asyncio
import base64
import binascii
import json
import logging
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator, Mapping
from dataclasses import dataclass, field

import httpx

from console.channels.connector import PermanentError, TransientError, retry_after
from console.domain.clock import now_ms
from console.domain.network import Network

log = logging.getLogger(__name__)

OnRefresh = Callable[[dict[str, str]], Awaitable[None]]
"""Given the credential fields a refresh changed (``access_token``, ``expires_at_ms``, a rotated
``refresh_token`` or ``refresh_jwt``), stores them."""
Reload = Callable[[], Awaitable[Mapping[str, str] | None]]
"""The credentials as stored now (another process may have refreshed them), or None."""

EXPIRY_MARGIN_MS = 60_000  # refresh a token this close to its expiry before using it
REAUTHORISE = (
    "re-authorise the account and store its new tokens with "
    "`horseshoe-hub accounts add --network … --handle … --credentials-stdin`"
)
X_TOKEN_URL = "https://api.x.com/2/oauth2/token"
GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token"
REDDIT_TOKEN_URL = "https://www.reddit.com/api/v1/access_token"
_TRANSIENT_STATUS = {408, 425, 429}


# --- per network: the refresh request and what its answer gives ---------------------------------


@dataclass(frozen=True, slots=True)
class OAuthRefreshGrant:
    """RFC 6749 §6 ``grant_type=refresh_token`` at ``url``. ``basic``: the client authenticates
    with HTTP Basic (else its id and secret go in the form); ``form_client_id``: the id goes in the
    form as well (X asks for it even with Basic)."""

    url: str
    basic: bool
    form_client_id: bool = True

    def ready(self, creds: Mapping[str, str]) -> bool:
        return bool(creds.get("refresh_token"))

    def request(self, creds: Mapping[str, str]) -> httpx.Request:
        form = {"grant_type": "refresh_token", "refresh_token": creds["refresh_token"]}
        client_id, secret = creds.get("client_id", ""), creds.get("client_secret", "")
        headers = {"Accept": "application/json"}
        if self.basic and (secret or not self.form_client_id):
            headers["Authorization"] = _basic(client_id, secret)
        elif secret:
            form["client_secret"] = secret
        if client_id and self.form_client_id:
            form["client_id"] = client_id
        return httpx.Request("POST", self.url, data=form, headers=headers)

    def read(self, body: Mapping, now: int) -> dict[str, str]:
        fields = {"access_token": _text(body, "access_token")}
        expires_in = body.get("expires_in")
        if isinstance(expires_in, int | float) and not isinstance(expires_in, bool):
            fields["expires_at_ms"] = str(now + int(expires_in * 1000))
        if isinstance(body.get("refresh_token"), str) and body["refresh_token"]:
            fields["refresh_token"] = body["refresh_token"]  # rotated (X, sometimes Reddit)
        return fields


@dataclass(frozen=True, slots=True)
class BlueskySessionGrant:
    """``com.atproto.server.refreshSession`` (``password=False``) or ``createSession`` with an app
    password: both answer ``accessJwt`` and ``refreshJwt``."""

    base_url: str
    password: bool = False

    def ready(self, creds: Mapping[str, str]) -> bool:
        if self.password:
            return bool(creds.get("identifier") and creds.get("app_password"))
        return bool(creds.get("refresh_jwt"))

    def request(self, creds: Mapping[str, str]) -> httpx.Request:
        base = self.base_url.rstrip("/")
        if self.password:
            body = {"identifier": creds["identifier"], "password": creds["app_password"]}
            return httpx.Request("POST", f"{base}/xrpc/com.atproto.server.createSession", json=body)
        return httpx.Request(
            "POST",
            f"{base}/xrpc/com.atproto.server.refreshSession",
            headers={"Authorization": f"Bearer {creds['refresh_jwt']}"},
        )

    def read(self, body: Mapping, now: int) -> dict[str, str]:
        fields = {"access_token": _text(body, "accessJwt"), "refresh_jwt": _text(body, "refreshJwt")}
        expiry = jwt_expiry_ms(fields["access_token"])
        if expiry is not None:
            fields["expires_at_ms"] = str(expiry)
        return fields


Grant = OAuthRefreshGrant | BlueskySessionGrant


@dataclass(frozen=True, slots=True)
class Refresher:
    """A network's way to a new access token: ``grants`` tried in order while each is refused;
    ``refresh_key`` the credential naming the refresh held (to tell a newer stored one);
    ``expired_errors``: error names of a 400 answer that mean the access token expired."""

    network: Network
    grants: tuple[Grant, ...]
    refresh_key: str = "refresh_token"
    expired_errors: frozenset[str] = field(default_factory=frozenset)
    jwt_expiry: bool = False  # the access token is a JWT whose ``exp`` says when it expires


def refresher_for(network: Network, credentials: Mapping[str, str], base_url: str = "") -> Refresher | None:
    """The refresh flow for ``network``, or None when it has none or the credentials hold nothing
    to refresh with (then the token is used as it is until it is refused)."""
    refresher: Refresher | None = None
    if network is Network.X:
        refresher = Refresher(network, (OAuthRefreshGrant(X_TOKEN_URL, basic=True),))
    elif network is Network.YOUTUBE:
        refresher = Refresher(network, (OAuthRefreshGrant(GOOGLE_TOKEN_URL, basic=False),))
    elif network is Network.REDDIT:
        refresher = Refresher(
            network, (OAuthRefreshGrant(REDDIT_TOKEN_URL, basic=True, form_client_id=False),)
        )
    elif network is Network.BLUESKY:
        grants = (BlueskySessionGrant(base_url), BlueskySessionGrant(base_url, password=True))
        refresher = Refresher(network, grants, "refresh_jwt", frozenset({"ExpiredToken"}), jwt_expiry=True)
    if refresher is None or not any(g.ready(credentials) for g in refresher.grants):
        return None
    return refresher


# --- the auth ----------------------------------------------------------------------------------


class BearerAuth(httpx.Auth):
    """The access token of one account as a bearer, refreshed by ``refresher`` when there is one.
    ``credentials``: the account's opened credentials (the grants read the keys they need);
    ``scheme``: the word before the token (Reddit's own clients write ``bearer``)."""

    requires_request_body = True  # a request answered 401 is sent again, body and all

    def __init__(
        self,
        credentials: Mapping[str, str] | str,
        refresher: Refresher | None = None,
        *,
        on_refresh: OnRefresh | None = None,
        reload: Reload | None = None,
        scheme: str = "Bearer",
        clock: Callable[[], int] = now_ms,
    ):
        creds = {"access_token": credentials} if isinstance(credentials, str) else dict(credentials)
        self._creds = creds
        self.refresher = refresher
        self._on_refresh = on_refresh
        self._reload = reload
        self._scheme = scheme
        self._clock = clock
        self._lock = asyncio.Lock()
        self._unsaved: dict[str, str] = {}  # refreshed fields on_refresh failed to store

    @property
    def access_token(self) -> str:
        return self._creds.get("access_token", "")

    def expires_at_ms(self) -> int | None:
        value = self._creds.get("expires_at_ms", "")
        if value.isascii() and value.isdigit():
            return int(value)
        if self.refresher is not None and self.refresher.jwt_expiry:
            return jwt_expiry_ms(self.access_token)
        return None

    def expiring(self) -> bool:
        if not self.access_token:  # stored with a refresh token only
            return True
        expires = self.expires_at_ms()
        return expires is not None and expires - self._clock() <= EXPIRY_MARGIN_MS

    def _sign(self, request: httpx.Request) -> str:
        token = self.access_token
        request.headers["Authorization"] = f"{self._scheme} {token}"
        return token

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        """A sync client's flow: the header only (the hub's clients are async)."""
        self._sign(request)
        yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self.refresher is None:
            self._sign(request)
            yield request
            return
        await request.aread()  # it may be sent twice (requires_request_body is for the default flow)
        await self._store_unsaved()
        sent: str | None = None
        for attempt in (0, 1):
            if attempt == 1 or self.expiring():
                async with self._lock:
                    # Another request may have refreshed while this one waited or was in flight.
                    stale = self.access_token == sent if attempt else self.expiring()
                    if stale:  # httpx sends each token request the refresh yields
                        refresh = self._refresh(request)
                        try:
                            step = await refresh.__anext__()
                            while True:
                                step = await refresh.asend((yield step))
                        except StopAsyncIteration:
                            pass
                        finally:
                            await refresh.aclose()
            sent = self._sign(request)
            response = yield request
            if attempt == 1 or not await self._expired(response):
                return

    async def _refresh(self, original: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Yields the token requests to send, each answered by ``asend``, and ends when the held
        credentials are fresh; raises PermanentError or TransientError when they cannot be."""
        assert self.refresher is not None
        for round_ in (0, 1):  # a second round only with tokens another process stored
            refusal = "no refresh token is stored"
            for grant in self.refresher.grants:
                if not grant.ready(self._creds):
                    continue
                token_request = grant.request(self._creds)
                token_request.extensions = dict(original.extensions)  # the client's timeouts
                if "user-agent" in original.headers:  # Reddit refuses a request without its own
                    token_request.headers["User-Agent"] = original.headers["user-agent"]
                answer = yield token_request
                fields, refusal = await self._read(grant, answer)
                if fields is not None:
                    self._creds.update(fields)
                    self._unsaved.update(fields)
                    await self._store_unsaved()
                    return
            if round_ == 0 and await self._adopt_stored():
                if not self.expiring():
                    return
                continue
            label = self.refresher.network.label
            raise PermanentError(f"{label} refused to refresh the access token ({refusal}): {REAUTHORISE}")

    async def _read(self, grant: Grant, answer: httpx.Response) -> tuple[dict[str, str] | None, str]:
        """The fields a token answer gives, or None and why it was refused."""
        await answer.aread()
        label = self.refresher.network.label if self.refresher else "the network"
        status = answer.status_code
        body = _json(answer)
        if status in _TRANSIENT_STATUS or status >= 500:
            raise TransientError(
                f"{label}'s token endpoint could not refresh the access token: {_detail(body, answer)}",
                retry_after(answer),
            )
        if status >= 300:
            return None, _detail(body, answer)
        try:
            return grant.read(body if isinstance(body, Mapping) else {}, self._clock()), ""
        except ValueError as failure:
            raise TransientError(f"{label}'s token endpoint answered without a token: {failure}") from None

    async def _adopt_stored(self) -> bool:
        """Take the stored credentials when another process refreshed them after we read them."""
        if self._reload is None or self.refresher is None:
            return False
        try:
            stored = await self._reload()
        except Exception as failure:  # the store is down: a refusal now might be someone else's rotation
            raise TransientError(f"the stored credentials could not be re-read: {failure}") from None
        if not stored:
            return False
        key = self.refresher.refresh_key
        if stored.get(key) == self._creds.get(key) and stored.get("access_token") == self.access_token:
            return False
        log.info("%s: adopting the tokens another process stored", self.refresher.network.label)
        self._creds.update(stored)
        self._unsaved.clear()  # what we had is older than what is stored
        return True

    async def _store_unsaved(self) -> None:
        if not self._unsaved or self._on_refresh is None:
            return
        fields = dict(self._unsaved)
        try:
            await self._on_refresh(fields)
        except Exception:  # the refreshed token still works here; storing is tried again next request
            log.exception("the refreshed access token could not be stored; will try again")
            return
        for key, value in fields.items():
            if self._unsaved.get(key) == value:
                del self._unsaved[key]

    async def _expired(self, response: httpx.Response) -> bool:
        if response.status_code == 401:
            return True
        if response.status_code != 400 or self.refresher is None or not self.refresher.expired_errors:
            return False
        await response.aread()
        body = _json(response)
        return isinstance(body, Mapping) and body.get("error") in self.refresher.expired_errors


def as_auth(token: "str | httpx.Auth", scheme: str = "Bearer") -> httpx.Auth:
    """A connector's token as an auth: a plain string becomes a static bearer."""
    return token if isinstance(token, httpx.Auth) else BearerAuth(token, scheme=scheme)


def token_auth(
    network: Network,
    credentials: Mapping[str, str],
    *,
    base_url: str = "",
    on_refresh: OnRefresh | None = None,
    reload: Reload | None = None,
    clock: Callable[[], int] = now_ms,
) -> BearerAuth:
    """The auth for an account's opened ``credentials``: refreshing when the network and the
    credentials allow it, else static."""
    return BearerAuth(
        credentials,
        refresher_for(network, credentials, base_url),
        on_refresh=on_refresh,
        reload=reload,
        scheme="bearer" if network is Network.REDDIT else "Bearer",
        clock=clock,
    )


# --- small readers -------------------------------------------------------------------------------


def jwt_expiry_ms(token: str) -> int | None:
    """A JWT's ``exp`` in epoch ms, read without checking the signature (only to know when to
    refresh; the server checks it), or None when the token is not a JWT with one."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        claims = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
    except (binascii.Error, ValueError):
        return None
    exp = claims.get("exp") if isinstance(claims, dict) else None
    return int(exp * 1000) if isinstance(exp, int | float) and not isinstance(exp, bool) else None


def _basic(client_id: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode("ascii")


def _text(body: Mapping, key: str) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value:
        raise ValueError(f"no {key!r} in the answer")
    return value


def _json(response: httpx.Response) -> object:
    try:
        return response.json()
    except ValueError:
        return None


def _detail(body: object, response: httpx.Response) -> str:
    """OAuth's ``error`` and ``error_description``, or XRPC's ``error`` and ``message``."""
    status = f"HTTP {response.status_code}"
    if not isinstance(body, Mapping):
        return status
    words = [str(body[k]) for k in ("error", "error_description", "message") if isinstance(body.get(k), str)]
    return f"{': '.join(words)} ({status})" if words else status
