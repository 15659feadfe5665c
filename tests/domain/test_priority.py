from console.domain.intent import Intent
from console.domain.priority import AGING_CAP, AGING_MS_PER_POINT, base_priority, priority_at, sort_key
from console.domain.sentiment import Sentiment, SentimentResult

NEGATIVE = SentimentResult(Sentiment.NEGATIVE, -0.8, ("still waiting",))
NEUTRAL = SentimentResult(Sentiment.NEUTRAL, 0.0, ())
MINUTE = 60_000


def test_the_score_is_the_sum_of_its_reasons():
    result = base_priority(NEGATIVE, Intent.COMPLAINT, followers=250_000, verified=True, tier="VIP")
    assert result.score == sum(points for _, points in result.reasons) == 25 + 17 + 15 + 5 + 20
    assert result.reasons[0] == ("intent complaint", 25)
    assert ("reach 250k followers", 15) in result.reasons and ("customer tier VIP", 20) in result.reasons


def test_crisis_outranks_a_complaint_and_spam_sinks_to_zero():
    crisis = base_priority(NEUTRAL, Intent.CRISIS)
    complaint = base_priority(NEGATIVE, Intent.COMPLAINT)
    spam = base_priority(NEUTRAL, Intent.SPAM, followers=2_000_000, verified=True)
    assert crisis.score > complaint.score > 0 == spam.score


def test_waiting_and_sla_risk_are_added_at_display_time():
    base = base_priority(NEUTRAL, Intent.QUESTION)
    created = 1_000_000
    fresh = priority_at(base, created, created + MINUTE)
    assert fresh == base
    waited = priority_at(base, created, created + 47 * MINUTE)
    assert ("waiting 47 min", 47 * MINUTE // AGING_MS_PER_POINT) in waited.reasons
    capped = priority_at(base, created, created + 3 * 24 * 60 * MINUTE, due_ms=created + 60 * MINUTE)
    assert ("waiting 3 d", AGING_CAP) in capped.reasons
    assert any(reason.startswith("SLA breached") and points == 25 for reason, points in capped.reasons)
    at_risk = priority_at(base, created, created + MINUTE, due_ms=created + 30 * MINUTE)
    assert ("SLA due in 29 min", 15) in at_risk.reasons


def test_the_sort_key_orders_as_the_aged_score_at_any_time():
    mentions = [(40, 0), (30, 20 * MINUTE), (45, -60 * MINUTE), (10, 5 * MINUTE)]  # (base, created_ms)
    by_key = sorted(mentions, key=lambda m: sort_key(*m), reverse=True)
    for now in (60 * MINUTE, 5 * 60 * MINUTE):
        aged = sorted(mentions, key=lambda m: m[0] + (now - m[1]) / AGING_MS_PER_POINT, reverse=True)
        assert aged == by_key
