"""One case as the case view shows it: its header, its conversation as a thread, and its history.

Built from cached rows by console.storage.case_repo; pure, so the ordering, threading and wording
rules are tested without a database. Timeline sentences are English templates with named fields:
the UI passes each template through Qt's translator before filling it in, so wording lives here once.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from console.domain.case import CaseStatus
from console.domain.clock import to_datetime
from console.domain.event import SYSTEM, EventType
from console.domain.excerpt import excerpt
from console.domain.mention import Media, MentionKind
from console.domain.network import Network
from console.domain.sentiment import Sentiment
from console.domain.translatable import translatable

CUSTOMER = "customer"  # the actor of the hub's mention_received events (console.hub.ingest)
MAX_DEPTH = 4  # deeper replies are shown at this depth: a 30-level thread stays readable


class Origin(StrEnum):
    """Where an event was made, from what the event itself carries."""

    NETWORK = "network"  # a connector brought it in from the social network
    HUB = "hub"  # the hub's own work: routing, auto-assignment, crisis watch, publishing
    WORKSTATION = "workstation"  # an agent's action, pushed from a workstation
    THIS_WORKSTATION = "this_workstation"  # … from this very workstation (its outbox holds it)


@dataclass(frozen=True, slots=True)
class CaseHeader:
    id: str
    network: Network
    account_id: str
    account_handle: str  # the brand account's handle; its id when the cache has no account row
    status: CaseStatus
    team: str | None  # the team that owns it: the one it was handed to, else the account's
    assignee: str | None  # names from the user directory (ids when it does not know them)
    claim_holder: str | None
    claim_expires_ms: int | None
    priority: int
    sla_policy: str | None
    first_response_due_ms: int | None
    resolution_due_ms: int | None
    first_response_ms: int | None
    resolved_ms: int | None
    opened_ms: int
    tags: tuple[str, ...]
    mention_count: int
    reopen_count: int
    snoozed_until_ms: int | None = None
    disposition: str | None = None
    sentiment_before: float | None = None  # the customer's mood before the first answer…
    sentiment_after: float | None = None  # …and in their first message after it

    @property
    def sentiment_change(self) -> float | None:
        """After − before the first answer: what the answer did to the customer's mood (−2…+2)."""
        if self.sentiment_before is None or self.sentiment_after is None:
            return None
        return round(self.sentiment_after - self.sentiment_before, 2)

    @property
    def owed_due_ms(self) -> int | None:
        """The due time of the promise still owed: the first response until one went out, then resolution."""
        if self.status is CaseStatus.RESOLVED:
            return None
        return self.first_response_due_ms if self.first_response_ms is None else self.resolution_due_ms


@dataclass(frozen=True, slots=True)
class ConversationEntry:
    """A customer's mention, or a brand reply (published — then also a mention — or still on its way)."""

    id: str  # the mention's id, or the reply's when the network has not echoed it back yet
    external_id: str | None  # the network's id; None for a reply not published yet
    network: Network
    kind: MentionKind
    author_handle: str
    author_name: str
    author_followers: int
    author_verified: bool
    text: str
    lang: str
    url: str
    created_ms: int
    parent_external_id: str | None
    sentiment: Sentiment | None  # None for the brand's replies that were never scored
    sentiment_score: float
    from_brand: bool
    depth: int = 0  # how deep in the thread (capped at MAX_DEPTH)
    reply_status: str | None = None  # a brand reply's publishing status (console.domain.reply)
    reply_reason: str = ""  # why it failed or needs review
    written_by: str | None = None  # the agent who wrote a brand reply, when this cache knows
    media: tuple[Media, ...] = ()  # pictures, videos and links attached to the message
    hidden: bool = False  # hidden on the network by the brand (the hub's latest ``hidden`` event)


