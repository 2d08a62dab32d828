"""Tracing: what a rule or a definition read, computed and decided, recorded as it runs.

A traced evaluation of a worker-month records thousands of steps, most of them in traces no
finding shows (the bindings where a rule is met). So a trace records each event as a tuple in
one list, in the order it happened, and says what it holds, as the data of steps, facts and
uses, only when asked (`Trace.recorded`, :meth:`hsa_dsl.runtime.verdict.VerdictMaker.trace`).
The events, by their shape:

- ``(site, value, *operands)``: a step; ``(site, value, ITEMS, pairs)`` an aggregate's,
  with the (entry, value) pairs it folded; ``(site, value, EFFECTIVE, at, effective)`` a
  dated parameter's, with the date asked about and the date its value took effect (see
  `step_parts`);
- ``(record, field, value)``: a fact read (its first record is the one a trace keeps);
- ``(name, value)``: the value of a definition or output used (the first one is kept);
- a list: the events of a definition's call, recorded once and shared by every trace that
  made the same call (see `Recording`).
"""

from __future__ import annotations

import operator
from datetime import date
from typing import Any

from hsa_dsl.runtime.values import Record, parameter_value
from hsa_dsl.runtime.windows import Window


class Recording:
    """The events of one call of a definition with parameters, made once per evaluation and
    arguments (a day's hours are read by rule after rule) and spliced, as one event, into the
    trace of each caller: what the call read and decided is the same every time."""

    __slots__ = ("events",)

    def __init__(self):
        self.events: list = []

    def step(self, site: int, value, *operands):
        self.events.append((site, value, *operands))
        return value

    def use(self, name: str, value):
        self.events.append((name, value))
        return value

    def fact(self, record: Record, field: str):
        value = record[field]
        self.events.append((record, field, value))
        return value


class Trace(Recording):
    """What one rule (for one binding) or one definition read, computed and decided."""

    __slots__ = ("owner", "binding", "exceptions")

    def __init__(self, owner: str, binding: dict | None = None):
        self.owner = owner
        self.binding = binding or {}
        self.events: list = []
        #: each exception to the rule, whether it applied and its own trace (see the engine);
        #: a tuple until there is one, as most rules have none
        self.exceptions: list[dict] | tuple = ()

    def recorded(self) -> tuple[list[tuple], dict[str, Any], dict[str, Any]]:
        """The steps in order, as recorded (see above); the facts read, by path, each with
        the first value read, in the order first read; the definitions and outputs used,
        likewise."""
        steps: list[tuple] = []
        facts: dict[str, Any] = {}
        uses: dict[str, Any] = {}
        events = self.events
        for event in flatten(events) if any(type(event) is list for event in events) else events:
            head = event[0]
            if type(head) is int:
                steps.append(event)
            elif type(head) is str:
                if head not in uses:
                    uses[head] = event[1]
            else:
                path = f"{head.path}.{event[1]}"
                if path not in facts:
                    facts[path] = event[2]
        return steps, facts, uses

    @property
    def steps(self) -> list[dict]:
        """The steps as dicts: the site, the value, the operands, and an aggregate's `items`
        (entry path, value) or a parameter's `effective` date."""
        out = []
        for step in self.recorded()[0]:
            operands, pairs, effective = step_parts(step)
            made = {"site": step[0], "value": step[1], "operands": operands}
            if pairs is not None:
                made["items"] = contributions(pairs)
            elif effective is not _NOT_DATED:
                made["effective"] = effective
            out.append(made)
        return out

    @property
    def facts(self) -> dict[str, Any]:
        return self.recorded()[1]

    @property
    def uses(self) -> dict[str, Any]:
        return self.recorded()[2]


def flatten(events: list):
    """The events of a trace in order, with the events of each shared call in its place."""
    stack = [iter(events)]
    while stack:
        for event in stack[-1]:
            if type(event) is list:
                stack.append(iter(event))
                break
            yield event
        else:
            stack.pop()


#: what follows in an aggregate's step: the pairs it folded
ITEMS = object()
#: what follows in a dated parameter's step: the date asked about, and the date the value took effect
EFFECTIVE = object()
_NOT_DATED = object()


def step_parts(step: tuple) -> tuple[tuple, list | None, Any]:
    """A step's operands, an aggregate's (entry, value) pairs (else None), and the date a
    parameter's value took effect (else a marker that is no date)."""
    if len(step) > 2:
        mark = step[2]
        if mark is ITEMS:
            return (), step[3], _NOT_DATED
        if mark is EFFECTIVE:
            return (step[3],), None, step[4]
    return step[2:], None, _NOT_DATED


def contributions(pairs) -> tuple:
    """An aggregate's (entry, value) pairs as (the entry's path, value)."""
    out = []
    for entry, value in pairs:
        path = getattr(entry, "path", _NO_PATH)
        out.append((str(entry) if path is _NO_PATH else path, value))
    return tuple(out)


_NO_PATH = object()


def trace_fact(tr: Recording, record, field: str):
    if type(record) is Window:
        return getattr(record, field)
    value = record[field]
    tr.events.append((record, field, value))
    return value


def traced_aggregate(tr: Recording, site: int, fold, pairs: list, start=0):
    """Fold an aggregate's (entry, value) pairs with `fold` (one of `folds`) and record which
    entries counted (their paths are worked out when the trace is read)."""
    result = fold([v for _, v in pairs], start)
    tr.events.append((site, result, ITEMS, pairs))
    return result


_OPERATORS = {
    "eq": operator.eq,
    "ne": operator.ne,
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}


def obs_compare(tr: Recording, site: int, op, left, right) -> bool:
    """`op` names the comparison, or is the function that makes it (`exact_gt`...)."""
    value = _OPERATORS.get(op, op)(left, right)
    tr.events.append((site, value, left, right))
    return value


def obs_member(tr: Recording, site: int, element, collection, negated: bool) -> bool:
    value = (element not in collection) if negated else (element in collection)
    tr.events.append((site, value, element, collection))
    return value


def obs_parameter(tr: Recording, site: int, name: str, values: tuple, at: date):
    effective, value = parameter_value(name, values, at)
    tr.events.append((site, value, EFFECTIVE, at, effective))
    return value


def obs_apply(tr: Recording, site: int, function, ctx, *arguments):
    value = function(ctx, tr, *arguments)
    tr.events.append((site, value, *arguments))
    return value
