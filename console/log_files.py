"""Where the workstation's log goes: a rotating file in the user's log directory, and stderr.

The file keeps INFO and above (DEBUG with ``--debug``) so that a crash report can point at it; a few
files of a few megabytes each, so it never grows without bound. stderr shows warnings only, unless
``--debug`` asks for everything there too. No Qt here: logging starts before the application does.
"""

import faulthandler
import logging
import logging.handlers
import sys
from pathlib import Path

LOG_NAME = "horseshoe.log"
FAULTS_NAME = "faults.log"  # a hard crash (in Qt, say) never reaches Python's hooks: its stacks go here
MAX_BYTES = 2 * 1024 * 1024
BACKUPS = 5  # horseshoe.log.1 … .5: at most ~12 MB on disk
FORMAT = "%(asctime)s %(levelname)s %(name)s [%(threadName)s]: %(message)s"

# One line per HTTP request or migration step is noise for a desktop app, unless debugging.
CHATTY = ("httpx", "httpcore", "alembic", "uvicorn.error", "uvicorn.access")


def setup_logging(log_dir: Path, debug: bool = False, name: str = LOG_NAME) -> Path | None:
    """Send the root logger to ``log_dir/name`` (rotated; ``horseshoe.log`` for the usual desk) and
    to stderr.

    Returns the log file's path, or None when the directory cannot be written (the reason goes to
    stderr and logging carries on there: a read-only home must not stop the app).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):  # called again (tests, a second main()): no doubled lines
        if getattr(handler, "horseshoe", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.DEBUG if debug else logging.INFO)
    formatter = logging.Formatter(FORMAT)

    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.DEBUG if debug else logging.WARNING)
    console.setFormatter(formatter)
    _add(root, console)

    path: Path | None = Path(log_dir) / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        file = logging.handlers.RotatingFileHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8"
        )
    except OSError as error:
        logging.getLogger("horseshoe").warning(
            "no log file in %s (%s); logging to stderr only", log_dir, error
        )
        path = None
    else:
        file.setFormatter(formatter)
        _add(root, file)
        _keep_faults(path.parent / name.replace("horseshoe", "faults", 1))  # faults.log by horseshoe.log

    for name in CHATTY:
        logging.getLogger(name).setLevel(logging.NOTSET if debug else logging.WARNING)
    return path


def current_log_file() -> Path | None:
    """The file this process logs to (set by :func:`setup_logging`), or None."""
    for handler in logging.getLogger().handlers:
        if getattr(handler, "horseshoe", False) and isinstance(handler, logging.FileHandler):
            return Path(handler.baseFilename)
    return None


def teardown_logging() -> None:
    """Undo :func:`setup_logging`: its handlers closed, fatal-error stacks back on stderr."""
    global _faults
    root = logging.getLogger()
    for handler in [h for h in root.handlers if getattr(h, "horseshoe", False)]:
        root.removeHandler(handler)
        handler.close()
    if _faults is not None:
        faulthandler.enable(sys.__stderr__)
        _faults.close()
        _faults = None


def _keep_faults(path: Path) -> None:
    """Python's stacks on a fatal signal, appended to ``path`` (kept open for the process's life)."""
    global _faults
    try:
        file = open(path, "a", encoding="utf-8")  # noqa: SIM115 - faulthandler writes to it until exit
    except OSError:
        return
    faulthandler.enable(file)
    if _faults is not None:  # set up again: the previous file is no longer written to
        _faults.close()
    _faults = file


_faults = None


def _add(root: logging.Logger, handler: logging.Handler) -> None:
    handler.horseshoe = True  # ours, so a second setup replaces it and leaves others' handlers alone
    root.addHandler(handler)
