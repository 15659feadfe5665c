"""``horseshoe-hub trees``: check tree files, publish them, list and show what is published, and
publish the rules that choose a case's tree.

``check`` needs no database. The disposition catalog is the bundled one unless ``--dispositions``
names another; ``check`` tests escalation teams only against the ``--team`` names given, since the
teams live in the hub's database and a CI run has none. ``publish`` runs the same check against the
hub's own teams and published trees, and stores nothing unless it passes (console.hub.tree_store).
"""

import argparse
import getpass
import json
import sys
from pathlib import Path
from typing import TextIO

from sqlalchemy import Engine

from console.guidance.checking import CHOICE_FILES, check_trees, tree_files
from console.guidance.choice import ChoiceRules, ChoiceRulesError
from console.guidance.problems import Problem, Severity, error
from console.guidance.published import DIGEST_PREFIX, parse_ref
from console.guidance.validation import DEFAULT_MAX_NODES, Context
from console.hub import tree_store
from console.hub.cli_text import print_table, utc_minute
from console.hub.tree_store import Status, catalog_ids


def add_parser(commands, command) -> None:
    """``command(subparsers, name, help)`` makes a subcommand that opens the hub's database."""
    trees = commands.add_parser(
        "trees", help="decision trees: check, publish, list and show them; publish the choice rules"
    )
    actions = trees.add_subparsers(dest="action", required=True)
    check = actions.add_parser(
        "check",
        help="report every problem in tree files (exit 1 on errors; warnings do not fail)",
        description="Check decision-tree files (resources/trees/schema.json and the rules in "
        "resources/trees/README.md). Prints file:line: node: rule: message, then a summary.",
    )
    check.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="tree files, or folders of them")
    check.add_argument("--json", action="store_true", help="one JSON object: problems and summary")
    check.add_argument(
        "--dispositions", type=Path, metavar="FILE", help="disposition catalog (default: the bundled one)"
    )
    check.add_argument(
        "--team",
        action="append",
        metavar="NAME",
        help="a team escalations may name (repeat it; without, teams are unchecked)",
    )
    check.add_argument(
        "--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N", help="warn past this many nodes"
    )

    publish = command(
        actions,
        "publish",
        "check tree files against this hub (its teams, its published trees) and publish them all, "
        "or nothing when there is an error; a published version never changes",
    )
    publish.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="tree files, or folders of them")
    publish.add_argument("--json", action="store_true", help="one JSON object: problems, trees and summary")
    publish.add_argument(
        "--dispositions", type=Path, metavar="FILE", help="disposition catalog (default: the bundled one)"
    )
    publish.add_argument(
        "--max-nodes", type=int, default=DEFAULT_MAX_NODES, metavar="N", help="warn past this many nodes"
    )
    publish.add_argument("--by", metavar="NAME", help="who publishes (default: your login name)")
    publish.set_defaults(run=_publish)

    listing = command(actions, "list", "list published tree versions, and the choice rules in force")
    listing.add_argument("--json", action="store_true", help="one JSON object")
    listing.set_defaults(run=_list)

    show = command(actions, "show", "print a published tree's source (ID for the latest, or ID@VERSION)")
    show.add_argument("ref", metavar="ID[@VERSION]")
    show.set_defaults(run=_show)

    rules = command(
        actions,
        "rules",
        "publish the rules that choose a case's tree (resources/trees/choice.yaml shows the format); "
        "every tree they name must be published",
    )
    rules.add_argument("file", type=Path, metavar="FILE")
    rules.add_argument("--by", metavar="NAME", help="who publishes (default: your login name)")
    rules.set_defaults(run=_rules)


