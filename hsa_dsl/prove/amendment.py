"""Whether an amendment decides any valid case differently, in general: the solver's answer
for `hsa-dsl diff`.

Both texts are encoded over one symbolic case: the facts are variables named by their paths
(``employment.timecard[0].regular_hours``), shared by the two encoders; everything else an
encoder makes is in its own namespace. For each rule the amendment can touch (its text
changed, or something it reads did, transitively), the solver is asked for a case valid under
both texts on which the rule gives a different finding: it applies under one and not the other,
a duty is breached under one only, or an assignment gives another value. A case it finds is
replayed through both compiled acts, and kept only where their verdicts really differ; where
the solver finds none, none exists within the declared domains (for lists as long as were
searched). Where it cannot tell, random valid cases are tried before the answer is "unknown".
"""

from __future__ import annotations

import warnings
from collections import Counter
from fractions import Fraction
from typing import Any

import attrs
import z3

from hsa_dsl.errors import HsaError
from hsa_dsl.prove.search import decimal_facts, find_example
from hsa_dsl.prove.symbolic import Encoder, Unsupported, limit

#: random valid cases tried for one rule before its answer is "unknown"
PROBES = 40


@attrs.frozen
class Witness:
    rule: str
    article: int | None
    case: dict
    #: the rule's findings on the case under each text, as lines
    old: tuple[str, ...]
    new: tuple[str, ...]

    def to_json(self) -> dict:
        from hsa_dsl.runtime.verdict import jsonable

        return {"rule": self.rule, "article": self.article, "case": jsonable(self.case),
                "old": list(self.old), "new": list(self.new)}


@attrs.frozen
class GeneralAnswer:
    #: the rules asked about
    asked: tuple[str, ...]
    witnesses: tuple[Witness, ...]
    #: rules for which no differing case exists within the declared domains
    same: tuple[str, ...]
    #: (rule, why) where neither a case nor a proof was found
    unknown: tuple[tuple[str, str], ...]
    #: for each list: (entries searched, entries the act allows or None)
    lists: tuple[tuple[str, int, int | None], ...]

    @property
    def bounded(self) -> bool:
        return any(allowed is None or searched < allowed for _, searched, allowed in self.lists)

    def to_json(self) -> dict:
        return {"asked": list(self.asked), "witnesses": [w.to_json() for w in self.witnesses],
                "same": list(self.same), "unknown": [{"rule": r, "why": w} for r, w in self.unknown],
                "lists": [{"list": n, "searched": s, "allowed": a} for n, s, a in self.lists]}

    def render_lines(self, markdown: bool = False) -> list[str]:
        import json

        from hsa_dsl.runtime.verdict import jsonable

        out = []
        if not self.asked:
            return ["No rule can decide differently: nothing a rule reads has changed."]
        if self.witnesses:
            out.append(f"{len(self.witnesses)} of the {len(self.asked)} rules the amendment touches decide some "
                       "valid case differently. For each, a case (replayed through both texts):")
            out.append("")
        for witness in self.witnesses:
            where = f" (Art. {witness.article})" if witness.article is not None else ""
            out.append(f"{'### ' if markdown else ''}{witness.rule}{where}")
            out.append(f"    old text: {'; '.join(witness.old) or 'no finding'}")
            out.append(f"    new text: {'; '.join(witness.new) or 'no finding'}")
            case = json.dumps(jsonable(witness.case), ensure_ascii=False, sort_keys=True)
            out += ["", "```json", case, "```", ""] if markdown else [f"    case: {case}", ""]
        if self.same:
            scope = "within the declared domains"
            if self.bounded:
                scope += " (" + ", ".join(f"{name} searched to {searched} entries"
                                          for name, searched, allowed in self.lists
                                          if allowed is None or searched < allowed) + ")"
            out.append(f"No valid case is decided differently by {', '.join(self.same)}, {scope}.")
        for rule, why in self.unknown:
            out.append(f"Unknown for {rule}: {why}.")
        return out


def general_changes(old_act, new_act, text_changes, list_bound: int = 3, timeout_ms: int = 10_000,
                    max_examples: int = PROBES) -> GeneralAnswer:
    from hsa_dsl.prove.verify import fresh_solver_context

    fresh_solver_context()
    rules = touched_rules(old_act, new_act, text_changes)
    pair = _Pair(old_act, new_act, list_bound, timeout_ms, max_examples)
    witnesses, same, unknown = [], [], []
    for rule in rules:
        try:
            found = pair.differing_case(rule)
        except Unsupported as why:
            found = ("unknown", f"the solver cannot read it ({why})")
        status, detail = found
        if status == "found":
            witnesses.append(detail)
        elif status == "none":
            same.append(rule)
        else:
            unknown.append((rule, detail))
    lists = sorted({(name, searched, allowed) for encoder in (pair.old, pair.new)
                    for name, (searched, allowed) in encoder.lists.items()})
    return GeneralAnswer(tuple(rules), tuple(witnesses), tuple(same), tuple(unknown), tuple(lists))


