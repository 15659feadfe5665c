"""``horseshoe-hub trees check PATH...``: the decision-tree validator for authors and CI.

Needs no database. The disposition catalog is the bundled one unless ``--dispositions`` names
another; escalation teams are checked only against the ``--team`` names given, since the teams live
in the hub's database and a CI run has none.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import TextIO

import yaml
from horseshoe_resources import resource

from console.guidance.checking import check_trees, tree_files
from console.guidance.problems import Severity
from console.guidance.validation import DEFAULT_MAX_NODES, Context


def add_parser(commands) -> None:
    trees = commands.add_parser("trees", help="decision trees: check tree files before they are published")
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


def run(args: argparse.Namespace, stdout: TextIO | None = None) -> int:
    stdout = stdout or sys.stdout
    try:
        dispositions = _disposition_ids(args.dispositions)
    except ValueError as failure:
        print(f"horseshoe-hub trees: {failure}", file=sys.stderr)
        return 2
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"horseshoe-hub trees: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    context = Context(dispositions, frozenset(args.team) if args.team else None, max_nodes=args.max_nodes)
    files = tree_files(args.paths)
    trees, problems = check_trees(files, context)
    problems.sort(key=lambda p: (p.file, p.line))
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    if args.json:
        summary = {"files": len(files), "trees": len(trees), "errors": errors, "warnings": warnings}
        print(json.dumps({"problems": [p.as_dict() for p in problems], "summary": summary}), file=stdout)
    else:
        for problem in problems:
            print(problem, file=stdout)
        print(
            f"{len(files)} file{'s' * (len(files) != 1)}, {len(trees)} tree{'s' * (len(trees) != 1)}: "
            f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}",
            file=stdout,
        )
    return 1 if errors else 0


def _disposition_ids(path: Path | None) -> frozenset[str]:
    """The ids of the catalog. Only the ids matter here; the console's loader (in storage, which
    the hub does not import) judges the rest of each entry."""
    try:
        text = resource("dispositions.yaml").read_text("utf-8") if path is None else path.read_text("utf-8")
        document = yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as failure:
        raise ValueError(f"cannot read the disposition catalog {path}: {failure}") from None
    entries = document.get("dispositions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f"the disposition catalog {path} needs a top-level 'dispositions:' list")
    return frozenset(e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str))
