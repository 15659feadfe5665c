"""The user guide and the Help menu: every page renders, every link lands, every key and command the
guide names is real, F1 opens it and ? lists the keys by where they work."""

import argparse
import re
import shlex
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence, QTextDocument
from PySide6.QtWidgets import QMainWindow, QWidget

from console.hub.cli import _parser
from console.services.queue import QueueService
from console.storage.queue_repo import QueueRepository
from console.ui.changes_hub import ChangesHub
from console.ui.guide_window import PAGES, GuideWindow, guide_pages, heading_anchors, slug
from console.ui.help_overlay import HelpOverlay
from console.ui.main_window import MainWindow
from console.ui.shortcuts import PANEL_KEYS, SHORTCUTS
from tests.ui.conftest import until

# The offscreen platform cannot raise a window or grab the keyboard; the guide and About do both.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")
SHOTS = Path("/tmp/shots")
LINK = re.compile(r"\[[^\]]+\]\(([^)\s]+)\)")
BOLD = re.compile(r"\*\*([^*]+)\*\*")
COMBO = re.compile(r"\b(?:(?:Ctrl|Shift|Alt)\+)+[\w,?]+")
NAMED = {"Enter", "Return", "Esc", "Space", "Backspace", "Home", "End", "Left", "Right", "Up", "Down"}


def _known_keys() -> set[str]:
    """Every key the app binds: the shortcut table's defaults and the panels' fixed keys, one by one
    ("Ctrl+1 / 2 / 3" is Ctrl+1, Ctrl+2, Ctrl+3; "1–9" each digit)."""
    known = {QKeySequence(spec.default).toString() for spec in SHORTCUTS} | {"?"}
    for _place, keys, _meaning in PANEL_KEYS:
        prefix = ""
        for part in (p.strip() for p in keys.split("/")):
            if "–" in part:
                first, last = part.split("–")
                known |= {str(n) for n in range(int(first), int(last) + 1)}
                continue
            if "+" in part:
                prefix = part.rsplit("+", 1)[0] + "+"
                known.add(part)
            else:
                known.add(prefix + part if prefix and part.isdigit() else part)
    return known | {"Enter" if k == "Return" else k for k in known}


def _is_key(text: str) -> bool:
    return (
        len(text) == 1
        or text in NAMED
        or bool(re.fullmatch(r"F\d{1,2}", text))
        or bool(COMBO.fullmatch(text))
        or text == "1–9"
    )


