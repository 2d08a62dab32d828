"""Cases of JSON Lines (or case files) read as columns: laid out as the tables of
:mod:`hsa_dsl.tables`, so that the batch validates them as columns (:mod:`hsa_dsl.batch.columnar`)
rather than one by one.

A case is read as the scalar path reads it (:func:`hsa_dsl.audit.read_case`), then each of its
values becomes the text of its cell, but only where the cell means to the table reader exactly
what the value means to the validator: a yes-or-no as true or false, a whole number as its
digits, a number of a JSON file as written (`8.0`), a date or a member's name as it is given,
a set as its members joined by `;`, a record by its fields' cells, a list of records as rows of
its table. Anything else (a value of another JSON type than the fact's, text with spaces around
it or empty, null, a key the act does not have, a record given with nothing in it, `[]` for a
list that may be absent, a float (a number already rounded to binary, as a program may give
it), a list inside a list's entry) leaves the case to the scalar path,
which reads the case itself and accepts it or says why not. Either way its record is the one
the scalar path gives.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np

from hsa_dsl import tables
from hsa_dsl.check import types as t


class Unplain(Exception):
    """A value whose cell would not mean what the value means: the case goes to the scalar path."""


class LineBatch:
    """The cases of a batch that can be laid out as tables of text, in the shape of
    :class:`hsa_dsl.batch.columnar.CaseBatch` that :func:`~hsa_dsl.batch.columnar.store_of`
    reads: `places` are their places among the cases given, `keys` their names. The other
    cases are the scalar path's."""

    def __init__(self, act, pending: list, cases: list):
        pa, _ = _arrow()
        self.cases_file = "JSON Lines"
        self.pending_cases = pending
        layout = _layout(act)
        rows, lists = [], {dotted: ([], []) for dotted in layout.lists}
        self.keys: list[str] = []
        self.places: list[int] = []
        for i, (key, case) in enumerate(cases):
            if case is None:
                continue
            try:
                row, entries = layout.flatten(case)
            except Unplain:
                continue
            row_number = len(rows)
            rows.append(row)
            for dotted, found in entries.items():
                owned, table = lists[dotted]
                owned += [row_number] * len(found)
                table += found
            self.keys.append(key)
            self.places.append(i)
        self.size = len(rows)
        self.cases = _text_table(rows, {tables.KEY: pa.array(self.keys, pa.string())})
        self.lists = {dotted: (_text_table(table), np.asarray(owned, np.int64), np.zeros(len(owned), np.int64))
                      for dotted, (owned, table) in lists.items() if table}

    def pending(self, i: int):
        return self.pending_cases[self.places[i]]


def _text_table(rows: list[dict], given: dict | None = None):
    """A table of text from rows of cells by column name, an empty cell where a row has none."""
    pa, pc = _arrow()
    names = sorted({name for row in rows for name in row})
    table = pa.Table.from_pylist(rows, schema=pa.schema([(name, pa.string()) for name in names]))
    empty = pa.scalar("", pa.string())
    columns = dict(given or {})
    columns.update((name, pc.fill_null(table.column(name), empty)) for name in names)
    return pa.table(columns)


def _arrow():
    from .columnar import _arrow as arrow

    return arrow()


# ---------------------------------------------------------------------------- the layout


