"""Scoring a classifier against labelled text: per-class precision, recall, F1, macro-F1, confusion.

Used by ``horseshoe-hub classify --eval`` and by the tests that hold the sentiment classifier to
its quality floor.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


class LabelFileError(ValueError):
    """A labelled file that cannot be read; says which line."""


@dataclass(frozen=True, slots=True)
class ClassScore:
    label: str
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True, slots=True)
class Evaluation:
    labels: tuple[str, ...]
    classes: tuple[ClassScore, ...]
    macro_f1: float
    accuracy: float
    confusion: tuple[tuple[int, ...], ...]  # rows: true label, columns: predicted, in ``labels`` order


def read_labelled(lines: Iterable[str], labels: Sequence[str]) -> list[tuple[str, str]]:
    """``label<TAB>text`` lines (blank lines and ``#`` comments skipped) as (label, text) pairs."""
    pairs = []
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\r\n")
        if not line.strip() or line.startswith("#"):
            continue
        label, tab, text = line.partition("\t")
        if not tab or not text.strip():
            raise LabelFileError(f"line {number}: expected label<TAB>text")
        if label.strip() not in labels:
            raise LabelFileError(
                f"line {number}: unknown label {label.strip()!r} (expected {', '.join(labels)})"
            )
        pairs.append((label.strip(), text))
    if not pairs:
        raise LabelFileError("no labelled lines")
    return pairs


def evaluate(truth: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> Evaluation:
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for t, p in zip(truth, predicted, strict=True):
        matrix[index[t]][index[p]] += 1
    classes = []
    for i, label in enumerate(labels):
        hit = matrix[i][i]
        predicted_as = sum(row[i] for row in matrix)
        actual = sum(matrix[i])
        precision = hit / predicted_as if predicted_as else 0.0
        recall = hit / actual if actual else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        classes.append(ClassScore(label, precision, recall, f1, actual))
    correct = sum(matrix[i][i] for i in range(len(labels)))
    return Evaluation(
        tuple(labels),
        tuple(classes),
        sum(c.f1 for c in classes) / len(classes),
        correct / len(truth) if truth else 0.0,
        tuple(tuple(row) for row in matrix),
    )
