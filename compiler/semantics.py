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


def conflict_candidates(target_kind: str, members: list[ir.IRRule]) -> tuple[ir.ConflictCandidate, ...]:
    """The pairs of a target's rules that contradict each other where both are in force: an
    exception and the rule it overrides never do (where the exception applies, the rule is not
    in force). Pairs are listed in the order of the target's rules.

    Only pairs of kinds that clash are visited: thousands of rules of one kind on one norm cost
    one pass over them, not one step for each pair."""
    position = {rule.name: i for i, rule in enumerate(members)}
    if target_kind == "output":
        groups = [(members, members)]
    elif target_kind == "norm":
        by_kind: dict[str, list] = {}
        for rule in members:
            by_kind.setdefault(rule.kind, []).append(rule)
        groups = [(by_kind.get(a, []), by_kind.get(b, [])) for a, b in (sorted(k) for k in CLASHING_KINDS)]
    else:
        return ()
    found = []
    for left, right in groups:
        for first in left:
            for second in right:
                if position[second.name] <= position[first.name] and left is right:
                    continue
                if second.name in first.overridden_by or first.name in second.overridden_by:
                    continue
                reason = conflict_reason(target_kind, first, second)
                if reason is not None:
                    earlier, later = sorted((first, second), key=lambda rule: position[rule.name])
                    found.append((position[earlier.name], position[later.name],
                                  ir.ConflictCandidate(earlier.name, later.name, reason)))
    return tuple(candidate for _, _, candidate in sorted(found, key=lambda f: f[:2]))


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
            conflict_candidates=conflict_candidates(target.kind, members),
        ))
    return attrs.evolve(program, targets=tuple(targets))
