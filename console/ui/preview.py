"""The preview pane: the selected mention in full, from the row the model already holds."""

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from console.domain.clock import format_age, now_ms, to_datetime
from console.domain.presence import Activity, Presence
from console.domain.queue import QueueRow

# The sentiment and case status values the line shows through ``self.tr(value)``.
_VALUE_WORDS = (
    QT_TRANSLATE_NOOP("MentionPreview", "negative"),
    QT_TRANSLATE_NOOP("MentionPreview", "neutral"),
    QT_TRANSLATE_NOOP("MentionPreview", "positive"),
    QT_TRANSLATE_NOOP("MentionPreview", "new"),
    QT_TRANSLATE_NOOP("MentionPreview", "open"),
    QT_TRANSLATE_NOOP("MentionPreview", "pending"),
    QT_TRANSLATE_NOOP("MentionPreview", "resolved"),
)


class MentionPreview(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("previewPane")
        self.setAccessibleDescription(self.tr("The mention selected in the queue; Enter opens its case"))
        self.setAccessibleName(self.tr("Selected mention"))
        self.setMinimumWidth(280)
        self._author = QLabel(objectName="previewAuthor")
        self._meta = QLabel(objectName="previewMeta")
        self._text = QLabel(objectName="previewText")
        self._case = QLabel(objectName="previewMeta")
        self.claim = QLabel(objectName="previewClaim")
        self.claim.setAccessibleName(self.tr("Claim"))
        self.presence = QLabel(objectName="previewPresence")
        self.presence.setAccessibleName(self.tr("Colleagues on this case"))
        self._empty = QLabel(self.tr("Select a mention to read it in full."), objectName="previewEmpty")
        for label in (self._author, self._meta, self._text, self._case, self.claim):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        for widget in (self._empty, self._author, self._meta, self._text, self._case):
            layout.addWidget(widget)
        layout.addWidget(self.claim)
        layout.addWidget(self.presence)
        layout.addStretch(1)
        self.show_row(None)

    _compact = False

    def set_compact(self, compact: bool) -> None:
        """Compact: who wrote the selected mention, where, and the claim — the case view beside it
        shows the text and the case."""
        self._compact = compact
        if compact:
            self.layout().setContentsMargins(16, 10, 16, 4)
        self.show_row(None)

    def show_row(self, row: QueueRow | None) -> None:
        self._empty.setVisible(row is None and not self._compact)
        for label in (self._author, self._meta, self._text, self._case, self.claim):
            label.setVisible(row is not None and not (self._compact and label in (self._text, self._case)))
        self.claim.clear()
        self.presence.clear()
        self.presence.setVisible(False)
        if row is None:
            return
        verified = " ✓" if row.author_verified else ""
        author = f"{row.author_name or row.author_handle}{verified}"
        self._author.setText(
            self.tr("{author} · the brand's reply").format(author=author) if row.from_brand else author
        )
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
        status = self.tr(row.case_status.value) if row.case_status else self.tr("unknown")
        self._case.setText(
            self.tr("Sentiment {sentiment} ({score:+.2f}) · case {status} · language {lang}").format(
                sentiment=self.tr(row.sentiment.value),
                score=row.sentiment_score,
                status=status,
                lang=row.lang or "?",
            )
        )

    def show_claim(self, text: str, state: str) -> None:
        """The case's claim in words; ``state`` (mine, tentative, theirs, refused, free) picks the style."""
        self.claim.setText(text)
        self.claim.setProperty("state", state)
        self.claim.style().unpolish(self.claim)
        self.claim.style().polish(self.claim)

    def show_presence(self, others: list[Presence]) -> None:
        """Colleagues on the shown case, with how fresh each report is, so two people don't answer."""
        self.presence.setVisible(bool(others))
        if not others:
            self.presence.clear()
            return
        now = now_ms()
        parts = [
            (
                self.tr("{name} is typing ({age} ago)")
                if p.activity is Activity.TYPING
                else self.tr("{name} is viewing ({age} ago)")
            ).format(name=p.name or p.username, age=format_age(p.at_ms, now))
            for p in others
        ]
        typing = any(p.activity is Activity.TYPING for p in others)
        self.presence.setText("\n".join(parts))
        self.presence.setProperty("state", "typing" if typing else "viewing")
        self.presence.style().unpolish(self.presence)
        self.presence.style().polish(self.presence)
