"""Service levels: business-hours calendars, policies per network/account/priority, due times, states.

A policy promises a first response and a resolution within so many *business* minutes of the case
opening, counted on its calendar (a team that works 9–17 on weekdays owes nothing overnight). The
most specific policy wins: one naming the brand account beats one naming the network, which beats a
catch-all; among those, the one with the highest priority floor the case reaches. A clock is *at
risk* once ¾ of its allowance is spent (:data:`AT_RISK_SHARE`, one share for every policy: the
queue's SQL filter uses it too), *breached* after its due time, and *met* when the response (or
resolution) came in time. All times are UTC epoch milliseconds.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from console.domain.case import Case, CaseStatus

MINUTE_MS = 60_000
AT_RISK_SHARE = 0.75  # of a promise's allowance spent, after which it is at risk
_DAY = timedelta(days=1)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_MAX_DAYS = 366 * 2  # a calendar with no open hours in two years cannot be waited out


class SlaConfigError(ValueError):
    """A policy or calendar that cannot be used, with what is wrong and where."""


class SlaState(StrEnum):
    NONE = "none"  # no policy applies, or nothing is owed (an answered clock that was met)
    OK = "ok"
    AT_RISK = "at_risk"
    BREACHED = "breached"
    MET = "met"


@dataclass(frozen=True, slots=True)
class Calendar:
    """Opening hours per weekday (Monday = 0) as (start, end) local times, a time zone and closed
    dates. An empty ``hours`` means always open (24/7)."""

    name: str = "24x7"
    tz: str = "UTC"
    hours: Mapping[int, tuple[tuple[time, time], ...]] = field(default_factory=dict)
    holidays: frozenset[date] = frozenset()

    @property
    def always_open(self) -> bool:
        return not self.hours and not self.holidays

    def add(self, start_ms: int, minutes: float) -> int:
        """The moment ``minutes`` of open time after ``start_ms``."""
        if self.always_open:
            return start_ms + round(minutes * MINUTE_MS)
        zone = _zone(self.tz)
        left = timedelta(minutes=minutes)
        moment = datetime.fromtimestamp(start_ms / 1000, tz=UTC).astimezone(zone)
        day = moment.date()
        for _ in range(_MAX_DAYS):
            for opens, closes in self._windows(day, zone):
                begin = max(moment, opens)
                end = closes
                if end <= begin:
                    continue
                if end - begin >= left:
                    return int((begin + left).timestamp() * 1000)
                left -= end - begin
            day += _DAY
        raise SlaConfigError(f"calendar {self.name!r} has no open hours within two years")

    def open_minutes(self, start_ms: int, end_ms: int) -> float:
        """Open minutes between two moments (0 when ``end_ms`` is not after ``start_ms``)."""
        if end_ms <= start_ms:
            return 0.0
        if self.always_open:
            return (end_ms - start_ms) / MINUTE_MS
        zone = _zone(self.tz)
        start = datetime.fromtimestamp(start_ms / 1000, tz=UTC).astimezone(zone)
        stop = datetime.fromtimestamp(end_ms / 1000, tz=UTC).astimezone(zone)
        total = timedelta()
        day = start.date()
        while day <= stop.date():
            for opens, closes in self._windows(day, zone):
                begin, end = max(start, opens), min(stop, closes)
                if end > begin:
                    total += end - begin
            day += _DAY
        return total.total_seconds() / 60

    def _windows(self, day: date, zone: ZoneInfo) -> list[tuple[datetime, datetime]]:
        """The day's open spans as aware datetimes; a span ending at 00:00 runs to midnight."""
        if day in self.holidays:
            return []
        spans = self.hours.get(day.weekday(), ()) if self.hours else ((time(0), time(0)),)
        return [
            (
                datetime.combine(day, opens, zone),
                datetime.combine(day + _DAY if closes == time(0) else day, closes, zone),
            )
            for opens, closes in spans
        ]


@dataclass(frozen=True, slots=True)
class SlaPolicy:
    name: str
    first_response_minutes: float
    resolution_minutes: float
    calendar: Calendar = Calendar()
    network: str | None = None  # None: any network
    account_id: str | None = None  # None: any brand account
    min_priority: int = 0  # applies to cases whose priority is at least this

    @property
    def specificity(self) -> tuple[int, int]:
        return (2 if self.account_id else 1 if self.network else 0, self.min_priority)

    def matches(self, network: str, account_id: str, priority: int) -> bool:
        return (
            (self.network is None or self.network == network)
            and (self.account_id is None or self.account_id == account_id)
            and priority >= self.min_priority
        )


