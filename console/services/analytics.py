"""Reports → Analytics…: the headline measures per group over a period, a measure over time, and the
report as CSV — all from this desk's cache, so it works offline (a supervisor's desk holds their
teams' cases, an agent's what they see).

The counting runs on the cache's reader thread and the CSV is written in a worker thread: the UI
thread only awaits.
"""

import asyncio
import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from console.domain.measures import DAY_MS, GroupBy, GroupMeasures, Measure
from console.domain.translatable import translatable
from console.services.atomic_file import write_atomically
from console.services.errors import KnownError
from console.storage.analytics_repo import AnalyticsRepository, Period
from console.storage.database import CacheError


class AnalyticsError(KnownError):
    """The cache could not be read, or the CSV could not be written; the message says which and why."""


@dataclass(frozen=True, slots=True)
class AnalyticsReport:
    group: GroupBy
    period: Period
    groups: tuple[GroupMeasures, ...]
    total: GroupMeasures  # every group together

    @property
    def empty(self) -> bool:
        return self.total.cases + self.total.excluded == 0


CSV_HEADERS = (
    "group",
    "cases",
    "excluded",
    "answered",
    "response_rate",
    "first_response_median_s",
    "first_response_p90_s",
    "first_response_n",
    "resolution_median_s",
    "resolution_p90_s",
    "resolution_n",
    "resolved_ever",
    "reopened",
    "reopen_rate",
    "sentiment_change",
    "sentiment_n",
)


def last_days(days: int | None, now: datetime) -> Period:
    """The cases created in the ``days`` UTC days up to and including today (None: all of them)."""
    if days is None:
        return Period()
    today = int(now.timestamp() * 1000) // DAY_MS * DAY_MS
    return Period(today - (days - 1) * DAY_MS, today + DAY_MS)


class Analytics:
    def __init__(
        self, repository: AnalyticsRepository, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    ):
        self._repository = repository
        self._clock = clock

    def period(self, days: int | None) -> Period:
        return last_days(days, self._clock())

    async def report(self, group: GroupBy, period: Period) -> AnalyticsReport:
        try:
            groups, total = await self._repository.report(group, period)
        except CacheError as error:
            raise AnalyticsError(str(error)) from error
        return AnalyticsReport(group, period, groups, total)

    async def over_time(self, measure: Measure, step: GroupBy, period: Period) -> tuple[GroupMeasures, ...]:
        """Every case of the period, by day or week of creation (days without cases are absent)."""
        if step not in (GroupBy.DAY, GroupBy.WEEK):
            raise ValueError(f"over time is by day or week, not {step}")
        return (await self.report(step, period)).groups

    async def export_csv(self, report: AnalyticsReport, path: Path) -> None:
        """Write the report (its groups, then the total) to ``path`` whole or not at all."""
        text = csv_text(report)
        try:
            await asyncio.to_thread(write_atomically, Path(path), text)
        except OSError as error:
            reason = error.strerror or str(error)
            raise AnalyticsError(
                translatable("Errors", "The CSV could not be written to {path}: {reason}"),
                path=path,
                reason=reason,
            ) from error


def csv_text(report: AnalyticsReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADERS)
    for row in (*report.groups, report.total):
        writer.writerow(_csv_row(row))
    return out.getvalue()


def _csv_row(g: GroupMeasures) -> list[object]:
    return [
        g.label,
        g.cases,
        g.excluded,
        g.answered,
        _number(g.response_rate, 4),
        _seconds(g.first_response.median_ms),
        _seconds(g.first_response.p90_ms),
        g.first_response.n,
        _seconds(g.resolution.median_ms),
        _seconds(g.resolution.p90_ms),
        g.resolution.n,
        g.resolved_ever,
        g.reopened,
        _number(g.reopen_rate, 4),
        _number(g.sentiment_change, 3),
        g.sentiment_n,
    ]


def _number(value: float | None, digits: int) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def _seconds(ms: float | None) -> str:
    return _number(None if ms is None else ms / 1000, 1)


__all__ = ["Analytics", "AnalyticsError", "AnalyticsReport", "Period", "csv_text", "last_days"]
