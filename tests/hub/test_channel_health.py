"""GET /v1/channels/health: each brand account's fetching as the poller left it, for supervisors."""

import pytest
from fastapi.testclient import TestClient

from console.domain.agent import Role
from console.hub.app import create_app
from tests.hub.channel_states import SECRET, seed_channels
from tests.hub.conftest import bearer


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
