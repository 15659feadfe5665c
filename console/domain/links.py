"""Links in a draft found the way twitter-text's extractor finds them, so a count can discount them.

X counts every link it recognises as 23 characters; Mastodon runs the same extractor (its status
length validator calls twitter-text with ``extract_url_without_protocol: false``). What matters for a
count is which stretches are links, so this follows the extractor's rules that change that: who may
precede a link, valid host labels (at most 63 characters, punycode included, no leading or trailing
hyphen), a known top-level domain for a link without ``http(s)://``, a bare ``name.cc`` counting only
with a path (``t.co`` and ``*.tv`` excepted), and a path that ends on a letter, digit, ``/``, ``=``,
``_``, ``#``, ``+``, ``-`` or a balanced parenthesis. Not its full top-level-domain list: any two
ASCII letters pass as a country code, and the generic list below holds the common ones.
"""

import encodings.idna
from dataclasses import dataclass

import regex

# twitter-text's validUrlPrecedingChars: not after an ASCII letter or digit, @, $ or # (full-width too).
_PRECEDING = r"(?<![A-Za-z0-9@＠$#＃])"
# invalidUrlWithoutProtocolPrecedingChars: "foo.example.com" after "-", "_", "." or "/" is no link.
_BARE_PRECEDING = r"(?<![A-Za-z0-9@＠$#＃\-_./])"
# Path and query characters twitter-text accepts: ASCII, Latin accents, Cyrillic, the en dash.
_PATH_CHAR = r"[A-Za-z0-9!*';:=+,.$/%#\[\]\-_~&|@()?\u00C0-\u024F\u0400-\u04FF\u2013]"
# A host label: letters, marks, digits, "_", "-", and non-ASCII symbols (twitter-text takes "☃.net").
_HOST_LABEL = r"(?:[\p{L}\p{M}\p{N}_\-]|[^\x00-\x7F\p{P}\p{Z}\p{C}])+"
_ASCII_LABEL = r"[A-Za-z0-9_\-]+"
# The top-level domain ends where letters end, so "https://example.com😀" keeps its emoji outside.
_TLD_END = r"(?![\p{L}\p{M}\p{N}_\-@])"

_URL = regex.compile(
    rf"""
    {_PRECEDING}(?P<scheme>https?://)
        (?P<host>[0-9]{{1,3}}(?:\.[0-9]{{1,3}}){{3}}(?![0-9.])|(?:{_HOST_LABEL}\.)+[\p{{L}}\p{{M}}]+{_TLD_END})
        (?P<port>:[0-9]{{1,5}})?(?P<path>[/?#]{_PATH_CHAR}*)?
    |
    {_BARE_PRECEDING}(?P<bare>(?:{_ASCII_LABEL}\.)+[A-Za-z]+{_TLD_END})
        (?P<bare_port>:[0-9]{{1,5}})?(?P<bare_path>[/?#]{_PATH_CHAR}*)?
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
_ENDING = regex.compile(r"[\p{L}\p{N}=_#/+\-]$")
_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4 = regex.compile(rf"^{_OCTET}(?:\.{_OCTET}){{3}}$")

# Generic top-level domains a link without a scheme may end in (a common subset of IANA's list).
_GENERIC_TLDS = frozenset(
    {
        *("com", "net", "org", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "aero", "asia"),
        *("cat", "coop", "jobs", "mobi", "museum", "post", "tel", "travel", "app", "dev", "page", "blog"),
        *("shop", "store", "online", "site", "website", "xyz", "top", "club", "news", "tech", "cloud"),
        *("link", "live", "email"),
    }
)
# twitter-text's validSpecialCCTLD: "t.co" and "foo.tv" count as links even with no path.
_SPECIAL_SHORT_CCTLDS = frozenset({"co", "tv"})


@dataclass(frozen=True, slots=True)
class Link:
    start: int
    end: int
    has_scheme: bool


def find_links(text: str, *, bare: bool = True) -> list[Link]:
    """Links in order, not overlapping; ``bare=False`` only those written with http:// or https://."""
    links: list[Link] = []
    pos = 0
    while (m := _URL.search(text, pos)) is not None:
        link = _accept(m, bare)
        if link is None:
            pos = m.start() + 1
            continue
        links.append(link)
        pos = link.end
    return links


def _accept(m: regex.Match, bare: bool) -> Link | None:
    has_scheme = m.group("scheme") is not None
    if not has_scheme and not bare:
        return None
    host = m.group("host") if has_scheme else m.group("bare")
    raw_path = (m.group("path") if has_scheme else m.group("bare_path")) or ""
    path = _trim_path(raw_path)
    if not _valid_host(host, has_scheme, bool(path)):
        return None
    return Link(m.start(), m.end() - len(raw_path) + len(path), has_scheme)


def _valid_host(host: str, has_scheme: bool, has_path: bool) -> bool:
    if has_scheme and _IPV4.match(host):
        return True
    labels = host.split(".")
    tld = labels[-1].lower()
    for i, label in enumerate(labels):
        if not label or label.startswith("-") or label.endswith("-") or _too_long(label):
            return False
        # Underscores are allowed in subdomains only, never in the name or the top-level domain.
        if "_" in label and i >= len(labels) - 2:
            return False
    if not has_scheme:
        if tld not in _GENERIC_TLDS and not (len(tld) == 2 and tld.isascii() and tld.isalpha()):
            return False
        # invalidShortDomain: a bare "name.cc" is only a link with a path (or as t.co, foo.tv).
        short = len(labels) == 2 and len(tld) == 2
        return has_path or not short or tld in _SPECIAL_SHORT_CCTLDS
    return len(tld) >= 2


def _too_long(label: str) -> bool:
    if len(label) > 63:
        return True
    if label.isascii():
        return False
    # An internationalised label goes on the wire as punycode ("xn--…"), which has the same limit.
    try:
        return len(encodings.idna.ToASCII(label)) > 63
    except UnicodeError:
        return True


def _trim_path(path: str) -> str:
    """Drop what the extractor leaves outside a link: trailing punctuation, an unbalanced ")"."""
    while path:
        if path.endswith(")") and path.count("(") >= path.count(")"):
            return path
        if _ENDING.search(path) and not path.endswith(")"):
            return path
        path = path[:-1]
    return path
