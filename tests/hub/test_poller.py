"""The channel poller against recorded X and Mastodon answers served through httpx's mock transport,
on SQLite and PostgreSQL: mentions stored once across polls, the cursor advanced, Retry-After and
backoff with jitter honoured, a revoked token stopping the account, backfill after a gap, the lease
between processes, and ``accounts test``."""

import asyncio
import io
import json
import random
import time
from argparse import Namespace
from types import SimpleNamespace
from urllib.parse import urlsplit

import httpx
import pytest
from sqlalchemy import func, select, update

from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import channels_cli, credentials
from console.hub.channel_factory import ConnectorConfigError, build_connector
from console.hub.ingest import upsert_accounts
from console.hub.poller import Poller, PollPolicy
from console.hub.schema import channel_state, channel_streams, mentions
from tests.channels.fixtures import fixtures
from tests.channels.serving import Replay

KEY = credentials.new_key()
SEALER = credentials.Sealer(KEY)
BRAND_ID = "2244994945"  # @TwitterDev, whose mentions timeline python-twitter recorded
X_ACCOUNT = BrandAccount("acme-x", Network.X, "@TwitterDev", "Twitter Dev", "Support")
# A week ahead: credentials stored during a long run (by the real clock) stay older than any poll.
T0 = (now_ms() // 1000 + 7 * 86_400) * 1000
X_DATA = fixtures() / "x" / "testdata" / "apis"
MENTIONS = json.loads((X_DATA / "timeline" / "timeline_mentions.json").read_text())
QUOTES = json.loads((X_DATA / "tweet" / "tweet_quote_tweets_resp.json").read_text())
SEARCH = json.loads((X_DATA / "searches" / "search_tweets_query.json").read_text())
DMS = json.loads((X_DATA / "dm_events" / "events.json").read_text())
UNAUTHORIZED = {"title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized"}


class Clock:
    def __init__(self, ms: int = T0):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


class XServer:
    """Answers the mentions timeline: ``pages`` by pagination_token (None: the first page), or
    ``failure`` (status, headers, body) while it is set; keeps every request."""

    def __init__(self, pages: dict[str | None, object] | None = None):
        self.pages = pages if pages is not None else {None: MENTIONS}
        self.dms: object = DMS  # the DM events page, or a status it fails with
        self.failure: tuple[int, dict, object] | None = None
        self.requests: list[httpx.Request] = []
        self.headers = {"x-rate-limit-remaining": "449", "x-rate-limit-limit": "450"}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.failure is not None:
            status, headers, body = self.failure
            return httpx.Response(status, headers=headers, json=body)
        if request.url.path == "/2/dm_events":
            if isinstance(self.dms, int):
                return httpx.Response(self.dms, json={"title": "Forbidden", "status": self.dms})
            return httpx.Response(200, headers=self.headers, json=self.dms)
        assert request.url.path == f"/2/users/{BRAND_ID}/mentions"
        body = self.pages[request.url.params.get("pagination_token")]
        if isinstance(body, int):  # this page fails with that status
            return httpx.Response(body, json={"title": "Service Unavailable", "status": body})
        return httpx.Response(200, headers=self.headers, json=body)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


def add_account(engine, account: BrandAccount, secrets: dict[str, str]) -> None:
    upsert_accounts(engine, [account])
    credentials.store(engine, SEALER, account.id, secrets)


def state(engine, account_id: str = X_ACCOUNT.id):
    with engine.connect() as connection:
        return connection.execute(select(channel_state).where(channel_state.c.account_id == account_id)).one()


def stream_state(engine, stream: str = "mentions", account_id: str = X_ACCOUNT.id):
    with engine.connect() as connection:
        return connection.execute(
            select(channel_streams).where(
                channel_streams.c.account_id == account_id, channel_streams.c.stream == stream
            )
        ).first()


def stored(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(mentions))


@pytest.fixture
def x_account(hub_engine):
    add_account(hub_engine, X_ACCOUNT, {"access_token": "t0ken", "user_id": BRAND_ID})
    return X_ACCOUNT


def poller(engine, server, clock, **policy) -> Poller:
    """A poller of the mentions timeline alone unless ``skipped`` says otherwise."""
    return Poller(
        engine,
        SEALER,
        server.client(),
        PollPolicy(**{"intervals_s": {"x": 60.0}, "skipped": frozenset({"x.dms"}), **policy}),
        clock=clock,
        rng=random.Random(7),
        owner="hub-a",
    )


@pytest.mark.asyncio
async def test_mentions_are_stored_once_across_polls_and_the_cursor_advances(hub_engine, x_account):
    server, clock = XServer(), Clock()
    polling = poller(hub_engine, server, clock)
    (first,) = await polling.run_due()
    assert (first.mentions, first.stored, first.pages) == (5, 5, 1)
    row = state(hub_engine)
    assert stream_state(hub_engine).cursor == MENTIONS["meta"]["newest_id"]
    assert row.last_success_ms == T0 and row.failures == 0
    assert row.not_before_ms == T0 + 60_000 and row.lease_owner is None
    assert await polling.run_due() == []  # not due yet
    clock.ms += 60_000
    (second,) = await polling.run_due()
    assert (second.mentions, second.stored) == (5, 0) and stored(hub_engine) == 5
    assert server.requests[0].url.params.get("since_id") is None  # the first poll: the latest page
    assert server.requests[1].url.params["since_id"] == MENTIONS["meta"]["newest_id"]
    assert "pagination_token" not in server.requests[1].url.params  # page two held nothing new
    assert stream_state(hub_engine).cursor == MENTIONS["meta"]["newest_id"]


@pytest.mark.asyncio
async def test_a_low_rate_limit_stretches_the_interval(hub_engine, x_account):
    server, clock = XServer(), Clock()
    # X gives the reset as epoch seconds, read against the connector's own (real) clock.
    server.headers = {"x-rate-limit-remaining": "3", "x-rate-limit-reset": str(int(time.time()) + 900)}
    (result,) = await poller(hub_engine, server, clock, pages_per_poll=1).run_due()
    assert result.rate_limit["remaining"] == 3
    assert T0 + 295_000 <= state(hub_engine).not_before_ms <= T0 + 300_000  # ~900 s left for 3 calls


@pytest.mark.asyncio
async def test_a_429_with_retry_after_delays_the_next_poll_by_it(hub_engine, x_account):
    server, clock = XServer(), Clock()
    server.failure = (429, {"retry-after": "120"}, {"title": "Too Many Requests", "status": 429})
    polling = poller(hub_engine, server, clock)
    (result,) = await polling.run_due()
    row = state(hub_engine)
    assert result.error and not result.stopped
    assert row.not_before_ms == T0 + 120_000 and row.failures == 1 and row.last_error_ms == T0
    assert "Too Many Requests" in row.last_error and stream_state(hub_engine) is None
    clock.ms += 119_000
    assert await polling.run_due() == []
    clock.ms += 1_000
    server.failure = None
    (again,) = await polling.run_due()
    assert again.stored == 5 and state(hub_engine).failures == 0


@pytest.mark.asyncio
async def test_repeated_failures_back_off_with_full_jitter_under_the_cap(hub_engine, x_account):
    server, clock = XServer(), Clock()
    server.failure = (503, {}, {"title": "Service Unavailable", "status": 503})
    polling = poller(hub_engine, server, clock, backoff_base_s=5.0, backoff_cap_s=900.0)
    expected_rng = random.Random(7)
    delays = []
    for failures in range(1, 12):
        (result,) = await polling.run_due()
        assert state(hub_engine).failures == failures and "503" in result.error
        delay_ms = result.next_poll_ms - clock.ms
        ceiling = min(900.0, 5.0 * 2 ** (failures - 1))
        assert delay_ms == int(max(1.0, expected_rng.uniform(0, ceiling)) * 1000)  # seeded: replayable
        assert 1000 <= delay_ms <= ceiling * 1000
        delays.append(delay_ms)
        clock.ms = result.next_poll_ms
    assert max(delays) <= 900_000 and max(delays[-3:]) > 60_000  # grown, and capped at 15 minutes


@pytest.mark.asyncio
async def test_a_revoked_token_stops_the_account_until_its_credentials_change(hub_engine, x_account):
    server, clock = XServer(), Clock()
    server.failure = (401, {}, UNAUTHORIZED)
    polling = poller(hub_engine, server, clock)
    (result,) = await polling.run_due()
    row = state(hub_engine)
    assert result.stopped and row.stopped_ms == T0 and "Unauthorized" in row.last_error
    clock.ms += 24 * 3_600_000
    assert await polling.run_due() == [] and len(server.requests) == 1
    server.failure = None
    clock.ms += 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("console.hub.credentials.now_ms", clock)
        credentials.store(hub_engine, SEALER, X_ACCOUNT.id, {"access_token": "new", "user_id": BRAND_ID})
    (resumed,) = await polling.run_due()
    assert resumed.stored == 5 and state(hub_engine).stopped_ms is None
    assert server.requests[-1].headers["authorization"] == "Bearer new"  # the connector was rebuilt


# The recorded pages are from 2020 and 2021: the last success is put before them, as if the hub
# had last polled in 2019, so every page of the walk is newer than it.
LONG_AGO = 1_546_300_800_000  # 2019-01-01
PAGED = {None: MENTIONS, MENTIONS["meta"]["next_token"]: QUOTES, QUOTES["meta"]["next_token"]: SEARCH}
SINCE = "1000000000000000000"


def polled_before(engine, last_success_ms: int) -> None:
    with engine.begin() as connection:
        connection.execute(
            channel_state.insert().values(
                account_id=X_ACCOUNT.id, last_success_ms=last_success_ms, failures=0
            )
        )
        connection.execute(
            channel_streams.insert().values(
                account_id=X_ACCOUNT.id, stream="mentions", cursor=SINCE, last_success_ms=last_success_ms
            )
        )


@pytest.mark.asyncio
async def test_a_gap_is_backfilled_through_older_pages(hub_engine, x_account):
    server, clock = XServer(dict(PAGED)), Clock()
    polled_before(hub_engine, LONG_AGO)
    (result,) = await poller(hub_engine, server, clock, pages_per_poll=1).run_due()
    assert result.pages == 3 and result.stored == 5 + 15 + 4 and not result.backfill_cut
    tokens = [r.url.params.get("pagination_token") for r in server.requests]
    assert tokens == [None, MENTIONS["meta"]["next_token"], QUOTES["meta"]["next_token"]]
    assert {r.url.params["since_id"] for r in server.requests} == {SINCE}
    assert stream_state(hub_engine).cursor == MENTIONS["meta"]["newest_id"]  # the first page's newest


@pytest.mark.asyncio
async def test_a_backfill_that_failed_midway_walks_past_what_it_stored(hub_engine, x_account):
    pages = {**PAGED, QUOTES["meta"]["next_token"]: 503}  # the third page fails
    server, clock = XServer(pages), Clock()
    polled_before(hub_engine, LONG_AGO)
    polling = poller(hub_engine, server, clock, pages_per_poll=1)
    (failed,) = await polling.run_due()
    assert "Service Unavailable" in failed.error and failed.stored == 20
    assert stream_state(hub_engine).cursor == SINCE  # not advanced past what was not fetched
    server.pages = dict(PAGED)
    clock.ms = failed.next_poll_ms
    (again,) = await polling.run_due()
    assert again.pages == 3 and again.stored == 4 and stored(hub_engine) == 24


@pytest.mark.asyncio
async def test_paging_stops_at_the_time_of_the_last_success(hub_engine, x_account):
    # Newest first: the quotes (Aug 2021 on), then the mentions (Feb 2021), then the search (2020).
    pages = {None: QUOTES, QUOTES["meta"]["next_token"]: MENTIONS, MENTIONS["meta"]["next_token"]: SEARCH}
    server, clock = XServer(pages), Clock()
    polled_before(hub_engine, 1_622_505_600_000)  # 2021-06-01: the February mentions were there then
    (result,) = await poller(hub_engine, server, clock).run_due()
    assert result.pages == 2 and result.stored == 15 + 5 and not result.backfill_cut
    assert len(server.requests) == 2  # the 2020 page is not asked for


@pytest.mark.asyncio
async def test_without_a_gap_a_poll_follows_only_its_page_bound(hub_engine, x_account):
    server, clock = XServer(dict(PAGED)), Clock(LONG_AGO + 60_000)
    polled_before(hub_engine, LONG_AGO)
    (result,) = await poller(hub_engine, server, clock, pages_per_poll=2).run_due()
    assert result.pages == 2 and result.backfill_cut and result.stored == 20
    row = state(hub_engine)
    assert row.failures == 0 and row.last_success_ms == clock.ms
    assert "backfill stopped after 2 pages" in row.last_error and "over the next polls" in row.last_error


@pytest.mark.asyncio
async def test_only_one_process_polls_an_account_at_a_time(hub_engine, x_account):
    server, clock = XServer(), Clock()
    first, second = poller(hub_engine, server, clock), poller(hub_engine, server, clock)
    second.owner = "hub-b"
    assert await asyncio.to_thread(first._take_lease, X_ACCOUNT.id)
    assert await second.poll(X_ACCOUNT.id) is None and server.requests == []
    clock.ms += 121_000  # the lease ran out (the first process died mid-poll)
    (taken,) = await second.run_due()
    assert taken.stored == 5
    with hub_engine.connect() as connection:
        assert connection.scalar(select(channel_state.c.lease_owner)) is None


@pytest.mark.asyncio
async def test_a_mastodon_account_polls_its_mention_notifications(hub_engine):
    from console.channels.recordings import read_recording

    recorded = read_recording(
        fixtures() / "mastodon" / "tests" / "cassettes" / "test_notifications_mentions_only.yaml"
    )
    notified = next(e for e in recorded if urlsplit(e.url).path == "/api/v1/notifications")
    replay = Replay([notified])
    base = f"{urlsplit(notified.url).scheme}://{urlsplit(notified.url).netloc}"
    account = BrandAccount("acme-masto", Network.MASTODON, "@brand", "Brand", "Support")
    add_account(hub_engine, account, {"access_token": "t", "base_url": base})
    polling = Poller(hub_engine, SEALER, replay.client(), PollPolicy(), clock=Clock(), owner="hub-a")
    (result,) = await polling.run_due()
    assert not result.error and result.mentions >= 1 and result.stored == result.mentions
    assert replay.requests[0].url.params.get_list("types[]") == ["mention"]
    assert state(hub_engine, account.id).not_before_ms == T0 + 30_000  # Mastodon's default interval


def test_missing_credential_keys_are_refused_with_what_is_needed():
    account = BrandAccount("acme-bsky", Network.BLUESKY, "brand.bsky.social", "Brand", "Support")
    with pytest.raises(ConnectorConfigError, match=r"lacks credentials did .*needs access_token, did"):
        build_connector(account, {"access_token": "t"}, httpx.AsyncClient())


@pytest.mark.asyncio
async def test_missing_credentials_stop_the_account_with_the_reason(hub_engine):
    account = BrandAccount("acme-x2", Network.X, "@TwitterDev", "Twitter Dev", "Support")
    add_account(hub_engine, account, {"access_token": "t"})
    (result,) = await poller(hub_engine, XServer(), Clock()).run_due()
    assert result.stopped and "lacks credentials user_id" in state(hub_engine, account.id).last_error


def _accounts_test(engine, account_id: str, server: XServer) -> tuple[int, str]:
    out = io.StringIO()
    args = Namespace(account=account_id, settings=SimpleNamespace(credentials_key=KEY))
    code = channels_cli._test(engine, args, out, server.client())
    return code, out.getvalue()


def test_accounts_test_fetches_a_page_of_each_stream_and_stores_nothing(hub_engine, x_account):
    server = XServer()
    server.headers = {"x-rate-limit-remaining": "449", "x-rate-limit-reset": "9999999999"}
    code, out = _accounts_test(hub_engine, X_ACCOUNT.id, server)
    mentions, dms = out.splitlines()
    assert code == 0 and mentions.startswith(
        "acme-x mentions: 5 mentions found, 0 quarantined, 0 skipped; rate limit: 449 left"
    )
    assert dms.startswith("acme-x dms: ") and "mentions found" in dms
    assert stored(hub_engine) == 0 and len(server.requests) == 2
    server.dms = 403  # a token without the DM permission: said for that stream alone
    code, out = _accounts_test(hub_engine, X_ACCOUNT.id, server)
    assert code == 1 and "acme-x mentions: 5 mentions found" in out and "acme-x dms: permanent" in out
    server.failure = (401, {}, UNAUTHORIZED)
    code, out = _accounts_test(hub_engine, X_ACCOUNT.id, server)
    assert code == 1 and out.startswith("acme-x mentions: permanent: X: Unauthorized") and "(HTTP 401)" in out
    server.failure = (429, {"retry-after": "60"}, {"title": "Too Many Requests"})
    code, out = _accounts_test(hub_engine, X_ACCOUNT.id, server)
    assert code == 1 and "transient, retry after 60 s" in out


def test_channel_state_update_keeps_to_the_lease_holder(hub_engine, x_account):
    """A process whose lease was taken over does not overwrite the new holder's state."""
    with hub_engine.begin() as connection:
        connection.execute(
            channel_state.insert().values(account_id=X_ACCOUNT.id, failures=0, lease_owner="hub-b")
        )
    late = poller(hub_engine, XServer(), Clock())
    from console.hub.poller import PollResult, StreamResult

    late._save_stream(X_ACCOUNT.id, StreamResult("mentions", cursor="99"))
    late._succeeded(X_ACCOUNT.id, PollResult(X_ACCOUNT.id, cursor="99"))
    row = state(hub_engine)
    assert stream_state(hub_engine) is None and row.last_success_ms is None and row.lease_owner == "hub-b"
    with hub_engine.begin() as connection:
        connection.execute(update(channel_state).values(lease_owner=None))


@pytest.mark.slow
def test_serve_with_a_credentials_key_polls_the_accounts(tmp_path, monkeypatch):
    """The real ``serve`` process: an account whose server cannot be reached gets the reason in
    its channel state, and the hub keeps serving."""
    from console.hub import cli
    from console.hub.database import create_hub_engine
    from tests.hub.test_cli import _free_port, served

    monkeypatch.setenv("HORSESHOE_HUB_CREDENTIALS_KEY", KEY)
    db = str(tmp_path / "hub.sqlite")
    nowhere = f"http://127.0.0.1:{_free_port()}"
    monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"access_token": "t", "base_url": nowhere})))
    add = [
        "accounts",
        "add",
        "--db",
        db,
        "--network",
        "mastodon",
        "--handle",
        "@brand",
        "--credentials-stdin",
    ]
    assert cli.main(add) == 0
    with served(tmp_path) as (base, _headers):
        engine = create_hub_engine(db)
        try:
            deadline = time.monotonic() + 30
            while (row := _state_or_none(engine, "mastodon-brand")) is None or not row.last_error:
                assert time.monotonic() < deadline, "the poller did not poll the account"
                time.sleep(0.2)
            assert "cannot" in row.last_error and row.failures >= 1 and row.stopped_ms is None
            assert httpx.get(f"{base}/health").status_code == 200
        finally:
            engine.dispose()


def _state_or_none(engine, account_id: str):
    with engine.connect() as connection:
        return connection.execute(
            select(channel_state).where(channel_state.c.account_id == account_id)
        ).first()


def test_poll_intervals_are_read_from_the_config_and_a_bad_entry_is_named(monkeypatch):
    from console.hub import config

    monkeypatch.setenv("HORSESHOE_HUB_POLL_INTERVALS", "x=120, YouTube=600")
    assert config.load().poll_intervals_s == {"x": 120.0, "youtube": 600.0}
    monkeypatch.setenv("HORSESHOE_HUB_POLL_INTERVALS", "x=fast")
    with pytest.raises(config.ConfigError, match="'x=fast' is not NETWORK=SECONDS"):
        config.load()
