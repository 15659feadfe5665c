"""Team notes: a supervisor's short message to one team's agents, or to everyone on the floor.

A note is durable and exactly once: it travels as a ``broadcast`` mutation through the outbox (so
it can be written offline), the hub stores it once under the mutation's id, and it replicates to the
workstations of the people it addresses (console.hub.scope).
"""

from dataclasses import dataclass

MAX_BROADCAST_TEXT = 2_000
"""Characters: a team note is read at a glance in a banner, not a document."""


@dataclass(frozen=True, slots=True)
class Broadcast:
    id: str
    team_id: str | None  # None: everyone
    author_id: str
    author_name: str  # from the directory; the id when the author is unknown to this cache
    text: str
    created_ms: int


def broadcast_problem(text: str) -> str | None:
    """Why ``text`` cannot be sent as a team note, or None when it can."""
    if not text.strip():
        return "the note is empty"
    if "\x00" in text:  # PostgreSQL's text cannot hold it: the hub would fail on the note, not refuse it
        return "the note contains a NUL character"
    if len(text) > MAX_BROADCAST_TEXT:
        return f"the note is {len(text):,} characters; the limit is {MAX_BROADCAST_TEXT:,}"
    return None
