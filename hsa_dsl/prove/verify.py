"""`hsa-dsl verify`: proving that the rules do not contradict each other.

Each question asks whether some valid case has a property (see :mod:`hsa_dsl.prove.search`:
solved over the act's encoding (:mod:`hsa_dsl.prove.symbolic`), and every case found replayed
through the compiled rules). The questions:

- value conflict: two rules of equal rank give different values for one output;
- deontic conflict: an obligation or permission and a prohibition for one party and action
  (both asked of exactly the pairs the IR names as conflict candidates: see
  :mod:`compiler.semantics`, which the engine reads too), for every pair of bindings of the two
  rules' `for each` variables that are about the same entries;
- gap: an output declared `required` that no rule decides for some valid case;
- never applies: a rule whose conditions no valid case meets;
- dead rule: a rule that applies only where one of its exceptions overrides it;
- vacuous exception: an exception that can never apply where the rule it overrides does;
- never violated / always violated: a duty whose `violated when` cannot be true, or cannot be
  false, where the rule is in force;
- property: a declared `property` that some case breaks.

An answer is one of: *found* (a conflict, gap or broken property with a witness case the
compiled rules confirm; or an absence, proved, with the act's lines that make it so),
*proved*, or *unknown* with the reason. A presence ("this rule can apply") is proved only by a
case that replays. Nothing unknown is reported as consistent, and "consistent" without a
qualifier means proved for every case the act allows (see `Report.verdict`).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

import z3

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.compiler import ir, semantics
from hsa_dsl.prove.report import Answer, Report, render
from hsa_dsl.prove.search import Found, Goal, Observed, Search, find_example
from hsa_dsl.prove.symbolic import Binding, Encoder, Unsupported, same_entries

__all__ = ["Answer", "Report", "render", "verify"]


class _Verifier:
    def __init__(self, act, list_bound: int, timeout_ms: int, max_examples: int, cases=()):
        self.act = act
        self.checked: c.CheckedAct = act.checked
        self.program: ir.Program = act.program
        self.list_bound = list_bound
        self.max_examples = max_examples
        self.search = Search(act, list_bound, timeout_ms, max_examples, cases)
        self.answers: list[Answer] = []
        #: rules some valid case makes effective (a duty of a rule never in force is not asked
        #: about its breaches)
        self._in_force: set[str] = set()

    # ------------------------------------------------------------------ the questions

    def conflict_questions(self) -> list[tuple[ir.IRTarget, ir.ConflictCandidate]]:
        """Every pair of rules the IR makes conflict candidates, with its target, in the order
        of the act (a target at its first rule)."""
        position = {name: i for i, name in enumerate(self.checked.rules)}
        return [(target, pair) for target in sorted(self.program.targets, key=lambda tg: position[tg.rules[0]])
                for pair in semantics.candidate_pairs(target)]

    def run(self) -> Report:
        rules = self.checked.rules
        for target, pair in self.conflict_questions():
            a, b = rules[pair.first], rules[pair.second]
            self.ask(lambda target=target, pair=pair, a=a, b=b: self.conflict(target, pair, a, b),
                     _conflict_kind(pair), (a.name, b.name))
        for lowered in self.program.rules:
            rule = rules[lowered.name]
            self.ask(lambda rule=rule: self.never_applies(rule), "never_applies", (rule.name,))
            if lowered.overridden_by:
                self.ask(lambda rule=rule: self.dead(rule), "dead_rule", (rule.name,))
            for base in lowered.exception_to:
                self.ask(lambda rule=rule, base=base: self.vacuous(rule, rules[base]),
                         "vacuous_exception", (rule.name, base))
            if rule.violation is not None:
                self.ask(lambda rule=rule: self.breach(rule, True), "never_violated", (rule.name,))
                self.ask(lambda rule=rule: self.breach(rule, False), "always_violated", (rule.name,))
        for output in self.checked.outputs.values():
            if output.required:
                self.ask(lambda output=output: self.gap(output), "gap", (output.name,))
        for prop in self.checked.properties.values():
            self.ask(lambda prop=prop: self.property(prop), "property", (prop.name,))
        encoder = self.search.loose
        return Report(self.checked.name, tuple(self.answers), self.list_bound,
                      (encoder.first_day.isoformat(), encoder.last_day.isoformat()), dict(encoder.lists))

    def ask(self, question, kind: str, subjects: tuple) -> None:
        provisions = self.provisions(*[s for s in subjects if s in self.checked.rules])
        try:
            answer = question()
        except Unsupported as why:
            answer = Answer(kind, subjects, provisions, "unknown", "the question could not be put to the solver",
                            reason=f"the encoding cannot yet express {why}")
        except (z3.Z3Exception, RecursionError, ArithmeticError) as error:
            answer = Answer(kind, subjects, provisions, "unknown", "the solver could not take the question",
                            reason=f"{type(error).__name__}: {error}")
        except Exception as error:  # noqa: BLE001 - one question's fault must not end the others
            answer = Answer(kind, subjects, provisions, "unknown", "the question could not be put",
                            reason=f"a fault of hsa-dsl ({type(error).__name__}: {error}); please report it")
        if answer is not None:
            self.answers.append(answer)

    def provisions(self, *rules: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for r in rules for p in self.checked.rules[r].cites))

    def answer(self, kind, subjects, status, detail, found: Found | None = None, **more) -> Answer:
        provisions = self.provisions(*[s for s in subjects if s in self.checked.rules])
        if found is not None and found.status == "unknown":
            return Answer(kind, subjects, provisions, "unknown", detail, reason=found.reason,
                          abstractions=found.abstractions, candidate=found.candidate)
        abstractions = found.abstractions if found is not None else ()
        return Answer(kind, subjects, provisions, status, detail, abstractions=abstractions, **more)

    def bound_note(self) -> str | None:
        cut = {n: v for n, v in self.search.loose.lists.items() if v[1] is None or v[1] > v[0]}
        if not cut:
            return None
        return f"proved for lists of at most {max(s for s, _ in cut.values())} entries ({', '.join(sorted(cut))})"

    # ------------------------------------------------------------------ conflicts

    def conflict(self, target: ir.IRTarget, pair: ir.ConflictCandidate, a: c.RuleInfo,
                 b: c.RuleInfo) -> Answer:
        """Whether two rules the IR makes conflict candidates can both be in force for the same
        entries (and, for values, give different ones): every pair of their bindings that can be
        about the same entries, whatever their variables are called."""
        kind = _conflict_kind(pair)
        subjects = (a.name, b.name)

        def build(enc: Encoder) -> Goal:
            terms = []
            for ba in enc.bindings(a):
                for bb in enc.bindings(b):
                    same = same_entries(ba.elements, bb.elements)
                    if same is None:
                        continue
                    both = [ba.exists, bb.exists, same, enc.effective(a, ba), enc.effective(b, bb)]
                    if kind == "value_conflict":
                        both.append(_plain(enc.expr(a.conclusion.value, ba.env)) !=
                                    _plain(enc.expr(b.conclusion.value, bb.env)))
                    terms.append(z3.And(*both))
            return Goal(((z3.Or(*terms) if terms else z3.BoolVal(False), None),))

        def shows(seen: Observed):
            return [(x, y) for _, x, y in seen.conflicts if {x.rule, y.rule} == {a.name, b.name}]

        found = self.search.exists(build, shows, readable=True)
        if found.status == "absent":
            return self.answer(kind, subjects, "proved", f"{a.name} and {b.name} never conflict", found)
        if kind == "value_conflict":
            what = f"{a.name} and {b.name} can both apply and give different values for {target.key[1]}"
        else:
            what = (f"{a.name} ({a.conclusion.kind}) and {b.name} ({b.conclusion.kind}) can both apply to "
                    f"{target.key[1]} / {target.key[2]}")
        if found.status == "unknown":
            return self.answer(kind, subjects, "unknown", what, found)
        x, y = found.seen[0]
        if x.rule != a.name:
            x, y = y, x
        where = f" for {', '.join(e.path for e in x.elements or y.elements)}" if (x.elements or y.elements) else ""
        if kind == "value_conflict":
            what += f": here{where} {a.name} gives {_shown(x.value)} and {b.name} gives {_shown(y.value)}"
        else:
            what += f": here{where} both are in force"
        return self.answer(kind, subjects, "found", what, found, witness=found.witness, replay="confirmed")

    # ------------------------------------------------------------------ rules in force

    def _somewhere(self, rule: c.RuleInfo, formula) -> Any:
        """A goal: some binding of the rule exists and `formula(encoder, binding)` holds."""
        def build(enc: Encoder) -> Goal:
            terms = [z3.And(b.exists, formula(enc, b)) for b in enc.bindings(rule)]
            return Goal(((z3.Or(*terms) if terms else z3.BoolVal(False), None),))
        return build

    def _first_binding(self, rule: c.RuleInfo, parts) -> Any:
        """The same question for the first binding alone, in tracked parts: what an unsat core
        names (if no binding can, the first cannot)."""
        def build(enc: Encoder) -> Goal:
            bindings = enc.bindings(rule)
            if not bindings:
                return Goal(())
            return Goal(((bindings[0].exists, None),) + tuple(parts(enc, bindings[0])))
        return build

    def _condition_parts(self, enc: Encoder, rule: c.RuleInfo, binding: Binding) -> list:
        if rule.condition is None:
            return []
        return [(enc.expr(part, binding.env), _origin(part, f"{rule.name} applies when"))
                for part in _conjuncts(rule.condition)]

    def _exception_parts(self, enc: Encoder, rule: c.RuleInfo, binding: Binding) -> list:
        parts = []
        for name in enc.overriders(rule.name):
            other = self.checked.rules[name]
            parts.append((z3.Not(enc.overrides(other, binding)),
                          (_line(other.span), f"the exception {name} applies")))
        return parts

    def never_applies(self, rule: c.RuleInfo) -> Answer:
        found = self.search.exists(self._somewhere(rule, lambda enc, b: enc.condition(rule, b.env)),
                                   lambda seen: any(f.applicable for f in seen.fired(rule.name)))
        subjects = (rule.name,)
        if found.status == "present":
            return self.answer("never_applies", subjects, "proved", f"{rule.name} applies in some valid case")
        if found.status == "unknown":
            return self.answer("never_applies", subjects, "unknown", f"whether {rule.name} can apply", found)
        because = self.search.core(found, self._first_binding(
            rule, lambda enc, b: self._condition_parts(enc, rule, b)))
        return self.answer("never_applies", subjects, "found", f"no valid case meets the conditions of {rule.name}",
                           found, reason=self.bound_note(), because=because)

    def dead(self, rule: c.RuleInfo) -> Answer | None:
        found = self.search.exists(self._somewhere(rule, lambda enc, b: enc.effective(rule, b)),
                                   lambda seen: any(f.effective for f in seen.fired(rule.name)))
        subjects = (rule.name,)
        if found.status == "present":
            self._in_force.add(rule.name)
            return self.answer("dead_rule", subjects, "proved", f"{rule.name} is not always overridden")
        if found.status == "unknown":
            return self.answer("dead_rule", subjects, "unknown", f"whether {rule.name} is always overridden", found)
        if any(a.kind == "never_applies" and a.subjects == subjects and a.status == "found" for a in self.answers):
            return None  # a rule that never applies at all is reported once, as such
        overriders = ", ".join(self.search.loose.overriders(rule.name))
        because = self.search.core(found, self._first_binding(
            rule, lambda enc, b: self._condition_parts(enc, rule, b) + self._exception_parts(enc, rule, b)))
        return self.answer("dead_rule", subjects, "found",
                           f"wherever {rule.name} applies, an exception overrides it ({overriders})",
                           found, reason=self.bound_note(), because=because)

    def vacuous(self, exception: c.RuleInfo, base: c.RuleInfo) -> Answer | None:
        subjects = (exception.name, base.name)

        def pairs(enc: Encoder):
            for be in enc.bindings(exception):
                for bb in enc.bindings(base):
                    # as the runtime matches an exception to the firings it overrides
                    same = same_entries(be.elements, bb.elements, whole_case_matches=not be.elements)
                    if same is not None:
                        yield be, bb, same

        def build(enc: Encoder) -> Goal:
            terms = [z3.And(be.exists, bb.exists, same, enc.condition(exception, be.env), enc.condition(base, bb.env))
                     for be, bb, same in pairs(enc)]
            return Goal(((z3.Or(*terms) if terms else z3.BoolVal(False), None),))

        def explain(enc: Encoder) -> Goal:
            first = next(pairs(enc), None)
            if first is None:
                return Goal(())
            be, bb, same = first
            return Goal(((be.exists, None), (bb.exists, None), (same, None))
                        + tuple(self._condition_parts(enc, exception, be))
                        + tuple(self._condition_parts(enc, base, bb)))

        def shows(seen: Observed) -> bool:
            keys = {f.key for f in seen.fired(base.name) if f.applicable}
            return any(f.applicable and (f.key == () or f.key in keys) for f in seen.fired(exception.name))

        found = self.search.exists(build, shows)
        if found.status == "present":
            return self.answer("vacuous_exception", subjects, "proved", f"{exception.name} can apply where {base.name} does")
        if found.status == "unknown":
            return self.answer("vacuous_exception", subjects, "unknown",
                               f"whether {exception.name} can override {base.name}", found)
        return self.answer("vacuous_exception", subjects, "found",
                           f"{exception.name} can never apply where {base.name} does, so it overrides nothing",
                           found, reason=self.bound_note(), because=self.search.core(found, explain))

    def breach(self, rule: c.RuleInfo, breached: bool) -> Answer | None:
        """Whether the rule's `violated when` can be true (`breached`), or false, where the
        rule is in force."""
        kind = "never_violated" if breached else "always_violated"
        subjects = (rule.name,)

        def formula(enc: Encoder, b: Binding):
            violation = enc.violation(rule, b)
            return z3.And(enc.effective(rule, b), violation if breached else z3.Not(violation))

        def shows(seen: Observed) -> bool:
            return any(f.effective and bool(f.violated) == breached for f in seen.fired(rule.name))

        found = self.search.exists(self._somewhere(rule, formula), shows)
        what = "breached" if breached else "met"
        if found.status == "present":
            return self.answer(kind, subjects, "proved", f"{rule.name} can be {what} where it is in force")
        if found.status == "unknown":
            return self.answer(kind, subjects, "unknown", f"whether {rule.name} can be {what}", found)
        if not self._ever_in_force(rule):
            return None  # a rule never in force is reported as such
        because = self.search.core(found, self._first_binding(rule, lambda enc, b: (
            self._condition_parts(enc, rule, b) + self._exception_parts(enc, rule, b)
            + ([(enc.violation(rule, b), _origin(rule.violation, f"{rule.name} is violated when"))] if breached
               else [(z3.Not(enc.violation(rule, b)), _origin(rule.violation, f"{rule.name} is met unless"))]))))
        if breached:
            detail = f"{rule.name} can never be breached: its `violated when` is false wherever the rule applies"
        else:
            detail = f"{rule.name} is breached wherever it applies: its `violated when` is always true there"
        return self.answer(kind, subjects, "found", detail, found, reason=self.bound_note(), because=because)

    def _ever_in_force(self, rule: c.RuleInfo) -> bool:
        if rule.name in self._in_force:
            return True
        for answer in self.answers:
            if answer.subjects == (rule.name,) and answer.kind in ("never_applies", "dead_rule") \
                    and answer.status != "proved":
                return False
        found = self.search.exists(self._somewhere(rule, lambda enc, b: enc.effective(rule, b)),
                                   lambda seen: any(f.effective for f in seen.fired(rule.name)), probe=False)
        if found.status == "present":
            self._in_force.add(rule.name)
        return found.status == "present"

    # ------------------------------------------------------------------ outputs and properties

    def gap(self, output: c.OutputInfo) -> Answer:
        rules = next((tg.rules for tg in self.program.targets if tg.key == ("output", output.name)), ())
        provisions = self.provisions(*rules)

        def build(enc: Encoder) -> Goal:
            required = enc.expr(output.required_when, {}) if output.required_when is not None else z3.BoolVal(True)
            decided = enc.x_TOutput(c.TOutput(output.name, t.OptionalType(output.type)), {}).present
            return Goal(((required, None), (z3.Not(decided), None)))

        def shows(seen: Observed) -> bool:
            if output.name in seen.ctx.outputs:
                return False
            # required there, as the exact encoding of the case tells (the runtime does not
            # evaluate `required when`)
            return output.required_when is None or \
                self.search.exact.holds_on(seen.inputs, output.required_when) is True

        # the drafter's cases are not tried: a gap is rare, and telling whether an output is
        # required on a case takes the solver
        found = self.search.exists(build, shows, readable=True, seeded=False)
        when = "" if output.required_when is None else " where it is required"
        if found.status == "absent":
            answer = self.answer("gap", (output.name,), "proved",
                                 f"some rule decides {output.name} in every valid case{when}", found)
        elif found.status == "unknown":
            answer = self.answer("gap", (output.name,), "unknown", f"whether {output.name} is always decided", found)
        else:
            answer = self.answer("gap", (output.name,), "found", f"no rule decides {output.name} for this case{when}",
                                 found, witness=found.witness, replay="confirmed")
        return _with_provisions(answer, provisions)

    def property(self, prop: c.PropertyInfo) -> Answer:
        subjects = (prop.name,)
        free: dict[int, dict] = {}

        def build(enc: Encoder) -> Goal:
            combos = [({}, z3.BoolVal(True))]
            values = free.setdefault(id(enc), {})
            for b in prop.bindings:
                if b.kind == "all":
                    var = values.setdefault(b.variable, enc.fact(b.type, f"{prop.name}.{b.variable}"))
                    combos = [({**env, b.variable: var}, exists) for env, exists in combos]
                    continue
                grown = []
                for env, exists in combos:
                    for element, active in enc._entries(enc.expr(b.source, env)):
                        grown.append(({**env, b.variable: element}, z3.And(exists, active)))
                combos = grown
            terms = [z3.And(exists, z3.Not(enc.expr(prop.condition, env))) for env, exists in combos]

            def extra(model) -> dict:
                return {b.variable: enc.read_value(model, values[b.variable], b.type)
                        for b in prop.bindings if b.kind == "all"}
            return Goal(((z3.Or(*terms) if terms else z3.BoolVal(False), None),), extra)

        def shows(seen: Observed):
            if any(b.variable not in seen.extra for b in prop.bindings if b.kind == "all"):
                return None  # a case alone, without the values the property is for all of
            args = [_runtime_value(seen.extra[b.variable]) for b in prop.bindings if b.kind == "all"]
            return self.act.module.PROPERTIES[prop.name](seen.ctx, *args)

        found = self.search.exists(build, shows, readable=True, probe=False)
        if found.status == "absent":
            return self.answer("property", subjects, "proved", f"{prop.name} holds in every valid case", found,
                               reason=self.bound_note())
        if found.status == "present":
            return self.answer("property", subjects, "found", f"{prop.name} does not hold for this case",
                               found, witness=found.witness, replay="confirmed")
        searched = self.search_property(prop, found.reason or "")
        if searched.status == "found":
            return searched
        return self.answer("property", subjects, "unknown", f"whether {prop.name} holds", found)

    def search_property(self, prop: c.PropertyInfo, reason: str) -> Answer:
        """A property the solver could not settle is searched with hypothesis."""
        from hypothesis import strategies as st

        from hsa_dsl.prove.strategies import a_date, number, valid_cases

        def free_values(b):
            if isinstance(b.type, t.Number):
                return number(b.type)
            if isinstance(b.type, t.EnumType):
                return st.sampled_from(b.type.members)
            if b.type == t.BOOL:
                return st.booleans()
            return a_date()

        alls = [b for b in prop.bindings if b.kind == "all"]
        strategy = st.tuples(valid_cases(self.act, max_list=self.list_bound * 3),
                             st.tuples(*[free_values(b) for b in alls]))

        def breaks(pair) -> bool:
            case, values = pair
            inputs = self.act.validate(case)
            ctx, _, _ = self.act.compiled.run(inputs, False)
            return bool(self.act.module.PROPERTIES[prop.name](ctx, *[_runtime_value(v) for v in values]))

        found = find_example(strategy, breaks, self.max_examples)
        if found is None:
            return Answer("property", (prop.name,), (), "unknown",
                          f"no case breaking {prop.name} was found in {self.max_examples} random cases",
                          reason=reason)
        case, values = found
        shown = dict(case)
        if alls:
            shown["for all"] = {b.variable: v for b, v in zip(alls, values)}
        return Answer("property", (prop.name,), (), "found",
                      f"{prop.name} does not hold for this case (found by search, shrunk)", shown, "confirmed")


def _conflict_kind(pair: ir.ConflictCandidate) -> str:
    return "value_conflict" if pair.reason == ir.DIFFERENT_VALUES else "deontic_conflict"


def _with_provisions(answer: Answer, provisions: tuple) -> Answer:
    import attrs

    return attrs.evolve(answer, provisions=provisions)


def _conjuncts(expr) -> list:
    if isinstance(expr, c.TLogic) and expr.op == "and":
        return _conjuncts(expr.left) + _conjuncts(expr.right)
    return [expr]


def _line(span) -> int | None:
    return span.line if span is not None else None


def _origin(expr, what: str) -> tuple:
    span = getattr(expr, "span", None)
    text = " ".join(span.text.split()) if span is not None else ""
    return (_line(span), f"{what} {text}".strip())


def _plain(value):
    from hsa_dsl.prove.symbolic import Opt

    return value.value if isinstance(value, Opt) else value


def _shown(value) -> str:
    if isinstance(value, Fraction):
        return str(value.numerator) if value.denominator == 1 else str(float(value))
    return str(value)


def _runtime_value(value):
    """A value read from a model or drawn by a strategy, as the compiled rules take it."""
    if isinstance(value, (bool, date, Fraction)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
        try:
            return Fraction(value)
        except ValueError:
            return value
    return value


def verify(act, list_bound: int = 3, timeout_ms: int = 20_000, max_examples: int = 200, cases=()) -> Report:
    """Put every question to the solver. `cases`: real cases (as read from case files) that
    show a rule applying, or a duty breached or met, before the solver is asked."""
    fresh_solver_context()
    return _Verifier(act, list_bound, timeout_ms, max_examples, tuple(cases)).run()


def fresh_solver_context() -> None:
    """Start the solver's default context anew, as a fresh process has it. The solver's choice
    among equally good cases, and how far a bounded search gets, depend on every term the
    context has made before; a run of `verify` must give the same answers whatever ran before
    it in the process (the tests, an embedding program). z3 makes a new default context the
    next time one is asked for."""
    import z3.z3 as z3_module

    z3_module._main_ctx = None
