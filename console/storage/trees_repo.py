"""Published decision trees and the choice rules in force, as the cache holds them (replicated from
the hub by the pull), so a workstation chooses and runs trees offline."""

import logging

from sqlalchemy import Connection, func, select

from console.guidance.choice import ChoiceRules, ChoiceRulesError
from console.guidance.published import PublishedTree, tree_ref
from console.storage.database import CacheDatabase
from console.storage.schema import tree_choice_rules, tree_versions

log = logging.getLogger(__name__)


class TreesRepo:
    def __init__(self, db: CacheDatabase):
        self._db = db
        self._rules: tuple[str, ChoiceRules | None] | None = None  # (digest, parsed): parsed once per file

    async def published(self) -> list[PublishedTree]:
        """Every published version, by tree id then version."""
        return await self._db.read(published)

    async def version(self, tree_id: str, version: int) -> PublishedTree | None:
        return await self._db.read(lambda c: tree_version(c, tree_id, version))

    async def latest_versions(self) -> dict[str, int]:
        """Each published tree's latest version: what console.guidance.choice.choose takes as ``latest``."""
        return await self._db.read(latest_versions)

    async def choice_rules(self) -> ChoiceRules | None:
        """The rules in force, or None when the hub has published none (or the cache has not got them yet)."""
        stored = await self._db.read(current_rules_source)
        if stored is None:
            return None
        digest, source = stored
        if self._rules is None or self._rules[0] != digest:
            self._rules = (digest, _parse(digest, source))
        return self._rules[1]


def published(connection: Connection) -> list[PublishedTree]:
    rows = connection.execute(
        select(tree_versions).order_by(tree_versions.c.tree_id, tree_versions.c.version)
    )
    return [_published(row) for row in rows]


def tree_version(connection: Connection, tree_id: str, version: int) -> PublishedTree | None:
    row = connection.execute(
        select(tree_versions).where(tree_versions.c.id == tree_ref(tree_id, version))
    ).first()
    return None if row is None else _published(row)


def latest_versions(connection: Connection) -> dict[str, int]:
    query = select(tree_versions.c.tree_id, func.max(tree_versions.c.version)).group_by(
        tree_versions.c.tree_id
    )
    return {tree_id: version for tree_id, version in connection.execute(query)}


def current_rules_source(connection: Connection) -> tuple[str, str] | None:
    """(digest, source) of the rules in force: the row the hub changed last."""
    query = select(tree_choice_rules.c.id, tree_choice_rules.c.source).order_by(
        tree_choice_rules.c.seq.desc()
    )
    row = connection.execute(query.limit(1)).first()
    return None if row is None else (row.id, row.source)


def _parse(digest: str, source: str) -> ChoiceRules | None:
    try:
        return ChoiceRules.parse(source, f"choice rules {digest[:12]}")
    except ChoiceRulesError as failure:  # the hub parsed it before publishing: a newer format, perhaps
        log.warning("the published choice rules %s cannot be read here: %s", digest[:12], failure)
        return None


def _published(row) -> PublishedTree:
    return PublishedTree(
        row.tree_id, row.version, row.digest, row.source, row.title, row.published_ms, row.published_by
    )
