"""Test-wide setup: offscreen Qt, no real keyring, and databases for both hub backends.

PostgreSQL tests run when HORSESHOE_TEST_PG holds a DSN (CI always sets one); each test gets a
fresh database, dropped afterwards. Without a DSN they are skipped with a reason that says so.
"""

import os
import tempfile
import uuid

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
# The app's runs in tests (python -m console …) log here, not into the user's own log directory.
os.environ.setdefault("HORSESHOE_LOG_DIR", tempfile.mkdtemp(prefix="horseshoe-test-logs-"))

import pytest
from sqlalchemy.engine import make_url

PG_ENV = "HORSESHOE_TEST_PG"


def pg_dsn() -> str | None:
    return os.environ.get(PG_ENV) or None


@pytest.fixture
def pg_url():
    """A fresh, empty PostgreSQL database URL (psycopg 3 driver); dropped after the test."""
    dsn = pg_dsn()
    if not dsn:
        pytest.skip(f"PostgreSQL tests skipped: set {PG_ENV}=postgresql://user@host:5432/db to run them")
    import psycopg

    base = make_url(dsn).set(drivername="postgresql+psycopg")
    name = f"horseshoe_test_{uuid.uuid4().hex[:10]}"
    admin = base.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield base.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def hub_url(request, tmp_path):
    """The hub's database on each backend the hub supports."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'hub.sqlite'}"
    return request.getfixturevalue("pg_url")
