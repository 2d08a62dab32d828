"""What generated modules run on: values, windows, tracing, and the engine that applies
exceptions and finds conflicts between rules.

Nothing here knows any act. A generated module supplies its rules as functions and its
structure (targets, exceptions, provisions) as plain data.
"""

from __future__ import annotations

import calendar
import math
from bisect import bisect_right
from datetime import date, timedelta
from fractions import Fraction
from itertools import accumulate  # noqa: F401 - for generated code
from operator import itemgetter
from typing import Any, Callable, Iterable

from hsa_dsl.errors import EvaluationError

#: Numbers that are not whole are exact rationals while rules run, as in Catala: NT$29,500 / 240
#: hours is exactly 122 11/12 an hour, and 48 hours of it at 1.5 times is exactly NT$8,850.
#: Cases give exact decimals; results are given back as decimals (see verdict.public).
Q = Fraction
ZERO = Fraction(0)
#: "no result kept yet" in generated code (None is a result like any other)
MISSING = object()


class Record(dict):
    """A record of a case: its fields by name, and where it came from (``employment.timecard[3]``)."""

    __slots__ = ("path", "type")

    def __init__(self, path: str, values: dict, type_name: str = ""):
        super().__init__(values)
        self.path = path
        self.type = type_name

    def __repr__(self) -> str:
        return f"<{self.path}>"

    def __hash__(self) -> int:  # records are identified by their place in the case
        return hash(self.path)

    def __eq__(self, other) -> bool:
        return isinstance(other, Record) and self.path == other.path and dict.__eq__(self, other)


class Window:
    """The entries of a list that fall between two dates (both included)."""

    __slots__ = ("start", "end", "ordered", "source_path", "first", "stop", "_items", "_path")

    def __init__(self, start: date, end: date, ordered: list, source_path: str, first: int, stop: int):
        self.start = start
        self.end = end
        #: the list's entries sorted by date, of which the window's are `ordered[first:stop]`
        self.ordered = ordered
        self.source_path = source_path
        self.first = first
        self.stop = stop
        self._items = None
        self._path = None

    @property
    def items(self) -> tuple:
        """The window's entries, in the order of their dates.

        Made when first asked for: untraced rules read windows as runs of the sorted list
        (``first`` and ``stop``), and a month of time cards has some thirty windows."""
        if self._items is None:
            self._items = tuple(self.ordered[self.first:self.stop])
        return self._items

    @property
    def path(self) -> str:
        """``employment.timecard 2025-03-03..2025-03-09`` (one date for a window of a day).

        Worked out when first asked for: most windows of an evaluation are never named
        (only those with a finding are), and writing dates out is dearer than grouping."""
        if self._path is None:
            if self.start == self.end:
                self._path = f"{self.source_path} {self.start}"
            else:
                self._path = f"{self.source_path} {self.start}..{self.end}"
        return self._path

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return self.stop - self.first

    def __repr__(self) -> str:
        return f"<{self.path}>"


# ---------------------------------------------------------------------------- arithmetic


def divide(a, b):
    if b == 0:
        raise EvaluationError.single(f"division by zero ({a} / {b})")
    return Fraction(a) / b


def round_half_up(x) -> int:
    """To the nearest whole number, halves away from zero (as people round money)."""
    return math.floor(x + Fraction(1, 2)) if x >= 0 else -math.floor(-x + Fraction(1, 2))


def floor(x) -> int:
    return math.floor(x)


def ceil(x) -> int:
    return math.ceil(x)


def add_days(d: date, n: int) -> date:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        raise EvaluationError.single(f"{d} + {n} days is outside the calendar") from None


def add_months(d: date, n: int) -> date:
    """The same day n calendar months later, or the month's last day if it is shorter."""
    month0 = d.month - 1 + n
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    if not 1 <= year <= 9999:
        raise EvaluationError.single(f"{d} + {n} months is outside the calendar")
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def days_between(a: date, b: date) -> int:
    return (b - a).days


