"""What a guidance session records: an append-only log of events, each a frozen value that goes to and
from a JSON object (``kind`` names the class), so a session can be stored, synced and replayed.

Every event carries its place in the log (``index``, from 0, one more each time) and when it happened
(``at``, from the clock the caller gives the session). Events about a node name the tree it lives in
(``tree``: ``id@version``), since a called sub-tree may reuse the node ids of its caller.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from enum import StrEnum
from typing import ClassVar


class How(StrEnum):
    AUTO = "auto"  # the agent accepted the suggestion
    MANUAL = "manual"  # nothing was suggested
    OVERRIDE = "override"  # the agent chose other than the suggestion


@dataclass(frozen=True, slots=True)
class Event:
    index: int
    at: datetime

    kind: ClassVar[str] = ""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"kind": self.kind}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, datetime):
                value = value.isoformat()
            elif isinstance(value, How):
                value = value.value
            elif isinstance(value, tuple):
                value = dict(value)  # the ``read`` pairs of a suggestion, or an input's values
            out[f.name] = value
        return out


@dataclass(frozen=True, slots=True)
class SessionStarted(Event):
    tree: str  # id@version
    digest: str  # the tree file's content hash as the caller computed it ("" when not known)
    kind: ClassVar[str] = "started"


@dataclass(frozen=True, slots=True)
class Entered(Event):
    tree: str
    node: str
    kind: ClassVar[str] = "entered"


@dataclass(frozen=True, slots=True)
class Suggested(Event):
    """The first option whose ``suggest_when`` holds; ``why`` is that condition, ``read`` what it read."""

    tree: str
    node: str
    option: str
    why: str
    read: tuple[tuple[str, object], ...]
    kind: ClassVar[str] = "suggested"


@dataclass(frozen=True, slots=True)
class Answered(Event):
    """An option's label (question), ``success``/``failure`` (action), or field values (input)."""

    tree: str
    node: str
    option: str | None
    values: tuple[tuple[str, object], ...] | None
    how: How
    kind: ClassVar[str] = "answered"


@dataclass(frozen=True, slots=True)
class Note(Event):
    tree: str
    node: str
    text: str
    kind: ClassVar[str] = "note"


@dataclass(frozen=True, slots=True)
class Back(Event):
    """Return to the step entered by event ``step``: answers given after it no longer count."""

    tree: str
    node: str
    step: int
    kind: ClassVar[str] = "back"


@dataclass(frozen=True, slots=True)
class Escalated(Event):
    tree: str
    node: str
    team: str
    mode: str  # notify, hand_off
    reason: str
    kind: ClassVar[str] = "escalated"


@dataclass(frozen=True, slots=True)
class Ended(Event):
    tree: str
    node: str
    disposition: str
    kind: ClassVar[str] = "ended"


EVENT_KINDS: dict[str, type[Event]] = {
    cls.kind: cls for cls in (SessionStarted, Entered, Suggested, Answered, Note, Back, Escalated, Ended)
}


# ``dataclasses.fields`` builds its answer on every call: half the cost of reading a stored event.
_FIELD_NAMES = {cls: tuple(f.name for f in fields(cls)) for cls in EVENT_KINDS.values()}


def event_from_dict(data: dict[str, object]) -> Event:
    """The event ``Event.as_dict`` wrote; a KeyError/TypeError/ValueError for anything else."""
    cls = EVENT_KINDS[str(data["kind"])]
    given = {name: data[name] for name in _FIELD_NAMES[cls]}
    given["at"] = datetime.fromisoformat(str(given["at"]))
    if cls is Answered:
        given["how"] = How(given["how"])
        if given["values"] is not None:
            given["values"] = tuple(dict(given["values"]).items())  # type: ignore[call-overload]
    if cls is Suggested:
        read = dict(given["read"])  # type: ignore[call-overload]
        given["read"] = tuple((path, _tuples(value)) for path, value in read.items())
    return cls(**given)


def _tuples(value: object) -> object:
    """JSON's lists back as the tuples the session recorded."""
    return tuple(map(_tuples, value)) if isinstance(value, list) else value
