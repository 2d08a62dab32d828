"""Which duties need no firing when met: untraced, such a duty gives only the entries it finds breached."""

from __future__ import annotations

import attrs

from .. import ir, semantics


def mark_silent_when_met(program: ir.Program) -> ir.Program:
    """Find the duties whose met bindings nothing reads, so that untraced code need not make
    them: a met obligation or prohibition is no finding, and its firing matters only if the
    rule is an exception to another (its firings then decide whether that one applies) or
    could conflict with a rule of its own target (one of its conflict candidates). Every
    binding such a rule reports untraced is then a breach, so it gives only the entries of
    each (see `runtime.run`)."""
    by_name = {r.name: r for r in program.rules}
    silent = set()
    for target in program.targets:
        if target.kind != "norm":
            continue
        competing = semantics.competing(target)
        for rule in (by_name[n] for n in target.rules):
            if rule.violation is None or rule.exception_to or rule.kind not in ("obligation", "prohibition"):
                continue
            if rule.name not in competing:
                silent.add(rule.name)
    rules = tuple(attrs.evolve(r, silent_when_met=True) if r.name in silent else r for r in program.rules)
    return attrs.evolve(program, rules=rules)
