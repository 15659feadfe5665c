"""A mark on text the agent reads that is written outside the ui layer (errors, definitions, help).

The Qt-free layers cannot call ``tr()``; they mark the English text with :func:`translatable`, which
``pyside6-lupdate`` collects (it is declared to it as an alias of ``QT_TRANSLATE_NOOP``), and the ui
translates it under the same context when it shows it (``console.ui.translation.shown``).
The context must be a string literal at each call: the extractor reads the source, it runs nothing.
KnownError messages use the context "Errors".
"""


def translatable(context: str, text: str) -> str:
    """``text`` unchanged; the call is the extractor's mark. ``context`` groups it for translators."""
    return text
