"""Wall-clock helpers; every stored time is UTC milliseconds since the epoch (an int)."""

import time
from datetime import UTC, datetime


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def to_datetime(ms: int) -> datetime:
    return datetime.fromtimestamp(ms / 1000, tz=UTC)


def from_iso(text: str) -> int:
    """Milliseconds for an ISO 8601 timestamp; a naive one is taken as UTC."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def format_age(ms: int, now: int) -> str:
    """A compact age for a queue cell: ``45s``, ``12m``, ``3h``, ``2d``."""
    seconds = max(0, (now - ms) // 1000)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    if seconds < 86400:
        return f"{seconds // 3600}h"
    return f"{seconds // 86400}d"
