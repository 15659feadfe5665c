"""Sentiment of brand-directed text: negative, neutral or positive, a score in -1…1, and why.

General-purpose scorers (VADER) miss most customer-service complaints, because they are lexically
neutral: "flight delayed 3 hours, no update", "still waiting for my refund". This scorer keeps
VADER's word valences (vendored in ``resources/lexicon``, MIT) and adds what brand-directed text needs:

* **complaint cues** (:mod:`console.domain.care_cues`): waiting, delays, refunds, cancellations, no
  response, charged twice, missing / broken / wrong items, outages, "where is my…", "still…",
  "again", time spans, "cancel my account", in en es pt fr de it nl;
* word valences re-weighted for care ("help", "please", "interested", "free" are not praise here,
  nor what a post is about: "security", "a solution", "credit", "United"; "hopefully my bag…" is
  a pending problem) and small lexicons for es pt fr de it nl pl;
* run-together hashtags read word by word ("#worstflightever", "#notcool", "#unhappycustomer");
* negation scope (three words, stopped by clause punctuation), intensifiers and diminishers,
  contrast ("but" discounts the clause before it and weights the one after), CAPS and elongation,
  emoji and emoticons;
* questions: a question without complaint evidence is neutral, however friendly its words, and so
  is the "Thanks." that closes it; "good morning" greets, "what a mess" / "qué bonito" exclaims;
* sarcasm where it is cheap to see: praise words around complaint evidence ("great, another
  delay", "thanks for nothing", "love how nobody…") count against the brand.

It is pure Python over dictionaries and a few compiled expressions. A learned layer
(:mod:`console.domain.sentiment_model`) then places the rules' evidence the way people label
brand-directed posts; together they run at thousands of mentions a second on one core
(``python -m tests.bench classify``).
"""

import math
from dataclasses import dataclass
from enum import StrEnum
from functools import cache

from console.domain import care_cues, sentiment_model
from console.domain.text import Text, read


class Sentiment(StrEnum):
    NEGATIVE = "negative"
    NEUTRAL = "neutral"
    POSITIVE = "positive"


@dataclass(frozen=True, slots=True)
class SentimentResult:
    label: Sentiment
    score: float  # -1 … 1
    reasons: tuple[str, ...]


NEGATIVE_BELOW = -0.2
POSITIVE_ABOVE = 0.3
_ALPHA = 8.0  # squashes the summed valence into -1…1 (VADER uses 15 for its larger sums)


def score_sentiment(text: str) -> SentimentResult:
    """Label ``text`` with a score in -1…1 and the words and cues that decided it."""
    return score_text(read(text))


def score_text(text: Text) -> SentimentResult:
    """:func:`score_sentiment` on text already read (the analysis reads each mention once).

    The rules weigh the evidence; the learned layer (:mod:`console.domain.sentiment_model`) places
    it the way people label brand-directed posts. The score is then P(positive) − P(negative). When
    the layer overrules the rules' label, the words that moved it join the reasons ("learned: …").
    """
    rules = score_rules(text)
    if not text.tokens and not rules.reasons:  # nothing to read (an emoji alone still is something)
        return rules
    found = sentiment_model.features(text, rules.label.value, rules.score, rules.reasons)
    prediction = sentiment_model.predict(found)
    label = Sentiment(prediction.label)
    negative, _, positive = prediction.probabilities
    reasons = rules.reasons
    if label is not rules.label and (moved := sentiment_model.drivers(found, prediction.label)):
        reasons = (*reasons, "learned: " + ", ".join(moved))
    return SentimentResult(label, round(positive - negative, 3), reasons)


