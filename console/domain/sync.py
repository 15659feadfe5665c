"""What the workstation knows about its link to the hub, shared by the sync client and the UI."""

from dataclasses import dataclass, field
from enum import StrEnum


class LinkState(StrEnum):
    CONNECTING = "connecting"
    ONLINE = "online"
    OFFLINE = "offline"  # the hub cannot be reached; retrying with backoff
    NOT_A_HUB = "not_a_hub"  # something answers at the URL, but not a Horseshoe hub
    FAILED = "failed"  # the hub answered with an error
    SIGNED_OUT = "signed_out"  # the hub wants a sign-in (none yet, expired or revoked)


@dataclass(frozen=True, slots=True)
class SyncCursor:
    """How far the local cache has followed the hub's change log."""

    hub_url: str
    epoch: str | None = None
    cursor: str | None = None  # EPOCH:SEQ
    head: int = 0
    last_sync_ms: int | None = None


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: LinkState
    hub_url: str
    last_sync_ms: int | None = None
    message: str = ""
    retry_in_s: float | None = None
    behind: int = 0  # changes the hub has that the cache has not applied yet


@dataclass(frozen=True, slots=True)
class AppliedChanges:
    """Ids of what one pull changed in the cache, so views refresh only what they show."""

    mentions: frozenset[str] = field(default_factory=frozenset)
    cases: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    accounts: frozenset[str] = field(default_factory=frozenset)
    reset: bool = False
    directory: frozenset[str] = field(default_factory=frozenset)  # users and teams

    def __bool__(self) -> bool:
        return bool(
            self.mentions or self.cases or self.events or self.accounts or self.reset or self.directory
        )

    def merged(self, other: "AppliedChanges") -> "AppliedChanges":
        return AppliedChanges(
            self.mentions | other.mentions,
            self.cases | other.cases,
            self.events | other.events,
            self.accounts | other.accounts,
            self.reset or other.reset,
            self.directory | other.directory,
        )
