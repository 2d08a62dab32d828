"""The built-in functions and aggregates of the language: one entry each, read by every stage.

An entry says all that hsa-dsl knows of its function or aggregate:

- how a call of it is typed (its arguments' types and units → its result's type), with the
  checker's words when it is misused;
- what generated code calls: a function of `hsa_dsl.runtime` by its name (or one of Python's
  own built-ins, which a generated module needs no import for); for an aggregate, the fold
  that makes one result of the values of the entries it keeps, traced and untraced alike;
- how `hsa-dsl verify` encodes it for the solver, and, where the encoding is looser than the
  runtime, the over-approximation it declares (reported with every answer);
- the kind of trace site it makes, so that an explanation shows its value (None: no site).

The checker, the lowering's trace sites, code generation and the solver encoding all read
`FUNCTIONS` and `AGGREGATES`; none of them names a built-in. The runtime never reads this
module: it provides the implementations, by name. The grammar lists the aggregates' keywords
(`grammar/hsa.lark`, `aggregate_kind`), since a keyword is what lets `sum(x.hours for x in
days)` be read apart from a call.

The encodings are run by `hsa_dsl.prove.symbolic`, which passes its encoder (`solver`): its
`z3` module, `fresh(name, sort)`, `abstracted(name, sort, *arguments)` (one variable per
computation met, and whether it is new), `constraints` (a list to append to).
"""

from __future__ import annotations

from typing import Any, Callable, NoReturn, Protocol

import attrs

from hsa_dsl.check import types as t


class CallTyping(Protocol):
    """What the checker offers a function's typing rule for one call."""

    name: str
    #: how many arguments the call has
    count: int

    def infer(self, index: int) -> Any:
        """The typed argument (its `.type` is its type)."""

    def expect(self, index: int, type_: t.Type) -> Any:
        """The typed argument, which must be of `type_` (the checker says so if not)."""

    def fail(self, message: str, index: int | None = None) -> NoReturn:
        """An error at the argument `index`, or at the whole call; the call has no type."""


class AggregateTyping(Protocol):
    """What the checker offers an aggregate's typing rule: the entry's value (`body`) is
    typed with the aggregate's own variable bound and its `where` known to hold."""

    name: str
    #: whether the aggregate was written with an `else` (what it gives for no entries)
    has_fallback: bool

    def body(self, expected: t.Type | None = None) -> Any:
        """The typed value of each entry (None for an aggregate written without one, `count`)."""

    def fallback(self, type_: t.Type) -> Any:
        """The typed `else` value, which must be of `type_`."""

    def refuse_fallback(self, message: str) -> None:
        """An error at the `else`: this aggregate takes none (typing goes on)."""

    def fail(self, message: str) -> NoReturn:
        """An error at the entry's value; the aggregate has no type."""


@attrs.frozen
class Function:
    name: str
    #: how it is written, for the README and error hints
    signature: str
    #: (typing) → (typed arguments, result type)
    typing: Callable[[CallTyping], tuple[tuple, t.Type]]
    #: the function generated code calls with the arguments' values
    runtime: str
    #: (solver, node, arguments) → the solver's value of the call
    encode: Callable[[Any, Any, list], Any]
    #: what the encoding leaves loose, told with every answer; None where it is exact
    approximation: str | None = None
    #: the method of `hsa_dsl.prove.calendar.Calendar` that gives the exact value, which the
    #: exact encoding adds to the loose one (and then reports no approximation)
    calendar: str | None = None
    #: the kind of the trace site a call makes; None: a call is shown only through its operands
    trace_kind: str | None = None
    #: the runtime gives a whole number (an int): a result of a type that is not whole is made
    #: an exact rational again
    gives_whole: bool = False
    #: two results are equal exactly when the argument dates agree on these attributes (so a
    #: comparison of two results reads the attributes and makes no date)
    equal_when_same: tuple[str, ...] = ()


