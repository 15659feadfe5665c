"""What the workstation knows about its link to the hub, shared by the sync client and the UI."""

from dataclasses import dataclass, field
from enum import StrEnum

CURSOR_FORMAT = "EPOCH:SEQ:SCOPE"


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
    history_days: int | None = None  # the horizon the cursor was pulled under (None: every case)
    floor_ms: int | None = None  # resolved cases last active before it are not pulled


@dataclass(frozen=True, slots=True)
class Cursor:
    """A position in one hub's change log, for one scope: ``EPOCH:SEQ:SCOPE`` on the wire.

    The scope is the fingerprint of what its user may see (see console.hub.scope): a cursor is only
    good for the scope it was pulled under, so a change of teams or role makes the hub resync.
    """

    epoch: str
    seq: int
    scope: str | None = None  # None: a cursor from before pulls were scoped

    def __str__(self) -> str:
        return f"{self.epoch}:{self.seq}" if self.scope is None else f"{self.epoch}:{self.seq}:{self.scope}"


def parse_cursor(text: str | None) -> Cursor | None:
    """The cursor in ``text``; None for empty or ``0`` (from the beginning). Raises ValueError."""
    if not text or text == "0":
        return None
    parts = text.split(":")
    if len(parts) not in (2, 3) or not all(parts) or not parts[1].isdigit():
        raise ValueError(f"cursor {text!r} is not {CURSOR_FORMAT} (or EPOCH:SEQ)")
    return Cursor(parts[0], int(parts[1]), parts[2] if len(parts) == 3 else None)


class Convergence(StrEnum):
    MATCH = "match"  # the cache holds exactly the rows the hub has for this user at that head
    MISMATCH = "mismatch"
    INCONCLUSIVE = "inconclusive"  # the cache could not be brought to the hub's head to compare


@dataclass(frozen=True, slots=True)
class Verification:
    """The outcome of comparing the cache's checksum with the hub's at one head."""

    outcome: Convergence
    head: int
    checked_ms: int
    differing: tuple[str, ...] = ()  # replicated tables whose count or digest differ
    detail: str = ""  # why a comparison was inconclusive

    @property
    def matches(self) -> bool:
        return self.outcome is Convergence.MATCH


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: LinkState
    hub_url: str
    last_sync_ms: int | None = None
    message: str = ""
    retry_in_s: float | None = None
    behind: int = 0  # changes the hub has that the cache has not applied yet
    verification: Verification | None = None  # the latest checksum comparison, if any yet
    resyncs: int = 0  # snapshot resyncs since start (new epoch, new scope, checksum mismatch…)


@dataclass(frozen=True, slots=True)
class AppliedChanges:
    """Ids of what one pull changed in the cache, so views refresh only what they show."""

    mentions: frozenset[str] = field(default_factory=frozenset)
    cases: frozenset[str] = field(default_factory=frozenset)
    events: frozenset[str] = field(default_factory=frozenset)
    accounts: frozenset[str] = field(default_factory=frozenset)
    reset: bool = False
    directory: frozenset[str] = field(default_factory=frozenset)  # users and teams
    replies: frozenset[str] = field(default_factory=frozenset)
    drafts: frozenset[str] = field(default_factory=frozenset)
    removed: frozenset[str] = field(default_factory=frozenset)  # cases that left the user's scope
    customers: frozenset[str] = field(default_factory=frozenset)  # profiles whose rows changed
    trees: frozenset[str] = field(default_factory=frozenset)  # published tree versions and rules (ids)
    broadcasts: frozenset[str] = field(default_factory=frozenset)  # team notes (ids)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in self.__slots__)

    def merged(self, other: "AppliedChanges") -> "AppliedChanges":
        return AppliedChanges(
            self.mentions | other.mentions,
            self.cases | other.cases,
            self.events | other.events,
            self.accounts | other.accounts,
            self.reset or other.reset,
            self.directory | other.directory,
            self.replies | other.replies,
            self.drafts | other.drafts,
            self.removed | other.removed,
            self.customers | other.customers,
            self.trees | other.trees,
            self.broadcasts | other.broadcasts,
        )


@dataclass(frozen=True, slots=True)
class OutboxState:
    """Local work not yet answered by the hub: how much, and since when."""

    pending: int
    oldest_pending_ms: int | None
