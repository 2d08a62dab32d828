"""Tracing: what a rule or a definition read, computed and decided, recorded as it runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from hsa_dsl.runtime.values import Record, parameter_value
from hsa_dsl.runtime.windows import Window


class Trace:
    """What one rule (for one binding) or one definition read, computed and decided."""

    __slots__ = ("owner", "binding", "facts", "steps", "exceptions", "uses")

    def __init__(self, owner: str, binding: dict | None = None):
        self.owner = owner
        self.binding = binding or {}
        self.facts: dict[str, Any] = {}
        self.steps: list[dict] = []
        self.exceptions: list[dict] = []
        self.uses: dict[str, Any] = {}

    def fact(self, record: Record, field: str):
        value = record[field]
        path = f"{record.path}.{field}"
        if path not in self.facts:
            self.facts[path] = value
        return value

    def step(self, site: int, value, *operands):
        self.steps.append({"site": site, "value": value, "operands": operands})
        return value

    def use(self, name: str, value):
        self.uses.setdefault(name, value)
        return value


def trace_fact(tr: Trace, record, field: str):
    if isinstance(record, Window):
        return getattr(record, field)
    return tr.fact(record, field)


def traced_aggregate(tr: Trace, site: int, fold, pairs: list, start=0):
    """Fold an aggregate's (entry, value) pairs with `fold` (one of `folds`) and record which
    entries counted."""
    result = fold([v for _, v in pairs], start)
    contributions = tuple((getattr(e, "path", str(e)), v) for e, v in pairs)
    tr.steps.append({"site": site, "value": result, "operands": (), "items": contributions})
    return result


_OPERATORS = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


def obs_compare(tr: Trace, site: int, op: str, left, right) -> bool:
    value = _OPERATORS[op](left, right)
    tr.steps.append({"site": site, "value": value, "operands": (left, right)})
    return value


def obs_member(tr: Trace, site: int, element, collection, negated: bool) -> bool:
    value = (element not in collection) if negated else (element in collection)
    tr.steps.append({"site": site, "value": value, "operands": (element, collection)})
    return value


def obs_parameter(tr: Trace, site: int, name: str, values: tuple, at: date):
    effective, value = parameter_value(name, values, at)
    tr.steps.append({"site": site, "value": value, "operands": (at,), "effective": effective})
    return value


def obs_apply(tr: Trace, site: int, function, ctx, *arguments):
    value = function(ctx, tr, *arguments)
    tr.steps.append({"site": site, "value": value, "operands": arguments})
    return value
