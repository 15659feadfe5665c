"""The tree report service on plain asyncio over a real cache: a tree is read once, then counted per
version and compared, with the clock deciding which sessions may still be going on."""

import asyncio
from datetime import timedelta

from console.services.tree_report import ACTIVE, TreeReports
from console.storage.guidance_events import GuidanceEventRepository
from tests.guidance.report_sessions import SCRIPTS, T0, all_recorded
from tests.storage.case_data import Changes
from tests.storage.guidance_data import add_sessions


def _service(cache, now) -> TreeReports:
    changes = Changes()
    add_sessions(changes, all_recorded())
    changes.apply(cache)
    return TreeReports(GuidanceEventRepository(cache), clock=lambda: now)


def test_a_tree_is_loaded_once_then_counted_and_compared(cache):
    service = _service(cache, T0 + timedelta(days=1))

    async def work():
        (seen,) = await service.trees()
        loaded = await service.load(seen.tree)
        return (
            loaded,
            await service.report(loaded),
            await service.report(loaded, [2]),
            await service.compare(loaded, 1, 2),
        )

    loaded, everything, second, comparison = asyncio.run(work())
    assert (loaded.tree, loaded.versions, loaded.unreadable) == ("refund_request", ((1, 5), (2, 4)), 0)
    assert (everything.sessions, everything.in_progress, second.sessions) == (9, 0, 4)
    assert comparison.window == (T0, T0 + timedelta(hours=8))
    assert (comparison.a.sessions, comparison.b.sessions) == (5, 4)


def test_a_session_left_minutes_ago_is_still_in_progress(cache):
    left = next(s for s in SCRIPTS if s.name == "left at kind")  # v2, started at T0 + 4.5 h, no waits
    service = _service(cache, T0 + timedelta(hours=left.hour) + ACTIVE - timedelta(minutes=1))

    async def work():
        loaded = await service.load("refund_request")
        return await service.report(loaded, [2])

    report = asyncio.run(work())
    assert (report.sessions, report.in_progress) == (3, 1)
    assert {n.node: n.stopped for n in report.nodes}["kind"] == 0
