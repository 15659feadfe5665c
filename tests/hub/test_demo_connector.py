"""The demo network's connector: posts land once, show in their conversation, and fail on cue."""

import asyncio

import pytest
from sqlalchemy import select

from console.channels.connector import OutgoingReply, PermanentError, TransientError, UncertainError
from console.channels.demo import DemoDataError, FollowUps, follow_up_mention
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


def test_with_follow_ups_the_customer_answers_in_the_conversation_once(hub_engine, demo, case):
    connector = DemoConnector(hub_engine, follow_ups=FollowUps.bundled(), answer_after_s=0)
    reply = outgoing(demo, case)

    async def publish_and_wait():
        await connector.publish(reply)
        await connector.publish(reply)  # a duplicate publish: no second answer
        await asyncio.gather(*connector._answers)

    asyncio.run(publish_and_wait())
    with hub_engine.connect() as connection:
        rows = {row.external_id: row for row in connection.execute(select(mentions))}
        after = load_case(connection, case.id)
    assert len(rows) == 3  # the customer's post, the brand's reply, the customer's answer
    first, answer = rows["demo-0-d0001"], rows[f"demo-answer-{reply.id}"]
    assert not answer.from_brand
    assert (answer.author_handle, answer.lang, answer.case_id) == (first.author_handle, first.lang, case.id)
    assert (
        answer.parent_external_id == f"demo-reply-{reply.id}"
        and answer.conversation_key == first.conversation_key
    )
    texts = FollowUps.bundled().by_language[first.lang]
    assert answer.text in texts["better"] + texts["worse"]
    assert after.mention_count == case.mention_count + 1  # someone is waiting again


def test_follow_ups_pick_the_same_answer_for_the_same_reply_and_both_moods_occur(demo, case):
    follow_ups = FollowUps.bundled()
    answered = demo.mention(0, T0)
    picks = [
        follow_up_mention(outgoing(demo, case, id=f"r{n}"), answered, follow_ups, T0).text for n in range(40)
    ]
    again = [
        follow_up_mention(outgoing(demo, case, id=f"r{n}"), answered, follow_ups, T0).text for n in range(40)
    ]
    assert picks == again
    moods = follow_ups.by_language["en"]
    assert any(p in moods["better"] for p in picks) and any(p in moods["worse"] for p in picks)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("follow_ups: [1]", "maps languages"),
        ("follow_ups: {de: {better: [a], worse: [b]}}", "en at least"),
        ("follow_ups: {en: {better: [a]}}", "needs 'better' and 'worse'"),
        ("follow_ups: {en: {better: [a], worse: []}}", "a list is empty"),
        ("follow_ups: [", "not valid YAML"),
    ],
)
def test_a_broken_follow_ups_file_says_what_is_wrong(text, problem):
    with pytest.raises(DemoDataError, match=problem):
        FollowUps.parse(text)