def years_between(a: date, b: date) -> int:
    """Whole years from a to b: the number of anniversaries of a reached by b (negative if b < a)."""
    if b < a:
        return -years_between(b, a)
    years = b.year - a.year
    try:
        anniversary = a.replace(year=b.year)
    except ValueError:  # 29 February in a common year: the anniversary falls on 1 March
        anniversary = date(b.year, 3, 1)
    if anniversary > b:
        years -= 1
    return years


def months_between(a: date, b: date) -> int:
    """Whole calendar months from a to b: the largest n with ``add_months(a, n) <= b`` (so
    2025-01-31 to 2025-02-28 is one month); negative if b < a, as ``-months_between(b, a)``."""
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    # add_months(a, months) falls in b's month: on a day after b's, the last month is not whole
    if min(a.day, calendar.monthrange(b.year, b.month)[1]) > b.day:
        months -= 1
    return months


def start_of_month(d: date) -> date:
    return d.replace(day=1)


def end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def exact_sum(values: Iterable, start: Fraction) -> Fraction:
    """The sum of exact rationals (Fractions and ints), equal to ``sum(values, start)``.

    Fraction's `+` reduces its result by a gcd at every step, which makes a sum over a month
    of time cards the costliest arithmetic of an evaluation; here the terms are brought to a
    common denominator (hours and amounts share one almost always) and reduced once. Terms
    are read from a Fraction's slots: its `numerator` and `denominator` are Python properties.
    """
    if type(values) is not list:  # generated code gives lists; anything else is read once here
        values = list(values)
    try:
        numerator, denominator = start._numerator, start._denominator
        for value in values:
            d = value._denominator
            if d == denominator:
                numerator += value._numerator
            elif denominator % d == 0:
                numerator += value._numerator * (denominator // d)
            else:
                common = denominator // math.gcd(denominator, d) * d
                numerator = numerator * (common // denominator) + value._numerator * (common // d)
                denominator = common
    except AttributeError:  # a whole number among them, or a number that is no rational
        return _sum_term_by_term([start, *values])
    return Fraction(numerator, denominator)


def _sum_term_by_term(values: list) -> Fraction:
    """`exact_sum` of a list with whole numbers (or numbers of another kind) among its terms."""
    numerator, denominator = 0, 1
    for value in values:
        if isinstance(value, (Fraction, int)):
            n, d = value.numerator, value.denominator
        else:  # a number that is not a rational (inputs made by hand): add as given
            return sum(values[1:], values[0])
        if d == denominator:
            numerator += n
        else:
            common = denominator // math.gcd(denominator, d) * d
            numerator = numerator * (common // denominator) + n * (common // d)
            denominator = common
    return Fraction(numerator, denominator)


def first(value, fallback: Callable[[], Any]):
    return value if value is not None else fallback()


# ---------------------------------------------------------------------------- windows


def group(items: Iterable[Record], kind: str, size: int | None, anchor: date | None, key: str,
          source_path: str) -> tuple[Window, ...]:
    """Split list entries into windows of dates (see the language reference for each kind).

    `day`, `calendar_week` (Monday to Sunday), `calendar_month` and `blocks` (of `size` days
    counted from `anchor`) put every entry in exactly one window, and give only the windows
    that hold an entry. `rolling` gives, for each entry's date, the `size` days starting there,
    and only when every one of those dates has an entry: a window with a day missing from the
    record cannot show what happened in it.
    """
    return windows_of(*by_date(items, key), kind, size, anchor, source_path)


def by_date(items: Iterable[Record], key: str) -> tuple[list, list, list]:
    """List entries sorted by their date field, those dates, and their day numbers
    (`date.toordinal`), in which every kind of window is worked out with whole numbers."""
    # a stable sort: entries of the same date stay in the order the case gives them
    read = itemgetter(key)
    entries = sorted(items, key=read)
    dates = list(map(read, entries))
    return entries, dates, list(map(date.toordinal, dates))


def windows_of(entries: list, dates: list, days: list, kind: str, size: int | None, anchor: date | None,
               source_path: str) -> tuple[Window, ...]:
    """`group` on entries already sorted by their dates (see :func:`by_date`)."""
    if kind == "rolling":
        return _rolling(entries, dates, days, size, source_path)
    # every kind of window orders its entries as their dates do, so each window's entries are
    # a run of the sorted list: the run from an entry to the window's last day is found by
    # bisection, with no work for each entry
    if kind == "blocks":
        first_day = anchor.toordinal()
    elif kind not in ("day", "calendar_week", "calendar_month"):  # pragma: no cover - the checker admits only these
        raise AssertionError(kind)
    windows = []
    i, n = 0, len(days)
    while i < n:
        day = days[i]
        if kind == "day":
            start = end = dates[i]
            last = day
        elif kind == "calendar_week":
            monday = day - (day + 6) % 7
            last = monday + 6
            start, end = date.fromordinal(monday), date.fromordinal(last)
        elif kind == "calendar_month":
            start = date(dates[i].year, dates[i].month, 1)
            end = end_of_month(start)
            last = end.toordinal()
        else:
            first = first_day + (day - first_day) // size * size
            last = first + size - 1
            start, end = date.fromordinal(first), date.fromordinal(last)
        j = bisect_right(days, last, i)
        windows.append(Window(start, end, entries, source_path, i, j))
        i = j
    return tuple(windows)


def _rolling(entries: list, dates: list, days: list, size: int, source_path: str) -> tuple[Window, ...]:
    last = size - 1
    if len(set(days)) == len(days):
        # one entry a day, as time cards mostly are: `size` sorted dates `size - 1` days
        # apart are consecutive, and so are their entries
        return tuple([Window(dates[i], dates[i + last], entries, source_path, i, i + size)
                      for i in range(len(days) - last) if days[i + last] - days[i] == last])
    # the entries of a run of dates are a run of the sorted entries, from the first entry of
    # its first date to the first entry after its last
    firsts: dict[int, int] = {}
    for i, day in enumerate(days):
        firsts.setdefault(day, i)
    distinct = list(firsts)
    starts = list(firsts.values()) + [len(entries)]
    return tuple([Window(dates[starts[i]], dates[starts[i + last]], entries, source_path, starts[i], starts[i + size])
                  for i in range(len(distinct) - last) if distinct[i + last] - distinct[i] == last])


# ---------------------------------------------------------------------------- parameters and tables


def parameter_value(name: str, values: tuple, at: date):
    """The value of a dated parameter in force on `at`, and the date it took effect."""
    chosen = None
    for effective, value in values:
        if effective <= at:
            chosen = (effective, value)
        else:
            break
    if chosen is None:
        raise EvaluationError.single(
            f"the act gives no value of '{name}' for {at}: its first value takes effect on {values[0][0]}",
            hint="add the value in force then to the parameter, or check the dates in the case",
        )
    return chosen


def no_table_row(name: str, key) -> None:
    raise EvaluationError.single(f"table '{name}' has no row for {key}",
                                 hint="add an `otherwise` row or a row that covers this key")


# ---------------------------------------------------------------------------- tracing


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


def traced_aggregate(tr: Trace, site: int, kind: str, pairs: list, start=0):
    """Compute an aggregate from (entry, value) pairs and record which entries counted."""
    values = [v for _, v in pairs]
    if kind == "sum":
        result = exact_sum(values, start) if isinstance(start, Fraction) else sum(values, start)
    elif kind == "count":
        result = len(values)
    elif kind == "any":
        result = any(values)
    elif kind == "all":
        result = all(values)
    elif kind == "max":
        result = max(values, default=None)
    else:
        result = min(values, default=None)
    contributions = tuple((getattr(e, "path", str(e)), v) for e, v in pairs)
    tr.steps.append({"site": site, "value": result, "operands": (), "items": contributions})
    return result


# ---------------------------------------------------------------------------- evaluation


class Firing:
    """One evaluation of a rule for one binding of its `for each` variables.

    `elements` are the entries the variables stood for, in the order of the rule's `for each`;
    untraced rules report only the bindings for which they apply.
    """

    __slots__ = ("rule", "elements", "applicable", "violated", "value", "sanctions", "trace",
                 "overridden_by", "effective")

    def __init__(self, rule, elements, applicable, violated, value, sanctions, trace):
        self.rule = rule
        self.elements = elements
        self.applicable = applicable
        self.violated = violated
        self.value = value
        self.sanctions = sanctions
        self.trace = trace
        #: the exceptions that took this firing's place (a tuple: most firings have none)
        self.overridden_by: tuple[str, ...] = ()
        self.effective = applicable

    @property
    def key(self) -> tuple:
        """Which entries of the case this firing is about: two firings with the same key (or
        one of them about the whole case) can override or contradict each other."""
        return tuple(e.path for e in self.elements)

    def binding(self, variables) -> dict:
        return {v: e.path for v, e in zip(variables, self.elements)}


class Context:
    """One evaluation of one case."""

    def __init__(self, module, inputs: dict, traced: bool):
        self.module = module
        self.inputs = inputs
        self.traced = traced
        self.memo: dict[str, Any] = {}
        #: results of definitions with parameters, by (name, arguments...)
        self.calls: dict[tuple, Any] = {}
        self.definition_traces: dict[str, Trace] = {}
        self.outputs: dict[str, Any] = {}
        self.violations: set[str] = set()
        #: the entries each rule found violated, as the `for each` bindings of its firings
        self.violating: dict[str, list] = {}
        self.groups: dict = {}
        #: lists sorted by a date field, with their dates and day numbers (see `by_date`)
        self.sorted_entries: dict = {}
        #: rules that applied and were met, for bindings an untraced evaluation makes no
        #: firing for (see `silent_when_met` in the IR)
        self.met: set[str] = set()

    def violated(self, rules: tuple) -> bool:
        return any(r in self.violations for r in rules)

    def violated_on(self, entry, rules: tuple) -> bool:
        for rule in rules:
            for elements in self.violating.get(rule, ()):
                for element in elements:
                    if element is entry or (isinstance(element, Window) and any(e is entry for e in element.items)):
                        return True
        return False

    def grouped(self, items, kind, size, anchor, key, source_path):
        cache_key = (id(items), kind, size, anchor, key)
        hit = self.groups.get(cache_key)
        if hit is None:
            hit = self.groups[cache_key] = windows_of(*self._by_date(items, key), kind, size, anchor, source_path)
        return hit

    def ordered(self, items, key: str) -> list:
        """A list's entries sorted by a date field: what the windows of `grouped` are runs of."""
        return self._by_date(items, key)[0]

    def _by_date(self, items, key: str) -> tuple[list, list, list]:
        # a list is sorted once for all the kinds of window it is split into
        hit = self.sorted_entries.get((id(items), key))
        if hit is None:
            hit = self.sorted_entries[id(items), key] = by_date(items, key)
        return hit


#: the kinds of norm that contradict each other when both apply to the same thing
CLASHES = {frozenset({"obligation", "prohibition"}), frozenset({"permission", "prohibition"})}


def run(module, inputs: dict, traced: bool):
    """Evaluate every rule of a generated module on validated inputs.

    Returns the context (outputs, definition values) and the firings of every rule, with
    exceptions applied and conflicts listed as (target, firing, firing) triples. Untraced, a
    rule silent when met (see the IR) that decides its target alone gives no firings but the
    entries of each binding where it is breached: tuples, as firings' `elements` are.
    """
    ctx = Context(module, inputs, traced)
    meta = module.RULES
    functions = module.TRACED if traced else module.UNTRACED
    firings: dict[str, list[Firing]] = {}
    conflicts = []
    outputs = ctx.outputs
    violations = ctx.violations
    violating = ctx.violating
    for target, alone, output, exceptions, may_clash, breaches_only in _plan(module):
        if alone is not None:
            # one rule alone: nothing can override it or contradict it
            effective = firings[alone] = functions[alone](ctx)
            if traced:
                effective = [f for f in effective if f.effective]
            elif breaches_only:
                if effective:
                    violations.add(alone)
                    violating[alone] = effective
                continue
            if not effective:
                continue
            if output is not None:
                _settle(outputs, output, effective, ())
                continue
            breached = [f.elements for f in effective if f.violated]
            if breached:
                violations.add(alone)
                violating[alone] = breached
            continue
        for name in target["order"]:
            made = functions[name](ctx)
            if not traced and meta[name]["silent_when_met"]:  # exceptions and conflicts read firings
                made = [Firing(name, elements, True, True, None, None, None) for elements in made]
            firings[name] = made
        if exceptions:
            _apply_exceptions(target, meta, firings)
        effective = [f for name in target["rules"] for f in firings[name] if f.effective]
        if not effective:
            continue
        clashes = _conflicts(target["kind"], meta, effective) if may_clash else ()
        conflicts.extend((target, a, b) for a, b in clashes)
        if output is not None:
            _settle(outputs, output, effective, clashes)
        for f in effective:
            if f.violated:
                violations.add(f.rule)
                violating.setdefault(f.rule, []).append(f.elements)
    return ctx, firings, conflicts


def _settle(outputs: dict, output: str, effective: list, clashes) -> None:
    """An output's value: the one its effective firings agree on, if they do."""
    if len(effective) == 1:
        outputs[output] = effective[0].value
    else:
        values = {repr(f.value): f.value for f in effective}
        if len(values) == 1 and not clashes:
            outputs[output] = next(iter(values.values()))


def _plan(module) -> tuple:
    """The targets in order, each with its rule if it has only one, its output (none for an
    entitlement owed for each entry of a list: its findings have the values), whether any of
    its rules has exceptions, whether two of its rules can conflict (outputs can; norms only
    when a prohibition meets a duty or a permission; penalties never), and whether its one
    rule gives, untraced, only the entries of its breaches: worked out once per module (an
    evaluation otherwise reads them from the tables for every target)."""
    plan = getattr(module, "RUN_PLAN", None)
    if plan is None:
        meta = module.RULES
        rows = []
        for target in module.TARGETS:
            kinds = {meta[name]["kind"] for name in target["rules"]}
            may_clash = target["kind"] == "output" or target["kind"] == "norm" and any(
                frozenset({a, b}) in CLASHES for a in kinds for b in kinds)
            alone = target["order"][0] if len(target["order"]) == 1 else None
            # an entitlement owed for each entry of a list has a value per finding, none per case
            per_entry = any(meta[name]["scopes"] for name in target["rules"])
            rows.append((target, alone, target["output"] if target["kind"] == "output" and not per_entry else None,
                         any(meta[name]["overridden_by"] for name in target["order"]), may_clash,
                         alone is not None and meta[alone]["silent_when_met"]))
        plan = module.RUN_PLAN = tuple(rows)
    return plan


def _apply_exceptions(target: dict, meta: dict, firings: dict) -> None:
    # `order` lists exceptions before the rules they override, so an exception's own
    # exceptions are settled before it is used
    for name in target["order"]:
        overriders = meta[name]["overridden_by"]
        if not overriders:
            continue
        # each exception's firings with the entries they are about, worked out once
        keyed = {other: [(candidate.key, candidate) for candidate in firings.get(other, ())]
                 for other in overriders}
        for firing in firings[name]:
            key = firing.key
            for other in overriders:
                applied = False
                # the exception's own evaluation for the same entry (or for the whole case),
                # whose trace says why it did or did not apply
                seen = None
                for candidate_key, candidate in keyed[other]:
                    if candidate_key == key or candidate_key == ():
                        seen = candidate
                        if candidate.effective:
                            applied = True
                            break
                if firing.trace is not None:
                    why = seen.trace if seen is not None else None
                    firing.trace.exceptions.append({"rule": other, "applied": applied, "trace": why})
                if applied and firing.applicable:
                    firing.overridden_by += (other,)
            if firing.overridden_by:
                firing.effective = False


def _conflicts(kind: str, meta: dict, effective: list) -> list:
    if len(effective) < 2:
        return []
    if kind == "norm":
        kinds = {meta[f.rule]["kind"] for f in effective}
        if "prohibition" not in kinds or len(kinds) == 1:
            return []
    elif kind == "output" and len({repr(f.value) for f in effective}) < 2:
        return []
    found = []
    for i, a in enumerate(effective):
        for b in effective[i + 1:]:
            if a.rule == b.rule:
                continue
            if not (a.key == b.key or a.key == () or b.key == ()):
                continue
            if kind == "output":
                if a.value != b.value:
                    found.append((a, b))
            elif kind == "norm":
                if frozenset({meta[a.rule]["kind"], meta[b.rule]["kind"]}) in CLASHES:
                    found.append((a, b))
    return found


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
