"""The fault campaign's checker: the hub's log replayed into a reference model, and every cache compared.

Run after the campaign has quiesced (every outbox drained, every workstation pulled to the head). It
reads the final hub database and the surviving cache files and counts violations of:

* **lost mutations** — every mutation in any outbox has exactly one answer on the final hub (a hub
  restored from a backup forgets some; the workstations must have sent them again), with the same
  outcome the workstation recorded, and nothing is answered that no outbox holds;
* **duplicate effects** — no mutation produced its events twice, no event without an applied
  mutation behind it, one reply row per applied reply mutation, every note text once;
* **claims** — replaying the events in commit order: a fresh grant only when the previous claim
  ended (released, resolved, handed off, expired) or is taken over, fencing tokens strictly
  increasing, renewals only by the holder of an unexpired lease, every reply accepted for sending
  written by the holder of the current, unexpired claim under its token;
* **the hub's own rows** — each case row equals the reference model's state and the domain fold
  of its events;
* **convergence** — each workstation's cache holds exactly the rows its user may see on the hub
  (their scope: an agent's teams' cases, their own drafts, the directory), at the hub's epoch and
  head, and the hub's checksum for that scope (``GET /v1/sync/checksum``) equals the cache's.
"""

import json
import sqlite3
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from console.domain.agent import Agent, Role
from console.domain.case import fold
from console.domain.checksum import differing, table_checksum
from console.domain.event import Event, EventType
from console.hub.cases import case_from_row
from console.hub.changelog import epoch as hub_epoch
from console.hub.changelog import head as hub_head
from console.hub.checksum import HubChecksum
from console.hub.checksum import checksum as hub_checksum
from console.hub.database import create_hub_engine, reader
from console.hub.schema import REPLICATED, demo_posts, events, mutations, replies, workstations
from console.hub.scope import Scope

# The campaign's hubs hold a reply they send for this long (publish_lease_s): short, so a reply
# orphaned by a killed hub is settled by another within a run, and the check below is tight.
PUBLISH_LEASE_S = 20
PUBLISH_LEASE_MS = PUBLISH_LEASE_S * 1000

# What one applied mutation leaves in the log: always one event, one event unless it changed nothing
# (the hub then says why in the answer's reason), or never an event.
ALWAYS_ONE = {
    "claim": "claimed",
    "note": "note_added",
    "guidance_step": "guidance_step",
    "reply": "reply_queued",
    "handoff": "handed_off",
}
ONE_UNLESS_NOOP = {
    "release": "released",
    "tag": "tagged",
    "untag": "untagged",
    "resolve": "resolved",
    "reopen": "reopened",
    "assign": "assigned",  # a no-op when the case already has that assignee
}
NO_EVENT = {"presence", "draft"}


@dataclass
class Report:
    counts: Counter = field(default_factory=Counter)
    violations: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def violate(self, kind: str, message: str) -> None:
        self.violations[kind].append(message)

    @property
    def total_violations(self) -> int:
        return sum(len(found) for found in self.violations.values())

    def as_json(self) -> dict:
        return {
            "counts": dict(sorted(self.counts.items())),
            "violations": {kind: len(found) for kind, found in sorted(self.violations.items())},
            "examples": {kind: found[:5] for kind, found in sorted(self.violations.items())},
        }


@dataclass
class Cache:
    name: str
    outbox: list[dict]
    workstations: list[dict]
    tables: dict[str, dict[str, dict]]
    cursor: dict | None
    scope: Scope | None = None
    visible: dict[str, set[str]] | None = None


def check(hub_url: str, caches: dict[str, Path]) -> Report:
    report = Report()
    desks = [_load_cache(name, path) for name, path in sorted(caches.items())]
    engine = create_hub_engine(hub_url)
    try:
        with reader(engine).connect() as connection:
            hub = _load_hub(connection)
            for desk in desks:
                desk.scope = _scope(hub, desk)
                desk.visible = _visible(connection, desk.scope)
        checksums = {desk.name: hub_checksum(engine, desk.scope) for desk in desks}
    finally:
        engine.dispose()
    _check_mutations(hub, desks, report)
    _check_effects(hub, desks, report)
    _check_claims_and_cases(hub, report)
    _check_publishes(hub, report)
    for desk in desks:
        _check_convergence(hub, desk, report)
        _check_checksum(checksums[desk.name], desk, report)
    return report


