"""Classifier throughput: the full analysis ingest runs on each mention, on one core.

* analysis: sentiment + intent + language + base priority (``console.domain.analysis.analyze``)
  over the bundled demo mentions repeated to N (a realistic mix of networks, languages and
  intents), in this one process: mentions/s.
* baselines, same run, same texts: VADER's ``polarity_scores`` (the general-purpose scorer the
  classifier replaces; sentiment only) and a plain regex tokenisation pass (the floor any
  word-based classifier pays). Ratios above 1 mean faster than the baseline.
* the old first lexicon scorer is not kept in the tree; ``git show 03ca4e0:console/domain/sentiment.py``.
"""

import re
from collections.abc import Iterator

from console.channels.demo import DemoChannel
from console.domain.analysis import analyze
from tests.bench.common import figure, timed

_WORD = re.compile(r"\w+")


def run(size: int = 100_000) -> Iterator[dict]:
    demo = DemoChannel.bundled()
    mentions = [demo.mention(i, 1_760_000_000_000 + i) for i in range(min(size, 50_000))]
    texts = [m.text for m in mentions]
    analyze(texts[0])  # read the lexicon outside the timing

    with timed() as tokenized:
        for text in texts:
            _WORD.findall(text.lower())
    tokens_rate = len(texts) / tokenized.seconds

    with timed() as analysed:
        for m in mentions:
            analyze(m.text, m.author.followers, m.author.verified, lang=m.lang)
    rate = len(texts) / analysed.seconds
    yield figure("classify", "regex tokenisation (baseline)", tokens_rate, "texts/s")

    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:  # the test extra is not installed: say so rather than skip silently
        yield {
            "bench": "classify",
            "figure": "VADER baseline",
            "value": None,
            "note": "vaderSentiment missing",
        }
        vader_rate = None
    else:
        vader = SentimentIntensityAnalyzer()
        sample = texts[: min(len(texts), 10_000)]  # VADER is slow: a smaller sample, same mix
        with timed() as scored:
            for text in sample:
                vader.polarity_scores(text)
        vader_rate = len(sample) / scored.seconds
        yield figure("classify", "VADER polarity_scores (baseline)", vader_rate, "texts/s")

    yield figure("classify", "full analysis, one core", rate, "mentions/s", vader_rate)
    yield figure("classify", "full analysis vs regex tokenisation", rate, "mentions/s", tokens_rate)
