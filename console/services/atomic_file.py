"""Files written whole or not at all: a temporary file beside the target, flushed to disk, then
renamed over it — a reader (or a crash, or a full disk) sees the old file or the new one, never half."""

import contextlib
import os
import tempfile
from pathlib import Path


class AtomicFile:
    """A file being written: :meth:`write` as often as needed, then :meth:`commit` or :meth:`discard`.

    Blocking; async callers run each call in a thread (big exports write page by page)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent
        )
        self._temporary = Path(temporary)
        try:
            self._file = os.fdopen(handle, "w", encoding="utf-8", newline="")
        except BaseException:
            os.close(handle)
            self._temporary.unlink(missing_ok=True)
            raise

    def write(self, text: str) -> None:
        try:
            self._file.write(text)
        except BaseException:
            self.discard()
            raise

    def write_bytes(self, data: bytes) -> None:
        """Bytes as they are (a PDF), after any text written before."""
        try:
            self._file.flush()
            self._file.buffer.write(data)
        except BaseException:
            self.discard()
            raise

    def commit(self) -> None:
        try:
            self._file.flush()
            os.fsync(self._file.fileno())
            self._file.close()
            os.replace(self._temporary, self.path)
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        """Drop what was written; the target stays as it was."""
        with contextlib.suppress(OSError):  # a full disk can refuse the last flush too; the file goes anyway
            self._file.close()
        self._temporary.unlink(missing_ok=True)


def write_atomically(path: Path, data: str | bytes) -> None:
    """``data`` to ``path`` whole or not at all; text is written as UTF-8, as given."""
    file = AtomicFile(path)
    if isinstance(data, bytes):
        file.write_bytes(data)
    else:
        file.write(data)
    file.commit()
