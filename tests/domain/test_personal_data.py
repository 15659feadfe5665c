"""Personal data in drafts: found where it is, silent on the numbers care replies are full of."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from console.domain.personal_data import (
    Finding,
    Kind,
    find_personal_data,
    has_personal_data,
    iban_valid,
    luhn_valid,
)


def found(text: str) -> list[tuple[str, str]]:
    return [(f.kind.value, text[f.start : f.end]) for f in find_personal_data(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Write to jane.doe+care@example.co.uk please", [("email", "jane.doe+care@example.co.uk")]),
        ("(support@acme.io)", [("email", "support@acme.io")]),
        ("Mail: jürgen@müller.de.", [("email", "jürgen@müller.de")]),
        ("o'brien@example.ie", [("email", "o'brien@example.ie")]),
    ],
)
def test_emails(text: str, expected: list[tuple[str, str]]) -> None:
    assert found(text) == expected


@pytest.mark.parametrize("text", ["@acme on X", "@alice@mastodon.social", "a@b", "name@localhost", "x@y.z"])
def test_handles_and_partial_addresses_are_not_emails(text: str) -> None:
    assert not any(f.kind is Kind.EMAIL for f in find_personal_data(text))


@pytest.mark.parametrize(
    "card",
    [
        "4111 1111 1111 1111",  # Visa test number
        "4111-1111-1111-1111",
        "4111111111111111",
        "5555 5555 5555 4444",  # Mastercard
        "2223 0031 2200 3222",  # Mastercard 2-series
        "3782 822463 10005",  # American Express, 4-6-5
        "6011 1111 1111 1117",  # Discover
        "3530 1113 3330 0000",  # JCB
    ],
)
def test_card_numbers_in_a_sentence(card: str) -> None:
    assert found(f"My card is {card}, can you refund it?") == [("card", card)]


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112",  # fails Luhn
        "order 1234567890123456",  # no issuer starts with 1
        "tracking 9400 1000 0000 0000 0000 00",  # a parcel number, not a card
        "4111 1111-1111 1111",  # mixed separators are not how a card is written
        "ref 79927398713",  # passes Luhn, but no card is 11 digits long nor starts with 79
    ],
)
def test_numbers_that_are_not_cards(text: str) -> None:
    assert not any(f.kind is Kind.CARD for f in find_personal_data(text))


def test_a_card_followed_by_its_expiry_year() -> None:
    assert found("4111 1111 1111 1111 2026") == [("card", "4111 1111 1111 1111")]


def test_luhn() -> None:
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")
    assert luhn_valid("4111111111111111")


@pytest.mark.parametrize(
    "iban",
    [
        "DE89 3704 0044 0532 0130 00",
        "DE89370400440532013000",
        "GB82 WEST 1234 5698 7654 32",
        "FR14 2004 1010 0505 0001 3M02 606",
        "NL91 ABNA 0417 1643 00",
        "BE68 5390 0754 7034",
        "NO93 8601 1117 947",
    ],
)
def test_ibans(iban: str) -> None:
    assert found(f"Please refund to {iban} IBAN.") == [("iban", iban)]


def test_iban_checksum_and_country_length() -> None:
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("DE89370400440532013001")
    assert not found("DE88 3704 0044 0532 0130 00")  # wrong check digits
    assert not found("DE89 3704 0044 0532 0130")  # too short for Germany
    assert not found("XX89 3704 0044 0532 0130 00")  # no such country


@pytest.mark.parametrize(
    "phone",
    [
        "+44 20 7946 0958",
        "+1 (212) 555-0198",
        "+33 6 12 34 56 78",
        "+4930123456",
        "0049 30 1234567",
        "020 7946 0958",
        "06 12 34 56 78",
        "0612345678",
        "030-1234567",
        "(212) 555-0198",
        "212-555-0198",
        "212.555.0198",
    ],
)
def test_phone_numbers(phone: str) -> None:
    assert found(f"Call me on {phone} after six.") == [("phone", phone)]


@pytest.mark.parametrize(
    "text",
    [
        "In 2024 we paid $1,299.00 for 3 items.",
        "Order #12345678 shipped on 2024-05-01.",
        "At 10:30 on 05/12/2024 the parcel left.",
        "Refund of 1.234,56 € processed.",
        "About 12 345 678 people use it.",
        "Version 1.2.3.4 fixed it.",
        "Pi is 3.14159265358.",
        "Order 20240501123 is on its way.",  # a long number without a phone's shape
        "Between 1999 and 2024.",
        "That costs 49.99 and ships in 3-5 days.",
        "Flight BA 2490 at 18:45.",
        "+5 points",
        "The score was 3-2.",
    ],
)
def test_numbers_that_are_not_phone_numbers(text: str) -> None:
    assert found(text) == []


def test_several_findings_in_order_without_overlap() -> None:
    text = "Hi, reach me at ann@example.com or +44 20 7946 0958; card 4111 1111 1111 1111."
    assert found(text) == [
        ("email", "ann@example.com"),
        ("phone", "+44 20 7946 0958"),
        ("card", "4111 1111 1111 1111"),
    ]
    findings = find_personal_data(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))
    assert findings[0] == Finding(Kind.EMAIL, 16, 31)
    assert has_personal_data(text)
    assert Kind.CARD.label == "payment card number"


def test_a_checksum_beats_a_shape() -> None:
    # "+378282246310005" is shaped like an international number (15 digits after "+"), but it is a
    # Luhn-valid American Express number: the card wins, without the "+".
    assert found("Use +378282246310005 please") == [("card", "378282246310005")]


def test_empty_and_control_characters() -> None:
    assert find_personal_data("") == []
    assert find_personal_data("\x00\x01\r\n\t") == []
    assert found("\x00ann@example.com\x07") == [("email", "ann@example.com")]
    assert not has_personal_data("Thanks for waiting!")


@given(st.text())
def test_never_crashes_and_spans_are_in_bounds(text: str) -> None:
    findings = find_personal_data(text)
    for f in findings:
        assert 0 <= f.start < f.end <= len(text)
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüßçñ", min_size=1, max_size=12)
# The numbers prose is full of: years, dates, prices, counts, times, percentages, order references.
_NUMBER = st.one_of(
    st.integers(1900, 2100).map(str),
    st.integers(0, 999).map(str),
    st.builds(
        lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
        st.integers(1990, 2030),
        st.integers(1, 12),
        st.integers(1, 28),
    ),
    st.builds(
        lambda d, m, y: f"{d}/{m}/{y}", st.integers(1, 28), st.integers(1, 12), st.integers(1990, 2030)
    ),
    st.builds(lambda a, c: f"${a:,}.{c:02d}", st.integers(0, 10**7), st.integers(0, 99)),
    st.builds(lambda a, c: f"{a},{c:02d} €", st.integers(0, 9999), st.integers(0, 99)),
    st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(0, 23), st.integers(0, 59)),
    st.integers(0, 100).map(lambda p: f"{p}%"),
    st.integers(10**5, 10**12).map(lambda n: f"#{n}"),
)
_SENTENCE = st.lists(st.tuples(_WORD, st.one_of(st.none(), _NUMBER)), min_size=1, max_size=20).map(
    lambda parts: " ".join(w if n is None else f"{w} {n}" for w, n in parts)
)


@given(st.lists(_SENTENCE, min_size=1, max_size=5).map(lambda s: ". ".join(s) + "."))
def test_plain_prose_has_no_findings(prose: str) -> None:
    assert find_personal_data(prose) == []
