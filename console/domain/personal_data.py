"""Personal data in a draft, so the composer can suggest answering in private instead.

Finds e-mail addresses, phone numbers, payment card numbers and IBANs. It errs towards silence on
ordinary numbers — years, dates, prices, order numbers — because a nudge that fires on every "order
12345678" teaches agents to ignore it: a card must pass the Luhn check and start like a card, an IBAN
must pass its mod-97 check, and a phone number needs a shape only phone numbers have (a "+" or "00"
prefix, a trunk "0", or the North American 3-3-4 grouping). Postal addresses are out of scope.
"""

from dataclasses import dataclass
from enum import StrEnum

import regex


class Kind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"
    CARD = "card"
    IBAN = "iban"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Kind.EMAIL: "e-mail address",
    Kind.PHONE: "phone number",
    Kind.CARD: "payment card number",
    Kind.IBAN: "bank account (IBAN)",
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    start: int
    end: int  # exclusive, so text[start:end] is what was found


def find_personal_data(text: str) -> list[Finding]:
    """Findings in text order, never overlapping; where two kinds claim the same digits the
    stronger evidence wins (a checksum over a shape): e-mail, IBAN, card, then phone."""
    found: list[Finding] = []
    for finder in (_emails, _ibans, _cards, _phones):
        for finding in finder(text):
            if not any(finding.start < f.end and f.start < finding.end for f in found):
                found.append(finding)
    return sorted(found, key=lambda f: f.start)


def has_personal_data(text: str) -> bool:
    return bool(find_personal_data(text))


# --- e-mail ----------------------------------------------------------------------------------------

_EMAIL = regex.compile(
    r"(?<![\w.+\-@])[\w!#$%&'*+/=?^`{|}~\-]+(?:\.[\w!#$%&'*+/=?^`{|}~\-]+)*"
    r"@(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,}(?![\w@\-])"
)


def _emails(text: str) -> list[Finding]:
    return [Finding(Kind.EMAIL, m.start(), m.end()) for m in _EMAIL.finditer(text)]


# --- payment cards ---------------------------------------------------------------------------------

# 12 to 19 digits, together or in groups split by one space or one dash (the same one throughout).
_CARD = regex.compile(r"(?<![\w.,/\-#])\d(?:\d| (?=\d)|-(?=\d)){11,22}(?![\w]|[.,/\-]\d)")


def _numbers(first: int, last: int) -> tuple[str, ...]:
    return tuple(str(n) for n in range(first, last + 1))


# Issuer prefixes (ISO/IEC 7812 IINs as the card schemes publish them) with the lengths they issue.
_CARD_SCHEMES: tuple[tuple[tuple[str, ...], range], ...] = (
    (("4",), range(13, 20)),  # Visa
    ((*_numbers(51, 55), *_numbers(2221, 2720)), range(16, 17)),  # Mastercard
    (("34", "37"), range(15, 16)),  # American Express
    (("6011", "65", *_numbers(644, 649)), range(16, 20)),  # Discover
    (_numbers(3528, 3589), range(16, 20)),  # JCB
    (("36", "38", "39", *_numbers(300, 305)), range(14, 20)),  # Diners Club
    (("62",), range(16, 20)),  # UnionPay
    # Maestro issues 12 to 19 digits, but short ones are rare and look like order numbers.
    (("50", "56", "57", "58", "63", "67"), range(16, 20)),  # Maestro
)


def _cards(text: str) -> list[Finding]:
    found = []
    for m in _CARD.finditer(text):
        written = m.group()
        if " " in written and "-" in written:
            continue
        # A number written after the card ("4111 1111 1111 1111 2026") joins the run: try the
        # run, then shorter runs that end where a group ends.
        ends = [len(written)] + [i for i in range(len(written) - 1, 0, -1) if written[i] in " -"]
        for end in ends:
            if _looks_like_card(written[:end].replace(" ", "").replace("-", "")):
                found.append(Finding(Kind.CARD, m.start(), m.start() + end))
                break
    return found


def _looks_like_card(digits: str) -> bool:
    if not any(digits.startswith(prefixes) and len(digits) in lengths for prefixes, lengths in _CARD_SCHEMES):
        return False
    return luhn_valid(digits)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every payment card number carries in its last digit."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char)
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


