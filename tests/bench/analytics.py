"""Analytics over a cache holding 1,000,000 cases (``--size`` cases): ``python -m tests.bench analytics``.

The per-case facts go into a migrated cache with raw ``sqlite3`` (a year of cases on 8 networks, 40
accounts in 6 teams, 60 agents, 12 guidance paths; 85% answered, 70% resolved, 8% reopened, 2% spam).

* baseline, same run: raw ``sqlite3`` running one GROUP BY network over the facts table with a count
  and a sum (streamed along the place index, as the report's are) — the floor of any report that
  reads every case once;
* report by network, agent, guidance path, by day and by week over the year: every measure with its
  percentiles, what the dialog shows (three GROUP BY scans side by side, each group's histogram
  walked once for its percentiles);
* dialog wait: a report by network plus the chart's series, over all the cases (by week) and over
  the last 30 days (by day: the dialog's default), what a change of period costs;
* the last 30 days by network, agent and day: a short period is read through the day index;
* facts derivation: deriving the facts of 20,000 cases from their cases, mentions and events rows
  (what a sync page pays on top of applying its rows), per 1,000 cases.
"""

import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from console.domain.measures import DAY_MS, GroupBy, time_bucket
from console.storage import case_facts
from console.storage.analytics_repo import Period, group_report
from console.storage.database import open_cache
from tests.bench.common import figure

START = 1_735_689_600_000  # 2025-01-01 UTC
NETWORKS = ["x", "facebook", "instagram", "youtube", "reddit", "mastodon", "bluesky", "reviews"]
PATHS = [f"refund_request · {d}" for d in ("refund_issued", "replacement_sent", "stopped at ask")] + [
    f"tree_{i} · resolved_answered" for i in range(9)
]


def _rows(size: int, rng: random.Random) -> Iterator[tuple]:
    for n in range(size):
        opened = START + rng.randrange(365 * DAY_MS)
        network = NETWORKS[n % 8]
        account = f"acct-{n % 40}"
        answered = rng.random() < 0.85
        response = int(rng.lognormvariate(13.5, 1.4)) if answered else None
        resolved = rng.random() < 0.7
        resolution = (response or 0) + int(rng.lognormvariate(15, 1.2)) if resolved else None
        ever = resolved or rng.random() < 0.05
        yield (
            f"case-{n:07d}",
            opened,
            opened // DAY_MS,
            network,
            account,
            f"team-{n % 6}",
            f"user-{rng.randrange(60)}" if answered else "",
            PATHS[rng.randrange(12)] if rng.random() < 0.4 else "",
            int(rng.random() < 0.02),
            opened,
            response,
            None if response is None else time_bucket(response),
            resolution,
            None if resolution is None else time_bucket(resolution),
            int(ever),
            int(ever and rng.random() < 0.08),
            round(rng.uniform(-0.5, 1.0), 2) if answered and rng.random() < 0.5 else None,
        )


def _fill(path: Path, size: int, rng: random.Random) -> None:
    open_cache(path).close()
    connection = sqlite3.connect(path)
    connection.executemany(f"INSERT INTO case_facts VALUES ({', '.join('?' * 17)})", _rows(size, rng))
    connection.commit()
    connection.close()


def _baseline(path: Path) -> int:
    connection = sqlite3.connect(path)
    rows = connection.execute(
        "SELECT network, COUNT(*), SUM(response_ms) FROM case_facts GROUP BY network"
    ).fetchall()
    connection.close()
    return sum(n for _, n, _ in rows)


