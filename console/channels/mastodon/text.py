"""Mastodon statuses are HTML; a case shows what a reader sees of them."""

import html as entities
import re
from html.parser import HTMLParser

_TAG = re.compile(r"<(/?)([a-zA-Z][^\t\n\r\f />\x00<]*)[^<>]*>")  # names as html.parser reads them
# What the quick reading cannot take for sure: comments, declarations, a quoted value holding an
# angle bracket, a stray "<", a tag left open — such text goes through the full parser.
_UNUSUAL = re.compile(
    r"<!|<\?|=\s*\"[^\"]*[<>]|=\s*'[^']*[<>]|<(?![a-zA-Z]|/[a-zA-Z])|</?[a-zA-Z][^>]*(?:<|$)"
)


class _TextParser(HTMLParser):
    _BREAKS = frozenset({"br"})
    _BLOCKS = frozenset({"p", "div", "blockquote", "li", "pre", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self._BREAKS:
            self.parts.append("\n")
        elif tag in self._BLOCKS and self.parts:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        # Mastodon cuts long link texts with "invisible" spans; joined, they are the whole address.
        self.parts.append(data)


def html_to_text(html: str) -> str:
    """What a reader sees of a status's HTML: paragraphs as blank lines, ``<br>`` as a line break,
    links and mentions as their text, entities decoded."""
    parts = _quick_parts(html) if not _UNUSUAL.search(html) else None
    if parts is None:  # the full parser: slower (half a normalize's time), but takes anything
        parser = _TextParser()
        parser.feed(html)
        parser.close()
        parts = parser.parts
    return re.sub(r"\n{3,}", "\n\n", "".join(parts)).strip()


def _quick_parts(html: str) -> list[str]:
    """As _TextParser's parts, for the plain tags a server's sanitizer leaves (p, br, a, span…)."""
    parts: list[str] = []
    at = 0
    for tag in _TAG.finditer(html):
        if tag.start() > at:
            parts.append(entities.unescape(html[at : tag.start()]))
        at = tag.end()
        if tag.group(1):
            continue  # an end tag adds nothing
        name = tag.group(2).lower()
        if name in _TextParser._BREAKS:
            parts.append("\n")
        elif name in _TextParser._BLOCKS and parts:
            parts.append("\n\n")
    if at < len(html):
        parts.append(entities.unescape(html[at:]))
    return parts