def _scope(hub: dict, desk: "Cache") -> Scope:
    """The scope of the user signed in at this desk, as the hub computes it for their pulls."""
    (user_id,) = {row["user_id"] for row in desk.workstations}
    row = hub["tables"]["user"][user_id]
    agent = Agent(row["id"], row["name"], Role(row["role"]), tuple(json.loads(row["teams"])), row["username"])
    return Scope.of(agent)


def _visible(connection, scope: Scope) -> dict[str, set[str]]:
    """Ids of the rows of each table this scope may pull."""
    return {kind: set(connection.scalars(scope.rows(kind, table.c.id))) for kind, table in REPLICATED.items()}


# --- loading -------------------------------------------------------------------------------------


def _load_hub(connection) -> dict:
    tables = {}
    for kind, table in REPLICATED.items():
        tables[kind] = {row.id: dict(row._mapping) for row in connection.execute(select(table))}
    return {
        "epoch": hub_epoch(connection),
        "head": hub_head(connection),
        "tables": tables,
        "mutations": {row.id: dict(row._mapping) for row in connection.execute(select(mutations))},
        "workstations": {row.id: dict(row._mapping) for row in connection.execute(select(workstations))},
        "events": [dict(row._mapping) for row in connection.execute(select(events).order_by(events.c.seq))],
        "replies": {row.id: dict(row._mapping) for row in connection.execute(select(replies))},
        "posts": {row.reply_id: dict(row._mapping) for row in connection.execute(select(demo_posts))},
    }


def _load_cache(name: str, path: Path) -> Cache:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        outbox = [
            dict(row) for row in connection.execute("SELECT * FROM outbox ORDER BY workstation_id, seq")
        ]
        desks = [dict(row) for row in connection.execute("SELECT * FROM workstations")]
        tables = {}
        for kind, table in REPLICATED.items():
            tables[kind] = {row["id"]: dict(row) for row in connection.execute(f"SELECT * FROM {table.name}")}
        cursor = connection.execute("SELECT * FROM sync_state WHERE id = 1").fetchone()
    finally:
        connection.close()
    return Cache(name, outbox, desks, tables, dict(cursor) if cursor else None)


# --- lost mutations ------------------------------------------------------------------------------


def _check_mutations(hub: dict, desks: list[Cache], report: Report) -> None:
    answered = hub["mutations"]
    queued: set[str] = set()
    for desk in desks:
        for row in desk.outbox:
            queued.add(row["id"])
            report.counts["mutations_created"] += 1
            report.counts[f"created_{row['kind']}"] += 1
            if row["outcome"] is None:
                report.violate("unsent", f"{desk.name}: #{row['seq']} {row['kind']} was never answered")
            on_hub = answered.get(row["id"])
            if on_hub is None:
                report.violate(
                    "lost", f"{desk.name}: #{row['seq']} {row['kind']} {row['id']} is not on the hub"
                )
                continue
            if (on_hub["workstation_id"], on_hub["seq"], on_hub["kind"]) != (
                row["workstation_id"],
                row["seq"],
                row["kind"],
            ):
                report.violate("misfiled", f"{desk.name}: {row['id']} is #{on_hub['seq']} on the hub")
            if row["outcome"] is not None and row["outcome"] != on_hub["outcome"]:
                report.violate(
                    "answer_mismatch",
                    f"{desk.name}: #{row['seq']} {row['kind']}: outbox says {row['outcome']}, "
                    f"hub says {on_hub['outcome']} ({on_hub['reason']})",
                )
        for desk_row in desk.workstations:
            on_hub = hub["workstations"].get(desk_row["id"])
            sent = desk_row["next_seq"] - 1
            last = on_hub["last_seq"] if on_hub else 0
            if sent != last:
                report.violate(
                    "sequence", f"{desk.name}: queued up to #{sent}, the hub applied up to #{last}"
                )
    for mutation_id, row in answered.items():
        report.counts[f"answers_{row['outcome']}"] += 1
        if mutation_id not in queued:
            report.violate("phantom", f"the hub answered {row['kind']} {mutation_id}, which no outbox holds")


