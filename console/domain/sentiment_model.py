"""A learned layer over the care rules: crowd labels decide where the rules' evidence falls.

The rules (:mod:`console.domain.sentiment`) know the words of customer care; what they cannot know
is how people label brand-directed posts: that "any chance you could rebook me?? my flight was
cancelled" is negative to them while "can you assign seats" is neutral, or how much "thanks" weighs
after a complaint. A multinomial logistic regression learns that from real crowd-labelled tweets
to brands, reading the text's words and word pairs, the rules' reasons, score and label.

It is a table of weights (``resources/models/sentiment_weights.tsv``, about 1 MB), shipped with the
app and read once: a prediction is a few dozen dictionary look-ups, so the whole analysis still
runs at thousands of mentions a second on one core. ``tools/train_sentiment.py`` rebuilds it; the
data it learns from, and what it was measured on, are in ``resources/models/README.md``.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import pairwise

from console.domain.text import Text

LABELS = ("negative", "neutral", "positive")
SCORE_SCALE = 3.0  # the rules' score enters as one feature among hundreds of 0/1 ones


def features(
    text: Text, rule_label: str, rule_score: float, rule_reasons: tuple[str, ...]
) -> dict[str, float]:
    """What the layer reads: words ("u:"), adjacent word pairs ("b:"), the rules' reasons ("r:"),
    their label ("lab:") and score. The trainer calls this very function, so the two cannot drift."""
    words = [token for token in text.tokens if token.isalpha() or token in "!?"]
    found = dict.fromkeys((f"u:{word}" for word in words), 1.0)
    found.update((f"b:{first}_{second}", 1.0) for first, second in pairwise(words))
    found.update((f"r:{reason}", 1.0) for reason in rule_reasons)
    found[f"lab:{rule_label}"] = 1.0
    found["score"] = rule_score * SCORE_SCALE
    return found


@dataclass(frozen=True, slots=True)
class Prediction:
    label: str
    probabilities: tuple[float, float, float]  # in LABELS order


def predict(found: dict[str, float]) -> Prediction:
    """The most likely label for ``found`` (see :func:`features`) and the three probabilities."""
    model = weights()
    totals = list(model.intercept)
    table = model.table
    for name, value in found.items():
        row = table.get(name)
        if row is not None:
            totals[0] += row[0] * value
            totals[1] += row[1] * value
            totals[2] += row[2] * value
    best = max(range(3), key=totals.__getitem__)
    top = max(totals)
    exps = [math.exp(total - top) for total in totals]
    whole = sum(exps)
    return Prediction(LABELS[best], (exps[0] / whole, exps[1] / whole, exps[2] / whole))


def drivers(found: dict[str, float], label: str) -> tuple[str, ...]:
    """The words and word pairs that pushed most towards ``label``: those whose weight for it beats
    their mean over the three. Asked only when the layer overrules the rules, so ingest skips it."""
    table, best = weights().table, LABELS.index(label)
    pushes = sorted(
        ((row[best] - sum(row) / 3) * value, name[2:].replace("_", " "))
        for name, value in found.items()
        if name[:2] in ("u:", "b:") and (row := table.get(name)) is not None
    )
    return tuple(word for push, word in reversed(pushes) if push > 0.15 and _explains(word))[:3]


# Words that carry weight in the table but explain nothing to an agent reading the reasons.
_PLAIN = frozenset(
    """
    i me my mine we us our you your yours he him his she her they them their it its a an the to of
    in on at for with from by and or so is are was were be been am do does did have has had this
    that these those there here what when where who how can could will would should just not no rt u
    im dm pls
    """.split()  # noqa: SIM905 — a word list reads best as the words
)


def _explains(driver: str) -> bool:
    """A driver worth showing: a word or pair with one word that is neither filler nor a mark."""
    return any(word.isalpha() and word not in _PLAIN for word in driver.split())


@dataclass(frozen=True, slots=True)
class Weights:
    intercept: tuple[float, float, float]
    table: dict[str, tuple[float, float, float]]


class WeightsFileError(ValueError):
    """The shipped weights file is unreadable: a broken install, said plainly rather than guessed."""


@cache
def weights() -> Weights:
    """The table from ``resources/models/sentiment_weights.tsv`` (read once per process)."""
    from horseshoe_resources import resource

    with resource("models", "sentiment_weights.tsv").open(encoding="utf-8") as lines:
        return parse_weights(lines)


def parse_weights(lines: Iterable[str]) -> Weights:
    """``feature<TAB>w_negative<TAB>w_neutral<TAB>w_positive`` lines, one of them "(intercept)"."""
    intercept: tuple[float, float, float] | None = None
    table: dict[str, tuple[float, float, float]] = {}
    for number, line in enumerate(lines, 1):
        if line.startswith("#") or not line.strip():
            continue
        name, *values = line.rstrip("\n").split("\t")
        try:
            row = (float(values[0]), float(values[1]), float(values[2]))
        except (IndexError, ValueError) as error:
            raise WeightsFileError(f"sentiment weights, line {number}: {line[:60]!r}") from error
        if name == "(intercept)":
            intercept = row
        else:
            table[name] = row
    if intercept is None or not table:
        raise WeightsFileError("sentiment weights: no intercept or no features")
    return Weights(intercept, table)
