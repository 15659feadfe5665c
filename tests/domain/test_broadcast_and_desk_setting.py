"""Team-note text rules, the broadcast mutation's payload, and a desk setting in presence JSON."""

import pytest

from console.domain.broadcast import MAX_BROADCAST_TEXT, broadcast_problem
from console.domain.mutation import InvalidMutationError, MutationKind, validate
from console.domain.presence import DESK, Activity, Presence


def test_a_note_is_neither_empty_nor_over_the_limit_and_the_reason_says_which():
    assert broadcast_problem("Outage on checkout") is None
    assert broadcast_problem("x" * MAX_BROADCAST_TEXT) is None
    assert broadcast_problem(" \n\t") == "the note is empty"
    assert broadcast_problem("x" * 2_001) == "the note is 2,001 characters; the limit is 2,000"


def test_the_broadcast_mutation_takes_text_and_an_optional_team():
    validate(MutationKind.BROADCAST, {"text": "hello"})
    validate(MutationKind.BROADCAST, {"text": "hello", "team_id": "Support"})
    for payload, reason in (
        ({}, "needs 'text'"),
        ({"text": "x" * 2_001}, "the limit is 2,000"),
        ({"text": "hi", "team_id": " "}, "'team_id' is empty"),
        ({"text": "hi", "team_id": None}, "'team_id' must be str"),
        ({"text": "hi", "case": "c-1"}, "takes no 'case'"),
    ):
        with pytest.raises(InvalidMutationError, match=reason):
            validate(MutationKind.BROADCAST, payload)


def test_a_desk_setting_travels_in_presence_json_and_an_older_entry_still_reads():
    set_by_sue = Presence("u-ana", "ana", "Ana", DESK, Activity.AWAY, 5, "u-sue", "Sue", 4)
    assert Presence.from_json(set_by_sue.to_json()) == set_by_sue and set_by_sue.set_by_other
    own = Presence("u-ana", "ana", "Ana", DESK, Activity.BUSY, 5)
    assert "set_by" not in own.to_json() and not own.set_by_other
    assert Presence.from_json(own.to_json()) == own
    assert not Presence("u-sue", "sue", "Sue", DESK, Activity.BUSY, 5, "u-sue", "Sue", 5).set_by_other
