"""The history horizon (pull and checksum leave out old resolved cases) and the history endpoints."""

import pytest
from fastapi.testclient import TestClient

from console.domain.checksum import table_checksum
from console.domain.mutation import MutationKind
from console.hub import auth
from console.hub.app import create_app
from console.hub.checksum import checksum
from console.hub.history import history_of, history_range
from console.hub.schema import REPLICATED
from console.hub.scope import Scope
from tests.hub.conftest import bearer
from tests.hub.scoping import SUPPORT_ACCOUNT, T0, Mirror, act, build_world, hub_rows, more_mentions

FLOOR = T0 + 100_000  # after the world's first mentions (T0 + n s) and the resolve (at T0)
LATER = T0 + 500_000
CASE_KINDS = ("case", "mention", "event")


@pytest.fixture
def world(hub_engine):
    world = build_world(hub_engine)
    act(hub_engine, world.people["ana"], MutationKind.RESOLVE, world.support_case, disposition="answered")
    return world


def _horizon(world, name: str) -> Scope:
    return Scope.of(world.people[name], FLOOR)


@pytest.mark.parametrize("name", ["ana", "rex"])
def test_a_horizon_leaves_old_resolved_cases_out_of_the_pull_and_the_checksum(hub_engine, world, name):
    scope = _horizon(world, name)
    mirror = Mirror(scope).sync(hub_engine)
    assert world.support_case not in mirror.ids("case")
    assert world.support_case not in mirror.case_ids_of("mention") | mirror.case_ids_of("event")
    if name == "rex":  # the legal case is open: kept, however old
        assert world.legal_case in mirror.ids("case") and world.legal_case in mirror.case_ids_of("mention")
    summed = checksum(hub_engine, scope)
    for kind in REPLICATED:
        assert summed.tables[kind] == table_checksum(mirror.pairs(kind)), kind
    everything = Mirror(Scope.of(world.people[name])).sync(hub_engine)
    assert world.support_case in everything.ids("case")  # without a floor: as before


def test_the_floor_is_part_of_the_fingerprint_so_another_floor_resyncs(hub_engine, world):
    ana = world.people["ana"]
    assert Scope.of(ana).fingerprint == Scope(ana.id, ("Support",)).fingerprint  # unchanged without one
    assert (
        len({Scope.of(ana).fingerprint, Scope.of(ana, FLOOR).fingerprint, Scope.of(ana, LATER).fingerprint})
        == 3
    )
    mirror = Mirror(Scope.of(ana)).sync(hub_engine)
    mirror.scope = Scope.of(ana, FLOOR)
    mirror.sync(hub_engine)
    assert mirror.resets == ["scope"] and world.support_case not in mirror.ids("case")


def test_a_case_reopened_after_the_snapshot_comes_back_with_only_its_new_rows(hub_engine, world):
    """Why the workstation fetches such a case whole: its older rows sit before its cursor."""
    mirror = Mirror(_horizon(world, "ana")).sync(hub_engine)
    more_mentions(hub_engine, SUPPORT_ACCOUNT, "s", 300, 1)  # the customer writes again, long after
    mirror.sync(hub_engine)
    assert world.support_case in mirror.ids("case")
    assert mirror.rows["case"][world.support_case]["status"] != "resolved"
    held = {m for m, row in mirror.rows["mention"].items() if row["case_id"] == world.support_case}
    assert len(held) == 1 < mirror.rows["case"][world.support_case]["mention_count"]
    whole = history_of(hub_engine, _horizon(world, "ana"), [world.support_case])
    assert whole.cases == [world.support_case]
    mentions = whole.tables["mention"]
    assert len(mentions["rows"]) == mirror.rows["case"][world.support_case]["mention_count"]
    assert checksum(hub_engine, _horizon(world, "ana")).tables["mention"].count == 4


def test_a_range_comes_in_pages_of_whole_cases_with_a_total(hub_engine, world):
    scope = _horizon(world, "rex")  # the horizon does not apply to a history download
    first = history_range(hub_engine, scope, T0 - 1, LATER, limit=1)
    assert first.total == 2 and len(first.cases) == 1 and first.after
    second = history_range(hub_engine, scope, T0 - 1, LATER, first.after, limit=1)
    assert second.total is None and len(second.cases) == 1 and second.after is None  # the last
    assert {*first.cases, *second.cases} == {world.support_case, world.legal_case}
    for page in (first, second):
        (case_id,) = page.cases
        for kind in CASE_KINDS:
            columns, rows = page.tables[kind]["columns"], page.tables[kind]["rows"]
            got = {row[0]: row[columns.index("seq")] for row in rows}
            assert got == hub_rows(hub_engine, kind, case_id), kind
    assert history_range(hub_engine, scope, LATER, LATER + 1).total == 0  # nothing active then


