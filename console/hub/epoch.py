"""The epoch: the name of one database's change history, and a new one whenever that history forks.

A database restored from a backup goes back in time and then moves forward again along another
history: its change numbers are reused for other changes. A workstation whose cursor points past
the backup would then skip changes (and keep rows that no longer exist) unless the hub tells it to
resync, which it does when its epoch differs from the cursor's. So a restored database must not
keep its epoch. The hub sees to that at start-up, without relying on the operator:

* **PostgreSQL**: the database's identity — the cluster's system identifier, the database's OID and
  the timeline — is stored beside the epoch. A dump restored into a new database, a copy made
  with ``CREATE DATABASE … TEMPLATE``, a point-in-time recovery or a promoted replica (a new
  timeline, which may have lost commits) all change it, and the hub takes a new epoch.
* **SQLite**: ``horseshoe-hub backup`` marks its copy as a backup; a hub started on that file
  (copied back into place) takes a new epoch and removes the mark. A copy made by other means is
  not recognisable: after restoring one, run ``horseshoe-hub new-epoch`` before starting the hub.

A new epoch costs every workstation a full resync; it never loses anything (their outboxes keep
their work and the hub tells each one from where to send it again).
"""

import logging
import sqlite3
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.exc import DBAPIError

from console.hub.changelog import EPOCH_KEY, head, lock_sequence
from console.hub.schema import hub_meta

log = logging.getLogger(__name__)

IDENTITY_KEY = "database_identity"
BACKUP_KEY = "backup_of"  # in a copy made by ``horseshoe-hub backup``: the epoch and head it was taken at


@dataclass(frozen=True, slots=True)
class EpochCheck:
    epoch: str
    renewed: bool
    reason: str = ""


def check(engine: Engine) -> EpochCheck:
    """Give the database a new epoch if it is a restored or copied one; call before serving."""
    with engine.begin() as connection:
        lock_sequence(connection)  # two hub processes starting together decide once
        meta = {key: value for key, value in connection.execute(select(hub_meta.c.key, hub_meta.c.value))}
        identity = database_identity(connection)
        reason = ""
        if BACKUP_KEY in meta:
            reason = f"it is a backup (taken at {meta[BACKUP_KEY]})"
            connection.execute(delete(hub_meta).where(hub_meta.c.key == BACKUP_KEY))
        elif identity and meta.get(IDENTITY_KEY) not in (None, identity):
            reason = (
                f"the database is not the one this history was written in ({meta[IDENTITY_KEY]} → {identity})"
            )
        if identity and meta.get(IDENTITY_KEY) != identity:
            _put(connection, IDENTITY_KEY, identity)
        if not reason:
            return EpochCheck(meta[EPOCH_KEY], False)
        renewed = _renew(connection)
    log.warning("new epoch %s: %s; workstations will resync from a snapshot", renewed, reason)
    return EpochCheck(renewed, True, reason)


def new_epoch(engine: Engine) -> str:
    """Start a new history by hand (after restoring a database by means the hub cannot recognise)."""
    with engine.begin() as connection:
        lock_sequence(connection)
        return _renew(connection)


def backup_sqlite(engine: Engine, target: Path) -> tuple[str, int]:
    """A consistent copy of a SQLite hub database, taken while hubs keep writing, marked as a backup.

    Returns the epoch and head it was taken at. PostgreSQL databases are backed up with pg_dump.
    """
    if engine.dialect.name != "sqlite":
        raise ValueError("backup copies SQLite databases; back PostgreSQL up with pg_dump")
    target = Path(target)
    if target.exists():
        raise FileExistsError(f"{target} exists; choose a new name for the backup")
    source = sqlite3.connect(engine.url.database)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # one step: a snapshot as of its start, whatever is written meanwhile
        epoch_id = copy.execute("SELECT value FROM hub_meta WHERE key = ?", (EPOCH_KEY,)).fetchone()[0]
        head_seq = copy.execute("SELECT seq FROM change_counter WHERE id = 1").fetchone()[0]
        copy.execute(
            "INSERT INTO hub_meta (key, value) VALUES (?, ?)", (BACKUP_KEY, f"{epoch_id}:{head_seq}")
        )
        copy.commit()
    finally:
        source.close()
        copy.close()
    return epoch_id, head_seq


def database_identity(connection: Connection) -> str | None:
    """What changes when a PostgreSQL database is restored, copied or recovered; None on SQLite."""
    if connection.dialect.name != "postgresql":
        return None
    oid = connection.scalar(text("SELECT oid FROM pg_database WHERE datname = current_database()"))
    parts = [f"db{oid}"]
    try:  # needs superuser or pg_monitor; the OID alone still catches a restored dump
        with connection.begin_nested():
            system = connection.scalar(text("SELECT system_identifier FROM pg_control_system()"))
            timeline = connection.scalar(text("SELECT timeline_id FROM pg_control_checkpoint()"))
        parts = [f"sys{system}", *parts, f"tl{timeline}"]
    except DBAPIError:
        pass
    return "/".join(parts)


def _renew(connection: Connection) -> str:
    epoch_id = uuid.uuid4().hex[:12]
    _put(connection, EPOCH_KEY, epoch_id)
    log.info("epoch %s begins at change %d", epoch_id, head(connection))
    return epoch_id


def _put(connection: Connection, key: str, value: str) -> None:
    if not connection.execute(update(hub_meta).where(hub_meta.c.key == key).values(value=value)).rowcount:
        connection.execute(insert(hub_meta).values(key=key, value=value))
