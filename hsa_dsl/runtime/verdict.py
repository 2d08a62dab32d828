"""What evaluating a case gives: findings with their traces, and the values computed; and how
a verdict is made from what the engine found.

:meth:`Verdict.to_json` is the stable, documented shape printed by
``hsa-dsl explain --format json`` (see the README).
"""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hsa_dsl.runtime.numbers import PLAIN, exact_text, format_decimal, in_exact_numbers, is_exact, public
from hsa_dsl.runtime.trace import EFFECTIVE, ITEMS, contributions
from hsa_dsl.runtime.values import Record
from hsa_dsl.runtime.windows import Window

#: Bumped when the JSON shape changes in a way that breaks readers.
JSON_FORMAT_VERSION = 1

#: the conclusion of a `warning` rule, where the act's templates give it no sentence
WARNING_TEXT = "the case does not say something that could change this answer"


# Not frozen: a verdict of a worker-month makes about a hundred findings, and a frozen class
# takes several times as long to build. Nothing in hsa-dsl changes a finding once made.
@dataclasses.dataclass(slots=True)
class Finding:
    #: violation, obligation, permission, entitlement, value, penalty, warning, conflict
    kind: str
    article: int
    #: the first provision the rule cites
    provision: str
    provisions: tuple[str, ...]
    rule: str
    #: what the rule concluded, as data: see `conclusion_text` for a sentence
    conclusion: dict
    #: the `for each` variables, and the entry of the case each stood for
    binding: dict
    trace: dict | None = None
    #: for a conflict: the other rule
    other_rule: str | None = None

    @property
    def conclusion_text(self) -> str:
        return self.conclusion.get("text", "")

    @in_exact_numbers
    def to_json(self) -> dict:
        out = {
            "kind": self.kind,
            "article": self.article,
            "provision": self.provision,
            "provisions": list(self.provisions),
            "rule": self.rule,
            "conclusion": jsonable(self.conclusion),
            "binding": dict(self.binding),
            "trace": jsonable(self.trace) if self.trace is not None else None,
        }
        if self.other_rule is not None:
            out["other_rule"] = self.other_rule
        return out


@dataclasses.dataclass(frozen=True)
class Verdict:
    act: str
    findings: tuple[Finding, ...]
    #: outputs and the definitions computed while deciding the case, by name
    values: dict
    #: how each value was computed (when traced), by name
    value_traces: dict = dataclasses.field(default_factory=dict)
    #: the rules whose conditions held for this case (for at least one entry), overridden or not
    rules_applied: tuple[str, ...] = ()

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self.of_kind("violation")

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        return self.of_kind("conflict")

    @property
    def warnings(self) -> tuple[Finding, ...]:
        """What the case leaves out that could change the answer (`then warning` rules)."""
        return self.of_kind("warning")

    @in_exact_numbers
    def to_json(self) -> dict:
        return {
            "format": JSON_FORMAT_VERSION,
            "act": self.act,
            "summary": {kind: sum(1 for f in self.findings if f.kind == kind)
                        for kind in sorted({f.kind for f in self.findings})},
            "findings": [f.to_json() for f in self.findings],
            "values": {k: jsonable(v) for k, v in sorted(self.values.items())},
            "value_traces": {k: jsonable(v) for k, v in sorted(self.value_traces.items())},
        }


class _Unread:
    """A finding's trace not read yet: what the engine recorded, made into data (see
    `VerdictMaker.trace`) the first time the finding's `trace` is read, and kept. The records
    of the case it names are read then: validated inputs are not changed once decided (a
    change is decided on a copy, as explanations do)."""

    __slots__ = ("maker", "recorded", "made")

    def __init__(self, maker: "VerdictMaker", recorded, made: dict):
        self.maker = maker
        self.recorded = recorded
        #: what the traces of one verdict made public so far, shared by them
        self.made = made

    @in_exact_numbers
    def data(self) -> dict | None:
        return self.maker.trace(self.recorded, self.made)


#: where a finding keeps its trace: the data, or what it is made from while unread
_TRACE_SLOT = Finding.trace


