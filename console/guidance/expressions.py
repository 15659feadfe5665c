"""Conditions in decision trees: a small, typed, side-effect-free expression language (never ``eval``).

Use::

    from console.guidance import expressions as ex

    env = ex.DEFAULT_ENVIRONMENT.with_answers({"check_order": ex.BOOL})
    cond = ex.condition("mention.sentiment == 'negative' and not session.answers.check_order", env)
    cond.variables        # frozenset({"mention.sentiment", "session.answers.check_order"})
    cond.holds({"mention.sentiment": "negative"})   # True: a missing answer is null, and null is false

Declare what a tree adds with ``env.with_answers({node_id: type})`` / ``env.with_inputs({field:
type})`` (or ``env.extend({path: type})``); types are ``STR INT FLOAT BOOL``, ``enum_of(values)``,
``list_of(T)``, ``optional(T)``, or read from text with ``type_from_spec("enum[yes, no]?")``;
``Type.accepts(value)`` checks a run-time value. ``condition_values(mention=, intent=, case=,
customer=, customer_case_count=, answers=, inputs=)`` builds the values from domain objects.

Piece by piece: ``parse(source) -> Expr`` · ``check(expr, env) -> Type`` · ``check_condition(expr,
env)`` (must be bool) · ``variables(expr) -> frozenset[str]`` · ``compile_expression(expr) ->
Compiled`` · ``evaluate(expr_or_compiled, values) -> object`` · ``to_source(expr) -> str``. Every
refusal is an :class:`ExpressionError` with ``rule``, ``message`` and ``position`` (offset, line,
column); ``str(error)`` reads ``expected ')', found 'and' at 1:14``.

Grammar (loosest first; ``{x}`` is zero or more, ``[x]`` optional)::

    expression  = conjunction { "or" conjunction }
    conjunction = negation { "and" negation }
    negation    = "not" negation | comparison
    comparison  = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "not" "in" ) sum ]
    sum         = unary { ( "+" | "-" ) unary }
    unary       = "-" unary | primary
    primary     = INT | DECIMAL | STRING | "true" | "false" | "null"
                | "[" [ expression { "," expression } [ "," ] ] "]"
                | FUNCTION "(" [ expression { "," expression } [ "," ] ] ")"
                | NAME { "." ( NAME | KEYWORD ) }
                | "(" expression ")"
    INT         = digit { digit }                       DECIMAL = INT "." INT   (no exponent)
    STRING      = "'" … "'" | '"' … '"'  escapes \\\\ \\' \\" \\n \\t \\r \\uXXXX; no raw line break
    NAME        = ASCII letter or "_", then letters, digits, "_"; not a KEYWORD
    KEYWORD     = and or not in true false null
    FUNCTION    = contains | startswith | endswith | lower | len | any_of

Comparisons do not chain (``a < b < c`` is refused). Whitespace (space, tab, line breaks) separates
tokens. Limits: 2,000 characters, 64 levels of nesting.

Types: ``str``, ``int``, ``float``, ``bool``, ``enum[…]`` (a closed set of strings), ``list[T]``,
each optionally nullable (``T?``). ``+ -`` take numbers (int with float gives float); ``== !=``
take two numbers, two texts (str or enum), two bools or two lists, or anything with ``null``;
comparing an enum with a text literal that is not one of its values is the ``enum-value`` rule;
``< <= > >=`` order numbers or str (not enums); ``x in list`` needs x comparable with the items,
``x in text`` finds a substring; ``and or not`` take bools. Functions: ``contains(text, sub)``,
``startswith(text, prefix)``, ``endswith(text, suffix)`` → bool; ``lower(text)`` → str;
``len(text or list)`` → int; ``any_of(text, [words])`` → bool: a word or phrase occurs whole in
the text, ignoring case and runs of spaces (for keywords in a mention). No regular expressions:
nothing a tree author writes can take super-linear time.

Run-time semantics (null-safe; evaluation never raises): see :mod:`console.guidance.expression_eval`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from console.guidance.expression_eval import Compiled, Values, compile_tree
from console.guidance.expression_parser import parse
from console.guidance.expression_syntax import (
    FUNCTION_ARITY,
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
    to_source,
    variables,
)
from console.guidance.expression_types import (
    BOOL,
    DEFAULT_ENVIRONMENT,
    FLOAT,
    INT,
    NULL,
    STR,
    Environment,
    Type,
    check,
    check_condition,
    enum_of,
    list_of,
    optional,
    type_from_spec,
)
from console.guidance.expression_values import condition_values

__all__ = [
    "BOOL",
    "DEFAULT_ENVIRONMENT",
    "FLOAT",
    "FUNCTION_ARITY",
    "INT",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "NULL",
    "STR",
    "Binary",
    "Call",
    "Compiled",
    "Condition",
    "Environment",
    "Expr",
    "ExpressionError",
    "ListExpr",
    "Literal",
    "Logical",
    "Position",
    "Type",
    "Unary",
    "Values",
    "Variable",
    "check",
    "check_condition",
    "compile_expression",
    "condition",
    "condition_values",
    "enum_of",
    "evaluate",
    "list_of",
    "optional",
    "parse",
    "to_source",
    "type_from_spec",
    "variables",
]


def compile_expression(expr: Expr) -> Compiled:
    """``expr`` as a function of the values (path → value), built once to be called many times."""
    return compile_tree(expr)


def evaluate(expr: Expr | Compiled, values: Values) -> object:
    """The value of ``expr`` over ``values``; a missing path is null. Never raises for plain values.

    Pass a compiled expression on a hot path: an ``Expr`` is compiled on every call.
    """
    run = expr if callable(expr) else compile_tree(expr)
    return run(values)


@dataclass(frozen=True, slots=True)
class Condition:
    """A checked, compiled condition of a tree: what it reads and whether it holds for some values."""

    source: str
    expr: Expr
    variables: frozenset[str]
    run: Compiled = field(repr=False, compare=False)

    def holds(self, values: Mapping[str, object]) -> bool:
        return self.run(values) is True


def condition(source: str, env: Environment) -> Condition:
    """Parse, type-check (the result must be bool) and compile a condition; raises ExpressionError."""
    expr = parse(source)
    check_condition(expr, env)
    return Condition(source, expr, variables(expr), compile_tree(expr))
