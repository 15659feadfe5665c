"""A draft survives the console being killed: it is in the durable outbox once autosaved."""

import os
import select
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from console.domain.mutation import MutationKind
from console.storage.database import open_cache
from console.storage.outbox import entries_for_case
from console.ui.composer import Composer
from tests.ui.composer_desk import case, service
from tests.ui.conftest import until

DRAFT = "So sorry, Maria: I've asked the kitchen team about order NW-48213 and will be back within the hour."
# Typed key by key: QTest.keyClicks types ASCII only (it asserts on anything else).

# The console's own pieces in a child process: a real cache, CaseActions and the composer, typed into.
_TYPIST = """
import asyncio, sys
import qasync
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from console.storage.database import open_cache
from console.ui.composer import Composer
from tests.ui.composer_desk import case, seed_accounts, service

app = QApplication([])
loop = qasync.QEventLoop(app)
asyncio.set_event_loop(loop)
cache = open_cache(sys.argv[1])
seed_accounts(cache)
composer = Composer(service(cache)[0], autosave_ms=300)
composer.show()


async def main():
    composer.show_case(case())
    while not composer.ready:
        await asyncio.sleep(0.02)
    saved = asyncio.Event()
    composer.draft_saved.connect(lambda _case_id: saved.set())
    composer.editor.setFocus()
    QTest.keyClicks(composer.editor, sys.argv[2])
    await saved.wait()
    print("saved", flush=True)
    await asyncio.sleep(3600)  # until killed


loop.run_until_complete(main())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is a POSIX signal")
def test_a_draft_survives_kill_9(qloop, qtbot, tmp_path):
    path = tmp_path / "cache.sqlite"
    root = Path(__file__).resolve().parents[2]
    env = os.environ | {"QT_QPA_PLATFORM": "offscreen"}
    child = subprocess.Popen(
        [sys.executable, "-c", _TYPIST, str(path), DRAFT],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        ready, _, _ = select.select([child.stdout], [], [], 30)
        assert ready, "the typist never saved its draft"
        assert child.stdout.readline().strip() == "saved"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
    assert child.returncode == -signal.SIGKILL
    cache = open_cache(path)
    try:
        entries = cache.read_sync(lambda c: entries_for_case(c, "case-1"))
        drafts = [e for e in entries if e.mutation.kind is MutationKind.DRAFT]
        assert drafts and drafts[-1].outcome is None  # still waiting for the hub, and still there
        composer = Composer(service(cache)[0])
        qtbot.addWidget(composer)
        composer.show_case(case())
        qloop.run_until_complete(until(lambda: composer.ready))
        assert composer.editor.toPlainText() == DRAFT
        composer.shutdown()
    finally:
        cache.close()
