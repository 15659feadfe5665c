"""Refreshed network tokens written back into an account's sealed credentials, and the stored ones
re-read when another hub process may have refreshed first.

A refresh changes ``secret`` and ``key_id`` only, never ``updated_ms``: that stamp means "an admin
changed the credentials", which un-stops an account stopped by a permanent error and makes the
poller build a new connector (console.hub.poller). For the same reason a refresh that lands after
an admin changed the credentials is dropped rather than written over theirs.
"""

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, select, update

from console.hub import credentials
from console.hub.credentials import Sealer
from console.hub.schema import account_credentials

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TokenStore:
    """One account's credentials as a connector's auth sees them: ``save`` is its ``on_refresh``
    and ``load`` its ``reload`` (console.channels.oauth). ``updated_ms``: the stamp of the
    credentials the connector was built from (None: write whatever the stamp)."""

    engine: Engine
    sealer: Sealer
    account_id: str
    updated_ms: int | None = None

    async def save(self, fields: Mapping[str, str]) -> None:
        await asyncio.to_thread(self.save_now, fields)

    async def load(self) -> dict[str, str] | None:
        return await asyncio.to_thread(credentials.load, self.engine, self.sealer, self.account_id)

    def save_now(self, fields: Mapping[str, str]) -> bool:
        """Merge ``fields`` into the stored secret, re-sealed with the current key, in one
        transaction (the row locked on PostgreSQL, so two processes' merges do not interleave);
        False when there is nothing to merge into or an admin replaced the credentials."""
        table = account_credentials
        with self.engine.begin() as connection:
            row = connection.execute(
                select(table.c.secret, table.c.key_id, table.c.updated_ms)
                .where(table.c.account_id == self.account_id)
                .with_for_update()
            ).first()
            if row is None:
                log.warning(
                    "tokens: %s has no credentials any more; the refreshed token is dropped", self.account_id
                )
                return False
            if self.updated_ms is not None and row.updated_ms != self.updated_ms:
                log.info(
                    "tokens: %s: credentials changed since; the refreshed token is dropped", self.account_id
                )
                return False
            stored = self.sealer.open(row.secret, row.key_id)
            stored.update(fields)
            connection.execute(
                update(table)
                .where(table.c.account_id == self.account_id)
                .values(secret=self.sealer.seal(stored), key_id=self.sealer.key_id)
            )
        return True


def stamp(engine: Engine, account_id: str) -> int | None:
    """The ``updated_ms`` of the account's credentials, or None when it has none."""
    with engine.connect() as connection:
        return connection.scalar(
            select(account_credentials.c.updated_ms).where(account_credentials.c.account_id == account_id)
        )
