"""Running a decision tree with an agent: a pure session over an append-only event log (no Qt, no I/O).

A :class:`Session` stands on one tree, pinned to its id and version, and the context values its
conditions read (``condition_values(mention=, case=, customer=)``, plus any declared ``variables`` of
the tree by path). Every change is an event appended to ``session.events`` (see session_events.py);
the state is a fold over that log, so a session built from a stored log is the session that wrote it.

Where the agent decides, the session waits: a ``question`` (``answer(label)``, or ``accept()`` the
suggestion), an ``input`` (``answer({field: value})``) and an ``action``, which the caller performs
and then reports (``accept()`` or ``answer("success")``; ``answer("failure")`` takes the failure
edge). Everything else moves on by itself: ``route`` (first rule that holds, else default), ``info``,
``response`` (its filled template is in ``session.replies`` for the composer), ``escalate`` (records
Escalated), ``call`` (enters the pinned sub-tree from the resolver; the sub-tree's end returns to the
call's ``next``; only the session's own tree's end ends the session, with that end's disposition).

Conditions read the tree's names: ``mention.``/``case.``/``customer.`` (a declared ``default`` where
the context has no value) and ``session.<field>`` for what input nodes collected (in the tree being
run). A question's answer is not a variable — the
format has no name for it, and the validator refuses any other ``session.`` path — so the path a
question takes is the way to branch on it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from console.domain.canned import Template, TemplateError
from console.domain.canned import parse as parse_template
from console.guidance import expressions as ex
from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    Escalated,
    Event,
    How,
    Note,
    SessionStarted,
    Suggested,
)
from console.guidance.tree import (
    ActionNode,
    CallNode,
    EndNode,
    EscalateNode,
    InfoNode,
    InputField,
    InputNode,
    Node,
    QuestionNode,
    ResponseNode,
    RouteNode,
    Tree,
)

Resolver = Callable[[str, int], Tree]  # (tree id, version) → that tree; raises LookupError if unknown
Clock = Callable[[], datetime]
OUTCOMES = ("success", "failure")  # how an action's caller reports it

_TYPES = {"text": ex.STR, "number": ex.FLOAT, "boolean": ex.BOOL}


class RunnerError(ValueError):
    """An answer that does not fit where the session is, or a tree the session cannot run."""


def tree_key(tree: Tree) -> str:
    return f"{tree.id}@{tree.version}"


@dataclass(frozen=True, slots=True)
class Reply:
    """What a response node puts in the composer: the template and its variables' values."""

    tree: str
    node: str
    template: str
    source: str
    values: Mapping[str, str | None]
    text: str | None  # None while a required variable has no value


@dataclass(frozen=True, slots=True)
class Step:
    """One node the session is at or passed: ``index`` is its Entered event; ``calls`` the call nodes
    (tree key, node id) it will return past, innermost last."""

    index: int
    tree: str
    node: str
    calls: tuple[tuple[str, str], ...]
    reply: Reply | None = None


class _Plan:
    """One tree made ready to run: its nodes by id and its conditions compiled, once per session."""

    def __init__(self, tree: Tree) -> None:
        self.tree = tree
        self.key = tree_key(tree)
        self.nodes: dict[str, Node] = {}
        for node in tree.nodes:
            self.nodes.setdefault(node.id, node)
        self.env = _environment(tree)
        self.defaults = {v.path: v.default for v in tree.variables if v.default is not None}
        self.conditions: dict[str, ex.Condition] = {}
        self.templates: dict[str, Template] = {}
        for node in self.nodes.values():
            texts = []
            if isinstance(node, RouteNode):
                texts = [r.when for r in node.rules]
            elif isinstance(node, QuestionNode):
                texts = [o.suggest_when for o in node.options if o.suggest_when]
            for text in texts:
                if text not in self.conditions:
                    try:
                        self.conditions[text] = ex.condition(text, self.env)
                    except ex.ExpressionError as failure:
                        raise RunnerError(f"{self.key} {node.id}: {text!r}: {failure}") from None
        for decl in tree.templates:
            try:
                self.templates[decl.name] = parse_template(decl.text)
            except TemplateError as failure:
                raise RunnerError(f"{self.key}: template {decl.name!r}: {failure}") from None

    def node(self, node_id: str) -> Node:
        try:
            return self.nodes[node_id]
        except KeyError:
            raise RunnerError(f"{self.key}: {node_id!r} is no node") from None