# --- duplicate effects ---------------------------------------------------------------------------


def _check_effects(hub: dict, desks: list[Cache], report: Report) -> None:
    by_mutation: dict[str, list[dict]] = defaultdict(list)
    notes: Counter = Counter()
    for event in hub["events"]:
        data = json.loads(event["data"])
        event["parsed"] = data
        report.counts[f"events_{event['type']}"] += 1
        if "mutation" in data:
            by_mutation[data["mutation"]].append(event)
        if event["type"] == EventType.NOTE_ADDED.value:
            notes[data.get("text")] += 1
    for text, count in notes.items():
        if count > 1:
            report.violate("duplicate_effect", f"note {text!r} is in the log {count} times")
    answered = hub["mutations"]
    for mutation_id, made in by_mutation.items():
        row = answered.get(mutation_id)
        if row is None or row["outcome"] != "applied":
            report.violate("orphan_effect", f"{len(made)} event(s) of {mutation_id}, which was not applied")
            continue
        if len(made) > 1:
            report.violate("duplicate_effect", f"{row['kind']} {mutation_id} made {len(made)} events")
    for mutation_id, row in answered.items():
        if row["outcome"] != "applied":
            continue
        made = by_mutation.get(mutation_id, [])
        kind = row["kind"]
        expected = ALWAYS_ONE.get(kind) or ONE_UNLESS_NOOP.get(kind)
        if kind in NO_EVENT:
            if made:
                report.violate("duplicate_effect", f"{kind} {mutation_id} made events")
        elif (kind in ALWAYS_ONE or (kind in ONE_UNLESS_NOOP and not row["reason"])) and (
            len(made) != 1 or made[0]["type"] != expected
        ):
            types = [e["type"] for e in made]
            report.violate("missing_effect", f"{kind} {mutation_id} made {types}, not one {expected}")
    # Replies: one row per applied reply mutation, none without one.
    reply_mutations = {}
    for desk in desks:
        for row in desk.outbox:
            if row["kind"] == "reply":
                reply_mutations[json.loads(row["payload"])["reply_id"]] = row["id"]
    for reply_id, reply in hub["replies"].items():
        report.counts[f"replies_{reply['status']}"] += 1
        mutation_id = reply_mutations.get(reply_id)
        if mutation_id is None or answered.get(mutation_id, {}).get("outcome") != "applied":
            report.violate("orphan_effect", f"reply {reply_id} has no applied mutation behind it")
    for reply_id, mutation_id in reply_mutations.items():
        if answered.get(mutation_id, {}).get("outcome") == "applied" and reply_id not in hub["replies"]:
            report.violate("missing_effect", f"reply {reply_id} was applied but has no row")


# --- claims and the reference model --------------------------------------------------------------


@dataclass
class _Model:
    """What a case must look like, from its events alone, written here independently of the domain fold."""

    holder: str | None = None
    token: int = 0
    expires: int | None = None
    grants: dict = field(default_factory=dict)  # token → who was granted it
    ended: dict = field(default_factory=dict)  # token → when it stopped being valid (later grant, release)
    resolved: bool = False
    tags: set = field(default_factory=set)
    team: str | None = None
    assignee: str | None = None
    events: int = 0


