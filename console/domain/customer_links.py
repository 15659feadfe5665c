"""Suggested links: which other customers are probably the same person, with a score and the reasons.

Never merged automatically: an agent confirms each link (console.hub.customers applies it) or
dismisses it, and a dismissed pair is not suggested again. The signals, strongest first:

* the same CRM id or e-mail address — records the brand keeps, so nearly certain;
* the same handle on another network, compared normalised: case, a leading ``@`` or ``u/``, a
  Mastodon server part or Bluesky's default domain, separators (``.``, ``_``, ``-``) and trailing
  digits do not count — people keep their handle across networks, give or take a year of birth;
* similar names: diacritics folded, case ignored, the share of name words both have in common.

The hub stores :func:`handle_key` and :func:`name_key` with every identity, so the workstation
finds candidates with index lookups instead of comparing every customer it knows.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from console.domain.customer import Customer, Identity, network_label

SUGGEST_AT = 30  # points: weaker evidence alone is no suggestion
CRM_POINTS = 80
EMAIL_POINTS = 60
HANDLE_POINTS = 50  # the same handle as written, on another network
HANDLE_KEY_POINTS = 40  # the same once separators and trailing digits are dropped
NAME_POINTS = 40  # for names with every word in common; less for fewer
MIN_KEY = 3  # characters: "al" on two networks is a coincidence, not a person

_SEPARATORS = re.compile(r"[._\-\s]+")
_TRAILING_DIGITS = re.compile(r"\d+$")
_WORDS = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class Suggestion:
    customer_id: str  # the other customer, to link into the one on screen
    score: int  # 0 … 100
    reasons: tuple[str, ...]  # strongest first


def fold(text: str) -> str:
    """Case and diacritics folded: "Gómez" and "GOMEZ" read the same."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_HOSTED = (".bsky.social",)  # Bluesky's default domain: "nina-reports.bsky.social" is "nina-reports"


def plain_handle(handle: str) -> str:
    """The handle as people write it: folded, without a leading @ or u/, a Mastodon server part or
    Bluesky's default domain."""
    plain = fold(handle.strip().lstrip("@").split("@", 1)[0])
    plain = plain.removeprefix("u/")
    for suffix in _HOSTED:
        plain = plain.removesuffix(suffix)
    return plain


def handle_key(handle: str) -> str:
    """The handle with separators and trailing digits dropped ("@Ana_Gomez84" → "anagomez")."""
    plain = _SEPARATORS.sub("", plain_handle(handle))
    return _TRAILING_DIGITS.sub("", plain) or plain


def name_words(name: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(fold(name)))


def name_key(name: str) -> str:
    """The name's folded words, sorted: equal for "Ana Gómez" and "GOMEZ, ana"."""
    return " ".join(sorted(name_words(name)))


def suggest(
    customer: Customer, candidates: Iterable[Customer], dismissed: Iterable[str] = ()
) -> list[Suggestion]:
    """Candidates that look like the same person as ``customer``, best first."""
    skip = {customer.id, *dismissed}
    found = []
    for other in candidates:
        if other.id in skip or other.merged_into is not None or not other.identities:
            continue
        scored = score(customer, other)
        if scored.score >= SUGGEST_AT:
            found.append(scored)
            skip.add(other.id)
    return sorted(found, key=lambda s: (-s.score, s.customer_id))


def score(customer: Customer, other: Customer) -> Suggestion:
    """How likely ``other`` is the same person as ``customer``, and why."""
    reasons: list[tuple[int, str]] = []
    if customer.crm_id and customer.crm_id.strip().casefold() == other.crm_id.strip().casefold():
        reasons.append((CRM_POINTS, f"same CRM id {customer.crm_id}"))
    if customer.email and customer.email.strip().casefold() == other.email.strip().casefold():
        reasons.append((EMAIL_POINTS, f"same e-mail {customer.email}"))
    handle = _handle_reason(customer, other)
    if handle:
        reasons.append(handle)
    name = _name_reason(customer, other)
    if name:
        reasons.append(name)
    reasons.sort(key=lambda reason: -reason[0])
    return Suggestion(other.id, min(100, sum(points for points, _ in reasons)), tuple(r for _, r in reasons))


def _handle_reason(customer: Customer, other: Customer) -> tuple[int, str] | None:
    """The best handle match between identities on different networks."""
    best: tuple[int, str] | None = None
    for mine in customer.identities:
        for theirs in other.identities:
            if mine.network == theirs.network:
                continue
            key = handle_key(mine.handle)
            if len(key) < MIN_KEY or key != handle_key(theirs.handle):
                continue
            if plain_handle(mine.handle) == plain_handle(theirs.handle):
                points, how = HANDLE_POINTS, "same handle"
            else:
                points, how = HANDLE_KEY_POINTS, "similar handle"
            reason = f"{how}: {_shown(mine)}, {_shown(theirs)}"
            if best is None or points > best[0]:
                best = (points, reason)
    return best


def _shown(identity: Identity) -> str:
    return f"@{identity.handle.lstrip('@')} on {network_label(identity.network)}"


def _name_reason(customer: Customer, other: Customer) -> tuple[int, str] | None:
    """The closest pair of names (display names and the names identities carry)."""
    best: tuple[float, str, str] | None = None
    for mine in _names(customer):
        words = name_words(mine)
        for theirs in _names(other):
            other_words = name_words(theirs)
            common = words & other_words
            if not common or max(len(word) for word in common) < MIN_KEY:
                continue
            overlap = len(common) / len(words | other_words)
            if best is None or overlap > best[0]:
                best = (overlap, mine, theirs)
    if best is None:
        return None
    overlap, mine, theirs = best
    points = round(NAME_POINTS * overlap)
    if len(name_words(mine) | name_words(theirs)) == 1:
        points //= 2  # one shared word ("Maria") is weak evidence of one person
    how = "same name" if overlap == 1 else "similar names"
    return (points, f"{how}: “{mine}” and “{theirs}”") if points else None


def _names(customer: Customer) -> list[str]:
    names = [customer.display_name, *(identity.name for identity in customer.identities)]
    return list(dict.fromkeys(name for name in names if name.strip()))
