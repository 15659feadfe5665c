"""The preview pane: the selected mention in full, from the row the model already holds."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from console.domain.clock import to_datetime
from console.domain.queue import QueueRow


class MentionPreview(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.setAccessibleName(self.tr("Selected mention"))
        self.setMinimumWidth(280)
        self._author = QLabel(objectName="previewAuthor")
        self._meta = QLabel(objectName="previewMeta")
        self._text = QLabel(objectName="previewText")
        self._case = QLabel(objectName="previewMeta")
        self._empty = QLabel(self.tr("Select a mention to read it in full."), objectName="previewEmpty")
        for label in (self._author, self._meta, self._text, self._case):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        for widget in (self._empty, self._author, self._meta, self._text, self._case):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.show_row(None)

    def show_row(self, row: QueueRow | None) -> None:
        self._empty.setVisible(row is None)
        for label in (self._author, self._meta, self._text, self._case):
            label.setVisible(row is not None)
        if row is None:
            return
        verified = " ✓" if row.author_verified else ""
        self._author.setText(f"{row.author_name or row.author_handle}{verified}")
        when = to_datetime(row.created_ms).astimezone().strftime("%d %b %Y %H:%M")
        self._meta.setText(
            self.tr("{handle} · {followers:,} followers\n{network} · to {account} · {kind} · {when}").format(
                handle=row.author_handle,
                followers=row.author_followers,
                network=row.network.label,
                account=row.account_handle,
                kind=row.kind.value.replace("_", " "),
                when=when,
            )
        )
        self._text.setText(row.text)
        status = row.case_status.value if row.case_status else self.tr("unknown")
        self._case.setText(
            self.tr("Sentiment {sentiment} ({score:+.2f}) · case {status} · language {lang}").format(
                sentiment=row.sentiment.value, score=row.sentiment_score, status=status, lang=row.lang or "?"
            )
        )
