"""Cases from tables, as payroll systems export them: a folder of CSV files.

The layout follows the act's declared inputs, so it is the same for any act:

- ``cases.csv``: a row a case. Its ``case`` column names the case (its record's id); every other
  column is a fact, named by its path in the act's inputs (``employment.contract.start``). A
  list of plain values (``employment.employee.languages``) is written in one cell, its items
  separated by ``;``.
- ``<path>.csv`` for a list of records (``employment.timecard.csv``): a row an entry, with the
  ``case`` column and a column for each field (``date``, ``hours_worked``; a field of a record
  inside the entry by its path, ``planned_rest.start``). Its rows come in the order of
  ``cases.csv`` (all of a case's entries together, in their order), so that any number of cases
  is read in one pass with flat memory.

An empty cell is a fact not given. ``true``/``false`` (or ``yes``/``no``) for a yes-or-no fact;
numbers and dates as a case file writes them. A list of records inside a list's entry (a day's
periods of work) has no table: such cases are written as JSON Lines.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

import attrs

from hsa_dsl.check import types as t
from hsa_dsl.errors import HsaError

CASES_FILE = "cases.csv"
KEY = "case"
TRUE, FALSE = ("true", "yes"), ("false", "no")


class OutOfOrder(HsaError):
    """A table whose rows are not in the order of cases.csv: no case after it can be read."""


@attrs.frozen
class Column:
    #: the path of the fact under the case (or under a list's entry)
    path: tuple[str, ...]
    type: object


def is_table_folder(path: Path) -> bool:
    return path.is_dir() and (path / CASES_FILE).is_file()


def list_tables(act) -> dict[str, tuple]:
    """The lists of records a case can hold outside any list, by their dotted path, with the
    record type of their entries."""
    found: dict[str, tuple] = {}

    def walk(type_, path: tuple) -> None:
        if isinstance(type_, t.OptionalType):
            walk(type_.inner, path)
        elif isinstance(type_, t.RecordType):
            for name, field in act.checked.records[type_.name].fields.items():
                walk(field.type, path + (name,))
        elif isinstance(type_, t.ListType) and isinstance(type_.element, t.RecordType):
            found[".".join(path)] = path

    for name, info in act.checked.inputs.items():
        walk(info.type, (name,))
    return found


def _type_at(act, type_, path: tuple[str, ...]):
    """The declared type of the fact at `path` under a value of `type_`, or None."""
    for step in path:
        while isinstance(type_, t.OptionalType):
            type_ = type_.inner
        if not isinstance(type_, t.RecordType):
            return None
        field = act.checked.records[type_.name].fields.get(step)
        if field is None:
            return None
        type_ = field.type
    return type_


def read_table_cases(act, folder: Path) -> Iterator[tuple[str, dict | HsaError]]:
    """Each case of a table folder, with its name (file and line of its row in cases.csv): the
    case as a mapping, or the error that keeps it from being one."""
    lists = {}
    for dotted, path in list_tables(act).items():
        file = folder / f"{dotted}.csv"
        if file.is_file():
            lists[dotted] = _ListTable(act, file, path)
    with open(folder / CASES_FILE, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        columns = _columns(act, reader.fieldnames, folder / CASES_FILE, None)
        for row in reader:
            name = f"{folder / CASES_FILE}:{reader.line_num}"
            key = (row.get(KEY) or "").strip()
            try:
                found = {dotted: (table.columns, table.path, table.rows_of(key) if key else [])
                         for dotted, table in lists.items()}
                yield name, case_from_rows(columns, row, found, name)
            except OutOfOrder:
                raise
            except HsaError as error:
                for table in lists.values():
                    table.skip(key)
                yield name, error
    for table in lists.values():
        table.finish()


class _ListTable:
    """One list's table, read alongside cases.csv: the rows of each case in turn."""

    def __init__(self, act, file: Path, path: tuple[str, ...]):
        self.file = file
        self.path = path
        element = element_of(act, path)
        self.stream = open(file, encoding="utf-8-sig", newline="")
        self.reader = csv.DictReader(self.stream)
        self.columns = _columns(act, self.reader.fieldnames, file, element)
        self.pending = next(self.reader, None)
        self.seen: set[str] = set()

    def rows_of(self, key: str) -> list[tuple[dict, str]]:
        """The rows of the case `key`, each with its place (file and line)."""
        rows = []
        while self.pending is not None and (self.pending.get(KEY) or "").strip() == key:
            rows.append((self.pending, f"{self.file}:{self.reader.line_num}"))
            self.pending = next(self.reader, None)
        self.seen.add(key)
        self._check_order()
        return rows

    def skip(self, key: str) -> None:
        while self.pending is not None and (self.pending.get(KEY) or "").strip() == key:
            self.pending = next(self.reader, None)
        self.seen.add(key)

    def _check_order(self) -> None:
        if self.pending is not None and (self.pending.get(KEY) or "").strip() in self.seen:
            raise OutOfOrder.single(
                f"the rows of case {self.pending.get(KEY)!r} are not together, in the order of {CASES_FILE}",
                file=f"{self.file}:{self.reader.line_num}",
                hint=f"sort the table by the order of {CASES_FILE}, keeping each case's rows in their order")

    def finish(self) -> None:
        left = self.pending
        line = self.reader.line_num
        self.stream.close()
        if left is not None:
            raise OutOfOrder.single(f"rows for case {left.get(KEY)!r}, which {CASES_FILE} does not have "
                                  f"(or not at this place in its order)", file=f"{self.file}:{line}")


