"""The reviewer's case archive: what a search asks, what a result row shows, and where a page ends.

A search finds cases, not messages: a case matches when any of its mentions, brand replies or notes
holds every word (as a prefix). Filters narrow by the case's facts; results come newest first.
"""

import re
import unicodedata
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import NamedTuple

from console.domain.customer import TREND_STEP
from console.domain.excerpt import excerpt


class DateField(StrEnum):
    """Which of a case's times the date range reads, the table shows and the results sort by."""

    OPENED = "opened"
    UPDATED = "updated"


class SentimentChange(StrEnum):
    """What the first answer did to the customer's mood (the case facts' mean after − mean before)."""

    IMPROVED = "improved"
    WORSENED = "worsened"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"  # not answered, or the customer never wrote again


CHANGE_STEP = TREND_STEP
"""A change smaller than this (either way) is "unchanged", as the customer profile's trend reads it."""


def sentiment_change(value: float | None) -> SentimentChange:
    if value is None:
        return SentimentChange.UNKNOWN
    if value >= CHANGE_STEP:
        return SentimentChange.IMPROVED
    if value <= -CHANGE_STEP:
        return SentimentChange.WORSENED
    return SentimentChange.UNCHANGED


NOT_ANSWERED = ""
"""As :attr:`ArchiveFilters.agent` or ``guidance``: cases nobody answered, or without guidance."""


@dataclass(frozen=True, slots=True)
class ArchiveFilters:
    """Narrowing of a search; None means "any". Fields are ANDed."""

    date_field: DateField = DateField.OPENED
    start_ms: int | None = None  # at or after
    end_ms: int | None = None  # before
    network: str | None = None
    account_id: str | None = None
    agent: str | None = None  # user id of the first published reply's sender, or NOT_ANSWERED
    disposition: str | None = None
    guidance: str | None = None  # "tree · outcome" as the case facts hold it, or NOT_ANSWERED (none)
    sentiment: SentimentChange | None = None

    @property
    def narrowed(self) -> bool:
        return replace(self, date_field=DateField.OPENED) != ArchiveFilters()

    @property
    def reads_facts(self) -> bool:
        """Whether a filter reads the derived case facts (which may need deriving first)."""
        return self.agent is not None or self.guidance is not None or self.sentiment is not None


class ArchiveKey(NamedTuple):
    """Where a page ended: the last row's date (of the filters' date field) and case id."""

    at_ms: int
    case_id: str


class Source(StrEnum):
    MENTION = "mention"
    REPLY = "reply"
    NOTE = "note"


@dataclass(frozen=True, slots=True)
class Snippet:
    """A few words of what matched (or, with no words asked, of the first message) and where the
    words are in it: ``marks`` are (start, end) character offsets into ``text``."""

    source: Source
    text: str
    marks: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class ArchiveRow:
    case_id: str
    at_ms: int  # the filters' date field
    opened_ms: int
    updated_ms: int
    network: str
    account_id: str
    account: str  # the brand account's handle (its id when the cache has no account row)
    customer: str  # the first customer mention's author
    status: str
    agent: str  # the first reply's sender by name ("" not answered)
    disposition: str
    guidance: str  # "" no guidance
    sentiment_change: float | None
    snippet: Snippet | None

    @property
    def key(self) -> ArchiveKey:
        return ArchiveKey(self.at_ms, self.case_id)

    @property
    def change(self) -> SentimentChange:
        return sentiment_change(self.sentiment_change)


@dataclass(frozen=True, slots=True)
class ArchiveCount:
    """How many cases match; ``exact`` False: at least ``cases`` (counting stopped to stay quick)."""

    cases: int
    exact: bool


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """What the filters offer, from the cache: (value, label) pairs, labels sorted."""

    networks: tuple[str, ...] = ()
    accounts: tuple[tuple[str, str], ...] = ()
    agents: tuple[tuple[str, str], ...] = ()
    dispositions: tuple[str, ...] = ()
    guidance_paths: tuple[str, ...] = ()


# --- snippets -----------------------------------------------------------------------------------

_TOKEN = re.compile(r"[^\W_]+")  # the FTS tokenizer's words (console.storage.search.fold)


def _folded(token: str) -> str:
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def snippet(source: Source, text: str, prefixes: tuple[str, ...], width: int = 160) -> Snippet:
    """About ``width`` characters of ``text`` around its first word starting with one of ``prefixes``
    (folded as the index folds), every such word marked; the start of the text when none is."""
    line = excerpt(text, len(text) + 1)  # one line, controls made visible, nothing cut yet
    hits = [
        (m.start(), m.end())
        for m in _TOKEN.finditer(line)
        if prefixes and any(_folded(m.group()).startswith(p) for p in prefixes)
    ]
    start = 0
    if hits and hits[0][1] > width - 20:
        start = max(0, hits[0][0] - width // 4)
        start = line.rfind(" ", 0, start) + 1 if " " in line[:start] else start
    end = min(len(line), start + width)
    if end < len(line) and " " in line[start + width // 2 : end]:
        end = line.rfind(" ", start + width // 2, end)
    lead = "…" if start else ""
    body = lead + line[start:end] + ("…" if end < len(line) else "")
    shift = len(lead) - start
    marks = tuple((a + shift, b + shift) for a, b in hits if a >= start and b <= end)
    return Snippet(source, body, marks)
