"""Reading a decision tree file: YAML with the line of every value, the JSON Schema, then a Tree.

PyYAML's composer keeps a mark on every node; building the plain document from those nodes (rather
than with ``safe_load``) lets each schema error and each later rule point at the line it is about, and
lets a repeated key be reported instead of silently keeping the last one. A file that fails the schema
yields no Tree: the graph rules would only repeat the same mistake in other words.
"""

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import jsonschema_rs
import yaml
from horseshoe_resources import resource

from console.guidance.problems import Problem, error
from console.guidance.tree import (
    ActionNode,
    CallNode,
    EndNode,
    EscalateNode,
    InfoNode,
    InputField,
    InputNode,
    Node,
    Option,
    QuestionNode,
    ResponseNode,
    RouteNode,
    RouteRule,
    TemplateDecl,
    Tree,
    TreeTest,
    Variable,
)

JsonPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class TreeLoad:
    tree: Tree | None  # None when the file could not be read, parsed or failed its schema
    problems: tuple[Problem, ...]


@cache
def tree_schema() -> Mapping[str, Any]:
    """The JSON Schema every tree file follows (resources/trees/schema.json)."""
    return json.loads(resource("trees", "schema.json").read_text("utf-8"))


@cache
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(tree_schema())


@cache
def _fast_validator():
    """jsonschema-rs answers "valid?" in ~3 ms for a 1,000-node tree where jsonschema takes ~500;
    jsonschema then explains the (rare) invalid files, in the messages authors are used to."""
    return jsonschema_rs.validator_for(tree_schema())


