from sqlalchemy import insert

from console.storage.next_case import next_case
from console.storage.schema import accounts, cases, users
from tests.storage.conftest import case_change

NOW = 10_000_000


def put(cache, *rows):
    def work(connection):
        connection.execute(
            insert(accounts),
            [
                {
                    "id": "acme-x",
                    "network": "x",
                    "handle": "@acme",
                    "name": "Acme",
                    "team": "Support",
                    "seq": 1,
                },
                {
                    "id": "acme-ig",
                    "network": "ig",
                    "handle": "acme",
                    "name": "Acme",
                    "team": "Marketing",
                    "seq": 2,
                },
            ],
        )
        people = (("ana", "agent"), ("sue", "supervisor"), ("rev", "reviewer"))
        connection.execute(
            insert(users),
            [
                {"id": uid, "username": uid, "name": uid, "role": role, "teams": '["Support"]'}
                | {"disabled": False, "created_ms": 1, "seq": 3}
                for uid, role in people
            ],
        )
        connection.execute(insert(cases), list(rows))

    cache.write_sync(work)


def row(case_id, n=1, **fields):
    return case_change(n, case_id)["data"] | {"account_id": "acme-x"} | fields


def take(cache, me):
    return cache.read_sync(lambda c: next_case(c, me, NOW))


def test_my_assigned_case_first_then_the_most_urgent_of_my_team(cache):
    put(
        cache,
        row("low", 1, priority=10),
        row("urgent", 2, priority=90),
        row("mine", 3, priority=5, assignee="ana"),
        row("marketing", 4, priority=99, account_id="acme-ig"),
    )
    assert take(cache, "ana") == "mine"
    assert take(cache, "sue") == "marketing"  # supervisors take from every team
    assert take(cache, "rev") is None  # reviewers never take cases


def test_ties_go_to_the_earliest_due_time_still_owed_then_the_oldest(cache):
    put(
        cache,
        row("later", 1, priority=50, first_response_due_ms=NOW + 600_000),
        row("sooner", 2, priority=50, first_response_due_ms=NOW + 60_000),
        row(
            "answered",
            3,
            priority=50,
            first_response_ms=5,
            first_response_due_ms=1,
            resolution_due_ms=NOW + 9e6,
        ),
    )
    assert take(cache, "ana") == "sooner"


def test_never_a_case_held_or_assigned_by_someone_else_resolved_or_waiting_on_the_customer(cache):
    put(
        cache,
        row("held", 1, priority=99, claim_holder="bo", claim_expires_ms=NOW + 60_000),
        row("theirs", 2, priority=98, assignee="bo"),
        row("done", 3, priority=97, status="resolved"),
        row("pending", 4, priority=96, status="pending"),
        row("lapsed", 5, priority=10, claim_holder="bo", claim_expires_ms=NOW - 1),
    )
    assert take(cache, "ana") == "lapsed"  # an expired claim holds nothing
