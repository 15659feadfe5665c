"""Types of guidance conditions: the checker's rules, the declared environment, and values from the domain."""

import pytest

from console.domain.case import Case, CaseStatus
from console.domain.customer import Customer
from console.domain.intent import Intent
from console.domain.mention import Author, Mention, MentionKind
from console.domain.network import Network
from console.domain.sentiment import Sentiment
from console.guidance import expressions as ex
from console.guidance.expressions import (
    BOOL,
    DEFAULT_ENVIRONMENT,
    FLOAT,
    INT,
    STR,
    ExpressionError,
    parse,
)

ENV = DEFAULT_ENVIRONMENT.with_answers(
    {"check_order": BOOL, "reason": ex.enum_of(["late", "broken"])}
).with_inputs({"order_id": ex.optional(STR)})


def error(source: str, env: ex.Environment) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        _parse_and_check(source, env)
    return caught.value


def _parse_and_check(source: str, env: ex.Environment) -> None:
    ex.check_condition(parse(source), env)


# --- types --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "type_"),
    [
        ("1 + 2", INT),
        ("1 + 2.5", FLOAT),
        ("-mention.sentiment_score", FLOAT),
        ("lower(mention.text)", STR),
        ("lower(case.team)", ex.optional(STR)),
        ("len(case.tags)", INT),
        ("[1, 2.5]", ex.list_of(FLOAT)),
        ("['a', mention.sentiment]", ex.list_of(STR)),
        ("mention.sentiment == 'negative'", BOOL),
        ("case.team == null", BOOL),
        ("'vip' in case.tags", BOOL),
        ("'refund' in mention.text", BOOL),
        ("mention.intent in ['complaint', 'crisis']", BOOL),
        ("customer.tier != 'premium' and case.priority >= 80", BOOL),
        ("startswith(mention.lang, 'es') or endswith(mention.text, '?')", BOOL),
        ("session.answers.reason == 'late'", BOOL),
        ("session.inputs.order_id != null and len(session.inputs.order_id) > 5", BOOL),
    ],
)
def test_types(source, type_):
    assert ex.check(parse(source), ENV) == type_


@pytest.mark.parametrize(
    ("source", "rule", "message", "column"),
    [
        ("mention.sentiment == 'negtive'", "enum-value", "did you mean 'negative'?", 22),
        ("'postive' != mention.sentiment", "enum-value", "not a value of mention.sentiment", 1),
        ("mention.intent in ['complaint', 'crisiss']", "enum-value", "'crisiss'", 33),
        ("customer.tier == 'silver'", "enum-value", "gold, premium, standard, vip", 18),
        ("mention.sentimnt == 'negative'", "unknown-variable", "did you mean mention.sentiment?", 1),
        ("session.answers.nope", "unknown-variable", "unknown variable session.answers.nope", 1),
        ("mention.text == 3", "type-mismatch", "cannot compare str with int", 14),
        ("mention.author_verified == 1", "type-mismatch", "cannot compare bool with int", 25),
        ("mention.text + 1 > 0", "type-mismatch", "'+' needs numbers", 14),
        ("-mention.text == ''", "type-mismatch", "'-' needs a number", 1),
        ("mention.text and true", "type-mismatch", "'and' needs true or false, got str", 1),
        ("not case.priority", "type-mismatch", "'not' needs true or false", 5),
        ("mention.sentiment < 'positive'", "type-mismatch", "enum values have no order", 19),
        ("case.priority > null", "type-mismatch", "with null is always false", 15),
        ("mention.text < 3", "type-mismatch", "orders numbers or text", 14),
        ("1 in mention.text", "type-mismatch", "on text needs text on its left", 3),
        ("1 in case.tags", "type-mismatch", "cannot compare int with str", 3),
        ("'a' in case.priority", "type-mismatch", "needs a list or text on its right", 5),
        ("null in case.tags", "type-mismatch", "needs a value on its left", 6),
        ("[1, 'a'] == []", "type-mismatch", "list items must share a type", 5),
        ("[case.team] == []", "type-mismatch", "a list holds no null", 2),
        ("contains(case.priority, 'a')", "type-mismatch", "needs text first", 10),
        ("contains(mention.text, null)", "type-mismatch", "takes no null", 24),
        ("any_of(mention.text, 'refund')", "type-mismatch", "needs a list of words", 22),
        ("len(case.priority) > 1", "type-mismatch", "measures text or a list", 5),
        ("mention.network == mention.sentiment", "type-mismatch", "share no value", 17),
        ("case.priority", "not-bool", "this is int", 1),
        ("lower(mention.text)", "not-bool", "this is str", 1),
    ],
)
def test_type_errors(source, rule, message, column):
    err = error(source, ENV)
    assert (err.rule, err.position.column) == (rule, column), str(err)
    assert message in err.message


