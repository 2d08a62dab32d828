"""What `hsa-dsl verify` answers, and how it is told: the answers, the verdict on its last
line, and the exit status that goes with it."""

from __future__ import annotations

from datetime import date

import attrs

#: the verdicts, with their exit status
EXIT_STATUS = {"consistent": 0, "findings": 1, "unknown": 3, "bounded": 4}

_TITLES = {
    "value_conflict": "Value conflict",
    "deontic_conflict": "Deontic conflict",
    "gap": "Gap",
    "never_applies": "Rule that never applies",
    "dead_rule": "Dead rule",
    "vacuous_exception": "Exception that can never apply",
    "never_violated": "Duty that can never be breached",
    "always_violated": "Duty breached wherever it applies",
    "property": "Property that does not hold",
}


@attrs.frozen
class Answer:
    #: one of the keys of `_TITLES`
    kind: str
    #: the rules (or the output, or the property) the question is about
    subjects: tuple[str, ...]
    provisions: tuple[str, ...]
    #: found, proved, unknown
    status: str
    detail: str
    #: a case the compiled rules confirm (only with `found`)
    witness: dict | None = None
    #: "confirmed" for a witness; None when there is none
    replay: str | None = None
    reason: str | None = None
    abstractions: tuple[str, ...] = ()
    #: for an absence found: the act's lines that make it so, as (line, what)
    because: tuple[tuple, ...] = ()
    #: for an unknown answer: the solver's case that did not replay, which is not a real case
    candidate: dict | None = None

    @property
    def is_finding(self) -> bool:
        return self.status == "found"

    def to_json(self) -> dict:
        out = {"kind": self.kind, "subjects": list(self.subjects), "provisions": list(self.provisions),
               "status": self.status, "detail": self.detail, "replay": self.replay}
        if self.witness is not None:
            out["witness"] = jsonable(self.witness)
        if self.reason:
            out["reason"] = self.reason
        if self.because:
            out["because"] = [{"line": line, "what": what} for line, what in self.because]
        if self.candidate is not None:
            out["candidate_not_a_real_case"] = jsonable(self.candidate)
        if self.abstractions:
            out["abstractions"] = list(self.abstractions)
        return out


@attrs.frozen
class Report:
    act: str
    answers: tuple[Answer, ...]
    list_bound: int
    dates: tuple[str, str]
    #: each list the act declares: (entries searched, entries the act allows or None)
    lists: dict = attrs.field(factory=dict)

    @property
    def findings(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.is_finding)

    @property
    def unknown(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.status == "unknown")

    @property
    def proved(self) -> tuple[Answer, ...]:
        return tuple(a for a in self.answers if a.status == "proved")

    @property
    def cut_lists(self) -> dict:
        """The lists searched shorter than the act allows them."""
        return {name: (searched, allowed) for name, (searched, allowed) in sorted(self.lists.items())
                if allowed is None or allowed > searched}

    @property
    def verdict(self) -> str:
        if self.findings:
            return "findings"
        if self.unknown:
            return "unknown"
        return "bounded" if self.cut_lists else "consistent"

    @property
    def consistent(self) -> bool:
        """Nothing found and nothing unknown (see `verdict` for whether for every case)."""
        return not self.findings and not self.unknown

    @property
    def exit_status(self) -> int:
        return EXIT_STATUS[self.verdict]

    def last_line(self) -> str:
        proved = len(self.proved)
        verdict = self.verdict
        if verdict == "consistent":
            return f"consistent: no conflict, gap or dead rule; {proved} questions proved for every case the act allows"
        if verdict == "bounded":
            cut = self.cut_lists
            usual = max(set(s for s, _ in cut.values()), key=[s for s, _ in cut.values()].count)
            others = ", ".join(f"{s} in {name}" for name, (s, _) in cut.items() if s != usual)
            allowed = ", ".join(f"{name} up to {a}" if a is not None else f"{name} without a bound"
                                for name, (_, a) in cut.items())
            return (f"consistent as far as searched: {proved} questions proved for cases with at most {usual} "
                    f"entries in each list" + (f" ({others})" if others else "")
                    + f"; longer lists were not searched, and the act allows {allowed}")
        return f"{len(self.findings)} findings, {len(self.unknown)} unknown, {proved} proved"

    def to_json(self) -> dict:
        return {
            "act": self.act,
            "verdict": self.verdict,
            "consistent": self.verdict == "consistent",
            "bounds": {"entries_per_list": self.list_bound, "dates": list(self.dates),
                       "lists": {name: {"searched": s, "allowed": a} for name, (s, a) in sorted(self.lists.items())}},
            "questions": len(self.answers),
            "findings": [a.to_json() for a in self.findings],
            "unknown": [a.to_json() for a in self.unknown],
            "proved": [a.to_json() for a in self.proved],
            "summary": self.last_line(),
        }


def jsonable(value):
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _yaml(value) -> list[str]:
    import yaml

    text = yaml.safe_dump(value, sort_keys=False, allow_unicode=True, default_flow_style=None)
    return text.rstrip().splitlines()


def render(report: Report) -> str:
    searched = ", ".join(f"{name} {s}" + (f" of {a}" if a != s else "")
                         for name, (s, a) in sorted(report.lists.items()))
    lines = [f"Verification of {report.act}: {len(report.answers)} questions, dates {report.dates[0]} to "
             f"{report.dates[1]}" + (f", entries searched in each list: {searched}" if searched else "")]
    for title, answers in (("Findings", report.findings), ("Unknown", report.unknown)):
        if not answers:
            continue
        lines.append("")
        lines.append(f"{title}:")
        for a in answers:
            lines.append(f"  [{_TITLES[a.kind]}] {', '.join(a.subjects)}"
                         + (f"  ({', '.join(a.provisions)})" if a.provisions else ""))
            lines.append(f"    {a.detail}")
            if a.because:
                lines.append("    because of:")
                lines.extend(f"      line {line}: {what}" if line else f"      {what}" for line, what in a.because)
            if a.reason:
                lines.append(f"    {a.reason}")
            if a.replay:
                lines.append(f"    replayed through the compiled rules: {a.replay}")
            if a.abstractions:
                lines.append("    where the encoding over-approximates: " + "; ".join(a.abstractions))
            if a.witness is not None:
                lines.append("    witness case:")
                lines.extend("      " + line for line in _yaml(a.witness))
            if a.candidate is not None:
                lines.append("    the solver's candidate, which is NOT a real case (the compiled rules do not "
                             "show the problem on it):")
                lines.extend("      # " + line for line in _yaml(a.candidate))
    lines.append("")
    lines.append(report.last_line())
    return "\n".join(lines) + "\n"
