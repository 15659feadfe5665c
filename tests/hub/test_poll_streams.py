"""An account's streams on the poller, against recorded answers on SQLite and PostgreSQL: direct
messages polled beside mentions with their own cursor, a stream the token does not reach stopped
alone, a backfill cut short resumed over the next polls from where it stood, Bluesky chat read
message by message, Meta conversations asked for since the last poll, several accounts polled at
once, the config's skipped streams, and the migration that moved the cursor."""

import asyncio
import json
import shutil
import time

import httpx
import pytest
from sqlalchemy import select

from console import schema_migrations
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import credentials
from console.hub.database import create_hub_engine
from console.hub.poller import Poller, PollPolicy
from console.hub.schema import channel_state, channel_streams, mentions
from tests.channels.fixtures import fixtures
from tests.channels.meta_support import FB, GRAPH, data, hook, load
from tests.channels.serving import Replay
from tests.hub.test_poller import (
    BRAND_ID,
    DMS,
    LONG_AGO,
    MENTIONS,
    PAGED,
    QUOTES,
    SEALER,
    SINCE,
    T0,
    X_ACCOUNT,
    Clock,
    XServer,
    add_account,
    polled_before,
    poller,
    state,
    stored,
    stream_state,
)
from tests.schema_fixtures import KINDS, fixture_path

BOTH = frozenset()  # poll the mentions and the DMs


@pytest.fixture
def x_account(hub_engine):
    add_account(hub_engine, X_ACCOUNT, {"access_token": "t0ken", "user_id": BRAND_ID})
    return X_ACCOUNT


def kinds(engine) -> dict[str, int]:
    with engine.connect() as connection:
        rows = connection.execute(select(mentions.c.kind)).all()
    counted: dict[str, int] = {}
    for (kind,) in rows:
        counted[kind] = counted.get(kind, 0) + 1
    return counted


@pytest.mark.asyncio
async def test_direct_messages_are_polled_beside_mentions_with_their_own_cursor(hub_engine, x_account):
    server, clock = XServer(), Clock()
    polling = poller(hub_engine, server, clock, skipped=BOTH)
    (result,) = await polling.run_due()
    assert set(result.streams) == {"mentions", "dms"} and not result.error
    dms = result.streams["dms"]
    assert dms.mentions >= 1 and dms.stored == dms.mentions
    assert result.stored == 5 + dms.stored and kinds(hub_engine).get("direct_message") == dms.stored
    assert [r.url.path for r in server.requests] == [f"/2/users/{BRAND_ID}/mentions", "/2/dm_events"]
    assert stream_state(hub_engine, "dms").cursor == max(e["id"] for e in DMS["data"])
    assert stream_state(hub_engine, "mentions").cursor == MENTIONS["meta"]["newest_id"]
    clock.ms += 60_000
    (again,) = await polling.run_due()
    assert again.stored == 0 and stored(hub_engine) == result.stored  # nothing twice


@pytest.mark.asyncio
async def test_a_stream_the_token_does_not_reach_stops_alone_until_the_credentials_change(
    hub_engine, x_account
):
    server, clock = XServer(), Clock()
    server.dms = 403  # a token without dm.read
    polling = poller(hub_engine, server, clock, skipped=BOTH)
    (result,) = await polling.run_due()
    assert not result.error and not result.stopped and result.stored == 5
    assert result.streams["dms"].stopped and "Forbidden" in result.streams["dms"].error
    row = state(hub_engine)
    assert row.failures == 0 and row.stopped_ms is None and row.last_success_ms == T0
    assert "dms not polled until the credentials change" in row.last_error
    assert stream_state(hub_engine, "dms").stopped_ms == T0
    clock.ms += 60_000
    (second,) = await polling.run_due()
    assert set(second.streams) == {"mentions"} and server.requests[-1].url.path.endswith("/mentions")
    assert "dms not polled until the credentials change" in state(hub_engine).last_error  # still said
    server.dms = DMS
    clock.ms += 60_000
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("console.hub.credentials.now_ms", clock)
        credentials.store(hub_engine, SEALER, X_ACCOUNT.id, {"access_token": "dm", "user_id": BRAND_ID})
    (third,) = await polling.run_due()
    assert "dms" in third.streams and third.streams["dms"].stored >= 1
    assert stream_state(hub_engine, "dms").stopped_ms is None


