"""The one place tree checking learns which variables a condition reads.

The expression module (``console.guidance.expressions``: parse, check, variables) replaces the body
of :func:`condition_variables` when the two branches merge; until then a minimal extractor reads the
dotted variable paths of a condition, skipping quoted text, so that the undefined-variable rule works.
"""

import regex

# Quoted text first, so a path written inside a string literal is skipped as a whole.
_TOKEN = regex.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|(?<![\w.])([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+)(?![\w.(])"""
)


def condition_variables(text: str) -> frozenset[str]:
    """The dotted variable paths (``case.priority``, ``session.order_id``) that ``text`` reads.

    Raises ValueError for a condition that cannot be read, as the expression module's parser will.
    """
    return minimal_dotted_paths(text)


def minimal_dotted_paths(text: str) -> frozenset[str]:
    """Every dotted name outside quotes and not called as a function; an unclosed quote is an error."""
    paths: set[str] = set()
    position = 0
    for match in _TOKEN.finditer(text):
        between = text[position : match.start()]
        if "'" in between or '"' in between:
            raise ValueError("unclosed quote")
        if match.group(1):
            paths.add(match.group(1))
        position = match.end()
    rest = text[position:]
    if "'" in rest or '"' in rest:
        raise ValueError("unclosed quote")
    return frozenset(paths)
