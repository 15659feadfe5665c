"""Running an expression: compiled once into a tree of closures, then evaluated over plain values.

Evaluation never raises and never reaches a Python attribute: a variable is a key of the values
mapping (``values["mention.sentiment"]``), nothing else. Null-safe semantics:

* a variable missing from the values is null;
* ``==`` / ``!=`` compare values (null equals only null; true is not 1); ``!=`` is ``not ==``;
* ordering (``< <= > >=``) with a null, or between values that have no order, is false;
* arithmetic and ``-`` on a null (or a non-number) give null, and so do ``lower`` and ``len``;
* ``in`` is false when either side is null; ``not in`` is ``not in``'s negation (so true then);
* in a boolean place (``and``, ``or``, ``not``, a condition) only true is true: null is false;
  ``and`` / ``or`` short-circuit and always give true or false;
* ``contains``, ``startswith``, ``endswith`` and ``any_of`` are false when an argument is null.

The type checker keeps well-typed trees from meeting most of these cases; they are what happens
when the values a runner supplies are missing or not what the environment declared.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Mapping

from console.guidance.expression_syntax import (
    Binary,
    Call,
    Expr,
    ListExpr,
    Literal,
    Logical,
    Unary,
    Variable,
)

Values = Mapping[str, object]
Compiled = Callable[[Values], object]

_ORDER = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
_SEQUENCES = (list, tuple, set, frozenset)
_MEASURABLE = (str, *_SEQUENCES)


def compile_tree(expr: Expr) -> Compiled:
    """A function of the values that gives the expression's value; build it once, call it often."""
    match expr:
        case Literal(value=value):
            return lambda _values: value
        case Variable(path=path):
            return lambda values: values.get(path)
        case ListExpr(items=items):
            if all(isinstance(item, Literal) for item in items):
                constant = tuple(item.value for item in items)
                return lambda _values: constant
            parts = tuple(compile_tree(item) for item in items)
            return lambda values: tuple(part(values) for part in parts)
        case Unary(op="not", operand=operand):
            inner = compile_tree(operand)
            return lambda values: inner(values) is not True
        case Unary(operand=operand):
            inner = compile_tree(operand)
            return lambda values: _negate(inner(values))
        case Logical(op=op, operands=operands):
            return _logical(op, tuple(compile_tree(operand) for operand in operands))
        case Binary(op="+" | "-" as op, left=left, right=right):
            return _arithmetic(op, compile_tree(left), compile_tree(right))
        case Binary(op="==" | "!=" as op, left=left, right=right):
            lhs, rhs = compile_tree(left), compile_tree(right)
            if op == "==":
                return lambda values: _equal(lhs(values), rhs(values))
            return lambda values: not _equal(lhs(values), rhs(values))
        case Binary(op="in" | "not in" as op, left=left, right=right):
            member = _membership(compile_tree(left), right)
            if op == "in":
                return member
            return lambda values: not member(values)
        case Binary(op=op, left=left, right=right):
            return _ordering(_ORDER[op], compile_tree(left), compile_tree(right))
        case Call():
            return _call(expr)
    raise TypeError(f"not an expression node: {expr!r}")


def _negate(value: object) -> object:
    return -value if _is_number(value) else None


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _logical(op: str, parts: tuple[Compiled, ...]) -> Compiled:
    if op == "and":
        return lambda values: all(part(values) is True for part in parts)
    return lambda values: any(part(values) is True for part in parts)


def _arithmetic(op: str, lhs: Compiled, rhs: Compiled) -> Compiled:
    apply = operator.add if op == "+" else operator.sub

    def arithmetic(values: Values) -> object:
        a, b = lhs(values), rhs(values)
        if not (_is_number(a) and _is_number(b)):
            return None
        try:
            return apply(a, b)
        except OverflowError:  # an int too large to meet a float
            return None

    return arithmetic


