"""Rich-text facets for a Bluesky post: where its mentions and links are, in UTF-8 bytes.

A post's text carries no markup; a mention or link is a facet naming a byte range of the text as
UTF-8 (``byteStart`` inclusive, ``byteEnd`` exclusive — app.bsky.richtext.facet), so an emoji or an
accented letter before it moves it by its encoded length, not by one character.
"""

import re
from collections.abc import Mapping

# The handle and URL patterns of the reference client (atproto's rich-text detection), simplified:
# a mention starts the text or follows a space or an opening bracket.
_MENTION = re.compile(
    r"(?:^|[\s(\[])(@([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}[a-zA-Z0-9-]*)"
)
_LINK = re.compile(r"(?:^|[\s(\[])(https?://[^\s<>\"]+)")
_TRAILING = ".,;:!?'\")]"


def mentioned_handles(text: str) -> list[str]:
    """The handles ``@name.example`` in ``text``, without the ``@``, in order, each once."""
    seen: dict[str, None] = {}
    for match in _MENTION.finditer(text):
        seen.setdefault(match.group(1)[1:].rstrip(_TRAILING).lower(), None)
    return list(seen)


def build_facets(text: str, dids: Mapping[str, str]) -> list[dict]:
    """The facets of ``text``: each ``@handle`` whose DID ``dids`` knows (lower-case handles), and
    each http(s) link (trailing punctuation left out), with UTF-8 byte offsets."""
    facets: list[tuple[int, dict]] = []
    for match in _MENTION.finditer(text):
        handle = match.group(1).rstrip(_TRAILING)
        did = dids.get(handle[1:].lower())
        if did:
            start = match.start(1)
            facets.append((start, _facet(text, start, start + len(handle), {"did": did}, "mention")))
    for match in _LINK.finditer(text):
        uri = match.group(1).rstrip(_TRAILING)
        start = match.start(1)
        facets.append((start, _facet(text, start, start + len(uri), {"uri": uri}, "link")))
    return [facet for _, facet in sorted(facets, key=lambda pair: pair[0])]


def byte_offset(text: str, index: int) -> int:
    """The UTF-8 byte position of character ``index`` of ``text``."""
    return len(text[:index].encode("utf-8"))


def _facet(text: str, start: int, end: int, feature: dict, kind: str) -> dict:
    return {
        "index": {"byteStart": byte_offset(text, start), "byteEnd": byte_offset(text, end)},
        "features": [{"$type": f"app.bsky.richtext.facet#{kind}", **feature}],
    }
