"""A small, hand-checked set of cases for the analytics, put in a cache the way sync puts them there.

Six cases over two days (T0 is Monday 29 December 2025, 09:20 UTC); minutes from each case's first
customer mention in brackets:

* A (x, @Northwind, team Care): customer −0.8; Ana's reply published [10]; customer −0.4 [30];
  resolved [60]. Guidance: refund_request ended with refund_issued.
* B (x): customer −0.6, −0.2 [5]; Bob's reply published [20]; customer +0.2 [30]; resolved [60];
  the customer writes again +0.6 [90], which reopens it (open now). Guidance: stopped at ``ask``.
* C (facebook, @NorthwindFB, team Social), day 2: customer 0.0; a reply that failed: unanswered.
* D (facebook), day 2, handed to Billing: customer −0.5; Ana's reply published [45]; resolved
  [120], reopened by an agent [150], resolved again [180]; a queued second reply does not count.
* E (x), day 2: resolved as spam [5]: excluded.
* F (x), day 2: customer −0.9; Bob's reply published [5]; resolved [25].

The figures the tests expect are worked out by hand next to each assertion.
"""

from datetime import UTC, datetime

from console.guidance.session_events import Ended, Entered, SessionStarted
from tests.storage.case_data import MIN, Changes

T0 = 1_767_000_000_000
DAY = 24 * 60 * MIN
ANA, BOB = "user-ana", "user-bob"
ACCOUNTS = {"x": "nw-x", "facebook": "nw-fb"}


def _case(c: Changes, case_id: str, network: str, t0: int, **extra) -> None:
    values = {
        "network": network,
        "account_id": ACCOUNTS[network],
        "conversation_key": f"{network}:{case_id}",
        "status": "open",
        "opened_ms": t0,
        "updated_ms": t0,
        "last_mention_ms": t0,
        "mention_count": 1,
        "assignee": None,
        "claim_holder": None,
        "tags": "[]",
        "first_response_ms": None,
        "resolved_ms": None,
        "reopen_count": 0,
        "team": None,
        "disposition": None,
    }
    c.case(case_id, t0, **(values | extra))


def mention(c: Changes, case_id: str, n: int, at_ms: int, score: float, network: str = "x") -> None:
    c.mention(
        f"{case_id}-m{n}",
        f"{case_id}-{n}",
        f"customer message {n}",
        at_ms,
        case_id=case_id,
        network=network,
        account_id=ACCOUNTS[network],
        sentiment_score=score,
    )


def published(c: Changes, case_id: str, n: int, at_ms: int, agent: str) -> None:
    c.reply(f"{case_id}-r{n}", "Sorry about that", at_ms, "published", author=agent, case_id=case_id)
    c.event(
        f"{case_id}-rp{n}", "reply_published", at_ms, actor=agent, case_id=case_id, reply_id=f"{case_id}-r{n}"
    )


def resolved(
    c: Changes, case_id: str, n: int, at_ms: int, actor: str, disposition: str = "refund_issued"
) -> None:
    c.event(f"{case_id}-res{n}", "resolved", at_ms, actor=actor, case_id=case_id, disposition=disposition)


def guidance(c: Changes, case_id: str, at_ms: int, node: str, disposition: str | None) -> None:
    at = datetime.fromtimestamp(at_ms / 1000, UTC)
    tree = "refund_request@2"
    events = [SessionStarted(0, at, tree, "d"), Entered(1, at, tree, "check"), Entered(2, at, tree, node)]
    if disposition:
        events.append(Ended(3, at, tree, node, disposition))
    for event in events:
        c.event(
            f"{case_id}-g{event.index}",
            "guidance_step",
            at_ms,
            actor=ANA,
            case_id=case_id,
            session=f"s-{case_id}",
            tree=tree,
            digest="d",
            event=event.as_dict(),
        )


def hand_checked() -> Changes:
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    c.user(BOB, "Bob Lee")
    c.account("nw-x", "@Northwind", team="Care")
    c.account("nw-fb", "@NorthwindFB", team="Social", network="facebook")

    a = T0
    mention(c, "A", 1, a, -0.8)
    published(c, "A", 1, a + 10 * MIN, ANA)
    mention(c, "A", 2, a + 30 * MIN, -0.4)
    resolved(c, "A", 1, a + 60 * MIN, ANA)
    guidance(c, "A", a + 2 * MIN, "refund", "refund_issued")
    _case(c, "A", "x", a, status="resolved", resolved_ms=a + 60 * MIN, first_response_ms=a + 10 * MIN)

    b = T0 + 60 * MIN
    mention(c, "B", 1, b, -0.6)
    mention(c, "B", 2, b + 5 * MIN, -0.2)
    published(c, "B", 1, b + 20 * MIN, BOB)
    mention(c, "B", 3, b + 30 * MIN, 0.2)
    resolved(c, "B", 1, b + 60 * MIN, BOB)
    mention(c, "B", 4, b + 90 * MIN, 0.6)
    guidance(c, "B", b + 3 * MIN, "ask", None)
    _case(c, "B", "x", b, status="open", reopen_count=1, first_response_ms=b + 20 * MIN)

    cc = T0 + DAY
    mention(c, "C", 1, cc, 0.0, "facebook")
    c.reply("C-r1", "On it", cc + 5 * MIN, "failed", author=ANA, case_id="C")
    c.event("C-rf1", "reply_failed", cc + 6 * MIN, actor=ANA, case_id="C", reply_id="C-r1")
    _case(c, "C", "facebook", cc)

    d = T0 + DAY + 60 * MIN
    mention(c, "D", 1, d, -0.5, "facebook")
    published(c, "D", 1, d + 45 * MIN, ANA)
    c.reply("D-r2", "Anything else?", d + 100 * MIN, "queued", author=ANA, case_id="D")
    resolved(c, "D", 1, d + 120 * MIN, ANA)
    c.event("D-reo", "reopened", d + 150 * MIN, actor=ANA, case_id="D", reason="wrong refund")
    resolved(c, "D", 2, d + 180 * MIN, BOB)
    _case(
        c,
        "D",
        "facebook",
        d,
        status="resolved",
        resolved_ms=d + 180 * MIN,
        reopen_count=1,
        team="Billing",
        first_response_ms=d + 45 * MIN,
    )

    e = T0 + DAY + 120 * MIN
    mention(c, "E", 1, e, -0.3)
    resolved(c, "E", 1, e + 5 * MIN, ANA, disposition="spam")
    _case(c, "E", "x", e, status="resolved", resolved_ms=e + 5 * MIN, disposition="spam")

    f = T0 + DAY + 240 * MIN
    mention(c, "F", 1, f, -0.9)
    published(c, "F", 1, f + 5 * MIN, BOB)
    resolved(c, "F", 1, f + 25 * MIN, BOB)
    _case(c, "F", "x", f, status="resolved", resolved_ms=f + 25 * MIN, first_response_ms=f + 5 * MIN)
    return c
