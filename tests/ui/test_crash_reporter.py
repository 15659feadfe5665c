"""Unexpected errors: logged with their traceback, told in one dialog, never a storm of them.

pytest-qt's own exception capture is switched off here: these tests check what the app's hooks do.
"""

import asyncio
import logging
import threading

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton
from qasync import asyncSlot

from console.log_files import setup_logging, teardown_logging
from console.settings import log_name_for
from console.ui.crash_dialog import CrashDialog
from console.ui.crash_reporter import CrashReporter

pytestmark = pytest.mark.qt_no_exception_capture


@pytest.fixture
def reporter(qloop, qtbot, tmp_path):
    level = logging.getLogger().level
    log_path = setup_logging(tmp_path / "logs")
    made = CrashReporter(log_path)
    made.install(qloop)
    yield made
    made.uninstall()
    if made.dialog is not None:
        made.dialog.close()
    teardown_logging()
    logging.getLogger().setLevel(level)


def logged(reporter) -> str:
    for handler in logging.getLogger().handlers:
        handler.flush()
    return reporter.log_path.read_text(encoding="utf-8")


def test_an_error_in_a_slot_is_logged_and_shown_with_the_log_location(reporter, qtbot):
    button = QPushButton("Break")
    qtbot.addWidget(button)

    def broken() -> None:
        raise RuntimeError("the slot broke")

    button.clicked.connect(broken)
    with qtbot.waitSignal(reporter.dialog_shown) as shown:
        button.click()
    dialog = shown.args[0]
    assert isinstance(dialog, CrashDialog) and dialog.isVisible()
    assert "RuntimeError: the slot broke" in dialog.what.text()
    assert dialog.log_label.text() == str(reporter.log_path)
    assert dialog.open_folder.isEnabled()
    text = logged(reporter)
    assert "CRITICAL horseshoe.crash [MainThread]: unexpected error: RuntimeError: the slot broke" in text
    assert 'in broken\n    raise RuntimeError("the slot broke")' in text

    dialog.copy.click()
    copied = QGuiApplication.clipboard().text()
    assert "RuntimeError: the slot broke" in copied and str(reporter.log_path) in copied
    dialog.continue_button.click()
    assert reporter.dialog is None and not dialog.isVisible()


def test_an_async_slot_error_reaches_the_dialog(reporter, qloop, qtbot):
    class Owner:
        @asyncSlot()
        async def load(self) -> None:
            await asyncio.sleep(0)
            raise ValueError("no such case")

    button = QPushButton("Load")
    qtbot.addWidget(button)
    owner = Owner()  # a bound method's owner must outlive the connection
    button.clicked.connect(owner.load)
    button.click()
    qloop.run_until_complete(_until(lambda: reporter.dialog is not None))
    assert "ValueError: no such case" in reporter.dialog.what.text()
    assert "unexpected error: ValueError: no such case" in logged(reporter)


def test_repeated_errors_are_counted_on_one_dialog_and_not_shown_again(reporter, qloop, qtbot):
    def fail(kind: type[Exception], message: str) -> None:
        try:
            raise kind(message)
        except Exception as error:
            reporter.excepthook(type(error), error, error.__traceback__)

    for n in range(5):  # the same error from the same place, its message varying: one error
        fail(RuntimeError, f"timer broke on case c{n}")
    fail(KeyError, "something else")
    qloop.run_until_complete(_until(lambda: reporter.dialog and reporter.dialog.repeats.isVisible()))
    dialog = reporter.dialog
    qloop.run_until_complete(_until(lambda: "1 other error" in dialog.repeats.text()))
    assert "This happened 4 more time(s)." in dialog.repeats.text()
    assert "RuntimeError: timer broke on case c0" in dialog.what.text()
    shown = [w for w in QGuiApplication.topLevelWindows() if w.isVisible()]
    assert [w.title() for w in shown].count(dialog.windowTitle()) == 1  # one dialog, not six
    text = logged(reporter)
    assert text.count("unexpected error: RuntimeError: timer broke") == 1
    assert "the same unexpected error again (5 times): RuntimeError: timer broke on case c4" in text

    dialog.continue_button.click()
    fail(RuntimeError, "timer broke again")  # seen and continued past: logged only
    qloop.run_until_complete(asyncio.sleep(0.1))
    assert reporter.dialog is None
    fail(ValueError, "a new problem")
    qloop.run_until_complete(_until(lambda: reporter.dialog is not None))
    assert "a new problem" in reporter.dialog.what.text()


