"""Mastodon statuses are HTML; a case shows what a reader sees of them."""

import re
from html.parser import HTMLParser


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
    parser = _TextParser()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
