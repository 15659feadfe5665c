"""The analytics' reads: every measure's counts per group, over the cases created in a period, from
the per-case facts (:mod:`console.storage.case_facts`).

Scans of one covering index pair (``FACT_FAMILIES`` in the schema) in its own order, so SQLite
streams the groups instead of sorting a million rows, side by side on their own connections. The
report (:func:`group_report`) reads the first-response histogram and the resolution histogram: one
row per group and 2 %-wide bucket, with its count, smallest and largest time; the counts per group
(cases, excluded, answered, …) are added up in the first-response scan, or for days and weeks (365
groups × hundreds of buckets) in a scan of their own, so the histogram's many rows stay narrow. Each
group's histogram is walked once as it arrives for its median and 90th percentile
(:func:`console.domain.measures.percentiles_in`), the total's merged from the groups; no object is
built per bucket and nothing per case leaves SQLite. Weeks are days merged here, the total networks
merged. :func:`group_counts` keeps every group's whole histogram instead, for callers that combine
groups their own way.

A period holding few cases (up to :data:`SORT_AT_MOST`) is read through the day index instead, and
SQLite sorts just those.
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import chain, groupby
from operator import itemgetter
from typing import TypeVar

from sqlalchemy import Connection, select

from console.domain.measures import (
    DAY_MS,
    TIME_GROUPS,
    Bucket,
    GroupBy,
    GroupCounts,
    GroupMeasures,
    Percentiles,
    combine,
    measures_of,
    merge_buckets,
    percentiles_in,
)
from console.storage.case_facts import STALE_SLICE, refresh_stale
from console.storage.database import CacheDatabase
from console.storage.schema import FACT_FAMILIES, accounts, users

# Which family answers each grouping, and the group a family row (its key columns) belongs to.
_FAMILY: dict[GroupBy, tuple[str, Callable[[tuple], object]]] = {
    GroupBy.ALL: ("network", lambda k: ""),
    GroupBy.NETWORK: ("network", lambda k: k[0]),
    GroupBy.ACCOUNT: ("account", lambda k: k[0]),
    GroupBy.TEAM: ("team", lambda k: k[0]),
    GroupBy.AGENT: ("agent", lambda k: k[0]),
    GroupBy.GUIDANCE: ("guidance", lambda k: k[0]),
    GroupBy.DAY: ("day", lambda k: k[0]),
    GroupBy.WEEK: ("day", lambda k: (k[0] + 3) // 7),  # 1970-01-01 was a Thursday: Monday weeks
}

_Group = TypeVar("_Group", GroupCounts, GroupMeasures)

SORT_AT_MOST = 150_000
"""Up to this many cases in a period, they are read through the day index and sorted by group."""

NONE_LABELS = {
    GroupBy.TEAM: "(no team)",
    GroupBy.AGENT: "(not answered)",
    GroupBy.GUIDANCE: "(no guidance)",
}


@dataclass(frozen=True, slots=True)
class Period:
    """Cases created from ``start_ms`` (included) to ``end_ms`` (excluded); None: no bound."""

    start_ms: int | None = None
    end_ms: int | None = None

    def where(self) -> tuple[str, list[int]]:
        """The SQL condition; the days it spans are named too, so the day index seeks to them."""
        parts, values = [], []
        if self.start_ms is not None:
            parts.append("day >= ? AND opened_ms >= ?")
            values += [self.start_ms // DAY_MS, self.start_ms]
        if self.end_ms is not None:
            parts.append("day <= ? AND opened_ms < ?")
            values += [self.end_ms // DAY_MS, self.end_ms]
        return (" AND ".join(parts) or "1"), values


class AnalyticsRepository:
    def __init__(self, db: CacheDatabase):
        self._db = db

    async def report(self, group: GroupBy, period: Period) -> tuple[tuple[GroupMeasures, ...], GroupMeasures]:
        """The figures per group and in total, after deriving the facts of cases that changed since
        the last time."""
        await self._refresh()
        return await self._db.read(lambda c: group_report(c, group, period))

    async def counts(self, group: GroupBy, period: Period) -> tuple[GroupCounts, ...]:
        """The counts per group with their whole histograms, after deriving the stale facts."""
        await self._refresh()
        return await self._db.read(lambda c: group_counts(c, group, period))

    async def _refresh(self) -> None:
        while await self._db.write(refresh_stale) == STALE_SLICE:
            pass


def group_report(
    connection: Connection, group: GroupBy, period: Period
) -> tuple[tuple[GroupMeasures, ...], GroupMeasures]:
    """Every group's figures, best first (days and weeks in time order), and the total's."""
    group = GroupBy(group)
    family, group_of = _FAMILY[group]
    keys = FACT_FAMILIES[family]
    width = len(keys)
    columns = ", ".join(keys)
    where, values = period.where()
    read = _family_to_read(connection, family, period)
    index = f"case_facts INDEXED BY ix_case_facts_{read}"
    merged = group is GroupBy.ALL
    resolution_sql = _resolution_sql(columns, where, read, keys_last=True)
    tallies: dict[object, list] = {}  # group → cases, excluded, answered, resolved_ever, reopened, Σ, n
    if group in TIME_GROUPS:
        # Hundreds of days × hundreds of buckets: the counts have a scan of their own (one row per
        # day), so the histogram's rows reach Python with four columns, not nine; weeks are merged
        # from the days' rows by SQLite (a sort of those rows, not of the cases).
        response_sql = _histogram_sql(columns, index, where)
        histogram_of = group_of
        if group is GroupBy.WEEK:
            response_sql, resolution_sql = _weekly(response_sql), _weekly(resolution_sql)
            histogram_of = itemgetter(0)  # the rows' key is the week already
        resolutions = _beside(connection, resolution_sql, values)
        counted = _beside(connection, _counted_sql(columns, index, where), values)
        responses = _fetch(connection, response_sql, values)
        for row in counted.result():
            _count(tallies.get(g := group_of(row[:width])) or tallies.setdefault(g, [0] * 7), *row[width:])
    else:
        # A few dozen groups: one scan adds up the counts beside the histogram, as group_counts does.
        resolutions = _beside(connection, resolution_sql, values)
        rows = _fetch(connection, _histogram_sql(columns, index, where, counted=True), values)
        for row in rows:
            t = tallies.get(g := group_of(row[4:])) or tallies.setdefault(g, [0] * 7)
            _count(t, row[4 + width], row[1], row[1] if row[0] is not None else 0, *row[5 + width :])
        responses = [row for row in rows if row[0] is not None and not row[4 + width]]
        histogram_of = group_of
    first_response, first_response_total = _streamed(responses, width, histogram_of, merged)
    resolution, resolution_total = _streamed(resolutions.result(), width, histogram_of, merged)
    for g in (*first_response, *resolution):  # a case synced between two scans: counted as it stood
        tallies.get(g) or tallies.setdefault(g, [0] * 7)
    labels = _labels(connection, group, tallies)
    none = Percentiles(None, None, 0)
    counts = [GroupCounts(_key(group, g), labels[g], *t[:5], float(t[5]), t[6]) for g, t in tallies.items()]
    found = [
        measures_of(c, first_response.get(g, none), resolution.get(g, none))
        for g, c in zip(tallies, counts, strict=True)
    ]
    total = measures_of(combine(counts), first_response_total, resolution_total)
    return _ordered(group, found), total


def _counted_sql(columns: str, index: str, where: str) -> str:
    return (
        f"SELECT {columns}, excluded, COUNT(*), COUNT(response_bucket), SUM(resolved_ever), "
        "SUM(reopened), TOTAL(sentiment_change), COUNT(sentiment_change) "
        f"FROM {index} WHERE {where} GROUP BY {columns}, excluded"
    )


def _histogram_sql(columns: str, index: str, where: str, counted: bool = False) -> str:
    """The first-response histogram ``(bucket, count, low, high, keys…)``; ``counted``: every row,
    with ``excluded`` and the sums of the counts after the keys, else only the counted answered ones."""
    if counted:
        extra, condition = (
            ", excluded, SUM(resolved_ever), SUM(reopened), TOTAL(sentiment_change), COUNT(sentiment_change)",
            "",
        )
    else:
        # ``+``: the filter must not count as a constraint of the index, or SQLite sorts the groups
        # again in a temporary b-tree instead of streaming them in the index's order.
        extra, condition = "", " AND +excluded = 0 AND +response_bucket IS NOT NULL"
    return (
        "SELECT response_bucket AS bucket, COUNT(*) AS n, MIN(response_ms) AS low, MAX(response_ms) AS high, "
        f"{columns}{extra} FROM {index} WHERE {where}{condition} "
        f"GROUP BY {columns}, excluded, response_bucket"
    )


def _weekly(daily_sql: str) -> str:
    """A daily histogram's rows merged into weeks (numbered as :data:`_FAMILY` numbers them)."""
    return (
        "SELECT bucket, SUM(n), MIN(low), MAX(high), (day + 3) / 7 AS week "
        f"FROM ({daily_sql}) GROUP BY week, bucket"
    )


