"""Stage 5: IR → a Python module, built with the :mod:`ast` module.

Nothing from the rule file or a case is pasted into source text: names of the act appear only
as string constants, generated functions and variables get names of the form ``rule_3``,
``def_2``, ``v5``, and values are built from constants. Each rule and definition is generated
twice from the same IR: a traced variant that records what it reads and decides, and an
untraced variant for speed. Both compute the same values by construction.
"""

from __future__ import annotations

import copy
import os
from datetime import date
from decimal import Decimal
from typing import Any

from hsa_dsl import builtins
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t

from . import ir
from . import pyast as py

#: operations and comparisons of two exact rationals (see `_rational`), and max and min of
#: them, by the runtime's functions that read a Fraction's slots (hsa_dsl.runtime.numbers):
#: Python's Fraction operators take several times as long, and they are most of the cost of
#: deciding a case
_EXACT_OPERATIONS = {"+": "exact_add", "-": "exact_sub", "*": "exact_mul"}
_EXACT_COMPARISONS = {"=": "exact_eq", "!=": "exact_ne", "<": "exact_lt", "<=": "exact_le", ">": "exact_gt",
                      ">=": "exact_ge"}
_EXACT_EXTREMES = {"max": "exact_max", "min": "exact_min"}

#: what generated code imports: the names its own constructs use, then the built-ins'
#: implementations named in `hsa_dsl.builtins`
RUNTIME_NAMES = tuple(dict.fromkeys((
    "CompiledAct", "Q", "Record", "Window", "Trace", "Recording", "Firing", "divide",
    "add_days", "add_months", "days_between", "first",
    "parameter_value", "no_table_row", "trace_fact", "traced_aggregate", "obs_compare", "obs_member",
    "MISSING", "accumulate", *builtins.runtime_imports(),
    *_EXACT_OPERATIONS.values(), *_EXACT_COMPARISONS.values(), *_EXACT_EXTREMES.values(),
)))

#: expression contexts carry no data; one of each serves every node, as in Python's own trees
_LOAD = py.Load()
_STORE = py.Store()

_COMPARE_OPS = {"=": py.Eq, "!=": py.NotEq, "<": py.Lt, "<=": py.LtE, ">": py.Gt, ">=": py.GtE}
_OPERATOR_NAMES = {"=": "eq", "!=": "ne", "<": "lt", "<=": "le", ">": "gt", ">=": "ge"}


def _name(id_: str, ctx=None) -> py.Name:
    return py.Name(id=id_, ctx=ctx or _LOAD)


def _const(value) -> py.expr:
    return py.Constant(value=value)


def _call(func: str | py.expr, *args: py.expr, **kwargs: py.expr) -> py.Call:
    f = _name(func) if isinstance(func, str) else func
    return py.Call(func=f, args=list(args), keywords=[py.keyword(arg=k, value=v) for k, v in kwargs.items()])


def _attr(value: py.expr, attr: str) -> py.Attribute:
    return py.Attribute(value=value, attr=attr, ctx=_LOAD)


def _subscript(value: py.expr, key: py.expr) -> py.Subscript:
    return py.Subscript(value=value, slice=key, ctx=_LOAD)


def data(value, decimals: str = "Q") -> py.expr:
    """A Python value (str, int, bool, None, tuple, list, dict, Decimal, date, frozenset) as an
    expression. A decimal becomes an exact rational (`Q`), as rules compute with, or with
    ``decimals="_Decimal"`` stays a decimal, as the act's tables of plain data hold it."""
    if value is None or isinstance(value, (bool, int, str)):
        return _const(value)
    if isinstance(value, Decimal):
        return _call(decimals, _const(str(value)))
    if isinstance(value, date):
        return _call("_date", _const(value.year), _const(value.month), _const(value.day))
    if isinstance(value, tuple):
        return py.Tuple(elts=[data(v, decimals) for v in value], ctx=_LOAD)
    if isinstance(value, list):
        return py.List(elts=[data(v, decimals) for v in value], ctx=_LOAD)
    if isinstance(value, frozenset):
        return _call("frozenset", py.Tuple(elts=[data(v, decimals) for v in sorted(value, key=repr)], ctx=_LOAD))
    if isinstance(value, dict):
        return py.Dict(keys=[data(k, decimals) for k in value], values=[data(v, decimals) for v in value.values()])
    raise TypeError(f"cannot put {type(value).__name__} in generated code")


class _Names:
    """Generated Python names for the act's rules, definitions and tables."""

    def __init__(self, program: ir.Program):
        self.rule = {r.name: f"rule_{i}" for i, r in enumerate(program.rules)}
        self.definition = {d.name: f"def_{i}" for i, d in enumerate(program.definitions)}
        self.definitions = {d.name: d for d in program.definitions}
        self.table = {tb.name: f"table_{i}" for i, tb in enumerate(program.tables)}
        self.parameter = {name: f"param_{i}" for i, name in enumerate(program.act.parameters)}
        self.constants: dict[tuple, str] = {}
        self.constant_nodes: list[py.stmt] = []

    def constant(self, value) -> py.expr:
        """Decimals, dates and sets are built once, at import."""
        if value is None or isinstance(value, (bool, int, str)):
            return _const(value)
        key = (type(value).__name__, repr(value))
        name = self.constants.get(key)
        if name is None:
            name = self.constants[key] = f"K_{len(self.constants)}"
            self.constant_nodes.append(py.Assign(targets=[_name(name, _STORE)], value=data(value)))
        return _name(name)