def _read_trace(finding: Finding) -> dict | None:
    value = _TRACE_SLOT.__get__(finding, Finding)
    if type(value) is _Unread:
        value = value.data()
        _TRACE_SLOT.__set__(finding, value)
    return value


# A verdict holds thousands of steps, most of them in findings nobody reads the trace of, so
# each trace is made into data when first read. Every way of reading a finding (its attribute,
# `==`, `repr`, `to_json`, copying, pickling) goes through the attribute, so none can tell
# when it was made.
Finding.trace = property(_read_trace, _TRACE_SLOT.__set__,
                         doc="What the rule read, computed and decided, as data (None untraced).")


class RuleFacts:
    """What every finding of one rule repeats, made once per compiled act."""

    __slots__ = ("info", "article", "provision", "provisions", "scope", "scopes", "fixed_kind", "obligation",
                 "norm")

    def __init__(self, info: dict, article: int, provision: str, provisions: tuple, scope: str | None,
                 scopes: tuple, fixed_kind: str | None, obligation: bool, norm: dict | None):
        self.info = info
        self.article = article
        #: the first provision the rule cites, and all it cites
        self.provision = provision
        self.provisions = provisions
        #: the rule's `for each` variables, and the one variable when there is one
        self.scope = scope
        self.scopes = scopes
        #: the kind of the rule's findings, unless it depends on the firing (obligations and
        #: prohibitions)
        self.fixed_kind = fixed_kind
        self.obligation = obligation
        #: a norm's conclusion for each answer to "violated?" (None: not known)
        self.norm = norm