def case_from_rows(columns: list[Column], row: dict, lists: dict, name: str) -> dict:
    """A case as a case file gives it, from its row of cases.csv (`row`: cells by column name)
    and, for each list table, (its columns, the list's path, the case's rows with their
    places); an error names the cell that keeps it from being one. Every reader of tables,
    CSV or Parquet, row by row or as columns, makes its cases here."""
    key = (row.get(KEY) or "").strip()
    if not key:
        raise HsaError.single(f"the `{KEY}` column is empty", file=name)
    case: dict = {}
    for column in columns:
        _put(case, column.path, _cell(row.get(".".join(column.path)), column, name))
    for list_columns, path, rows in lists.values():
        entries = []
        for entry_row, place in rows:
            entry: dict = {}
            for column in list_columns:
                _put(entry, column.path, _cell(entry_row.get(".".join(column.path)), column, place))
            entries.append(entry)
        if entries:
            _put(case, path, entries)
    case["id"] = key
    return case


def element_of(act, path: tuple[str, ...]):
    """The type of the entries of the list of records at `path` under the inputs."""
    list_type = _type_at(act, act.checked.inputs[path[0]].type, path[1:])
    while isinstance(list_type, t.OptionalType):
        list_type = list_type.inner
    return list_type.element


def _columns(act, names, file: Path, element) -> list[Column]:
    if not names or KEY not in names:
        raise HsaError.single(f"the table has no `{KEY}` column naming the case of each row", file=str(file))
    columns = []
    for name in names:
        if name == KEY:
            continue
        path = tuple(name.strip().split("."))
        if element is None:
            info = act.checked.inputs.get(path[0])
            type_ = _type_at(act, info.type, path[1:]) if info is not None else None
        else:
            type_ = _type_at(act, element, path)
        if type_ is None:
            raise HsaError.single(f"no fact is called {name!r}", file=str(file),
                                  hint="a column is named by the fact's path, as in a case file (employment.contract.start)")
        inner = type_.inner if isinstance(type_, t.OptionalType) else type_
        if isinstance(inner, t.ListType) and isinstance(inner.element, t.RecordType):
            raise HsaError.single(f"{name!r} is a list of records: it has a table of its own", file=str(file))
        columns.append(Column(path, inner))
    return columns


def _cell(text: str | None, column: Column, place: str):
    """The value of a cell in the form a case file gives it; None for an empty cell."""
    if text is None or not text.strip():
        return None
    text = text.strip()
    type_ = column.type
    if type_ == t.BOOL:
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise HsaError.single(f"expected true or false, found {text!r}", file=place, path=".".join(column.path))
    if isinstance(type_, (t.ListType, t.SetType)):
        return [item.strip() for item in text.split(";") if item.strip()]
    if isinstance(type_, t.Number) and type_.integral:
        try:
            return int(text)
        except ValueError:
            raise HsaError.single(f"expected a whole number, found {text!r}", file=place,
                                  path=".".join(column.path)) from None
    return text


def _put(target: dict, path: tuple[str, ...], value) -> None:
    if value is None:
        return
    for step in path[:-1]:
        target = target.setdefault(step, {})
    target[path[-1]] = value
