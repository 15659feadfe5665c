"""A case replayed: one frame after each of its events, each the case as it was at that moment.

A frame holds the folded case (status, assignee, claim, priority, service level, tags, mood — the
same :func:`~console.domain.case.apply_event` the hub and the cache use, so the replay agrees with
them by construction), the guidance state, and how many notes there were. The conversation as it
stood, what the customer said next and the notes so far are read from per-message indexes when a
frame is shown, so building a replay is one pass over the events and showing a frame costs a walk
over the case's messages, not over its history.

The guidance state is opaque here (the domain knows no trees): the caller gives its start and the
function that folds one ``guidance_step`` event into it (console.guidance.replay_path does).
"""

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from console.domain.case import Case, InvalidEventError, apply_event
from console.domain.case_detail import CaseDetail, ConversationEntry, RawEvent, TimelineEntry, thread
from console.domain.event import Event, EventType
from console.domain.reply import ReplyStatus
from console.domain.sla import Clock, clock

G = TypeVar("G")
GuidanceFold = Callable[[Any, Mapping[str, Any], int], Any]


@dataclass(frozen=True, slots=True)
class CaseHistory:
    """What a replay is built from: the case as the case view reads it, and its raw events."""

    detail: CaseDetail
    events: tuple[RawEvent, ...]  # oldest first, the order of ``detail.timeline``
    reply_external_ids: Mapping[str, str | None]  # reply id → its network id once published
    names: Mapping[str, str]  # user id → name, for everyone the events name
    account_team: str | None = None  # the brand account's team: a case not handed off belongs to it


@dataclass(frozen=True, slots=True)
class ReplayNote:
    at_ms: int
    author: str  # a name
    text: str


@dataclass(frozen=True, slots=True)
class Frame(Generic[G]):
    """The case right after event ``index`` (``entry`` says it in words)."""

    index: int
    entry: TimelineEntry
    case: Case
    guidance: G
    notes: int  # how many of the replay's notes were written by then
    mood_changed: bool = False  # this event gave the case its sentiment after the answer

    @property
    def at_ms(self) -> int:
        return self.entry.at_ms


@dataclass(slots=True)
class _Shown:
    """When a message appeared, and how its state (a reply's status, hidden) changed afterwards."""

    appeared: int | None = None  # the frame it appeared in; None: no event says (placed by its time)
    changes: list[tuple[int, dict[str, Any]]] | None = None


class Replay(Generic[G]):
    """The frames of one case, and the conversation, notes and next message as of each."""

    def __init__(
        self,
        history: CaseHistory,
        frames: tuple[Frame[G], ...],
        shown: dict[int, _Shown],
        notes: tuple[ReplayNote, ...],
    ):
        self.history = history
        self.frames = frames
        self.notes_written = notes
        entries = history.detail.conversation
        times = [frame.at_ms for frame in frames]
        self._appeared: list[int] = []
        self._changes: list[list[tuple[int, dict[str, Any]]]] = []
        for i, entry in enumerate(entries):
            found = shown.get(i) or _Shown()
            # A message no event announces shows from the last event at or before its time.
            appeared = found.appeared
            if appeared is None:
                appeared = max(0, bisect_right(times, entry.created_ms) - 1)
            self._appeared.append(appeared)
            self._changes.append(found.changes or [])
        customers = sorted(
            (self._appeared[i], entry.created_ms, i)
            for i, entry in enumerate(entries)
            if not entry.from_brand
        )
        self._customer_order = customers
        self._customer_frames = [appeared for appeared, _, _ in customers]
        self.first_mention_ms = min((e.created_ms for e in entries if not e.from_brand), default=None)

    def __len__(self) -> int:
        return len(self.frames)

    @property
    def detail(self) -> CaseDetail:
        return self.history.detail

    def name(self, user_id: str | None) -> str | None:
        return self.history.names.get(user_id, user_id) if user_id else None

    def conversation(self, index: int) -> tuple[ConversationEntry, ...]:
        """The messages there were after frame ``index``, in thread order, as they stood then."""
        visible = [
            self._as_of(i, entry, index)
            for i, entry in enumerate(self.detail.conversation)
            if self._appeared[i] <= index
        ]
        return thread(visible)

    def later(self, index: int) -> tuple[ConversationEntry, ...]:
        """The messages that came after frame ``index`` (in their final state), oldest first."""
        entries = self.detail.conversation
        return tuple(
            sorted(
                (entry for i, entry in enumerate(entries) if self._appeared[i] > index),
                key=lambda e: (e.created_ms, e.id),
            )
        )

    def next_customer(self, index: int) -> ConversationEntry | None:
        """What the customer said next: their first message after frame ``index``, if any."""
        at = bisect_right(self._customer_frames, index)
        if at == len(self._customer_order):
            return None
        return self.detail.conversation[self._customer_order[at][2]]

    def next_customer_frame(self, index: int) -> int | None:
        """The frame the customer's next message arrived in."""
        at = bisect_right(self._customer_frames, index)
        return self._customer_frames[at] if at < len(self._customer_frames) else None

    def notes(self, index: int) -> tuple[ReplayNote, ...]:
        return self.notes_written[: self.frames[index].notes]

    def since_first_mention_ms(self, index: int) -> int | None:
        """How long the customer had been waiting, or talking, by frame ``index``."""
        first = self.first_mention_ms
        return None if first is None else max(0, self.frames[index].at_ms - first)

    def service_level(self, index: int) -> tuple[Clock, Clock]:
        """How the first-response and resolution promises stood at frame ``index``."""
        frame = self.frames[index]
        case, at = frame.case, frame.at_ms
        first = clock(case.opened_ms, case.first_response_due_ms, case.first_response_ms, at)
        resolved = clock(case.opened_ms, case.resolution_due_ms, case.resolved_ms, at)
        return first, resolved

    def team(self, index: int) -> str | None:
        return self.frames[index].case.team or self.history.account_team

    def _as_of(self, i: int, entry: ConversationEntry, index: int) -> ConversationEntry:
        changes = self._changes[i]
        if index == len(self.frames) - 1:  # the last frame is the case as the cache holds it now
            return entry
        if not changes:
            return entry
        upto = bisect_left([frame for frame, _ in changes], index + 1)
        # Before its first change a field had its starting value, not the one the cache holds now.
        state = {name: value for name, value in _BEFORE.items() if any(name in c for _, c in changes)}
        for _, change in changes[:upto]:
            state |= change
        return replace(entry, **state) if state else entry


