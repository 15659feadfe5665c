"""The UI half of the queue benchmark, in a fresh process: ``python -m tests.bench.queue_ui CACHE USER T0``.

Prints one JSON figure per line (see tests/bench/queue.py). ``T0`` is the parent's clock just before
it started this process, so "launch" includes the interpreter, imports, the cache and the first paint.
"""

import sys
import time

STARTED = float(sys.argv[3]) if len(sys.argv) > 3 else time.time()

import asyncio  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sqlite3  # noqa: E402
from dataclasses import replace  # noqa: E402
from pathlib import Path  # noqa: E402
from types import SimpleNamespace  # noqa: E402

import qasync  # noqa: E402
from PySide6.QtCore import QModelIndex  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from console.domain.case import CaseStatus  # noqa: E402
from console.domain.network import Network  # noqa: E402
from console.domain.queue import UNASSIGNED, QueueQuery, QueueSort  # noqa: E402
from console.domain.sentiment import Sentiment  # noqa: E402
from console.services.queue import QueueService  # noqa: E402
from console.storage import queue_repo, search  # noqa: E402
from console.storage.database import open_cache  # noqa: E402
from console.storage.queue_repo import QueueRepository  # noqa: E402
from console.ui.changes_hub import ChangesHub  # noqa: E402
from console.ui.main_window import MainWindow  # noqa: E402
from tests.bench.common import figure  # noqa: E402

REPEATS = 21  # p95 of 21 is the second worst: one timer tick in the run does not set it
SCROLL_ROWS = 10_000


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def emit(record: dict) -> None:
    print(json.dumps(record), flush=True)


async def first_page(model, change) -> float:
    """Apply ``change`` to the model; seconds until its first page is in."""
    loaded = asyncio.get_running_loop().create_future()

    def done(_rows: int) -> None:
        if not loaded.done():
            loaded.set_result(time.perf_counter())

    model.page_loaded.connect(done)
    try:
        start = time.perf_counter()
        change()
        return await asyncio.wait_for(loaded, 30) - start
    finally:
        model.page_loaded.disconnect(done)


def raw_page_seconds(raw: sqlite3.Connection, query: QueueQuery) -> float:
    """The same page's SQL, with the same bound parameters (literals would change SQLite's plan)."""
    statement = queue_repo.page_statement(query, None, 200, _strategy(raw, query))
    compiled = statement.compile(dialect=_dialect(), compile_kwargs={"render_postcompile": True})
    values = compiled.construct_params()
    parameters = [values[name] for name in compiled.positiontup]
    start = time.perf_counter()
    rows = raw.execute(str(compiled), parameters).fetchall()
    elapsed = time.perf_counter() - start
    assert rows, f"the bench query found nothing: {query}"
    return elapsed


def _strategy(raw: sqlite3.Connection, query: QueueQuery):
    """The search plan the repository picks, decided by the same code over the raw connection."""
    expression = search.match_expression(query.text)
    return search.strategy(_RawConnection(raw), expression) if expression else False


class _RawConnection:
    """Just enough of a SQLAlchemy connection for :func:`search.strategy` over plain sqlite3."""

    def __init__(self, raw: sqlite3.Connection):
        self.connection = SimpleNamespace(driver_connection=raw)

    def exec_driver_sql(self, sql: str, parameters: tuple):
        value = self.connection.driver_connection.execute(sql, parameters).fetchone()[0]
        return SimpleNamespace(scalar_one=lambda: value)


def _dialect():
    from sqlalchemy.dialects import sqlite

    return sqlite.dialect()


