"""The hub's crisis watch: a spike of negative mentions raises one alert and routes its cases to PR."""

import json

from sqlalchemy import select

from console.domain.crisis import SpikePolicy
from console.domain.mention import Author, Mention
from console.domain.network import Network
from console.hub.crisis_watch import CRISIS_PRIORITY, CrisisPolicy, CrisisWatch
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import cases, crisis_alerts, mentions

NOW = 1_800_000_000_000
BUCKET = 15 * 60_000
CALM = ["Thanks, the new app is great", "What time do you open on Sunday?", "Order arrived, all good"]
ANGRY = "Your recall notice came too late, my kid got sick. Disgusting, nobody answers #AcmeRecall"


def post(n: int, text: str, at: int, account: str = "acme-x") -> Mention:
    author = Author(f"customer{n}", f"Customer {n}", followers=100)
    return Mention("", Network.X, account, f"ext-{n}", author, text, at, conversation_key=f"c-{n}")


def watch(engine) -> CrisisWatch:
    return CrisisWatch(engine, CrisisPolicy(spike=SpikePolicy(bucket_ms=BUCKET)), clock=lambda: NOW)


def test_a_spike_raises_one_alert_and_hands_its_cases_to_pr(hub_engine, demo):
    upsert_accounts(hub_engine, demo.accounts)
    calm = [post(i, CALM[i % 3], NOW - 20 * BUCKET + i * BUCKET // 2) for i in range(36)]
    storm = [post(100 + i, ANGRY, NOW - 60_000 + i * 1000, "acme-x") for i in range(12)]
    ingest(hub_engine, calm + storm, now=NOW)
    first, second = watch(hub_engine), watch(hub_engine)  # two hub processes on one database
    raised = first.run_once()
    assert {alert.key for alert in raised} >= {"account:acme-x", "topic:#acmerecall"}
    assert second.run_once() == []  # the same storm: raised once between them
    assert first.run_once() == []  # and not again on the next pass
    with hub_engine.connect() as connection:
        alerts = connection.execute(select(crisis_alerts)).all()
        storm_cases = set(connection.scalars(select(mentions.c.case_id).where(mentions.c.text == ANGRY)))
        rows = {row.id: row for row in connection.execute(select(cases))}
    assert len(alerts) == len(raised) and all(a.team == "PR" for a in alerts)
    assert "5 negative mentions about account acme-x" in next(
        a.reason for a in alerts if a.key == "account:acme-x"
    )
    for case_id in storm_cases:
        row = rows[case_id]
        assert (row.team, row.priority) == ("PR", CRISIS_PRIORITY)
        assert "crisis" in json.loads(row.tags)
    assert all(row.team is None for case_id, row in rows.items() if case_id not in storm_cases)


def test_an_old_spike_replayed_at_start_is_not_news(hub_engine, demo):
    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [post(i, ANGRY, NOW - 6 * BUCKET + i * 1000) for i in range(12)], now=NOW)
    assert watch(hub_engine).run_once() == []
