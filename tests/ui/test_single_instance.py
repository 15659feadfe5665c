"""One Horseshoe per user and data directory: a second launch hands over its arguments and exits."""

import os
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest
from PySide6.QtNetwork import QLocalServer

from console.ui.single_instance import SingleInstance, instance_key


@pytest.fixture
def key(tmp_path):
    return instance_key(tmp_path)


def test_the_key_depends_on_the_user_and_the_data_directory(tmp_path):
    assert instance_key(tmp_path, "ana") == instance_key(tmp_path / ".", "ana")
    assert instance_key(tmp_path, "ana") != instance_key(tmp_path, "ben")
    assert instance_key(tmp_path, "ana") != instance_key(tmp_path / "other", "ana")


def test_the_socket_lives_in_the_users_own_runtime_directory(qtbot, tmp_path, monkeypatch, request):
    """Not a bare name in /tmp, which another user could take first and so keep this one's desk
    from ever starting; a runtime directory others may write to is not used either."""
    import tempfile
    from pathlib import Path

    runtime = Path(tempfile.mkdtemp(prefix="hs-run-"))  # short: a socket's path has ~100 bytes at most
    request.addfinalizer(lambda: shutil.rmtree(runtime, ignore_errors=True))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    key = instance_key(tmp_path / "data")
    assert os.path.dirname(key) == str(runtime)
    first = SingleInstance(key)
    assert first.claim([])
    with qtbot.waitSignal(first.activated):
        assert not SingleInstance(key).claim(["again"])
    first.close()
    runtime.chmod(0o777)
    assert os.path.dirname(instance_key(tmp_path / "data")) != str(runtime)


def test_a_second_instance_hands_its_arguments_to_the_first(qtbot, key):
    first = SingleInstance(key)
    assert first.claim(["--hub", "https://a"]) and first.listening
    second = SingleInstance(key)
    with qtbot.waitSignal(first.activated) as heard:
        assert not second.claim(["--debug", "é"])
    assert heard.args == [["--debug", "é"]]
    assert not second.listening
    first.close()
    third = SingleInstance(key)  # the first closed cleanly: the next launch is first again
    assert third.claim([])
    third.close()


def test_a_malformed_message_is_ignored(qtbot, key):
    from PySide6.QtNetwork import QLocalSocket

    first = SingleInstance(key)
    assert first.claim([])
    received = []
    first.activated.connect(received.append)
    socket = QLocalSocket()
    socket.connectToServer(key)
    assert socket.waitForConnected(1000)
    socket.write(b'{"not": "a list"}\n')
    socket.waitForBytesWritten(1000)
    socket.disconnectFromServer()
    with qtbot.waitSignal(first.activated):  # a well-formed one after it still gets through
        assert not SingleInstance(key).claim(["--ok"])
    assert received == [["--ok"]]
    first.close()


def _server_process(key: str) -> subprocess.Popen:
    """Another process holding the key, as a running Horseshoe would; it prints what it hears."""
    script = textwrap.dedent(
        f"""
        import sys
        from PySide6.QtCore import QCoreApplication, QTimer
        from console.ui.single_instance import SingleInstance

        app = QCoreApplication([])
        instance = SingleInstance({key!r})
        assert instance.claim([])
        def heard(arguments):
            print("heard", *arguments, flush=True)
            app.quit()
        instance.activated.connect(heard)
        print("ready", flush=True)
        QTimer.singleShot(30_000, app.quit)
        app.exec()
        instance.close()
        """
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "ready", process.stderr.read()
    return process


def test_a_second_process_brings_the_first_forward_and_leaves(key):
    running = _server_process(key)
    try:
        assert not SingleInstance(key).claim(["--data-dir", "x"])
        out, _err = running.communicate(timeout=30)
        assert out.strip() == "heard --data-dir x"
        assert running.returncode == 0
    finally:
        running.kill()


@pytest.mark.skipif(sys.platform == "win32", reason="named pipes vanish with their process")
def test_a_socket_left_by_a_killed_process_is_cleaned_up(qtbot, key):
    killed = _server_process(key)
    os.kill(killed.pid, signal.SIGKILL)
    killed.wait(timeout=30)
    killed.stdout.close()
    killed.stderr.close()
    probe = QLocalServer()
    assert not probe.listen(key)  # the dead process's socket is still there
    instance = SingleInstance(key)
    assert instance.claim([])  # nobody answers it: removed, and this one listens
    with qtbot.waitSignal(instance.activated):
        assert not SingleInstance(key).claim(["again"])
    instance.close()


def test_launching_again_with_the_same_data_directory_exits_at_once(qtbot, tmp_path, capsys):
    import logging

    from console.app import main
    from console.log_files import teardown_logging

    level = logging.getLogger().level
    running = SingleInstance(instance_key(tmp_path))
    assert running.claim([])
    try:
        with qtbot.waitSignal(running.activated) as heard:
            assert main(["--data-dir", str(tmp_path), "--debug"]) == 0
        assert heard.args == [["--data-dir", str(tmp_path), "--debug"]]
        assert "already running" in capsys.readouterr().err
        assert not (tmp_path / "cache-embedded.sqlite").exists()  # it started nothing
    finally:
        running.close()
        teardown_logging()
        logging.getLogger().setLevel(level)