def score_rules(text: Text) -> SentimentResult:
    """The care rules alone: summed valences, cues, negation, contrast, questions and sarcasm."""
    valences = _valences()
    tokens = text.tokens
    reasons: list[str] = []
    words_total = 0.0
    praise_words: list[tuple[str, float]] = []
    contrast_at = -1
    scope_until = -1  # negation reaches up to this token index
    weights: list[tuple[int, float]] = []  # (token index, valence) of the words that carry one
    roles = _ROLES
    # Sentences: words in a question ("which airline has the best legroom?") say less about the
    # writer's mood than words in a statement; a post that only asks is treated as asking.
    sentence_at, sentence_words, statements, asked = 0, 0, 0, False
    after_question = -1  # weights after the last "?": a sign-off ("… reapprove my post? Thanks.")
    for index, token in enumerate(tokens):
        valence = valences.get(token)
        if valence is None:  # most words: one dictionary probe
            role = roles.get(token)
            if role is _CLAUSE_END:
                scope_until = -1
                if token in _SENTENCE_END:
                    if token == "?":
                        asked = True
                        weights[sentence_at:] = [(i, v * 0.3) for i, v in weights[sentence_at:]]
                        after_question = len(weights)
                    elif sentence_words >= 2:
                        statements += 1
                    sentence_at, sentence_words = len(weights), 0
            elif role is None and token.isalpha():
                sentence_words += 1
            elif role is _NEGATOR:
                scope_until = index + 3
            elif role is _CONTRAST:
                contrast_at, scope_until = index, -1
            continue
        if token in care_cues.GREETING_PRAISE and tokens[index + 1 : index + 2] in care_cues.GREETING_TIMES:
            continue  # "good afternoon, can I…": a greeting, not praise
        previous = tokens[index - 1] if index else ""
        if previous in care_cues.INTENSIFIERS:
            valence *= 1.3
        elif previous in care_cues.DIMINISHERS:
            valence *= 0.6
        if index in text.shouted:
            valence *= 1.3
        if index <= scope_until:
            valence *= -0.6
            reasons.append(f"not {token}")
        else:
            reasons.append(token)
            if valence > 0 and token in care_cues.SARCASM_PRONE:
                praise_words.append((token, valence))
        weights.append((index, valence))
        sentence_words += 1
    if sentence_words >= 2:  # the last sentence, without its full stop
        opens_question = tokens and tokens[0] in care_cues.QUESTION_OPENERS
        if opens_question and not statements and not asked and not _exclaims(tokens, valences):
            asked = True  # "how do I change my email"
            weights = [(i, v * 0.3) for i, v in weights]
        else:
            statements += 1
    if after_question >= 0 and not statements:  # a request's closing thanks is politeness: damped too
        weights[after_question:] = [(i, v * 0.3) for i, v in weights[after_question:]]
    if contrast_at >= 0:  # "nice staff but the food was cold": the later clause decides
        words_total = sum(v * (0.5 if i < contrast_at else 1.5) for i, v in weights)
        reasons.append("but …")
    else:
        words_total = sum(v for _, v in weights)

    for tag in text.hashtags:
        if tag not in valences:  # "#grateful" was read as a word already
            for word, valence in _hashtag_words(tag, valences):
                words_total += valence
                reasons.append(f"#{word}")

    cues_total = 0.0
    cues = care_cues.find(text.lower, text.prefixes)
    for cue, weight in cues:
        cues_total -= weight
        reasons.append(cue)

    emoji_total = 0.0
    if not text.raw.isascii():  # emoji are never ASCII: most posts skip the scan
        for symbol, weight in care_cues.emoji_valences(text.raw):
            emoji_total += weight
            reasons.append(symbol)
    for emoticon, weight in care_cues.emoticons(text.clean):
        emoji_total += weight
        reasons.append(emoticon)

    if cues_total < 0 and praise_words and care_cues.sarcastic(text.lower):
        # "great, another delay": the praise is the complaint
        for _word, valence in praise_words:
            words_total -= 1.5 * valence
        reasons.append("sarcasm")

    total = words_total + cues_total + emoji_total
    if "!" in text.raw and total:
        total *= 1.1
    # A post that only asks, with at most a lone weak cue ("is there an outage map?"), asks rather
    # than complains; "why was my card declined??" and "where is my order?" complain.
    weak = cues_total == 0 or (len(cues) == 1 and cues[0][0] not in care_cues.COMPLAINING_QUESTIONS)
    if asked and not statements and weak and total > -2.5:
        total = words_total + emoji_total + 0.3 * cues_total
    if asked:
        reasons.append("question")
    score = total / math.sqrt(total * total + _ALPHA)
    if score <= NEGATIVE_BELOW:
        label = Sentiment.NEGATIVE
    elif score >= POSITIVE_ABOVE:
        label = Sentiment.POSITIVE
    else:
        label = Sentiment.NEUTRAL
    return SentimentResult(label, round(score, 3), tuple(dict.fromkeys(reasons)))


