"""Priority: an explainable score 0–100 for each mention, and how the queue sorts by it in SQL.

The score is the sum of reasons, each with its points, so the queue can show "why":

* **base** — known at ingest and stored with the mention (``mentions.priority`` and
  ``mentions.priority_reasons``): sentiment, intent, author reach (followers, verified) and
  the tier of the author's customer (looked up at ingest: console.hub.customers), so a tier set
  later counts for the customer's next mentions, not those already waiting;
* **waiting** — ``1`` point per :data:`AGING_MS_PER_POINT` since the mention was created, up to
  :data:`AGING_CAP` points in the displayed score;
* **SLA risk** — when a due time is known (``due_ms``): breached, or due within the hour.

Sorting in SQL: the displayed score's time-dependent part grows linearly with age, so ordering by
``priority + (now - created_ms) / AGING_MS_PER_POINT`` is the same as ordering by the stored,
time-invariant key :func:`sort_key` = ``priority * AGING_MS_PER_POINT - created_ms`` (descending),
which an index can serve (``QueueSort.PRIORITY``; the cache's ``ix_mentions_priority``). The
cap and SLA points are for display and filters ("at risk", "breached"), not for the order; a
case's SLA state is shown beside the score.
"""

import math
from dataclasses import dataclass

from console.domain.intent import Intent
from console.domain.sentiment import Sentiment, SentimentResult

AGING_MS_PER_POINT = 5 * 60_000  # a mention gains a point every five minutes it waits
AGING_CAP = 30
SLA_AT_RISK_MS = 60 * 60_000

INTENT_POINTS = {
    Intent.CRISIS: 45,
    Intent.COMPLAINT: 25,
    Intent.LEAD: 20,
    Intent.QUESTION: 15,
    Intent.OTHER: 5,
    Intent.PRAISE: 5,
    Intent.SPAM: -40,
}
TIER_POINTS = {"vip": 20, "premium": 10, "gold": 10, "standard": 0}


@dataclass(frozen=True, slots=True)
class Priority:
    score: int  # 0 … 100
    reasons: tuple[tuple[str, int], ...]  # (reason, points), largest first


def base_priority(
    sentiment: SentimentResult,
    intent: Intent,
    followers: int = 0,
    verified: bool = False,
    tier: str | None = None,
) -> Priority:
    """The part of the score known at ingest; stored with the mention."""
    reasons: list[tuple[str, int]] = [(f"intent {intent.value}", INTENT_POINTS[intent])]
    if sentiment.label is Sentiment.NEGATIVE:
        reasons.append((f"negative sentiment ({sentiment.score:+.2f})", 5 + round(15 * -sentiment.score)))
    if followers >= 1_000:  # 1k → 5, 10k → 10, 100k → 15, 1M and more → 20
        reasons.append(
            (f"reach {_count(followers)} followers", min(20, 5 * (int(math.log10(followers)) - 2)))
        )
    if verified:
        reasons.append(("verified author", 5))
    if tier and TIER_POINTS.get(tier.lower(), 0):
        reasons.append((f"customer tier {tier}", TIER_POINTS[tier.lower()]))
    return _scored(reasons)


def priority_at(base: Priority, created_ms: int, now_ms: int, due_ms: int | None = None) -> Priority:
    """The displayed score at ``now_ms``: the stored base plus waiting time and SLA risk."""
    reasons = list(base.reasons)
    waited = max(0, now_ms - created_ms)
    aging = min(AGING_CAP, waited // AGING_MS_PER_POINT)
    if aging:
        reasons.append((f"waiting {_duration(waited)}", aging))
    if due_ms is not None:
        if now_ms >= due_ms:
            reasons.append((f"SLA breached {_duration(now_ms - due_ms)} ago", 25))
        elif due_ms - now_ms <= SLA_AT_RISK_MS:
            reasons.append((f"SLA due in {_duration(due_ms - now_ms)}", 15))
    return _scored(reasons)


def sort_key(priority: int, created_ms: int) -> int:
    """Descending order of this key is the order of ``priority + age / AGING_MS_PER_POINT`` at any time."""
    return priority * AGING_MS_PER_POINT - created_ms


def _scored(reasons: list[tuple[str, int]]) -> Priority:
    reasons.sort(key=lambda reason: -abs(reason[1]))
    return Priority(max(0, min(100, sum(points for _, points in reasons))), tuple(reasons))


def _count(followers: int) -> str:
    if followers >= 1_000_000:
        return f"{followers / 1_000_000:.1f}M"
    return f"{followers / 1_000:.0f}k"


def _duration(ms: int) -> str:
    minutes = ms // 60_000
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60:02d} min"
    return f"{minutes // (24 * 60)} d"
