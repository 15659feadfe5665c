"""The sentiment classifier against VADER on labelled brand-directed posts (tests/domain/data/).

* real_fixtures.tsv: real public posts to brands and services from ../shared/fixtures, labelled by hand;
* written_dev.tsv: customer-service posts written in the style of real ones, used while tuning the rules;
* written_holdout.tsv: written at the same time, before the rules, and measured only once they were done;
* real_fixtures_2.tsv: 183 more real posts from the same fixtures (all networks), labelled blind before
  any classifier ran on them; the even data lines were used for tuning (0.57 → 0.71, VADER 0.49), the odd
  half measured once after it (0.66 → 0.68, VADER 0.59: the gain mostly did not carry over, and the margin
  over VADER there is the smallest of any set);
* resources/demo/mentions.yaml: the demo mentions, written and labelled by a colleague for the demo, not
  for this classifier: the even-numbered half was used for a second round of tuning, the odd half was
  measured once after it (the most honest figure here: 0.59 against VADER's 0.40).
* airline_dev.tsv / airline_holdout.tsv: 370 real tweets to six US airlines with the crowd labels of
  the public "Twitter US Airline Sentiment" set (see the files' headers) — the kind of data the
  classifier is judged on. The rules of December 2026 were written against the dev file's errors
  (0.67 → 0.74, VADER 0.47); the holdout's errors were never read (0.67 → 0.72, VADER 0.48).

VADER's label uses its documented thresholds (compound ≥ 0.05 positive, ≤ -0.05 negative).
"""

from pathlib import Path

import pytest
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from console.domain.analysis import analyze
from console.domain.evaluation import evaluate, read_labelled

DATA = Path(__file__).parent / "data"
LABELS = ("negative", "neutral", "positive")


def _vader():
    analyzer = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyzer.polarity_scores(text)["compound"]
        return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"

    return label


def scores(name: str, part: slice = slice(None)) -> tuple[float, float, int]:
    with open(DATA / name, encoding="utf-8") as lines:
        pairs = read_labelled(lines, LABELS)[part]
    truth = [label for label, _ in pairs]
    ours = evaluate(truth, [analyze(text).sentiment.label.value for _, text in pairs], LABELS)
    vader = _vader()
    baseline = evaluate(truth, [vader(text) for _, text in pairs], LABELS)
    return ours.macro_f1, baseline.macro_f1, len(pairs)


@pytest.mark.parametrize(
    ("name", "floor"),
    [("written_holdout.tsv", 0.85), ("real_fixtures.tsv", 0.75), ("written_dev.tsv", 0.85)],
)
def test_macro_f1_beats_vader_by_a_clear_margin(name, floor):
    ours, vader, size = scores(name)
    assert size >= 30
    assert ours >= floor, f"{name}: macro-F1 {ours:.3f} under the floor {floor}"
    assert ours >= vader + 0.2, f"{name}: macro-F1 {ours:.3f} against VADER's {vader:.3f}"


@pytest.mark.parametrize(
    ("part", "floor", "margin"),
    [(slice(1, None, 2), 0.67, 0.15), (slice(0, None, 2), 0.63, 0.05), (slice(None), 0.65, 0.12)],
    ids=["dev", "holdout", "all"],
)
def test_second_real_set(part, floor, margin):
    ours, vader, size = scores("real_fixtures_2.tsv", part)
    assert size >= 90
    assert ours >= floor, f"macro-F1 {ours:.3f} under the floor {floor}"
    assert ours >= vader + margin, f"macro-F1 {ours:.3f} against VADER's {vader:.3f}"


@pytest.mark.parametrize(("part", "floor"), [(slice(1, None, 2), 0.55), (slice(None), 0.65)])
def test_demo_mentions_labelled_by_someone_else(part, floor):
    demo = Path(__file__).parents[2] / "resources" / "demo" / "mentions.yaml"
    items = yaml.safe_load(demo.read_text(encoding="utf-8"))["mentions"][part]
    truth = [item["label"]["sentiment"] for item in items]
    ours = evaluate(
        truth, [analyze(i["text"], lang=i.get("lang", "")).sentiment.label.value for i in items], LABELS
    )
    vader = _vader()
    baseline = evaluate(truth, [vader(item["text"]) for item in items], LABELS)
    assert ours.macro_f1 >= floor, f"macro-F1 {ours.macro_f1:.3f} under the floor {floor}"
    assert ours.macro_f1 >= baseline.macro_f1 + 0.15, (
        f"{ours.macro_f1:.3f} against VADER's {baseline.macro_f1:.3f}"
    )


@pytest.mark.parametrize(
    ("name", "floor"), [("airline_dev.tsv", 0.72), ("airline_holdout.tsv", 0.70)], ids=["dev", "holdout"]
)
def test_crowd_labelled_airline_tweets(name, floor):
    """The public airline set's crowd labels: the closest we have to the data we are judged on."""
    ours, vader, size = scores(name)
    assert size >= 140
    assert ours >= floor, f"{name}: macro-F1 {ours:.3f} under the floor {floor}"
    assert ours >= vader + 0.15, f"{name}: macro-F1 {ours:.3f} against VADER's {vader:.3f}"
