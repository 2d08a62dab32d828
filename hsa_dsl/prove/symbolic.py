"""The act as formulas for an SMT solver (z3), over a symbolic case.

The encoding reads the compiled program (the IR) for what default logic makes of the rules
(which rules decide an output, which exceptions override a rule) and the checked act for the
typed expressions it translates.

A symbolic case has a variable for every fact the act declares, constrained by the declared
ranges and checks (a *valid* case). Lists are bounded: each holds at most `list_bound` entries
(the report says so). Where the act uses something the solver cannot follow exactly, the
encoding *over-approximates*: it allows every value the real computation could give and some
more (a window of dates is any set of entries whose dates lie in a span of the right length; the
whole years between two dates are bounded by the days between them). Every such place is
recorded in `Encoder.abstractions`. An over-approximation keeps "no case can do this" proofs
sound; a case it finds may be spurious, which is why every witness is replayed through the
compiled rules before it is reported.
"""

from __future__ import annotations

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

#: Dates of a symbolic case lie between these (a worker's whole life, and the Act's future).
FIRST_DAY = date(1940, 1, 1)
LAST_DAY = date(2100, 12, 31)
#: Witnesses are sought with dates in these years where the question allows.
PREFERRED = (date(2024, 1, 1), date(2026, 12, 31))


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


