"""Definitions that name one of the act's constants are that constant where they are used."""

from __future__ import annotations

import attrs

from hsa_dsl.check import checked as c

from .. import ir


def use_constants(program: ir.Program) -> ir.Program:
    """Each use of a constant definition becomes its literal, spanning the name as written (so
    a trace shows `worked_hours(day) > daily_hours_limit` with its values). Naming a number
    changes nothing a case is decided by, nor how fast: the comparisons with a whole number
    that untraced code writes out cheaply see the number, and the constant is not recorded as
    a value worked out for the case, as it was not worked out from the case."""
    constants = c.constant_definitions(program.act)
    if not constants:
        return program

    def replaced(node):
        if node is None:
            return None
        if type(node) is c.TDefinition and not node.arguments and node.name in constants:
            literal = constants[node.name]
            return c.TLiteral(literal.value, node.type, span=node.span)
        changes = {}
        for name in c.child_fields(type(node)):
            value = getattr(node, name)
            if type(value) is tuple:
                new = tuple(replaced(v) for v in value)
                if any(x is not y for x, y in zip(new, value)):
                    changes[name] = new
            elif value is not None:
                new = replaced(value)
                if new is not value:
                    changes[name] = new
        return c.evolve(node, changes) if changes else node

    rules = tuple(attrs.evolve(
        r,
        scopes=tuple(attrs.evolve(s, source=replaced(s.source)) for s in r.scopes),
        condition=replaced(r.condition), violation=replaced(r.violation), value=replaced(r.value),
        sanctions=tuple(attrs.evolve(s, low=replaced(s.low), high=replaced(s.high)) for s in r.sanctions),
    ) for r in program.rules)
    definitions = tuple(attrs.evolve(d, body=replaced(d.body)) for d in program.definitions)
    tables = tuple(attrs.evolve(
        tb, rows=tuple(attrs.evolve(row, value=replaced(row.value)) for row in tb.rows),
        otherwise=replaced(tb.otherwise)) for tb in program.tables)
    checks = tuple(attrs.evolve(chk, condition=replaced(chk.condition)) for chk in program.checks)
    properties = tuple(attrs.evolve(
        p, bindings=tuple((kind, variable, replaced(source)) for kind, variable, source in p.bindings),
        condition=replaced(p.condition)) for p in program.properties)
    return attrs.evolve(program, rules=rules, definitions=definitions, tables=tables, checks=checks,
                        properties=properties)
