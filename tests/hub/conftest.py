import pytest

from console.channels.demo import DemoChannel
from console.hub import migrate
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
