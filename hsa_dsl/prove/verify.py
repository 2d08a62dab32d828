"""`hsa-dsl verify`: proving that the rules do not contradict each other.

Each question is put to an SMT solver over the declared input domains (see
:mod:`hsa_dsl.prove.symbolic`), and every case the solver finds is replayed through the compiled
rules: a finding is *confirmed* only when the real evaluation shows it. The questions:

- value conflict: two rules of equal rank give different values for one output;
- deontic conflict: an obligation or permission and a prohibition for one party and action
  (both asked of exactly the pairs the IR names as conflict candidates: see
  :mod:`compiler.semantics`, which the engine reads too);
- gap: an output declared `required` that no rule decides for some valid case;
- never applies: a rule whose conditions no valid case meets;
- dead rule: a rule that applies only where one of its exceptions overrides it;
- vacuous exception: an exception that can never apply where the rule it overrides does;
- property: a declared `property` that some case breaks.

An answer is one of: *found* (with a witness case, replayed), *proved* (no valid case within the
bounds has it), or *unknown* (with the reason: the solver gave up, the encoding could not
express something, or its case did not replay). Nothing unknown is reported as consistent.
"""

from __future__ import annotations

from typing import Any

import attrs
import z3

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.compiler import ir
from hsa_dsl.errors import HsaError
from hsa_dsl.prove.symbolic import Encoder, Unsupported



@attrs.frozen
class Answer:
    #: value_conflict, deontic_conflict, gap, never_applies, dead_rule, vacuous_exception, property
    kind: str
    #: the rules (or the output, or the property) the question is about
    subjects: tuple[str, ...]
    provisions: tuple[str, ...]
    #: found, proved, unknown
    status: str
    detail: str
    witness: dict | None = None
    #: confirmed / not confirmed (for a witness); None when there is none
    replay: str | None = None
    reason: str | None = None
    abstractions: tuple[str, ...] = ()

    @property
    def is_finding(self) -> bool:
        return self.status == "found" and self.replay in ("confirmed", None)

    def to_json(self) -> dict:
        out = {"kind": self.kind, "subjects": list(self.subjects), "provisions": list(self.provisions),
               "status": self.status, "detail": self.detail, "replay": self.replay}
        if self.witness is not None:
            out["witness"] = self.witness
        if self.reason:
            out["reason"] = self.reason
        if self.abstractions:
            out["abstractions"] = list(self.abstractions)
        return out


@attrs.frozen
class Report:
    act: str
    answers: tuple[Answer, ...]
    list_bound: int
    dates: tuple[str, str]

    @property
    def findings(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.is_finding)

    @property
    def unknown(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.status == "unknown" or (a.status == "found" and not a.is_finding))

    @property
    def consistent(self) -> bool:
        return not self.findings and not self.unknown

    def to_json(self) -> dict:
        return {
            "act": self.act,
            "consistent": self.consistent,
            "bounds": {"entries_per_list": self.list_bound, "dates": list(self.dates)},
            "questions": len(self.answers),
            "findings": [a.to_json() for a in self.findings],
            "unknown": [a.to_json() for a in self.unknown],
            "proved": [a.to_json() for a in self.answers if a.status == "proved"],
        }


