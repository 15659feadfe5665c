"""The trigger index must never change what the expressions find, only how often they run."""

import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from console.domain import care_cues, intent
from console.domain.cue_index import CueIndex
from console.domain.text import read

DATA = Path(__file__).parent / "data"
# Pieces of the cue expressions themselves, so random texts hit (and nearly hit) their triggers.
PIECES = sorted(
    {w for _, _, p in care_cues._CUES for w in re.findall(r"[a-zà-ÿ' ]{2,}", p)}
    | {w for p in intent._INDEX.patterns for w in re.findall(r"[a-zà-ÿ' ]{2,}", p.pattern)}
)


def assert_same(text: str) -> None:
    read_text = read(text)
    for index in (care_cues._INDEX, intent._INDEX):
        everywhere = [i for i, pattern in enumerate(index.patterns) if pattern.search(read_text.lower)]
        assert index.matches(read_text.lower, read_text.prefixes) == everywhere, text
        assert index.matches(read_text.lower) == everywhere, text


def test_labelled_posts_find_what_every_expression_finds():
    for path in DATA.glob("*.tsv"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line and not line.startswith("#"):
                assert_same(line.split("\t", 1)[1])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([*PIECES, "!", ",", "?", "2", "x", "#", "’"]), min_size=1, max_size=8))
def test_random_texts_of_cue_pieces_find_what_every_expression_finds(pieces):
    assert_same(" ".join(pieces))
    assert_same("".join(pieces))


def test_an_expression_without_a_usable_trigger_always_runs():
    index = CueIndex([r"\b\d+ h\b", r"\bstill waiting\b"])
    assert index.matches("3 h later, still waiting") == [0, 1]
    assert index.matches("nothing here") == []