def run(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    dispositions = _catalog_and_paths(args)
    if dispositions is None:
        return 2
    context = Context(dispositions, frozenset(args.team) if args.team else None, max_nodes=args.max_nodes)
    choice_files = _choice_files(args.paths)
    files = [f for f in tree_files(args.paths) if f not in choice_files]
    trees, problems = check_trees(files, context)
    problems += _choice_problems(choice_files)
    problems.sort(key=lambda p: (p.file, p.line))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    if args.json:
        summary = _summary(len(files), len(trees), problems)
        print(json.dumps({"problems": [p.as_dict() for p in problems], "summary": summary}), file=stdout)
    else:
        for problem in problems:
            print(problem, file=stdout)
        print(_summary_line(len(files), len(trees), problems), file=stdout)
    return 1 if errors else 0


def _catalog_and_paths(args: argparse.Namespace) -> frozenset[str] | None:
    """The disposition catalog's ids, or None (said on stderr) when it or a path given is missing."""
    try:
        dispositions = catalog_ids(args.dispositions)
    except ValueError as failure:
        print(f"horseshoe-hub trees: {failure}", file=sys.stderr)
        return None
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"horseshoe-hub trees: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return None
    return dispositions


def _summary(files: int, trees: int, problems: list[Problem]) -> dict[str, int]:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    return {"files": files, "trees": trees, "errors": errors, "warnings": len(problems) - errors}


def _summary_line(files: int, trees: int, problems: list[Problem]) -> str:
    counts = _summary(files, trees, problems)
    errors, warnings = counts["errors"], counts["warnings"]
    return (
        f"{files} file{'s' * (files != 1)}, {trees} tree{'s' * (trees != 1)}: "
        f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    )


def _choice_files(paths: list[Path]) -> list[Path]:
    """The choice rules among the paths (``choice.yaml``, named or in a folder): not trees, but
    ``check`` reads them too."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.name in CHOICE_FILES and p.is_file())
        elif path.name in CHOICE_FILES:
            found.append(path)
    return found


def _choice_problems(files: list[Path]) -> list[Problem]:
    problems: list[Problem] = []
    for path in files:
        try:
            ChoiceRules.parse(path.read_text("utf-8"), str(path))
        except ChoiceRulesError as failure:
            problems += failure.problems
        except (OSError, UnicodeDecodeError) as failure:
            problems.append(error(str(path), 0, "", "unreadable", f"cannot be read ({failure})"))
    return problems


def _publish(engine: Engine, args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    dispositions = _catalog_and_paths(args)
    if dispositions is None:
        return 2
    files = tree_files(args.paths)
    result = tree_store.publish_trees(
        engine,
        files,
        dispositions=dispositions,
        published_by=args.by or _login(),
        max_nodes=args.max_nodes,
    )
    published = result.ok and any(o.status is Status.PUBLISHED for o in result.outcomes)
    if args.json:
        body = {
            "problems": [p.as_dict() for p in result.problems],
            "trees": [o.as_dict() for o in result.outcomes],
            "published": published,
            "summary": _summary(len(files), len(result.outcomes), result.problems),
        }
        print(json.dumps(body), file=stdout)
        return 0 if result.ok else 1
    for problem in result.problems:
        print(problem, file=stdout)
    print(_summary_line(len(files), len(result.outcomes), result.problems), file=stdout)
    if result.errors:
        print("nothing published: fix the errors first", file=stdout)
        return 1
    for outcome in result.outcomes:
        digest = f" (digest {outcome.digest[:DIGEST_PREFIX]})" if outcome.digest else ""
        print(f"{outcome.status.value}: {outcome.ref}{digest}", file=stdout)
        if outcome.status is Status.REFUSED:
            print(f"  {outcome.message}", file=stdout)
    if not result.ok:
        print("nothing published", file=stdout)
        return 1
    return 0


def _list(engine: Engine, args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    trees = tree_store.published_trees(engine)
    latest: dict[str, int] = {}
    for tree in trees:
        latest[tree.tree_id] = max(latest.get(tree.tree_id, 0), tree.version)
    rules = tree_store.current_rules(engine)
    if args.json:
        body = {
            "trees": [
                {
                    "tree": t.tree_id,
                    "version": t.version,
                    "digest": t.digest,
                    "title": t.title,
                    "published_ms": t.published_ms,
                    "published_by": t.published_by,
                    "latest": latest[t.tree_id] == t.version,
                }
                for t in trees
            ],
            "choice_rules": None
            if rules is None
            else {
                "digest": rules.digest,
                "published_ms": rules.published_ms,
                "published_by": rules.published_by,
            },
        }
        print(json.dumps(body), file=stdout)
        return 0
    rows = [("TREE", "VERSION", "DIGEST", "PUBLISHED", "BY", "LATEST", "TITLE")]
    for t in trees:
        is_latest = "latest" if latest[t.tree_id] == t.version else ""
        row = (
            t.tree_id,
            str(t.version),
            t.digest[:DIGEST_PREFIX],
            utc_minute(t.published_ms),
            t.published_by,
        )
        rows.append((*row, is_latest, t.title))
    if trees:
        print_table(rows, stdout)
    else:
        print("no trees published", file=stdout)
    if rules is None:
        print("choice rules: none published", file=stdout)
    else:
        when = utc_minute(rules.published_ms)
        print(
            f"choice rules: {rules.digest[:DIGEST_PREFIX]}, published {when} by {rules.published_by}",
            file=stdout,
        )
    return 0


def _show(engine: Engine, args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    try:
        tree_id, version = parse_ref(args.ref)
    except ValueError as failure:
        print(f"horseshoe-hub trees: {failure}", file=sys.stderr)
        return 2
    tree = tree_store.tree_version(engine, tree_id, version)
    if tree is None:
        print(f"horseshoe-hub trees: {args.ref} is not published (see `trees list`)", file=sys.stderr)
        return 1
    stdout.write(tree.source if tree.source.endswith("\n") else tree.source + "\n")
    return 0


def _rules(engine: Engine, args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    try:
        text = args.file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as failure:
        print(f"horseshoe-hub trees: cannot read {args.file}: {failure}", file=sys.stderr)
        return 2
    try:
        digest, changed = tree_store.publish_rules(
            engine, text, str(args.file), published_by=args.by or _login()
        )
    except ChoiceRulesError as failure:
        for problem in failure.problems:
            print(problem, file=stdout)
        print("choice rules not published: fix the errors first", file=stdout)
        return 1
    except tree_store.RulesRefusedError as failure:
        print(f"choice rules not published: {failure}", file=stdout)
        return 1
    state = "in force" if changed else "already in force"
    print(f"choice rules {digest[:DIGEST_PREFIX]} {state}", file=stdout)
    return 0


def _login() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without passwd entry)
        return "unknown"
