"""The hub's convergence checksum: what a workstation in a scope must hold at the head it names."""

import pytest
from fastapi.testclient import TestClient

from console.domain.checksum import TableChecksum, differing, row_hash, table_checksum
from console.domain.mutation import MutationKind
from console.hub import auth
from console.hub.app import create_app
from console.hub.checksum import checksum
from console.hub.schema import REPLICATED
from console.hub.scope import Scope
from tests.hub.conftest import bearer
from tests.hub.scoping import Mirror, act, build_world


@pytest.fixture
def world(hub_engine):
    world = build_world(hub_engine)
    act(hub_engine, world.people["ana"], MutationKind.DRAFT, world.support_case, text="a draft")
    act(hub_engine, world.people["ana"], MutationKind.TAG, world.support_case, tag="refund")
    # Team notes are scoped too: one each to Legal (not ana's), Support (not lee's) and everyone.
    for team in ("Legal", "Support", None):
        act(
            hub_engine,
            world.people["sue"],
            MutationKind.BROADCAST,
            "",
            text="note",
            **({"team_id": team} if team else {}),
        )
    return world


@pytest.mark.parametrize("name", ["ana", "lee", "sue"])
def test_the_checksum_is_that_of_what_the_scope_pulls(hub_engine, world, name):
    """On PostgreSQL the digest is summed in SQL: this also proves it is the same function as Python's."""
    scope = Scope.of(world.people[name])
    pulled = Mirror(scope).sync(hub_engine)
    summed = checksum(hub_engine, scope)
    assert summed.scope == scope.fingerprint and pulled.cursor.split(":")[1] == str(summed.head)
    assert set(summed.tables) == set(REPLICATED)
    for kind in REPLICATED:
        assert summed.tables[kind] == table_checksum(pulled.pairs(kind)), kind
    assert summed.tables["case"].count == (2 if name == "sue" else 1)
    assert summed.tables["broadcast"].count == (3 if name == "sue" else 2)


def test_a_digest_sees_any_changed_missing_or_extra_row():
    rows = [(f"id{n}", n) for n in range(1, 50)]
    whole = table_checksum(rows)
    assert table_checksum(reversed(rows)) == whole  # order-free
    assert table_checksum(rows[:-1]).count == 48
    assert table_checksum([*rows[:-1], ("id49", 50)]) != whole  # a stale version
    assert table_checksum([*rows[:-1], ("id99", 49)]) != whole  # a wrong row
    assert table_checksum([*rows, rows[0]]).digest != whole.digest  # a row counted twice
    assert row_hash("x", 1) == row_hash("x", 1) and -(2**63) <= row_hash("x", 1) < 2**63
    other = {"case": TableChecksum(1, 5), "mention": TableChecksum(2, 7)}
    assert differing(other, {"case": TableChecksum(1, 5)}) == ("mention",)
    assert TableChecksum.from_json(whole.as_json()) == whole


def test_the_checksum_endpoint_answers_for_the_caller_only(hub_engine, world):
    token = auth.issue_token(hub_engine, world.people["lee"]).token
    with TestClient(create_app(hub_engine)) as client:
        assert client.get("/v1/sync/checksum").status_code == 401
        body = client.get("/v1/sync/checksum", headers=bearer(token)).json()
    expected = checksum(hub_engine, Scope.of(world.people["lee"]))
    assert body == expected.as_json()
    assert body["tables"]["case"]["count"] == 1 and body["tables"]["draft"]["count"] == 0
    assert len(body["tables"]["case"]["digest"]) == 16
