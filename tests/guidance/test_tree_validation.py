"""The tree checker: one fixture per rule, a valid tree, the CLI, and inputs that must never crash it."""

import json
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from console.guidance.checking import check_trees
from console.guidance.conditions import condition_variables
from console.guidance.loading import load_tree, tree_schema
from console.guidance.problems import Severity
from console.guidance.tree import EndNode, NodeType, QuestionNode
from console.guidance.validation import RULES, Context, validate
from console.hub.cli import main

TREES = Path(__file__).parent / "trees"
VALID = TREES / "valid" / "refund_request.yaml"
INVALID = sorted((TREES / "invalid").glob("*.yaml"))
CATALOG = frozenset(
    e["id"]
    for e in yaml.safe_load((Path(__file__).parents[2] / "resources" / "dispositions.yaml").read_text())[
        "dispositions"
    ]
)
CONTEXT = Context(CATALOG, frozenset({"PR", "Legal"}))


def _marked_line(path: Path) -> int:
    """The line a fixture marks with ``# <- rule``: where its problem must be reported."""
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, text in enumerate(lines, start=1) if "# <- " in text)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_each_fixture_breaks_exactly_its_own_rule_on_the_marked_line(path):
    rule = path.stem
    context = Context(CATALOG, frozenset({"PR"}), max_nodes=3 if rule == "oversized-tree" else 200)
    _trees, problems = check_trees([path], context)
    assert problems, f"{path.name} reported nothing"
    assert {p.rule for p in problems} == {rule}, [str(p) for p in problems]
    assert _marked_line(path) in {p.line for p in problems}
    assert all(p.file == str(path) for p in problems)


def test_every_rule_has_a_fixture():
    names = {rule.__name__.replace("_", "-") for rule in RULES}
    fixtures = {p.stem for p in INVALID}
    assert names - fixtures == set()
    # The loader's rules, reply_too_long's second finding (a length it cannot bound), condition_invalid's
    # second (a condition that reads, but not as a yes/no over its types), and the runner's.
    others = {
        "schema",
        "yaml-syntax",
        "duplicate-key",
        "reply-length-unknown",
        "condition-type",
        "test-failed",
    }
    assert fixtures - names == others


def test_the_valid_tree_has_no_problem_and_every_end_covered():
    trees, problems = check_trees([VALID], CONTEXT)
    assert problems == []
    (tree,) = trees
    assert tree.id == "refund_request"
    assert tree.version == 1
    ends = {n.id for n in tree.nodes if isinstance(n, EndNode)}
    assert ends == {t.path[-1] for t in tree.tests} == {"refunded", "nothing"}


def test_the_loader_keeps_the_line_of_every_node_and_field():
    tree = load_tree(VALID).tree
    assert tree is not None
    lines = VALID.read_text().splitlines()
    for node in tree.nodes:
        assert f"id: {node.id}" in lines[node.line - 1]
        for name, line in node.lines.items():
            assert lines[line - 1].lstrip(" -").startswith(f"{name}:")
    kind = tree.node("kind")
    assert isinstance(kind, QuestionNode)
    assert kind.type is NodeType.QUESTION
    assert [o.label for o in kind.options] == ["A refund", "Nothing we can do"]
    assert "label: Nothing we can do" in lines[kind.options[1].line - 1]


def test_the_schema_is_documented_on_every_property():
    undocumented: list[str] = []

    def walk(schema, where):
        if not isinstance(schema, dict):
            return
        for name, sub in schema.get("properties", {}).items():
            documented = isinstance(sub, dict) and (
                "description" in sub or "$ref" in sub or sub is True or name in {"id", "type"}
            )
            if sub is not True and not documented:
                undocumented.append(f"{where}.{name}")
            walk(sub, f"{where}.{name}")
        for key in ("items", "additionalProperties"):
            walk(schema.get(key), f"{where}[{key}]")

    schema = tree_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    walk(schema, "")
    for name, definition in schema["$defs"].items():
        walk(definition, f"$defs.{name}")
    assert undocumented == []


