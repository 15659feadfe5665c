"""Paces the demo channel into the hub: a backfill of recent history, then a mention every few seconds."""

import asyncio
import logging
import random

from sqlalchemy import Engine, select

from console.channels.demo import DemoChannel
from console.domain.clock import now_ms
from console.domain.sla import SlaPolicies
from console.hub.database import reader
from console.hub.ingest import ingest, upsert_accounts
from console.hub.schema import hub_meta
from console.hub.service_levels import DEFAULT_SLA

log = logging.getLogger(__name__)

POSITION_KEY = "demo.position"


class DemoFeed:
    def __init__(
        self,
        engine: Engine,
        channel: DemoChannel,
        rate_per_minute: float = 20.0,
        backfill: int = 40,
        backfill_minutes: int = 120,
        policies: SlaPolicies = DEFAULT_SLA,
    ):
        if rate_per_minute <= 0:
            raise ValueError("the demo rate must be a positive number of mentions per minute")
        self._engine = engine
        self._channel = channel
        self.interval = 60.0 / rate_per_minute
        self._backfill = backfill
        self._backfill_ms = backfill_minutes * 60_000
        self._random = random.Random(7)
        self._policies = policies  # the hub's SLA policies, which ingest routes new cases by

    def prime(self) -> int:
        """Register the demo accounts and, on a hub that never ran the demo, ingest recent history.

        Returns the replay position to continue from; restarts resume instead of replaying.
        """
        upsert_accounts(self._engine, self._channel.accounts)
        position = self._position()
        if position is None:
            now = now_ms()
            count = min(self._backfill, len(self._channel.items))
            times = sorted(now - self._random.randint(0, self._backfill_ms) for _ in range(count))
            batch = [self._channel.mention(i, t) for i, t in enumerate(times)]
            ingest(self._engine, batch, policies=self._policies)
            position = count
            self._save_position(position)
        return position

    def step(self, position: int) -> int:
        """Ingest the mention at ``position``; returns the next position."""
        ingest(self._engine, [self._channel.mention(position, now_ms())], policies=self._policies)
        self._save_position(position + 1)
        return position + 1

    async def run(self) -> None:
        position = await asyncio.to_thread(self.prime)
        while True:
            await asyncio.sleep(self.interval * self._random.uniform(0.5, 1.5))
            try:
                position = await asyncio.to_thread(self.step, position)
            except Exception:  # the feed must outlive a passing database error
                log.exception("demo feed: ingest failed; retrying")

    def _position(self) -> int | None:
        with reader(self._engine).connect() as connection:
            value = connection.scalar(select(hub_meta.c.value).where(hub_meta.c.key == POSITION_KEY))
        return None if value is None else int(value)

    def _save_position(self, position: int) -> None:
        with self._engine.begin() as connection:
            updated = connection.execute(
                hub_meta.update().where(hub_meta.c.key == POSITION_KEY).values(value=str(position))
            ).rowcount
            if not updated:
                connection.execute(hub_meta.insert().values(key=POSITION_KEY, value=str(position)))
