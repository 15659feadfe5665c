"""GET /v1/channels/health: each brand account's fetching as the poller left it, for supervisors."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, select

from console.domain.agent import Role
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import credentials
from console.hub.app import create_app
from console.hub.channel_health import LATE_AFTER_INTERVALS, channel_health
from console.hub.ingest import upsert_accounts
from console.hub.schema import account_credentials, channel_state, channel_streams
from tests.hub.channel_states import SECRET, seed_channels
from tests.hub.conftest import bearer
from tests.hub.test_poller import SEALER


@pytest.fixture
def channels(hub_engine):
    return seed_channels(hub_engine)


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
        "x-new": "waiting",
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
        "last_error_ms", "failures", "stopped", "next_poll_ms", "quarantined_24h", "state", "streams",
    }  # fmt: skip
    assert bare["streams"] == [] and [s["name"] for s in by_id["x-fine"]["streams"]] == ["dms", "mentions"]
    dms = by_id["x-fine"]["streams"][0]
    assert dms == {
        "name": "dms", "last_success_ms": channels - 60_000, "last_error": None, "stopped": False,
        "failures": 0, "next_ms": channels + 30_000, "backfills": 0,
    }  # fmt: skip


def test_a_stream_in_trouble_or_a_gap_still_filling_is_said_in_the_state(hub_engine, channels):
    def states():
        return {row["account_id"]: row["state"] for row in channel_health(hub_engine, channels)}

    def set_stream(name: str, **values):
        with hub_engine.begin() as connection:
            connection.execute(
                channel_streams.update()
                .where(channel_streams.c.account_id == "x-fine", channel_streams.c.stream == name)
                .values(**values)
            )

    set_stream("mentions", backfill='[{"token": "t", "since": null, "floor_ms": 1}]')
    assert states()["x-fine"] == "catching up"
    set_stream("dms", failures=2, last_error="X: Too Many Requests (HTTP 429)")
    assert states()["x-fine"] == "partial"  # a stream backing off alone outweighs a gap filling
    set_stream("dms", failures=0, stopped_ms=channels, last_error="X: Forbidden (HTTP 403)")
    assert states()["x-fine"] == "partial"
    set_stream("mentions", backfill=None)
    set_stream("dms", stopped_ms=None, last_error=None)
    assert states()["x-fine"] == "ok"


def test_a_never_fetched_account_waits_for_its_first_poll_then_is_late(hub_engine):
    upsert_accounts(hub_engine, [BrandAccount("x-added", Network.X, "added", "Added", "Support")])
    credentials.store(hub_engine, SEALER, "x-added", {"access_token": "t", "user_id": "1"})
    with hub_engine.connect() as connection:
        stored_ms = connection.scalar(select(account_credentials.c.updated_ms))

    def state(now: int) -> str:
        (row,) = [r for r in channel_health(hub_engine, now) if r["account_id"] == "x-added"]
        return row["state"]

    assert state(stored_ms) == "waiting"  # right after `accounts add`
    late_ms = LATE_AFTER_INTERVALS * 60_000  # X's interval
    assert state(stored_ms + late_ms) == "waiting"
    assert state(stored_ms + late_ms + 1) == "late"  # its first poll is as overdue as a late one
    with hub_engine.begin() as connection:  # a poll under way (the lease taken), none done yet
        connection.execute(
            insert(channel_state).values(
                account_id="x-added", failures=0, lease_owner="hub-a", not_before_ms=stored_ms + 120_000
            )
        )
    assert state(stored_ms + 1_000) == "waiting"
