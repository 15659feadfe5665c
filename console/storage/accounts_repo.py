"""The brand accounts the cache knows (replicated from the hub's directory)."""

from sqlalchemy import Connection, select

from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.storage.database import CacheDatabase
from console.storage.schema import accounts


class AccountRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def on_network(self, network: Network) -> list[BrandAccount]:
        return await self._db.read(lambda c: on_network(c, network))


def on_network(connection: Connection, network: Network) -> list[BrandAccount]:
    """The brand's accounts on ``network``, by name then handle: who a reply there can come from."""
    query = (
        select(accounts)
        .where(accounts.c.network == network.value)
        .order_by(accounts.c.name, accounts.c.handle)
    )
    rows = connection.execute(query)
    return [BrandAccount(r.id, Network(r.network), r.handle, r.name, r.team) for r in rows]
