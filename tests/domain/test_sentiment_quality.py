"""The sentiment classifier against VADER on labelled brand-directed posts (tests/domain/data/).

Measured here, never learned from:

* airline_dev.tsv (526) and airline_holdout.tsv (292): real tweets to six US airlines with the crowd
  labels of the public "Twitter US Airline Sentiment" set, the kind of data the classifier is judged
  on. The care rules were written against the dev file's errors and the learned layer's settings
  chosen on it; the holdout's errors were never listed (its texts were read while copying them).
  The rest of that set is measured by ``tools/train_sentiment.py --report`` (13,768 tweets: 0.700;
  the rules alone 0.656; VADER 0.457).

Learned from by the layer (tools/train_sentiment.py), so here they only prove that the shipped table
fits the rules it was trained with (a rules change without retraining shows up here first); their
fairest figures are the trainer's five folds held out in turn (resources/models/README.md), and the
rules were tuned on part of them too:

* real_fixtures.tsv / real_fixtures_2.tsv: real public posts to brands from ../shared/fixtures,
  labelled by hand (the second set blind, before any classifier ran on it);
* written_dev.tsv / written_holdout.tsv: care posts written in the style of real ones;
* resources/demo/mentions.yaml: the demo mentions, written and labelled by a colleague.

VADER's label uses its documented thresholds (compound ≥ 0.05 positive, ≤ -0.05 negative).
"""

from pathlib import Path

import pytest
import yaml
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from console.domain.analysis import analyze
from console.domain.evaluation import evaluate, read_labelled
from console.domain.sentiment import score_rules, score_text
from console.domain.text import read

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
    ("name", "floor"), [("airline_dev.tsv", 0.72), ("airline_holdout.tsv", 0.70)], ids=["dev", "holdout"]
)
def test_crowd_labelled_airline_tweets(name, floor):
    """The closest we have to the data we are judged on."""
    ours, vader, size = scores(name)
    assert size >= 290
    assert ours >= floor, f"{name}: macro-F1 {ours:.3f} under the floor {floor}"
    assert ours >= vader + 0.15, f"{name}: macro-F1 {ours:.3f} against VADER's {vader:.3f}"


def test_the_learned_layer_beats_the_rules_alone_on_held_out_tweets():
    with open(DATA / "airline_holdout.tsv", encoding="utf-8") as lines:
        pairs = read_labelled(lines, LABELS)
    truth = [label for label, _ in pairs]
    final = evaluate(truth, [score_text(read(text)).label.value for _, text in pairs], LABELS)
    rules = evaluate(truth, [score_rules(read(text)).label.value for _, text in pairs], LABELS)
    assert final.macro_f1 > rules.macro_f1 + 0.01, f"{final.macro_f1:.3f} against {rules.macro_f1:.3f}"


@pytest.mark.parametrize(
    "name", ["real_fixtures.tsv", "real_fixtures_2.tsv", "written_dev.tsv", "written_holdout.tsv"]
)
def test_the_shipped_table_fits_the_sets_it_learned_from(name):
    ours, _, size = scores(name)
    assert size >= 30
    assert ours >= 0.9, f"{name}: macro-F1 {ours:.3f}; retrain with tools/train_sentiment.py"


def test_the_shipped_table_fits_the_demo_mentions():
    demo = Path(__file__).parents[2] / "resources" / "demo" / "mentions.yaml"
    items = yaml.safe_load(demo.read_text(encoding="utf-8"))["mentions"]
    truth = [item["label"]["sentiment"] for item in items]
    ours = evaluate(
        truth, [analyze(i["text"], lang=i.get("lang", "")).sentiment.label.value for i in items], LABELS
    )
    assert ours.macro_f1 >= 0.9, f"macro-F1 {ours.macro_f1:.3f}; retrain with tools/train_sentiment.py"