def _count(
    t: list, excluded: int, n: int, answered: int, resolved_ever: int, reopened: int, s_sum: float, s_n: int
) -> None:
    """Add a row's counts to a group's tally (an excluded case counts only as excluded)."""
    if excluded:
        t[1] += n
    else:
        t[0] += n
        t[2] += answered
        t[3] += resolved_ever
        t[4] += reopened
        t[5] += s_sum
        t[6] += s_n


def _streamed(
    rows: list[tuple], width: int, group_of: Callable[[tuple], object], merged: bool
) -> tuple[dict[object, Percentiles], Percentiles]:
    """The percentiles per group and in total of histogram rows ``(bucket, count, low, high, keys…)``
    in the order of their keys and buckets, walked as they stand: a group read whole from its index
    has each bucket once, in order; merged ones (weeks, every network) are merged as they are read."""
    histograms: dict[object, list[tuple]] = {}
    for key, run in groupby(rows, key=itemgetter(*range(4, 4 + width))):
        histogram = histograms.get(g := group_of(key if width > 1 else (key,)))
        if histogram is None:
            histogram = histograms[g] = []
        histogram.extend(run)
    if merged:
        histograms = {g: merge_buckets(h) for g, h in histograms.items()}
    found = {g: percentiles_in(h) for g, h in histograms.items()}
    if len(found) == 1:  # every row in one group (all cases, or one week): its figures are the total's
        return found, next(iter(found.values()))
    return found, percentiles_in(merge_buckets(chain.from_iterable(histograms.values())))


