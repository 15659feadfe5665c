"""Running many regular expressions over short texts fast: each only where it could match.

One pass of a big alternation over every text cost more than all the rest of the analysis, because
the regex engine tries every alternative at every position. Instead, each expression gets strings
one of which every match must contain (read from the expression's own parse, so a pattern edited
tomorrow needs no second list). A trigger that starts a word is looked up by its first three
letters among the prefixes of the text's words; the few others are searched for as substrings.
Only expressions with a trigger present run.
"""

import re
from collections.abc import Sequence
from re import _constants, _parser  # stable since Python 3.11

_LITERAL, _BRANCH, _SUBPATTERN, _AT = (
    _constants.LITERAL,
    _constants.BRANCH,
    _constants.SUBPATTERN,
    _constants.AT,
)
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
_BOUNDARY = _constants.AT_BOUNDARY
_LETTERS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")


def prefixes_of(words: Sequence[str]) -> set[str]:
    """The first three letters of each word: what :meth:`CueIndex.matches` looks triggers up in.

    A word with an apostrophe ("hasn't") also gives those of its parts: a regex word boundary
    falls on each side of the apostrophe.
    """
    prefixes = {word[:3] for word in words}
    for word in words:
        if "'" in word:
            prefixes.update(part[:3] for part in word.split("'"))
    return prefixes


class CueIndex:
    def __init__(self, patterns: Sequence[str]):
        self.patterns = [re.compile(pattern) for pattern in patterns]
        self._by_prefix: dict[str, list[tuple[str, int]]] = {}
        self._loose: list[tuple[str, int]] = []  # triggers that may start inside a word
        always = []
        for index, pattern in enumerate(patterns):
            triggers = _triggers(_parser.parse(pattern).data, word_start=False)
            if triggers is None:
                always.append(index)
                continue
            for trigger, word_start in triggers:
                first = trigger.split(" ", 1)[0]  # a whole word when a space follows it
                if word_start and first.replace("'", "").isalpha() and (len(first) >= 3 or first != trigger):
                    self._by_prefix.setdefault(first[:3], []).append((trigger, index))
                else:
                    self._loose.append((trigger, index))
        self._always = frozenset(always)

    def matches(self, lower: str, prefixes: set[str] | None = None) -> list[int]:
        """Indexes, in order, of the expressions that match somewhere in ``lower``.

        ``prefixes`` are those of ``lower``'s words (:func:`prefixes_of`), when the caller has them.
        """
        if prefixes is None:
            prefixes = prefixes_of(_LETTERS.findall(lower))
        candidates = set(self._always)
        for prefix in prefixes & self._by_prefix.keys():
            for trigger, index in self._by_prefix[prefix]:
                if index not in candidates and trigger in lower:
                    candidates.add(index)
        for trigger, index in self._loose:
            if index not in candidates and trigger in lower:
                candidates.add(index)
        return [index for index in sorted(candidates) if self.patterns[index].search(lower)]


def _triggers(items, word_start: bool) -> list[tuple[str, bool]] | None:
    """(trigger, starts a word) pairs one of which every match of the parsed ``items`` contains.

    None when there are none of three characters or more: the expression then always runs.
    """
    options: list[list[tuple[str, bool]]] = []
    run, run_at_word = "", word_start

    def flush() -> None:
        stripped = run.lstrip(" ")
        if stripped:
            options.append([(stripped, run_at_word or stripped != run)])

    for op, av in items:
        if op is _LITERAL:
            if not run:
                run_at_word = word_start
            run += chr(av)
            word_start = av == 32  # what follows a space starts a word
            continue
        flush()
        run = ""
        if op is _AT:
            word_start = av is _BOUNDARY
            continue
        if op is _BRANCH:
            branches = [_triggers(branch, word_start) for branch in av[1]]
            if all(branches):
                options.append([t for branch in branches for t in branch])
        elif op is _SUBPATTERN:
            if inner := _triggers(av[-1], word_start):
                options.append(inner)
        elif op in _REPEATS and av[0] >= 1 and (inner := _triggers(av[2], word_start)):
            options.append(inner)
        word_start = False
    flush()
    options = [option for option in options if min(len(t) for t, _ in option) >= 3]
    if not options:
        return None
    # Prefer triggers that start words (looked up, not searched for), then the longest, then the fewest.
    return max(
        options,
        key=lambda option: (all(ws for _, ws in option), min(len(t) for t, _ in option), -len(option)),
    )