def _environment(tree: Tree) -> ex.Environment:
    """The default paths, the tree's own declared variables, and ``session.<field>`` for its inputs;
    all the tree adds may be null (not given, or an optional field left empty)."""
    added: dict[str, ex.Type] = {}
    specs = [(v.path, v.type, v.choices) for v in tree.variables]
    specs += [(f.path, f.type, f.choices) for n in tree.nodes if isinstance(n, InputNode) for f in n.fields]
    for path, kind, choices in specs:
        if path in ex.DEFAULT_ENVIRONMENT or path in added:
            continue  # the default's type wins: it is what condition_values fills
        base = ex.enum_of(choices) if kind == "choice" else _TYPES.get(kind, ex.STR)
        added[path] = ex.optional(base)
    try:
        return ex.DEFAULT_ENVIRONMENT.extend(added)
    except ValueError as failure:
        raise RunnerError(f"{tree_key(tree)}: {failure}") from None


class Session:
    """One agent's way through a tree. ``events`` given: the session is rebuilt from that log."""

    def __init__(
        self,
        tree: Tree,
        values: Mapping[str, object],
        *,
        clock: Clock,
        resolver: Resolver | None = None,
        events: Iterable[Event] = (),
        digest: str = "",
    ) -> None:
        self._root = _Plan(tree)
        self._plans = {self._root.key: self._root}
        self._context = dict(values)
        self._clock = clock
        self._resolver = resolver
        self._digest = digest
        self._events: list[Event] = []
        self._steps: list[Step] = []
        self._answers: list[Answered] = []  # the answers that still count, in order
        self._superseded: set[int] = set()
        self._suggestions: dict[int, Suggested] = {}  # by the step (Entered index) they were made at
        self._inputs: dict[str, dict[str, object]] = {}  # tree key → session.<field> → value
        self._bases: dict[str, dict[str, object]] = {}  # tree key → its defaults under the context
        self._ended: Ended | None = None
        for event in events:
            self._apply(event)

    # What the session shows.

    @property
    def events(self) -> tuple[Event, ...]:
        return tuple(self._events)

    @property
    def tree(self) -> Tree:
        return self._root.tree

    @property
    def started(self) -> bool:
        return bool(self._events)

    @property
    def step(self) -> Step | None:
        return self._steps[-1] if self._steps else None

    @property
    def current(self) -> Node | None:
        """The node the session is at (after ``ended``: the end node); None before ``start``."""
        step = self.step
        return None if step is None else self._plans[step.tree].node(step.node)

    @property
    def current_tree(self) -> Tree | None:
        step = self.step
        return None if step is None else self._plans[step.tree].tree

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    @property
    def path(self) -> tuple[str, ...]:
        """The node ids of the session's own tree on the way that still counts (sub-trees left out)."""
        return tuple(s.node for s in self._steps if s.tree == self._root.key)

    @property
    def suggestion(self) -> Suggested | None:
        step = self.step
        return None if step is None or self._ended else self._suggestions.get(step.index)

    @property
    def answers(self) -> tuple[Answered, ...]:
        return tuple(self._answers)

    @property
    def superseded(self) -> frozenset[int]:
        """Indexes of Answered events that no longer count (a back or an edit came after them)."""
        return frozenset(self._superseded)

    @property
    def notes(self) -> tuple[Note, ...]:
        return tuple(e for e in self._events if isinstance(e, Note))

    @property
    def escalations(self) -> tuple[Escalated, ...]:
        """Every escalation made: a team told stays told, even if the agent goes back past it."""
        return tuple(e for e in self._events if isinstance(e, Escalated))

    @property
    def replies(self) -> tuple[Reply, ...]:
        return tuple(s.reply for s in self._steps if s.reply is not None)

    @property
    def inputs(self) -> Mapping[str, object]:
        """``session.<field>`` values of the tree the session is in."""
        step = self.step
        return MappingProxyType(dict(self._inputs.get(step.tree, {})) if step else {})

    @property
    def ended(self) -> Ended | None:
        return self._ended

    @property
    def disposition(self) -> str | None:
        return None if self._ended is None else self._ended.disposition

    # What the agent (or the caller) does.

    def start(self) -> None:
        if self._events:
            raise RunnerError("the session has already started")
        self._record(SessionStarted, tree=self._root.key, digest=self._digest)
        self._enter(self._root, self._root.tree.start)
        self._advance()

    def answer(self, choice: str | Mapping[str, object]) -> None:
        """Answer the question (an option's label), the input (field values) or the action (outcome)."""
        self._answer(choice, None)

    def _answer(self, choice: str | Mapping[str, object], how: How | None) -> None:
        step, node = self._waiting()
        plan = self._plans[step.tree]
        if isinstance(node, QuestionNode):
            option = next((o for o in node.options if o.label == choice), None)
            if option is None:
                labels = ", ".join(repr(o.label) for o in node.options)
                raise RunnerError(f"{node.id}: {choice!r} is not an option (options: {labels})")
            suggested = self._suggestions.get(step.index)
            if how is None:
                how = (
                    How.MANUAL
                    if suggested is None
                    else How.AUTO
                    if suggested.option == choice
                    else How.OVERRIDE
                )
            plan.node(option.next)  # a missing target is refused before the answer is logged
            self._record(Answered, tree=plan.key, node=node.id, option=option.label, values=None, how=how)
            self._enter(plan, option.next)
        elif isinstance(node, InputNode):
            if not isinstance(choice, Mapping):
                raise RunnerError(f"{node.id}: an input takes field values by name, not {choice!r}")
            values = _input_values(node, choice)
            target = plan.node(_next(plan, node, node.next)).id
            self._record(Answered, tree=plan.key, node=node.id, option=None, values=values, how=How.MANUAL)
            self._enter(plan, target)
        elif isinstance(node, ActionNode):
            if choice not in OUTCOMES:
                raise RunnerError(f"{node.id}: an action's outcome is success or failure, not {choice!r}")
            how = How.AUTO if choice == "success" else How.OVERRIDE
            target = plan.node(_next(plan, node, getattr(node, choice))).id
            self._record(Answered, tree=plan.key, node=node.id, option=choice, values=None, how=how)
            self._enter(plan, target)
        elif isinstance(node, EscalateNode):
            raise RunnerError(f"{node.id}: an escalation is confirmed (escalate), not answered")
        self._advance()

    def accept(self) -> None:
        """Take the suggestion (at an action: report success; at an escalation: confirm it with the
        tree's reason). One key in the console."""
        step, node = self._waiting()
        if isinstance(node, ActionNode):
            self.answer("success")
            return
        if isinstance(node, EscalateNode):
            self.escalate()
            return
        suggested = self._suggestions.get(step.index)
        if suggested is None:
            raise RunnerError(f"{node.id}: nothing is suggested here")
        self._answer(suggested.option, How.AUTO)

    def escalate(self, reason: str | None = None) -> None:
        """Confirm the escalation the session waits at — once the team has been told or the case
        handed off — with the agent's reason (blank: the tree's), and go on."""
        step, node = self._waiting()
        if not isinstance(node, EscalateNode):
            raise RunnerError(f"{node.id}: the session is not at an escalation")
        plan = self._plans[step.tree]
        target = plan.node(_next(plan, node, node.next)).id
        given = " ".join((reason or "").split()) or node.reason
        self._record(Escalated, tree=plan.key, node=node.id, team=node.team, mode=node.mode, reason=given)
        self._enter(plan, target)
        self._advance()

    def back(self) -> None:
        """Return to the decision before the current one; the answers since no longer count."""
        self._open()
        for step in reversed(self._steps[:-1]):
            if self._is_decision(step):
                self._record(Back, tree=step.tree, node=step.node, step=step.index)
                return
        raise RunnerError("there is no earlier decision to go back to")

    def edit(self, node_id: str, tree: str | None = None) -> None:
        """Revisit the answer given at ``node_id`` (last time it was passed; in the session's own
        tree unless ``tree`` names a called one by ``id@version``): every later answer stops counting."""
        self._open()
        key = tree or self._root.key
        for step in reversed(self._steps[:-1]):
            if step.tree == key and step.node == node_id:
                if not self._is_decision(step):
                    raise RunnerError(f"{node_id}: no answer is given there")
                self._record(Back, tree=step.tree, node=step.node, step=step.index)
                return
        raise RunnerError(f"{node_id}: not passed on the way to here")

    def note(self, text: str) -> None:
        step = self.step
        if step is None:
            raise RunnerError("the session has not started")
        self._record(Note, tree=step.tree, node=step.node, text=text)

    # The log: every change goes through _record, and _apply alone changes the state.

    def _record(self, cls: type[Event], **fields: object) -> None:
        self._apply(cls(index=len(self._events), at=self._clock(), **fields))  # type: ignore[arg-type]

    def _apply(self, event: Event) -> None:
        if event.index != len(self._events):
            raise RunnerError(f"event {event.index} is out of order (expected {len(self._events)})")
        if (not self._events) != isinstance(event, SessionStarted):
            raise RunnerError("a session's log begins with SessionStarted, and has one")
        if not self._steps and not isinstance(event, SessionStarted | Entered):
            # a synced log may be anything: refuse it as a RunnerError, never an IndexError
            raise RunnerError(f"event {event.index} ({event.kind}) comes before any step was entered")
        match event:
            case SessionStarted(tree=key) if key != self._root.key:
                raise RunnerError(f"the log is of tree {key}, not {self._root.key}")
            case Entered():
                self._steps.append(self._entered(event))
            case Suggested():
                self._suggestions[self._steps[-1].index] = event
            case Answered():
                self._answers.append(event)
                if event.values is not None:
                    self._inputs.setdefault(event.tree, {}).update(
                        {f"session.{name}": value for name, value in event.values}
                    )
            case Back(step=index):
                self._go_back(index)
            case Ended():
                self._ended = event
        self._events.append(event)

    def _entered(self, event: Entered) -> Step:
        """The step an Entered makes: into a called tree, back out of one, or within the same tree."""
        calls: tuple[tuple[str, str], ...] = ()
        before = self.step
        if before is not None:
            calls = before.calls
            node = self._plans[before.tree].node(before.node)
            if isinstance(node, CallNode) and event.tree != before.tree:
                calls = (*calls, (before.tree, node.id))
                self._plan(node.tree, node.version)
            elif isinstance(node, EndNode) and calls and event.tree == calls[-1][0]:
                calls = calls[:-1]
        plan = self._plans.get(event.tree)
        if plan is None:
            raise RunnerError(f"entered {event.node!r} of tree {event.tree}, which the session is not in")
        node = plan.node(event.node)
        reply = self._reply(plan, node) if isinstance(node, ResponseNode) else None
        return Step(event.index, event.tree, event.node, calls, reply)

    def _go_back(self, index: int) -> None:
        keep = next((i for i, s in enumerate(self._steps) if s.index == index), None)
        if keep is None:
            raise RunnerError(f"no step entered by event {index} is on the way")
        del self._steps[keep + 1 :]
        self._superseded.update(a.index for a in self._answers if a.index > index)
        self._answers = [a for a in self._answers if a.index < index]
        self._inputs = {}
        for answered in self._answers:
            if answered.values is not None:
                fields = {f"session.{name}": value for name, value in answered.values}
                self._inputs.setdefault(answered.tree, {}).update(fields)

    # Moving on by itself.

    def _enter(self, plan: _Plan, node_id: str) -> None:
        plan.node(node_id)  # refuse a missing target before it is logged
        self._record(Entered, tree=plan.key, node=node_id)

    def _advance(self) -> None:
        """Pass the nodes nobody decides, until a decision or the end. A tree that loops with no
        decision (the validator refuses it) is stopped after more steps than it has nodes."""
        moves = 0
        limit = sum(len(p.nodes) for p in self._plans.values()) + 1
        while True:
            step = self.step
            assert step is not None
            plan = self._plans[step.tree]
            node = plan.node(step.node)
            match node:
                case QuestionNode():
                    self._suggest(plan, step, node)
                    return
                case InputNode() | ActionNode() | EscalateNode():
                    return  # an escalation waits for the agent to confirm it (and give the reason)
                case RouteNode():
                    values = self._values(plan.key)
                    target = next(
                        (r.next for r in node.rules if plan.conditions[r.when].holds(values)), node.default
                    )
                    self._enter(plan, _next(plan, node, target))
                case InfoNode() | ResponseNode():
                    self._enter(plan, _next(plan, node, node.next))
                case CallNode():
                    called = self._plan(node.tree, node.version)
                    self._enter(called, called.tree.start)
                case EndNode():
                    if not step.calls:
                        self._record(Ended, tree=plan.key, node=node.id, disposition=node.disposition)
                        return
                    caller = self._plans[step.calls[-1][0]]
                    call = caller.node(step.calls[-1][1])
                    assert isinstance(call, CallNode)
                    self._enter(caller, _next(caller, call, call.next))
                case _:
                    raise RunnerError(f"{node.id}: a node of type {node.type} cannot be run")
            moves += 1
            if moves > limit:
                raise RunnerError(f"{node.id}: the tree loops with no decision")

    def _suggest(self, plan: _Plan, step: Step, node: QuestionNode) -> None:
        values = self._values(plan.key)
        for option in node.options:
            if option.suggest_when is None:
                continue
            condition = plan.conditions[option.suggest_when]
            if condition.holds(values):
                read = tuple((path, _plain(values.get(path))) for path in sorted(condition.variables))
                why = option.suggest_when
                self._record(Suggested, tree=plan.key, node=node.id, option=option.label, why=why, read=read)
                return

    def _values(self, key: str) -> dict[str, object]:
        """What conditions and templates of tree ``key`` read: its declared defaults where the context
        has no value (or null), the context, and what its input nodes collected."""
        base = self._bases.get(key)
        if base is None:
            defaults = self._plans[key].defaults
            given = {path: value for path, value in self._context.items() if value is not None}
            base = self._bases[key] = {**self._context, **defaults, **given}
        inputs = self._inputs.get(key)
        return {**base, **inputs} if inputs else base

    def _reply(self, plan: _Plan, node: ResponseNode) -> Reply:
        template = plan.templates.get(node.template)
        if template is None:
            raise RunnerError(f"{node.id}: template {node.template!r} is not declared")
        values = self._values(plan.key)
        filled = {p: None if values.get(p) is None else value_text(values[p]) for p in template.variables}
        text = template.render(filled).text
        return Reply(plan.key, node.id, node.template, template.source, MappingProxyType(filled), text)

    def _plan(self, tree_id: str, version: int) -> _Plan:
        key = f"{tree_id}@{version}"
        plan = self._plans.get(key)
        if plan is None:
            if self._resolver is None:
                raise RunnerError(f"tree {key} is called, but the session has no resolver")
            try:
                tree = self._resolver(tree_id, version)
            except LookupError:
                raise RunnerError(f"tree {key} is called, and cannot be found") from None
            if (tree.id, tree.version) != (tree_id, version):
                raise RunnerError(f"asked for tree {key}, the resolver gave {tree_key(tree)}")
            plan = self._plans[key] = _Plan(tree)
        return plan

    def _waiting(self) -> tuple[Step, Node]:
        self._open()
        step = self.step
        assert step is not None
        return step, self._plans[step.tree].node(step.node)

    def _open(self) -> None:
        if not self._steps:  # not started, or a replayed log that stops at its start
            raise RunnerError("the session has not started")
        if self._ended is not None:
            raise RunnerError("the session has ended")

    def _is_decision(self, step: Step) -> bool:
        return isinstance(self._plans[step.tree].node(step.node), QuestionNode | InputNode | ActionNode)