@attrs.define(eq=False)
class WindowList:
    windows: list
    active: list


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

    def __init__(self, program: ir.Program, list_bound: int = 3, first_day: date = FIRST_DAY,
                 last_day: date = LAST_DAY):
        self.program = program
        act = self.act = program.act
        self._overriders = {r.name: r.overridden_by for r in program.rules}
        #: the rules that decide each output with one value per case, in the target's order
        self._deciding = {tg.case_output: tg.rules for tg in program.targets if tg.case_output is not None}
        self.list_bound = list_bound
        self.first_day = first_day
        self.last_day = last_day
        self.constraints: list = []
        self.abstractions: set[str] = set()
        self.inputs: dict[str, Any] = {}
        #: what makes a witness easy to read: few entries, dates of today
        self.preferences: list = []
        self._fresh = 0
        #: one variable per abstracted computation and argument: the same start_of_month(d) met
        #: twice is the same unknown day, not two
        self._abstracted: dict[tuple, Any] = {}
        self._definitions: dict[str, Any] = {}
        self._outputs: dict[str, Any] = {}
        self._violations: dict[str, Any] = {}
        self._enum_index = {name: {m: i for i, m in enumerate(e.members)} for name, e in act.enums.items()}
        for name, info in act.inputs.items():
            self.inputs[name] = self.fact(info.type, name, info.low, info.high)

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
        name = f"{base}!{self._fresh}"
        return {"bool": z3.Bool, "int": z3.Int, "real": z3.Real}[sort](name)

    def fact(self, type_: t.Type, path: str, low=None, high=None) -> Any:
        if isinstance(type_, t.OptionalType):
            present = z3.Bool(f"{path}?")
            return Opt(present, self.fact(type_.inner, path, low, high))
        if type_ == t.BOOL:
            return z3.Bool(path)
        if type_ == t.STRING:
            return z3.String(path)
        if type_ == t.DATE:
            v = z3.Int(path)
            self.constraints += [v >= ordinal(self.first_day), v <= ordinal(self.last_day)]
            self.preferences += [v >= ordinal(PREFERRED[0]), v <= ordinal(PREFERRED[1])]
            if low is not None:
                self.constraints.append(v >= ordinal(low))
            if high is not None:
                self.constraints.append(v <= ordinal(high))
            return v
        if isinstance(type_, t.Number):
            v = z3.Int(path) if type_.integral else z3.Real(path)
            if low is not None:
                self.constraints.append(v >= number_value(low))
            if high is not None:
                self.constraints.append(v <= number_value(high))
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
            fields = {name: self.fact(f.type, f"{path}.{name}", f.low, f.high) for name, f in record.fields.items()}
            rec = Rec(type_.name, fields, path)
            env = {"record": rec}
            for check in record.checks:
                self._record_constraint(check.condition, env)
            return rec
        if isinstance(type_, t.ListType):
            bound = min(self.list_bound, type_.max_length or self.list_bound)
            elements = [self.fact(type_.element, f"{path}[{i}]") for i in range(bound)]
            active = [z3.Bool(f"{path}[{i}]?") for i in range(bound)]
            self.preferences += [z3.Not(a) for a in active]
            for i in range(1, bound):
                self.constraints.append(z3.Implies(active[i], active[i - 1]))
            if type_.unique_by is not None:
                for i in range(bound):
                    for j in range(i + 1, bound):
                        a, b = elements[i].fields[type_.unique_by], elements[j].fields[type_.unique_by]
                        self.constraints.append(z3.Implies(z3.And(active[i], active[j]), a != b))
            return ListVal(elements, active, path)
        raise Unsupported(f"facts of type {type_}")

    def _record_constraint(self, condition, env) -> None:
        # a record's checks hold for every record the case gives; the encoding adds them for
        # each symbolic record, and list entries that do not exist are unconstrained anyway
        try:
            self.constraints.append(self.expr(condition, env))
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
        return self.expr(info.body, {name: a for (name, _), a in zip(info.parameters, args)})

    def x_TOutput(self, node: c.TOutput, env):
        if node.name not in self._outputs:
            rules = [self.act.rules[name] for name in self._deciding.get(node.name, ())]
            effective = [(self.effective(r, {}), r) for r in rules]
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
        if values[0][0] > ordinal(self.first_day):
            # before the first value the act gives none (an evaluation error): allow anything
            self.abstractions.add(f"parameter {node.name} before its first date")
            result = self.fresh(node.name, "int" if getattr(info.type, "integral", False) else "real")
        else:
            result = values[0][1]
        for day, value in values[1:]:
            result = z3.If(at >= day, value, result)
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
            result = self.fresh(node.name, "int" if getattr(info.type, "integral", False) else "real")
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
        if function.approximation is not None:
            self.abstractions.add(function.approximation)
        return function.encode(self, node, args)

    def x_TNegate(self, node, env):
        return -self.expr(node.operand, env)

    def x_TArithmetic(self, node: c.TArithmetic, env):
        left, right = self.expr(node.left, env), self.expr(node.right, env)
        if node.left.type == t.DATE and node.right.type == t.MONTHS:
            self.abstractions.add("moving a date by months (28 to 31 days a month)")
            months = right if node.op == "+" else -right
            day, new = self.abstracted("months", "int", left, months)
            if not new:
                return day
            self.constraints.append(z3.If(months >= 0,
                                          z3.And(day >= left + 28 * months, day <= left + 31 * months),
                                          z3.And(day <= left + 28 * months, day >= left + 31 * months)))
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
        source = self.expr(node.source, env)
        if not isinstance(source, ListVal):
            raise Unsupported("grouping this collection")
        self.abstractions.add("windows of dates (any entries whose dates fall in a span of the window's length)")
        length = {"day": 0, "calendar_week": 6, "rolling": (node.size or 1) - 1,
                  "blocks": (node.size or 1) - 1}.get(node.window)
        windows, active = [], []
        for _ in range(len(source.elements)):
            start, end = self.fresh("start", "int"), self.fresh("end", "int")
            chosen = []
            for element, present in zip(source.elements, source.active):
                pick = self.fresh("in", "bool")
                key = element.fields[node.key_field]
                self.constraints.append(z3.Implies(pick, z3.And(present, key >= start, key <= end)))
                chosen.append(pick)
            if length is not None:
                self.constraints.append(end - start == length)
            else:  # calendar month
                self.constraints.append(z3.And(end - start >= 27, end - start <= 30))
            windows.append(WindowVal(source.elements, chosen, start, end))
            active.append(z3.Or(*chosen))
        return WindowList(windows, active)

    def x_TViolated(self, node: c.TViolated, env):
        if node.entry is None:
            return z3.Or(*[self.violated_somewhere(self.act.rules[name]) for name in node.rules])
        entry = self.expr(node.entry, env)
        terms = []
        for name in node.rules:
            rule = self.act.rules[name]
            if not rule.scopes:
                continue  # a rule about the whole case is not about one entry
            for binding, exists in self.bindings(rule):
                covers = [_covers(value, entry) for value in binding.values()]
                covers = [c for c in covers if c is not None]
                if not covers:
                    continue
                violation = self.expr(rule.violation, binding) if rule.violation is not None else z3.BoolVal(False)
                terms.append(z3.And(exists, z3.Or(*covers), self.effective(rule, binding), violation))
        return z3.Or(*terms) if terms else z3.BoolVal(False)

    # ------------------------------------------------------------------ rules

    def bindings(self, rule: c.RuleInfo, env=None) -> list[tuple[dict, Any]]:
        """Every binding of a rule's `for each` variables, with when it exists."""
        out = [({} if env is None else dict(env), z3.BoolVal(True))]
        for scope in rule.scopes:
            grown = []
            for local, exists in out:
                source = self.expr(scope.source, local)
                for element, active in self._entries(source):
                    grown.append(({**local, scope.variable: element}, z3.And(exists, active)))
            out = grown
        return out

    def condition(self, rule: c.RuleInfo, env: dict):
        return self.expr(rule.condition, env) if rule.condition is not None else z3.BoolVal(True)

    def effective(self, rule: c.RuleInfo, env: dict):
        """The rule applies for this binding and none of its exceptions does."""
        conds = [self.condition(rule, env)]
        for name in self.overriders(rule.name):
            other = self.act.rules[name]
            other_env = env if other.scopes else {}
            conds.append(z3.Not(self.effective(other, other_env)))
        return z3.And(*conds)

    def overriders(self, name: str) -> tuple[str, ...]:
        """The exceptions that override a rule where they apply, as the IR resolved them."""
        return self._overriders[name]

    def violated_somewhere(self, rule: c.RuleInfo):
        if rule.name not in self._violations:
            terms = []
            for env, exists in self.bindings(rule):
                violation = self.expr(rule.violation, env) if rule.violation is not None else z3.BoolVal(False)
                terms.append(z3.And(exists, self.effective(rule, env), violation))
            self._violations[rule.name] = z3.Or(*terms) if terms else z3.BoolVal(False)
        return self._violations[rule.name]

    # ------------------------------------------------------------------ witnesses

    def witness(self, model: z3.ModelRef) -> dict:
        """The case a model describes, in the form a case file has."""
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
                if v is not None:
                    out[name] = v
            return out
        if isinstance(type_, t.SetType):
            return [m for m, b in value.members.items() if _true(model, b)]
        v = model.eval(value, model_completion=True)
        if type_ == t.BOOL:
            return z3.is_true(v)
        if type_ == t.DATE:
            return date.fromordinal(v.as_long()).isoformat()
        if type_ == t.STRING:
            return v.as_string()
        if isinstance(type_, t.EnumType):
            return type_.members[v.as_long()]
        if isinstance(type_, t.Number):
            if type_.integral:
                return v.as_long()
            f = Fraction(v.numerator_as_long(), v.denominator_as_long())
            return _decimal_text(f)
        raise Unsupported(f"reading {type_}")


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
