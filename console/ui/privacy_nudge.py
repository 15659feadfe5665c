"""The bar over a public reply that shows personal data: what it shows, and a switch to private."""

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from console.domain.network import Network
from console.domain.personal_data import Finding, Kind
from console.domain.reply_length import allows_private


class PrivacyNudge(QFrame):
    switch_requested = Signal()
    """The agent chose to send the reply privately."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("composerNudge")
        self.setAccessibleName(self.tr("Personal data warning"))
        self.text = QLabel(objectName="composerNudgeText")
        self.text.setWordWrap(True)
        self.switch = QPushButton(self.tr("Send privately"), objectName="composerNudgeSwitch")
        self.switch.setAccessibleName(self.tr("Switch to a private message"))
        self.switch.clicked.connect(self.switch_requested)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.switch)
        self.setVisible(False)

    def show_for(self, findings: list[Finding], network: Network | None) -> None:
        """Warn about ``findings`` in a public reply on ``network``; hide when there are none."""
        kinds = list(dict.fromkeys(finding.kind for finding in findings))
        self.setVisible(bool(kinds) and network is not None)
        if not kinds or network is None:
            return
        what = self.tr(" and ").join(self._phrase(kind) for kind in kinds)
        if allows_private(network):
            self.text.setText(self.tr("This reply shows {what} — send it privately?").format(what=what))
        else:
            self.text.setText(
                self.tr("This reply shows {what}, and {network} replies are public — take it out?").format(
                    what=what, network=network.label
                )
            )
        self.switch.setVisible(allows_private(network))

    def _phrase(self, kind: Kind) -> str:
        return {
            Kind.EMAIL: self.tr("an e-mail address"),
            Kind.PHONE: self.tr("a phone number"),
            Kind.CARD: self.tr("a payment card number"),
            Kind.IBAN: self.tr("a bank account number (IBAN)"),
        }[kind]
