"""The supervisor's floor view over 200 agents and 10,000 open cases plus history (``--size`` resolved
cases of history, default 1,000,000): ``python -m tests.bench floor``.

The cache is filled with raw ``sqlite3``: a year of resolved cases (one mention, a claim, a reply and
a resolution each), today's handled cases, and 10,000 open cases opened over the last six hours with
first-response promises due an hour after opening, a third of them assigned or claimed.

* change → floor: a sync page answering 50 open cases (their case rows and reply events) is applied
  to the cache; the figure is the time from the page being applied to the floor's snapshot refreshed
  (``FloorService.snapshot`` after ``saw``), and with the Qt models and charts of the view updated
  offscreen; p95 over the repeats (target ≤ 1 s);
* the first (full) read when the view opens;
* baseline, same run: raw ``sqlite3`` running the floor's aggregations once over the open cases
  (depth per network, account, team and priority band, oldest, at risk and breached counts).
"""

import asyncio
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from console.domain.floor import HOUR_MS, day_start_ms
from console.domain.sync import AppliedChanges
from console.services.floor import FloorService
from console.storage.database import open_cache
from console.storage.floor_repo import FloorRepository
from tests.bench.common import figure

NETWORKS = ["x", "facebook", "instagram", "youtube", "reddit", "mastodon", "bluesky", "reviews"]
TEAMS = ["Support", "Billing", "PR", "Social", "Retail", "Travel"]
MIN = 60_000
DAY = 86_400_000
FIRST_NAMES = (  # noqa: SIM905
    "Ana Bo Chen Dina Eli Farah Gus Hana Ivo Jun Kai Lea Max Nia Omar Pia Raj Sofia Tom Uma"
).split()
LAST_NAMES = "Lima Berg Park Okafor Novak Costa Ito Silva Moreau Khan".split()  # noqa: SIM905

_CASE_SQL = (
    "INSERT INTO cases (id, network, account_id, conversation_key, status, opened_ms, updated_ms,"
    " last_mention_ms, mention_count, assignee, claim_holder, tags, first_response_ms, resolved_ms,"
    " reopen_count, version, claim_token, claim_expires_ms, team, priority, sla_policy,"
    " first_response_due_ms, resolution_due_ms, seq) VALUES"
    " (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, '[]', ?, ?, 0, 1, 0, ?, NULL, ?, 'standard', ?, ?, 1)"
)
_MENTION_SQL = (
    "INSERT INTO mentions (id, network, external_id, account_id, kind, author_handle, author_name,"
    " author_followers, author_verified, text, lang, url, created_ms, conversation_key, sentiment,"
    " sentiment_score, from_brand, intent, priority, case_id, seq) VALUES (?, ?, ?, ?, 'post', ?, ?, 10, 0,"
    " 'text', 'en', '', ?, ?, ?, ?, 0, 'question', ?, ?, 1)"
)


