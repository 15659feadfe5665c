"""Reading YAML with the line of every value, for files people write (trees, choice rules).

PyYAML's composer keeps a mark on every node; building the plain document from those nodes (rather
than with ``safe_load``) lets each later finding point at the line it is about, and lets a repeated
key be reported instead of silently keeping the last one.
"""

import json
from dataclasses import dataclass
from typing import Any

import yaml

from console.guidance.problems import Problem, error

JsonPath = tuple[str | int, ...]

# libyaml when present: composing a 1,000-node tree takes ~50 ms instead of ~550, marks included.
_COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class YamlRead:
    read: bool  # a document was built (it may still hold problems: repeated keys, bad scalars)
    document: Any
    lines: dict[JsonPath, int]  # 1-based line of every value (and every key), by its path
    problems: tuple[Problem, ...]


def read_yaml(name: str, source: str) -> YamlRead:
    """The document in ``source`` with its lines; ``name`` is what problems call the file."""
    try:
        root = yaml.compose(source, Loader=_COMPOSER)
    except yaml.YAMLError as failure:
        mark = getattr(failure, "problem_mark", None)
        line = mark.line + 1 if mark else 0
        problem = getattr(failure, "problem", None) or str(failure)
        context, start = getattr(failure, "context", None), getattr(failure, "context_mark", None)
        if context and start:
            problem = f"{problem} ({context} on line {start.line + 1})"
        found = error(name, line, "", "yaml-syntax", f"not valid YAML: {problem}")
        return YamlRead(False, None, {}, (found,))
    except RecursionError:
        return YamlRead(False, None, {}, (error(name, 0, "", "yaml-syntax", "nested too deeply to read"),))
    if root is None:
        return YamlRead(False, None, {}, (error(name, 0, "", "schema", "the file is empty"),))
    reader = LineReader(name)
    try:
        document = reader.value(root, ())
    except RecursionError:
        return YamlRead(False, None, {}, (error(name, 0, "", "yaml-syntax", "nested too deeply to read"),))
    return YamlRead(True, document, reader.lines, tuple(reader.problems))


def line_of(lines: dict[JsonPath, int], path: JsonPath) -> int:
    """The line of ``path``, or of its nearest ancestor that has one (1 when none does)."""
    path = tuple(path)
    while path and path not in lines:
        path = path[:-1]
    return lines.get(path, 1)


class LineReader:
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
