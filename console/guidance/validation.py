"""Checking a decision tree: every rule a small function with a stable name, every finding a Problem.

The schema has already vouched for the shape (see loading.py); these rules are about meaning: the
graph (targets, reachability, traps, automatic cycles), variables defined on every path, templates,
escalation teams, dispositions, calls, and the tree's own test cases. A tree is checked against what
lies outside it — the disposition catalog, the hub's teams, the other trees — passed in as a Context,
since guidance reads no storage.
"""

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise

from console.domain.canned import Template, TemplateError, parse
from console.domain.network import Network
from console.domain.reply_length import allows_private
from console.guidance.conditions import condition_variables
from console.guidance.expressions import (
    BOOL,
    DEFAULT_ENVIRONMENT,
    FLOAT,
    STR,
    Environment,
    ExpressionError,
    Type,
    check_condition,
    enum_of,
    optional,
)
from console.guidance.expressions import parse as parse_expression
from console.guidance.graph import cycles, reachable, reverse
from console.guidance.problems import Problem, error, warning
from console.guidance.tree import (
    CONTEXT_ROOTS,
    SESSION_ROOT,
    ActionNode,
    CallNode,
    Edge,
    EndNode,
    EscalateNode,
    InputNode,
    Node,
    NodeType,
    QuestionNode,
    ResponseNode,
    RouteNode,
    Tree,
)

DEFAULT_MAX_NODES = 200  # past this a tree is hard to follow and to test; split it with `call`
_DECISIONS = (NodeType.QUESTION, NodeType.INPUT)  # nodes where the agent, not a condition, chooses


@dataclass(frozen=True, slots=True)
class Context:
    """What a tree is checked against."""

    dispositions: frozenset[str]  # the catalog's ids
    teams: frozenset[str] | None = None  # None: escalation teams are not checked (no hub to ask)
    trees: frozenset[tuple[str, int]] = frozenset()  # (id, version) of every tree a call may name
    max_nodes: int = DEFAULT_MAX_NODES


@dataclass(slots=True)
class _Facts:
    """Computed once per tree and shared by the rules."""

    tree: Tree
    context: Context
    nodes: dict[str, Node]  # first node of each id
    edges: dict[str, tuple[Edge, ...]]  # each node's ways out, built once
    successors: dict[str, list[str]]  # existing targets only
    reached: set[str]
    templates: dict[str, Template | TemplateError] = field(default_factory=dict)


Rule = Callable[[_Facts], Iterable[Problem]]


def validate(tree: Tree, context: Context) -> list[Problem]:
    """Every problem in ``tree``, in rule order then file order."""
    nodes: dict[str, Node] = {}
    for node in tree.nodes:
        nodes.setdefault(node.id, node)
    edges = {nid: n.edges for nid, n in nodes.items()}
    successors = {nid: [e.target for e in out if e.target in nodes] for nid, out in edges.items()}
    facts = _Facts(tree, context, nodes, edges, successors, reachable(successors, [tree.start]))
    for decl in tree.templates:
        try:
            facts.templates[decl.name] = parse(decl.text)
        except TemplateError as failure:
            facts.templates[decl.name] = failure
    return [problem for rule in RULES for problem in rule(facts)]


def _at(facts: _Facts, line: int, node: str, rule: str, message: str) -> Problem:
    return error(facts.tree.file, line, node, rule, message)


def _warn(facts: _Facts, line: int, node: str, rule: str, message: str) -> Problem:
    return warning(facts.tree.file, line, node, rule, message)


def duplicate_id(facts: _Facts) -> Iterator[Problem]:
    for node in facts.tree.nodes:
        first = facts.nodes[node.id]
        if first is not node:
            yield _at(
                facts, node.line, node.id, "duplicate-id", f"the id is already used on line {first.line}"
            )
    for node in facts.tree.nodes:
        if isinstance(node, InputNode):
            names: set[str] = set()
            for f in node.fields:
                if f.name in names:
                    yield _at(facts, f.line, node.id, "duplicate-id", f"field {f.name!r} appears twice")
                names.add(f.name)


