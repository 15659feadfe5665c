"""Publishing trees and choice rules on the hub: checked first, all or nothing, immutable by digest."""

import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from console.guidance.choice import ChoiceRulesError
from console.guidance.published import content_digest
from console.hub import cli, tree_store
from console.hub.changelog import head
from console.hub.schema import tree_choice_rules, tree_versions
from console.hub.tree_store import RulesRefusedError, Status

TREES = Path(__file__).parents[1] / "guidance" / "trees"
REFUND = TREES / "valid" / "refund_request.yaml"
CALLEE = """\
id: greeting
version: 1
title: Greet first
start: hello
nodes:
  - {id: hello, type: info, text: Say hello., next: done}
  - {id: done, type: end, disposition: no_action_needed}
tests:
  - {name: greets, path: [hello, done], disposition: no_action_needed}
"""
CALLER = """\
id: greeting_wrapper
version: 1
title: Calls the greeting
start: greet
nodes:
  - {id: greet, type: call, tree: greeting, version: 1, next: done}
  - {id: done, type: end, disposition: no_action_needed}
tests:
  - {name: goes through the greeting, path: [greet, done], disposition: no_action_needed}
"""


def written(tmp_path: Path, text: str) -> Path:
    path = tmp_path / f"{text.split()[1]}.yaml"
    path.write_text(text, "utf-8")
    return path


def publish(engine, *paths, by="ana"):
    return tree_store.publish_trees(engine, paths, dispositions=tree_store.catalog_ids(), published_by=by)


def stored_rows(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(tree_versions))


def edited(tmp_path: Path, name: str, old: str, new: str, source: Path = REFUND) -> Path:
    text = source.read_text("utf-8")
    assert old in text
    path = tmp_path / name
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_a_tree_is_published_once_and_then_never_changes(hub_engine, tmp_path):
    result = publish(hub_engine, REFUND)
    assert result.ok and [(o.ref, o.status) for o in result.outcomes] == [
        ("refund_request@1", Status.PUBLISHED)
    ]
    (tree,) = tree_store.published_trees(hub_engine)
    assert (tree.tree_id, tree.version, tree.title, tree.published_by) == (
        "refund_request",
        1,
        "Refund request",
        "ana",
    )
    assert tree.digest == content_digest(REFUND.read_text("utf-8")) and tree.source == REFUND.read_text(
        "utf-8"
    )
    with hub_engine.connect() as connection:
        before = head(connection)

    # The same text again (line endings aside) is a no-op.
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(REFUND.read_bytes().replace(b"\n", b"\r\n"))
    again = publish(hub_engine, crlf)
    assert again.ok and again.outcomes[0].status is Status.ALREADY
    with hub_engine.connect() as connection:
        assert head(connection) == before

    # Other text under the same version is refused, and says what to do.
    changed = edited(tmp_path, "changed.yaml", "Refunds within 30 days", "Refunds within 14 days")
    refused = publish(hub_engine, changed)
    assert not refused.ok and refused.outcomes[0].status is Status.REFUSED
    assert "new 'version'" in refused.outcomes[0].message
    assert tree_store.tree_version(hub_engine, "refund_request", 1).digest == tree.digest

    # A new version is a new row; the latest is the highest.
    bumped = edited(tmp_path, "v2.yaml", "version: 1\n", "version: 2\n", source=changed)
    assert publish(hub_engine, bumped).ok
    assert [t.version for t in tree_store.published_trees(hub_engine)] == [1, 2]
    assert tree_store.tree_version(hub_engine, "refund_request").version == 2
    assert tree_store.latest_versions(hub_engine) == {"refund_request": 2}


def test_a_tree_with_errors_is_not_stored(hub_engine):
    result = publish(hub_engine, REFUND, TREES / "invalid" / "dead-end.yaml")
    assert not result.ok and result.errors and result.outcomes == []
    assert {p.rule for p in result.problems} >= {"dead-end"}
    assert stored_rows(hub_engine) == 0


def test_escalation_teams_are_the_hubs_own(hub_engine, tmp_path):
    unknown = edited(tmp_path, "r.yaml", "team: PR", "team: Astrology")
    result = publish(hub_engine, unknown)
    assert [p.rule for p in result.problems if p.severity == "error"] == ["escalation-unknown"]
    assert stored_rows(hub_engine) == 0


def test_one_refused_file_refuses_the_whole_batch(hub_engine, tmp_path):
    assert publish(hub_engine, REFUND).ok
    changed = edited(tmp_path, "changed.yaml", "Refunds within 30 days", "Refunds within 14 days")
    result = publish(hub_engine, written(tmp_path, CALLEE), changed)
    assert not result.ok
    assert {o.ref: o.status for o in result.outcomes} == {
        "greeting@1": Status.PUBLISHED,
        "refund_request@1": Status.REFUSED,
    }
    assert [t.ref for t in tree_store.published_trees(hub_engine)] == ["refund_request@1"]


