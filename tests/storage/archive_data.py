"""Cases for the archive's tests and screenshot: words in mentions, brand replies and notes (an
agent's note and a guidance session's note step), facts for every filter, and a run of similar
cases for paging. T0 is Monday 29 December 2025, 09:20 UTC."""

from console.guidance.session_events import Ended, Entered, Note, SessionStarted
from tests.storage.analytics_data import ACCOUNTS, ANA, BOB, DAY, T0
from tests.storage.case_data import MIN, Changes

__all__ = ["ANA", "BOB", "DAY", "T0", "archive_cases", "filler"]


def _case(c: Changes, case_id: str, network: str, t0: int, **extra) -> None:
    values = {
        "network": network,
        "account_id": ACCOUNTS[network],
        "conversation_key": f"{network}:{case_id}",
        "status": "open",
        "opened_ms": t0,
        "updated_ms": t0 + 90 * MIN,
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


def _says(
    c: Changes, case_id: str, n: int, at_ms: int, text: str, score: float, network: str, **extra
) -> None:
    mood = "negative" if score <= -0.25 else "positive" if score >= 0.25 else "neutral"
    extra.setdefault("sentiment", mood)
    c.mention(
        f"{case_id}-m{n}",
        f"{case_id}-{n}",
        text,
        at_ms,
        case_id=case_id,
        network=network,
        account_id=ACCOUNTS[network],
        sentiment_score=score,
        **extra,
    )


def _answer(c: Changes, case_id: str, at_ms: int, agent: str, text: str) -> None:
    c.reply(f"{case_id}-r1", text, at_ms, "published", author=agent, case_id=case_id)
    c.event(
        f"{case_id}-rp1", "reply_published", at_ms, actor=agent, case_id=case_id, reply_id=f"{case_id}-r1"
    )


def _guidance(c: Changes, case_id: str, at_ms: int, note: str, disposition: str | None) -> None:
    from datetime import UTC, datetime

    at = datetime.fromtimestamp(at_ms / 1000, UTC)
    tree = "refund_request@2"
    events = [
        SessionStarted(0, at, tree, "d"),
        Entered(1, at, tree, "check"),
        Note(2, at, tree, "check", note),
    ]
    if disposition:
        events.append(Ended(3, at, tree, "check", disposition))
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


def archive_cases() -> Changes:
    """A: refund, improved, Ana, guidance ended refund_issued, resolved. B: app crash, worsened, Bob.
    C (facebook): store praise, unanswered, a guidance note. D (facebook): an Arabic complaint and an
    agent's note. The words "parcel" (A's note), "voucher" (B's reply) and "Lisbon" (C's guidance
    note) are only in notes or replies."""
    c = Changes()
    c.user(ANA, "Ana Ribeiro")
    c.user(BOB, "Bob Lee")
    c.account("nw-x", "@Northwind", team="Care")
    c.account("nw-fb", "@NorthwindFB", team="Social", network="facebook")

    a = T0
    _says(c, "A", 1, a, "My refund never arrived, three weeks now!", -0.8, "x")
    _answer(c, "A", a + 10 * MIN, ANA, "Sorry Maria, we have issued the refund again today.")
    _says(c, "A", 2, a + 30 * MIN, "Got it, thanks a lot", 0.4, "x")
    c.event(
        "A-n1",
        "note_added",
        a + 12 * MIN,
        actor=ANA,
        case_id="A",
        text="Customer also asked about a lost parcel",
    )
    _guidance(c, "A", a + 2 * MIN, "Checked the payment log", "refund_issued")
    c.event("A-res", "resolved", a + 60 * MIN, actor=ANA, case_id="A", disposition="refund_issued")
    _case(c, "A", "x", a, status="resolved", resolved_ms=a + 60 * MIN, first_response_ms=a + 10 * MIN,
          disposition="refund_issued")  # fmt: skip

    b = T0 + 60 * MIN
    _says(c, "B", 1, b, "The app crashes at login =HYPERLINK(\"x\")", -0.2, "x",
          author_handle="@dev_dan", author_name="Dan Ortiz")  # fmt: skip
    _answer(c, "B", b + 20 * MIN, BOB, "Please update the app; here is a voucher for the trouble.")
    _says(
        c,
        "B",
        2,
        b + 40 * MIN,
        "Still crashing. Useless.",
        -0.9,
        "x",
        author_handle="@dev_dan",
        author_name="Dan Ortiz",
    )
    _case(c, "B", "x", b, first_response_ms=b + 20 * MIN)

    cc = T0 + DAY
    _says(c, "C", 1, cc, "Lovely staff at your store today", 0.8, "facebook",
          author_handle="@joana", author_name="Joana Silva")  # fmt: skip
    _guidance(c, "C", cc + 5 * MIN, "Forward the praise to the Lisbon store manager", None)
    _case(c, "C", "facebook", cc)

    d = T0 + DAY + 60 * MIN
    _says(
        c,
        "D",
        1,
        d,
        "الطلب وصل مكسور",
        -0.6,
        "facebook",
        author_handle="@layla",
        author_name="Layla H",
        lang="ar",
    )
    c.event(
        "D-n1", "note_added", d + 5 * MIN, actor=BOB, case_id="D", text="Arabic speaker: escalate to Amal"
    )
    _case(c, "D", "facebook", d)
    return c


NAMES = ["Priya Nair", "Tom Becker", "Aiko Tanaka", "Lucas Moreau", "Fatima Zahra", "Sven Olsen", "Chen Wei"]


def filler(c: Changes, n: int, start_ms: int) -> None:
    """``n`` similar cases on x, a minute apart from ``start_ms``, each saying "parcel delayed"."""
    for i in range(n):
        case_id = f"P{i:03d}"
        at = start_ms + i * MIN
        name = NAMES[i % len(NAMES)]
        handle = f"@{name.split()[0].lower()}{i}"
        _says(c, case_id, 1, at, f"parcel delayed again, order {4410 + i}", -0.3, "x", author_handle=handle,
              author_name=name)  # fmt: skip
        _case(c, case_id, "x", at)