@pytest.mark.asyncio
async def test_a_backfill_cut_short_goes_on_over_the_next_polls_from_where_it_stood(hub_engine, x_account):
    server, clock = XServer(dict(PAGED)), Clock()
    polled_before(hub_engine, LONG_AGO)
    polling = poller(hub_engine, server, clock, pages_per_poll=1, backfill_pages=1)
    (first,) = await polling.run_due()
    assert first.backfill_cut and first.stored == 5
    (kept,) = json.loads(stream_state(hub_engine).backfill)
    assert kept["token"] == MENTIONS["meta"]["next_token"] and kept["since"] == SINCE
    assert kept["floor_ms"] == LONG_AGO - 60_000
    assert "it goes on over the next polls" in state(hub_engine).last_error

    clock.ms += 60_000  # no gap now: the fresh page reaches the last success, then the backfill
    (second,) = await polling.run_due()
    resumed = server.requests[-1].url.params
    assert resumed["pagination_token"] == MENTIONS["meta"]["next_token"] and resumed["since_id"] == SINCE
    assert second.stored == 15 and not second.backfill_cut
    (kept,) = json.loads(stream_state(hub_engine).backfill)
    assert kept["token"] == QUOTES["meta"]["next_token"]

    clock.ms += 60_000
    (third,) = await polling.run_due()
    assert third.stored == 4 and stream_state(hub_engine).backfill is None
    assert stored(hub_engine) == 5 + 15 + 4  # every page of the gap, none twice
    assert stream_state(hub_engine).cursor == MENTIONS["meta"]["newest_id"]


@pytest.mark.asyncio
async def test_a_backfill_whose_page_token_is_refused_ends_with_the_reason(hub_engine, x_account):
    server, clock = XServer(dict(PAGED)), Clock()
    polled_before(hub_engine, LONG_AGO)
    polling = poller(hub_engine, server, clock, pages_per_poll=1, backfill_pages=1)
    await polling.run_due()
    server.pages[MENTIONS["meta"]["next_token"]] = 400  # X no longer takes the token
    clock.ms += 60_000
    (result,) = await polling.run_due()
    assert not result.error and stream_state(hub_engine).backfill is None
    said = stream_state(hub_engine).last_error
    assert said.startswith("a backfill could not go on") and "may be missing" in said
    assert "mentions: a backfill could not go on" in state(hub_engine).last_error


def bluesky_chat() -> list:
    from console.channels.recordings import read_recording

    folder = fixtures() / "bluesky" / "tests" / "testthat" / "_vcr"
    return read_recording(folder / "c_list.yml") + read_recording(folder / "c_messages.yml")


@pytest.mark.asyncio
async def test_bluesky_chat_reads_each_new_message_of_an_active_conversation(hub_engine):
    exchanges = bluesky_chat()
    replay = Replay(exchanges)
    base = exchanges[0].url.split("/xrpc/")[0]
    account = BrandAccount("acme-bsky", Network.BLUESKY, "bskyr.bsky.social", "bskyr", "Support")
    add_account(
        hub_engine,
        account,
        {"access_token": "JWT", "did": "did:plc:5c2r73erhng4bszmxlfdtscf", "base_url": base},
    )
    policy = PollPolicy(skipped=frozenset({"bluesky.notifications"}))
    polling = Poller(hub_engine, SEALER, replay.client(), policy, clock=Clock(), owner="hub-a")
    (first,) = await polling.run_due()  # a first poll: each conversation's latest message only
    assert [r.url.path for r in replay.requests] == ["/xrpc/chat.bsky.convo.listConvos"]
    assert first.streams["chat"].mentions == 1
    # As if the last success were before the recorded chat (May 2025): the conversation is active.
    with hub_engine.begin() as connection:
        connection.execute(
            channel_streams.update().values(
                last_success_ms=1_735_689_600_000, not_before_ms=None
            )  # 2025-01-01
        )
        connection.execute(channel_state.update().values(not_before_ms=None))
    (second,) = await polling.run_due()
    assert [r.url.path for r in replay.requests][1:] == [
        "/xrpc/chat.bsky.convo.listConvos",
        "/xrpc/chat.bsky.convo.getMessages",
    ]
    assert replay.requests[-1].url.params["convoId"] == "3ku7w6h4vog2d"
    chat = second.streams["chat"]
    # The three messages since the last success (the latest, also listed, counted once); the 2024
    # one was there before it.
    assert chat.mentions == 3 and chat.stored == 2
    with hub_engine.connect() as connection:
        texts = sorted(row.text for row in connection.execute(select(mentions.c.text)))
    assert texts == ["Can you hear me?", "Hello", "Hello"]


