import random

import pytest

from console.domain.queue import QueueQuery
from console.domain.sync import AppliedChanges
from console.services.queue import QueueService
from console.storage.queue_repo import QueueRepository
from console.storage.replica import Replica
from tests.storage.conftest import as_tables, case_change, mention_change


@pytest.mark.asyncio
async def test_a_changed_case_refreshes_the_rows_shown_for_it(cache):
    rng = random.Random(5)
    await Replica(cache).apply(
        "http://hub",
        "e",
        "e:3",
        3,
        as_tables([mention_change(1, rng, "c1"), mention_change(2, rng, "c1"), case_change(3, "c1")]),
    )
    service = QueueService(QueueRepository(cache))
    rows = await service.changed_rows(
        QueueQuery(), AppliedChanges(cases=frozenset({"c1"})), {"c1": ["m000001"], "c9": ["m000002"]}
    )
    assert [r.mention_id for r in rows] == ["m000001"]
    assert rows[0].case_status.value == "new"
    assert await service.changed_rows(QueueQuery(), AppliedChanges(), {}) == []
    new = await service.changed_rows(QueueQuery(), AppliedChanges(mentions=frozenset({"m000002"})), {})
    assert [r.mention_id for r in new] == ["m000002"]


@pytest.mark.asyncio
async def test_desk_counts_the_working_queue_and_its_sla_risk(cache):
    from console.domain.clock import now_ms

    now = now_ms()
    opened = now - 3_600_000
    rng = random.Random(9)
    due = {
        "c1": now - 600_000,  # breached ten minutes ago
        "c2": now - 60_000,  # breached
        "c3": opened + 4_000_000,  # at risk: 90% of the allowance spent
        "c4": now + 86_400_000,  # on time
        "c5": now - 1,  # resolved: owes nothing, not in the queue
        "c6": now - 1,  # snoozed: out of the working queue for now
    }
    changes = [mention_change(n, rng, f"c{n}") for n in range(1, 7)]
    cases = []
    for n, (case_id, due_ms) in enumerate(due.items(), start=1):
        case = case_change(100 + n, case_id, "resolved" if case_id == "c5" else "open")
        case["data"] |= {"opened_ms": opened, "first_response_due_ms": due_ms}
        cases.append(case)
    await Replica(cache).apply("http://hub", "e", "e:106", 106, as_tables(changes + cases))
    await cache.write(
        lambda c: c.exec_driver_sql(
            "UPDATE cases SET snoozed_until_ms = ? WHERE id = 'c6'", (now + 3_600_000,)
        )
    )
    service = QueueService(QueueRepository(cache))
    counts = await service.desk_counts()
    assert (counts.in_queue, counts.at_risk, counts.breached) == (4, 1, 2)
    capped = await service.desk_counts(cap=1)
    assert (capped.in_queue, capped.at_risk, capped.breached, capped.cap) == (2, 1, 2, 1)
