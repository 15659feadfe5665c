# ruff: noqa: SIM905 — word lists read best as the words themselves, split once at import
"""The words and patterns of customer care that general sentiment lexicons do not know.

Weights are on VADER's scale (a strongly negative word is about -3). Complaint cues are matched
on the lower-cased text, one compiled alternation for all of them, so adding a cue costs little.
"""

import re

from console.domain.cue_index import CueIndex

CLAUSE_END = frozenset({".", ",", ";", ":", "!", "?", "\n"})
NEGATORS = frozenset(
    "not no never nothing nobody neither nor cannot can't don't didn't doesn't isn't wasn't aren't "
    "weren't won't wouldn't shouldn't couldn't haven't hasn't hadn't ain't without "
    "nunca nada nem não nao jamais pas plus rien nicht kein keine keinen nie niemals non mai niente "
    "niet geen nooit".split()
)
CONTRAST = frozenset(
    "but however although though yet pero sino mas porém mais cependant aber jedoch però maar".split()
)
INTENSIFIERS = frozenset(
    "very so really extremely incredibly absolutely totally utterly seriously super truly completely "
    "most such too muy tan muito très trop sehr echt molto davvero erg heel zeer bardzo".split()
)
DIMINISHERS = frozenset(
    "slightly somewhat kinda kind sort bit little barely hardly fairly un poco pouco peu etwas".split()
)
QUESTION_OPENERS = frozenset(
    "what when where which who how do does did is are can could will would should any anyone "
    "qué que cuándo cuando dónde donde cómo como cuál quién qual quando onde comment quand où "
    "est-ce wie wann wo warum gibt kann come quando dove quanto hoe wanneer waar kan".split()
)
# "What a mess", "qué bonito": these openers before a word with a valence exclaim rather than ask.
EXCLAIMING_OPENERS = frozenset("what how que qué como cómo quanto quanta wie come".split())
# "Good afternoon, can I…": a greeting, not praise (matched as the next token, a 1-tuple).
GREETING_PRAISE = frozenset("good buen buenos buenas bom boa guten buon buona".split())
GREETING_TIMES = frozenset(
    (word,)
    for word in "morning afternoon evening night day días dias tardes noches dia tarde noite morgen tag "
    "abend giorno giornata sera".split()
)
# Praise words that customers use ironically; only counted against the brand with a sarcasm marker.
SARCASM_PRONE = frozenset(
    "great love loving enjoying enjoy wonderful brilliant perfect fantastic lovely awesome amazing nice "
    "thanks thank good genius excellent super".split()
)

