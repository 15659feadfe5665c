"""The first-run wizard: try the demo workspace, or connect to the team's hub — its address and
certificate, a connection test, then the sign-in. Shown when nothing is configured yet, and again from
Account → Change workspace…; the pages for the hub are in :mod:`console.ui.first_run_hub`."""

import asyncio
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from qasync import asyncSlot

from console.services.credentials import Credentials
from console.services.errors import KnownError
from console.services.workspace import HubAddress, HubCheck, Workspace, WorkspaceFile
from console.ui.first_run_hub import AddressPage, ConnectionPage, set_state
from console.ui.translation import error_text

T = TypeVar("T")


class FirstRunWizard(QWizard):
    """Pages in order; the demo choice finishes on the first. :attr:`workspace` is the result."""

    WELCOME, ADDRESS, CONNECTION, SIGN_IN = range(4)

    def __init__(
        self,
        check: HubCheck,
        files: WorkspaceFile,
        current: Workspace | None = None,
        remembers_sign_in: bool = True,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.check = check
        self.files = files
        self.workspace: Workspace | None = None
        self._checks: set[asyncio.Task] = set()
        self.closed = False  # a check answering after this leaves the pages alone
        self.setObjectName("firstRunWizard")
        self.setWindowTitle(self.tr("Welcome to Horseshoe"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)  # the same on every platform
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage)
        if parent is not None:  # Change workspace…: the desk waits for the answer
            self.setWindowModality(Qt.WindowModality.WindowModal)
        self.welcome = WelcomePage(current)
        self.address = AddressPage(current)
        self.connection = ConnectionPage()
        self.sign_in = SignInPage(remembers_sign_in)
        for page_id, page in enumerate((self.welcome, self.address, self.connection, self.sign_in)):
            self.setPage(page_id, page)
        self.setStartId(self.WELCOME)
        self.setMinimumSize(620, 500)

    def hub(self) -> tuple[HubAddress, Path | None]:
        """The address checked on the address page, and the CA file its certificate is verified with."""
        return self.address.checked, self.address.ca_file

    async def run(self, check: Awaitable[T]) -> T:
        """One of the pages' checks, tracked so that :meth:`settle` can wait for it. Checks are not
        cancelled: cancelling httpx/anyio mid-connect on qasync's loop stops the loop (qasync 0.28), and
        each check ends within its timeout anyway. After it, a page looks at :attr:`closed` first."""
        task = asyncio.ensure_future(check)
        self._checks.add(task)
        task.add_done_callback(self._checks.discard)
        return await task

    async def settle(self) -> None:
        """Wait for the checks still running, so that none lands on pages already gone."""
        await asyncio.gather(*self._checks, return_exceptions=True)

    def done(self, result: int) -> None:
        self.closed = True
        super().done(result)

    def accept(self) -> None:
        if self.welcome.demo.isChecked():
            self.workspace = Workspace()
        else:
            address, ca_file = self.hub()
            self.workspace = Workspace(address.url, ca_file, self.address.fingerprint)
        super().accept()


class WelcomePage(QWizardPage):
    def __init__(self, current: Workspace | None):
        super().__init__()
        self.setObjectName("firstRunWelcome")
        self.setTitle(self.tr("Welcome to Horseshoe"))
        self.setSubTitle(self.tr("Choose where your queue comes from. You can change it later."))
        self.demo = QRadioButton(self.tr("&Try the demo workspace"), objectName="firstRunDemo")
        self.demo.setAccessibleDescription(self.tr("A hub on this computer with sample mentions"))
        self.hub = QRadioButton(self.tr("&Connect to your team's hub"), objectName="firstRunHub")
        self.hub.setAccessibleDescription(self.tr("Sign in to the hub your administrator runs"))
        choices = QButtonGroup(self)
        for button in (self.demo, self.hub):
            choices.addButton(button)
        (self.hub if current and not current.demo else self.demo).setChecked(True)
        # Setting it (not only nextId) makes QWizard lay out Next or Finish again.
        self.setFinalPage(self.demo.isChecked())
        self.demo.toggled.connect(self.setFinalPage)
        layout = QVBoxLayout(self)
        layout.addWidget(self.demo)
        layout.addWidget(
            _explained(
                self.tr(
                    "A hub runs on this computer with sample mentions arriving live from made-up "
                    "customers. Nothing leaves this computer; replies go nowhere."
                )
            )
        )
        layout.addSpacing(12)
        layout.addWidget(self.hub)
        layout.addWidget(
            _explained(
                self.tr(
                    "Your team's queue, synced with the hub your administrator runs. You need its "
                    "address, and your username and password."
                )
            )
        )
        layout.addStretch(1)

    def nextId(self) -> int:
        return -1 if self.demo.isChecked() else FirstRunWizard.ADDRESS


class SignInPage(QWizardPage):
    """The username and password, through the same sign-in as the desk's (token into the keyring)."""

    def __init__(self, remembers_sign_in: bool):
        super().__init__()
        self.setObjectName("firstRunSignIn")
        self.setTitle(self.tr("Sign in"))
        self.setSubTitle(self.tr("Your username and password on this hub."))
        self.signed_in = False
        self.intro = QLabel(wordWrap=True)
        self.username = QLineEdit(objectName="username")
        self.username.setAccessibleName(self.tr("Username"))
        self.password = QLineEdit(objectName="password", echoMode=QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.tr("Password"))
        self.button = QPushButton(self.tr("&Sign in"), objectName="firstRunSignInButton")
        self.button.clicked.connect(self._sign_in)
        self.password.returnPressed.connect(self.button.click)
        form = QFormLayout()
        form.addRow(self.tr("&Username"), self.username)
        form.addRow(self.tr("&Password"), self.password)
        button_row = QHBoxLayout()
        button_row.addStretch(1)
        button_row.addWidget(self.button)
        self.message = QLabel(objectName="firstRunMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        keeping = (
            self.tr("Your sign-in is kept in the system keyring.")
            if remembers_sign_in
            else self.tr("No secure keyring: you will sign in again next time.")
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addLayout(button_row)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(QLabel(keeping, objectName="firstRunNote", wordWrap=True))

    def initializePage(self) -> None:
        address, _ca_file = self.wizard().hub()
        self.intro.setText(self.tr("Sign in to the hub at {hub}.").format(hub=address.url))
        self.signed_in = False
        self.message.hide()
        self.username.setFocus()

    def isComplete(self) -> bool:
        return self.signed_in

    @asyncSlot()
    async def _sign_in(self) -> None:
        wizard = self.wizard()
        address, ca_file = wizard.hub()
        self._busy(True)
        try:
            user = await wizard.run(
                wizard.check.sign_in(address, ca_file, self.username.text(), self.password.text())
            )
        except KnownError as error:
            if not wizard.closed:
                self._busy(False)
                set_state(self.message, "error", error_text(error))
                self.password.selectAll()
                self.password.setFocus()
            return
        if wizard.closed:
            return
        self._busy(False)
        self.password.clear()
        self.signed_in = True
        set_state(self.message, "ok", self.tr("Signed in as {name}.").format(name=user.name or user.username))
        self.completeChanged.emit()
        wizard.accept()

    def _busy(self, busy: bool) -> None:
        for widget in (self.username, self.password, self.button):
            widget.setEnabled(not busy)
        self.button.setText(self.tr("Signing in…") if busy else self.tr("&Sign in"))


def _explained(text: str) -> QLabel:
    label = QLabel(text, objectName="firstRunExplained", wordWrap=True)
    label.setIndent(24)  # under its radio button's text
    return label


async def ask_workspace(
    credentials: Credentials,
    config_dir: Path,
    current: Workspace | None = None,
    parent: QWidget | None = None,
) -> Workspace | None:
    """The wizard, built on the desk's credentials (a sign-in lands where the desk will look for it)."""
    check, files = HubCheck(credentials), WorkspaceFile(config_dir)
    wizard = FirstRunWizard(check, files, current, credentials.secure, parent)
    try:
        return await choose_workspace(wizard)
    finally:
        await wizard.settle()
        wizard.deleteLater()


async def picture_wizard(credentials: Credentials, config_dir: Path, path: Path, after_s: float) -> bool:
    """The wizard's first page saved as PNG (``--first-run --screenshot``); False if it cannot be written."""
    wizard = FirstRunWizard(HubCheck(credentials), WorkspaceFile(config_dir))
    wizard.show()
    await asyncio.sleep(after_s)
    saved = wizard.grab().save(str(path), "PNG")
    wizard.close()
    wizard.deleteLater()
    return saved


async def choose_workspace(wizard: FirstRunWizard) -> Workspace | None:
    """Show the wizard without a nested event loop (the checks run on qasync's loop meanwhile) and
    return the choice; None when the person closed it."""
    finished = asyncio.Event()
    wizard.finished.connect(lambda _result: finished.set())
    wizard.show()
    await finished.wait()
    return wizard.workspace
