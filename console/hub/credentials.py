"""Network credentials at rest: sealed with the hub's key (Fernet: AES-128-CBC + HMAC-SHA256), so a
copy of the database alone gives no tokens away.

The key comes from the hub's configuration (``credentials_key`` in the TOML file, or
``HORSESHOE_HUB_CREDENTIALS_KEY``), never from the database. Each sealed row names the key that sealed
it by a short fingerprint, so after a key change the error says which key is missing instead of
"invalid token".
"""

import hashlib
import json
from collections.abc import Mapping

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import Engine, delete, insert, select, update

from console.domain.clock import now_ms
from console.hub.schema import account_credentials


class CredentialsError(ValueError):
    """No key, a malformed key, or a secret sealed with another key; the message says which."""


def new_key() -> str:
    return Fernet.generate_key().decode("ascii")


class Sealer:
    def __init__(self, key: str):
        if not key:
            raise CredentialsError(
                "no credentials key: set credentials_key in the hub config or HORSESHOE_HUB_CREDENTIALS_KEY "
                "(make one with `horseshoe-hub accounts new-key`)"
            )
        try:
            self._fernet = Fernet(key.encode("ascii"))
        except (ValueError, UnicodeEncodeError):
            raise CredentialsError(
                "the credentials key is not a Fernet key (32 url-safe base64 bytes)"
            ) from None
        self.key_id = fingerprint(key)

    def seal(self, credentials: Mapping[str, str]) -> str:
        return self._fernet.encrypt(json.dumps(dict(credentials), sort_keys=True).encode("utf-8")).decode(
            "ascii"
        )

    def open(self, secret: str, key_id: str = "") -> dict[str, str]:
        try:
            return json.loads(self._fernet.decrypt(secret.encode("ascii")))
        except (InvalidToken, ValueError):
            sealed_by = f" {key_id}" if key_id and key_id != self.key_id else ""
            raise CredentialsError(
                f"the credentials were sealed with another key{sealed_by} (this hub's key is {self.key_id})"
            ) from None


def fingerprint(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def store(engine: Engine, sealer: Sealer, account_id: str, credentials: Mapping[str, str]) -> None:
    values = {"secret": sealer.seal(credentials), "key_id": sealer.key_id, "updated_ms": now_ms()}
    with engine.begin() as connection:
        table = account_credentials
        if connection.scalar(select(table.c.account_id).where(table.c.account_id == account_id)):
            connection.execute(update(table).where(table.c.account_id == account_id).values(**values))
        else:
            connection.execute(insert(table).values(account_id=account_id, **values))


def load(engine: Engine, sealer: Sealer, account_id: str) -> dict[str, str] | None:
    with engine.connect() as connection:
        row = connection.execute(
            select(account_credentials).where(account_credentials.c.account_id == account_id)
        ).first()
    return None if row is None else sealer.open(row.secret, row.key_id)


def forget(engine: Engine, account_id: str) -> None:
    with engine.begin() as connection:
        connection.execute(delete(account_credentials).where(account_credentials.c.account_id == account_id))
