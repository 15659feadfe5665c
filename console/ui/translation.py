"""The interface's language: which translators to install at start, and text from Qt-free layers.

Translations are ``resources/translations/horseshoe_<lang>.qm`` (built from the ``.ts`` files with
``pyside6-lrelease``); Qt's own (``qtbase_<lang>.qm``: the buttons of standard dialogs, key names)
come from the PySide6 wheel when it has them. English is the source language: no translator at all.
"""

import logging

from horseshoe_resources import resource
from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from console.services.errors import KnownError
from console.services.notifications import Notice

log = logging.getLogger(__name__)

TRANSLATED = ("de",)  # the languages with a horseshoe_<lang>.qm next to the .ts files


def shown(context: str, text: str) -> str:
    """``text`` marked with ``console.domain.translatable.translatable(context, …)``, translated."""
    return QCoreApplication.translate(context, text)


def error_text(error: BaseException) -> str:
    """A KnownError's message in the interface's language, filled in; any other error as it reads."""
    if isinstance(error, KnownError) and error.template:
        text = QCoreApplication.translate("Errors", error.template)
        return text.format(**error.values) if error.values else text
    return str(error)


def notice_text(notice: Notice) -> tuple[str, str]:
    """A notice's title and body in the interface's language, filled in."""
    if notice.templates is None:
        return notice.title, notice.body
    title, body = (QCoreApplication.translate("Notices", t) for t in notice.templates)
    return title.format(**notice.values), body.format(**notice.values)


def chosen_language(setting: str, locale: QLocale | None = None) -> str | None:
    """The translated language ``setting`` (system, en, de) means here; None for English."""
    if setting == "system":
        for name in (locale or QLocale.system()).uiLanguages():
            code = name.replace("_", "-").split("-")[0].lower()
            if code == "en":
                return None
            if code in TRANSLATED:
                return code
        return None
    return setting if setting in TRANSLATED else None


def install_translators(app: QCoreApplication, setting: str) -> list[QTranslator]:
    """Install the app's and Qt's translators for ``setting``; keep the list alive as long as ``app``."""
    language = chosen_language(setting)
    if language is None:
        return []
    installed = []
    ours = QTranslator(app)
    path = resource("translations", f"horseshoe_{language}.qm")
    if ours.load(str(path)):
        app.installTranslator(ours)
        installed.append(ours)
    else:
        log.warning("no translation at %s; the interface stays in English", path)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt)
        installed.append(qt)
    QLocale.setDefault(QLocale(language))
    return installed
