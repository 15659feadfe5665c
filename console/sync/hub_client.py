"""The workstation's HTTP client for one hub; one long-lived httpx.AsyncClient."""

import contextlib
import socket
import ssl
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import httpx
import orjson

from console.domain.checksum import TableChecksum
from console.domain.mutation import Mutation, MutationResult, Outcome

SERVICE = "horseshoe-hub"


class HubUnreachableError(ConnectionError):
    """No answer from the hub (refused, timed out, DNS, TLS): retry later, keep working offline."""


class NotAHubError(RuntimeError):
    """Something answers at the URL, but it is not a Horseshoe hub."""


class HubResponseError(RuntimeError):
    """The hub answered with an error status or a body that does not parse."""


class HubRefusedError(HubResponseError):
    """The hub understood the request and refused it (not permitted, no such user): the message is
    the hub's reason, written for the user."""


class SignInRequiredError(RuntimeError):
    """The hub wants a (new) sign-in: no token, or it expired or was revoked. The message says which."""


@dataclass(frozen=True, slots=True)
class PushAnswer:
    results: list[MutationResult]
    next_seq: int


@dataclass(frozen=True, slots=True)
class SignIn:
    token: str
    expires_ms: int
    user_id: str
    username: str
    name: str
    role: str
    teams: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class HubInfo:
    version: str
    epoch: str
    head: int


@dataclass(frozen=True, slots=True)
class PulledPage:
    epoch: str
    cursor: str
    head: int
    more: bool
    reset: bool
    tables: dict[str, dict]  # kind -> {"columns": [...], "rows": [[...]]}
    gone: tuple[str, ...] = ()  # cases in the page's window the user no longer sees
    reset_reason: str | None = None


@dataclass(frozen=True, slots=True)
class HistoryPage:
    """Whole cases from the hub's history (see console.hub.history), read at the hub's ``head``."""

    epoch: str
    head: int
    cases: tuple[str, ...]
    tables: dict[str, dict]  # as in a pull page
    after: str | None = None  # where the next page of a range starts; None: the last one
    total: int | None = None  # cases in the range (first page of a range only)


@dataclass(frozen=True, slots=True)
class RemoteChecksum:
    """What the hub says this user's cache must hold at ``head`` (see console.hub.checksum)."""

    epoch: str
    head: int
    scope: str
    tables: dict[str, TableChecksum]


