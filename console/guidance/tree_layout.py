"""Where each node of a tree sits on its map: a layered layout, each node one layer below the first
node that reaches it on a breadth-first walk from ``start`` (so the usual way reads top to bottom),
in the order the file lists them within a layer. Nodes the walk does not reach go last."""

from collections import deque

from console.guidance.tree import Tree


def layered(tree: Tree) -> dict[str, tuple[int, int]]:
    """Node id → (layer, position in the layer), both from 0."""
    successors = {node.id: [edge.target for edge in node.edges] for node in tree.nodes}
    depth: dict[str, int] = {}
    if tree.start in successors:
        depth[tree.start] = 0
        queue = deque([tree.start])
        while queue:
            node = queue.popleft()
            for target in successors[node]:
                if target in successors and target not in depth:
                    depth[target] = depth[node] + 1
                    queue.append(target)
    last = max(depth.values(), default=-1) + 1
    for node in successors:
        depth.setdefault(node, last)
    placed: dict[str, tuple[int, int]] = {}
    filled: dict[int, int] = {}
    for node in sorted(successors, key=lambda n: depth[n]):  # stable: reached order within a layer
        layer = depth[node]
        placed[node] = (layer, filled.get(layer, 0))
        filled[layer] = filled.get(layer, 0) + 1
    return placed
