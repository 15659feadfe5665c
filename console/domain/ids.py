"""Time-ordered identifiers (UUIDv7, RFC 9562) generated anywhere without coordination.

Python 3.11 has no ``uuid.uuid7``; ids made here sort by creation time, which keeps B-tree inserts
local on the hub and makes ids readable in logs.
"""

import os
import random
import threading
import time

_lock = threading.Lock()
_last_ms = 0
_counter = 0
# Ids need to be unique, not unpredictable: a PRNG seeded from the OS is 10x cheaper than urandom.
_random = random.Random(os.urandom(16))


def uuid7(now_ms: int | None = None) -> str:
    """A new UUIDv7 as a string; monotonic within this process even within one millisecond."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000 if now_ms is None else now_ms
        if ms <= _last_ms:
            ms = _last_ms
            _counter += 1
            if _counter > 0xFFF:  # 4096 ids in one ms: borrow the next millisecond
                ms += 1
                _counter = 0
        else:
            _counter = _random.getrandbits(10)
        _last_ms = ms
        counter = _counter
        rand = _random.getrandbits(62)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | counter << 64 | 0b10 << 62 | rand
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
