"""Instagram mentions named by a webhook, fetched by the hub against the recorded Graph answer, on
SQLite and PostgreSQL: stored as mentions, a fetch turned away for now tried again, and one that
cannot be made quarantined with its ids and the reason — never dropped."""

import asyncio
import json
import time

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from console.channels import meta_webhooks
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import credentials
from console.hub.app import create_app
from console.hub.connector_pool import ConnectorPool
from console.hub.ingest import upsert_accounts
from console.hub.mentioned import MentionFetcher
from console.hub.schema import mentions, quarantine
from tests.channels.meta_support import HOOK_ACCOUNTS, IG, data, hook
from tests.hub.test_webhooks import SECRETS, meta

SEALER = credentials.Sealer(credentials.new_key())
# The recorded answer is ikroskun's (IG); the webhook's ids stand for a comment that named it.
ITEM = {"account_id": IG.id, "comment_id": "17967008497439572", "media_id": "17896129349180833"}


def recorded_comment() -> bytes:
    return data("instagram", "apidata", "users", "mentioned_comment.json").read_bytes()


class Graph:
    """Answers the account's node with ``answers`` in turn (a status, or the recorded body)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if answer == 503:
            return httpx.Response(
                503, json={"error": {"message": "Service temporarily unavailable", "code": 2}}
            )
        if answer == 400:
            error = {"message": "Invalid parameter", "type": "OAuthException", "code": 100}
            return httpx.Response(400, json={"error": error})
        return httpx.Response(200, content=answer)


class Sleeps:
    def __init__(self):
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


def fetcher(engine, graph: Graph, sleeps: Sleeps) -> MentionFetcher:
    upsert_accounts(engine, [IG])
    credentials.store(engine, SEALER, IG.id, {"page_token": "T"})
    pool = ConnectorPool(engine, SEALER, httpx.AsyncClient(transport=httpx.MockTransport(graph)))
    return MentionFetcher(engine, pool, sleep=sleeps, attempts=3)


def texts(engine) -> list[str]:
    with engine.connect() as connection:
        return [row.text for row in connection.execute(select(mentions.c.text))]


def held(engine) -> list:
    with engine.connect() as connection:
        return connection.execute(select(quarantine)).all()


@pytest.mark.asyncio
async def test_the_comment_a_mention_names_is_fetched_and_stored(hub_engine):
    graph, sleeps = Graph(recorded_comment()), Sleeps()
    await fetcher(hub_engine, graph, sleeps).fetch(ITEM)
    assert texts(hub_engine) == ["@ikroskun good"] and held(hub_engine) == []
    (request,) = graph.requests
    assert request.url.path.endswith(f"/{IG.handle}")
    assert request.url.params["fields"].startswith(f"mentioned_comment.comment_id({ITEM['comment_id']})")


@pytest.mark.asyncio
async def test_a_fetch_turned_away_for_now_is_tried_again(hub_engine):
    graph, sleeps = Graph(503, 503, recorded_comment()), Sleeps()
    await fetcher(hub_engine, graph, sleeps).fetch(ITEM)
    assert texts(hub_engine) == ["@ikroskun good"] and len(graph.requests) == 3 and len(sleeps.waits) == 2


@pytest.mark.asyncio
async def test_a_mention_that_cannot_be_fetched_is_quarantined_with_its_ids(hub_engine):
    graph, sleeps = Graph(503), Sleeps()
    await fetcher(hub_engine, graph, sleeps).fetch(ITEM)  # the tries spent
    graph.answers = [400]
    await fetcher(hub_engine, graph, sleeps).fetch({**ITEM, "comment_id": "1"})  # refused
    ids = [row for row in held(hub_engine) if "comment_id" in row.payload]
    refused, spent = sorted(ids, key=lambda row: json.loads(row.payload)["comment_id"])
    assert texts(hub_engine) == [] and len(graph.requests) == 3 + 1
    assert (
        refused.reason.startswith("an Instagram mention could not be fetched")
        and "Invalid parameter" in refused.reason
    )
    assert json.loads(refused.payload)["comment_id"] == "1" and refused.account_id == IG.id
    assert "temporarily unavailable" in spent.reason and json.loads(spent.payload) == ITEM


def test_a_hub_without_credentials_keeps_the_ids_the_webhook_named(hub_engine):
    # The recorded delivery's entry id is "0": the account whose Graph id that is.
    hook_ig = BrandAccount("acc-hig", Network.INSTAGRAM, "0", "ig account", "Support")
    upsert_accounts(hub_engine, [hook_ig])
    body = hook("instagram", "wh-mentions.json").read_bytes()
    named = meta_webhooks.normalize_webhook(
        json.loads(body), accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0
    )
    assert len(named.extra["to_fetch"]) == 1
    with TestClient(create_app(hub_engine, webhooks=SECRETS)) as client:
        response = meta(client, body)
        assert response.status_code == 200 and response.json()["to_fetch"] == 1
        deadline = time.monotonic() + 10
        while not held(hub_engine):
            assert time.monotonic() < deadline, "the named mention was not kept"
            time.sleep(0.05)
    (kept,) = held(hub_engine)
    assert "no credentials key" in kept.reason and json.loads(kept.payload) == named.extra["to_fetch"][0]


@pytest.mark.asyncio
async def test_start_runs_each_in_the_background_until_settled(hub_engine):
    graph, sleeps = Graph(recorded_comment()), Sleeps()
    fetching = fetcher(hub_engine, graph, sleeps)
    assert fetching.start([ITEM]) == 1
    await fetching.settle()
    assert texts(hub_engine) == ["@ikroskun good"]
    await asyncio.sleep(0)
