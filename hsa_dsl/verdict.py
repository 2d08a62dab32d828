"""What evaluating a case gives: findings with their traces, and the values computed.

:meth:`Verdict.to_json` is the stable, documented shape printed by
``hsa-dsl explain --format json`` (see the README).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import attrs

from .runtime import Record, Window

#: Bumped when the JSON shape changes in a way that breaks readers.
JSON_FORMAT_VERSION = 1


@attrs.frozen
class Finding:
    #: violation, obligation, permission, entitlement, value, penalty, conflict
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


@attrs.frozen
class Verdict:
    act: str
    findings: tuple[Finding, ...]
    #: outputs and the definitions computed while deciding the case, by name
    values: dict
    #: how each value was computed (when traced), by name
    value_traces: dict = attrs.field(factory=dict)

    def of_kind(self, kind: str) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.kind == kind)

    @property
    def violations(self) -> tuple[Finding, ...]:
        return self.of_kind("violation")

    @property
    def conflicts(self) -> tuple[Finding, ...]:
        return self.of_kind("conflict")

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


def jsonable(value: Any) -> Any:
    """A value as JSON: exact decimals as strings, dates as YYYY-MM-DD, records by their path."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
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


def format_decimal(value: Decimal) -> str:
    """An exact decimal without exponent or trailing zeros: 29500, 1.5, 0.25."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    text = format(value.normalize(), "f")
    return text
