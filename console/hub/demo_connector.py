"""The demo network's connector: "publishes" a reply back into the demo stream.

A post is a row in ``demo_posts`` (the demo network's own store, one row per reply id) and the
brand's message appears in the case's conversation, ingested as a mention ``from_brand``. Posting
the same reply twice is counted in the row's ``duplicates`` and logged as an error, so a double
publish can never pass unseen; the fault campaign asserts the count stays 0.

Fault knobs (:class:`DemoFaults`, from the hub config) make the demo network misbehave the ways
real ones do, from a seeded generator so a failing run can be replayed: transient refusals,
answers that never arrive (half of them after the post landed, half before), and latency.

With follow-ups on (the embedded demo hub), the customer answers a published reply a little later
— it helped, or it did not — so a case shows what an answer did to the customer's sentiment.
"""

import asyncio
import logging
import random
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select
from sqlalchemy.dialects import postgresql, sqlite

from console.channels.connector import (
    Connector,
    OutgoingReply,
    PermanentError,
    Published,
    TransientError,
    UncertainError,
)
from console.channels.demo import (
    FollowUps,
    follow_up_mention,
    post_url,
    reply_external_id,
    reply_mention,
    reply_problem,
)
from console.domain.clock import now_ms
from console.domain.mention import Author, BrandAccount, Mention
from console.domain.network import Network
from console.hub.database import reader
from console.hub.ingest import ingest
from console.hub.schema import demo_posts, mentions

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class DemoFaults:
    failure_rate: float = 0.0
    """Share of requests refused as transient failures (nothing posted)."""
    uncertain_rate: float = 0.0
    """Share of publishes whose answer is lost: half after the post landed, half before."""
    latency_ms: int = 0
    """Delay before each answer."""
    seed: int = 7
    """Seed of the generator behind the faults, so a run can be replayed."""

    def __post_init__(self) -> None:
        rates = (self.failure_rate, self.uncertain_rate)
        if any(not 0 <= rate <= 1 for rate in rates) or sum(rates) > 1:
            raise ValueError("demo failure and uncertain rates are shares between 0 and 1, together ≤ 1")
        if self.latency_ms < 0:
            raise ValueError("demo latency cannot be negative")


