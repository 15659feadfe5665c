import pytest

from console.domain.sla import SlaConfigError
from console.hub.service_levels import load_policies


def test_without_a_file_the_defaults_apply_most_urgent_first():
    policies = load_policies(None)
    assert [policies.policy_for("x", "acme-x", p).name for p in (10, 75, 95)] == [
        "standard",
        "high priority",
        "urgent",
    ]


def test_a_file_is_read_with_its_calendars(tmp_path):
    path = tmp_path / "sla.yaml"
    path.write_text(
        "calendars:\n"
        "  office: {tz: Europe/Berlin, hours: {mon-fri: '08:00-20:00'}}\n"
        "policies:\n"
        "  - {name: reviews, network: review, first_response_minutes: 480, resolution_minutes: 2880,"
        " calendar: office}\n"
    )
    (policy,) = load_policies(path).policies
    assert (policy.name, policy.network, policy.calendar.tz) == ("reviews", "review", "Europe/Berlin")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("policies: [\n  {name: a\n", "line 3"),
        ("policies:\n  - {name: a, first_response_minutes: 5}\n", "resolution_minutes is required"),
        ("- just a list\n", "must be a mapping"),
    ],
)
def test_a_broken_file_is_refused_with_where_and_why(tmp_path, content, message):
    path = tmp_path / "sla.yaml"
    path.write_text(content)
    with pytest.raises(SlaConfigError, match=message) as caught:
        load_policies(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_refused(tmp_path):
    with pytest.raises(SlaConfigError, match="cannot read"):
        load_policies(tmp_path / "nope.yaml")


def test_the_cli_checks_a_file_without_a_database(tmp_path, capsys):
    from console.hub.cli import main

    good = tmp_path / "sla.yaml"
    good.write_text(
        "calendars:\n  office: {tz: Europe/Lisbon, hours: {mon-fri: '09:00-18:00'}}\n"
        "policies:\n"
        "  - {name: standard, first_response_minutes: 60, resolution_minutes: 1440}\n"
        "  - {name: x-vip, network: x, min_priority: 80, first_response_minutes: 10, resolution_minutes: 120,"
        " calendar: office}\n"
    )
    assert main(["sla", "check", str(good)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out == [
        "x-vip: first response 10 min, resolution 120 min, office (Europe/Lisbon); "
        "applies to network x · priority ≥ 80",
        "standard: first response 60 min, resolution 1440 min, round the clock; applies to every case",
    ]
    bad = tmp_path / "bad.yaml"
    bad.write_text("policies:\n  - {name: a, first_response_minutes: 60, resolution_minutes: 30}\n")
    assert main(["sla", "check", str(bad)]) == 2
    assert "resolution ≥ first response" in capsys.readouterr().err
