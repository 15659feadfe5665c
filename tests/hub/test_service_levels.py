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