@pytest.mark.asyncio
async def test_meta_conversations_are_asked_for_since_the_last_poll(hub_engine):
    feed = data("facebook", "apidata", "posts", "feed_fields_p2.json").read_bytes()
    conversation = dict(load(data("facebook", "models", "conversation.json")))
    conversation["messages"] = {"data": [load(data("facebook", "models", "message.json"))]}
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/conversations"):
            return httpx.Response(200, json={"data": [conversation]})
        return httpx.Response(200, content=feed)

    add_account(hub_engine, FB, {"page_token": "T"})
    clock = Clock()
    polling = Poller(
        hub_engine,
        SEALER,
        httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        clock=clock,
        owner="hub-a",
    )
    (first,) = await polling.run_due()
    assert set(first.streams) == {"feed", "conversations"} and first.streams["conversations"].stored == 1
    asked = [r for r in seen if r.url.path.endswith("/conversations")]
    assert "since" not in asked[0].url.params  # a first poll: the latest page
    clock.ms = first.next_poll_ms
    await polling.run_due()
    asked = [r for r in seen if r.url.path.endswith("/conversations")]
    assert asked[1].url.params["since"] == str((T0 - 60_000) // 1000)  # the last success less an interval


@pytest.mark.asyncio
async def test_several_accounts_are_polled_at_once(hub_engine):
    arrived: list[str] = []
    together = asyncio.Event()

    async def handler(request: httpx.Request) -> httpx.Response:
        arrived.append(request.url.path)
        if len(arrived) >= 2:
            together.set()
        await asyncio.wait_for(together.wait(), 10)  # only returns once both polls are in flight
        return httpx.Response(200, json=MENTIONS)

    for suffix in ("a", "b"):
        account = BrandAccount(f"acme-x-{suffix}", Network.X, "@TwitterDev", "Twitter Dev", "Support")
        add_account(hub_engine, account, {"access_token": "t", "user_id": BRAND_ID})
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    policy = PollPolicy(skipped=frozenset({"x.dms"}), concurrency=2)
    results = await Poller(hub_engine, SEALER, client, policy, clock=Clock(), owner="hub-a").run_due()
    assert sorted(r.account_id for r in results) == ["acme-x-a", "acme-x-b"]
    assert all(not r.error and r.mentions == 5 for r in results)


def test_skipped_streams_are_read_from_the_config_and_an_unknown_one_is_named(monkeypatch):
    from console.hub import config

    monkeypatch.setenv("HORSESHOE_HUB_POLL_SKIP", "x.dms, Instagram.conversations")
    assert config.load().poll_skipped == {"x.dms", "instagram.conversations"}
    monkeypatch.setenv("HORSESHOE_HUB_POLL_SKIP", "x.direct")
    with pytest.raises(config.ConfigError, match=r"'x.direct' is not a stream \(one of x.mentions, x.dms"):
        config.load()


def test_the_migration_moves_each_cursor_to_its_accounts_main_stream(tmp_path):
    copy = tmp_path / "hub.sqlite"
    shutil.copy(fixture_path("hub", "0011"), copy)
    engine = create_hub_engine(str(copy))
    try:
        schema_migrations.upgrade(engine, KINDS["hub"][0], "0011")
        with engine.begin() as connection:
            for account_id, network, cursor in (
                ("m-x", "x", "'c-m-x'"),
                ("m-bsky", "bluesky", "'c-m-bsky'"),
                ("m-odd", "myspace", "'c-m-odd'"),
                ("m-quiet", "reddit", "NULL"),  # polled, nothing found yet
            ):
                connection.exec_driver_sql(
                    "INSERT INTO accounts (id, network, handle, name, team, seq) "
                    f"VALUES ('{account_id}', '{network}', 'h', 'n', 'Support', 0)"
                )
                connection.exec_driver_sql(
                    "INSERT INTO channel_state (account_id, cursor, last_success_ms, failures) "
                    f"VALUES ('{account_id}', {cursor}, 5, 0)"
                )
        schema_migrations.upgrade(engine, KINDS["hub"][0])
        with engine.connect() as connection:
            rows = connection.execute(select(channel_streams).where(channel_streams.c.account_id.like("m-%")))
            moved = {(r.account_id, r.stream, r.cursor, r.last_success_ms) for r in rows}
        assert moved == {
            ("m-x", "mentions", "c-m-x", 5),
            ("m-bsky", "notifications", "c-m-bsky", 5),
            ("m-quiet", "inbox", None, 5),
        }
    finally:
        engine.dispose()


@pytest.mark.asyncio
async def test_past_the_backfills_kept_the_oldest_is_dropped_and_said(hub_engine, x_account):
    # The hub's clock in 2019, so the recorded 2021 pages are newer than every poll's floor.
    server, clock = XServer(dict(PAGED)), Clock(LONG_AGO + 3_600_000)
    polled_before(hub_engine, LONG_AGO)
    polling = poller(hub_engine, server, clock, pages_per_poll=1, backfill_pages=1, backfills_kept=1)
    await polling.run_due()
    clock.ms += 3_600_000  # another gap: cut short again
    (second,) = await polling.run_due()
    assert second.backfill_cut and len(json.loads(stream_state(hub_engine).backfill)) == 1
    assert (
        "more gaps than 1 backfills kept: mentions before 2018-12-31" in stream_state(hub_engine).last_error
    )


def iso_ms(stamp: str) -> int:
    from datetime import datetime

    return int(datetime.fromisoformat(stamp).timestamp() * 1000)


@pytest.mark.asyncio
async def test_meta_conversations_go_on_past_a_first_page_that_holds_older_messages(hub_engine):
    # Recorded messages put in /conversations answers as ``messages{…}`` asks: one of 2016
    # (restfb), two of 2021-07-23 (python-facebook). Each conversation comes with its latest
    # messages, old ones too; the next page holds another conversation updated since the poll.
    late, early = reversed(list(load(data("facebook", "apidata", "messages", "messages_info.json")).values()))
    old = load(hook("v2_5", "message.json"))
    busy = {**load(data("facebook", "models", "conversation.json")), "messages": {"data": [late, old]}}
    other = load(data("facebook", "apidata", "conversations", "cvses_info.json"))["t_233782918546745"]
    pages = {
        None: {
            "data": [busy],
            "paging": {"cursors": {"after": "P2"}, "next": f"{GRAPH}/{FB.handle}/conversations?after=P2"},
        },
        "P2": {"data": [{**other, "messages": {"data": [early]}}]},
    }
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=pages[request.url.params.get("after")])

    add_account(hub_engine, FB, {"page_token": "T"})
    last = iso_ms(early["created_time"]) - 5 * 60_000  # both 2021 messages came after it
    with hub_engine.begin() as connection:
        connection.execute(channel_state.insert().values(account_id=FB.id, last_success_ms=last, failures=0))
        connection.execute(
            channel_streams.insert().values(account_id=FB.id, stream="conversations", last_success_ms=last)
        )
    policy = PollPolicy(skipped=frozenset({"facebook.feed"}), gap_intervals=10)
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    polling = Poller(hub_engine, SEALER, client, policy, clock=Clock(last + 5 * 60_000), owner="hub-a")
    (result,) = await polling.run_due()
    assert not result.error and [r.url.params.get("after") for r in seen] == [None, "P2"]
    with hub_engine.connect() as connection:
        ids = set(connection.scalars(select(mentions.c.external_id)))
    assert {late["id"], early["id"]} <= ids  # the 2016 one, read long before, is no matter


