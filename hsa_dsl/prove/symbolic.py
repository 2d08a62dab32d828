"""The act as formulas for an SMT solver (z3), over a symbolic case.

The encoding reads the compiled program (the IR) for what default logic makes of the rules
(which rules decide an output, which exceptions override a rule) and the checked act for the
typed expressions it translates.

A symbolic case has a variable for every fact the act declares, constrained by the declared
ranges and checks and by what a case file may hold (dates from 1900 to 2199, money in whole
cents): a *valid* case.
Lists are bounded: a list the act declares `up to N` entries with N at most `WHOLE_LISTS` is
searched whole; any other holds at most `list_bound` entries, and `Encoder.lists` records what
was covered, for the verdict to say.

Where the act uses something the solver cannot follow exactly, the loose encoding
*over-approximates*: it allows every value the real computation could give and some more (the
whole years between two dates are bounded by the days between them; a month from a date is 28
to 31 days). Every such place is recorded in `Encoder.abstractions`. An over-approximation keeps
"no case can do this" proofs sound; a case it finds may be spurious, which is why every witness
is replayed through the compiled rules before it is reported. The exact encoding
(`exact=True`) adds the calendar itself (:mod:`hsa_dsl.prove.calendar`) and numbers within
what a case may hold: slower to solve, it is asked where the loose one found a case that did
not replay.

Every rule's `for each` variables are bound by position (see `Binding`), and two bindings are
about the same entries when their entries are the same entries of the case, as the runtime
keys firings: whatever the variables are called and whichever expression reached the list.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import z3

from hsa_dsl import builtins
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.compiler import ir
from hsa_dsl.prove.calendar import Calendar
from hsa_dsl.runtime.validate import FIRST_DAY, LAST_DAY, MAX_WHOLE_DIGITS

#: the solver's steps in a millisecond of work, about (see `limit`)
STEPS_PER_MILLISECOND = 1_500
#: Lists the act declares this long or shorter are searched whole.
WHOLE_LISTS = 8
#: Witnesses are sought with dates in this year where the question allows.
PREFERRED = (date(2025, 1, 1), date(2025, 12, 31))


def limit(solver, milliseconds: int) -> None:
    """Bound a solver's work by a count of its steps (about `milliseconds` of work on an
    ordinary machine), not by the clock: the same act gets the same answers on a busy machine
    as on an idle one. The clock stays as a backstop, ten times as long."""
    solver.set("rlimit", milliseconds * STEPS_PER_MILLISECOND)
    solver.set("timeout", milliseconds * 10)


class Unsupported(Exception):
    """A construct the encoding cannot express; the question becomes *unknown*."""


# ---------------------------------------------------------------------------- symbolic values


@attrs.define
class Opt:
    present: Any
    value: Any


@attrs.define
class SetVal:
    #: member name -> z3 Bool (for sets of enumeration values)
    members: dict


@attrs.define
class DateSet:
    #: z3 Int ordinals of the dates a literal set holds
    dates: tuple


@attrs.define(eq=False)
class Rec:
    type_name: str
    fields: dict
    path: str


@attrs.define(eq=False)
class ListVal:
    elements: list
    #: z3 Bool per element: whether the entry exists
    active: list
    path: str


@attrs.define(eq=False)
class WindowVal:
    members: list
    #: z3 Bool per member: whether the entry is in this window
    chosen: list
    start: Any
    end: Any
    #: the path of the list it cuts (a window's identity is the list and its dates)
    source: str = ""


@attrs.define(eq=False)
class WindowList:
    windows: list
    active: list


@attrs.define(eq=False)
class Binding:
    """One binding of a rule's `for each` variables: the entries, in the order of the rule's
    `for each`, and when they all exist. Bindings are matched by position and entry, never by
    the variables' names."""
    env: dict
    exists: Any
    elements: tuple


def same_entries(a: tuple, b: tuple, whole_case_matches: bool = True):
    """When two bindings are about the same entries of the case, as the runtime keys firings
    (a binding about the whole case matches any, where `whole_case_matches`); None where they
    never are."""
    if not a or not b:
        return z3.BoolVal(True) if whole_case_matches or (not a and not b) else None
    if len(a) != len(b):
        return None
    same = []
    for x, y in zip(a, b):
        if x is y:
            continue
        if isinstance(x, WindowVal) and isinstance(y, WindowVal):
            if x.source != y.source:
                return None
            same += [x.start == y.start, x.end == y.end]
            continue
        return None  # two different entries of the case, or an entry and a window
    return z3.And(*same) if same else z3.BoolVal(True)


def ordinal(d: date) -> int:
    return d.toordinal()


def number_value(value) -> Any:
    if isinstance(value, bool):
        return z3.BoolVal(value)
    if isinstance(value, int):
        return z3.IntVal(value)
    f = Fraction(value)
    return z3.RealVal(f"{f.numerator}/{f.denominator}")


