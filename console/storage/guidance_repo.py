"""What guidance needs from the cache: a case's recorded session events, and the facts its conditions read.

A session's events reach the cache two ways: as ``guidance_step`` case events pulled from the hub (any
desk's), and as this desk's ``guidance_step`` mutations still in the outbox (unsent, or sent and not yet
pulled back). Both carry the same payload (console.guidance.session_events.step_payload), so one list
of them, deduplicated by mutation id, is the whole log as this desk knows it. Refused mutations are
left out: the hub never recorded them.
"""

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, tuple_

from console.domain.case import Case, CaseStatus
from console.domain.customer import Customer
from console.domain.intent import Intent
from console.domain.mention import Author, Mention, MentionKind
from console.domain.mutation import MutationKind, Outcome
from console.domain.network import Network
from console.domain.sentiment import Sentiment
from console.storage import customers_repo
from console.storage.case_repo import decoded_object
from console.storage.database import CacheDatabase
from console.storage.schema import accounts, cases, events, mentions, outbox

GUIDANCE_STEP = "guidance_step"


@dataclass(frozen=True, slots=True)
class RecordedStep:
    """One session event as recorded: the ``guidance_step`` payload, and whether the hub has it yet."""

    session: str
    tree: str  # id@version
    digest: str
    event: dict[str, Any]  # Event.as_dict()
    pending: bool  # only in this desk's outbox so far


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """The case, the mention being read, and its customer, as the cache holds them now."""

    case: Case
    mention: Mention | None
    intent: Intent | None
    customer: Customer | None
    customer_case_count: int | None
    account_handle: str


class GuidanceRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def steps(self, case_id: str) -> list[RecordedStep]:
        return await self._db.read(lambda c: steps(c, case_id))

    async def facts(self, case_id: str, mention_id: str | None = None) -> CaseFacts | None:
        return await self._db.read(lambda c: facts(c, case_id, mention_id))


def steps(connection: Connection, case_id: str) -> list[RecordedStep]:
    """The case's guidance steps in the order they were recorded: the hub's, then this desk's unsent."""
    found: list[RecordedStep] = []
    pulled: set[str] = set()
    rows = connection.execute(
        select(events.c.data)
        .where(events.c.case_id == case_id, events.c.type == GUIDANCE_STEP)
        .order_by(events.c.at_ms, events.c.seq)
    )
    for (data,) in rows:
        payload = decoded_object(data)
        step = _step(payload, pending=False)
        if step is not None:
            found.append(step)
            pulled.add(str(payload.get("mutation", "")))
    queued = connection.execute(
        select(outbox.c.id, outbox.c.payload, outbox.c.outcome)
        .where(outbox.c.case_id == case_id, outbox.c.kind == MutationKind.GUIDANCE_STEP.value)
        .order_by(outbox.c.seq)
    )
    for mutation_id, data, outcome in queued:
        if mutation_id in pulled or outcome == Outcome.REJECTED.value:
            continue
        step = _step(decoded_object(data), pending=True)
        if step is not None:
            found.append(step)
    return found


def _step(payload: dict[str, Any], *, pending: bool) -> RecordedStep | None:
    event = payload.get("event")
    if not isinstance(event, dict) or not isinstance(payload.get("session"), str):
        return None  # a step of the format before sessions: nothing to resume from
    return RecordedStep(
        payload["session"], str(payload.get("tree", "")), str(payload.get("digest", "")), event, pending
    )


def facts(connection: Connection, case_id: str, mention_id: str | None = None) -> CaseFacts | None:
    """The case with ``mention_id`` (else its customer's latest mention) and that author's customer."""
    row = connection.execute(
        select(cases, accounts.c.handle.label("account_handle"))
        .outerjoin(accounts, accounts.c.id == cases.c.account_id)
        .where(cases.c.id == case_id)
    ).first()
    if row is None:
        return None
    query = select(mentions).where(mentions.c.case_id == case_id)
    if mention_id is not None:
        query = query.where(mentions.c.id == mention_id)
    else:
        query = query.where(mentions.c.from_brand.is_(False)).order_by(mentions.c.created_ms.desc()).limit(1)
    mention_row = connection.execute(query).first()
    mention = _mention(mention_row) if mention_row is not None else None
    intent = _intent(mention_row.intent) if mention_row is not None else None
    customer = count = None
    identity = customers_repo.author_of(
        connection, case_id, mention.author.handle if mention and not mention.from_brand else None
    )
    if identity is not None:
        customer = customers_repo.customer(connection, identity.customer_id)
    if customer is not None and customer.identities:
        authors = [(i.network, i.handle) for i in customer.identities]
        count = connection.scalar(
            select(func.count(func.distinct(mentions.c.case_id))).where(
                tuple_(mentions.c.network, mentions.c.author_handle).in_(authors),
                mentions.c.from_brand.is_(False),
            )
        )
    return CaseFacts(_case(row), mention, intent, customer, count, row.account_handle or "")


def _case(row) -> Case:
    try:
        tags = frozenset(json.loads(row.tags))
    except (TypeError, ValueError):
        tags = frozenset()
    return Case(
        id=row.id,
        network=Network(row.network),
        account_id=row.account_id,
        conversation_key=row.conversation_key,
        opened_ms=row.opened_ms,
        status=CaseStatus(row.status),
        updated_ms=row.updated_ms,
        last_mention_ms=row.last_mention_ms,
        mention_count=row.mention_count,
        assignee=row.assignee,
        claim_holder=row.claim_holder,
        tags=tags,
        reopen_count=row.reopen_count,
        team=row.team,
        priority=row.priority,
        disposition=row.disposition,
    )


def _mention(row) -> Mention:
    return Mention(
        id=row.id,
        network=Network(row.network),
        account_id=row.account_id,
        external_id=row.external_id,
        author=Author(row.author_handle, row.author_name, row.author_followers, row.author_verified),
        text=row.text,
        created_ms=row.created_ms,
        kind=MentionKind(row.kind),
        lang=row.lang,
        url=row.url,
        sentiment=Sentiment(row.sentiment),
        sentiment_score=row.sentiment_score,
        case_id=row.case_id,
        from_brand=row.from_brand,
    )


def _intent(value: str) -> Intent | None:
    try:
        return Intent(value) if value else None
    except ValueError:
        return None
