"""Customers on the hub: identities at ingest, tier in priority, links and splits with their history."""

import dataclasses
import json
import shutil

import pytest
from sqlalchemy import func, select

from console.domain.agent import Role
from console.domain.ids import uuid7
from console.domain.mention import Author
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, migrate, push
from console.hub.changelog import head
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.pull import pull
from console.hub.schema import customer_events, customer_notes, customers, identities, mentions
from console.hub.scope import Scope
from tests.hub.conftest import PASSWORD
from tests.schema_fixtures import fixture_path

T0 = 1_800_000_000_000
NINA_BLUESKY = ("bluesky", "nina-reports.bsky.social")
NINA_X = ("x", "@nina_adeyemi")
MARIA = ("x", "@maria_kowal")


@pytest.fixture
def fed(hub_engine, demo):
    """The whole bundled demo feed ingested once."""
    ingest(hub_engine, [demo.mention(i, T0 + i * 1_000) for i in range(len(demo.items))], now=T0)
    return hub_engine


@pytest.fixture
def agent(hub_engine):
    return auth.add_user(hub_engine, "ana", PASSWORD, Role.AGENT, team_names=["Support"])


class Desk:
    """One workstation: numbers its mutations 1, 2, 3… as the outbox does."""

    def __init__(self, engine, agent):
        self.engine, self.agent, self.id, self.seq = engine, agent, uuid7(), 0
        with engine.connect() as connection:
            self.case_id = connection.scalar(select(mentions.c.case_id).limit(1))

    def make(self, kind: MutationKind, **payload) -> Mutation:
        self.seq += 1
        return Mutation(uuid7(), self.id, self.seq, kind, self.case_id, T0, payload)

    def send(self, mutation: Mutation, at: int = T0):
        (result,) = push.push(self.engine, self.agent, self.id, [mutation], at_ms=at).results
        return result

    def do(self, kind: MutationKind, at: int = T0, **payload):
        return self.send(self.make(kind, **payload), at=at)


def identity(engine, network: str, handle: str):
    with engine.connect() as connection:
        return connection.execute(
            select(identities).where(identities.c.network == network, identities.c.handle == handle)
        ).one()


def customer(engine, customer_id: str):
    with engine.connect() as connection:
        return connection.execute(select(customers).where(customers.c.id == customer_id)).one()


def history(engine, customer_id: str) -> list[tuple[str, dict]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(customer_events.c.type, customer_events.c.data)
            .where(customer_events.c.customer_id == customer_id)
            .order_by(customer_events.c.seq)
        )
        return [(row.type, json.loads(row.data)) for row in rows]


def test_every_author_gets_one_identity_and_customer_and_the_brand_none(fed, demo):
    authors = {(item.account.network.value, item.author.handle) for item in demo.items}
    with fed.connect() as connection:
        stored = {tuple(row) for row in connection.execute(select(identities.c.network, identities.c.handle))}
        assert connection.scalar(select(func.count()).select_from(customers)) == len(authors)
    assert stored == authors
    maria = identity(fed, *MARIA)
    assert (maria.name, maria.handle_key, maria.linked_by) == ("Maria Kowalska", "mariakowal", "ingest")
    assert customer(fed, maria.customer_id).display_name == "Maria Kowalska"
    # Her next posts (another loop of the feed) find her identity: nothing new is made.
    ingest(fed, [demo.mention(len(demo.items) + i, T0 + 10**6 + i) for i in (0, 6)])
    with fed.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(identities)) == len(authors)


def test_a_brand_reply_makes_no_identity(hub_engine, demo):
    mention = dataclasses.replace(
        demo.mention(0, T0), from_brand=True, author=Author("@NorthwindAir", "Northwind")
    )
    ingest(hub_engine, [mention])
    with hub_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(identities)) == 0


def test_a_vip_customers_new_mention_scores_higher_and_says_why(fed, demo, agent):
    desk = Desk(fed, agent)
    maria = identity(fed, *MARIA)
    assert (
        desk.do(MutationKind.CUSTOMER_TIER, customer_id=maria.customer_id, tier="vip").outcome
        is Outcome.APPLIED
    )
    loop = len(demo.items)
    ingest(fed, [demo.mention(loop, T0 + 10**6)])  # item 0 again: Maria's delayed flight
    with fed.connect() as connection:
        first, again = connection.execute(
            select(mentions.c.priority, mentions.c.priority_reasons)
            .where(
                mentions.c.author_handle == MARIA[1],
                mentions.c.external_id.like("demo-%-" + demo.items[0].id),
            )
            .order_by(mentions.c.created_ms)
        ).all()
    assert ["customer tier vip", 20] in json.loads(again.priority_reasons)
    assert again.priority == min(100, first.priority + 20)


