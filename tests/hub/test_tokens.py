"""Refreshed tokens stored back in the sealed credentials (console.hub.tokens), through the poller,
``accounts test`` and ``accounts add`` — on SQLite and PostgreSQL. X's token endpoint is simulated
from its documented behaviour (no recording exists): each refresh token works once and the answer
brings the next one. The mentions timeline is python-twitter's recording."""

import io
import json
import random
from argparse import Namespace
from types import SimpleNamespace
from urllib.parse import parse_qs

import httpx
import pytest
from sqlalchemy import select

from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import channels_cli, credentials, tokens
from console.hub.channel_factory import ConnectorConfigError, build_connector
from console.hub.ingest import upsert_accounts
from console.hub.poller import Poller, PollPolicy
from console.hub.schema import account_credentials, channel_state
from tests.channels.fixtures import fixtures

KEY = credentials.new_key()
SEALER = credentials.Sealer(KEY)
BRAND_ID = "2244994945"  # @TwitterDev, whose mentions timeline python-twitter recorded
ACCOUNT = BrandAccount("acme-x", Network.X, "@TwitterDev", "Twitter Dev", "Support")
CREDS = {
    "access_token": "A0",
    "refresh_token": "R0",
    "client_id": "cid",
    "client_secret": "cs",
    "user_id": BRAND_ID,
}
T0 = (now_ms() // 1000 + 7 * 86_400) * 1000  # ahead of the real clock, as in test_poller


class RotatingX:
    """X's refresh as documented: a refresh token works once and the answer brings a new access
    and refresh token (``expires_in`` 7200); the mentions timeline answers live access tokens."""

    def __init__(self, live: set[str] | None = None):
        self.live = live if live is not None else {"A0"}
        self.refresh = {"R0"}
        self.issued = 0
        self.token_requests: list[dict[str, list[str]]] = []
        self.mentions = json.loads(
            (fixtures() / "x" / "testdata" / "apis" / "timeline" / "timeline_mentions.json").read_text()
        )

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/2/oauth2/token":
            form = parse_qs(request.content.decode())
            self.token_requests.append(form)
            if form["refresh_token"][0] not in self.refresh:
                # RFC 6749 §5.2's answer for a used or revoked refresh token.
                return httpx.Response(
                    400, json={"error": "invalid_grant", "error_description": "Invalid token"}
                )
            self.refresh.discard(form["refresh_token"][0])
            self.issued += 1
            access, refresh = f"A{self.issued}", f"R{self.issued}"
            self.live, self.refresh = {access}, {refresh}
            body = {
                "token_type": "bearer",
                "expires_in": 7200,
                "access_token": access,
                "refresh_token": refresh,
            }
            return httpx.Response(200, json=body)
        assert request.url.path == f"/2/users/{BRAND_ID}/mentions"
        if request.headers["authorization"].removeprefix("Bearer ") in self.live:
            return httpx.Response(200, json=self.mentions)
        return httpx.Response(401, json={"title": "Unauthorized", "status": 401, "detail": "Unauthorized"})

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self))


class Clock:
    def __init__(self, ms: int = T0):
        self.ms = ms

    def __call__(self) -> int:
        return self.ms


def add(engine, secrets: dict[str, str]) -> None:
    upsert_accounts(engine, [ACCOUNT])
    credentials.store(engine, SEALER, ACCOUNT.id, secrets)


def sealed_row(engine):
    with engine.connect() as connection:
        return connection.execute(
            select(account_credentials).where(account_credentials.c.account_id == ACCOUNT.id)
        ).one()


def poller(engine, server: RotatingX, clock: Clock, owner: str) -> Poller:
    policy = PollPolicy(intervals_s={"x": 60.0}, skipped=frozenset({"x.dms"}))  # the mentions timeline alone
    return Poller(engine, SEALER, server.client(), policy, clock=clock, rng=random.Random(7), owner=owner)


def test_refreshed_fields_are_merged_sealed_and_leave_updated_ms_alone(hub_engine):
    add(hub_engine, CREDS)
    before = sealed_row(hub_engine)
    store = tokens.TokenStore(hub_engine, SEALER, ACCOUNT.id, before.updated_ms)
    fresh = {"access_token": "A1", "refresh_token": "refresh-token-R1", "expires_at_ms": "123"}
    assert store.save_now(fresh)
    after = sealed_row(hub_engine)
    assert after.updated_ms == before.updated_ms and after.key_id == SEALER.key_id
    # Long enough not to turn up by chance in the sealed text's base64 (a two-letter one did).
    assert "refresh-token-R1" not in after.secret and after.secret != before.secret
    assert SEALER.open(after.secret, after.key_id) == {**CREDS, **fresh}


def test_a_refresh_after_an_admin_replaced_the_credentials_is_dropped(hub_engine):
    add(hub_engine, CREDS)
    store = tokens.TokenStore(hub_engine, SEALER, ACCOUNT.id, sealed_row(hub_engine).updated_ms - 1)
    assert not store.save_now({"access_token": "A1"})
    assert credentials.load(hub_engine, SEALER, ACCOUNT.id) == CREDS
    assert not tokens.TokenStore(hub_engine, SEALER, "nobody").save_now({"access_token": "A1"})


