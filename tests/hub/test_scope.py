"""Pulls are scoped to what the user may see: their teams' cases, the whole directory, their own drafts."""

from dataclasses import replace

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.domain.agent import Role
from console.domain.mutation import MutationKind
from console.hub import auth
from console.hub.app import create_app
from console.hub.database import reader
from console.hub.ingest import upsert_accounts
from console.hub.pull import pull
from console.hub.schema import cases
from console.hub.scope import Scope
from tests.hub.conftest import bearer
from tests.hub.scoping import (
    LEGAL_ACCOUNT,
    SUPPORT_ACCOUNT,
    Mirror,
    act,
    build_world,
    hub_rows,
    more_mentions,
)


@pytest.fixture
def world(hub_engine):
    return build_world(hub_engine)


def mirror(engine, world, name: str) -> Mirror:
    return Mirror(Scope.of(world.people[name])).sync(engine)


def test_an_agent_pulls_only_their_teams_cases_and_the_whole_directory(hub_engine, world):
    ana, lee = mirror(hub_engine, world, "ana"), mirror(hub_engine, world, "lee")
    assert ana.ids("case") == {world.support_case} and lee.ids("case") == {world.legal_case}
    for kind in ("mention", "event"):
        assert ana.pairs(kind) == set(hub_rows(hub_engine, kind, world.support_case).items())
        assert lee.case_ids_of(kind) == {world.legal_case}
    for kind in ("account", "team", "user"):
        assert ana.pairs(kind) == lee.pairs(kind) == set(hub_rows(hub_engine, kind).items())


@pytest.mark.parametrize("name", ["sue", "rex", "ada"])
def test_supervisors_reviewers_and_admins_see_every_case(hub_engine, world, name):
    everyone = mirror(hub_engine, world, name)
    for kind in ("case", "mention", "event", "account", "user"):
        assert everyone.pairs(kind) == set(hub_rows(hub_engine, kind).items())
    assert everyone.gone == [] and everyone.resets == []


def test_a_draft_goes_only_to_its_author(hub_engine, world):
    ana, sue = world.people["ana"], world.people["sue"]
    act(hub_engine, ana, MutationKind.DRAFT, world.support_case, text="Hi, ana here")
    act(hub_engine, sue, MutationKind.DRAFT, world.support_case, text="Hi, sue here")
    drafts = {name: mirror(hub_engine, world, name).rows["draft"] for name in ("ana", "sue", "rex")}
    assert [d["text"] for d in drafts["ana"].values()] == ["Hi, ana here"]
    assert [d["text"] for d in drafts["sue"].values()] == ["Hi, sue here"]
    assert drafts["rex"] == {}


def test_a_case_handed_into_the_scope_arrives_whole(hub_engine, world):
    ana = mirror(hub_engine, world, "ana")
    passed = int(ana.cursor.split(":")[1])
    assert max(hub_rows(hub_engine, "mention", world.legal_case).values()) < passed  # long passed by
    act(hub_engine, world.people["lee"], MutationKind.NOTE, world.legal_case, text="needs Support")
    act(hub_engine, world.people["lee"], MutationKind.HANDOFF, world.legal_case, team="Support", reason="x")
    ana.sync(hub_engine)
    assert ana.ids("case") == {world.support_case, world.legal_case}
    for kind in ("case", "mention", "event"):
        assert ana.pairs(kind) == set(hub_rows(hub_engine, kind).items()), kind
    assert ana.resets == []


def test_a_case_handed_out_of_the_scope_is_dropped(hub_engine, world):
    ana, lee = mirror(hub_engine, world, "ana"), mirror(hub_engine, world, "lee")
    act(hub_engine, world.people["ana"], MutationKind.HANDOFF, world.support_case, team="Legal", reason="x")
    ana.sync(hub_engine)
    lee.sync(hub_engine)
    assert ana.gone == [world.support_case]
    assert ana.ids("case") == set() and ana.ids("mention") == set() and ana.ids("event") == set()
    assert lee.ids("case") == {world.support_case, world.legal_case}
    assert lee.pairs("mention") == set(hub_rows(hub_engine, "mention").items())
    more_mentions(hub_engine, SUPPORT_ACCOUNT, "s", 3, 1)  # the customer writes again: still Legal's
    ana.sync(hub_engine)
    assert ana.ids("mention") == set() and ana.gone == [world.support_case] * 2


