"""How the hub's commands print: aligned columns and UTC times."""

import sys
from datetime import UTC, datetime
from typing import TextIO


def print_table(rows: list[tuple], file: TextIO | None = None) -> None:
    """``rows`` (the header first) in columns as wide as their widest cell."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        line = "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
        print(line.rstrip(), file=file or sys.stdout)


def utc_minute(ms: int | None) -> str:
    return "" if ms is None else datetime.fromtimestamp(ms / 1000, UTC).strftime("%Y-%m-%d %H:%M UTC")
