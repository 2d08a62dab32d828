"""Which definitions with parameters keep their results per arguments."""

from __future__ import annotations

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t

from .. import ir
from ..walk import nodes


def mark_memoized(program: ir.Program) -> ir.Program:
    """Definitions with parameters keep their results per arguments (a definition without
    parameters is always computed once per case) when that saves more than it costs:

    - a body that goes over a list of the case (the whole time card), for every call, where
      the same arguments come back from rule after rule. A list reached from a parameter or a
      variable (a day's periods of work) is the argument's own, short, and gone over once per
      argument: keeping the result would cost more than it saves;
    - a body of exact arithmetic (two operations or more on decimals: a month's overtime pay)
      used in more than one place: each operation on rationals costs more than a look-up."""
    bodies = {d.name: d.body for d in program.definitions}
    uses = _uses(program)
    operations: dict[str, int] = {}
    definitions = tuple(
        attrs.evolve(d, memoize=bool(d.parameters) and (
            any(_goes_over_the_case(n) for n in nodes(d.body))
            or (uses.get(d.name, 0) > 1 and _exact_operations(d.name, bodies, operations) >= 2)))
        for d in program.definitions
    )
    return attrs.evolve(program, definitions=definitions)


def _uses(program: ir.Program) -> dict[str, int]:
    """How many places of the act use each definition."""
    roots = [part for r in program.rules
             for part in ([s.source for s in r.scopes] + [r.condition, r.violation, r.value]
                          + [x for s in r.sanctions for x in (s.low, s.high)])]
    roots += [d.body for d in program.definitions]
    roots += [x for tb in program.tables for x in [r.value for r in tb.rows] + [tb.otherwise]]
    counts: dict[str, int] = {}
    for root in roots:
        if root is None:
            continue
        for node in nodes(root):
            if isinstance(node, c.TDefinition):
                counts[node.name] = counts.get(node.name, 0) + 1
    return counts


def _exact_operations(name: str, bodies: dict, known: dict) -> int:
    """The operations on decimals (exact rationals at run time) a definition does, counting
    those of the definitions it uses; each definition's count is worked out once."""
    count = known.get(name)
    if count is None:
        known[name] = 0  # definitions do not use themselves; this stops a circle all the same
        count = 0
        for node in nodes(bodies[name]):
            if isinstance(node, c.TArithmetic) and isinstance(node.type, t.Number) and not node.type.integral:
                count += 1
            elif isinstance(node, c.TDefinition):
                count += _exact_operations(node.name, bodies, known)
        known[name] = count
    return count


def _goes_over_the_case(node) -> bool:
    """Whether a node is an aggregate or grouping over a list not reached from a variable."""
    if not isinstance(node, (c.TAggregate, c.TGroup)):
        return False
    source = node.source
    while isinstance(source, (ir.Observe, c.TField)):
        source = source.expr if isinstance(source, ir.Observe) else source.target
    return not isinstance(source, c.TLocal)