@pytest.mark.asyncio
async def test_a_backfill_the_network_turns_away_for_now_waits_and_the_poll_succeeds(hub_engine, x_account):
    server, clock = XServer(dict(PAGED)), Clock()
    polled_before(hub_engine, LONG_AGO)
    polling = poller(hub_engine, server, clock, pages_per_poll=1, backfill_pages=1)
    await polling.run_due()
    token = MENTIONS["meta"]["next_token"]
    server.pages[token] = 503  # the backfill's page fails for now
    clock.ms += 60_000
    (second,) = await polling.run_due()
    assert not second.error and state(hub_engine).failures == 0
    (kept,) = json.loads(stream_state(hub_engine).backfill)
    assert kept["token"] == token
    row = stream_state(hub_engine)
    assert "a backfill waits for the next poll" in row.last_error and row.last_success_ms == clock.ms
    server.pages[token] = QUOTES
    clock.ms = second.next_poll_ms
    (third,) = await polling.run_due()
    assert third.stored == 15 and server.requests[-1].url.params["pagination_token"] == token


@pytest.mark.asyncio
async def test_a_streams_last_success_is_when_its_walk_began(hub_engine, x_account):
    server, clock = XServer(), Clock()
    answer = server.__call__

    def slow(request: httpx.Request) -> httpx.Response:
        clock.ms += 90_000  # longer than an interval: what came meanwhile is for the next poll
        return answer(request)

    polled_before(hub_engine, T0 - 60_000)
    polling = Poller(
        hub_engine,
        SEALER,
        httpx.AsyncClient(transport=httpx.MockTransport(slow)),
        PollPolicy(intervals_s={"x": 60.0}, skipped=frozenset({"x.dms"})),
        clock=clock,
        owner="hub-a",
    )
    (result,) = await polling.run_due()
    assert not result.error and stream_state(hub_engine).last_success_ms == T0


