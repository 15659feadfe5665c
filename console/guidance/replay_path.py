"""The guidance path a case's sessions had taken at each moment, folded step by step for a replay.

Each ``guidance_step`` case event carries one session event (console.guidance.session_events). The
path is kept as a persistent linked list: a step links to the one before it, so every frame of a
replay keeps the path as it was then by holding its last link, and folding one more event costs
O(1) (a Back walks back to its step once). Older ``{tree, node, answer}`` steps, written before
sessions, are read as a session of their own. Anything unreadable is left out of the path; the
timeline still shows it.
"""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    Escalated,
    Note,
    SessionStarted,
    Suggested,
    event_from_dict,
)

LEGACY_SESSION = ""  # the session of steps recorded before sessions existed


@dataclass(frozen=True, slots=True)
class PathStep:
    """A node the session reached, and what the agent did there (None: not answered yet)."""

    tree: str  # id@version of the tree the node lives in (a called sub-tree's, for its steps)
    node: str
    at_ms: int  # when it was reached
    answer: str | None = None  # the option's label, "success"/"failure", or an input's values
    how: str | None = None  # auto (the suggestion taken), manual (none made), override
    suggested: str | None = None  # the option pre-selected, if any
    why: str = ""  # the condition that pre-selected it
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class _Link:
    step: PathStep
    before: "_Link | None"
    index: int  # the session event that entered the step (Back names it)


@dataclass(frozen=True, slots=True)
class SessionPath:
    """One guidance session as it stood: its tree, the steps that still count, how it ended."""

    session: str
    tree: str  # id@version the session started on
    last: _Link | None = None
    disposition: str | None = None  # None while the session runs (or if it stopped)
    escalations: tuple[tuple[str, str, str], ...] = ()  # (team, mode, reason)

    @property
    def steps(self) -> tuple[PathStep, ...]:
        """The steps from the first, rebuilt from the links (only a replay frame's reader pays)."""
        found: list[PathStep] = []
        link = self.last
        while link is not None:
            found.append(link.step)
            link = link.before
        return tuple(reversed(found))

    @property
    def ended(self) -> bool:
        return self.disposition is not None


def fold_step(
    sessions: tuple[SessionPath, ...], data: Mapping[str, Any], at_ms: int
) -> tuple[SessionPath, ...]:
    """``sessions`` after one ``guidance_step`` event's ``data``; the same tuple when it changes none."""
    payload = data.get("event")
    if not isinstance(payload, Mapping):
        return _legacy(sessions, data, at_ms)
    try:
        event = event_from_dict(dict(payload))
    except (KeyError, TypeError, ValueError):
        return sessions
    session_id = str(data.get("session") or "")
    at = next((i for i, s in enumerate(sessions) if s.session == session_id), None)
    if isinstance(event, SessionStarted):
        if at is not None:  # a repeated start (a resent mutation) changes nothing
            return sessions
        return (*sessions, SessionPath(session_id, event.tree))
    if at is None:  # its start is not in this cache: the session begins where its events do
        sessions, at = (*sessions, SessionPath(session_id, str(data.get("tree") or "?"))), len(sessions)
    changed = _apply(sessions[at], event, at_ms)
    if changed is sessions[at]:
        return sessions
    return (*sessions[:at], changed, *sessions[at + 1 :])


def _apply(path: SessionPath, event: object, at_ms: int) -> SessionPath:
    last = path.last
    match event:
        case Entered():
            step = PathStep(event.tree, event.node, at_ms)
            return replace(path, last=_Link(step, last, event.index))
        case Suggested() if last is not None:
            return _edit(path, suggested=event.option, why=event.why)
        case Answered() if last is not None:
            return _edit(path, answer=_answer(event), how=event.how.value)
        case Note() if last is not None:
            return _edit(path, notes=(*last.step.notes, event.text))
        case Back(step=index):
            link = last
            while link is not None and link.index != index:
                link = link.before
            if link is None:  # back to a step not on the way: nothing to show for it
                return path
            # Answers given after the step was entered no longer count, its own included.
            return replace(path, last=replace(link, step=replace(link.step, answer=None, how=None)))
        case Escalated():
            return replace(path, escalations=(*path.escalations, (event.team, event.mode, event.reason)))
        case Ended():
            return replace(path, disposition=event.disposition)
    return path


def _edit(path: SessionPath, **changes: Any) -> SessionPath:
    last = path.last
    assert last is not None
    return replace(path, last=replace(last, step=replace(last.step, **changes)))


def _answer(event: Answered) -> str:
    if event.values is not None:
        return ", ".join(f"{name}={value}" for name, value in event.values)
    return event.option or "?"


def _legacy(
    sessions: tuple[SessionPath, ...], data: Mapping[str, Any], at_ms: int
) -> tuple[SessionPath, ...]:
    """An older ``{tree, node, answer[, how]}`` step: one answered step of the legacy session."""
    node = data.get("node")
    if not isinstance(node, str) or not node:
        return sessions
    tree = str(data.get("tree") or "?")
    how = data.get("how")
    step = PathStep(tree, node, at_ms, str(data.get("answer") or "?"), how if isinstance(how, str) else None)
    at = next((i for i, s in enumerate(sessions) if s.session == LEGACY_SESSION), None)
    if at is None:
        return (*sessions, SessionPath(LEGACY_SESSION, tree, _Link(step, None, 0)))
    old = sessions[at]
    index = old.last.index + 1 if old.last else 0
    return (*sessions[:at], replace(old, last=_Link(step, old.last, index)), *sessions[at + 1 :])
