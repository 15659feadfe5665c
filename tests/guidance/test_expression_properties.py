"""Properties of the expression language over generated input: parsing refuses only with
ExpressionError, printing round-trips, and well-typed expressions evaluate without error."""

import re

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from console.guidance import expressions as ex
from console.guidance.expression_syntax import COMPARISONS, KEYWORDS
from console.guidance.expressions import (
    BOOL,
    DEFAULT_ENVIRONMENT,
    Binary,
    Call,
    ExpressionError,
    ListExpr,
    Literal,
    Logical,
    Unary,
    Variable,
    parse,
    to_source,
)

ENV = DEFAULT_ENVIRONMENT.with_answers({"check_order": ex.optional(BOOL)})

# Pieces of the language, so generated text reaches past the tokenizer into the parser.
TOKENS = [
    *"()[],.+-<>=!",
    "==", "!=", "<=", ">=", "and", "or", "not", "in", "true", "false", "null",
    "1", "2.5", "007", "'a'", '"b\\n"', "'", "mention", "text", "case.tags", "x",
    "lower", "len", "contains", "any_of", "matches", " ", "\n", "\\", "\t", "é",
]  # fmt: skip


def parse_or_refuse(source: str) -> ex.Expr | None:
    """The tree, or None when refused: with an ExpressionError of a parsing rule inside the source."""
    refusal = None
    try:
        return parse(source)
    except ExpressionError as err:
        refusal = err
    assert refusal.rule in {"syntax", "too-long", "too-deep", "unknown-function", "arity"}
    assert 0 <= refusal.position.offset <= len(source)
    assert refusal.position.line >= 1
    assert refusal.position.column >= 1
    return None


@given(st.text(max_size=300))
def test_arbitrary_text_parses_or_is_refused_with_an_expression_error(source):
    parse_or_refuse(source)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), max_size=60).map("".join))
def test_token_soup_parses_or_is_refused_and_what_parses_round_trips(source):
    tree = parse_or_refuse(source)
    if tree is not None:
        assert_round_trips(tree)


def assert_round_trips(tree: ex.Expr) -> None:
    printed = to_source(tree)
    printed.encode()  # a tree file is UTF-8: what prints must encode
    again = parse(printed)
    assert again == tree, printed
    assert repr(again) == repr(tree), printed  # repr tells 1 from 1.0 and from true
    assert to_source(again) == printed


# --- trees of any shape (untyped), for printing ------------------------------------------------------

NAMES = st.from_regex(r"[a-z_][a-z0-9_]{0,6}", fullmatch=True).filter(lambda name: name not in KEYWORDS)
FIELDS = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,6}", fullmatch=True)
LITERALS = st.one_of(
    st.integers(min_value=0, max_value=10**12),
    st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
    st.text(st.characters(categories=["Cs", "Cc", "Zs", "Zl", "P", "L"]), max_size=6),  # lone surrogates too
    st.booleans(),
    st.none(),
).map(Literal)
VARIABLES = st.builds(
    lambda first, rest: Variable(".".join([first, *rest])), NAMES, st.lists(FIELDS, max_size=3)
)


def _calls(children):
    return st.sampled_from(sorted(ex.FUNCTION_ARITY.items())).flatmap(
        lambda item: st.lists(children, min_size=item[1], max_size=item[1]).map(
            lambda args, name=item[0]: Call(name, tuple(args))
        )
    )


ANY_TREE = st.recursive(
    st.one_of(LITERALS, VARIABLES),
    lambda children: st.one_of(
        st.lists(children, max_size=3).map(lambda items: ListExpr(tuple(items))),
        st.builds(Unary, st.sampled_from(["-", "not"]), children),
        st.builds(Binary, st.sampled_from(["+", "-", *COMPARISONS]), children, children),
        st.builds(
            Logical, st.sampled_from(["and", "or"]), st.lists(children, min_size=2, max_size=3).map(tuple)
        ),
        _calls(children),
    ),
    max_leaves=25,
)


@given(ANY_TREE)
def test_printing_a_tree_and_parsing_it_back_gives_the_same_tree(tree):
    assert_round_trips(tree)


# --- well-typed trees over the declared variables, for evaluation -------------------------------------


def _vars(predicate) -> list[Variable]:
    return [Variable(path) for path, type_ in sorted(ENV.items()) if predicate(type_)]


INT_VARS = _vars(lambda t: t.kind == "int")
NUMBER_VARS = _vars(lambda t: t.number)
STR_VARS = _vars(lambda t: t.kind == "str")
ENUM_PATHS = [path for path, type_ in sorted(ENV.items()) if type_.kind == "enum"]
BOOL_VARS = _vars(lambda t: t.kind == "bool")
WORDS = st.text(max_size=8)

