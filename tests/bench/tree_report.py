"""The tree report over a cache holding 10,000 recorded guidance sessions (``--size`` sessions, ~100k
session events), beside as many events of other types: ``python -m tests.bench tree_report``.

Sessions are recorded by the real runner on the refund example (two versions, random answers,
backs, notes and sessions left midway), a few hundred distinct ones repeated under new session and
case ids to make up the count; they go into a migrated cache with raw ``sqlite3``.

* baseline, same run: raw ``sqlite3`` reading the guidance rows' ``data`` and ``json.loads`` on each
  — the floor of any report read from this table;
* read: the repository's one query (tree filter in SQL, case outcome joined) and the events rebuilt;
* report: folding every session and counting (all versions), and an A/B comparison (two reports);
* dialog wait: read + report, what the agent waits for after choosing a tree.
"""

import json
import random
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from console.guidance.report import build_report
from console.guidance.report_compare import compare
from console.guidance.runner import RunnerError, Session
from console.storage.database import open_cache
from console.storage.guidance_events import recorded_sessions
from tests.bench.common import figure
from tests.guidance.report_sessions import T0, V1, V2, Clock

DISTINCT = 400
CHOICES = ["A refund", "Nothing we can do", "accept", "accept", "back", "note", "success", "failure"]


def _session(rng: random.Random):
    tree = V1 if rng.random() < 0.5 else V2
    clock = Clock(T0)
    session = Session(tree, {"case.priority": rng.randint(0, 100)}, clock=clock)
    session.start()
    for _ in range(rng.randint(2, 9)):
        if session.ended is not None or rng.random() < 0.04:
            break  # some are left midway
        clock.wait(rng.expovariate(1 / 30))
        choice = rng.choice(CHOICES)
        try:
            if choice == "accept":
                session.accept()
            elif choice == "back":
                session.back()
            elif choice == "note":
                session.note("checked the order history")
            elif session.current is not None and session.current.type == "input":
                session.answer({"order_id": f"A-{rng.randint(1000, 9999)}"})
            else:
                session.answer(choice)
        except RunnerError:
            pass
    return f"{tree.id}@{tree.version}", [e.as_dict() for e in session.events]


def _fill(path: Path, sessions: int, rng: random.Random) -> int:
    open_cache(path).close()
    made = [_session(rng) for _ in range(DISTINCT)]
    connection = sqlite3.connect(path)
    event_rows, case_rows, other_rows = [], [], []
    for number in range(sessions):
        key, events = made[number % DISTINCT]
        case_id = f"case-{number:06d}"
        session_id = f"s-{number:06d}"
        for event in events:
            data = json.dumps({"session": session_id, "tree": key, "digest": "d", "event": event})
            event_rows.append((f"{session_id}-{event['index']}", case_id, "guidance_step", 1, "u", data, 1))
        for k in range(len(events)):  # as many events of other kinds: the scan passes them by
            other_rows.append((f"o-{number}-{k}", case_id, "note_added", 1, "u", '{"text": "x"}', 1))
        before = rng.uniform(-1, 0)
        after = None if rng.random() < 0.3 else min(1.0, before + rng.uniform(-0.3, 1))
        case_rows.append((case_id, "resolved", "refund_issued", before, after))
    connection.executemany("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?)", event_rows + other_rows)
    connection.executemany(
        "INSERT INTO cases (id, network, account_id, conversation_key, status, opened_ms, updated_ms,"
        " last_mention_ms, mention_count, tags, reopen_count, version, disposition, sentiment_before,"
        " sentiment_after, seq) VALUES (?, 'x', 'a', ?, ?, 1, 1, 1, 1, '[]', 0, 1, ?, ?, ?, 1)",
        [(c, c, s, d, b, a) for c, s, d, b, a in case_rows],
    )
    connection.commit()
    connection.close()
    return len(event_rows)


def _baseline(path: Path) -> int:
    connection = sqlite3.connect(path)
    rows = connection.execute("SELECT data FROM events WHERE type = 'guidance_step'").fetchall()
    parsed = [json.loads(data) for (data,) in rows]
    connection.close()
    return len(parsed)


def _best(function, repeat: int = 3) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def run(size: int = 10_000) -> Iterator[dict]:
    rng = random.Random(6)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cache.sqlite"
        events = _fill(path, size, rng)
        cache = open_cache(path)
        try:
            baseline, parsed = _best(lambda: _baseline(path))
            assert parsed == events
            reading, (sessions, unreadable) = _best(
                lambda: cache.read_sync(lambda c: recorded_sessions(c, "refund_request"))
            )
            assert len(sessions) == size and unreadable == 0
            counting, report = _best(lambda: build_report("refund_request", sessions))
            assert report.sessions == size
            comparing, _ = _best(
                lambda: compare(
                    build_report("refund_request", sessions, [1]),
                    build_report("refund_request", sessions, [2]),
                )
            )
        finally:
            cache.close()
    label = f"{size:,} sessions, {events:,} session events"
    yield figure("tree_report", f"raw sqlite3 read + json.loads, {label} (baseline)", baseline, "ms")
    yield figure("tree_report", f"read sessions with their cases, {label}", reading, "ms", baseline)
    yield figure("tree_report", f"report, all versions, {label}", counting, "ms", baseline)
    yield figure("tree_report", f"A/B comparison, {label}", comparing, "ms", baseline)
    yield figure("tree_report", f"dialog wait (read + report), {label}", reading + counting, "ms", baseline)
    yield figure("tree_report", "distinct paths in the report", len(report.paths), "paths")
