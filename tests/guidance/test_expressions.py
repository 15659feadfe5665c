"""The expression language of guidance conditions: grammar, syntax errors and null-safe evaluation."""

import pytest

from console.domain.sentiment import Sentiment
from console.guidance import expressions as ex
from console.guidance.expressions import (
    BOOL,
    DEFAULT_ENVIRONMENT,
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

ENV = DEFAULT_ENVIRONMENT.with_answers({"check_order": BOOL})


def error(source: str) -> ExpressionError:
    with pytest.raises(ExpressionError) as caught:
        parse(source)
    return caught.value


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