def _equal(a: object, b: object) -> bool:
    if isinstance(a, bool) is not isinstance(b, bool):
        return False  # true is not 1
    if isinstance(a, list):
        a = tuple(a)
    if isinstance(b, list):
        b = tuple(b)
    try:
        return bool(a == b)
    except Exception:  # a value no mapping of plain values should hold; equality never raises for them
        return False


def _ordering(compare: Callable[[object, object], bool], lhs: Compiled, rhs: Compiled) -> Compiled:
    def ordering(values: Values) -> bool:
        a, b = lhs(values), rhs(values)
        if a is None or b is None or isinstance(a, bool) or isinstance(b, bool):
            return False
        if not ((_is_number(a) and _is_number(b)) or (isinstance(a, str) and isinstance(b, str))):
            return False
        return compare(a, b)

    return ordering


def _membership(lhs: Compiled, right: Expr) -> Compiled:
    if isinstance(right, ListExpr) and all(isinstance(item, Literal) for item in right.items):
        items = tuple(item.value for item in right.items)
        # A set answers in one step; bools kept apart so that true is not found among 1s.
        hashed = frozenset((type(item) is bool, item) for item in items)
        return lambda values: _member_of_constant(lhs(values), hashed)
    rhs = compile_tree(right)
    return lambda values: _member(lhs(values), rhs(values))


def _member_of_constant(value: object, hashed: frozenset) -> bool:
    if value is None:
        return False
    try:
        return (type(value) is bool, value) in hashed
    except TypeError:  # unhashable: a list is never among literal items
        return False


def _member(value: object, container: object) -> bool:
    if value is None or container is None:
        return False
    if isinstance(container, str):
        return isinstance(value, str) and value in container
    if isinstance(container, _SEQUENCES):
        return any(_equal(value, item) for item in container)
    return False


def _call(expr: Call) -> Compiled:
    args = tuple(compile_tree(arg) for arg in expr.args)
    if expr.name == "lower":
        (text,) = args
        return lambda values: _lower(text(values))
    if expr.name == "len":
        (measured,) = args
        return lambda values: _length(measured(values))
    if expr.name == "any_of":
        return _any_of(args[0], expr.args[1])
    text, other = args
    method = {"contains": str.__contains__, "startswith": str.startswith, "endswith": str.endswith}[expr.name]

    def text_test(values: Values) -> bool:
        a, b = text(values), other(values)
        return isinstance(a, str) and isinstance(b, str) and method(a, b)

    return text_test


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else None


def _length(value: object) -> object:
    return len(value) if isinstance(value, _MEASURABLE) else None


def _any_of(text: Compiled, words: Expr) -> Compiled:
    """``any_of(text, [words])``: does a word or phrase occur in the text, whole, ignoring case?"""
    if isinstance(words, ListExpr) and all(isinstance(item, Literal) for item in words.items):
        phrases = _phrases(item.value for item in words.items)
        return lambda values: _has_phrase(text(values), phrases)
    listed = compile_tree(words)

    def any_of(values: Values) -> bool:
        found = listed(values)
        return isinstance(found, _SEQUENCES) and _has_phrase(text(values), _phrases(found))

    return any_of


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _phrases(words) -> tuple[str, ...]:
    return tuple(folded for word in words if isinstance(word, str) and (folded := _fold(word)))


def _has_phrase(text: object, phrases: tuple[str, ...]) -> bool:
    """Whole-word occurrence by scanning, not by a built pattern: linear, whatever the words hold."""
    if not isinstance(text, str) or not phrases:
        return False
    folded = _fold(text)
    for phrase in phrases:
        start = folded.find(phrase)
        while start >= 0:
            end = start + len(phrase)
            before = folded[start - 1] if start else " "
            after = folded[end] if end < len(folded) else " "
            # A boundary is needed only where the phrase itself begins or ends with a word character.
            if not (_is_word_char(phrase[0]) and _is_word_char(before)) and not (
                _is_word_char(phrase[-1]) and _is_word_char(after)
            ):
                return True
            start = folded.find(phrase, start + 1)
    return False


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"