def _check_claims_and_cases(hub: dict, report: Report) -> None:
    models: dict[str, _Model] = defaultdict(_Model)
    logs: dict[str, list[Event]] = defaultdict(list)
    for event in hub["events"]:
        case_id, kind, at, actor = event["case_id"], event["type"], event["at_ms"], event["actor"]
        data = event["parsed"]
        model = models[case_id]
        model.events += 1
        logs[case_id].append(Event(event["id"], case_id, EventType(kind), at, actor, data))
        where = f"case {case_id[:8]} seq {event['seq']}"
        if kind == "claimed":
            _claimed(model, data, at, actor, where, report)
        elif kind in ("released", "handed_off", "resolved"):
            if model.holder is not None:
                model.ended.setdefault(model.token, min(at, model.expires or at))
            model.holder = model.expires = None
            if kind == "handed_off":
                model.team = data["team"]
            if kind == "resolved":
                model.resolved = True
        elif kind == "reopened" or (
            kind == "mention_received" and model.resolved and not data.get("from_brand")
        ):
            # the brand's own reply, published after the case was resolved, waits for nobody: no reopen
            model.resolved = False
        elif kind == "assigned":  # by the auto-assigner or a workstation: never touches the claim
            model.assignee = data.get("assignee")
        elif kind == "tagged":
            model.tags.add(data["tag"])
        elif kind == "untagged":
            model.tags.discard(data["tag"])
        elif kind == "reply_published":
            report.counts["replies_published_events"] += 1
            reply = hub["replies"].get(data["reply_id"])
            # The hub fences a reply when it marks it sending, just before the network call: its
            # author must then hold the claim it was written under, unexpired. The call can end
            # after that claim ended (a release, a takeover, the lease running out), and recording
            # the publication can come much later (another hub finds the post of one killed after
            # sending); the log has no event for the fence itself, so what is checked is that the
            # reply's token was granted to its author and was still valid at most one publish lease
            # before the post landed on the (demo) network.
            post = hub["posts"].get(data["reply_id"])
            landed = post["posted_ms"] if post else at
            token = (reply or {}).get("claim_token")
            granted_to = model.grants.get(token)
            if token == model.token and model.holder is not None:
                valid_until = model.expires or 0
            else:
                valid_until = model.ended.get(token, 0)
            author = (reply or {}).get("author_id")
            if reply is None or granted_to != author or valid_until <= landed - PUBLISH_LEASE_MS:
                report.violate(
                    "claim",
                    f"{where}: reply {data['reply_id'][:8]} published without its author's valid claim "
                    f"(token {token} granted to {granted_to}, valid until {valid_until}, posted {landed})",
                )
        elif kind == "reply_queued":
            reply = hub["replies"].get(data["reply_id"])
            if data.get("status") == "queued":
                report.counts["replies_accepted"] += 1
                valid = model.holder == actor and (model.expires or 0) > at
                if not valid or reply is None or reply["claim_token"] != model.token:
                    report.violate(
                        "claim",
                        f"{where}: reply {data['reply_id'][:8]} accepted without the valid claim "
                        f"(holder {model.holder}, token {model.token}, expires {model.expires}, at {at})",
                    )
    for case_id, row in hub["tables"]["case"].items():
        model = models.get(case_id)
        if model is None:
            report.violate("case_row", f"case {case_id} has no events")
            continue
        report.counts["cases"] += 1
        expected = {
            "claim_holder": model.holder,
            "claim_token": model.token,
            "claim_expires_ms": model.expires,
            "resolved": model.resolved,
            "tags": sorted(model.tags),
            "team": model.team,
            "assignee": model.assignee,
            "version": model.events,
        }
        actual = {
            "claim_holder": row["claim_holder"],
            "claim_token": row["claim_token"],
            "claim_expires_ms": row["claim_expires_ms"],
            "resolved": row["status"] == "resolved",
            "tags": sorted(json.loads(row["tags"])),
            "team": row["team"],
            "assignee": row["assignee"],
            "version": row["version"],
        }
        if expected != actual:
            diff = {k: (expected[k], actual[k]) for k in expected if expected[k] != actual[k]}
            report.violate("case_row", f"case {case_id[:8]}: model vs hub row {diff}")
        folded = fold(logs[case_id])
        if folded != case_from_row(_Row(row)):
            report.violate("case_row", f"case {case_id[:8]}: the hub's row is not the fold of its events")


def _claimed(model: _Model, data: dict, at: int, actor: str, where: str, report: Report) -> None:
    token = data["token"]
    if model.resolved:
        report.violate("claim", f"{where}: a claim granted on a resolved case")
    if data.get("renewed"):
        report.counts["claims_renewed"] += 1
        if model.holder != actor or token != model.token or (model.expires or 0) <= at:
            report.violate("claim", f"{where}: renewal by {actor} of a claim it did not validly hold")
    else:
        report.counts["claims_granted"] += 1
        if token <= model.token:
            report.violate("claim", f"{where}: token {token} after {model.token}: tokens must grow")
        still_valid = model.holder is not None and (model.expires or 0) > at
        took_over = data.get("took_over_from")
        if took_over:
            report.counts["claims_taken_over"] += 1
        if still_valid and took_over != model.holder:
            report.violate(
                "claim",
                f"{where}: {actor} granted token {token} while {model.holder} held token {model.token} "
                f"until {model.expires} (at {at})",
            )
    if model.holder is not None and token != model.token:
        model.ended.setdefault(model.token, min(at, model.expires or at))
    model.grants[token] = actor
    model.holder, model.token, model.expires = actor, token, data["expires_ms"]


