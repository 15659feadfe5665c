"""Every user-visible string is translatable, and German is complete: the .ts matches the source,
each message is translated with its placeholders, accelerators and keys intact, the .qm is built from
it, and no literal reaches a Qt text setter in console/ui without tr()."""

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import translations  # noqa: E402
import untranslated  # noqa: E402

TS = ROOT / "resources" / "translations" / "horseshoe_de.ts"
QM = TS.with_suffix(".qm")

_FIELDS = re.compile(r"\{[^{}]*\}|%n|%\d|%[vm]")
_KEYS = re.compile(r"\b(?:Ctrl|Shift|Alt|Meta)\+\S+?(?=[\s),.:;]|$)")


def _accelerators(text: str) -> int:
    """How many & mark a mnemonic; && is a literal ampersand."""
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


def _messages() -> list[tuple[str, str, list[str], str | None]]:
    """(context, source, translation forms, type) of every message in the German file."""
    rows = []
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            forms = [f.text or "" for f in translation.iter("numerusform")] or [translation.text or ""]
            rows.append((name, message.findtext("source") or "", forms, translation.get("type")))
    return rows


def test_the_german_file_holds_exactly_the_messages_of_the_source():
    messages, problems = translations.extract()
    assert problems == []
    in_file = {(context, source) for context, source, _forms, _type in _messages()}
    assert in_file == {(m.context, m.source) for m in messages}, "run python tools/translations.py"
    assert len(messages) > 1000


def test_every_german_message_is_finished_with_its_fields_accelerators_and_keys():
    wrong = []
    for context, source, forms, kind in _messages():
        if kind is not None:
            wrong.append(f"{context}: {source!r} is {kind}")
            continue
        for form in forms:
            if not form.strip():
                wrong.append(f"{context}: {source!r} has an empty translation")
            elif sorted(_FIELDS.findall(form)) != sorted(_FIELDS.findall(source)):
                wrong.append(f"{context}: {source!r} → {form!r}: placeholders differ")
            elif _accelerators(form) != _accelerators(source):
                wrong.append(f"{context}: {source!r} → {form!r}: & accelerators differ")
            elif sorted(_KEYS.findall(form)) != sorted(_KEYS.findall(source)):
                wrong.append(f"{context}: {source!r} → {form!r}: key names differ")
    assert wrong == []


def test_the_compiled_file_translates_every_message_as_the_ts_says(qapp):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(str(QM)), "run pyside6-lrelease resources/translations/horseshoe_de.ts"
    stale = [
        (context, source)
        for context, source, forms, _kind in _messages()
        if len(forms) == 1 and translator.translate(context, source) != forms[0]
    ]
    assert stale == [], "the .qm is older than the .ts: run pyside6-lrelease"


def test_no_literal_reaches_a_qt_text_setter_in_the_ui_untranslated():
    assert untranslated.findings() == []


def test_the_checker_finds_a_literal_an_f_string_and_a_message_box_but_not_tr(tmp_path):
    ui = tmp_path / "console" / "ui"
    ui.mkdir(parents=True)
    (ui / "bad.py").write_text(
        "class W:\n"
        "    def build(self, n):\n"
        "        self.label.setText('Claim the case')\n"
        "        self.button.setToolTip(f'{n} cases waiting')\n"
        "        QMessageBox.warning(self, self.tr('Title'), 'Not translated')\n"
        "        self.ok.setText(self.tr('Fine'))\n"
        "        self.count.setText('42 %')\n"
        "        log.warning('for the log: %s', n)\n",
        encoding="utf-8",
    )
    found = untranslated.findings(ui)
    assert [line.split(": ", 1)[1] for line in found] == [
        "setText('Claim the case')",
        "setToolTip(' cases waiting')",
        "warning('Not translated')",
    ]


@pytest.mark.parametrize(
    ("setting", "system", "expected"),
    [("de", "en_US", "de"), ("en", "de_DE", None), ("system", "de_AT", "de"), ("system", "fr_FR", None)],
)
def test_the_language_setting_chooses_a_translation_or_english(setting, system, expected):
    from PySide6.QtCore import QLocale

    from console.ui.translation import chosen_language

    assert chosen_language(setting, QLocale(system)) == expected


def test_a_known_error_reads_in_the_interface_language_with_its_values(qapp):
    from PySide6.QtCore import QTranslator

    from console.services.errors import KnownError
    from console.ui.translation import error_text

    error = KnownError("The hub refused: {error}.", error="HTTP 403")
    assert str(error) == "The hub refused: HTTP 403." == error_text(error)
    translator = QTranslator()
    assert translator.load(str(QM))
    qapp.installTranslator(translator)
    try:
        assert error_text(error) == "Der Hub hat abgelehnt: HTTP 403."
        assert error_text(KnownError("not marked {braces} stay")) == "not marked {braces} stay"
    finally:
        qapp.removeTranslator(translator)