@dataclass(frozen=True, slots=True)
class ContextPost:
    """What the conversation hangs under: the brand's post or an earlier post, when the cache has it."""

    external_id: str
    entry: ConversationEntry | None  # None: not in this cache (only its id is known)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    id: str
    type: EventType | str  # a str: a newer hub's type, shown plainly rather than dropped
    at_ms: int
    actor: str  # a name: the directory's, the customer's, or "Horseshoe" for the hub's own work
    origin: Origin
    template: str  # an English sentence with {named} fields (TEMPLATES)
    values: Mapping[str, str] = field(default_factory=dict)
    url: str = ""  # where to see it on the network (a published reply)

    @property
    def sentence(self) -> str:
        return self.template.format(**self.values)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    header: CaseHeader
    context: ContextPost | None
    conversation: tuple[ConversationEntry, ...]  # thread order: each post followed by its replies
    timeline: tuple[TimelineEntry, ...]  # oldest first
    reply_ids: frozenset[str] = frozenset()  # the replies rows shown (a published one as its mention)

    @property
    def row_ids(self) -> frozenset[str]:
        """Every cached row id the view shows: a pull that changes one of them changes the view."""
        shown = {e.id for e in self.conversation} | {e.id for e in self.timeline}
        if self.context and self.context.entry:
            shown.add(self.context.entry.id)
        return frozenset(shown) | self.reply_ids


HUB_ACTOR = "Horseshoe"


# --- the conversation ---------------------------------------------------------------------------


def thread(entries: Iterable[ConversationEntry]) -> tuple[ConversationEntry, ...]:
    """Entries in thread order: a post, then its replies (oldest first, depth-first), then the next.

    Depth marks forks, not turns: a message with one reply is followed by it at the same depth (a
    conversation with the brand would otherwise march off the right edge), several replies are
    each one step deeper than the message they answer.

    An entry whose parent is not among ``entries`` starts a thread of its own; threads are ordered by
    their first post, so the conversation still reads oldest first at the top level.
    """
    ordered = sorted(entries, key=lambda e: (e.created_ms, e.id))
    known = {e.external_id for e in ordered if e.external_id}
    children: dict[str | None, list[ConversationEntry]] = {}
    for entry in ordered:
        parent = entry.parent_external_id if entry.parent_external_id in known else None
        if parent == entry.external_id:  # a post replying to itself (bad data) is a root
            parent = None
        children.setdefault(parent, []).append(entry)
    result: list[ConversationEntry] = []
    seen: set[str] = set()
    stack = [(entry, 0) for entry in reversed(children.get(None, []))]
    while stack:  # iterative: a thread of thousands of replies must not hit the recursion limit
        entry, depth = stack.pop()
        if entry.id in seen:
            continue
        seen.add(entry.id)
        result.append(_at_depth(entry, min(depth, MAX_DEPTH)))
        replies = children.get(entry.external_id, []) if entry.external_id else []
        # A back-and-forth (one reply to each message) stays level; only a fork steps in.
        step = 1 if len(replies) > 1 else 0
        stack.extend((child, depth + step) for child in reversed(replies))
    # A parent cycle (a → b → a) leaves entries no root reaches: show them rather than lose them.
    result.extend(_at_depth(entry, 0) for entry in ordered if entry.id not in seen)
    return tuple(result)


def _at_depth(entry: ConversationEntry, depth: int) -> ConversationEntry:
    return entry if entry.depth == depth else replace(entry, depth=depth)


def context_external_id(entries: Iterable[ConversationEntry]) -> str | None:
    """The post the conversation hangs under: the earliest entry's parent, when no entry is it."""
    ordered = sorted(entries, key=lambda e: (e.created_ms, e.id))
    known = {e.external_id for e in ordered if e.external_id}
    for entry in ordered:
        if entry.parent_external_id and entry.parent_external_id not in known:
            return entry.parent_external_id
    return None


# --- the timeline -------------------------------------------------------------------------------

