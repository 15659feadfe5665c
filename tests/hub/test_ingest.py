import json
from dataclasses import replace

from sqlalchemy import func, select

from console.domain.mention import MentionKind
from console.hub.ingest import ingest, prepare, store, upsert_accounts
from console.hub.schema import accounts, cases, events, mentions


def count(engine, table):
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(table))


def test_mentions_are_stored_once_whatever_the_batches(hub_engine, demo):
    batch = [demo.mention(i, 1_000 + i) for i in range(60)]
    first = ingest(hub_engine, batch[:40])
    second = ingest(hub_engine, batch[20:] + batch[:5])  # overlapping and repeated
    third = ingest(hub_engine, batch[:10] + batch[:10])  # duplicates within one batch
    assert (first.inserted, second.inserted, second.duplicates, third.inserted) == (40, 20, 25, 0)
    assert count(hub_engine, mentions) == 60
    assert third.head == second.head  # nothing new, no change numbers spent


def test_a_thread_becomes_one_case_and_every_mention_an_event(hub_engine, demo):
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(len(demo.items))])
    with hub_engine.connect() as connection:
        case_rows = connection.execute(
            select(cases.c.id, cases.c.mention_count, cases.c.conversation_key)
        ).all()
        mention_cases = connection.execute(select(mentions.c.case_id, mentions.c.conversation_key)).all()
        received = connection.scalar(select(func.count()).where(events.c.type == "mention_received"))
        created = connection.scalar(select(func.count()).where(events.c.type == "case_created"))
    assert received == len(demo.items) and created == len(case_rows)
    # One case per conversation; a conversation may join another's case (a customer's, see case.py).
    by_key: dict[str, set[str]] = {}
    for case_id, key in mention_cases:
        by_key.setdefault(key, set()).add(case_id)
    assert all(len(ids) == 1 for ids in by_key.values())
    assert {case_id for case_id, _key in mention_cases} == {case_id for case_id, _n, _key in case_rows}
    assert all(by_key[key] == {case_id} for case_id, _n, key in case_rows)
    threads = [item for item in demo.items if item.parent]
    assert threads and len(case_rows) < len(demo.items)
    assert sum(n for _id, n, _key in case_rows) == len(demo.items)


def test_sentiment_is_scored_at_ingest(hub_engine, demo):
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(30)])
    with hub_engine.connect() as connection:
        labels = set(connection.scalars(select(mentions.c.sentiment)))
    assert labels <= {"negative", "neutral", "positive"} and len(labels) >= 2


def test_accounts_get_a_change_number_only_when_they_change(hub_engine, demo):
    head = upsert_accounts(hub_engine, demo.accounts)
    assert upsert_accounts(hub_engine, demo.accounts) == head
    renamed = replace(demo.accounts[0], name="Renamed")
    assert upsert_accounts(hub_engine, [renamed]) == head + 1
    assert count(hub_engine, accounts) == len(demo.accounts)


def test_a_mention_stored_between_prepare_and_store_is_not_stored_twice(hub_engine, demo):
    """prepare's dedup read is only a filter: another writer may store the same mentions meanwhile."""
    batch = [demo.mention(i, 1_000 + i) for i in range(20)]
    prepared = prepare(hub_engine, batch)
    ingest(hub_engine, batch[:15])
    late = store(hub_engine, prepared)
    assert (late.inserted, late.duplicates) == (5, 15)
    assert count(hub_engine, mentions) == 20


def test_a_thread_across_batches_updates_its_case(hub_engine, demo):
    """A later batch folds its mentions onto the stored case: the same case as one batch gives."""
    batch = [demo.mention(i, 1_000 + i) for i in range(len(demo.items))]
    half = len(batch) // 2
    ingest(hub_engine, batch[:half])
    head_between = ingest(hub_engine, []).head
    result = ingest(hub_engine, batch[half:])
    with hub_engine.connect() as connection:
        rows = connection.execute(select(cases)).mappings().all()
        counted = dict(
            connection.execute(select(mentions.c.case_id, func.count()).group_by(mentions.c.case_id)).all()
        )
        received = dict(
            connection.execute(
                select(events.c.case_id, func.count())
                .where(events.c.type == "mention_received")
                .group_by(events.c.case_id)
            ).all()
        )
        logged = dict(
            connection.execute(select(events.c.case_id, func.count()).group_by(events.c.case_id)).all()
        )
    updated = [row for row in rows if row["seq"] > head_between and row["opened_ms"] < 1_000 + half]
    assert updated, "the demo has threads that span both halves"
    assert all(row["mention_count"] == counted[row["id"]] == received[row["id"]] for row in rows)
    assert all(row["version"] == logged[row["id"]] for row in rows)  # the row is the fold of its log
    assert result.head == max(row["seq"] for row in rows)


def test_intent_language_and_priority_are_stored_with_their_reasons(hub_engine, demo):
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(len(demo.items))])
    with hub_engine.connect() as connection:
        rows = connection.execute(
            select(mentions.c.intent, mentions.c.priority, mentions.c.priority_reasons, mentions.c.lang)
        ).all()
    intents = {row.intent for row in rows}
    assert {"complaint", "question", "praise"} <= intents
    assert intents <= {"crisis", "spam", "complaint", "lead", "question", "praise", "other"}
    for row in rows:
        reasons = json.loads(row.priority_reasons)
        assert row.priority == max(0, min(100, sum(points for _, points in reasons)))
        assert any(reason.startswith("intent ") for reason, _ in reasons)
    assert all(row.lang for row in rows if row.intent == "complaint")


