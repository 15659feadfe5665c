"""The history horizon's setting: from the command line or the environment, checked; its floor."""

import pytest

from console.app import parse_args
from console.domain.kept import DAY_MS, history_floor
from console.settings import Settings


def test_the_horizon_is_set_on_the_command_line_or_in_the_environment(monkeypatch):
    monkeypatch.delenv("HORSESHOE_HISTORY_DAYS", raising=False)
    assert Settings().history_days is None  # by default: every case, as before
    assert parse_args(["--history-days", "90"]).history_days == 90
    monkeypatch.setenv("HORSESHOE_HISTORY_DAYS", "30")
    assert Settings().history_days == 30
    monkeypatch.setenv("HORSESHOE_HISTORY_DAYS", "a month")
    with pytest.raises(ValueError, match="whole number of days"):
        Settings()


def test_a_horizon_of_no_days_is_refused(capsys):
    with pytest.raises(SystemExit):
        parse_args(["--history-days", "0"])
    assert "--history-days must be 1 or more" in capsys.readouterr().err


def test_the_floor_is_the_start_of_a_utc_day():
    at = 20_000 * DAY_MS + 12_345_678
    assert history_floor(30, at) == (20_000 - 30) * DAY_MS
    assert history_floor(30, at + 1000) == history_floor(30, at)  # the same day: the same floor
    with pytest.raises(ValueError, match="at least one day"):
        history_floor(0, at)


def test_a_horizon_longer_than_the_epoch_keeps_every_case_and_its_floor_is_a_valid_one():
    """Someone asking for 'everything, a big number': the hub takes floors from 0 only."""
    at = 20_000 * DAY_MS + 12_345_678
    assert history_floor(20_000, at) == 0
    assert history_floor(1_000_000, at) == 0


def test_a_bad_horizon_in_the_environment_is_said_on_the_command_line_not_as_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("HORSESHOE_HISTORY_DAYS", "a month")
    with pytest.raises(SystemExit):
        parse_args([])
    assert "HORSESHOE_HISTORY_DAYS must be a whole number of days" in capsys.readouterr().err
    assert parse_args(["--history-days", "7"]).history_days == 7  # the command line wins, unread
