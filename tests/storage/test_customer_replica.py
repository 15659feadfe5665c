"""Customers replicate into the cache like every other table: pages apply, checksums match, resets clear."""

import json

import pytest
from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, Outcome
from console.hub import auth, migrate, push
from console.hub.checksum import checksum
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.pull import pull
from console.hub.schema import identities as hub_identities
from console.hub.scope import Scope
from console.storage.customers_repo import author_of, profile
from console.storage.replica import Replica, local_checksum
from console.storage.schema import customers, mentions

CUSTOMER_KINDS = ("customer", "identity", "customer_note", "customer_event")


@pytest.fixture
def hub(tmp_path):
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, 1_000 + i) for i in range(40)])
    agent = auth.add_user(engine, "ana", "correct horse battery", Role.AGENT, team_names=["Support"])
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


def test_customer_rows_page_into_the_cache_and_match_the_hubs_checksum(hub, cache):
    engine, agent = hub
    replica = Replica(cache)
    cursor, applied = sync(engine, agent, cache, replica)
    hub_sums = checksum(engine, Scope.of(agent)).tables
    local = cache.read_sync(local_checksum).tables
    for kind in CUSTOMER_KINDS[:2]:
        assert hub_sums[kind].count > 0 and local[kind] == hub_sums[kind]
    held = cache.read_sync(lambda c: set(c.scalars(select(customers.c.id))))
    assert applied.customers == held

    # A note on the hub reaches the cache, and the pull names the profile it changed.
    case_id, handle = cache.read_sync(
        lambda c: c.execute(select(mentions.c.case_id, mentions.c.author_handle)).first()
    )
    with engine.connect() as connection:
        maria = connection.execute(select(hub_identities).where(hub_identities.c.handle == handle)).one()
    assert cache.read_sync(lambda c: author_of(c, case_id)).id == maria.id
    payload = {"customer_id": maria.customer_id, "text": "Flies weekly; status member"}
    note = Mutation(uuid7(), uuid7(), 1, MutationKind.CUSTOMER_NOTE, case_id, 0, payload)
    (result,) = push.push(engine, agent, note.workstation_id, [note]).results
    assert result.outcome is Outcome.APPLIED
    _cursor, applied = sync(engine, agent, cache, replica, cursor)
    assert applied.customers == {maria.customer_id}
    stored = cache.read_sync(lambda c: profile(c, maria.customer_id))
    assert [n.text for n in stored.notes] == ["Flies weekly; status member"]
    assert stored.history[0].get("note") == note.id
    for kind in CUSTOMER_KINDS:
        assert cache.read_sync(local_checksum).tables[kind] == checksum(engine, Scope.of(agent)).tables[kind]


def test_a_reset_page_clears_the_customers_too(hub, cache):
    engine, agent = hub
    replica = Replica(cache)
    sync(engine, agent, cache, replica)
    cache.write_sync(lambda c: replica.apply_sync(c, "http://hub", "other", "other:0", 0, {}, reset=True))
    assert cache.read_sync(lambda c: c.scalar(select(customers.c.id))) is None