_BEFORE: dict[str, Any] = {"hidden": False}  # a reply's status has none: it appears with its first


def build_replay(history: CaseHistory, guidance: G, fold_guidance: GuidanceFold) -> Replay[G]:
    """The replay of ``history``, in one pass over its events; ``guidance`` is the guidance state
    before any step and ``fold_guidance(state, data, at_ms)`` the state after a step's data."""
    detail = history.detail
    by_key = _entry_keys(detail.conversation, history.reply_external_ids)
    timeline = {entry.id: entry for entry in detail.timeline}
    header = detail.header
    case = Case(header.id, header.network, header.account_id, "", header.opened_ms)
    shown: dict[int, _Shown] = {}
    notes: list[ReplayNote] = []
    frames: list[Frame[G]] = []

    def change(key: Any, frame: int, **state: Any) -> None:
        at = by_key.get(key) if isinstance(key, str) else None
        if at is None:
            return
        found = shown.setdefault(at, _Shown())
        if found.appeared is None:
            found.appeared = frame
        if state:
            found.changes = [*(found.changes or []), (frame, state)]

    for raw in history.events:
        entry = timeline.get(raw.id)
        if entry is None:  # the view left it out (it never does): no frame without words
            continue
        frame = len(frames)
        data = raw.data
        before = case.sentiment_after
        case = _fold(case, raw)
        match raw.type:
            case EventType.MENTION_RECEIVED:
                # The brand's echo keeps the state its reply reached (published, by then).
                change(data.get("mention_id"), frame)
            case EventType.REPLY_QUEUED:
                status = str(data.get("status") or ReplyStatus.QUEUED.value)
                change(data.get("reply_id"), frame, reply_status=status, reply_reason="")
            case EventType.REPLY_PUBLISHED:
                change(data.get("reply_id"), frame, **_published())
            case EventType.REPLY_FAILED | EventType.REPLY_NEEDS_REVIEW:
                status = (
                    ReplyStatus.FAILED if raw.type == EventType.REPLY_FAILED else ReplyStatus.NEEDS_REVIEW
                )
                reason = str(data.get("reason") or "")
                change(data.get("reply_id"), frame, reply_status=status.value, reply_reason=reason)
            case EventType.HIDDEN:
                change(data.get("mention_id"), frame, hidden=bool(data.get("hidden", True)))
            case EventType.NOTE_ADDED:
                author = history.names.get(raw.actor, raw.actor)
                notes.append(ReplayNote(raw.at_ms, author, str(data.get("text", ""))))
            case EventType.GUIDANCE_STEP:
                guidance = fold_guidance(guidance, data, raw.at_ms)
        changed = before is None and case.sentiment_after is not None
        frames.append(Frame(frame, entry, case, guidance, len(notes), changed))
    return Replay(history, tuple(frames), shown, tuple(notes))


def _published() -> dict[str, Any]:
    return {"reply_status": ReplyStatus.PUBLISHED.value, "reply_reason": ""}


def _fold(case: Case, raw: RawEvent) -> Case:
    """``case`` after ``raw``: an event this version does not know, or one whose data does not read,
    changes nothing (its frame still shows it in words)."""
    try:
        event = Event(raw.id, case.id, EventType(raw.type), raw.at_ms, raw.actor, raw.data)
        if event.type is EventType.CASE_CREATED:
            return replace(apply_event(None, event), version=case.version + 1)
        return apply_event(case, event)
    except (InvalidEventError, KeyError, TypeError, ValueError):
        return case


def _entry_keys(
    entries: tuple[ConversationEntry, ...], reply_external_ids: Mapping[str, str | None]
) -> dict[str, int]:
    """Mention id, reply id → the conversation entry that shows it (a reply the network echoed back
    is shown as its mention, found by its network id)."""
    keys = {entry.id: i for i, entry in enumerate(entries)}
    by_external = {entry.external_id: i for i, entry in enumerate(entries) if entry.external_id}
    for reply_id, external_id in reply_external_ids.items():
        if external_id and external_id in by_external:
            keys[reply_id] = by_external[external_id]
    return keys