@pytest.mark.asyncio
async def test_each_stream_stored_renews_the_lease_for_the_next(hub_engine, x_account):
    server, clock = XServer(), Clock()
    rival = poller(hub_engine, XServer(), clock)
    rival.owner = "hub-b"
    taken = []

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/dm_events":
            taken.append(rival._take_lease(X_ACCOUNT.id))  # another process looks while DMs are read
        else:
            clock.ms += 121_000  # the mentions took longer than the lease
        return server(request)

    policy = PollPolicy(intervals_s={"x": 60.0})
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    (result,) = await Poller(hub_engine, SEALER, client, policy, clock=clock, owner="hub-a").run_due()
    assert taken == [False] and not result.error
    assert stream_state(hub_engine, "dms").last_success_ms is not None  # stored: the lease was still ours
    assert state(hub_engine).lease_owner is None


@pytest.mark.asyncio
async def test_a_secondary_stream_turned_away_for_now_backs_off_alone(hub_engine, x_account):
    server, clock = XServer(), Clock()
    server.dms = 503  # the DM events fail for now, after the mentions were read
    polling = poller(hub_engine, server, clock, skipped=BOTH)
    (first,) = await polling.run_due()
    assert not first.error and state(hub_engine).failures == 0 and first.stored == 5
    dms = stream_state(hub_engine, "dms")
    assert dms.failures == 1 and "HTTP 503" in dms.last_error and dms.cursor is None
    assert T0 + 1_000 <= dms.not_before_ms <= T0 + 5_000  # backoff with jitter, its own
    mentions_row = stream_state(hub_engine)
    assert mentions_row.cursor == MENTIONS["meta"]["newest_id"] and mentions_row.not_before_ms == T0 + 60_000
    assert (
        state(hub_engine).not_before_ms == dms.not_before_ms
    )  # the account is due when its soonest stream is
    said = state(hub_engine).last_error
    assert said.startswith("dms: ") and "HTTP 503" in said  # a success, with the trouble said
    server.dms = DMS
    clock.ms = dms.not_before_ms
    asked = len(server.requests)
    (again,) = await polling.run_due()
    assert set(again.streams) == {"dms"} and again.streams["dms"].stored >= 1  # the mentions keep their pace
    assert [r.url.path for r in server.requests[asked:]] == ["/2/dm_events"]
    assert stream_state(hub_engine, "dms").failures == 0
    assert state(hub_engine).not_before_ms == T0 + 60_000  # now the mentions are the soonest