class _Layout:
    """How the cases of one act are laid out as tables: for each record, at each place, what
    each of its fields becomes (made once, as the table reader's columns are)."""

    def __init__(self, act):
        self.act = act
        self.lists = tables.list_tables(act)
        self._list_paths = set(self.lists.values())
        inputs = act.checked.inputs
        self._top = {name: self._part(info.type, (name,), in_list=False) for name, info in inputs.items()}

    def flatten(self, case) -> tuple[dict, dict]:
        """The case's row of cases.csv (cells by column name) and the rows of each list
        table; :class:`Unplain` where a cell would not say what the case says."""
        if type(case) is not dict:
            raise Unplain
        row: dict = {}
        lists: dict = {}
        top = self._top
        for name, value in case.items():
            part = top.get(name)
            if part is None:
                raise Unplain
            part(value, row, lists)
        return row, lists

    def _part(self, type_, path: tuple, in_list: bool):
        """What a value of `type_` at `path` puts into the row (and the lists' rows)."""
        inner = type_.inner if isinstance(type_, t.OptionalType) else type_
        if isinstance(inner, t.RecordType):
            return self._record(inner.name, path, in_list)
        if isinstance(inner, t.ListType) and isinstance(inner.element, t.RecordType):
            if in_list or path not in self._list_paths:
                return _unplain
            entry = self._record(inner.element.name, (), in_list=True)
            dotted = ".".join(path)
            optional = isinstance(type_, t.OptionalType)

            def entries(value, row: dict, lists: dict) -> None:
                if type(value) is not list:
                    raise Unplain
                if not value:
                    if optional:  # no rows is a list not given, which [] is not
                        raise Unplain
                    return  # a list that must be there is empty where it has no rows
                found = []
                for item in value:
                    cells: dict = {}
                    entry(item, cells, None)
                    found.append(cells)
                lists[dotted] = found
            return entries
        return _cell_of(inner, ".".join(path), optional=isinstance(type_, t.OptionalType))

    def _record(self, record: str, path: tuple, in_list: bool):
        parts = {name: self._part(info.type, path + (name,), in_list)
                 for name, info in self.act.checked.records[record].fields.items()}

        def put(value, row: dict, lists) -> None:
            if type(value) is not dict or not value:
                raise Unplain
            before = len(row) + (len(lists) if lists is not None else 0)
            for name, item in value.items():
                part = parts.get(name)
                if part is None:
                    raise Unplain
                part(item, row, lists)
            if len(row) + (len(lists) if lists is not None else 0) == before:
                raise Unplain  # a record with nothing in it: no cell would say it is there
        return put


def _unplain(value, row, lists) -> None:
    raise Unplain


def _cell_of(type_, column: str, optional: bool):
    """What puts the cell of a fact of `type_` into a row, as the text that the table reader
    reads as the value given (see the module's docstring). One function per kind of fact, the
    test of the value written out in each: this runs for every value of every case."""
    if type_ == t.BOOL:
        def truth(value, row: dict, lists) -> None:
            if value is True:
                row[column] = "true"
            elif value is False:
                row[column] = "false"
            else:
                raise Unplain
        return truth
    if isinstance(type_, t.Number):
        integral = type_.integral

        def number(value, row: dict, lists) -> None:
            kind = type(value)
            if kind is int or (kind is Decimal and not integral and value.is_finite()):
                row[column] = str(value)
            else:
                raise Unplain
        return number
    if type_ == t.DATE:
        def day(value, row: dict, lists) -> None:
            if type(value) is str and value and value == value.strip():
                row[column] = value
            elif type(value) is date:
                row[column] = value.isoformat()
            else:
                raise Unplain
        return day
    if isinstance(type_, t.EnumType) or type_ == t.STRING:
        def text(value, row: dict, lists) -> None:
            if type(value) is str and value and value == value.strip():
                row[column] = value
            else:
                raise Unplain
        return text
    if isinstance(type_, t.SetType) and isinstance(type_.element, t.EnumType):
        def members(value, row: dict, lists) -> None:
            if type(value) is not list:
                raise Unplain
            if not value:
                if optional:  # an empty cell is a set not given, which [] is not
                    raise Unplain
                return  # a set that must be there is empty where its cell is
            for item in value:
                if type(item) is not str or not item or item != item.strip() or ";" in item:
                    raise Unplain
            row[column] = ";".join(value)
        return members
    return _unplain


_LAYOUTS: dict = {}


def _layout(act) -> _Layout:
    """The layout of an act, made once per act (a process holds few)."""
    layout = _LAYOUTS.get(id(act))
    if layout is None or layout.act is not act:
        if len(_LAYOUTS) >= 16:
            _LAYOUTS.clear()
        layout = _LAYOUTS[id(act)] = _Layout(act)
    return layout


__all__ = ["LineBatch"]
