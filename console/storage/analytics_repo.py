"""The analytics' reads: every measure's counts per group, over the cases created in a period, from
the per-case facts (:mod:`console.storage.case_facts`).

Two scans of one covering index pair (``FACT_FAMILIES`` in the schema) in its own order, so SQLite
streams the groups instead of sorting a million rows: one by (family keys, excluded, first-response
bucket) that also adds up the counts, one by (family keys, resolution bucket). Durations come back
as histograms of a few hundred buckets per group, from which :mod:`console.domain.measures` reads the
percentiles; nothing per case leaves SQLite. Weeks are days merged here, the total networks merged.
A period holding few cases (up to :data:`SORT_AT_MOST`) is read through the day index instead, and
SQLite sorts just those.
"""

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import groupby
from operator import itemgetter

from sqlalchemy import Connection, select

from console.domain.measures import DAY_MS, Bucket, GroupBy, GroupCounts, merge_buckets
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

    async def counts(self, group: GroupBy, period: Period) -> tuple[GroupCounts, ...]:
        """The counts per group, after deriving the facts of cases that changed since the last time."""
        while await self._db.write(refresh_stale) == STALE_SLICE:
            pass
        return await self._db.read(lambda c: group_counts(c, group, period))


def group_counts(connection: Connection, group: GroupBy, period: Period) -> tuple[GroupCounts, ...]:
    group = GroupBy(group)
    family, group_of = _FAMILY[group]
    keys = FACT_FAMILIES[family]  # the grouping's columns, whichever index reads them
    width = len(keys)
    columns = ", ".join(keys)
    where, values = period.where()
    # A short period (the last 30 days of a year) is a range of the day index: reading those rows
    # and sorting them beats streaming every case of the grouping's own index.
    if family != "day" and (period.start_ms is not None or period.end_ms is not None):
        counted = f"SELECT COUNT(*) FROM case_facts INDEXED BY ix_case_facts_day WHERE {where}"
        if connection.exec_driver_sql(counted, tuple(values)).scalar_one() <= SORT_AT_MOST:
            family = "day"
    main_sql = (
        f"SELECT {columns}, excluded, response_bucket, COUNT(*), MIN(response_ms), MAX(response_ms), "
        "SUM(resolved_ever), SUM(reopened), TOTAL(sentiment_change), COUNT(sentiment_change) "
        f"FROM case_facts INDEXED BY ix_case_facts_{family} WHERE {where} "
        f"GROUP BY {columns}, excluded, response_bucket"
    )
    resolution_sql = (
        f"SELECT {columns}, resolution_bucket, COUNT(*), MIN(resolution_ms), MAX(resolution_ms) "
        f"FROM case_facts INDEXED BY ix_case_facts_{family}_resolution "
        f"WHERE {where} AND excluded = 0 AND resolution_bucket IS NOT NULL "
        f"GROUP BY {columns}, resolution_bucket"
    )
    # The two scans run side by side on two connections: SQLite steps without the GIL, so on two
    # cores a report costs its longer scan, not both. (A sync write landing between them can put a
    # case in one and not the other: a live cache's figures move by that case anyway.)
    resolved = _beside(connection, resolution_sql, values)
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
    if group in (GroupBy.DAY, GroupBy.WEEK):
        return tuple(sorted(found, key=lambda g: g.key))
    return tuple(sorted(found, key=lambda g: (-g.cases, -g.excluded, g.label)))  # biggest first


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


_SIDE = ThreadPoolExecutor(1, thread_name_prefix="analytics-side-scan")


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
