"""The expression language of guidance conditions: grammar, errors, types and null-safe evaluation."""

import pytest

from console.domain.sentiment import Sentiment
from console.guidance import expressions as ex
from console.guidance.expressions import (
    BOOL,
    DEFAULT_ENVIRONMENT,
    FLOAT,
    INT,
    STR,
    Binary,
    Call,
    ExpressionError,
    ListExpr,
    Literal,
    Logical,
    Position,
    Unary,
    Variable,
    parse,
    to_source,
)

ENV = DEFAULT_ENVIRONMENT.with_answers(
    {"check_order": BOOL, "reason": ex.enum_of(["late", "broken"])}
).with_inputs({"order_id": ex.optional(STR)})


def error(source: str, env: ex.Environment | None = None) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        _parse_and_check(source, env)
    return caught.value


def _parse_and_check(source: str, env: ex.Environment | None) -> None:
    expr = parse(source)
    if env is not None:
        ex.check_condition(expr, env)


def run(source: str, values: dict | None = None) -> object:
    return ex.evaluate(parse(source), values or {})


# --- grammar ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "value"),
    [
        ("42", 42),
        ("007", 7),
        ("2.50", 2.5),
        ("'single'", "single"),
        ('"double"', "double"),
        (r"'it\'s'", "it's"),
        (r'"a\"b\\c\n\t\r"', 'a"b\\c\n\t\r'),
        (r"'\u00e9t\u00E9'", "été"),
        ("'emoji 🙂'", "emoji 🙂"),
        ("true", True),
        ("false", False),
        ("null", None),
    ],
)
def test_literals(source, value):
    tree = parse(source)
    assert isinstance(tree, Literal)
    assert tree.value == value
    assert type(tree.value) is type(value)


def test_lists_paths_and_calls():
    assert parse("[1, 'a', [true]]") == ListExpr((Literal(1), Literal("a"), ListExpr((Literal(True),))))
    assert parse("[]") == ListExpr(())
    assert parse("[1, 2,]") == ListExpr((Literal(1), Literal(2)))
    assert parse("session.answers.check_order") == Variable("session.answers.check_order")
    assert parse("session . answers.in") == Variable("session.answers.in"), "keywords name fields after a dot"
    assert parse("any_of(mention.text, ['refund'])") == Call(
        "any_of", (Variable("mention.text"), ListExpr((Literal("refund"),)))
    )


def test_precedence_from_loosest_to_tightest():
    a, b, c = Variable("a"), Variable("b"), Variable("c")
    assert parse("a or b and c") == Logical("or", (a, Logical("and", (b, c))))
    assert parse("(a or b) and c") == Logical("and", (Logical("or", (a, b)), c))
    assert parse("not a == b") == Unary("not", Binary("==", a, b))
    assert parse("not a and b") == Logical("and", (Unary("not", a), b))
    assert parse("a + b == c") == Binary("==", Binary("+", a, b), c)
    assert parse("a - b - c") == Binary("-", Binary("-", a, b), c), "left-associative"
    assert parse("-a + b") == Binary("+", Unary("-", a), b)
    assert parse("a not in b") == Binary("not in", a, b)
    assert parse("not a in b") == Unary("not", Binary("in", a, b))
    assert parse("a or b or c") == Logical("or", (a, b, c)), "a chain of alternatives is one node"


def test_positions_are_offset_line_and_column():
    tree = parse("mention.text == 'x'\n  and\n  case.priority > 3")
    assert tree.pos == Position(22, 2, 3)
    first, second = tree.operands
    assert first.pos == Position(13, 1, 14)  # a binary node is where its operator is
    assert first.left.pos == Position(0, 1, 1)
    assert second.right.pos == Position(44, 3, 19)