class VerdictMaker:
    """Makes the verdicts of one compiled module from what the engine found: the findings in
    the act's order, with their conclusions as data, and the values. What every finding of a
    rule repeats is worked out once per module."""

    def __init__(self, module):
        self.module = module
        self._norm_conclusions: dict[tuple, dict] = {}
        self._facts: dict[str, RuleFacts] | None = None
        #: each rule's place in the act, the order findings are given in
        self._rule_index = {name: index for index, name in enumerate(module.RULES)}
        #: each trace site's part of a step, the same in every trace (see `trace`)
        self._step_templates: dict[int, dict] = {}

    def make(self, ctx, firings, conflicts, traced: bool) -> Verdict:
        meta = self.module.RULES
        # the traces of one case read the same hours and amounts over and over
        decimals: dict[tuple[int, int], Decimal] = {}
        findings: list[Finding] = []
        append = findings.append
        facts = self._finding_facts()
        breaches = ctx.breaches
        fired = [name for name, made in firings.items() if made] + list(breaches)
        # in the act's order (the rules ran in the order of their targets)
        for name in sorted(fired, key=self._rule_index.__getitem__):
            rule = facts[name]
            info, article, provision, provisions = rule.info, rule.article, rule.provision, rule.provisions
            scope, scopes, fixed_kind, norm = rule.scope, rule.scopes, rule.fixed_kind, rule.norm
            if name in breaches:
                breached = norm[True]
                for elements in breaches[name]:
                    append(Finding("violation", article, provision, provisions, name, breached.copy(),
                                   _binding(scope, scopes, elements)))
                continue
            for firing in firings[name]:
                if not firing.effective:
                    continue
                violated = firing.violated
                if fixed_kind is not None:
                    kind = fixed_kind
                elif violated:
                    kind = "violation"
                elif violated is None and rule.obligation:
                    # an obligation whose fulfilment the case cannot show (no `violated when`)
                    # is a duty the party has now
                    kind = "obligation"
                else:  # met, or a prohibition not breached: no finding
                    continue
                # every finding gets a conclusion of its own, which its reader may change
                conclusion = norm[violated].copy() if norm is not None else self._conclusion(info, firing)
                append(Finding(kind, article, provision, provisions, name, conclusion,
                               _binding(scope, scopes, firing.elements),
                               _Unread(self, firing.trace, decimals) if traced else None))
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
                trace=_Unread(self, a.trace, decimals) if traced else None,
                other_rule=b.rule,
            ))
        values = public(dict(ctx.memo))
        values.update(public(ctx.outputs))
        value_traces = ({name: self.trace(tr, decimals) for name, tr in sorted(ctx.definition_traces.items())}
                        if traced else {})
        if traced:
            applied = tuple(sorted(name for name, fs in firings.items() if any(f.applicable for f in fs)))
        else:  # untraced rules report only the bindings they apply to, and some not the met ones
            applied = tuple(sorted(ctx.met.union(fired)))
        return Verdict(self.module.ACT["name"], tuple(findings), dict(sorted(values.items())), value_traces, applied)

    def _finding_facts(self) -> dict[str, "RuleFacts"]:
        """What every finding of a rule repeats, made once per act: its article and provisions;
        its `for each` variables (the one variable, when there is one); the kind of its
        findings, unless that depends on the firing (obligations and prohibitions), and whether
        it is an obligation; a norm's conclusion for each answer to "violated?"."""
        if self._facts is None:
            facts = {}
            for name, info in self.module.RULES.items():
                kind = info["kind"]
                fixed_kind = {"permission": "permission", "penalty": "penalty", "warning": "warning"}.get(kind)
                if kind == "assignment":
                    fixed_kind = "entitlement" if self.module.OUTPUTS[info["output"]]["owed_to"] else "value"
                norm = None
                if kind in ("obligation", "prohibition", "permission"):
                    base = self._norm_conclusion(info["party"], info["action"], kind)
                    norm = {None: base, True: {**base, "violated": True}, False: {**base, "violated": False}}
                scopes = tuple(info["scopes"])
                provisions = tuple(info["cites"])
                facts[name] = RuleFacts(info, info["article"], provisions[0], provisions,
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
            if is_exact(firing.value) and value != firing.value:
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
        output = self.module.OUTPUTS[name]
        return output["type"], output["owed_to"]

    def _norm_conclusion(self, party: str, action: str, kind: str) -> dict:
        """The same for every firing of a rule, so made once."""
        key = (party, action, kind)
        made = self._norm_conclusions.get(key)
        if made is None:
            verb = {"obligation": "must", "prohibition": "must not", "permission": "may"}[kind]
            made = self._norm_conclusions[key] = {
                "type": kind, "party": party, "action": action,
                "text": f"{party} {verb} {self.module.ACTIONS.get(action, action)}"}
        return made

    def trace(self, tr, decimals: dict | None = None) -> dict | None:
        """A trace as plain data: the facts read, the values used, each step with its site.

        A traced verdict has thousands of steps; what each takes from its site is made once per
        act (`_step_template`), and only what the case decided goes through `public`, each
        exact number and record once (`decimals`: what was made so far, by numerator and
        denominator or by the record's identity, shared by the traces of one verdict, all made
        in one decimal context). Every step still gets containers of its own, which its reader
        may change."""
        if tr is None:
            return None
        if decimals is None:
            decimals = {}

        def public_value(value):
            kind = type(value)
            if kind in PLAIN:
                return value
            if kind is Fraction:
                key = (value._numerator, value._denominator)
                made = decimals.get(key)
                if made is None:
                    made = decimals[key] = public(value)
                return made
            if kind is Record:
                # a day handed to a definition, step after step: its fields made public once,
                # and a mapping of its own for each step when they hold no container to share
                # by identity: the records the traces of one verdict read are all held by
                # those traces, so no two of them can have had one identity
                key = id(value)
                made = decimals.get(key)
                if made is None:
                    made = decimals[key] = public(value)
                    if not all(type(v) in PLAIN or type(v) is frozenset or v == () for v in made.values()):
                        made = decimals[key] = False
                return made.copy() if made is not False else public(value)
            return public(value)

        templates = self._step_templates
        recorded_steps, facts, uses = tr.recorded()
        steps = []
        owner_name = tr.owner
        for step in recorded_steps:
            site_id = step[0]
            template = templates.get(site_id)
            if template is None:
                template = self._step_template(site_id)
            owned, structure_paths, owner, role = template
            entry = owned.copy()
            entry["role"] = role if owner == owner_name else "definition"
            entry["value"] = public_value(step[1])
            mark = step[2] if len(step) > 2 else None
            if mark is ITEMS:
                entry["operands"] = []
            elif mark is EFFECTIVE:
                entry["operands"] = [public_value(step[3])]
            else:
                entry["operands"] = [public_value(v) for v in step[2:]]
            entry["operand_types"] = list(entry["operand_types"])
            if structure_paths:
                entry["operand_paths"] = tuple(None if p is None else dict(p) for p in entry["operand_paths"])
            if mark is ITEMS:
                entry["items"] = [{"entry": p, "value": public_value(v)} for p, v in contributions(step[3])]
            elif mark is EFFECTIVE:
                entry["effective"] = public(step[4])
            steps.append(entry)
        return {
            "owner": owner_name,
            "binding": public(tr.binding),
            "facts": [{"path": p, "value": public_value(v)} for p, v in facts.items()],
            "uses": [{"name": n, "value": public_value(v)} for n, v in uses.items()],
            "steps": steps,
            "exceptions": public([{"rule": e["rule"], "applied": e["applied"],
                                   "conditions": _exception_conditions(e.get("trace"), self.module.SITES)}
                                  for e in tr.exceptions]) if tr.exceptions else [],
        }

    def _step_template(self, site_id: int) -> tuple[dict, bool, str, str]:
        """A step's entries that come from its site, in their order, as `public` gives them
        (the site's structure holds names, texts and paths: plain data); the case's value and
        operands are filled in per step, and the role, which depends on the trace's owner.
        Also whether the structure has operand paths (mappings each step gets a copy of), and
        the site's owner and role."""
        site = self.module.SITES[site_id]
        owned = {"site": site_id, "kind": site["kind"], "text": site["text"], "line": site["line"],
                 "role": None, "type": site["type"], "value": None, "operands": None,
                 "operand_types": tuple(site["operand_types"])}
        owned.update(public(site["structure"]))
        made = self._step_templates[site_id] = (owned, "operand_paths" in owned, site["owner"], site["role"])
        return made
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
    steps, _, uses = trace.recorded()
    out = [{"text": sites[s[0]]["text"], "value": s[1]} for s in steps
           if sites[s[0]]["role"] == "when" and sites[s[0]]["kind"] in ("compare", "member", "given")]
    out += [{"text": name, "value": value} for name, value in uses.items() if isinstance(value, bool)]
    return out


def _show(value, type_name: str = "") -> str:
    """A value in a conclusion's English sentence: NT$29,500, 10 h, 30 days, true."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return show(value, type_name)


def jsonable(value: Any) -> Any:
    """A value as JSON: exact numbers as strings, dates as YYYY-MM-DD, records by their path."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if is_exact(value):
        return exact_text(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Record):
        return value.path
    if isinstance(value, Window):
        return {"start": value.start.isoformat(), "end": value.end.isoformat(), "entries": len(value.items)}
    if isinstance(value, frozenset):
        return sorted(jsonable(v) for v in value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    return str(value)


@in_exact_numbers
def show(value, type_name: str = "", hours: str = "{count} h") -> str:
    """A value as a person reads it: NT$29,500, 10 h, 30 days, yes. `hours` is how a number
    of hours is written, in the reader's language."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "(not given)"
    value = public(value)
    if type_name.startswith("optional "):
        type_name = type_name[len("optional "):]
    if type_name == "money" and isinstance(value, (int, Decimal)):
        value, about = cents(Decimal(value))
        text = format_decimal(value)
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        return f"{about}{sign}NT${int(whole.lstrip('-')):,}" + (f".{fraction}" if fraction else "")
    if type_name == "hours" and isinstance(value, (int, Decimal)):
        value, about = cents(Decimal(value))
        return about + hours.format(count=format_decimal(value))
    if type_name == "days" and isinstance(value, int):
        return f"{value} day" + ("" if value == 1 else "s")
    if isinstance(value, Decimal):
        return format_decimal(value)
    shown = jsonable(value)
    if isinstance(shown, list):
        return "{" + ", ".join(str(v) for v in shown) + "}"
    return str(shown)


def cents(value: Decimal) -> tuple[Decimal, str]:
    """Money and hours are shown to two places; a value that needs more is marked as rounded."""
    rounded = value.quantize(_CENT)
    return (value, "") if rounded == value else (rounded, "≈")


_CENT = Decimal("0.01")  # made once: building a decimal costs about what quantizing one does