def test_linking_an_identity_moves_it_and_both_sides_keep_the_history(fed, agent):
    desk = Desk(fed, agent)
    bluesky, x = identity(fed, *NINA_BLUESKY), identity(fed, *NINA_X)
    result = desk.do(MutationKind.LINK_IDENTITY, customer_id=bluesky.customer_id, identity_id=x.id)
    assert result.outcome is Outcome.APPLIED and result.visible_at
    moved = identity(fed, *NINA_X)
    assert (moved.customer_id, moved.linked_by, moved.linked_ms) == (bluesky.customer_id, agent.id, T0)
    shell = customer(fed, x.customer_id)
    assert shell.merged_into == bluesky.customer_id  # its only identity left: an empty shell
    ((kind, data),) = history(fed, bluesky.customer_id)
    assert kind == "linked" and data["identities"][0] | {"from": x.customer_id} == data["identities"][0]
    assert [kind for kind, _ in history(fed, x.customer_id)] == ["merged"]
    again = desk.do(MutationKind.LINK_IDENTITY, customer_id=bluesky.customer_id, identity_id=x.id)
    assert (again.outcome, again.reason) == (Outcome.APPLIED, "already linked")


def test_merging_a_customer_brings_its_tier_and_details_and_unlink_restores_it(fed, agent):
    desk = Desk(fed, agent)
    bluesky, x = identity(fed, *NINA_BLUESKY), identity(fed, *NINA_X)
    desk.do(MutationKind.CUSTOMER_TIER, customer_id=x.customer_id, tier="gold")
    desk.do(MutationKind.CUSTOMER_DETAILS, customer_id=x.customer_id, email="nina@example.org", crm_id="C-77")
    desk.do(
        MutationKind.CUSTOMER_NOTE,
        customer_id=x.customer_id,
        text="Journalist: route press questions to comms",
    )
    merged = desk.do(
        MutationKind.LINK_IDENTITY, customer_id=bluesky.customer_id, other_customer_id=x.customer_id
    )
    assert merged.outcome is Outcome.APPLIED
    target = customer(fed, bluesky.customer_id)
    assert (target.tier, target.email, target.crm_id) == ("gold", "nina@example.org", "C-77")
    # Acting on the merged customer reaches the one it went into.
    desk.do(MutationKind.CUSTOMER_TIER, customer_id=x.customer_id, tier="vip")
    assert customer(fed, bluesky.customer_id).tier == "vip"

    split = desk.do(MutationKind.UNLINK_IDENTITY, identity_id=x.id)
    assert split.outcome is Outcome.APPLIED
    assert identity(fed, *NINA_X).customer_id == x.customer_id  # back with its notes and history
    assert customer(fed, x.customer_id).merged_into is None
    with fed.connect() as connection:
        assert connection.scalar(select(customer_notes.c.customer_id)) == x.customer_id
    assert [kind for kind, _ in history(fed, bluesky.customer_id)][-2:] == ["tier", "unlinked"]
    assert history(fed, bluesky.customer_id)[-1][1]["restored"] is True
    assert [kind for kind, _ in history(fed, x.customer_id)] == [
        "tier",
        "details",
        "note",
        "merged",
        "restored",
    ]


def test_unlinking_an_identity_that_came_with_ingest_splits_it_into_a_new_customer(fed, agent):
    desk = Desk(fed, agent)
    bluesky, x = identity(fed, *NINA_BLUESKY), identity(fed, *NINA_X)
    desk.do(MutationKind.LINK_IDENTITY, customer_id=x.customer_id, identity_id=bluesky.id)
    # The X identity was Nina's own from the start: splitting it makes a new customer.
    result = desk.do(MutationKind.UNLINK_IDENTITY, identity_id=x.id)
    assert result.outcome is Outcome.APPLIED
    alone = identity(fed, *NINA_X).customer_id
    assert alone not in (x.customer_id, bluesky.customer_id)
    assert customer(fed, alone).display_name == "Nina Adeyemi"
    assert [kind for kind, _ in history(fed, alone)] == ["created"]
    unlinked = history(fed, x.customer_id)[-1]
    assert unlinked[0] == "unlinked" and unlinked[1]["to"] == alone and unlinked[1]["restored"] is False


