import uuid

from console.domain.clock import format_age, from_iso, to_datetime
from console.domain.ids import uuid7


def test_uuid7_is_version_7_unique_and_time_ordered():
    ids = [uuid7() for _ in range(20_000)]  # many within one millisecond
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    parsed = uuid.UUID(ids[0])
    assert parsed.version == 7
    assert parsed.variant == uuid.RFC_4122


def test_uuid7_carries_its_millisecond():
    value = uuid.UUID(uuid7(now_ms=1_700_000_000_123))
    assert value.int >> 80 >= 1_700_000_000_123


def test_ages_read_compactly():
    assert [format_age(0, ms) for ms in (5_000, 125_000, 3 * 3_600_000, 50 * 3_600_000)] == [
        "5s",
        "2m",
        "3h",
        "2d",
    ]
    assert format_age(10_000, 5_000) == "0s"  # clock skew never shows a negative age


def test_iso_times_round_trip_as_utc_milliseconds():
    ms = from_iso("2024-03-05T10:15:30.250Z")
    assert ms == 1709633730250
    assert to_datetime(ms).isoformat() == "2024-03-05T10:15:30.250000+00:00"
    assert from_iso("2024-03-05T10:15:30") == 1709633730000
