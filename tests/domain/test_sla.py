from datetime import UTC, datetime

import pytest

from console.domain.sla import (
    Calendar,
    SlaConfigError,
    SlaState,
    clock,
    format_countdown,
    policies_from_config,
)

CONFIG = {
    "calendars": {
        "lisbon-office": {
            "tz": "Europe/Lisbon",
            "hours": {"mon-fri": "09:00-18:00", "sat": ["10:00-12:00", "13:00-14:00"]},
            "holidays": ["2026-12-25"],
        }
    },
    "policies": [
        {"name": "default", "first_response_minutes": 120, "resolution_minutes": 1440},
        {"name": "x", "network": "x", "first_response_minutes": 60, "resolution_minutes": 480},
        {
            "name": "x-urgent",
            "network": "x",
            "min_priority": 80,
            "first_response_minutes": 15,
            "resolution_minutes": 240,
        },
        {
            "name": "northwind-office",
            "account": "northwind-x",
            "first_response_minutes": 30,
            "resolution_minutes": 600,
            "calendar": "lisbon-office",
        },
    ],
}


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).astimezone(UTC).timestamp() * 1000)


def test_the_most_specific_policy_wins():
    policies = policies_from_config(CONFIG)
    assert policies.policy_for("facebook", "acme-fb", 90).name == "default"
    assert policies.policy_for("x", "acme-x", 10).name == "x"
    assert policies.policy_for("x", "acme-x", 85).name == "x-urgent"
    assert policies.policy_for("x", "northwind-x", 99).name == "northwind-office"  # account beats priority


def test_business_hours_stop_the_clock_overnight_at_weekends_and_on_holidays():
    office = policies_from_config(CONFIG).policy_for("x", "northwind-x", 0).calendar
    # Friday 17:45 in Lisbon (winter, UTC+0): 15 minutes today, then Saturday opens at 10:00.
    assert office.add(ms("2026-12-04T17:45:00+00:00"), 30) == ms("2026-12-05T10:15:00+00:00")
    # Saturday's lunch break is closed: 90 minutes from 11:30 ends at 13:60 → next span.
    assert office.add(ms("2026-12-05T11:30:00+00:00"), 60) == ms("2026-12-05T13:30:00+00:00")
    # Christmas Friday is closed: Thursday 17:30 + 60 min → Saturday 10:30.
    assert office.add(ms("2026-12-24T17:30:00+00:00"), 60) == ms("2026-12-26T10:30:00+00:00")
    # Summer time (UTC+1): 09:00 local is 08:00 UTC.
    assert office.add(ms("2026-07-06T07:00:00+00:00"), 10) == ms("2026-07-06T08:10:00+00:00")
    assert (
        office.open_minutes(ms("2026-12-04T17:00:00+00:00"), ms("2026-12-07T09:30:00+00:00")) == 60 + 180 + 30
    )


def test_round_the_clock_is_the_default_calendar():
    assert Calendar().add(1_000, 1.5) == 1_000 + 90_000
    assert Calendar().open_minutes(0, 120_000) == 2


def test_due_times_come_from_the_policy_and_its_calendar():
    due = policies_from_config(CONFIG).due("x", "acme-x", 0, ms("2026-12-04T17:00:00+00:00"))
    assert (due.policy, due.first_response_due_ms) == ("x", ms("2026-12-04T18:00:00+00:00"))
    assert due.resolution_due_ms == ms("2026-12-05T01:00:00+00:00")
    assert policies_from_config({"policies": []}).due("x", "acme-x", 0, 0) is None


@pytest.mark.parametrize(
    ("now", "done", "state", "remaining"),
    [
        (10, None, SlaState.OK, 90),
        (80, None, SlaState.AT_RISK, 20),
        (130, None, SlaState.BREACHED, -30),
        (130, 90, SlaState.MET, None),
        (130, 120, SlaState.BREACHED, None),
    ],
)
def test_a_clock_is_ok_at_risk_breached_or_met(now, done, state, remaining):
    result = clock(0, 100, done, now)
    assert (result.state, result.remaining_ms) == (state, remaining)
    assert clock(0, None, None, now).state is SlaState.NONE


