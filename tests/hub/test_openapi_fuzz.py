"""The hub's OpenAPI schema, fuzzed: no input gives a server error, and no endpoint answers a stranger.

Every operation is called with inputs schemathesis generates from the schema, once without a token
(anything but the public endpoints must answer 401) and once signed in as an agent (never 5xx).
``/v1/live`` streams forever, so it is left to tests/hub/test_live.py, which checks its sign-in.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from console.domain.agent import Role
from console.hub import auth
from console.hub.app import create_app
from tests.hub.conftest import PASSWORD

PUBLIC = {("GET", "/health"), ("POST", "/v1/auth/login")}
SIGNED = {("GET", "/v1/webhooks/meta"), ("POST", "/v1/webhooks/meta"), ("POST", "/v1/webhooks/{network}")}
"""Webhooks answer networks, which carry no sign-in: they prove themselves by signature (403 without)."""
STREAMS = {("GET", "/v1/live")}


@pytest.fixture
def hub(tmp_path):
    from console.hub import migrate
    from console.hub.database import create_hub_engine

    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    agent = auth.add_user(engine, "fuzz", PASSWORD, Role.AGENT, team_names=["Support"])
    yield engine, agent, schemathesis.openapi.from_asgi("/openapi.json", create_app(engine))
    engine.dispose()


def test_no_input_breaks_the_hub_and_every_endpoint_asks_who_calls(hub):
    engine, agent, schema = hub
    operations = [result.ok() for result in schema.get_all_operations()]
    fuzzed = [op for op in operations if (op.method.upper(), op.path) not in STREAMS]
    assert {(op.method.upper(), op.path) for op in fuzzed} >= PUBLIC | {("POST", "/v1/sync/push")}
    for operation in fuzzed:
        _fuzz(engine, agent, operation)


def _fuzz(engine, agent, operation) -> None:
    key = (operation.method.upper(), operation.path)

    @settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(case=operation.as_strategy())
    def check(case):
        stranger = case.call(headers={"Authorization": ""})
        if key in SIGNED:
            assert stranger.status_code in (403, 404), f"{key} answered {stranger.status_code} unsigned"
        elif key not in PUBLIC:
            assert stranger.status_code == 401, f"{key} answered {stranger.status_code} without a token"
        token = auth.issue_token(engine, agent).token  # a fresh one: the fuzzer may call logout
        signed_in = case.call(headers={"Authorization": f"Bearer {token}"})
        assert signed_in.status_code < 500, f"{key}: {signed_in.status_code} {signed_in.text[:300]}"

    check()