def test_environment_is_declared_and_extended_not_mutated():
    assert DEFAULT_ENVIRONMENT["mention.sentiment"] == ex.enum_of(Sentiment)
    assert DEFAULT_ENVIRONMENT["customer.tier"].values == {"standard", "premium", "gold", "vip"}
    assert DEFAULT_ENVIRONMENT["case.team"].optional
    assert "session.answers.check_order" not in DEFAULT_ENVIRONMENT
    assert ENV["session.inputs.order_id"] == ex.optional(STR)
    assert ENV.with_answers({"check_order": BOOL}) == ENV, "the same declaration again is fine"
    with pytest.raises(ValueError, match="already declared as bool"):
        ENV.with_answers({"check_order": INT})
    for path in ["session.answers.bad-id", "not.x", "a..b", "a.1b", "é.x"]:
        with pytest.raises(ValueError, match="not a variable path"):
            ENV.extend({path: BOOL})
    assert ENV.extend({"session.answers.in": BOOL})["session.answers.in"] == BOOL


@pytest.mark.parametrize(
    ("spec", "type_"),
    [
        ("str", STR),
        ("int?", ex.optional(INT)),
        ("list[str]", ex.list_of(STR)),
        ("enum[yes, no, unsure]", ex.enum_of(["yes", "no", "unsure"])),
        ("enum[a,b]?", ex.optional(ex.enum_of("ab"))),
    ],
)
def test_type_specs_read_back_what_types_print(spec, type_):
    assert ex.type_from_spec(spec) == type_
    assert ex.type_from_spec(str(type_)) == type_


def test_a_type_spec_that_is_not_one_says_so():
    for spec in ["string", "enum[]", "list[", "enum[a,,b]"]:
        with pytest.raises(ValueError, match="not a type"):
            ex.type_from_spec(spec)


# --- values from the domain -----------------------------------------------------------------------


def test_condition_values_fill_every_declared_path_with_a_value_of_its_type():
    mention = Mention(
        id="m1",
        network=Network.BLUESKY,
        account_id="acc",
        external_id="e1",
        author=Author("ana", followers=1200, verified=True),
        text="Still waiting for my refund",
        created_ms=1,
        kind=MentionKind.REPLY,
        lang="en",
        sentiment=Sentiment.NEGATIVE,
        sentiment_score=-0.6,
    )
    case = Case(
        "c1",
        Network.BLUESKY,
        "acc",
        "conv",
        1,
        status=CaseStatus.OPEN,
        tags=frozenset({"refund"}),
        priority=70,
    )
    customer = Customer("u1", "Ana", tier="gold")
    found = ex.condition_values(
        mention=mention,
        intent=Intent.COMPLAINT,
        case=case,
        customer=customer,
        customer_case_count=3,
        answers={"check_order": True, "reason": "late"},
        inputs={"order_id": "A-123"},
    )
    assert set(found) == set(ENV)
    for path, type_ in ENV.items():
        assert type_.accepts(found[path]), (path, found[path], str(type_))
    cond = ex.condition(
        "mention.intent == 'complaint' and any_of(mention.text, ['refund'])"
        " and customer.tier in ['gold', 'vip'] and 'refund' in case.tags"
        " and case.team == null and session.inputs.order_id != null",
        ENV,
    )
    assert cond.holds(found)
    assert ex.condition_values() == {}


@pytest.mark.parametrize(
    ("type_", "good", "bad"),
    [
        (INT, [0, -3], [True, 1.5, "1", None]),
        (FLOAT, [0, 0.5], [False, "0.5", None]),
        (BOOL, [True, False], [0, "true", None]),
        (STR, ["", "x"], [1, None]),
        (ex.enum_of(["a", "b"]), ["a"], ["c", 1, None]),
        (ex.list_of(STR), [[], ("a",), frozenset({"b"})], ["ab", [1], [None], None]),
        (ex.optional(INT), [None, 2], ["2"]),
    ],
)
def test_a_type_accepts_the_values_it_declares(type_, good, bad):
    assert all(type_.accepts(value) for value in good)
    assert not any(type_.accepts(value) for value in bad)