def test_countdowns_are_compact():
    assert [
        format_countdown(v) for v in (None, 59_000, 12 * 60_000, 65 * 60_000, -3 * 60_000, 50 * 3_600_000)
    ] == [
        "",
        "0m",
        "12m",
        "1h05",
        "-3m",
        "2d",
    ]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ([], "must be a mapping"),
        ({"policies": [{"name": "a", "resolution_minutes": 5}]}, "first_response_minutes is required"),
        ({"policies": [{"first_response_minutes": 60, "resolution_minutes": 30}]}, "resolution ≥ first"),
        (
            {"policies": [{"first_response_minutes": 1, "resolution_minutes": 2, "calendar": "x"}]},
            "no calendar",
        ),
        ({"policies": [{"first_response_minutes": 1, "resolution_minutes": 2, "colour": 1}]}, "unknown keys"),
        # One at-risk share for every policy: a per-policy one would be silently ignored, so it is refused.
        ({"policies": [{"first_response_minutes": 1, "resolution_minutes": 9, "at_risk_share": 1}]}, "unkn"),
        ({"calendars": {"c": {"tz": "Mars/Olympus"}}}, "unknown time zone"),
        ({"calendars": {"c": {"hours": {"funday": "09:00-10:00"}}}}, "not a day"),
        ({"calendars": {"c": {"hours": {"mon": "17:00-09:00"}}}}, "ends before it starts"),
        ({"calendars": {"c": {"hours": {"mon": "nine to five"}}}}, "not a span"),
        ({"calendars": {"c": {"holidays": ["christmas"]}}}, "not a date"),
    ],
)
def test_bad_configuration_says_what_and_where(config, message):
    with pytest.raises(SlaConfigError, match=message):
        policies_from_config(config)


def test_a_calendar_with_no_open_time_cannot_be_waited_out():
    closed = Calendar("closed", "UTC", {0: ()})
    with pytest.raises(SlaConfigError, match="no open hours"):
        closed.add(0, 10)


def test_a_span_to_midnight_and_a_range_over_the_weekend():
    calendar = (
        policies_from_config(
            {
                "calendars": {"n": {"hours": {"fri-mon": "20:00-24:00"}}},
                "policies": [{"first_response_minutes": 30, "resolution_minutes": 60, "calendar": "n"}],
            }
        )
        .policies[0]
        .calendar
    )
    assert sorted(calendar.hours) == [0, 4, 5, 6]
    assert calendar.add(ms("2026-12-07T23:50:00+00:00"), 20) == ms("2026-12-11T20:10:00+00:00")  # Mon → Fri


def _case(**fields):
    from console.domain.case import Case
    from console.domain.network import Network

    return Case("c1", Network.X, "acme-x", "k", opened_ms=0, **fields)


def test_a_new_case_is_routed_to_the_policy_for_its_priority():
    from console.domain.sla import routing_changes

    policies = policies_from_config(CONFIG)
    changes = routing_changes(None, _case(), 85, policies, 0)
    assert changes == {
        "priority": 85,
        "sla_policy": "x-urgent",
        "first_response_due_ms": 15 * 60_000,
        "resolution_due_ms": 240 * 60_000,
    }


def test_more_urgency_moves_to_the_stricter_policy_and_never_buys_time():
    from console.domain.case import CaseStatus
    from console.domain.sla import routing_changes

    policies = policies_from_config(CONFIG)
    routed = _case(priority=20, sla_policy="x", first_response_due_ms=3_600_000, resolution_due_ms=28_800_000)
    assert routing_changes(routed, routed, 10, policies, 60_000) == {}  # less urgent: nothing changes
    changes = routing_changes(routed, routed, 90, policies, 60_000)
    assert changes == {
        "priority": 90,
        "sla_policy": "x-urgent",
        "first_response_due_ms": 900_000,
        "resolution_due_ms": 14_400_000,
    }
    answered = _case(priority=20, sla_policy="x", first_response_ms=5, first_response_due_ms=3_600_000,
                     resolution_due_ms=600_000)  # fmt: skip
    assert routing_changes(answered, answered, 90, policies, 60_000) == {
        "priority": 90,
        "sla_policy": "x-urgent",
    }
    before = _case(priority=20, sla_policy="x", status=CaseStatus.RESOLVED, resolution_due_ms=28_800_000)
    reopened = _case(priority=20, sla_policy="x", status=CaseStatus.OPEN, resolution_due_ms=28_800_000)
    assert routing_changes(before, reopened, 20, policies, 100_000_000) == {
        "resolution_due_ms": 100_000_000 + 480 * 60_000
    }