def _next(plan: _Plan, node: Node, target: str | None) -> str:
    if target is None:
        raise RunnerError(f"{plan.key} {node.id}: leads nowhere from here")
    return target


def _plain(value: object) -> object:
    """A value as it comes back from JSON, so a replayed log equals the one written (lists as tuples)."""
    if isinstance(value, list | tuple):
        return tuple(map(_plain, value))
    if isinstance(value, set | frozenset):
        return tuple(sorted(map(_plain, value), key=repr))
    return value


def value_text(value: object) -> str:
    """A value as a template shows it: true/false, whole numbers without a point."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _input_values(node: InputNode, given: Mapping[str, object]) -> tuple[tuple[str, object], ...]:
    """The field values in the node's order (an optional field left out is null); RunnerError for a
    field the node lacks, a required one missing, or a value of the wrong type or too long."""
    unknown = sorted(set(given) - {f.name for f in node.fields})
    if unknown:
        raise RunnerError(f"{node.id}: no field {', '.join(map(repr, unknown))}")
    out: list[tuple[str, object]] = []
    for f in node.fields:
        value = given.get(f.name)
        if value is None or value == "":
            if f.required:
                raise RunnerError(f"{node.id}: {f.name!r} is required")
            value = None
        else:
            _check_field(node, f, value)
        out.append((f.name, value))
    return tuple(out)


def _check_field(node: InputNode, f: InputField, value: object) -> None:
    fits = {
        "text": isinstance(value, str),
        "number": isinstance(value, int | float) and not isinstance(value, bool),
        "boolean": isinstance(value, bool),
        "choice": isinstance(value, str) and value in f.choices,
    }.get(f.type, False)
    if not fits:
        raise RunnerError(f"{node.id}: {value!r} does not fit {f.name!r} ({f.type})")
    if f.max_length is not None and isinstance(value, str) and len(value) > f.max_length:
        raise RunnerError(f"{node.id}: {f.name!r} takes at most {f.max_length} characters")
