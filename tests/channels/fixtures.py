"""Where the recorded network responses are: ``../shared/fixtures`` beside the checkout (see its
SOURCES.md), or the folder HORSESHOE_FIXTURES names. Connector tests read them, never invented bodies."""

import os
from pathlib import Path

import pytest

_CANDIDATES = [
    os.environ.get("HORSESHOE_FIXTURES", ""),
    str(Path(__file__).resolve().parents[2].parent / "shared" / "fixtures"),
    "/work/shared/fixtures",
]
FIXTURES = next((Path(c) for c in _CANDIDATES if c and (Path(c) / "SOURCES.md").exists()), None)


def fixtures() -> Path:
    """The fixtures folder; the test is skipped, saying why, on a machine without it."""
    if FIXTURES is None:
        pytest.skip("the recorded responses (../shared/fixtures) are not on this machine")
    return FIXTURES
