"""Published trees and choice rules travel the real sync path: hub app → HTTP pull → cache, then read
offline by the workstation."""

import pytest

from console.guidance.choice import choose
from console.hub.bundled_trees import publish_bundled
from console.storage.replica import Replica
from console.storage.trees_repo import TreesRepo
from console.sync.hub_client import HubClient
from console.sync.puller import Puller
from tests.sync.conftest import HUB


@pytest.mark.asyncio
async def test_the_bundled_trees_reach_a_workstation_and_choose_offline(hub, transport, cache):
    bundled = publish_bundled(hub)
    assert bundled.published and bundled.rules == "published"
    client = HubClient(HUB, transport=transport)
    applied = await Puller(client, Replica(cache)).sync_once()
    await client.aclose()  # from here on the workstation is on its own
    assert set(bundled.published) <= applied.trees

    repo = TreesRepo(cache)
    held = await repo.published()
    assert sorted(t.ref for t in held) == sorted(bundled.published)
    rules = await repo.choice_rules()
    assert rules is not None and rules.trees <= {t.tree_id for t in held}
    chosen = choose(
        rules,
        intent="crisis",
        network="x",
        account_id="acct",
        account_handle="@acme",
        case_id="case-1",
        latest=await repo.latest_versions(),
    )
    tree = await repo.version(chosen.tree_id, chosen.version)
    assert tree is not None and tree.tree_id == "crisis_escalation"
