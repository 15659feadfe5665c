"""What a network's response becomes: the mentions it holds, what could not be read, and where to
go on from. Every connector's normalizer returns a :class:`Page`, whether the body came from a fetch,
a webhook or an imported recording, so ingest, backfill and import treat them alike.

Nothing is dropped silently: an item a normalizer cannot read (a field missing, a type it does not
know) becomes a :class:`Quarantined` entry with the reason and the item as received, which the hub
keeps for a supervisor to see. Items that are not mentions by design (the brand's own post in a
timeline, a like notification) are ``skipped`` with a count, not quarantined.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from console.domain.mention import BrandAccount, Mention

MAX_KEPT = 64 * 1024  # characters of a quarantined item kept; a recording may be far larger


@dataclass(frozen=True, slots=True)
class Quarantined:
    """An item that could not be read as a mention, and why."""

    reason: str  # said to a supervisor as it is: "no 'text' in data[3]"
    payload: str  # the item as received (JSON text, cut at MAX_KEPT)
    where: str = ""  # where in the body it was: "data[3]", "entry[0].changes[1]"

    @classmethod
    def of(cls, reason: str, item: object, where: str = "") -> "Quarantined":
        try:
            text = item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, default=str)
        except (TypeError, ValueError):
            text = repr(item)
        return cls(reason, text[:MAX_KEPT], where)


@dataclass(frozen=True, slots=True)
class Page:
    """One response's worth of mentions, oldest first.

    ``next_cursor`` continues paging back through older items (a ``next_token``, a ``Link`` rel=next,
    an ``after``); ``newest`` is the marker of the newest item seen (a ``since_id``, a timestamp), for
    the next poll to start after. Either is None when the network gave none.
    """

    mentions: tuple[Mention, ...] = ()
    quarantined: tuple[Quarantined, ...] = ()
    next_cursor: str | None = None
    newest: str | None = None
    skipped: int = 0  # items that are not mentions by design (own posts, likes, follows)
    extra: Mapping[str, object] = field(default_factory=dict)  # network-specific hints (rate limits…)


def read_guarded(
    normalize, body: object, *, url: str, account: BrandAccount, received_ms: int, where: str = ""
) -> Page:
    """``normalize`` (a network's reader) of one body; a reader that breaks its promise not to raise
    is caught here, so one bad body is quarantined with the reason instead of ending the run."""
    try:
        return normalize(body, url=url, account=account, received_ms=received_ms)
    except Exception as failure:  # the body is kept, with the reason
        reason = (
            f"the {account.network.label} reader failed on this body: {type(failure).__name__}: {failure}"
        )
        return Page(quarantined=(Quarantined.of(reason, body, where),))
