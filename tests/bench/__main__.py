"""Benchmarks: ``python -m tests.bench [NAME ...] [--size N]``; one JSON object per line per figure.

Each figure that has a baseline measured in the same run reports it with ``ratio`` = value / baseline,
because these machines are shared and noisy: ratios travel, absolute numbers do not.
"""

import argparse
import json
import sys

from tests.bench import (
    analytics,
    archive,
    classify,
    floor,
    guidance,
    ingest,
    live,
    normalize,
    publish,
    push,
    queue,
    runner,
    sync,
    tree_report,
    trees,
)

BENCHES = {
    "classify": classify.run,
    "ingest": ingest.run,
    "sync": sync.run,
    "live": live.run,
    "normalize": normalize.run,
    "push": push.run,
    "publish": publish.run,
    "queue": queue.run,
    "trees": trees.run,
    "guidance": guidance.run,
    "runner": runner.run,
    "tree_report": tree_report.run,
    "analytics": analytics.run,
    "floor": floor.run,
    "archive": archive.run,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help=f"benchmarks: {', '.join(BENCHES)} (default: all)"
    )
    parser.add_argument(
        "--size",
        type=int,
        help="mentions to ingest and sync (default: each benchmark's own, mostly 100,000; queue 1,000,000)",
    )
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - BENCHES.keys())
    if unknown:
        parser.error(f"unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
    for name in args.names or list(BENCHES):
        for figure in BENCHES[name](**({"size": args.size} if args.size else {})):
            print(json.dumps(figure), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
