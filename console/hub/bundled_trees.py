"""The trees that ship with Horseshoe, published by an embedded hub when it starts.

A new user's console has guidance at once: every bundled tree (resources/trees/*.yaml) that passes
the check is published as it is, and the bundled choice rules (resources/trees/choice.yaml) are put
in force the first time they are seen — a later change by an administrator is not undone at the
next start. A bundled tree that fails (or whose version is already published with other text) is
logged and left out, with any tree that calls it; nothing here stops the app.
"""

import logging
from dataclasses import dataclass, field
from importlib.resources import as_file
from pathlib import Path

from sqlalchemy import Engine, select

from console.guidance.checking import tree_files
from console.guidance.choice import ChoiceRulesError
from console.guidance.problems import Severity
from console.guidance.published import content_digest, normalise_source
from console.hub import tree_store
from console.hub.database import reader
from console.hub.schema import tree_choice_rules, tree_versions
from console.hub.tree_store import Status

log = logging.getLogger(__name__)

BUNDLED_BY = "bundled"
CHOICE_FILE = "choice.yaml"


@dataclass(slots=True)
class BundledResult:
    published: list[str] = field(default_factory=list)  # tree_id@version newly published
    skipped: dict[str, str] = field(default_factory=dict)  # file → why it was left out
    rules: str = "absent"  # "published", "already published", "absent" or why they were not


def publish_bundled(engine: Engine, folder: Path | None = None) -> BundledResult:
    """Publish the bundled trees and choice rules that are not published yet (``folder``: tests)."""
    if folder is not None:
        return _publish_folder(engine, folder)
    from horseshoe_resources import resource

    with as_file(resource("trees")) as bundled:
        return _publish_folder(engine, Path(bundled))


def publish_bundled_safely(engine: Engine) -> BundledResult | None:
    """:func:`publish_bundled` for the app's start: any failure is logged, never raised."""
    try:
        return publish_bundled(engine)
    except Exception:  # guidance is worth less than a console that starts
        log.exception("the bundled decision trees could not be published")
        return None


def _publish_folder(engine: Engine, folder: Path) -> BundledResult:
    result = BundledResult()
    files = tree_files([folder]) if folder.is_dir() else []
    with reader(engine).connect() as connection:
        digests = set(connection.scalars(select(tree_versions.c.digest)))
        rule_digests = set(connection.scalars(select(tree_choice_rules.c.id)))
    # Every start after the first: nothing new, and no need to check anything.
    pending = [f for f in files if _digest(f) not in digests]
    if pending:
        _publish_trees(engine, pending, result)
    choice = folder / CHOICE_FILE
    if choice.is_file():
        _publish_rules(engine, choice, rule_digests, result)
    return result


def _publish_trees(engine: Engine, files: list[Path], result: BundledResult) -> None:
    dispositions = tree_store.catalog_ids()
    # Each round leaves out the files that failed; a tree calling one of them fails in the next.
    while files:
        outcome = tree_store.publish_trees(engine, files, dispositions=dispositions, published_by=BUNDLED_BY)
        failed: dict[str, str] = {}
        for problem in outcome.problems:
            if problem.severity is Severity.ERROR:
                failed.setdefault(problem.file, str(problem))
        for refused in (o for o in outcome.outcomes if o.status is Status.REFUSED):
            failed.setdefault(refused.file, refused.message)
        if not failed:
            result.published += [o.ref for o in outcome.outcomes if o.status is Status.PUBLISHED]
            if result.published:
                log.info("published the bundled trees %s", ", ".join(result.published))
            return
        for file, why in failed.items():
            log.warning("bundled tree %s left out: %s", file, why)
            result.skipped[file] = why
        remaining = [f for f in files if str(f) not in failed]
        if len(remaining) == len(files):  # a problem in no file of ours: give up rather than loop
            return
        files = remaining


def _publish_rules(engine: Engine, path: Path, known: set[str], result: BundledResult) -> None:
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as failure:
        result.rules = f"unreadable: {failure}"
        log.warning("bundled choice rules %s: %s", path, result.rules)
        return
    if content_digest(text) in known:
        result.rules = "already published"
        return
    try:
        tree_store.publish_rules(engine, text, str(path), published_by=BUNDLED_BY)
    except (ChoiceRulesError, tree_store.RulesRefusedError) as failure:
        result.rules = f"not published: {failure}"
        log.warning("bundled choice rules %s", result.rules)
        return
    result.rules = "published"
    log.info("published the bundled choice rules %s", path.name)


def _digest(path: Path) -> str:
    try:
        return content_digest(normalise_source(path.read_text("utf-8")))
    except (OSError, UnicodeDecodeError):
        return ""  # the check will say why
