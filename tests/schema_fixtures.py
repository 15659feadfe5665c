"""Fixture databases, one per schema revision, proving every migration upgrades real data.

Make the fixture for a new revision (after adding the migration) and commit it:

    python -m tests.schema_fixtures cache 0002
    python -m tests.schema_fixtures hub 0002

Rows are filled by reflecting the tables as they are at that revision, so the tool works for any
past schema without knowing it.
"""

import sys
from pathlib import Path

from sqlalchemy import BigInteger, Boolean, Float, Integer, MetaData, create_engine, insert

from console import schema_migrations

FIXTURES = Path(__file__).parent
KINDS = {
    "cache": ("console.storage:migrations", FIXTURES / "storage" / "fixtures"),
    "hub": ("console.hub:migrations", FIXTURES / "hub" / "fixtures"),
}
ROWS_PER_TABLE = 25
SKIP_TABLES = {"alembic_version", "change_counter", "hub_meta", "sync_state"}


def fixture_path(kind: str, revision: str) -> Path:
    return KINDS[kind][1] / f"{kind}-{revision}.sqlite"


def sample_value(column, n: int):
    if isinstance(column.type, Boolean):
        return n % 2 == 0
    if isinstance(column.type, Integer | BigInteger):
        return n
    if isinstance(column.type, Float):
        return n / 10
    if column.name in {"tags"}:
        return "[]"
    if column.name in {"data"}:
        return "{}"
    return f"{column.name}-{n}"


def make(kind: str, revision: str) -> Path:
    scripts, folder = KINDS[kind]
    folder.mkdir(parents=True, exist_ok=True)
    path = fixture_path(kind, revision)
    path.unlink(missing_ok=True)
    engine = create_engine(f"sqlite:///{path}")
    schema_migrations.upgrade(engine, scripts, target=revision)
    reflected = MetaData()
    reflected.reflect(engine)
    with engine.begin() as connection:
        for table in reflected.sorted_tables:
            if table.name in SKIP_TABLES or "_fts" in table.name:  # FTS5: kept by triggers
                continue
            rows = [{c.name: sample_value(c, n) for c in table.columns} for n in range(1, ROWS_PER_TABLE + 1)]
            connection.execute(insert(table), rows)
    engine.dispose()
    return path


if __name__ == "__main__":
    print(make(sys.argv[1], sys.argv[2]))
