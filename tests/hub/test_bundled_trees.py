"""The embedded hub publishes the bundled trees and choice rules on start, and never fails on them."""

import shutil
from pathlib import Path

from sqlalchemy import create_engine

from console.hub import tree_store
from console.hub.bundled_trees import BUNDLED_BY, publish_bundled, publish_bundled_safely
from console.hub.changelog import head

TREES = Path(__file__).parents[1] / "guidance" / "trees"
CALLS_BROKEN = """\
id: calls_broken
version: 1
title: Calls a tree that fails its check
start: go
nodes:
  - {id: go, type: call, tree: dead_end, version: 1, next: done}
  - {id: done, type: end, disposition: no_action_needed}
tests:
  - {name: goes, path: [go, done], disposition: no_action_needed}
"""


def bundle(tmp_path: Path, rules: str = "default: refund_request\n") -> Path:
    folder = tmp_path / "trees"
    folder.mkdir()
    shutil.copy(TREES / "valid" / "refund_request.yaml", folder)
    shutil.copy(TREES / "invalid" / "dead-end.yaml", folder)
    (folder / "calls_broken.yaml").write_text(CALLS_BROKEN, "utf-8")
    (folder / "choice.yaml").write_text(rules, "utf-8")
    return folder


def test_good_trees_and_the_rules_are_published_once_and_bad_ones_left_out(hub_engine, tmp_path):
    folder = bundle(tmp_path)
    result = publish_bundled(hub_engine, folder)
    assert result.published == ["refund_request@1"]
    assert set(result.skipped) == {str(folder / "dead-end.yaml"), str(folder / "calls_broken.yaml")}
    assert "dead-end" in result.skipped[str(folder / "dead-end.yaml")]
    assert result.rules == "published"
    (tree,) = tree_store.published_trees(hub_engine)
    assert tree.published_by == BUNDLED_BY
    assert tree_store.current_rules(hub_engine).published_by == BUNDLED_BY

    # The next start finds nothing new to publish and writes nothing.
    with hub_engine.connect() as connection:
        before = head(connection)
    again = publish_bundled(hub_engine, folder)
    assert again.published == [] and again.rules == "already published"
    with hub_engine.connect() as connection:
        assert head(connection) == before


def test_rules_an_administrator_published_since_are_kept(hub_engine, tmp_path):
    folder = bundle(tmp_path)
    publish_bundled(hub_engine, folder)
    mine = "rules:\n  - {when: {intent: crisis}, tree: refund_request}\ndefault: refund_request\n"
    digest, _ = tree_store.publish_rules(hub_engine, mine, "mine.yaml", published_by="admin")
    assert publish_bundled(hub_engine, folder).rules == "already published"
    assert tree_store.current_rules(hub_engine).digest == digest


def test_rules_naming_a_tree_that_is_not_there_are_logged_not_raised(hub_engine, tmp_path, caplog):
    folder = bundle(tmp_path, rules="default: complaint_triage\n")
    result = publish_bundled(hub_engine, folder)
    assert result.published == ["refund_request@1"]
    assert result.rules.startswith("not published") and "complaint_triage" in result.rules
    assert tree_store.current_rules(hub_engine) is None
    assert "complaint_triage" in caplog.text


def test_whatever_is_bundled_publishes_without_errors(hub_engine):
    result = publish_bundled(hub_engine)
    assert result.skipped == {}, result.skipped
    assert len(tree_store.published_trees(hub_engine)) == len(result.published)
    if result.published:  # the bundled choice rules name bundled trees only
        assert result.rules == "published", result.rules


def test_a_failure_never_reaches_the_app(tmp_path, caplog):
    engine = create_engine(f"sqlite:///{tmp_path / 'empty.sqlite'}")  # no tables: every query fails
    assert publish_bundled_safely(engine) is None
    assert "could not be published" in caplog.text
