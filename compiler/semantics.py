"""Default logic, stated once: which rules of a target compete, and which pairs of them
contradict each other.

Exceptions follow default logic as in Catala: a rule that applies overrides the rules it is an
exception to (for the same entries). Two rules of one target that are not related by an
exception contradict each other when both are in force for the same entries and

- they assign one output different values, or
- one prohibits what the other makes a duty or permits (the same party and action).

An obligation and a permission agree, and so do two rules of one kind; penalties and warnings
never contradict anything. The pass below writes this into the IR's targets; the engine (through
the compiled module's tables) and the prover read it there and nowhere else.
"""

from __future__ import annotations

import attrs

from . import ir

#: the kinds of norm that contradict each other, and why
CLASHING_KINDS = {
    frozenset({"obligation", "prohibition"}): ir.PROHIBITION_AGAINST_OBLIGATION,
    frozenset({"permission", "prohibition"}): ir.PROHIBITION_AGAINST_PERMISSION,
}


def conflict_reason(target_kind: str, first: ir.IRRule, second: ir.IRRule) -> str | None:
    """Why two rules of a target contradict each other where both are in force, or None if
    they never do (whatever their exceptions)."""
    if target_kind == "output":
        return ir.DIFFERENT_VALUES
    if target_kind == "norm":
        return CLASHING_KINDS.get(frozenset({first.kind, second.kind}))
    return None


def conflict_classes(target_kind: str, members: list[ir.IRRule]) -> tuple[ir.ConflictClass, ...]:
    """The classes of a target's rules that contradict each other pairwise where both are in
    force: all assignments of one output; a norm's prohibitions against its duties, and against
    its permissions. A class none of whose pairs can contradict (each an exception and the rule
    it overrides) is left out. Work and size are linear in the rules and their exceptions, not
    in the pairs."""
    if target_kind == "output":
        groups = [(members, members, ir.DIFFERENT_VALUES)]
    elif target_kind == "norm":
        by_kind: dict[str, list] = {}
        for rule in members:
            by_kind.setdefault(rule.kind, []).append(rule)
        groups = [(by_kind.get(a, []), by_kind.get(b, []), reason)
                  for kinds, reason in CLASHING_KINDS.items() for a, b in [sorted(kinds)]]
    else:
        return ()
    exempt = set(exempt_pairs(members))
    found = []
    for first, second, reason in groups:
        names_first = tuple(rule.name for rule in first)
        names_second = tuple(rule.name for rule in second)
        if _pair_count(names_first, names_second) > _exempt_count(names_first, names_second, exempt):
            found.append(ir.ConflictClass(names_first, names_second, reason))
    return tuple(found)


def exempt_pairs(members: list[ir.IRRule]) -> tuple[tuple[str, str], ...]:
    """The pairs of a target's rules one of which is an exception to the other, each once."""
    names = {rule.name for rule in members}
    pairs = {tuple(sorted((rule.name, other))) for rule in members for other in rule.overridden_by
             if other in names and other != rule.name}
    return tuple(sorted(pairs))


def _pair_count(first: tuple, second: tuple) -> int:
    if first is second or first == second:
        return len(first) * (len(first) - 1) // 2
    return len(first) * len(second)


def _exempt_count(first: tuple, second: tuple, exempt: set) -> int:
    same = first is second or first == second
    left, right = set(first), set(second)
    return sum(1 for a, b in exempt if (a in left and b in right) or (not same and b in left and a in right))


def contradicts(target: ir.IRTarget, a: str, b: str) -> str | None:
    """Why rules `a` and `b` of `target` contradict each other where both are in force, or
    None if they never do."""
    if a == b or tuple(sorted((a, b))) in target.exempt:
        return None
    for clash in target.clashes:
        if (a in clash.first and b in clash.second) or (b in clash.first and a in clash.second):
            return clash.reason
    return None


def candidate_pairs(target: ir.IRTarget) -> tuple[ir.ConflictCandidate, ...]:
    """Every pair of a target's rules that contradict each other where both are in force, in
    the order of the target's rules: what the prover asks about one by one. Quadratic in the
    rules of a class, so made only where each pair is wanted."""
    position = {name: i for i, name in enumerate(target.rules)}
    exempt = set(target.exempt)
    found = {}
    for clash in target.clashes:
        for first in clash.first:
            for second in clash.second:
                if first == second:
                    continue
                earlier, later = sorted((first, second), key=position.__getitem__)
                if (earlier, later) in found or tuple(sorted((first, second))) in exempt:
                    continue
                found[earlier, later] = clash.reason
    return tuple(ir.ConflictCandidate(first, second, reason)
                 for (first, second), reason in sorted(found.items(), key=lambda item: (position[item[0][0]],
                                                                                       position[item[0][1]])))


def competing(target: ir.IRTarget) -> set[str]:
    """The rules of a target that contradict at least one other of its rules somewhere: linear
    in the rules and their exceptions."""
    exempt_partners: dict[str, set[str]] = {}
    for a, b in target.exempt:
        exempt_partners.setdefault(a, set()).add(b)
        exempt_partners.setdefault(b, set()).add(a)
    found = set()
    for clash in target.clashes:
        same = clash.first == clash.second
        for side, other in ((clash.first, clash.second), (clash.second, clash.first)):
            other_set = set(other)
            for name in side:
                partners = len(other) - (1 if same else 0)
                partners -= len(exempt_partners.get(name, set()) & other_set)
                if partners > 0:
                    found.add(name)
    return found


def resolve_default_logic(program: ir.Program) -> ir.Program:
    """Give each target what default logic makes of its rules: the output it settles for the
    whole case, whether any of its rules has exceptions, and the pairs that can contradict."""
    by_name = {r.name: r for r in program.rules}
    targets = []
    for target in program.targets:
        members = [by_name[name] for name in target.rules]
        # an entitlement owed for each entry of a list has a value per finding, none per case
        per_entry = any(r.scopes for r in members)
        targets.append(attrs.evolve(
            target,
            case_output=target.key[1] if target.kind == "output" and not per_entry else None,
            has_exceptions=any(r.overridden_by for r in members),
            clashes=conflict_classes(target.kind, members),
            exempt=exempt_pairs(members),
        ))
    return attrs.evolve(program, targets=tuple(targets))
