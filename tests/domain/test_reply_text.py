"""Making a reply fit to send: invisible controls out, visible text untouched, length capped."""

from console.domain.mutation import MAX_TEXT
from console.domain.reply_text import prepare


def test_invisible_controls_go_and_everything_visible_stays():
    family = "👨\u200d👩\u200d👧"  # zero-width joiners hold the family together
    prepared = prepare(f"  Hi Maria,\r\nyour refund\x00 is on\x0b its way {family}\ufffe\n\tThanks ")
    assert prepared.text == f"Hi Maria,\nyour refund is on its way {family}\n\tThanks"
    assert prepared.removed == 3 and prepared.refusal == ""
    assert prepare("\ud800 ok").removed == 1  # a lone surrogate from a broken copy


def test_nothing_to_send_and_too_much_to_send_are_refused_without_cutting():
    assert prepare(" \x00\n").refusal == "Write a reply first: there is nothing to send."
    huge = "x" * (MAX_TEXT + 1)
    prepared = prepare(huge)
    assert prepared.text == huge
    assert prepared.reason == (  # the refusal is a template for the translator; reason fills it in
        "This reply is 20,001 characters; a reply stops at 20,000. Shorten it to send — nothing was cut."
    )
    assert prepare("y" * MAX_TEXT).refusal == ""
