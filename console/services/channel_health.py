"""Reports → Channel health…: the hub's word on each brand account's fetching, read on demand.

Nothing of it is cached: it is the hub's state now, so without the hub there is only a reason why not.
"""

from collections.abc import Callable
from dataclasses import dataclass

from console.domain.agent import Permission, Role, may
from console.domain.translatable import translatable
from console.services.errors import KnownError
from console.sync.hub_client import HubClient, HubResponseError, HubUnreachableError, SignInRequiredError

STATES = ("ok", "catching up", "partial", "waiting", "late", "failing", "stopped", "no credentials")


@dataclass(frozen=True, slots=True)
class StreamHealth:
    """One of an account's streams: its mentions, its DMs, its live connection."""

    name: str
    last_success_ms: int | None
    last_error: str | None
    stopped: bool
    failures: int
    next_ms: int | None
    backfills: int  # backfills cut short that go on over the next polls

    @property
    def state(self) -> str:
        if self.stopped:
            return "stopped"
        if self.failures:
            return "backing off"
        if self.backfills:
            return f"catching up ({self.backfills} gap{'s' if self.backfills > 1 else ''})"
        return "ok" if self.last_success_ms is not None else "waiting"


@dataclass(frozen=True, slots=True)
class ChannelHealth:
    account_id: str
    network: str
    handle: str
    team: str
    state: str  # one of STATES
    has_credentials: bool
    last_success_ms: int | None
    last_error: str | None
    last_error_ms: int | None
    failures: int
    stopped: bool
    next_poll_ms: int | None
    quarantined_24h: int
    streams: tuple[StreamHealth, ...] = ()


@dataclass(frozen=True, slots=True)
class HealthReport:
    now_ms: int  # the hub's clock, which the ages are measured from
    accounts: tuple[ChannelHealth, ...]


class HealthUnavailableError(KnownError):
    """The hub could not be asked (offline, signed out, not allowed): the message says which."""


class ChannelHealthService:
    def __init__(self, client: HubClient, role: Callable[[], str | None]):
        self._client = client
        self._role = role  # the signed-in user's role, None when nobody is

    def allowed(self) -> bool:
        """Supervisors and admins see it (the hub refuses anyone else)."""
        role = self._role()
        return role is not None and may(Role(role), Permission.MANAGE_OTHERS_WORK)

    async def load(self) -> HealthReport:
        try:
            body = await self._client.channel_health()
        except HubUnreachableError as error:
            raise HealthUnavailableError(
                translatable("Errors", "Offline: {error}. Channel health comes from the hub."), error=error
            ) from error
        except SignInRequiredError as error:
            raise HealthUnavailableError(
                translatable("Errors", "Sign in to see channel health ({error})."), error=error
            ) from error
        except HubResponseError as error:
            raise HealthUnavailableError(
                translatable("Errors", "The hub did not give channel health: {error}"), error=error
            ) from error
        try:
            rows = tuple(_account(row) for row in body["accounts"])
            return HealthReport(int(body["now_ms"]), rows)
        except (KeyError, TypeError, ValueError) as error:
            raise HealthUnavailableError(
                translatable("Errors", "The hub's channel health is malformed: {error!r}"), error=error
            ) from error


def _when(row: dict, key: str) -> int | None:
    return None if row.get(key) is None else int(row[key])


def _account(row: dict) -> ChannelHealth:
    return ChannelHealth(
        str(row["account_id"]),
        str(row["network"]),
        str(row["handle"]),
        str(row["team"]),
        str(row["state"]),
        bool(row["has_credentials"]),
        _when(row, "last_success_ms"),
        row.get("last_error"),
        _when(row, "last_error_ms"),
        int(row["failures"]),
        bool(row["stopped"]),
        _when(row, "next_poll_ms"),
        int(row["quarantined_24h"]),
        tuple(_stream(s) for s in row.get("streams") or ()),  # an older hub gives none
    )


def _stream(row: dict) -> StreamHealth:
    return StreamHealth(
        str(row["name"]),
        _when(row, "last_success_ms"),
        row.get("last_error"),
        bool(row.get("stopped")),
        int(row.get("failures") or 0),
        _when(row, "next_ms"),
        int(row.get("backfills") or 0),
    )
