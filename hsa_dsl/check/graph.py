"""Directed graphs of names: the circles in them, and an order that respects them.

One helper for every circle the language forbids (definitions that call each other, exceptions
that override each other, rules that read each other's results) and for the orders the compiler
evaluates things in. An edge runs from a node to a node it depends on; an order *respects* the
graph when every node comes after the nodes it depends on.

Both come from one depth-first search, which is deterministic: it starts from the nodes in the
order given and follows each node's successors in the order `successors` gives them (callers
sort them by name or by place in the file). It keeps its own stack, so a long chain of
definitions cannot exhaust Python's.
"""

from __future__ import annotations

from typing import Callable, Hashable, Iterable, TypeVar

import attrs

Node = TypeVar("Node", bound=Hashable)


class CycleError(ValueError):
    """The graph has a circle, so no order respects it."""

    def __init__(self, circle: list):
        self.circle = circle
        super().__init__("a circle: " + " → ".join(map(str, circle)))


@attrs.frozen
class Search:
    #: every node after the nodes it reaches, where no circle is in the way: a topological
    #: order of an acyclic graph
    order: tuple
    #: one circle for each edge that leads back to a node on the search's path, in the order
    #: found: the path from that node back to itself (``(a, b, a)``; ``(a, a)`` for a node that
    #: depends on itself). The graph has a circle exactly when there is one here, and breaking
    #: the last edge of each leaves none.
    circles: tuple[tuple, ...]


def search(nodes: Iterable[Node], successors: Callable[[Node], Iterable[Node]]) -> Search:
    """Search the graph depth first from each of `nodes` not yet reached. Nodes reached only
    through `successors` belong to the graph too."""
    reached: set = set()
    order: list = []
    found: list[tuple] = []
    for root in nodes:
        if root in reached:
            continue
        reached.add(root)
        path = [root]
        position = {root: 0}
        remaining = [iter(successors(root))]
        while remaining:
            for child in remaining[-1]:
                back = position.get(child)
                if back is not None:
                    found.append((*path[back:], child))
                elif child not in reached:
                    reached.add(child)
                    position[child] = len(path)
                    path.append(child)
                    remaining.append(iter(successors(child)))
                    break
            else:
                remaining.pop()
                done = path.pop()
                del position[done]
                order.append(done)
    return Search(tuple(order), tuple(found))


def circles(nodes: Iterable[Node], successors: Callable[[Node], Iterable[Node]]) -> tuple[tuple, ...]:
    """The circles :func:`search` finds (none when the graph has no circle)."""
    return search(nodes, successors).circles


def topological_order(nodes: Iterable[Node], successors: Callable[[Node], Iterable[Node]]) -> list:
    """Every node after the nodes it depends on. Raises :class:`CycleError` with the first
    circle found where there is one."""
    found = search(nodes, successors)
    if found.circles:
        raise CycleError(list(found.circles[0]))
    return list(found.order)
