"""A hub fed with the bundled demo feed and a cache synced from it, for the customer panel's tests
(and its screenshot): the same pull pages and replica the workstation uses, without HTTP."""

import json
from dataclasses import dataclass

from console.channels.demo import DemoChannel
from console.domain.agent import Agent, Role
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind, MutationResult
from console.hub import auth, migrate, push
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest, upsert_accounts
from console.hub.pull import pull
from console.hub.scope import Scope
from console.services.customers import CustomerService
from console.storage.customers_repo import CustomerRepository
from console.storage.outbox import Outbox
from console.storage.replica import Replica
from console.sync.hub_client import HubClient
from console.sync.pusher import Pusher

T0 = 1_796_000_000_000  # 30 Nov 2026
DAY = 24 * 3600_000


@dataclass
class World:
    engine: object
    agent: Agent
    cache: object
    replica: Replica
    outbox: Outbox
    service: CustomerService
    demo: DemoChannel
    cursor: str | None = None
    desk: str = ""
    seq: int = 0

    def sync(self):
        """Pull everything new into the cache; returns what changed."""
        applied = None
        while True:
            page = pull(self.engine, self.cursor, 1000, scope=Scope.of(self.agent))
            tables = json.loads(page.json_bytes())["tables"]
            step = self.cache.write_sync(
                lambda c, p=page, t=tables: self.replica.apply_sync(
                    c, "http://hub", p.epoch, p.cursor, p.head, t
                )
            )
            applied = step if applied is None else applied.merged(step)
            self.cursor = page.cursor
            if not page.more:
                return applied

    def act(self, kind: MutationKind, case_id: str, at: int, **payload) -> MutationResult:
        """A mutation straight to the hub, as another desk would send it."""
        self.seq += 1
        mutation = Mutation(uuid7(), self.desk, self.seq, kind, case_id, at, payload)
        (result,) = push.push(self.engine, self.agent, self.desk, [mutation], at_ms=at).results
        return result


def build(tmp_path, cache, clock=lambda: T0 + 3 * DAY) -> World:
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    demo = DemoChannel.bundled()
    upsert_accounts(engine, demo.accounts)
    ingest(engine, [demo.mention(i, T0 + i * 60_000) for i in range(len(demo.items))], now=T0)
    teams = sorted({account.team for account in demo.accounts})
    agent = auth.add_user(
        engine, "ana", "correct horse battery", Role.AGENT, name="Ana Silva", team_names=teams
    )
    outbox = Outbox(cache)
    pusher = Pusher(
        HubClient("http://127.0.0.1:9", token="t"), outbox
    )  # never started: mutations stay queued
    service = CustomerService(CustomerRepository(cache), outbox, pusher, lambda: agent.id, clock)
    world = World(engine, agent, cache, Replica(cache), outbox, service, demo, desk=uuid7())
    world.sync()
    return world
