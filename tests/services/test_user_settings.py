"""The agent's settings file: defaults with help, checked values, a damaged file, unknown keys kept,
and where a start-up value comes from (command line > environment > file > default)."""

import json

import pytest

from console.app import parse_args
from console.services.notifications import Notice, NoticeKind, Notifier
from console.services.user_settings import (
    SettingsStore,
    UserSettings,
    help_text,
    needs_restart,
    setting_fields,
)
from console.settings import Settings


def test_every_setting_has_a_default_and_a_line_of_help(tmp_path):
    store = SettingsStore(tmp_path)
    assert store.values == UserSettings() and store.problems == [] and not store.path.exists()
    assert store.values.theme == "light" and store.values.font_scale == 100 and store.values.shortcuts == {}
    for spec in setting_fields():
        assert help_text(spec.name).endswith("."), spec.name
    assert needs_restart("history_days") and not needs_restart("theme")


def test_changes_are_saved_whole_and_read_back(tmp_path):
    store = SettingsStore(tmp_path)
    store.update(theme="dark", font_scale=150, shortcuts={"queue.claim": "Ctrl+Shift+C"})
    again = SettingsStore(tmp_path)
    assert (again.values.theme, again.values.font_scale) == ("dark", 150)
    assert again.values.shortcuts == {"queue.claim": "Ctrl+Shift+C"}
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary left behind


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("theme", "solarized", "must be one of light, dark, high-contrast"),
        ("font_scale", 300, "at most 200"),
        ("font_scale", 50, "at least 80"),
        ("font_scale", "big", "whole number"),
        ("notify_crisis", "yes", "true or false"),
        ("history_days", 0, "at least 1"),
        ("shortcuts", {"queue.claim": 3}, "map action ids to keys"),
        ("colour", "red", "there is no setting"),
    ],
)
def test_a_bad_value_is_refused_and_nothing_is_saved(tmp_path, name, value, why):
    store = SettingsStore(tmp_path)
    with pytest.raises(ValueError, match=why):
        store.update(**{name: value})
    assert store.values == UserSettings() and not store.path.exists()


def test_a_damaged_file_is_set_aside_with_a_warning(tmp_path, caplog):
    (tmp_path / "settings.json").write_text('{"theme": "dark", ', encoding="utf-8")
    store = SettingsStore(tmp_path)
    assert store.values == UserSettings()
    assert (tmp_path / "settings.damaged.json").read_text(encoding="utf-8") == '{"theme": "dark", '
    assert any("unreadable" in p for p in store.problems) and "settings.damaged.json" in store.problems[-1]
    assert "unreadable" in caplog.text
    store.update(theme="high-contrast")  # starting afresh works
    assert SettingsStore(tmp_path).values.theme == "high-contrast"


def test_a_bad_value_in_the_file_falls_back_to_its_default_and_the_rest_is_kept(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"theme": "neon", "font_scale": 120}), encoding="utf-8"
    )
    store = SettingsStore(tmp_path)
    assert (store.values.theme, store.values.font_scale) == ("light", 120)
    assert store.problems == [
        f"{store.path}: theme must be one of light, dark, high-contrast, not 'neon'; the default is used"
    ]
    assert store.path.exists()  # a bad value is not a damaged file: nothing set aside


def test_keys_this_version_does_not_know_are_kept(tmp_path):
    (tmp_path / "settings.json").write_text(
        json.dumps({"theme": "dark", "window_geometry": "AdnQywAD", "future": {"x": [1, 2]}}),
        encoding="utf-8",
    )
    store = SettingsStore(tmp_path)
    store.update(font_scale=90)
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["window_geometry"] == "AdnQywAD" and saved["future"] == {"x": [1, 2]}
    assert saved["theme"] == "dark" and saved["font_scale"] == 90


def test_two_windows_saving_at_once_keep_both_changes(tmp_path):
    """Two desks (one per data directory) share the settings file: each change lands on the file as
    it is, not on the copy a store read at its start."""
    first, second = SettingsStore(tmp_path), SettingsStore(tmp_path)
    first.update(theme="dark")
    second.update(notifications_muted=True)
    first.update(font_scale=120)
    saved = SettingsStore(tmp_path).values
    assert (saved.theme, saved.notifications_muted, saved.font_scale) == ("dark", True, 120)
    assert second.values.theme == "dark"  # what the other saved is what this one holds now