def test_to_source_prints_only_the_parentheses_needed():
    for source in [
        "a or b and c",
        "(a or b) and c",
        "(a or b) or c",
        "a - (b - c)",
        "a - b - c",
        "not (a and b)",
        "- -1",
        "-(a + b)",
        "(a == b) == c",
        'len(case.tags) > 2 and any_of(mention.text, ["refund", "money back"])',
    ]:
        assert to_source(parse(source)) == source
    assert to_source(parse("'it\\'s\\u0001'")) == '"it\'s\\u0001"'
    assert to_source(Literal(0.00001)) == "0.00001"


def test_variables_are_every_path_read():
    assert ex.variables(parse("a.b or (c.d and lower(e.f) in [g.h]) or not a.b")) == {
        "a.b",
        "c.d",
        "e.f",
        "g.h",
    }


# --- syntax errors: rule, message and where --------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "rule", "message", "where"),
    [
        ("(mention.text == 'a'", "syntax", "expected ')', found end of input", (1, 21)),
        ("(a == 'b' and c", "syntax", "expected ')'", (1, 16)),
        ("[1, 2", "syntax", "expected ',' or ']'", (1, 6)),
        ("a ==", "syntax", "expected a value, variable or '('", (1, 5)),
        ("a b", "syntax", "expected end of input, found 'b'", (1, 3)),
        ("a = 1", "syntax", "unexpected character '=' (did you mean '=='?)", (1, 3)),
        ("!a", "syntax", "unexpected character '!'", (1, 1)),
        ("x == 'open", "syntax", "unterminated string", (1, 11)),
        ("x == 'a\nb'", "syntax", "unterminated string", (1, 8)),
        (r"'a\q'", "syntax", "unknown escape", (1, 3)),
        (r"'\u12'", "syntax", "unknown escape", (1, 2)),
        ("1.", "syntax", "expected a digit after '.'", (1, 3)),
        ("a.", "syntax", "expected a name after '.'", (1, 3)),
        ("a < b < c", "syntax", "comparisons do not chain", (1, 7)),
        ("mention.text(1)", "syntax", "'mention.text' is not a function", (1, 13)),
        ("matches(mention.text, 'a.*')", "unknown-function", "unknown function 'matches'", (1, 1)),
        ("x and lower(a, b)", "arity", "lower() takes 1 argument, given 2", (1, 7)),
        ("contains('a')", "arity", "contains() takes 2 arguments, given 1", (1, 1)),
        ("9" * 400 + ".0", "syntax", "number too large", (1, 1)),
    ],
)
def test_syntax_errors(source, rule, message, where):
    err = error(source)
    assert err.rule == rule
    assert message in err.message
    assert (err.position.line, err.position.column) == where
    assert str(err).endswith(f" at {where[0]}:{where[1]}")


def test_error_excerpt_points_at_the_column():
    err = error("a and\n  (b or c")
    assert err.excerpt("a and\n  (b or c") == "  (b or c\n         ^"


def test_limits_refuse_hostile_input_without_blowing_the_stack():
    assert error("1" * 2_001).rule == "too-long"
    assert error("(" * 65 + "1" + ")" * 65).rule == "too-deep"
    assert error("not " * 100 + "a").rule == "too-deep"
    assert error("-" * 500 + "1").rule == "too-deep"
    assert error("[" * 600).rule == "too-deep"
    assert error("+".join(["1"] * 100)).rule == "too-deep", "a long left-leaning chain is deep too"
    assert parse("(" * 60 + "1" + ")" * 60) == Literal(1)
    assert len(parse(" or ".join(["a"] * 300)).operands) == 300, "alternatives do not nest"


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


