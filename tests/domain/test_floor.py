"""The floor's rules, checked by hand: the breach forecast, throughput, per-agent days, hours, depth."""

from console.domain.floor import (
    HOUR_MS,
    FloorCase,
    FloorEvent,
    agent_days,
    depth_by,
    forecast,
    hours_of_day,
    priority_band,
    throughput,
    work_order,
)
from console.domain.sla import SlaState

NOW = 1_000_000_000_000
MIN = 60_000


def case(case_id, priority=50, status="new", opened=NOW - 10 * MIN, due=None, **fields) -> FloorCase:
    values = dict(
        id=case_id, network="x", account_id="a", team="Support", priority=priority, status=status,
        opened_ms=opened, updated_ms=opened, first_response_ms=None, resolved_ms=None,
        first_response_due_ms=due, resolution_due_ms=None, assignee=None, claim_holder=None,
        claim_expires_ms=None, snoozed_until_ms=None,
    )  # fmt: skip
    return FloorCase(**(values | fields))


def test_forecast_at_ten_minutes_a_case():
    # 6 an hour: the k-th case is answered k × 10 min from now.
    dues = [NOW + 5 * MIN, NOW + 25 * MIN, NOW + 15 * MIN, None, NOW - 3 * MIN, NOW + 70 * MIN]
    ahead = forecast(dues, 6.0, NOW)
    # 1st: answered at 10 > due 5 → breaches at 5; 2nd: 20 ≤ 25 fine; 3rd: 30 > 15 → breaches at 15;
    # nothing owed on the 4th; the 5th is already breached (takes its turn, not counted); 6th: 60 ≤ 70.
    assert ahead.first_breach_ms == NOW + 5 * MIN
    assert ahead.breaching_next_hour == 2
    assert not ahead.no_throughput


def test_forecast_without_throughput_every_owed_promise_runs_out():
    dues = [NOW + 5 * MIN, NOW + 25 * MIN, NOW + 15 * MIN, None, NOW - 3 * MIN, NOW + 70 * MIN]
    ahead = forecast(dues, 0.0, NOW)
    assert ahead.no_throughput
    assert ahead.first_breach_ms == NOW + 5 * MIN
    assert ahead.breaching_next_hour == 3  # 5, 15 and 25 min; 70 is after the hour


def test_forecast_at_a_fast_pace_breaches_nothing():
    ahead = forecast([NOW + 5 * MIN, NOW + 25 * MIN], 100.0, NOW)
    assert (ahead.first_breach_ms, ahead.breaching_next_hour) == (None, 0)
    assert "no breach" in ahead.describe(NOW)
    assert forecast([], 0.0, NOW).describe(NOW) == "nothing owed"


def test_throughput_counts_distinct_cases_handled_in_the_last_hour():
    events = [
        FloorEvent("e1", "c1", "reply_published", "ana", NOW - 10 * MIN),
        FloorEvent("e2", "c1", "resolved", "ana", NOW - 5 * MIN),  # the same case once
        FloorEvent("e3", "c2", "resolved", "bo", NOW - 59 * MIN),
        FloorEvent("e4", "c3", "reply_published", "bo", NOW - 61 * MIN),  # before the window
        FloorEvent("e5", "c4", "claimed", "bo", NOW - 1 * MIN),  # a claim handles nothing
    ]
    assert throughput(events, NOW) == 2.0
    assert throughput(events, NOW, window_ms=30 * MIN) == 2.0  # one case in half an hour


def test_work_order_is_get_next_order_and_skips_pending_and_snoozed():
    cases = [
        case("low", 10, due=NOW + MIN),
        case("urgent-late", 90, due=NOW + 30 * MIN),
        case("urgent-soon", 90, due=NOW + 5 * MIN),
        case("pending", 99, status="pending"),
        case("asleep", 99, snoozed_until_ms=NOW + MIN),
    ]
    assert [c.id for c in work_order(cases, NOW)] == ["urgent-soon", "urgent-late", "low"]


def test_agent_days_handled_and_median_claim_to_first_reply():
    day = NOW - 8 * HOUR_MS
    events = [
        FloorEvent("a", "c1", "claimed", "ana", NOW - 60 * MIN),
        FloorEvent("b", "c1", "claimed", "ana", NOW - 50 * MIN),  # a renewal keeps the first claim
        FloorEvent("c", "c1", "reply_published", "ana", NOW - 40 * MIN),  # 20 min
        FloorEvent("d", "c1", "reply_published", "ana", NOW - 30 * MIN),  # a second reply: no new span
        FloorEvent("e", "c2", "claimed", "ana", NOW - 20 * MIN),
        FloorEvent("f", "c2", "reply_published", "ana", NOW - 16 * MIN),  # 4 min
        FloorEvent("g", "c3", "claimed", "ana", NOW - 15 * MIN),
        FloorEvent("h", "c3", "reply_published", "ana", NOW - 5 * MIN),  # 10 min
        FloorEvent("i", "c4", "resolved", "bo", NOW - 1 * MIN),  # handled, no span
        FloorEvent("j", "c5", "reply_published", "bo", day - 1),  # yesterday
    ]
    days = agent_days(events, day)
    assert days["ana"].handled == 3
    assert days["ana"].handle_ms == 10 * MIN  # median of 20, 4 and 10 minutes
    assert days["ana"].handle_n == 3
    assert (days["bo"].handled, days["bo"].handle_ms, days["bo"].handle_n) == (1, None, 0)


def test_depth_groups_with_at_risk_breached_and_oldest():
    cases = [
        case("1", opened=NOW - 40 * MIN, due=NOW - MIN),  # breached
        case("2", opened=NOW - 40 * MIN, due=NOW + 10 * MIN),  # 40 of 50 min spent: at risk
        case("3", opened=NOW - 10 * MIN, due=NOW + 50 * MIN, network="facebook"),
    ]
    rows = depth_by(cases, lambda c: c.network, NOW)
    assert [(d.key, d.cases, d.at_risk, d.breached, d.oldest_ms) for d in rows] == [
        ("x", 2, 1, 1, NOW - 40 * MIN),
        ("facebook", 1, 0, 0, NOW - 10 * MIN),
    ]
    assert cases[0].sla(NOW) is SlaState.BREACHED
    assert [priority_band(p) for p in (95, 60, 30, 0)] == [
        "urgent (80+)", "high (60–79)", "normal (30–59)", "low (<30)"
    ]  # fmt: skip


def test_hours_of_day_buckets_mentions_and_response_medians():
    day = NOW - 2 * HOUR_MS - 30 * MIN
    answered = [
        case("a", opened=day + 10 * MIN, first_response_ms=day + 20 * MIN),  # hour 0: 10 min
        case("b", opened=day + 5 * MIN, first_response_ms=day + 35 * MIN),  # hour 0: 30 min
        case("c", opened=day, first_response_ms=day + 2 * HOUR_MS + MIN),  # hour 2: 121 min
        case("d", opened=day - HOUR_MS, first_response_ms=day - MIN),  # yesterday: not counted
    ]
    hours = hours_of_day(day, NOW, {0: (4, 2.0), 2: (1, -0.5)}, answered)
    assert len(hours) == 3
    assert [(h.mentions, h.sentiment, h.responses, h.response_ms) for h in hours] == [
        (4, 0.5, 2, 20 * MIN),
        (0, None, 0, None),
        (1, -0.5, 1, 121 * MIN),
    ]
