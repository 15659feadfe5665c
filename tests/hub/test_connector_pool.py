"""One connector per brand account, shared by the poller and the publisher, following the stored
credentials: accounts credentialed, re-credentialed or removed while the hub runs take effect at
once, on SQLite and PostgreSQL."""

import asyncio

import httpx
import pytest
from sqlalchemy import select, update

from console.channels.connector import Connector
from console.hub import credentials
from console.hub.channel_factory import ConnectorConfigError
from console.hub.connector_pool import ConnectorPool
from console.hub.demo_connector import DemoConnector
from console.hub.poller import Poller, PollPolicy
from console.hub.publisher import Publisher, PublishPolicy
from console.hub.schema import account_credentials, cases
from tests.hub.test_poller import BRAND_ID, MENTIONS, SEALER, X_ACCOUNT, X_DATA, XServer, add_account
from tests.hub.test_poller import T0 as POLL_T0
from tests.hub.test_poller import Clock as PollClock
from tests.hub.test_publisher import T0, Clock, Desk, agents, case_ids, reply_row  # noqa: F401

ACCOUNT = "northwind-x"  # the demo account of the first demo mention, whose case is answered


class Closable(DemoConnector):
    """The demo network's connector, remembering whether it was closed."""

    def __init__(self, engine, secrets):
        super().__init__(engine)
        self.secrets = dict(secrets)
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True


class DemoPool(ConnectorPool):
    """The hub's pool with the demo network behind its one building seam: credentials holding
    ``demo`` make a demo connector; any other go to the real factory (and its refusals)."""

    def __init__(self, engine):
        super().__init__(engine, SEALER, httpx.AsyncClient())
        self.built: list[Closable] = []

    def _build(self, account, secrets, version) -> Connector:
        if "demo" not in secrets:
            return super()._build(account, secrets, version)
        connector = Closable(self._engine, secrets)
        self.built.append(connector)
        return connector


def store(engine, account_id: str, secrets: dict, at: int) -> None:
    """Credentials as `accounts add` stores them, stamped ``at`` (two stores in one millisecond
    would otherwise look alike)."""
    credentials.store(engine, SEALER, account_id, secrets)
    table = account_credentials
    with engine.begin() as connection:
        connection.execute(update(table).where(table.c.account_id == account_id).values(updated_ms=at))


def answer(engine, agents, case_ids) -> str:  # noqa: F811
    case_id = next(c for c in case_ids if _account_of(engine, c) == ACCOUNT)
    return Desk(engine, agents["ana"]).claim_and_reply(case_id)


def _account_of(engine, case_id: str) -> str:
    with engine.connect() as connection:
        return connection.scalar(select(cases.c.account_id).where(cases.c.id == case_id))


def run(publisher: Publisher) -> int:
    return asyncio.run(publisher.run_once())


def test_a_reply_is_published_once_its_account_gets_credentials_without_a_restart(
    hub_engine,
    agents,  # noqa: F811
    case_ids,  # noqa: F811
):
    reply_id = answer(hub_engine, agents, case_ids)
    pool = DemoPool(hub_engine)
    publisher = Publisher(hub_engine, pool, clock=Clock(T0 + 1_000))
    assert run(publisher) == 0  # no credentials yet: left alone, as for an account unknown here
    assert (reply_row(hub_engine, reply_id).status, pool.built) == ("queued", [])
    store(hub_engine, ACCOUNT, {"demo": "1"}, T0)
    assert run(publisher) == 1
    row = reply_row(hub_engine, reply_id)
    assert row.status == "published" and row.external_id == f"demo-reply-{reply_id}"
    assert len(pool.built) == 1 and pool.built[0].secrets == {"demo": "1"}


def test_new_credentials_rebuild_the_connector_and_close_the_old_one(hub_engine, demo):
    from console.hub.ingest import upsert_accounts

    upsert_accounts(hub_engine, demo.accounts)
    pool = DemoPool(hub_engine)
    store(hub_engine, ACCOUNT, {"demo": "first"}, T0)

    async def connector():
        return await pool.connector(ACCOUNT)

    first = asyncio.run(connector())
    assert asyncio.run(connector()) is first  # built once while the credentials stand
    store(hub_engine, ACCOUNT, {"demo": "second"}, T0 + 1)
    second = asyncio.run(connector())
    assert second is not first and second.secrets == {"demo": "second"}
    assert first.closed and not second.closed


