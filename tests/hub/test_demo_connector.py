"""The demo network's connector: posts land once, show in their conversation, and fail on cue."""

import asyncio

import pytest
from sqlalchemy import select

from console.channels.connector import OutgoingReply, PermanentError, TransientError, UncertainError
from console.domain.mention import MentionKind
from console.hub import config
from console.hub.cases import load_case
from console.hub.demo_connector import DemoConnector, DemoFaults, demo_post_counts
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import cases, mentions

T0 = 1_800_000_000_000


@pytest.fixture
def case(hub_engine, demo):
    upsert_accounts(hub_engine, demo.accounts)
    ingest(hub_engine, [demo.mention(0, T0)])
    with hub_engine.connect() as connection:
        return load_case(connection, connection.scalar(select(cases.c.id)))


def outgoing(demo, case, text="Thanks for telling us — a replacement is on its way.", **changes):
    account = next(a for a in demo.accounts if a.id == case.account_id)
    values = {
        "id": f"reply-{len(text)}",
        "case_id": case.id,
        "network": case.network,
        "account": account,
        "text": text,
        "private": False,
        "in_reply_to": "demo-0-d0001",
        "conversation_key": case.conversation_key,
    }
    return OutgoingReply(**(values | changes))


def test_a_post_lands_once_and_joins_the_conversation_as_the_brand(hub_engine, demo, case):
    connector = DemoConnector(hub_engine)
    reply = outgoing(demo, case)
    assert asyncio.run(connector.find(reply)) is None
    published = asyncio.run(connector.publish(reply))
    assert published.external_id == f"demo-reply-{reply.id}" and published.url.endswith(published.external_id)
    assert asyncio.run(connector.find(reply)) == published
    with hub_engine.connect() as connection:
        brand = connection.execute(select(mentions).where(mentions.c.from_brand)).one()
        after = load_case(connection, case.id)
    assert (brand.case_id, brand.author_handle, brand.author_verified) == (case.id, "@NorthwindAir", True)
    assert MentionKind(brand.kind) is MentionKind.REPLY and brand.parent_external_id == "demo-0-d0001"
    assert (after.status, after.mention_count) == (case.status, case.mention_count)  # nobody new waiting
    assert demo_post_counts(hub_engine) == (1, 0)


def test_publishing_the_same_reply_twice_is_counted_not_hidden(hub_engine, demo, case):
    connector = DemoConnector(hub_engine)
    reply = outgoing(demo, case)
    first = asyncio.run(connector.publish(reply))
    assert asyncio.run(connector.publish(reply)) == first
    assert demo_post_counts(hub_engine) == (1, 1)
    with hub_engine.connect() as connection:
        assert len(connection.execute(select(mentions).where(mentions.c.from_brand)).all()) == 1


def test_a_reply_over_the_networks_length_is_refused_for_good(hub_engine, demo, case):
    too_long = outgoing(demo, case, text="x" * 281)
    with pytest.raises(PermanentError, match="X allows 280 characters in a reply; this one has 281"):
        asyncio.run(DemoConnector(hub_engine).publish(too_long))
    asyncio.run(DemoConnector(hub_engine).publish(outgoing(demo, case, text="y" * 281, private=True)))
    assert demo_post_counts(hub_engine) == (1, 0)  # a direct message has no such limit


def test_faults_follow_their_rates_and_replay_from_the_seed(hub_engine, demo, case):
    def outcomes(seed: int, run: str) -> list[str]:
        connector = DemoConnector(hub_engine, DemoFaults(failure_rate=0.3, uncertain_rate=0.3, seed=seed))
        seen = []
        for n in range(60):
            try:
                asyncio.run(connector.publish(outgoing(demo, case, id=f"{run}-{n}")))
                seen.append("ok")
            except TransientError:
                seen.append("busy")
            except UncertainError as error:
                seen.append("landed" if "the post landed" in str(error) else "lost")
        return seen

    first = outcomes(1, "first")
    assert {"ok", "busy", "landed", "lost"} <= set(first)
    assert 8 <= first.count("busy") <= 30 and 8 <= first.count("landed") + first.count("lost") <= 30
    assert demo_post_counts(hub_engine) == (first.count("ok") + first.count("landed"), 0)
    assert outcomes(1, "again") == first  # the same seed, the same faults
    assert outcomes(2, "other") != first


@pytest.mark.parametrize(
    ("faults", "message"),
    [
        ({"failure_rate": 1.5}, "between 0 and 1"),
        ({"failure_rate": 0.6, "uncertain_rate": 0.6}, "together ≤ 1"),
        ({"latency_ms": -1}, "cannot be negative"),
    ],
)
def test_bad_fault_knobs_are_refused(faults, message):
    with pytest.raises(ValueError, match=message):
        DemoFaults(**faults)


def test_the_knobs_come_from_the_hub_config_and_environment(monkeypatch):
    monkeypatch.setenv("HORSESHOE_HUB_DEMO_PUBLISH_FAILURE_RATE", "0.25")
    monkeypatch.setenv("HORSESHOE_HUB_DEMO_PUBLISH_LATENCY_MS", "40")
    loaded = config.load()
    assert (loaded.demo_publish_failure_rate, loaded.demo_publish_latency_ms) == (0.25, 40)
    monkeypatch.setenv("HORSESHOE_HUB_DEMO_PUBLISH_UNCERTAIN_RATE", "0.9")
    with pytest.raises(config.ConfigError, match="together ≤ 1"):
        config.load()