class DemoConnector(Connector):
    def __init__(
        self,
        engine: Engine,
        faults: DemoFaults | None = None,
        follow_ups: FollowUps | None = None,
        answer_after_s: float = 20.0,
    ):
        self._engine = engine
        self.faults = faults or DemoFaults()
        self._random = random.Random(self.faults.seed)
        self._follow_ups = follow_ups  # None: demo customers never write back
        self._answer_after_s = answer_after_s
        self._answers: set[asyncio.Task] = set()

    async def publish(self, reply: OutgoingReply) -> Published:
        await self._latency()
        roll = self._random.random()
        if roll < self.faults.failure_rate:
            raise TransientError("the demo network is busy (simulated); try again later")
        problem = reply_problem(reply)
        if problem:
            raise PermanentError(problem)
        lost = roll < self.faults.failure_rate + self.faults.uncertain_rate
        if lost and self._random.random() < 0.5:
            raise UncertainError("the demo network did not answer (simulated; nothing was posted)")
        published, fresh = await asyncio.to_thread(self._post, reply)
        if fresh and self._follow_ups is not None:
            task = asyncio.create_task(self._answer_later(reply))
            self._answers.add(task)
            task.add_done_callback(self._answers.discard)
        if lost:
            raise UncertainError("the demo network's answer was lost (simulated; the post landed)")
        return published

    async def find(self, reply: OutgoingReply) -> Published | None:
        await self._latency()
        if self._random.random() < self.faults.failure_rate:
            raise TransientError("the demo network is busy (simulated); try again later")
        return await asyncio.to_thread(self._find, reply)

    async def _latency(self) -> None:
        if self.faults.latency_ms:
            await asyncio.sleep(self.faults.latency_ms / 1000)

    async def _answer_later(self, reply: OutgoingReply) -> None:
        await asyncio.sleep(self._answer_after_s)
        try:
            await asyncio.to_thread(self._answer, reply)
        except Exception:  # a demo nicety: never let it disturb publishing
            log.exception("demo network: the customer's answer to reply %s failed", reply.id)

    def _answer(self, reply: OutgoingReply) -> None:
        answered = self._answered(reply)
        if answered is not None and self._follow_ups is not None:
            ingest(self._engine, [follow_up_mention(reply, answered, self._follow_ups, now_ms())])

    def _answered(self, reply: OutgoingReply) -> Mention | None:
        """The customer message the reply answered (who will write back, and in which language)."""
        if reply.in_reply_to is None:
            return None
        with reader(self._engine).connect() as connection:
            row = connection.execute(
                select(mentions).where(
                    mentions.c.network == reply.network.value, mentions.c.external_id == reply.in_reply_to
                )
            ).first()
        if row is None or row.from_brand:
            return None
        author = Author(row.author_handle, row.author_name, row.author_followers, row.author_verified)
        return Mention(
            row.id, Network(row.network), row.account_id, row.external_id, author, row.text, row.created_ms,
            lang=row.lang,
        )  # fmt: skip

    def _post(self, reply: OutgoingReply) -> tuple[Published, bool]:
        """Post ``reply``; the flag says whether it is new (not a duplicate publish)."""
        now = now_ms()
        external_id = reply_external_id(reply.id)
        published = Published(external_id, post_url(reply.network, external_id))
        values = {
            "reply_id": reply.id,
            "external_id": external_id,
            "network": reply.network.value,
            "account_id": reply.account.id,
            "case_id": reply.case_id,
            "text": reply.text,
            "url": published.url,
            "posted_ms": now,
        }
        # One statement, so two hub processes posting the same reply at once both get counted.
        dialect = postgresql if self._engine.dialect.name == "postgresql" else sqlite
        statement = dialect.insert(demo_posts).values(values)
        statement = statement.on_conflict_do_update(
            index_elements=[demo_posts.c.reply_id], set_={"duplicates": demo_posts.c.duplicates + 1}
        ).returning(demo_posts.c.duplicates, demo_posts.c.posted_ms)
        with self._engine.begin() as connection:
            duplicates, posted_ms = connection.execute(statement).one()
        if duplicates:
            log.error("demo network: reply %s was published again (duplicate #%d)", reply.id, duplicates)
            return published, False
        self._show(reply, posted_ms)
        return published, True

    def _find(self, reply: OutgoingReply) -> Published | None:
        with reader(self._engine).connect() as connection:
            row = connection.execute(select(demo_posts).where(demo_posts.c.reply_id == reply.id)).first()
        if row is None:
            return None
        self._show(reply, row.posted_ms)  # the hub may have died between the post and showing it
        return Published(row.external_id, row.url)

    def _show(self, reply: OutgoingReply, posted_ms: int) -> None:
        """The post in the case's conversation; ingest drops it if it is there already."""
        ingest(self._engine, [reply_mention(reply, posted_ms)])


def demo_post_counts(engine: Engine) -> tuple[int, int]:
    """(posts, duplicate publishes) on the demo network: what tests and the fault campaign check."""
    with reader(engine).connect() as connection:
        rows = connection.execute(select(demo_posts.c.duplicates)).scalars().all()
    return len(rows), sum(rows)


def demo_connectors(
    engine: Engine,
    brand_accounts: Iterable[BrandAccount],
    faults: DemoFaults | None = None,
    follow_ups: FollowUps | None = None,
    answer_after_s: float = 20.0,
) -> dict[str, Connector]:
    """The demo connector for each demo brand account (one connector, so one fault generator)."""
    connector = DemoConnector(engine, faults, follow_ups, answer_after_s)
    return {account.id: connector for account in brand_accounts}
