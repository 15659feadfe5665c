"""Decision trees as read from their files: frozen, typed, and carrying the line of everything.

A tree is only built from a document that passed its JSON Schema (resources/trees/schema.json), so
these classes trust their shape; the graph rules (reachability, traps, variables) are the validator's.
Every node, option, rule, field and test keeps the line it was written on, so a problem can point at it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# The roots a condition or template may read; ``session.`` holds what input nodes collect.
CONTEXT_ROOTS = ("mention", "case", "customer")
SESSION_ROOT = "session"


class NodeType(StrEnum):
    INFO = "info"
    QUESTION = "question"
    ROUTE = "route"
    INPUT = "input"
    RESPONSE = "response"
    ACTION = "action"
    ESCALATE = "escalate"
    CALL = "call"
    END = "end"


@dataclass(frozen=True, slots=True)
class Edge:
    """One way out of a node: ``label`` names it in messages ("option 'Refund'", "default")."""

    target: str
    label: str
    line: int


@dataclass(frozen=True, slots=True)
class Variable:
    path: str  # "customer.name", or "session.order_id" for an input field
    type: str  # text, number, boolean, choice
    max_length: int | None
    choices: tuple[str, ...]
    default: str | int | float | bool | None
    line: int


@dataclass(frozen=True, slots=True)
class TemplateDecl:
    name: str
    text: str
    private: bool
    line: int
    text_line: int


@dataclass(frozen=True, slots=True)
class Option:
    label: str
    next: str
    suggest_when: str | None
    line: int


@dataclass(frozen=True, slots=True)
class RouteRule:
    when: str
    next: str
    line: int


@dataclass(frozen=True, slots=True)
class InputField:
    name: str
    type: str
    required: bool
    max_length: int | None
    choices: tuple[str, ...]
    label: str
    line: int

    @property
    def path(self) -> str:
        return f"{SESSION_ROOT}.{self.name}"


@dataclass(frozen=True, slots=True)
class Node:
    """Common to every node type. ``lines`` maps each written field to its line."""

    id: str
    line: int
    lines: Mapping[str, int] = field(compare=False, repr=False)

    type = NodeType.INFO  # overridden by each subclass (a class attribute, not a field)

    @property
    def edges(self) -> tuple[Edge, ...]:
        return ()

    def line_of(self, name: str) -> int:
        return self.lines.get(name, self.line)

    def _next_edge(self, target: str | None, name: str = "next") -> tuple[Edge, ...]:
        return () if target is None else (Edge(target, name, self.line_of(name)),)


@dataclass(frozen=True, slots=True)
class InfoNode(Node):
    text: str
    next: str | None
    type = NodeType.INFO

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.next)


@dataclass(frozen=True, slots=True)
class QuestionNode(Node):
    prompt: str
    options: tuple[Option, ...]
    type = NodeType.QUESTION

    @property
    def edges(self) -> tuple[Edge, ...]:
        return tuple(Edge(o.next, f"option {o.label!r}", o.line) for o in self.options)


@dataclass(frozen=True, slots=True)
class RouteNode(Node):
    rules: tuple[RouteRule, ...]
    default: str | None
    type = NodeType.ROUTE

    @property
    def edges(self) -> tuple[Edge, ...]:
        rules = tuple(Edge(r.next, f"rule {i}", r.line) for i, r in enumerate(self.rules, start=1))
        return rules + self._next_edge(self.default, "default")


@dataclass(frozen=True, slots=True)
class InputNode(Node):
    prompt: str
    fields: tuple[InputField, ...]
    next: str | None
    type = NodeType.INPUT

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.next)


@dataclass(frozen=True, slots=True)
class ResponseNode(Node):
    template: str
    next: str | None
    type = NodeType.RESPONSE

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.next)


@dataclass(frozen=True, slots=True)
class ActionNode(Node):
    action: str  # tag, set_priority, assign
    value: str | int
    success: str | None
    failure: str | None
    type = NodeType.ACTION

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.success, "success") + self._next_edge(self.failure, "failure")


@dataclass(frozen=True, slots=True)
class EscalateNode(Node):
    mode: str  # notify, hand_off
    team: str
    reason: str
    next: str | None
    type = NodeType.ESCALATE

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.next)


@dataclass(frozen=True, slots=True)
class CallNode(Node):
    tree: str
    version: int
    next: str | None
    type = NodeType.CALL

    @property
    def edges(self) -> tuple[Edge, ...]:
        return self._next_edge(self.next)


@dataclass(frozen=True, slots=True)
class EndNode(Node):
    disposition: str
    type = NodeType.END


@dataclass(frozen=True, slots=True)
class TreeTest:
    """A test case: context values and answers in, the expected path and disposition out."""

    name: str
    variables: Mapping[str, object] = field(compare=False)
    answers: Mapping[str, object] = field(compare=False)
    path: tuple[str, ...]
    disposition: str
    line: int
    path_line: int


@dataclass(frozen=True, slots=True)
class Tree:
    file: str
    id: str
    version: int
    title: str
    description: str
    start: str
    start_line: int
    networks: tuple[str, ...]  # empty: every network
    variables: tuple[Variable, ...]
    templates: tuple[TemplateDecl, ...]
    nodes: tuple[Node, ...]
    tests: tuple[TreeTest, ...]
    line: int = 1

    def node(self, node_id: str) -> Node | None:
        """The first node with this id (duplicates are the validator's to report)."""
        return next((n for n in self.nodes if n.id == node_id), None)