def test_removed_credentials_stop_publishing_and_close_the_connector(
    hub_engine,
    agents,  # noqa: F811
    case_ids,  # noqa: F811
):
    pool = DemoPool(hub_engine)
    store(hub_engine, ACCOUNT, {"demo": "1"}, T0)
    clock = Clock(T0 + 1_000)
    publisher = Publisher(hub_engine, pool, clock=clock)
    first = answer(hub_engine, agents, case_ids)
    run(publisher)
    assert reply_row(hub_engine, first).status == "published"
    credentials.forget(hub_engine, ACCOUNT)
    second = Desk(hub_engine, agents["ana"]).claim_and_reply(reply_row(hub_engine, first).case_id, "And more")
    assert run(publisher) == 0
    assert reply_row(hub_engine, second).status == "queued" and pool.built[0].closed
    with pytest.raises(ConnectorConfigError, match="has no credentials"):
        asyncio.run(pool.connector(ACCOUNT))


def test_credentials_that_make_no_connector_leave_the_reply_queued_until_they_are_mended(
    hub_engine,
    agents,  # noqa: F811
    case_ids,  # noqa: F811
):
    reply_id = answer(hub_engine, agents, case_ids)
    pool = DemoPool(hub_engine)
    store(hub_engine, ACCOUNT, {"access_token": "t"}, T0)  # an X account needs its user_id too
    publisher = Publisher(hub_engine, pool, PublishPolicy(), clock=Clock(T0 + 1_000))
    assert run(publisher) == 1  # tried once: the factory refuses, and says why
    assert run(publisher) == 0  # then left out until the credentials change
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.attempts) == ("queued", 0)
    with pytest.raises(ConnectorConfigError, match="lacks credentials user_id"):
        asyncio.run(pool.connector(ACCOUNT))
    store(hub_engine, ACCOUNT, {"demo": "1"}, T0 + 1)
    assert run(publisher) == 1 and reply_row(hub_engine, reply_id).status == "published"


class XNetwork(XServer):
    """X's mentions timeline as test_poller serves it, and POST /2/tweets with the recorded answer."""

    def __init__(self):
        super().__init__()
        self.posted: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.method == "POST" and request.url.path == "/2/tweets":
            self.posted.append(request)
            created = (X_DATA / "tweet" / "create_tweet_resp.json").read_bytes()
            return httpx.Response(201, content=created, headers={"content-type": "application/json"})
        return super().__call__(request)


class CountingPool(ConnectorPool):
    def __init__(self, *args):
        super().__init__(*args)
        self.built: list[Connector] = []

    def _build(self, account, secrets, version) -> Connector:
        self.built.append(super()._build(account, secrets, version))
        return self.built[-1]


@pytest.mark.asyncio
async def test_the_poller_and_the_publisher_use_one_connector_per_account(hub_engine, sign_in):
    from console.domain.agent import Role
    from console.hub import auth
    from tests.hub.conftest import PASSWORD

    server, clock = XNetwork(), PollClock()
    client = server.client()
    add_account(hub_engine, X_ACCOUNT, {"access_token": "t0ken", "user_id": BRAND_ID})
    pool = CountingPool(hub_engine, SEALER, client)
    policy = PollPolicy(skipped=frozenset({"x.dms"}))  # the mentions timeline alone
    polling = Poller(hub_engine, SEALER, client, policy, clock=clock, owner="hub-a", pool=pool)
    (polled,) = await polling.run_due()
    assert polled.stored == len(MENTIONS["data"]) and len(pool.built) == 1
    agent = auth.add_user(hub_engine, "ana", PASSWORD, Role.AGENT, team_names=["Support"])
    with hub_engine.connect() as connection:
        case_id = connection.scalar(select(cases.c.id).where(cases.c.account_id == X_ACCOUNT.id).limit(1))
    reply_id = Desk(hub_engine, agent).claim_and_reply(case_id, at=POLL_T0)
    publisher = Publisher(hub_engine, pool, clock=Clock(POLL_T0 + 1_000))
    assert await publisher.run_once() == 1
    row = reply_row(hub_engine, reply_id)
    assert (row.status, row.external_id) == ("published", "1445880548472328192")
    assert len(server.posted) == 1 and len(pool.built) == 1  # the poller's connector posted it
    assert (await pool.acquire(X_ACCOUNT.id))[1] is pool.built[0]
    await client.aclose()
