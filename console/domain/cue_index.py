"""Running many regular expressions over short texts fast: each only where it could match.

One pass of a big alternation over every text cost more than all the rest of the analysis, because
the regex engine tries every alternative at every position. Instead, each expression gets the
strings one of which every match must contain (read from the expression's own parse, so a pattern
edited tomorrow needs no second list), indexed by their first three characters; a text is
checked against its own three-character set, and only expressions with a trigger in it run.
"""

import re
from collections.abc import Sequence
from re import _constants, _parser  # stable since Python 3.11; the fallback is to always run

_LITERAL, _BRANCH, _SUBPATTERN = _constants.LITERAL, _constants.BRANCH, _constants.SUBPATTERN
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)


def grams_of(lower: str) -> set[str]:
    """The three-character pieces of ``lower``: what :meth:`CueIndex.matches` looks triggers up in."""
    return {lower[i : i + 3] for i in range(len(lower) - 2)}


class CueIndex:
    def __init__(self, patterns: Sequence[str]):
        self.patterns = [re.compile(pattern) for pattern in patterns]
        self._by_gram: dict[str, list[tuple[str, int]]] = {}
        always = []
        for index, pattern in enumerate(patterns):
            triggers = _triggers(_parser.parse(pattern).data)
            if triggers is None:
                always.append(index)
                continue
            for trigger in triggers:
                self._by_gram.setdefault(trigger[:3], []).append((trigger, index))
        self._always = frozenset(always)

    def matches(self, lower: str, grams: set[str] | None = None) -> list[int]:
        """Indexes, in order, of the expressions that match somewhere in ``lower``."""
        return [index for index in self._candidates(lower, grams) if self.patterns[index].search(lower)]

    def _candidates(self, lower: str, grams: set[str] | None) -> list[int]:
        candidates = set(self._always)
        for gram in (grams_of(lower) if grams is None else grams) & self._by_gram.keys():
            for trigger, index in self._by_gram[gram]:
                if index not in candidates and trigger in lower:
                    candidates.add(index)
        return sorted(candidates)


def _triggers(items) -> list[str] | None:
    """Strings one of which every match of the parsed ``items`` contains, or None if there are none."""
    options: list[list[str]] = []
    run = ""
    for op, av in items:
        if op is _LITERAL:
            run += chr(av)
            continue
        if run:
            options.append([run])
            run = ""
        if op is _BRANCH:
            branches = [_triggers(branch) for branch in av[1]]
            if all(branches):
                options.append([t for branch in branches for t in branch])
        elif op is _SUBPATTERN:
            if inner := _triggers(av[-1]):
                options.append(inner)
        elif op in _REPEATS and av[0] >= 1 and (inner := _triggers(av[2])):
            options.append(inner)
    if run:
        options.append([run])
    options = [option for option in options if min(map(len, option)) >= 3]
    if not options:
        return None
    return max(options, key=lambda option: (min(map(len, option)), -len(option)))
