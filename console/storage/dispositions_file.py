"""Reading the disposition catalog (YAML): every good entry kept, every bad one named.

A typo in one entry (an unknown outcome, a missing label) must not take the other dispositions
away from the resolve dialog: it is left out and reported with the file, the entry and the problem.
A repeated id is refused, since reports count cases by id.
"""

from dataclasses import dataclass
from pathlib import Path

import regex
from horseshoe_resources import resource

from console.domain.disposition import Disposition, DispositionCatalog, Outcome
from console.storage.entry_files import FileProblem, read_entries

_ID = regex.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*")
_KEYS = ("id", "label", "outcome", "description")


@dataclass(frozen=True, slots=True)
class DispositionLoad:
    catalog: DispositionCatalog
    problems: tuple[FileProblem, ...]


def bundled_dispositions() -> DispositionLoad:
    """The catalog shipped with the console (resources/dispositions.yaml)."""
    return load_dispositions("dispositions.yaml", resource("dispositions.yaml").read_text("utf-8"))


def load_dispositions(path: Path | str, text: str | None = None) -> DispositionLoad:
    """Read ``path`` (or ``text``, named ``path`` in problems) into a catalog and its problems."""
    kept, problems = read_entries(path, text, "dispositions", _disposition)
    return DispositionLoad(DispositionCatalog(kept), problems)


def _disposition(entry: object) -> Disposition:
    if not isinstance(entry, dict):
        raise ValueError("is not a mapping of id, label, outcome and description")
    unknown = [str(key) for key in entry if key not in _KEYS]
    if unknown:
        raise ValueError(f"has unknown keys: {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    for key in _KEYS:
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"needs '{key}' as non-empty text")
    if not _ID.fullmatch(entry["id"]):
        raise ValueError(f"id {entry['id']!r} must be lower-case letters and digits joined by '_'")
    outcomes = ", ".join(o.value for o in Outcome)
    try:
        outcome = Outcome(entry["outcome"].strip())
    except ValueError:
        raise ValueError(f"outcome {entry['outcome']!r} must be one of {outcomes}") from None
    description = " ".join(entry["description"].split())
    return Disposition(entry["id"], entry["label"].strip(), outcome, description)
