import asyncio
import gc

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent

from tests.storage.conftest import cache, filled  # noqa: F401


class _QEventLoop(qasync.QEventLoop):
    """# WORKAROUND: qasync 0.28's ``run_until_complete`` processes Qt events once more after the loop
    stopped, with no running loop set, so a task step landing there (a wake-up scheduled just as the
    awaited condition came true) fails with "no running event loop". Keep the loop set for that pass.
    """

    def run_forever(self):
        try:
            return super().run_forever()
        finally:
            asyncio.events._set_running_loop(self)

    def run_until_complete(self, future):
        try:
            return super().run_until_complete(future)
        finally:
            asyncio.events._set_running_loop(None)


@pytest.fixture
def qloop(qapp):
    """A qasync loop on the test's QApplication; run coroutines with ``qloop.run_until_complete``."""
    loop = _QEventLoop(qapp)
    asyncio.set_event_loop(loop)
    yield loop
    pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
    for task in pending:
        task.cancel()
    if pending:
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
    asyncio.set_event_loop(None)
    loop.close()
    # Run deferred deletes and collect cycles now, on the GUI thread, not later on a worker thread.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


async def until(condition, limit: float = 10.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not condition():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not reached in time")
        await asyncio.sleep(0.02)
