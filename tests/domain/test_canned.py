"""Canned responses: parsing with positions, rendering only when complete, worst-case lengths."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from console.domain.canned import Placeholder, Rendering, Template, TemplateError, parse
from console.domain.links import find_links
from console.domain.network import Network
from console.domain.reply_length import Unit, measure

APOLOGY = (
    "Hi {customer.name|there}, sorry about order {order.id}. "
    "We've refunded {refund.amount} — {agent.first_name}"
)


def test_parse_lists_variables_and_required_ones_in_order() -> None:
    template = parse(APOLOGY)
    assert template.variables == ("customer.name", "order.id", "refund.amount", "agent.first_name")
    assert template.required == ("order.id", "refund.amount", "agent.first_name")
    assert template.parts[0] == "Hi "
    assert template.parts[1] == Placeholder("customer.name", "there", 3, 24)


def test_render_with_all_values() -> None:
    rendering = parse(APOLOGY).render(
        {
            "customer.name": "Ana",
            "order.id": "A-1042",
            "refund.amount": "€24.90",
            "agent.first_name": "Sam",
        }
    )
    assert rendering == Rendering("Hi Ana, sorry about order A-1042. We've refunded €24.90 — Sam", ())
    assert rendering.complete


def test_render_uses_defaults_for_missing_or_blank_values() -> None:
    values = {"order.id": "A-1042", "refund.amount": "€24.90", "agent.first_name": "Sam"}
    expected = "Hi there, sorry about order A-1042. We've refunded €24.90 — Sam"
    assert parse(APOLOGY).render(values).text == expected
    assert parse(APOLOGY).render({**values, "customer.name": "  "}).text == expected
    assert parse(APOLOGY).render({**values, "customer.name": None}).text == expected


def test_render_reports_missing_instead_of_half_a_reply() -> None:
    rendering = parse(APOLOGY).render({"customer.name": "Ana", "order.id": ""})
    assert rendering.text is None
    assert not rendering.complete
    assert rendering.missing == ("order.id", "refund.amount", "agent.first_name")


def test_a_variable_used_twice_is_listed_once_and_required_if_any_use_lacks_a_default() -> None:
    template = parse("{name|friend}, thanks! — signed for {name}")
    assert template.variables == ("name",)
    assert template.required == ("name",)
    assert template.render({}).missing == ("name",)
    assert template.render({"name": "Jo"}).text == "Jo, thanks! — signed for Jo"


def test_escaped_braces_and_empty_default() -> None:
    template = parse("{{not a variable}} {greeting|}{name}")
    assert template.variables == ("greeting", "name")
    assert template.render({"name": "Jo"}).text == "{not a variable} Jo"
    assert parse("}}{{").render({}).text == "}{"


def test_defaults_keep_their_text_and_spaces_around_names_are_allowed() -> None:
    template = parse("Hi { customer.name |dear customer}! Code: {code|a|b}")
    assert template.variables == ("customer.name", "code")
    assert template.render({}).text == "Hi dear customer! Code: a|b"


def test_values_are_never_interpreted() -> None:
    # A value that looks like a placeholder or a format field is written as it is.
    template = parse("Hello {name}")
    assert template.render({"name": "{order.id} {0.__class__}"}).text == "Hello {order.id} {0.__class__}"
    assert parse("{x.__class__}").render({"x.__class__": "ok"}).text == "ok"


def test_empty_template_and_no_placeholders() -> None:
    assert parse("") == Template("", ())
    assert parse("").render({}) == Rendering("", ())
    plain = parse("Thanks for your patience!\n")
    assert plain.variables == ()
    assert plain.render({}).text == "Thanks for your patience!\n"


def test_control_characters_pass_through() -> None:
    assert parse("a\x00{b}\tc").render({"b": "\x07"}).text == "a\x00\x07\tc"


@pytest.mark.parametrize(
    ("source", "problem", "position", "line", "column"),
    [
        ("Hi {customer.name", "unclosed '{'", 3, 1, 4),
        ("Hi customer.name}", "unmatched '}'", 16, 1, 17),
        ("Hi {}", "placeholder without a variable name", 3, 1, 4),
        ("Hi {|there}", "placeholder without a variable name", 3, 1, 4),
        ("Hi {customer..name}", "bad variable name 'customer..name'", 4, 1, 5),
        ("Hi {1st}", "bad variable name '1st'", 4, 1, 5),
        ("Hi {customer name}", "bad variable name 'customer name'", 4, 1, 5),
        ("Hi {a{b}}", "'{' inside a placeholder", 5, 1, 6),
        ("Line one\nHi {name", "unclosed '{'", 12, 2, 4),
        ("Hi {name|multi\nline}", "a default cannot span lines", 9, 1, 10),
        ("{a|x}}", "unmatched '}'", 5, 1, 6),
    ],
)
def test_parse_errors_say_what_and_where(
    source: str, problem: str, position: int, line: int, column: int
) -> None:
    with pytest.raises(TemplateError) as caught:
        parse(source)
    error = caught.value
    assert error.problem.startswith(problem)
    assert (error.position, error.line, error.column) == (position, line, column)
    assert str(error).endswith(f"at line {line}, column {column}")


def test_longest_on_x_counts_each_variable_character_as_two() -> None:
    template = parse("Hi {customer.name|there}, your order {order.id} is on its way.")
    fixed = len("Hi , your order  is on its way.")
    result = template.longest(Network.X, {"customer.name": 50, "order.id": 12})
    assert result.used == fixed + 2 * 50 + 2 * 12
    assert result.limit == 280
    assert result.fits


def test_longest_reports_over_the_limit_like_a_draft() -> None:
    template = parse("Dear {customer.name}, " + "x" * 200)
    result = template.longest(Network.X, {"customer.name": 60})
    assert result.used == len("Dear , ") + 200 + 120
    assert result.message == "47 characters over X's 280"


def test_longest_per_network_units() -> None:
    template = parse("Hi {name}! Details: https://example.com/help/refunds/how-long-does-it-take")
    maxima = {"name": 20}
    # Code points: the link counts in full.
    facebook = template.longest(Network.FACEBOOK, maxima)
    assert facebook.used == len("Hi ! Details: https://example.com/help/refunds/how-long-does-it-take") + 20
    # Mastodon: the link counts 23, a name at most 20 graphemes.
    assert template.longest(Network.MASTODON, maxima).used == len("Hi ! Details: ") + 23 + 20
    # Bluesky: graphemes; reviews: four bytes per free character at worst.
    assert template.longest(Network.BLUESKY, maxima).unit is Unit.GRAPHEMES
    reviews = template.longest(Network.REVIEWS, maxima)
    assert reviews.unit is Unit.BYTES
    assert reviews.used == len("Hi ! Details: https://example.com/help/refunds/how-long-does-it-take") + 80


def test_longest_counts_a_default_longer_than_its_maximum() -> None:
    template = parse("Hi {name|valued customer}")
    assert template.longest(Network.FACEBOOK, {"name": 3}).used == len("Hi ") + len("valued customer")


def test_longest_private_and_server_limits() -> None:
    template = parse("{body}")
    assert template.longest(Network.X, {"body": 6000}, private=True).used == 6000
    assert template.longest(Network.MASTODON, {"body": 600}, limit=1000).fits


def test_longest_bluesky_byte_cap() -> None:
    # Free characters are code points, so at most four UTF-8 bytes each; the fixed text here is 100
    # ZWJ families, 100 graphemes but 2,500 bytes.
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"
    template = parse(family * 100 + "{body}")
    short = template.longest(Network.BLUESKY, {"body": 100})
    assert (short.used, short.limit, short.unit) == (200, 300, Unit.GRAPHEMES)
    heavy = template.longest(Network.BLUESKY, {"body": 200})
    assert (heavy.used, heavy.limit, heavy.unit) == (3300, 3000, Unit.BYTES)
    assert heavy.message == "300 bytes over Bluesky's 3,000"


def test_longest_needs_every_maximum() -> None:
    with pytest.raises(ValueError, match=r"no maximum length declared for customer\.name, order\.id"):
        parse(APOLOGY).longest(Network.X, {"refund.amount": 10, "agent.first_name": 20})
    with pytest.raises(ValueError, match="cannot be negative"):
        parse("{a}").longest(Network.X, {"a": -1})


_VALUE = st.text(max_size=15)
_NAMES = st.sampled_from(["customer.name", "order.id", "agent.first_name", "refund.amount"])


@given(
    st.lists(st.one_of(st.text(alphabet=st.characters(blacklist_characters="{}"), max_size=20), _NAMES)),
    st.dictionaries(_NAMES, _VALUE),
)
def test_rendering_never_exceeds_the_worst_case(pieces: list[str], values: dict[str, str]) -> None:
    names = {"customer.name", "order.id", "agent.first_name", "refund.amount"}
    source = "".join("{" + p + "|-}" if p in names else p for p in pieces)
    template = parse(source)
    text = template.render(values).text
    assert text is not None
    assume(not find_links(text))  # the bound takes values to hold no link; any other Unicode goes
    for network in (Network.X, Network.BLUESKY, Network.MASTODON, Network.REVIEWS, Network.FACEBOOK):
        worst = template.longest(network, dict.fromkeys(names, 15))
        actual = measure(network, text)
        if actual.unit is worst.unit:
            assert actual.used <= worst.used


@given(st.text())
def test_parse_either_succeeds_or_says_where(source: str) -> None:
    error: TemplateError | None = None
    try:
        template = parse(source)
    except TemplateError as caught:
        error = caught
    if error is not None:
        assert 0 <= error.position < len(source)
        return
    rendering = template.render(dict.fromkeys(template.variables, "v"))
    assert rendering.complete
