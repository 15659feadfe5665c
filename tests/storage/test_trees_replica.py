"""Published trees and choice rules reach the workstation's cache through pull, and read back offline."""

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from console.domain.agent import Role
from console.guidance.choice import choose
from console.guidance.loading import load_tree
from console.hub import auth, migrate, tree_store
from console.hub.checksum import checksum
from console.hub.database import create_hub_engine
from console.hub.pull import pull
from console.hub.scope import Scope
from console.storage.replica import Replica, local_checksum
from console.storage.schema import tree_versions
from console.storage.trees_repo import TreesRepo

REFUND = Path(__file__).parents[1] / "guidance" / "trees" / "valid" / "refund_request.yaml"
RULES = "rules:\n  - {when: {intent: complaint}, tree: refund_request}\ndefault: refund_request\n"


@pytest.fixture
def hub(hub_url):
    engine = create_hub_engine(hub_url)  # SQLite and PostgreSQL
    migrate.upgrade(engine)
    # An agent of one team: trees are not case rows, every user gets them.
    agent = auth.add_user(engine, "ana", "correct horse battery", Role.AGENT, team_names=["Sales"])
    yield engine, agent
    engine.dispose()


def sync(engine, agent, cache, replica, cursor=None):
    applied = None
    while True:
        page = pull(engine, cursor, 50, scope=Scope.of(agent))
        step = cache.write_sync(
            lambda c, p=page: replica.apply_sync(
                c, "http://hub", p.epoch, p.cursor, p.head, json.loads(p.json_bytes())["tables"]
            )
        )
        applied = step if applied is None else applied.merged(step)
        cursor = page.cursor
        if not page.more:
            return cursor, applied


def publish(engine, path: Path):
    result = tree_store.publish_trees(
        engine, [path], dispositions=tree_store.catalog_ids(), published_by="ana"
    )
    assert result.ok, result


@pytest.mark.asyncio
async def test_published_trees_and_rules_replicate_and_read_back(hub, cache, tmp_path):
    engine, agent = hub
    repo, replica = TreesRepo(cache), Replica(cache)
    assert await repo.published() == [] and await repo.choice_rules() is None

    publish(engine, REFUND)
    tree_store.publish_rules(engine, RULES, "choice.yaml", published_by="ana")
    cursor, applied = sync(engine, agent, cache, replica)
    (stored,) = await repo.published()
    assert stored == tree_store.tree_version(engine, "refund_request", 1)
    assert applied.trees == {"refund_request@1", tree_store.current_rules(engine).digest}
    assert await repo.version("refund_request", 1) == stored
    assert await repo.version("refund_request", 2) is None
    assert load_tree(stored.ref, stored.source).tree.id == "refund_request"  # runs offline from the cache

    rules = await repo.choice_rules()
    latest = await repo.latest_versions()
    assert latest == {"refund_request": 1}
    chosen = choose(
        rules,
        intent="complaint",
        network="x",
        account_id="a",
        account_handle="@a",
        case_id="c1",
        latest=latest,
    )
    assert (chosen.tree_id, chosen.version) == ("refund_request", 1)

    # A new version and new rules follow in the next pull; the checksums agree.
    v2 = tmp_path / "v2.yaml"
    v2.write_text(REFUND.read_text("utf-8").replace("version: 1\n", "version: 2\n"), "utf-8")
    publish(engine, v2)
    experiment = RULES + "experiments:\n  - {tree: refund_request, versions: [1, 2], split: 30}\n"
    tree_store.publish_rules(engine, experiment, "choice.yaml", published_by="bo")
    _cursor, applied = sync(engine, agent, cache, replica, cursor)
    assert "refund_request@2" in applied.trees
    assert await repo.latest_versions() == {"refund_request": 2}
    assert (await repo.choice_rules()).experiment("refund_request").split == 30
    hub_sums = checksum(engine, Scope.of(agent)).tables
    local = cache.read_sync(local_checksum).tables
    for kind in ("tree_version", "choice_rules"):
        assert hub_sums[kind].count == 2 and local[kind] == hub_sums[kind]

    # The earlier rules back in force: their row moves to a new change number, and wins again.
    tree_store.publish_rules(engine, RULES, "choice.yaml", published_by="cy")
    sync(engine, agent, cache, replica, _cursor)
    assert (await repo.choice_rules()).experiments == ()


def test_a_reset_empties_the_trees_too(hub, cache):
    engine, agent = hub
    publish(engine, REFUND)
    replica = Replica(cache)
    sync(engine, agent, cache, replica)
    cache.write_sync(lambda c: replica.apply_sync(c, "http://hub", "e2", "e2:0:x", 0, {}, reset=True))
    assert cache.read_sync(lambda c: c.execute(select(tree_versions)).all()) == []
