"""The public API: load an act, evaluate cases.

    >>> act = load_act("acts/household_service.hsa")      # doctest: +SKIP
    >>> verdict = act.evaluate("examples/long_days.yaml")  # doctest: +SKIP
    >>> [f.rule for f in verdict.violations]               # doctest: +SKIP
"""

from __future__ import annotations

import contextlib
import gc
import types as pytypes
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any

from hsa_dsl.check import checked as c
from hsa_dsl.runtime import engine as runtime
from hsa_dsl.cases import Validator, load_case_file
from hsa_dsl.check.checker import check
from hsa_dsl.compiler import codegen  # noqa: I001
from hsa_dsl.compiler.ir import Program
from hsa_dsl.compiler.lower import compile_to_ir
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.values import show
from hsa_dsl.syntax import parse, read_source
from hsa_dsl.source import Source, normalise_newlines
from hsa_dsl.check.types import OptionalType
from hsa_dsl.runtime.verdict import Finding, Verdict, exact_numbers, public

SHIPPED_ACT = "household_service.hsa"

#: the conclusion of a `warning` rule, where the act's templates give it no sentence
WARNING_TEXT = "the case does not say something that could change this answer"


def shipped_act_path() -> Path:
    """The act installed with the package (``acts/household_service.hsa`` in the repository)."""
    return Path(str(resources.files("hsa_dsl.acts").joinpath(SHIPPED_ACT)))


def load_act(path=None, max_bytes: int | None = None) -> "Act":
    """Parse, check and compile an act file (the shipped act when `path` is None) of at most
    `max_bytes` bytes (:data:`hsa_dsl.syntax.parser.MAX_ACT_BYTES` unless given)."""
    source = read_source(path if path is not None else shipped_act_path(), max_bytes)
    return Act.from_source(source)


def load_act_text(text: str, name: str = "<act>") -> "Act":
    return Act.from_source(Source(name, normalise_newlines(text)))


