"""Many validated cases as tables: one table for each kind of record in the act's inputs.

A case's `employment.timecard` entries of every case are the rows of one table, in case order
and, within a case, in the order the case lists them; `employment.timecard.work_periods`
is another table, whose rows are grouped by the time-card day they belong to. A record
field holds the row of the record it refers to (-1 where an optional record is not given);
a list field holds, for each row, where its entries start in the list's table and how many
there are. Columns of plain values are made from the cases only when a rule first reads them.
Nothing here knows any act: the tables follow the act's declared records.
"""

from __future__ import annotations

import math

import numpy as np

from hsa_dsl.check import types as t

from .values import (BOOL, CODE, CODES, DATE, ENTRY, LIMIT, NUMBER, TEXT, Column, fraction_parts)


class Unsupported(Exception):
    """A part of an act the batch backend does not decide: its rules go to the scalar path."""


class ListField:
    """A list field of a table: for each of its rows, the run of the element table's rows that
    are its entries."""

    __slots__ = ("table", "starts", "counts")

    def __init__(self, table: "Table", starts: np.ndarray, counts: np.ndarray):
        self.table = table
        self.starts = starts
        self.counts = counts


class Table:
    """The records of one kind, at one place in the inputs, of every case of a batch."""

    def __init__(self, name: str, record: str, act):
        self.name = name
        self.record = record
        self.act = act
        self.size = 0
        #: the case each row belongs to
        self.case: list[int] | np.ndarray = []
        self._raw: dict[str, list] = {}
        self._columns: dict[str, Column] = {}
        self.records: dict[str, "Table"] = {}
        self.lists: dict[str, ListField] = {}
        self._record_rows: dict[str, list] = {}
        self._list_runs: dict[str, tuple[list, list]] = {}

    def column(self, field: str) -> Column:
        """A field's values for every row (the field is a plain value, or an optional one)."""
        made = self._columns.get(field)
        if made is None:
            if field in self.records:
                rows = np.asarray(self._record_rows[field], dtype=np.int64)
                made = Column(ENTRY, rows, given=rows >= 0, table=self.records[field])
            else:
                info = self.act.records[self.record].fields[field]
                made = column_of(self._raw[field], info.type)
            self._columns[field] = made
        return made


def column_of(raw: list, type_: t.Type) -> Column:
    """A column of plain values of the cases (None where an optional value is not given)."""
    given = None
    if isinstance(type_, t.OptionalType):
        type_ = type_.inner
        present = np.fromiter((v is not None for v in raw), bool, len(raw))
        if not present.all():
            given = present
    if isinstance(type_, t.Number):
        parts = [(0, 1) if v is None else fraction_parts(v) for v in raw]
        denominator = math.lcm(1, *{d for _, d in parts})
        numerators = [n * (denominator // d) for n, d in parts]
        if denominator >= LIMIT or any(abs(n) >= LIMIT for n in numerators):
            raise Unsupported("a number of the cases is beyond 64 bits")
        return Column(NUMBER, np.asarray(numerators, dtype=np.int64), int(denominator), given)
    if type_ == t.BOOL:
        return Column(BOOL, np.fromiter((bool(v) for v in raw), bool, len(raw)), given=given)
    if type_ == t.DATE:
        return Column(DATE, np.fromiter((0 if v is None else v.toordinal() for v in raw), np.int64, len(raw)),
                      given=given)
    if isinstance(type_, t.EnumType):
        place = {m: i for i, m in enumerate(type_.members)}
        return Column(CODE, np.fromiter((0 if v is None else place[v] for v in raw), np.int64, len(raw)),
                      given=given, table=type_.name)
    if isinstance(type_, t.SetType) and isinstance(type_.element, t.EnumType) and len(type_.element.members) < 63:
        place = {m: i for i, m in enumerate(type_.element.members)}
        bits = [0 if v is None else sum(1 << place[m] for m in v) for v in raw]
        return Column(CODES, np.asarray(bits, dtype=np.int64), given=given, table=type_.element.name)
    if type_ == t.STRING:
        return Column(TEXT, np.asarray(raw, dtype=object), given=given)
    raise Unsupported(f"a field of type {type_}")


class Store:
    """The tables of a batch of validated cases (see the module's docstring)."""

    def __init__(self, act, cases: list[dict]):
        self.act = act
        self.cases = len(cases)
        self.tables: dict[str, Table] = {}
        self.inputs: dict[str, Column] = {}
        self._plans: dict[str, list] = {}
        raw_inputs: dict[str, list] = {name: [] for name in act.inputs}
        input_tables: dict[str, Table] = {}
        for name, info in act.inputs.items():
            record = _record_of(info.type)
            if record is not None:
                input_tables[name] = self._table(name, record)
        for index, inputs in enumerate(cases):
            for name, info in act.inputs.items():
                value = inputs.get(name)
                table = input_tables.get(name)
                if table is None:
                    raw_inputs[name].append(value)
                else:
                    raw_inputs[name].append(-1 if value is None else self._add(table, value, index))
        for name, info in act.inputs.items():
            if name in input_tables:
                rows = np.asarray(raw_inputs[name], dtype=np.int64)
                self.inputs[name] = Column(ENTRY, rows, given=None if (rows >= 0).all() else rows >= 0,
                                           table=input_tables[name])
            else:
                self.inputs[name] = column_of(raw_inputs[name], info.type)
        for table in self.tables.values():
            table.case = np.asarray(table.case, dtype=np.int64)
            for field, (starts, counts) in table._list_runs.items():
                table.lists[field] = ListField(table.lists[field].table, np.asarray(starts, dtype=np.int64),
                                               np.asarray(counts, dtype=np.int64))

    @classmethod
    def empty(cls, act, cases: int) -> "Store":
        """A store of `cases` cases with no tables yet: a reader of columns fills them
        (:mod:`hsa_dsl.batch.columnar`)."""
        store = cls.__new__(cls)
        store.act = act
        store.cases = cases
        store.tables = {}
        store.inputs = {}
        store._plans = {}
        return store

    def _table(self, name: str, record: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            table = self.tables[name] = Table(name, record, self.act)
            for field, info in self.act.records[record].fields.items():
                inner = info.type.inner if isinstance(info.type, t.OptionalType) else info.type
                if isinstance(inner, t.RecordType):
                    table.records[field] = self._table(f"{name}.{field}", inner.name)
                    table._record_rows[field] = []
                elif isinstance(inner, t.ListType) and isinstance(inner.element, t.RecordType):
                    table.lists[field] = ListField(self._table(f"{name}.{field}", inner.element.name), None, None)
                    table._list_runs[field] = ([], [])
                else:
                    table._raw[field] = []
            self._plans[name] = [(field, "record" if field in table.records else "list" if field in table.lists
                                  else "value") for field in self.act.records[record].fields]
        return table

    def _add(self, table: Table, record: dict, case: int) -> int:
        row = table.size
        table.size += 1
        table.case.append(case)
        for field, how in self._plans[table.name]:
            value = record.get(field)
            if how == "value":
                table._raw[field].append(value)
            elif how == "record":
                table._record_rows[field].append(-1 if value is None else self._add(table.records[field], value, case))
            else:
                child = table.lists[field].table
                starts, counts = table._list_runs[field]
                starts.append(child.size)
                counts.append(len(value))
                for item in value:
                    self._add(child, item, case)
        return row


def _record_of(type_: t.Type) -> str | None:
    inner = type_.inner if isinstance(type_, t.OptionalType) else type_
    return inner.name if isinstance(inner, t.RecordType) else None

