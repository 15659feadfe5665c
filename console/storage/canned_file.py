"""Reading the canned responses file (YAML): every good entry kept, every bad one named.

One broken entry — a typo in a placeholder, a missing title, a repeated id — must not take the
team's other responses away: it is left out and reported with the file, the entry and the problem.
"""

from dataclasses import dataclass
from pathlib import Path

import regex
from horseshoe_resources import resource

from console.domain.canned import TemplateError, parse
from console.domain.canned_library import CannedResponse
from console.storage.entry_files import FileProblem, read_entries

_ID = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE = regex.compile(r"[a-z]{2}")
_KEYS = ("id", "title", "language", "tags", "text")


@dataclass(frozen=True, slots=True)
class CannedLoad:
    responses: tuple[CannedResponse, ...]
    problems: tuple[FileProblem, ...]


def bundled_canned() -> CannedLoad:
    """The responses shipped with the console (resources/canned/responses.yaml)."""
    file = resource("canned", "responses.yaml")
    return load_canned("responses.yaml", file.read_text("utf-8"))


def load_canned(path: Path | str, text: str | None = None) -> CannedLoad:
    """Read ``path`` (or ``text``, named ``path`` in problems) into responses and problems."""
    return CannedLoad(*read_entries(path, text, "responses", _response))


def _response(entry: object) -> CannedResponse:
    if not isinstance(entry, dict):
        raise ValueError("is not a mapping of id, title, language, tags and text")
    unknown = [str(key) for key in entry if key not in _KEYS]
    if unknown:
        raise ValueError(f"has unknown keys: {', '.join(unknown)} (known: {', '.join(_KEYS)})")
    for key in ("id", "title", "language", "text"):
        value = entry.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"needs '{key}' as non-empty text")
    if not _ID.fullmatch(entry["id"]):
        raise ValueError(f"id {entry['id']!r} must be lower-case letters and digits joined by '-'")
    language = entry["language"].strip().lower()
    if not _LANGUAGE.fullmatch(language):
        raise ValueError(f"language {entry['language']!r} must be a two-letter ISO 639-1 code")
    tags = entry.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) and tag.strip() for tag in tags):
        raise ValueError("'tags' must be a list of words")
    try:
        template = parse(entry["text"].strip())
    except TemplateError as error:
        raise ValueError(f"text: {error}") from error
    tags = tuple(tag.strip() for tag in tags)
    return CannedResponse(entry["id"], entry["title"].strip(), language, tags, template)
