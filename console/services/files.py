"""Writing a file the user asked for (a CSV, a PDF) whole or not at all."""

import os
import tempfile
from pathlib import Path


def write_atomically(path: Path, data: str | bytes) -> None:
    """A temporary file beside ``path``, flushed to disk, then renamed over it: a reader (or a crash)
    sees the old file or the new one, never half of it. Text is written as UTF-8, as given."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data.encode("utf-8") if isinstance(data, str) else data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
