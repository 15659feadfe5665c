"""Webhook endpoints: networks push their news here instead of waiting for a poll.

* ``GET /v1/webhooks/meta`` — Meta's subscription check: the ``hub.challenge`` is echoed only when
  ``hub.verify_token`` is the hub's own (``meta_verify_token``).
* ``POST /v1/webhooks/meta`` — a delivery for a Facebook Page or an Instagram account, signed with
  ``X-Hub-Signature-256`` (HMAC-SHA256 of the raw body under ``meta_app_secret``, compared in constant
  time). A bad or missing signature gets 403 and nothing is stored. Instagram mentions, which the
  delivery names only by id, are fetched right after (console.hub.mentioned).
* ``POST /v1/webhooks/{network}`` — a generic signed delivery, for relays and networks without a
  webhook of their own: ``{"account": ID, "url": ENDPOINT, "body": RESPONSE}`` signed with
  ``X-Horseshoe-Signature: sha256=<hex>`` under ``webhook_secret``; the body is read by the network's
  connector as if the hub had fetched ``url`` itself.

Accepted deliveries are ingested like fetched mentions; what cannot be read is quarantined with its
reason (and still answered 200, since a network retries anything else, forever, with the same body).
"""

import json
from dataclasses import dataclass

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse
from sqlalchemy import Engine, select

from console.channels import meta_webhooks
from console.channels.normalized import Page, Quarantined, read_guarded
from console.channels.registry import NoConnectorError, normalizer
from console.domain.clock import now_ms
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub import quarantine
from console.hub.mentioned import MentionFetcher
from console.hub.schema import accounts

SIGNATURE = "X-Horseshoe-Signature"
MAX_BODY = 5 * 1024 * 1024  # larger deliveries are refused (Meta's are a few KB)


@dataclass(frozen=True, slots=True)
class WebhookSecrets:
    meta_app_secret: str = ""
    meta_verify_token: str = ""
    generic_secret: str = ""


def webhook_router(
    engine: Engine, secrets: WebhookSecrets, mentioned: MentionFetcher | None = None
) -> APIRouter:
    """``mentioned`` fetches what Instagram's mentions webhook only names by id (without it, a
    hub with no credentials, those ids are quarantined saying so)."""
    router = APIRouter(prefix="/v1/webhooks", tags=["webhooks"])
    fetcher = mentioned or MentionFetcher(engine, None)

    @router.get("/meta", response_class=PlainTextResponse)
    def meta_challenge(request: Request) -> str:
        challenge = meta_webhooks.verify_challenge(dict(request.query_params), secrets.meta_verify_token)
        if challenge is None:
            raise HTTPException(403, "not our verify token")
        return challenge

    @router.post("/meta")
    async def meta_delivery(request: Request) -> dict:
        body = await _body(request)
        if not meta_webhooks.signature_ok(
            body, request.headers.get("X-Hub-Signature-256"), secrets.meta_app_secret
        ):
            raise HTTPException(403, "bad signature")
        result, to_fetch = await run_in_threadpool(_meta, engine, body)
        # Answered now; what the delivery only names by id is fetched in the background.
        return {**result, "to_fetch": fetcher.start(to_fetch)}

    @router.post("/{network}")
    async def generic_delivery(network: str, request: Request) -> dict:
        body = await _body(request)
        if not meta_webhooks.signature_ok(body, request.headers.get(SIGNATURE), secrets.generic_secret):
            raise HTTPException(403, "bad signature")
        try:
            known = Network(network)
            read = normalizer(known)
        except (ValueError, NoConnectorError):
            raise HTTPException(404, f"no connector for {network!r}") from None
        return await run_in_threadpool(_generic, engine, known, read, body)

    return router


async def _body(request: Request) -> bytes:
    body = await request.body()
    if len(body) > MAX_BODY:
        raise HTTPException(413, "delivery too large")
    return body


def _meta(engine: Engine, raw: bytes) -> tuple[dict, list]:
    received = now_ms()
    with engine.connect() as connection:
        rows = connection.execute(
            select(accounts).where(accounts.c.network.in_([Network.FACEBOOK.value, Network.INSTAGRAM.value]))
        ).all()
    by_id = {
        row.handle: BrandAccount(row.id, Network(row.network), row.handle, row.name, row.team) for row in rows
    }
    try:
        body = json.loads(raw)
    except ValueError as failure:
        body, reason = None, f"a signed delivery that is not JSON ({failure})"
        page = Page(quarantined=(Quarantined.of(reason, raw.decode("utf-8", "replace")),))
    else:
        page = meta_webhooks.normalize_webhook(body, accounts_by_page_id=by_id, received_ms=received)
    network = (
        Network.INSTAGRAM
        if isinstance(body, dict) and body.get("object") == "instagram"
        else Network.FACEBOOK
    )
    to_fetch = page.extra.get("to_fetch")
    return _store(engine, network, None, page, received), list(to_fetch or ())


def _generic(engine: Engine, network: Network, read, raw: bytes) -> dict:
    received = now_ms()
    try:
        delivery = json.loads(raw)
        account_id, url, body = delivery["account"], str(delivery.get("url", "")), delivery["body"]
    except (ValueError, KeyError, TypeError) as failure:
        reason = f"not a delivery of {{account, url, body}} ({type(failure).__name__}: {failure})"
        page = Page(quarantined=(Quarantined.of(reason, raw.decode("utf-8", "replace")),))
        return _store(engine, network, None, page, received)
    with engine.connect() as connection:
        row = connection.execute(select(accounts).where(accounts.c.id == str(account_id))).first()
    if row is None or row.network != network.value:
        page = Page(
            quarantined=(Quarantined.of(f"no {network.label} account {account_id!r} on this hub", delivery),)
        )
        return _store(engine, network, None, page, received)
    account = BrandAccount(row.id, network, row.handle, row.name, row.team)
    page = read_guarded(read, body, url=url, account=account, received_ms=received)
    return _store(engine, network, account.id, page, received)


def _store(engine: Engine, network: Network, account_id: str | None, page: Page, received: int) -> dict:
    stored, held = quarantine.store_page(engine, network, account_id, "webhook", page, received)
    return {"mentions": len(page.mentions), "stored": stored, "quarantined": held, "skipped": page.skipped}
