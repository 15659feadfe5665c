"""The "Add note…" dialog: an internal note, with @mentions of colleagues completed as you type.

Typing ``@`` and a letter or two opens a list of matching usernames (Enter or Tab inserts the
highlighted one); a line under the text says who will be notified, read with the same rule the
hub uses (:func:`mentioned_usernames`) against the directory passed in. Ctrl+Enter saves. An empty
note or one over the limit is refused with a message; the text always stays in the box.
"""

import re
from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import (
    QKeyEvent,
    QKeySequence,
    QShortcut,
    QShowEvent,
    QStandardItem,
    QStandardItemModel,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from console.domain.mutation import MAX_TEXT
from console.domain.note_mentions import mentioned_usernames

UsernameRole = Qt.ItemDataRole.UserRole + 1
# The mention being typed just before the cursor: "@" not glued to a word, then the name so far.
_TYPING = re.compile(r"(?<![\w@])@([\w][\w.\-]*)$", re.UNICODE)
_POPUP_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab, Qt.Key.Key_Escape, Qt.Key.Key_Backtab)


class MentionEdit(QPlainTextEdit):
    """A plain text box whose completer offers usernames after ``@``."""

    def __init__(self, completer: QCompleter, parent: QWidget | None = None):
        super().__init__(parent, objectName="noteText", tabChangesFocus=True)
        self.setAccessibleDescription(
            self.tr("An internal note on the case; type @ and a name to notify a colleague")
        )
        self.completer = completer
        completer.setWidget(self)
        completer.activated[QModelIndex].connect(self._insert)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        popup = self.completer.popup()
        if popup.isVisible() and event.key() in _POPUP_KEYS:
            event.ignore()  # the completer's popup takes these (choose, or close)
            return
        super().keyPressEvent(event)
        self._offer()

    def typed_mention(self) -> str | None:
        """The partial username right before the cursor, if a mention is being typed."""
        cursor = self.textCursor()
        block = cursor.block().text()[: cursor.positionInBlock()]
        match = _TYPING.search(block)
        return match.group(1) if match else None

    def _offer(self) -> None:
        prefix = self.typed_mention()
        popup = self.completer.popup()
        if prefix is None:
            popup.hide()
            return
        self.completer.setCompletionPrefix(prefix)
        if self.completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
        self.completer.complete(rect)

    def _insert(self, index: QModelIndex) -> None:
        username = index.data(UsernameRole)
        prefix = self.typed_mention()
        if not username or prefix is None:
            return
        cursor = self.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(f"{username} ")
        self.setTextCursor(cursor)


class NoteDialog(QDialog):
    note_saved = Signal(str)
    """The note was saved: its text (trimmed of blank lines around it)."""

    def __init__(
        self,
        directory: Sequence[tuple[str, str, str]],
        text: str = "",
        parent: QWidget | None = None,
    ):
        """``directory``: the colleagues who can be mentioned, as (user id, username, name)."""
        super().__init__(parent, objectName="noteDialog")
        self.setWindowTitle(self.tr("Add note"))
        self._names = {username.casefold(): name for _user_id, username, name in directory if username}
        self._build_ui(directory)
        self.text.setPlainText(text)
        self.text.moveCursor(QTextCursor.MoveOperation.End)
        self._update_mentions()

    def _build_ui(self, directory: Sequence[tuple[str, str, str]]) -> None:
        model = QStandardItemModel(self)
        for _user_id, username, name in sorted(directory, key=lambda person: person[1].casefold()):
            if not username:
                continue
            item = QStandardItem(self.tr("{username} — {name}").format(username=username, name=name))
            item.setData(username, UsernameRole)
            item.setEditable(False)
            model.appendRow(item)
        completer = QCompleter(model, self)
        completer.setCompletionRole(UsernameRole)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.popup().setAccessibleName(self.tr("Colleagues to mention"))
        heading = QLabel(self.tr("Internal &note (only colleagues see it; @name tells them):"))
        self.text = MentionEdit(completer)
        self.text.setAccessibleName(self.tr("Note text"))
        self.text.setPlaceholderText(self.tr("What happened, what is next… @username to tell a colleague"))
        heading.setBuddy(self.text)
        self.mentions = QLabel(objectName="noteMentions", wordWrap=True)
        self.mentions.setAccessibleName(self.tr("Who will be notified"))
        self.problem = QLabel(objectName="dialogProblem", wordWrap=True)
        self.problem.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = QPushButton(self.tr("&Save note"))
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.mentions)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.text.textChanged.connect(self._update_mentions)
        self.text.textChanged.connect(self.problem.hide)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self._save)
        self.resize(460, 320)

    def showEvent(self, event: QShowEvent) -> None:
        # Focus set before the first show is lost to the dialog's own choice (its default button).
        super().showEvent(event)
        self.text.setFocus()

    def note_text(self) -> str:
        """What is in the box now (for keeping a cancelled note as a draft)."""
        return self.text.toPlainText()

    def _update_mentions(self) -> None:
        names = mentioned_usernames(self.text.toPlainText())
        known = [f"{self._names[name]} (@{name})" for name in names if name in self._names]
        unknown = [f"@{name}" for name in names if name not in self._names]
        lines = []
        if known:
            lines.append(self.tr("Will notify: {people}").format(people=", ".join(known)))
        if unknown:
            lines.append(self.tr("Not colleagues, nobody notified: {names}").format(names=", ".join(unknown)))
        self.mentions.setText("\n".join(lines))
        self.mentions.setVisible(bool(lines))

    def _save(self) -> None:
        text = self.text.toPlainText().strip("\n").rstrip()
        if not text.strip():
            self._refuse(self.tr("Write something first: an empty note is not saved."))
        elif len(text) > MAX_TEXT:
            message = self.tr("The note has {n} characters; {max} at most. Shorten it, or split it in two.")
            self._refuse(message.format(n=f"{len(text):,}", max=f"{MAX_TEXT:,}"))
        else:
            self.note_saved.emit(text)
            self.accept()

    def _refuse(self, message: str) -> None:
        self.problem.setText(message)
        self.problem.show()
        self.text.setFocus()