# Care overrides for VADER's English valences, and the other languages' words.
VALENCES: dict[str, float] = {
    # Words of requests and leads are not praise in a care queue.
    **dict.fromkeys(
        "help please interested free win like kind well ok okay support care sure pretty fine hope save "
        "hago assured serious join yes wow dear straight want fan clear matter share top god lol "
        "joke ready curious yeah yea".split(),
        0.0,
    ),
    "no": 0.0,  # a negator here; "no update" is a complaint cue
    # What a care post is about, not how its writer feels: "security", "a solution", "credit",
    # "honor the fare", "quality assurance", the United airline, "I hope / hopefully my bag…"
    # (a pending problem, not optimism).
    **dict.fromkeys(
        "united security secure secured assurance solution solutions promise promises feeling true "
        "accept accepting honor credit credits yep yup certain hopeful hopefully hoping chance benefit "
        "benefits privilege reward award awards number significant gla".split(),
        0.0,
    ),
    **dict.fromkeys("friend friends haha sunny".split(), 0.5),
    # English entries that are everyday words elsewhere: de "die" (the), "war" (was), "gift"
    # (poison), es "sin" (without); rare enough in English care text to drop.
    **dict.fromkeys("die war gift sin".split(), 0.0),
    "appreciate": 2.0,
    "recommend": 2.0,
    "quick": 1.5,
    "quickly": 1.5,
    "fast": 1.5,
    "early": 1.0,
    "smooth": 1.8,
    "smoothest": 2.2,
    "patient": 1.5,
    "professional": 1.8,
    "kudos": 2.5,
    "shoutout": 2.0,
    "sorted": 1.2,
    "fixed": 1.0,
    "resolved": 1.0,
    "beautifully": 2.0,
    "above": 0.0,
    "unbelievable": -2.0,  # almost always exasperation in a complaint
    "useless": -2.5,
    "rude": -2.5,
    "cold": -1.2,
    "crashing": -1.5,
    "broken": -1.8,
    "damn": -1.5,
    "begging": -1.5,
    "stressed": -2.0,
    "unusable": -2.0,
    "genius": 2.0,
    "slow": -1.5,
    "slower": -1.2,
    "slowest": -2.0,
    "expensive": -1.2,
    "overpriced": -2.0,
    "inappropriate": -2.0,
    "unhelpful": -2.0,
    "lied": -2.0,
    "joke": -1.0,  # "this airline is a joke"
    "incredible": 2.5,
    "ty": 1.5,  # "thank you", kept when the two-letter netspeak goes
    # es
    **dict.fromkeys(
        "gracias genial excelente encanta perfecto rápido rapida rápida buena bueno bonita bonito "
        "hermosa hermoso preciosa precioso".split(),
        2.0,
    ),
    **dict.fromkeys("malo mala pésimo pesimo horrible vergonzoso terrible fatal estafa".split(), -2.5),
    # pt
    **dict.fromkeys(
        "obrigado obrigada ótimo otimo excelente adorei adoro maravilhoso rapidinho perfeito incrível "
        "melhor".split(),
        2.0,
    ),
    **dict.fromkeys("péssimo pessimo ruim horrível vergonha lixo".split(), -2.5),
    # fr
    **dict.fromkeys("merci parfait génial excellent impeccable bravo top recommande rapide".split(), 2.0),
    **dict.fromkeys("nul nulle honteux inadmissible scandaleux décevant décevante horrible".split(), -2.5),
    # de
    **dict.fromkeys(
        "danke dank toll tolle toller tolles super prima perfekt schnelle schnell klasse top "
        "zufrieden grandios grandiose grandioses wunderbar wunderschön schön schöne genial".split(),
        2.0,
    ),
    **dict.fromkeys(
        "schlecht schlimm enttäuscht enttäuschend frechheit unverschämt katastrophe angst ängste "
        "traurig".split(),
        -2.5,
    ),
    # it
    **dict.fromkeys("grazie fantastico ottimo perfetto bravi complimenti velocissima veloce".split(), 2.0),
    **dict.fromkeys("pessimo terribile vergogna schifo deluso delusa".split(), -2.5),
    # nl
    **dict.fromkeys("bedankt dank tevreden geweldig perfect snelle snel".split(), 2.0),
    **dict.fromkeys("slecht schandalig belachelijk teleurgesteld waardeloos".split(), -2.5),
    # pl
    **dict.fromkeys("dzięki dziękuję świetny świetnie super polecam".split(), 2.0),
    **dict.fromkeys("beznadziejny fatalny tragedia skandal żenada".split(), -2.5),
}