@pytest.fixture
def german(qapp):
    """The German translators installed as console.app installs them, and removed afterwards."""
    from PySide6.QtCore import QLocale

    from console.ui.translation import install_translators

    installed = install_translators(qapp, "de")
    assert len(installed) == 2  # ours and Qt's own (qtbase_de from the PySide6 wheel)
    yield
    for translator in installed:
        qapp.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_main_window_speaks_german_with_the_translator_installed(qloop, qtbot, cache, tmp_path, german):
    from console.services.queue import QueueService
    from console.services.user_settings import SettingsStore
    from console.storage.queue_repo import QueueRepository
    from console.ui.changes_hub import ChangesHub
    from console.ui.main_window import MainWindow
    from tests.ui.conftest import until
    from tests.ui.test_queue_window import fill

    fill(cache, 30)
    window = MainWindow(
        QueueService(QueueRepository(cache)),
        ChangesHub(),
        "https://hub.example",
        user_settings=SettingsStore(tmp_path / "config"),
    )
    window.resize(1280, 760)
    window.show()
    qtbot.addWidget(window)
    try:
        qloop.run_until_complete(until(lambda: window.model.rowCount() == 30))
        menus = [action.text() for action in window.menuBar().actions()]
        assert "&Warteschlange" in menus and "&Bearbeiten" in menus and "&Konto" in menus
        assert window.windowTitle() == "Horseshoe — Warteschlange"
        headers = [
            window.model.headerData(c, Qt.Orientation.Horizontal) for c in range(window.model.columnCount())
        ]
        assert "Netzwerk" in headers and "Stimmung" in headers
        Path("/tmp/shots").mkdir(exist_ok=True)
        window.grab().save("/tmp/shots/i18n-de.png")
    finally:
        window.shutdown()


def test_a_notice_and_a_reply_refusal_read_in_the_interface_language(qapp):
    from PySide6.QtCore import QTranslator

    from console.domain.reply_text import MAX_TEXT, prepare
    from console.services.notifications import Notice, NoticeKind
    from console.ui.translation import notice_text, shown

    notice = Notice.of(
        NoticeKind.ASSIGNED,
        "{by} assigned a case to you",
        "{text}",
        "c1",
        by="Ana",
        text="Where is {my} order?",
    )
    assert (notice.title, notice.body) == ("Ana assigned a case to you", "Where is {my} order?")
    too_long = prepare("x" * (MAX_TEXT + 1))
    assert too_long.reason.startswith(f"This reply is {MAX_TEXT + 1:,} characters")
    translator = QTranslator()
    assert translator.load(str(QM))
    qapp.installTranslator(translator)
    try:
        # The customer's words are a value: braces in them are never read as fields.
        assert notice_text(notice) == ("Ana hat Ihnen einen Fall zugewiesen", "Where is {my} order?")
        german = shown("Errors", too_long.refusal).format(**too_long.values)
        assert german.startswith(f"Diese Antwort hat {MAX_TEXT + 1:,} Zeichen")
    finally:
        qapp.removeTranslator(translator)


def test_the_language_comes_from_the_command_line_the_environment_or_the_settings_file(monkeypatch, tmp_path):
    from console.app import parse_args
    from console.services.user_settings import SettingsStore
    from console.settings import Settings

    monkeypatch.setenv("HORSESHOE_CONFIG_DIR", str(tmp_path))
    monkeypatch.delenv("HORSESHOE_LANG", raising=False)
    assert Settings().language == "system"
    SettingsStore(tmp_path).update(language="de")
    assert Settings().language == "de"
    monkeypatch.setenv("HORSESHOE_LANG", "en")
    assert Settings().language == "en"
    assert parse_args(["--lang", "de"]).language == "de"
    monkeypatch.setenv("HORSESHOE_LANG", "klingon")
    with pytest.raises(ValueError, match="language must be one of system, en, de"):
        Settings()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_settings_dialog_saves_the_language_for_the_next_start_and_reads_in_german(
    qtbot, tmp_path, german
):
    from console.services.user_settings import SettingsStore
    from console.ui.settings_dialog import SettingsDialog
    from console.ui.shortcuts import ShortcutMap

    store = SettingsStore(tmp_path)
    dialog = SettingsDialog(store, ShortcutMap({}), "https://hub.example")
    qtbot.addWidget(dialog)
    dialog.resize(dialog.sizeHint())
    dialog.show()
    assert [dialog.language.itemText(i) for i in range(dialog.language.count())] == [
        "System",
        "English",
        "Deutsch",
    ]
    dialog.language.setCurrentIndex(dialog.language.findData("de"))
    assert SettingsStore(tmp_path).values.language == "de"
    assert dialog.windowTitle() == "Einstellungen"
    dialog.grab().save("/tmp/shots/i18n-de-settings.png")


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_the_first_run_wizard_speaks_german_and_so_do_its_errors(qapp, qloop, qtbot, tmp_path, german):
    from console.services.credentials import Credentials
    from console.services.workspace import HubCheck, WorkspaceFile
    from console.ui.first_run import FirstRunWizard, choose_workspace
    from tests.ui.conftest import until

    qapp.setQuitOnLastWindowClosed(False)
    wizard = FirstRunWizard(HubCheck(Credentials(), timeout=2.0), WorkspaceFile(tmp_path / "config"))
    qtbot.addWidget(wizard)
    wizard.resize(640, 520)

    async def run():
        qloop.create_task(choose_workspace(wizard))
        await until(wizard.isVisible)
        assert wizard.windowTitle() == "Willkommen bei Horseshoe"
        wizard.repaint()
        wizard.grab().save("/tmp/shots/i18n-de-firstrun.png")
        wizard.welcome.hub.setChecked(True)
        wizard.next()
        wizard.address.url.setText("hub.example.com")
        wizard.address.check_button.click()
        await until(lambda: wizard.address.message.isVisible())
        # A KnownError from the Qt-free workspace service, shown in German.
        assert "Beginnen Sie die Adresse mit https://" in wizard.address.message.text()
        wizard.grab().save("/tmp/shots/i18n-de-firstrun-address.png")
        wizard.reject()

    qloop.run_until_complete(run())