class HubClient:
    def __init__(
        self,
        base_url: str,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 10.0,
        token: str | None = None,
        verify: ssl.SSLContext | bool = True,
    ):
        self.base_url = base_url.rstrip("/")
        self._http = httpx.AsyncClient(
            base_url=self.base_url,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=5.0),
            headers={"User-Agent": "horseshoe-workstation"},
            verify=verify,
        )
        self.token = token

    @property
    def token(self) -> str | None:
        return self._token

    @token.setter
    def token(self, token: str | None) -> None:
        self._token = token
        if token:
            self._http.headers["Authorization"] = f"Bearer {token}"
        else:
            self._http.headers.pop("Authorization", None)

    async def login(self, username: str, password: str, label: str = "") -> SignIn:
        """Sign in; on success this client uses the new token from then on."""
        try:
            response = await self._http.post(
                "/v1/auth/login", json={"username": username, "password": password, "label": label}
            )
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        if response.status_code in (401, 422):
            raise SignInRequiredError(_detail(response) or "wrong username or password")
        body = self._checked_json(response, "/v1/auth/login", expect_hub=True)
        try:
            user = body["user"]
            sign_in = SignIn(
                str(body["token"]),
                int(body["expires_ms"]),
                str(user["id"]),
                str(user["username"]),
                str(user["name"]),
                str(user["role"]),
                tuple(user["teams"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise HubResponseError(f"the hub's sign-in response is malformed: {error!r}") from error
        self.token = sign_in.token
        return sign_in

    async def me(self) -> dict:
        """Who the hub takes this client's token for (id, username, name, role, teams)."""
        body = await self._get_json("/v1/auth/me")
        if not isinstance(body, dict) or "id" not in body:
            raise HubResponseError("the hub's /v1/auth/me answer is malformed")
        return body

    async def logout(self) -> None:
        """End this sign-in on the hub (best effort: an unreachable hub lets the token expire)."""
        if self.token:
            with contextlib.suppress(httpx.TransportError):
                await self._http.post("/v1/auth/logout")
        self.token = None

    async def channel_health(self) -> dict:
        """Each brand account's fetching as the hub's poller left it (supervisors and admins only)."""
        body = await self._get_json("/v1/channels/health")
        if not isinstance(body, dict) or not isinstance(body.get("accounts"), list):
            raise HubResponseError("the hub's /v1/channels/health answer is malformed")
        return body

    async def health(self) -> HubInfo:
        body = await self._get_json("/health", expect_hub=True)
        if not isinstance(body, dict) or body.get("service") != SERVICE:
            raise NotAHubError(f"{self.base_url} answers, but is not a Horseshoe hub (no hub in /health)")
        try:
            return HubInfo(str(body["version"]), str(body["epoch"]), int(body["head"]))
        except (KeyError, TypeError, ValueError) as error:
            raise HubResponseError(f"{self.base_url}/health is missing {error}") from error

    async def pull(
        self, after: str | None, limit: int = 1000, until: int | None = None, floor_ms: int | None = None
    ) -> PulledPage:
        params = {"limit": str(limit)}
        if after:
            params["after"] = after
        if until is not None:
            params["until"] = str(until)
        if floor_ms is not None:
            params["floor_ms"] = str(floor_ms)
        body = await self._get_json("/v1/sync/pull", params=params)
        try:
            gone = body.get("gone") or []  # absent from hubs that do not scope pulls
            if not isinstance(gone, list) or not all(isinstance(case_id, str) for case_id in gone):
                raise TypeError("gone is not a list of case ids")
            return PulledPage(
                epoch=str(body["epoch"]),
                cursor=str(body["cursor"]),
                head=int(body["head"]),
                more=bool(body["more"]),
                reset=bool(body["reset"]),
                tables=dict(body["tables"]),
                gone=tuple(gone),
                reset_reason=body.get("reset_reason"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise HubResponseError(f"the hub's pull response is malformed: {error!r}") from error

    async def checksum(self, floor_ms: int | None = None) -> RemoteChecksum:
        params = None if floor_ms is None else {"floor_ms": str(floor_ms)}
        body = await self._get_json("/v1/sync/checksum", params=params)
        try:
            tables = {str(kind): TableChecksum.from_json(value) for kind, value in body["tables"].items()}
            return RemoteChecksum(str(body["epoch"]), int(body["head"]), str(body["scope"]), tables)
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise HubResponseError(f"the hub's checksum response is malformed: {error!r}") from error

    async def history(
        self, from_ms: int, to_ms: int, after: str | None = None, limit: int = 200
    ) -> HistoryPage:
        """A page of the cases whose activity overlaps [from_ms, to_ms), whole."""
        params = {"from_ms": str(from_ms), "to_ms": str(to_ms), "limit": str(limit)}
        if after:
            params["after"] = after
        return _history_page(await self._get_json("/v1/history", params=params))

    async def history_of(self, case_ids: Sequence[str]) -> HistoryPage:
        """The named cases, whole (those this user sees)."""
        try:
            response = await self._http.post("/v1/history/cases", json={"ids": list(case_ids)})
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        return _history_page(self._checked_json(response, "/v1/history/cases"))

    async def push(self, workstation_id: str, batch: Sequence[Mutation]) -> PushAnswer:
        """Send mutations in order; the answer covers those the hub took up, and where to resume."""
        body = {
            "workstation_id": workstation_id,
            "mutations": [
                {
                    "id": m.id,
                    "seq": m.seq,
                    "kind": m.kind.value,
                    "case_id": m.case_id,
                    "created_ms": m.created_ms,
                    "payload": dict(m.payload),
                }
                for m in batch
            ],
        }
        try:
            response = await self._http.post("/v1/sync/push", json=body)
        except httpx.TransportError as error:
            # The request may or may not have been applied: the resend will be answered "duplicate".
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        answer = self._checked_json(response, "/v1/sync/push")
        try:
            results = [
                MutationResult(
                    str(item["id"]),
                    int(item["seq"]),
                    Outcome(item["outcome"]),
                    str(item.get("reason") or ""),
                    None if item.get("visible_at") is None else int(item["visible_at"]),
                    dict(item.get("detail") or {}),
                )
                for item in answer["results"]
            ]
            return PushAnswer(results, int(answer["next_seq"]))
        except (KeyError, TypeError, ValueError) as error:
            raise HubResponseError(f"the hub's push response is malformed: {error!r}") from error

    async def presence(self, case_id: str, activity: str, chosen: bool = False) -> dict:
        """Tell the hub this user is viewing, typing on or has left a case (live only, never stored).

        ``chosen`` marks a desk status the user just picked, which ends a status a supervisor set;
        returns the entry the hub published (a supervisor's setting where it held)."""
        body = {"case_id": case_id, "activity": activity} | ({"chosen": True} if chosen else {})
        try:
            response = await self._http.post("/v1/presence", json=body)
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        return self._checked_json(response, "/v1/presence")

    async def set_agent_status(self, user_id: str, status: str) -> dict:
        """As a supervisor, set a colleague's desk status (available, busy, away); returns the
        presence entry the hub published. :class:`HubRefusedError` says why the hub refused."""
        path = f"/v1/agents/{quote(user_id, safe='')}/status"
        try:
            response = await self._http.post(path, json={"status": status})
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        if response.status_code in (403, 404):
            raise HubRefusedError(_detail(response) or f"HTTP {response.status_code} from {path}")
        return self._checked_json(response, path)

    @contextlib.asynccontextmanager
    async def live(
        self, last_event_id: str | None = None, read_timeout: float = 45.0
    ) -> AsyncIterator[AsyncIterator[str]]:
        """Open the hub's live stream (Server-Sent Events); yields its lines as they arrive.

        A read that waits longer than ``read_timeout`` (several missed heartbeats) ends the stream as
        unreachable, as do network errors while it is open.
        """
        headers = {"Accept": "text/event-stream", "Cache-Control": "no-cache"}
        if last_event_id:
            headers["Last-Event-ID"] = last_event_id
        timeout = httpx.Timeout(10.0, connect=5.0, read=read_timeout)
        try:
            async with self._http.stream("GET", "/v1/live", headers=headers, timeout=timeout) as response:
                if response.status_code != 200:
                    await response.aread()
                    self._checked_json(response, "/v1/live", expect_hub=True)
                    raise HubResponseError(f"/v1/live: HTTP {response.status_code}")
                if not response.headers.get("content-type", "").startswith("text/event-stream"):
                    raise NotAHubError(f"{self.base_url}/v1/live is not an event stream")
                yield response.aiter_lines()
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _get_json(self, path: str, params: dict | None = None, expect_hub: bool = False):
        try:
            response = await self._http.get(path, params=params)
        except httpx.TransportError as error:
            raise HubUnreachableError(f"cannot reach {self.base_url}: {_reason(error)}") from error
        return self._checked_json(response, path, expect_hub)

    def _checked_json(self, response: httpx.Response, path: str, expect_hub: bool = False):
        if response.status_code == 401:
            raise SignInRequiredError(_detail(response) or "the hub asks to sign in")
        if expect_hub and response.status_code == 404:
            raise NotAHubError(f"{self.base_url} answers, but has no Horseshoe hub (HTTP 404 on {path})")
        if response.status_code >= 400:
            detail = response.text[:200].strip()
            raise HubResponseError(f"{path}: HTTP {response.status_code} {detail}")
        try:
            # orjson: a 5,000-row pull page decodes several times faster, and decoding runs on the
            # UI's event loop (it holds the GIL, so a thread would not unblock the loop anyway).
            return orjson.loads(response.content)
        except ValueError as error:
            kind = response.headers.get("content-type", "unknown content")
            if expect_hub:
                raise NotAHubError(f"{self.base_url} answers with {kind}, not a Horseshoe hub") from error
            raise HubResponseError(f"{path}: the body is not JSON ({kind})") from error


def _history_page(body) -> HistoryPage:
    try:
        cases = body["cases"]
        if not isinstance(cases, list) or not all(isinstance(case_id, str) for case_id in cases):
            raise TypeError("cases is not a list of case ids")
        return HistoryPage(
            str(body["epoch"]),
            int(body["head"]),
            tuple(cases),
            dict(body["tables"]),
            None if body.get("after") is None else str(body["after"]),
            None if body.get("total") is None else int(body["total"]),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        raise HubResponseError(f"the hub's history response is malformed: {error!r}") from error


def _detail(response: httpx.Response) -> str:
    """FastAPI's ``{"detail": …}`` as a sentence, or the start of whatever else the body is."""
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        return response.text[:200].strip()
    return detail if isinstance(detail, str) else ""


def unreachable_cause(error: BaseException) -> str:
    """Why the hub could not be reached, as one of "timeout", "refused", "dns", "tls" or "other" —
    for words that tell the person what to check."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, (httpx.TimeoutException, TimeoutError)):
            return "timeout"
        if isinstance(cause, ConnectionRefusedError):
            return "refused"
        if isinstance(cause, socket.gaierror):
            return "dns"
        if isinstance(cause, ssl.SSLError):
            return "tls"
        cause = cause.__cause__ or cause.__context__
    return "refused" if "refused" in str(error).lower() else "other"


def _reason(error: httpx.TransportError) -> str:
    """A short cause for the status bar; httpx hides the OS error in the exception chain."""
    if isinstance(error, httpx.TimeoutException):
        return "timed out"
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(cause).lower():
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return f"unknown host ({cause.strerror})"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"TLS certificate not accepted ({cause.verify_message})"
        if isinstance(cause, ssl.SSLError):
            return f"TLS failure ({(cause.reason or str(cause)).replace('_', ' ').lower()})"
        cause = cause.__cause__ or cause.__context__
    return str(error) or type(error).__name__