async def measure(window: MainWindow, cache_path: str, user: str) -> None:
    model = window.model
    raw = sqlite3.connect(f"file:{cache_path}?mode=ro", uri=True)
    base = QueueQuery()
    cases: dict[str, QueueQuery] = {}
    for sort in QueueSort:
        cases[f"sort {sort.value}"] = QueueQuery(sort, descending=sort is QueueSort.AGE)
    recent = max(r[0] for r in raw.execute("SELECT max(created_ms) FROM mentions"))
    cases |= {
        "filter network": replace(base, networks=frozenset({Network.REDDIT})),
        "filter sentiment": replace(base, sentiments=frozenset({Sentiment.NEGATIVE})),
        "filter status": replace(base, statuses=frozenset({CaseStatus.OPEN})),
        "filter assignee me": replace(base, assignees=frozenset({user})),
        "filter unassigned": replace(base, assignees=frozenset({UNASSIGNED})),
        "filter team": replace(base, teams=frozenset({"Legal"})),
        "filter language": replace(base, languages=frozenset({"ar"})),
        "filter last 24h": replace(base, since_ms=recent - 86_400_000),
        "filter combined": replace(
            base, networks=frozenset({Network.X}), statuses=frozenset({CaseStatus.NEW}), sort=QueueSort.REACH
        ),
    }
    searches = {
        "search common word": "refund",
        "search two words": "warranty invoice",
        "search prefix": "deliv",
        "search arabic": "مكسور",
        "search author": "@user1234",
        "search sorted by reach": "battery",
    }
    for word in searches.values():
        cases[f"search {word}"] = replace(base, text=word)
    results: dict[str, tuple[list[float], list[float]]] = {}
    for _repeat in range(REPEATS):
        for name, query in cases.items():
            if name.startswith("search sorted"):
                query = replace(query, sort=QueueSort.REACH)
            # Reset to the default view between measurements, so each is a real change.
            if model.query != base:
                await first_page(model, lambda: model.set_query(base))
            seconds = await first_page(model, lambda q=query: model.set_query(q))
            raw_seconds = raw_page_seconds(raw, query)
            times, raws = results.setdefault(name, ([], []))
            times.append(seconds)
            raws.append(raw_seconds)
    worst_ratio = 0.0
    for name, (times, raws) in results.items():
        kind = "search" if name.startswith("search") else "page"
        value, baseline = p95(times) * 1000, p95(raws) * 1000
        worst_ratio = max(worst_ratio, value / baseline if baseline else 0)
        emit(figure("queue", f"{kind} p95: {name}", value, "ms", baseline))
    all_pages = [t for name, (times, _r) in results.items() if not name.startswith("search") for t in times]
    all_search = [t for name, (times, _r) in results.items() if name.startswith("search") for t in times]
    emit(figure("queue", "page p95 over every sort and filter", p95(all_pages) * 1000, "ms"))
    emit(figure("queue", "search p95 over every search", p95(all_search) * 1000, "ms"))
    await scroll(window)
    raw.close()


async def scroll(window: MainWindow) -> None:
    """Through 10,000 rows a viewport at a time; the viewport's paint per frame, pages fetched as needed."""
    model, view = window.model, window.view
    await first_page(model, lambda: model.set_query(QueueQuery()))
    bar = view.verticalScrollBar()
    paints: list[float] = []
    waits: list[float] = []
    while view.rowAt(view.viewport().height() - 1) < SCROLL_ROWS:
        bottom = view.rowAt(view.viewport().height() - 1)
        if bottom < 0 or bottom >= model.rowCount() - 40:
            if not model.canFetchMore(QModelIndex()):
                break
            waits.append(await first_page(model, lambda: model.fetchMore(QModelIndex())))
        bar.setValue(bar.value() + bar.pageStep())
        start = time.perf_counter()
        view.viewport().repaint()
        paints.append(time.perf_counter() - start)
        await asyncio.sleep(0)
    ordered = sorted(paints)
    emit(figure("queue", "scroll frames", len(paints), "frames"))
    emit(figure("queue", "scroll paint p50", ordered[len(ordered) // 2] * 1000, "ms"))
    emit(figure("queue", "scroll paint p95", p95(paints) * 1000, "ms"))
    emit(figure("queue", "scroll paint max", ordered[-1] * 1000, "ms"))
    emit(figure("queue", "scroll frames over 16 ms", sum(p > 0.016 for p in paints), "frames"))
    emit(figure("queue", "scroll page fetch p95", p95(waits) * 1000 if waits else 0.0, "ms"))
    emit(figure("queue", "rows held after scroll", model.rowCount(), "rows"))


def main() -> int:
    cache_path, user = sys.argv[1], sys.argv[2]
    app = QApplication([])
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    cache = open_cache(cache_path)
    window = MainWindow(QueueService(QueueRepository(cache)), ChangesHub(), "bench")
    window.resize(1280, 760)
    window.show()
    gc.collect()  # as console/app.py does once the window is up: the collector no longer walks it
    gc.freeze()

    async def launched() -> None:
        await first_page(window.model, lambda: None)  # the page the window asked for on showing
        window.view.viewport().repaint()  # the first screen, painted

    loop.run_until_complete(launched())
    emit(figure("queue", "launch to first screen", time.time() - STARTED, "s"))
    loop.run_until_complete(measure(window, cache_path, user))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    emit(figure("queue", "peak RSS (UI process)", peak, "MB"))
    # Of which: the cache's memory-mapped file (mmap_size 256 MB, shared and reclaimable) vs the heap.
    lines = Path("/proc/self/status").read_text().splitlines()
    status = dict(line.split(":", 1) for line in lines if ":" in line)
    for name in ("VmRSS", "RssAnon", "RssFile"):
        if name in status:
            emit(figure("queue", f"{name} at the end", int(status[name].split()[0]) / 1024, "MB"))
    window.shutdown()
    cache.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
