"""GET /v1/channels/health: each brand account's fetching as the poller left it, for supervisors."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert

from console.channels.normalized import Quarantined
from console.domain.agent import Role
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import quarantine
from console.hub.app import create_app
from console.hub.ingest import upsert_accounts
from console.hub.schema import account_credentials, channel_state
from tests.hub.conftest import bearer

SECRET = "sealed-token-that-must-never-leave"


@pytest.fixture
def channels(hub_engine):
    now = now_ms()
    upsert_accounts(
        hub_engine,
        [
            BrandAccount("x-fine", Network.X, "fine", "Fine", "Support"),
            BrandAccount("x-late", Network.X, "late", "Late", "Support"),
            BrandAccount("yt-failing", Network.YOUTUBE, "failing", "Failing", "PR"),
            BrandAccount("reddit-stopped", Network.REDDIT, "stopped", "Stopped", "Support"),
            BrandAccount("bsky-bare", Network.BLUESKY, "bare", "Bare", "Support"),
        ],
    )
    with hub_engine.begin() as connection:
        connection.execute(
            insert(account_credentials),
            [
                {"account_id": a, "secret": SECRET, "key_id": "k1", "updated_ms": now}
                for a in ("x-fine", "x-late", "yt-failing", "reddit-stopped")
            ],
        )
        state = {"cursor": "c", "last_error": None, "last_error_ms": None, "failures": 0}
        state |= {"lease_owner": None, "not_before_ms": now + 30_000, "stopped_ms": None}
        connection.execute(
            insert(channel_state),
            [
                state | {"account_id": "x-fine", "last_success_ms": now - 60_000},
                state | {"account_id": "x-late", "last_success_ms": now - 181_000},  # 3 × 60 s ago and more
                state
                | {
                    "account_id": "yt-failing",
                    "last_success_ms": now - 3_600_000,
                    "last_error": "HTTP 503 from youtube: backend error",
                    "last_error_ms": now - 5_000,
                    "failures": 2,
                },
                state
                | {
                    "account_id": "reddit-stopped",
                    "last_success_ms": None,
                    "last_error": "HTTP 401: token revoked",
                    "last_error_ms": now - 9_000,
                    "failures": 1,
                    "stopped_ms": now - 9_000,
                },
            ],
        )
    bad = [Quarantined.of("no 'text' in data[0]", {"id": "1"}, "data[0]")]
    quarantine.hold(hub_engine, Network.YOUTUBE, "yt-failing", "fetch", bad * 2, now - 1_000)
    quarantine.hold(hub_engine, Network.YOUTUBE, "yt-failing", "fetch", bad, now - 2 * 86_400_000)  # too old
    return now


@pytest.mark.parametrize("role", [Role.AGENT, Role.REVIEWER])
def test_agents_and_reviewers_may_not_see_it(hub_engine, sign_in, role):
    with TestClient(create_app(hub_engine), headers=bearer(sign_in(role))) as client:
        assert client.get("/v1/channels/health").status_code == 403
    with TestClient(create_app(hub_engine)) as client:
        assert client.get("/v1/channels/health").status_code == 401


@pytest.mark.parametrize("role", [Role.SUPERVISOR, Role.ADMIN])
def test_each_account_has_its_state_and_reason(hub_engine, sign_in, channels, role):
    with TestClient(create_app(hub_engine), headers=bearer(sign_in(role))) as client:
        response = client.get("/v1/channels/health")
    assert response.status_code == 200
    assert SECRET not in response.text and "k1" not in response.text
    by_id = {row["account_id"]: row for row in response.json()["accounts"]}
    assert {a: row["state"] for a, row in by_id.items()} == {
        "x-fine": "ok",
        "x-late": "late",
        "yt-failing": "failing",
        "reddit-stopped": "stopped",
        "bsky-bare": "no credentials",
    }
    failing = by_id["yt-failing"]
    assert failing["last_error"] == "HTTP 503 from youtube: backend error"
    assert (failing["failures"], failing["quarantined_24h"], failing["team"]) == (2, 2, "PR")
    assert failing["next_poll_ms"] == channels + 30_000
    assert by_id["reddit-stopped"]["stopped"] is True
    bare = by_id["bsky-bare"]
    assert (bare["has_credentials"], bare["last_success_ms"], bare["failures"]) == (False, None, 0)
    assert set(bare) == {
        "account_id", "network", "handle", "team", "has_credentials", "last_success_ms", "last_error",
        "last_error_ms", "failures", "stopped", "next_poll_ms", "quarantined_24h", "state",
    }  # fmt: skip
