"""Text as the classifiers read it: links and handles gone, words and clause marks in order.

Shared by sentiment, intent and language so a mention is cleaned and split once per analysis.
"""

import re
from dataclasses import dataclass

from console.domain.cue_index import prefixes_of

# Links, @handles and e-mail addresses say who and where, never how the customer feels.
_NOISE = re.compile(
    r"https?://\S+|www\.\S+|(?<![^\s@])[^\s@]++@[\w-]++(?:\.[\w-]++)+|@\w+"
)  # linear on any run of text
# Words (letters with inner apostrophes), numbers, and the punctuation that ends a clause or asks.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[.,;:!?¿¡]|\n")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")
_CAPS = re.compile(r"[^\W\d_a-z]{3}")
_HASHTAG = re.compile(r"(?<![\w/])#([^\W\d_]{6,})")


@dataclass(frozen=True, slots=True)
class Text:
    raw: str
    clean: str  # without links and handles; hashtags keep their word ("#fail" reads "fail")
    lower: str
    tokens: tuple[str, ...]  # lower case; elongations squeezed to two letters ("sooooo" → "soo")
    shouted: frozenset[int]  # positions of words written in capitals inside mixed-case text
    prefixes: set[str]  # the first three letters of each token, for console.domain.cue_index
    hashtags: tuple[str, ...]  # lower case, six letters or more: "#worstflightever" → "worstflightever"


def read(raw: str) -> Text:
    """Whole-text passes only (one regex each), no per-word work: ingest reads every mention."""
    unlinked = _NOISE.sub(" ", raw)
    clean = unlinked.replace("#", " ").replace("’", "'")
    lower = clean.lower()
    squeezed = _ELONGATED.sub(r"\1\1", lower) if _ELONGATED.search(lower) else lower
    tokens = tuple(_TOKEN.findall(squeezed))
    shouted: frozenset[int] = frozenset()
    # An all-caps post is a style, not emphasis; squeezing keeps the word count, so indexes agree.
    if _CAPS.search(clean) and any(c.islower() for c in clean):
        shouted = frozenset(
            i for i, word in enumerate(_TOKEN.findall(clean)) if len(word) > 2 and word.isupper()
        )
    hashtags = tuple(tag.lower() for tag in _HASHTAG.findall(unlinked)) if "#" in unlinked else ()
    return Text(raw, clean, lower, tokens, shouted, prefixes_of(tokens), hashtags)
