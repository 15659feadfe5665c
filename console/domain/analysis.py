"""Understanding a mention in one pass: sentiment, intent, language and base priority.

The hub runs it at ingest and stores the results with the mention; ``horseshoe-hub classify``
runs it for admins tuning the rules and for evaluation. Spam is no customer's mood: its sentiment
is reported neutral, with the reason, so it does not inflate the complaint figures (a troll's
abuse keeps its negative sentiment: it is the writer's own).
"""

from dataclasses import dataclass

from console.domain.intent import Intent, IntentResult, classify_intent
from console.domain.language import detect_read
from console.domain.priority import Priority, base_priority
from console.domain.sentiment import Sentiment, SentimentResult, score_text
from console.domain.text import read


@dataclass(frozen=True, slots=True)
class Analysis:
    sentiment: SentimentResult
    intent: IntentResult
    lang: str  # ISO 639-1, or "" when unsure
    priority: Priority  # the base part, known at ingest (see console.domain.priority)


def analyze(
    text: str, followers: int = 0, verified: bool = False, tier: str | None = None, lang: str = ""
) -> Analysis:
    """Everything the queue needs to know about ``text``; ``lang`` from the network is kept when given."""
    read_text = read(text)
    sentiment = score_text(read_text)
    intent = classify_intent(read_text, sentiment)
    if intent.intent is Intent.SPAM and intent.reasons[0].startswith("spam") and sentiment.score:
        sentiment = SentimentResult(Sentiment.NEUTRAL, 0.0, ("spam", *sentiment.reasons))
    return Analysis(
        sentiment,
        intent,
        lang or detect_read(read_text),
        base_priority(sentiment, intent.intent, followers, verified, tier),
    )
