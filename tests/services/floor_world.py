"""A small, hand-countable floor in a real cache: 3 agents, 5 open cases, history, today's events."""

import random

from sqlalchemy import insert, update

from console.domain.floor import HOUR_MS, day_start_ms
from console.storage.schema import accounts, cases, crisis_alerts, events, mentions, users
from tests.storage.conftest import case_change, mention_change

MIN = 60_000
DAY = day_start_ms(1_765_000_000_000)
NOW = DAY + 10 * HOUR_MS  # 10:00 local


def case_row(case_id: str, n: int, **fields) -> dict:
    base = {"account_id": "acme-x", "updated_ms": NOW - 3 * HOUR_MS, "snoozed_until_ms": None}
    return case_change(n, case_id)["data"] | base | fields  # every row the same keys (one executemany)


def fill(cache) -> None:
    def work(connection):
        connection.execute(
            insert(accounts),
            [
                {"id": "acme-x", "network": "x", "handle": "acme", "name": "Acme", "team": "Support",
                 "seq": 1},
                {"id": "acme-fb", "network": "facebook", "handle": "acmefb", "name": "Acme", "team": "PR",
                 "seq": 2},
            ],
        )  # fmt: skip
        people = (("ana", "Ana Lima", "agent"), ("bo", "Bo Berg", "agent"), ("sue", "Sue Park", "supervisor"))
        people += (("rev", "Rae Viewer", "reviewer"),)
        connection.execute(
            insert(users),
            [
                {"id": uid, "username": uid, "name": name, "role": role, "teams": '["Support"]'}
                | {"disabled": False, "created_ms": 1, "seq": 3}
                for uid, name, role in people
            ],
        )
        connection.execute(
            insert(cases),
            [
                # breached: first response was due 5 min ago
                case_row("c-late", 1, opened_ms=NOW - 65 * MIN, first_response_due_ms=NOW - 5 * MIN,
                         resolution_due_ms=NOW + 20 * HOUR_MS,
                         priority=90),
                # at risk: 50 of 60 min spent
                case_row("c-risk", 2, opened_ms=NOW - 50 * MIN, first_response_due_ms=NOW + 10 * MIN,
                         priority=70, claim_holder="bo", claim_expires_ms=NOW + 10 * MIN),
                # fine, on facebook, assigned to ana
                case_row("c-ok", 3, opened_ms=NOW - 5 * MIN, first_response_due_ms=NOW + 55 * MIN,
                         network="facebook", account_id="acme-fb", assignee="ana", priority=20),
                # pending on the customer: in the queue, not in the work order
                case_row("c-pend", 4, status="pending", opened_ms=NOW - 3 * HOUR_MS,
                         first_response_ms=NOW - 2 * HOUR_MS, resolution_due_ms=NOW + 20 * HOUR_MS),
                # snoozed: not in the queue
                case_row("c-zzz", 5, opened_ms=NOW - 20 * MIN, snoozed_until_ms=NOW + HOUR_MS),
                # resolved today by ana, answered at 09:30 after 20 min
                case_row("c-done", 6, status="resolved", opened_ms=NOW - 50 * MIN,
                         first_response_ms=NOW - 30 * MIN, resolved_ms=NOW - 20 * MIN,
                         updated_ms=NOW - 20 * MIN),
                # resolved last week: history, never read in full again
                case_row("c-old", 7, status="resolved", opened_ms=DAY - 7 * 24 * HOUR_MS,
                         first_response_ms=DAY - 7 * 24 * HOUR_MS + MIN, updated_ms=DAY - 6 * 24 * HOUR_MS),
            ],
        )  # fmt: skip
        connection.execute(
            insert(events),
            [
                {"id": i, "case_id": c, "type": t, "at_ms": at, "actor": a, "data": "{}", "seq": 9}
                for i, c, t, at, a in (
                    ("v1", "c-done", "claimed", NOW - 45 * MIN, "ana"),
                    ("v2", "c-done", "reply_published", NOW - 30 * MIN, "ana"),  # 15 min handle
                    ("v3", "c-done", "resolved", NOW - 20 * MIN, "ana"),
                    ("v4", "c-old", "reply_published", DAY - 7 * 24 * HOUR_MS + MIN, "bo"),
                    ("v5", "c-pend", "reply_published", NOW - 2 * HOUR_MS, "bo"),  # today, before the hour
                )
            ],
        )
        rng = random.Random(1)
        rows = []
        for n, (at, score) in enumerate(((DAY + 30 * MIN, 0.5), (DAY + 9 * HOUR_MS, -0.5),
                                         (DAY + 9 * HOUR_MS + MIN, -1.0), (DAY - MIN, 1.0))):  # fmt: skip
            rows.append(
                mention_change(n, rng, "c-late")["data"] | {"created_ms": at, "sentiment_score": score}
            )
        connection.execute(insert(mentions), rows)
        connection.execute(
            insert(crisis_alerts),
            [
                {"id": "al1", "key": "k", "bucket_start_ms": NOW - 10 * MIN, "count": 40, "baseline": 3.0,
                 "reason": "40 negative mentions of 'outage' in 10 min", "mention_ids": "[]",
                 "team": "PR", "raised_ms": NOW - 9 * MIN, "seq": 9},
                {"id": "al0", "key": "k", "bucket_start_ms": DAY - HOUR_MS * 30, "count": 40,
                 "baseline": 3.0, "reason": "yesterday's", "mention_ids": "[]", "team": "PR",
                 "raised_ms": DAY - 30 * HOUR_MS, "seq": 9},
            ],
        )  # fmt: skip

    cache.write_sync(work)


def answer(cache, case_id: str, agent: str, at: int, event_id: str) -> None:
    """A sync page: ``agent`` replied on ``case_id`` at ``at`` (its case row and the event)."""

    def work(connection):
        connection.execute(
            update(cases)
            .where(cases.c.id == case_id)
            .values(first_response_ms=at, updated_ms=at, status="open")
        )
        connection.execute(
            insert(events),
            {"id": event_id, "case_id": case_id, "type": "reply_published", "at_ms": at, "actor": agent}
            | {"data": "{}", "seq": 10},
        )

    cache.write_sync(work)
