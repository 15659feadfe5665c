"""What a mention wants from the brand: crisis, spam, complaint, lead, question, praise or other.

Rules in order of what a care team must not miss: a safety or legal risk outranks everything, spam
is set aside before it can look like a lead, a negative mention is a complaint even when phrased as
a question ("why was I charged twice?"), and a question about buying is a lead, not a question.
Each answer carries the cue that decided it.
"""

import re
from dataclasses import dataclass
from enum import StrEnum

from console.domain.cue_index import CueIndex
from console.domain.sentiment import Sentiment, SentimentResult
from console.domain.text import Text


class Intent(StrEnum):
    CRISIS = "crisis"  # safety, health, legal or reputational risk: a supervisor should see it now
    SPAM = "spam"  # spam or trolling: nothing to answer
    COMPLAINT = "complaint"
    LEAD = "lead"  # purchase intent
    QUESTION = "question"
    PRAISE = "praise"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class IntentResult:
    intent: Intent
    reasons: tuple[str, ...]


def _words(*alternatives: str) -> str:
    return r"\b(?:" + "|".join(alternatives) + r")\b"


_CRISIS = _words(
    r"lawyers?|solicitors?|sue|suing|lawsuit|legal action|court|attorney|class action|police|fraud|"
    r"scam(?:med)?|hacked|data breach|leaked|discriminat\w*|racis[mt]|harass\w*|assault\w*|"
    r"injur\w*|hospital|ambulance|bleeding|burn(?:t|ed)|fire|smoke|explo\w+|gas leak|"
    r"carbon monoxide|electrocut\w*|food poisoning|poison\w*|allerg\w*|anaphyla\w*|choking|a&e|food safety|"
    r"investigation|journalist|reporter|for comment|comment from|press enquiry|going to print|"
    r"unsafe|dangerous|suicid\w*|kill myself|recall|contaminat\w*|mould|mold|glass in|"
    r"abogado|demanda|denuncia|polic[ií]a|hospital|advogado|processo|pol[ií]cia|avocat|plainte|"
    r"anwalt|klage|polizei|anzeige|avvocato|denuncia|polizia|advocaat|aangifte|politie|intoxica\w*"
)
_SPAM = _words(
    r"link in (?:my )?bio|click (?:my|the) (?:bio|link)|follow (?:me|back|for follow)|f4f|l4l|like4like|"
    r"follow4follow|earn \$?\d+|\$\d+ ?(?:/|a |per )?(?:day|week|weekly|daily)|make money|"
    r"giveaway|free (?:iphone|followers|gift)|\d+k? followers fast|crypto|bitcoin|forex|onlyfans|dm me for|"
    r"inbox me|quick recovery|recover your account|check out my (?:channel|page|profile)|promo code|"
    r"check bio|real followers|"
    r"serious one'?s|contact only|whatsapp me"
)
# Abuse with nothing to answer; unlike spam, its sentiment is the writer's own.
_TROLL = _words(r"clowns?|idiots?|morons?|scum|should be in jail|imagine paying|shut up|get lost|loser")
_LEAD = _words(
    r"interested in|i'?m interested|am interested|how much|price|pricing|prices|quote|buy|buying|purchase|"
    r"order (?:one|two|some)|sign up|subscribe|upgrade|switching to|switch to|thinking of (?:getting|buying|"
    r"switching)|in stock|back in stock|bulk|business plan|discount|deal|trial|demo|do you sell|do you ship|"
    r"available in|where can i buy|cheapest|corporate|partnerships?|trade-in|offer|group rate|fleet|"
    r"media kit|tarifas?|tarif|cuánto|cuanto cuesta|precio|comprar|interesad[oa]|quanto custa|preço|"
    r"interessad[oa]|combien|prix|acheter|intéressée?|wie viel|preis|kaufen|interessiert|quanto costa|prezzo|"
    r"comprare|interessat[oa]|hoeveel|prijs|kopen|geïnteresseerd|interesse|ile kosztuje|cena"
)
_QUESTION_START = _words(
    r"what|when|where|which|who|how|do|does|did|is|are|can|could|will|would|should|any|qué|cuándo|dónde|"
    r"cómo|como|cuál|qual|quando|onde|comment|quand|où|est-ce|wie|wann|wo|warum|gibt|kann|kan|come|dove|hoe|"
    r"wanneer|waar|czy|gdzie|jak"
)
_HASHTAGS = re.compile(r"#\w+")
_CRISIS_AT, _SPAM_AT, _TROLL_AT, _LEAD_AT = 0, 1, 2, 3
_INDEX = CueIndex([_CRISIS, _SPAM, _TROLL, _LEAD])
_QUESTION_START = re.compile(_QUESTION_START)


def classify_intent(text: Text, sentiment: SentimentResult) -> IntentResult:
    """The intent of a mention, from its text and its sentiment, with the cue that decided it."""
    lower = text.lower
    hits = {
        index: found for index in _INDEX.matches(lower, text.prefixes) if (found := _search(index, lower))
    }
    if found := hits.get(_CRISIS_AT):
        return IntentResult(Intent.CRISIS, (f"risk: {found}",))
    if found := hits.get(_SPAM_AT):
        return IntentResult(Intent.SPAM, (f"spam: {found}",))
    if found := hits.get(_TROLL_AT) or ("🤡" if text.raw.count("🤡") >= 2 else ""):
        return IntentResult(Intent.SPAM, (f"troll: {found}",))
    if text.raw.count("#") >= 8 and len(_HASHTAGS.findall(text.raw)) >= 8:
        return IntentResult(Intent.SPAM, ("spam: hashtag stuffing",))
    if sentiment.label is Sentiment.NEGATIVE:
        return IntentResult(Intent.COMPLAINT, ("negative sentiment", *sentiment.reasons[:3]))
    if found := hits.get(_LEAD_AT):
        return IntentResult(Intent.LEAD, (f"purchase intent: {found}",))
    if "?" in text.raw or (text.tokens and _QUESTION_START.fullmatch(text.tokens[0])):
        return IntentResult(Intent.QUESTION, ("asks",))
    if sentiment.label is Sentiment.POSITIVE:
        return IntentResult(Intent.PRAISE, ("positive sentiment", *sentiment.reasons[:3]))
    return IntentResult(Intent.OTHER, ())


def _search(index: int, lower: str) -> str:
    found = _INDEX.patterns[index].search(lower)
    return found.group() if found else ""