# ---------------------------------------------------------------- which rules an amendment touches


def touched_rules(old_act, new_act, text_changes) -> list[str]:
    """The rules whose findings the amendment can change: those added, removed or changed, and
    those that read (through definitions, outputs, `violated`, exceptions) anything changed.
    A change to what a case is (an input, a record, an enumeration) touches every rule."""
    changed_names = {change.name for change in text_changes}
    if any(change.what in ("input", "record", "enum") for change in text_changes):
        return sorted(set(old_act.checked.rules) | set(new_act.checked.rules), key=_order(new_act, old_act))
    touched = set(changed_names)
    uses = {**_uses(old_act), **_uses(new_act)}
    grew = True
    while grew:
        grew = False
        for name, used in uses.items():
            if name not in touched and used & touched:
                touched.add(name)
                grew = True
    rules = (set(old_act.checked.rules) | set(new_act.checked.rules)) & touched
    return sorted(rules, key=_order(new_act, old_act))


def _order(*acts):
    position = {}
    for act in acts:
        for name in act.checked.rules:
            position.setdefault(name, len(position))
    return lambda name: position[name]


def _uses(act) -> dict[str, set]:
    """For each rule, definition and output: the names it reads (an output reads the rules that
    decide it; a rule, the exceptions that override it)."""
    from hsa_dsl.syntax import ast

    tree = _parsed(act)
    uses: dict[str, set] = {}
    for declaration in tree.all_declarations():
        if isinstance(declaration, ast.Definition):
            uses[declaration.name] = _names(declaration.body)
    for rule in tree.all_rules():
        # what decides its findings: not the rules it is an exception to, nor its quotes
        uses[rule.name] = _names((rule.scopes, rule.condition, rule.conclusion, rule.violation)) - {rule.name}
        conclusion = rule.conclusion
        output = getattr(conclusion, "output", None)
        if output:
            uses.setdefault(output, set()).add(rule.name)
        for exception in rule.exceptions:
            uses.setdefault(exception.name, set()).add(rule.name)
        for group in rule.groups:
            uses.setdefault(group.name, set()).add(rule.name)
    return uses


def _parsed(act):
    from hsa_dsl.syntax import parse

    return parse(act.source)


def _names(node) -> set:
    """Every name a node mentions (variables, functions, references), walked without recursion."""
    found, stack = set(), [node]
    while stack:
        item = stack.pop()
        if isinstance(item, (list, tuple)):
            stack.extend(item)
        elif attrs.has(type(item)):
            for field in attrs.fields(type(item)):
                if field.name == "span":
                    continue
                value = getattr(item, field.name)
                if isinstance(value, str) and field.name in ("name", "function"):
                    found.add(value)
                elif not isinstance(value, (str, int, float, bool)) and value is not None:
                    stack.append(value)
    return found


# ---------------------------------------------------------------- the two texts over one case