@attrs.frozen
class Aggregate:
    name: str
    signature: str
    #: (typing) → (typed entry value or None, typed fallback or None, result type)
    typing: Callable[[AggregateTyping], tuple[Any, Any, t.Type]]
    #: the fold of `hsa_dsl.runtime` (folds.py): (kept values, start) → result
    runtime: str
    #: (solver, terms, result type) → the solver's value, from `terms`, a list of (kept, value)
    #: per possible entry (value None for `count`). An aggregate that gives nothing for no
    #: entries (`empty_is_absent`) gives (some entry kept, value) instead, or None for no terms.
    encode: Callable[[Any, list, t.Type], Any]
    #: what it gives for no entries, in words
    empty: str
    approximation: str | None = None
    trace_kind: str | None = "aggregate"
    #: the fold starts from the zero of the result's type (a sum of decimals is exact from 0)
    starts_at_zero: bool = False
    #: no entry gives nothing (not given); `else` says what instead
    empty_is_absent: bool = False
    #: the fold may stop at the first value that decides it, so a generator is given it
    stops_early: bool = False
    #: for an aggregate whose result follows from how many kept entries hold: "number" (that
    #: number, as `count`), "some" (whether any holds, as `any`) or "every" (whether all do,
    #: as `all`); None if it needs the values. Over a window, the result is then read from the
    #: difference of two running counts.
    tally: str | None = None


# ---------------------------------------------------------------------------- functions

def _two_dates(result: t.Type):
    def typing(call: CallTyping):
        if call.count != 2:
            call.fail(f"{call.name} takes two dates: from, to")
        return tuple(call.expect(i, t.DATE) for i in range(2)), result
    return typing


def _one_date(call: CallTyping):
    if call.count != 1:
        call.fail(f"{call.name} takes one date")
    return (call.expect(0, t.DATE),), t.DATE


def _one_number(whole: bool):
    def typing(call: CallTyping):
        if call.count != 1:
            call.fail(f"{call.name} takes one number")
        value = call.infer(0)
        if not isinstance(value.type, t.Number):
            call.fail(f"{call.name} takes a number, found {value.type}", 0)
        if not whole:
            return (value,), value.type
        # a whole amount of money or hours is still money or hours, exact like any other
        result = {t.MONEY_UNIT: t.MONEY, t.HOUR_UNIT: t.HOURS}.get(value.type.unit, t.Number(True, value.type.unit))
        return (value,), result
    return typing


def _values_of_one_unit(call: CallTyping):
    items = [call.infer(i) for i in range(call.count)]
    result = items[0].type
    for item in items[1:]:
        joined = t.join(result, item.type)
        if joined is None or not (isinstance(joined, t.Number) or joined == t.DATE):
            call.fail(f"{call.name}(...) needs values of one unit; found {result} and {item.type}")
        result = joined
    if not (isinstance(result, t.Number) or result == t.DATE):
        call.fail(f"{call.name}(...) needs numbers or dates")
    return tuple(items), result


def _extremum(greater: bool):
    def encode(solver, node, args):
        z3 = solver.z3
        result = args[0]
        for a in args[1:]:
            result = z3.If(a > result if greater else a < result, a, result)
        return result
    return encode


def _days_between(solver, node, args):
    return args[1] - args[0]


def _whole_units_between(name: str, shortest: int, longest: int):
    """Whole years or months from a to b: n of them are `shortest` to `longest` days each, so
    the days between are at least `shortest` a unit and fewer than `longest` for one more."""
    def encode(solver, node, args):
        z3 = solver.z3
        count, new = solver.abstracted(name, "int", args[0], args[1])
        if not new:
            return count
        days = args[1] - args[0]
        solver.constraints.append(z3.Implies(days >= 0, z3.And(count >= 0, shortest * count <= days,
                                                                days < longest * (count + 1))))
        solver.constraints.append(z3.Implies(days < 0, z3.And(count <= 0, longest * (count - 1) < days,
                                                               days <= shortest * count)))
        return count
    return encode


def _month_edge(name: str, first: bool):
    def encode(solver, node, args):
        day, new = solver.abstracted(name, "int", args[0])
        if new:
            z3 = solver.z3
            if first:
                solver.constraints.append(z3.And(day <= args[0], args[0] - day <= 30))
            else:
                solver.constraints.append(z3.And(day >= args[0], day - args[0] <= 30))
        return day
    return encode