class _Expressions:
    """Compiles typed expressions for one function, traced or not."""

    def __init__(self, names: _Names, traced: bool, env: dict, quiet: bool = False):
        self.names = names
        self.traced = traced
        #: each variable of the act in scope: the Python name it is bound to, or, for the
        #: parameter of an inlined definition, the argument (with the expressions it is in)
        self.env = dict(env)
        self.counter = [0]
        #: the rule's `for each` variables that stand for windows, by their Python names
        self.windows: dict[str, _WindowScope] = {}
        #: whether a value may be kept with `:=` (not in the list a comprehension goes over,
        #: where Python forbids it)
        self.may_keep = True
        #: inside a traced aggregate: entries are recorded by the aggregate, not step by step
        self.quiet = quiet
        #: in an untraced function that records at its end the constant definitions it used:
        #: the Python name each use keeps the constant in, by definition (see `_constant`)
        self.constants: dict[str, str] | None = None

    def fresh(self) -> str:
        self.counter[0] += 1
        return f"v{self.counter[0]}"

    def with_local(self, dsl_name: str, py_name: str, quiet: bool | None = None) -> "_Expressions":
        quiet = self.quiet if quiet is None else quiet
        traced = self.traced and not quiet
        other = _Expressions(self.names, traced, {**self.env, dsl_name: py_name}, quiet)
        other.counter = self.counter
        other.windows = self.windows
        other.may_keep = self.may_keep
        other.constants = self.constants
        return other

    def iterable(self, node) -> py.expr:
        """The list a comprehension goes over."""
        other = copy.copy(self)
        other.may_keep = False
        return other.expr(node)

    @property
    def tr(self) -> py.expr:
        return _name("tr")

    def expr(self, node) -> py.expr:
        if isinstance(node, ir.Observe):
            return self.observe(node)
        return getattr(self, "x_" + type(node).__name__)(node)

    # ------------------------------------------------------------ observed sites

    def observe(self, node: ir.Observe) -> py.expr:
        inner = node.expr
        if not self.traced:
            return self.expr(inner)
        site = _const(node.site)
        if isinstance(inner, c.TCompare):
            # two exact rationals are compared as untraced code compares them (see x_TCompare)
            how = (_name(_EXACT_COMPARISONS[inner.op]) if _rational(inner.left) and _rational(inner.right)
                   else _const(_OPERATOR_NAMES[inner.op]))
            return _call("obs_compare", self.tr, site, how, self.expr(inner.left), self.expr(inner.right))
        if isinstance(inner, c.TMember):
            return _call("obs_member", self.tr, site, self.expr(inner.element),
                         self.expr(inner.collection), _const(inner.negated))
        if isinstance(inner, c.TAggregate):
            return self.traced_aggregate(inner, site)
        if isinstance(inner, c.TDefinition) and not inner.arguments:
            return _call(_attr(self.tr, "use"), _const(inner.name), self.expr(inner))
        if isinstance(inner, c.TDefinition):
            fn = _name(self.names.definition[inner.name] + "_t")
            return _call("obs_apply", self.tr, site, fn, _name("ctx"), *[self.expr(a) for a in inner.arguments])
        if isinstance(inner, c.TOutput):
            return _call(_attr(self.tr, "use"), _const(inner.name), self.expr(inner))
        if isinstance(inner, c.TParameter):
            return _call("obs_parameter", self.tr, site, _const(inner.name),
                         _name(self.names.parameter[inner.name]), self.expr(inner.at))
        if isinstance(inner, c.TIsGiven) and self.may_keep:
            value = self.fresh()
            # tr.step(site, (v := x) is not None, v)
            walrus = py.NamedExpr(target=_name(value, _STORE), value=self.expr(inner.target))
            test = py.Compare(left=walrus, ops=[py.Is() if inner.negated else py.IsNot()], comparators=[_const(None)])
            return _call(_attr(self.tr, "step"), site, test, _name(value))
        return _call(_attr(self.tr, "step"), site, self.expr(inner))

    def traced_aggregate(self, node: c.TAggregate, site: py.expr) -> py.expr:
        var = self.fresh()
        # the aggregate records each entry and its value; what each entry's value was made of
        # is not repeated step by step
        inner = self.with_local(node.variable, var, quiet=True)
        body = _const(True) if node.body is None else inner.expr(node.body)
        pair = py.Tuple(elts=[_name(var), body], ctx=_LOAD)
        ifs = [inner.expr(node.where)] if node.where is not None else []
        pairs = py.ListComp(elt=pair, generators=[
            py.comprehension(target=_name(var, _STORE), iter=self.iterable(node.source), ifs=ifs, is_async=0)])
        fold = builtins.AGGREGATES[node.kind]
        start = self._zero(node.type) if fold.starts_at_zero else _const(0)
        result = _call("traced_aggregate", self.tr, site, _name(fold.runtime), pairs, start)
        return self._with_fallback(result, node)

    def _zero(self, type_) -> py.expr:
        if isinstance(type_, t.Number) and not type_.integral:
            return self.names.constant(Decimal(0))
        return _const(0)

    def _with_fallback(self, result: py.expr, node: c.TAggregate) -> py.expr:
        if node.fallback is None:
            return result
        # a name kept with `:=` in a lambda is the lambda's own
        inner = copy.copy(self)
        inner.constants = None
        thunk = py.Lambda(args=_no_args(), body=inner.expr(node.fallback))
        return _call("first", result, thunk)

    # ------------------------------------------------------------ plain expressions

    def x_TLiteral(self, node: c.TLiteral) -> py.expr:
        return self.names.constant(node.value)

    def x_TInput(self, node: c.TInput) -> py.expr:
        return _subscript(_attr(_name("ctx"), "inputs"), _const(node.name))

    def x_TLocal(self, node: c.TLocal) -> py.expr:
        bound = self.env[node.name]
        if isinstance(bound, str):
            return _name(bound)
        outer, argument = bound
        return outer.expr(argument)

    def x_TDefinition(self, node: c.TDefinition) -> py.expr:
        if node.arguments and not self.traced and not self.quiet:
            definition = self.names.definitions[node.name]
            if definition.inline and all(_repeatable(a) for a in node.arguments):
                return self._inlined(definition, node.arguments)
        if not node.arguments and not self.traced and not self.quiet:
            definition = self.names.definitions[node.name]
            if isinstance(_bare(definition.body), (c.TLiteral, c.TSet)):
                return self._constant(definition)
        # a definition without parameters keeps its own trace even when first used quietly
        traced_variant = self.traced or (self.quiet and not node.arguments)
        fn = self.names.definition[node.name] + ("_t" if traced_variant else "")
        args = [_name("ctx")]
        if node.arguments and self.traced:
            args.append(self.tr)
        args += [self.expr(a) for a in node.arguments]
        return _call(fn, *args)

    def _constant(self, definition: ir.IRDefinition) -> py.expr:
        """A definition whose body is a constant (the national holidays), used by untraced code:
        the constant, with a record that the case used the definition, as a call of it would
        leave (a verdict's values hold every definition worked out). A call for every entry of
        a time card costs more than the rule around it; where the function records its
        constants at its end (see `_recorded_constants`), a use only keeps the constant in a
        name with `:=`, and elsewhere it stores it in the evaluation's memo itself."""
        value = self.expr(definition.body)
        if self.constants is None or not self.may_keep:
            return _call(_attr(_attr(_name("ctx"), "memo"), "setdefault"), _const(definition.name), value)
        kept = self.constants.get(definition.name)
        if kept is None:
            kept = self.constants[definition.name] = self.fresh()
        return py.NamedExpr(target=_name(kept, _STORE), value=value)

    def _inlined(self, definition: ir.IRDefinition, arguments: tuple) -> py.expr:
        # the body sees its parameters and nothing of the caller's scope; each use of a
        # parameter is its argument written out again, which `_repeatable` allows
        env = {name: (self, argument) for (name, _), argument in zip(definition.parameters, arguments)}
        body = _Expressions(self.names, False, env)
        body.counter = self.counter
        body.may_keep = self.may_keep
        body.constants = self.constants
        return body.expr(definition.body)

    def x_TOutput(self, node: c.TOutput) -> py.expr:
        return _call(_attr(_attr(_name("ctx"), "outputs"), "get"), _const(node.name))

    def x_TParameter(self, node: c.TParameter) -> py.expr:
        lookup = _call("parameter_value", _const(node.name), _name(self.names.parameter[node.name]),
                       self.expr(node.at))
        return _subscript(lookup, _const(1))

    def x_TTable(self, node: c.TTable) -> py.expr:
        fn = self.names.table[node.name] + ("_t" if self.traced else "")
        args = [_name("ctx")] + ([self.tr] if self.traced else []) + [self.expr(node.key)]
        return _call(fn, *args)

    def x_TField(self, node: c.TField) -> py.expr:
        target = self.expr(node.target)
        if isinstance(node.target.type, t.WindowType):
            return _attr(target, node.field)
        scalar = not isinstance(node.type, (t.RecordType, t.ListType, t.OptionalType)) or (
            isinstance(node.type, t.OptionalType) and not isinstance(node.type.inner, t.RecordType))
        if self.traced and scalar:
            return _call("trace_fact", self.tr, target, _const(node.field))
        return _subscript(target, _const(node.field))

    def x_TBuiltin(self, node: c.TBuiltin) -> py.expr:
        args = [self.expr(a) for a in node.arguments]
        function = builtins.FUNCTIONS[node.name]
        runtime = function.runtime
        if runtime in _EXACT_EXTREMES and all(_rational(a) for a in node.arguments):
            runtime = _EXACT_EXTREMES[runtime]
        result = _call(runtime, *args)
        if function.gives_whole and not node.type.integral:
            result = _call("Q", result)
        return result

    def x_TNegate(self, node: c.TNegate) -> py.expr:
        return py.UnaryOp(op=py.USub(), operand=self.expr(node.operand))

    def x_TArithmetic(self, node: c.TArithmetic) -> py.expr:
        left, right = self.expr(node.left), self.expr(node.right)
        lt, rt = node.left.type, node.right.type
        if lt == t.DATE:
            if rt == t.DATE:
                return _call("days_between", right, left)
            if rt == t.MONTHS:
                months = right if node.op == "+" else py.UnaryOp(op=py.USub(), operand=right)
                return _call("add_months", left, months)
            days = right if node.op == "+" else py.UnaryOp(op=py.USub(), operand=right)
            return _call("add_days", left, days)
        if node.op == "/":
            return _call("divide", left, right)
        if _rational(node.left) and _rational(node.right):
            return _call(_EXACT_OPERATIONS[node.op], left, right)
        op = {"+": py.Add(), "-": py.Sub(), "*": py.Mult()}[node.op]
        return py.BinOp(left=left, op=op, right=right)

    def x_TLogic(self, node: c.TLogic) -> py.expr:
        if node.op == "implies":
            left = py.UnaryOp(op=py.Not(), operand=self.expr(node.left))
            return py.BoolOp(op=py.Or(), values=[left, self.expr(node.right)])
        op = py.And() if node.op == "and" else py.Or()
        return py.BoolOp(op=op, values=[self.expr(node.left), self.expr(node.right)])

    def x_TNot(self, node: c.TNot) -> py.expr:
        return py.UnaryOp(op=py.Not(), operand=self.expr(node.operand))

    def x_TCompare(self, node: c.TCompare) -> py.expr:
        left, op, right = node.left, node.op, node.right
        if _whole(left) is not None and _whole(right) is None:
            left, op, right = right, _MIRRORED[op], left
        parts = _equal_when_same(left, right) if op in ("=", "!=") else ()
        if parts:
            # `start_of_month(a) = start_of_month(b)` as `a.month == b.month and a.year == b.year`,
            # without making two dates
            a, b = _bare(left).arguments[0], _bare(right).arguments[0]
            same = py.BoolOp(op=py.And(), values=[
                py.Compare(left=_attr(self.expr(a), part), ops=[py.Eq()], comparators=[_attr(self.expr(b), part)])
                for part in parts])
            return same if op == "=" else py.UnaryOp(op=py.Not(), operand=same)
        whole = _whole(right)
        if whole is not None and _rational(left) and (self.may_keep or whole == 0 or _repeatable(left)):
            # `x > 8 h` on an exact rational x, as `x._numerator > 8 * x._denominator`: Python's
            # Fraction compares through three Python-level calls, and this comparison is the
            # commonest of an evaluation (hours and amounts against the act's limits). The
            # terms are read from the Fraction's slots, as `exact_sum` reads them: its
            # `numerator` and `denominator` are Python properties, a call each. A value that
            # cannot be read twice is kept the first time.
            if whole == 0:  # only the sign counts
                return py.Compare(left=_attr(self.expr(left), "_numerator"), ops=[_COMPARE_OPS[op]()],
                                  comparators=[_const(0)])
            if _repeatable(left):
                first, again = self.expr(left), self.expr(left)
            else:
                kept = self.fresh()
                first, again = py.NamedExpr(target=_name(kept, _STORE), value=self.expr(left)), _name(kept)
            bound = py.BinOp(left=_const(whole), op=py.Mult(), right=_attr(again, "_denominator"))
            return py.Compare(left=_attr(first, "_numerator"), ops=[_COMPARE_OPS[op]()], comparators=[bound])
        if _rational(left) and _rational(right):
            return _call(_EXACT_COMPARISONS[op], self.expr(left), self.expr(right))
        return py.Compare(left=self.expr(left), ops=[_COMPARE_OPS[op]()], comparators=[self.expr(right)])

    def x_TMember(self, node: c.TMember) -> py.expr:
        return py.Compare(left=self.expr(node.element), ops=[py.NotIn() if node.negated else py.In()],
                          comparators=[self.expr(node.collection)])

    def x_TIsGiven(self, node: c.TIsGiven) -> py.expr:
        return py.Compare(left=self.expr(node.target), ops=[py.Is() if node.negated else py.IsNot()],
                          comparators=[_const(None)])

    def x_TIf(self, node: c.TIf) -> py.expr:
        return py.IfExp(test=self.expr(node.condition), body=self.expr(node.then),
                        orelse=self.expr(node.otherwise))

    def x_TSet(self, node: c.TSet) -> py.expr:
        return self.names.constant(frozenset(item.value for item in node.items))

    def x_TAggregate(self, node: c.TAggregate) -> py.expr:
        source = _bare(node.source)
        if not self.traced and not self.quiet and isinstance(source, c.TLocal):
            window = self.env.get(source.name)
            if isinstance(window, str) and window in self.windows:
                made = self._over_window(node, window, self.windows[window])
                if made is not None:
                    return made
        fold = builtins.AGGREGATES[node.kind]
        if fold.tally == "number" and node.where is None:
            return _call("len", self.expr(node.source))
        var = self.fresh()
        inner = self.with_local(node.variable, var)
        ifs = [inner.expr(node.where)] if node.where is not None else []
        body = _const(1) if node.body is None else inner.expr(node.body)
        loop = [py.comprehension(target=_name(var, _STORE), iter=self.iterable(node.source), ifs=ifs, is_async=0)]
        if fold.stops_early:
            # a generator, so that the fold stops at the first entry that decides it
            return _call(fold.runtime, py.GeneratorExp(elt=body, generators=loop))
        # the others read every entry, and a list is made faster than a generator is run
        return self._reduced(node, py.ListComp(elt=body, generators=loop))

    def _reduced(self, node: c.TAggregate, values: py.expr) -> py.expr:
        """The aggregate's fold of the values its entries gave."""
        fold = builtins.AGGREGATES[node.kind]
        start = [self._zero(node.type)] if fold.starts_at_zero else []
        return self._with_fallback(_call(fold.runtime, values, *start), node)

    def _over_window(self, node: c.TAggregate, window: str, scope: "_WindowScope") -> py.expr | None:
        """An aggregate over a window of the rule's `for each`, from values worked out once per
        entry of the sorted list the windows are runs of: in seven-day stretches each entry is in
        seven windows. Only for a body that reads nothing but its entry and cannot fail, since it
        is then also worked out for entries no window holds, and before any window is looked at."""
        tally = builtins.AGGREGATES[node.kind].tally
        if node.where is not None and tally is None:
            return None
        parts = [p for p in (node.body, node.where) if p is not None]
        if not all(_entry_only(p, frozenset({node.variable}), self.names.definitions) for p in parts):
            return None
        var = self.fresh()
        inner = _Expressions(self.names, False, {node.variable: var})
        inner.counter = self.counter
        body = inner.expr(node.body) if node.body is not None else None
        where = inner.expr(node.where) if node.where is not None else None
        if tally == "number" and where is None:
            return _call("len", _name(window))
        if tally == "number":
            value = py.IfExp(test=where, body=_const(1), orelse=_const(0))
        elif tally == "some" and where is not None:
            value = py.BoolOp(op=py.And(), values=[where, body])
        elif tally == "every" and where is not None:
            value = py.BoolOp(op=py.Or(), values=[py.UnaryOp(op=py.Not(), operand=where), body])
        else:
            value = body
        values = self.fresh()
        first, stop = _attr(_name(window), "first"), _attr(_name(window), "stop")
        if tally is not None:
            # how many entries hold, counted from the start of the sorted list: a window's count
            # is then the difference of two of these, with no list made for each window
            if tally != "number":
                value = py.IfExp(test=value, body=_const(1), orelse=_const(0))
            entries = py.ListComp(elt=value, generators=[
                py.comprehension(target=_name(var, _STORE), iter=_name(scope.ordered), ifs=[], is_async=0)])
            scope.per_entry.append(_assign(values, _call("list", _call("accumulate", entries, initial=_const(0)))))
            held = py.BinOp(left=_subscript(_name(values), stop), op=py.Sub(), right=_subscript(_name(values), first))
            if tally == "number":
                return held
            if tally == "some":
                return py.Compare(left=held, ops=[py.Gt()], comparators=[_const(0)])
            size = py.BinOp(left=_attr(_name(window), "stop"), op=py.Sub(), right=_attr(_name(window), "first"))
            return py.Compare(left=held, ops=[py.Eq()], comparators=[size])
        scope.per_entry.append(_assign(values, py.ListComp(elt=value, generators=[
            py.comprehension(target=_name(var, _STORE), iter=_name(scope.ordered), ifs=[], is_async=0)])))
        run = py.Subscript(value=_name(values), slice=py.Slice(lower=first, upper=stop), ctx=_LOAD)
        return self._reduced(node, run)

    def x_TGroup(self, node: c.TGroup) -> py.expr:
        anchor = self.expr(node.anchor) if node.anchor is not None else _const(None)
        source_text = node.source.span.text if node.source.span is not None else "list"
        return _call(_attr(_name("ctx"), "grouped"), self.expr(node.source), _const(node.window),
                     _const(node.size), anchor, _const(node.key_field), _const(source_text))

    def x_TViolated(self, node: c.TViolated) -> py.expr:
        if node.entry is not None:
            return _call(_attr(_name("ctx"), "violated_on"), self.expr(node.entry), data(node.rules))
        return _call(_attr(_name("ctx"), "violated"), data(node.rules))


