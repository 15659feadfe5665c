"""A case as the hub replicates it, for the case view's tests and screenshot: Maria's delayed then
cancelled flight (texts from resources/demo/mentions.yaml), the brand's replies, and a history with
every event type the hub writes."""

import json

from console.storage.replica import Replica
from tests.storage.conftest import as_tables

T0 = 1_767_000_000_000  # a Monday morning, UTC
MIN = 60_000
CASE = "case-maria"
ANA, BOB, SUP = "user-ana", "user-bob", "user-sup"


class Changes:
    """Rows in change order, each with the next change number."""

    def __init__(self, start: int = 1):
        self.rows: list[dict] = []
        self.seq = start - 1

    def add(self, table: str, /, **data) -> dict:
        self.seq += 1
        data["seq"] = self.seq
        self.rows.append({"seq": self.seq, "kind": table, "data": data})
        return data

    def user(self, user_id: str, name: str, role: str = "agent") -> None:
        self.add(
            "user",
            id=user_id,
            username=name.split()[0].lower(),
            name=name,
            role=role,
            teams='["Care"]',
            disabled=False,
            created_ms=1,
        )

    def account(self, account_id: str, handle: str, team: str = "Care", network: str = "x") -> None:
        self.add("account", id=account_id, network=network, handle=handle, name=handle, team=team)

    def mention(self, mention_id: str, external_id: str, text: str, at_ms: int, case_id: str = CASE, **extra):
        values = {
            "id": mention_id,
            "network": "x",
            "external_id": external_id,
            "account_id": "northwind-x",
            "kind": "post",
            "author_handle": "@maria_kowal",
            "author_name": "Maria Kowalska",
            "author_followers": 1240,
            "author_verified": False,
            "text": text,
            "lang": "en",
            "url": f"https://x.com/maria_kowal/status/{external_id}",
            "created_ms": at_ms,
            "parent_external_id": None,
            "conversation_key": "x:conv-221",
            "sentiment": "negative",
            "sentiment_score": -0.7,
            "rating": None,
            "from_brand": False,
            "intent": "complaint",
            "priority": 60,
            "priority_reasons": "[]",
            "case_id": case_id,
        }
        return self.add("mention", **(values | extra))

    def event(self, event_id: str, kind: str, at_ms: int, actor: str = "system", case_id: str = CASE, **data):
        return self.add(
            "event", id=event_id, case_id=case_id, type=kind, at_ms=at_ms, actor=actor, data=json.dumps(data)
        )

    def reply(self, reply_id: str, text: str, at_ms: int, status: str, author: str = ANA, **extra):
        values = {
            "id": reply_id,
            "case_id": CASE,
            "author_id": author,
            "account_id": "northwind-x",
            "text": text,
            "private": False,
            "claim_token": 1,
            "status": status,
            "reason": "",
            "external_id": None,
            "attempts": 1,
            "created_ms": at_ms,
            "updated_ms": at_ms,
            "url": None,
        }
        return self.add("reply", **(values | extra))

    def case(self, case_id: str = CASE, t0: int = T0, **extra):
        T0 = t0  # noqa: N806 -- the same name as the module's default, for the times below
        values = {
            "id": case_id,
            "network": "x",
            "account_id": "northwind-x",
            "conversation_key": "x:conv-221",
            "status": "open",
            "opened_ms": T0,
            "updated_ms": T0 + 200 * MIN,
            "last_mention_ms": T0 + 245 * MIN,
            "mention_count": 3,
            "assignee": BOB,
            "claim_holder": BOB,
            "tags": '["delay", "rebooking"]',
            "first_response_ms": T0 + 12 * MIN,
            "resolved_ms": None,
            "reopen_count": 1,
            "version": 20,
            "claim_token": 2,
            "claim_expires_ms": T0 + 260 * MIN,
            "team": "Legal",
            "priority": 72,
            "sla_policy": "standard",
            "first_response_due_ms": T0 + 30 * MIN,
            "resolution_due_ms": T0 + 24 * 60 * MIN,
        }
        return self.add("case", **(values | extra))

    def apply(self, cache) -> None:
        tables = as_tables(self.rows)
        seq = self.seq
        cache.write_sync(lambda c: Replica(cache).apply_sync(c, "http://hub", "e", f"e:{seq}", seq, tables))


MUTATION_HERE = "mutation-from-this-workstation"