def _check_publishes(hub: dict, report: Report) -> None:
    """0 duplicate publishes: the demo network holds one post per reply, counts any second attempt to
    post it, and every post is a reply the hub has as published (and the other way round)."""
    posts, replies_by_id = hub["posts"], hub["replies"]
    report.counts["posts"] = len(posts)
    for reply_id, post in posts.items():
        if post["duplicates"]:
            report.violate("duplicate_publish", f"reply {reply_id} was posted {1 + post['duplicates']} times")
        status = replies_by_id.get(reply_id, {}).get("status")
        if status != "published":
            report.violate(
                "publish_unrecorded", f"reply {reply_id} is on the network but {status} on the hub"
            )
    for reply_id, reply in replies_by_id.items():
        if reply["status"] == "published" and reply_id not in posts:
            report.violate("publish_lost", f"reply {reply_id} is published on the hub but not on the network")
        if reply["status"] in ("queued", "sending"):
            report.violate("publish_unsettled", f"reply {reply_id} is still {reply['status']}")


class _Row:
    """A dict seen as a row (attribute access), for case_from_row."""

    def __init__(self, values: dict):
        self.__dict__.update(values)


# --- convergence ---------------------------------------------------------------------------------


def _check_convergence(hub: dict, desk: Cache, report: Report) -> None:
    cursor = desk.cursor or {}
    at = _cursor_seq(cursor.get("cursor"))
    if cursor.get("epoch") != hub["epoch"] or at != hub["head"]:
        report.violate(
            "convergence",
            f"{desk.name}: cache at {cursor.get('epoch')}:{at}, hub at {hub['epoch']}:{hub['head']}",
        )
    for kind, every_row in hub["tables"].items():
        rows = {key: row for key, row in every_row.items() if key in desk.visible[kind]}
        report.counts[f"out_of_scope_{kind}_rows"] += len(every_row) - len(rows)
        mine = desk.tables[kind]
        missing = rows.keys() - mine.keys()
        extra = mine.keys() - rows.keys()
        shared = [name for name in next(iter(mine.values()), {}) if name in REPLICATED[kind].c]
        differing = [
            key
            for key in rows.keys() & mine.keys()
            if _normal(rows[key], shared) != _normal(mine[key], shared)
        ]
        report.counts[f"compared_{kind}_rows"] += len(rows)
        for label, found in (("missing", missing), ("extra", extra), ("differing", differing)):
            if found:
                example = sorted(found)[0]
                report.violate(
                    "convergence",
                    f"{desk.name}: {len(found)} {label} {kind} row(s), e.g. {example}: "
                    f"hub {rows.get(example)} cache {mine.get(example)}",
                )


def _check_checksum(hub: HubChecksum, desk: Cache, report: Report) -> None:
    """The convergence proof a workstation itself can make: the hub's checksum of the user's scope
    at its head against the same checksum computed over the cache."""
    ours = {
        kind: table_checksum((key, row["seq"]) for key, row in rows.items())
        for kind, rows in desk.tables.items()
    }
    report.counts["checksums_compared"] += 1
    if found := differing(ours, hub.tables):
        report.violate("checksum", f"{desk.name}: the cache's checksum differs from the hub's in {found}")


def _normal(row: dict, columns: list[str]) -> dict:
    """The columns both stores have (the hub keeps some to itself, e.g. when a mention was ingested),
    as both can hold them: SQLite keeps booleans as integers."""
    return {key: int(row[key]) if isinstance(row[key], bool) else row[key] for key in columns}


def _cursor_seq(cursor: str | None) -> int:
    """The change number in a cursor (``EPOCH:SEQ``, or ``EPOCH:SEQ:SCOPE`` once pulls are scoped)."""
    parts = (cursor or "").split(":")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
