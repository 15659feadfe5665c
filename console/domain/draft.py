"""A reply being written: the text an agent left in the composer for a case."""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Draft:
    case_id: str
    text: str
    saved_ms: int  # when it was written: the hub's time for a replicated draft, ours for a queued one
    local: bool  # still (or last) in this workstation's outbox, not read back from the hub


def newest(*drafts: Draft | None) -> Draft | None:
    """The latest of the candidates; on a tie the local one, which cannot be older than its echo."""
    present = [draft for draft in drafts if draft is not None]
    return max(present, key=lambda draft: (draft.saved_ms, draft.local), default=None)