def group_counts(connection: Connection, group: GroupBy, period: Period) -> tuple[GroupCounts, ...]:
    """Every group's counts with its whole histograms, in the report's order."""
    group = GroupBy(group)
    family, group_of = _FAMILY[group]
    keys = FACT_FAMILIES[family]  # the grouping's columns, whichever index reads them
    width = len(keys)
    columns = ", ".join(keys)
    where, values = period.where()
    read = _family_to_read(connection, family, period)
    main_sql = (
        f"SELECT {columns}, excluded, response_bucket, COUNT(*), MIN(response_ms), MAX(response_ms), "
        "SUM(resolved_ever), SUM(reopened), TOTAL(sentiment_change), COUNT(sentiment_change) "
        f"FROM case_facts INDEXED BY ix_case_facts_{read} WHERE {where} "
        f"GROUP BY {columns}, excluded, response_bucket"
    )
    # The two scans run side by side on two connections: SQLite steps without the GIL, so on two
    # cores a report costs its longer scan, not both. (A sync write landing between them can put a
    # case in one and not the other: a live cache's figures move by that case anyway.)
    resolved = _beside(connection, _resolution_sql(columns, where, read), values)
    tallies: dict[object, dict] = {}
    for key, rows in groupby(_fetch(connection, main_sql, values), key=itemgetter(*range(width))):
        t = tallies.get(g := group_of(key if width > 1 else (key,))) or tallies.setdefault(g, _tally())
        histogram = t["first_response"]
        for row in rows:
            excluded, bucket, n, low, high, resolved_ever, reopened, s_sum, s_n = row[width:]
            if excluded:
                t["excluded"] += n
                continue
            t["cases"] += n
            t["resolved_ever"] += resolved_ever
            t["reopened"] += reopened
            t["sentiment_sum"] += s_sum
            t["sentiment_n"] += s_n
            if bucket is not None:
                t["answered"] += n
                histogram.append(Bucket(bucket, n, low, high))
    for key, rows in groupby(resolved.result(), key=itemgetter(*range(width))):
        t = tallies.get(g := group_of(key if width > 1 else (key,))) or tallies.setdefault(g, _tally())
        t["resolution"].extend(Bucket(*row[width:]) for row in rows)
    labels = _labels(connection, group, tallies)
    # A group read whole from its index has each bucket once, in order; merged ones need merging.
    tidy = merge_buckets if group in (GroupBy.ALL, GroupBy.WEEK) else tuple
    found = [
        GroupCounts(
            key=_key(group, g),
            label=labels[g],
            first_response=tidy(t.pop("first_response")),
            resolution=tidy(t.pop("resolution")),
            **t,
        )
        for g, t in tallies.items()
    ]
    return _ordered(group, found)