#: the comparison that holds with its operands swapped
_MIRRORED = {"=": "=", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def _whole(node) -> int | None:
    """The value of a literal that is a whole number (8 h, NT$0), else None."""
    if isinstance(node, c.TLiteral) and isinstance(node.value, Decimal) and node.value == node.value.to_integral_value():
        return int(node.value)
    return None


def _equal_when_same(left, right) -> tuple[str, ...]:
    """The attributes of their dates on which two calls of one built-in are equal (its
    `equal_when_same`), when both dates can be read twice; () otherwise."""
    left, right = _bare(left), _bare(right)
    if not (isinstance(left, c.TBuiltin) and isinstance(right, c.TBuiltin) and left.name == right.name):
        return ()
    parts = builtins.FUNCTIONS[left.name].equal_when_same
    if not parts or not (_repeatable(left.arguments[0]) and _repeatable(right.arguments[0])):
        return ()
    return parts


def _rational(node) -> bool:
    """Whether an expression's values are exact rationals at run time, `Fraction`s (not whole
    numbers, which Python compares at once, and never None): validation makes every number
    of a type that is not whole a Fraction, and so does every operation on one."""
    type_ = _bare(node).type
    return isinstance(type_, t.Number) and not type_.integral


class _WindowScope:
    """A rule's `for each` over windows, in untraced code: the name of the sorted list its
    windows are runs of, and the values worked out per entry of it before the loop."""

    def __init__(self, ordered: str):
        self.ordered = ordered
        self.per_entry: list[py.stmt] = []


#: expressions that cannot fail, given operands that do not
_SAFE = (c.TLiteral, c.TInput, c.TSet, c.TField, c.TCompare, c.TLogic, c.TNot, c.TMember, c.TIsGiven, c.TIf,
         c.TNegate)


def _entry_only(node, variables: frozenset, definitions: dict) -> bool:
    """Whether an expression reads only the given variables and the case, writes nothing (no
    definition is recorded as used) and cannot fail, so that working it out for more entries
    or earlier than asked changes nothing."""
    node = _bare(node)
    if isinstance(node, c.TLocal):
        return node.name in variables
    if isinstance(node, c.TDefinition):
        # one with parameters, written out or called: a call keeps its result per arguments or
        # nothing, and neither is recorded as a use (only definitions without parameters are)
        definition = definitions[node.name]
        return (bool(node.arguments)
                and all(_repeatable(a) and _entry_only(a, variables, definitions) for a in node.arguments)
                and _entry_only(definition.body, frozenset(p for p, _ in definition.parameters), definitions))
    if isinstance(node, c.TAggregate):
        # counts, sums and truths over what the entry holds (a day's periods of work); the
        # others may have no entries to give (max, min) or divide by their number (average)
        fold = builtins.AGGREGATES[node.kind]
        inner = variables | {node.variable}
        return ((fold.tally is not None or node.kind == "sum") and node.fallback is None
                and _entry_only(node.source, variables, definitions)
                and all(_entry_only(part, inner, definitions) for part in (node.body, node.where) if part is not None))
    if isinstance(node, c.TArithmetic):
        # sums, differences and products of numbers (dates can leave the calendar; a division
        # can be by zero)
        safe = node.op in ("+", "-", "*") and isinstance(node.type, t.Number)
    else:
        safe = isinstance(node, _SAFE)
    return safe and all(_entry_only(child, variables, definitions) for child in c.children(node))


def _bare(node):
    """An expression without the mark of its trace site."""
    return node.expr if isinstance(node, ir.Observe) else node


def _repeatable(node) -> bool:
    """Whether an argument can be written out wherever the parameter is used, as often as it
    is (or not at all): a variable, a constant, a case field, or a field of one of these."""
    node = _bare(node)
    if isinstance(node, c.TField):
        return _repeatable(node.target)
    return isinstance(node, (c.TLocal, c.TLiteral, c.TInput))


def _no_args() -> py.arguments:
    return py.arguments(posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[],
                        kwarg=None, defaults=[])


def _args(*names: str) -> py.arguments:
    return py.arguments(posonlyargs=[], args=[py.arg(arg=n) for n in names], vararg=None,
                        kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[])


def _function(name: str, params: list[str], body: list[py.stmt]) -> py.FunctionDef:
    return py.FunctionDef(name=name, args=_args(*params), body=body, decorator_list=[], returns=None,
                          type_params=[])


def _assign(name: str, value: py.expr) -> py.Assign:
    return py.Assign(targets=[_name(name, _STORE)], value=value)


def _return(value: py.expr) -> py.Return:
    return py.Return(value=value)


# ---------------------------------------------------------------------------- functions


def _where(span) -> str:
    """`line 12 of act.hsa`: where a generated function's rule or definition is written."""
    if span is None:
        return "the act"
    return f"line {span.line} of {os.path.basename(span.source.name)}"


def _documented(function: py.FunctionDef, text: str) -> py.FunctionDef:
    function.body.insert(0, py.Expr(value=_const(text)))
    return function


def _definition(names: _Names, d: ir.IRDefinition, traced: bool) -> py.FunctionDef:
    return _documented(_definition_body(names, d, traced), f"Definition {d.name} ({_where(d.span)}).")


def _definition_body(names: _Names, d: ir.IRDefinition, traced: bool) -> py.FunctionDef:
    fn = names.definition[d.name] + ("_t" if traced else "")
    env = {}
    params = []
    for i, (pname, _) in enumerate(d.parameters):
        env[pname] = f"p{i}"
        params.append(f"p{i}")
    x = _Expressions(names, traced, env)
    if not traced:
        x.constants = {}
    if d.parameters:
        # results kept per arguments; records, lists and windows live as long as the
        # evaluation, so they are keyed by identity (hashing a record by its contents is slow)
        by_identity = [isinstance(ptype, (t.RecordType, t.ListType, t.WindowType)) for _, ptype in d.parameters]
        parts = [_call("id", _name(p)) if identity else _name(p) for p, identity in zip(params, by_identity)]
        key = py.Tuple(elts=[_const(d.name)] + parts, ctx=_LOAD)
        if traced and d.memoize and all(identity or ptype == t.DATE
                                        for identity, (_, ptype) in zip(by_identity, d.parameters)):
            # what a call reads and decides is recorded once per arguments and shared by the
            # trace of every caller (see `Recording`); keyed by identity or by dates, as equal
            # values of other kinds may still be told apart in a trace (1 and 1.0)
            recordings = _attr(_name("ctx"), "recordings")
            kept = _name("kept")
            return _function(fn, ["ctx", "caller"] + params, [
                _assign("key", key),
                _assign("kept", _call(_attr(recordings, "get"), _name("key"))),
                py.If(test=py.Compare(left=kept, ops=[py.Is()], comparators=[_const(None)]), body=[
                    _assign("tr", _call("Recording")),
                    # kept with the arguments it is keyed by the identity of, which no other
                    # value can then take while the evaluation lasts
                    py.Assign(targets=[_name("kept", _STORE),
                                       py.Subscript(value=recordings, slice=_name("key"), ctx=_STORE)],
                              value=py.Tuple(elts=[x.expr(d.body), _attr(_name("tr"), "events")]
                                             + [_name(p) for p, identity in zip(params, by_identity) if identity],
                                             ctx=_LOAD)),
                ], orelse=[]),
                py.Expr(value=_call(_attr(_attr(_name("caller"), "events"), "append"), _subscript(kept, _const(1)))),
                _return(_subscript(kept, _const(0))),
            ])
        head = ["ctx"] + (["tr"] if traced else [])
        if traced or not d.memoize:
            # a traced call records what it reads each time
            value = x.expr(d.body)
            if not x.constants:
                return _function(fn, head + params, [_return(value)])
            return _function(fn, head + params,
                             _recording_constants(x, [_assign("value", value)]) + [_return(_name("value"))])
        calls = _attr(_name("ctx"), "calls")
        return _function(fn, head + params, [
            _assign("key", key),
            _assign("value", _call(_attr(calls, "get"), _name("key"), _name("MISSING"))),
            py.If(test=py.Compare(left=_name("value"), ops=[py.IsNot()], comparators=[_name("MISSING")]),
                  body=[_return(_name("value"))], orelse=[]),
            *_recording_constants(x, [_assign("value", x.expr(d.body))]),
            py.Assign(targets=[py.Subscript(value=calls, slice=_name("key"), ctx=_STORE)], value=_name("value")),
            _return(_name("value")),
        ])
    # a definition without parameters is computed once per case, with its own trace
    memo = _attr(_name("ctx"), "memo")
    key = _const(d.name)
    if not traced and isinstance(_bare(d.body), (c.TLiteral, c.TSet)):
        # a constant (a list of holidays): no need to look for it first; storing it again
        # records, as for any definition, that the case used it
        constant = x.expr(d.body)
        return _function(fn, ["ctx"], [
            py.Assign(targets=[py.Subscript(value=memo, slice=key, ctx=_STORE)], value=constant),
            _return(constant)])
    body: list[py.stmt] = [
        py.If(test=py.Compare(left=key, ops=[py.In()], comparators=[memo]),
              body=[_return(_subscript(memo, key))], orelse=[]),
    ]
    if traced:
        body.append(_assign("tr", _call("Trace", key)))
    body.extend(_recording_constants(x, [_assign("value", x.expr(d.body))]))
    body.append(py.Assign(targets=[py.Subscript(value=memo, slice=key, ctx=_STORE)], value=_name("value")))
    if traced:
        body.append(py.Assign(targets=[py.Subscript(value=_attr(_name("ctx"), "definition_traces"), slice=key,
                                                    ctx=_STORE)], value=_name("tr")))
    body.append(_return(_name("value")))
    return _function(fn, ["ctx"], body)


def _recording_constants(x: _Expressions, statements: list[py.stmt]) -> list[py.stmt]:
    """Statements of an untraced function, between the start and the end of its record of the
    constant definitions they used (see `_Expressions._constant`): each name a use keeps its
    constant in starts as None, and ends stored in the evaluation's memo if a use was reached."""
    if not x.constants:
        return statements
    start: list[py.stmt] = []
    end: list[py.stmt] = []
    for name, kept in x.constants.items():
        start.append(_assign(kept, _const(None)))
        store = py.Assign(targets=[py.Subscript(value=_attr(_name("ctx"), "memo"), slice=_const(name), ctx=_STORE)],
                          value=_name(kept))
        end.append(py.If(test=py.Compare(left=_name(kept), ops=[py.IsNot()], comparators=[_const(None)]),
                         body=[store], orelse=[]))
    return start + statements + end


def _table(names: _Names, table: ir.IRTable, traced: bool) -> py.FunctionDef:
    fn = names.table[table.name] + ("_t" if traced else "")
    x = _Expressions(names, traced, {table.key: "key"})
    body: list[py.stmt] = []
    for row in table.rows:
        tests = []
        if row.at_least is not None:
            tests.append(py.Compare(left=_name("key"), ops=[py.GtE()], comparators=[names.constant(row.at_least)]))
        if row.below is not None:
            tests.append(py.Compare(left=_name("key"), ops=[py.Lt()], comparators=[names.constant(row.below)]))
        test = tests[0] if len(tests) == 1 else py.BoolOp(op=py.And(), values=tests)
        body.append(py.If(test=test, body=[_return(x.expr(row.value))], orelse=[]))
    if table.otherwise is not None:
        body.append(_return(x.expr(table.otherwise)))
    else:
        body.append(py.Expr(value=_call("no_table_row", _const(table.name), _name("key"))))
    return _documented(_function(fn, ["ctx"] + (["tr"] if traced else []) + ["key"], body),
                       f"Table {table.name} ({_where(table.span)}): the value for `key`.")


def _rule(names: _Names, rule: ir.IRRule, traced: bool) -> py.FunctionDef:
    return _documented(_rule_body(names, rule, traced),
                       f"Rule {rule.name} of article {rule.article} ({_where(rule.span)}): its findings"
                       + (", with what it read and decided." if traced else "."))


def _rule_body(names: _Names, rule: ir.IRRule, traced: bool) -> py.FunctionDef:
    fn = names.rule[rule.name] + ("_t" if traced else "")
    x = _Expressions(names, traced, {})
    if not traced:
        x.constants = {}
    out: list[py.stmt] = [_assign("out", py.List(elts=[], ctx=_LOAD))]
    if traced and rule.scopes:
        # scope sources are read outside any one binding; what they read is not a finding's fact
        out.append(_assign("tr", _call("Trace", _const(rule.name))))

    loop_vars: list[tuple[str, str]] = []

    def innermost(x: _Expressions) -> list[py.stmt]:
        stmts: list[py.stmt] = []
        elements = py.Tuple(elts=[_name(p) for _, p in loop_vars], ctx=_LOAD)
        then: list[py.stmt] = []
        # untraced, a duty whose met bindings nothing reads gives only the entries of each
        # binding where it is breached (see `runtime.run`): no firing, no truth value kept
        breaches_only = rule.silent_when_met and not traced
        if rule.violation is not None and not breaches_only:
            test = x.expr(rule.violation)
            if not (isinstance(test, py.Compare) or isinstance(test, py.UnaryOp) and isinstance(test.op, py.Not)):
                test = _call("bool", test)  # `and`/`or` give an operand, not a truth value
            then.append(_assign("violated", test))
        if rule.value is not None:
            then.append(_assign("value", x.expr(rule.value)))
        if rule.sanctions:
            items = []
            for s in rule.sanctions:
                low = x.expr(s.low) if s.low is not None else _const(None)
                high = x.expr(s.high) if s.high is not None else _const(None)
                items.append(py.Tuple(elts=[_const(s.kind), low, high, _const(s.text)], ctx=_LOAD))
            then.append(_assign("sanctions", py.Tuple(elts=items, ctx=_LOAD)))

        def firing(applicable: bool) -> py.stmt:
            made = _call("Firing", _const(rule.name), elements, _const(applicable),
                         _name("violated") if rule.violation is not None and applicable else _const(None),
                         _name("value") if rule.value is not None and applicable else _const(None),
                         _name("sanctions") if rule.sanctions and applicable else _const(None),
                         _name("tr") if traced else _const(None))
            return py.Expr(value=_call(_attr(_name("out"), "append"), made))

        if traced:
            binding = py.Dict(keys=[_const(v) for v, _ in loop_vars],
                              values=[_attr(_name(p), "path") for _, p in loop_vars])
            stmts.append(_assign("tr", _call("Trace", _const(rule.name), binding)))
        fired = [firing(True)]
        if breaches_only:
            # that the rule applied where it is met is still recorded, once
            met = py.Expr(value=_call(_attr(_attr(_name("ctx"), "met"), "add"), _const(rule.name)))
            breach = py.Expr(value=_call(_attr(_name("out"), "append"), elements))
            fired = [py.If(test=x.expr(rule.violation), body=[breach], orelse=[met])]
        if rule.condition is None:
            return stmts + then + fired
        # a traced rule reports the bindings it does not apply to as well, for "why not"
        orelse = [firing(False)] if traced else []
        stmts.append(py.If(test=x.expr(rule.condition), body=then + fired, orelse=orelse))
        return stmts

    def nest(i: int, x: _Expressions) -> list[py.stmt]:
        if i == len(rule.scopes):
            return innermost(x)
        scope = rule.scopes[i]
        var = x.fresh()
        source = x.expr(scope.source)
        loop_vars.append((scope.variable, var))
        group = _bare(scope.source)
        windows = None
        if not traced and isinstance(group, c.TGroup) and _repeatable(group.source):
            windows = x.windows[var] = _WindowScope(x.fresh())
        body = nest(i + 1, x.with_local(scope.variable, var))
        loop: list[py.stmt] = [py.For(target=_name(var, _STORE), iter=source, body=body, orelse=[])]
        if windows is not None and windows.per_entry:
            ordered = _call(_attr(_name("ctx"), "ordered"), x.expr(group.source), _const(group.key_field))
            loop = [_assign(windows.ordered, ordered)] + windows.per_entry + loop
        return loop

    out.extend(nest(0, x))
    return _function(fn, ["ctx"], _recording_constants(x, out) + [_return(_name("out"))])


def _property(names: _Names, prop: ir.IRProperty, index: int) -> py.FunctionDef:
    """`prop_N(ctx, *for_all_values)`: the `for each` bindings for which the property fails."""
    x = _Expressions(names, False, {})
    params = []
    loops = []
    for kind, variable, source in prop.bindings:
        var = x.fresh()
        if kind == "all":
            params.append(var)
        else:
            loops.append((var, source, x))
        x = x.with_local(variable, var)
    each_vars = [v for v, _, _ in loops]
    failing = py.Tuple(elts=[_attr(_name(v), "path") for v in each_vars], ctx=_LOAD)
    body: list[py.stmt] = [py.If(test=py.UnaryOp(op=py.Not(), operand=x.expr(prop.condition)),
                                 body=[py.Expr(value=_call(_attr(_name("out"), "append"), failing))], orelse=[])]
    for var, source, scope in reversed(loops):
        body = [py.For(target=_name(var, _STORE), iter=scope.expr(source), body=body, orelse=[])]
    return _function(f"prop_{index}", ["ctx"] + params,
                     [_assign("out", py.List(elts=[], ctx=_LOAD))] + body + [_return(_name("out"))])


def _check(names: _Names, check: ir.IRCheck, index: int) -> py.FunctionDef:
    x = _Expressions(names, False, {"record": "record"})
    return _function(f"check_{index}", ["ctx", "record"], [_return(_call("bool", x.expr(check.condition)))])


def _record_checks(names: _Names, checks: list[ir.IRCheck], index: int) -> py.FunctionDef:
    """Whether a record passes every check of its type, in one function: a month's time card
    is 31 records of a dozen checks each, read before anything is decided. Which check fails,
    and its message, is for the validator to say (`check_<i>`, one by one)."""
    x = _Expressions(names, False, {"record": "record"})
    conditions = [x.expr(check.condition) for check in checks]
    every = conditions[0] if len(conditions) == 1 else py.BoolOp(op=py.And(), values=conditions)
    return _function(f"record_checks_{index}", ["ctx", "record"], [_return(_call("bool", every))])


def _checks_by_record(program: ir.Program) -> dict[str, list[ir.IRCheck]]:
    by_record: dict[str, list[ir.IRCheck]] = {}
    for chk in program.checks:
        by_record.setdefault(chk.record, []).append(chk)
    return by_record


# ---------------------------------------------------------------------------- the module


def act_tables(program: ir.Program) -> dict[str, Any]:
    """The act's structure as plain data: what the runtime and the explanations read about each
    rule (RULES), the outputs and norms in evaluation order with what default logic makes of
    their rules (TARGETS: see :mod:`compiler.semantics`) and every traced site (SITES). A
    loaded act receives these values as they are; a standalone module spells them out as
    literals (see :func:`to_source`), so both see the same data."""
    rules = {}
    for r in program.rules:
        rules[r.name] = {
            "kind": r.kind,
            "article": r.article,
            "cites": r.cites,
            "party": r.party,
            "action": r.action,
            "output": r.output,
            "exception_to": r.exception_to,
            "overridden_by": r.overridden_by,
            "scopes": tuple(s.variable for s in r.scopes),
            "has_violation": r.violation is not None,
            "silent_when_met": r.silent_when_met,
            "line": r.span.line if r.span else None,
        }
    targets = tuple(
        {"kind": tg.kind, "key": tg.key, "rules": tg.rules, "order": tg.order, "case_output": tg.case_output,
         "has_exceptions": tg.has_exceptions,
         "clashes": tuple((clash.first, clash.second, clash.reason) for clash in tg.clashes),
         "exempt": tg.exempt,
         "needs": tg.needs}
        for tg in program.targets
    )
    sites = {s.id: {"kind": s.kind, "text": s.text, "owner": s.owner, "line": s.span.line if s.span else None,
                    "type": s.value_type, "operand_types": s.operand_types, "role": s.role,
                    "structure": site_structure(s)}
             for s in program.sites}
    act = program.act
    return {
        "ACT": {"name": act.name, "file": os.path.basename(act.source_name) or "the act"},
        "RULES": rules, "TARGETS": targets, "SITES": sites,
        "OUTPUTS": {name: {"type": str(o.type), "owed_to": o.owed_to} for name, o in act.outputs.items()},
        "ACTIONS": dict(act.actions),
        "INPUTS": {name: (type_data(i.type), i.low, i.high) for name, i in act.inputs.items()},
        "RECORDS": {name: {f.name: (type_data(f.type), f.low, f.high, f.has_default, f.default)
                           for f in record.fields.values()}
                    for name, record in act.records.items()},
    }


def type_data(type_: t.Type) -> tuple:
    """A declared type as the plain data case validation reads (see :mod:`hsa_dsl.runtime.validate`)."""
    name = str(type_)
    if isinstance(type_, t.Number):
        return ("number", name, type_.integral, type_ == t.MONEY)
    if type_ == t.BOOL:
        return ("bool", name)
    if type_ == t.DATE:
        return ("date", name)
    if type_ == t.STRING:
        return ("text", name)
    if isinstance(type_, t.EnumType):
        return ("enum", name, tuple(type_.members))
    if isinstance(type_, t.RecordType):
        return ("record", name)
    if isinstance(type_, t.ListType):
        return ("list", name, type_data(type_.element), type_.unique_by, type_.max_length)
    if isinstance(type_, t.SetType):
        return ("set", name, type_data(type_.element))
    if isinstance(type_, t.OptionalType):
        return ("optional", name, type_data(type_.inner))
    raise AssertionError(f"a case cannot give a value of type {type_}")


def site_structure(site: ir.Site) -> dict[str, Any]:
    """What the compiler knows of a site's expression, as plain data each of its trace steps
    carries: the fields that mean something for its kind, the same for every site of a kind."""
    if site.kind in ("compare", "member", "given"):
        out: dict[str, Any] = {"operator": site.operator} if site.kind == "compare" else {"negated": site.negated}
        out["operand_texts"] = tuple(o.text for o in site.operands)
        out["operand_paths"] = tuple(_field_path(o.path) for o in site.operands)
        out["operand_names"] = tuple(o.names for o in site.operands)
        out["whole_clause"] = site.whole_clause
        return out
    if site.kind == "aggregate":
        return {"aggregate": site.aggregate, "item_type": site.item_type}
    if site.name is not None:
        return {"name": site.name}
    return {}


def _field_path(path: ir.FieldPath | None) -> dict[str, Any] | None:
    if path is None:
        return None
    return {"start": path.start, "root": path.root, "fields": path.fields}


def _function_tables(program: ir.Program, names: _Names) -> list[py.stmt]:
    """The tables that name generated functions: these can only be written as code."""
    checks: dict[str, list] = {}
    for i, chk in enumerate(program.checks):
        checks.setdefault(chk.record, []).append(py.Tuple(elts=[_name(f"check_{i}"), _const(chk.message)],
                                                          ctx=_LOAD))
    untraced = py.Dict(keys=[_const(r.name) for r in program.rules],
                       values=[_name(names.rule[r.name]) for r in program.rules])
    properties = py.Dict(keys=[_const(p.name) for p in program.properties],
                         values=[_name(f"prop_{i}") for i in range(len(program.properties))])
    return [
        _assign("PROPERTIES", properties),
        _assign("CHECKS", py.Dict(keys=[_const(k) for k in checks],
                                  values=[py.Tuple(elts=v, ctx=_LOAD) for k, v in checks.items()])),
        _assign("RECORD_CHECKS", py.Dict(keys=[_const(k) for k in _checks_by_record(program)],
                                         values=[_name(f"record_checks_{i}") for i in range(len(checks))])),
        _assign("UNTRACED", untraced),
        # filled in when the traced variants are loaded
        _assign("TRACED", _const(None)),
    ]


class Generated:
    """The generated code: the module proper (untraced rules, checks, the act's structure) and
    the traced variants, which run in the module's namespace and are generated and compiled
    only when a traced evaluation first needs them."""

    def __init__(self, program: ir.Program, names: _Names, main: py.Module, tables: dict[str, Any]):
        self.program = program
        self.names = names
        self.main = main
        #: plain data the module's namespace starts with (see :func:`act_tables`)
        self.tables = tables
        self._traced: py.Module | None = None

    @property
    def traced(self) -> py.Module:
        if self._traced is None:
            names = self.names
            known = len(names.constant_nodes)
            functions: list[py.stmt] = []
            functions += [_definition(names, d, True) for d in self.program.definitions]
            functions += [_table(names, tb, True) for tb in self.program.tables]
            functions += [_rule(names, r, True) for r in self.program.rules]
            table = py.Dict(keys=[_const(r.name) for r in self.program.rules],
                            values=[_name(names.rule[r.name] + "_t") for r in self.program.rules])
            body = names.constant_nodes[known:] + functions + [_assign("TRACED", table)]
            self._traced = py.Module(body=body, type_ignores=[])
        return self._traced


def generate(program: ir.Program) -> Generated:
    names = _Names(program)
    functions: list[py.stmt] = []
    for d in program.definitions:
        functions.append(_definition(names, d, False))
    for tb in program.tables:
        functions.append(_table(names, tb, False))
    for r in program.rules:
        functions.append(_rule(names, r, False))
    for i, chk in enumerate(program.checks):
        functions.append(_check(names, chk, i))
    for i, checks in enumerate(_checks_by_record(program).values()):
        functions.append(_record_checks(names, checks, i))
    for i, prop in enumerate(program.properties):
        functions.append(_property(names, prop, i))
    parameters = [
        _assign(names.parameter[p.name], data(p.values)) for p in program.act.parameters.values()
    ]
    header: list[py.stmt] = [
        py.Expr(value=_const(f"Rules of the act '{program.act.name}', generated by hsa-dsl. Do not edit: "
                             "edit the .hsa file and compile again.")),
        py.ImportFrom(module="datetime", names=[py.alias(name="date", asname="_date")], level=0),
        py.ImportFrom(module="decimal", names=[py.alias(name="Decimal", asname="_Decimal")], level=0),
        py.ImportFrom(module="hsa_dsl.runtime", names=[py.alias(name=n) for n in RUNTIME_NAMES]
                      + [py.alias(name="obs_parameter"), py.alias(name="obs_apply")], level=0),
    ]
    main = py.Module(body=header + parameters + list(names.constant_nodes) + functions
                     + _function_tables(program, names), type_ignores=[])
    return Generated(program, names, main, act_tables(program))


def compile_module(module: py.Module, filename: str):
    # every node has its place already (see pyast)
    return compile(module, filename, "exec")


def to_source(generated: Generated, notice: str | None = None) -> str:
    """One standalone Python module: the rules, both variants, the act's tables as literals, and
    an `evaluate` function. It needs only the standard library and :mod:`hsa_dsl.runtime`.
    `notice` says what the act is (a draft, say), and comes first in what `evaluate` gives."""
    tables = [_assign(name, data(value, "_Decimal")) for name, value in generated.tables.items()]
    tables.append(_assign("NOTICE", _const(notice)))
    main = py.Module(body=generated.main.body + tables, type_ignores=[])
    return (py.unparse(main) + "\n\n# Traced variants: they record what they read and decide.\n\n"
            + py.unparse(generated.traced) + "\n\n" + _ENTRY_POINTS)


#: The end of a standalone module: what a program that embeds it calls. Fixed text, with no
#: part of the act in it.
_ENTRY_POINTS = '''# What a program calls.

_COMPILED = CompiledAct(globals())


def evaluate(case, trace=False):
    """Decide a case: a mapping of the act's inputs, as plain data (dates as datetime.date or
    "YYYY-MM-DD", amounts as int, decimal.Decimal or text). Returns plain data: the findings,
    values and warnings, in the JSON shape of `hsa-dsl explain --format json`, after the act's
    NOTICE (what the act is) where it has one. An invalid case raises hsa_dsl.HsaError listing
    every problem with its field path."""
    decided = _COMPILED.evaluate(case, trace).to_json()
    return {"notice": NOTICE, **decided} if NOTICE else decided


def verdict(case, trace=False):
    """As `evaluate`, but the verdict itself (hsa_dsl.Verdict: findings with exact values)."""
    return _COMPILED.evaluate(case, trace)


def validate(case):
    """The case's inputs as the rules read them, or hsa_dsl.HsaError listing every problem."""
    return _COMPILED.validate(case)
'''
