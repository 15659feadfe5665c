"""A restored or copied hub database takes a new epoch, so workstations resync instead of skipping."""

import shutil

import psycopg
from sqlalchemy import select
from sqlalchemy.engine import make_url

from console.domain.sync import parse_cursor
from console.hub import epoch, migrate
from console.hub.changelog import epoch as current_epoch
from console.hub.cli import main
from console.hub.database import create_hub_engine, reader
from console.hub.ingest import ingest
from console.hub.pull import pull
from console.hub.schema import hub_meta
from tests.hub.scoping import EVERYTHING


def _epoch(engine) -> str:
    with reader(engine).connect() as connection:
        return current_epoch(connection)


def test_a_backup_file_put_back_in_place_starts_a_new_history(tmp_path, demo):
    live = create_hub_engine(str(tmp_path / "hub.sqlite"))
    migrate.upgrade(live)
    assert not epoch.check(live).renewed  # the live database keeps its history
    ingest(live, [demo.mention(0, 1_000)])
    taken_at = epoch.backup_sqlite(live, tmp_path / "backup.sqlite")
    before = _epoch(live)
    assert taken_at[0] == before
    ingest(live, [demo.mention(1, 2_000), demo.mention(2, 3_000)])  # work the backup does not have
    cursor = pull(live, None, scope=EVERYTHING).cursor
    live.dispose()
    shutil.copyfile(tmp_path / "backup.sqlite", tmp_path / "hub.sqlite")  # the restore
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"hub.sqlite{suffix}").unlink(missing_ok=True)
    restored = create_hub_engine(str(tmp_path / "hub.sqlite"))
    checked = epoch.check(restored)
    assert checked.renewed and checked.epoch != before and "backup" in checked.reason
    assert not epoch.check(restored).renewed  # once: the mark is gone
    ingest(restored, [demo.mention(n, n * 1_000) for n in range(3, 7)])  # the new history moves on
    page = pull(restored, cursor, scope=EVERYTHING)
    assert page.head >= parse_cursor(cursor).seq  # the old cursor is not "from the future"…
    assert page.reset  # …but from another history, so the workstation resyncs
    with reader(restored).connect() as connection:
        assert connection.scalar(select(hub_meta.c.value).where(hub_meta.c.key == epoch.BACKUP_KEY)) is None
    restored.dispose()


def test_a_restored_postgres_database_is_recognised_without_the_operator(pg_url, demo):
    live = create_hub_engine(pg_url)
    migrate.upgrade(live)
    assert not epoch.check(live).renewed  # first start: the identity is noted
    assert not epoch.check(live).renewed  # a restart is not a restore
    ingest(live, [demo.mention(0, 1_000)])
    before = _epoch(live)
    live.dispose()
    url = make_url(pg_url)
    copy_name = f"{url.database}_restored"
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{url.database}"')
    try:
        restored = create_hub_engine(url.set(database=copy_name).render_as_string(hide_password=False))
        checked = epoch.check(restored)
        assert checked.renewed and checked.epoch != before and "not the one" in checked.reason
        assert not epoch.check(restored).renewed
        restored.dispose()
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{copy_name}" WITH (FORCE)')


def test_backup_and_new_epoch_commands(tmp_path, capsys):
    db = ["--db", str(tmp_path / "hub.sqlite")]
    assert main(["migrate", *db]) == 0
    assert main(["backup", str(tmp_path / "backup.sqlite"), *db]) == 0
    assert "backed up to" in capsys.readouterr().out
    assert main(["backup", str(tmp_path / "backup.sqlite"), *db]) == 2  # never over an older backup
    assert "exists" in capsys.readouterr().err
    engine = create_hub_engine(str(tmp_path / "hub.sqlite"))
    before = _epoch(engine)
    assert main(["new-epoch", *db]) == 0
    assert _epoch(engine) != before and "resync" in capsys.readouterr().out
    engine.dispose()


def test_backup_refuses_postgres_with_the_way_to_do_it(pg_url, capsys):
    assert main(["backup", "/tmp/never.sqlite", "--db", pg_url]) == 2
    assert "pg_dump" in capsys.readouterr().err