# --- IBAN ------------------------------------------------------------------------------------------

# Country code, two check digits, then the account in upper-case letters and digits, often in
# groups of four. Lengths per country from the SWIFT IBAN registry, so a match stops where the
# account ends even when a code word follows it.
_IBAN_START = regex.compile(r"(?<![\p{L}\p{N}])[A-Z]{2}[0-9]{2}(?= ?[A-Z0-9])")
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29,
    "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28,
    "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20,
    "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19,
    "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29,
    "RO": 24, "RS": 22, "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "ST": 25, "SV": 28,
    "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20,
}  # fmt: skip


def _ibans(text: str) -> list[Finding]:
    found = []
    for m in _IBAN_START.finditer(text):
        length = _IBAN_LENGTHS.get(m.group()[:2])
        if length is None:
            continue
        end = _take_alnum(text, m.start(), length)
        if end is None:
            continue
        compact = text[m.start() : end].replace(" ", "")
        if iban_valid(compact):
            found.append(Finding(Kind.IBAN, m.start(), end))
    return found


def _take_alnum(text: str, start: int, count: int) -> int | None:
    """The end of ``count`` upper-case letters and digits from ``start``, single spaces between
    allowed; None when the text has fewer or the account runs on past them."""
    taken = 0
    i = start
    while taken < count:
        if i < len(text) and text[i] == " " and taken and i + 1 < len(text):
            i += 1
        if i >= len(text) or not (text[i].isascii() and (text[i].isdigit() or text[i].isupper())):
            return None
        taken += 1
        i += 1
    if i < len(text) and (text[i].isalnum() or text[i] == "_"):
        return None
    return i


def iban_valid(iban: str) -> bool:
    """ISO 13616 check: move the first four characters to the end, letters to numbers (A=10 …
    Z=35), and the whole must leave 1 modulo 97."""
    if len(iban) < 15 or not iban.isascii() or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(c, 36)) for c in rearranged.upper())
    return int(number) % 97 == 1


# --- phone numbers ---------------------------------------------------------------------------------

# Digits in groups split by one space, dash or dot, an area code possibly in parentheses, maybe led
# by "+" or "00". Not after a word character or a currency or number sign; not followed by one.
_PHONE = regex.compile(
    r"(?<![\w#$€£¥+.,/:\-])(?P<plus>\+|00)?[ ]?(?:\(\d{1,5}\)[ \-.]?)?\d{1,5}(?:[ \-.]?\(?\d{1,5}\)?){1,6}"
    r"(?![\w%$€£¥:]|[.,/\-]\d)"
)
_DATE = regex.compile(r"\d{4}[\-./]\d{1,2}[\-./]\d{1,2}|\d{1,2}[\-./]\d{1,2}[\-./]\d{2,4}")
# North American numbers, 3-3-4: an area code never starts with 0 or 1 (NANP numbering plan).
_NANP = regex.compile(r"(?:\+?1[ \-.]?)?(?:\([2-9]\d{2}\)[ ]?|[2-9]\d{2}[ \-.])\d{3}[ \-.]\d{4}")
_GROUPS = regex.compile(r"\d+")


def _phones(text: str) -> list[Finding]:
    found = []
    for m in _PHONE.finditer(text):
        written = m.group().rstrip(" ")
        if _looks_like_phone(written, international=m.group("plus") is not None):
            found.append(Finding(Kind.PHONE, m.start(), m.start() + len(written)))
    return found


def _looks_like_phone(written: str, *, international: bool) -> bool:
    if written.count("(") != written.count(")") or _DATE.fullmatch(written):
        return False
    digits = "".join(_GROUPS.findall(written))
    if international:
        # E.164: at most 15 digits after the "+" (a "00" prefix is not part of the number).
        national = digits[2:] if written.startswith("00") else digits
        return 8 <= len(national) <= 15 and not national.startswith("0")
    if _NANP.fullmatch(written):
        return True
    groups = _GROUPS.findall(written)
    # A national number dialled with its trunk "0" (020 7946 0958, 06 12 34 56 78, 0612345678),
    # never a thousands-grouped amount ("0 123 456") or a decimal.
    return (
        digits.startswith("0")
        and 9 <= len(digits) <= 12
        and len(groups[0]) >= 2
        and not digits.startswith("00")
    )