numbers = st.deferred(
    lambda: st.one_of(
        st.integers(min_value=0, max_value=10**6).map(Literal),
        st.floats(min_value=0, max_value=1e6, allow_nan=False).map(Literal),
        st.sampled_from(NUMBER_VARS),
        st.builds(Binary, st.sampled_from(["+", "-"]), numbers, numbers),
        st.builds(Unary, st.just("-"), numbers),
        st.builds(lambda arg: Call("len", (arg,)), texts),
        st.just(Call("len", (Variable("case.tags"),))),
    )
)
# Text that is not an enum, so any two of them may be compared with ==.
strings = st.deferred(
    lambda: st.one_of(
        WORDS.map(Literal),
        st.sampled_from(STR_VARS),
        st.builds(lambda arg: Call("lower", (arg,)), texts),
    )
)
texts = st.one_of(strings, st.sampled_from(ENUM_PATHS).map(Variable))


@st.composite
def enum_tests(draw) -> ex.Expr:
    path = draw(st.sampled_from(ENUM_PATHS))
    values = sorted(ENV[path].values)
    if draw(st.booleans()):
        return Binary(
            draw(st.sampled_from(["==", "!="])), Variable(path), Literal(draw(st.sampled_from(values)))
        )
    chosen = draw(st.lists(st.sampled_from(values), max_size=3))
    return Binary(
        draw(st.sampled_from(["in", "not in"])), Variable(path), ListExpr(tuple(map(Literal, chosen)))
    )


bools = st.deferred(
    lambda: st.one_of(
        st.booleans().map(Literal),
        st.sampled_from(BOOL_VARS),
        st.just(Variable("session.answers.check_order")),
        st.builds(Binary, st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), numbers, numbers),
        st.builds(Binary, st.sampled_from(["==", "!="]), strings, strings),
        st.builds(Binary, st.sampled_from(["in", "not in"]), texts, texts),
        st.builds(Binary, st.sampled_from(["in", "not in"]), texts, st.just(Variable("case.tags"))),
        st.builds(Binary, st.just("=="), st.sampled_from(STR_VARS), st.just(Literal(None))),
        enum_tests(),
        st.builds(
            lambda name, a, b: Call(name, (a, b)),
            st.sampled_from(["contains", "startswith", "endswith"]),
            texts,
            texts,
        ),
        st.builds(
            lambda text, words: Call("any_of", (text, ListExpr(tuple(map(Literal, words))))),
            texts,
            st.lists(WORDS, max_size=3),
        ),
        st.builds(Unary, st.just("not"), bools),
        st.builds(
            Logical, st.sampled_from(["and", "or"]), st.lists(bools, min_size=2, max_size=3).map(tuple)
        ),
    )
)

PLAIN = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(),
    st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3),
)


@st.composite
def values(draw) -> dict[str, object]:
    """Values for some of the declared variables: of their type, null, or anything plain (a runner's slip)."""
    found: dict[str, object] = {}
    for path, type_ in sorted(ENV.items()):
        choice = draw(st.integers(0, 3))
        if choice == 1:
            found[path] = draw(PLAIN)
        elif choice >= 2:
            found[path] = draw(_typed(type_))
    return found


def _typed(type_: ex.Type) -> st.SearchStrategy:
    match type_.kind:
        case "int":
            return st.integers(min_value=-(10**9), max_value=10**9)
        case "float":
            return st.floats(min_value=-1, max_value=1)
        case "bool":
            return st.booleans()
        case "enum":
            return st.sampled_from(sorted(type_.values))
        case "list":
            return st.frozensets(st.text(max_size=5), max_size=3)
    return st.text(max_size=40)


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(bools, values())
def test_well_typed_conditions_check_and_evaluate_to_true_or_false(tree, found):
    assert ex.check(tree, ENV).kind == "bool"
    result = ex.evaluate(tree, found)
    if not isinstance(tree, Variable):  # a bare variable gives what it holds; every operator true or false
        assert result is True or result is False
    source = to_source(tree)
    assume(len(source) <= ex.MAX_LENGTH)
    try:
        again = parse(source)
    except ExpressionError as err:
        assume(err.rule != "too-deep")
        raise
    assert again == tree
    assert ex.evaluate(ex.compile_expression(again), found) == result


def _reference_any_of(text: str, words: list[str]) -> bool:
    """The same rule with a regular expression (fine in a test): a phrase occurs whole, ignoring case
    and runs of spaces; a boundary is needed only where the phrase begins or ends with a word character."""
    folded = " ".join(text.casefold().split())
    for word in words:
        phrase = " ".join(word.casefold().split())
        if not phrase:
            continue
        before = r"(?<!\w)" if re.match(r"\w", phrase[0]) else ""
        after = r"(?!\w)" if re.match(r"\w", phrase[-1]) else ""
        if re.search(before + re.escape(phrase) + after, folded):
            return True
    return False


SAMPLE = st.text(alphabet="ab _-#.\nÄäßS", max_size=12)


@given(SAMPLE, st.lists(SAMPLE, max_size=3))
def test_any_of_finds_whole_words_and_phrases_as_the_reference_does(text, words):
    found = ex.evaluate(Call("any_of", (Literal(text), ListExpr(tuple(map(Literal, words))))), {})
    assert found is _reference_any_of(text, words)
    assert (
        ex.evaluate(parse("any_of(mention.text, case.tags)"), {"mention.text": text, "case.tags": words})
        is found
    )