TEMPLATES: dict[str, str] = {
    "case_created": translatable("CaseTimeline", "Case opened on {network} for {account}"),
    "mention_received": translatable("CaseTimeline", "{author} wrote: “{text}”"),
    "mention_received_brand": translatable(
        "CaseTimeline", "The brand's reply appeared on {network}: “{text}”"
    ),
    "mention_received_unknown": translatable("CaseTimeline", "A new message arrived on {network}"),
    "routed": translatable("CaseTimeline", "Routed: {routing}"),
    "priority_set": translatable("CaseTimeline", "{actor} set the priority to {priority}"),
    "assigned_auto": translatable("CaseTimeline", "Assigned to {assignee} automatically ({reason})"),
    "assigned": translatable("CaseTimeline", "{actor} assigned the case to {assignee}"),
    "assigned_self": translatable("CaseTimeline", "{actor} took the case"),
    "assigned_outside": translatable("CaseTimeline", "{actor} assigned the case to {assignee} ({reason})"),
    "unassigned": translatable("CaseTimeline", "{actor} unassigned the case"),
    "claimed": translatable("CaseTimeline", "{actor} claimed the case"),
    "claim_renewed": translatable("CaseTimeline", "{actor} renewed the claim"),
    "claim_taken_over": translatable("CaseTimeline", "{actor} took the case over from {previous}"),
    "claim_handed_over": translatable("CaseTimeline", "{actor} handed the case over to {holder}"),
    "claim_requested": translatable("CaseTimeline", "{actor} asked {holder} for the case"),
    "claim_requested_saying": translatable(
        "CaseTimeline", "{actor} asked {holder} for the case: “{message}”"
    ),
    "claim_request_declined": translatable("CaseTimeline", "{actor} kept the case; {requester} asked for it"),
    "snoozed": translatable("CaseTimeline", "{actor} snoozed the case until {until}"),
    "snoozed_wake": translatable("CaseTimeline", "{actor} took the case out of snooze"),
    "released": translatable("CaseTimeline", "{actor} released the case"),
    "viewed": translatable("CaseTimeline", "{actor} viewed the case"),
    "note_added": translatable("CaseTimeline", "{actor} noted: {text}"),
    "tagged": translatable("CaseTimeline", "{actor} tagged it “{tag}”"),
    "untagged": translatable("CaseTimeline", "{actor} removed the tag “{tag}”"),
    "reply_queued": translatable("CaseTimeline", "{actor} sent a reply"),
    "reply_queued_held": translatable("CaseTimeline", "{actor} sent a reply, held for review"),
    "reply_published": translatable("CaseTimeline", "Reply published on {network}"),
    "reply_failed": translatable("CaseTimeline", "Reply failed: {reason}"),
    "reply_needs_review": translatable("CaseTimeline", "Reply held for review: {reason}"),
    "escalated": translatable("CaseTimeline", "{actor} escalated the case: {reason}"),
    "handed_off": translatable("CaseTimeline", "Handed to {team}: {reason}"),
    "handed_off_plain": translatable("CaseTimeline", "Handed to {team}"),
    "guidance_step": translatable(
        "CaseTimeline", "Guidance {tree}: {node} → {answer}"
    ),  # the step format before sessions
    "guidance_started": translatable("CaseTimeline", "Guidance {tree}: started"),
    "guidance_entered": translatable("CaseTimeline", "Guidance {tree}: reached {node}"),
    "guidance_suggested": translatable(
        "CaseTimeline", "Guidance {tree}: suggested '{option}' at {node}, as {why}"
    ),
    "guidance_answered": translatable(
        "CaseTimeline", "Guidance {tree}: answered '{answer}' at {node} ({how})"
    ),
    "guidance_note": translatable("CaseTimeline", "Guidance {tree}: noted at {node}: {text}"),
    "guidance_back": translatable("CaseTimeline", "Guidance {tree}: went back to {node}"),
    "guidance_escalated": translatable(
        "CaseTimeline", "Guidance {tree}: escalated to {team} ({mode}): {reason}"
    ),
    "guidance_ended": translatable("CaseTimeline", "Guidance {tree}: ended at {node} as {disposition}"),
    "resolved": translatable("CaseTimeline", "{actor} resolved the case: {disposition}"),
    "resolved_plain": translatable("CaseTimeline", "{actor} resolved the case"),
    "reopened": translatable("CaseTimeline", "{actor} reopened the case: {reason}"),
    "reopened_plain": translatable("CaseTimeline", "{actor} reopened the case"),
    "hide_requested": translatable("CaseTimeline", "{actor} asked {network} to hide {author}'s message"),
    "unhide_requested": translatable(
        "CaseTimeline", "{actor} asked {network} to show {author}'s message again"
    ),
    "hidden": translatable("CaseTimeline", "Hidden on {network} by {actor}: {author}'s message"),
    "unhidden": translatable("CaseTimeline", "Shown again on {network} by {actor}: {author}'s message"),
    "hide_failed": translatable("CaseTimeline", "Hiding {author}'s message on {network} failed: {reason}"),
    "unhide_failed": translatable(
        "CaseTimeline", "Showing {author}'s message again on {network} failed: {reason}"
    ),
    "other": translatable("CaseTimeline", "{actor}: {type}"),
}


