"""Every schema revision has a committed fixture database, and each upgrades to head keeping its rows."""

import shutil

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, select

from console import schema_migrations
from console.hub import schema as hub_schema
from console.hub.database import create_hub_engine
from console.storage import schema as cache_schema
from console.storage.database import open_cache
from console.storage.search import is_modelled
from tests.schema_fixtures import KINDS, ROWS_PER_TABLE, fixture_path

METADATA = {"cache": cache_schema.metadata, "hub": hub_schema.metadata}


@pytest.mark.parametrize("kind", KINDS)
def test_every_revision_has_a_fixture(kind):
    missing = [
        rev for rev in schema_migrations.all_revisions(KINDS[kind][0]) if not fixture_path(kind, rev).exists()
    ]
    assert not missing, f"run: python -m tests.schema_fixtures {kind} <rev> for {missing}, and commit it"


def _cases():
    for kind, (scripts, _folder) in KINDS.items():
        for revision in schema_migrations.all_revisions(scripts):
            yield pytest.param(kind, revision, id=f"{kind}-{revision}")


@pytest.mark.parametrize(("kind", "revision"), list(_cases()))
def test_each_fixture_upgrades_to_head_with_its_rows(tmp_path, kind, revision):
    copy = tmp_path / f"{kind}.sqlite"
    shutil.copy(fixture_path(kind, revision), copy)
    if kind == "cache":
        db = open_cache(copy)  # what the app does at start
        engine = db.engine
    else:
        engine = create_hub_engine(str(copy))
        schema_migrations.upgrade(engine, KINDS[kind][0])
    try:
        assert schema_migrations.current_revision(engine) == schema_migrations.head_revision(KINDS[kind][0])
        with engine.connect() as connection:
            mentions = METADATA[kind].tables["mentions"]
            assert connection.scalar(select(func.count()).select_from(mentions)) == ROWS_PER_TABLE
            context = MigrationContext.configure(connection, opts={"include_name": is_modelled})
            assert not compare_metadata(context, METADATA[kind])
    finally:
        if kind == "cache":
            db.close()
        else:
            engine.dispose()


def test_the_hub_schema_matches_its_models_on_each_backend(hub_url):
    engine = create_hub_engine(hub_url)
    try:
        schema_migrations.upgrade(engine, KINDS["hub"][0])
        with engine.connect() as connection:
            assert compare_metadata(MigrationContext.configure(connection), hub_schema.metadata) == []
    finally:
        engine.dispose()


def test_an_up_to_date_database_is_not_migrated_again(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    first = schema_migrations.upgrade(engine, KINDS["cache"][0])
    assert schema_migrations.upgrade(engine, KINDS["cache"][0]) == first