def _whole(solver, value, node):
    return value if node.type.integral else solver.z3.ToReal(value)


def _floor(solver, node, args):
    return _whole(solver, solver.z3.ToInt(args[0]), node)


def _ceil(solver, node, args):
    return _whole(solver, -solver.z3.ToInt(-args[0]), node)


def _round(solver, node, args):
    z3, x = solver.z3, args[0]
    half = z3.RealVal("1/2")
    return _whole(solver, z3.If(x >= 0, z3.ToInt(x + half), -z3.ToInt(-x + half)), node)


def _abs(solver, node, args):
    return solver.z3.If(args[0] >= 0, args[0], -args[0])


_MONTH_EDGES = "the first and last day of a month (within 30 days of the date)"

FUNCTIONS: dict[str, Function] = {f.name: f for f in (
    Function("years_between", "years_between(from: date, to: date): integer", _two_dates(t.INTEGER),
             "years_between", _whole_units_between("years", 365, 366),
             approximation="whole years between dates (bounded by the days between them)",
             calendar="years_between", trace_kind="builtin"),
    Function("months_between", "months_between(from: date, to: date): integer", _two_dates(t.INTEGER),
             "months_between", _whole_units_between("months_between", 28, 31),
             approximation="whole months between dates (bounded by the days between them, 28 to 31 a month)",
             calendar="months_between", trace_kind="builtin"),
    Function("days_between", "days_between(from: date, to: date): days", _two_dates(t.DAYS),
             "days_between", _days_between, trace_kind="builtin"),
    Function("start_of_month", "start_of_month(d: date): date", _one_date, "start_of_month",
             _month_edge("start_of_month", True), approximation=_MONTH_EDGES, calendar="start_of_month",
             equal_when_same=("month", "year")),
    Function("end_of_month", "end_of_month(d: date): date", _one_date, "end_of_month",
             _month_edge("end_of_month", False), approximation=_MONTH_EDGES, calendar="end_of_month"),
    Function("round", "round(x: number): a whole number of x's unit (half up)", _one_number(True),
             "round_half_up", _round, gives_whole=True),
    Function("floor", "floor(x: number): a whole number of x's unit", _one_number(True), "floor", _floor,
             gives_whole=True),
    Function("ceil", "ceil(x: number): a whole number of x's unit", _one_number(True), "ceil", _ceil,
             gives_whole=True),
    Function("abs", "abs(x: number): x's type", _one_number(False), "abs", _abs),
    Function("max", "max(a, b, ...): the greatest, of one unit", _values_of_one_unit, "max", _extremum(True)),
    Function("min", "min(a, b, ...): the least, of one unit", _values_of_one_unit, "min", _extremum(False)),
)}


# ---------------------------------------------------------------------------- aggregates

def _truth(empty: str):
    def typing(agg: AggregateTyping):
        body = agg.body(t.BOOL)
        if agg.has_fallback:
            agg.refuse_fallback(f"{agg.name}(...) of no entries is {empty}; it takes no `else`")
        return body, None, t.BOOL
    return typing


def _sum_typing(agg: AggregateTyping):
    body = agg.body()
    if not isinstance(body.type, t.Number):
        agg.fail(f"sum(...) adds numbers; this is {body.type}")
    if agg.has_fallback:
        agg.refuse_fallback("sum(...) of no entries is 0; it takes no `else`")
    return body, None, body.type


def _count_typing(agg: AggregateTyping):
    return None, None, t.INTEGER


def _extreme_typing(agg: AggregateTyping):
    body = agg.body()
    if not isinstance(body.type, t.Number) and body.type != t.DATE:
        agg.fail(f"{agg.name}(...) needs numbers or dates; this is {body.type}")
    if agg.has_fallback:
        return body, agg.fallback(body.type), body.type
    return body, None, t.OptionalType(body.type)


def _average_typing(agg: AggregateTyping):
    body = agg.body()
    if not isinstance(body.type, t.Number):
        agg.fail(f"average(...) takes numbers; this is {body.type}")
    # the mean of whole numbers is seldom whole: it is an exact rational of the same unit
    mean = t.Number(False, body.type.unit)
    if agg.has_fallback:
        return body, agg.fallback(mean), mean
    return body, None, t.OptionalType(mean)


