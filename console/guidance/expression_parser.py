"""Reading expression text: a hand-written tokenizer and a recursive-descent parser.

Hand-written rather than generated so every refusal says what was expected and where, and so the
limits hold before any work is done: at most MAX_LENGTH characters and MAX_DEPTH levels of nesting,
whatever the input (the parser, checker and evaluator all recurse over the tree).
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

from console.guidance.expression_syntax import (
    FUNCTION_ARITY,
    KEYWORDS,
    MAX_DEPTH,
    MAX_LENGTH,
    Binary,
    Call,
    Expr,
    ExpressionError,
    ListExpr,
    Literal,
    Logical,
    Position,
    Unary,
    Variable,
    children,
)

# Spaces, then a name, operator or number; strings (escapes) and errors are read by hand. Simple
# classes that never backtrack far: scanning is linear in the input, whatever it holds.
_TOKEN = re.compile(
    r"[ \t\r\n]*(?:(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<op>==|!=|<=|>=|[<>+\-()\[\],.])"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?))?"
)
_SIMPLE_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t", "r": "\r"}
_HEX = frozenset("0123456789abcdefABCDEF")
_COMPARE_OPS = frozenset({"==", "!=", "<", "<=", ">", ">="})


class Token(NamedTuple):
    kind: str  # "int", "float", "str", "name", "eof", a keyword or an operator's own text
    text: str  # as written, for messages
    value: object
    pos: Position


def parse(source: str) -> Expr:
    """The tree of ``source``; raises ExpressionError (and nothing else) when it is not an expression."""
    if not isinstance(source, str):
        raise TypeError(f"an expression is text, not {type(source).__name__}")
    if len(source) > MAX_LENGTH:
        raise ExpressionError(
            "too-long", f"expression is {len(source)} characters, the limit is {MAX_LENGTH}", _at(source, 0)
        )
    parser = _Parser(source, tokenize(source))
    try:
        tree = parser.expression()
    except RecursionError:  # only when the caller itself already stands deep in the stack
        raise ExpressionError("too-deep", "expression nests too deeply", _at(source, 0)) from None
    parser.expect("eof", "end of input")
    _check_depth(tree)
    return tree


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    i, line, line_start, n = 0, 1, 0, len(source)
    while True:
        found = _TOKEN.match(source, i)
        kind = found.lastgroup
        start = found.start(kind) if kind else found.end()
        if start > i and (breaks := source.count("\n", i, start)):
            line, line_start = line + breaks, source.rfind("\n", i, start) + 1
        pos = Position(start, line, start - line_start + 1)
        i = found.end()
        if kind == "name":
            word = found.group(kind)
            tokens.append(Token(word if word in KEYWORDS else "name", word, word, pos))
        elif kind == "op":
            op = found.group(kind)
            tokens.append(Token(op, op, None, pos))
        elif kind == "number":
            tokens.append(_number(found.group(kind), source, i, pos))
        elif start >= n:
            tokens.append(Token("eof", "end of input", None, pos))
            return tokens
        elif source[start] in "'\"":
            i, token = _string(source, start, pos)
            tokens.append(token)
        else:
            char = source[start]
            hint = {"=": " (did you mean '=='?)", "!": " (did you mean 'not' or '!='?)"}.get(char, "")
            raise ExpressionError("syntax", f"unexpected character {char!r}{hint}", pos)


def _number(text: str, source: str, end: int, pos: Position) -> Token:
    if "." in text:
        value = float(text)
        if math.isinf(value):
            raise ExpressionError("syntax", "number too large", pos)
        return Token("float", text, value, pos)
    if source.startswith(".", end):  # "1." or "1.x": a decimal needs digits after its point
        where = Position(end + 1, pos.line, pos.column + len(text) + 1)
        raise ExpressionError("syntax", "expected a digit after '.'", where)
    return Token("int", text, int(text), pos)


def _string(source: str, i: int, pos: Position) -> tuple[int, Token]:
    quote, start, n = source[i], i, len(source)
    i += 1
    chars: list[str] = []
    while True:
        if i >= n or source[i] == "\n":
            where = _shift(pos, start, i)
            raise ExpressionError("syntax", f"unterminated string: expected {quote}", where)
        char = source[i]
        if char == quote:
            return i + 1, Token("str", source[start : i + 1], "".join(chars), pos)
        if char != "\\":
            chars.append(char)
            i += 1
            continue
        escape = source[i + 1] if i + 1 < n else ""
        if escape in _SIMPLE_ESCAPES:
            chars.append(_SIMPLE_ESCAPES[escape])
            i += 2
        elif escape == "u" and len(digits := source[i + 2 : i + 6]) == 4 and set(digits) <= _HEX:
            chars.append(chr(int(digits, 16)))
            i += 6
        else:
            raise ExpressionError(
                "syntax",
                "unknown escape: expected one of \\\\ \\' \\\" \\n \\t \\r \\uXXXX",
                _shift(pos, start, i),
            )


def _shift(pos: Position, start: int, offset: int) -> Position:
    """The position ``offset`` inside a token that starts at ``start`` (tokens never span lines)."""
    return Position(offset, pos.line, pos.column + offset - start)


def _at(source: str, offset: int) -> Position:
    line = source.count("\n", 0, offset) + 1
    return Position(offset, line, offset - (source.rfind("\n", 0, offset) + 1) + 1)


class _Parser:
    """One method per level of the precedence ladder, loosest first (see the grammar in expressions)."""

    def __init__(self, source: str, tokens: list[Token]) -> None:
        self.source = source
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.at]

    def advance(self) -> Token:
        token = self.tokens[self.at]
        if token.kind != "eof":
            self.at += 1
        return token

    def expect(self, kind: str, what: str | None = None) -> Token:
        if self.token.kind != kind:
            message = f"expected {what or repr(kind)}, found {_found(self.token)}"
            raise ExpressionError("syntax", message, self.token.pos)
        return self.advance()

    def nest(self, pos: Position) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ExpressionError("too-deep", f"expression nests deeper than {MAX_DEPTH} levels", pos)

    def expression(self) -> Expr:
        self.nest(self.token.pos)
        try:
            return self.logical("or", self.conjunction)
        finally:
            self.depth -= 1

    def conjunction(self) -> Expr:
        return self.logical("and", self.negation)

    def logical(self, op: str, operand) -> Expr:
        first = operand()
        if self.token.kind != op:
            return first
        pos, operands = self.token.pos, [first]
        while self.token.kind == op:
            self.advance()
            operands.append(operand())
        return Logical(op, tuple(operands), pos)

    def negation(self) -> Expr:
        if self.token.kind != "not":
            return self.comparison()
        token = self.advance()
        self.nest(token.pos)
        try:
            return Unary("not", self.negation(), token.pos)
        finally:
            self.depth -= 1

    def comparison(self) -> Expr:
        left = self.sum()
        op = self.comparison_op()
        if op is None:
            return left
        pos = self.token.pos
        self.advance()
        if op == "not in":
            self.advance()
        node = Binary(op, left, self.sum(), pos)
        if self.comparison_op() is not None:
            raise ExpressionError(
                "syntax", "comparisons do not chain: join them with 'and' or add parentheses", self.token.pos
            )
        return node

    def comparison_op(self) -> str | None:
        kind = self.token.kind
        if kind in _COMPARE_OPS or kind == "in":
            return kind
        if kind == "not" and self.tokens[self.at + 1].kind == "in":
            return "not in"
        return None

    def sum(self) -> Expr:
        node = self.unary()
        while self.token.kind in ("+", "-"):
            token = self.advance()
            node = Binary(token.kind, node, self.unary(), token.pos)
        return node

    def unary(self) -> Expr:
        if self.token.kind != "-":
            return self.primary()
        token = self.advance()
        self.nest(token.pos)
        try:
            return Unary("-", self.unary(), token.pos)
        finally:
            self.depth -= 1

    def primary(self) -> Expr:
        token = self.token
        kind = token.kind
        if kind in ("int", "float", "str"):
            self.advance()
            return Literal(token.value, token.pos)
        if kind in ("true", "false"):
            self.advance()
            return Literal(kind == "true", token.pos)
        if kind == "null":
            self.advance()
            return Literal(None, token.pos)
        if kind == "(":
            self.advance()
            node = self.expression()
            self.expect(")", "')'")
            return node
        if kind == "[":
            self.advance()
            return ListExpr(self.items("]"), token.pos)
        if kind == "name":
            return self.name()
        message = f"expected a value, variable or '(', found {_found(token)}"
        raise ExpressionError("syntax", message, token.pos)

    def items(self, close: str) -> tuple[Expr, ...]:
        """Comma-separated expressions up to ``close`` (a trailing comma is allowed), after the opener."""
        items: list[Expr] = []
        while self.token.kind != close:
            items.append(self.expression())
            if self.token.kind != ",":
                break
            self.advance()
        self.expect(close, f"',' or {close!r}")
        return tuple(items)

    def name(self) -> Expr:
        first = self.advance()
        if self.token.kind == "(":
            return self.call(first)
        parts = [first.text]
        while self.token.kind == ".":
            self.advance()
            part = self.token
            # After a dot any word names a field, keywords included (session.answers.not is a node id).
            if part.kind != "name" and part.kind not in KEYWORDS:
                raise ExpressionError("syntax", f"expected a name after '.', found {_found(part)}", part.pos)
            parts.append(self.advance().text)
        if self.token.kind == "(":
            raise ExpressionError(
                "syntax",
                f"{'.'.join(parts)!r} is not a function; functions: {', '.join(FUNCTION_ARITY)}",
                self.token.pos,
            )
        return Variable(".".join(parts), first.pos)

    def call(self, name: Token) -> Expr:
        arity = FUNCTION_ARITY.get(name.text)
        if arity is None:
            raise ExpressionError(
                "unknown-function",
                f"unknown function {name.text!r}; functions: {', '.join(FUNCTION_ARITY)}",
                name.pos,
            )
        self.advance()
        args = self.items(")")
        if len(args) != arity:
            plural = "s" if arity != 1 else ""
            raise ExpressionError(
                "arity", f"{name.text}() takes {arity} argument{plural}, given {len(args)}", name.pos
            )
        return Call(name.text, args, name.pos)


def _found(token: Token) -> str:
    return token.text if token.kind == "eof" else repr(token.text)


def _check_depth(tree: Expr) -> None:
    """Refuse trees deeper than MAX_DEPTH, counted without recursion: ``1 + 1 + … + 1`` nests leftwards."""
    stack = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExpressionError("too-deep", f"expression nests deeper than {MAX_DEPTH} levels", node.pos)
        stack.extend((child, depth + 1) for child in children(node))
