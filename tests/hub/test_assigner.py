"""Auto-assignment on the hub: available agents get the most urgent unassigned cases they fit."""

import asyncio

import pytest
from sqlalchemy import select

from console.domain.agent import Role
from console.domain.presence import Activity
from console.domain.routing import Strategy
from console.hub import auth
from console.hub.assigner import Assigner, AssignPolicy
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import accounts, cases, events

PASSWORD = "correct horse battery"
T0 = 1_700_000_000_000


@pytest.fixture
def floor(hub_engine, demo):
    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [demo.mention(i, T0 + i) for i in range(len(demo.items))], now=T0 + 100_000)
    people = {
        name: auth.add_user(hub_engine, name, PASSWORD, role, team_names=teams)
        for name, role, teams in (
            ("ana", Role.AGENT, ["Support"]),
            ("bo", Role.AGENT, ["Support"]),
            ("pat", Role.AGENT, ["PR"]),
            ("sue", Role.SUPERVISOR, ["Support"]),
        )
    }
    return people


def assign(engine, desk: dict, **policy) -> int:
    return asyncio.run(
        Assigner(engine, lambda: desk, AssignPolicy(**policy), clock=lambda: T0 + 200_000).run_once()
    )


def assigned(engine) -> dict:
    with engine.connect() as connection:
        return dict(
            connection.execute(
                select(cases.c.id, cases.c.assignee).where(cases.c.assignee.is_not(None))
            ).all()
        )


def test_available_agents_get_cases_of_their_team_up_to_capacity_most_urgent_first(hub_engine, floor):
    auth.set_skills(hub_engine, "ana", capacity=3)
    auth.set_skills(hub_engine, "bo", capacity=2)
    desk = {floor[n].id: Activity.AVAILABLE for n in ("ana", "bo", "sue")}
    assert assign(hub_engine, desk) == 5
    given = assigned(hub_engine)
    assert (
        sorted(given.values()).count(floor["ana"].id) == 3
        and sorted(given.values()).count(floor["bo"].id) == 2
    )
    assert floor["sue"].id not in given.values()  # supervisors are not routed work
    with hub_engine.connect() as connection:
        support = connection.execute(
            select(cases.c.id, cases.c.priority)
            .join(accounts, accounts.c.id == cases.c.account_id)
            .where(accounts.c.team == "Support")
        ).all()
        reasons = list(connection.scalars(select(events.c.data).where(events.c.type == "assigned")))
    assert set(given) <= {row.id for row in support}  # only the agents' own team's cases
    taken = [row.priority for row in support if row.id in given]
    left = [row.priority for row in support if row.id not in given]
    assert min(taken) >= max(left)  # the most urgent first
    assert len(reasons) == 5 and all('"auto: next in turn in Support"' in data for data in reasons)
    assert assign(hub_engine, desk) == 0  # everyone is at capacity: the rest wait in the holding queue


def test_nobody_available_means_nothing_moves_and_busy_or_away_agents_get_nothing(hub_engine, floor):
    assert assign(hub_engine, {}) == 0
    assert assign(hub_engine, {floor["ana"].id: Activity.BUSY, floor["bo"].id: Activity.AWAY}) == 0
    assert assigned(hub_engine) == {}


def test_skills_keep_cases_from_agents_who_cannot_answer_them(hub_engine, floor):
    auth.set_skills(hub_engine, "ana", capacity=100, languages=["pt"])
    assign(hub_engine, {floor["ana"].id: Activity.AVAILABLE})
    with hub_engine.connect() as connection:
        from console.hub.assigner import _language

        langs = dict(connection.execute(select(cases.c.id, _language())).all())
    mine = assigned(hub_engine)
    assert mine and all(langs[case_id] in ("pt", "", "und") for case_id in mine)


def test_least_loaded_spreads_the_work(hub_engine, floor):
    auth.set_skills(hub_engine, "ana", capacity=4)
    desk = {floor["ana"].id: Activity.AVAILABLE, floor["bo"].id: Activity.AVAILABLE}
    auth.set_skills(hub_engine, "bo", capacity=8)
    assert assign(hub_engine, desk, strategy=Strategy.LEAST_LOADED) == 12
    counts = [list(assigned(hub_engine).values()).count(floor[n].id) for n in ("ana", "bo")]
    assert counts == [4, 8]  # the share of spare capacity stays level until both are full


def test_skills_are_checked_when_set(hub_engine, floor):
    with pytest.raises(auth.UserError, match="unknown network"):
        auth.set_skills(hub_engine, "ana", networks=["myspace"])
    with pytest.raises(auth.UserError, match="capacity"):
        auth.set_skills(hub_engine, "ana", capacity=-1)
    assert auth.set_skills(hub_engine, "ana", languages=["EN", " es"], networks=["X"]) == {
        "capacity": 8,
        "languages": ["en", "es"],
        "networks": ["x"],
    }
