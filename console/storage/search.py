"""Quick search over the cache: an FTS5 index of mention text and author, and safe match queries.

The index (``mentions_fts``) uses the ``mentions`` table as its external content, keyed by rowid, so
the text is stored once; triggers keep it in step with every write (the replica's upserts, dropped
cases, resets). A migration that recreates ``mentions`` drops the triggers and may renumber rowids:
it must run :data:`DDL` again, which ends by rebuilding the index.
"""

import re

TABLE = "mentions_fts"
# The virtual table and the shadow tables FTS5 keeps for it: created by migration, not modelled.
TABLES = frozenset({TABLE, f"{TABLE}_data", f"{TABLE}_idx", f"{TABLE}_docsize", f"{TABLE}_config"})
TRIGGERS = ("mentions_fts_insert", "mentions_fts_delete", "mentions_fts_update")

_COLUMNS = "text, author_handle, author_name"
_NEW = "new.text, new.author_handle, new.author_name"
_OLD = "old.text, old.author_handle, old.author_name"

DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5({_COLUMNS}, content='mentions', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    *(f"DROP TRIGGER IF EXISTS {name}" for name in TRIGGERS),
    "CREATE TRIGGER mentions_fts_insert AFTER INSERT ON mentions BEGIN "
    f"INSERT INTO {TABLE}(rowid, {_COLUMNS}) VALUES (new.rowid, {_NEW}); END",
    "CREATE TRIGGER mentions_fts_delete AFTER DELETE ON mentions BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.rowid, {_OLD}); END",
    # The replica upserts every column of a changed mention: reindex only when the words changed.
    "CREATE TRIGGER mentions_fts_update AFTER UPDATE OF text, author_handle, author_name ON mentions "
    "WHEN old.text IS NOT new.text OR old.author_handle IS NOT new.author_handle "
    "OR old.author_name IS NOT new.author_name BEGIN "
    f"INSERT INTO {TABLE}({TABLE}, rowid, {_COLUMNS}) VALUES ('delete', old.rowid, {_OLD}); "
    f"INSERT INTO {TABLE}(rowid, {_COLUMNS}) VALUES (new.rowid, {_NEW}); END",
    f"INSERT INTO {TABLE}({TABLE}) VALUES ('rebuild')",
)

_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str | None:
    """The agent's words as an FTS5 query: every word, as a prefix, ANDed; None when there are none.

    Words are quoted, so nothing the agent types (quotes, ``AND``, ``*``, ``:``, ``-``) is FTS syntax:
    a search never fails on its input, and ``@ana`` finds the handle ``@ana_b``.
    """
    words = _WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words[:16]) or None


def is_modelled(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic's ``include_name``: the search tables are not in the SQLAlchemy models."""
    return not (type_ == "table" and name in TABLES)
