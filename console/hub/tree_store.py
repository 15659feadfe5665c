"""Published decision trees and choice rules in the hub's database.

Publishing runs the same check as ``trees check`` — against the hub's own teams and the trees it
has published — and stores nothing unless every file passes. A version, once published, never
changes: the same id and version again with the same text is a no-op, with other text it is
refused (bump ``version``). The rows replicate to every workstation like the directory does.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml
from horseshoe_resources import resource
from sqlalchemy import Connection, Engine, func, insert, select, update

from console.domain.clock import now_ms
from console.guidance.checking import check_trees, tree_files
from console.guidance.choice import ChoiceRules
from console.guidance.loading import load_tree
from console.guidance.problems import Problem, Severity
from console.guidance.published import PublishedTree, content_digest, normalise_source, tree_ref
from console.guidance.tree import Tree
from console.guidance.validation import DEFAULT_MAX_NODES, Context
from console.hub.changelog import lock_sequence
from console.hub.database import reader
from console.hub.schema import teams, tree_choice_rules, tree_versions

MAX_TREE_ID = 200  # the column's width
MAX_BY = 64


class Status(StrEnum):
    PUBLISHED = "published"
    ALREADY = "already published"
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class Outcome:
    ref: str  # tree_id@version
    digest: str
    status: Status
    message: str
    file: str

    def as_dict(self) -> dict[str, str]:
        return {
            "tree": self.ref,
            "file": self.file,
            "digest": self.digest,
            "status": self.status.value,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class PublishResult:
    problems: list[Problem]  # what the check found (warnings only, when anything was published)
    outcomes: list[Outcome]  # one per tree; empty when the check failed

    @property
    def errors(self) -> int:
        return sum(p.severity is Severity.ERROR for p in self.problems)

    @property
    def ok(self) -> bool:
        return not self.errors and all(o.status is not Status.REFUSED for o in self.outcomes)


@dataclass(frozen=True, slots=True)
class PublishedRules:
    digest: str
    source: str
    published_ms: int
    published_by: str


class RulesRefusedError(ValueError):
    """A rules file that names a tree or version the hub has not published; nothing was stored."""


def publish_trees(
    engine: Engine,
    paths: Iterable[Path | str],
    *,
    dispositions: frozenset[str],
    published_by: str,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> PublishResult:
    """Check the tree files under ``paths`` and publish them all, or none.

    Calls may name trees among the files or already published. A file whose id and version are
    published with other text refuses the whole batch: trees published together may call each other.
    """
    files = tree_files(paths)
    sources = {str(f): _source(f) for f in files}
    with reader(engine).connect() as connection:
        team_names = frozenset(connection.scalars(select(teams.c.id)))
        published = {(row.tree_id, row.version) for row in connection.execute(select(tree_versions))}
    context = Context(dispositions, team_names, frozenset(published), max_nodes)
    trees, problems = check_trees(files, context, _published_resolver(engine))
    problems.sort(key=lambda p: (p.file, p.line))
    if any(p.severity is Severity.ERROR for p in problems):
        return PublishResult(problems, [])
    outcomes = [_refusal(tree, sources) for tree in trees]
    if any(o.status is Status.REFUSED for o in outcomes):
        return PublishResult(problems, outcomes)
    by = published_by[:MAX_BY]
    with engine.begin() as connection:
        sequence = lock_sequence(connection)  # also serialises two publishers of one version
        outcomes = [_against_stored(connection, tree, sources[tree.file]) for tree in trees]
        if all(o.status is not Status.REFUSED for o in outcomes):
            now = now_ms()
            for tree, outcome in zip(trees, outcomes, strict=True):
                if outcome.status is Status.PUBLISHED:
                    source = sources[tree.file]
                    connection.execute(
                        insert(tree_versions).values(
                            id=outcome.ref,
                            tree_id=tree.id,
                            version=tree.version,
                            digest=outcome.digest,
                            source=source,
                            title=tree.title[:255],
                            published_ms=now,
                            published_by=by,
                            seq=sequence.next(),
                        )
                    )
            sequence.close()
    return PublishResult(problems, outcomes)


def publish_rules(engine: Engine, text: str, source_name: str, *, published_by: str) -> tuple[str, bool]:
    """Put a choice-rules file in force; returns its digest and whether anything changed.

    Raises ChoiceRulesError for a file that does not parse, RulesRefusedError for one naming a tree, or
    an experiment's version, that is not published. The same file again is a no-op; an earlier one
    comes back into force (its row moves to a new change number).
    """
    source = normalise_source(text)
    rules = ChoiceRules.parse(source, source_name)
    digest = content_digest(source)
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        versions = _published_keys(connection)
        latest = {tree_id for tree_id, _version in versions}
        missing = sorted(rules.trees - latest)
        if missing:
            raise RulesRefusedError(
                f"{source_name}: not published: {', '.join(missing)}; publish the trees first"
            )
        for experiment in rules.experiments:
            absent = [v for v in experiment.versions if (experiment.tree, v) not in versions]
            if absent:
                refs = ", ".join(tree_ref(experiment.tree, v) for v in absent)
                raise RulesRefusedError(
                    f"{source_name}: the experiment on {experiment.tree} names {refs}, not published"
                )
        current = _current_rules(connection)
        if current is not None and current.digest == digest:
            return digest, False
        values = {"published_ms": now_ms(), "published_by": published_by[:MAX_BY], "seq": sequence.next()}
        known = connection.scalar(select(tree_choice_rules.c.id).where(tree_choice_rules.c.id == digest))
        if known:
            connection.execute(
                update(tree_choice_rules).where(tree_choice_rules.c.id == digest).values(values)
            )
        else:
            connection.execute(insert(tree_choice_rules).values(id=digest, source=source, **values))
        sequence.close()
    return digest, True


def published_trees(engine: Engine) -> list[PublishedTree]:
    """Every published version, by tree id then version."""
    with reader(engine).connect() as connection:
        rows = connection.execute(
            select(tree_versions).order_by(tree_versions.c.tree_id, tree_versions.c.version)
        )
        return [_published(row) for row in rows]


def tree_version(engine: Engine, tree_id: str, version: int | None = None) -> PublishedTree | None:
    """One published version; ``version`` None: the latest."""
    query = select(tree_versions).where(tree_versions.c.tree_id == tree_id)
    if version is None:
        query = query.order_by(tree_versions.c.version.desc()).limit(1)
    else:
        query = query.where(tree_versions.c.version == version)
    with reader(engine).connect() as connection:
        row = connection.execute(query).first()
    return None if row is None else _published(row)


def latest_versions(engine: Engine) -> dict[str, int]:
    with reader(engine).connect() as connection:
        query = select(tree_versions.c.tree_id, func.max(tree_versions.c.version)).group_by(
            tree_versions.c.tree_id
        )
        return {tree_id: version for tree_id, version in connection.execute(query)}


def current_rules(engine: Engine) -> PublishedRules | None:
    """The choice rules in force, or None before any were published."""
    with reader(engine).connect() as connection:
        return _current_rules(connection)


def _current_rules(connection: Connection) -> PublishedRules | None:
    row = connection.execute(
        select(tree_choice_rules).order_by(tree_choice_rules.c.seq.desc()).limit(1)
    ).first()
    return None if row is None else PublishedRules(row.id, row.source, row.published_ms, row.published_by)


def _published_keys(connection: Connection) -> set[tuple[str, int]]:
    return {
        tuple(row) for row in connection.execute(select(tree_versions.c.tree_id, tree_versions.c.version))
    }


def _published(row) -> PublishedTree:
    return PublishedTree(
        row.tree_id, row.version, row.digest, row.source, row.title, row.published_ms, row.published_by
    )


def _published_resolver(engine: Engine):
    """Loads a published tree for a test case's ``call`` into it (each at most once per publish)."""

    @cache
    def resolve(tree_id: str, version: int) -> Tree:
        stored = tree_version(engine, tree_id, version)
        if stored is None:
            raise LookupError(f"tree {tree_ref(tree_id, version)} is not published")
        load = load_tree(stored.ref, stored.source)
        if load.tree is None:
            raise LookupError(f"the published tree {stored.ref} no longer loads")
        return load.tree

    return resolve


