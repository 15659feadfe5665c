"""A reply's text made fit to send: characters no network accepts removed, the length capped.

Pasted text brings invisible passengers — a NUL from a PDF, a vertical tab or form feed from a word
processor, a lone surrogate from a broken copy. Networks refuse or mangle them, so they go (and the
agent is told). Everything a reader can see stays, zero-width joiners included: emoji need them.
"""

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from console.domain.mutation import MAX_TEXT
from console.domain.translatable import translatable

_KEPT_CONTROLS = frozenset("\n\t")


@dataclass(frozen=True, slots=True)
class PreparedReply:
    text: str
    removed: int  # invisible characters taken out
    refusal: str  # why it cannot be sent, an English template (translatable "Errors"); "" when it can
    values: Mapping[str, int] = field(default_factory=dict)  # the refusal's fields

    @property
    def reason(self) -> str:
        """The refusal in English, filled in."""
        return self.refusal.format(**self.values)


def prepare(text: str) -> PreparedReply:
    """Clean ``text`` for sending and say whether it can go."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = "".join(char for char in text if not _invalid(char))
    removed = len(text) - len(kept)
    kept = kept.strip()
    if not kept:
        return PreparedReply(
            kept, removed, translatable("Errors", "Write a reply first: there is nothing to send.")
        )
    if len(kept) > MAX_TEXT:
        return PreparedReply(
            kept,
            removed,
            translatable(
                "Errors",
                "This reply is {length:,} characters; a reply stops at {cap:,}. "
                "Shorten it to send — nothing was cut.",
            ),
            {"length": len(kept), "cap": MAX_TEXT},
        )
    return PreparedReply(kept, removed, "")


def _invalid(char: str) -> bool:
    if char in _KEPT_CONTROLS:
        return False
    category = unicodedata.category(char)
    if category in ("Cc", "Cs"):  # C0/C1 controls, lone surrogates
        return True
    code = ord(char)
    # Noncharacters (U+FDD0–U+FDEF and the last two of every plane) are never for interchange.
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE
