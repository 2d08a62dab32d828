"""The IR's typed expressions made into functions of a frame: the columnar twin of the Python
code `compiler/codegen.py` generates from the same IR.

A *frame* is a set of rows, one per binding of the variables in scope (a case, a day of a
time card, a window of a month...), each knowing its case. An expression compiled here is a
function from a frame to a :class:`~hsa_dsl.batch.values.Column` of its value in each row. An
aggregate makes the frame of its entries (one row per frame row and entry), evaluates its
`where` and its value there, and folds them back by segment sums, counts, minima and maxima.
A definition with parameters is evaluated in a frame of its own, the caller's rows with only
its parameters bound; one without is evaluated once per batch, for every case.

Both branches of an `if` and both sides of `and` and `or` are evaluated for every row; a
failure (a division by zero, a date off the calendar, a value read from something not given)
counts only in the rows whose result uses it, as the scalar code's short circuits decide.
What this module does not decide raises :class:`~hsa_dsl.batch.store.Unsupported` when the
act is compiled, so that those rules go to the scalar path.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from typing import Callable

import numpy as np

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.compiler import ir

from .store import Unsupported
from .values import (BOOL, CODE, CODES, DATE, ENTRY, LIMIT, NUMBER, TEXT, WINDOW, Column, common, constant, either,
                     fraction_parts, not_given, only_where, product_overflows, reduced,
                     segment_sums)
from . import calendar
from .windows import Runs, WindowTable, as_window, group

#: the first and last day numbers of the calendar (0001-01-01, 9999-12-31)
FIRST_DAY, LAST_DAY = 1, 3652059

Compiled = Callable[["Frame"], Column]


class Frame:
    """Rows of bindings: `case` gives each row's case; `variables` the columns of the
    variables bound here; a frame made for an aggregate's entries reads its parent's
    variables through `up` (each row's parent row)."""

    __slots__ = ("batch", "case", "variables", "parent", "up", "memo")

    def __init__(self, batch, case: np.ndarray, variables: dict, parent: "Frame | None" = None, up=None):
        self.batch = batch
        self.case = case
        self.variables = variables
        self.parent = parent
        self.up = up
        self.memo: dict = {}

    def __len__(self) -> int:
        return len(self.case)

    def lookup(self, name: str):
        value = self.variables.get(name)
        if value is None:
            value = self.variables[name] = self.parent.lookup(name).take(self.up)
        return value

    def child(self, runs: Runs, variable: str) -> tuple["Frame", np.ndarray, np.ndarray]:
        """The frame of every entry of each row's list, with `variable` bound to the entry;
        and each entry's parent row, and where each parent's entries start."""
        up, rows, offsets = runs.expand()
        if isinstance(runs.table, WindowTable):
            bound = as_window(rows, runs.table)
        else:
            bound = Column(ENTRY, rows, table=runs.table)
        return Frame(self.batch, self.case[up], {variable: bound}, self, up), up, offsets


class Batch:
    """What the expressions of one batch share: its tables, the values of definitions without
    parameters, and what the targets decided so far (outputs, violations)."""

    def __init__(self, store):
        self.store = store
        self.cases = np.arange(store.cases, dtype=np.int64)
        self.root = Frame(self, self.cases, {})
        self.definitions: dict[str, object] = {}
        self.outputs: dict[str, Column] = {}
        #: per rule, whether it found a violation in each case
        self.violated: dict[str, np.ndarray] = {}
        #: per rule, per table (by name), the rows its violations are about
        self.violated_entries: dict[str, dict[str, np.ndarray]] = {}
        #: the values of hoisted expressions (see `Expressions.hoisted`)
        self.hoisted: dict = {}
        self._entries_frames: dict = {}
        #: the cases whose answer the batch cannot vouch for, found while evaluating (the
        #: rows of a failed value are marked in the value itself)
        self.unvouched = np.zeros(store.cases, bool)
        self._every_row: dict = {}

    def every_row(self, table) -> np.ndarray:
        """The rows 0, 1, ... of a table, one array per table: a column taken at these rows is
        the column itself (see :func:`at`)."""
        rows = self._every_row.get(id(table))
        if rows is None:
            rows = self._every_row[id(table)] = np.arange(len(table.case), dtype=np.int64)
        return rows

    def at(self, column: Column, rows: np.ndarray, table) -> Column:
        """`column.take(rows)`, where `column` is of the rows of `table`: the column itself
        where `rows` are all of them, in order, as in a frame of the table's entries."""
        if rows is self._every_row.get(id(table)):
            return column
        return column.take(rows)

    def entries_frame(self, table, variable: str) -> Frame:
        """A frame with a row for every entry of a table (or every window of a window table),
        `variable` bound to it."""
        key = (id(table), variable)
        frame = self._entries_frames.get(key)
        if frame is None:
            rows = self.every_row(table)
            kind = WINDOW if isinstance(table, WindowTable) else ENTRY
            frame = Frame(self, np.asarray(table.case), {variable: Column(kind, rows, table=table)})
            self._entries_frames[key] = frame
        return frame


class Expressions:
    """Compiles the typed expressions of one IR program (see the module's docstring)."""

    def __init__(self, program: ir.Program):
        self.program = program
        self.act = program.act
        self.definitions = {d.name: d for d in program.definitions}
        self.tables = {tb.name: tb for tb in program.tables}
        self._compiled_definitions: dict[str, Callable] = {}
        self.free_variables = FreeVariables()
        self._keys: dict = {}
        #: the variables of the aggregates around the expression being compiled, innermost last
        self._bound: list[str] = []

    def key_of(self, node) -> int:
        """The key a hoisted value is kept under in a batch: the same for every node written
        alike (nodes are equal by what they say, not where), so that the rules that ask for
        `regular_hours(d)` of the same days share one evaluation. Alike nodes have one value
        in a batch: what they read (outputs, violations) is settled before any rule reads it."""
        return self._keys.setdefault(node, len(self._keys))

    # ------------------------------------------------------------------ entry points

    def compile(self, node) -> Compiled:
        handler = getattr(self, "x_" + type(node).__name__, None)
        if handler is None:
            raise Unsupported(f"expressions of the kind {type(node).__name__}")
        compiled = handler(node)
        if isinstance(node, c.TAggregate) or (isinstance(node, c.TDefinition) and node.arguments):
            compiled = self.placed(node, compiled)
        elif isinstance(node, c.TField) and not isinstance(node.target, c.TInput) and not self.free_variables(node):
            # a fact of the case read through records (employment.contract.monthly_wage): read
            # once per batch, then looked up, not followed record by record in every frame
            compiled = self.hoisted(node, compiled)
        return compiled

    def placed(self, node, compiled: Compiled) -> Compiled:
        """`compiled`, evaluated in the outermost frame whose variables it reads: inside an
        aggregate, an expression that does not read the aggregate's variable is worked out once
        for each row the aggregate is asked about, not once for each entry (see also
        :meth:`hoisted`)."""
        free = self.free_variables(node)
        if not free:
            return self.hoisted(node, compiled)
        levels = 0
        for variable in reversed(self._bound):
            if variable in free:
                break
            levels += 1
        if levels == 0:
            return self.hoisted(node, compiled)

        def in_outer_frame(frame: Frame):
            rows = frame.up
            frame = frame.parent
            for _ in range(levels - 1):
                rows = frame.up[rows]
                frame = frame.parent
            return compiled(frame).take(rows)
        return in_outer_frame

    def compile_list(self, node) -> Callable[[Frame], Runs]:
        """A list-valued expression (a list field, a window, a `group`, a list parameter)."""
        node = _bare(node)
        if isinstance(node, c.TGroup):
            return self._group(node)
        if isinstance(node, c.TLocal):
            name = node.name

            def local(frame: Frame) -> Runs:
                value = frame.lookup(name)
                if isinstance(value, Runs):
                    return value
                if value.kind == WINDOW:
                    return value.table.runs(value.values)
                raise Unsupported(f"'{name}' as a list")
            return local
        if isinstance(node, c.TField):
            target = self.compile(node.target)
            field = node.field

            def listed(frame: Frame) -> Runs:
                owner = target(frame)
                lists = owner.table.lists[field]
                rows = np.where(owner.values >= 0, owner.values, 0)
                counts = lists.counts[rows]
                if owner.given is not None:
                    counts = np.where(owner.given, counts, 0)
                return Runs(lists.table, frame.batch.every_row(lists.table), lists.starts[rows], counts, ordered=True)
            return listed
        if isinstance(node, c.TDefinition):
            return self._call(node, listed=True)
        raise Unsupported(f"a list written as {type(node).__name__}")

    def hoisted(self, node, compiled):
        """`compiled`, evaluated where it costs least: an expression that reads no variable of
        its frame is worked out once per batch, for every case; one that reads only a variable
        bound to entries of a table (or to windows) once for every entry of that table. Its
        rows are then looked up. An aggregate's value and `where`, and a definition's call,
        are evaluated this way: `extended_hours(d)` for each day of a time card, not once for
        each day and each month that asks about it."""
        free = self.free_variables(node)
        key = self.key_of(node)
        if not free:

            def for_every_case(frame: Frame):
                memo = frame.batch.hoisted
                value = memo.get(key)
                if value is None:
                    value = memo[key] = compiled(frame.batch.root)
                return value.take(frame.case)
            return for_every_case
        if len(free) != 1:
            return compiled
        (variable,) = free

        def for_every_entry(frame: Frame):
            bound = frame.lookup(variable)
            if not isinstance(bound, Column) or bound.kind not in (ENTRY, WINDOW) or bound.given is not None \
                    or bound.failed is not None:
                return compiled(frame)
            table = bound.table
            memo = frame.batch.hoisted
            value = memo.get((key, id(table)))
            if value is None:
                entries = frame.batch.entries_frame(table, variable)
                value = memo[key, id(table)] = compiled(entries)
            return frame.batch.at(value, bound.values, table)
        return for_every_entry

    # ------------------------------------------------------------------ leaves

    def x_Observe(self, node: ir.Observe) -> Compiled:
        return self.compile(node.expr)

    def x_TLiteral(self, node: c.TLiteral) -> Compiled:
        kind, value, denominator = literal(node.value, node.type)
        return lambda frame: constant(value, kind, len(frame), denominator)

    def x_TInput(self, node: c.TInput) -> Compiled:
        name = node.name
        return lambda frame: frame.batch.store.inputs[name].take(frame.case)

    def x_TLocal(self, node: c.TLocal) -> Compiled:
        name = node.name
        return lambda frame: frame.lookup(name)

    def x_TOutput(self, node: c.TOutput) -> Compiled:
        name = node.name
        kind = _kind_of(node.type)

        def output(frame: Frame) -> Column:
            settled = frame.batch.outputs.get(name)
            if settled is None:
                return not_given(kind, len(frame))
            return settled.take(frame.case)
        return output

    def x_TDefinition(self, node: c.TDefinition) -> Compiled:
        return self._call(node, listed=False)

    def _call(self, node: c.TDefinition, listed: bool):
        definition = self.definitions[node.name]
        body = self._definition_body(definition, listed)
        name = node.name
        if not node.arguments:
            def once(frame: Frame):
                batch = frame.batch
                value = batch.definitions.get(name)
                if value is None:
                    value = batch.definitions[name] = body(batch.root)
                return value.take(frame.case)
            return once
        parameters = [p for p, _ in definition.parameters]
        # a list (or a window given where a list is expected) is passed as runs of entries
        arguments = [self.compile_list(a) if isinstance(type_, t.ListType) else self.compile(a)
                     for (_, type_), a in zip(definition.parameters, node.arguments)]

        def call(frame: Frame):
            values = {p: a(frame) for p, a in zip(parameters, arguments)}
            return body(Frame(frame.batch, frame.case, values))
        return call

    def _definition_body(self, definition: ir.IRDefinition, listed: bool):
        made = self._compiled_definitions.get(definition.name)
        if made is None:
            # a placeholder first: a definition that reaches itself is refused, not looped
            self._compiled_definitions[definition.name] = _refuse_recursion(definition.name)
            # a body is evaluated in a frame of its own, whatever aggregates call it
            outer, self._bound = self._bound, []
            try:
                made = self.compile_list(definition.body) if listed else self.compile(definition.body)
            finally:
                self._bound = outer
            self._compiled_definitions[definition.name] = made
        return made

    def x_TParameter(self, node: c.TParameter) -> Compiled:
        info = self.act.parameters[node.name]
        at = self.compile(node.at)
        effective = np.asarray([d.toordinal() for d, _ in info.values], dtype=np.int64)
        parts = [fraction_parts(v) if not isinstance(v, bool) else (int(v), 1) for _, v in info.values]
        denominator = math.lcm(*[d for _, d in parts])
        numbers = np.asarray([n * (denominator // d) for n, d in parts], dtype=np.int64)
        kind = _kind_of(node.type)

        def parameter(frame: Frame) -> Column:
            day = at(frame)
            place = np.searchsorted(effective, day.values, side="right") - 1
            before = place < 0
            failed = either(day.failed, before if before.any() else None)
            if day.given is not None:
                failed = either(failed, ~day.given)
            return Column(kind, numbers[np.maximum(place, 0)], denominator if kind == NUMBER else 1,
                          failed=failed)
        return parameter

    def x_TTable(self, node: c.TTable) -> Compiled:
        table = self.tables[node.name]
        key = self.compile(node.key)
        rows = []
        for row in table.rows:
            low = None if row.at_least is None else literal(row.at_least, node.key.type)
            high = None if row.below is None else literal(row.below, node.key.type)
            rows.append((low, high, self.compile(row.value)))
        otherwise = self.compile(table.otherwise) if table.otherwise is not None else None
        key_name = table.key

        def lookup(frame: Frame) -> Column:
            k = key(frame)
            inner = Frame(frame.batch, frame.case, {key_name: k})
            chosen = np.zeros(len(frame), bool)
            result = None
            for low, high, value in rows:
                holds = np.ones(len(frame), bool)
                if low is not None:
                    holds &= _compare_number(k, constant(low[1], NUMBER, len(frame), low[2]), ">=")
                if high is not None:
                    holds &= _compare_number(k, constant(high[1], NUMBER, len(frame), high[2]), "<")
                holds &= ~chosen
                if holds.any():
                    result = _select(holds, value(inner), result)
                chosen |= holds
            if otherwise is not None and not chosen.all():
                result = _select(~chosen, otherwise(inner), result)
            elif not chosen.all():
                missing = ~chosen
                base = result if result is not None else constant(0, _kind_of(node.type), len(frame))
                result = base.with_values(base.values, failed=either(base.failed, missing))
            elif result is None:  # a frame of no rows
                result = constant(0, _kind_of(node.type), 0)
            return result.with_values(result.values, failed=either(result.failed, k.failed))
        return lookup

    # ------------------------------------------------------------------ fields and functions

    def x_TField(self, node: c.TField) -> Compiled:
        target = self.compile(node.target)
        field = node.field
        if isinstance(node.target.type, t.WindowType):
            def window_field(frame: Frame) -> Column:
                window = target(frame)
                dates = window.table.column(field)
                return dates.take(window.values).with_values(dates.values[window.values], failed=window.failed)
            return window_field
        if isinstance(_inner(node.type), t.ListType):
            raise Unsupported("a list field read as a value")

        def read(frame: Frame) -> Column:
            owner = target(frame)
            if owner.kind != ENTRY:
                raise Unsupported(f"field '{field}' of a {owner.kind}")
            rows = owner.values
            safe = np.where(rows >= 0, rows, 0) if owner.given is not None else rows
            value = frame.batch.at(owner.table.column(field), safe, owner.table)
            failed = either(owner.failed, value.failed)
            if owner.given is not None:
                # the scalar code cannot read a field of a record that is not given
                failed = either(failed, ~owner.given if not owner.given.all() else None)
            return Column(value.kind, value.values, value.denominator, value.given, failed, value.table)
        return read

    def x_TBuiltin(self, node: c.TBuiltin) -> Compiled:
        implementation = FUNCTIONS.get(node.name)
        if implementation is None:
            raise Unsupported(f"the function {node.name}")
        arguments = [self.compile(a) for a in node.arguments]
        return lambda frame: implementation([a(frame) for a in arguments])

    def x_TNegate(self, node: c.TNegate) -> Compiled:
        operand = self.compile(node.operand)
        return lambda frame: _usable(operand(frame), lambda v: v.with_values(-v.values))

    def x_TArithmetic(self, node: c.TArithmetic) -> Compiled:
        left, right = self.compile(node.left), self.compile(node.right)
        lt, rt, op = node.left.type, node.right.type, node.op
        if lt == t.DATE:
            if rt == t.DATE:
                return lambda frame: _days_between(right(frame), left(frame))
            if rt == t.MONTHS:
                return lambda frame: _add_months(left(frame), right(frame), -1 if op == "-" else 1)
            return lambda frame: _add_days(left(frame), right(frame), -1 if op == "-" else 1)
        operation = {"+": _add, "-": _subtract, "*": _multiply, "/": _divide}[op]
        return lambda frame: operation(left(frame), right(frame))

    # ------------------------------------------------------------------ truth

    def x_TLogic(self, node: c.TLogic) -> Compiled:
        left, right = self.compile(node.left), self.compile(node.right)
        op = node.op

        def logic(frame: Frame) -> Column:
            a, b = left(frame), right(frame)
            av = a.values
            if op == "and":
                values, uses_right = av & b.values, av
            elif op == "or":
                values, uses_right = av | b.values, ~av
            else:  # implies
                values, uses_right = ~av | b.values, av
            return Column(BOOL, values, failed=either(a.failed, only_where(b.failed, uses_right)))
        return logic

    def x_TNot(self, node: c.TNot) -> Compiled:
        operand = self.compile(node.operand)
        return lambda frame: _usable(operand(frame), lambda v: v.with_values(~v.values))

    def x_TCompare(self, node: c.TCompare) -> Compiled:
        left, right = self.compile(node.left), self.compile(node.right)
        return lambda frame: compare(left(frame), right(frame), node.op)

    def x_TMember(self, node: c.TMember) -> Compiled:
        element = self.compile(node.element)
        negated = node.negated
        if not _is_constant_set(node.collection, self.definitions):
            held_type = _inner(_bare(node.collection).type)
            if not (isinstance(held_type, t.SetType) and isinstance(held_type.element, t.EnumType)):
                raise Unsupported("membership in a set that is not of an enumeration's members")
            collection = self.compile(node.collection)

            def member_of_field(frame: Frame) -> Column:
                e, held = element(frame), collection(frame)
                if held.kind != CODES:
                    raise Unsupported("membership in a set that is not of an enumeration's members")
                inside = ((held.values >> np.maximum(e.values, 0)) & 1).astype(bool)
                failed = either(e.failed, held.failed)
                failed = either(failed, _missing(held))
                if e.given is not None:
                    inside &= e.given
                return Column(BOOL, ~inside if negated else inside, failed=failed)
            return member_of_field
        members = self._set_of(node.collection)

        def member(frame: Frame) -> Column:
            e = element(frame)
            inside = np.isin(e.values, members)
            failed = e.failed
            if e.given is not None:
                # None is in no set of the act's values
                inside &= e.given
            return Column(BOOL, ~inside if negated else inside, failed=failed)
        return member

    def _set_of(self, node) -> np.ndarray:
        node = _bare(node)
        if isinstance(node, c.TDefinition) and not node.arguments:
            return self._set_of(self.definitions[node.name].body)
        if isinstance(node, c.TSet):
            values = []
            for item in node.items:
                item = _bare(item)
                if not isinstance(item, c.TLiteral):
                    raise Unsupported("a set of computed values")
                kind, value, denominator = literal(item.value, item.type)
                if kind == NUMBER and denominator != 1:
                    raise Unsupported("a set of fractions")
                values.append(value)
            dtype = object if values and isinstance(values[0], str) else np.int64
            return np.asarray(values, dtype=dtype)
        raise Unsupported("membership in a collection that is not a set of literals")

    def x_TIsGiven(self, node: c.TIsGiven) -> Compiled:
        target = self.compile(node.target)
        negated = node.negated

        def given(frame: Frame) -> Column:
            value = target(frame)
            present = value.is_given()
            return Column(BOOL, ~present if negated else present, failed=value.failed)
        return given

    def x_TIf(self, node: c.TIf) -> Compiled:
        condition, then, otherwise = self.compile(node.condition), self.compile(node.then), self.compile(node.otherwise)

        def choose(frame: Frame) -> Column:
            test = condition(frame)
            chosen = _select(~test.values, otherwise(frame), _select(test.values, then(frame), None))
            return chosen.with_values(chosen.values, failed=either(chosen.failed, test.failed))
        return choose

    # ------------------------------------------------------------------ lists

    def x_TAggregate(self, node: c.TAggregate) -> Compiled:
        source = self.compile_list(node.source)
        variable = node.variable
        where = self._per_entry(node.where, variable) if node.where is not None else None
        body = self._per_entry(node.body, variable) if node.body is not None else None
        fallback = self.compile(node.fallback) if node.fallback is not None else None
        kind = node.kind
        result_kind = _kind_of(node.type)
        parts = [p for p in (node.where, node.body) if p is not None]
        if kind in ("count", "any", "all", "sum", "average") and \
                all(self.free_variables(p) == {variable} for p in parts):
            by_entry = self._by_entry(node, variable, source, fallback)
            if by_entry is not None:
                return by_entry

        shared_as = ("aggregate", self.key_of(node.source), variable)

        def aggregate(frame: Frame) -> Column:
            # the aggregates over the same list in the same frame share its frame of entries
            made = frame.memo.get(shared_as)
            if made is None:
                runs = source(frame)
                made = frame.memo[shared_as] = (runs, *frame.child(runs, variable))
            runs, inner, up, offsets = made
            n = len(frame)
            kept = np.ones(len(inner), bool)
            failed_inner = None
            if where is not None:
                w = where(inner)
                failed_inner = w.failed
                kept = w.values.copy()
                if w.failed is not None:
                    kept &= ~w.failed
            value = body(inner) if body is not None else None
            if value is not None:
                failed_inner = either(failed_inner, only_where(value.failed, kept))
                if value.given is not None and kind not in ("any", "all"):
                    failed_inner = either(failed_inner, only_where(~value.given, kept))
            failed = _any_in_runs(failed_inner, up, n)
            held = segment_sums(kept.astype(np.int64), offsets, runs.counts)[0]
            if kind == "count":
                result = Column(NUMBER, held)
            elif kind == "any":
                hits = segment_sums((kept & value.values).astype(np.int64), offsets, runs.counts)[0]
                result = Column(BOOL, hits > 0)
            elif kind == "all":
                misses = segment_sums((kept & ~value.values).astype(np.int64), offsets, runs.counts)[0]
                result = Column(BOOL, misses == 0)
            elif kind == "sum":
                sums, over = segment_sums(np.where(kept, value.values, 0), offsets, runs.counts)
                result = Column(NUMBER, sums, value.denominator, failed=over)
            elif kind in ("max", "min"):
                result = _extreme_in_runs(value, kept, held, offsets, runs.counts, kind)
            elif kind == "average":
                sums, over = segment_sums(np.where(kept, value.values, 0), offsets, runs.counts)
                total = Column(NUMBER, sums, value.denominator, failed=over)
                result = _divide(total, Column(NUMBER, np.maximum(held, 1)))
                result = result.with_values(result.values, given=held > 0)
            else:  # pragma: no cover - the registry's aggregates are all above
                raise Unsupported(f"the aggregate {kind}")
            result.failed = either(result.failed, failed)
            if fallback is not None and result.given is not None and not result.given.all():
                result = _select(~result.given, fallback(frame), _select(result.given, result, None))
            if result_kind == BOOL and result.kind != BOOL:
                raise Unsupported(f"{kind} giving a truth value")
            return result
        return aggregate

    def _by_entry(self, node: c.TAggregate, variable: str, source, fallback) -> Compiled:
        """An aggregate whose `where` and value read only its entry, over runs of entries:
        worked out once for each entry of the list's table, then summed over each row's run by
        differences of running totals along the runs' entries, with no frame of entries. A
        window of a rolling seven days costs two look-ups, not seven values."""
        self._bound.append(variable)
        try:
            where = self.compile(node.where) if node.where is not None else None
            body = self.compile(node.body) if node.body is not None else None
        finally:
            self._bound.pop()
        kind = node.kind
        where_key, body_key = self.key_of(node.where), self.key_of(node.body)

        def on_entries(compiled, key, frame: Frame, table) -> Column:
            memo = frame.batch.hoisted
            value = memo.get((key, id(table)))
            if value is None:
                value = memo[(key, id(table))] = compiled(frame.batch.entries_frame(table, variable))
            return value

        def aggregate(frame: Frame) -> Column:
            runs = source(frame)
            table = runs.table
            kept = None
            failed = None
            if where is not None:
                w = on_entries(where, where_key, frame, table)
                kept = w.values if w.failed is None else w.values & ~w.failed
                failed = w.failed
            value = on_entries(body, body_key, frame, table) if body is not None else None
            if value is not None:
                used = kept if kept is not None else np.ones(len(value.values), bool)
                failed = either(failed, only_where(value.failed, used) if value.failed is not None else None)
                if value.given is not None and kind not in ("any", "all"):
                    failed = either(failed, only_where(~value.given, used))

            def totals(per_entry: np.ndarray):
                along = per_entry if runs.ordered else per_entry[runs.entries]
                return segment_sums(along, runs.starts, runs.counts)

            held = runs.counts if kept is None else totals(kept.astype(np.int64))[0]
            if kind == "count":
                result = Column(NUMBER, held)
            elif kind == "any":
                hits = value.values if kept is None else kept & value.values
                result = Column(BOOL, totals(hits.astype(np.int64))[0] > 0)
            elif kind == "all":
                misses = ~value.values if kept is None else kept & ~value.values
                result = Column(BOOL, totals(misses.astype(np.int64))[0] == 0)
            else:
                sums, over = totals(value.values if kept is None else np.where(kept, value.values, 0))
                result = Column(NUMBER, sums, value.denominator, failed=over)
                if kind == "average":
                    result = _divide(result, Column(NUMBER, np.maximum(held, 1)))
                    result = result.with_values(result.values, given=held > 0)
            if failed is not None:
                result.failed = either(result.failed, _any_of_runs(totals, failed))
            if fallback is not None and result.given is not None and not result.given.all():
                result = _select(~result.given, fallback(frame), _select(result.given, result, None))
            return result
        return aggregate

    def _per_entry(self, part, variable: str) -> Compiled:
        """An aggregate's `where` or value, for each entry: in the frame of the entries where it
        reads the entry, in the aggregate's own frame where it does not."""
        if variable not in self.free_variables(part):
            compiled = self.compile(part)

            def in_outer_frame(frame: Frame):
                return compiled(frame.parent).take(frame.up)
            return in_outer_frame
        self._bound.append(variable)
        try:
            return self.hoisted(part, self.compile(part))
        finally:
            self._bound.pop()

    def _group(self, node: c.TGroup) -> Callable[[Frame], Runs]:
        source = self.compile_list(node.source)
        anchor = self.compile(node.anchor) if node.anchor is not None else None
        text = node.source.span.text if node.source.span is not None else "list"
        key, kind, size = node.key_field, node.window, node.size

        hoist = not self.free_variables(node)

        def grouped(frame: Frame) -> Runs:
            if hoist and frame is not frame.batch.root:
                # the same windows for every row of a case: cut once per batch
                return grouped(frame.batch.root).take(frame.case)
            # the rules that cut the same list the same way share its windows
            kept_as = (node, text) if hoist else id(node)
            made = frame.memo.get(kept_as)
            if made is None:
                runs = source(frame)
                dates = runs.table.column(key)
                anchors = None
                if anchor is not None:
                    a = anchor(frame)
                    missing = either(a.failed, None if a.given is None else ~a.given)
                    if missing is not None and missing.any():
                        # blocks counted from a date a case does not give: the scalar path decides it
                        frame.batch.unvouched[frame.case[missing]] = True
                    anchors = a.values
                made = frame.memo[kept_as] = group(runs, dates.values, kind, size, anchors, text, frame.case)
            return made
        return grouped

    def x_TViolated(self, node: c.TViolated) -> Compiled:
        rules = node.rules
        if node.entry is None:
            def violated(frame: Frame) -> Column:
                found = np.zeros(frame.batch.store.cases, bool)
                for rule in rules:
                    found |= frame.batch.violated.get(rule, False)
                return Column(BOOL, found[frame.case])
            return violated
        entry = self.compile(node.entry)

        def violated_on(frame: Frame) -> Column:
            e = entry(frame)
            if e.kind != ENTRY:
                raise Unsupported("violated_on of a window")
            found = np.zeros(len(frame), bool)
            for rule in rules:
                marked = frame.batch.violated_entries.get(rule, {}).get(e.table.name)
                if marked is not None:
                    found |= marked[np.maximum(e.values, 0)]
            return Column(BOOL, found, failed=e.failed)
        return violated_on

    def x_TSet(self, node: c.TSet) -> Compiled:
        raise Unsupported("a set used as a value")

    def x_TGroup(self, node: c.TGroup) -> Compiled:
        raise Unsupported("a group used as a value")


class FreeVariables:
    """The variables an expression reads from its frame: its locals, less those an aggregate
    inside it binds (a definition's body reads only its own parameters). Worked out once per
    node of one program (the program keeps its nodes alive, so their ids stay theirs)."""

    def __init__(self):
        self._found: dict[int, frozenset] = {}

    def __call__(self, node) -> frozenset:
        found = self._found.get(id(node))
        if found is None:
            found = self._found[id(node)] = self._free(node)
        return found

    def _free(self, node) -> frozenset:
        node = _bare(node)
        if isinstance(node, c.TLocal):
            return frozenset((node.name,))
        if isinstance(node, c.TAggregate):
            inner = frozenset().union(*(self(p) for p in (node.body, node.where) if p is not None))
            outer = frozenset().union(*(self(p) for p in (node.source, node.fallback) if p is not None))
            return outer | (inner - {node.variable})
        return frozenset().union(*(self(child) for child in c.children(node)))


def _is_constant_set(node, definitions) -> bool:
    node = _bare(node)
    if isinstance(node, c.TDefinition) and not node.arguments:
        return _is_constant_set(definitions[node.name].body, definitions)
    return isinstance(node, c.TSet)


def _refuse_recursion(name: str):
    def refuse(frame):
        raise Unsupported(f"definition {name} reaches itself")
    return refuse


def _bare(node):
    while isinstance(node, ir.Observe):
        node = node.expr
    return node


def _inner(type_):
    return type_.inner if isinstance(type_, t.OptionalType) else type_


def _kind_of(type_) -> str:
    type_ = _inner(type_)
    if type_ == t.BOOL:
        return BOOL
    if isinstance(type_, t.Number):
        return NUMBER
    if type_ == t.DATE:
        return DATE
    if isinstance(type_, t.EnumType):
        return CODE
    if isinstance(type_, t.SetType) and isinstance(type_.element, t.EnumType):
        return CODES
    if type_ == t.STRING:
        return TEXT
    if isinstance(type_, t.RecordType):
        return ENTRY
    if isinstance(type_, t.WindowType):
        return WINDOW
    raise Unsupported(f"values of type {type_}")


def literal(value, type_) -> tuple[str, object, int]:
    """A literal of the act as (kind, value in a column, denominator)."""
    kind = _kind_of(type_)
    if kind == NUMBER:
        numerator, denominator = fraction_parts(Fraction(value) if isinstance(value, (Decimal, float)) else value)
        return kind, numerator, denominator
    if kind == DATE:
        return kind, value.toordinal(), 1
    if kind == CODE:
        return kind, _inner(type_).members.index(value), 1
    if kind == BOOL:
        return kind, bool(value), 1
    if kind == TEXT:
        return kind, value, 1
    raise Unsupported(f"a literal of type {type_}")


# ---------------------------------------------------------------------------- column operations


def _usable(value: Column, operation) -> Column:
    """An operation on a value the scalar code would fail on where it is not given."""
    result = operation(value)
    if value.given is not None:
        result.failed = either(result.failed, ~value.given if not value.given.all() else None)
        result.given = None
    return result


def _missing(*columns: Column) -> np.ndarray | None:
    """The rows where one of these is not given (arithmetic on them fails in the scalar code)."""
    found = None
    for column in columns:
        if column.given is not None and not column.given.all():
            found = either(found, ~column.given)
    return found


def _numbers_failed(*columns: Column, extra=None) -> np.ndarray | None:
    failed = extra
    for column in columns:
        failed = either(failed, column.failed)
    return either(failed, _missing(*columns))


def _add(a: Column, b: Column) -> Column:
    left, right, denominator, over = common(a, b)
    return Column(NUMBER, left + right, denominator, failed=_numbers_failed(a, b, extra=over))


def _subtract(a: Column, b: Column) -> Column:
    left, right, denominator, over = common(a, b)
    return Column(NUMBER, left - right, denominator, failed=_numbers_failed(a, b, extra=over))


def _multiply(a: Column, b: Column) -> Column:
    over = product_overflows(a.values, b.values)
    denominator = a.denominator * b.denominator
    if denominator >= LIMIT:
        raise OverflowError("denominator beyond 64 bits")
    av = a.values if over is None else np.where(over, 0, a.values)
    values, denominator = reduced(av * b.values, denominator)
    return Column(NUMBER, values, denominator, failed=_numbers_failed(a, b, extra=over))


def _divide(a: Column, b: Column) -> Column:
    """a / b, exactly: over the least common multiple of the divisors' numerators."""
    zero = b.values == 0
    divisors = np.where(zero, 1, b.values)
    magnitudes = np.abs(divisors)
    distinct = np.unique(magnitudes)
    multiple = math.lcm(*[int(v) for v in distinct]) if len(distinct) else 1
    if multiple >= LIMIT:
        raise OverflowError("divisors beyond 64 bits")
    # a/da / (b/db) = a * db * (multiple / |b|) * sign(b) / (da * multiple)
    factor = (multiple // magnitudes) * np.sign(divisors) * b.denominator
    over = product_overflows(a.values, factor)
    av = a.values if over is None else np.where(over, 0, a.values)
    denominator = a.denominator * multiple
    if denominator >= LIMIT:
        raise OverflowError("denominator beyond 64 bits")
    values, denominator = reduced(av * factor, denominator)
    failed = _numbers_failed(a, b, extra=either(over, zero if zero.any() else None))
    return Column(NUMBER, values, denominator, failed=failed)


def _compare_number(a: Column, b: Column, op: str) -> np.ndarray:
    left, right, _, _ = common(a, b)
    return _OPERATORS[op](left, right)


_OPERATORS = {"=": np.equal, "!=": np.not_equal, "<": np.less, "<=": np.less_equal, ">": np.greater,
              ">=": np.greater_equal}


def compare(a: Column, b: Column, op: str) -> Column:
    """`a op b` as the scalar code decides it: equality holds between two values not given,
    and an order between a value and one not given fails."""
    failed = either(a.failed, b.failed)
    if a.kind == NUMBER:
        left, right, _, over = common(a, b)
        failed = either(failed, over)
    elif a.kind == ENTRY or b.kind == ENTRY:
        same_table = a.table is b.table
        left, right = a.values, b.values if same_table else b.values + (1 << 40)
    else:
        left, right = a.values, b.values
    result = _OPERATORS[op](left, right)
    missing_a = a.given is not None and not a.given.all()
    missing_b = b.given is not None and not b.given.all()
    if missing_a or missing_b:
        ga, gb = a.is_given(), b.is_given()
        if op in ("=", "!="):
            equal = np.where(ga & gb, result if op == "=" else ~result, ~(ga ^ gb))
            result = equal if op == "=" else ~equal
        else:
            failed = either(failed, ~(ga & gb))
    return Column(BOOL, result, failed=failed)


def _select(mask: np.ndarray, value: Column, base: Column | None) -> Column:
    """`value` where `mask` holds, `base` elsewhere (None: nothing yet); failures and absences
    travel with the values chosen."""
    if base is None:
        failed = only_where(value.failed, mask) if value.failed is not None else None
        given = None if value.given is None else np.where(mask, value.given, True)
        return Column(value.kind, value.values, value.denominator, given, failed, value.table)
    if value.kind == NUMBER:
        vv, bv, denominator, over = common(value, base)
        over = only_where(over, np.ones(len(mask), bool)) if over is not None else None
    else:
        vv, bv, denominator, over = value.values, base.values, 1, None
    values = np.where(mask, vv, bv)
    given = None
    if value.given is not None or base.given is not None:
        given = np.where(mask, value.is_given(), base.is_given())
    failed = either(only_where(value.failed, mask) if value.failed is not None else None,
                    only_where(base.failed, ~mask) if base.failed is not None else None)
    failed = either(failed, over)
    return Column(value.kind if value.kind == base.kind else base.kind, values, denominator, given, failed,
                  value.table if value.table is not None else base.table)


def _any_of_runs(totals, failed: np.ndarray) -> np.ndarray | None:
    found = totals(failed.astype(np.int64))[0] > 0
    return found if found.any() else None


def _any_in_runs(failed: np.ndarray | None, up: np.ndarray, n: int) -> np.ndarray | None:
    if failed is None or not failed.any():
        return None
    out = np.zeros(n, bool)
    out[up[failed]] = True
    return out


def _extreme_in_runs(value: Column, kept: np.ndarray, held: np.ndarray, offsets: np.ndarray,
                     counts: np.ndarray, kind: str) -> Column:
    n = len(counts)
    chosen = value.values[kept]
    result = np.zeros(n, dtype=value.values.dtype)
    has = held > 0
    if has.any():
        starts = (np.cumsum(held) - held)[has]
        reduce = np.maximum if kind == "max" else np.minimum
        result[has] = reduce.reduceat(chosen, starts)
    return Column(value.kind, result, value.denominator, given=None if has.all() else has, table=value.table)


# ---------------------------------------------------------------------------- dates


def _dates_failed(*columns: Column, extra=None):
    return _numbers_failed(*columns, extra=extra)


def _whole(column: Column) -> np.ndarray:
    """A whole number of days or months (an integral type's column has denominator 1)."""
    if column.denominator != 1:
        raise Unsupported("a number of days that is not whole")
    return column.values


def _add_days(day: Column, count: Column, sign: int) -> Column:
    values = day.values + sign * _whole(count)
    off = (values < FIRST_DAY) | (values > LAST_DAY)
    return Column(DATE, np.clip(values, FIRST_DAY, LAST_DAY),
                  failed=_dates_failed(day, count, extra=off if off.any() else None))


def _days_between(a: Column, b: Column) -> Column:
    return Column(NUMBER, b.values - a.values, failed=_dates_failed(a, b))


def _add_months(day: Column, count: Column, sign: int) -> Column:
    year, month, d = calendar.civil(np.clip(day.values, FIRST_DAY, LAST_DAY))
    months = year * 12 + month - 1 + sign * _whole(count)
    year, month = months // 12, months % 12 + 1
    off = (year < 1) | (year > 9999)
    year = np.where(off, 1, year)
    values = calendar.ordinal(year, month, np.minimum(d, calendar.month_length(year, month)))
    return Column(DATE, values, failed=_dates_failed(day, count, extra=off if off.any() else None))


def _start_of_month(args):
    (day,) = args
    return Column(DATE, calendar.month_start(day.values), failed=_dates_failed(day))


def _end_of_month(args):
    (day,) = args
    return Column(DATE, calendar.month_end(day.values), failed=_dates_failed(day))


def _months_from(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`months_between` of the runtime for a <= b."""
    ay, am, ad = calendar.civil(a)
    by, bm, bd = calendar.civil(b)
    months = (by - ay) * 12 + bm - am
    return months - (np.minimum(ad, calendar.month_length(by, bm)) > bd)


def _years_from(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """`years_between` of the runtime for a <= b: anniversaries of a reached by b (29 February's
    falls on 1 March in a common year)."""
    ay, am, ad = calendar.civil(a)
    by, bm, bd = calendar.civil(b)
    leap = ((by % 4 == 0) & (by % 100 != 0)) | (by % 400 == 0)
    moved = (am == 2) & (ad == 29) & ~leap
    anniversary_month = np.where(moved, 3, am)
    anniversary_day = np.where(moved, 1, ad)
    later = (anniversary_month > bm) | ((anniversary_month == bm) & (anniversary_day > bd))
    return by - ay - later


def _signed_between(whole_between):
    def between(args):
        a, b = args
        forward = b.values >= a.values
        low, high = np.where(forward, a.values, b.values), np.where(forward, b.values, a.values)
        counted = whole_between(low, high)
        return Column(NUMBER, np.where(forward, counted, -counted), failed=_dates_failed(a, b))
    return between


def _days_between_function(args):
    a, b = args
    return _days_between(a, b)


# ---------------------------------------------------------------------------- numbers


def _round_half_up(args):
    (x,) = args
    n, d = x.values, x.denominator
    positive = (2 * n + d) // (2 * d)
    negative = -((-2 * n + d) // (2 * d))
    return Column(NUMBER, np.where(n >= 0, positive, negative), failed=_numbers_failed(x))


def _floor(args):
    (x,) = args
    return Column(NUMBER, x.values // x.denominator, failed=_numbers_failed(x))


def _ceil(args):
    (x,) = args
    return Column(NUMBER, -((-x.values) // x.denominator), failed=_numbers_failed(x))


def _abs(args):
    (x,) = args
    return Column(NUMBER, np.abs(x.values), x.denominator, failed=_numbers_failed(x))


def _extreme(pick):
    def extreme(args):
        result = args[0]
        for other in args[1:]:
            if result.kind == NUMBER:
                left, right, denominator, over = common(result, other)
            else:
                left, right, denominator, over = result.values, other.values, 1, None
            result = Column(result.kind, pick(left, right), denominator,
                            failed=_numbers_failed(result, other, extra=over))
        return result
    return extreme


#: The built-in functions of :mod:`hsa_dsl.builtins`, by name, on columns. A function missing
#: here makes the rules that call it go to the scalar path.
FUNCTIONS = {
    "years_between": _signed_between(_years_from),
    "months_between": _signed_between(_months_from),
    "days_between": _days_between_function,
    "start_of_month": _start_of_month,
    "end_of_month": _end_of_month,
    "round": _round_half_up,
    "floor": _floor,
    "ceil": _ceil,
    "abs": _abs,
    "max": _extreme(np.maximum),
    "min": _extreme(np.minimum),
}

__all__ = ["Batch", "Expressions", "Frame", "FUNCTIONS", "compare", "literal"]