_CUES: list[tuple[str, float, str]] = [
    # (reason, weight, pattern)
    (
        "thanks for nothing",
        4.0,
        r"\bthanks? (?:you )?for nothing|dzięki za nic|gracias por nada|obrigad[oa] por nada|"
        r"merci pour rien|danke für nichts|grazie per niente|bedankt voor (?:niks|niets)",
    ),
    (
        "still waiting",
        2.0,
        r"\bstill (?:waiting|no|not|nothing|haven'?t|hasn'?t|can'?t|getting|charging|paying|"
        r"broken|down|missing|stuck|on hold|sitting|lost|don'?t|didn'?t|doesn'?t|showing)\b",
    ),
    (
        "waiting",
        1.5,
        r"\b(?:waiting|waited) (?:for|on|in|since)\b|\bon hold\b|\bin the queue\b|\bhold time\b|"
        r"\b(?:took|taking|takes|take) forever\b|"
        r"\bheld on\b|\b(?:been|keep|kept|still) trying to\b|"
        r"\bget (?:through|thru) to (?:you|anyone|someone|somebody|a person|an agent)\b|"
        r"\bhow (?:do|can) (?:i|we) get (?:through|thru)\b|"
        r"\btrying to (?:reach|get (?:through|thru|a hold|hold)|contact|call|talk|speak)\b|"
        r"\bcan'?t get (?:a )?hold of\b",
    ),
    (
        "no response",
        2.0,
        r"\b(?:no|zero) (?:update|updates|answer|response|reply|replies|callback|news|info|"
        r"information|explanation|word|food|water|signal|internet|heating|hot water|power|broadband|engineer|"
        r"solution|refund|charger|call|calls|email(?! address)|emails|notice|warning|help|apology|"
        r"compensation|assistance|catering|crew)\b|"
        r"\bnever (?:arrive[ds]?|came|come|receive[ds]?|got|get|show(?:ed|s)?|"
        r"answer(?:ed|s)?|repl(?:y|ied|ies)|call(?:ed|s)?|respond(?:ed|s)?)\b|"
        r"\b(?:nobody|no one|no-one|noone)\b|\bhaven'?t heard\b|\bnot heard back\b|\bignor(?:ed|"
        r"ing)\b|\bdon'?t respond\b",
    ),
    (
        "delay",
        1.5,
        r"\b(?:delayed|delays?|overdue|cancell?ed|diverted|stranded|stuck|tarmac|late fee|bumped|overbooked|"
        r"oversold|missed (?:my|our|the) (?:connection|connecting|flight|train|appointment|meeting))\b|"
        r"\b(?:running|arrived|arriving|was|were|is|are|so|very|too|"
        r"hours?|hrs?|minutes?|mins?) late\b",
    ),
    ("refund", 1.2, r"\b(?:refund|reimburse\w*|money back|chargeback)\b"),
    ("charged", 1.5, r"\b(?:charged|debited|overcharged|billed|charging me|twice)\b|\bbill doubled\b"),
    (
        "broken or wrong",
        1.5,
        r"\b(?:missing|broken|damaged|cracked|faulty|defective|wrong|not working|"
        r"doesn'?t work|didn'?t work|did not work|stopped working|(?:didn'?t|did not|never) make it|"
        r"won'?t (?:load|work|open|connect)|can'?t (?:log ?in|login|"
        r"access|connect|"
        r"pay|find|get through|cancel|believe|check in)|"
        r"keeps? (?:crashing|dropping|freezing|buffering|charging)|"
        r"crash\w*|buffering|declined|locked|lost|stolen|soaked|error)\b",
    ),
    (
        "outage",
        1.8,
        r"\b(?:outage|down again|(?:is|are|was|were|been|went) (?:\w+ly )?down|no signal|no internet|offline|"
        r"disconnected|dropped|power cut|not loading)\b|\b(?:app|site|website|network|service|internet|wifi|"
        r"signal|system)\b[^.?!]{0,25}\bdown\b",
    ),
    ("where is my", 1.8, r"\bwhere(?:'s| is| are) (?:my|our) \w+"),
    (
        "again",
        1.0,
        r"(?<!try )\b(?:again|yet another|another (?:\w+ )?(?:delay|outage|cancell?ed|price|increase)|"
        r"every time|(?:third|3rd|second|2nd|fourth|4th|fifth|5th) (?:\w+ )?(?:time|bill|month|week|email|"
        r"call|change|delay|cancell?ation)|twice now|"
        r"called (?:twice|three times|\d+ times))\b",
    ),
    (
        "time span",
        0.7,
        r"\b(?:\d+|a|an|one|two|three|four|five|six|ten|several|many) (?:hours?|hrs?|days?|"
        r"weeks?|months?|minutes?|mins?)\b|\bsince (?:yesterday|last|monday|tuesday|wednesday|"
        r"thursday|friday|"
        r"saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|"
        r"december)\b|\bit'?s (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|october|"
        r"november)\b|"
        r"\bday \d+\b",
    ),
    (
        "leaving",
        2.0,
        r"\bcancel (?:my|our|the) (?:account|subscription|contract|membership|plan|service)\b|"
        r"\b(?:switching|leaving) (?:providers?|banks?|networks?)\b|\bdone with\b|\bnever again\b|"
        r"\bclose my account\b|\bgoing elsewhere\b|\bto cancel\b|\bnever (?:fly|flying|use|using|buy|"
        r"buying|shop|shopping|order|ordering|book|booking|stay|staying)\b[^.!?]{0,25}\bagain\b|"
        r"\blast time (?:i|we) (?:fly|use|buy|shop|order|book|stay)\b",
    ),
    (
        "broken promise",
        1.2,
        r"\b(?:you said|was promised|were promised|supposed to (?:be|arrive|come|have|get|receive|hear|be "
        r"free)|they said|was told|were told|false promises?)\b",
    ),
    (
        "escalation",
        1.5,
        r"\b(?:ombudsman|lawyer|solicitor|trading standards|small claims|complaint|"
        r"unacceptable|disgrace|shambles|ridiculous|inexcusable|no excuse)\b",
    ),
    ("paying for this", 1.0, r"\b(?:paying for|paid for|still paying)\b"),
    (
        "telling the brand",
        1.0,
        r"(?<!do )(?<!does )\byou (?:guys |really |seriously |people )?(?:need|have) to\b|"
        r"\b(?:shouldn'?t|shouldnt|should not) have to\b|\bneeds? (?:a )?better\b",
    ),
    (
        "no human",
        1.5,
        r"\b(?:need|want|speak to|talk to) a (?:human|real person|manager|supervisor)\b|"
        r"\bchatbot\b|\bcopy[- ]paste\b|\bloops? back\b|\bcall dropped\b|\bhung up\b|\bhang(?:s|ing)? up\b|"
        r"\bcome back tomorrow\b",
    ),
    (
        "rhetorical",
        1.0,
        r"\bis anyone\b|\bdo you (?:actually|even) (?:read|care)\b|\bwhy (?:is|was|does|did|"
        r"do|are|have|has|can'?t|won'?t|isn'?t|wasn'?t|weren'?t|hasn'?t|haven'?t|didn'?t|doesn'?t)\b|"
        r"(?:^|[.!?])\s*why (?:i|we|my)\b|"
        r"\bexplain\b|\bhow is this\b|\bthis is how you\b|"
        r"\bhave a clue\b|\bno clue\b|\bwhat'?s the (?:real )?(?:reason|deal|hold ?up|problem)\b",
    ),
    (
        "account action",
        1.5,
        r"\b(?:my|our) (?:\w+ ){0,2}(?:was|were|has been|have been|got|gets|is|keeps getting) "
        r"(?:disabled|suspended|deactivated|banned|removed|restricted|blocked|deleted|hacked|taken down|"
        r"shadow ?banned)\b|\bwhy my\b",
    ),
    ("without notice", 1.0, r"\bwithout (?:any|notice|warning|explanation|fixing)\b|\bclosed my ticket\b"),
    # es
    (
        "es: waiting",
        2.0,
        r"\b(?:todav[ií]a no|sigo esperando|esperando|llevo \w+ (?:d[ií]as|semanas|meses|"
        r"horas)|no ha llegado|no llega|nadie (?:responde|contesta|me)|sin (?:respuesta|internet|servicio|"
        r"soluci[oó]n|se[nñ]al)|retraso|retrasad[oa]|reembolso|cancelad[oa]|me cobraron|dos veces|rot[oa]|"
        r"perdid[oa]|otra vez|de nuevo|un mes sin)\b",
    ),
    # pt
    (
        "pt: waiting",
        2.0,
        r"\b(?:ainda (?:n[aã]o|sem|estou esperando)|esperando|aguardando|ningu[eé]m "
        r"(?:responde|atende|me)|sem (?:resposta|aviso|internet|sinal|solu[cç][aã]o)|atrasad[oa]|atraso|"
        r"reembolso|devolu[cç][aã]o|cancelad[oa]|duas vezes|quebrad[oa]|perdid[oa]|de novo|outra vez|"
        r"n[aã]o me ofereceram)\b",
    ),
    # fr
    (
        "fr: waiting",
        2.0,
        r"\b(?:toujours pas|toujours rien|j'attends|en attente|aucune (?:r[eé]ponse|nouvelle|"
        r"info)|sans (?:r[eé]ponse|nouvelles)|personne ne|retard|rembours\w*|annul[eé]e?|perdu|cass[eé]e?|"
        r"panne|encore|deux fois)\b",
    ),
    # de
    (
        "de: waiting",
        2.0,
        r"\b(?:immer noch|noch (?:nicht|kein|keine)|warte|warten|keine (?:antwort|"
        r"r[uü]ckmeldung|info|durchsage|l[oö]sung)|kein (?:internet|netz|empfang)|keiner meldet|niemand|"
        r"versp[aä]tet|versp[aä]tung|f[aä]llt aus|ausgefallen|storniert|r[uü]ckerstattung|erstattung|kaputt|"
        r"besch[aä]digt|falsch geliefert|nie angekommen|schon wieder|abgebucht|doppelt|reicht es|st[oö]rung|"
        r"ausfall|funktioniert nicht|geht nicht|kein mobiles internet)\b",
    ),
    # it
    (
        "it: waiting",
        2.0,
        r"\b(?:ancora (?:non|nessun|niente)|in attesa|aspetto|aspettando|nessuna? "
        r"(?:risposta|informazione|comunicazione)|nessuno (?:risponde|mi)|non risponde|ritardo|rimborso|"
        r"cancellat[oa]|annullat[oa]|rott[oa]|pers[oa]|assente|di nuovo|ancora una volta)\b",
    ),
    # nl
    (
        "nl: waiting",
        2.0,
        r"\b(?:nog steeds|nog (?:niet|geen)|wachten|geen (?:reactie|antwoord|oplossing|"
        r"bericht|internet|bereik)|reageert niet|vertraging|vertraagd|terugbetaling|geannuleerd|"
        r"kapot|is zoek|"
        r"storing|alweer|weer storing)\b",
    ),
    # pl
    (
        "pl: not working",
        2.0,
        r"\b(?:nie działa|brak (?:sieci|zasięgu|internetu|odpowiedzi)|wciąż czekam|nadal nie)",
    ),
]
# Cues that make a question a complaint ("where is my order?", "why was I charged twice?").
COMPLAINING_QUESTIONS = frozenset(
    {"where is my", "rhetorical", "still waiting", "no response", "thanks for nothing", "account action"}
)
_INDEX = CueIndex([pattern for _, _, pattern in _CUES])


