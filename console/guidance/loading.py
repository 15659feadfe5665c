"""Reading a decision tree file: YAML with the line of every value, the JSON Schema, then a Tree.

The YAML is read with every value's line (console.guidance.yaml_lines), so each schema error and
each later rule points at the line it is about, and a repeated key is reported instead of silently
keeping the last one. A file that fails the schema
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
from console.guidance.yaml_lines import JsonPath, line_of, read_yaml


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


def load_tree(path: Path | str, text: str | None = None) -> TreeLoad:
    """Read ``path`` (or ``text``, named ``path`` in problems) into a Tree and the problems found."""
    name = str(path)
    try:
        source = Path(path).read_text("utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as failure:
        return TreeLoad(None, (error(name, 0, "", "unreadable", f"cannot be read ({failure})"),))
    read = read_yaml(name, source)
    if not read.read:
        return TreeLoad(None, read.problems)
    document, lines = read.document, read.lines
    problems = list(read.problems)
    problems += _schema_problems(name, document, lines)
    if problems:
        return TreeLoad(None, tuple(problems))
    return TreeLoad(_tree(name, document, lines), ())


def _schema_problems(file: str, document: Any, lines: Mapping[JsonPath, int]) -> list[Problem]:
    if _fast_validator().is_valid(document):
        return []
    failures = [(tuple(e.absolute_path), e.message) for e in _validator().iter_errors(document)]
    if not failures:  # the two differ at the edges (Python's "$" allows a final newline): trust the stricter
        failures = [(tuple(e.instance_path), e.message) for e in _fast_validator().iter_errors(document)]
    problems: list[Problem] = []
    seen: set[tuple[JsonPath, str]] = set()
    for path, message in sorted(failures, key=lambda f: line_of(lines, f[0])):
        if (path, message) in seen:
            continue
        seen.add((path, message))
        where = _dotted(path)
        message = f"{where}: {message}" if where else message
        problems.append(error(file, line_of(lines, path), _node_of(document, path), "schema", message))
    return problems


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