class _Verifier:
    def __init__(self, act, list_bound: int, timeout_ms: int, max_examples: int):
        self.act = act
        self.checked: c.CheckedAct = act.checked
        self.program: ir.Program = act.program
        self.list_bound = list_bound
        self.timeout_ms = timeout_ms
        self.max_examples = max_examples
        self.encoder = Encoder(self.program, list_bound)
        self.answers: list[Answer] = []

    # ------------------------------------------------------------------ solving

    def solve(self, *conditions):
        """(result, model, abstractions) for valid ∧ conditions; abstractions as of this question."""
        before = set(self.encoder.abstractions)
        solver = z3.Solver()
        solver.set("timeout", self.timeout_ms)
        solver.add(*conditions)
        solver.add(self.encoder.valid())
        result = solver.check()
        used = tuple(sorted(self.encoder.abstractions - before)) or tuple(sorted(self.encoder.abstractions))
        model = solver.model() if result == z3.sat else None
        if model is not None:
            model = self.readable(conditions) or model
        return result, model, used, solver.reason_unknown()

    def readable(self, conditions):
        """A model with as few list entries and as recent dates as the question allows."""
        optimizer = z3.Optimize()
        optimizer.set("timeout", min(self.timeout_ms, 5_000))
        optimizer.add(*conditions)
        optimizer.add(self.encoder.valid())
        for preference in self.encoder.preferences:
            optimizer.add_soft(preference)
        return optimizer.model() if optimizer.check() == z3.sat else None

    def provisions(self, *rules: str) -> tuple[str, ...]:
        return tuple(dict.fromkeys(p for r in rules for p in self.checked.rules[r].cites))

    def replay(self, case: dict, holds) -> tuple[str, str | None]:
        try:
            verdict = self.act.evaluate(case, trace=False)
        except HsaError as error:
            return "not confirmed", "the solver's case is not valid when read as a case file: " + \
                error.diagnostics[0].message
        return ("confirmed", None) if holds(verdict) else (
            "not confirmed", "the compiled rules do not show it on the solver's case")

    # ------------------------------------------------------------------ questions

    def conflict_questions(self) -> list[tuple[ir.IRTarget, ir.ConflictCandidate]]:
        """Every pair of rules the IR makes conflict candidates, with its target, in the order
        of the act (a target at its first rule)."""
        position = {name: i for i, name in enumerate(self.checked.rules)}
        return [(target, pair) for target in sorted(self.program.targets, key=lambda tg: position[tg.rules[0]])
                for pair in target.conflict_candidates]

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
        for output in self.checked.outputs.values():
            if output.required:
                self.ask(lambda output=output: self.gap(output), "gap", (output.name,))
        for prop in self.checked.properties.values():
            self.ask(lambda prop=prop: self.property(prop), "property", (prop.name,))
        first, last = self.encoder.first_day.isoformat(), self.encoder.last_day.isoformat()
        return Report(self.checked.name, tuple(self.answers), self.list_bound, (first, last))

    def ask(self, question, kind: str, subjects: tuple) -> None:
        try:
            answer = question()
        except Unsupported as why:
            provisions = self.provisions(*[s for s in subjects if s in self.checked.rules])
            answer = Answer(kind, subjects, provisions, "unknown", "the question could not be put to the solver",
                            reason=f"the encoding cannot yet express {why}")
        if answer is not None:
            self.answers.append(answer)

    def _pair_envs(self, a: c.RuleInfo, b: c.RuleInfo):
        """Bindings under which two rules are about the same entries, or None if they never are."""
        if a.scopes and b.scopes:
            if [s.source for s in a.scopes] != [s.source for s in b.scopes]:
                return None
            env, exists = self.encoder.bindings(a)[0]
            return env, env, exists
        if a.scopes:
            env, exists = self.encoder.bindings(a)[0]
            return env, {}, exists
        if b.scopes:
            env, exists = self.encoder.bindings(b)[0]
            return {}, env, exists
        return {}, {}, z3.BoolVal(True)

    def conflict(self, target: ir.IRTarget, pair: ir.ConflictCandidate, a: c.RuleInfo,
                 b: c.RuleInfo) -> Answer | None:
        """Whether two rules the IR makes conflict candidates can both be in force for the same
        entries (and, for values, give different ones)."""
        kind = _conflict_kind(pair)
        provisions = self.provisions(a.name, b.name)
        envs = self._pair_envs(a, b)
        if envs is None:
            return None
        env_a, env_b, exists = envs
        enc = self.encoder
        both = [exists, enc.effective(a, env_a), enc.effective(b, env_b)]
        if kind == "value_conflict":
            va, vb = enc.expr(a.conclusion.value, env_a), enc.expr(b.conclusion.value, env_b)
            both.append(va != vb)
            what = f"{a.name} and {b.name} can both apply and give different values for {target.key[1]}"
        else:
            what = (f"{a.name} ({a.conclusion.kind}) and {b.name} ({b.conclusion.kind}) can both apply to "
                    f"{target.key[1]} / {target.key[2]}")
        result, model, used, why = self.solve(*both)
        if result == z3.unsat:
            return Answer(kind, (a.name, b.name), provisions, "proved",
                          f"{a.name} and {b.name} never conflict", abstractions=used)
        if result == z3.unknown:
            return Answer(kind, (a.name, b.name), provisions, "unknown", what, reason=f"the solver gave up ({why})",
                          abstractions=used)
        witness = self.encoder.witness(model)
        replay, reason = self.replay(witness, lambda v: any(
            {f.rule, f.other_rule} == {a.name, b.name} for f in v.conflicts))
        return Answer(kind, (a.name, b.name), provisions, "found", what, witness, replay, reason, used)

    def never_applies(self, rule: c.RuleInfo) -> Answer | None:
        terms = [z3.And(exists, self.encoder.condition(rule, env)) for env, exists in self.encoder.bindings(rule)]
        result, _, used, why = self.solve(z3.Or(*terms) if terms else z3.BoolVal(False))
        if result == z3.unsat:
            return Answer("never_applies", (rule.name,), self.provisions(rule.name), "found",
                          f"no valid case meets the conditions of {rule.name}",
                          reason=f"proved for cases with at most {self.list_bound} entries in each list",
                          abstractions=used)
        if result == z3.unknown:
            return Answer("never_applies", (rule.name,), self.provisions(rule.name), "unknown",
                          f"whether {rule.name} can apply", reason=f"the solver gave up ({why})", abstractions=used)
        return Answer("never_applies", (rule.name,), self.provisions(rule.name), "proved",
                      f"{rule.name} applies in some valid case")

    def dead(self, rule: c.RuleInfo) -> Answer | None:
        terms = [z3.And(exists, self.encoder.effective(rule, env)) for env, exists in self.encoder.bindings(rule)]
        applies = [z3.And(exists, self.encoder.condition(rule, env)) for env, exists in self.encoder.bindings(rule)]
        result, _, used, why = self.solve(z3.Or(*terms) if terms else z3.BoolVal(False))
        if result == z3.unsat:
            # a rule that never applies at all is reported once, as such
            if self.solve(z3.Or(*applies))[0] == z3.unsat:
                return None
            overriders = ", ".join(self.encoder.overriders(rule.name))
            return Answer("dead_rule", (rule.name,), self.provisions(rule.name), "found",
                          f"wherever {rule.name} applies, an exception overrides it ({overriders})",
                          reason=f"proved for cases with at most {self.list_bound} entries in each list",
                          abstractions=used)
        if result == z3.unknown:
            return Answer("dead_rule", (rule.name,), self.provisions(rule.name), "unknown",
                          f"whether {rule.name} is always overridden", reason=f"the solver gave up ({why})",
                          abstractions=used)
        return Answer("dead_rule", (rule.name,), self.provisions(rule.name), "proved",
                      f"{rule.name} is not always overridden")

    def vacuous(self, exception: c.RuleInfo, base: c.RuleInfo) -> Answer | None:
        envs = self._pair_envs(exception, base)
        if envs is None:
            return None
        env_e, env_b, exists = envs
        result, _, used, why = self.solve(exists, self.encoder.condition(exception, env_e),
                                          self.encoder.condition(base, env_b))
        subjects = (exception.name, base.name)
        if result == z3.unsat:
            return Answer("vacuous_exception", subjects, self.provisions(*subjects), "found",
                          f"{exception.name} can never apply where {base.name} does, so it overrides nothing",
                          reason=f"proved for cases with at most {self.list_bound} entries in each list",
                          abstractions=used)
        if result == z3.unknown:
            return Answer("vacuous_exception", subjects, self.provisions(*subjects), "unknown",
                          f"whether {exception.name} can override {base.name}", reason=f"the solver gave up ({why})",
                          abstractions=used)
        return Answer("vacuous_exception", subjects, self.provisions(*subjects), "proved",
                      f"{exception.name} can apply where {base.name} does")

    def gap(self, output: c.OutputInfo) -> Answer:
        enc = self.encoder
        required = enc.expr(output.required_when, {}) if output.required_when is not None else z3.BoolVal(True)
        decided = enc.x_TOutput(c.TOutput(output.name, t.OptionalType(output.type)), {}).present
        rules = next((tg.rules for tg in self.program.targets if tg.key == ("output", output.name)), ())
        provisions = self.provisions(*rules)
        result, model, used, why = self.solve(required, z3.Not(decided))
        when = "" if output.required_when is None else " where it is required"
        if result == z3.unsat:
            return Answer("gap", (output.name,), provisions, "proved",
                          f"some rule decides {output.name} in every valid case{when}", abstractions=used)
        if result == z3.unknown:
            return Answer("gap", (output.name,), provisions, "unknown", f"whether {output.name} is always decided",
                          reason=f"the solver gave up ({why})", abstractions=used)
        witness = enc.witness(model)
        replay, reason = self.replay(witness, lambda v: output.name not in v.values)
        return Answer("gap", (output.name,), provisions, "found",
                      f"no rule decides {output.name} for this case{when}", witness, replay, reason, used)

    def property(self, prop: c.PropertyInfo) -> Answer:
        enc = self.encoder
        env: dict[str, Any] = {}
        exists = [z3.BoolVal(True)]
        free: dict[str, Any] = {}
        for b in prop.bindings:
            if b.kind == "all":
                var = enc.fact(b.type, f"{prop.name}.{b.variable}")
                env[b.variable] = free[b.variable] = var
            else:
                source = enc.expr(b.source, env)
                entries = enc._entries(source)
                if not entries:
                    return Answer("property", (prop.name,), (), "proved", f"{prop.name} holds: the list is empty")
                element, active = entries[0]
                env[b.variable] = element
                exists.append(active)
        broken = z3.Not(enc.expr(prop.condition, env))
        result, model, used, why = self.solve(*exists, broken)
        if result == z3.unsat:
            return Answer("property", (prop.name,), (), "proved", f"{prop.name} holds in every valid case",
                          reason=f"proved for cases with at most {self.list_bound} entries in each list",
                          abstractions=used)
        if result == z3.unknown:
            return self.search(prop, f"the solver gave up ({why})")
        witness = enc.witness(model)
        values = {b.variable: enc.read_value(model, free[b.variable], b.type)
                  for b in prop.bindings if b.kind == "all"}
        replay, reason = self.replay_property(prop, witness, values)
        shown = dict(witness)
        if values:
            shown = {**witness, "for all": values}
        if replay != "confirmed":
            searched = self.search(prop, reason)
            if searched.status == "found":
                return searched
        return Answer("property", (prop.name,), (), "found", f"{prop.name} does not hold for this case",
                      shown, replay, reason, used)

    def replay_property(self, prop: c.PropertyInfo, case: dict, values: dict):
        try:
            inputs = self.act.validate(case)
        except HsaError as error:
            return "not confirmed", "the solver's case is not valid: " + error.diagnostics[0].message
        args = [_runtime_value(values[b.variable]) for b in prop.bindings if b.kind == "all"]
        ctx, _, _ = self.act.compiled.run(inputs, False)
        failing = self.act.module.PROPERTIES[prop.name](ctx, *args)
        return ("confirmed", None) if failing else ("not confirmed",
                                                    "the compiled property holds on the solver's case")

    def search(self, prop: c.PropertyInfo, reason: str) -> Answer:
        """A property the solver could not settle is searched with hypothesis."""
        from hypothesis import HealthCheck, Verbosity, find, settings
        from hypothesis import strategies as st
        from hypothesis.errors import NoSuchExample

        from hsa_dsl.prove.strategies import number, valid_cases

        def free_values(b):
            if isinstance(b.type, t.Number):
                return number(b.type)
            if isinstance(b.type, t.EnumType):
                return st.sampled_from(b.type.members)
            if b.type == t.BOOL:
                return st.booleans()
            from hsa_dsl.prove.strategies import a_date
            return a_date()

        alls = [b for b in prop.bindings if b.kind == "all"]
        strategy = st.tuples(valid_cases(self.act, max_list=self.list_bound * 3),
                             st.tuples(*[free_values(b) for b in alls]))

        def breaks(pair) -> bool:
            case, values = pair
            inputs = self.act.validate(case)
            ctx, _, _ = self.act.compiled.run(inputs, False)
            return bool(self.act.module.PROPERTIES[prop.name](ctx, *[_runtime_value(v) for v in values]))

        # derandomized: the same act gets the same verdict on every run and every machine
        try:
            found = find(strategy, breaks, settings=settings(
                max_examples=self.max_examples, deadline=None, database=None, derandomize=True,
                verbosity=Verbosity.quiet,
                suppress_health_check=list(HealthCheck)))
        except NoSuchExample:
            return Answer("property", (prop.name,), (), "unknown",
                          f"no case breaking {prop.name} was found in {self.max_examples} random cases",
                          reason=reason)
        case, values = found
        shown = dict(case)
        if alls:
            shown["for all"] = {b.variable: str(v) for b, v in zip(alls, values)}
        return Answer("property", (prop.name,), (), "found",
                      f"{prop.name} does not hold for this case (found by search, shrunk)", shown, "confirmed")