# libyaml when present: composing a 1,000-node tree takes ~50 ms instead of ~550, marks included.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_tree(path: Path | str, text: str | None = None) -> TreeLoad:
    """Read ``path`` (or ``text``, named ``path`` in problems) into a Tree and the problems found."""
    name = str(path)
    try:
        source = Path(path).read_text("utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as failure:
        return TreeLoad(None, (error(name, 0, "", "unreadable", f"cannot be read ({failure})"),))
    try:
        root = yaml.compose(source, Loader=_COMPOSER)
    except yaml.YAMLError as failure:
        mark = getattr(failure, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(failure, "problem", None) or str(failure)
        context, start = getattr(failure, "context", None), getattr(failure, "context_mark", None)
        if context and start:
            problem = f"{problem} ({context} on line {start.line + 1})"
        return TreeLoad(None, (error(name, line, "", "yaml-syntax", f"not valid YAML: {problem}"),))
    except RecursionError:
        return TreeLoad(None, (error(name, 0, "", "yaml-syntax", "nested too deeply to read"),))
    if root is None:
        return TreeLoad(None, (error(name, 0, "", "schema", "the file is empty"),))
    reader = _Reader(name)
    try:
        document = reader.value(root, ())
    except RecursionError:
        return TreeLoad(None, (error(name, 0, "", "yaml-syntax", "nested too deeply to read"),))
    problems = list(reader.problems)
    problems += _schema_problems(name, document, reader.lines)
    if problems:
        return TreeLoad(None, tuple(problems))
    return TreeLoad(_tree(name, document, reader.lines), ())


class _Reader:
    """Builds plain Python values from composed YAML nodes, recording each value's line by path."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.lines: dict[JsonPath, int] = {}
        self.problems: list[Problem] = []
        self._scalars = yaml.SafeLoader("")
        self._open: set[int] = set()  # nodes being built: an alias back to one is a cycle

    def value(self, node: yaml.Node, path: JsonPath) -> Any:
        self.lines.setdefault(path, node.start_mark.line + 1)
        if id(node) in self._open:
            raise_at = node.start_mark.line + 1
            self.problems.append(error(self.file, raise_at, "", "yaml-syntax", "an alias refers to itself"))
            return None
        if isinstance(node, yaml.ScalarNode):
            try:
                return self._scalars.construct_object(node)
            except yaml.YAMLError as failure:
                message = f"unreadable value: {getattr(failure, 'problem', None) or failure}"
                self.problems.append(error(self.file, node.start_mark.line + 1, "", "yaml-syntax", message))
                return None
        self._open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self._item(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self._open.discard(id(node))

    def _item(self, node: yaml.Node, path: JsonPath) -> Any:
        self.lines[path] = node.start_mark.line + 1
        return self.value(node, path)

    def _mapping(self, node: yaml.MappingNode, path: JsonPath) -> dict[str, Any]:
        try:
            self._scalars.flatten_mapping(node)  # merge keys (<<) as safe_load would
        except yaml.YAMLError as failure:
            message = f"unreadable merge: {getattr(failure, 'problem', None) or failure}"
            self.problems.append(error(self.file, node.start_mark.line + 1, "", "yaml-syntax", message))
            return {}
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self.value(key_node, (*path, "<key>"))
            key = key if isinstance(key, str) else json.dumps(key, default=str)
            line = key_node.start_mark.line + 1
            if key in out:
                message = f"the key {key!r} is repeated (line {self.lines[(*path, key)]} and here)"
                self.problems.append(error(self.file, line, "", "duplicate-key", message))
                continue
            self.lines[(*path, key)] = line
            out[key] = self.value(value_node, (*path, key))
        return out


def _schema_problems(file: str, document: Any, lines: Mapping[JsonPath, int]) -> list[Problem]:
    if _fast_validator().is_valid(document):
        return []
    failures = [(tuple(e.absolute_path), e.message) for e in _validator().iter_errors(document)]
    if not failures:  # the two differ at the edges (Python's "$" allows a final newline): trust the stricter
        failures = [(tuple(e.instance_path), e.message) for e in _fast_validator().iter_errors(document)]
    problems: list[Problem] = []
    seen: set[tuple[JsonPath, str]] = set()
    for path, message in sorted(failures, key=lambda f: _line(lines, f[0])):
        if (path, message) in seen:
            continue
        seen.add((path, message))
        where = _dotted(path)
        message = f"{where}: {message}" if where else message
        problems.append(error(file, _line(lines, path), _node_of(document, path), "schema", message))
    return problems


def _line(lines: Mapping[JsonPath, int], path: Any) -> int:
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


def _dotted(path: JsonPath) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _node_of(document: Any, path: JsonPath) -> str:
    if len(path) >= 2 and path[0] == "nodes" and isinstance(document, dict):
        nodes = document.get("nodes")
        index = path[1]
        if isinstance(nodes, list) and isinstance(index, int) and index < len(nodes):
            node = nodes[index]
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                return node["id"]
    return ""


def _tree(file: str, doc: dict[str, Any], lines: Mapping[JsonPath, int]) -> Tree:
    variables = tuple(
        Variable(
            path,
            spec["type"],
            spec.get("max_length"),
            tuple(spec.get("choices", ())),
            spec.get("default"),
            lines[("variables", path)],
        )
        for path, spec in doc.get("variables", {}).items()
    )
    templates = tuple(
        TemplateDecl(
            name,
            spec["text"],
            bool(spec.get("private", False)),
            lines[("templates", name)],
            lines[("templates", name, "text")],
        )
        for name, spec in doc.get("templates", {}).items()
    )
    nodes = tuple(_node(raw, ("nodes", i), lines) for i, raw in enumerate(doc["nodes"]))
    tests = tuple(
        TreeTest(
            raw["name"],
            raw.get("variables", {}),
            raw.get("answers", {}),
            tuple(raw["path"]),
            raw["disposition"],
            lines[("tests", i)],
            lines[("tests", i, "path")],
        )
        for i, raw in enumerate(doc.get("tests", ()))
    )
    return Tree(
        file=file,
        id=doc["id"],
        version=doc["version"],
        title=doc["title"],
        description=doc.get("description", ""),
        start=doc["start"],
        start_line=lines[("start",)],
        networks=tuple(doc.get("networks", ())),
        variables=variables,
        templates=templates,
        nodes=nodes,
        tests=tests,
    )


def _node(raw: dict[str, Any], path: JsonPath, lines: Mapping[JsonPath, int]) -> Node:
    common = {
        "id": raw["id"],
        "line": lines[path],
        "lines": {key: lines[(*path, key)] for key in raw},
    }
    kind = raw["type"]
    if kind == "info":
        return InfoNode(**common, text=raw["text"], next=raw.get("next"))
    if kind == "question":
        options = tuple(
            Option(o["label"], o["next"], o.get("suggest_when"), lines[(*path, "options", i)])
            for i, o in enumerate(raw["options"])
        )
        return QuestionNode(**common, prompt=raw["prompt"], options=options)
    if kind == "route":
        rules = tuple(
            RouteRule(r["when"], r["next"], lines[(*path, "rules", i)]) for i, r in enumerate(raw["rules"])
        )
        return RouteNode(**common, rules=rules, default=raw.get("default"))
    if kind == "input":
        fields = tuple(
            InputField(
                f["name"],
                f["type"],
                f.get("required", True),
                f.get("max_length"),
                tuple(f.get("choices", ())),
                f.get("label", f["name"]),
                lines[(*path, "fields", i)],
            )
            for i, f in enumerate(raw["fields"])
        )
        return InputNode(**common, prompt=raw.get("prompt", ""), fields=fields, next=raw.get("next"))
    if kind == "response":
        return ResponseNode(**common, template=raw["template"], next=raw.get("next"))
    if kind == "action":
        return ActionNode(
            **common, action=raw["action"], value=raw["value"], success=raw.get("success"),
            failure=raw.get("failure"),
        )  # fmt: skip
    if kind == "escalate":
        return EscalateNode(
            **common, mode=raw["mode"], team=raw["team"], reason=raw["reason"], next=raw.get("next")
        )
    if kind == "call":
        return CallNode(**common, tree=raw["tree"], version=raw["version"], next=raw.get("next"))
    return EndNode(**common, disposition=raw["disposition"])