def test_several_rules_in_one_tree_are_all_reported():
    text = """
id: messy
version: 1
title: Messy
start: a
nodes:
  - {id: a, type: route, rules: [{when: session.x > 1, next: b}]}
  - {id: b, type: end, disposition: nope}
  - {id: c, type: info, text: Alone.}
"""
    load = load_tree("messy.yaml", text)
    assert load.tree is not None
    rules = {p.rule for p in validate(load.tree, CONTEXT)}
    assert {
        "route-without-default",
        "undefined-variable",
        "disposition-unknown",
        "unreachable",
        "dead-end",
        "end-not-covered",
    } <= rules


def test_a_variable_set_on_every_path_is_defined_and_one_declared_is_known():
    text = """
id: flows
version: 1
title: Flows
start: q
variables:
  case.priority: {type: number}
nodes:
  - {id: q, type: question, prompt: Which one, options: [{label: A, next: in_a}, {label: B, next: in_b}]}
  - {id: in_a, type: input, fields: [{name: order, type: text}], next: pick}
  - id: in_b
    type: input
    fields: [{name: order, type: text}, {name: note, type: text, required: false}]
    next: pick
  - id: pick
    type: route
    rules:
      - {when: "session.order == '1' and case.priority > 2", next: done}
      - {when: "session.note == 'x'", next: done}
    default: done
  - {id: done, type: end, disposition: spam}
"""
    tree = load_tree("flows.yaml", text).tree
    assert tree is not None
    undefined = [p for p in validate(tree, CONTEXT) if p.rule == "undefined-variable"]
    assert [(p.node, "session.note" in p.message) for p in undefined] == [("pick", True)]


def test_calls_resolve_among_the_trees_checked_together(tmp_path):
    callee = tmp_path / "identity.yaml"
    callee.write_text(
        "id: identity_check\nversion: 3\ntitle: Who is it\nstart: done\n"
        "nodes: [{id: done, type: end, disposition: account_updated}]\n"
        "tests: [{name: ends, path: [done], disposition: account_updated}]\n"
    )
    caller = TREES / "invalid" / "call-unresolved.yaml"
    _trees, problems = check_trees([caller, tmp_path], CONTEXT)
    assert problems == []
    (tmp_path / "again.yaml").write_text(callee.read_text())
    _trees, problems = check_trees([caller, tmp_path], CONTEXT)
    assert [p.rule for p in problems] == ["duplicate-tree"]


def test_conditions_are_read_by_the_expression_language():
    assert condition_variables("case.priority >= 80 and not customer.verified") == {
        "case.priority",
        "customer.verified",
    }
    read = condition_variables("mention.text == 'case.priority' or len(session.inputs.order_id) > 1.5")
    assert read == {"mention.text", "session.inputs.order_id"}  # quoted text is text
    with pytest.raises(ValueError, match=r"unterminated string.* at 1:22"):  # where the parser stopped
        condition_variables("customer.name == 'Ada")


def test_cli_prints_file_line_node_rule_and_fails_on_errors(capsys):
    path = TREES / "invalid" / "missing-target.yaml"
    assert main(["trees", "check", str(path)]) == 1
    out = capsys.readouterr().out.splitlines()
    message = "option 'No' leads to 'nowhere', which is no node"
    assert out[0] == f"{path}:{_marked_line(path)}: hello: missing-target: {message}"
    assert out[-1] == "1 file, 1 tree: 1 error, 0 warnings"