def test_a_range_holds_only_the_callers_cases(hub_engine, world):
    ana = history_range(hub_engine, _horizon(world, "ana"), T0 - 1, LATER)
    lee = history_range(hub_engine, Scope.of(world.people["lee"]), T0 - 1, LATER)
    assert ana.cases == [world.support_case] and lee.cases == [world.legal_case]
    assert history_of(hub_engine, Scope.of(world.people["lee"]), [world.support_case, "nope"]).cases == []
    with pytest.raises(ValueError, match="ends before"):
        history_range(hub_engine, Scope.of(world.people["lee"]), LATER, T0)
    with pytest.raises(ValueError, match="OPENED_MS"):
        history_range(hub_engine, Scope.of(world.people["lee"]), T0, LATER, "nonsense")


def test_the_history_endpoints_check_the_caller_and_their_input(hub_engine, world):
    client = TestClient(create_app(hub_engine))
    token = auth.issue_token(hub_engine, world.people["ana"]).token
    params = {"from_ms": T0 - 1, "to_ms": LATER, "limit": 10}
    assert client.get("/v1/history", params=params).status_code == 401
    page = client.get("/v1/history", params=params, headers=bearer(token)).json()
    assert page["cases"] == [world.support_case] and page["total"] == 1 and page["after"] is None
    assert {"case", "mention", "event"} <= set(page["tables"])
    bad = client.get("/v1/history", params={**params, "to_ms": 0}, headers=bearer(token))
    assert bad.status_code == 400 and "ends before" in bad.json()["error"]
    named = client.post(
        "/v1/history/cases", json={"ids": [world.support_case, world.legal_case]}, headers=bearer(token)
    )
    assert named.status_code == 200 and named.json()["cases"] == [world.support_case]
    too_many = client.post("/v1/history/cases", json={"ids": ["x"] * 501}, headers=bearer(token))
    assert too_many.status_code == 422
    pulled = client.get("/v1/sync/pull", params={"floor_ms": FLOOR}, headers=bearer(token)).json()
    assert pulled["scope"] == Scope.of(world.people["ana"], FLOOR).fingerprint
    assert "case" not in pulled["tables"]
    summed = client.get("/v1/sync/checksum", params={"floor_ms": FLOOR}, headers=bearer(token)).json()
    assert summed["tables"]["case"]["count"] == 0


def test_a_nul_in_a_case_id_is_refused_not_a_server_error(hub_engine, world):
    """PostgreSQL fails on a NUL in a text parameter; the endpoints say 400 on both backends."""
    client = TestClient(create_app(hub_engine), raise_server_exceptions=False)
    as_ana = bearer(auth.issue_token(hub_engine, world.people["ana"]).token)
    named = client.post("/v1/history/cases", json={"ids": [world.support_case, "a\x00b"]}, headers=as_ana)
    assert named.status_code == 400 and "NUL" in named.json()["error"]
    params = {"from_ms": T0 - 1, "to_ms": LATER, "after": "5:a\x00b"}
    ranged = client.get("/v1/history", params=params, headers=as_ana)
    assert ranged.status_code == 400 and "OPENED_MS:CASE_ID" in ranged.json()["error"]


@pytest.mark.parametrize("name", ["ana", "lee", "rex"])
def test_team_notes_and_the_horizon_compose_in_the_pull_and_the_checksum(hub_engine, world, name):
    """The two filters were merged by hand into one scope: notes keep their addressing under a floor,
    and an agent's checksum (summed per owning team on PostgreSQL) still matches what the pull gave."""
    sue = world.people["sue"]
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to Support", team_id="Support")
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to Legal", team_id="Legal")
    act(hub_engine, sue, MutationKind.BROADCAST, "", text="to everyone")
    scope = _horizon(world, name)
    mirror = Mirror(scope).sync(hub_engine, limit=3)
    expected = {
        "ana": {"to Support", "to everyone"},
        "lee": {"to Legal", "to everyone"},
        "rex": {"to Support", "to Legal", "to everyone"},
    }[name]
    assert {row["text"] for row in mirror.rows["broadcast"].values()} == expected
    assert world.support_case not in mirror.ids("case")
    summed = checksum(hub_engine, scope)
    for kind in REPLICATED:
        assert summed.tables[kind] == table_checksum(mirror.pairs(kind)), kind
