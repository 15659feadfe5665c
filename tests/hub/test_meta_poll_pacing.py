"""Polling a Facebook Page slows as Meta's usage headers climb: they give percent used, not calls left."""

import json
import random

import httpx
import pytest

from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub.poller import Poller, PollPolicy
from tests.channels.meta_support import data, hook
from tests.hub.test_poller import SEALER, T0, Clock, add_account, state

PAGE = BrandAccount("acme-fb", Network.FACEBOOK, "19292868552", "Facebook for Developers", "Support")
FEED = data("facebook", "apidata", "posts", "feed_fields_p1.json").read_bytes()


def recorded_app_usage() -> str:
    """The X-App-Usage header of a recorded Graph answer (restfb's batch response)."""
    (answer, *_) = json.loads(hook("batch", "batch-simple.json").read_text())
    return next(h["value"] for h in answer["headers"] if h["name"] == "X-App-Usage")


async def next_poll_after(engine, headers: dict[str, str]) -> float:
    """Seconds from a successful poll of the Page's feed, answered with ``headers``, to the next."""

    def graph(request: httpx.Request) -> httpx.Response:
        assert request.url.path.endswith(f"/{PAGE.handle}/feed")
        return httpx.Response(200, content=FEED, headers={"content-type": "application/json", **headers})

    add_account(engine, PAGE, {"page_token": "T"})
    client = httpx.AsyncClient(transport=httpx.MockTransport(graph))
    policy = PollPolicy(skipped=frozenset({"facebook.conversations"}))  # the feed alone
    polling = Poller(engine, SEALER, client, policy, clock=Clock(), rng=random.Random(7), owner="hub-a")
    (result,) = await polling.run_due()
    await client.aclose()
    assert not result.error and result.rate_limit["unit"] == "percent"
    return (state(engine, PAGE.id).not_before_ms - T0) / 1000


def app_usage(percent: int) -> dict[str, str]:
    """X-App-Usage in Meta's documented shape (percent of the app's hourly budget used)."""
    return {"X-App-Usage": json.dumps({"call_count": percent, "total_cputime": 1, "total_time": 1})}


@pytest.mark.asyncio
async def test_low_recorded_usage_keeps_the_base_interval(hub_engine):
    assert recorded_app_usage() == '{"call_count":2,"total_cputime":2,"total_time":2}'
    assert await next_poll_after(hub_engine, {"X-App-Usage": recorded_app_usage()}) == 60.0


@pytest.mark.parametrize(
    ("used", "delay_s"),
    [(49, 60.0), (75, 120.0), (90, 300.0), (95, 900.0), (100, 900.0)],
)
@pytest.mark.asyncio
async def test_the_interval_stretches_as_usage_climbs_and_pauses_near_the_limit(hub_engine, used, delay_s):
    assert await next_poll_after(hub_engine, app_usage(used)) == delay_s


@pytest.mark.asyncio
async def test_the_estimated_regain_of_a_throttled_business_use_case_is_waited_for(hub_engine):
    usage = {"19292868552": [{"type": "pages", "call_count": 60, "estimated_time_to_regain_access": 30}]}
    assert await next_poll_after(hub_engine, {"X-Business-Use-Case-Usage": json.dumps(usage)}) == 1800.0
