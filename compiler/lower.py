"""Stage 4: checked act → IR, as a list of passes.

:func:`lower` builds the first IR; each pass in :data:`hsa_dsl.compiler.passes.PASSES` (one
module each in ``compiler/passes/``) is a plain function from one program to the next.
"""

from __future__ import annotations

from hsa_dsl.check import checked as c

from . import ir
from .passes import PASSES


def lower(act: c.CheckedAct) -> ir.Program:
    rules = []
    overridden_by: dict[str, list[str]] = {}
    for rule in act.rules.values():
        for base in rule.exception_to:
            overridden_by.setdefault(base, []).append(rule.name)
    for article in act.articles.values():
        for name in article.rules:
            rule = act.rules.get(name)
            if rule is None:
                continue
            conclusion = rule.conclusion
            rules.append(ir.IRRule(
                name=rule.name,
                article=rule.article,
                cites=rule.cites,
                kind=conclusion.kind,
                target=rule.target,
                party=conclusion.party,
                action=conclusion.action,
                output=conclusion.output,
                scopes=tuple(ir.IRScope(s.variable, s.source, span=s.span) for s in rule.scopes),
                condition=rule.condition,
                violation=rule.violation,
                value=conclusion.value,
                sanctions=tuple(ir.IRSanction(s.kind, s.low, s.high, s.text) for s in conclusion.sanctions),
                exception_to=rule.exception_to,
                overridden_by=tuple(overridden_by.get(rule.name, ())),
                span=rule.span,
            ))
    definitions = tuple(
        ir.IRDefinition(d.name, d.parameters, d.type, d.body, span=d.span) for d in act.definitions.values()
    )
    tables = tuple(
        ir.IRTable(tb.name, tb.key, tuple(ir.IRTableRow(r.at_least, r.below, r.value) for r in tb.rows),
                   tb.otherwise, span=tb.span)
        for tb in act.tables.values()
    )
    checks = tuple(
        ir.IRCheck(rec.name, chk.condition, chk.message, span=chk.span)
        for rec in act.records.values() for chk in rec.checks
    )
    properties = tuple(
        ir.IRProperty(p.name, tuple((b.kind, b.variable, b.source) for b in p.bindings), p.condition, span=p.span)
        for p in act.properties.values()
    )
    return ir.Program(act, tuple(rules), definitions, tables, checks, properties=properties)


def compile_to_ir(act: c.CheckedAct) -> ir.Program:
    program = lower(act)
    for run_pass in PASSES:
        program = run_pass(program)
    return program
