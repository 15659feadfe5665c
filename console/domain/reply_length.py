"""How long a reply is, counted the way its network counts, and whether it may go private.

Each network measures differently: X weighs code points and counts a link as 23; Bluesky counts
extended grapheme clusters; Mastodon counts graphemes after shortening links to 23 and remote mentions
to their local part; the rest count code points. The composer shows one ``ReplyLength`` per draft.
"""

import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import regex

from console.domain.links import find_links
from console.domain.network import Network


class Unit(StrEnum):
    CHARACTERS = "characters"
    GRAPHEMES = "graphemes"  # what a reader sees as one character: "🇫🇷" or "👨‍👩‍👧‍👦" is one
    BYTES = "bytes"  # UTF-8, where a network caps the encoded size as well

    def amount(self, n: int) -> str:
        word = {Unit.CHARACTERS: "character", Unit.GRAPHEMES: "character", Unit.BYTES: "byte"}[self]
        return f"{n:,} {word}{'' if n == 1 else 's'}"


@dataclass(frozen=True, slots=True)
class ReplyLength:
    network: Network
    private: bool
    used: int
    limit: int
    unit: Unit

    @property
    def over_by(self) -> int:
        return max(0, self.used - self.limit)

    @property
    def left(self) -> int:
        return max(0, self.limit - self.used)

    @property
    def fits(self) -> bool:
        return self.used <= self.limit

    @property
    def message(self) -> str:
        """For the composer's counter: "12 characters over X's 280", "268 characters left"."""
        if self.fits:
            return f"{self.unit.amount(self.left)} left"
        if self.private:
            kind = _PRIVATE_NAMES[self.network]
            return f"{self.unit.amount(self.over_by)} over the {self.limit:,} of a {kind}"
        label = self.network.label
        owner = f"{label}'" if label.endswith("s") else f"{label}'s"
        return f"{self.unit.amount(self.over_by)} over {owner} {self.limit:,}"


# Where a public mention can be answered privately, and what that private answer is called.
_PRIVATE_NAMES = {
    Network.X: "direct message",
    Network.FACEBOOK: "private reply in Messenger",
    Network.INSTAGRAM: "direct message",
    Network.REDDIT: "private message",
    Network.MASTODON: "direct post",  # a status with "direct" visibility, seen only by those mentioned
    Network.BLUESKY: "chat message",
}


def allows_private(network: Network) -> bool:
    """YouTube comments and review sites can only be answered in public."""
    return network in _PRIVATE_NAMES


# (limit, unit) per network, public then private.
_PUBLIC: dict[Network, tuple[int, Unit]] = {
    # twitter-text config/v3.json: maxWeightedTweetLength 280 (weighted, see x_weighted_length).
    Network.X: (280, Unit.CHARACTERS),
    # Recorded in issue 5; not re-checked here against each network's own reference.
    Network.FACEBOOK: (8000, Unit.CHARACTERS),
    Network.INSTAGRAM: (2200, Unit.CHARACTERS),
    Network.YOUTUBE: (10000, Unit.CHARACTERS),
    Network.REDDIT: (10000, Unit.CHARACTERS),
    # Mastodon's default MAX_TOOT_CHARS (app/validators/status_length_validator.rb); a server may
    # raise it, so pass its configuration.statuses.max_characters as ``limit`` when known.
    Network.MASTODON: (500, Unit.GRAPHEMES),
    # atproto lexicon app.bsky.feed.post: text maxGraphemes 300 (and maxLength 3000 bytes).
    Network.BLUESKY: (300, Unit.GRAPHEMES),
    # Google Business Profile API, ReviewReply.comment: "The maximum length is 4096 bytes."
    Network.REVIEWS: (4096, Unit.BYTES),
}
_PRIVATE: dict[Network, tuple[int, Unit]] = {
    Network.X: (10000, Unit.CHARACTERS),  # X API direct messages, as recorded in issue 5
    Network.FACEBOOK: (2000, Unit.CHARACTERS),  # Messenger Send API reference, message.text; not re-checked
    Network.INSTAGRAM: (1000, Unit.CHARACTERS),  # Instagram Messaging, as recorded in issue 5
    Network.REDDIT: (10000, Unit.CHARACTERS),  # Reddit private message, as recorded in issue 5
    Network.MASTODON: (500, Unit.GRAPHEMES),  # a direct post is a status like any other
    # atproto lexicon chat.bsky.convo.defs#messageInput: maxGraphemes 1000, maxLength 10000 bytes.
    Network.BLUESKY: (1000, Unit.GRAPHEMES),
}
# atproto's string maxLength counts UTF-8 bytes; ten-byte graphemes (ZWJ families) can hit it first.
_BLUESKY_BYTES = {False: 3000, True: 10000}


def limit_of(network: Network, *, private: bool = False) -> int:
    """The network's cap for a reply of this kind, in the unit the network counts."""
    return _table(network, private)[0]


def measure(
    network: Network, text: str, *, private: bool = False, limit: int | None = None, content_warning: str = ""
) -> ReplyLength:
    """The length of ``text`` as ``network`` counts it. ``content_warning`` counts on Mastodon only,
    which adds the warning to the post's length; ``limit`` overrides the default cap (a Mastodon
    server's own maximum)."""
    cap, unit = _table(network, private)
    cap = cap if limit is None else limit
    if network is Network.X and not private:
        used = x_weighted_length(text)
    elif network is Network.MASTODON:
        used = graphemes(content_warning) + graphemes(mastodon_countable_text(text))
    elif network is Network.BLUESKY:
        used = graphemes(text)
        encoded = len(text.encode("utf-8", "surrogatepass"))
        if used <= cap and encoded > _BLUESKY_BYTES[private]:
            return ReplyLength(network, private, encoded, _BLUESKY_BYTES[private], Unit.BYTES)
    elif unit is Unit.BYTES:
        used = len(text.encode("utf-8", "surrogatepass"))
    else:
        used = len(text)
    return ReplyLength(network, private, used, cap, unit)