_CLAUSE_END, _NEGATOR, _CONTRAST = "clause end", "negator", "contrast"
_SENTENCE_END = frozenset({".", "!", "?", "\n"})
_ROLES = (
    dict.fromkeys(care_cues.CLAUSE_END, _CLAUSE_END)
    | dict.fromkeys(care_cues.CONTRAST, _CONTRAST)
    | dict.fromkeys(care_cues.NEGATORS, _NEGATOR)
)


def _exclaims(tokens: tuple[str, ...], valences: dict[str, float]) -> bool:
    """ "What a mess", "how lovely", "qué bonito": an opener before a word with a valence exclaims."""
    if tokens[0] not in care_cues.EXCLAIMING_OPENERS:
        return False
    following = tokens[2:3] if tokens[1:2] in (("a",), ("an",)) else tokens[1:2]
    return bool(following) and following[0] in valences


_SHORT_KEPT = frozenset({"fu", "xd", "np"})  # abuse, laughter, "no problem": words even in care
_TAG_NEGATORS = ("not", "dont", "didnt", "doesnt", "isnt", "wasnt")
# What a run-together care hashtag puts around its one word of feeling: "#worst|flight|ever",
# "#customer|service|fail", "#unhappy|customer". Only tags made of these and that one word are read,
# so "#badminton", "#superbowl", "#LoveField" or "#Killeen" stay the names they are.
_TAG_FILLER = frozenset(
    """
    ever service services customer customers customerservice experience flight flights day days
    airline airlines company travel trip time times job staff support team people week morning night
    again so very much the a my our of in on at for is this and
    """.split()  # noqa: SIM905 — a word list reads best as the words
)


def _hashtag_words(tag: str, valences: dict[str, float]) -> list[tuple[str, float]]:
    """The word of feeling inside a run-together hashtag: "#notcool" → not cool, "#worstflightever"
    → worst, "#customerservicefail" → fail; nothing when the tag is anything else."""
    if len(tag) > 40:
        return []
    for negator in _TAG_NEGATORS:
        rest = tag[len(negator) :]
        if tag.startswith(negator) and rest in valences and rest not in _ROLES:
            return [(f"not {rest}", valences[rest] * -0.6)]
    before, after = _filler_around(tag)
    for start in range(len(tag)):
        if not before[start]:
            continue
        for end in range(len(tag), start + 2, -1):
            word = tag[start:end]
            if word in valences and word not in _ROLES and after[end]:
                return [(word, valences[word])]
    return []


def _filler_around(tag: str) -> tuple[list[bool], list[bool]]:
    """For each cut i of ``tag``: whether tag[:i], and whether tag[i:], is nothing or made only of
    :data:`_TAG_FILLER` words (one pass each way)."""
    size = len(tag)
    before = [True] + [False] * size
    for i in range(size):
        if before[i]:
            for word in _TAG_FILLER:
                if tag.startswith(word, i):
                    before[i + len(word)] = True
    after = [False] * size + [True]
    for i in range(size - 1, -1, -1):
        after[i] = any(tag.startswith(word, i) and after[i + len(word)] for word in _TAG_FILLER)
    return before, after


@cache
def _valences() -> dict[str, float]:
    """VADER's valences, then the care overrides and the other languages' words (read once)."""
    from horseshoe_resources import resource

    valences: dict[str, float] = {}
    with resource("lexicon", "vader_lexicon.txt").open(encoding="utf-8") as lines:
        for line in lines:
            token, _, value = line.rstrip("\n").partition("\t")
            if value:
                valences[token] = float(value)
    # VADER's one- and two-letter netspeak ("l", "tx", "nh", "po") is mostly codes in care text:
    # states, airports, booking references.
    valences = {
        token: value
        for token, value in valences.items()
        if len(token) > 2 or not token.isalpha() or token in _SHORT_KEPT
    }
    valences.update(care_cues.VALENCES)
    # Negators and contrast words steer the others; they carry no valence of their own here.
    return {token: value for token, value in valences.items() if value and token not in _ROLES}
