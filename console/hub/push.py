"""Push: apply a workstation's mutations in its order, each exactly once, each in one transaction.

Per mutation, in one transaction that also holds the change-counter lock: check the workstation's
last applied sequence, apply the effect (events, the case row, a reply or a draft), record the
answer and the new last sequence. A resend of anything at or below that sequence is answered
"duplicate" with the first answer, so a response lost on the way back costs nothing; a mutation
that arrives before its predecessor is left for later (``next_seq`` says where to resume).

Claims are granted here only: a holder, a lease, and a fencing token that grows with every grant.
A reply carries the token it was written under; if another grant happened since, the reply is
kept as "needs review" with the reason, never dropped.
"""

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, Engine, bindparam, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from console.domain.agent import ASSIGNABLE_ROLES, Agent, Permission
from console.domain.case import Case, CaseStatus, apply_event
from console.domain.clock import format_age, now_ms
from console.domain.event import Event, EventType
from console.domain.ids import uuid7
from console.domain.mention import MentionKind
from console.domain.moderation import hide_problem
from console.domain.mutation import (
    CUSTOMER_KINDS,
    InvalidMutationError,
    Mutation,
    MutationKind,
    MutationResult,
    Outcome,
    assignee_of,
    validate,
)
from console.domain.network import Network
from console.domain.note_mentions import mentioned_usernames
from console.domain.reply import ReplyStatus
from console.guidance.session_events import guidance_problem
from console.hub import broadcasts, customers
from console.hub.cases import claim_problem, display_name, load_case, record
from console.hub.changelog import SequenceAllocator, lock_sequence
from console.hub.database import reader
from console.hub.rescope import touch_cases
from console.hub.schema import (
    accounts,
    drafts,
    mentions,
    moderation_jobs,
    mutations,
    replies,
    teams,
    users,
    workstations,
)

CLAIM_LEASE_MS = 15 * 60_000  # renewed by the workstation while the case stays open on screen
MAX_BATCH = 500
PRESENCE_FRESH_MS = 30_000

PresenceListener = Callable[[Agent, Mutation], None]


@dataclass(frozen=True, slots=True)
class PushResult:
    results: list[MutationResult]
    next_seq: int  # the sequence the hub expects next from this workstation


class WorkstationError(PermissionError):
    """The workstation id belongs to another user: its outbox is not the caller's to send."""


