"""One live connector per brand account, shared by the hub's poller and publisher.

A connector is built from the account's stored credentials when first needed, rebuilt when they
change (``account_credentials.updated_ms`` moves; the old one is closed), and forgotten when they
are removed — so ``horseshoe-hub accounts add`` takes effect on a running hub without a restart.
Connectors given at construction (the demo network's, tests') are fixed: used as they are, for
accounts with or without credentials.

The pool is the one place the hub builds a connector from credentials (:meth:`ConnectorPool._build`).
Lookups run in worker threads (they read the database); closing runs on the loop (:meth:`acquire`,
:meth:`publishable` and :meth:`aclose` close what was replaced).
"""

import asyncio
import contextlib
import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass

import httpx
from sqlalchemy import Engine, select

from console.channels.connector import Connector
from console.domain.mention import BrandAccount
from console.domain.network import Network
from console.hub.channel_factory import ConnectorConfigError, build_connector
from console.hub.credentials import CredentialsError, Sealer
from console.hub.schema import account_credentials, accounts
from console.hub.tokens import TokenStore

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Built:
    version: int  # account_credentials.updated_ms it was built from
    connector: Connector | None  # None: the credentials could not make one
    reason: str = ""


class ConnectorPool:
    """``sealer`` and ``client`` (the hub's shared httpx client, which the caller closes) are needed
    only for accounts with stored credentials; without a sealer only ``fixed`` connectors are known."""

    def __init__(
        self,
        engine: Engine,
        sealer: Sealer | None = None,
        client: httpx.AsyncClient | None = None,
        fixed: Mapping[str, Connector] | None = None,
    ):
        self._engine = engine
        self._sealer = sealer
        self._client = client
        self._fixed = dict(fixed or {})
        self._built: dict[str, _Built] = {}  # account id → what its current credentials made
        self._retired: list[Connector] = []  # replaced or forgotten, to close on the loop
        self._lock = threading.Lock()

    # --- asking ------------------------------------------------------------------------------

    async def acquire(self, account_id: str) -> tuple[BrandAccount, Connector]:
        """The account and its connector; raises ConnectorConfigError with the reason when it has
        none (no account, no credentials, or credentials that cannot be opened or make none)."""
        try:
            return await asyncio.to_thread(self.get, account_id)
        finally:
            await self._close_retired()

    async def connector(self, account_id: str) -> Connector:
        """As :meth:`acquire`, the connector only (a fixed one without reading the database)."""
        fixed = self._fixed.get(account_id)
        if fixed is not None:
            return fixed
        return (await self.acquire(account_id))[1]

    async def publishable(self) -> list[str]:
        """Ids of the accounts a reply can be published for now: the fixed ones, and those with
        credentials that did not fail to build (one small query; a connector is built on first use)."""
        try:
            return await asyncio.to_thread(self.known)
        finally:
            await self._close_retired()

    def get(self, account_id: str) -> tuple[BrandAccount, Connector]:
        """As :meth:`acquire`, in a worker thread (the retired connector is closed later)."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(accounts, account_credentials.c.secret, account_credentials.c.key_id)
                .add_columns(account_credentials.c.updated_ms.label("credentials_ms"))
                .outerjoin(account_credentials, account_credentials.c.account_id == accounts.c.id)
                .where(accounts.c.id == account_id)
            ).first()
        if row is None:
            with self._lock:
                self._forget(account_id)
            raise ConnectorConfigError(f"no brand account {account_id} on this hub")
        account = BrandAccount(row.id, Network(row.network), row.handle, row.name, row.team)
        fixed = self._fixed.get(account_id)
        if fixed is not None:
            return account, fixed
        if row.secret is None:
            with self._lock:
                self._forget(account_id)
            raise ConnectorConfigError(f"the account {account_id} has no credentials")
        with self._lock:
            built = self._built.get(account_id)
            if built is None or built.version != row.credentials_ms:
                built = self._make(account, row.secret, row.key_id, row.credentials_ms)
        if built.connector is None:
            raise ConnectorConfigError(built.reason)
        return account, built.connector

    def known(self) -> list[str]:
        """As :meth:`publishable`, in a worker thread; forgets connectors of removed credentials."""
        if self._sealer is None:
            return list(self._fixed)
        with self._engine.connect() as connection:
            query = select(account_credentials.c.account_id, account_credentials.c.updated_ms)
            versions = {row.account_id: row.updated_ms for row in connection.execute(query)}
        with self._lock:
            for account_id in [a for a in self._built if a not in versions]:
                self._forget(account_id)
            refused = {
                account_id
                for account_id, built in self._built.items()
                if built.connector is None and built.version == versions[account_id]
            }
        return list(self._fixed) + [a for a in versions if a not in self._fixed and a not in refused]

    def check(self) -> dict[str, str]:
        """Build every credentialed account's connector now; by account id, why each that cannot
        have one has none (for the hub to say at start)."""
        refused = {}
        for account_id in self.known():
            if account_id in self._fixed:
                continue
            try:
                self.get(account_id)
            except (ValueError, CredentialsError) as failure:  # ConnectorConfigError is a ValueError
                refused[account_id] = str(failure)
        return refused

    async def aclose(self) -> None:
        """Close every connector (once each); the pool builds again if asked after."""
        with self._lock:
            for account_id in list(self._built):
                self._forget(account_id)
            closing = self._retired + list(self._fixed.values())
            self._retired = []
        for connector in {id(c): c for c in closing}.values():
            with contextlib.suppress(Exception):
                await connector.aclose()

    # --- building (under the lock) -------------------------------------------------------------

    def _make(self, account: BrandAccount, secret: str, key_id: str, version: int) -> _Built:
        self._forget(account.id)
        try:
            if self._sealer is None:
                raise CredentialsError("the hub has no credentials key to open the stored credentials")
            built = _Built(version, self._build(account, self._sealer.open(secret, key_id), version))
        except (ValueError, CredentialsError) as failure:
            built = _Built(version, None, str(failure))
            log.warning("connectors: %s has none: %s", account.id, failure)
        self._built[account.id] = built
        return built

    def _build(self, account: BrandAccount, secrets: Mapping[str, str], version: int) -> Connector:
        """The hub's one call of build_connector: what every built connector is made with —
        refreshed tokens stored back sealed, under the credentials version it was built from."""
        assert self._sealer is not None  # _make checked
        tokens = TokenStore(self._engine, self._sealer, account.id, version)
        return build_connector(account, secrets, self._client, on_refresh=tokens.save, reload=tokens.load)

    def _forget(self, account_id: str) -> None:
        built = self._built.pop(account_id, None)
        if built is not None and built.connector is not None:
            self._retired.append(built.connector)

    async def _close_retired(self) -> None:
        with self._lock:
            closing, self._retired = self._retired, []
        for connector in closing:
            with contextlib.suppress(Exception):
                await connector.aclose()


def as_pool(engine: Engine, connectors: "ConnectorPool | Mapping[str, Connector]") -> ConnectorPool:
    """The hub's pool as given, or fixed connectors by account id made one (tests, tools)."""
    return connectors if isinstance(connectors, ConnectorPool) else ConnectorPool(engine, fixed=connectors)
