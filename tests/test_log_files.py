"""The rotating log: where it goes, how much it keeps, and what --debug changes."""

import logging
import sys
from pathlib import Path

import pytest
from platformdirs import user_data_path

from console import log_files
from console.log_files import FAULTS_NAME, LOG_NAME, setup_logging, teardown_logging


@pytest.fixture(autouse=True)
def _restore_root():
    root = logging.getLogger()
    level = root.level
    yield
    teardown_logging()
    root.setLevel(level)


def ours() -> list[logging.Handler]:
    return [h for h in logging.getLogger().handlers if getattr(h, "horseshoe", False)]


def test_the_log_file_keeps_info_and_stderr_only_warnings(tmp_path):
    path = setup_logging(tmp_path / "deep" / "log")
    assert path == tmp_path / "deep" / "log" / LOG_NAME
    logging.getLogger("horseshoe.test").info("synced 12 changes")
    logging.getLogger("horseshoe.test").debug("not kept")
    for handler in ours():
        handler.flush()
    text = path.read_text(encoding="utf-8")
    assert "INFO horseshoe.test [MainThread]: synced 12 changes" in text and "not kept" not in text
    stderr = next(h for h in ours() if isinstance(h, logging.StreamHandler) and h.stream is sys.stderr)
    assert stderr.level == logging.WARNING
    assert logging.getLogger("httpx").level == logging.WARNING


def test_debug_logs_everything_to_the_file_and_stderr(tmp_path):
    path = setup_logging(tmp_path, debug=True)
    assert logging.getLogger().level == logging.DEBUG
    assert all(h.level in (logging.NOTSET, logging.DEBUG) for h in ours())
    assert logging.getLogger("httpx").level == logging.NOTSET
    logging.getLogger("horseshoe.test").debug("every detail")
    for handler in ours():
        handler.flush()
    assert "DEBUG horseshoe.test [MainThread]: every detail" in path.read_text(encoding="utf-8")


def test_the_log_rotates_and_a_second_setup_does_not_double_lines(tmp_path, monkeypatch):
    monkeypatch.setattr(log_files, "MAX_BYTES", 2_000)
    setup_logging(tmp_path)
    path = setup_logging(tmp_path)
    assert len(ours()) == 2  # one file, one stderr: the first setup's were replaced
    for n in range(400):
        logging.getLogger("horseshoe.test").info("line %d %s", n, "x" * 40)
    names = sorted(p.name for p in tmp_path.iterdir() if p.name != FAULTS_NAME)
    assert names == [LOG_NAME, *(f"{LOG_NAME}.{i}" for i in range(1, log_files.BACKUPS + 1))]
    assert all(p.stat().st_size <= 2_000 for p in tmp_path.glob(f"{LOG_NAME}*"))
    assert path.read_text(encoding="utf-8").count("line 399 ") == 1


def test_an_unwritable_log_directory_leaves_stderr_logging(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert setup_logging(blocker / "log") is None
    assert "no log file in" in capsys.readouterr().err
    assert len(ours()) == 1


def test_a_hard_crash_leaves_its_stacks_beside_the_log(tmp_path):
    import subprocess

    script = (
        "import faulthandler, sys; from pathlib import Path; from console.log_files import setup_logging; "
        "setup_logging(Path(sys.argv[1])); faulthandler._sigsegv()"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, timeout=60)
    assert done.returncode != 0
    assert "Fatal Python error: Segmentation fault" in (tmp_path / FAULTS_NAME).read_text(encoding="utf-8")


def test_a_desk_on_another_data_directory_logs_to_a_file_of_its_own(tmp_path):
    from console.settings import Settings

    usual = Settings(data_dir=Path(user_data_path("horseshoe", appauthor=False)))
    first, second = Settings(data_dir=tmp_path / "one"), Settings(data_dir=tmp_path / "two")
    assert usual.log_name == "horseshoe.log"
    assert first.log_name != second.log_name and first.log_name.startswith("horseshoe-")
    assert Settings(data_dir=tmp_path / "one" / ".." / "one").log_name == first.log_name
    path = setup_logging(tmp_path / "logs", name=first.log_name)
    logging.getLogger("horseshoe").warning("from desk one")
    assert path == tmp_path / "logs" / first.log_name and "from desk one" in path.read_text(encoding="utf-8")
    assert (tmp_path / "logs" / first.log_name.replace("horseshoe", "faults", 1)).exists()