def test_a_brand_reply_gets_no_intent_or_priority(hub_engine, demo):
    reply = replace(demo.mention(0, 1_000), from_brand=True, text="Sorry to hear that, we're on it")
    ingest(hub_engine, [reply])
    with hub_engine.connect() as connection:
        row = connection.execute(select(mentions.c.intent, mentions.c.priority, mentions.c.sentiment)).one()
    assert tuple(row) == ("", 0, "neutral")


def test_each_new_case_is_routed_to_the_service_level_for_its_priority(hub_engine, demo):
    from console.domain.sla import policies_from_config

    policies = policies_from_config(
        {
            "policies": [
                {"name": "calm", "first_response_minutes": 60, "resolution_minutes": 600},
                {"name": "hot", "min_priority": 40, "first_response_minutes": 10, "resolution_minutes": 120},
            ]
        }
    )
    mentions_ = [demo.mention(i, 1_000 + i) for i in range(len(demo.items))]
    ingest(hub_engine, mentions_, now=5_000, policies=policies)
    with hub_engine.connect() as connection:
        rows = connection.execute(select(cases)).mappings().all()
        routed = connection.execute(
            select(events.c.case_id, events.c.data).where(events.c.type == "routed")
        ).all()
        top = dict(
            connection.execute(
                select(mentions.c.case_id, func.max(mentions.c.priority)).group_by(mentions.c.case_id)
            ).all()
        )
    assert {case_id for case_id, _ in routed} == {row["id"] for row in rows}  # every case, once at least
    for row in rows:
        policy = "hot" if top[row["id"]] >= 40 else "calm"
        minutes = 10 if policy == "hot" else 60
        assert (row["priority"], row["sla_policy"]) == (top[row["id"]], policy)
        assert row["first_response_due_ms"] == row["opened_ms"] + minutes * 60_000
    assert {row["sla_policy"] for row in rows} == {"calm", "hot"}  # the demo has both kinds


def _post(demo, external_id: str, at: int, handle: str = "@rita", kind=None, parent=None, conversation=""):
    base = demo.mention(0, at)
    return replace(
        base,
        external_id=external_id,
        author=replace(base.author, handle=handle),
        kind=kind or MentionKind.POST,
        parent_external_id=parent,
        conversation_key=conversation or f"thread:{external_id}",
        text="still waiting for my refund",
    )


def _resolve(engine, case_id: str, at_ms: int) -> None:
    with engine.begin() as connection:
        resolved = cases.update().where(cases.c.id == case_id).values(status="resolved", resolved_ms=at_ms)
        connection.execute(resolved)


def _case_of(engine, external_id: str) -> str:
    with engine.connect() as connection:
        return connection.scalar(select(mentions.c.case_id).where(mentions.c.external_id == external_id))


def test_a_customers_new_post_joins_their_open_case_on_the_account(hub_engine, demo):
    hour = 3_600_000
    ingest(hub_engine, [_post(demo, "p1", 1_000)])
    ingest(hub_engine, [_post(demo, "p2", 2 * hour), _post(demo, "other", 2 * hour, handle="@sam")])
    dm = _post(demo, "d1", 3 * hour, kind=MentionKind.DIRECT_MESSAGE)
    ingest(hub_engine, [dm, _post(demo, "p2-reply", 3 * hour + 1, parent="p2", conversation="thread:p2")])
    case = _case_of(hub_engine, "p1")
    assert {_case_of(hub_engine, external_id) for external_id in ("p2", "d1", "p2-reply")} == {case}
    assert _case_of(hub_engine, "other") != case
    with hub_engine.connect() as connection:
        assert connection.scalar(select(cases.c.mention_count).where(cases.c.id == case)) == 4


def test_within_one_batch_too_and_a_reply_follows_the_mention_it_answers(hub_engine, demo):
    batch = [
        _post(demo, "p1", 1_000),
        _post(demo, "p2", 2_000),
        _post(demo, "r1", 3_000, handle="@sam", parent="p2", conversation="elsewhere"),
    ]
    ingest(hub_engine, batch)
    assert _case_of(hub_engine, "p1") == _case_of(hub_engine, "p2") == _case_of(hub_engine, "r1")


def test_after_a_day_resolved_a_new_post_opens_a_new_case(hub_engine, demo):
    day = 24 * 3_600_000
    ingest(hub_engine, [_post(demo, "p1", 1_000)])
    case = _case_of(hub_engine, "p1")
    _resolve(hub_engine, case, 2_000)
    ingest(hub_engine, [_post(demo, "soon", 2_000 + day - 1)])
    assert _case_of(hub_engine, "soon") == case  # within the window: reopened
    _resolve(hub_engine, case, 3 * day)
    ingest(hub_engine, [_post(demo, "later", 4 * day + 1)])
    assert _case_of(hub_engine, "later") != case
    with hub_engine.connect() as connection:
        status = connection.scalar(select(cases.c.status).where(cases.c.id == case))
        reopened = connection.scalar(select(cases.c.reopen_count).where(cases.c.id == case))
    assert (status, reopened) == ("resolved", 1)


def test_ingested_demo_media_reaches_the_hub_row(hub_engine, demo):
    import json as json_

    upsert_accounts(hub_engine, demo.accounts)
    with_media = next(i for i, item in enumerate(demo.items) if item.media)
    ingest(hub_engine, [demo.mention(with_media, 1_000)])
    with hub_engine.connect() as connection:
        stored = json_.loads(connection.scalar(select(mentions.c.media)))
    assert stored and stored[0]["kind"] == "image" and stored[0]["url"].startswith("https://")
