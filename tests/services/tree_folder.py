"""For tests: tree files in a folder as a catalog of published trees (default: resources/trees/).

The same shape as the cache's published trees (console.storage.trees_repo.TreesRepo: tree id,
version, digest, source), so the guidance service runs on either; tests run it on their own files.
Each file counts as published at its own version, with its content digest; a file that cannot be read
as a tree is left out (choice.yaml among them). The choice is the plainest rule: the tree named for
the mention's intent (``complaint`` → the first tree whose id starts with it), else none — the agent
picks one with "Switch tree…".
"""

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml
from horseshoe_resources import resource

from console.guidance.published import content_digest


@dataclass(frozen=True, slots=True)
class BundledTree:
    tree_id: str
    version: int
    digest: str
    source: str
    title: str
    published_ms: int = 0
    published_by: str = "bundled"


@dataclass(frozen=True, slots=True)
class BundledChoice:
    tree_id: str
    version: int
    why: str
    arm: str = ""


def digest_of(source: str) -> str:
    return content_digest(source)  # as the hub identifies a published version


class BundledTrees:
    """Every tree file in ``folder`` (default: the bundled resources/trees/)."""

    def __init__(self, folder: Path | None = None) -> None:
        self._folder = folder
        self._trees: list[BundledTree] | None = None

    def _all(self) -> list[BundledTree]:
        if self._trees is None:
            folder = self._folder or Path(str(resource("trees")))
            self._trees = [t for t in map(_read, sorted(folder.glob("*.y*ml"))) if t is not None]
        return self._trees

    async def published(self) -> list[BundledTree]:
        return list(self._all())

    async def version(self, tree_id: str, version: int) -> BundledTree | None:
        return next((t for t in self._all() if (t.tree_id, t.version) == (tree_id, version)), None)

    async def latest_versions(self) -> dict[str, int]:
        latest: dict[str, int] = {}
        for tree in self._all():
            latest[tree.tree_id] = max(latest.get(tree.tree_id, 0), tree.version)
        return latest

    async def choice_rules(self) -> tuple:
        return ()


def choose_by_intent(
    rules: object, *, intent: str, latest: Mapping[str, int], **_case: object
) -> BundledChoice | None:
    """The tree whose id starts with the intent, at its latest version (``rules`` are not used)."""
    if not intent:
        return None
    for tree_id in sorted(latest):
        if tree_id.startswith(intent):
            return BundledChoice(tree_id, latest[tree_id], f"the mention's intent is {intent}")
    return None


def _read(path: Path) -> BundledTree | None:
    try:
        source = path.read_text("utf-8")
        document = yaml.safe_load(source)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    if not isinstance(document, dict) or not isinstance(document.get("id"), str):
        return None
    version = document.get("version")
    if not isinstance(version, int):
        return None
    title = str(document.get("title") or document["id"])
    return BundledTree(document["id"], version, digest_of(source), source, title)
