"""The team's canned responses: each a parsed template with what the picker shows and filters on.

Filtering is by words, in any order, each matching the start of a word of the title, tags, id,
language or text ("ref sta" finds "Refund status"); a language match ranks the case's language first.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import regex

from console.domain.canned import Template

_WORD = regex.compile(r"[\p{L}\p{N}]+")


@dataclass(frozen=True, slots=True)
class CannedResponse:
    id: str
    title: str
    language: str  # ISO 639-1, lower case
    tags: tuple[str, ...]
    template: Template

    @property
    def text(self) -> str:
        return self.template.source

    def words(self) -> tuple[str, ...]:
        """Lower-case words the filter matches against, title first."""
        fields = (self.title, " ".join(self.tags), self.id, self.language, self.text)
        return tuple(word.lower() for field in fields for word in _WORD.findall(field))

    def matches(self, query: str) -> bool:
        wanted = [word.lower() for word in _WORD.findall(query)]
        if not wanted:
            return True
        words = self.words()
        return all(any(word.startswith(w) for word in words) for w in wanted)


def filtered(responses: Iterable[CannedResponse], query: str, language: str = "") -> list[CannedResponse]:
    """The responses matching ``query``: those in ``language`` first, then the rest, each in file order."""
    found = [response for response in responses if response.matches(query)]
    return sorted(found, key=lambda response: response.language != language.lower())
