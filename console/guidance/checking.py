"""Checking tree files together: calls between them resolve against the set being checked."""

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from console.guidance.loading import load_tree
from console.guidance.problems import Problem, Severity, error
from console.guidance.runner import Resolver
from console.guidance.tree import Tree
from console.guidance.tree_tests import run_tests
from console.guidance.validation import Context, validate

TREE_SUFFIXES = (".yaml", ".yml")
CHOICE_FILES = ("choice.yaml", "choice.yml")  # the choice rules beside the trees: not a tree (choice.py)


def tree_files(paths: Iterable[Path | str]) -> list[Path]:
    """The files named, and every .yaml/.yml file under the folders named (but the choice rules,
    ``choice.yaml``), sorted within each folder."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p
                for p in path.rglob("*")
                if p.suffix in TREE_SUFFIXES and p.name not in CHOICE_FILES and p.is_file()
            )
        else:
            found.append(path)
    return list(dict.fromkeys(found))


def check_trees(
    paths: Iterable[Path | str], context: Context, published: Resolver | None = None
) -> tuple[list[Tree], list[Problem]]:
    """Load and validate every tree file under ``paths``. A call may name any tree among them, as
    well as those already in ``context.trees`` (the published ones). The test cases of every tree
    without errors are then run; a call into a tree not among the files goes to ``published``
    (without it, such a test fails)."""
    trees: list[Tree] = []
    problems: list[Problem] = []
    for file in tree_files(paths):
        load = load_tree(file)
        problems += load.problems
        if load.tree is not None:
            trees.append(load.tree)
    seen: dict[tuple[str, int], Tree] = {}
    for tree in trees:
        key = (tree.id, tree.version)
        if key in seen:
            message = f"tree {tree.id!r} version {tree.version} is also defined in {seen[key].file}"
            problems.append(error(tree.file, tree.line, "", "duplicate-tree", message))
        seen.setdefault(key, tree)
    known = replace(context, trees=context.trees | seen.keys())
    for tree in trees:
        found = validate(tree, known)
        problems += found
        if not any(p.severity is Severity.ERROR for p in found):
            problems += run_tests(tree, lambda tree_id, version: _resolve(seen, published, tree_id, version))
    return trees, problems


def _resolve(
    seen: dict[tuple[str, int], Tree], published: Resolver | None, tree_id: str, version: int
) -> Tree:
    tree = seen.get((tree_id, version))
    if tree is not None:
        return tree
    if published is None:
        raise LookupError(f"tree {tree_id}@{version} is not among the files checked")
    return published(tree_id, version)
