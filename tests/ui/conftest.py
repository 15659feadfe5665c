import asyncio
import gc

import pytest
import qasync
from PySide6.QtCore import QCoreApplication, QEvent

from tests.storage.conftest import cache, filled  # noqa: F401


@pytest.fixture
def qloop(qapp):
    """A qasync loop on the test's QApplication; run coroutines with ``qloop.run_until_complete``."""
    loop = qasync.QEventLoop(qapp)
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
