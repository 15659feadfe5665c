"""Guidance sessions for the report's tests, made by running the real runner on the refund example
(version 1 as committed; version 2 adds a suggestion at ``kind``) with a clock the test moves."""

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from console.guidance.loading import load_tree
from console.guidance.report import CaseOutcome, RecordedSession
from console.guidance.runner import Session
from console.guidance.tree import EscalateNode

VALID = Path(__file__).parent / "trees" / "valid"
V1_TEXT = (VALID / "refund_request.yaml").read_text()
V2_TEXT = V1_TEXT.replace("version: 1", "version: 2", 1).replace(
    "      - label: A refund\n        next: ask\n",
    "      - label: A refund\n        next: ask\n        suggest_when: case.priority < 80\n",
)
assert V2_TEXT.count("suggest_when") == 1


def _tree(text: str):
    load = load_tree("refund_request.yaml", text)
    assert load.tree is not None, load.problems
    return load.tree


V1 = _tree(V1_TEXT)
V2 = _tree(V2_TEXT)
T0 = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)


@dataclass
class Clock:
    """Stands still until the test moves it: every event of one agent action shares a time."""

    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def wait(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@dataclass
class Script:
    """One session: the tree, the case's priority, and the agent's actions with waits before them."""

    name: str
    tree: object
    priority: int
    actions: list = field(default_factory=list)  # (seconds to wait, action) — action: str | dict
    case: CaseOutcome | None = None
    hour: float = 0  # when it starts, in hours after T0


def run(script: Script, start: datetime = T0) -> Session:
    clock = Clock(start)
    session = Session(script.tree, {"case.priority": script.priority}, clock=clock)
    session.start()
    for wait, action in script.actions:
        if isinstance(session.current, EscalateNode):
            session.escalate()  # the agent confirms the escalation the tree reached at once
        clock.wait(wait)
        if action == "accept":
            session.accept()
        elif action == "back":
            session.back()
        elif isinstance(action, str) and action.startswith("note "):
            session.note(action.removeprefix("note "))
        else:
            session.answer(action)
    return session


def recorded(script: Script, number: int) -> RecordedSession:
    session = run(script, T0 + timedelta(hours=script.hour))
    return RecordedSession(
        session=f"s-{number}-{script.name}",
        case_id=f"case-{number}",
        tree=f"{script.tree.id}@{script.tree.version}",
        events=session.events,
        case=script.case,
    )


ORDER = {"order_id": "A-1042"}

SCRIPTS = [
    # Version 1: no suggestion at kind; the action's success is its suggestion.
    Script(
        "refund",
        V1,
        20,
        [(30, "A refund"), (60, ORDER), (5, "accept")],
        CaseOutcome("resolved", "refund_issued", -0.6, 0.2),
        hour=0,
    ),
    Script(
        "loud",
        V1,
        90,
        [(10, "Nothing we can do")],
        CaseOutcome("resolved", "no_action_needed", -0.5, -0.5),
        hour=2,
    ),
    Script(
        "changed mind",
        V1,
        20,
        [(20, "A refund"), (40, "back"), (15, "Nothing we can do")],
        CaseOutcome("resolved", "no_action_needed", -0.4, None),
        hour=4,
    ),
    Script(
        "left at order",
        V1,
        20,
        [(25, "A refund"), (3, "note asked for the order")],
        CaseOutcome("open"),
        hour=6,
    ),
    Script(
        "tag failed",
        V1,
        20,
        [(50, "A refund"), (90, ORDER), (7, "failure")],
        CaseOutcome("resolved", "refund_issued", -0.2, 0.4),
        hour=8,
    ),
    # Version 2: "A refund" is suggested below priority 80.
    Script(
        "accepted",
        V2,
        20,
        [(4, "accept"), (30, ORDER), (3, "accept")],
        CaseOutcome("resolved", "refund_issued", -0.8, 0.3),
        hour=0,
    ),
    Script(
        "overridden",
        V2,
        30,
        [(12, "Nothing we can do")],
        CaseOutcome("resolved", "no_action_needed", -0.1, 0.0),
        hour=2.5,
    ),
    Script("left at kind", V2, 40, [], CaseOutcome("new"), hour=4.5),
    Script(
        "loud manual",
        V2,
        95,
        [(8, "A refund"), (20, ORDER), (2, "accept")],
        CaseOutcome("resolved", "refund_issued", -0.9, -0.3),
        hour=8,
    ),
]


def all_recorded() -> list[RecordedSession]:
    return [recorded(script, number) for number, script in enumerate(SCRIPTS)]