def find(lower: str, prefixes: set[str] | None = None) -> list[tuple[str, float]]:
    """The complaint cues in ``lower`` (lower-cased text), each once, with their weights."""
    return [_CUES[index][:2] for index in _INDEX.matches(lower, prefixes)]


_SARCASM = re.compile(
    r"\b(?:another|yet another|again|thanks for nothing|thanks a lot|love how|love that|just what i needed|"
    r"really enjoying|enjoying my|love being|love sitting|love waiting|way to (?:go|ruin)|"
    r"thanks? (?:you )?for the (?:third|3rd|second|2nd|fourth|4th|fifth|5th|another)|"
    r"oh (?:great|good|wonderful|brilliant|perfect)|so much for|great job|nice one|lol)\b|"
    r"\"[^\"]{2,30}\"|(?:^|[.!?] )(?:great|brilliant|wonderful|perfect|fantastic|lovely|awesome|"
    r"amazing)[.!]*$|🙄|/s\b"
)


def sarcastic(lower: str) -> bool:
    """A marker that turns praise words around complaint cues into irony."""
    return _SARCASM.search(lower) is not None


# Matched on the text without links (":/" is in every address).
EMOTICONS = {
    ":(": -2.0,
    ":-(": -2.0,
    ":'(": -2.5,
    ":/": -1.0,
    ":-/": -1.0,
    ":)": 1.5,
    ":-)": 1.5,
    ":D": 2.0,
    ";)": 1.0,
    "<3": 2.5,
}
# Emoticons that are also the start of ordinary text: "status:Delayed", "<30 minutes".
_NOT_EMOTICON = {":D": re.compile(r":D(?![a-z])"), "<3": re.compile(r"<3(?!\d)")}


