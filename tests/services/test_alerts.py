"""SLA breaches and crisis alerts become desktop notices once, from the cache, offline."""

import asyncio
import random

from sqlalchemy import insert

from console.services.alerts import AlertWatch
from console.services.notifications import NoticeKind, Notifier
from console.services.user_settings import SettingsStore
from console.storage.replica import Replica
from console.storage.schema import crisis_alerts
from tests.storage.conftest import as_tables, case_change, mention_change

T0 = 1_800_000_000_000


def fill(cache, cases_spec):
    rng = random.Random(3)
    changes = []
    for n, (case_id, fields) in enumerate(cases_spec.items(), start=1):
        mention = mention_change(n, rng, case_id)
        mention["data"]["text"] = f"still waiting for order {n}"
        case = case_change(100 + n, case_id, "open")
        case["data"] |= {"first_response_ms": None, "opened_ms": T0 - 3_600_000} | fields
        changes += [mention, case]
    tables = as_tables(changes)
    cache.write_sync(lambda c: Replica(cache).apply_sync(c, "http://hub", "ep", "ep:999", 999, tables))


def test_breaches_since_the_last_look_and_new_crises_are_told_once(cache, tmp_path):
    shown = []
    notifier = Notifier(SettingsStore(tmp_path), shown.append)
    fill(
        cache,
        {
            "c-mine": {"assignee": "ana", "first_response_due_ms": T0 + 60_000},
            "c-free": {"first_response_due_ms": T0 + 120_000},
            "c-bo": {"assignee": "bo", "first_response_due_ms": T0 + 60_000},  # someone else's
            "c-old": {"first_response_due_ms": T0 - 60_000},  # breached before the app started
            "c-later": {"first_response_due_ms": T0 + 3_600_000},
        },
    )
    clock = [T0]
    watch = AlertWatch(cache, notifier, lambda: "ana", clock=lambda: clock[0])
    assert asyncio.run(watch.check()) == []
    clock[0] = T0 + 300_000
    alert = {
        "id": "a1",
        "key": "account:acme-x",
        "bucket_start_ms": T0,
        "count": 9,
        "baseline": 1.0,
        "reason": "9 negative mentions about account acme-x in one window (usual ≈ 1.0)",
        "mention_ids": "[]",
        "team": "PR",
        "raised_ms": T0 + 200_000,
        "seq": 1000,
    }
    cache.write_sync(lambda c: c.execute(insert(crisis_alerts).values(**alert)))
    notices = asyncio.run(watch.check())
    assert [(n.kind, n.case_id) for n in notices] == [
        (NoticeKind.CRISIS, "crisis:a1"),
        (NoticeKind.SLA_BREACH, "c-mine"),
        (NoticeKind.SLA_BREACH, "c-free"),
    ]
    assert notices[1].title == "First response overdue" and "still waiting" in notices[1].body
    assert "routed to PR" in notices[0].body and len(shown) == 3
    assert asyncio.run(watch.check()) == []  # nothing new since


def test_a_muted_agent_is_not_interrupted(cache, tmp_path):
    shown = []
    notifier = Notifier(SettingsStore(tmp_path), shown.append)
    notifier.set_muted(True)
    fill(cache, {"c-mine": {"assignee": "ana", "first_response_due_ms": T0 + 60_000}})
    clock = [T0]
    watch = AlertWatch(cache, notifier, lambda: "ana", clock=lambda: clock[0])
    asyncio.run(watch.check())
    clock[0] = T0 + 120_000
    assert len(asyncio.run(watch.check())) == 1 and shown == []