def test_a_call_into_a_published_tree_resolves_and_runs_its_tests(hub_engine, tmp_path):
    caller = written(tmp_path, CALLER)
    before = publish(hub_engine, caller)
    assert "call-unresolved" in {p.rule for p in before.problems} and stored_rows(hub_engine) == 0
    assert publish(hub_engine, written(tmp_path, CALLEE)).ok
    after = publish(hub_engine, caller)
    assert after.ok and after.problems == [], after.problems


def test_choice_rules_need_their_trees_published(hub_engine, tmp_path):
    rules = "rules:\n  - {when: {intent: complaint}, tree: refund_request}\ndefault: greeting\n"
    with pytest.raises(RulesRefusedError, match="not published: greeting, refund_request"):
        tree_store.publish_rules(hub_engine, rules, "choice.yaml", published_by="ana")
    with pytest.raises(ChoiceRulesError):
        tree_store.publish_rules(hub_engine, "default: [oops]\n", "choice.yaml", published_by="ana")
    assert tree_store.current_rules(hub_engine) is None

    assert publish(hub_engine, REFUND, written(tmp_path, CALLEE)).ok
    digest, changed = tree_store.publish_rules(hub_engine, rules, "choice.yaml", published_by="ana")
    assert changed and tree_store.current_rules(hub_engine).digest == digest == content_digest(rules)
    assert tree_store.publish_rules(hub_engine, rules, "choice.yaml", published_by="bo") == (digest, False)

    # An experiment names versions, which must be published too.
    experiment = rules + "experiments:\n  - {tree: refund_request, versions: [1, 2]}\n"
    with pytest.raises(RulesRefusedError, match="refund_request@2"):
        tree_store.publish_rules(hub_engine, experiment, "choice.yaml", published_by="ana")

    # Other rules come into force, and the earlier file can come back.
    other = "default: refund_request\n"
    other_digest, _ = tree_store.publish_rules(hub_engine, other, "choice.yaml", published_by="bo")
    assert tree_store.current_rules(hub_engine).digest == other_digest
    assert tree_store.publish_rules(hub_engine, rules, "choice.yaml", published_by="cy") == (digest, True)
    back = tree_store.current_rules(hub_engine)
    assert (back.digest, back.published_by) == (digest, "cy")
    with hub_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(tree_choice_rules)) == 2


def test_the_cli_publishes_lists_shows_and_sets_rules(tmp_path, capsys):
    db = str(tmp_path / "hub.sqlite")
    folder = tmp_path / "trees"
    folder.mkdir()
    shutil.copy(REFUND, folder / "refund_request.yaml")
    (folder / "choice.yaml").write_text("default: refund_request\n", "utf-8")  # not a tree: left out

    assert (
        cli.main(["trees", "publish", "--db", db, "--by", "ana", str(TREES / "invalid" / "trap.yaml")]) == 1
    )
    out = capsys.readouterr().out
    assert "trap" in out and "nothing published" in out

    assert cli.main(["trees", "publish", "--db", db, "--by", "ana", str(folder)]) == 0
    assert "published: refund_request@1 (digest " in capsys.readouterr().out
    assert cli.main(["trees", "publish", "--db", db, "--json", str(folder)]) == 0
    body = json.loads(capsys.readouterr().out)
    assert [(t["tree"], t["status"]) for t in body["trees"]] == [("refund_request@1", "already published")]
    assert body["published"] is False and body["summary"]["errors"] == 0

    assert cli.main(["trees", "rules", "--db", db, "--by", "ana", str(folder / "choice.yaml")]) == 0
    assert "in force" in capsys.readouterr().out

    assert cli.main(["trees", "list", "--db", db]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["TREE", "VERSION", "DIGEST", "PUBLISHED", "BY", "LATEST", "TITLE"]
    digest = content_digest(REFUND.read_text("utf-8"))
    assert out[1].split()[:3] == ["refund_request", "1", digest[:12]]
    assert "ana" in out[1] and "latest" in out[1]
    rules_digest = content_digest("default: refund_request\n")
    assert out[2].startswith(f"choice rules: {rules_digest[:12]}")

    assert cli.main(["trees", "show", "--db", db, "refund_request@1"]) == 0
    assert capsys.readouterr().out == REFUND.read_text("utf-8")
    assert cli.main(["trees", "show", "--db", db, "refund_request@7"]) == 1
    assert "not published" in capsys.readouterr().err


def test_check_leaves_a_folders_choice_rules_out_of_the_trees_but_reads_them(tmp_path, capsys):
    folder = tmp_path / "trees"
    folder.mkdir()
    shutil.copy(REFUND, folder)
    (folder / "choice.yaml").write_text("rules:\n  - {when: {intent: praise}, tree: x}\n", "utf-8")
    assert cli.main(["trees", "check", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"{folder / 'choice.yaml'}:1: choice-rules: 'default' is missing" in out
    assert "1 file, 1 tree: 1 error" in out
    assert cli.main(["trees", "check", str(folder / "choice.yaml")]) == 1  # named: read as rules too
    assert "'default' is missing" in capsys.readouterr().out
    (folder / "choice.yaml").write_text("default: refund_request\n", "utf-8")
    assert cli.main(["trees", "check", str(folder)]) == 0
