"""Walking the typed expressions of the IR."""

from __future__ import annotations

from hsa_dsl.check import checked as c

from . import ir


def nodes(node):
    """Every expression in a tree (without the marks of trace sites), in no particular order."""
    stack = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    child_fields = c.child_fields
    while stack:
        node = pop()
        if type(node) is ir.Observe:
            push(node.expr)
            continue
        yield node
        for name in child_fields(type(node)):  # what c.children gives, without a list per node
            value = getattr(node, name)
            if type(value) is tuple:
                extend(value)
            elif value is not None:
                push(value)
