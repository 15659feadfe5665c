"""Guidance sessions on the generated 1,000-node tree of the trees benchmark (target: one step ≤ 5 ms).

* a step: one agent decision (an answer, or accepting an action's success) and everything the session
  then passes by itself up to the next decision: each block's route, response (template filled),
  info. The walk answers "Yes" at every question, so it crosses the whole tree (~430 steps).
* figures: the mean step and the slowest step of the walk (best of a few walks); starting a session
  (compiling the tree's conditions and templates); replaying the whole log.
* baseline, same run, same path: a walk over plain dicts (node id → node, following the same edges,
  reading the same values), the floor of any runner.
"""

import time
from collections.abc import Iterator
from datetime import UTC, datetime

import yaml

from console.guidance.loading import load_tree
from console.guidance.runner import Session
from console.guidance.tree import ActionNode, InputNode, QuestionNode
from tests.bench.common import figure
from tests.bench.trees import generated_tree

_NOW = datetime(2026, 12, 6, tzinfo=UTC)
_VALUES = {"case.priority": 50, "customer.name": "Ada"}


def _walk(tree) -> tuple[Session, list[float]]:
    session = Session(tree, _VALUES, clock=lambda: _NOW)
    session.start()
    steps: list[float] = []
    while session.ended is None:
        node = session.current
        start = time.perf_counter()
        if isinstance(node, QuestionNode):
            session.answer("Yes")
        elif isinstance(node, InputNode):
            session.answer({node.fields[0].name: "A-1042"})
        elif isinstance(node, ActionNode):
            session.accept()
        steps.append(time.perf_counter() - start)
    return session, steps


def _dict_walk(document: dict) -> int:
    """The same path over plain dicts: follow the edge each node would take, reading the same values."""
    nodes = {node["id"]: node for node in document["nodes"]}
    values = dict(_VALUES)
    here, count = document["start"], 0
    while nodes[here]["type"] != "end":
        node = nodes[here]
        count += 1
        match node["type"]:
            case "route":
                rule = node["rules"][0]
                here = rule["next"] if values["case.priority"] > 0 else node["default"]
            case "question":
                here = node["options"][0]["next"]
            case "input":
                values["session." + node["fields"][0]["name"]] = "A-1042"
                here = node["next"]
            case "action":
                here = node["success"]
            case _:
                here = node["next"]
    return count


def run(size: int = 1_000) -> Iterator[dict]:
    document = generated_tree(size)
    load = load_tree("bench.yaml", yaml.safe_dump(document, sort_keys=False))
    tree = load.tree
    assert tree is not None, load.problems
    count = len(tree.nodes)
    walks = [_walk(tree) for _ in range(5)]
    session, _ = walks[0]
    assert session.disposition == "resolved_answered", session.path[-3:]
    decisions = len(walks[0][1])
    mean = min(sum(steps) for _, steps in walks) / decisions * 1000
    slowest = min(max(steps) for _, steps in walks) * 1000
    baseline = _best(lambda: _dict_walk(document)) / decisions
    starting = _best(lambda: Session(tree, _VALUES, clock=lambda: _NOW).start())
    events = session.events
    replaying = _best(lambda: Session(tree, _VALUES, clock=lambda: _NOW, events=events))
    yield figure("runner", f"dict walk, per decision, {count} nodes (baseline)", baseline, "ms")
    yield figure("runner", f"session step, mean of {decisions} (target ≤ 5)", mean, "ms", baseline)
    yield figure("runner", f"session step, slowest of {decisions} (target ≤ 5)", slowest, "ms", baseline)
    yield figure("runner", f"start a session, {count} nodes", starting, "ms")
    yield figure("runner", f"replay {len(events)} events", replaying, "ms")


def _best(function, repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in ms: the least disturbed by the other work on the machine."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times) * 1000
