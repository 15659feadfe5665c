"""``horseshoe-hub classify``: what ingest would understand of a text, and how well it does on labelled data.

For admins tuning the rules (one line per text, or JSON lines) and for evaluating the sentiment
classifier on their own labelled posts (``--eval FILE`` of ``label<TAB>text`` lines). It needs no
database: it runs the same :func:`console.domain.analysis.analyze` as ingest.
"""

import argparse
import json
import sys
from typing import TextIO

from console.domain.analysis import Analysis, analyze
from console.domain.evaluation import Evaluation, LabelFileError, evaluate, read_labelled
from console.domain.sentiment import Sentiment

LABELS = tuple(s.value for s in Sentiment)


def add_parser(commands) -> None:
    parser = commands.add_parser(
        "classify",
        help="print the sentiment, intent, language and priority ingest would give each text",
        description="Classify texts as ingest does (no database needed). TEXT '-' reads one text per "
        "line from standard input.",
    )
    parser.add_argument("texts", nargs="*", metavar="TEXT", help="texts to classify, or - for stdin")
    parser.add_argument("--json", action="store_true", help="one JSON object per line")
    parser.add_argument(
        "--eval",
        metavar="FILE",
        help="evaluate sentiment on label<TAB>text lines (labels: negative, neutral, positive; - for stdin)",
    )
    parser.add_argument("--followers", type=int, default=0, help="author's followers, for the priority")
    parser.add_argument("--verified", action="store_true", help="the author is verified")
    parser.add_argument("--tier", help="customer tier, e.g. vip")


def run(args: argparse.Namespace, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    if args.eval:
        return _evaluate(args, stdin, stdout)
    if not args.texts:
        print("horseshoe-hub classify: give TEXT arguments, - for stdin, or --eval FILE", file=sys.stderr)
        return 2
    for text in _texts(args.texts, stdin):
        result = analyze(text, args.followers, args.verified, args.tier)
        print(
            json.dumps(_record(text, result), ensure_ascii=False) if args.json else _line(text, result),
            file=stdout,
        )
    return 0


def _texts(arguments: list[str], stdin: TextIO):
    for argument in arguments:
        if argument == "-":
            yield from (line.rstrip("\r\n") for line in stdin if line.strip())
        else:
            yield argument


def _record(text: str, result: Analysis) -> dict:
    return {
        "text": text,
        "sentiment": result.sentiment.label.value,
        "score": result.sentiment.score,
        "sentiment_reasons": list(result.sentiment.reasons),
        "intent": result.intent.intent.value,
        "intent_reasons": list(result.intent.reasons),
        "lang": result.lang or "und",
        "priority": result.priority.score,
        "priority_reasons": [list(reason) for reason in result.priority.reasons],
    }


def _line(text: str, result: Analysis) -> str:
    sentiment = result.sentiment
    why = ", ".join(sentiment.reasons) or "no cue"
    points = ", ".join(f"{reason} {points:+d}" for reason, points in result.priority.reasons)
    shown = text if len(text) <= 60 else text[:59] + "…"
    return (
        f"{sentiment.label.value:8} {sentiment.score:+.2f}  {result.intent.intent.value:9} "
        f"{result.lang or 'und':3}  priority {result.priority.score:3}  {shown!r}  "
        f"[sentiment: {why}; priority: {points}]"
    )


def _evaluate(args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    try:
        if args.eval == "-":
            pairs = read_labelled(stdin, LABELS)
        else:
            with open(args.eval, encoding="utf-8") as lines:
                pairs = read_labelled(lines, LABELS)
    except (OSError, UnicodeDecodeError) as error:
        print(f"horseshoe-hub classify: cannot read {args.eval}: {error}", file=sys.stderr)
        return 2
    except LabelFileError as error:
        print(f"horseshoe-hub classify: {args.eval}: {error}", file=sys.stderr)
        return 2
    predicted = [analyze(text).sentiment.label.value for _, text in pairs]
    result = evaluate([label for label, _ in pairs], predicted, LABELS)
    if args.json:
        print(json.dumps(_evaluation_record(result)), file=stdout)
    else:
        print(_evaluation_table(result), file=stdout)
    return 0


def _evaluation_record(result: Evaluation) -> dict:
    return {
        "macro_f1": round(result.macro_f1, 4),
        "accuracy": round(result.accuracy, 4),
        "classes": {
            c.label: {"precision": c.precision, "recall": c.recall, "f1": c.f1, "support": c.support}
            for c in result.classes
        },
        "labels": list(result.labels),
        "confusion": [list(row) for row in result.confusion],
    }


def _evaluation_table(result: Evaluation) -> str:
    lines = [f"{'label':10} {'precision':>9} {'recall':>7} {'f1':>6} {'support':>8}"]
    lines += [
        f"{c.label:10} {c.precision:9.3f} {c.recall:7.3f} {c.f1:6.3f} {c.support:8d}" for c in result.classes
    ]
    total = sum(c.support for c in result.classes)
    lines.append(f"macro-F1 {result.macro_f1:.3f}   accuracy {result.accuracy:.3f}   n={total}")
    lines.append("confusion (rows: true, columns: predicted)")
    lines.append(" " * 10 + "".join(f"{label:>10}" for label in result.labels))
    for label, row in zip(result.labels, result.confusion, strict=True):
        lines.append(f"{label:10}" + "".join(f"{count:10d}" for count in row))
    return "\n".join(lines)
