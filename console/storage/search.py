"""Quick search over the cache: an FTS5 index of mention text and author, and safe match queries.

The index (``mentions_fts``) uses the ``mentions`` table as its external content, keyed by rowid, so
the text is stored once; triggers keep it in step with every write (the replica's upserts, dropped
cases, resets). A migration that recreates ``mentions`` drops the triggers and may renumber rowids:
it must run :data:`DDL` again, which ends by rebuilding the index.
"""

import re
import unicodedata
from functools import lru_cache

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

# Two ways to join matches to a sorted page. A rare word: collect its few rowids once and walk the
# sort index keeping those (SET). A common word (a brand name: hundreds of thousands of matches,
# which take ~3 µs each to collect): walk the sort index and test each row's words in Python with
# the tokenizer's rules (PROBE) — a page needs a few hundred tests when one row in four matches.
# FTS5 itself cannot test one row cheaply: MATCH with rowid = ? re-reads the whole doclist.
SET = "set"
PROBE = "probe"
DENSE = 15_000  # matches from which probing wins (measured on 1M mentions; see tests/bench/queue.py)
MATCHES_SQL = f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH :words"
PROBE_FUNCTION = "horseshoe_words_match"
PROBE_SQL = f"{PROBE_FUNCTION}(:words, mentions.text, mentions.author_handle, mentions.author_name)"


def strategy(connection, expression: str) -> str:
    """SET or PROBE for ``expression``, by counting its matches up to :data:`DENSE`.

    The words as whole terms first: FTS5 reads a term's doclist lazily, so that count stops early
    (1–5 ms at a million mentions), and when whole words alone are dense their prefixes are too. A
    prefix query must merge every matching term's doclist before its first row (10–25 ms for common
    words), so it is counted only when the whole words were not enough to decide.
    """
    bounded = f"SELECT count(*) FROM (SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH ? LIMIT {DENSE})"
    whole_words = expression.replace('"*', '"')
    dense = connection.exec_driver_sql(bounded, (whole_words,)).scalar_one() >= DENSE
    if not dense and connection.exec_driver_sql(bounded, (expression,)).scalar_one() < DENSE:
        return SET
    connection.connection.driver_connection.create_function(
        PROBE_FUNCTION, 4, words_match, deterministic=True
    )
    return PROBE


_TOKEN = re.compile(r"[^\W_]+")  # unicode61: letters and digits; everything else separates