class Encoder:
    """Builds the symbolic case and translates expressions and rules."""

    #: the built-ins' encodings (`hsa_dsl.builtins`) reach the solver through their encoder, so
    #: that checking an act never loads it
    z3 = z3
    #: encode each call of a definition once for the same arguments (off only to measure what
    #: that saves: bench/encode_bench.py)
    memoize_calls = True

    def __init__(self, program: ir.Program, list_bound: int = 3, exact: bool = False,
                 first_day: date = FIRST_DAY, last_day: date = LAST_DAY, cap: int | None = None,
                 date_parts: bool = False, namespace: str = ""):
        self.program = program
        #: the prefix of the encoder's own variables: two encoders of two texts of an act share
        #: the case's facts (named by their paths) and nothing else
        self.namespace = namespace
        act = self.act = program.act
        self._overriders = {r.name: r.overridden_by for r in program.rules}
        #: the rules that decide each output with one value per case, in the target's order
        self._deciding = {tg.case_output: tg.rules for tg in program.targets if tg.case_output is not None}
        self.list_bound = list_bound
        #: at most this many entries in any list: an encoding for finding witnesses quickly,
        #: which proves nothing
        self.cap = cap
        self.exact = exact
        #: the calendar, split into years, months and days, in the exact encoding
        self.calendar = Calendar(self) if exact else None
        #: the case's dates chosen as year, month and day (see `Calendar.date`)
        self.date_parts = exact and date_parts
        self.first_day = first_day
        self.last_day = last_day
        self.constraints: list = []
        #: where in the act a constraint comes from (a declared range, a record's check), by its
        #: place in `constraints`: what an unsat core is told in
        self.origins: dict[int, tuple] = {}
        #: for each list the act declares (an input, or a record's field): (entries searched,
        #: entries the act allows, None for no bound)
        self.lists: dict[str, tuple] = {}
        self._bindings: dict[str, list] = {}
        self._effective: dict[tuple, Any] = {}
        self._groups: dict[tuple, Any] = {}
        #: the calls whose exact calendar value is already stated (see `x_TBuiltin`)
        self._exact_calls: set[int] = set()
        self.abstractions: set[str] = set()
        self.inputs: dict[str, Any] = {}
        #: what makes a witness easy to read: few entries, dates of today
        self.preferences: list = []
        #: dates at which a parameter is read that must not be before its first value, for the
        #: evaluation of a witness not to fail (a wish, never a constraint of a proof)
        self.dated: list = []
        self._fresh = 0
        #: one variable per abstracted computation and argument: the same start_of_month(d) met
        #: twice is the same unknown day, not two
        self._abstracted: dict[tuple, Any] = {}
        self._definitions: dict[str, Any] = {}
        #: each call of a definition with parameters, by its arguments: (arguments, value)
        self._calls: dict[tuple, tuple] = {}
        self._outputs: dict[str, Any] = {}
        self._violations: dict[str, Any] = {}
        self._enum_index = {name: {m: i for i, m in enumerate(e.members)} for name, e in act.enums.items()}
        #: the entries a list needs for the act to read it fully (a run of 7 days, 7 entries)
        self.needs = entries_needed(act)
        for name, info in act.inputs.items():
            self.inputs[name] = self.fact(info.type, name, info.low, info.high,
                                          declared=(name, info.span))

    def declare(self, constraint, origin: tuple) -> None:
        """A constraint the act states: `origin` is (line, what), for an unsat core."""
        self.origins[len(self.constraints)] = origin
        self.constraints.append(constraint)

    # ------------------------------------------------------------------ the symbolic case

    def abstracted(self, name: str, sort: str, *arguments):
        """The variable standing for `name(arguments)`, and whether it is new (to constrain)."""
        key = (name,) + tuple(a.get_id() for a in arguments)
        known = self._abstracted.get(key)
        if known is not None:
            return known, False
        made = self._abstracted[key] = self.fresh(name, sort)
        return made, True

    def fresh(self, base: str, sort: str):
        self._fresh += 1
        name = f"{self.namespace}{base}!{self._fresh}"
        return {"bool": z3.Bool, "int": z3.Int, "real": z3.Real}[sort](name)

    def fact(self, type_: t.Type, path: str, low=None, high=None, declared: tuple | None = None) -> Any:
        """The symbolic value of a fact; `declared` is (the name the act declares it by, its
        span), for lists' bounds and the origins of ranges."""
        if isinstance(type_, t.OptionalType):
            present = z3.Bool(f"{path}?")
            return Opt(present, self.fact(type_.inner, path, low, high, declared))
        if type_ == t.BOOL:
            return z3.Bool(path)
        if type_ == t.STRING:
            return z3.String(path)
        if type_ == t.DATE:
            v = z3.Int(path)
            self.constraints += [v >= ordinal(self.first_day), v <= ordinal(self.last_day)]
            if self.date_parts:
                self.calendar.date(v, path)
            self.preferences += [v >= ordinal(PREFERRED[0]), v <= ordinal(PREFERRED[1])]
            if low is not None:
                self.declare(v >= ordinal(low), _range_origin(declared, f"from {low}"))
            if high is not None:
                self.declare(v <= ordinal(high), _range_origin(declared, f"to {high}"))
            return v
        if isinstance(type_, t.Number):
            v = z3.Int(path) if type_.integral else z3.Real(path)
            if low is not None:
                self.declare(v >= number_value(low), _range_origin(declared, f"at least {low}"))
            if high is not None:
                self.declare(v <= number_value(high), _range_origin(declared, f"at most {high}"))
            if type_ == t.MONEY:
                # a case file gives money in whole cents
                cents = z3.Int(f"{path}.cents")
                self.constraints.append(v * 100 == z3.ToReal(cents))
            if self.exact:
                # and no number of more than 15 digits before the point
                limit = z3.IntVal(10 ** MAX_WHOLE_DIGITS) if type_.integral else z3.RealVal(10 ** MAX_WHOLE_DIGITS)
                self.constraints += [v < limit, v > -limit]
            return v
        if isinstance(type_, t.EnumType):
            v = z3.Int(path)
            self.constraints += [v >= 0, v < len(type_.members)]
            return v
        if isinstance(type_, t.SetType):
            if isinstance(type_.element, t.EnumType):
                return SetVal({m: z3.Bool(f"{path}[{m}]") for m in type_.element.members})
            raise Unsupported("a set of dates given by the case")
        if isinstance(type_, t.RecordType):
            record = self.act.records[type_.name]
            fields = {name: self.fact(f.type, f"{path}.{name}", f.low, f.high,
                                      declared=(f"{type_.name}.{name}", f.span))
                      for name, f in record.fields.items()}
            rec = Rec(type_.name, fields, path)
            env = {"record": rec}
            for check in record.checks:
                self._record_constraint(check, env, type_.name)
            return rec
        if isinstance(type_, t.ListType):
            allowed = type_.max_length
            wanted = max(self.list_bound, self.needs.get(declared[0], 0) if declared is not None else 0)
            whole = allowed is not None and allowed <= max(WHOLE_LISTS, wanted)
            bound = allowed if whole else wanted
            if self.cap is not None:
                bound = min(bound, self.cap)
            if declared is not None:
                self.lists[declared[0]] = (bound, allowed)
            elements = [self.fact(type_.element, f"{path}[{i}]") for i in range(bound)]
            active = [z3.Bool(f"{path}[{i}]?") for i in range(bound)]
            self.preferences += [z3.Not(a) for a in active]
            for i in range(1, bound):
                self.constraints.append(z3.Implies(active[i], active[i - 1]))
            if type_.unique_by is not None and isinstance(type_.element, t.RecordType) and \
                    self.act.records[type_.element.name].fields[type_.unique_by].type == t.DATE:
                # a witness's entries on consecutive days, in order, where the question allows
                key = type_.unique_by
                self.preferences += [z3.Implies(active[i], elements[i].fields[key] == elements[i - 1].fields[key] + 1)
                                     for i in range(1, bound)]
            if type_.unique_by is not None:
                for i in range(bound):
                    for j in range(i + 1, bound):
                        a, b = elements[i].fields[type_.unique_by], elements[j].fields[type_.unique_by]
                        self.constraints.append(z3.Implies(z3.And(active[i], active[j]), a != b))
            return ListVal(elements, active, path)
        raise Unsupported(f"facts of type {type_}")

    def _record_constraint(self, check, env, record: str) -> None:
        # a record's checks hold for every record the case gives; the encoding adds them for
        # each symbolic record, and list entries that do not exist are unconstrained anyway
        try:
            line = check.span.line if check.span is not None else None
            self.declare(self.expr(check.condition, env), (line, f"the check of record {record}: {check.message}"))
        except Unsupported as why:
            self.abstractions.add(f"a check of the records was left out ({why})")

    def valid(self):
        return z3.And(*self.constraints) if self.constraints else z3.BoolVal(True)

    # ------------------------------------------------------------------ expressions

    def expr(self, node, env: dict) -> Any:
        method = getattr(self, "x_" + type(node).__name__, None)
        if method is None:
            raise Unsupported(type(node).__name__)
        value = method(node, env)
        if isinstance(value, Opt) and not isinstance(getattr(node, "type", None), t.OptionalType):
            # the checker knows the value is given here (`x is given` was tested)
            return value.value
        return value

    def x_Observe(self, node, env):
        return self.expr(node.expr, env)

    def x_TLiteral(self, node: c.TLiteral, env):
        type_ = node.type
        if isinstance(type_, t.EnumType):
            return z3.IntVal(self._enum_index[type_.name][node.value])
        if type_ == t.DATE:
            return z3.IntVal(ordinal(node.value))
        if type_ == t.STRING:
            return z3.StringVal(node.value)
        if type_ == t.BOOL:
            return z3.BoolVal(node.value)
        if isinstance(type_, t.Number):
            if type_.integral:
                return z3.IntVal(int(node.value))
            return number_value(node.value)
        raise Unsupported(f"a literal of type {type_}")

    def x_TInput(self, node, env):
        return self.inputs[node.name]

    def x_TLocal(self, node, env):
        return env[node.name]

    def x_TField(self, node, env):
        target = self.expr(node.target, env)
        if isinstance(target, Opt):
            target = target.value
        if isinstance(target, WindowVal):
            return target.start if node.field == "start" else target.end
        return target.fields[node.field]

    def x_TDefinition(self, node: c.TDefinition, env):
        info = self.act.definitions[node.name]
        if not info.parameters:
            if node.name not in self._definitions:
                self._definitions[node.name] = self.expr(info.body, {})
            return self._definitions[node.name]
        args = [self.expr(a, env) for a in node.arguments]
        # a definition is a function of its arguments: the same call met again (a day's hours
        # read by the week's, the fortnight's and the month's sums) is encoded once
        key = (node.name,) + tuple(a.get_id() if isinstance(a, z3.AstRef) else id(a) for a in args)
        known = self._calls.get(key) if self.memoize_calls else None
        if known is None:
            # the arguments are kept with the result, so that no key outlives what it names
            known = self._calls[key] = (args, self.expr(info.body, {name: a for (name, _), a in zip(info.parameters, args)}))
        return known[1]

    def x_TOutput(self, node: c.TOutput, env):
        if node.name not in self._outputs:
            rules = [self.act.rules[name] for name in self._deciding.get(node.name, ())]
            effective = [(self.effective(r, self.bindings(r)[0]), r) for r in rules]
            present = z3.Or(*[e for e, _ in effective]) if effective else z3.BoolVal(False)
            value = None
            for e, r in reversed(effective):
                v = self.expr(r.conclusion.value, {})
                value = v if value is None else z3.If(e, v, value)
            if value is None:
                value = self.fresh(node.name, "int")
            self._outputs[node.name] = Opt(present, value)
        return self._outputs[node.name]

    def x_TParameter(self, node: c.TParameter, env):
        info = self.act.parameters[node.name]
        at = self.expr(node.at, env)
        values = [(ordinal(d), self._constant(v, info.type)) for d, v in info.values]
        result = values[0][1]
        for day, value in values[1:]:
            result = z3.If(at >= day, value, result)
        if values[0][0] > ordinal(self.first_day):
            # before its first date the act gives no value (evaluating such a case fails):
            # anything there, and the first value from its first date on
            self.abstractions.add(f"parameter {node.name} before its first date")
            self.dated.append(at >= values[0][0])
            before = self.fresh(node.name, _sort(info.type))
            result = z3.If(at < values[0][0], before, result)
        return result

    def _constant(self, value, type_):
        if isinstance(type_, t.EnumType):
            return z3.IntVal(self._enum_index[type_.name][value])
        if type_ == t.DATE:
            return z3.IntVal(ordinal(value))
        if type_ == t.BOOL:
            return z3.BoolVal(value)
        if isinstance(type_, t.Number) and type_.integral:
            return z3.IntVal(int(value))
        return number_value(value)

    def x_TTable(self, node: c.TTable, env):
        info = self.act.tables[node.name]
        key = self.expr(node.key, env)
        local = {info.key: key}
        if info.otherwise is not None:
            result = self.expr(info.otherwise, local)
        else:
            self.abstractions.add(f"table {node.name} outside its rows")
            result = self.fresh(node.name, _sort(info.type))
        for row in reversed(info.rows):
            tests = []
            if row.at_least is not None:
                tests.append(key >= number_value(row.at_least))
            if row.below is not None:
                tests.append(key < number_value(row.below))
            result = z3.If(z3.And(*tests), self.expr(row.value, local), result)
        return result

    def x_TBuiltin(self, node: c.TBuiltin, env):
        args = [self.expr(a, env) for a in node.arguments]
        function = builtins.FUNCTIONS[node.name]
        result = function.encode(self, node, args)
        if self.calendar is not None and function.calendar is not None:
            if result.get_id() not in self._exact_calls:
                self._exact_calls.add(result.get_id())
                self.constraints.append(result == getattr(self.calendar, function.calendar)(*args))
        elif function.approximation is not None:
            self.abstractions.add(function.approximation)
        return result

    def x_TNegate(self, node, env):
        return -self.expr(node.operand, env)

    def x_TArithmetic(self, node: c.TArithmetic, env):
        left, right = self.expr(node.left, env), self.expr(node.right, env)
        if node.left.type == t.DATE and node.right.type == t.MONTHS:
            months = right if node.op == "+" else -right
            day, new = self.abstracted("months", "int", left, months)
            if not new:
                return day
            if z3.is_int_value(z3.simplify(months)):
                # a fixed number of months is a span of days known from the calendar
                low, high = month_span(z3.simplify(months).as_long())
                self.constraints += [day - left >= low, day - left <= high]
            else:
                self.constraints.append(z3.If(months >= 0,
                                              z3.And(day >= left + 28 * months, day <= left + 31 * months),
                                              z3.And(day <= left + 28 * months, day >= left + 31 * months)))
            if self.calendar is not None:
                self.calendar.add_months(left, months, day)
            else:
                self.abstractions.add("moving a date by months (28 to 31 days a month)")
            return day
        if node.op == "+":
            return left + right
        if node.op == "-":
            return left - right
        if node.op == "*":
            return left * right
        return z3.ToReal(left) / z3.ToReal(right) if _is_int(left) and _is_int(right) else left / right

    def x_TLogic(self, node: c.TLogic, env):
        left, right = self.expr(node.left, env), self.expr(node.right, env)
        if node.op == "and":
            return z3.And(left, right)
        if node.op == "or":
            return z3.Or(left, right)
        return z3.Implies(left, right)

    def x_TNot(self, node, env):
        return z3.Not(self.expr(node.operand, env))

    def x_TCompare(self, node: c.TCompare, env):
        left, right = self.expr(node.left, env), self.expr(node.right, env)
        if isinstance(left, Rec) or isinstance(right, Rec):
            same = left is right
            return z3.BoolVal(same if node.op == "=" else not same)
        ops = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
               "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}
        return ops[node.op](left, right)

    def x_TMember(self, node: c.TMember, env):
        element = self.expr(node.element, env)
        collection = self.expr(node.collection, env)
        if isinstance(collection, SetVal):
            index = self._enum_index[node.element.type.name]
            inside = z3.Or(*[z3.And(element == index[m], b) for m, b in collection.members.items()])
        elif isinstance(collection, DateSet):
            inside = z3.Or(*[element == d for d in collection.dates]) if collection.dates else z3.BoolVal(False)
        else:
            raise Unsupported("membership in this collection")
        return z3.Not(inside) if node.negated else inside

    def x_TIsGiven(self, node: c.TIsGiven, env):
        target = self.expr(node.target, env)
        present = target.present if isinstance(target, Opt) else z3.BoolVal(True)
        return z3.Not(present) if node.negated else present

    def x_TIf(self, node: c.TIf, env):
        condition = self.expr(node.condition, env)
        a, b = self.expr(node.then, env), self.expr(node.otherwise, env)
        a, b = _plain(a), _plain(b)
        return z3.If(condition, a, b)

    def x_TSet(self, node: c.TSet, env):
        type_ = node.type.element
        if isinstance(type_, t.EnumType):
            chosen = {item.value for item in node.items}
            return SetVal({m: z3.BoolVal(m in chosen) for m in type_.members})
        return DateSet(tuple(ordinal(item.value) for item in node.items))

    def _entries(self, source) -> list:
        if isinstance(source, ListVal):
            return list(zip(source.elements, source.active))
        if isinstance(source, WindowVal):
            return list(zip(source.members, source.chosen))
        if isinstance(source, WindowList):
            return list(zip(source.windows, source.active))
        raise Unsupported("going over this collection")

    def x_TAggregate(self, node: c.TAggregate, env):
        source = self.expr(node.source, env)
        terms = []
        for element, active in self._entries(source):
            local = {**env, node.variable: element}
            keep = active
            if node.where is not None:
                keep = z3.And(keep, self.expr(node.where, local))
            body = self.expr(node.body, local) if node.body is not None else None
            terms.append((keep, _plain(body) if body is not None else None))
        aggregate = builtins.AGGREGATES[node.kind]
        if aggregate.approximation is not None:
            self.abstractions.add(aggregate.approximation)
        result = aggregate.encode(self, terms, node.type)
        if not aggregate.empty_is_absent:
            return result
        # absent (or the fallback) when no entry is kept
        if result is None:
            if node.fallback is None:
                return Opt(z3.BoolVal(False), self.fresh("none", "real"))
            return self.expr(node.fallback, env)
        any_kept, value = result
        if node.fallback is None:
            return Opt(any_kept, value)
        return z3.If(any_kept, value, _plain(self.expr(node.fallback, env)))

    def x_TGroup(self, node: c.TGroup, env):
        """The windows a list is cut into, as `hsa_dsl.runtime.windows` cuts it: each window's
        entries are exactly those whose dates fall in its span, spans are aligned as the kind
        says (a calendar week starts on a Monday, a block on its anchor's step, a run of days
        exists only where every one of its days has an entry), and windows come in the order
        of their dates, each one once. Only the alignment of calendar months is loose in the
        loose encoding (a span of 28 to 31 days)."""
        source = self.expr(node.source, env)
        if not isinstance(source, ListVal):
            raise Unsupported("grouping this collection")
        anchor = self.expr(node.anchor, env) if node.anchor is not None else None
        key = (node.window, node.size, node.key_field, id(source),
               anchor.get_id() if anchor is not None else None)
        known = self._groups.get(key)
        if known is not None:
            return known
        size = node.size or 1
        dates = [(element.fields[node.key_field], present)
                 for element, present in zip(source.elements, source.active)]
        windows, active = [], []
        for _ in range(len(source.elements)):
            start, end = self.fresh("start", "int"), self.fresh("end", "int")
            chosen = []
            for day, present in dates:
                pick = self.fresh("in", "bool")
                self.constraints.append(pick == z3.And(present, day >= start, day <= end))
                chosen.append(pick)
            if node.window == "day":
                self.constraints.append(end == start)
            elif node.window == "calendar_week":
                # day numbers of Mondays leave 1 when divided by 7 (day 1 was a Monday)
                self.constraints += [end == start + 6, start % 7 == 1]
            elif node.window == "blocks":
                self.constraints += [end == start + size - 1, (start - anchor) % size == 0]
            elif node.window == "rolling":
                self.constraints.append(end == start + size - 1)
            elif self.calendar is not None:  # calendar month
                self.constraints += [start == self.calendar.start_of_month(start),
                                     end == self.calendar.end_of_month(start)]
            else:
                self.abstractions.add("calendar months of dates (any span of 28 to 31 days)")
                self.constraints.append(z3.And(end - start >= 27, end - start <= 30))
            if node.window == "rolling":
                # a run exists where each of its days has an entry
                exists = z3.And(*[z3.Or(*[z3.And(present, day == start + offset) for day, present in dates])
                                  for offset in range(size)])
            else:
                exists = z3.Or(*chosen)
            windows.append(WindowVal(source.elements, chosen, start, end, source.path))
            active.append(exists)
        for i in range(1, len(windows)):
            # in the order of their dates, each once
            self.constraints.append(z3.Implies(active[i], z3.And(active[i - 1], windows[i].start > windows[i - 1].start)))
        for day, present in dates:
            # every window the list has is among them: the one holding each entry, or the run
            # starting on each entry's date
            if node.window == "rolling":
                complete = z3.And(*[z3.Or(*[z3.And(p, d == day + offset) for d, p in dates]) for offset in range(size)])
                self.constraints.append(z3.Implies(z3.And(present, complete), z3.Or(
                    *[z3.And(a, w.start == day) for w, a in zip(windows, active)])))
            else:
                self.constraints.append(z3.Implies(present, z3.Or(
                    *[z3.And(a, w.start <= day, day <= w.end) for w, a in zip(windows, active)])))
        made = self._groups[key] = WindowList(windows, active)
        return made

    def x_TViolated(self, node: c.TViolated, env):
        if node.entry is None:
            return z3.Or(*[self.violated_somewhere(self.act.rules[name]) for name in node.rules])
        entry = self.expr(node.entry, env)
        terms = []
        for name in node.rules:
            rule = self.act.rules[name]
            if not rule.scopes:
                continue  # a rule about the whole case is not about one entry
            for binding in self.bindings(rule):
                covers = [_covers(value, entry) for value in binding.elements]
                covers = [c for c in covers if c is not None]
                if not covers:
                    continue
                terms.append(z3.And(binding.exists, z3.Or(*covers), self.effective(rule, binding),
                                    self.violation(rule, binding)))
        return z3.Or(*terms) if terms else z3.BoolVal(False)

    # ------------------------------------------------------------------ rules

    def bindings(self, rule: c.RuleInfo) -> list[Binding]:
        """Every binding of a rule's `for each` variables, with when it exists (one, about the
        whole case, for a rule without `for each`)."""
        known = self._bindings.get(rule.name)
        if known is not None:
            return known
        out = [Binding({}, z3.BoolVal(True), ())]
        for scope in rule.scopes:
            grown = []
            for binding in out:
                source = self.expr(scope.source, binding.env)
                for element, active in self._entries(source):
                    grown.append(Binding({**binding.env, scope.variable: element},
                                         z3.And(binding.exists, active), binding.elements + (element,)))
            out = grown
        self._bindings[rule.name] = out
        return out

    def condition(self, rule: c.RuleInfo, env: dict):
        return self.expr(rule.condition, env) if rule.condition is not None else z3.BoolVal(True)

    def violation(self, rule: c.RuleInfo, binding: Binding):
        return self.expr(rule.violation, binding.env) if rule.violation is not None else z3.BoolVal(False)

    def effective(self, rule: c.RuleInfo, binding: Binding):
        """The rule applies for this binding and none of its exceptions overrides it there."""
        key = (rule.name, id(binding))
        known = self._effective.get(key)
        if known is not None:
            return known
        conds = [self.condition(rule, binding.env)]
        for name in self.overriders(rule.name):
            conds.append(z3.Not(self.overrides(self.act.rules[name], binding)))
        made = self._effective[key] = z3.And(*conds)
        return made

    def overrides(self, exception: c.RuleInfo, binding: Binding):
        """Whether an exception is in force for the entries of a binding of the rule it
        overrides, as the runtime matches them: an exception about the whole case overrides
        every firing; one about entries, the firings about the same entries."""
        terms = []
        for other in self.bindings(exception):
            same = same_entries(other.elements, binding.elements, whole_case_matches=not other.elements)
            if same is not None:
                terms.append(z3.And(other.exists, same, self.effective(exception, other)))
        return z3.Or(*terms) if terms else z3.BoolVal(False)

    def overriders(self, name: str) -> tuple[str, ...]:
        """The exceptions that override a rule where they apply, as the IR resolved them."""
        return self._overriders[name]

    def violated_somewhere(self, rule: c.RuleInfo):
        if rule.name not in self._violations:
            terms = [z3.And(b.exists, self.effective(rule, b), self.violation(rule, b)) for b in self.bindings(rule)]
            self._violations[rule.name] = z3.Or(*terms) if terms else z3.BoolVal(False)
        return self._violations[rule.name]

    # ------------------------------------------------------------------ a given case

    def pin(self, inputs: dict) -> list | None:
        """Constraints that make the symbolic case this validated case (None if it has more
        entries in a list than the encoding holds)."""
        out: list = []
        for name, value in self.inputs.items():
            if not self._pin(value, inputs.get(name), self.act.inputs[name].type, out):
                return None
        return out

    def _pin(self, symbolic, value, type_, out: list) -> bool:
        if isinstance(type_, t.OptionalType):
            out.append(symbolic.present == (value is not None))
            return value is None or self._pin(symbolic.value, value, type_.inner, out)
        if isinstance(type_, t.ListType):
            if len(value) > len(symbolic.elements):
                return False
            for i, (element, active) in enumerate(zip(symbolic.elements, symbolic.active)):
                out.append(active == (i < len(value)))
                if i < len(value) and not self._pin(element, value[i], type_.element, out):
                    return False
            return True
        if isinstance(type_, t.RecordType):
            record = self.act.records[type_.name]
            return all(self._pin(symbolic.fields[name], value.get(name), f.type, out)
                       for name, f in record.fields.items())
        if isinstance(type_, t.SetType):
            out += [b == (member in value) for member, b in symbolic.members.items()]
            return True
        if type_ == t.DATE:
            out.append(symbolic == ordinal(value))
        elif isinstance(type_, t.EnumType):
            out.append(symbolic == self._enum_index[type_.name][value])
        elif type_ == t.STRING:
            out.append(symbolic == z3.StringVal(value))
        elif type_ == t.BOOL:
            out.append(symbolic == bool(value))
        else:
            out.append(symbolic == number_value(value))
        return True

    def holds_on(self, inputs: dict, condition) -> bool | None:
        """Whether a condition (a typed expression about the whole case) holds on a validated
        case; None where the encoding cannot tell."""
        pins = self.pin(inputs)
        if pins is None:
            return None
        formula = self.expr(condition, {})
        solver = z3.Solver()
        limit(solver, 10_000)
        solver.add(self.valid(), *pins)
        results = [solver.check(formula), solver.check(z3.Not(formula))]
        if results == [z3.sat, z3.unsat]:
            return True
        if results == [z3.unsat, z3.sat]:
            return False
        return None

    # ------------------------------------------------------------------ witnesses

    def witness(self, model: z3.ModelRef) -> dict:
        """The case a model describes, in the form a case file has: values in their declared
        types, and facts left at their defaults left out."""
        return {name: self.read_value(model, value, info.type)
                for name, (value, info) in ((n, (self.inputs[n], self.act.inputs[n])) for n in self.inputs)
                if not (isinstance(info.type, t.OptionalType) and not _true(model, value.present))}

    def read_value(self, model, value, type_):
        if isinstance(type_, t.OptionalType):
            if not _true(model, value.present):
                return None
            return self.read_value(model, value.value, type_.inner)
        if isinstance(type_, t.ListType):
            out = []
            for element, active in zip(value.elements, value.active):
                if _true(model, active):
                    out.append(self.read_value(model, element, type_.element))
            return out
        if isinstance(type_, t.RecordType):
            record = self.act.records[type_.name]
            out = {}
            for name, f in record.fields.items():
                v = self.read_value(model, value.fields[name], f.type)
                if v is None or (f.has_default and _same_value(v, f.default)):
                    continue
                out[name] = v
            return out
        if isinstance(type_, t.SetType):
            return [m for m, b in value.members.items() if _true(model, b)]
        v = model.eval(value, model_completion=True)
        if type_ == t.BOOL:
            return z3.is_true(v)
        if type_ == t.DATE:
            return date.fromordinal(v.as_long())
        if type_ == t.STRING:
            return v.as_string()
        if isinstance(type_, t.EnumType):
            return type_.members[v.as_long()]
        if isinstance(type_, t.Number):
            if type_.integral:
                return v.as_long()
            return _decimal_number(Fraction(v.numerator_as_long(), v.denominator_as_long()))
        raise Unsupported(f"reading {type_}")


