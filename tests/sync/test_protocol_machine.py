"""The push protocol as a state machine over a network that drops, duplicates, reorders and delays.

Two workstations (two agents, real caches and outboxes) queue work on two cases and push it through
a simulated network to the real hub code on SQLite. Whatever the network does, the hub must apply
each mutation at most once, hold at most one valid claim per case, and — once the network heals —
have applied every mutation exactly once, with every outbox empty.
"""

import asyncio
import functools
import json
import shutil
import tempfile
from pathlib import Path

import hypothesis.strategies as st
from hypothesis import HealthCheck, settings
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, select

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.domain.mutation import MutationKind
from console.hub import auth, migrate, push
from console.hub.cases import load_case
from console.hub.database import create_hub_engine
from console.hub.ingest import ingest
from console.hub.schema import cases, events, mutations
from console.storage.database import open_cache
from console.storage.outbox import Outbox
from console.sync.hub_client import HubUnreachableError, PushAnswer
from console.sync.pusher import Pusher

FAULTS = ["deliver", "drop_request", "drop_response", "duplicate", "delay"]


class Network:
    """Carries one workstation's pushes to the hub, doing to each what the test tells it to."""

    def __init__(self, engine, agent):
        self.engine, self.agent = engine, agent
        self.fault = "deliver"
        self.delayed: list[tuple[str, list]] = []  # requests held back, delivered later

    async def push(self, workstation_id: str, batch) -> PushAnswer:
        fault, self.fault = self.fault, "deliver"
        if fault == "drop_request":
            raise HubUnreachableError("request lost")
        if fault == "delay":
            self.delayed.append((workstation_id, list(batch)))
            raise HubUnreachableError("timed out")
        answer = push.push(self.engine, self.agent, workstation_id, batch)
        if fault == "duplicate":
            answer = push.push(self.engine, self.agent, workstation_id, batch)
        if fault == "drop_response":
            raise HubUnreachableError("response lost")
        return PushAnswer(answer.results, answer.next_seq)

    def deliver_delayed(self) -> None:
        """A held request finally reaches the hub, out of order; its answer goes nowhere."""
        if self.delayed:
            workstation_id, batch = self.delayed.pop(0)
            push.push(self.engine, self.agent, workstation_id, batch)


@functools.cache
def _template() -> Path:
    """A hub with two cases and two agents, and two empty caches, migrated once for every example."""
    folder = Path(tempfile.mkdtemp(prefix="horseshoe-machine-template-"))
    hub = create_hub_engine(str(folder / "hub.sqlite"))
    migrate.upgrade(hub)
    demo = DemoChannel.bundled()
    ingest(hub, [demo.mention(0, 1_000), demo.mention(1, 2_000)])
    for n in range(2):
        auth.add_user(hub, f"agent{n}", "correct horse battery", Role.AGENT)
    hub.dispose()
    for n in range(2):
        open_cache(folder / f"cache{n}.sqlite").close()
    return folder


class PushProtocol(RuleBasedStateMachine):
    def __init__(self):
        super().__init__()
        self.folder = Path(tempfile.mkdtemp(prefix="horseshoe-machine-"))
        shutil.copytree(_template(), self.folder, dirs_exist_ok=True)
        self.hub = create_hub_engine(str(self.folder / "hub.sqlite"))
        with self.hub.connect() as connection:
            self.case_ids = list(connection.scalars(select(cases.c.id).order_by(cases.c.id)))
            agents = [auth.find_user(connection, f"agent{n}") for n in range(2)]
        self.desks = []
        for n, agent in enumerate(agents):
            cache = open_cache(self.folder / f"cache{n}.sqlite")
            network = Network(self.hub, agent)
            outbox = Outbox(cache)
            pusher = Pusher(network, outbox, batch_size=3)  # small batches: more interleavings
            pusher.user_id = agent.id
            self.desks.append((agent, cache, network, pusher, outbox))
        self.queued = 0

    def teardown(self):
        for _agent, cache, *_rest in self.desks:
            cache.close()
        self.hub.dispose()
        shutil.rmtree(self.folder, ignore_errors=True)

    @rule(desk=st.integers(0, 1), case=st.integers(0, 1), kind=st.sampled_from(["note", "claim", "release"]))
    def queue(self, desk, case, kind):
        agent, _cache, _network, _pusher, outbox = self.desks[desk]
        payload = {"text": f"note {self.queued}"} if kind == "note" else {}
        asyncio.run(outbox.enqueue(agent.id, MutationKind(kind), self.case_ids[case], payload))
        self.queued += 1

    @rule(desk=st.integers(0, 1), fault=st.sampled_from(FAULTS))
    def send(self, desk, fault):
        _agent, _cache, network, pusher, _outbox = self.desks[desk]
        network.fault = fault
        try:
            asyncio.run(pusher.drain())
        except HubUnreachableError:
            pass  # the network failed this time; the outbox keeps everything
        finally:
            network.fault = "deliver"  # a fault never carries over to a later push

    @precondition(lambda self: any(desk[2].delayed for desk in self.desks))
    @rule(desk=st.integers(0, 1))
    def late_delivery(self, desk):
        self.desks[desk][2].deliver_delayed()

    @invariant()
    def each_mutation_applies_at_most_once(self):
        with self.hub.connect() as connection:
            applied = connection.scalar(select(func.count()).select_from(mutations))
            distinct = connection.scalar(select(func.count(func.distinct(mutations.c.id))))
            notes = list(connection.scalars(select(events.c.data).where(events.c.type == "note_added")))
        assert applied == distinct <= self.queued
        assert len(notes) == len(set(notes))  # every note text is unique, so a repeat is a duplicate

    @invariant()
    def at_most_one_valid_claim_per_case(self):
        with self.hub.connect() as connection:
            grants = connection.execute(
                select(events.c.case_id, events.c.data).where(events.c.type == "claimed")
            ).all()
        fresh_grants: dict[tuple[str, int], int] = {}
        for case_id, data in grants:
            grant = json.loads(data)
            if not grant["renewed"]:  # a renewal repeats its holder's token; a grant never does
                key = (case_id, grant["token"])
                fresh_grants[key] = fresh_grants.get(key, 0) + 1
        assert all(count == 1 for count in fresh_grants.values()), fresh_grants

    def heal_and_check(self):
        for _agent, _cache, network, pusher, _outbox in self.desks:
            network.fault = "deliver"
            while network.delayed:
                network.deliver_delayed()
            asyncio.run(pusher.drain())
        with self.hub.connect() as connection:
            applied = connection.scalar(select(func.count()).select_from(mutations))
            for case_id in self.case_ids:
                load_case(connection, case_id)  # every row still folds into a valid case
        assert applied == self.queued
        for agent, _cache, _network, _pusher, outbox in self.desks:
            assert asyncio.run(outbox.state(agent.id)).pending == 0


class HealingPushProtocol(PushProtocol):
    def teardown(self):
        try:
            self.heal_and_check()
        finally:
            super().teardown()


TestPushProtocol = HealingPushProtocol.TestCase
TestPushProtocol.settings = settings(
    max_examples=40,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
