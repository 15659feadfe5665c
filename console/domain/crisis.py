"""Crisis detection: a spike of negative mentions about one brand account or topic.

Negative mentions are counted per key (``account:ID`` and ``topic:#tag`` or a watched term) in
fixed buckets. Each key keeps a rolling baseline of its past buckets (an exponentially weighted mean
and variance, so a brand that is always busy is not always "in crisis"). A bucket raises an alert
when its count is at least ``min_count``, ``ratio`` times the baseline and ``z`` deviations above it;
then the key is quiet for ``cooldown_ms`` so one storm is one alert. Buckets are closed in time order;
a late mention still counts in its own bucket if that bucket is open. Pure and deterministic: the
hub feeds it at ingest and can replay history into it after a restart.
"""

import re
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

_HASHTAG = re.compile(r"#(\w{2,64})", re.UNICODE)


@dataclass(frozen=True, slots=True)
class CrisisAlert:
    key: str  # account:ID or topic:TERM
    bucket_start_ms: int
    count: int  # negative mentions in the bucket
    baseline: float  # expected per bucket from history
    mention_ids: tuple[str, ...]  # the bucket's negative mentions (up to a sample)

    @property
    def reason(self) -> str:
        what = self.key.split(":", 1)[1]
        kind = "account" if self.key.startswith("account:") else "topic"
        return (
            f"{self.count} negative mentions about {kind} {what} in one window (usual ≈ {self.baseline:.1f})"
        )


@dataclass(slots=True)
class _Key:
    mean: float = 0.0
    var: float = 0.0
    seen: int = 0  # closed buckets folded into the baseline
    quiet_until_ms: int = 0
    closed_until: int = 0  # the baseline holds every bucket before this
    open: dict[int, list[str]] = field(default_factory=dict)  # bucket start → negative mention ids


@dataclass(frozen=True, slots=True)
class SpikePolicy:
    bucket_ms: int = 15 * 60_000
    min_count: int = 5
    ratio: float = 3.0
    z: float = 3.0
    alpha: float = 0.1  # weight of the newest bucket in the baseline
    warmup_buckets: int = 4  # below this history, the ratio is taken against a baseline of 1
    cooldown_ms: int = 2 * 3_600_000
    sample: int = 50


def topics(text: str, watched: Iterable[str] = ()) -> set[str]:
    """The topics a mention is about: its hashtags and the watched terms it contains."""
    lowered = text.lower()
    found = {f"#{tag.lower()}" for tag in _HASHTAG.findall(text)}
    found.update(term for term in watched if term in lowered)
    return found


class SpikeDetector:
    def __init__(self, policy: SpikePolicy = SpikePolicy(), watched: Iterable[str] = ()):
        self.policy = policy
        self.watched = tuple(term.lower() for term in watched)
        self._keys: dict[str, _Key] = {}
        self._recent: deque[CrisisAlert] = deque(maxlen=100)

    def observe(
        self, mention_id: str, account_id: str, text: str, negative: bool, at_ms: int
    ) -> list[CrisisAlert]:
        """Count one mention; returns the alerts its bucket raises (usually none)."""
        keys = [f"account:{account_id}", *(f"topic:{t}" for t in sorted(topics(text, self.watched)))]
        alerts = []
        bucket = at_ms - at_ms % self.policy.bucket_ms
        for name in keys:
            state = self._keys.setdefault(name, _Key())
            self._close_before(state, bucket)
            if bucket < state.closed_until:
                continue  # later than the window kept open for stragglers: already in the baseline
            ids = state.open.setdefault(bucket, [])
            if not negative:
                continue
            ids.append(mention_id)
            alert = self._judge(name, state, bucket, ids, at_ms)
            if alert is not None:
                alerts.append(alert)
                self._recent.append(alert)
        return alerts

    def active(self, account_id: str, text: str, at_ms: int) -> list[str]:
        """This mention's keys that are in crisis at ``at_ms``: an alert was raised on them within
        the cooldown, so the mention belongs to that storm."""
        keys = [f"account:{account_id}", *(f"topic:{t}" for t in sorted(topics(text, self.watched)))]
        return [key for key in keys if key in self._keys and self._keys[key].quiet_until_ms > at_ms]

    @property
    def recent(self) -> tuple[CrisisAlert, ...]:
        return tuple(self._recent)

    def _judge(self, name: str, state: _Key, bucket: int, ids: list[str], at_ms: int) -> CrisisAlert | None:
        policy, count = self.policy, len(ids)
        if count < policy.min_count or at_ms < state.quiet_until_ms:
            return None
        baseline = state.mean if state.seen >= policy.warmup_buckets else max(state.mean, 1.0)
        spread = max(1.0, state.var**0.5)
        if count < policy.ratio * max(baseline, 1.0) or count < baseline + policy.z * spread:
            return None
        state.quiet_until_ms = at_ms + policy.cooldown_ms
        return CrisisAlert(name, bucket, count, round(baseline, 2), tuple(ids[: policy.sample]))

    def _close_before(self, state: _Key, bucket: int) -> None:
        """Fold the buckets before the previous one (kept open for late arrivals) into the baseline,
        the empty ones between them included."""
        step = self.policy.bucket_ms
        cutoff = bucket - step
        for start in sorted(s for s in state.open if s < cutoff):
            if state.seen:
                self._fold_empty(state, (start - state.closed_until) // step)
            self._fold(state, len(state.open.pop(start)))
            state.closed_until = start + step
        if state.seen and cutoff > state.closed_until:
            self._fold_empty(state, (cutoff - state.closed_until) // step)
            state.closed_until = cutoff

    def _fold(self, state: _Key, count: int) -> None:
        if state.seen == 0:
            state.mean = float(count)
        else:
            delta = count - state.mean
            state.mean += self.policy.alpha * delta
            state.var = (1 - self.policy.alpha) * (state.var + self.policy.alpha * delta * delta)
        state.seen += 1

    def _fold_empty(self, state: _Key, buckets: int) -> None:
        # After a few hundred empty buckets the baseline is ~0 whatever it was: stop walking.
        for _ in range(min(buckets, 300)):
            self._fold(state, 0)
        state.seen += max(0, buckets - 300)
