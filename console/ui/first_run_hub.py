"""The first-run wizard's pages for a team's hub: the address with its certificate, and the
connection test. The checks themselves are :class:`console.services.workspace.HubCheck`'s."""

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWizardPage,
)
from qasync import asyncSlot

from console.services.errors import KnownError
from console.services.workspace import (
    Certificate,
    CertificateReport,
    HubAddress,
    Verdict,
    Workspace,
    check_hub_url,
)
from console.ui.translation import error_text


def set_state(label: QLabel, state: str, text: str) -> None:
    """Show ``text`` styled as ``state`` ("ok", "warning", "error" or "" for plain)."""
    label.setProperty("state", state)
    label.setText(text)
    label.style().unpolish(label)
    label.style().polish(label)
    label.setVisible(bool(text))


class AddressPage(QWizardPage):
    """The hub's address, checked; for https its certificate, which must be trusted before going on —
    by the system, by a chosen CA file, or explicitly by the person for this one hub."""

    def __init__(self, current: Workspace | None):
        super().__init__()
        self.setObjectName("firstRunAddress")
        self.setTitle(self.tr("Your team's hub"))
        self.setSubTitle(self.tr("Type the address your administrator gave you, then check it."))
        self.checked: HubAddress | None = None
        self.ca_file: Path | None = None
        self.fingerprint: str | None = None
        self._report: CertificateReport | None = None
        self._chosen_ca: Path | None = None
        self._round = 0  # the latest check wins: an answer for an older address is dropped
        self._trusted_before = current if current and current.fingerprint else None
        self.url = QLineEdit(objectName="firstRunUrl", placeholderText="https://hub.example.com")
        self.url.setAccessibleName(self.tr("Hub address"))
        if current and current.hub_url:
            self.url.setText(current.hub_url)
        self.url.textEdited.connect(self._edited)
        self.url.returnPressed.connect(self._check)
        self.check_button = QPushButton(self.tr("C&heck"), objectName="firstRunCheck")
        self.check_button.clicked.connect(self._check)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.check_button)
        label = QLabel(self.tr("Hub &address"))
        label.setBuddy(self.url)
        self.message = QLabel(objectName="firstRunMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self.certificate = CertificateBox()
        self.certificate.hide()
        self.trust = QCheckBox(objectName="firstRunTrust")
        self.trust.hide()
        self.trust.toggled.connect(lambda _on: self.completeChanged.emit())
        self.choose_ca = QPushButton(self.tr("Use a CA &file…"), objectName="firstRunCaFile")
        self.choose_ca.setToolTip(self.tr("Verify the hub with your organisation's certificate authority"))
        self.choose_ca.clicked.connect(self._choose_ca)
        self.choose_ca.hide()
        choices = QHBoxLayout()
        choices.addWidget(self.trust, 1)
        choices.addWidget(self.choose_ca)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(self.certificate)
        layout.addLayout(choices)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.url.setFocus()

    def isComplete(self) -> bool:
        if self.checked is None:
            return False
        if not self.checked.secure or self._report is None:
            return not self.checked.secure
        verdict = self._report.verdict
        return verdict is Verdict.TRUSTED or (verdict is Verdict.UNTRUSTED and self.trust.isChecked())

    def validatePage(self) -> bool:
        """Keep the CA file the connection will use: the chosen one copied, or the certificate trusted."""
        files, url = self.wizard().files, self.checked.url
        self.ca_file = self.fingerprint = None
        try:
            if self._report is not None and self._report.verdict is Verdict.UNTRUSTED:
                self.ca_file = files.keep_certificate(url, self._report.certificate.pem)
                self.fingerprint = self._report.certificate.sha256
            elif self._chosen_ca is not None:
                self.ca_file = files.keep_ca_file(url, self._chosen_ca)
        except (KnownError, OSError) as error:
            text = self.tr("Cannot keep the certificate: {error}").format(error=error)
            set_state(self.message, "error", text)
            return False
        return True

    def _edited(self, _text: str) -> None:
        self._round += 1
        self.checked = self._report = self._chosen_ca = None
        self.message.hide()
        self.certificate.hide()
        self.trust.hide()
        self.trust.setChecked(False)
        self.choose_ca.hide()
        self.completeChanged.emit()

    @asyncSlot()
    async def _check(self) -> None:
        await self._checked_with(None)

    @asyncSlot(str)
    async def _check_ca(self, path: str) -> None:
        await self._checked_with(Path(path))

    async def _checked_with(self, ca_file: Path | None) -> None:
        self._edited("")
        round_ = self._round
        try:
            address = check_hub_url(self.url.text())
        except KnownError as error:
            set_state(self.message, "error", error_text(error))
            return
        if not address.secure:
            self.checked = address
            set_state(
                self.message,
                "warning" if address.warning else "",
                address.warning or self.tr("Plain http to this computer: no certificate to check."),
            )
            self.completeChanged.emit()
            return
        set_state(self.message, "", self.tr("Fetching the certificate of {host}…").format(host=address.host))
        self.check_button.setEnabled(False)
        wizard = self.wizard()
        try:
            report = await wizard.run(wizard.check.certificate(address, ca_file))
        except KnownError as error:
            report = error
        if wizard.closed:
            return
        self.check_button.setEnabled(True)
        if round_ != self._round:  # the address changed meanwhile
            return
        if isinstance(report, KnownError):
            set_state(self.message, "error", str(report))
            return
        self.checked, self._report, self._chosen_ca = address, report, ca_file
        self._show(address, report)
        self.completeChanged.emit()

    def _show(self, address: HubAddress, report: CertificateReport) -> None:
        self.certificate.show_certificate(report.certificate)
        if report.verdict is Verdict.TRUSTED:
            text = (
                self.tr("The certificate is trusted (by the CA file you chose).")
                if self._chosen_ca
                else self.tr("The certificate is trusted by this computer.")
            )
            set_state(self.message, "ok", text)
        elif report.verdict is Verdict.UNTRUSTED:
            kind = (
                self.tr("it is self-signed")
                if report.certificate.self_signed
                else self.tr("it was issued by an authority this computer does not know")
            )
            text = self.tr(
                "This computer does not trust the certificate: {kind} ({reason}). Trust it only if "
                "its SHA-256 fingerprint is the one your administrator gave you, or use your "
                "organisation's CA file."
            ).format(kind=kind, reason=report.reason)
            before = self._trusted_before
            if before and before.hub_url == address.url and before.fingerprint != report.certificate.sha256:
                # A pinned certificate replaced: renewed, or someone in between. Only the admin knows.
                text += " " + self.tr(
                    "It is NOT the certificate you trusted for this hub before (SHA-256 {before}): "
                    "ask your administrator whether it was replaced."
                ).format(before=before.fingerprint)
            set_state(self.message, "warning", text)
            self.trust.setText(self.tr("&Trust this certificate for {host}").format(host=address.host))
            self.trust.show()
            self.choose_ca.show()
        else:
            set_state(
                self.message,
                "error",
                self.tr("The certificate is refused: {reason}. Ask your administrator to fix it.").format(
                    reason=report.reason
                ),
            )

    def _choose_ca(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self, self.tr("Choose a CA file"), "", self.tr("Certificates (*.pem *.crt *.cer);;All files (*)")
        )
        if path:
            self._check_ca(path)


class CertificateBox(QGroupBox):
    """Who the certificate names, who vouches for it, when it is valid, and its fingerprint."""

    def __init__(self):
        super().__init__(objectName="firstRunCertificate")
        self.setTitle(self.tr("Certificate"))
        self.subject = _value()
        self.issuer = _value()
        self.validity = _value()
        self.fingerprint = _value(objectName="firstRunFingerprint")
        form = QFormLayout(self)
        form.addRow(self.tr("Issued to"), self.subject)
        form.addRow(self.tr("Issued by"), self.issuer)
        form.addRow(self.tr("Valid"), self.validity)
        form.addRow(self.tr("SHA-256"), self.fingerprint)

    def show_certificate(self, certificate: Certificate) -> None:
        self.subject.setText(certificate.subject)
        self.issuer.setText(certificate.issuer)
        start, end = (f"{when:%Y-%m-%d %H:%M}" for when in (certificate.not_before, certificate.not_after))
        self.validity.setText(self.tr("{start} to {end} (UTC)").format(start=start, end=end))
        # Two lines of 16 bytes: easier to read out over the phone to an administrator.
        pairs = certificate.sha256.split(":")
        self.fingerprint.setText(":".join(pairs[:16]) + ":\n" + ":".join(pairs[16:]))
        self.fingerprint.setAccessibleDescription(certificate.sha256)
        self.show()


def _value(objectName: str = "firstRunValue") -> QLabel:  # noqa: N803 — Qt's keyword
    label = QLabel(objectName=objectName, wordWrap=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class ConnectionPage(QWizardPage):
    """Asks the hub who it is as soon as the page opens; going on needs an answer from a hub."""

    def __init__(self):
        super().__init__()
        self.setObjectName("firstRunConnection")
        self.setTitle(self.tr("Connection test"))
        self.setSubTitle(self.tr("Horseshoe asks the hub for its version."))
        self.ok = False
        self.message = QLabel(objectName="firstRunMessage", wordWrap=True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.again = QPushButton(self.tr("Test &again"), objectName="firstRunTestAgain")
        self.again.clicked.connect(self.test)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.again)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(row)
        layout.addStretch(1)

    def initializePage(self) -> None:
        self.test()

    def isComplete(self) -> bool:
        return self.ok

    @asyncSlot()
    async def test(self) -> None:
        wizard = self.wizard()
        address, ca_file = wizard.hub()
        self.ok = False
        self.completeChanged.emit()
        self.again.setEnabled(False)
        set_state(self.message, "", self.tr("Connecting to {hub}…").format(hub=address.url))
        try:
            connection = await wizard.run(wizard.check.test(address, ca_file))
        except KnownError as error:
            connection = error
        if wizard.closed:
            return
        self.again.setEnabled(True)
        if isinstance(connection, KnownError):
            set_state(self.message, "error", str(connection))
            return
        self.ok = True
        set_state(
            self.message,
            "ok",
            self.tr("Connected: a Horseshoe hub, version {version}, answered in {ms} ms.").format(
                version=connection.version, ms=round(connection.latency_ms)
            ),
        )
        self.completeChanged.emit()