@contextlib.contextmanager
def collector_paused():
    """Compiling an act makes hundreds of thousands of small objects and almost no reference
    cycles; the cyclic garbage collector would walk the growing heap over and over for nothing
    (a tenth of the compile time). It is paused while the act compiles, then left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Act:
    """A compiled act: its checked structure, its IR and the generated module."""

    def __init__(self, checked: c.CheckedAct, program: Program, generated: codegen.Generated, source: Source):
        self.checked = checked
        self.program = program
        self.generated = generated
        self.source = source
        self._filename = f"<hsa-dsl generated from {source.name}>"
        self._norm_conclusions: dict[tuple, dict] = {}
        self._facts: dict[str, tuple] | None = None
        #: each rule's place in the act, the order findings are given in
        self._rule_index = {rule.name: index for index, rule in enumerate(program.rules)}
        self._outputs: dict[str, tuple] = {}
        # the code is built from the IR with the ast module, never from text of the act or a case
        self._namespace: dict[str, Any] = dict(generated.tables)
        exec(codegen.compile_module(generated.main, self._filename), self._namespace)
        self.module = pytypes.SimpleNamespace(**self._namespace)

    def _ensure_traced(self) -> None:
        if getattr(self.module, "TRACED", None) is None:
            exec(codegen.compile_module(self.generated.traced, self._filename), self._namespace)
            self.module.TRACED = self._namespace["TRACED"]

    @classmethod
    def from_source(cls, source: Source) -> "Act":
        with collector_paused():
            act_file = parse(source)
            checked = check(act_file, source.name)
            program = compile_to_ir(checked)
            return cls(checked, program, codegen.generate(program), source)

    @property
    def name(self) -> str:
        return self.checked.name

    def python_source(self) -> str:
        return codegen.to_source(self.generated)

    # ------------------------------------------------------------------ cases

    def validate(self, case, file: str | None = None, max_bytes: int | None = None) -> dict:
        """A case (a mapping, or a path to a JSON/YAML file of at most `max_bytes` bytes, 16 MiB
        unless given) as validated runtime inputs. `file` names a mapping's file in errors."""
        with exact_numbers():
            if isinstance(case, (str, Path)):
                file = str(case)
                case = load_case_file(case, max_bytes)
            return Validator(self.checked, self.module.CHECKS, file).validate(case)

    def evaluate(self, case, trace: bool = True, file: str | None = None, max_bytes: int | None = None) -> Verdict:
        inputs = self.validate(case, file, max_bytes)
        return self.evaluate_inputs(inputs, trace)

    def evaluate_inputs(self, inputs: dict, trace: bool = True) -> Verdict:
        if trace:
            self._ensure_traced()
        # the amounts do not depend on the caller's decimal context (its precision, its traps)
        with exact_numbers():
            ctx, firings, conflicts = runtime.run(self.module, inputs, trace)
            return self._verdict(ctx, firings, conflicts, trace)

    def _verdict(self, ctx, firings, conflicts, traced: bool) -> Verdict:
        meta = self.module.RULES
        findings: list[Finding] = []
        append = findings.append
        facts = self._finding_facts()
        fired = [name for name, made in firings.items() if made]
        # in the act's order (the rules ran in the order of their targets)
        for name in sorted(fired, key=self._rule_index.__getitem__):
            info, article, provision, provisions, scope, scopes, fixed_kind, obligation, norm = facts[name]
            made = firings[name]
            if type(made[0]) is tuple:
                # untraced, a duty silent when met gives the entries of its breaches alone
                breached = norm[True]
                for elements in made:
                    append(Finding("violation", article, provision, provisions, name, breached.copy(),
                                   _binding(scope, scopes, elements)))
                continue
            for firing in made:
                if not firing.effective:
                    continue
                violated = firing.violated
                if fixed_kind is not None:
                    kind = fixed_kind
                elif violated:
                    kind = "violation"
                elif violated is None and obligation:
                    # an obligation whose fulfilment the case cannot show (no `violated when`)
                    # is a duty the party has now
                    kind = "obligation"
                else:  # met, or a prohibition not breached: no finding
                    continue
                # every finding gets a conclusion of its own, which its reader may change
                conclusion = norm[violated].copy() if norm is not None else self._conclusion(info, firing)
                append(Finding(kind, article, provision, provisions, name, conclusion,
                               _binding(scope, scopes, firing.elements),
                               self._trace(firing.trace) if traced else None))
        for target, a, b in conflicts:
            info = meta[a.rule]
            findings.append(Finding(
                kind="conflict",
                article=info["article"],
                provision=info["cites"][0],
                provisions=tuple(dict.fromkeys(info["cites"] + meta[b.rule]["cites"])),
                rule=a.rule,
                conclusion={
                    "type": "conflict",
                    "target": list(target["key"]),
                    "rules": [a.rule, b.rule],
                    "conclusions": public([self._conclusion(meta[a.rule], a), self._conclusion(meta[b.rule], b)]),
                    "text": f"rules {a.rule} and {b.rule} both apply and conclude differently; "
                            "neither is declared an exception to the other",
                },
                binding=a.binding(info["scopes"]) or b.binding(meta[b.rule]["scopes"]),
                trace=self._trace(a.trace) if traced else None,
                other_rule=b.rule,
            ))
        values = public(dict(ctx.memo))
        values.update(public(ctx.outputs))
        value_traces = {name: self._trace(tr) for name, tr in sorted(ctx.definition_traces.items())} if traced else {}
        if traced:
            applied = tuple(sorted(name for name, fs in firings.items() if any(f.applicable for f in fs)))
        else:  # untraced rules report only the bindings they apply to, and some not the met ones
            applied = tuple(sorted(ctx.met.union(fired)))
        return Verdict(self.checked.name, tuple(findings), dict(sorted(values.items())), value_traces, applied)

    def _finding_facts(self) -> dict[str, tuple]:
        """What every finding of a rule repeats, made once per act: its article and provisions;
        its `for each` variables (the one variable, when there is one); the kind of its
        findings, unless that depends on the firing (obligations and prohibitions), and whether
        it is an obligation; a norm's conclusion for each answer to "violated?"."""
        if self._facts is None:
            facts = {}
            for rule in self.program.rules:
                info = self.module.RULES[rule.name]
                kind = info["kind"]
                fixed_kind = {"permission": "permission", "penalty": "penalty", "warning": "warning"}.get(kind)
                if kind == "assignment":
                    fixed_kind = "entitlement" if self.checked.outputs[info["output"]].owed_to else "value"
                norm = None
                if kind in ("obligation", "prohibition", "permission"):
                    base = self._norm_conclusion(info["party"], info["action"], kind)
                    norm = {None: base, True: {**base, "violated": True}, False: {**base, "violated": False}}
                scopes = tuple(info["scopes"])
                provisions = tuple(info["cites"])
                facts[rule.name] = (info, info["article"], provisions[0], provisions,
                                    scopes[0] if len(scopes) == 1 else None, scopes,
                                    fixed_kind, kind == "obligation", norm)
            self._facts = facts
        return self._facts

    def _conclusion(self, info: dict, firing) -> dict:
        kind = info["kind"]
        if kind in ("obligation", "prohibition", "permission"):
            return _norm_firing_conclusion(self._norm_conclusion(info["party"], info["action"], kind), firing)
        if kind == "warning":
            return {"type": "warning", "text": WARNING_TEXT}
        if kind == "assignment":
            name = info["output"]
            unit, owed_to = self._output_facts(name)
            value = public(firing.value)
            out = {"type": "entitlement" if owed_to else "value", "output": name, "value": value, "unit": unit}
            if type(firing.value) is Fraction and value != firing.value:
                # a rational with no exact decimal form (NT$335/3): `value` has 28 digits of it
                out["exact"] = firing.value
            if owed_to:
                out["owed_to"] = owed_to
            out["text"] = f"{name} = {_show(value, unit)}"
            return out
        sanctions = []
        for s_kind, low, high, text in firing.sanctions or ():
            sanctions.append({"kind": s_kind, "low": public(low), "high": public(high), "text": text})
        parts = []
        for s in sanctions:
            if s["kind"] == "measure":
                parts.append(s["text"])
            elif s["kind"] == "fine_range":
                parts.append(f"a fine of {_show(s['low'], 'money')} to {_show(s['high'], 'money')}")
            elif s["kind"] == "fine_up_to":
                parts.append(f"a fine of up to {_show(s['high'], 'money')}")
            elif s["kind"] == "fine_at_least":
                parts.append(f"a fine of at least {_show(s['low'], 'money')}")
            else:
                parts.append(f"a fine of {_show(s['low'], 'money')}")
        return {"type": "penalty", "party": info["party"], "sanctions": sanctions,
                "text": f"{info['party']} faces " + "; ".join(parts)}

    def _output_facts(self, name: str) -> tuple[str, str | None]:
        """An output's type as written, and whom it is owed to."""
        made = self._outputs.get(name)
        if made is None:
            output = self.checked.outputs[name]
            made = self._outputs[name] = (str(output.type), output.owed_to)
        return made

    def _norm_conclusion(self, party: str, action: str, kind: str) -> dict:
        """The same for every firing of a rule, so made once."""
        key = (party, action, kind)
        made = self._norm_conclusions.get(key)
        if made is None:
            verb = {"obligation": "must", "prohibition": "must not", "permission": "may"}[kind]
            made = self._norm_conclusions[key] = {
                "type": kind, "party": party, "action": action,
                "text": f"{party} {verb} {self.checked.actions.get(action, action)}"}
        return made

    def _trace(self, tr) -> dict | None:
        if tr is None:
            return None
        sites = self.module.SITES
        steps = []
        for step in tr.steps:
            site = sites[step["site"]]
            entry = {"site": step["site"], "kind": site["kind"], "text": site["text"], "line": site["line"],
                     "role": site["role"] if site["owner"] == tr.owner else "definition",
                     "type": site["type"], "value": step["value"], "operands": list(step["operands"]),
                     "operand_types": list(site["operand_types"])}
            if "items" in step:
                entry["items"] = [{"entry": p, "value": v} for p, v in step["items"]]
            if "effective" in step:
                entry["effective"] = step["effective"]
            steps.append(entry)
        return public({
            "owner": tr.owner,
            "binding": dict(tr.binding),
            "facts": [{"path": p, "value": v} for p, v in tr.facts.items()],
            "uses": [{"name": n, "value": v} for n, v in tr.uses.items()],
            "steps": steps,
            "exceptions": [{"rule": e["rule"], "applied": e["applied"],
                            "conditions": _exception_conditions(e.get("trace"), sites)}
                           for e in tr.exceptions],
        })

    # ------------------------------------------------------------------ schema

    def case_schema(self) -> dict:
        from hsa_dsl.schema import case_schema

        return case_schema(self.checked)


def _binding(scope: str | None, scopes: tuple, elements) -> dict:
    """A finding's `for each` variables and the paths of the entries they stood for (`scope`
    is the one variable, when there is one)."""
    if scope is not None:
        return {scope: elements[0].path}
    return dict(zip(scopes, [e.path for e in elements]))


def _norm_firing_conclusion(norm: dict, firing) -> dict:
    """A norm's conclusion for one firing: a copy of the rule's, with whether it was violated
    where the rule says."""
    if firing.violated is None:
        return dict(norm)
    return {**norm, "violated": firing.violated}


def _exception_conditions(trace, sites: dict) -> list[dict]:
    """What an exception's own evaluation decided on: its conditions, and the truth values of
    the definitions it used."""
    if trace is None:
        return []
    out = [{"text": sites[s["site"]]["text"], "value": s["value"]} for s in trace.steps
           if sites[s["site"]]["role"] == "when" and sites[s["site"]]["kind"] in ("compare", "member", "given")]
    out += [{"text": name, "value": value} for name, value in trace.uses.items() if isinstance(value, bool)]
    return out


def _show(value, type_name: str = "") -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return show(value, type_name)
