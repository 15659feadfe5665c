import pytest
from fastapi.testclient import TestClient

from console.domain.agent import Role
from console.hub import migrate
from console.hub.app import create_app
from console.hub.demo_feed import DemoFeed
from console.hub.ingest import ingest
from console.hub.pull import PullPage
from tests.hub.conftest import bearer


@pytest.fixture
def client(hub_engine, sign_in):
    """A supervisor's client: these tests are about paging; scoping is tested in test_scope."""
    with TestClient(create_app(hub_engine), headers=bearer(sign_in(Role.SUPERVISOR))) as test_client:
        yield test_client


def test_health_says_what_it_is(client):
    body = client.get("/health").json()
    assert body["service"] == "horseshoe-hub"
    assert body["schema"] == migrate.head() and body["head"] > 0 and body["epoch"]


def test_pull_pages_in_order_and_reports_the_cursor(client, hub_engine, demo):
    ingest(hub_engine, [demo.mention(i, 1_000 + i) for i in range(10)])
    pages, cursor = [], None
    while not pages or pages[-1]["more"]:
        pages.append(client.get("/v1/sync/pull", params={"after": cursor, "limit": 7}).json())
        cursor = pages[-1]["cursor"]
    records = [record for page in pages for record in PullPage(**page).records()]
    assert len(pages) > 2 and all(len(PullPage(**page).records()) <= 7 for page in pages)
    seqs = [row["seq"] for _kind, row in records]
    assert seqs == sorted(seqs) and [kind for kind, _row in records].count("mention") == 10
    last = pages[-1]
    assert last["cursor"] == f"{last['epoch']}:{last['head']}:{last['scope']}"
    case = next(row for kind, row in records if kind == "case")
    assert case["tags"] == "[]"  # JSON columns travel as the JSON text they are stored as
    columns = next(page["tables"]["mention"]["columns"] for page in pages if "mention" in page["tables"])
    assert set(columns) >= {"id", "text", "author_handle", "seq"}


@pytest.mark.parametrize(
    ("params", "status"),
    [({"after": "nonsense"}, 400), ({"limit": 0}, 422), ({"limit": 100_000}, 422)],
)
def test_bad_pull_parameters_get_clear_errors(client, params, status):
    response = client.get("/v1/sync/pull", params=params)
    assert response.status_code == status
    assert response.json()


def test_the_demo_feed_backfills_once_then_resumes_where_it_stopped(hub_engine, demo, sign_in):
    feed = DemoFeed(hub_engine, demo, rate_per_minute=600, backfill=25)
    position = feed.prime()
    assert position == 25
    assert feed.step(position) == 26
    again = DemoFeed(hub_engine, demo, rate_per_minute=600, backfill=25)
    assert again.prime() == 26  # no second backfill after a restart
    with TestClient(create_app(hub_engine), headers=bearer(sign_in(Role.SUPERVISOR))) as client:
        body = client.get("/v1/sync/pull", params={"limit": 5000}).json()
    kinds = [kind for kind, _row in PullPage(**body).records()]
    assert kinds.count("mention") == 26 and kinds.count("account") == len(demo.accounts)


def test_a_demo_rate_must_be_positive(hub_engine, demo):
    with pytest.raises(ValueError, match="positive"):
        DemoFeed(hub_engine, demo, rate_per_minute=0)
