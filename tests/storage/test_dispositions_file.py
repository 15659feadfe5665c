"""The disposition catalog: the bundled file loads whole; a bad entry costs only itself."""

import pytest

from console.domain.disposition import DispositionCatalog, Outcome
from console.storage.dispositions_file import bundled_dispositions, load_dispositions


def test_the_bundled_catalog_loads_without_a_problem():
    loaded = bundled_dispositions()
    assert loaded.problems == ()
    catalog = loaded.catalog
    assert 12 <= len(catalog) <= 20
    assert {d.outcome for d in catalog} == set(Outcome)
    for expected in ("resolved_answered", "refund_issued", "escalated_legal", "spam", "duplicate"):
        assert catalog.by_id(expected) is not None
    # "Resolve as spam" stores the disposition "spam": the catalog must know it.
    assert catalog.by_id("spam").outcome is Outcome.NO_ACTION
    for disposition in catalog:
        assert disposition.label and disposition.description and "\n" not in disposition.description
    assert catalog.by_id("nope") is None


BROKEN = """\
dispositions:
  - {id: answered, label: Answered, outcome: resolved, description: The question was answered.}
  - {id: no_label, outcome: resolved, description: Missing its label.}
  - {id: bad_outcome, label: Bad, outcome: closed, description: Unknown outcome.}
  - {id: answered, label: Again, outcome: resolved, description: A repeated id.}
  - {id: extra, label: Extra, outcome: no_action, description: Has a colour., colour: blue}
  - {id: Bad-Id, label: Id, outcome: no_action, description: Not snake case.}
  - just a string
  - {id: legal, label: Legal, outcome: escalated, description: "  Handed   to legal.  "}
"""


def test_a_broken_entry_is_skipped_and_named_and_the_good_ones_kept():
    loaded = load_dispositions("team.yaml", BROKEN)
    assert [d.id for d in loaded.catalog] == ["answered", "legal"]
    assert loaded.catalog.by_id("legal").description == "Handed to legal."
    assert [str(p) for p in loaded.problems] == [
        "team.yaml, entry 2 (no_label): needs 'label' as non-empty text",
        "team.yaml, entry 3 (bad_outcome): outcome 'closed' must be one of resolved, escalated, no_action",
        "team.yaml, entry 4 (answered): repeats the id 'answered'; ids must be unique",
        "team.yaml, entry 5 (extra): has unknown keys: colour (known: id, label, outcome, description)",
        "team.yaml, entry 6 (Bad-Id): id 'Bad-Id' must be lower-case letters and digits joined by '_'",
        "team.yaml, entry 7: is not a mapping of id, label, outcome and description",
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("dispositions: [\n  - {id: a", "team.yaml: is not valid YAML at line 2, column 3"),
        ("- {id: a}", "team.yaml: needs a top-level 'dispositions:' list"),
        ("", "team.yaml: needs a top-level 'dispositions:' list"),
    ],
)
def test_a_file_that_is_not_a_catalog_is_one_problem_and_an_empty_catalog(text, problem):
    loaded = load_dispositions("team.yaml", text)
    assert len(loaded.catalog) == 0
    (found,) = loaded.problems
    assert str(found).startswith(problem)


def test_an_unreadable_file_is_named(tmp_path):
    loaded = load_dispositions(tmp_path / "missing.yaml")
    (found,) = loaded.problems
    assert str(found).startswith(f"{tmp_path / 'missing.yaml'}: cannot be read")


def test_the_catalog_itself_refuses_repeated_ids():
    (answered, *_) = bundled_dispositions().catalog
    with pytest.raises(ValueError, match="unique"):
        DispositionCatalog((answered, answered))
