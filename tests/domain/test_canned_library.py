"""Filtering canned responses the way an agent types: word starts, any order, their language first."""

from console.domain.canned import parse
from console.domain.canned_library import CannedResponse, filtered


def response(id_: str, title: str, language: str, tags: tuple[str, ...], text: str) -> CannedResponse:
    return CannedResponse(id_, title, language, tags, parse(text))


LIBRARY = (
    response("refund-status", "Refund status — in progress", "en", ("refund", "billing"), "Your refund…"),
    response("outage", "Outage — acknowledge", "en", ("incident",), "We're aware of the outage."),
    response("es-reembolso", "Reembolso — en curso", "es", ("reembolso", "refund"), "Tu reembolso…"),
    response("de-danke", "Danke für das Lob", "de", ("lob",), "Vielen Dank, {customer.name}!"),
)


def ids(found: list[CannedResponse]) -> list[str]:
    return [r.id for r in found]


def test_words_match_the_start_of_words_in_any_order():
    assert ids(filtered(LIBRARY, "sta ref")) == ["refund-status"]
    assert ids(filtered(LIBRARY, "REFUND")) == ["refund-status", "es-reembolso"]  # a tag counts
    assert ids(filtered(LIBRARY, "aware")) == ["outage"]  # the text counts
    assert ids(filtered(LIBRARY, "für")) == ["de-danke"]
    assert ids(filtered(LIBRARY, "und")) == []  # inside a word is no match
    assert ids(filtered(LIBRARY, "  ")) == ids(LIBRARY)


def test_the_case_language_comes_first_then_file_order():
    assert ids(filtered(LIBRARY, "refund", language="es")) == ["es-reembolso", "refund-status"]
    assert ids(filtered(LIBRARY, "", language="DE"))[0] == "de-danke"
