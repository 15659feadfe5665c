"""The expression language's tree: positioned nodes, its one error type, and printing a tree back.

Nodes are frozen and compare without their positions, so ``parse(to_source(tree))`` equals ``tree``
for every tree the parser builds (the printer adds exactly the parentheses precedence needs).
A node's position is where an error about it points: the start of a literal, list, variable, call
or prefix operator, and the operator itself of a binary node.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

MAX_LENGTH = 2_000  # characters of source
MAX_DEPTH = 64  # nesting of the tree: hostile input cannot exhaust the stack of parser, checker or evaluator

# The pure functions and how many arguments each takes; their types are in expression_types.
FUNCTION_ARITY = {
    "contains": 2,
    "startswith": 2,
    "endswith": 2,
    "lower": 1,
    "len": 1,
    "any_of": 2,
}

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})
COMPARISONS = ("==", "!=", "<", "<=", ">", ">=", "in", "not in")


class Position(NamedTuple):
    offset: int  # 0-based, in characters
    line: int  # 1-based
    column: int  # 1-based

    def __str__(self) -> str:
        return f"{self.line}:{self.column}"


class ExpressionError(Exception):
    """Why an expression is refused: a rule name, a message and where (``expected ')' at 1:14``).

    Rules: ``syntax``, ``too-long``, ``too-deep``, ``unknown-function``, ``arity`` (from parsing);
    ``unknown-variable``, ``type-mismatch``, ``enum-value``, ``not-bool`` (from checking).
    """

    def __init__(self, rule: str, message: str, position: Position) -> None:
        super().__init__(f"{message} at {position}")
        self.rule = rule
        self.message = message
        self.position = position

    def excerpt(self, source: str) -> str:
        """The offending line of ``source`` with a caret under the position, for a validator's report."""
        lines = source.split("\n")
        line = lines[self.position.line - 1] if self.position.line <= len(lines) else ""
        return f"{line}\n{' ' * (self.position.column - 1)}^"


ORIGIN = Position(0, 1, 1)  # where a node built in code, not parsed, says it is


@dataclass(frozen=True, slots=True)
class Literal:
    value: int | float | str | bool | None
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class ListExpr:
    items: tuple[Expr, ...]
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Variable:
    path: str  # dotted: "mention.sentiment", "session.answers.check_order"
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Unary:
    op: str  # "-" or "not"
    operand: Expr
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Binary:
    op: str  # "+", "-" or one of COMPARISONS
    left: Expr
    right: Expr
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Logical:
    """``and`` / ``or`` over two or more operands: a long chain of alternatives stays one level deep."""

    op: str  # "and" or "or"
    operands: tuple[Expr, ...]
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


@dataclass(frozen=True, slots=True)
class Call:
    name: str  # a key of FUNCTION_ARITY
    args: tuple[Expr, ...]
    pos: Position = field(default=ORIGIN, compare=False, repr=False)


Expr = Literal | ListExpr | Variable | Unary | Binary | Logical | Call


def children(node: Expr) -> tuple[Expr, ...]:
    match node:
        case ListExpr(items=items):
            return items
        case Unary(operand=operand):
            return (operand,)
        case Binary(left=left, right=right):
            return (left, right)
        case Logical(operands=operands):
            return operands
        case Call(args=args):
            return args
    return ()


def variables(node: Expr) -> frozenset[str]:
    """Every variable path the expression reads, wherever it sits (short-circuits included)."""
    found: set[str] = set()
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, Variable):
            found.add(current.path)
        stack.extend(children(current))
    return frozenset(found)


# Binding strength, loosest first; the parser climbs the same ladder.
OR, AND, NOT, COMPARE, SUM, NEGATE, ATOM = range(7)


def precedence(node: Expr) -> int:
    match node:
        case Logical(op="or"):
            return OR
        case Logical():
            return AND
        case Unary(op="not"):
            return NOT
        case Unary():
            return NEGATE
        case Binary(op="+" | "-"):
            return SUM
        case Binary():
            return COMPARE
    return ATOM


def to_source(node: Expr) -> str:
    """The expression as text that parses back to the same tree, with no more parentheses than needed."""
    match node:
        case Literal(value=value):
            return _literal(value)
        case ListExpr(items=items):
            return "[" + ", ".join(to_source(item) for item in items) + "]"
        case Variable(path=path):
            return path
        case Call(name=name, args=args):
            return name + "(" + ", ".join(to_source(arg) for arg in args) + ")"
        case Unary(op="not", operand=operand):
            return "not " + _wrap(operand, NOT)
        case Unary(operand=operand):
            # "- -x", not "--x": the printed text stays readable; the tokenizer takes either.
            text = _wrap(operand, NEGATE)
            return "-" + (" " + text if text.startswith("-") else text)
        case Binary(op=op, left=left, right=right):
            own = precedence(node)
            if own == SUM:  # left-associative: only the right side needs parentheses at equal strength
                return f"{_wrap(left, own)} {op} {_wrap(right, own + 1)}"
            return f"{_wrap(left, own + 1)} {op} {_wrap(right, own + 1)}"  # comparisons do not chain
        case Logical(op=op, operands=operands):
            own = precedence(node)
            return f" {op} ".join(_wrap(operand, own + 1) for operand in operands)
    raise TypeError(f"not an expression node: {node!r}")


def _wrap(node: Expr, at_least: int) -> str:
    text = to_source(node)
    return text if precedence(node) >= at_least else f"({text})"


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def _literal(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if value >= 0 else f"(-{-value})"
    if isinstance(value, float):
        # The shortest repr, written without an exponent (the grammar has none).
        text = format(Decimal(repr(abs(value))), "f")
        text = text if "." in text else text + ".0"
        return text if value >= 0 else f"(-{text})"
    if isinstance(value, str):
        return '"' + "".join(_escape(char) for char in value) + '"'
    raise TypeError(f"not a literal value: {value!r}")


def _escape(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    code = ord(char)
    if code < 0x20 or code == 0x7F or 0xD800 <= code <= 0xDFFF:  # controls, and lone surrogates UTF-8 refuses
        return f"\\u{code:04x}"
    return char