@pytest.mark.asyncio
async def test_the_poller_refreshes_an_expired_token_and_stores_the_rotated_one(hub_engine):
    add(hub_engine, {**CREDS, "expires_at_ms": str(now_ms() - 1)})
    stamp = sealed_row(hub_engine).updated_ms
    server = RotatingX(live=set())  # the stored access token has expired
    (result,) = await poller(hub_engine, server, Clock(), "hub-a").run_due()
    assert result.error == "" and result.mentions == 5
    assert [f["refresh_token"] for f in server.token_requests] == [["R0"]]
    row = sealed_row(hub_engine)
    assert row.updated_ms == stamp  # a refresh is not an admin's change
    opened = SEALER.open(row.secret, row.key_id)
    assert (opened["access_token"], opened["refresh_token"]) == ("A1", "R1")
    assert int(opened["expires_at_ms"]) > now_ms() + 7_000_000


@pytest.mark.asyncio
async def test_a_refused_refresh_stops_the_account_saying_to_reauthorise_and_stores_nothing(hub_engine):
    add(hub_engine, CREDS)
    before = sealed_row(hub_engine)
    server = RotatingX(live=set())
    server.refresh = set()  # R0 was revoked
    (result,) = await poller(hub_engine, server, Clock(), "hub-a").run_due()
    assert result.stopped and "invalid_grant" in result.error and "re-authorise" in result.error
    assert "--credentials-stdin" in result.error
    after = sealed_row(hub_engine)
    assert (after.secret, after.updated_ms) == (before.secret, before.updated_ms)
    with hub_engine.connect() as connection:
        assert connection.scalar(select(channel_state.c.stopped_ms)) is not None


@pytest.mark.asyncio
async def test_a_process_whose_refresh_token_was_rotated_by_another_adopts_the_stored_one(hub_engine):
    add(hub_engine, CREDS)
    server = RotatingX()
    clock_a, clock_b = Clock(), Clock(T0 + 1)
    hub_a = poller(hub_engine, server, clock_a, "hub-a")
    hub_b = poller(hub_engine, server, clock_b, "hub-b")
    assert (await hub_a.poll(ACCOUNT.id)).error == ""  # both build their connector on A0/R0
    clock_b.ms += 120_000
    assert (await hub_b.poll(ACCOUNT.id)).error == ""
    server.live = set()  # A0 expires
    clock_a.ms += 300_000
    assert (await hub_a.poll(ACCOUNT.id)).error == ""  # refreshes: R0 → R1, stored
    clock_b.ms += 300_000
    second = await hub_b.poll(ACCOUNT.id)  # holds R0, which X now refuses
    assert second.error == "" and second.mentions == 5
    assert [f["refresh_token"] for f in server.token_requests] == [["R0"], ["R0"]]
    opened = credentials.load(hub_engine, SEALER, ACCOUNT.id)
    assert (opened["access_token"], opened["refresh_token"]) == ("A1", "R1")


@pytest.mark.asyncio
async def test_build_connector_keeps_working_for_old_callers_and_needs_a_token_or_a_refresh():
    async with httpx.AsyncClient() as client:
        build_connector(ACCOUNT, {"access_token": "A0", "user_id": BRAND_ID}, client)
        build_connector(ACCOUNT, {"refresh_token": "R0", "client_id": "cid", "user_id": BRAND_ID}, client)
        with pytest.raises(ConnectorConfigError, match="lacks credentials access_token"):
            build_connector(ACCOUNT, {"user_id": BRAND_ID}, client)


def test_accounts_test_refreshes_an_expired_token_and_stores_it(hub_engine):
    add(hub_engine, {**CREDS, "expires_at_ms": str(now_ms() - 1)})
    stamp = sealed_row(hub_engine).updated_ms
    server, out = RotatingX(live=set()), io.StringIO()
    settings = SimpleNamespace(credentials_key=KEY, poll_skipped=frozenset({"x.dms"}))
    args = Namespace(account=ACCOUNT.id, settings=settings)
    assert channels_cli._test(hub_engine, args, out, server.client()) == 0
    lines = out.getvalue().splitlines()
    assert lines[0] == "acme-x: access token refreshed; stored access_token, expires_at_ms, refresh_token"
    assert lines[1].startswith("acme-x mentions: 5 mentions found")
    assert lines[2] == "acme-x dms: skipped (poll_skip)"
    opened = credentials.load(hub_engine, SEALER, ACCOUNT.id)
    assert opened["refresh_token"] == "R1" and sealed_row(hub_engine).updated_ms == stamp


def test_accounts_test_says_to_reauthorise_when_the_refresh_is_refused(hub_engine):
    add(hub_engine, {**CREDS, "expires_at_ms": "0"})
    server, out = RotatingX(live=set()), io.StringIO()
    server.refresh = set()
    settings = SimpleNamespace(credentials_key=KEY, poll_skipped=frozenset({"x.dms"}))
    args = Namespace(account=ACCOUNT.id, settings=settings)
    assert channels_cli._test(hub_engine, args, out, server.client()) == 1
    assert out.getvalue().startswith(
        "acme-x mentions: permanent: X refused to refresh the access token (invalid_grant"
    )
    assert "re-authorise" in out.getvalue()


def test_expires_in_given_at_add_is_stored_as_a_moment():
    before = now_ms()
    stored = channels_cli._credentials(io.StringIO('{"access_token": "a", "expires_in": 7200}'))
    assert (
        "expires_in" not in stored
        and before + 7_200_000 <= int(stored["expires_at_ms"]) <= now_ms() + 7_200_000
    )
    with pytest.raises(ValueError, match="expires_in must be a number"):
        channels_cli._credentials(io.StringIO("access_token=a\nexpires_in=soon\n"))