def _best(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def _report(cache, group: GroupBy, period: Period | None = None):
    period = period or Period()
    return cache.read_sync(lambda c: group_report(c, group, period))


def _derivation(folder: Path, cases: int, rng: random.Random) -> float:
    """Seconds to derive the facts of ``cases`` cases, each with 3 mentions and 4 events."""
    path = folder / "derive.sqlite"
    open_cache(path).close()
    connection = sqlite3.connect(path)
    case_rows, mention_rows, event_rows = [], [], []
    for n in range(cases):
        case_id, t0 = f"c{n}", START + n * 60_000
        case_rows.append((case_id, t0, t0 + 3_600_000))
        for k in range(3):
            mention_rows.append((f"m{n}-{k}", f"e{n}-{k}", t0 + k * 600_000, rng.uniform(-1, 1), case_id))
        for k, kind in enumerate(("case_created", "reply_published", "guidance_step", "resolved")):
            event_rows.append((f"v{n}-{k}", case_id, kind, t0 + k * 300_000, "user-1", "{}"))
    connection.executemany(
        "INSERT INTO cases (id, network, account_id, conversation_key, status, opened_ms, updated_ms,"
        " last_mention_ms, mention_count, tags, reopen_count, version, resolved_ms, seq)"
        " VALUES (?, 'x', 'a', '', 'resolved', ?, 1, 1, 3, '[]', 0, 1, ?, 1)",
        case_rows,
    )
    connection.executemany(
        "INSERT INTO mentions (id, network, external_id, account_id, kind, author_handle, author_name,"
        " author_followers, author_verified, text, lang, url, created_ms, conversation_key, sentiment,"
        " sentiment_score, case_id, seq) VALUES (?, 'x', ?, 'a', 'post', 'h', 'n', 1, 0, 't', 'en', '',"
        " ?, 'k', 'neutral', ?, ?, 1)",
        mention_rows,
    )
    connection.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, 1)", event_rows)
    connection.commit()
    connection.close()
    cache = open_cache(path)
    try:
        ids = [row[0] for row in case_rows]
        start = time.perf_counter()
        cache.write_sync(lambda c: case_facts.refresh(c, ids))  # what refresh_stale does, in slices
        seconds = time.perf_counter() - start
        derived = cache.read_sync(lambda c: c.exec_driver_sql("SELECT COUNT(*) FROM case_facts").scalar())
        assert derived == cases
    finally:
        cache.close()
    return seconds


def run(size: int = 1_000_000) -> Iterator[dict]:
    rng = random.Random(8)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cache.sqlite"
        _fill(path, size, rng)
        cache = open_cache(path)
        try:
            baseline, counted = _best(lambda: _baseline(path))
            assert counted == size
            figures = {}
            for group in (GroupBy.NETWORK, GroupBy.AGENT, GroupBy.GUIDANCE, GroupBy.DAY, GroupBy.WEEK):
                figures[group], (groups, total) = _best(lambda g=group: _report(cache, g))
                assert total.cases + total.excluded == size and groups
            last_30 = Period(START + 335 * DAY_MS, START + 365 * DAY_MS)
            recent = {}
            for group in (GroupBy.NETWORK, GroupBy.AGENT, GroupBy.DAY):
                recent[group], (_, month) = _best(lambda g=group: _report(cache, g, last_30))
        finally:
            cache.close()
        derive = _derivation(Path(folder), 20_000, rng)
    label = f"{size:,} cases"
    yield figure("analytics", f"raw sqlite3 GROUP BY network, {label} (baseline)", baseline, "ms")
    for group, ms in figures.items():
        yield figure("analytics", f"report by {group.value}, every measure, {label}", ms, "ms", baseline)
    yield figure(
        "analytics",
        f"dialog wait (report by network + weekly series), {label}",
        figures[GroupBy.NETWORK] + figures[GroupBy.WEEK],
        "ms",
        baseline,
    )
    for group, ms in recent.items():
        yield figure(
            "analytics", f"report by {group.value}, last 30 days ({month.cases:,} cases)", ms, "ms", baseline
        )
    yield figure(
        "analytics",
        "dialog wait, last 30 days (report by network + daily series)",
        recent[GroupBy.NETWORK] + recent[GroupBy.DAY],
        "ms",
        baseline,
    )
    yield figure(
        "analytics", "facts derivation per 1,000 cases (3 mentions, 4 events each)", derive / 20 * 1000, "ms"
    )