def _family_to_read(connection: Connection, family: str, period: Period) -> str:
    """The grouping's own family, or the day's for a period holding few cases."""
    # A short period (the last 30 days of a year) is a range of the day index: reading those rows
    # and sorting them beats streaming every case of the grouping's own index.
    if family != "day" and (period.start_ms is not None or period.end_ms is not None):
        where, values = period.where()
        counted = f"SELECT COUNT(*) FROM case_facts INDEXED BY ix_case_facts_day WHERE {where}"
        if connection.exec_driver_sql(counted, tuple(values)).scalar_one() <= SORT_AT_MOST:
            return "day"
    return family


def _resolution_sql(columns: str, where: str, family: str, keys_last: bool = False) -> str:
    bucket = (
        "resolution_bucket AS bucket, COUNT(*) AS n, MIN(resolution_ms) AS low, MAX(resolution_ms) AS high"
    )
    return (
        f"SELECT {f'{bucket}, {columns}' if keys_last else f'{columns}, {bucket}'} "
        f"FROM case_facts INDEXED BY ix_case_facts_{family}_resolution "
        f"WHERE {where} AND excluded = 0 AND resolution_bucket IS NOT NULL "
        f"GROUP BY {columns}, resolution_bucket"
    )


def _ordered(group: GroupBy, found: list[_Group]) -> tuple[_Group, ...]:
    """Days and weeks as time runs, other groups biggest first."""
    if group in (GroupBy.DAY, GroupBy.WEEK):
        return tuple(sorted(found, key=lambda g: g.key))
    return tuple(sorted(found, key=lambda g: (-g.cases, -g.excluded, g.label)))


def _fetch(connection: Connection, sql: str, values: list) -> list[tuple]:
    driver = connection.connection.cursor()
    try:
        return driver.execute(sql, values).fetchall()
    finally:
        driver.close()


def _beside(connection: Connection, sql: str, values: list) -> Future:
    """``sql``'s rows read on a connection of its own in another thread (on this one when the
    database is in memory: another connection would see another database)."""
    if connection.engine.url.database in (None, "", ":memory:"):
        done: Future = Future()
        done.set_result(_fetch(connection, sql, values))
        return done

    def read() -> list[tuple]:
        with connection.engine.connect() as other:
            return _fetch(other, sql, values)

    return _SIDE.submit(read)


_SIDE = ThreadPoolExecutor(2, thread_name_prefix="analytics-side-scan")


def _tally() -> dict:
    return {
        "cases": 0,
        "excluded": 0,
        "answered": 0,
        "resolved_ever": 0,
        "reopened": 0,
        "sentiment_sum": 0.0,
        "sentiment_n": 0,
        "first_response": [],
        "resolution": [],
    }


def day_start(group: GroupBy, number: int) -> datetime:
    """The first day of day or week ``number`` (as :data:`_FAMILY` counts them), UTC."""
    days = number if group is GroupBy.DAY else number * 7 - 3
    return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(days=days)


def _key(group: GroupBy, g: object) -> str:
    if group in (GroupBy.DAY, GroupBy.WEEK):
        return day_start(group, int(g)).date().isoformat()  # sorts as time runs
    return "all" if group is GroupBy.ALL else str(g)


def _labels(connection: Connection, group: GroupBy, tallies: dict) -> dict[object, str]:
    if group is GroupBy.ALL:
        return dict.fromkeys(tallies, "All cases")
    if group is GroupBy.DAY:
        return {g: _key(group, g) for g in tallies}
    if group is GroupBy.WEEK:
        return {g: f"Week of {_key(group, g)}" for g in tallies}
    names: dict[str, str] = {}
    if group is GroupBy.ACCOUNT:
        rows = connection.execute(select(accounts.c.id, accounts.c.handle, accounts.c.network)).all()
        names = {i: f"{handle} ({network})" for i, handle, network in rows}
    elif group is GroupBy.AGENT:
        names = {i: name for i, name in connection.execute(select(users.c.id, users.c.name))}
    none = NONE_LABELS.get(group, "(unknown)")
    return {g: (names.get(g, g) if g else none) for g in tallies}