def _walk(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Each command's parser by its words ("users add"), from the hub's own argparse."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found[name] = sub
                found.update({f"{name} {deeper}": p for deeper, p in _walk(sub).items()})
    return found


@pytest.fixture
def guide(qtbot):
    window = GuideWindow()
    qtbot.addWidget(window)
    return window


def test_every_page_is_bundled_and_renders_with_headings(guide):
    assert [page.name for page in guide_pages()] == list(PAGES)
    for page in guide_pages():
        assert guide.show_page(page.name)
        text = guide.browser.toPlainText()
        assert page.title in text and len(text) > 500, page.name
        assert "**" not in text and "](" not in text, f"{page.name}: Markdown left unrendered"
        assert guide.anchors, page.name
        assert guide.list.currentItem().text() == page.title


def test_every_internal_link_resolves_to_a_page_and_a_heading():
    anchors = {}
    for page in guide_pages():
        document = QTextDocument()
        document.setMarkdown(page.text)
        anchors[page.name] = set(heading_anchors(document))
    checked = 0
    for page in guide_pages():
        for target in LINK.findall(page.text):
            assert not target.startswith(("http:", "https:")), f"{page.name}: the guide works offline"
            name, _, anchor = target.partition("#")
            name = name or page.name
            assert name in anchors, f"{page.name}: {target} is no page"
            assert not anchor or anchor in anchors[name], f"{page.name}: {target} is no heading"
            checked += 1
    assert checked >= 10


def test_following_a_link_opens_the_page_at_its_heading(guide, qtbot):
    guide.resize(900, 400)
    guide.show()
    guide.follow(QUrl("reviewers.md#find-and-replay-a-case"))
    assert guide.current.name == "reviewers.md"
    assert guide.list.currentItem().text() == "Reviewers"
    guide.follow(QUrl("#measure"))  # on the same page
    assert guide.current.name == "reviewers.md"
    assert guide.browser.verticalScrollBar().value() > 0


def test_every_key_the_guide_names_is_bound_in_the_app():
    known = _known_keys()
    named = 0
    for page in guide_pages():
        keys = {k for k in BOLD.findall(page.text) if _is_key(k)} | set(COMBO.findall(page.text))
        for key in keys:
            if key == "1–9":
                continue
            assert key in known, f"{page.name} names {key}, which no shortcut or panel key is"
            named += 1
    assert named >= 30


def test_every_hub_command_the_admin_guide_names_exists_with_its_flags():
    commands = _walk(_parser())
    text = next(page.text for page in guide_pages() if page.name == "admins.md")
    spans = []  # the code of fenced blocks, line by line, and every inline code span elsewhere
    fenced = False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif fenced:
            spans.append(line)
        else:
            spans += re.findall(r"`([^`]+)`", line)
    calls = [
        call.split("&&")[0].split("#")[0].split("<")[0]
        for span in spans
        for call in span.split("horseshoe-hub ")[1:]
        if call[:1].islower()  # not "journalctl -u horseshoe-hub -f", where it names the unit
    ]
    checked = 0
    for span in calls:
        words = shlex.split(span)
        if not words or words[0] == "COMMAND":
            continue
        name = words[0] if len(words) < 2 or f"{words[0]} {words[1]}" not in commands else " ".join(words[:2])
        assert name in commands, f"horseshoe-hub {name} is not a command"
        parser = commands[name]
        assert not any(isinstance(a, argparse._SubParsersAction) for a in parser._actions), span
        flags = {flag for action in parser._actions for flag in action.option_strings}
        for word in words:
            if word.startswith("--"):
                assert word in flags, f"horseshoe-hub {name} has no {word}"
        checked += 1
    assert checked >= 20
    for command in ("users add", "accounts add", "trees publish", "import", "serve", "migrate", "prune",
                    "backup", "new-epoch", "classify"):  # fmt: skip
        assert f"horseshoe-hub {command}" in text or f"`{command.split()[-1]}" in text, command


def test_the_search_keeps_the_pages_with_every_word_and_finds_on_the_page(guide, qtbot):
    guide.show()
    with qtbot.waitActive(guide):
        guide.activateWindow()
    qtbot.keyClick(guide, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.search.hasFocus()
    qtbot.keyClicks(guide.search, "pg_dump")
    visible = [
        guide.list.item(r).text() for r in range(guide.list.count()) if not guide.list.item(r).isHidden()
    ]
    assert visible == ["Administrators"]
    assert guide.current.name == "admins.md"
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText() == "pg_dump"
    guide.search.setText("wall board")  # a phrase on the page is found whole
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.current.name == "supervisors.md"
    assert guide.browser.textCursor().selectedText().casefold() == "wall board"
    guide.search.setText("zebra-unicorn")
    assert guide.nothing.isVisibleTo(guide)
    guide.search.clear()
    assert all(not guide.list.item(r).isHidden() for r in range(guide.list.count()))


def test_slug_names_headings_as_github_does():
    assert slug("Answer a complaint") == "answer-a-complaint"
    assert slug("Run the hub with systemd and TLS") == "run-the-hub-with-systemd-and-tls"
    assert slug("Back up, restore and tidy") == "back-up-restore-and-tidy"


@pytest.fixture
def desk(qloop, qtbot, cache):
    window = MainWindow(QueueService(QueueRepository(cache)), ChangesHub(), "test hub")
    window.resize(1280, 760)
    window.show()
    qtbot.addWidget(window)
    qloop.run_until_complete(until(lambda: window.count.text() != ""))  # the first page is in
    yield window
    window.shutdown()


def test_f1_opens_the_guide_and_the_help_menu_names_its_keys(desk, qtbot):
    qtbot.keyClick(desk.view, Qt.Key.Key_F1)
    guide = desk.help_menu.guide
    assert guide is not None and guide.isVisible()
    assert guide.current.name == "index.md"
    SHOTS.mkdir(parents=True, exist_ok=True)
    guide.grab().save(str(SHOTS / "guide-window.png"))
    texts = [action.text() for action in desk.help_menu.menu.actions()]
    assert "&User guide\tF1" in texts and "&Keyboard shortcuts\t?" in texts
    assert "&About Horseshoe" in texts


def test_question_mark_lists_the_keys_by_where_they_work_but_types_in_a_text_field(desk, qtbot):
    desk.view.setFocus()
    qtbot.keyClick(desk.view, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    assert desk.help.isVisible()
    places = [place for place, _rows in desk.help.sections()]
    for place in ("Queue (on the selected mentions)", "Case pane and composer", "Floor view (supervisors)"):
        assert place in places
    listed = dict(desk.help.rows())
    for keys in ("F1", "?", "Ctrl+Enter", "Ctrl+Z", "Ctrl+Space", "Ctrl+1 / 2 / 3", "F11", "Left / Right"):
        assert keys in listed, keys
    desk.help.grab().save(str(SHOTS / "guide-shortcuts.png"))
    qtbot.keyClick(desk.help, Qt.Key.Key_Escape)
    assert not desk.help.isVisible()
    desk.search.setFocus()
    qtbot.keyClicks(desk.search, "why?")
    assert desk.search.text() == "why?" and not desk.help.isVisible()


def test_about_names_the_version_licence_and_log(desk):
    desk.help_menu.about_action.trigger()
    text = desk.help_menu.about_box.text()
    assert "Horseshoe 0." in text and "MIT" in text and "horseshoe.log" in text


def test_the_shortcut_list_scrolls_when_the_window_is_small_and_a_click_closes_it(qtbot):
    window = QMainWindow()
    window.setCentralWidget(QWidget())
    qtbot.addWidget(window)
    window.resize(700, 400)
    window.show()
    overlay = HelpOverlay(window.centralWidget())
    overlay.toggle()
    assert overlay.scroll.verticalScrollBar().maximum() > 0  # every row is still reachable
    qtbot.mouseClick(overlay.scroll.viewport(), Qt.MouseButton.LeftButton)
    assert not overlay.isVisible()
