"""Types of the expression language, the declared variables a tree may read, and the type checker.

The checker runs when a tree is validated, not when it is run: a condition that compares a number
with text, misspells a variable or an enum value (``mention.sentiment == 'negtive'``) or is not
true/false is refused with the rule it breaks and where, before any agent meets it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace

from console.domain.case import CaseStatus
from console.domain.customer import TIERS
from console.domain.intent import Intent
from console.domain.mention import MentionKind
from console.domain.network import Network
from console.domain.sentiment import Sentiment
from console.guidance.expression_syntax import (
    KEYWORDS,
    Binary,
    Call,
    Expr,
    ExpressionError,
    ListExpr,
    Literal,
    Logical,
    Unary,
    Variable,
)

_SCALARS = frozenset({"str", "int", "float", "bool"})


@dataclass(frozen=True, slots=True)
class Type:
    """One type: str, int, float, bool, enum (a closed set of strings), list, or null (the literal).

    ``optional`` types may hold null at run time. A list's ``item`` is None only for the empty list
    literal, which fits any list.
    """

    kind: str  # "str", "int", "float", "bool", "enum", "list" or "null"
    optional: bool = False
    values: frozenset[str] = frozenset()  # an enum's values
    item: Type | None = None  # a list's items

    def __str__(self) -> str:
        if self.kind == "enum":
            text = "enum[" + ", ".join(sorted(self.values)) + "]"
        elif self.kind == "list":
            text = f"list[{self.item or 'any'}]"
        else:
            text = self.kind
        return text + "?" if self.optional else text

    def accepts(self, value: object) -> bool:
        """Whether a run-time value fits this type (for an agent's input, or values a runner built)."""
        if value is None:
            return self.optional
        match self.kind:
            case "bool":
                return isinstance(value, bool)
            case "int":
                return isinstance(value, int) and not isinstance(value, bool)
            case "float":
                return isinstance(value, int | float) and not isinstance(value, bool)
            case "str":
                return isinstance(value, str)
            case "enum":
                return isinstance(value, str) and value in self.values
            case "list":
                return isinstance(value, list | tuple | set | frozenset) and (
                    self.item is None or all(self.item.accepts(item) and item is not None for item in value)
                )
        return False

    @property
    def number(self) -> bool:
        return self.kind in ("int", "float")

    @property
    def text(self) -> bool:
        return self.kind in ("str", "enum")


STR = Type("str")
INT = Type("int")
FLOAT = Type("float")
BOOL = Type("bool")
NULL = Type("null", optional=True)


def enum_of(values) -> Type:
    """An enum over string values (a StrEnum class works: its members are its values)."""
    members = frozenset(str(value) for value in values)
    if not members:
        raise ValueError("an enum needs at least one value")
    return Type("enum", values=members)


def list_of(item: Type) -> Type:
    return Type("list", item=item)


def optional(of: Type) -> Type:
    return replace(of, optional=True)


def type_from_spec(spec: str) -> Type:
    """A type from its written form, as a tree file declares inputs: ``str``, ``int``, ``float``,
    ``bool``, ``list[str]``, ``enum[yes, no, unsure]``, any of them optional with a trailing ``?``.
    """
    text = spec.strip()
    if text.endswith("?"):
        return optional(type_from_spec(text[:-1]))
    if text in _SCALARS:
        return Type(text)
    if text.startswith("list[") and text.endswith("]"):
        return list_of(type_from_spec(text[5:-1]))
    if text.startswith("enum[") and text.endswith("]"):
        values = [value.strip() for value in text[5:-1].split(",")]
        if all(values):
            return enum_of(values)
    raise ValueError(f"not a type: {spec!r} (str, int, float, bool, list[T], enum[a, b]; T? may be null)")


class Environment(Mapping[str, Type]):
    """The variables an expression may read: dotted path → type. Immutable; ``extend`` makes a new one."""

    __slots__ = ("_types",)

    def __init__(self, types: Mapping[str, Type] | None = None) -> None:
        for path in types or {}:
            _check_path(path)
        self._types = dict(types or {})

    def __getitem__(self, path: str) -> Type:
        return self._types[path]

    def __iter__(self) -> Iterator[str]:
        return iter(self._types)

    def __len__(self) -> int:
        return len(self._types)

    def __repr__(self) -> str:
        return f"Environment({len(self._types)} variables)"

    def extend(self, types: Mapping[str, Type]) -> Environment:
        """This environment and ``types``; a path already declared with another type is a ValueError."""
        for path, type_ in types.items():
            if path in self._types and self._types[path] != type_:
                raise ValueError(f"{path} is already declared as {self._types[path]}, not {type_}")
        return Environment({**self._types, **types})

    def with_answers(self, answers: Mapping[str, Type]) -> Environment:
        """Declare ``session.answers.<node id>`` for each question node of a tree."""
        return self.extend({f"session.answers.{node}": type_ for node, type_ in answers.items()})

    def with_inputs(self, inputs: Mapping[str, Type]) -> Environment:
        """Declare ``session.inputs.<field>`` for each field the tree's input nodes collect."""
        return self.extend({f"session.inputs.{name}": type_ for name, type_ in inputs.items()})


def _check_path(path: str) -> None:
    """Only paths an expression can spell: names, the first not a keyword (``not.x`` would not parse)."""
    parts = path.split(".")
    if parts[0] in KEYWORDS or not all(_is_name(part) for part in parts):
        raise ValueError(f"not a variable path: {path!r} (dotted names of ASCII letters, digits and _)")


def _is_name(part: str) -> bool:
    return bool(part) and part.isascii() and not part[0].isdigit() and part.replace("_", "a").isalnum()


DEFAULT_ENVIRONMENT = Environment(
    {
        "mention.text": STR,
        "mention.network": enum_of(Network),
        "mention.sentiment": enum_of(Sentiment),
        "mention.sentiment_score": FLOAT,  # -1 … 1
        "mention.intent": enum_of(Intent),
        "mention.lang": STR,  # ISO 639-1, "" when unknown
        "mention.author_followers": INT,
        "mention.author_verified": BOOL,
        "mention.kind": enum_of(MentionKind),
        "case.priority": INT,  # 0–100
        "case.status": enum_of(CaseStatus),
        "case.tags": list_of(STR),
        "case.mention_count": INT,
        "case.reopen_count": INT,
        "case.team": optional(STR),  # None: the brand account's own team
        "customer.tier": enum_of(TIERS),
        "customer.case_count": INT,
    }
)


def check(expr: Expr, env: Environment) -> Type:
    """The type of ``expr`` in ``env``; raises a positioned ExpressionError naming the rule it breaks."""
    match expr:
        case Literal(value=value):
            return _literal_type(value)
        case Variable(path=path):
            return _variable(path, env, expr)
        case ListExpr(items=items):
            return _list(items, env)
        case Unary(op="not", operand=operand):
            _want_bool(operand, env, "'not'")
            return BOOL
        case Unary(operand=operand):
            type_ = check(operand, env)
            if not type_.number:
                raise _mismatch(f"'-' needs a number, got {type_}", expr)
            return type_
        case Logical(op=op, operands=operands):
            for operand in operands:
                _want_bool(operand, env, f"'{op}'")
            return BOOL
        case Binary(op="+" | "-" as op, left=left, right=right):
            lt, rt = check(left, env), check(right, env)
            if not (lt.number and rt.number):
                raise _mismatch(f"'{op}' needs numbers, got {lt} and {rt}", expr)
            kind = "int" if lt.kind == rt.kind == "int" else "float"
            return Type(kind, optional=lt.optional or rt.optional)
        case Binary():
            _comparison(expr, env)
            return BOOL
        case Call():
            return _call(expr, env)
    raise TypeError(f"not an expression node: {expr!r}")


def check_condition(expr: Expr, env: Environment) -> None:
    """Check ``expr`` and that it is a condition: bool (an optional bool's null counts as false)."""
    type_ = check(expr, env)
    if type_.kind != "bool":
        raise ExpressionError("not-bool", f"a condition must be true or false, this is {type_}", expr.pos)


def _literal_type(value: object) -> Type:
    if value is None:
        return NULL
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        return INT
    if isinstance(value, float):
        return FLOAT
    return STR


def _variable(path: str, env: Environment, node: Variable) -> Type:
    type_ = env.get(path)
    if type_ is not None:
        return type_
    close = difflib.get_close_matches(path, list(env), n=1)
    hint = f"; did you mean {close[0]}?" if close else ""
    raise ExpressionError("unknown-variable", f"unknown variable {path}{hint}", node.pos)


def _list(items: tuple[Expr, ...], env: Environment) -> Type:
    joined: Type | None = None
    for item in items:
        type_ = check(item, env)
        if type_.optional:
            raise _mismatch(f"a list holds no null, this item may be null ({type_})", item)
        if joined is None:
            joined = type_
            continue
        merged = _join(joined, type_)
        if merged is None:
            raise _mismatch(f"list items must share a type: {joined} and {type_}", item)
        joined = merged
    return Type("list", item=joined)


def _join(a: Type, b: Type) -> Type | None:
    """The one type both fit, or None."""
    if a == b:
        return a
    if a.number and b.number:
        return FLOAT
    if a.text and b.text:
        return enum_of(a.values | b.values) if a.kind == b.kind == "enum" else STR
    if a.kind == b.kind == "list":
        if a.item is None or b.item is None:
            return a if b.item is None else b
        item = _join(a.item, b.item)
        return list_of(item) if item else None
    return None


def _want_bool(node: Expr, env: Environment, where: str) -> None:
    type_ = check(node, env)
    if type_.kind != "bool":
        raise _mismatch(f"{where} needs true or false, got {type_}", node)


def _comparison(node: Binary, env: Environment) -> None:
    op, left, right = node.op, node.left, node.right
    lt, rt = check(left, env), check(right, env)
    if op in ("==", "!="):
        _equatable(lt, left, rt, right, node)
    elif op in ("in", "not in"):
        if lt.kind == "null":
            raise _mismatch(f"'{op}' needs a value on its left, not null", node)
        if rt.text:
            if not lt.text:
                raise _mismatch(f"'{op}' on text needs text on its left, got {lt}", node)
        elif rt.kind == "list":
            if isinstance(right, ListExpr):  # check each literal item: a typo among them is caught
                for item in right.items:
                    _equatable(lt, left, check(item, env), item, node)
            elif rt.item is not None:
                _equatable(lt, left, rt.item, right, node)
        else:
            raise _mismatch(f"'{op}' needs a list or text on its right, got {rt}", node)
    else:
        if "null" in (lt.kind, rt.kind):
            raise _mismatch(f"'{op}' with null is always false", node)
        if "enum" in (lt.kind, rt.kind):
            raise _mismatch(f"'{op}': enum values have no order, compare them with == or in", node)
        if not ((lt.number and rt.number) or (lt.kind == rt.kind == "str")):
            raise _mismatch(f"'{op}' orders numbers or text, got {lt} and {rt}", node)


def _equatable(lt: Type, left: Expr, rt: Type, right: Expr, node: Binary) -> None:
    if "null" in (lt.kind, rt.kind):
        return
    if lt.text and rt.text:
        _enum_value(lt, left, right)
        _enum_value(rt, right, left)
        if lt.kind == rt.kind == "enum" and not lt.values & rt.values:
            raise _mismatch(f"{lt} and {rt} share no value: never equal", node)
        return
    if _join(replace(lt, optional=False), replace(rt, optional=False)) is None:
        raise _mismatch(f"cannot compare {lt} with {rt}", node)


def _enum_value(enum: Type, enum_node: Expr, other: Expr) -> None:
    """A text literal compared with an enum must be one of its values: catches typos in trees."""
    if enum.kind != "enum" or not isinstance(other, Literal) or not isinstance(other.value, str):
        return
    if other.value in enum.values:
        return
    name = enum_node.path if isinstance(enum_node, Variable) else "the enum"
    close = difflib.get_close_matches(other.value, sorted(enum.values), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise ExpressionError(
        "enum-value",
        f"{other.value!r} is not a value of {name} ({', '.join(sorted(enum.values))}){hint}",
        other.pos,
    )


def _call(node: Call, env: Environment) -> Type:
    types = [check(arg, env) for arg in node.args]
    for arg, type_ in zip(node.args, types, strict=True):
        if type_.kind == "null":
            raise _mismatch(f"{node.name}() takes no null", arg)
    first = types[0]
    if node.name == "len":
        if not (first.text or first.kind == "list"):
            raise _mismatch(f"len() measures text or a list, got {first}", node.args[0])
        return Type("int", optional=first.optional)
    if not first.text:
        raise _mismatch(f"{node.name}() needs text first, got {first}", node.args[0])
    if node.name == "lower":
        return Type("str", optional=first.optional)
    second = types[1]
    if node.name == "any_of":
        if not (second.kind == "list" and (second.item is None or second.item.text)):
            raise _mismatch(f"any_of() needs a list of words second, got {second}", node.args[1])
    elif not second.text:
        raise _mismatch(f"{node.name}() needs text second, got {second}", node.args[1])
    return BOOL


def _mismatch(message: str, node: Expr) -> ExpressionError:
    return ExpressionError("type-mismatch", message, node.pos)