def _source(path: Path) -> str | None:
    try:
        return normalise_source(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None  # the check reports it


def _refusal(tree: Tree, sources: dict[str, str | None]) -> Outcome:
    """What can be said of a checked tree before looking at the database."""
    ref = tree_ref(tree.id, tree.version)
    source = sources.get(tree.file)
    if source is None or _source(Path(tree.file)) != source:
        message = f"{tree.file} changed while it was checked; publish again"
        return Outcome(ref, "", Status.REFUSED, message, tree.file)
    if len(tree.id) > MAX_TREE_ID:
        return Outcome(ref, "", Status.REFUSED, f"the tree id is over {MAX_TREE_ID} characters", tree.file)
    return Outcome(ref, content_digest(source), Status.PUBLISHED, "", tree.file)


def _against_stored(connection: Connection, tree: Tree, source: str) -> Outcome:
    ref, digest = tree_ref(tree.id, tree.version), content_digest(source)
    stored = connection.scalar(select(tree_versions.c.digest).where(tree_versions.c.id == ref))
    if stored is None:
        return Outcome(ref, digest, Status.PUBLISHED, f"published {ref}", tree.file)
    if stored == digest:
        return Outcome(ref, digest, Status.ALREADY, f"{ref} is already published with this text", tree.file)
    message = (
        f"{ref} is already published with other text (digest {stored[:12]}, this file {digest[:12]}); "
        f"a published version never changes: give the tree a new 'version'"
    )
    return Outcome(ref, digest, Status.REFUSED, message, tree.file)


def catalog_ids(path: Path | None = None) -> frozenset[str]:
    """The ids of the disposition catalog at ``path`` (None: the bundled one). Only the ids matter
    here; the console's loader (in storage, which the hub does not import) judges the rest."""
    try:
        text = resource("dispositions.yaml").read_text("utf-8") if path is None else path.read_text("utf-8")
        document = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as failure:
        raise ValueError(f"cannot read the disposition catalog {path}: {failure}") from None
    entries = document.get("dispositions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"the disposition catalog {path} needs a top-level 'dispositions:' list")
    return frozenset(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))