@pytest.mark.parametrize(
    ("kind", "payload", "reason"),
    [
        (MutationKind.LINK_IDENTITY, {"customer_id": "nobody", "identity_id": "x"}, "no customer nobody"),
        (MutationKind.LINK_IDENTITY, {"customer_id": "c"}, "either 'identity_id' or 'other_customer_id'"),
        (MutationKind.UNLINK_IDENTITY, {"identity_id": "missing"}, "no identity missing"),
        (MutationKind.CUSTOMER_TIER, {"customer_id": "c", "tier": "platinum"}, "must be one of"),
        (MutationKind.CUSTOMER_DETAILS, {"customer_id": "c", "email": "not an address"}, "no e-mail address"),
        (MutationKind.CUSTOMER_NOTE, {"customer_id": "c", "text": "  "}, "'text' is empty"),
    ],
)
def test_invalid_customer_mutations_are_rejected_with_a_reason(fed, agent, kind, payload, reason):
    result = Desk(fed, agent).do(kind, **payload)
    assert result.outcome is Outcome.REJECTED and reason in result.reason


def test_an_only_identity_cannot_be_split_and_a_customer_is_no_suggestion_for_itself(fed, agent):
    desk = Desk(fed, agent)
    maria = identity(fed, *MARIA)
    alone = desk.do(MutationKind.UNLINK_IDENTITY, identity_id=maria.id)
    assert alone.outcome is Outcome.REJECTED and "only identity" in alone.reason
    itself = desk.do(
        MutationKind.DISMISS_LINK, customer_id=maria.customer_id, other_customer_id=maria.customer_id
    )
    assert itself.outcome is Outcome.REJECTED


def test_a_resent_note_is_a_duplicate_and_noted_once(fed, agent):
    desk = Desk(fed, agent)
    maria = identity(fed, *MARIA)
    note = desk.make(MutationKind.CUSTOMER_NOTE, customer_id=maria.customer_id, text="Prefers DMs")
    first, again = desk.send(note), desk.send(note)
    assert (first.outcome, again.outcome) == (Outcome.APPLIED, Outcome.DUPLICATE)
    assert again.visible_at == first.visible_at
    with fed.connect() as connection:
        rows = connection.execute(select(customer_notes)).all()
    assert [(r.text, r.author, r.customer_id) for r in rows] == [("Prefers DMs", agent.id, maria.customer_id)]
    unchanged = desk.do(MutationKind.CUSTOMER_TIER, customer_id=maria.customer_id, tier="standard")
    assert (unchanged.outcome, unchanged.reason, unchanged.visible_at) == (
        Outcome.APPLIED,
        "already standard",
        None,
    )


def test_a_dismissed_suggestion_is_remembered_on_both_sides(fed, agent):
    desk = Desk(fed, agent)
    bluesky, x = identity(fed, *NINA_BLUESKY), identity(fed, *NINA_X)
    desk.do(MutationKind.DISMISS_LINK, customer_id=bluesky.customer_id, other_customer_id=x.customer_id)
    assert history(fed, bluesky.customer_id)[0][0] == "dismissed"
    assert history(fed, x.customer_id)[0][1]["other"] == bluesky.customer_id


def test_customers_reach_every_signed_in_user_whatever_their_teams(fed, agent):
    outsider = auth.add_user(fed, "olga", PASSWORD, Role.AGENT, team_names=["Legal"])  # owns no brand account
    Desk(fed, agent).do(
        MutationKind.CUSTOMER_NOTE, customer_id=identity(fed, *MARIA).customer_id, text="VIP lounge"
    )
    page = pull(fed, None, 5000, scope=Scope.of(outsider))
    assert "case" not in page.tables  # no cases of hers…
    kinds = {kind for kind, _ in page.records()}
    assert {"customer", "identity", "customer_note", "customer_event"} <= kinds  # …but every customer


def test_upgrading_a_hub_gives_its_stored_authors_identities_at_new_change_numbers(tmp_path):
    copy = tmp_path / "hub.sqlite"
    shutil.copy(fixture_path("hub", "0006"), copy)
    engine = create_hub_engine(str(copy))
    try:
        with engine.connect() as connection:
            old_head = head(connection)
            authors = set(
                tuple(row)
                for row in connection.execute(
                    select(mentions.c.network, mentions.c.author_handle).where(
                        mentions.c.from_brand.is_(False)
                    )
                )
            )
        migrate.upgrade(engine)
        with engine.connect() as connection:
            rows = connection.execute(select(identities)).all()
            owners = connection.execute(select(customers.c.id, customers.c.seq)).all()
            new_head = head(connection)
        assert {(row.network, row.handle) for row in rows} == authors and authors
        assert {row.customer_id for row in rows} == {owner.id for owner in owners}
        seqs = sorted([row.seq for row in rows] + [owner.seq for owner in owners])
        assert seqs == list(range(old_head + 1, new_head + 1))  # every change number used once, in order
    finally:
        engine.dispose()
