"""The first run as the app lives it: the wizard when nothing is configured, the saved choice (and
the certificate trusted for its hub) at the next start, a damaged file, Account → Change workspace…"""

import logging
import os
import subprocess
import sys

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QWizard

from console.app import Workstation
from console.domain.sync import LinkState
from console.services.credentials import Credentials
from console.services.workspace import HubCheck, Workspace, WorkspaceFile, check_hub_url
from console.settings import Settings
from console.ui.first_run import FirstRunWizard
from tests.services.tls_hubs import PASSWORD, tls_hub
from tests.ui.conftest import until


@pytest.fixture(autouse=True)
def _kept_running(qapp):
    qapp.setQuitOnLastWindowClosed(False)  # as console.app.main does


def _wizard() -> FirstRunWizard | None:
    shown = [w for w in QApplication.topLevelWidgets() if isinstance(w, FirstRunWizard) and w.isVisible()]
    return shown[0] if shown else None


def test_nothing_configured_asks_and_a_damaged_choice_asks_again(qloop, tmp_path, caplog):
    settings = Settings(hub_url=None, data_dir=tmp_path / "data", config_dir=tmp_path / "config")
    saved = WorkspaceFile(settings.config_dir)
    for before in (None, '{"version": 1, "hub_url": '):
        if before is not None:
            saved.path.write_text(before)
        workstation = Workstation(settings)

        async def choose(workstation=workstation):
            chosen = qloop.create_task(workstation._choose_workspace())
            await until(lambda: _wizard() is not None)
            _wizard().button(QWizard.WizardButton.FinishButton).click()  # the demo
            return await chosen

        with caplog.at_level(logging.WARNING):
            assert qloop.run_until_complete(choose())
        assert workstation.settings.embedded and saved.load() == Workspace()
    assert "is damaged, asking again" in caplog.text


def test_closing_the_wizard_opens_nothing(qloop, tmp_path):
    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, config_dir=tmp_path / "config"))

    async def close():
        chosen = qloop.create_task(workstation._choose_workspace())
        await until(lambda: _wizard() is not None)
        _wizard().reject()
        return await chosen

    assert qloop.run_until_complete(close()) is False
    assert not WorkspaceFile(tmp_path / "config").path.exists()


@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_a_second_launch_during_the_first_run_brings_the_wizard_forward(qloop, tmp_path):
    """The wizard is the desk's only window then: a second launch (which exits, saying it brought
    the running one to the front) must bring it up, not nothing."""
    from PySide6.QtCore import Qt

    workstation = Workstation(Settings(hub_url=None, data_dir=tmp_path, config_dir=tmp_path / "config"))

    async def launched_again():
        chosen = qloop.create_task(workstation._choose_workspace())
        await until(lambda: _wizard() is not None)
        wizard = _wizard()
        wizard.setWindowState(Qt.WindowState.WindowMinimized)
        workstation.bring_forward()  # what SingleInstance.activated calls
        restored = not wizard.windowState() & Qt.WindowState.WindowMinimized
        wizard.reject()
        await chosen
        return restored

    assert qloop.run_until_complete(launched_again())


def test_the_command_line_wins_and_a_screenshot_never_asks(qloop, tmp_path):
    config = tmp_path / "config"
    WorkspaceFile(config).save(Workspace("https://hub.example.com", None))
    given = Workstation(Settings(hub_url="http://127.0.0.1:9", data_dir=tmp_path, config_dir=config))
    assert qloop.run_until_complete(given._choose_workspace())
    assert given.settings.hub_url == "http://127.0.0.1:9"
    fresh = Workstation(
        Settings(
            hub_url=None, data_dir=tmp_path, config_dir=tmp_path / "empty", screenshot=tmp_path / "x.png"
        )
    )
    assert qloop.run_until_complete(fresh._choose_workspace()) and fresh.settings.embedded


