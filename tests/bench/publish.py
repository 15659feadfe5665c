"""Publish: queued replies taken to the demo network by the hub's publisher.

* throughput: N replies on 40 claimed cases, queued through push, then drained by one publisher
  (the demo connector, no faults, no latency); replies/s from the first take to the last one
  published. Each reply costs the hub four write transactions (take and fence, the post, the
  brand message's ingest, published), on SQLite and, with ``HORSESHOE_TEST_PG``, PostgreSQL.
* baseline, same run: committed SQLite transactions of one row each (``sqlite3``, WAL,
  synchronous=NORMAL), the floor a transaction-per-step design sets.
"""

import asyncio
import os
import tempfile
from pathlib import Path

from sqlalchemy import select

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.domain.ids import uuid7
from console.domain.mutation import Mutation, MutationKind
from console.hub import auth, migrate, push
from console.hub.database import create_hub_engine
from console.hub.demo_connector import demo_connectors, demo_post_counts
from console.hub.ingest import ingest, upsert_accounts
from console.hub.publisher import Publisher
from console.hub.schema import cases
from tests.bench.common import figure, timed
from tests.bench.push import _raw_transactions


def run(size: int = 100_000) -> list[dict]:
    count = min(size, 2_000)  # replies are written by people: thousands an hour at the most
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="horseshoe-bench-publish-") as folder:
        folder = Path(folder)
        baseline = _raw_transactions(folder / "raw.sqlite", count)
        results.append(
            figure("publish", "sqlite3, one committed row per transaction (baseline)", baseline, "tx/s")
        )
        rate = _throughput(f"sqlite:///{folder / 'hub.sqlite'}", count)
        results.append(figure("publish", "publish throughput, SQLite", rate, "replies/s", baseline))
    dsn = os.environ.get("HORSESHOE_TEST_PG")
    if dsn:
        from tests.bench.live import _pg_database

        with _pg_database(dsn) as url:
            rate = _throughput(url, count)
        results.append(figure("publish", "publish throughput, PostgreSQL", rate, "replies/s", baseline))
    return results


def _throughput(url: str, count: int) -> float:
    engine = create_hub_engine(url)
    try:
        migrate.upgrade(engine)
        demo = DemoChannel.bundled()
        upsert_accounts(engine, demo.accounts)
        ingest(engine, [demo.mention(i, 1_000 + i) for i in range(60)])
        with engine.connect() as connection:
            case_ids = list(connection.scalars(select(cases.c.id)))[:40]
        agent = auth.add_user(engine, "bench", "bench password", Role.AGENT, team_names=["Support"])
        _queue_replies(engine, agent, case_ids, count)
        publisher = Publisher(engine, demo_connectors(engine, demo.accounts))
        with timed() as timer:
            asyncio.run(_drain(publisher))
        assert demo_post_counts(engine) == (count, 0), demo_post_counts(engine)
        return count / timer.seconds
    finally:
        engine.dispose()


def _queue_replies(engine, agent, case_ids: list[str], count: int) -> None:
    desk, seq = uuid7(), 0

    def send(kind: MutationKind, case_id: str, **payload):
        nonlocal seq
        seq += 1
        mutation = Mutation(uuid7(), desk, seq, kind, case_id, 0, payload)
        return push.push(engine, agent, desk, [mutation]).results[0]

    tokens = {case_id: send(MutationKind.CLAIM, case_id).detail["claim_token"] for case_id in case_ids}
    for n in range(count):
        case_id = case_ids[n % len(case_ids)]
        send(MutationKind.REPLY, case_id, reply_id=uuid7(), text=f"reply {n}", claim_token=tokens[case_id])


async def _drain(publisher: Publisher) -> None:
    while await publisher.run_once():
        pass