def fill(
    path: Path, now: int, history: int, open_cases: int = 10_000, agents: int = 200, seed: int = 8
) -> None:
    """A migrated cache at ``path`` holding the floor described in the module docstring."""
    rng = random.Random(seed)
    open_cache(path).close()
    db = sqlite3.connect(path)
    accounts = [
        (f"acct-{n}", NETWORKS[n % 8], f"brand_{NETWORKS[n % 8]}_{n}", f"Brand {n}", TEAMS[n % 6], 1)
        for n in range(40)
    ]
    db.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)", accounts)
    db.executemany("INSERT INTO teams VALUES (?, 1)", [(t,) for t in TEAMS])
    people = [
        (
            f"user-{n}",
            f"u{n}",
            f"{FIRST_NAMES[n % 20]} {LAST_NAMES[n // 20 % 10]}" + (f" {n // 200 + 1}" if n >= 200 else ""),
            "agent",
            f'["{TEAMS[n % 6]}"]',
            0,
            1,
            1,
        )
        for n in range(agents)
    ] + [(f"sup-{n}", f"s{n}", f"Supervisor {n}", "supervisor", '["Support"]', 0, 1, 1) for n in range(5)]
    db.executemany("INSERT INTO users VALUES (?, ?, ?, ?, ?, ?, ?, ?)", people)
    day = day_start_ms(now)

    def case_rows(count: int, prefix: str, start: int, span: int, open_: bool) -> Iterator[tuple]:
        for n in range(count):
            account = accounts[rng.randrange(40)]
            # Open cases lean recent (the floor keeps up with most); the rest spread over their span.
            opened = now - int(span * rng.random() ** 2.5) if open_ else start + rng.randrange(max(1, span))
            priority = rng.randrange(100)
            agent = f"user-{rng.randrange(agents)}"
            first = None if open_ else opened + int(rng.lognormvariate(13.5, 0.8))
            resolved = None if open_ else (first or opened) + int(rng.lognormvariate(14, 1))
            holder = agent if open_ and rng.random() < 0.2 else None
            assignee = agent if open_ and holder is None and rng.random() < 0.15 else None
            yield (
                f"{prefix}{n:07d}",
                account[1],
                account[0],
                f"k-{prefix}{n}",
                rng.choice(("new", "open")) if open_ else "resolved",
                opened,
                max(opened, resolved or opened),
                opened,
                assignee,
                holder,
                first,
                resolved,
                now + 20 * MIN if holder else None,
                priority,
                opened + (HOUR_MS if priority >= 70 else 4 * HOUR_MS),  # urgent cases owe an hour
                opened + 24 * HOUR_MS,
            )

    def load(rows: list[tuple], mention_score: bool = True) -> None:
        db.executemany(_CASE_SQL, rows)
        mentions, events = [], []
        for row in rows:
            case_id, network, account, key, _status, opened, _u, _l, _a, holder, first, resolved = row[:12]
            score = round(rng.uniform(-1, 1), 2)
            mentions.append(
                (f"m-{case_id}", network, f"e-{case_id}", account, f"@c{rng.randrange(10**6)}", "Customer",
                 opened, key, "negative" if score < -0.3 else "neutral", score, rng.randrange(100), case_id)
            )  # fmt: skip
            agent = holder or f"user-{rng.randrange(agents)}"
            if first is not None:
                handle = int(rng.lognormvariate(12.7, 0.6))  # claim → reply: some 5 min, spread
                events.append((f"v1-{case_id}", case_id, "claimed", first - handle, agent, "{}"))
                events.append((f"v2-{case_id}", case_id, "reply_published", first, agent, "{}"))
            if resolved is not None:
                events.append((f"v3-{case_id}", case_id, "resolved", resolved, agent, "{}"))
            if holder is not None:
                events.append((f"v4-{case_id}", case_id, "claimed", now - 5 * MIN, holder, "{}"))
        db.executemany(_MENTION_SQL, mentions)
        db.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, 1)", events)

    for start in range(0, history, 100_000):
        count, prefix = min(100_000, history - start), f"h{start // 100_000:02d}-"
        load(list(case_rows(count, prefix, now - 365 * DAY, 364 * DAY, False)))
    today = [r for r in case_rows(3_000, "t-", day, max(1, now - day - 2 * HOUR_MS), False) if r[11] < now]
    load(today)
    load(list(case_rows(open_cases, "o-", now - 5 * HOUR_MS, 5 * HOUR_MS, True)))
    db.execute(
        "INSERT INTO crisis_alerts VALUES ('al-1', 'outage', ?, 48, 4.0,"
        " '48 negative mentions of \"outage\" in 10 min (baseline 4)', '[]', 'PR', ?, 1)",
        (now - 40 * MIN, now - 38 * MIN),
    )
    db.commit()
    db.execute("ANALYZE")
    db.close()


