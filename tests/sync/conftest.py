import httpx
import pytest

from console.channels.demo import DemoChannel
from console.domain.agent import DEFAULT_TEAMS
from console.hub import auth, migrate
from console.hub.app import create_app
from console.hub.database import create_hub_engine
from console.hub.ingest import upsert_accounts
from console.storage.database import open_cache

HUB = "http://hub.test"


@pytest.fixture
def hub(tmp_path):
    """A hub that knows the demo brand accounts (so their cases have owning teams)."""
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(engine)
    upsert_accounts(engine, DemoChannel.bundled().accounts)
    yield engine
    engine.dispose()


@pytest.fixture
def token(hub):
    """An agent in every team: sees every demo case, through the scoped (agent) path of a pull."""
    agent = auth.add_user(hub, "ana", "correct horse battery", team_names=DEFAULT_TEAMS)
    return auth.issue_token(hub, agent).token


@pytest.fixture
def transport(hub, token):
    """The hub's app, reached as a signed-in workstation (sign-in itself is tested in test_sign_in)."""
    return SignedIn(httpx.ASGITransport(app=create_app(hub)), token)


class SignedIn(httpx.AsyncBaseTransport):
    """Adds a bearer token to requests that carry none, as a signed-in HubClient would."""

    def __init__(self, inner: httpx.AsyncBaseTransport, token: str):
        self.inner, self.token = inner, token

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.headers.setdefault("Authorization", f"Bearer {self.token}")
        return await self.inner.handle_async_request(request)


@pytest.fixture
def cache_path(tmp_path):
    return tmp_path / "cache.sqlite"


@pytest.fixture
def cache(cache_path):
    db = open_cache(cache_path)
    yield db
    db.close()


class FlakyTransport(httpx.AsyncBaseTransport):
    """A real transport that fails while ``down`` is set, like a hub behind a dead network."""

    def __init__(self, inner: httpx.AsyncBaseTransport):
        self.inner = inner
        self.down = False
        self.requests: list[str] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.url.path)
        if self.down:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        return await self.inner.handle_async_request(request)
