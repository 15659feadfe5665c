"""Mention text made safe for one table row: what a cell shows of arbitrary network text.

Networks deliver newlines, tabs, NULs, zero-width characters, bidi overrides and emoji sequences.
In a one-line cell, a line break or an unterminated right-to-left override would wreck the row (or
the cells after it), and invisible characters hide what the customer really wrote.
"""

import unicodedata

# Invisible characters that carry no meaning in an excerpt (ZWJ and ZWNJ stay: emoji sequences and
# Persian/Indic shaping need them).
_INVISIBLE = {0x200B, 0x2060, 0xFEFF, 0x180E, 0x00AD}
# Explicit bidi embeddings, overrides and isolates: the cell's direction comes from the text itself.
_BIDI_CONTROLS = set(range(0x202A, 0x202F)) | set(range(0x2066, 0x206A))
_WHITESPACE_CONTROLS = {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1C, 0x1D, 0x1E, 0x1F, 0x85, 0x2028, 0x2029}


def _visible(character: str) -> str:
    code = ord(character)
    if code in _WHITESPACE_CONTROLS:
        return " "
    if code in _INVISIBLE or code in _BIDI_CONTROLS:
        return ""
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟: the control picture, so it is seen, not obeyed
    if code == 0x7F:
        return "\u2421"  # ␡
    if unicodedata.category(character) == "Cc":  # C1 controls
        return "\ufffd"
    return character


def excerpt(text: str, limit: int = 160) -> str:
    """One line of at most ``limit`` characters: controls made visible, whitespace collapsed."""
    head = text[: limit * 4]
    cleaned = head if head.isprintable() else "".join(c if c.isprintable() else _visible(c) for c in head)
    line = " ".join(cleaned.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


def is_right_to_left(text: str) -> bool:
    """Whether the text's first strong character is right-to-left (Arabic, Hebrew, …): its direction."""
    for character in text:
        kind = unicodedata.bidirectional(character)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False