def longest(
    network: Network, fixed: str, free: int, *, private: bool = False, limit: int | None = None
) -> ReplyLength:
    """The most ``fixed`` text can count once ``free`` more characters of any kind are written into
    it (a template's variables): each free character at its heaviest — two on X, where CJK and
    emoji weigh double; four UTF-8 bytes where bytes are capped. Free text is taken to hold no link;
    a link in it counts 23 however short it is."""
    if free < 0:
        raise ValueError("free characters cannot be negative")
    fixed_length = measure(network, fixed, private=private, limit=limit)
    heaviest = {Unit.BYTES: 4, Unit.GRAPHEMES: 1, Unit.CHARACTERS: 1}[fixed_length.unit]
    if network is Network.X and not private:
        heaviest = _X_DEFAULT_WEIGHT // _X_SCALE
    worst = ReplyLength(
        network, private, fixed_length.used + heaviest * free, fixed_length.limit, fixed_length.unit
    )
    if network is Network.BLUESKY and worst.unit is Unit.GRAPHEMES:
        encoded = len(fixed.encode("utf-8", "surrogatepass")) + 4 * free
        if worst.fits and encoded > _BLUESKY_BYTES[private]:
            return ReplyLength(network, private, encoded, _BLUESKY_BYTES[private], Unit.BYTES)
    return worst


def _table(network: Network, private: bool) -> tuple[int, Unit]:
    if not private:
        return _PUBLIC[network]
    if network not in _PRIVATE:
        raise ValueError(f"{network.label} cannot be answered privately")
    return _PRIVATE[network]


def graphemes(text: str) -> int:
    """Extended grapheme clusters (UAX #29), as atproto's graphemeLen and Ruby's grapheme_length."""
    return len(_GRAPHEME.findall(text))


_GRAPHEME = regex.compile(r"\X")


# --- X: twitter-text's parseTweet with config v3 ---------------------------------------------------

_X_SCALE = 100
_X_DEFAULT_WEIGHT = 200
_X_URL_WEIGHT = 23 * _X_SCALE  # transformedURLLength
# Code points weighted 100 (one character); everything else weighs 200. CJK, most symbols and any
# code point beyond the BMP count twice.
_X_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
# twemoji's parser, which twitter-text's emoji pattern comes from, leaves these as text unless an
# emoji presentation selector (U+FE0F) follows: "©" in "© 2024" is a letter, not an emoji.
_TEXT_DEFAULT_PICTOGRAPHS = frozenset("©®™")
_EMOJI_START = regex.compile(r"[\p{Extended_Pictographic}\p{Regional_Indicator}]")
_KEYCAP_BASE = frozenset("0123456789#*")


def x_weighted_length(text: str) -> int:
    """Weighted length per twitter-text (config v3): NFC first; a link counts 23; an emoji sequence
    (ZWJ family, flag, skin tone, keycap) counts once at the default weight of 2; then per code point
    1 inside the light ranges and 2 outside. Text of only spaces and controls counts 0, as there."""
    if not text.strip("".join(map(chr, range(33)))):
        return 0
    text = unicodedata.normalize("NFC", text)
    weight = 0
    pos = 0
    for link in find_links(text):
        weight += _x_plain_weight(text[pos : link.start]) + _X_URL_WEIGHT
        pos = link.end
    weight += _x_plain_weight(text[pos:])
    return weight // _X_SCALE


def _x_plain_weight(text: str) -> int:
    weight = 0
    for cluster in _GRAPHEME.findall(text):
        if _is_emoji(cluster):
            weight += _X_DEFAULT_WEIGHT
            continue
        for char in cluster:
            weight += _x_code_point_weight(ord(char))
    return weight


def _is_emoji(cluster: str) -> bool:
    first = cluster[0]
    if first in _KEYCAP_BASE:
        return "\u20e3" in cluster
    if not _EMOJI_START.match(first):
        return False
    return first not in _TEXT_DEFAULT_PICTOGRAPHS or "\ufe0f" in cluster


def _x_code_point_weight(code_point: int) -> int:
    for start, end in _X_LIGHT_RANGES:
        if start <= code_point <= end:
            return _X_SCALE
    return _X_DEFAULT_WEIGHT


# --- Mastodon: StatusLengthValidator#countable_text ------------------------------------------------

_MASTODON_URL_PLACEHOLDER = "x" * 23
# Account::MENTION_RE: "@user" or "@user@domain", not after a word character, "=" or "/".
_MASTODON_MENTION = regex.compile(
    r"(?<![=/\w])@(?P<user>[a-z0-9_]+(?:[a-z0-9_.\-]+[a-z0-9_]+)?)(?:@[\w]+(?:[.\-]+[\w]+)*)?",
    regex.IGNORECASE,
)


def mastodon_countable_text(text: str) -> str:
    """The text Mastodon measures: each http(s) link as 23 characters (links without a scheme are
    not discounted) and each "@user@domain" as "@user"; entities that overlap keep the earlier one."""
    entities: list[tuple[int, int, str]] = [
        (link.start, link.end, _MASTODON_URL_PLACEHOLDER) for link in find_links(text, bare=False)
    ]
    entities += [(m.start(), m.end(), "@" + m.group("user")) for m in _MASTODON_MENTION.finditer(text)]
    entities.sort()
    parts: list[str] = []
    pos = 0
    for start, end, replacement in entities:
        if start < pos:
            continue  # overlaps the previous entity
        parts.append(text[pos:start])
        parts.append(replacement)
        pos = end
    parts.append(text[pos:])
    return "".join(parts)