class _RejectedError(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(slots=True)
class _Effect:
    case: Case | None = None
    events: list[Event] | None = None
    detail: dict | None = None
    reason: str = ""
    rehomed: bool = False  # the case moves to another team: re-log its rows (console.hub.rescope)


def push(
    engine: Engine,
    agent: Agent,
    workstation_id: str,
    batch: Sequence[Mutation],
    on_presence: PresenceListener | None = None,
    at_ms: int | None = None,
    lease_ms: int = CLAIM_LEASE_MS,
) -> PushResult:
    """Apply ``batch`` (in the workstation's order); stops at the first gap in its sequence."""
    results: list[MutationResult] = []
    now = now_ms() if at_ms is None else at_ms
    next_seq = expected_seq(engine, agent, workstation_id)
    for mutation in sorted(batch, key=lambda m: m.seq):
        if mutation.seq > next_seq:
            break  # a predecessor is missing: the workstation resends from next_seq
        result = _apply_one(engine, agent, workstation_id, mutation, now, lease_ms)
        results.append(result)
        next_seq = max(next_seq, mutation.seq + 1)
        if on_presence and _fresh_presence(mutation, result, now):
            on_presence(agent, mutation)
    return PushResult(results, next_seq)


def _fresh_presence(mutation: Mutation, result: MutationResult, now: int) -> bool:
    """Presence worth telling others: applied, and recent ("typing" from an hour ago is no news)."""
    return (
        mutation.kind is MutationKind.PRESENCE
        and result.outcome is Outcome.APPLIED
        and now - mutation.created_ms <= PRESENCE_FRESH_MS
    )


def expected_seq(engine: Engine, agent: Agent, workstation_id: str) -> int:
    with reader(engine).connect() as connection:
        row = connection.execute(select(workstations).where(workstations.c.id == workstation_id)).first()
    if row is None:
        return 1
    if row.user_id != agent.id:
        raise WorkstationError(f"workstation {workstation_id} pushes for another user")
    return row.last_seq + 1


def _apply_one(
    engine: Engine, agent: Agent, workstation_id: str, mutation: Mutation, now: int, lease_ms: int
) -> MutationResult:
    with engine.begin() as connection:
        sequence = lock_sequence(connection)
        start = sequence.last
        row = connection.execute(select(workstations).where(workstations.c.id == workstation_id)).first()
        if row is not None and row.user_id != agent.id:
            raise WorkstationError(f"workstation {workstation_id} pushes for another user")
        if row is not None and mutation.seq <= row.last_seq:
            return _earlier_answer(connection, workstation_id, mutation)
        try:
            effect = _effect(connection, sequence, agent, mutation, now, lease_ms)
        except _RejectedError as rejected:
            result = MutationResult(mutation.id, mutation.seq, Outcome.REJECTED, rejected.reason)
        else:
            if effect.rehomed:  # before the case row, so the row stays where the effect is visible
                touch_cases(connection, sequence, [mutation.case_id], case_rows=False)
            if effect.case is not None:
                visible = record(connection, sequence, effect.case, _provenance(effect.events, mutation))
            else:  # a draft has a change number of its own; presence and no-ops have none
                visible = sequence.last if sequence.last > start else None
            result = MutationResult(
                mutation.id, mutation.seq, Outcome.APPLIED, effect.reason, visible, effect.detail or {}
            )
        _remember(connection, workstation_id, agent, mutation, result, now, first=row is None)
        sequence.close()
        return result


def _earlier_answer(connection: Connection, workstation_id: str, mutation: Mutation) -> MutationResult:
    row = connection.execute(
        select(mutations).where(mutations.c.workstation_id == workstation_id, mutations.c.seq == mutation.seq)
    ).first()
    if row is None or row.id != mutation.id:
        reason = "this sequence number was used by another mutation" if row else "applied long ago"
        return MutationResult(mutation.id, mutation.seq, Outcome.DUPLICATE, reason)
    return MutationResult(
        mutation.id,
        mutation.seq,
        Outcome.DUPLICATE,
        row.reason,
        row.visible_at,
        {"first_outcome": row.outcome, **json.loads(row.detail)},
    )


def _remember(
    connection: Connection,
    workstation_id: str,
    agent: Agent,
    mutation: Mutation,
    result: MutationResult,
    now: int,
    first: bool,
) -> None:
    """The answer and the new last sequence, in the same transaction as the effect."""
    connection.execute(
        insert(mutations),
        {
            "id": mutation.id,
            "workstation_id": workstation_id,
            "seq": mutation.seq,
            "kind": mutation.kind.value,
            "case_id": mutation.case_id,
            "outcome": result.outcome.value,
            "reason": result.reason,
            "visible_at": result.visible_at,
            "detail": json.dumps(dict(result.detail)),
            "applied_ms": now,
        },
    )
    if first:
        row = {"id": workstation_id, "user_id": agent.id, "last_seq": mutation.seq, "last_push_ms": now}
        connection.execute(insert(workstations), row)
    else:
        connection.execute(_ADVANCE, {"ws": workstation_id, "v_seq": mutation.seq, "v_ms": now})


_ADVANCE = (
    update(workstations)
    .where(workstations.c.id == bindparam("ws"))
    .values(last_seq=bindparam("v_seq"), last_push_ms=bindparam("v_ms"))
)


# --- effects ------------------------------------------------------------------------------------


def _effect(
    connection: Connection,
    sequence: SequenceAllocator,
    agent: Agent,
    mutation: Mutation,
    now: int,
    lease_ms: int,
) -> _Effect:
    try:
        validate(mutation.kind, mutation.payload)
    except InvalidMutationError as error:
        raise _RejectedError(str(error)) from None
    if mutation.kind is MutationKind.BROADCAST:  # a team note: about no case
        try:
            return _Effect(
                detail={"broadcast_seq": broadcasts.apply(connection, sequence, agent, mutation, now)}
            )
        except broadcasts.BroadcastRejectedError as rejected:
            raise _RejectedError(rejected.reason) from None
    if not agent.may(Permission.WORK_CASES):
        raise _RejectedError(f"a {agent.role.value} may not change cases")
    case = load_case(connection, mutation.case_id)
    if case is None:
        raise _RejectedError(f"no case {mutation.case_id} on this hub")
    if mutation.kind is MutationKind.CLAIM:
        return _claim(connection, sequence, agent, case, mutation, now, lease_ms)
    if mutation.kind is MutationKind.ANSWER_CLAIM_REQUEST:
        return _answer_claim_request(connection, agent, case, mutation, now, lease_ms)
    handler = _HANDLERS[mutation.kind]
    return handler(connection, sequence, agent, case, mutation, now)


def _event(case: Case, kind: EventType, agent: Agent, now: int, **data) -> Event:
    return Event(uuid7(), case.id, kind, now, actor=agent.id, data=data)


def _provenance(events: list[Event] | None, mutation: Mutation) -> list[Event]:
    """The events with the id of the mutation that caused them: an audit can then prove from the log
    alone that each workstation action took effect once (the fault campaign's checker does)."""
    return [replace(e, data={**e.data, "mutation": mutation.id}) for e in events or ()]


def _folded(case: Case, *new_events: Event, detail: dict | None = None, reason: str = "") -> _Effect:
    for event in new_events:
        case = apply_event(case, event)
    return _Effect(case, list(new_events), detail, reason)


def _holds(case: Case, agent: Agent, now: int) -> bool:
    return case.claim_holder == agent.id and (case.claim_expires_ms or 0) > now


def _held_by_other(case: Case, agent: Agent, now: int) -> bool:
    return case.claim_holder not in (None, agent.id) and (case.claim_expires_ms or 0) > now


def _claim(connection, sequence, agent, case, mutation, now, lease_ms=CLAIM_LEASE_MS) -> _Effect:
    if case.status is CaseStatus.RESOLVED:
        raise _RejectedError("the case is resolved: reopen it first")
    took_over = None
    if _held_by_other(case, agent, now):
        if not (mutation.payload.get("takeover") and agent.may(Permission.MANAGE_OTHERS_WORK)):
            holder, left = (
                display_name(connection, case.claim_holder),
                format_age(now, case.claim_expires_ms or now),
            )
            raise _RejectedError(f"{holder} holds this case ({left} of lease left)")
        took_over = case.claim_holder
    renewing = _holds(case, agent, now)
    token = case.claim_token if renewing else case.claim_token + 1
    expires = now + lease_ms
    data = {"token": token, "expires_ms": expires, "renewed": renewing}
    if took_over:
        data["took_over_from"] = took_over
    event = _event(case, EventType.CLAIMED, agent, now, **data)
    return _folded(case, event, detail={"claim_token": token, "expires_ms": expires})


def _request_claim(connection, sequence, agent, case, mutation, now) -> _Effect:
    """Ask the holder for the case: an event the holder's workstation shows, nothing else changes."""
    if not _held_by_other(case, agent, now):
        raise _RejectedError("nobody else holds this case: claim it")
    message = mutation.payload.get("message", "")[:500]
    event = _event(case, EventType.CLAIM_REQUESTED, agent, now, holder=case.claim_holder, message=message)
    return _folded(case, event)


def _answer_claim_request(connection, agent, case, mutation, now, lease_ms) -> _Effect:
    """The holder hands the case to whoever asked (a new claim for them, fenced by a new token) or
    keeps it (the asker is told)."""
    if not _holds(case, agent, now):
        raise _RejectedError("you no longer hold this case")
    requester = mutation.payload["requester"]
    person = connection.execute(select(users.c.role, users.c.disabled).where(users.c.id == requester)).first()
    if person is None or person.disabled or person.role not in ASSIGNABLE_ROLES:
        raise _RejectedError(f"{display_name(connection, requester)} may not take cases")
    if not mutation.payload["give"]:
        return _folded(case, _event(case, EventType.CLAIM_REQUEST_DECLINED, agent, now, requester=requester))
    token, expires = case.claim_token + 1, now + lease_ms
    data = {"holder": requester, "token": token, "expires_ms": expires, "handed_over": True}
    event = _event(case, EventType.CLAIMED, agent, now, **data)
    return _folded(case, event, detail={"claim_token": token, "expires_ms": expires})


SNOOZE_LIMIT_MS = 30 * 86_400_000  # a month: longer is a reminder system, not a snooze


def _snooze(connection, sequence, agent, case, mutation, now) -> _Effect:
    """Out of the queue until a time (None: back now). A customer message wakes it earlier."""
    if case.status is CaseStatus.RESOLVED:
        raise _RejectedError("the case is resolved: nothing to snooze")
    if _held_by_other(case, agent, now) and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    until = mutation.payload["until_ms"]
    if until is not None and not now < until <= now + SNOOZE_LIMIT_MS:
        raise _RejectedError("snooze until a time in the next 30 days")
    if until is None and case.snoozed_until_ms is None:
        return _Effect(reason="not snoozed")
    return _folded(case, _event(case, EventType.SNOOZED, agent, now, until_ms=until))


def _set_priority(connection, sequence, agent, case, mutation, now) -> _Effect:
    """The case's priority by hand, as the hub's own re-routing sets it (a ``routed`` event): the
    next routing of a new mention may set it again."""
    if _held_by_other(case, agent, now) and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    priority = mutation.payload["priority"]
    if priority == case.priority:
        return _Effect(reason="already so")
    data = {"priority": priority, "by": agent.id, "reason": mutation.payload.get("reason", "")}
    return _folded(case, _event(case, EventType.ROUTED, agent, now, **data))


def _release(connection, sequence, agent, case, mutation, now) -> _Effect:
    if case.claim_holder is None:
        return _Effect(reason="nobody held the case")
    if case.claim_holder != agent.id and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    return _folded(case, _event(case, EventType.RELEASED, agent, now, token=case.claim_token))


def _presence(connection, sequence, agent, case, mutation, now) -> _Effect:
    return _Effect()  # live only: the caller fans it out; the case's history does not change


def _draft(connection, sequence, agent, case, mutation, now) -> _Effect:
    values = {
        "id": f"{case.id}:{agent.id}",
        "case_id": case.id,
        "user_id": agent.id,
        "text": mutation.payload["text"],
        "updated_ms": now,
        "seq": sequence.next(),
    }
    dialect = postgresql if connection.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(drafts).values(values)
    changed = {k: statement.excluded[k] for k in ("text", "updated_ms", "seq")}
    connection.execute(statement.on_conflict_do_update(index_elements=[drafts.c.id], set_=changed))
    return _Effect(detail={"draft_seq": values["seq"]})


def _note(connection, sequence, agent, case, mutation, now) -> _Effect:
    """An internal note; colleagues it @mentions are named in the event, so their desks tell them."""
    text = mutation.payload["text"]
    data: dict = {"text": text}
    names = mentioned_usernames(text)
    if names:
        # The directory is small and a note with a mention rare: match in Python, where casefold()
        # folds every script (SQLite's lower() folds ASCII only).
        people = connection.execute(select(users.c.id, users.c.username).where(users.c.disabled.is_(False)))
        by_name = {username.casefold(): user_id for user_id, username in people}
        data["mentions"] = [by_name[name] for name in names if name in by_name]
    return _folded(case, _event(case, EventType.NOTE_ADDED, agent, now, **data))


def _tag(connection, sequence, agent, case, mutation, now) -> _Effect:
    tag = mutation.payload["tag"].strip()
    kind = EventType.TAGGED if mutation.kind is MutationKind.TAG else EventType.UNTAGGED
    if (tag in case.tags) == (kind is EventType.TAGGED):
        return _Effect(reason="already so")
    return _folded(case, _event(case, kind, agent, now, tag=tag))


def _guidance(connection, sequence, agent, case, mutation, now) -> _Effect:
    """One event of a guidance session, stored whole: reports fold sessions from these events, so
    one that does not read as a session event is refused here rather than skewing them later."""
    problem = guidance_problem(mutation.payload)
    if problem:
        raise _RejectedError(problem)
    return _folded(case, _event(case, EventType.GUIDANCE_STEP, agent, now, **dict(mutation.payload)))


def _reply(connection, sequence, agent, case, mutation, now) -> _Effect:
    payload = mutation.payload
    token = payload["claim_token"]
    reason = claim_problem(connection, case, agent.id, token, now, "before the reply reached the hub")
    status = ReplyStatus.NEEDS_REVIEW if reason else ReplyStatus.QUEUED
    existing = connection.scalar(select(replies.c.id).where(replies.c.id == payload["reply_id"]))
    if existing:
        raise _RejectedError(f"reply {payload['reply_id']} exists already")
    connection.execute(
        insert(replies),
        {
            "id": payload["reply_id"],
            "case_id": case.id,
            "author_id": agent.id,
            "account_id": payload.get("account_id") or case.account_id,
            "text": payload["text"],
            "private": bool(payload.get("private", False)),
            "claim_token": token,
            "status": status,
            "reason": reason,
            "external_id": None,
            "attempts": 0,
            "created_ms": now,
            "updated_ms": now,
            "seq": sequence.next(),
        },
    )
    event = _event(case, EventType.REPLY_QUEUED, agent, now, reply_id=payload["reply_id"], status=status)
    return _folded(case, event, detail={"reply_status": status}, reason=reason)


def _hide(connection, sequence, agent, case, mutation, now) -> _Effect:
    """Hide (or unhide) a customer's mention on its network: a job for the moderator
    (console.hub.moderator), which records the outcome as an event when the network has answered."""
    payload = mutation.payload
    mention = connection.execute(select(mentions).where(mentions.c.id == payload["mention_id"])).first()
    if mention is None or mention.case_id != case.id:
        raise _RejectedError(f"no mention {payload['mention_id']} in this case")
    if _held_by_other(case, agent, now) and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    # X hides replies in conversations the brand started: the thread's root is the key's last part
    # (network:account:root). Not in this hub (the brand's own posts are rarely ingested): X decides.
    root = mention.conversation_key.rsplit(":", 1)[-1]
    thread_from_brand = connection.scalar(
        select(mentions.c.from_brand).where(
            mentions.c.network == mention.network, mentions.c.external_id == root
        )
    )
    problem = hide_problem(
        Network(mention.network), MentionKind(mention.kind), mention.from_brand, thread_from_brand
    )
    if problem:
        raise _RejectedError(problem)
    hidden, reason = payload["hidden"], payload.get("reason", "")[:500]
    connection.execute(
        insert(moderation_jobs),
        {
            "id": mutation.id,
            "case_id": case.id,
            "mention_id": mention.id,
            "account_id": mention.account_id,
            "network": mention.network,
            "external_id": mention.external_id,
            "hidden": hidden,
            "reason": reason,
            "requested_by": agent.id,
            "status": "queued",
            "last_error": "",
            "attempts": 0,
            "next_attempt_ms": now,
            "created_ms": now,
            "updated_ms": now,
        },
    )
    data = {"mention_id": mention.id, "hidden": hidden, "job_id": mutation.id, "reason": reason}
    return _folded(case, _event(case, EventType.HIDE_REQUESTED, agent, now, **data))


def _handoff(connection, sequence, agent, case, mutation, now) -> _Effect:
    team = mutation.payload["team"]
    if not connection.scalar(select(teams.c.id).where(teams.c.id == team)):
        raise _RejectedError(f"no team {team!r} on this hub")
    if _held_by_other(case, agent, now) and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    event = _event(
        case,
        EventType.HANDED_OFF,
        agent,
        now,
        team=team,
        reason=mutation.payload["reason"],
        from_team=case.team,
    )
    effect = _folded(case, event)
    effect.rehomed = team != case.team
    return effect


def _resolve(connection, sequence, agent, case, mutation, now) -> _Effect:
    if case.status is CaseStatus.RESOLVED:
        return _Effect(reason="already resolved")
    if _held_by_other(case, agent, now) and not agent.may(Permission.MANAGE_OTHERS_WORK):
        raise _RejectedError(f"{display_name(connection, case.claim_holder)} holds this case, not you")
    disposition = mutation.payload.get("disposition", "")
    return _folded(case, _event(case, EventType.RESOLVED, agent, now, disposition=disposition))


def _reopen(connection, sequence, agent, case, mutation, now) -> _Effect:
    if case.status is not CaseStatus.RESOLVED:
        return _Effect(reason="the case is open already")
    return _folded(
        case, _event(case, EventType.REOPENED, agent, now, reason=mutation.payload.get("reason", ""))
    )


def _assign(connection, sequence, agent, case, mutation, now) -> _Effect:
    """Who works the case: a supervisor or admin gives any open case to any enabled agent or
    supervisor (outside the owning team too, saying so in the event); an agent takes a free case
    (or one already theirs) or gives theirs back. The claim is left as it is: assigning says whose
    work it is, claiming who is answering right now."""
    if case.status is CaseStatus.RESOLVED:
        raise _RejectedError("the case is resolved: reopen it first")
    target = assignee_of(mutation.payload)
    manager = agent.may(Permission.MANAGE_OTHERS_WORK)
    if not manager:
        if target not in (None, agent.id):
            raise _RejectedError("only a supervisor may assign a case to someone else")
        if case.assignee not in (None, agent.id):
            current = display_name(connection, case.assignee)
            raise _RejectedError(f"the case is assigned to {current}: only a supervisor may reassign it")
    if target == case.assignee:
        return _Effect(
            reason=f"already assigned to {display_name(connection, target)}"
            if target
            else "already unassigned"
        )
    reason = "manual"
    if target is not None:
        person = connection.execute(
            select(users.c.name, users.c.role, users.c.teams, users.c.disabled).where(users.c.id == target)
        ).first()
        if person is None:
            raise _RejectedError(f"no user {target!r} on this hub")
        if person.disabled:
            raise _RejectedError(f"{person.name}'s account is disabled")
        if person.role not in ASSIGNABLE_ROLES:
            article = "an" if person.role[:1] in "aeiou" else "a"
            raise _RejectedError(
                f"{person.name} is {article} {person.role}: only agents and supervisors take cases"
            )
        owner = case.team or connection.scalar(
            select(accounts.c.team).where(accounts.c.id == case.account_id)
        )
        if owner not in json.loads(person.teams):
            outside = (
                f"{person.name} is not in {owner}, which owns the case" if owner else "the case has no team"
            )
            if not manager:
                raise _RejectedError(outside)
            reason = f"manual, outside the team: {outside} ({agent.role.value}'s decision)"
    event = _event(case, EventType.ASSIGNED, agent, now, assignee=target, by=agent.id, reason=reason)
    return _folded(case, event)


def _customer(connection, sequence, agent, case, mutation, now) -> _Effect:
    """A change to the profile of a customer (console.hub.customers); the case is only where the
    agent acted from, so it must exist but keeps its history as it is."""
    try:
        reason = customers.apply(
            connection, sequence, agent.id, mutation.kind, mutation.payload, mutation.id, now
        )
    except customers.CustomerRejectedError as rejected:
        raise _RejectedError(rejected.reason) from None
    return _Effect(reason=reason)


_HANDLERS = {
    MutationKind.CLAIM: _claim,
    MutationKind.RELEASE: _release,
    MutationKind.PRESENCE: _presence,
    MutationKind.DRAFT: _draft,
    MutationKind.NOTE: _note,
    MutationKind.TAG: _tag,
    MutationKind.UNTAG: _tag,
    MutationKind.GUIDANCE_STEP: _guidance,
    MutationKind.REPLY: _reply,
    MutationKind.HANDOFF: _handoff,
    MutationKind.RESOLVE: _resolve,
    MutationKind.REOPEN: _reopen,
    MutationKind.ASSIGN: _assign,
    MutationKind.REQUEST_CLAIM: _request_claim,
    MutationKind.SNOOZE: _snooze,
    MutationKind.SET_PRIORITY: _set_priority,
    MutationKind.HIDE: _hide,
} | dict.fromkeys(CUSTOMER_KINDS, _customer)


def parse_mutation(workstation_id: str, item: dict) -> Mutation:
    """A mutation from its JSON form; ValueError (with the field) when it does not parse."""
    try:
        return Mutation(
            id=str(item["id"]),
            workstation_id=workstation_id,
            seq=int(item["seq"]),
            kind=MutationKind(item["kind"]),
            case_id=str(item["case_id"]),
            created_ms=int(item.get("created_ms", 0)),
            payload=dict(item.get("payload") or {}),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise ValueError(f"malformed mutation: {error!r}") from None


def result_json(result: MutationResult) -> dict:
    return {
        "id": result.mutation_id,
        "seq": result.seq,
        "outcome": result.outcome.value,
        "reason": result.reason,
        "visible_at": result.visible_at,
        "detail": dict(result.detail),
    }
