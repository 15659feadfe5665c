"""Choice rules: parsing with lines, first match wins, the default, and a stable A/B split."""

import textwrap
import uuid

import pytest
from horseshoe_resources import resource

from console.domain.intent import Intent
from console.guidance.choice import ChoiceRules, ChoiceRulesError, choose, first_arm

RULES = """\
rules:
  - {when: {intent: [crisis]}, tree: crisis_escalation}
  - {when: {intent: [complaint], network: [x, facebook]}, tree: complaint_triage}
  - {when: {account: [Acct-7, "@AcmeSales"]}, tree: sales_lead}
  - {when: {intent: complaint}, tree: misinformation}
default: praise_amplification
experiments:
  - {tree: complaint_triage, versions: [1, 2], split: 50}
"""
LATEST = {
    "crisis_escalation": 1,
    "complaint_triage": 2,
    "sales_lead": 4,
    "misinformation": 1,
    "praise_amplification": 1,
}


def pick(
    rules, intent="other", network="x", account_id="acct-1", handle="@acme", case_id="case-1", latest=None
):
    return choose(
        rules,
        intent=intent,
        network=network,
        account_id=account_id,
        account_handle=handle,
        case_id=case_id,
        latest=LATEST if latest is None else latest,
    )


def problems(text: str) -> list[tuple[int, str]]:
    with pytest.raises(ChoiceRulesError) as raised:
        ChoiceRules.parse(textwrap.dedent(text), "choice.yaml")
    assert str(raised.value).startswith("choice.yaml:")
    return [(p.line, p.message) for p in raised.value.problems]


def test_the_bundled_rules_parse_and_map_every_intent_to_a_bundled_tree():
    rules = ChoiceRules.parse(resource("trees", "choice.yaml").read_text("utf-8"))
    bundled = {
        "complaint_triage",
        "misinformation",
        "praise_amplification",
        "sales_lead",
        "crisis_escalation",
        "trolls_spam",
    }
    assert rules.trees <= bundled
    latest = dict.fromkeys(bundled, 1)
    chosen = {intent: pick(rules, intent=intent, latest=latest).tree_id for intent in Intent}
    assert chosen == {
        Intent.CRISIS: "crisis_escalation",
        Intent.SPAM: "trolls_spam",
        Intent.COMPLAINT: "complaint_triage",
        Intent.LEAD: "sales_lead",
        Intent.QUESTION: "complaint_triage",
        Intent.PRAISE: "praise_amplification",
        Intent.OTHER: "complaint_triage",
    }


def test_the_first_matching_rule_wins_and_every_key_given_must_match():
    rules = ChoiceRules.parse(RULES)
    assert pick(rules, intent="crisis", network="facebook").tree_id == "crisis_escalation"
    chosen = pick(rules, intent="complaint", network="facebook")
    assert chosen.tree_id == "complaint_triage"
    assert chosen.why.startswith("rule 2 (intent complaint, network facebook or x): complaint_triage")
    # The network is not in rule 2's list: rule 4 (intent only) takes it.
    assert pick(rules, intent="complaint", network="reddit").tree_id == "misinformation"


def test_an_account_matches_by_id_or_by_handle_whatever_its_case_or_at_sign():
    rules = ChoiceRules.parse(RULES)
    assert pick(rules, account_id="Acct-7").tree_id == "sales_lead"
    assert pick(rules, account_id="acct-7").tree_id == "praise_amplification"  # ids are exact
    assert pick(rules, handle="acmesales").tree_id == "sales_lead"
    assert pick(rules, handle="@ACMESALES").tree_id == "sales_lead"
    assert pick(rules, account_id="other", handle="@acme").tree_id == "praise_amplification"


def test_without_a_match_the_default_at_its_latest_version():
    chosen = pick(ChoiceRules.parse(RULES), intent="question", network="reddit")
    assert (chosen.tree_id, chosen.version, chosen.arm) == ("praise_amplification", 1, None)
    assert chosen.why == "the default (no rule matched): praise_amplification, latest version 1"
    assert pick(ChoiceRules.parse(RULES), intent="crisis").version == 1
    assert pick(ChoiceRules.parse(RULES), account_id="Acct-7").version == 4


