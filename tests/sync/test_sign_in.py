"""Signing in to the hub from the workstation's client, and what the sync loop does without it."""

import asyncio

import httpx
import pytest

from console.domain.agent import DEFAULT_TEAMS
from console.domain.sync import LinkState
from console.hub.app import create_app
from console.storage.replica import Replica
from console.sync.hub_client import HubClient, SignInRequiredError
from console.sync.puller import Puller
from tests.sync.conftest import HUB

PASSWORD = "correct horse battery"


@pytest.fixture
def bare(hub, token):  # token: makes the user "ana"
    return httpx.ASGITransport(app=create_app(hub))


@pytest.mark.asyncio
async def test_login_gives_a_token_the_client_then_uses(bare):
    client = HubClient(HUB, transport=bare)
    with pytest.raises(SignInRequiredError):
        await client.pull(None)
    sign_in = await client.login("ana", PASSWORD, "workstation-1")
    assert (sign_in.username, sign_in.role, sign_in.teams) == ("ana", "agent", DEFAULT_TEAMS)
    assert client.token == sign_in.token
    page = await client.pull(None)
    assert page.head > 0
    await client.logout()
    assert client.token is None
    client.token = sign_in.token  # the old token was revoked on the hub, not just forgotten here
    with pytest.raises(SignInRequiredError, match="ended"):
        await client.pull(None)
    await client.aclose()


@pytest.mark.asyncio
async def test_a_wrong_password_says_so(bare):
    client = HubClient(HUB, transport=bare)
    with pytest.raises(SignInRequiredError, match="wrong username or password"):
        await client.login("ana", "not the password")
    assert client.token is None
    await client.aclose()


@pytest.mark.asyncio
async def test_the_sync_loop_waits_for_a_sign_in_then_catches_up(bare, cache):
    client = HubClient(HUB, transport=bare)
    reached = {state: asyncio.Event() for state in LinkState}
    puller = Puller(client, Replica(cache), on_status=lambda status: reached[status.state].set())
    task = asyncio.create_task(puller.run())
    try:
        async with asyncio.timeout(10):
            await reached[LinkState.SIGNED_OUT].wait()
            assert "sign in" in puller.status.message and puller.status.retry_in_s is None
            await client.login("ana", PASSWORD)
            puller.wake()
            await reached[LinkState.ONLINE].wait()
    finally:
        task.cancel()
        await client.aclose()
