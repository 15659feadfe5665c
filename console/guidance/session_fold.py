"""What one recorded guidance session comes to, from its events alone (no tree needed).

The report reads logs whose tree version this desk may not hold, so it cannot replay them through
:class:`~console.guidance.runner.Session`. This fold mirrors the runner's own bookkeeping, which needs
no tree for it: each Entered is a step; a Back to the step entered by event ``i`` drops the steps after
it and makes every answer given after ``i`` stop counting (the answer at that step too); the path is the
steps of the session's own tree. Sub-tree steps count towards the call node that led into them.

Time at a node runs from when the session arrived there (entered it, or came back to it) to when it
moved on (the next Entered, a Back, or Ended), summed over every stay, superseded or not: it is time
the agent spent. The stay a session stopped in has no end, so it is left out.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from console.guidance.session_events import (
    Answered,
    Back,
    Ended,
    Entered,
    Escalated,
    Event,
    How,
    SessionStarted,
    Suggested,
)

ACTION_SUGGESTION = "success"  # what accepting an action reports (runner.Session.accept)


class Verdict(StrEnum):
    ACCEPTED = "accepted"
    OVERRIDDEN = "overridden"
    UNANSWERED = "unanswered"  # the session stopped while the suggestion was showing


@dataclass(frozen=True, slots=True)
class SuggestionOutcome:
    """A pre-selection on the path that counts, and what the agent did with it. At an action the
    suggestion is its success (the runner records a reported failure as an override)."""

    node: str
    option: str
    verdict: Verdict
    chosen: str | None  # what the agent chose instead, when overridden


@dataclass(frozen=True, slots=True)
class FoldedSession:
    tree: str  # id@version of the session's own tree
    path: tuple[str, ...]  # node ids of the session's own tree on the way that still counts
    disposition: str | None  # None: the session stopped without an end
    seconds: tuple[tuple[str, float], ...]  # node → seconds spent there (closed stays only)
    suggestions: tuple[SuggestionOutcome, ...]
    escalations: tuple[tuple[str, str], ...]  # (team, mode) of every escalation made, even backed past
    duration: float  # seconds from the start to the end, or to the last event of a stopped session
    last: datetime  # when its last event happened

    @property
    def ended(self) -> bool:
        return self.disposition is not None

    @property
    def stopped_at(self) -> str | None:
        """The node a session that did not end was left at (None for an ended one)."""
        return None if self.ended or not self.path else self.path[-1]

    @property
    def escalated(self) -> bool:
        return bool(self.escalations)


class FoldError(ValueError):
    """A log the fold cannot read as a session (no start, a step it never entered)."""


@dataclass(slots=True)
class _Step:
    index: int  # its Entered event
    tree: str
    node: str
    root: str  # the node of the session's own tree this step counts towards
    suggested: Suggested | None = None
    answered: Answered | None = None


def fold_session(events: Iterable[Event]) -> FoldedSession:
    """Fold a session's log, in index order from 0 (the contiguous run from the start: a log whose
    later events have not arrived yet reads as a session that stopped there)."""
    log = _contiguous(events)
    if not log or not isinstance(log[0], SessionStarted):
        raise FoldError("a session's log begins with SessionStarted")
    root = log[0].tree
    steps: list[_Step] = []
    seconds: dict[str, float] = {}
    here: str | None = None  # the root node time is counting towards
    since = log[0].at
    escalations: list[tuple[str, str]] = []
    disposition: str | None = None
    for event in log[1:]:
        match event:
            case Entered():
                owner = event.node if event.tree == root else (steps[-1].root if steps else event.node)
                _move(seconds, here, since, event)
                steps.append(_Step(event.index, event.tree, event.node, owner))
                here, since = owner, event.at
            case Suggested() if steps:
                steps[-1].suggested = event
            case Answered() if steps:
                steps[-1].answered = event
            case Back(step=index):
                keep = next((i for i, s in enumerate(steps) if s.index == index), None)
                if keep is None:
                    raise FoldError(f"back to step {index}, which is not on the way")
                _move(seconds, here, since, event)
                del steps[keep + 1 :]
                steps[keep].answered = None  # given after the step was entered: it no longer counts
                here, since = steps[keep].root, event.at
            case Escalated():
                escalations.append((event.team, event.mode))
            case Ended():
                _move(seconds, here, since, event)
                here, disposition = None, event.disposition
    own = [s for s in steps if s.tree == root]
    return FoldedSession(
        tree=root,
        path=tuple(s.node for s in own),
        disposition=disposition,
        seconds=tuple(seconds.items()),
        suggestions=tuple(filter(None, map(_suggestion, own))),
        escalations=tuple(escalations),
        duration=(log[-1].at - log[0].at).total_seconds(),
        last=log[-1].at,
    )


def _move(seconds: dict[str, float], here: str | None, since: datetime, event: Event) -> None:
    """Close the stay at ``here`` at the event's time."""
    if here is not None:
        seconds[here] = seconds.get(here, 0.0) + max(0.0, (event.at - since).total_seconds())


def _suggestion(step: _Step) -> SuggestionOutcome | None:
    answered = step.answered
    if step.suggested is not None:
        option = step.suggested.option
    elif answered is not None and answered.how is not How.MANUAL:
        option = ACTION_SUGGESTION  # unsuggested, yet auto or override: an action's outcome
    else:
        return None
    if answered is None:
        return SuggestionOutcome(step.node, option, Verdict.UNANSWERED, None)
    if answered.how is How.OVERRIDE:
        return SuggestionOutcome(step.node, option, Verdict.OVERRIDDEN, answered.option)
    return SuggestionOutcome(step.node, option, Verdict.ACCEPTED, None)


def _contiguous(events: Iterable[Event]) -> list[Event]:
    """The events by index, from 0 up to the first gap; a repeated index keeps its first copy."""
    by_index: dict[int, Event] = {}
    for event in events:
        by_index.setdefault(event.index, event)
    log: list[Event] = []
    while len(log) in by_index:
        log.append(by_index[len(log)])
    return log