def test_cli_passes_with_warnings_only(capsys):
    assert main(["trees", "check", str(TREES / "invalid" / "one-option-question.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "1 file, 1 tree: 0 errors, 1 warning"


def test_cli_checks_folders_and_speaks_json(capsys):
    assert main(["trees", "check", "--json", "--team", "PR", str(TREES / "valid")]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "problems": [],
        "summary": {"files": 1, "trees": 1, "errors": 0, "warnings": 0},
    }
    assert main(["trees", "check", "--json", "--team", "PR", str(TREES / "invalid")]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["files"] == len(INVALID)
    assert {p["rule"] for p in report["problems"]} >= {"trap", "schema", "yaml-syntax", "escalation-unknown"}
    assert set(report["problems"][0]) == {"file", "line", "node", "rule", "severity", "message"}


def test_cli_checks_teams_only_when_given_and_refuses_a_missing_path(capsys, tmp_path):
    assert main(["trees", "check", str(TREES / "invalid" / "escalation-unknown.yaml")]) == 0
    capsys.readouterr()
    assert main(["trees", "check", str(tmp_path / "absent.yaml")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_cli_reads_another_disposition_catalog(capsys, tmp_path):
    catalog = tmp_path / "dispositions.yaml"
    catalog.write_text(
        "dispositions:\n  - {id: sorted_somehow, label: S, outcome: resolved, description: d}\n"
    )
    path = TREES / "invalid" / "disposition-unknown.yaml"
    assert main(["trees", "check", "--dispositions", str(catalog), str(path)]) == 0
    catalog.write_text("nothing: here\n")
    assert main(["trees", "check", "--dispositions", str(catalog), str(path)]) == 2
    assert "dispositions:" in capsys.readouterr().err


# Documents built from the tree's own vocabulary reach deeper than random text would.
_WORDS = st.sampled_from(
    ["id", "type", "next", "nodes", "start", "end", "a", "b", "route", "rules", "when", "default",
     "question", "options", "label", "tests", "path", "disposition", "spam", "call", "tree", "version",
     "templates", "text", "variables", "case.priority", "session.x", "{x}", "input", "fields", "name"]
)  # fmt: skip
_SCALARS = st.one_of(_WORDS, st.integers(-2, 3), st.booleans(), st.none(), st.text(max_size=5))
_DOCS = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_WORDS, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_DOCS)
def test_arbitrary_documents_give_problems_never_exceptions(document):
    load = load_tree("fuzz.yaml", yaml.safe_dump(document))
    assert (load.tree is None) == bool(load.problems)
    if load.tree is not None:
        assert all(p.severity in Severity for p in validate(load.tree, CONTEXT))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_arbitrary_text_gives_problems_never_exceptions(text):
    load = load_tree("fuzz.yaml", text)
    assert load.tree is not None or load.problems


@pytest.mark.parametrize(
    "text",
    ["&a [*a]", "a: &a {b: *a}", "<<: 3", "<<: [1]", "!!python/object:os.system x", "a: !!binary 'zz'",
     "? [1, 2]\n: 3", "nodes: " + "[" * 3000 + "]" * 3000, "---\na: 1\n---\nb: 2", "", "# only a comment"],
)  # fmt: skip
def test_hostile_yaml_is_a_problem_with_a_line(text):
    load = load_tree("hostile.yaml", text)
    assert load.tree is None
    assert load.problems
    assert all(p.rule in {"yaml-syntax", "schema"} for p in load.problems)


_IDS = st.sampled_from(["a", "b", "c", "d", "e"])
_NODES = st.one_of(
    st.builds(lambda i, n: {"id": i, "type": "info", "text": "t", "next": n}, _IDS, _IDS),
    st.builds(
        lambda i, xs: {
            "id": i,
            "type": "question",
            "prompt": "p",
            "options": [{"label": f"o{k}", "next": x} for k, x in enumerate(xs)],
        },
        _IDS,
        st.lists(_IDS, max_size=3),
    ),
    st.builds(
        lambda i, xs, d: (
            {"id": i, "type": "route", "rules": [{"when": "session.f > 1", "next": x} for x in xs]}
            | ({"default": d} if d else {})
        ),
        _IDS,
        st.lists(_IDS, max_size=2),
        st.none() | _IDS,
    ),
    st.builds(
        lambda i, n: {"id": i, "type": "input", "fields": [{"name": "f", "type": "number"}], "next": n},
        _IDS,
        _IDS,
    ),
    st.builds(lambda i, d: {"id": i, "type": "end", "disposition": d}, _IDS, st.sampled_from(["spam", "x"])),
)


_ANSWERS = st.dictionaries(
    _IDS,
    st.one_of(
        st.sampled_from(["o0", "o1", "success", "failure"]),
        st.text(max_size=3),
        st.dictionaries(st.sampled_from(["f", "g"]), st.integers(0, 3)),
    ),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(_NODES, min_size=1, max_size=8),
    _IDS,
    st.lists(st.tuples(st.lists(_IDS, min_size=1, max_size=5), _ANSWERS), max_size=3),
)
def test_random_graphs_are_validated_without_exceptions(nodes, start, tests):
    document = {
        "id": "g",
        "version": 1,
        "title": "G",
        "start": start,
        "nodes": nodes,
        "tests": [
            {"name": str(i), "path": p, "answers": a, "disposition": "spam"} for i, (p, a) in enumerate(tests)
        ],
    }
    load = load_tree("graph.yaml", yaml.safe_dump(document))
    assert load.problems == ()
    assert load.tree is not None
    problems = validate(load.tree, CONTEXT)
    ends = [n for n in load.tree.nodes if n.type is NodeType.END]
    if not ends:
        assert (
            "trap" in {p.rule for p in problems}
            or "dead-end" in {p.rule for p in problems}
            or (start not in {n.id for n in load.tree.nodes})
        )


def test_the_readme_example_checks_clean():
    readme = (Path(__file__).parents[2] / "resources" / "trees" / "README.md").read_text("utf-8")
    example = readme.split("```yaml\n", 1)[1].split("```", 1)[0]
    load = load_tree("README.md", example)
    assert load.tree is not None
    assert validate(load.tree, CONTEXT) == []


@pytest.mark.parametrize(
    ("answers", "variables", "fault"),
    [
        ({"kind": "A refund", "order": {"order_id": "A-1"}, "tag": "success"}, {}, None),
        ({"kind": "Nothing we can do"}, {}, "which leads to 'nothing', not 'ask'"),
        ({"kind": {"label": "A refund"}}, {}, "offers no such option"),
        ({"order": "A-1"}, {}, "an input takes field values by name"),
        ({"order": {"order_id": "A-1", "note": "x"}}, {}, "fields it does not have: note"),
        ({"order": {}}, {}, "without its required fields: order_id"),
        ({"tag": "maybe"}, {}, "success or failure"),
        ({"policy": "ok"}, {}, "a node of type info, which asks nothing"),
        ({}, {"customer.age": 40}, "'customer.age', which is not declared"),
    ],
)
def test_test_answers_must_fit_their_nodes_and_the_path(answers, variables, fault):
    document = yaml.safe_load(VALID.read_text("utf-8"))
    document["tests"][0]["answers"] = answers
    document["tests"][0]["variables"] = variables
    load = load_tree("refund.yaml", yaml.safe_dump(document, sort_keys=False))
    assert load.tree is not None
    messages = [p.message for p in validate(load.tree, CONTEXT) if p.rule == "test-path-invalid"]
    if fault is None:
        assert messages == []
    else:
        assert len(messages) == 1
        assert fault in messages[0]


def test_conditions_are_type_checked_against_the_context_and_the_trees_own_declarations():
    from console.guidance.validation import _environment, condition_type_problem

    path = TREES / "invalid" / "condition-type.yaml"
    (problem,) = [p for p in check_trees([path], CONTEXT)[1] if p.rule == "condition-type"]
    assert "did you mean 'negative'" in problem.message and "(enum-value)" in problem.message
    tree = load_tree(TREES / "valid" / "refund_request.yaml").tree
    environment = _environment(tree)
    assert (
        condition_type_problem("case.priority >= 80 and mention.sentiment == 'negative'", environment) == ""
    )
    assert "(type-mismatch)" in condition_type_problem("case.priority == 'high'", environment)
    assert "(not-bool)" in condition_type_problem("case.priority + 1", environment)
    assert condition_type_problem("nobody.knows == 1", environment) == ""  # undefined-variable's job
