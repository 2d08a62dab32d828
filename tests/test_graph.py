"""The one helper for circles and orders (definitions, exceptions, rules that read each other)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsa_dsl.check.graph import CycleError, circles, search, topological_order


def successors_of(edges: dict):
    return lambda node: edges.get(node, ())


def test_an_order_puts_each_node_after_what_it_depends_on():
    edges = {"total": ["rate", "hours"], "rate": ["wage"], "hours": []}
    assert topological_order(["total", "rate", "hours", "wage"], successors_of(edges)) == \
        ["wage", "rate", "hours", "total"]


def test_the_order_follows_the_nodes_and_successors_as_given():
    edges = {"a": ["c", "b"]}
    assert topological_order(["a"], successors_of(edges)) == ["c", "b", "a"]
    assert topological_order(["b", "a"], successors_of(edges)) == ["b", "c", "a"]


def test_nodes_reached_only_through_edges_belong_to_the_graph():
    assert topological_order(["a"], successors_of({"a": ["b"], "b": ["c"]})) == ["c", "b", "a"]


def test_a_circle_is_the_path_back_to_where_it_started():
    edges = {"a": ["b"], "b": ["c"], "c": ["a"]}
    assert circles(["a", "b", "c"], successors_of(edges)) == (("a", "b", "c", "a"),)
    assert circles(["b", "a", "c"], successors_of(edges)) == (("b", "c", "a", "b"),)


def test_a_node_that_depends_on_itself_is_a_circle():
    assert circles(["a"], successors_of({"a": ["a"]})) == (("a", "a"),)


def test_circles_are_found_below_nodes_outside_them():
    edges = {"start": ["x"], "x": ["y"], "y": ["x"]}
    assert circles(["start"], successors_of(edges)) == (("x", "y", "x"),)


def test_each_edge_back_is_reported_once():
    # two circles through b: a tangle shows both, not only the first
    edges = {"a": ["b"], "b": ["a", "c"], "c": ["b"]}
    assert circles(["a", "b", "c"], successors_of(edges)) == (("a", "b", "a"), ("b", "c", "b"))


def test_no_order_where_there_is_a_circle():
    with pytest.raises(CycleError) as info:
        topological_order(["a", "b"], successors_of({"a": ["b"], "b": ["a"]}))
    assert info.value.circle == ["a", "b", "a"]
    assert "a → b → a" in str(info.value)


def test_a_long_chain_does_not_exhaust_the_stack():
    n = 20_000
    edges = {i: [i + 1] for i in range(n)}
    order = topological_order([0], successors_of(edges))
    assert order[0] == n and order[-1] == 0
    edges[n] = [0]
    [circle] = circles([0], successors_of(edges))
    assert len(circle) == n + 2


# ---------------------------------------------------------------------------- properties

NODES = st.integers(0, 9)
GRAPHS = st.dictionaries(NODES, st.lists(NODES, max_size=4), max_size=10)


def _reaches(edges: dict, start, goal) -> bool:
    seen, todo = set(), list(edges.get(start, ()))
    while todo:
        node = todo.pop()
        if node == goal:
            return True
        if node not in seen:
            seen.add(node)
            todo.extend(edges.get(node, ()))
    return False


@st.composite
def acyclic_graphs(draw):
    """Edges only from a later node to an earlier one of a shuffled list: never a circle."""
    nodes = draw(st.permutations(range(draw(st.integers(0, 10)))))
    edges = {}
    for i, node in enumerate(nodes):
        edges[node] = draw(st.lists(st.sampled_from(nodes[:i]), max_size=4)) if i else []
    return nodes, edges


@given(acyclic_graphs())
def test_the_order_respects_every_edge_of_an_acyclic_graph(graph):
    nodes, edges = graph
    order = topological_order(nodes, successors_of(edges))
    assert sorted(order) == sorted(nodes)
    place = {node: i for i, node in enumerate(order)}
    for node, targets in edges.items():
        for target in targets:
            assert place[target] < place[node]


@given(GRAPHS)
def test_a_circle_reported_is_a_real_circle(edges):
    for circle in circles(sorted(edges), successors_of(edges)):
        assert circle[0] == circle[-1] and len(circle) >= 2
        assert len(set(circle[:-1])) == len(circle) - 1  # it passes through each node once
        for node, following in zip(circle, circle[1:]):
            assert following in edges.get(node, ())


@given(GRAPHS)
def test_circles_are_reported_exactly_when_there_are_some(edges):
    has_circle = any(_reaches(edges, node, node) for node in edges)
    found = circles(sorted(edges), successors_of(edges))
    assert bool(found) == has_circle
    if not has_circle:
        order = search(sorted(edges), successors_of(edges)).order
        place = {node: i for i, node in enumerate(order)}
        assert all(place[t] < place[n] for n, targets in edges.items() for t in targets)


@given(GRAPHS)
def test_breaking_the_last_edge_of_each_circle_leaves_none(edges):
    found = circles(sorted(edges), successors_of(edges))
    broken = {(c[-2], c[-1]) for c in found}
    rest = {n: [t for t in targets if (n, t) not in broken] for n, targets in edges.items()}
    assert not any(_reaches(rest, node, node) for node in rest)


@given(GRAPHS)
def test_the_search_is_deterministic(edges):
    first = search(sorted(edges), successors_of(edges))
    assert search(sorted(edges), successors_of(dict(reversed(list(edges.items()))))) == first