@pytest.mark.asyncio
async def test_a_slow_dm_limit_does_not_slow_the_mentions(hub_engine, x_account):
    server, clock = XServer(), Clock()
    polling = poller(hub_engine, server, clock, skipped=BOTH)
    # dm_events low on its own window (3 left for 15 minutes), the mentions timeline plentiful.
    original = server.__call__

    def answer(request):
        response = original(request)
        if request.url.path == "/2/dm_events":
            response.headers["x-rate-limit-remaining"] = "3"
            response.headers["x-rate-limit-reset"] = str(int(time.time()) + 900)
        return response

    polling._pool._client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    await polling.run_due()
    assert stream_state(hub_engine).not_before_ms == T0 + 60_000
    assert stream_state(hub_engine, "dms").not_before_ms >= T0 + 800_000  # its window's pace, alone


@pytest.mark.asyncio
async def test_with_the_main_stream_skipped_a_secondary_one_still_stops_alone(hub_engine, x_account):
    server, clock = XServer(), Clock()
    server.dms = 403  # a token without dm.read, on an account polled for its DMs alone
    polling = poller(hub_engine, server, clock, skipped=frozenset({"x.mentions"}))
    (result,) = await polling.run_due()
    assert not result.stopped and result.streams["dms"].stopped
    assert state(hub_engine).stopped_ms is None and stream_state(hub_engine, "dms").stopped_ms == T0


@pytest.mark.asyncio
async def test_bluesky_chat_pages_back_through_a_conversations_messages_to_the_floor(hub_engine):
    exchanges = bluesky_chat()
    replay = Replay(exchanges)

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("getMessages") and "cursor" in request.url.params:
            replay.requests.append(request)
            # No older page was recorded: the lexicon's output shape, with no message left.
            return httpx.Response(200, json={"messages": []})
        return replay(request)

    account = BrandAccount("acme-bsky", Network.BLUESKY, "bskyr.bsky.social", "bskyr", "Support")
    add_account(
        hub_engine,
        account,
        {
            "access_token": "JWT",
            "did": "did:plc:5c2r73erhng4bszmxlfdtscf",
            "base_url": exchanges[0].url.split("/xrpc/")[0],
        },
    )
    last = 1_704_067_200_000  # 2024-01-01: every recorded message came after it, the page goes on
    with hub_engine.begin() as connection:
        connection.execute(
            channel_state.insert().values(account_id=account.id, last_success_ms=last, failures=0)
        )
        connection.execute(
            channel_streams.insert().values(account_id=account.id, stream="chat", last_success_ms=last)
        )
    policy = PollPolicy(skipped=frozenset({"bluesky.notifications"}), gap_intervals=10**9)
    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    (result,) = await Poller(hub_engine, SEALER, client, policy, clock=Clock(), owner="hub-a").run_due()
    asked = [r.url.params.get("cursor") for r in replay.requests if r.url.path.endswith("getMessages")]
    assert not result.error and asked == [None, "222222226r2sq"]
    assert result.streams["chat"].stored == 4  # every recorded message, the latest also listed: once


@pytest.mark.asyncio
async def test_one_accounts_failure_outside_its_fetch_leaves_the_others_polled(hub_engine, monkeypatch):
    from sqlalchemy.exc import OperationalError

    for suffix in ("a", "b"):
        account = BrandAccount(f"acme-x-{suffix}", Network.X, "@TwitterDev", "Twitter Dev", "Support")
        add_account(hub_engine, account, {"access_token": "t", "user_id": BRAND_ID})
    polling = poller(hub_engine, XServer(), Clock(), concurrency=2)
    read_state = polling._state

    def state_or_outage(account_id: str):
        if account_id == "acme-x-a":  # the database fails this account's read
            raise OperationalError("SELECT channel_state", {}, Exception("connection lost"))
        return read_state(account_id)

    monkeypatch.setattr(polling, "_state", state_or_outage)
    results = await polling.run_due()
    assert [r.account_id for r in results] == ["acme-x-b"] and results[0].stored == 5


