"""When a snoozed case comes back: the dialog's presets and the limits the hub enforces.

Presets "tomorrow" and "next Monday" are wall-clock times in the agent's own zone (a zoneinfo
zone, so a DST change in between moves the UTC instant, not the 09:00); "in 1 hour" and "in
4 hours" are plain durations.
"""

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

SNOOZE_LIMIT_MS = 30 * 86_400_000  # the hub refuses later times (a reminder system, not a snooze)
MORNING = time(9, 0)


class Preset(StrEnum):
    ONE_HOUR = "one_hour"
    FOUR_HOURS = "four_hours"
    TOMORROW_MORNING = "tomorrow_morning"
    NEXT_MONDAY_MORNING = "next_monday_morning"


def preset_until_ms(preset: Preset, now_ms: int, zone: tzinfo) -> int:
    """The UTC epoch milliseconds at which ``preset`` wakes a case snoozed at ``now_ms``."""
    if preset is Preset.ONE_HOUR:
        return now_ms + 3_600_000
    if preset is Preset.FOUR_HOURS:
        return now_ms + 4 * 3_600_000
    today = datetime.fromtimestamp(now_ms / 1000, tz=UTC).astimezone(zone).date()
    if preset is Preset.TOMORROW_MORNING:
        return local_ms(today + timedelta(days=1), MORNING, zone)
    # Monday is weekday 0; on a Monday "next Monday" is a week away, never today.
    days = 7 - today.weekday()
    return local_ms(today + timedelta(days=days), MORNING, zone)


def local_ms(day: date, at: time, zone: tzinfo) -> int:
    """``day`` at wall-clock ``at`` in ``zone``, as UTC epoch ms. A time skipped by a DST jump
    (02:30 on a spring-forward night) is read with the offset before the jump, i.e. an hour later
    on the clock — never an error."""
    return int(datetime.combine(day, at, tzinfo=zone).timestamp() * 1000)


class SnoozeProblem(StrEnum):
    PAST = "past"
    TOO_FAR = "too_far"


def check_until(until_ms: int, now_ms: int) -> SnoozeProblem | None:
    """Why the hub would refuse ``until_ms`` (not after now, or over 30 days ahead); None if fine."""
    if until_ms <= now_ms:
        return SnoozeProblem.PAST
    if until_ms > now_ms + SNOOZE_LIMIT_MS:
        return SnoozeProblem.TOO_FAR
    return None