def maria_case(t0: int = T0) -> Changes:
    """The demo case: three customer posts, a published reply echoed back, one still sending, one
    that failed, an earlier brand post the thread hangs under, and one event of every type."""
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    c.user(BOB, "Bob Lee")
    c.user(SUP, "Sam Okafor", "supervisor")
    c.account("northwind-x", "@NorthwindAir")
    brand_post = {
        "author_handle": "@NorthwindAir",
        "author_name": "Northwind Air",
        "author_followers": 210_000,
    }
    c.mention(
        "m-brand-post",
        "1000",
        "Storms over Warsaw this afternoon: check your flight status at northwind.example/status",
        t0 - 30 * MIN,
        case_id="case-brand",
        from_brand=True,
        author_verified=True,
        sentiment="neutral",
        sentiment_score=0.0,
        conversation_key="x:1000",
        url="https://x.com/NorthwindAir/status/1000",
        **brand_post,
    )
    c.mention(
        "m1",
        "2001",
        "@NorthwindAir flight NW221 delayed 3 hours now and still no update at gate B14. Anyone?",
        t0,
        parent_external_id="1000",
    )
    c.mention(
        "m-brand-1",
        "2002",
        "@maria_kowal We're sorry, Maria. NW221 is waiting on a crew swap; the gate team "
        "will announce a new time by 17:30. DM us your booking ref and we'll look at options.",
        t0 + 12 * MIN,
        parent_external_id="2001",
        from_brand=True,
        sentiment="neutral",
        sentiment_score=0.0,
        author_verified=True,
        url="https://x.com/NorthwindAir/status/2002",
        **brand_post,
    )
    c.mention(
        "m2",
        "2003",
        "4 hours. Boarding pass says 14:10, it's 18:20. Kids are melting down. Nobody at the desk.",
        t0 + 130 * MIN,
        parent_external_id="2002",
    )
    c.mention(
        "m3",
        "2004",
        "Cancelled. At 19:05. Rebooked on TOMORROW evening. No hotel offered. Incredible, @NorthwindAir",
        t0 + 245 * MIN,
        parent_external_id="2003",
        sentiment_score=-0.9,
    )
    c.reply(
        "r1",
        "@maria_kowal We're sorry, Maria. NW221 is waiting on a crew swap; the gate team will announce "
        "a new time by 17:30. DM us your booking ref and we'll look at options.",
        t0 + 11 * MIN,
        "published",
        external_id="2002",
        url="https://x.com/NorthwindAir/status/2002",
    )
    c.reply(
        "r2",
        "We can't reach the desk either — an agent is calling you now.",
        t0 + 135 * MIN,
        "failed",
        reason="the post being answered was deleted",
    )
    c.reply(
        "r3",
        "Maria, a hotel at the airport is booked for you tonight: details by DM. We're sorry.",
        t0 + 250 * MIN,
        "sending",
        author=BOB,
    )
    events = [
        ("e01", "case_created", t0, "system", {"network": "x", "account_id": "northwind-x"}),
        ("e02", "mention_received", t0, "customer", {"mention_id": "m1", "sentiment": "negative"}),
        ("e03", "routed", t0 + 1000, "system", {"priority": 60, "sla_policy": "standard"}),
        ("e04", "assigned", t0 + 2 * MIN, "system", {"assignee": ANA, "reason": "auto: fewest open cases"}),
        (
            "e05",
            "claimed",
            t0 + 5 * MIN,
            ANA,
            {"token": 1, "expires_ms": t0 + 20 * MIN, "renewed": False, "mutation": MUTATION_HERE},
        ),
        ("e06", "viewed", t0 + 6 * MIN, ANA, {"mutation": "m-x1"}),
        (
            "e07",
            "guidance_step",
            t0 + 8 * MIN,
            ANA,
            {"tree": "delays", "node": "crew", "answer": "apologise", "how": "auto", "mutation": "m-x2"},
        ),
        (
            "e08",
            "reply_queued",
            t0 + 11 * MIN,
            ANA,
            {"reply_id": "r1", "status": "queued", "mutation": "m-x3"},
        ),
        (
            "e09",
            "reply_published",
            t0 + 12 * MIN,
            ANA,
            {"reply_id": "r1", "external_id": "2002", "url": "https://x.com/NorthwindAir/status/2002"},
        ),
        (
            "e10",
            "mention_received",
            t0 + 12 * MIN,
            "customer",
            {"mention_id": "m-brand-1", "from_brand": True},
        ),
        (
            "e11",
            "mention_received",
            t0 + 130 * MIN,
            "customer",
            {"mention_id": "m2", "sentiment": "negative"},
        ),
        ("e12", "tagged", t0 + 131 * MIN, ANA, {"tag": "delay", "mutation": "m-x4"}),
        (
            "e13",
            "note_added",
            t0 + 132 * MIN,
            ANA,
            {"text": "Called the gate: crew stuck in Gdańsk.", "mutation": "m-x5"},
        ),
        (
            "e14",
            "reply_queued",
            t0 + 135 * MIN,
            ANA,
            {"reply_id": "r2", "status": "queued", "mutation": "m-x6"},
        ),
        (
            "e15",
            "reply_failed",
            t0 + 136 * MIN,
            ANA,
            {"reply_id": "r2", "reason": "the post being answered was deleted"},
        ),
        ("e22", "released", t0 + 139 * MIN, ANA, {"token": 1, "mutation": "m-x13"}),
        ("e16", "resolved", t0 + 140 * MIN, ANA, {"disposition": "rebooked", "mutation": "m-x7"}),
        ("e17", "reopened", t0 + 200 * MIN, BOB, {"reason": "customer wrote again", "mutation": "m-x8"}),
        (
            "e18",
            "escalated",
            t0 + 201 * MIN,
            BOB,
            {"reason": "hotel costs over the limit", "mutation": "m-x9"},
        ),
        (
            "e19",
            "handed_off",
            t0 + 202 * MIN,
            SUP,
            {"team": "Legal", "reason": "possible defamation", "from_team": None, "mutation": "m-x10"},
        ),
        (
            "e20",
            "claimed",
            t0 + 203 * MIN,
            BOB,
            {"token": 2, "expires_ms": t0 + 260 * MIN, "took_over_from": ANA, "mutation": "m-x11"},
        ),
        (
            "e21",
            "assigned",
            t0 + 204 * MIN,
            SUP,
            {"assignee": BOB, "by": SUP, "reason": "manual", "mutation": "m-x12"},
        ),
        ("e23", "untagged", t0 + 206 * MIN, BOB, {"tag": "delay", "mutation": "m-x14"}),
        ("e24", "tagged", t0 + 207 * MIN, BOB, {"tag": "rebooking", "mutation": "m-x15"}),
        (
            "e25",
            "mention_received",
            t0 + 245 * MIN,
            "customer",
            {"mention_id": "m3", "sentiment": "negative"},
        ),
        (
            "e26",
            "reply_queued",
            t0 + 250 * MIN,
            BOB,
            {"reply_id": "r3", "status": "queued", "mutation": "m-x16"},
        ),
        (
            "e27",
            "reply_needs_review",
            t0 + 251 * MIN,
            BOB,
            {"reply_id": "r4", "reason": "the claim was lost"},
        ),
        ("e28", "claim_requested", t0 + 252 * MIN, ANA, {"holder": BOB, "message": "I know her"}),
        ("e29", "claim_request_declined", t0 + 253 * MIN, BOB, {"requester": ANA}),
        ("e30", "claimed", t0 + 254 * MIN, BOB, {"holder": ANA, "token": 9, "handed_over": True}),
        ("e32", "snoozed", t0 + 255 * MIN, ANA, {"until_ms": None}),
        # Moderation: m2 hidden on X; m3 refused once, then hidden and shown again.
        ("e33", "hide_requested", t0 + 256 * MIN, ANA, {"mention_id": "m2", "hidden": True, "job_id": "j1"}),
        ("e34", "hidden", t0 + 257 * MIN, ANA, {"mention_id": "m2", "hidden": True, "job_id": "j1"}),
        (
            "e35",
            "hide_failed",
            t0 + 258 * MIN,
            ANA,
            {"mention_id": "m3", "hidden": True, "job_id": "j2", "reason": "not a reply to the brand"},
        ),
        ("e36", "hidden", t0 + 259 * MIN, BOB, {"mention_id": "m3", "hidden": True, "job_id": "j3"}),
        ("e37", "hidden", t0 + 260 * MIN, BOB, {"mention_id": "m3", "hidden": False, "job_id": "j4"}),
    ]
    for event_id, kind, at_ms, actor, data in events:
        c.event(event_id, kind, at_ms, actor, **data)
    c.case(t0=t0)
    return c
