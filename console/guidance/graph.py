"""Graph walks for tree checking, all iterative: a 1,000-node tree must not meet the recursion limit."""

from collections import deque
from collections.abc import Collection, Iterable, Mapping


def reachable(successors: Mapping[str, Iterable[str]], starts: Iterable[str]) -> set[str]:
    """Every node reachable from ``starts`` (those included when they are in the graph)."""
    seen = {s for s in starts if s in successors}
    queue = deque(seen)
    while queue:
        for target in successors[queue.popleft()]:
            if target in successors and target not in seen:
                seen.add(target)
                queue.append(target)
    return seen


def reverse(successors: Mapping[str, Iterable[str]]) -> dict[str, list[str]]:
    predecessors: dict[str, list[str]] = {node: [] for node in successors}
    for node, targets in successors.items():
        for target in targets:
            if target in predecessors:
                predecessors[target].append(node)
    return predecessors


def cycles(successors: Mapping[str, Collection[str]]) -> list[list[str]]:
    """The strongly connected components that hold a cycle (several nodes, or one with a self-loop),
    each in discovery order. Tarjan's algorithm with an explicit stack."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    found: list[list[str]] = []
    counter = 0
    for root in successors:
        if root in index:
            continue
        work: list[tuple[str, Iterable[str]]] = []
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        work.append((root, iter(successors[root])))
        while work:
            node, targets = work[-1]
            advanced = False
            for target in targets:
                if target not in successors:
                    continue
                if target not in index:
                    index[target] = low[target] = counter
                    counter += 1
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(successors[target])))
                    advanced = True
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1 or node in successors[node]:
                    found.append(component[::-1])
    return found