def test_the_saved_hub_and_its_trusted_certificate_are_used_at_the_next_start(qloop, tmp_path):
    """Trusted in the wizard, the certificate is what the desk's hub client verifies the hub with."""
    with tls_hub(tmp_path) as (url, _ca):
        credentials = Credentials()  # no keyring in tests: the desk's memory, handed on as the app does
        files = WorkspaceFile(tmp_path / "config")
        check, address = HubCheck(credentials), check_hub_url(url)
        report = qloop.run_until_complete(check.certificate(address))
        pinned = files.keep_certificate(url, report.certificate.pem)
        qloop.run_until_complete(check.sign_in(address, pinned, "ana", PASSWORD))
        files.save(Workspace(url, pinned, report.certificate.sha256))
        settings = Settings(
            hub_url=None, data_dir=tmp_path / "data", config_dir=files.config_dir, poll_interval=0.2
        )
        workstation = Workstation(settings, credentials)
        assert qloop.run_until_complete(workstation._choose_workspace())
        assert (workstation.settings.hub_url, workstation.settings.hub_ca_file) == (url, pinned)
        qloop.run_until_complete(workstation.start())
        try:
            window = workstation.window
            qloop.run_until_complete(until(lambda: workstation.puller.status.state is LinkState.ONLINE))
            assert window.sign_in_dialog is None  # the wizard's sign-in holds
            # Account → Change workspace…: the wizard over the window, on the hub in use; the demo now.

            async def change_workspace():
                window.change_workspace_action.trigger()  # as a person does, with the loop running
                await until(lambda: _wizard() is not None)

            qloop.run_until_complete(change_workspace())
            wizard = _wizard()
            assert wizard.welcome.hub.isChecked() and wizard.address.url.text() == url
            wizard.welcome.demo.setChecked(True)
            wizard.button(QWizard.WizardButton.FinishButton).click()
            qloop.run_until_complete(until(lambda: workstation.next_settings is not None))
            assert workstation.next_settings.embedded and not window.isVisible()
            assert files.load() == Workspace()
        finally:
            qloop.run_until_complete(workstation.stop())


def test_a_trusted_certificate_file_that_vanished_asks_again(tmp_path, caplog):
    files = WorkspaceFile(tmp_path)
    files.save(Workspace("https://hub.example.com", tmp_path / "gone.pem", "AB"))
    with caplog.at_level(logging.WARNING):
        assert files.load() is None
    assert "gone.pem" in caplog.text


@pytest.mark.slow
def test_first_run_screenshot_pictures_the_wizard(tmp_path):
    png = tmp_path / "first-run.png"
    env = {**os.environ, "HORSESHOE_CONFIG_DIR": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "console", "--first-run", "--screenshot", str(png), "--after", "0.3"],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert "first-run wizard" in result.stdout
    image = QImage(str(png))
    assert image.width() >= 600 and image.height() >= 480
    assert not (tmp_path / "config").exists()  # a picture chooses nothing


@pytest.mark.slow
def test_main_lives_through_the_wizard_and_a_change_of_workspace(qapp, tmp_path, monkeypatch):
    """The whole program: the wizard closing must not end it (it is the only window then), and
    Change workspace… reopens the desk in the same process."""
    qapp.setQuitOnLastWindowClosed(True)  # Qt's default: main() must change it
    assert len(_two_desks_through_main(tmp_path, monkeypatch, finish_wizard=True)) == 2
    assert WorkspaceFile(tmp_path / "config").load() == Workspace()


@pytest.mark.slow
def test_a_workspace_that_will_not_open_sends_the_person_back(qapp, tmp_path, monkeypatch):
    """Change workspace… to a hub whose CA file is unusable: the error is said, and the desk that
    worked opens again, saved again for the next start, instead of the program ending."""
    from console.app import Workstation

    broken = tmp_path / "broken.pem"
    broken.write_text("not a certificate", encoding="utf-8")
    answers = iter([Workspace(), Workspace("https://127.0.0.1:9", broken)])

    async def ask(self, current=None, parent=None):
        return next(answers)

    monkeypatch.setattr(Workstation, "_ask_workspace", ask)
    desks = _two_desks_through_main(tmp_path, monkeypatch, finish_wizard=False)
    assert len(desks) == 2  # the demo, then the demo again: not the broken hub, not an exit
    assert WorkspaceFile(tmp_path / "config").load() == Workspace()


def _two_desks_through_main(tmp_path, monkeypatch, finish_wizard: bool) -> list[int]:
    """Run ``main()``: on the first desk, Change workspace…; close the second. The desks seen."""
    from PySide6.QtCore import QTimer

    from console.app import main
    from console.ui.main_window import MainWindow

    monkeypatch.setenv("HORSESHOE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("HORSESHOE_LOG_DIR", str(tmp_path / "log"))
    monkeypatch.delenv("HORSESHOE_HUB", raising=False)
    desks: list[int] = []

    def step():
        wizard = _wizard() if finish_wizard else None
        if wizard is not None:
            wizard.button(QWizard.WizardButton.FinishButton).click()  # the demo
        for window in QApplication.topLevelWidgets():
            if isinstance(window, MainWindow) and window.isVisible() and id(window) not in desks:
                desks.append(id(window))
                if len(desks) == 1:
                    window.change_workspace_action.trigger()
                else:
                    window.close()
                    return
        QTimer.singleShot(100, step)

    QTimer.singleShot(100, step)
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    try:
        assert main(["--data-dir", str(tmp_path / "data"), "--demo-rate", "60"]) == 0
    finally:  # main() set up the log file for the process; the other tests keep theirs
        for handler in root.handlers[:]:
            if handler not in handlers:
                root.removeHandler(handler)
                handler.close()
        root.setLevel(level)
    return desks
