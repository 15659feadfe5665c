"""What a guidance session records: an append-only log of events, each a frozen value that goes to and
from a JSON object (``kind`` names the class), so a session can be stored, synced and replayed.

Every event carries its place in the log (``index``, from 0, one more each time) and when it happened
(``at``, from the clock the caller gives the session). Events about a node name the tree it lives in
(``tree``: ``id@version``), since a called sub-tree may reuse the node ids of its caller.
"""

from __future__ import annotations

from collections.abc import Mapping
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
    if given["at"].utcoffset() is None:  # a naive time cannot be ordered against the others
        raise ValueError(f"the event's time {data['at']!r} has no UTC offset")
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


# How a session's events travel: one ``guidance_step`` mutation per event, whose payload — stored by
# the hub as the data of a ``guidance_step`` case event — names the session, its tree and digest.


def step_payload(session: str, tree: str, digest: str, event: Event) -> dict[str, object]:
    """The payload of the ``guidance_step`` mutation that records ``event`` of session ``session``
    (a uuid, one per session) on tree ``tree`` (``id@version``) published with ``digest``."""
    return {"session": session, "tree": tree, "digest": digest, "event": event.as_dict()}


_FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "index": int,
    "at": str,
    "tree": str,
    "node": str,
    "digest": str,
    "option": (str, type(None)),
    "values": (dict, type(None)),
    "how": str,
    "why": str,
    "read": dict,
    "text": str,
    "step": int,
    "team": str,
    "mode": str,
    "reason": str,
    "disposition": str,
}


def guidance_problem(payload: Mapping[str, object]) -> str:
    """Why ``payload`` is not a guidance step as :func:`step_payload` writes it ("" when it is)."""
    for name in ("session", "tree", "digest"):
        if not isinstance(payload.get(name), str):
            return f"guidance_step needs {name!r} as text"
    if not str(payload["session"]).strip():
        return "guidance_step: 'session' is empty"
    tree_id, _, version = str(payload["tree"]).rpartition("@")
    if not tree_id or not version.isdigit():
        return f"guidance_step: 'tree' is id@version, not {payload['tree']!r}"
    event = payload.get("event")
    if not isinstance(event, Mapping):
        return "guidance_step needs 'event' as an object"
    cls = EVENT_KINDS.get(str(event.get("kind")))
    if cls is None:
        return f"guidance_step: event kind {event.get('kind')!r} is unknown"
    for f in fields(cls):
        if f.name not in event:
            return f"guidance_step: the {cls.kind} event needs {f.name!r}"
        expected = _FIELD_TYPES.get(f.name, object)
        value = event[f.name]
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            return f"guidance_step: the {cls.kind} event's {f.name!r} has the wrong type"
    if event["index"] < 0:  # type: ignore[operator]
        return "guidance_step: the event's 'index' is negative"
    try:
        event_from_dict(dict(event))
    except (KeyError, TypeError, ValueError) as failure:
        return f"guidance_step: the {cls.kind} event does not read ({failure})"
    return ""