def _encode_count(solver, terms, type_):
    z3 = solver.z3
    return z3.Sum(*[z3.If(kept, 1, 0) for kept, _ in terms]) if terms else z3.IntVal(0)


def _encode_sum(solver, terms, type_):
    z3 = solver.z3
    zero = z3.IntVal(0) if type_.integral else z3.RealVal(0)
    return z3.Sum(*[z3.If(kept, value, zero) for kept, value in terms]) if terms else zero


def _encode_any(solver, terms, type_):
    z3 = solver.z3
    return z3.Or(*[z3.And(kept, value) for kept, value in terms]) if terms else z3.BoolVal(False)


def _encode_all(solver, terms, type_):
    z3 = solver.z3
    return z3.And(*[z3.Implies(kept, value) for kept, value in terms]) if terms else z3.BoolVal(True)


def _encode_extreme(greatest: bool):
    """The best of the kept entries, and whether any was kept."""
    def encode(solver, terms, type_):
        z3 = solver.z3
        if not terms:
            return None
        best, any_kept = terms[0][1], terms[0][0]
        for kept, value in terms[1:]:
            better = value > best if greatest else value < best
            best = z3.If(z3.And(kept, z3.Or(z3.Not(any_kept), better)), value, best)
            any_kept = z3.Or(any_kept, kept)
        return any_kept, best
    return encode


def _encode_average(solver, terms, type_):
    # the mean is the sum over the count, a product of unknowns the solver handles badly:
    # it is taken as a value between the least and the greatest kept entry, which it is
    z3 = solver.z3
    if not terms:
        return None
    mean = solver.fresh("average", "real")
    any_kept = z3.Or(*[kept for kept, _ in terms])
    least = z3.Or(*[z3.And(kept, value <= mean) for kept, value in terms])
    greatest = z3.Or(*[z3.And(kept, value >= mean) for kept, value in terms])
    solver.constraints.append(z3.Implies(any_kept, z3.And(least, greatest)))
    return any_kept, mean


AGGREGATES: dict[str, Aggregate] = {a.name: a for a in (
    Aggregate("sum", "sum(x.value for x in list [where c]): the total, of the values' type", _sum_typing,
              "sum_of", _encode_sum, empty="0", starts_at_zero=True),
    Aggregate("count", "count(x in list [where c]): integer", _count_typing, "count_of", _encode_count,
              empty="0", tally="number"),
    Aggregate("any", "any(c for x in list [where c]): bool", _truth("false"), "any_of", _encode_any,
              empty="false", stops_early=True, tally="some"),
    Aggregate("all", "all(c for x in list [where c]): bool", _truth("true"), "all_of", _encode_all,
              empty="true", stops_early=True, tally="every"),
    Aggregate("max", "max(x.value for x in list [where c] [else v]): optional, unless `else`",
              _extreme_typing, "max_of", _encode_extreme(True), empty="not given (or the `else`)",
              empty_is_absent=True),
    Aggregate("min", "min(x.value for x in list [where c] [else v]): optional, unless `else`",
              _extreme_typing, "min_of", _encode_extreme(False), empty="not given (or the `else`)",
              empty_is_absent=True),
    Aggregate("average", "average(x.value for x in list [where c] [else v]): the exact mean, of the "
              "values' unit; optional, unless `else`", _average_typing, "average_of", _encode_average,
              empty="not given (or the `else`)", empty_is_absent=True,
              approximation="averages (a value between the least and the greatest entry averaged)"),
)}


def called_by_name() -> list[str]:
    """The functions a drafter calls by name (max and min are written with their keywords)."""
    return [name for name in FUNCTIONS if name not in AGGREGATES]


def runtime_imports() -> tuple[str, ...]:
    """The names of `hsa_dsl.runtime` the built-ins need, in registry order (Python's own
    built-ins need no import)."""
    import builtins

    names = [f.runtime for f in FUNCTIONS.values()] + [a.runtime for a in AGGREGATES.values()]
    return tuple(dict.fromkeys(n for n in names if not hasattr(builtins, n)))
