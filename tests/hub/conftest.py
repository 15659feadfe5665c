import pytest

from console.channels.demo import DemoChannel
from console.domain.agent import Role
from console.hub import auth, migrate
from console.hub.database import create_hub_engine


@pytest.fixture
def hub_engine(hub_url):
    engine = create_hub_engine(hub_url)
    migrate.upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def demo():
    return DemoChannel.bundled()


PASSWORD = "correct horse battery"


@pytest.fixture
def sign_in(hub_engine):
    """Make a user with ``role`` and return a bearer token for them."""

    def make(role: Role = Role.AGENT, username: str | None = None, teams: tuple[str, ...] = ("Support",)):
        name = username or f"{role.value}-{len(auth.list_users(hub_engine))}"
        agent = auth.add_user(hub_engine, name, PASSWORD, role, team_names=teams)
        return auth.issue_token(hub_engine, agent).token

    return make


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