def _same_value(read, default) -> bool:
    if isinstance(read, (int, float, str)) and not isinstance(read, bool) and isinstance(default, (int, Fraction, Decimal)):
        try:
            return Fraction(str(read)) == Fraction(default)
        except (ValueError, ZeroDivisionError):
            return False
    return read == default


def _decimal_number(f: Fraction):
    """A number as a case file writes it: whole, or a decimal that reads back exactly (a text
    of six places where there is none, which the replay will tell)."""
    if f.denominator == 1:
        return f.numerator
    text = _decimal_text(f)
    as_float = float(text)
    return as_float if Fraction(repr(as_float)) == Fraction(text) else text


def entries_needed(act: c.CheckedAct) -> dict[str, int]:
    """For each list the act declares, the entries a search needs at least: a run of N days
    (`N consecutive days`) exists only with N entries."""
    roots = [e for r in act.rules.values()
             for e in (r.condition, r.violation, getattr(r.conclusion, "value", None), *[s.source for s in r.scopes])]
    roots += [d.body for d in act.definitions.values()]
    roots += [p.condition for p in act.properties.values()]
    roots += [check.condition for record in act.records.values() for check in record.checks]
    needs: dict[str, int] = {}
    for root in roots:
        if root is None:
            continue
        for node in c.walk(root):
            if isinstance(node, c.TGroup) and node.window == "rolling" and node.size:
                name = _declared_list(node.source)
                if name is not None:
                    needs[name] = max(needs.get(name, 0), node.size)
    return needs


