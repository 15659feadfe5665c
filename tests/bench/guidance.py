"""Guidance conditions: what a tree's expressions cost to read and to run (a runner step must take ≤ 5 ms).

* parse + check, per expression, over a set of realistic tree conditions; baseline, same run, same
  text: CPython's own C parser (``ast.parse(..., mode="eval")`` — our language is valid Python syntax),
  which reads without checking anything.
* evaluate, per expression, compiled once, over the bundled demo mentions (analysed outside the
  timing); baseline, same run: hand-written Python lambdas doing the same tests over the same dicts.
* the largest expression the limits allow (2,000 characters of keyword tests) evaluated once: the
  worst case of one condition against the 5 ms step budget.
"""

import ast
from collections.abc import Iterator

from console.channels.demo import DemoChannel
from console.domain.analysis import analyze
from console.guidance import expressions as ex
from tests.bench.common import figure, timed

ENV = ex.DEFAULT_ENVIRONMENT.with_answers({"check_order": ex.optional(ex.BOOL)})

# Each condition with a plain-Python equivalent (no null-safety beyond what the data needs).
CONDITIONS = [
    (
        "mention.sentiment == 'negative' and case.priority >= 40",
        lambda v: v.get("mention.sentiment") == "negative" and v.get("case.priority", 0) >= 40,
    ),
    (
        "mention.intent in ['complaint', 'crisis'] or customer.tier in ['gold', 'vip']",
        lambda v: (
            v.get("mention.intent") in ("complaint", "crisis") or v.get("customer.tier") in ("gold", "vip")
        ),
    ),
    (
        "any_of(mention.text, ['refund', 'money back', 'charged twice', 'cancel'])",
        lambda v: any(
            word in v.get("mention.text", "").lower()
            for word in ("refund", "money back", "charged twice", "cancel")
        ),
    ),
    (
        "contains(lower(mention.text), 'order') and not session.answers.check_order",
        lambda v: (
            "order" in v.get("mention.text", "").lower() and v.get("session.answers.check_order") is not True
        ),
    ),
    (
        "mention.sentiment_score < 0 - 0.5 or (mention.author_verified and mention.author_followers > 10000)",
        lambda v: (
            v.get("mention.sentiment_score", 0) < -0.5
            or (v.get("mention.author_verified") is True and v.get("mention.author_followers", 0) > 10000)
        ),
    ),
    (
        "'urgent' in case.tags or case.team == null",
        lambda v: "urgent" in v.get("case.tags", ()) or v.get("case.team") is None,
    ),
    (
        "mention.network == 'x' and len(mention.text) > 200 and mention.lang != 'en'",
        lambda v: (
            v.get("mention.network") == "x"
            and len(v.get("mention.text", "")) > 200
            and v.get("mention.lang") != "en"
        ),
    ),
]


def run(size: int = 100_000) -> Iterator[dict]:
    records = _records(min(size, 2_000))
    sources = [source for source, _ in CONDITIONS]
    rounds = max(1, size // (10 * len(sources)))

    with timed() as parsed:
        for _ in range(rounds):
            for source in sources:
                ex.check_condition(ex.parse(source), ENV)
    with timed() as python_parsed:
        for _ in range(rounds):
            for source in sources:
                ast.parse(source, mode="eval")
    count = rounds * len(sources)
    python_us = python_parsed.seconds / count * 1e6
    yield figure("guidance", "ast.parse, per expression (baseline)", python_us, "µs")
    yield figure("guidance", "parse + check, per expression", parsed.seconds / count * 1e6, "µs", python_us)

    compiled = [ex.condition(source, ENV).run for source in sources]
    lambdas = [fn for _, fn in CONDITIONS]
    evaluations = max(1, size // len(records)) * len(records)
    with timed() as evaluated:
        for i in range(evaluations // len(records)):
            for values in records:
                compiled[i % len(compiled)](values)
    with timed() as python_evaluated:
        for i in range(evaluations // len(records)):
            for values in records:
                lambdas[i % len(lambdas)](values)
    lambda_us = python_evaluated.seconds / evaluations * 1e6
    yield figure("guidance", "Python lambda, per evaluation (baseline)", lambda_us, "µs")
    yield figure(
        "guidance",
        "evaluate compiled, per evaluation",
        evaluated.seconds / evaluations * 1e6,
        "µs",
        lambda_us,
    )

    largest = _largest_expression()
    run_largest = ex.condition(largest, ENV).run
    longest_text = max(records, key=lambda values: len(values["mention.text"]))
    repeats = 200
    with timed() as worst:
        for _ in range(repeats):
            run_largest(longest_text)
    record = figure(
        "guidance",
        f"evaluate the largest expression ({len(largest)} chars)",
        worst.seconds / repeats * 1e3,
        "ms",
    )
    record["budget"] = 5.0  # ms per runner step, DESIGN.md §7
    yield record


def _records(count: int) -> list[dict[str, object]]:
    """Values as a runner would pass them, from the bundled demo mentions."""
    demo = DemoChannel.bundled()
    records = []
    for i in range(count):
        mention = demo.mention(i, 1_760_000_000_000 + i)
        analysis = analyze(mention.text, mention.author.followers, mention.author.verified, lang=mention.lang)
        records.append(
            {
                "mention.text": mention.text,
                "mention.network": mention.network.value,
                "mention.sentiment": analysis.sentiment.label.value,
                "mention.sentiment_score": analysis.sentiment.score,
                "mention.intent": analysis.intent.intent.value,
                "mention.lang": analysis.lang,
                "mention.author_followers": mention.author.followers,
                "mention.author_verified": mention.author.verified,
                "mention.kind": mention.kind.value,
                "case.priority": i % 101,
                "case.tags": frozenset({"urgent"} if i % 7 == 0 else ()),
                "case.team": None if i % 3 else "billing",
                "customer.tier": ("standard", "premium", "gold", "vip")[i % 4],
            }
        )
    return records


def _largest_expression() -> str:
    """Keyword tests joined by ``or`` up to the length limit: none match, so every one runs."""
    test = "any_of(mention.text, ['zzqx one', 'zzqx two', 'zzqx three'])"
    parts: list[str] = []
    while len(" or ".join([*parts, test])) <= ex.MAX_LENGTH:
        parts.append(test)
    return " or ".join(parts)