class _Pair:
    def __init__(self, old_act, new_act, list_bound: int, timeout_ms: int, max_examples: int):
        self.acts = (old_act, new_act)
        self.timeout_ms = timeout_ms
        self.max_examples = max_examples
        self.list_bound = list_bound
        self.old = Encoder(old_act.program, list_bound, namespace="old:")
        self.new = Encoder(new_act.program, list_bound, namespace="new:")

    def differing_case(self, rule: str) -> tuple[str, Any]:
        """("found", a witness), ("none", None) or ("unknown", why)."""
        differs = z3.simplify(self._differs(rule))
        if z3.is_false(differs):
            return "none", None
        solver = z3.Solver()
        limit(solver, self.timeout_ms)
        solver.add(self.old.valid(), self.new.valid(), differs)
        result = solver.check()
        if result == z3.unsat:
            return "none", None
        reasons = []
        if result == z3.sat:
            for model in (self._readable(differs), solver.model(), self._dated(solver)):
                if model is None:
                    continue
                witness, why = self._replayed(rule, self._case(model))
                if witness is not None:
                    return "found", witness
                reasons.append(why)
        else:
            reasons.append(f"the solver gave up ({solver.reason_unknown()})")
        witness = self._probed(rule)
        if witness is not None:
            return "found", witness
        return "unknown", "; ".join(dict.fromkeys(reasons)) or "no case was confirmed"

    def _differs(self, rule: str):
        """When `rule` gives another finding under the new text than under the old, for some
        entries of the case."""
        old, new = self.old, self.new
        old_rule, new_rule = old.act.rules.get(rule), new.act.rules.get(rule)
        old_bindings = old.bindings(old_rule) if old_rule is not None else []
        new_bindings = new.bindings(new_rule) if new_rule is not None else []
        if old_rule is None or new_rule is None or len(old_bindings) != len(new_bindings):
            # added, removed, or reading other entries now: whether it applies anywhere, compared
            return _applies_anywhere(old, old_rule, old_bindings) != _applies_anywhere(new, new_rule, new_bindings)
        terms = []
        for a, b in zip(old_bindings, new_bindings):
            applies_old, applies_new = old.effective(old_rule, a), new.effective(new_rule, b)
            terms.append(z3.And(a.exists, applies_old != applies_new))
            if old_rule.violation is not None or new_rule.violation is not None:
                terms.append(z3.And(a.exists, applies_old, applies_new,
                                    old.violation(old_rule, a) != new.violation(new_rule, b)))
            value_old, value_new = old_rule.conclusion.value, new_rule.conclusion.value
            if value_old is not None and value_new is not None:
                left, right = old.expr(value_old, a.env), new.expr(value_new, b.env)
                if left.sort() == right.sort():
                    terms.append(z3.And(a.exists, applies_old, applies_new, left != right))
        return z3.Or(*terms) if terms else z3.BoolVal(False)

    def _dated(self, solver):
        """A model that also reads every parameter on or after its first date (a case read
        before it is refused by both texts)."""
        solver.add(*self.old.dated, *self.new.dated)
        return solver.model() if solver.check() == z3.sat else None

    def _readable(self, differs):
        optimizer = z3.Optimize()
        limit(optimizer, min(self.timeout_ms, 5_000))
        optimizer.add(self.old.valid(), self.new.valid(), differs)
        for wish in self.old.dated + self.new.dated:
            optimizer.add_soft(wish, weight=10)
        for preference in self.old.preferences:
            optimizer.add_soft(preference)
        # hours and amounts in halves where the question allows: 8.5 h, not 8.0025 h
        for value in decimal_facts(self.old):
            optimizer.add_soft(value * 2 == z3.ToReal(self.old.fresh("halves", "int")), weight=2)
        return optimizer.model() if optimizer.check() == z3.sat else None

    def _case(self, model) -> dict:
        return {**self.new.witness(model), **self.old.witness(model)}

    def _replayed(self, rule: str, case: dict) -> tuple[Witness | None, str | None]:
        seen = []
        for act in self.acts:
            try:
                verdict = act.evaluate(case, trace=False)
            except HsaError as error:
                return None, "its case is refused by a text: " + error.diagnostics[0].message
            seen.append(_findings_of(verdict, rule))
        if seen[0] == seen[1]:
            return None, "the compiled rules decide the solver's case alike"
        article = next((a for act in self.acts for a in [_article(act, rule)] if a is not None), None)
        return Witness(rule, article, case, tuple(_lines(seen[0])), tuple(_lines(seen[1]))), None

    def _probed(self, rule: str) -> Witness | None:
        from hsa_dsl.prove.strategies import valid_cases

        def differs(case) -> bool:
            return self._replayed(rule, case)[0] is not None

        with warnings.catch_warnings():
            # the strategies close over a whole act; hypothesis warns that printing them is long
            warnings.simplefilter("ignore")
            case = find_example(valid_cases(self.acts[1], max_list=self.list_bound), differs, self.max_examples)
        return None if case is None else self._replayed(rule, case)[0]


def _findings_of(verdict, rule: str) -> Counter:
    from hsa_dsl.explain.explanation import exact_amount
    from hsa_dsl.runtime.numbers import exact_text

    found: Counter = Counter()
    for f in verdict.findings:
        if f.rule != rule:
            continue
        entries = ", ".join(f"{k} = {v}" for k, v in sorted(f.binding.items()))
        amount = exact_amount(f) if f.kind in ("entitlement", "value") else None
        shown = f.kind + (f" for {entries}" if entries else "")
        if amount is not None and not isinstance(amount, (bool, str)):
            shown += f": {exact_text(Fraction(amount))}"
        elif amount is not None:
            shown += f": {amount}"
        found[shown] += 1
    return found


def _lines(found: Counter) -> list[str]:
    return [shown if count == 1 else f"{shown} ({count} times)" for shown, count in sorted(found.items())]


def _applies_anywhere(encoder: Encoder, info, bindings):
    """When a rule applies for some entries of the case (never, for a rule the text lacks)."""
    return z3.Or(*[z3.And(b.exists, encoder.effective(info, b)) for b in bindings]) if bindings else z3.BoolVal(False)


def _article(act, rule: str) -> int | None:
    info = act.checked.rules.get(rule)
    return info.article if info is not None else None
