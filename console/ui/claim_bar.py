"""Under the claim line: what I can do about who holds the case.

Held by a colleague: ask them for it (and, for a supervisor, take it over). Held by me while
colleagues ask for it: one line per asker, with "Hand over" and "Keep it". Otherwise hidden.
"""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from console.domain.claim_request import ClaimRequest


class ClaimBar(QFrame):
    ask_requested = Signal()
    take_over_requested = Signal()
    answered = Signal(str, bool)
    """A request was answered: the asker's user id, and whether the case is handed over."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent, objectName="claimBar")
        self.setAccessibleName(self.tr("Claim actions"))
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(16, 0, 16, 8)
        self._layout.setSpacing(6)
        self._rows: list[QWidget] = []
        self.hide()

    def clear(self) -> None:
        for row in self._rows:
            row.deleteLater()
        self._rows = []
        self.hide()

    def offer(self, holder: str, take_over: bool, asked: str = "") -> None:
        """A colleague holds the case: ask them (``asked``: how long ago I did), or (a supervisor)
        take it over."""
        self.clear()
        label = self.tr("Ask {name} again").format(name=holder) if asked else self.tr("Ask {name} for it")
        ask = QPushButton(label.format(name=holder), objectName="askClaim")
        ask.setAccessibleDescription(self.tr("Sends a request; they hand the case over or keep it"))
        ask.clicked.connect(self.ask_requested)
        buttons = [ask]
        if take_over:
            take = QPushButton(self.tr("Take over"), objectName="takeOverClaim")
            take.setAccessibleDescription(self.tr("Takes the claim from {name} now").format(name=holder))
            take.clicked.connect(self.take_over_requested)
            buttons.append(take)
        said = self.tr("You asked {age} ago · waiting for {name}").format(age=asked, name=holder)
        self._add_row(said if asked else None, buttons)

    def show_requests(self, requests: list[ClaimRequest]) -> None:
        """Colleagues asking for the case I hold, each with their answer buttons."""
        self.clear()
        for request in requests:
            said = f" — “{request.message}”" if request.message else ""
            text = self.tr("{name} asks for this case{said}").format(name=request.requester_name, said=said)
            give = QPushButton(self.tr("Hand over"), objectName="handOver")
            keep = QPushButton(self.tr("Keep it"), objectName="keepClaim")
            name = request.requester_name
            give.setAccessibleName(self.tr("Hand the case over to {name}").format(name=name))
            keep.setAccessibleName(self.tr("Keep the case, decline {name}").format(name=name))
            give.clicked.connect(lambda _=False, who=request.requester: self.answered.emit(who, True))
            keep.clicked.connect(lambda _=False, who=request.requester: self.answered.emit(who, False))
            self._add_row(text, [give, keep])

    def _add_row(self, text: str | None, buttons: list[QPushButton]) -> None:
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        if text:
            label = QLabel(text, objectName="claimRequest")
            label.setWordWrap(True)
            line.addWidget(label, 1)
        for button in buttons:
            line.addWidget(button)
        if not text:
            line.addStretch(1)
        self._layout.addWidget(row)
        self._rows.append(row)
        self.show()
