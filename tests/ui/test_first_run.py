"""The first-run wizard, offscreen: the demo choice, and connecting to a real local hub over HTTPS
with a certificate no system store knows — the warning, the explicit trust, the test, the sign-in."""

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWizard

from console.services.credentials import Credentials
from console.services.workspace import HubCheck, Workspace, WorkspaceFile
from console.ui.first_run import FirstRunWizard, choose_workspace
from console.ui.style import apply_theme
from tests.services.tls_hubs import PASSWORD, closed_port, silent_port, tls_hub, web_page
from tests.ui.conftest import until

SHOTS = Path(os.environ.get("HORSESHOE_SHOTS", "/tmp/shots"))


def shot(widget, name: str) -> None:
    """Keep a picture of the page for a person to look at (the tests check the words)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.repaint()
    assert widget.grab().save(str(SHOTS / f"firstrun-{name}.png"))


@pytest.fixture
def wizard(qapp, qtbot, tmp_path):
    apply_theme(qapp)
    qapp.setQuitOnLastWindowClosed(False)  # as the app does: the wizard closing stops nothing
    credentials = Credentials()
    made = FirstRunWizard(HubCheck(credentials, timeout=2.0), WorkspaceFile(tmp_path / "config"))
    made.credentials = credentials
    qtbot.addWidget(made)
    made.resize(640, 520)
    return made


def test_the_demo_finishes_on_the_first_page(qloop, wizard):
    async def pick_demo():
        chosen = qloop.create_task(choose_workspace(wizard))
        await until(wizard.isVisible)
        assert wizard.welcome.demo.isChecked()  # the default: a new user sees a live queue at once
        assert wizard.button(QWizard.WizardButton.FinishButton).isVisible()
        shot(wizard, "welcome")
        wizard.button(QWizard.WizardButton.FinishButton).click()
        return await chosen

    assert qloop.run_until_complete(pick_demo()) == Workspace()


def test_closing_the_wizard_chooses_nothing(qloop, wizard):
    async def close():
        chosen = qloop.create_task(choose_workspace(wizard))
        await until(wizard.isVisible)
        wizard.reject()
        return await chosen

    assert qloop.run_until_complete(close()) is None


def test_connecting_to_a_hub_with_an_untrusted_certificate(qloop, wizard, tmp_path):
    with tls_hub(tmp_path) as (url, _ca):

        async def connect():
            chosen = qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            wizard.welcome.hub.setChecked(True)
            assert wizard.button(QWizard.WizardButton.NextButton).isEnabled()
            wizard.next()
            page = wizard.address
            assert wizard.currentPage() is page and not page.isComplete()
            page.url.setText(url)
            page.check_button.click()
            await until(lambda: page.certificate.isVisible() or page.message.property("state") == "error")
            assert page.message.property("state") == "warning"
            assert "does not trust" in page.message.text() and "authority" in page.message.text()
            assert page.trust.isVisible() and "127.0.0.1" in page.trust.text()
            assert "trustme" in page.certificate.issuer.text()
            assert page.certificate.fingerprint.text().count(":") == 31
            assert not page.isComplete()  # an untrusted certificate needs the person's word
            shot(wizard, "certificate")
            page.trust.setChecked(True)
            assert page.isComplete()
            wizard.next()
            connection = wizard.connection
            await until(lambda: connection.isComplete() or connection.message.property("state") == "error")
            assert connection.isComplete(), connection.message.text()
            assert "Connected: a Horseshoe hub, version" in connection.message.text()
            shot(wizard, "connection")
            wizard.next()
            sign_in = wizard.sign_in
            assert url in sign_in.intro.text() and not sign_in.isComplete()
            sign_in.username.setText("ana")
            sign_in.password.setText("not the password")
            sign_in.button.click()
            await until(lambda: sign_in.message.isVisible())
            assert "wrong username or password" in sign_in.message.text()
            sign_in.password.setText(PASSWORD)
            shot(wizard, "signin")
            sign_in.button.click()
            return await chosen

        chosen = qloop.run_until_complete(connect())
        assert chosen.hub_url == url and chosen.ca_file.is_file()
        assert chosen.fingerprint == wizard.address.fingerprint and chosen.fingerprint.count(":") == 31
        assert "BEGIN CERTIFICATE" in chosen.ca_file.read_text()
        assert wizard.credentials.get(f"token@{url}")  # kept where the desk's session looks for it


def test_a_bad_address_and_a_failed_connection_say_why(qloop, wizard):
    async def fail():
        qloop.create_task(choose_workspace(wizard))
        await until(wizard.isVisible)
        wizard.welcome.hub.setChecked(True)
        wizard.next()
        page = wizard.address
        page.url.setText("hub.example.com")
        page.check_button.click()
        await until(lambda: page.message.isVisible())
        assert "Start the address with https://" in page.message.text() and not page.isComplete()
        page.url.setText("http://hub.example.com")
        page.check_button.click()
        await until(lambda: page.isComplete())
        assert page.message.property("state") == "warning" and "unencrypted" in page.message.text()
        page.url.setText(f"http://127.0.0.1:{closed_port()}")
        page.check_button.click()
        await until(lambda: page.isComplete())
        wizard.next()
        connection = wizard.connection
        await until(lambda: connection.message.property("state") == "error")
        assert "refused the connection" in connection.message.text() and not connection.isComplete()
        with web_page() as plain:
            wizard.back()
            page.url.setText(plain)
            page.check_button.click()
            await until(lambda: page.isComplete())
            wizard.next()
            await until(lambda: "not a Horseshoe hub" in connection.message.text())
            assert connection.message.property("state") == "error" and not connection.isComplete()
            shot(wizard, "connection-failed")
        wizard.reject()

    qloop.run_until_complete(fail())


def test_an_https_address_that_is_not_tls_is_worded(qloop, wizard):
    with web_page() as plain:
        port = plain.rsplit(":", 1)[1]

        async def fail():
            qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            wizard.welcome.hub.setChecked(True)
            wizard.next()
            page = wizard.address
            page.url.setText(f"https://127.0.0.1:{port}")
            page.check_button.click()
            await until(lambda: page.message.property("state") == "error")
            assert "does not speak TLS" in page.message.text() and not page.isComplete()
            wizard.reject()

        qloop.run_until_complete(fail())


def test_a_chosen_ca_file_is_copied_and_used(qloop, wizard, tmp_path):
    with tls_hub(tmp_path) as (url, ca):

        async def connect():
            chosen = qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            wizard.welcome.hub.setChecked(True)
            wizard.next()
            page = wizard.address
            page.url.setText(url)
            page.check_button.click()
            await until(lambda: page.choose_ca.isVisible())
            page._check_ca(str(ca))  # what "Use a CA file…" does with the file picked
            await until(lambda: page.message.property("state") == "ok")
            assert "CA file you chose" in page.message.text() and page.isComplete()
            assert not page.trust.isVisible()
            wizard.next()
            await until(lambda: wizard.connection.isComplete())
            wizard.next()
            wizard.sign_in.username.setText("ana")
            wizard.sign_in.password.setText(PASSWORD)
            wizard.sign_in.button.click()
            return await chosen

        chosen = qloop.run_until_complete(connect())
        assert chosen.ca_file != ca and chosen.ca_file.read_text() == ca.read_text()
        assert chosen.fingerprint is None  # nothing trusted by hand


def test_an_expired_certificate_is_refused_with_the_reason(qloop, wizard, tmp_path):
    with tls_hub(tmp_path, expired=True) as (url, _ca):

        async def refuse():
            qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            wizard.welcome.hub.setChecked(True)
            wizard.next()
            page = wizard.address
            page.url.setText(url)
            page.check_button.click()
            await until(lambda: page.certificate.isVisible())
            assert page.message.property("state") == "error" and "expired" in page.message.text()
            assert not page.trust.isVisible() and not page.isComplete()  # no trust excuses it
            shot(wizard, "certificate-refused")
            wizard.reject()

        qloop.run_until_complete(refuse())


def test_closing_during_a_check_leaves_the_pages_alone(qloop, wizard):
    with silent_port() as port:

        async def close_while_testing():
            chosen = qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            wizard.welcome.hub.setChecked(True)
            wizard.next()
            wizard.address.url.setText(f"http://127.0.0.1:{port}")
            wizard.address.check_button.click()
            await until(wizard.address.isComplete)
            wizard.next()  # the connection test starts, and the hub never answers
            await until(lambda: "Connecting to" in wizard.connection.message.text())
            assert wizard._checks
            wizard.reject()
            assert await chosen is None
            await wizard.settle()  # the hub's silence ends in the check's timeout
            assert not wizard._checks and "Connecting to" in wizard.connection.message.text()

        qloop.run_until_complete(close_while_testing())


def test_a_certificate_other_than_the_one_trusted_before_is_pointed_out(qapp, qloop, qtbot, tmp_path):
    qapp.setQuitOnLastWindowClosed(False)
    with tls_hub(tmp_path) as (url, _ca):
        before = Workspace(url, tmp_path / "old.pem", "AA:" * 31 + "AA")
        wizard = FirstRunWizard(HubCheck(Credentials()), WorkspaceFile(tmp_path / "config"), before)
        qtbot.addWidget(wizard)

        async def look():
            qloop.create_task(choose_workspace(wizard))
            await until(wizard.isVisible)
            assert wizard.welcome.hub.isChecked()  # the hub in use, as it was chosen
            wizard.next()
            page = wizard.address
            assert page.url.text() == url
            page.check_button.click()
            await until(lambda: page.certificate.isVisible())
            assert "NOT the certificate you trusted" in page.message.text()
            wizard.reject()

        qloop.run_until_complete(look())
