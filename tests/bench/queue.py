"""The queue over a big cache: ``python -m tests.bench queue [--size N]`` (default 1,000,000 mentions).

Setup writes the cache with raw ``sqlite3`` into the migrated schema (search triggers off during the
load, the index rebuilt once after), then a fresh process (tests/bench/queue_ui.py) measures what an
agent feels, each against a baseline measured in that same process:

* launch: process start → main window shown with the first page painted (offscreen);
* page: sort or filter change → first page in the model, p95, vs the raw sqlite3 time for the same
  page query (``ratio``; the target is ≤ 2);
* search: quick-search change → first page, p95 (vs raw sqlite3);
* scroll: 10,000 rows, one viewport per step, the viewport's paint time per frame (p50/p95/max);
* rss: the UI process's peak resident memory.
"""

import json
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from console.storage import search
from console.storage.database import open_cache
from tests.bench.common import figure

NETWORKS = ["x", "facebook", "instagram", "youtube", "reddit", "mastodon", "bluesky", "reviews"]
TEAMS = ["Support", "PR", "Legal", "Sales", "Marketing"]
LANGUAGES = ["en"] * 12 + ["es", "fr", "de", "pt", "ar", "he", "it", "ja"]
WORDS = [
    "refund",
    "delivery",
    "order",
    "late",
    "broken",
    "love",
    "great",
    "terrible",
    "app",
    "crash",
    "login",
    "password",
    "flight",
    "delayed",
    "baggage",
    "lost",
    "help",
    "please",
    "thanks",
    "awful",
    "amazing",
    "service",
    "support",
    "wait",
    "hours",
    "still",
    "nothing",
    "account",
    "charged",
    "twice",
    "cancel",
    "subscription",
    "price",
    "store",
    "staff",
    "rude",
    "friendly",
    "fast",
    "slow",
    "update",
    "bug",
    "fix",
    "screen",
    "battery",
    "phone",
    "replacement",
    "warranty",
    "invoice",
    "shipping",
    "tracking",
    "parcel",
    "missing",
    "damaged",
]
RTL = ["الطلب وصل مكسور", "אני מחכה כבר שעה", "شكرا جزيلا"]
BASE_MS = 1_760_000_000_000
CASE_COLUMNS = [
    "id",
    "network",
    "account_id",
    "conversation_key",
    "status",
    "opened_ms",
    "updated_ms",
    "last_mention_ms",
    "mention_count",
    "assignee",
    "claim_holder",
    "tags",
    "first_response_ms",
    "resolved_ms",
    "reopen_count",
    "version",
    "seq",
    "claim_token",
    "claim_expires_ms",
    "team",
]
MENTION_COLUMNS = [
    "id",
    "network",
    "external_id",
    "account_id",
    "kind",
    "author_handle",
    "author_name",
    "author_followers",
    "author_verified",
    "text",
    "lang",
    "url",
    "created_ms",
    "parent_external_id",
    "conversation_key",
    "sentiment",
    "sentiment_score",
    "rating",
    "case_id",
    "seq",
    "from_brand",
]


def _insert(table: str, columns: list[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def run(size: int = 1_000_000) -> list[dict]:
    with tempfile.TemporaryDirectory(prefix="horseshoe-queue-bench-") as folder:
        path = Path(folder) / "cache.sqlite"
        started = time.perf_counter()
        people = _build(path, size)
        built = time.perf_counter() - started
        figures = [figure("queue", "setup", built, "s")]
        command = [sys.executable, "-m", "tests.bench.queue_ui", str(path), people[0], repr(time.time())]
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)
        if done.returncode:
            raise RuntimeError(f"the queue UI bench failed:\n{done.stderr[-4000:]}")
        figures += [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        return figures


def _build(path: Path, size: int) -> list[str]:
    """A cache of ``size`` mentions in conversations of ~2.5, with their cases, accounts and people."""
    open_cache(path).close()  # migrated schema, then raw inserts into it
    rng = random.Random(7)
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")
    for trigger in search.TRIGGERS:
        connection.execute(f"DROP TRIGGER {trigger}")
    connection.execute("BEGIN")
    accounts = [
        (f"acct-{n}", NETWORKS[n % 8], f"@brand{n}", f"Brand {n}", TEAMS[n % 5], 1) for n in range(40)
    ]
    connection.executemany("INSERT INTO accounts VALUES (?, ?, ?, ?, ?, ?)", accounts)
    people = [f"user-{n:03d}" for n in range(60)]
    connection.executemany(
        _insert("users", ["id", "username", "name", "role", "teams", "disabled", "created_ms", "seq"]),
        [(p, p, f"Agent {n}", "agent", '["Support"]', False, BASE_MS, 1) for n, p in enumerate(people)],
    )
    connection.executemany("INSERT INTO teams (id, seq) VALUES (?, 1)", [(t,) for t in TEAMS])
    case_count = max(1, size * 2 // 5)
    statuses = ["new"] * 5 + ["open"] * 3 + ["pending", "resolved"]
    cases = []
    for n in range(case_count):
        account = accounts[n % len(accounts)]
        holder = people[n % 60] if n % 300 == 0 else None  # ~22 claimed cases an agent, as on a real floor
        cases.append(
            (f"c{n:08d}", account[1], account[0], f"k{n}", statuses[n % 10], BASE_MS, BASE_MS, BASE_MS, 1,
             None, holder, "[]", None, None, 0, 1, 1, 1 if holder else 0, BASE_MS + 9**12 if holder else None,
             TEAMS[(n // 7) % 5] if n % 11 == 0 else None)
        )  # fmt: skip
    connection.executemany(_insert("cases", CASE_COLUMNS), cases)
    del cases
    batch = []
    for n in range(size):
        account = accounts[rng.randrange(len(accounts))]
        words = rng.choices(WORDS, k=rng.randint(6, 24))
        text = rng.choice(RTL) if n % 97 == 0 else " ".join(words)
        sentiment = rng.choice(("negative", "neutral", "positive"))
        batch.append(
            (f"m{n:08d}", account[1], f"e{n}", account[0], "post", f"@user{rng.randrange(200_000)}",
             f"User {n % 50_000}", rng.randrange(100_000), n % 50 == 0, text, rng.choice(LANGUAGES),
             f"https://demo.invalid/{n}", BASE_MS + rng.randrange(90 * 86_400_000), None, f"k{n}",
             sentiment, round(rng.uniform(-1, 1), 2), None, f"c{rng.randrange(case_count):08d}", n, False)
        )  # fmt: skip
        if len(batch) == 50_000:
            connection.executemany(_insert("mentions", MENTION_COLUMNS), batch)
            batch = []
    if batch:
        connection.executemany(_insert("mentions", MENTION_COLUMNS), batch)
    for statement in search.DDL[1:]:  # the triggers again, and one rebuild of the index
        connection.execute(statement)
    connection.execute("COMMIT")
    connection.execute("ANALYZE")
    connection.close()
    return people