@dataclass(frozen=True, slots=True)
class RawEvent:
    """An event row as stored, with its data decoded."""

    id: str
    type: str
    at_ms: int
    actor: str
    data: Mapping[str, Any]


def origin_of(event: RawEvent, mine: frozenset[str] = frozenset()) -> Origin:
    """Where ``event`` was made: pushed mutations carry their id (console.hub.push provenance);
    ``mine`` holds the mutation ids this workstation's outbox sent."""
    mutation = event.data.get("mutation")
    if mutation:
        return Origin.THIS_WORKSTATION if mutation in mine else Origin.WORKSTATION
    if event.actor == CUSTOMER or event.type == EventType.MENTION_RECEIVED:
        return Origin.NETWORK
    return Origin.HUB  # the hub's own work, publishing included (its actor is the reply's author)


def timeline_entry(
    event: RawEvent,
    names: Mapping[str, str],
    mentions: Mapping[str, ConversationEntry],
    header: CaseHeader,
    mine: frozenset[str] = frozenset(),
) -> TimelineEntry:
    """``event`` as a sentence. ``names``: user id → name; ``mentions``: mention id → entry."""

    def name(user_id: Any) -> str:
        return names.get(user_id, user_id) if user_id else "nobody"

    data = event.data
    actor = HUB_ACTOR if event.actor == SYSTEM else name(event.actor)
    values: dict[str, str] = {"actor": actor}
    url = ""
    key = event.type
    match event.type:
        case EventType.CASE_CREATED:
            network = data.get("network", header.network.value)
            values |= {"network": _network_label(network), "account": header.account_handle}
        case EventType.MENTION_RECEIVED:
            mention = mentions.get(data.get("mention_id", ""))
            values["network"] = header.network.label
            if mention is None:
                key = "mention_received_unknown"
            else:
                actor = mention.author_name or mention.author_handle
                values |= {"author": actor, "actor": actor, "text": excerpt(mention.text, 80)}
                url = mention.url
                key = "mention_received_brand" if mention.from_brand else "mention_received"
        case EventType.ROUTED if data.get("by"):  # by hand (set_priority), not the hub's triage
            key, values["priority"] = "priority_set", str(data.get("priority", "?"))
        case EventType.ROUTED:
            values["routing"] = _routing(data)
        case EventType.ASSIGNED:
            assignee, reason = data.get("assignee"), str(data.get("reason", ""))
            values |= {"assignee": name(assignee), "reason": reason.removeprefix("auto: ")}
            if assignee is None:
                key = "unassigned"
            elif reason.startswith("auto"):
                key = "assigned_auto"
            elif assignee == event.actor:
                key = "assigned_self"
            elif "outside" in reason:
                values["reason"] = reason.removeprefix("manual, ")
                key = "assigned_outside"
        case EventType.CLAIMED:
            if data.get("handed_over"):
                key, values["holder"] = "claim_handed_over", name(data.get("holder"))
            elif data.get("took_over_from"):
                key, values["previous"] = "claim_taken_over", name(data["took_over_from"])
            elif data.get("renewed"):
                key = "claim_renewed"
        case EventType.CLAIM_REQUESTED:
            values |= {
                "holder": name(data.get("holder")),
                "message": excerpt(str(data.get("message", "")), 200),
            }
            if values["message"]:
                key = "claim_requested_saying"
        case EventType.CLAIM_REQUEST_DECLINED:
            values["requester"] = name(data.get("requester"))
        case EventType.SNOOZED:
            until = data.get("until_ms")
            if isinstance(until, int):
                values["until"] = to_datetime(until).astimezone().strftime("%d %b %H:%M")
            else:
                key = "snoozed_wake"
        case EventType.NOTE_ADDED:
            values["text"] = excerpt(str(data.get("text", "")), 400)
        case EventType.TAGGED | EventType.UNTAGGED:
            values["tag"] = excerpt(str(data.get("tag", "")), 60)
        case EventType.REPLY_QUEUED:
            if data.get("status") == "needs_review":
                key = "reply_queued_held"
        case EventType.REPLY_PUBLISHED:
            values["network"] = header.network.label
            url = str(data.get("url") or "")
        case EventType.REPLY_FAILED | EventType.REPLY_NEEDS_REVIEW | EventType.ESCALATED:
            values["reason"] = excerpt(str(data.get("reason", "")), 300) or "no reason given"
        case EventType.HANDED_OFF:
            values |= {"team": str(data.get("team", "")), "reason": excerpt(str(data.get("reason", "")), 300)}
            if not values["reason"]:
                key = "handed_off_plain"
        case EventType.GUIDANCE_STEP if isinstance(data.get("event"), Mapping):
            key, found = _guidance_step(data)
            values |= found
        case EventType.GUIDANCE_STEP:
            values |= {k: excerpt(str(data.get(k, "")), 80) or "?" for k in ("tree", "node", "answer")}
        case EventType.RESOLVED:
            values["disposition"] = excerpt(str(data.get("disposition", "")), 120)
            if not values["disposition"]:
                key = "resolved_plain"
        case EventType.HIDE_REQUESTED | EventType.HIDDEN | EventType.HIDE_FAILED:
            mention = mentions.get(data.get("mention_id", ""))
            author = (mention.author_name or mention.author_handle) if mention else "a customer"
            values |= {"network": header.network.label, "author": author}
            values["reason"] = excerpt(str(data.get("reason", "")), 300) or "no reason given"
            key = ("" if data.get("hidden", True) else "un") + str(event.type)
            url = mention.url if mention else ""
        case EventType.REOPENED:
            values["reason"] = excerpt(str(data.get("reason", "")), 300)
            if not values["reason"]:
                key = "reopened_plain"
    if key not in TEMPLATES:
        key, values["type"] = "other", str(event.type).replace("_", " ")
    try:
        kind: EventType | str = EventType(event.type)
    except ValueError:
        kind = event.type
    return TimelineEntry(
        event.id, kind, event.at_ms, actor, origin_of(event, mine), TEMPLATES[key], values, url
    )


