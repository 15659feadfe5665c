"""Users, passwords and tokens on the hub, through its API and its Python entry points."""

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.domain.agent import Permission, Role
from console.hub import auth
from console.hub.app import create_app
from console.hub.schema import passwords, tokens
from tests.hub.conftest import PASSWORD, bearer


@pytest.fixture
def client(hub_engine):
    with TestClient(create_app(hub_engine, token_ttl_ms=60_000)) as test_client:
        yield test_client


def login(client, username="ana", password=PASSWORD):
    return client.post("/v1/auth/login", json={"username": username, "password": password, "label": "test"})


def test_a_user_signs_in_and_the_token_opens_the_api(client, hub_engine):
    auth.add_user(hub_engine, "Ana", PASSWORD, Role.AGENT, "Ana Silva", ["Support", "PR"])
    response = login(client, "ANA ")  # usernames are case-insensitive and trimmed
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {
        "id": body["user"]["id"],
        "username": "ana",
        "name": "Ana Silva",
        "role": "agent",
        "teams": ["Support", "PR"],
    }
    me = client.get("/v1/auth/me", headers=bearer(body["token"]))
    assert me.json()["username"] == "ana"
    assert client.get("/v1/sync/pull", headers=bearer(body["token"])).status_code == 200


def test_passwords_are_stored_as_argon2id_and_tokens_as_digests(client, hub_engine):
    auth.add_user(hub_engine, "ana", PASSWORD)
    token = login(client).json()["token"]
    with hub_engine.connect() as connection:
        stored = connection.scalar(select(passwords.c.hash))
        token_ids = list(connection.scalars(select(tokens.c.id)))
    assert stored.startswith("$argon2id$") and PASSWORD not in stored
    assert token_ids == [auth.hash_token(token)] and token not in token_ids


@pytest.mark.parametrize(
    ("username", "password"), [("ana", "wrong password!"), ("nobody", PASSWORD), ("ana", "")]
)
def test_a_wrong_sign_in_is_refused_without_saying_which_part_was_wrong(
    client, hub_engine, username, password
):
    auth.add_user(hub_engine, "ana", PASSWORD)
    response = login(client, username, password)
    assert response.status_code in (401, 422)
    if response.status_code == 401:
        assert response.json()["detail"] == "wrong username or password"
        assert response.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("headers", [{}, bearer("not-a-token"), {"Authorization": "Basic YTpi"}])
def test_the_api_needs_a_valid_token(client, headers):
    response = client.get("/v1/sync/pull", headers=headers)
    assert response.status_code == 401
    assert response.json()["detail"]


def test_health_needs_no_token(client):
    assert client.get("/health").status_code == 200


def test_logout_ends_the_token_at_once(client, hub_engine):
    auth.add_user(hub_engine, "ana", PASSWORD)
    token = login(client).json()["token"]
    assert client.post("/v1/auth/logout", headers=bearer(token)).status_code == 200
    response = client.get("/v1/auth/me", headers=bearer(token))
    assert response.status_code == 401 and "ended" in response.json()["detail"]


def test_tokens_expire(hub_engine):
    agent = auth.add_user(hub_engine, "ana", PASSWORD)
    issued = auth.issue_token(hub_engine, agent, ttl_ms=1_000)
    with hub_engine.connect() as connection:
        assert auth.authenticate(connection, issued.token, at_ms=issued.expires_ms - 1).username == "ana"
        with pytest.raises(auth.AuthError, match="expired"):
            auth.authenticate(connection, issued.token, at_ms=issued.expires_ms)


def test_disabling_a_user_revokes_every_token_and_refuses_sign_in(client, hub_engine):
    auth.add_user(hub_engine, "ana", PASSWORD)
    tokens_before = [login(client).json()["token"] for _ in range(2)]
    auth.set_disabled(hub_engine, "ana", True)
    for token in tokens_before:
        assert client.get("/v1/auth/me", headers=bearer(token)).status_code == 401
    refused = login(client)
    assert refused.status_code == 401 and "disabled" in refused.json()["detail"]
    auth.set_disabled(hub_engine, "ana", False)
    assert login(client).status_code == 200


def test_a_password_reset_signs_the_user_out_everywhere(client, hub_engine):
    auth.add_user(hub_engine, "ana", PASSWORD)
    old = login(client).json()["token"]
    auth.reset_password(hub_engine, "ana", "a brand new passphrase")
    assert client.get("/v1/auth/me", headers=bearer(old)).status_code == 401
    assert login(client).status_code == 401
    assert login(client, password="a brand new passphrase").status_code == 200


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"username": "ana", "password": "short"}, "at least"),
        ({"username": "a b", "password": PASSWORD}, "not a username"),
        ({"username": "bob", "password": PASSWORD, "team_names": ["Nope"]}, "unknown team Nope"),
    ],
)
def test_bad_user_input_is_refused_with_a_reason(hub_engine, kwargs, message):
    with pytest.raises(auth.UserError, match=message):
        auth.add_user(hub_engine, **kwargs)


def test_a_username_is_taken_once(hub_engine):
    auth.add_user(hub_engine, "ana", PASSWORD)
    with pytest.raises(auth.UserError, match="exists already"):
        auth.add_user(hub_engine, "Ana", PASSWORD)


def test_default_teams_exist_and_the_embedded_user_is_made_once(hub_engine):
    assert set(auth.team_names(hub_engine)) >= {"Support", "PR", "Legal", "Sales", "Marketing"}
    first = auth.local_agent(hub_engine, "you", "You")
    again = auth.local_agent(hub_engine, "you", "You")
    assert first == again and first.may(Permission.WORK_CASES)
    assert set(first.teams) == set(auth.team_names(hub_engine))


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.AGENT, {Permission.READ, Permission.WORK_CASES}),
        (Role.SUPERVISOR, {Permission.READ, Permission.WORK_CASES, Permission.MANAGE_OTHERS_WORK}),
        (Role.REVIEWER, {Permission.READ}),
        (Role.ADMIN, set(Permission)),
    ],
)
def test_each_role_grants_what_its_people_need(hub_engine, role, allowed):
    agent = auth.add_user(hub_engine, f"u-{role.value}", PASSWORD, role)
    assert {p for p in Permission if agent.may(p)} == allowed
    disabled = auth.set_disabled(hub_engine, agent.username, True)
    assert not any(disabled.may(p) for p in Permission)
