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