def fold(text: str) -> list[str]:
    """Tokens as the index holds them: case-folded, diacritics removed (``remove_diacritics 2``)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return _TOKEN.findall("".join(c for c in decomposed if not unicodedata.combining(c)))


@lru_cache(maxsize=64)
def _prefixes(expression: str) -> tuple[str, ...]:
    return tuple(token for phrase in _PHRASE.findall(expression) for token in fold(phrase))


def prefixes(expression: str) -> tuple[str, ...]:
    """The folded word prefixes an expression from :func:`match_expression` asks for."""
    return _prefixes(expression)


def words_match(expression: str, *columns: str | None) -> bool:
    """Whether a row matches ``expression`` (from :func:`match_expression`) as the FTS index would:
    every word a prefix of some token of the text or author."""
    prefixes = _prefixes(expression)
    present = [column for column in columns if column]
    if all(column.isascii() for column in present):
        # Most rows: ASCII folds by lower(), so a prefix absent from the lowered text cannot match.
        lowered = " ".join(present).lower()
        if not all(prefix in lowered for prefix in prefixes):
            return False
    tokens = [token for column in present for token in fold(column)]
    return all(any(token.startswith(prefix) for token in tokens) for prefix in prefixes)


_PHRASE = re.compile(r'"([^"]*)"')
_WORD = re.compile(r"\w+", re.UNICODE)


def match_expression(text: str) -> str | None:
    """The agent's words as an FTS5 query: every word, as a prefix, ANDed; None when there are none.

    Words are quoted, so nothing the agent types (quotes, ``AND``, ``*``, ``:``, ``-``) is FTS syntax:
    a search never fails on its input, and ``@ana`` finds the handle ``@ana_b``.
    """
    words = _WORD.findall(text)
    return " ".join(f'"{word}"*' for word in words[:16]) or None


# --- the archive's indexes: brand replies and notes ---------------------------------------------

# Replies as mentions are: the ``replies`` table is the external content, triggers keep it in step.
REPLIES = "replies_fts"
REPLY_TRIGGERS = ("replies_fts_insert", "replies_fts_delete", "replies_fts_update")
# Notes live inside events' JSON (an agent's ``note_added``, a guidance session's note step), so
# their index holds its own copy of the text and the case id: notes are short and few.
NOTES = "notes_fts"
NOTE_TRIGGERS = ("notes_fts_insert", "notes_fts_delete", "notes_fts_update")
NOTE_TYPES = ("note_added", "guidance_step")


def _note_text(row: str) -> str:
    """The note an events row carries ('' for any other event, or data that does not read)."""
    return (
        f"CASE WHEN NOT json_valid({row}.data) THEN '' "
        f"WHEN {row}.type = 'note_added' THEN COALESCE(json_extract({row}.data, '$.text'), '') "
        f"WHEN json_extract({row}.data, '$.event.kind') = 'note' "
        f"THEN COALESCE(json_extract({row}.data, '$.event.text'), '') ELSE '' END"
    )


NOTE_TEXT = _note_text("events")  # for reading an events row's note in a query
_IS_NOTE_TYPE = "{row}.type IN ('note_added', 'guidance_step')"
_ADD_NOTE = (
    f"INSERT INTO {NOTES}(rowid, text, case_id) SELECT new.rowid, note, new.case_id "
    f"FROM (SELECT CAST({_note_text('new')} AS TEXT) AS note) WHERE note != ''; "
)
ARCHIVE_TABLES = frozenset(
    f"{table}{suffix}"
    for table in (REPLIES, NOTES)
    for suffix in ("", "_data", "_idx", "_docsize", "_config", "_content")
)

ARCHIVE_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {REPLIES} USING fts5(text, content='replies', "
    "content_rowid='rowid', tokenize='unicode61 remove_diacritics 2')",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {NOTES} USING fts5(text, case_id UNINDEXED, "
    "tokenize='unicode61 remove_diacritics 2')",
    *(f"DROP TRIGGER IF EXISTS {name}" for name in (*REPLY_TRIGGERS, *NOTE_TRIGGERS)),
    "CREATE TRIGGER replies_fts_insert AFTER INSERT ON replies BEGIN "
    f"INSERT INTO {REPLIES}(rowid, text) VALUES (new.rowid, new.text); END",
    "CREATE TRIGGER replies_fts_delete AFTER DELETE ON replies BEGIN "
    f"INSERT INTO {REPLIES}({REPLIES}, rowid, text) VALUES ('delete', old.rowid, old.text); END",
    "CREATE TRIGGER replies_fts_update AFTER UPDATE OF text ON replies WHEN old.text IS NOT new.text BEGIN "
    f"INSERT INTO {REPLIES}({REPLIES}, rowid, text) VALUES ('delete', old.rowid, old.text); "
    f"INSERT INTO {REPLIES}(rowid, text) VALUES (new.rowid, new.text); END",
    f"CREATE TRIGGER notes_fts_insert AFTER INSERT ON events WHEN {_IS_NOTE_TYPE.format(row='new')} "
    f"BEGIN {_ADD_NOTE}END",
    f"CREATE TRIGGER notes_fts_delete AFTER DELETE ON events WHEN {_IS_NOTE_TYPE.format(row='old')} "
    f"BEGIN DELETE FROM {NOTES} WHERE rowid = old.rowid; END",
    # The replica upserts every column of an event it sees again: reindex only when its note may differ.
    "CREATE TRIGGER notes_fts_update AFTER UPDATE OF type, data, case_id ON events "
    "WHEN old.type IS NOT new.type OR old.data IS NOT new.data OR old.case_id IS NOT new.case_id "
    f"BEGIN DELETE FROM {NOTES} WHERE rowid = old.rowid; {_ADD_NOTE}END",
    f"INSERT INTO {REPLIES}({REPLIES}) VALUES ('rebuild')",
    f"DELETE FROM {NOTES}",
    f"INSERT INTO {NOTES}(rowid, text, case_id) SELECT rowid, note, case_id FROM (SELECT rowid, case_id, "
    f"CAST({NOTE_TEXT} AS TEXT) AS note FROM events WHERE {_IS_NOTE_TYPE.format(row='events')}) "
    "WHERE note != ''",
)
"""The archive's indexes (migration 0014). A migration that recreates ``replies`` or ``events`` must
run it again, as :data:`DDL` for ``mentions``: it ends by filling both indexes afresh."""


def is_modelled(name: str | None, type_: str, _parents: dict) -> bool:
    """Alembic's ``include_name``: the search tables are not in the SQLAlchemy models."""
    return not (type_ == "table" and (name in TABLES or name in ARCHIVE_TABLES))
