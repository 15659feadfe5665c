"""Text as the classifiers read it: links and handles gone, words and clause marks in order.

Shared by sentiment, intent and language so a mention is cleaned and split once per analysis.
"""

import re
from dataclasses import dataclass

# Links, @handles and e-mail addresses say who and where, never how the customer feels.
_NOISE = re.compile(r"https?://\S+|www\.\S+|\S+@\S+\.\w+|@\w+")
# Words (letters with inner apostrophes), numbers, and the punctuation that ends a clause or asks.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+|[.,;:!?¿¡]|\n")
_ELONGATED = re.compile(r"([^\W\d_])\1{2,}")


@dataclass(frozen=True, slots=True)
class Text:
    raw: str
    clean: str  # without links and handles; hashtags keep their word ("#fail" reads "fail")
    lower: str
    tokens: tuple[str, ...]  # lower case; elongations squeezed to two letters ("sooooo" → "soo")
    shouted: frozenset[int]  # positions of words written in capitals inside mixed-case text


def read(raw: str) -> Text:
    clean = _NOISE.sub(" ", raw).replace("#", " ").replace("’", "'")
    words = _TOKEN.findall(clean)
    lower_words = []
    shouted = set()
    mixed = any(c.islower() for c in clean)  # an all-caps post is a style, not emphasis
    for index, word in enumerate(words):
        if mixed and len(word) > 2 and word.isupper():
            shouted.add(index)
        low = word.lower()
        if len(low) > 3 and _ELONGATED.search(low):
            low = _ELONGATED.sub(r"\1\1", low)
        lower_words.append(low)
    return Text(raw, clean, clean.lower(), tuple(lower_words), frozenset(shouted))
