"""Run Alembic migrations from a package's scripts, for the hub's store and the local cache alike.

Scripts are found with ``package:folder`` locations, so they work from a wheel or a frozen app;
the caller's connection is handed to ``env.py`` through ``config.attributes``.
"""

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine


def _config(script_location: str, connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", script_location)
    config.attributes["connection"] = connection
    return config


def head_revision(script_location: str) -> str:
    return ScriptDirectory.from_config(_config(script_location)).get_current_head()


def all_revisions(script_location: str) -> list[str]:
    """Every revision, oldest first."""
    scripts = ScriptDirectory.from_config(_config(script_location))
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def upgrade(engine: Engine, script_location: str, target: str = "head") -> str:
    """Bring the schema to ``target``; cheap when it is already there. Returns the revision."""
    revision = head_revision(script_location) if target == "head" else target
    if current_revision(engine) != revision:
        with engine.begin() as connection:
            command.upgrade(_config(script_location, connection), target)
    return revision


def generate(engine: Engine, script_location: str, message: str, rev_id: str) -> None:
    """Autogenerate a revision against ``engine`` (a database at the previous head); for developers."""
    with engine.begin() as connection:
        command.revision(_config(script_location, connection), message, autogenerate=True, rev_id=rev_id)
