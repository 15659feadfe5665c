"""Canned responses: reply templates with variables, parsed once, rendered only when complete.

A template is text with placeholders: ``{customer.name}`` takes a value; ``{customer.name|there}``
falls back to "there" when the value is missing; ``{{`` and ``}}`` stand for literal braces. A name is
dot-separated identifiers (``order.id``, ``agent.first_name``). Parsing reports the first mistake with
its position, so an editor can point at it. Rendering never fills half a reply: when a variable
without a default has no value, it names what is missing for the composer to ask for.

Templates are parsed by hand, never by ``str.format`` or ``eval``: the text comes from
administrators and customers' data fills it, and neither may reach attributes or code.
The same templates serve decision-tree responses, so nothing here is about canned replies alone.
"""

from collections.abc import Mapping
from dataclasses import dataclass

import regex

from console.domain.network import Network
from console.domain.reply_length import ReplyLength, longest

_NAME = regex.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*")


class TemplateError(ValueError):
    """A template that cannot be parsed, with where (0-based offset; 1-based line and column)."""

    def __init__(self, problem: str, source: str, position: int) -> None:
        self.problem = problem
        self.position = position
        self.line = source.count("\n", 0, position) + 1
        self.column = position - (source.rfind("\n", 0, position) + 1) + 1
        super().__init__(f"{problem} at line {self.line}, column {self.column}")


@dataclass(frozen=True, slots=True)
class Placeholder:
    name: str
    default: str | None  # None: the value is required; "" is a default too (write nothing)
    start: int  # where "{" stands in the source
    end: int  # just after "}"


@dataclass(frozen=True, slots=True)
class Rendering:
    text: str | None  # None until every required variable has a value
    missing: tuple[str, ...]  # required variables without a value, in template order

    @property
    def complete(self) -> bool:
        return not self.missing


@dataclass(frozen=True, slots=True)
class Template:
    source: str
    parts: tuple[str | Placeholder, ...]  # literal text (escapes resolved) and placeholders, in order

    @property
    def placeholders(self) -> tuple[Placeholder, ...]:
        return tuple(p for p in self.parts if isinstance(p, Placeholder))

    @property
    def variables(self) -> tuple[str, ...]:
        """Every variable the template uses, once each, in order of first use."""
        return tuple(dict.fromkeys(p.name for p in self.placeholders))

    @property
    def required(self) -> tuple[str, ...]:
        """Variables used at least once without a default: the template cannot render without them."""
        return tuple(dict.fromkeys(p.name for p in self.placeholders if p.default is None))

    def render(self, values: Mapping[str, str | None]) -> Rendering:
        """Fill the placeholders. A value that is None, empty or only spaces counts as missing,
        so a blank customer name falls back to its default ("Hi there") rather than "Hi ,"."""
        missing = tuple(
            dict.fromkeys(
                p.name for p in self.placeholders if p.default is None and _blank(values.get(p.name))
            )
        )
        if missing:
            return Rendering(None, missing)
        out: list[str] = []
        for part in self.parts:
            if isinstance(part, str):
                out.append(part)
                continue
            value = values.get(part.name)
            out.append(part.default if _blank(value) else value)  # type: ignore[arg-type]
        return Rendering("".join(out), ())

    def longest(
        self,
        network: Network,
        max_lengths: Mapping[str, int],
        *,
        private: bool = False,
        limit: int | None = None,
    ) -> ReplyLength:
        """The longest the rendered reply can count on ``network``, given the most characters each
        variable may hold (a default longer than its variable's maximum counts at its own length).
        Raises ValueError naming the variables that have no declared maximum."""
        undeclared = [name for name in self.variables if name not in max_lengths]
        if undeclared:
            raise ValueError(f"no maximum length declared for {', '.join(undeclared)}")
        fixed = "".join(part for part in self.parts if isinstance(part, str))
        free = 0
        for p in self.placeholders:
            most = max_lengths[p.name]
            if most < 0:
                raise ValueError(f"maximum length of {p.name} cannot be negative")
            free += max(most, len(p.default or ""))
        return longest(network, fixed, free, private=private, limit=limit)


def _blank(value: str | None) -> bool:
    return value is None or not value.strip()


def parse(source: str) -> Template:
    """Parse ``source`` into a template, or raise TemplateError at the first mistake."""
    parts: list[str | Placeholder] = []
    literal: list[str] = []
    i = 0
    n = len(source)
    while i < n:
        char = source[i]
        if char == "{" and source.startswith("{{", i):
            literal.append("{")
            i += 2
        elif char == "}" and source.startswith("}}", i):
            literal.append("}")
            i += 2
        elif char == "}":
            raise TemplateError("unmatched '}' (write '}}' for a brace)", source, i)
        elif char == "{":
            placeholder = _placeholder(source, i)
            if literal:
                parts.append("".join(literal))
                literal = []
            parts.append(placeholder)
            i = placeholder.end
        else:
            literal.append(char)
            i += 1
    if literal:
        parts.append("".join(literal))
    return Template(source, tuple(parts))


def _placeholder(source: str, start: int) -> Placeholder:
    close = source.find("}", start + 1)
    nested = source.find("{", start + 1)
    if close == -1:
        raise TemplateError("unclosed '{' (write '{{' for a brace)", source, start)
    if nested != -1 and nested < close:
        raise TemplateError("'{' inside a placeholder", source, nested)
    body = source[start + 1 : close]
    name, bar, default = body.partition("|")
    stripped = name.strip()
    if not stripped:
        raise TemplateError("placeholder without a variable name", source, start)
    if not _NAME.fullmatch(stripped):
        offset = start + 1 + (len(name) - len(name.lstrip()))
        raise TemplateError(f"bad variable name {stripped!r} (letters, digits, '_' and '.')", source, offset)
    if "\n" in default:
        raise TemplateError("a default cannot span lines", source, start + 1 + len(name) + 1)
    return Placeholder(stripped, default if bar else None, start, close + 1)
