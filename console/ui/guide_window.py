"""The user guide (Help → User guide, F1): the Markdown pages of ``resources/guide`` in a browser
with the pages listed beside it, a search over every page, and links between pages that work.

Everything is read from the bundled resources, so the guide works offline. Headings get anchors as
GitHub names them ("Answer a complaint" → ``#answer-a-complaint``), so the same links work when the
pages are read on the web.
"""

import re
from dataclasses import dataclass
from functools import cache

from horseshoe_resources import resource
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeySequence, QShortcut, QTextCursor, QTextDocument
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

# The pages in the order listed; the first is where the guide opens.
PAGES: tuple[str, ...] = ("index.md", "agents.md", "supervisors.md", "reviewers.md", "admins.md")
PageRole = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class GuidePage:
    name: str
    """The file's name ("agents.md"), which links use."""
    title: str
    """Its first heading."""
    text: str
    """The Markdown."""


@cache
def guide_pages() -> tuple[GuidePage, ...]:
    """Every page of the bundled guide, in :data:`PAGES` order."""
    pages = []
    for name in PAGES:
        text = resource("guide", name).read_text(encoding="utf-8")
        title = next((line.lstrip("# ").strip() for line in text.splitlines() if line.startswith("# ")), name)
        pages.append(GuidePage(name, title, text))
    return tuple(pages)


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces as hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def heading_anchors(document: QTextDocument) -> list[str]:
    """Name every heading of ``document`` by its slug (Qt's Markdown reader names none), so
    ``#answer-a-complaint`` can be scrolled to; returns the names, in order."""
    names = []
    block = document.begin()
    while block.isValid():
        if block.blockFormat().headingLevel() > 0 and block.text().strip():
            name = slug(block.text())
            cursor = QTextCursor(block)
            cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
            anchor = cursor.charFormat()
            anchor.setAnchor(True)
            anchor.setAnchorNames([name])
            cursor.mergeCharFormat(anchor)
            names.append(name)
        block = block.next()
    return names


def matches(page: GuidePage, words: list[str]) -> bool:
    """Whether every word of the search is somewhere in the page (case and accents as typed)."""
    text = page.text.casefold()
    return all(word in text for word in words)


class GuideWindow(QDialog):
    """The guide's window: the pages (filtered by the search) on the left, the page on the right."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="guideWindow")
        self.setWindowTitle(self.tr("Horseshoe — User guide"))
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setAccessibleName(self.tr("User guide"))
        self.pages = guide_pages()
        self.current: GuidePage | None = None

        self.search = QLineEdit(objectName="guideSearch", clearButtonEnabled=True)
        self.search.setPlaceholderText(self.tr("Search the guide (Ctrl+F)"))
        self.search.setAccessibleName(self.tr("Search the guide"))
        self.search.setAccessibleDescription(
            self.tr("Lists only the pages with every word; Enter finds the next one on the page shown")
        )
        self.list = QListWidget(objectName="guidePages")
        self.list.setAccessibleName(self.tr("Guide pages"))
        for page in self.pages:
            item = QListWidgetItem(page.title)
            item.setData(PageRole, page.name)
            self.list.addItem(item)
        self.nothing = QLabel(self.tr("No page has all these words."), objectName="guideNothing")
        self.nothing.setWordWrap(True)
        self.nothing.hide()
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(self.search)
        side_layout.addWidget(self.list, 1)
        side_layout.addWidget(self.nothing)

        self.browser = QTextBrowser(objectName="guideBrowser", openLinks=False)
        self.browser.setAccessibleName(self.tr("Guide page"))
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(side)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([200, 640])
        layout = QHBoxLayout(self)
        layout.addWidget(splitter)

        self.list.currentRowChanged.connect(self._on_row)
        self.browser.anchorClicked.connect(self.follow)
        self.search.textChanged.connect(self._filter)
        self.search.returnPressed.connect(self.find_next)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self.resize(900, 640)
        self.show_page(self.pages[0].name)

    def show_page(self, name: str, anchor: str = "") -> bool:
        """Show the page ``name`` (at ``anchor``, when given); False when there is no such page."""
        page = next((page for page in self.pages if page.name == name), None)
        if page is None:
            return False
        if page is not self.current:
            self.current = page
            self.browser.document().setMarkdown(page.text)
            self.anchors = heading_anchors(self.browser.document())
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            row = next(r for r in range(self.list.count()) if self.list.item(r).data(PageRole) == name)
            self.list.blockSignals(True)  # the list follows the page: no second load
            self.list.setCurrentRow(row)
            self.list.blockSignals(False)
        if anchor:
            self.browser.scrollToAnchor(anchor)
        return True

    def follow(self, url: QUrl) -> None:
        """A link: another page (and a heading on it), a heading on this page, or the web."""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        name = url.path() or (self.current.name if self.current else "")
        self.show_page(name, url.fragment())

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def find_next(self) -> None:
        """Enter in the search: the next place on this page with what was typed — the whole phrase
        where it is there, else its first word — going round to the top after the last."""
        words = self.search.text().split()
        if not words:
            return
        phrase = " ".join(words)
        target = phrase if phrase.casefold() in self.browser.toPlainText().casefold() else words[0]
        if not self.browser.find(target):
            self.browser.moveCursor(QTextCursor.MoveOperation.Start)
            self.browser.find(target)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        shown = 0
        for row, page in enumerate(self.pages):
            hidden = not matches(page, words)
            self.list.item(row).setHidden(hidden)
            shown += not hidden
        self.nothing.setVisible(shown == 0)
        current = self.list.currentItem()
        if shown and (current is None or current.isHidden()):
            first = next(r for r in range(self.list.count()) if not self.list.item(r).isHidden())
            self.list.setCurrentRow(first)

    def _on_row(self, row: int) -> None:
        if row >= 0:
            self.show_page(self.list.item(row).data(PageRole))