def hidden_mentions(events: Iterable[RawEvent]) -> frozenset[str]:
    """Ids of the mentions hidden on their network now, from the hub's ``hidden`` events (oldest
    first): the latest one for a mention says whether it is hidden or shown again."""
    hidden: set[str] = set()
    for event in events:
        mention_id = event.data.get("mention_id")
        if event.type != EventType.HIDDEN or not isinstance(mention_id, str):
            continue
        if event.data.get("hidden", True):
            hidden.add(mention_id)
        else:
            hidden.discard(mention_id)
    return frozenset(hidden)


def _guidance_step(data: Mapping[str, Any]) -> tuple[str, dict[str, str]]:
    """A guidance session's event (console.guidance.session_events) as a timeline sentence."""
    event = data["event"]
    kind = str(event.get("kind", ""))

    def text(name: str, limit: int = 80) -> str:
        return excerpt(str(event.get(name) or ""), limit) or "?"

    values = {
        "tree": excerpt(str(event.get("tree") or data.get("tree") or ""), 80) or "?",
        "node": text("node"),
    }
    match kind:
        case "answered":
            given = event.get("values")
            if isinstance(given, Mapping):
                answer = ", ".join(f"{name}={value}" for name, value in given.items())
            else:
                answer = str(event.get("option") or "")
            values |= {"answer": excerpt(answer, 120) or "?", "how": text("how", 20)}
        case "suggested":
            values |= {"option": text("option"), "why": text("why", 160)}
        case "note":
            values["text"] = text("text", 400)
        case "escalated":
            values |= {
                "team": text("team", 60),
                "mode": text("mode", 20).replace("_", " "),
                "reason": text("reason", 300),
            }
        case "ended":
            values["disposition"] = text("disposition", 120)
        case "started" | "entered" | "back":
            pass
        case _:
            return "guidance_step", values | {"answer": kind or "?"}
    return f"guidance_{kind}", values


def _network_label(value: str) -> str:
    try:
        return Network(value).label
    except ValueError:
        return value


def _routing(data: Mapping[str, Any]) -> str:
    parts = []
    if "priority" in data:
        parts.append(f"priority {data['priority']}")
    if data.get("sla_policy"):
        parts.append(f"service level {data['sla_policy']}")
    return ", ".join(parts) or "triaged"
