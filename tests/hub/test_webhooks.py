"""Webhooks on the hub, with Meta's recorded deliveries: the subscription check, signed deliveries
stored as mentions, a bad or missing signature refused with nothing stored, unreadable deliveries
quarantined — and the generic signed webhook reading a recorded Reddit answer. SQLite and PostgreSQL."""

import hashlib
import hmac
import json

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from console.channels import meta_webhooks
from console.channels.recordings import read_recording
from console.hub import quarantine
from console.hub.app import create_app
from console.hub.ingest import upsert_accounts
from console.hub.schema import mentions
from console.hub.webhooks import SIGNATURE, WebhookSecrets
from tests.channels.fixtures import fixtures
from tests.channels.meta_support import HOOK_ACCOUNTS, HOOK_PAGE, hook
from tests.channels.test_reddit import ACCOUNT as REDDIT
from tests.channels.test_reddit import BENCH_SAMPLES as REDDIT_SAMPLES

SECRETS = WebhookSecrets(meta_app_secret="app-s3cret", meta_verify_token="verify-me", generic_secret="relay")


def signed(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def client(hub_engine):
    upsert_accounts(hub_engine, [HOOK_PAGE, REDDIT])
    with TestClient(create_app(hub_engine, webhooks=SECRETS)) as test_client:
        yield test_client


def stored(engine) -> int:
    with engine.connect() as connection:
        return connection.scalar(select(func.count()).select_from(mentions))


def a_visitor_comment() -> bytes:
    """A recorded Page delivery: a customer's comment that mentions the Page (not the Page's own)."""
    body = hook("webhooks", "mention-comment-add.json").read_bytes()
    page = meta_webhooks.normalize_webhook(json.loads(body), accounts_by_page_id=HOOK_ACCOUNTS, received_ms=0)
    assert any(not m.from_brand and m.account_id == HOOK_PAGE.id for m in page.mentions)
    return body


def meta(client, body: bytes, secret: str = "app-s3cret"):
    return client.post(
        "/v1/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signed(body, secret)}
    )


def relay(client, network: str, body: bytes, secret: str = "relay"):
    return client.post(f"/v1/webhooks/{network}", content=body, headers={SIGNATURE: signed(body, secret)})


def test_the_subscription_check_echoes_only_for_our_token(client):
    params = {"hub.mode": "subscribe", "hub.verify_token": "verify-me", "hub.challenge": "1158201444"}
    answer = client.get("/v1/webhooks/meta", params=params)
    assert answer.status_code == 200 and answer.text == "1158201444"
    params["hub.verify_token"] = "guess"
    assert client.get("/v1/webhooks/meta", params=params).status_code == 403


def test_a_signed_delivery_is_stored_and_a_bad_signature_stores_nothing(client, hub_engine):
    body = a_visitor_comment()
    for header in ({}, {"X-Hub-Signature-256": signed(body, "wrong")}, {"X-Hub-Signature-256": "sha1=abc"}):
        assert client.post("/v1/webhooks/meta", content=body, headers=header).status_code == 403
    assert stored(hub_engine) == 0 and quarantine.recent(hub_engine) == []

    answer = client.post(
        "/v1/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signed(body, "app-s3cret")}
    )
    assert answer.status_code == 200 and answer.json()["stored"] >= 1
    assert stored(hub_engine) == answer.json()["stored"]
    again = client.post(
        "/v1/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signed(body, "app-s3cret")}
    )
    assert again.json()["stored"] == 0  # Meta redelivers; dedup keeps one


def test_a_signed_delivery_that_cannot_be_read_is_quarantined(client, hub_engine):
    body = b'{"object": "page", "entry": [{"id": "999", "changes": [{"field": "feed"'
    answer = client.post(
        "/v1/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signed(body, "app-s3cret")}
    )
    assert answer.status_code == 200 and answer.json()["quarantined"] == 1
    (held,) = quarantine.recent(hub_engine)
    assert "not JSON" in held.reason and held.source == "webhook"


def test_the_generic_webhook_reads_a_recorded_answer_as_if_fetched(client, hub_engine):
    cassette, url = REDDIT_SAMPLES[0]
    exchange = next(e for e in read_recording(fixtures() / cassette) if e.url == url)
    delivery = json.dumps({"account": REDDIT.id, "url": url, "body": exchange.json()}).encode()
    assert (
        client.post(
            "/v1/webhooks/reddit", content=delivery, headers={SIGNATURE: signed(delivery, "x")}
        ).status_code
        == 403
    )
    answer = client.post(
        "/v1/webhooks/reddit", content=delivery, headers={SIGNATURE: signed(delivery, "relay")}
    )
    assert answer.status_code == 200 and answer.json()["stored"] > 0
    unknown = json.dumps({"account": "nobody", "url": url, "body": {}}).encode()
    answer = client.post(
        "/v1/webhooks/reddit", content=unknown, headers={SIGNATURE: signed(unknown, "relay")}
    )
    assert answer.json()["quarantined"] == 1
    assert (
        client.post(
            "/v1/webhooks/myspace", content=b"{}", headers={SIGNATURE: signed(b"{}", "relay")}
        ).status_code
        == 404
    )


def test_without_secrets_every_delivery_is_refused(hub_engine):
    with TestClient(create_app(hub_engine)) as bare:
        body = a_visitor_comment()
        assert (
            bare.post(
                "/v1/webhooks/meta", content=body, headers={"X-Hub-Signature-256": signed(body, "")}
            ).status_code
            == 403
        )
        assert (
            bare.get(
                "/v1/webhooks/meta", params={"hub.mode": "subscribe", "hub.verify_token": ""}
            ).status_code
            == 403
        )