def _declared_list(source) -> str | None:
    """The name `Encoder.lists` knows a list by: an input's, or a record's field's."""
    if isinstance(source, c.TInput):
        return source.name
    if isinstance(source, c.TField):
        owner = source.target.type
        if isinstance(owner, t.OptionalType):
            owner = owner.inner
        if isinstance(owner, t.RecordType):
            return f"{owner.name}.{source.field}"
    return None


def _range_origin(declared: tuple | None, what: str) -> tuple:
    name, span = declared if declared is not None else ("a fact", None)
    return (span.line if span is not None else None, f"{name} is {what}")


def _sort(type_) -> str:
    return "int" if getattr(type_, "integral", False) or type_ == t.DATE else "real"


@functools.lru_cache(maxsize=None)
def month_span(months: int) -> tuple[int, int]:
    """The fewest and most days `months` calendar months from a date can be (over the 400
    years after which the calendar repeats)."""
    from hsa_dsl.runtime.values import add_months

    spans = []
    for year in range(2000, 2400):
        for month in range(1, 13):
            # the span from a day of a month depends on the day only where the target month
            # is shorter: the 1st and the 28th to 31st cover every case
            for day in (1, 28, 29, 30, 31):
                try:
                    start = date(year, month, day)
                except ValueError:
                    continue
                spans.append(add_months(start, months).toordinal() - start.toordinal())
    return min(spans), max(spans)


def _covers(value, entry):
    """Whether a binding's value is the entry, or a window holding it (None: it cannot be)."""
    if value is entry:
        return z3.BoolVal(True)
    if isinstance(value, WindowVal):
        for member, chosen in zip(value.members, value.chosen):
            if member is entry:
                return chosen
    return None


def _decimal_text(f: Fraction) -> str:
    """An exact decimal when there is one; otherwise six places (the replay will tell)."""
    from hsa_dsl.runtime.numbers import to_decimal

    d = to_decimal(f)
    if len(d.as_tuple().digits) > 20:
        d = d.quantize(Decimal("0.000001"))
    return format(d.normalize(), "f") if d != d.to_integral_value() else str(int(d))


def _true(model, b) -> bool:
    return z3.is_true(model.eval(b, model_completion=True))


def _is_int(v) -> bool:
    return z3.is_int(v)


def _plain(v):
    if isinstance(v, Opt):
        return v.value
    return v