def _baseline(path: Path, now: int) -> float:
    db = sqlite3.connect(path)
    start = time.perf_counter()
    owed = "CASE WHEN first_response_ms IS NULL THEN first_response_due_ms ELSE resolution_due_ms END"
    for group in ("network", "account_id", "COALESCE(team, '')", "priority / 20"):
        db.execute(
            f"SELECT {group}, COUNT(*), MIN(opened_ms), SUM({owed} <= ?),"
            f" SUM({owed} > ? AND opened_ms + ({owed} - opened_ms) * 0.75 <= ?)"
            " FROM cases WHERE status != 'resolved' GROUP BY 1",
            (now, now, now),
        ).fetchall()
    seconds = time.perf_counter() - start
    db.close()
    return seconds * 1000


def _answer_page(cache, open_ids: list[str], rng: random.Random, round_: int, now: int) -> AppliedChanges:
    """A sync page: 50 open cases answered by agents (case rows and reply events)."""
    chosen = rng.sample(open_ids, 50)
    events = [
        (f"r{round_}-{c}", c, "reply_published", now, f"user-{rng.randrange(200)}", "{}") for c in chosen
    ]

    def work(connection):
        driver = connection.connection.cursor()
        driver.executemany(
            "UPDATE cases SET first_response_ms = ?, updated_ms = ?, status = 'open' WHERE id = ?",
            [(now, now, c) for c in chosen],
        )
        driver.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, 1)", events)
        driver.close()

    cache.write_sync(work)
    return AppliedChanges(cases=frozenset(chosen), events=frozenset(e[0] for e in events))


def _window(floor):
    """The floor view offscreen, or None without Qt."""
    try:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        from PySide6.QtWidgets import QApplication

        from console.ui.floor_view import FloorWindow
    except ImportError:
        return None, None
    app = QApplication.instance() or QApplication([])
    return app, FloorWindow(floor)  # not shown: no timers, no loads of its own; fed by hand below


def run(size: int = 1_000_000, repeats: int = 20) -> Iterator[dict]:
    now = int(time.time() * 1000)
    rng = random.Random(3)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cache.sqlite"
        start = time.perf_counter()
        fill(path, now, size)
        filled = time.perf_counter() - start
        baseline = min(_baseline(path, now) for _ in range(3))
        cache = open_cache(path)
        try:
            floor = FloorService(FloorRepository(cache), lambda: "supervisor", clock=lambda: now)
            started = time.perf_counter()
            snap = asyncio.run(floor.snapshot())
            first = (time.perf_counter() - started) * 1000
            assert snap.depth == 10_000 and len(snap.agents) == 205, (snap.depth, len(snap.agents))
            open_ids = [line.case_id for line in snap.oldest_cases] + [f"o-{n:07d}" for n in range(10_000)]
            open_ids = list(dict.fromkeys(open_ids))
            app, window = _window(floor)
            if window is not None:  # opening the view fits its columns once: not part of an update
                window.show_snapshot(snap)
            service_ms, view_ms = [], []
            for round_ in range(repeats):
                changes = _answer_page(cache, open_ids, rng, round_, now)
                began = time.perf_counter()
                floor.saw(changes)
                snap = asyncio.run(floor.snapshot())
                service_ms.append((time.perf_counter() - began) * 1000)
                if window is not None:
                    window.show_snapshot(snap)
                    app.processEvents()
                    view_ms.append((time.perf_counter() - began) * 1000)
        finally:
            cache.close()
    label = f"200 agents, 10,000 open cases, {size:,} cases of history"
    yield figure("floor", f"fill the cache ({label})", filled, "s")
    yield figure("floor", "raw sqlite3 floor aggregations over the open cases (baseline)", baseline, "ms")
    yield figure("floor", f"first (full) floor read, {label}", first, "ms", baseline)
    yield figure(
        "floor",
        f"change → floor snapshot, p95 of {repeats} (target ≤ 1000)",
        _p95(service_ms),
        "ms",
        baseline,
    )
    if view_ms:
        yield figure("floor", f"change → floor view updated offscreen, p95 of {repeats} (target ≤ 1000)",
                     _p95(view_ms), "ms", baseline)  # fmt: skip


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]