def _conflict_kind(pair: ir.ConflictCandidate) -> str:
    return "value_conflict" if pair.reason == ir.DIFFERENT_VALUES else "deontic_conflict"


def _runtime_value(value):
    from datetime import date
    from fractions import Fraction

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


def verify(act, list_bound: int = 3, timeout_ms: int = 20_000, max_examples: int = 200) -> Report:
    return _Verifier(act, list_bound, timeout_ms, max_examples).run()


# ---------------------------------------------------------------------------- printing


_TITLES = {
    "value_conflict": "Value conflict",
    "deontic_conflict": "Deontic conflict",
    "gap": "Gap",
    "never_applies": "Rule that never applies",
    "dead_rule": "Dead rule",
    "vacuous_exception": "Exception that can never apply",
    "property": "Property that does not hold",
}


def render(report: Report) -> str:
    import yaml

    lines = [f"Verification of {report.act}: {len(report.answers)} questions, "
             f"cases with at most {report.list_bound} entries in each list, dates {report.dates[0]} to {report.dates[1]}"]
    for title, answers in (("Findings", report.findings), ("Unknown", report.unknown)):
        if not answers:
            continue
        lines.append("")
        lines.append(f"{title}:")
        for a in answers:
            lines.append(f"  [{_TITLES[a.kind]}] {', '.join(a.subjects)}"
                         + (f"  ({', '.join(a.provisions)})" if a.provisions else ""))
            lines.append(f"    {a.detail}")
            if a.reason:
                lines.append(f"    {a.reason}")
            if a.replay:
                lines.append(f"    replayed through the compiled rules: {a.replay}")
            if a.abstractions:
                lines.append("    where the encoding over-approximates: " + "; ".join(a.abstractions))
            if a.witness is not None:
                lines.append("    witness case:")
                text = yaml.safe_dump(a.witness, sort_keys=False, allow_unicode=True, default_flow_style=None)
                lines.extend("      " + line for line in text.rstrip().splitlines())
    proved = sum(1 for a in report.answers if a.status == "proved")
    lines.append("")
    if report.consistent:
        lines.append(f"consistent: no conflict, gap or dead rule; {proved} questions proved")
    else:
        lines.append(f"{len(report.findings)} findings, {len(report.unknown)} unknown, {proved} proved")
    return "\n".join(lines) + "\n"