def emoticons(clean: str) -> list[tuple[str, float]]:
    """The emoticons in ``clean`` (text without links: ":/" is in every address) with their weights."""
    return [
        (emoticon, weight)
        for emoticon, weight in EMOTICONS.items()
        if emoticon in clean and (emoticon not in _NOT_EMOTICON or _NOT_EMOTICON[emoticon].search(clean))
    ]


_EMOJI = {
    "😡": -3.0,
    "🤬": -3.0,
    "😤": -2.0,
    "😠": -2.5,
    "👎": -2.0,
    "🙄": -1.5,
    "😢": -2.0,
    "😭": -2.0,
    "💔": -2.0,
    "😞": -2.0,
    "😕": -1.5,
    "😩": -2.0,
    "😫": -2.0,
    "🤦": -1.5,
    "😒": -1.5,
    "😑": -1.0,
    "❤": 2.5,
    "♥": 2.0,
    "😍": 3.0,
    "🥰": 3.0,
    "😘": 2.0,
    "🙏": 1.0,
    "👍": 2.0,
    "👏": 2.0,
    "🎉": 2.0,
    "😊": 2.0,
    "😀": 1.5,
    "😃": 1.5,
    "😄": 1.5,
    "😁": 1.5,
    "🙂": 1.0,
    "💯": 1.5,
    "🔥": 1.0,
    "✨": 1.0,
    "🤩": 2.5,
    "💕": 2.0,
    "💖": 2.0,
    "🌟": 1.5,
    "⭐": 1.0,
    "😂": 0.5,
}


def emoji_valences(raw: str) -> list[tuple[str, float]]:
    """Each known emoji in ``raw`` with its valence, counted once per occurrence up to three."""
    return [
        (symbol, weight * min(3, raw.count(symbol))) for symbol, weight in _EMOJI.items() if symbol in raw
    ]
