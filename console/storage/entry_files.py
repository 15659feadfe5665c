"""The console's own entry files (canned responses, dispositions): a YAML mapping with one list of
entries. One bad entry is left out and reported — the file, the entry, the problem — and the good
ones kept; a repeated id is refused, since everything else finds entries by id."""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import yaml


@dataclass(frozen=True, slots=True)
class FileProblem:
    file: str
    entry: str  # "entry 3 (refund-status)"; "" when the whole file is at fault
    problem: str

    def __str__(self) -> str:
        where = f"{self.file}, {self.entry}" if self.entry else self.file
        return f"{where}: {self.problem}"


class _Identified(Protocol):
    id: str


T = TypeVar("T", bound=_Identified)


def read_entries(
    path: Path | str, text: str | None, key: str, parse_entry: Callable[[object], T]
) -> tuple[tuple[T, ...], tuple[FileProblem, ...]]:
    """The entries under ``key`` in ``path`` (or ``text``, named ``path`` in problems), each read by
    ``parse_entry`` (which raises ValueError saying what is wrong), and the problems found."""
    name = str(path)
    try:
        source = Path(path).read_text("utf-8") if text is None else text
    except (OSError, UnicodeDecodeError) as error:
        return (), (FileProblem(name, "", f"cannot be read ({error})"),)
    try:
        document = yaml.safe_load(source)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        return (), (FileProblem(name, "", f"is not valid YAML{where}: {problem}"),)
    entries = document.get(key) if isinstance(document, dict) else None
    if not isinstance(entries, list):
        return (), (FileProblem(name, "", f"needs a top-level '{key}:' list"),)
    kept: list[T] = []
    problems: list[FileProblem] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        label = f"entry {index}"
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            label += f" ({entry['id']})"
        try:
            item = parse_entry(entry)
        except ValueError as error:
            problems.append(FileProblem(name, label, str(error)))
            continue
        if item.id in seen:
            problems.append(FileProblem(name, label, f"repeats the id {item.id!r}; ids must be unique"))
            continue
        seen.add(item.id)
        kept.append(item)
    return tuple(kept), tuple(problems)