def test_a_value_this_version_does_not_know_survives_a_change_of_another_setting(tmp_path):
    (tmp_path / "settings.json").write_text(json.dumps({"theme": "solarized"}), encoding="utf-8")
    store = SettingsStore(tmp_path)
    assert store.values.theme == "light"  # used as the default here, with a warning
    store.update(font_scale=110)
    saved = json.loads(store.path.read_text(encoding="utf-8"))
    assert saved["theme"] == "solarized" and saved["font_scale"] == 110


def test_a_config_directory_that_cannot_be_written_keeps_changes_for_this_run(tmp_path, caplog):
    """A change is not refused (or turned into a crash dialog) because the file cannot be written:
    it holds for the run, the log says why, and each later change keeps the earlier ones."""
    blocked = tmp_path / "config"
    blocked.write_text("a file where the config directory should be")  # as unwritable, even for root
    store = SettingsStore(blocked)
    store.update(theme="dark")
    store.update(notifications_muted=True)
    assert (store.values.theme, store.values.notifications_muted) == ("dark", True)
    assert "cannot be written" in caplog.text and "holds until Horseshoe closes" in caplog.text
    blocked.unlink()  # writable again: the next change writes the earlier ones too
    store.update(font_scale=120)
    saved = SettingsStore(blocked).values
    assert (saved.theme, saved.notifications_muted, saved.font_scale) == ("dark", True, 120)


def test_start_up_values_come_from_command_line_then_environment_then_file_then_default(
    tmp_path, monkeypatch
):
    monkeypatch.setenv("HORSESHOE_CONFIG_DIR", str(tmp_path))
    for name in ("HORSESHOE_HUB", "HORSESHOE_HISTORY_DAYS", "HORSESHOE_THEME"):
        monkeypatch.delenv(name, raising=False)
    assert (Settings().hub_url, Settings().history_days, Settings().theme) == (None, None, "light")
    SettingsStore(tmp_path).update(hub_url="https://file.example", history_days=60, theme="dark")
    # The hub is the first-run wizard's choice (workspace.json), never the settings file's.
    assert (Settings().hub_url, Settings().history_days, Settings().theme) == (None, 60, "dark")
    monkeypatch.setenv("HORSESHOE_HUB", "https://env.example")
    monkeypatch.setenv("HORSESHOE_HISTORY_DAYS", "30")
    monkeypatch.setenv("HORSESHOE_THEME", "high-contrast")
    assert (Settings().hub_url, Settings().history_days, Settings().theme) == (
        "https://env.example",
        30,
        "high-contrast",
    )
    given = parse_args(["--hub", "https://cli.example", "--history-days", "7", "--theme", "light"])
    assert (given.hub_url, given.history_days, given.theme) == ("https://cli.example", 7, "light")
    assert given.config_dir == tmp_path
    monkeypatch.setenv("HORSESHOE_THEME", "sepia")
    with pytest.raises(ValueError, match="theme must be one of"):
        Settings()


def test_the_notifier_follows_the_switch_per_kind_the_mute_and_the_sound(tmp_path):
    store, shown, beeps = SettingsStore(tmp_path), [], []
    notifier = Notifier(store, shown.append)
    notifier.attach(shown.append, lambda: beeps.append(1))
    store.update(notify_crisis=False)
    assert not notifier.notify(Notice(NoticeKind.CRISIS, "Crisis", "Spike", "crisis:1"))
    assert notifier.notify(Notice(NoticeKind.SLA_BREACH, "Late", "c1 is late", "c1")) and beeps == []
    store.update(notification_sound=True)
    assert notifier.notify(Notice(NoticeKind.BROADCAST, "Team note", "Lunch at 1", "b1")) and beeps == [1]
    notifier.set_muted(True)
    assert SettingsStore(tmp_path).values.notifications_muted  # the mute survives a restart
    assert not notifier.notify(Notice(NoticeKind.ASSIGNED, "Assigned", "c2", "a1"))
    assert [n.kind for n in shown] == [NoticeKind.SLA_BREACH, NoticeKind.BROADCAST]
