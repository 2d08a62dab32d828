"""Targets: rules grouped by what they decide, in the order they must run, exceptions before the rules they override."""

from __future__ import annotations

import attrs

from hsa_dsl.check.graph import topological_order
from hsa_dsl.check.rules import rule_parts, table_parts, target_dependencies

from .. import ir


def order_targets(program: ir.Program) -> ir.Program:
    """Group rules by what they decide and put the groups in an order that respects what each
    rule reads: an output is settled before a rule reads it, and a rule's violations are
    known before `violated(...)` asks for them. The checker refused rules that read each other
    in a circle, so the order exists."""
    groups: dict[tuple, list[ir.IRRule]] = {}
    for rule in program.rules:
        groups.setdefault(rule.target, []).append(rule)
    depends = target_dependencies(
        [(r.name, r.target, rule_parts(r.scopes, r.condition, r.violation, r.value, r.sanctions))
         for r in program.rules],
        {d.name: d.body for d in program.definitions},
        {tb.name: table_parts(tb.rows, tb.otherwise) for tb in program.tables})

    targets = []
    place: dict[tuple, int] = {}
    for key in topological_order(groups, depends.__getitem__):
        members = groups[key]
        kind = key[0]
        needs = tuple(sorted(place[d] for d in depends[key] if d in place))
        place[key] = len(targets)
        targets.append(ir.IRTarget(kind, key, tuple(r.name for r in members), _exceptions_first(members),
                                   needs=needs))
    return attrs.evolve(program, targets=tuple(targets))


def _exceptions_first(members: list[ir.IRRule]) -> tuple[str, ...]:
    names = {r.name: r for r in members}
    return tuple(topological_order(names, lambda name: [o for o in names[name].overridden_by if o in names]))
