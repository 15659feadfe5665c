"""The sign-in dialog: shown when the hub asks for a sign-in (first run, expired or revoked token)."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from qasync import asyncSlot

from console.services.errors import KnownError
from console.services.session import SessionService
from console.ui.translation import error_text


class SignInDialog(QDialog):
    def __init__(self, session: SessionService, reason: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self._session = session
        self.setWindowTitle(self.tr("Sign in to Horseshoe"))
        self.setObjectName("signInDialog")
        self.setModal(True)
        self._build_ui(reason)

    def _build_ui(self, reason: str) -> None:
        intro = QLabel(self.tr("Sign in to the hub at {hub}.").format(hub=self._session.hub_url))
        intro.setWordWrap(True)
        self.reason = QLabel(reason, objectName="signInReason")
        self.reason.setWordWrap(True)
        self.reason.setVisible(bool(reason))
        self.username = QLineEdit(objectName="username")
        self.username.setAccessibleDescription(self.tr("Your user name on the hub"))
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleDescription(self.tr("Your password; it is sent to the hub only"))
        self.password.setAccessibleName(self.tr("Password"))
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        self.error = QLabel(objectName="signInError")
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        keeping = (
            self.tr("Your sign-in is kept in the system keyring.")
            if self._session.remembers_sign_in
            else self.tr("No secure keyring: you will sign in again next time.")
        )
        note = QLabel(keeping, objectName="signInNote")
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.sign_in_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.sign_in_button.setText(self.tr("Sign in"))
        self.buttons.accepted.connect(self._sign_in)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.reason):
            layout.addWidget(widget)
        layout.addLayout(form)
        for widget in (self.error, note, self.buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(380)
        self.username.setFocus()

    @asyncSlot()
    async def _sign_in(self) -> None:
        self._busy(True)
        try:
            await self._session.sign_in(self.username.text(), self.password.text())
        except KnownError as error:
            self.error.setText(error_text(error))
            self.error.show()
            self.password.selectAll()
            self.password.setFocus()
            return
        finally:
            self._busy(False)
        self.password.clear()
        self.accept()

    def _busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.sign_in_button):
            widget.setEnabled(not busy)
        self.sign_in_button.setText(self.tr("Signing in…") if busy else self.tr("Sign in"))