def test_errors_in_threads_and_unretrieved_task_errors_are_reported(reporter, qloop, qtbot):
    def work() -> None:
        raise OSError("disk went away")

    thread = threading.Thread(target=work, name="exporter")
    thread.start()
    thread.join()
    qloop.run_until_complete(_until(lambda: reporter.dialog is not None))
    assert "OSError: disk went away" in reporter.dialog.what.text()
    assert "In thread exporter:" in reporter.dialog.details.toPlainText()
    reporter.dialog.continue_button.click()

    try:
        raise KeyError("lost task")
    except KeyError as error:
        qloop.call_exception_handler({"message": "Task exception was never retrieved", "exception": error})
    qloop.run_until_complete(_until(lambda: reporter.dialog is not None))
    assert "KeyError: 'lost task'" in reporter.dialog.what.text()
    assert "Task exception was never retrieved" in reporter.dialog.details.toPlainText()


def test_without_a_log_file_the_dialog_says_so(qtbot):
    dialog = CrashDialog("k", "RuntimeError: x", "Traceback …", None)
    qtbot.addWidget(dialog)
    assert not dialog.open_folder.isEnabled()
    assert "no log file" in dialog.report_text()


async def _until(condition, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)


def test_quit_closes_the_windows_so_the_app_shuts_down_in_order(qtbot):
    from PySide6.QtWidgets import QMainWindow

    desk = QMainWindow()
    qtbot.addWidget(desk)
    desk.show()
    dialog = CrashDialog("k", "RuntimeError: x", "Traceback …", None)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.quit_button.click()
    assert not desk.isVisible() and not dialog.isVisible()


def test_a_dialog_that_cannot_open_is_logged_not_reported_again(reporter, qloop, monkeypatch, caplog):
    import console.ui.crash_reporter as module

    def broken_dialog(*_args):
        raise RuntimeError("no dialog today")

    monkeypatch.setattr(module, "CrashDialog", broken_dialog)
    try:
        raise ValueError("first")
    except ValueError as error:
        reporter.excepthook(type(error), error, error.__traceback__)
    qloop.run_until_complete(_until(lambda: "the crash dialog could not be shown" in caplog.text))
    qloop.run_until_complete(asyncio.sleep(0.05))
    assert reporter.dialog is None
    assert caplog.text.count("unexpected error:") == 1  # the dialog's failure did not loop back


def test_an_error_past_every_hook_ends_the_run_logged_with_exit_code_1(tmp_path, monkeypatch, qapp):
    import sys

    from console import app

    async def broken_run(self) -> int:
        raise RuntimeError("start-up broke")

    monkeypatch.setattr(app.Workstation, "run", broken_run)
    monkeypatch.setenv("HORSESHOE_LOG_DIR", str(tmp_path / "logs"))
    level, hook = logging.getLogger().level, sys.excepthook
    try:
        assert app.main(["--data-dir", str(tmp_path / "data")]) == 1
    finally:
        teardown_logging()
        logging.getLogger().setLevel(level)
    assert sys.excepthook is hook  # the app's hooks were put back
    text = (tmp_path / "logs" / log_name_for(tmp_path / "data")).read_text(encoding="utf-8")
    assert "CRITICAL horseshoe [MainThread]: horseshoe stopped on an unexpected error" in text
    assert "RuntimeError: start-up broke" in text and "horseshoe stopped (exit code 1)" in text


def test_an_error_whose_message_cannot_be_read_is_still_reported(reporter, qloop):
    """Its ``__str__`` failing inside the hook would otherwise lose the report (stderr only)."""

    class GarbledError(Exception):
        def __str__(self) -> str:
            raise UnicodeError("no words")

    def work() -> None:
        raise GarbledError()

    thread = threading.Thread(target=work, name="decoder")
    thread.start()
    thread.join()
    qloop.run_until_complete(_until(lambda: reporter.dialog is not None))
    what = reporter.dialog.what.text()
    assert "GarbledError" in what and "could not be read" in what
    assert "unexpected error: GarbledError" in logged(reporter)
