"""The trees shipped in resources/trees: each passes `trees check` against the hub's teams and the
bundled disposition catalog with no error and no warning, its own tests included, every end covered."""

from pathlib import Path

import pytest
import yaml
from horseshoe_resources import resource

from console.domain.agent import DEFAULT_TEAMS
from console.guidance.checking import check_trees
from console.guidance.tree import CallNode, EndNode, NodeType, Tree
from console.guidance.validation import Context
from console.storage.dispositions_file import bundled_dispositions

FOLDER = Path(__file__).parents[2] / "resources" / "trees"
REQUIRED = {
    "complaint_triage",
    "misinformation",
    "praise_amplification",
    "sales_lead",
    "crisis_escalation",
    "trolls_spam",
}


def _is_tree(path: Path) -> bool:
    """Tree files only: the folder may also hold other YAML (the rules that choose a tree)."""
    document = yaml.safe_load(path.read_text("utf-8"))
    return isinstance(document, dict) and "nodes" in document


TREE_FILES = sorted(p for p in FOLDER.glob("*.yaml") if _is_tree(p))


def _context() -> Context:
    loaded = bundled_dispositions()
    assert loaded.problems == ()
    return Context(frozenset(d.id for d in loaded.catalog), frozenset(DEFAULT_TEAMS))


@pytest.fixture(scope="module")
def checked() -> tuple[list[Tree], list]:
    return check_trees(TREE_FILES, _context())


def test_every_bundled_tree_passes_check_with_no_error_or_warning(checked):
    trees, problems = checked
    assert [str(p) for p in problems] == []
    assert len(trees) == len(TREE_FILES)


def test_the_six_procedures_are_bundled_once_each(checked):
    trees, _problems = checked
    ids = [t.id for t in trees]
    assert set(ids) >= REQUIRED
    assert len(ids) == len(set(ids))


def test_every_end_is_reached_by_a_test_and_every_tree_has_its_tests(checked):
    trees, _problems = checked
    for tree in trees:
        ends = {n.id for n in tree.nodes if isinstance(n, EndNode)}
        assert ends == {t.path[-1] for t in tree.tests}, tree.id
        assert len(tree.tests) >= len(ends), tree.id


def test_the_set_uses_every_node_type_and_shares_a_pinned_sub_tree(checked):
    trees, _problems = checked
    assert {n.type for t in trees for n in t.nodes} == set(NodeType)
    by_key = {(t.id, t.version): t for t in trees}
    calls = [(t.id, n) for t in trees for n in t.nodes if isinstance(n, CallNode)]
    assert {(n.tree, n.version) for _caller, n in calls} <= by_key.keys()
    assert len({caller for caller, _node in calls}) >= 2  # one sub-tree, several callers


def test_the_bundled_trees_answer_on_every_network(checked):
    """No `networks` list: every reply is length-checked on every network, X's 280 included."""
    trees, _problems = checked
    for tree in trees:
        assert tree.networks == (), tree.id


def test_a_test_the_runner_disagrees_with_fails_the_check(tmp_path):
    """The bundled trees' tests really run: a suggestion changed by the data takes another path."""
    for path in TREE_FILES:
        (tmp_path / path.name).write_text(path.read_text("utf-8"), "utf-8")
    trolls = tmp_path / "trolls_spam.yaml"
    text = trolls.read_text("utf-8")
    threat = "Keep ignoring me and I will find where you live"
    assert threat in text
    trolls.write_text(text.replace(threat, "Keep ignoring me and see"), "utf-8")
    _trees, problems = check_trees(sorted(tmp_path.glob("*.yaml")), _context())
    assert [(Path(p.file).name, p.rule) for p in problems] == [("trolls_spam.yaml", "test-failed")]
    assert "a threat raises the priority" in problems[0].message


def test_the_trees_are_read_as_bundled_resources():
    for path in TREE_FILES:
        assert resource("trees", path.name).read_text("utf-8") == path.read_text("utf-8")
