import pytest

from console.domain.excerpt import excerpt, is_right_to_left
from console.domain.queue import QueueQuery, QueueSort
from console.domain.sla import SlaState
from console.domain.views import InvalidViewError, builtin_views, filters_from_json, filters_to_json


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain words", "plain words"),
        ("two\nlines\r\nand\ttabs", "two lines and tabs"),
        ("nul\x00 bell\x07 del\x7f c1\x85x", "nul␀ bell␇ del␡ c1 x"),
        ("hidden\u200bzero\ufeffwidth\u00ad", "hiddenzerowidth"),
        ("\u202eoverride\u202c and \u2067isolate\u2069", "override and isolate"),
        ("👩\u200d💻 ok", "👩\u200d💻 ok"),
    ],
)
def test_an_excerpt_is_one_visible_line(text, shown):
    assert excerpt(text) == shown


def test_a_long_excerpt_is_cut_with_an_ellipsis():
    assert excerpt("word " * 1000, 20) == "word word word word…"
    assert len(excerpt("x" * 10_000)) == 160


def test_direction_follows_the_first_strong_character():
    assert is_right_to_left("  123 مرحبا hello") and is_right_to_left("שלום")
    assert not is_right_to_left("hello مرحبا") and not is_right_to_left("123 !!")


def test_views_round_trip_their_filters_and_refuse_unknown_ones():
    query = QueueQuery(QueueSort.REACH, languages=frozenset({"ar", "he"}), since_ms=5, text="refund")
    restored = filters_from_json(filters_to_json(query))
    assert restored == QueueQuery(languages=frozenset({"ar", "he"}), since_ms=5, text="refund")
    with pytest.raises(InvalidViewError, match="unknown filter sort"):
        filters_from_json({"sort": "age"})
    with pytest.raises(InvalidViewError):
        filters_from_json({"since_ms": "yesterday"})
    names = ["All mentions", "Unassigned", "At risk", "Crisis", "Snoozed"]
    assert [v.name for v in builtin_views(None)] == names
    # The working views leave snoozed cases out; "Snoozed" shows only them.
    assert [v.query.snoozed for v in builtin_views(None)] == [None, False, False, None, True]
    assert filters_from_json(filters_to_json(QueueQuery(snoozed=False))) == QueueQuery(snoozed=False)
    with pytest.raises(InvalidViewError, match="snoozed is not true or false"):
        filters_from_json({"snoozed": 1})
    urgent = QueueQuery(intents=frozenset({"crisis"}), sla_states=frozenset({SlaState.BREACHED}), crisis=True)
    assert filters_from_json(filters_to_json(urgent)) == urgent
    with pytest.raises(InvalidViewError, match="crisis is not true or false"):
        filters_from_json({"crisis": "yes"})
    mine = builtin_views("u1")[1]
    assert mine.name == "My queue" and mine.applied_to(QueueQuery(QueueSort.AUTHOR)).sort is QueueSort.AUTHOR
