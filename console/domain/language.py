# ruff: noqa: SIM905 — word lists read best as the words themselves, split once at import
"""Which language a mention is written in, offline and fast, or "" when unsure.

Non-Latin scripts decide by themselves (Arabic, Hebrew, Cyrillic — Ukrainian by its own letters —,
Greek, Japanese kana, Chinese Han, Korean Hangul, Devanagari, Thai). Latin text is scored by its
common short words and the letters only some languages use; a short post needs one clear hit and a
lead over the runner-up, otherwise the answer is "" rather than a guess (a wrong language routes a
mention to the wrong team; an unknown one goes to the default).
"""

from console.domain.text import Text, read

UNKNOWN = ""

_STOPWORDS = {
    "en": "the and is are was were you your my our this that with for have has not but what "
    "when where why how "
    "can could would will it's i'm don't didn't can't still been from they them there their please thanks "
    "thank just any does did no on at to of a i me it be so an or if we up out again got get since here "
    "all only now do am after".split(),
    "es": "el la los las de que y en un una es por para con no pero mi mis su muy ya está esta este "
    "hay tienen tiene llevo nadie todavía también cuándo cómo qué gracias pedido sin hola".split(),
    "pt": "o os as de que e em um uma é para com não mas meu minha muito já está esse essa isso "
    "vocês você tem ainda ninguém obrigado obrigada também pedido sem foi ao no na do da "
    "dos das nos nas".split(),
    "fr": "le la les de des que et en un une est pour avec pas mais mon ma mes très déjà c'est "
    "cette ce vous nous toujours aucune merci bonjour je j'ai du au est-ce".split(),
    "de": "der die das und ist nicht ein eine mit für auf ich mein meine sehr schon noch kein keine "
    "wieder seit ihr euch es bei danke auch wie gibt man den dem zu".split(),
    "it": "il lo la gli le di che e è un una per con non ma mio mia molto già questo questa "
    "avete ancora nessuno grazie anche sono del della alla da in".split(),
    "nl": "de het een en is niet van met voor op ik mijn zeer al nog geen weer jullie ook "
    "dit dat bedankt naar kan hoe lang duurt bij heel".split(),
    "pl": "i w nie na się z że jest do to jak ale mój moja bardzo już jeszcze nikt dzięki "
    "czy od po tak są".split(),
}
_WORD_LANGS: dict[str, tuple[str, ...]] = {}
for _lang, _words in _STOPWORDS.items():
    for _word in _words:
        _WORD_LANGS[_word] = (*_WORD_LANGS.get(_word, ()), _lang)

# Letters that only some Latin-script languages use, with the weight of their evidence.
_LETTERS = {
    "ñ": {"es": 2.0},
    "¿": {"es": 2.0},
    "¡": {"es": 2.0},
    "ã": {"pt": 2.0},
    "õ": {"pt": 2.0},
    "ç": {"pt": 0.7, "fr": 0.7},
    "è": {"fr": 0.7, "it": 0.7},
    "ê": {"fr": 1.0, "pt": 0.5},
    "à": {"fr": 0.5, "it": 0.5, "pt": 0.3},
    "ù": {"fr": 1.0, "it": 0.5},
    "œ": {"fr": 2.0},
    "ë": {"nl": 1.0, "fr": 0.5},
    "ä": {"de": 1.5},
    "ö": {"de": 1.5},
    "ü": {"de": 1.5},
    "ß": {"de": 2.0},
    "ą": {"pl": 2.0},
    "ę": {"pl": 2.0},
    "ł": {"pl": 2.0},
    "ś": {"pl": 2.0},
    "ż": {"pl": 2.0},
    "ź": {"pl": 2.0},
    "ń": {"pl": 2.0},
    "ć": {"pl": 2.0},
}


def detect_language(text: str) -> str:
    """An ISO 639-1 code for ``text``, or "" when unsure."""
    return detect_read(read(text))


def detect_read(text: Text) -> str:
    """:func:`detect_language` on text already read."""
    clean = text.clean
    if not clean.isascii():
        script = _script(clean)
        if script is not None:
            return script
    scores: dict[str, float] = {}
    for token in text.tokens:
        for lang in _WORD_LANGS.get(token, ()):
            scores[lang] = scores.get(lang, 0.0) + 1.0
    if not clean.isascii():
        for char, weights in _LETTERS.items():
            if char in text.lower:
                for lang, weight in weights.items():
                    scores[lang] = scores.get(lang, 0.0) + weight
    if not scores:
        return UNKNOWN
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, best_score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score >= 1.0 and best_score >= runner_up + 1.0:
        return best
    return UNKNOWN


def _script(clean: str) -> str | None:
    """The language a non-Latin script gives away, when letters of one make up most of the text."""
    counts: dict[str, int] = {}
    letters = 0
    for char in clean:
        if not char.isalpha():
            continue
        letters += 1
        code = ord(char)
        if code < 0x250:
            continue
        script = _script_of(code)
        if script:
            counts[script] = counts.get(script, 0) + 1
    if not counts or letters == 0:
        return None
    if counts.get("kana"):  # kana are Japanese only; Han alone is Chinese
        counts["ja"] = counts.pop("kana") + counts.pop("han", 0)
    script, count = max(counts.items(), key=lambda item: item[1])
    if count * 2 < letters:
        return None
    if script == "han":
        return "zh"
    if script == "cyrillic":
        return "uk" if any(c in clean for c in "іїєґІЇЄҐ") else "ru"
    return script


def _script_of(code: int) -> str | None:
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
        return "ar"
    if 0x0590 <= code <= 0x05FF:
        return "he"
    if 0x0400 <= code <= 0x04FF:
        return "cyrillic"
    if 0x0370 <= code <= 0x03FF:
        return "el"
    if 0x3040 <= code <= 0x30FF:
        return "kana"
    if 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF:
        return "han"
    if 0xAC00 <= code <= 0xD7AF or 0x1100 <= code <= 0x11FF:
        return "ko"
    if 0x0900 <= code <= 0x097F:
        return "hi"
    if 0x0E00 <= code <= 0x0E7F:
        return "th"
    return None