@dataclass(frozen=True, slots=True)
class DueTimes:
    policy: str
    first_response_due_ms: int
    resolution_due_ms: int


@dataclass(frozen=True, slots=True)
class Clock:
    """One promise being kept: when it started, when it is due, how it stands now."""

    state: SlaState
    due_ms: int | None
    remaining_ms: int | None  # negative once breached; None when nothing is owed


class SlaPolicies:
    """The hub's policies, most specific first."""

    def __init__(self, policies: Iterable[SlaPolicy]):
        self.policies: tuple[SlaPolicy, ...] = tuple(
            sorted(policies, key=lambda p: p.specificity, reverse=True)
        )

    def policy_for(self, network: str, account_id: str, priority: int) -> SlaPolicy | None:
        return next((p for p in self.policies if p.matches(network, account_id, priority)), None)

    def due(self, network: str, account_id: str, priority: int, opened_ms: int) -> DueTimes | None:
        policy = self.policy_for(network, account_id, priority)
        if policy is None:
            return None
        return DueTimes(
            policy.name,
            policy.calendar.add(opened_ms, policy.first_response_minutes),
            policy.calendar.add(opened_ms, policy.resolution_minutes),
        )


def clock(
    started_ms: int, due_ms: int | None, done_ms: int | None, now: int, at_risk_share: float = AT_RISK_SHARE
) -> Clock:
    """How a promise made at ``started_ms`` and due at ``due_ms`` stands at ``now``; ``done_ms`` is
    when it was kept (first response sent, case resolved), if it was. Risk is measured on wall time
    here; :meth:`Calendar.open_minutes` gives business time when a caller needs it."""
    if due_ms is None:
        return Clock(SlaState.NONE, None, None)
    if done_ms is not None:
        return Clock(SlaState.MET if done_ms <= due_ms else SlaState.BREACHED, due_ms, None)
    remaining = due_ms - now
    if remaining < 0:
        return Clock(SlaState.BREACHED, due_ms, remaining)
    allowance = max(1, due_ms - started_ms)
    spent = (now - started_ms) / allowance
    return Clock(SlaState.AT_RISK if spent >= at_risk_share else SlaState.OK, due_ms, remaining)


def format_countdown(remaining_ms: int | None) -> str:
    """``12m``, ``1h05``, ``-3m`` (overdue): compact enough for a queue cell."""
    if remaining_ms is None:
        return ""
    sign = "-" if remaining_ms < 0 else ""
    minutes = abs(remaining_ms) // MINUTE_MS
    if minutes < 60:
        return f"{sign}{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 48:
        return f"{sign}{hours}h{minutes:02d}"
    return f"{sign}{hours // 24}d"


# --- configuration -----------------------------------------------------------------------------


def policies_from_config(data: Mapping) -> SlaPolicies:
    """Policies from a parsed configuration (the hub reads it from YAML or TOML)::

        calendars:
          office: {tz: Europe/Lisbon, hours: {mon-fri: "09:00-18:00", sat: "10:00-14:00"},
                   holidays: [2026-12-25]}
        policies:
          - {name: vip, min_priority: 80, first_response_minutes: 15, resolution_minutes: 240}
          - {name: x-support, network: x, first_response_minutes: 60, resolution_minutes: 1440,
             calendar: office}

    Every mistake is reported with where it is, and nothing half-read is returned.
    """
    if not isinstance(data, Mapping):
        raise SlaConfigError("the SLA configuration must be a mapping with 'calendars' and 'policies'")
    calendars = {"24x7": Calendar()}
    for name, spec in (data.get("calendars") or {}).items():
        calendars[str(name)] = _calendar(str(name), spec)
    policies = []
    for index, spec in enumerate(data.get("policies") or ()):
        where = f"policies[{index}]"
        if not isinstance(spec, Mapping):
            raise SlaConfigError(f"{where}: a policy is a mapping")
        unknown = set(spec) - {
            "name",
            "network",
            "account",
            "min_priority",
            "first_response_minutes",
            "resolution_minutes",
            "calendar",
        }  # fmt: skip  — one at-risk share for all (AT_RISK_SHARE): the queue's SQL filter uses it too
        if unknown:
            raise SlaConfigError(f"{where}: unknown keys {sorted(unknown)}")
        calendar_name = str(spec.get("calendar", "24x7"))
        if calendar_name not in calendars:
            raise SlaConfigError(f"{where}: no calendar named {calendar_name!r}")
        try:
            first, resolution = float(spec["first_response_minutes"]), float(spec["resolution_minutes"])
            floor = int(spec.get("min_priority", 0))
        except KeyError as missing:
            raise SlaConfigError(f"{where}: {missing.args[0]} is required") from None
        except (TypeError, ValueError) as error:
            raise SlaConfigError(f"{where}: {error}") from None
        if first <= 0 or resolution < first:
            raise SlaConfigError(f"{where}: minutes must be positive and resolution ≥ first response")
        policies.append(
            SlaPolicy(
                str(spec.get("name", where)),
                first,
                resolution,
                calendars[calendar_name],
                spec.get("network"),
                spec.get("account"),
                floor,
            )
        )
    return SlaPolicies(policies)


