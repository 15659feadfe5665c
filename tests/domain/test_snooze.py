"""Snooze presets: wall-clock mornings in the agent's zone across DST and weekends; the 30-day limit."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from console.domain.snooze import SNOOZE_LIMIT_MS, Preset, SnoozeProblem, check_until, preset_until_ms

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")


def ms(text: str, zone) -> int:
    return int(datetime.fromisoformat(text).replace(tzinfo=zone).timestamp() * 1000)


def local(until_ms: int, zone) -> str:
    return datetime.fromtimestamp(until_ms / 1000, tz=UTC).astimezone(zone).strftime("%a %Y-%m-%d %H:%M %Z")


def test_hours_are_durations_even_across_a_dst_change():
    now = ms("2026-03-29 01:30", BERLIN)  # clocks jump from 02:00 to 03:00 at this night
    assert local(preset_until_ms(Preset.ONE_HOUR, now, BERLIN), BERLIN) == "Sun 2026-03-29 03:30 CEST"
    assert preset_until_ms(Preset.FOUR_HOURS, now, BERLIN) - now == 4 * 3_600_000


@pytest.mark.parametrize(
    ("now", "zone", "tomorrow", "monday"),
    [
        # A Wednesday afternoon: tomorrow is Thursday, next Monday five days on.
        ("2026-12-09 15:00", BERLIN, "Thu 2026-12-10 09:00 CET", "Mon 2026-12-14 09:00 CET"),
        # Saturday: tomorrow is Sunday (the preset means tomorrow); Monday is two days on.
        ("2026-12-12 10:00", BERLIN, "Sun 2026-12-13 09:00 CET", "Mon 2026-12-14 09:00 CET"),
        # Sunday late evening: next Monday is tomorrow.
        ("2026-12-13 23:30", BERLIN, "Mon 2026-12-14 09:00 CET", "Mon 2026-12-14 09:00 CET"),
        # On a Monday, "next Monday" is a week away, never this morning.
        ("2026-12-14 07:00", BERLIN, "Tue 2026-12-15 09:00 CET", "Mon 2026-12-21 09:00 CET"),
        # Just after local midnight: "tomorrow" is by the local calendar, not by UTC's.
        ("2026-12-10 00:30", BERLIN, "Fri 2026-12-11 09:00 CET", "Mon 2026-12-14 09:00 CET"),
        # Across the spring change (28 → 29 March): still 09:00 on the clock, summer time.
        ("2026-03-28 20:00", BERLIN, "Sun 2026-03-29 09:00 CEST", "Mon 2026-03-30 09:00 CEST"),
        # Across the autumn change in New York (1 November 2026).
        ("2026-10-31 18:00", NEW_YORK, "Sun 2026-11-01 09:00 EST", "Mon 2026-11-02 09:00 EST"),
        # Late evening in New York is already "tomorrow" in UTC: the local date decides.
        ("2026-12-11 22:00", NEW_YORK, "Sat 2026-12-12 09:00 EST", "Mon 2026-12-14 09:00 EST"),
    ],
)
def test_mornings_are_nine_oclock_on_the_local_calendar(now, zone, tomorrow, monday):
    at = ms(now, zone)
    assert local(preset_until_ms(Preset.TOMORROW_MORNING, at, zone), zone) == tomorrow
    assert local(preset_until_ms(Preset.NEXT_MONDAY_MORNING, at, zone), zone) == monday


def test_across_the_spring_change_the_night_is_an_hour_shorter():
    now = ms("2026-03-28 09:00", BERLIN)
    assert preset_until_ms(Preset.TOMORROW_MORNING, now, BERLIN) - now == 23 * 3_600_000


def test_every_preset_is_within_the_limit_the_hub_enforces():
    now = ms("2026-12-14 07:00", BERLIN)
    for preset in Preset:
        assert check_until(preset_until_ms(preset, now, BERLIN), now) is None


def test_the_limits():
    now = 1_800_000_000_000
    assert check_until(now, now) is SnoozeProblem.PAST
    assert check_until(now - 1, now) is SnoozeProblem.PAST
    assert check_until(now + 1, now) is None
    assert check_until(now + SNOOZE_LIMIT_MS, now) is None
    assert check_until(now + SNOOZE_LIMIT_MS + 1, now) is SnoozeProblem.TOO_FAR