def test_a_rule_whose_tree_is_not_published_yet_is_passed_over_and_said_so():
    latest = {k: v for k, v in LATEST.items() if k != "crisis_escalation"}
    chosen = pick(ChoiceRules.parse(RULES), intent="crisis", latest=latest)
    assert chosen.tree_id == "praise_amplification"
    assert "crisis_escalation, which is not published" in chosen.why
    assert pick(ChoiceRules.parse(RULES), latest={}) is None


def test_an_experiment_splits_cases_stably_and_about_as_asked():
    rules = ChoiceRules.parse(RULES)
    cases = [str(uuid.UUID(int=n)) for n in range(10_000)]
    chosen = [pick(rules, intent="complaint", case_id=c) for c in cases]
    first = sum(c.version == 1 for c in chosen)
    assert 4_800 <= first <= 5_200
    assert {(c.version, c.arm) for c in chosen} == {(1, "A"), (2, "B")}
    assert "A/B test: arm" in chosen[0].why
    # Same case, same version, every time (and on every workstation: nothing but the ids goes in).
    again = [pick(rules, intent="complaint", case_id=c).version for c in cases[:500]]
    assert again == [c.version for c in chosen[:500]]
    # Other splits hold too; the arm depends on the tree as well as the case.
    assert 1_800 <= sum(first_arm(c, "complaint_triage", 20) for c in cases) <= 2_200
    assert not any(first_arm(c, "complaint_triage", 0) for c in cases[:1000])
    assert all(first_arm(c, "complaint_triage", 100) for c in cases[:1000])
    assert [first_arm(c, "a", 50) for c in cases[:200]] != [first_arm(c, "b", 50) for c in cases[:200]]


def test_an_experiment_waits_until_both_versions_are_published():
    latest = {**LATEST, "complaint_triage": 1}
    chosen = pick(ChoiceRules.parse(RULES), intent="complaint", latest=latest)
    assert (chosen.version, chosen.arm) == (1, None)


def test_each_kind_of_problem_is_found():
    found = problems(
        """\
        rules:
          - {when: {intent: [complaints]}, tree: complaint_triage}
          - when: {network: myspace}
            tree: Complaint
            version: 2
          - {tree: complaint_triage}
          - {when: {colour: red}, tree: complaint_triage}
        defualt: complaint_triage
        experiments:
          - {tree: complaint_triage, versions: [1, 1], split: 120}
          - {tree: complaint_triage, versions: [2, 3]}
        """
    )
    assert (
        2,
        "unknown intent 'complaints' (one of complaint, crisis, lead, other, praise, question, spam)",
    ) in found
    assert any(line == 3 and "unknown network 'myspace'" in message for line, message in found)
    assert (4, "'Complaint' is not a tree id (lower-case letters and digits joined by '_')") in found
    assert (5, "unknown key 'version' (expected when, tree)") in found
    assert any(line == 6 and "a rule needs 'when'" in message for line, message in found)
    assert (7, "unknown key 'colour' (expected intent, network, account)") in found
    assert (8, "unknown key 'defualt' (expected rules, default, experiments)") in found
    assert any("'default' is missing" in message for _line, message in found)
    assert (10, "'versions' must be two different versions, [A, B]") in found
    assert (10, "'split' must be a percentage from 0 to 100") in found
    assert (11, "'complaint_triage' already has an experiment: one per tree") in found
    assert [line for line, _ in found] == sorted(line for line, _ in found)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("rules: [\ndefault: x\n", 3, "not valid YAML"),
        ("default: a\ndefault: b\n", 2, "is repeated"),
        ("- just a list\n", 1, "must be a mapping"),
        ("default: a\nrules: {when: {intent: crisis}, tree: b}\n", 2, "'rules' must be a list"),
        ("default: a\nrules:\n  - {when: {intent: []}, tree: b}\n", 3, "non-empty list"),
        ("default: a\nexperiments:\n  - {tree: a, versions: [1, 2], split: yes}\n", 3, "percentage"),
    ],
)
def test_unreadable_files_say_where(text, line, words):
    (found,) = problems(text)
    assert found[0] == line and words in found[1]


def test_an_empty_file_is_refused():
    with pytest.raises(ChoiceRulesError, match="empty"):
        ChoiceRules.parse("", "choice.yaml")
