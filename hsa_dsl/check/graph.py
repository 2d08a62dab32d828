"""Directed graphs of names: the circles in them, and an order that respects them.

One helper for every circle the language forbids (definitions that call each other, exceptions
that override each other, rules that read each other's results) and for the order the compiler
evaluates things in. An edge runs from a node to a node it depends on, so an order "respects"
the graph when every node comes after the nodes it depends on.

Everything here is deterministic: nodes are visited in the order given, and the successors of
a node in the order `successors` gives them. Callers that want an order by name or by place in
the file sort their nodes and successors that way.
"""

from __future__ import annotations

from collections import deque
from typing import Callable, Hashable, Iterable, TypeVar

Node = TypeVar("Node", bound=Hashable)
Successors = Callable[[Node], Iterable[Node]]


class CycleError(ValueError):
    """The graph has a circle, so no order respects it."""

    def __init__(self, circle: list):
        self.circle = circle
        super().__init__("a circle: " + " → ".join(map(str, circle)))


def strongly_connected_components(nodes: Iterable[Node], successors: Successors) -> list[list[Node]]:
    """The strongly connected components of the graph (Tarjan's algorithm).

    A component comes after every component it reaches, so components are in an order that
    respects the graph. Each lists its nodes in the order they were first reached: the first
    one reached, its *root*, first. Nodes reached only through `successors` belong to the graph
    too. The depth-first search keeps its own stack, so a long chain cannot exhaust Python's.
    """
    index: dict = {}
    lowest: dict = {}
    stack: list = []
    on_stack: set = set()
    components: list[list] = []
    #: the path of the search: each node with the successors it has yet to look at
    walk: list[tuple] = []

    def reach(node) -> None:
        index[node] = lowest[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        walk.append((node, iter(successors(node))))

    for root in nodes:
        if root in index:
            continue
        reach(root)
        while walk:
            node, remaining = walk[-1]
            for child in remaining:
                if child not in index:
                    reach(child)
                    break
                if child in on_stack:
                    lowest[node] = min(lowest[node], index[child])
            else:
                walk.pop()
                if walk:
                    parent = walk[-1][0]
                    lowest[parent] = min(lowest[parent], lowest[node])
                if lowest[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    component.reverse()
                    components.append(component)
    return components


def circle_through(component: list[Node], successors: Successors) -> list[Node] | None:
    """A shortest circle through a component's root, as the path from the root back to it
    (``[a, b, a]``; a node that depends on itself gives ``[a, a]``), or None when the component
    is a single node without an edge to itself."""
    root = component[0]
    members = set(component)
    came_from: dict = {}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        for child in successors(node):
            if child == root:
                path = [node]
                while path[-1] != root:
                    path.append(came_from[path[-1]])
                path.reverse()
                return path + [root]
            if child in members and child not in came_from:
                came_from[child] = node
                queue.append(child)
    return None


def circles(nodes: Iterable[Node], successors: Successors) -> list[list[Node]]:
    """One circle for each strongly connected component that has one (see :func:`circle_through`),
    components in the order of :func:`strongly_connected_components`. Of a tangle of several
    circles, one is shown; once it is broken, what is left of the tangle shows next."""
    found = []
    for component in strongly_connected_components(nodes, successors):
        circle = circle_through(component, successors)
        if circle is not None:
            found.append(circle)
    return found


def topological_order(nodes: Iterable[Node], successors: Successors) -> list[Node]:
    """Every node after the nodes it depends on; among nodes free to go in either order, the
    order of a depth-first search (the nodes in the order given, each one's successors in the
    order `successors` gives them). Raises :class:`CycleError` with a circle if there is one."""
    order = []
    for component in strongly_connected_components(nodes, successors):
        circle = circle_through(component, successors)
        if circle is not None:
            raise CycleError(circle)
        order.append(component[0])
    return order
