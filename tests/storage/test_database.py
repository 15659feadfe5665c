import sqlite3

import pytest

from console.storage.database import CacheError, open_cache


def test_a_new_cache_is_wal_with_foreign_keys(tmp_path):
    db = open_cache(tmp_path / "sub" / "cache.sqlite")
    try:
        assert db.read_sync(lambda c: c.exec_driver_sql("PRAGMA journal_mode").scalar()) == "wal"
        assert db.read_sync(lambda c: c.exec_driver_sql("PRAGMA foreign_keys").scalar()) == 1
        assert db.set_aside is None
    finally:
        db.close()


def test_a_damaged_cache_is_set_aside_not_deleted(tmp_path):
    path = tmp_path / "cache.sqlite"
    garbage = b"this is not a database, it was overwritten by something" * 100
    path.write_bytes(garbage)
    db = open_cache(path)
    try:
        assert db.set_aside is not None and db.set_aside.read_bytes() == garbage
        assert db.read_sync(lambda c: c.exec_driver_sql("SELECT count(*) FROM mentions").scalar()) == 0
    finally:
        db.close()


def test_a_cache_with_damaged_pages_is_set_aside(tmp_path):
    path = tmp_path / "cache.sqlite"
    db = open_cache(path)
    db.write_sync(
        lambda c: c.exec_driver_sql(
            "INSERT INTO events VALUES "
            + ",".join(f"('e{i}','c','t',1,'a','{'x' * 500}',1)" for i in range(200))
        )
    )
    db.close()
    data = bytearray(path.read_bytes())
    data[4096 * 3 : 4096 * 3 + 2048] = b"\xff" * 2048  # scribble over a page in the middle
    path.write_bytes(bytes(data))
    reopened = open_cache(path)
    try:
        assert reopened.set_aside is not None
    finally:
        reopened.close()


def test_a_cache_path_that_is_a_directory_is_refused_clearly(tmp_path):
    (tmp_path / "cache.sqlite").mkdir()
    with pytest.raises(CacheError, match="is not a file"):
        open_cache(tmp_path / "cache.sqlite")


def test_a_cache_in_an_uncreatable_place_is_refused_clearly(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(CacheError, match="cannot be created"):
        open_cache(blocker / "cache.sqlite")


def test_a_read_only_cache_is_refused_clearly(tmp_path):
    path = tmp_path / "cache.sqlite"
    open_cache(path).close()
    uri = f"file:{path}?mode=ro"
    sqlite3.connect(uri, uri=True).close()  # the file is a valid database
    path.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        import os

        if os.geteuid() == 0:
            pytest.skip("root writes read-only files; covered by the directory and uncreatable cases")
        with pytest.raises(CacheError, match="cannot be written"):
            open_cache(path)
    finally:
        tmp_path.chmod(0o755)
        path.chmod(0o644)