def missing_target(facts: _Facts) -> Iterator[Problem]:
    if facts.tree.start not in facts.nodes:
        yield _at(
            facts, facts.tree.start_line, "", "missing-target", f"start {facts.tree.start!r} is no node"
        )
    for node in facts.tree.nodes:
        for edge in facts.edges[node.id] if facts.nodes[node.id] is node else node.edges:
            if edge.target not in facts.nodes:
                message = f"{edge.label} leads to {edge.target!r}, which is no node"
                yield _at(facts, edge.line, node.id, "missing-target", message)


def dead_end(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if node.type is not NodeType.END and not facts.edges[node.id]:
            message = f"this {node.type} node leads nowhere: give it where to go next, or make it an end"
            yield _at(facts, node.line, node.id, "dead-end", message)


def unreachable(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if node.id not in facts.reached:
            yield _at(facts, node.line, node.id, "unreachable", "no path from the start leads here")


def trap(facts: _Facts) -> Iterator[Problem]:
    """Reachable nodes from which no end can be reached (dead ends are reported on their own)."""
    ends = [nid for nid, n in facts.nodes.items() if n.type is NodeType.END]
    can_end = reachable(reverse(facts.successors), ends)
    for node in facts.nodes.values():
        if node.id in facts.reached and node.id not in can_end and facts.edges[node.id]:
            message = "no end can be reached from here: a session entering it never finishes"
            yield _at(facts, node.line, node.id, "trap", message)


def cycle_without_decision(facts: _Facts) -> Iterator[Problem]:
    automatic = {
        nid: ([] if facts.nodes[nid].type in _DECISIONS else targets)
        for nid, targets in facts.successors.items()
    }
    for component in cycles(automatic):
        first = facts.nodes[component[0]]
        loop = " → ".join([*component, component[0]])
        message = f"{loop} loops with no question or input to stop it"
        yield _at(facts, first.line, first.id, "cycle-without-decision", message)


def route_without_default(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if isinstance(node, RouteNode) and node.default is None:
            message = "a route needs a default for when no rule holds"
            yield _at(facts, node.line, node.id, "route-without-default", message)


def shadowed_rule(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if not isinstance(node, RouteNode):
            continue
        earlier: dict[str, int] = {}
        for number, rule in enumerate(node.rules, start=1):
            condition = " ".join(rule.when.split())
            if "true" in earlier:
                message = f"rule {number} is never tried: rule {earlier['true']} always holds"
                yield _warn(facts, rule.line, node.id, "shadowed-rule", message)
            elif condition in earlier:
                message = f"rule {number} repeats the condition of rule {earlier[condition]}, which wins"
                yield _warn(facts, rule.line, node.id, "shadowed-rule", message)
            earlier.setdefault(condition, number)


def undefined_variable(facts: _Facts) -> Iterator[Problem]:
    """A variable read must be declared (context) or set by a required input field on every path
    from the start; a template placeholder with a default needs only to be known."""
    tree = facts.tree
    declared = {v.path for v in tree.variables}
    fields = {f.path for n in facts.nodes.values() if isinstance(n, InputNode) for f in n.fields}
    defined_before = _defined_on_every_path(facts)
    for node in facts.nodes.values():
        if node.id not in facts.reached:
            continue
        known_here = declared | defined_before[node.id]
        for path, line, needed in _reads(facts, node):
            if path in known_here or (not needed and path in fields):
                continue
            root = path.split(".", 1)[0]
            if root not in (*CONTEXT_ROOTS, SESSION_ROOT):
                why = f"{path!r} is no variable: names start with {', '.join((*CONTEXT_ROOTS, SESSION_ROOT))}"
            elif root == SESSION_ROOT and path in fields:
                why = f"{path!r} is not set on every path to this node (no required input field on one)"
            elif root == SESSION_ROOT:
                why = f"{path!r} is set by no input field"
            else:
                why = f"{path!r} is not declared under variables"
            yield _at(facts, line, node.id, "undefined-variable", why)


def _reads(facts: _Facts, node: Node) -> Iterator[tuple[str, int, bool]]:
    """(variable, line, needed on every path) for each variable the node reads."""
    conditions: list[tuple[str, int]] = []
    if isinstance(node, RouteNode):
        conditions = [(r.when, r.line) for r in node.rules]
    elif isinstance(node, QuestionNode):
        conditions = [(o.suggest_when, o.line) for o in node.options if o.suggest_when]
    for text, line in conditions:
        try:
            variables = condition_variables(text)
        except ValueError:
            continue  # reported by condition_invalid
        for path in sorted(variables):
            yield path, line, True
    if isinstance(node, ResponseNode):
        template = facts.templates.get(node.template)
        if isinstance(template, Template):
            required = set(template.required)
            for path in template.variables:
                yield path, node.line_of("template"), path in required


def _defined_on_every_path(facts: _Facts) -> dict[str, frozenset[str]]:
    """Session variables defined on entry to each reachable node: the intersection, over its
    predecessors, of what they define on exit (a forward must-analysis run to a fixpoint)."""
    everything = frozenset(
        f.path for n in facts.nodes.values() if isinstance(n, InputNode) for f in n.fields if f.required
    )
    gives = {
        nid: frozenset(f.path for f in n.fields if f.required) if isinstance(n, InputNode) else frozenset()
        for nid, n in facts.nodes.items()
    }
    entry = {nid: everything for nid in facts.nodes}
    start = facts.tree.start
    if start not in facts.nodes:
        return entry
    entry[start] = frozenset()
    order = [start, *(nid for nid in facts.nodes if nid in facts.reached and nid != start)]
    queue, queued = deque(order), set(order)  # every reachable node once; then only what narrowed
    while queue:
        nid = queue.popleft()
        queued.discard(nid)
        out = entry[nid] | gives[nid]
        for target in facts.successors[nid]:
            narrowed = entry[target] & out
            if target == start or narrowed == entry[target]:
                continue
            entry[target] = narrowed
            if target not in queued:
                queue.append(target)
                queued.add(target)
    return entry


def condition_invalid(facts: _Facts) -> Iterator[Problem]:
    environment = _environment(facts.tree)
    for node in facts.nodes.values():
        texts: list[tuple[str, int]] = []
        if isinstance(node, RouteNode):
            texts = [(r.when, r.line) for r in node.rules]
        elif isinstance(node, QuestionNode):
            texts = [(o.suggest_when, o.line) for o in node.options if o.suggest_when]
        for text, line in texts:
            try:
                condition_variables(text)
            except ValueError as failure:
                yield _at(facts, line, node.id, "condition-invalid", f"{text!r}: {failure}")
                continue
            problem = condition_type_problem(text, environment)
            if problem:
                yield _at(facts, line, node.id, "condition-type", f"{text!r}: {problem}")


def condition_type_problem(text: str, environment: Environment) -> str:
    """Why ``text`` is not a yes/no question over the variables' types ("" when it is): an enum
    value misspelt (mention.sentiment == 'negtive'), a number compared with text, a condition
    that is not true or false. Unknown variables are the undefined-variable rule's."""
    try:
        check_condition(parse_expression(text), environment)
    except ExpressionError as failure:
        return "" if failure.rule == "unknown-variable" else f"{failure} ({failure.rule})"
    return ""


_TYPES = {"text": STR, "number": FLOAT, "boolean": BOOL}


def _type_of(kind: str, choices: tuple[str, ...], required: bool = True) -> Type:
    declared = enum_of(choices) if kind == "choice" and choices else _TYPES.get(kind, STR)
    return declared if required else optional(declared)


def _environment(tree: Tree) -> Environment:
    """The context's variables (console.guidance.expressions' defaults) and what the tree declares:
    its own variables and every input field (optional: a condition may run before the input)."""
    declared: dict[str, Type] = {}
    for variable in tree.variables:
        if variable.path not in DEFAULT_ENVIRONMENT:
            declared[variable.path] = _type_of(variable.type, variable.choices)
    for node in tree.nodes:
        if isinstance(node, InputNode):
            for input_field in node.fields:
                declared.setdefault(input_field.path, _type_of(input_field.type, input_field.choices, False))
    try:
        return DEFAULT_ENVIRONMENT.extend(declared)
    except ValueError:  # a path no expression can spell: the schema or undefined-variable says why
        return DEFAULT_ENVIRONMENT


def template_missing(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if isinstance(node, ResponseNode) and node.template not in facts.templates:
            message = f"template {node.template!r} is not declared under templates"
            yield _at(facts, node.line_of("template"), node.id, "template-missing", message)


def template_invalid(facts: _Facts) -> Iterator[Problem]:
    for decl in facts.tree.templates:
        failure = facts.templates[decl.name]
        if isinstance(failure, TemplateError):
            message = f"template {decl.name!r}: {failure}"
            yield _at(facts, decl.text_line + failure.line - 1, "", "template-invalid", message)


def escalation_unknown(facts: _Facts) -> Iterator[Problem]:
    teams = facts.context.teams
    if teams is None:
        return
    for node in facts.nodes.values():
        if isinstance(node, EscalateNode) and node.team not in teams:
            known = ", ".join(sorted(teams)) or "none"
            message = f"team {node.team!r} is not a team of the hub (known: {known})"
            yield _at(facts, node.line_of("team"), node.id, "escalation-unknown", message)


def disposition_unknown(facts: _Facts) -> Iterator[Problem]:
    catalog = facts.context.dispositions
    for node in facts.nodes.values():
        if isinstance(node, EndNode) and node.disposition not in catalog:
            message = f"disposition {node.disposition!r} is not in the catalog"
            yield _at(facts, node.line_of("disposition"), node.id, "disposition-unknown", message)
    for test in facts.tree.tests:
        if test.disposition not in catalog:
            message = f"test {test.name!r} expects disposition {test.disposition!r}, not in the catalog"
            yield _at(facts, test.line, "", "disposition-unknown", message)


def call_unresolved(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if not isinstance(node, CallNode):
            continue
        if node.tree == facts.tree.id:
            yield _at(facts, node.line, node.id, "call-unresolved", "a tree cannot call itself")
        elif (node.tree, node.version) not in facts.context.trees:
            versions = sorted(v for t, v in facts.context.trees if t == node.tree)
            have = f" (versions found: {', '.join(map(str, versions))})" if versions else ""
            message = f"tree {node.tree!r} version {node.version} is not among the checked trees{have}"
            yield _at(facts, node.line_of("tree"), node.id, "call-unresolved", message)


def test_path_invalid(facts: _Facts) -> Iterator[Problem]:
    tree = facts.tree
    declared = {v.path for v in tree.variables}
    for test in tree.tests:
        for message in _path_faults(facts, test.path, test.disposition, test.answers):
            yield _at(facts, test.path_line, "", "test-path-invalid", f"test {test.name!r}: {message}")
        for name in sorted(set(test.variables) - declared):
            message = f"test {test.name!r} sets {name!r}, which is not declared under variables"
            yield _at(facts, test.line, "", "test-path-invalid", message)


def _path_faults(facts: _Facts, path: tuple[str, ...], disposition: str, answers) -> Iterator[str]:
    if path[0] != facts.tree.start:
        yield f"the path starts at {path[0]!r}, not at the start {facts.tree.start!r}"
    for here, there in pairwise(path):
        if here not in facts.nodes:
            yield f"{here!r} is no node"
            return
        if there not in facts.successors[here]:
            yield f"no edge leads from {here!r} to {there!r}"
            return
    last = facts.nodes.get(path[-1])
    if last is None:
        yield f"{path[-1]!r} is no node"
    elif not isinstance(last, EndNode):
        yield f"the path stops at {last.id!r}, a {last.type} node, not at an end"
    elif last.disposition != disposition:
        yield f"the path ends at {last.id!r} ({last.disposition}), not with {disposition!r}"
    following = dict(pairwise(path))  # a node visited twice keeps its last step: loops pass a decision
    for node_id, answer in answers.items():
        node = facts.nodes.get(node_id)
        if node is None:
            yield f"answers {node_id!r}, which is no node"
        else:
            yield from _answer_faults(node, answer, following.get(node_id))


def _answer_faults(node: Node, answer: object, then: str | None) -> Iterator[str]:
    """An answer must fit its node, and lead where the path goes next when the path passes there."""
    if isinstance(node, QuestionNode):
        option = next((o for o in node.options if isinstance(answer, str) and o.label == answer), None)
        if option is None:
            yield f"answers {answer!r} to {node.id!r}, which offers no such option"
        elif then is not None and option.next != then and then in {o.next for o in node.options}:
            yield f"answers {answer!r} to {node.id!r}, which leads to {option.next!r}, not {then!r}"
    elif isinstance(node, InputNode):
        names = {f.name for f in node.fields}
        if not isinstance(answer, dict):
            yield f"answers {node.id!r} with {answer!r}: an input takes field values by name"
        else:
            unknown = sorted(set(answer) - names)
            missing = sorted(f.name for f in node.fields if f.required and f.name not in answer)
            if unknown:
                yield f"answers {node.id!r} with fields it does not have: {', '.join(unknown)}"
            if missing and then is not None:
                yield f"answers {node.id!r} without its required fields: {', '.join(missing)}"
    elif isinstance(node, ActionNode):
        if answer not in ("success", "failure"):
            yield f"answers {node.id!r} with {answer!r}: an action's outcome is success or failure"
        elif then is not None and getattr(node, answer) != then:
            yield f"answers {answer!r} to {node.id!r}, which leads to {getattr(node, answer)!r}, not {then!r}"
    else:
        yield f"answers {node.id!r}, a node of type {node.type}, which asks nothing"


def end_not_covered(facts: _Facts) -> Iterator[Problem]:
    covered = {test.path[-1] for test in facts.tree.tests}
    for node in facts.nodes.values():
        if isinstance(node, EndNode) and node.id in facts.reached and node.id not in covered:
            yield _warn(facts, node.line, node.id, "end-not-covered", "no test case ends here")


def one_option_question(facts: _Facts) -> Iterator[Problem]:
    for node in facts.nodes.values():
        if isinstance(node, QuestionNode) and len(node.options) == 1:
            message = "a question with one option asks nothing: make it an info node"
            yield _warn(facts, node.line, node.id, "one-option-question", message)


def oversized_tree(facts: _Facts) -> Iterator[Problem]:
    count, most = len(facts.tree.nodes), facts.context.max_nodes
    if count > most:
        message = f"{count} nodes (more than {most}): split it into sub-trees with call nodes"
        yield _warn(facts, facts.tree.line, "", "oversized-tree", message)


def reply_too_long(facts: _Facts) -> Iterator[Problem]:
    """Each template's worst case (every variable at its longest) against each network's limit."""
    bounds = _length_bounds(facts.tree, facts.nodes.values())
    networks = [Network(n) for n in facts.tree.networks] or list(Network)
    for decl in facts.tree.templates:
        template = facts.templates[decl.name]
        if not isinstance(template, Template):
            continue
        unbounded = [v for v in template.variables if v not in bounds]
        if unbounded:
            message = f"template {decl.name!r}: no max_length for {', '.join(unbounded)}: length unchecked"
            yield _warn(facts, decl.line, "", "reply-length-unknown", message)
            continue
        for network in networks:
            if decl.private and not allows_private(network):
                continue
            length = template.longest(network, bounds, private=decl.private)
            if not length.fits:
                message = f"template {decl.name!r} can reach {length.message}"
                yield _warn(facts, decl.line, "", "reply-too-long", message)


def _length_bounds(tree: Tree, nodes: Iterable[Node]) -> dict[str, int]:
    """The most characters each variable can hold, where that is known."""
    bounds: dict[str, int] = {}
    specs = [(v.path, v.type, v.max_length, v.choices) for v in tree.variables]
    specs += [
        (f.path, f.type, f.max_length, f.choices) for n in nodes if isinstance(n, InputNode) for f in n.fields
    ]
    for path, kind, max_length, choices in specs:
        if max_length is not None:
            most = max_length
        elif kind == "choice":
            most = max(map(len, choices))
        elif kind == "boolean":
            most = len("false")
        else:
            continue
        bounds[path] = max(most, bounds.get(path, 0))
    return bounds


RULES: tuple[Rule, ...] = (
    duplicate_id,
    missing_target,
    dead_end,
    unreachable,
    trap,
    cycle_without_decision,
    route_without_default,
    condition_invalid,
    undefined_variable,
    template_missing,
    template_invalid,
    escalation_unknown,
    disposition_unknown,
    call_unresolved,
    test_path_invalid,
    shadowed_rule,
    one_option_question,
    reply_too_long,
    oversized_tree,
    end_not_covered,
)