def busy_conversation():
    """The recorded conversation with the recorded message as its latest, and Graph's paging shape
    saying older messages go on (a conversation busier than the 25 that come with it)."""
    conversation = dict(load(data("facebook", "models", "conversation.json")))
    latest = load(data("facebook", "models", "message.json"))  # 2021-07-23T09:50:48+0000
    older_link = f"{GRAPH}/{conversation['id']}/messages?after=A1"
    conversation["messages"] = {"data": [latest], "paging": {"cursors": {"after": "A1"}, "next": older_link}}
    # The recorded message again as an older one: another id, ten minutes before.
    older = {**latest, "id": "m_older", "created_time": "2021-07-23T09:40:48+0000"}
    return conversation, older


def meta_connector(handler):
    from console.channels.facebook import FacebookConnector

    return FacebookConnector(
        httpx.AsyncClient(transport=httpx.MockTransport(handler)), {FB.id: "T"}, base_url=GRAPH
    )


@pytest.mark.asyncio
async def test_a_meta_conversation_busier_than_its_latest_messages_is_read_back_to_the_floor():
    from console.hub.streams import Ask, _meta_conversations

    conversation, older = busy_conversation()
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path.endswith("/conversations"):
            return httpx.Response(200, json={"data": [conversation]})
        return httpx.Response(200, json={"data": [older]})  # the older page: no further paging

    floor = 1_627_030_800_000  # 2021-07-23T09:00Z: both messages came since
    page = await _meta_conversations(meta_connector(handler), FB, Ask(floor_ms=floor))
    assert sorted(m.external_id for m in page.mentions) == sorted(
        [older["id"], conversation["messages"]["data"][0]["id"]]
    )
    asked = seen[-1]
    assert asked.url.path.endswith(f"/{conversation['id']}/messages") and asked.url.params["after"] == "A1"
    assert "created_time" in asked.url.params["fields"] and "cut_short" not in page.extra
    seen.clear()
    later = await _meta_conversations(meta_connector(handler), FB, Ask(floor_ms=1_627_033_800_000))  # 09:50
    assert [m.external_id for m in later.mentions] == [conversation["messages"]["data"][0]["id"]]
    assert len(seen) == 2  # the older page is asked for, found older than the floor, and left


@pytest.mark.asyncio
async def test_a_conversation_longer_than_the_pages_read_is_said_not_kept_quiet(hub_engine):
    from console.hub.streams import CHAT_PAGES, Ask, _meta_conversations

    conversation, older = busy_conversation()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/conversations"):
            return httpx.Response(200, json={"data": [conversation]})
        paging = conversation["messages"]["paging"]  # and still more, every page
        return httpx.Response(200, json={"data": [older], "paging": paging})

    page = await _meta_conversations(meta_connector(handler), FB, Ask(floor_ms=1_627_030_800_000))
    (said,) = page.extra["cut_short"]
    assert said.startswith(f"conversation {conversation['id']}: more than {CHAT_PAGES} pages")


@pytest.mark.asyncio
async def test_the_poller_says_what_a_fetch_could_not_read(hub_engine):
    conversation, older = busy_conversation()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/conversations"):
            return httpx.Response(200, json={"data": [conversation]})
        return httpx.Response(200, json={"data": [older], "paging": conversation["messages"]["paging"]})

    add_account(hub_engine, FB, {"page_token": "T"})
    with hub_engine.begin() as connection:  # polled before, in 2021: the conversation is busy since
        connection.execute(
            channel_streams.insert().values(
                account_id=FB.id, stream="conversations", last_success_ms=1_627_030_800_000
            )
        )
    policy = PollPolicy(skipped=frozenset({"facebook.feed"}))
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    (result,) = await Poller(hub_engine, SEALER, client, policy, clock=Clock(), owner="hub-a").run_due()
    said = stream_state(hub_engine, "conversations", FB.id).last_error
    assert "more than 5 pages of messages since the last poll" in said and not result.error
    assert "conversations: conversation t_" in state(hub_engine, FB.id).last_error