def test_an_account_changing_owner_takes_its_cases_along(hub_engine, world):
    ana, lee = mirror(hub_engine, world, "ana"), mirror(hub_engine, world, "lee")
    upsert_accounts(hub_engine, [replace(LEGAL_ACCOUNT, team="Support")])
    ana.sync(hub_engine)
    lee.sync(hub_engine)
    assert ana.ids("case") == {world.support_case, world.legal_case}
    assert ana.pairs("mention") == set(hub_rows(hub_engine, "mention").items())
    assert lee.ids("case") == set() and lee.gone == [world.legal_case]


def test_a_change_of_teams_or_role_resets_the_pull(hub_engine, world):
    ana = mirror(hub_engine, world, "ana")
    auth.update_user(hub_engine, "ana", team_names=["Legal"])
    ana.scope = Scope.of(auth.update_user(hub_engine, "ana"))
    ana.sync(hub_engine)
    assert ana.resets == ["scope"] and ana.ids("case") == {world.legal_case}
    ana.scope = Scope.of(auth.update_user(hub_engine, "ana", Role.SUPERVISOR))
    ana.sync(hub_engine)
    assert ana.resets == ["scope", "scope"] and ana.ids("case") == {world.support_case, world.legal_case}
    ana.scope = Scope.of(auth.update_user(hub_engine, "ana", Role.ADMIN))  # still sees everything
    ana.sync(hub_engine)
    assert len(ana.resets) == 2
    someone_else = Mirror(Scope.of(world.people["sue"]), cursor=ana.cursor).sync(hub_engine)
    assert someone_else.resets == ["scope"]  # another user's cursor: their drafts are not hers


def test_an_old_unscoped_cursor_resyncs(hub_engine, world):
    scope = Scope.of(world.people["ana"])
    page = pull(hub_engine, None, 1000, scope=scope)
    epoch, seq, _fingerprint = page.cursor.split(":")
    again = pull(hub_engine, f"{epoch}:{seq}", 1000, scope=scope)
    assert again.reset and again.reset_reason == "scope"


def test_scoped_pages_page_through_every_visible_row_once(hub_engine, world):
    more_mentions(hub_engine, SUPPORT_ACCOUNT, "s2", 0, 30)
    more_mentions(hub_engine, LEGAL_ACCOUNT, "l2", 0, 30)
    whole = mirror(hub_engine, world, "ana")
    paged = Mirror(Scope.of(world.people["ana"])).sync(hub_engine, limit=7)
    for kind in whole.rows:
        assert paged.pairs(kind) == whole.pairs(kind)
    with reader(hub_engine).connect() as connection:
        support = set(connection.scalars(select(cases.c.id).where(cases.c.account_id == SUPPORT_ACCOUNT.id)))
    assert whole.ids("case") == support and len(support) == 2


def test_the_pull_endpoint_scopes_by_the_caller(hub_engine, world):
    token = auth.issue_token(hub_engine, world.people["lee"]).token
    with TestClient(create_app(hub_engine), headers=bearer(token)) as client:
        body = client.get("/v1/sync/pull", params={"limit": 5000}).json()
        assert body["scope"] == Scope.of(world.people["lee"]).fingerprint
        assert body["cursor"].endswith(":" + body["scope"])
        case_rows = body["tables"]["case"]["rows"]
        assert [row[0] for row in case_rows] == [world.legal_case]
        at_head = client.get("/v1/sync/pull", params={"after": body["cursor"], "until": 1}).json()
        assert at_head["cursor"] == body["cursor"] and not at_head["more"]  # until never moves back
