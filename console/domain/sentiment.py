"""A first, explainable sentiment scorer for brand-directed text.

A weighted lexicon with negation and the cues of customer-service complaints, which are often
lexically neutral ("still waiting for my refund"). It is fast and dependency-free; the queue issue
replaces it with a trained classifier behind the same ``score_sentiment`` signature.
"""

import re
from dataclasses import dataclass
from enum import StrEnum


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


@dataclass(frozen=True, slots=True)
class SentimentResult:
    label: Sentiment
    score: float  # -1 … 1
    reasons: tuple[str, ...]


_POSITIVE = {
    # en
    "love": 2,
    "loved": 2,
    "great": 1.5,
    "amazing": 2,
    "awesome": 2,
    "excellent": 2,
    "thanks": 1,
    "thank": 1,
    "helpful": 1.5,
    "fantastic": 2,
    "perfect": 1.5,
    "best": 1.5,
    "happy": 1.5,
    "quick": 1,
    "fast": 1,
    "friendly": 1.5,
    "smooth": 1,
    "recommend": 1.5,
    "impressed": 1.5,
    "delicious": 2,
    "kudos": 2,
    "brilliant": 2,
    "wonderful": 2,
    "appreciate": 1.5,
    "resolved": 1,
    "good": 1,
    "nice": 1,
    # es / pt / fr / de / it / nl / pl
    "gracias": 1,
    "excelente": 2,
    "encanta": 2,
    "genial": 2,
    "obrigado": 1,
    "obrigada": 1,
    "ótimo": 2,
    "merci": 1,
    "super": 1.5,
    "parfait": 1.5,
    "danke": 1,
    "toll": 1.5,
    "prima": 1.5,
    "grazie": 1,
    "bravo": 1.5,
    "bedankt": 1,
    "dzięki": 1,
    "świetny": 2,
}
_NEGATIVE = {
    "hate": 2,
    "terrible": 2,
    "awful": 2,
    "worst": 2.5,
    "horrible": 2,
    "bad": 1.5,
    "angry": 2,
    "disappointed": 2,
    "disappointing": 2,
    "useless": 2,
    "rude": 2,
    "broken": 1.5,
    "scam": 2.5,
    "never": 1,
    "ridiculous": 2,
    "unacceptable": 2.5,
    "joke": 1.5,
    "pathetic": 2.5,
    "sick": 1.5,
    "lost": 1.5,
    "cancelled": 1.5,
    "canceled": 1.5,
    "delayed": 1.5,
    "delay": 1.2,
    "stuck": 1.5,
    "refund": 1.2,
    "waiting": 1.2,
    "overcharged": 2,
    "charged": 1,
    "down": 1,
    "outage": 2,
    "missing": 1.5,
    "wrong": 1.5,
    "cold": 1,
    "late": 1.2,
    "ignored": 2,
    "nobody": 1.2,
    "complaint": 1.5,
    "lawyer": 2,
    "allergic": 2,
    "hospital": 2,
    "unsafe": 2.5,
    "leak": 2,
    "problem": 1.2,
    "issue": 1,
    "fail": 1.5,
    "failed": 1.5,
    "error": 1.2,
    "again": 0.6,
    "garbage": 2,
    "trash": 2,
    "dropped": 1.2,
    "shame": 1.5,
    "worried": 1.5,
    "frightened": 2,
    "hives": 2,
    "reaction": 1.2,
    "reacted": 1.2,
    "silence": 1.2,
    "cancelling": 1.5,
    "boycott": 2,
    "still": 0.8,
    "hours": 0.6,
    "no": 0.5,
    "not": 0.3,
    "malo": 1.5,
    "pésimo": 2.5,
    "retraso": 1.5,
    "reembolso": 1.2,
    "nadie": 1.2,
    "schlecht": 1.5,
    "verspätet": 1.5,
    "verspätung": 1.5,
    "enttäuscht": 2,
    "nie": 1,
    "nul": 1.5,
    "retard": 1.5,
    "remboursement": 1.2,
    "inadmissible": 2.5,
    "honte": 2,
    "péssimo": 2.5,
    "atraso": 1.5,
    "terribile": 2,
    "slecht": 1.5,
    "beznadziejny": 2.5,
}
_NEGATIONS = {
    "not",
    "no",
    "never",
    "don't",
    "didn't",
    "isn't",
    "wasn't",
    "can't",
    "won't",
    "nothing",
    "kein",
    "nicht",
    "pas",
    "nunca",
    "ne",
    "não",
    "non",
}
_COMPLAINT_PATTERNS = [
    (re.compile(r"\bstill (waiting|no|not|haven't|hasn't)\b", re.I), 1.5, "still waiting"),
    (re.compile(r"\bno (update|answer|response|reply|one|refund)\b", re.I), 1.5, "no response"),
    (re.compile(r"\b(\d+|two|three|four|five|six) (hours?|days?|weeks?)\b", re.I), 0.8, "long wait"),
    (re.compile(r"\bwhere is my\b|\bwhere's my\b", re.I), 1.2, "where is my"),
    (re.compile(r"\bgive up\b|\bgave up\b|\bnever again\b", re.I), 1.5, "giving up"),
    (re.compile(r"!{2,}|\b[A-Z]{5,}\b"), 0.8, "shouting"),
]
_EMOJI = {
    "😡": -2,
    "🤬": -2,
    "😤": -1.5,
    "😠": -1.5,
    "👎": -1.5,
    "🙄": -1,
    "🙃": -0.8,
    "😢": -1,
    "😭": -1.2,
    "💔": -1.5,
    "❤️": 1.5,
    "❤": 1.5,
    "😍": 2,
    "🙏": 0.8,
    "👍": 1,
    "🎉": 1.5,
    "😊": 1.5,
    "😀": 1.2,
    "🥰": 2,
    "👏": 1.2,
    "🔥": 0.8,
    "✨": 0.8,
}
_WORD = re.compile(r"[\w'’]+", re.UNICODE)


def score_sentiment(text: str) -> SentimentResult:
    """Label ``text`` negative, neutral or positive with a score in -1…1 and the words that decided it."""
    reasons: list[str] = []
    total = 0.0
    words = [w.lower().replace("’", "'") for w in _WORD.findall(text)]
    for index, word in enumerate(words):
        weight = _POSITIVE.get(word, 0.0) - _NEGATIVE.get(word, 0.0)
        if not weight:
            continue
        if any(w in _NEGATIONS for w in words[max(0, index - 3) : index]) and word not in _NEGATIONS:
            weight = -weight * 0.8
        total += weight
        reasons.append(word)
    for pattern, weight, reason in _COMPLAINT_PATTERNS:
        if pattern.search(text):
            total -= weight
            reasons.append(reason)
    if not text.isascii():  # emoji are never ASCII: skip the scan for most texts
        for emoji, weight in _EMOJI.items():
            if emoji in text:
                total += weight * text.count(emoji)
                reasons.append(emoji)
    score = max(-1.0, min(1.0, total / 4.0))
    if score <= -0.2:
        label = Sentiment.NEGATIVE
    elif score >= 0.25:
        label = Sentiment.POSITIVE
    else:
        label = Sentiment.NEUTRAL
    return SentimentResult(label, round(score, 3), tuple(dict.fromkeys(reasons)))