# --- evaluation ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "values", "result"),
    [
        ("1 + 2 - 0.5", {}, 2.5),
        ("-(2 - 5)", {}, 3),
        (
            "case.priority >= 80 and customer.tier in ['gold', 'vip']",
            {"case.priority": 90, "customer.tier": "vip"},
            True,
        ),
        ("mention.sentiment == 'negative'", {"mention.sentiment": Sentiment.NEGATIVE}, True),
        ("mention.sentiment in ['negative']", {"mention.sentiment": Sentiment.NEGATIVE}, True),
        ("'urgent' in case.tags", {"case.tags": frozenset({"urgent"})}, True),
        ("'urgent' not in case.tags", {"case.tags": ["late"]}, True),
        ("'fund' in mention.text", {"mention.text": "refund please"}, True),
        ("contains(lower(mention.text), 'refund')", {"mention.text": "REFUND"}, True),
        (
            "startswith(mention.text, 'Hi') and endswith(mention.text, '!')",
            {"mention.text": "Hi there!"},
            True,
        ),
        ("len(mention.text) + len(case.tags)", {"mention.text": "abc", "case.tags": ("a",)}, 4),
        ("any_of(mention.text, ['money back', 'refund'])", {"mention.text": "I want my MONEY\n back"}, True),
        ("any_of(mention.text, ['refund'])", {"mention.text": "refunded twice"}, False),
        ("any_of(mention.text, ['#fail'])", {"mention.text": "what an epic#fail"}, True),
        ("any_of(mention.text, case.tags)", {"mention.text": "so LATE", "case.tags": ["late"]}, True),
        ("any_of(mention.text, ['straße'])", {"mention.text": "STRASSE 5"}, True),
        ("[1, 2] == case.tags", {"case.tags": [1, 2]}, True),
        ("true == 1", {}, False),
        ("1 in [true]", {}, False),
        ("1 == 1.0", {}, True),
        ("'b' > 'a'", {}, True),
    ],
)
def test_evaluation(source, values, result):
    got = run(source, values)
    assert got == result
    assert type(got) is type(result)


@pytest.mark.parametrize(
    ("source", "result"),
    [
        ("case.team == null", True),
        ("case.team != null", False),
        ("null == null", True),
        ("case.team == 'billing'", False),
        ("case.team != 'billing'", True),
        ("case.priority > 3", False),
        ("case.priority <= 3", False),
        ("case.priority + 1", None),
        ("-case.priority", None),
        ("lower(case.team)", None),
        ("len(case.tags)", None),
        ("case.team in ['a']", False),
        ("'a' in case.tags", False),
        ("'a' not in case.tags", True),
        ("contains(case.team, 'a')", False),
        ("any_of(case.team, ['a'])", False),
        ("session.answers.check_order", None),
        ("not session.answers.check_order", True),
        ("session.answers.check_order or true", True),
        ("session.answers.check_order and true", False),
    ],
)
def test_missing_values_are_null_and_never_raise(source, result):
    assert run(source) is result


def test_wrongly_typed_values_never_raise():
    odd = {
        "case.priority": "high",
        "case.tags": 3,
        "mention.text": 12,
        "customer.tier": ["x"],
        "case.team": object(),
    }
    for source in [
        "case.priority > 3",
        "case.priority + 1 == 2",
        "'a' in case.tags",
        "len(case.tags) == 1",
        "contains(mention.text, 'a')",
        "any_of(mention.text, ['a'])",
        "customer.tier in ['gold']",
        "case.team == 'a'",
        "case.priority - 1.5 < 0",
    ]:
        assert run(source, odd) in (False, None)
    assert run("case.priority + 0.5", {"case.priority": 10**400}) is None, "overflow is null, not an error"


def test_evaluation_reaches_no_python_attribute():
    class Mention:
        text = "secret"

    assert run("mention.text", {"mention": Mention()}) is None
    assert run("mention.__class__", {"mention": Mention()}) is None


def test_condition_is_checked_compiled_and_answers_true_or_false():
    cond = ex.condition("mention.sentiment == 'negative' and not session.answers.check_order", ENV)
    assert cond.variables == {"mention.sentiment", "session.answers.check_order"}
    assert cond.holds({"mention.sentiment": "negative"}) is True
    assert cond.holds({"mention.sentiment": "negative", "session.answers.check_order": True}) is False
    assert ex.evaluate(cond.run, {"mention.sentiment": "neutral"}) is False
    with pytest.raises(ExpressionError, match="this is int"):
        ex.condition("case.priority", ENV)