def _calendar(name: str, spec) -> Calendar:
    where = f"calendars.{name}"
    if not isinstance(spec, Mapping):
        raise SlaConfigError(f"{where}: a calendar is a mapping with tz, hours and holidays")
    tz = str(spec.get("tz", "UTC"))
    _zone(tz, where)
    hours: dict[int, list[tuple[time, time]]] = {}
    for days, spans in (spec.get("hours") or {}).items():
        for day in _days(str(days), where):
            for span in [spans] if isinstance(spans, str) else spans:
                hours.setdefault(day, []).append(_span(str(span), f"{where}.hours.{days}"))
    holidays = set()
    for value in spec.get("holidays") or ():
        try:
            holidays.add(value if isinstance(value, date) else date.fromisoformat(str(value)))
        except ValueError:
            raise SlaConfigError(f"{where}.holidays: {value!r} is not a date (YYYY-MM-DD)") from None
    if spec.get("hours") is not None and not hours:
        raise SlaConfigError(f"{where}: hours are given but name no open time")
    return Calendar(name, tz, {d: tuple(sorted(s)) for d, s in hours.items()}, frozenset(holidays))


def _days(text: str, where: str) -> Sequence[int]:
    parts = text.lower().split("-")
    try:
        if len(parts) == 1:
            return [_WEEKDAYS.index(parts[0])]
        first, last = _WEEKDAYS.index(parts[0]), _WEEKDAYS.index(parts[1])
    except ValueError:
        raise SlaConfigError(f"{where}.hours: {text!r} is not a day or range (mon, mon-fri)") from None
    return list(range(first, last + 1)) if first <= last else [*range(first, 7), *range(0, last + 1)]


def _span(text: str, where: str) -> tuple[time, time]:
    try:
        start, end = (time.fromisoformat(part.strip().replace("24:00", "00:00")) for part in text.split("-"))
    except ValueError:
        raise SlaConfigError(f"{where}: {text!r} is not a span like 09:00-17:30") from None
    if end != time(0) and end <= start:
        raise SlaConfigError(f"{where}: {text!r} ends before it starts (use 24:00 as 00:00)")
    return start, end


def _zone(tz: str, where: str = "calendar") -> ZoneInfo:
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise SlaConfigError(f"{where}: unknown time zone {tz!r}") from None


# --- routing a case to its service level ---------------------------------------------------------


def routing_changes(
    previous: Case | None, current: Case, priority: int, policies: SlaPolicies, at_ms: int
) -> dict:
    """What a ``routed`` event should set after new mentions: ``previous`` is the case before them
    (None for a new case), ``current`` after, ``priority`` the most urgent new mention's. Empty
    when nothing changes.

    A new case gets the policy for its priority, due from when it opened. A reopened case owes a
    new resolution from ``at_ms``. A case that becomes more urgent moves to the stricter policy,
    keeping whichever due time is earlier, so raising the priority never buys time.
    """
    changes: dict = {}
    level = max(priority, current.priority)
    if level != current.priority:
        changes["priority"] = level
    policy = policies.policy_for(current.network.value, current.account_id, level)
    if policy is None:
        return changes
    first = policy.calendar.add(current.opened_ms, policy.first_response_minutes)
    resolution = policy.calendar.add(current.opened_ms, policy.resolution_minutes)
    if previous is None or current.sla_policy is None:
        return changes | {
            "sla_policy": policy.name,
            "first_response_due_ms": first,
            "resolution_due_ms": resolution,
        }
    if previous.status is CaseStatus.RESOLVED and current.status is not CaseStatus.RESOLVED:
        changes["resolution_due_ms"] = policy.calendar.add(at_ms, policy.resolution_minutes)
    elif policy.name != current.sla_policy and "priority" in changes:
        changes["sla_policy"] = policy.name
        if current.first_response_ms is None and (current.first_response_due_ms or first + 1) > first:
            changes["first_response_due_ms"] = first
        if (current.resolution_due_ms or resolution + 1) > resolution:
            changes["resolution_due_ms"] = resolution
    return changes
