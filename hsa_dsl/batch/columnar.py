"""Cases from tables, read as columns: the batch backend's input from payroll systems.

A folder of tables (see :mod:`hsa_dsl.tables` for the layout: ``cases.csv`` and a table per
list of records) is read with Arrow, as CSV or as Parquet (``cases.parquet`` and
``<list>.parquet``, any column types: every value is read as the text a CSV would hold), a
batch of cases at a time: the rows of every list table are taken alongside, in the order of
the cases, so memory stays flat however long the tables are.

Each batch becomes the backend's tables (:class:`hsa_dsl.batch.store.Store`) with no Python
work per value: texts are parsed by Arrow's kernels, and a case is validated as columns, its
record checks evaluated by the batch's own expressions. Only the plainest writing of each
value is read here (a number of at most 12 digits before the point and 6 after it, 2 for
money; a date YYYY-MM-DD; true, yes, false, no; a member's name); a case with anything else,
or that breaks any rule of the validator, is left to the scalar path, which reads it from the
same rows as the table reader does (:func:`hsa_dsl.tables.case_from_rows`) and accepts it or
says exactly why not. Either way its record is the one the scalar path would give.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Iterator

import numpy as np

from hsa_dsl import tables
from hsa_dsl.check import types as t
from hsa_dsl.errors import HsaError

from .store import ListField, Store, Table
from .values import BOOL, CODE, CODES, DATE, ENTRY, NUMBER, TEXT, Column, fraction_parts
from .windows import EPOCH_ORDINAL

SUFFIXES = (".csv", ".parquet")
_WHOLE = r"^-?[0-9]{1,15}$"
_DECIMAL = r"^-?[0-9]{1,12}(\.[0-9]{1,6})?$"
_MONEY = r"^-?[0-9]{1,12}(\.[0-9]{1,2})?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: the days a case can speak of (see hsa_dsl.runtime.validate)
FIRST_DAY, LAST_DAY = 693596, 803168  # 1900-01-01, 2199-12-31
PLACES = 6
MAX_LIST_LENGTH = 100_000


def _arrow():
    try:
        import pyarrow  # noqa: F401
    except ImportError:
        raise HsaError.single("reading tables as columns needs pyarrow",
                              hint="pip install 'hsa-dsl[batch]', or decide them with --backend scalar") from None
    import pyarrow as pa
    import pyarrow.compute as pc

    return pa, pc


@functools.lru_cache(maxsize=256)
def _string(value: str):
    """An Arrow text made once: Arrow converts a Python value afresh at every call, trying
    to import optional modules each time."""
    pa, _ = _arrow()
    return pa.scalar(value, pa.string())


@functools.lru_cache(maxsize=256)
def _strings(values: tuple[str, ...]):
    pa, _ = _arrow()
    return pa.array(list(values), pa.string())


def table_format(folder: Path) -> str | None:
    """".csv" or ".parquet" for a folder of case tables, None for anything else."""
    if not folder.is_dir():
        return None
    for suffix in SUFFIXES:
        if (folder / f"cases{suffix}").is_file():
            return suffix
    return None


# ---------------------------------------------------------------------------- reading


class _Rows:
    """One table read a record batch at a time, every column as text, with the place (file and
    line) of each row, as the CSV reader counts lines."""

    def __init__(self, file: Path):
        pa, _ = _arrow()
        self.file = file
        if file.suffix == ".parquet":
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(file)
            self.names = [n.lstrip("\ufeff") for n in parquet.schema_arrow.names]
            self._batches = parquet.iter_batches(batch_size=65_536)
            self.csv = False
        else:
            import csv

            import pyarrow.csv as pcsv

            with open(file, encoding="utf-8-sig", newline="") as stream:
                header = next(csv.reader(stream), [])
            self.names = [n.lstrip("\ufeff") for n in header]
            self._batches = iter(pcsv.open_csv(
                file, read_options=pcsv.ReadOptions(block_size=1 << 22),
                parse_options=pcsv.ParseOptions(newlines_in_values=True),
                convert_options=pcsv.ConvertOptions(column_types={n: pa.string() for n in header},
                                                    strings_can_be_null=False, quoted_strings_can_be_null=False)))
            self.csv = True
        #: the line (CSV) or row (Parquet) of the next row not yet read
        self.next_line = 2 if self.csv else 1
        self.pending = None  # a pyarrow Table of rows read but not yet taken

    def _read(self) -> bool:
        pa, pc = _arrow()
        batch = next(self._batches, None)
        if batch is None:
            return False
        # a Parquet null is an empty cell, as in CSV
        columns = [pc.fill_null(pc.cast(column, pa.string()), "") for column in batch.columns]
        table = pa.Table.from_arrays(columns, names=self.names)
        self.pending = table if self.pending is None else pa.concat_tables([self.pending, table])
        return True

    def take(self, count: int):
        """The next `count` rows (fewer at the end), and the line of each."""
        pa, _ = _arrow()
        while (self.pending is None or self.pending.num_rows < count) and self._read():
            pass
        if self.pending is None:
            return pa.table({n: pa.array([], pa.string()) for n in self.names}), np.zeros(0, np.int64)
        taken = self.pending.slice(0, count)
        self.pending = self.pending.slice(count)
        return taken, self._lines(taken)

    def take_cases(self, keys: dict[str, int]):
        """The rows at the head of the table whose case is one of `keys` (their place in the
        batch), the place of each row's case, and the line of each row. The rows of a case come
        together, in the order of the cases: anything else is an error of the table."""
        pa, pc = _arrow()
        key_set = pa.array(list(keys), pa.string())
        taken = []
        while True:
            if self.pending is None or self.pending.num_rows == 0:
                if not self._read():
                    break
            case_keys = pc.utf8_trim_whitespace(self.pending.column(tables.KEY))
            inside = pc.is_in(case_keys, value_set=key_set).to_numpy(zero_copy_only=False)
            outside = np.flatnonzero(~inside)
            stop = int(outside[0]) if len(outside) else self.pending.num_rows
            taken.append(self.pending.slice(0, stop))
            self.pending = self.pending.slice(stop)
            if len(outside):
                break
        rows = pa.concat_tables(taken) if taken else self.pending.slice(0, 0)
        lines = self._lines(rows)
        owners = pc.index_in(pc.utf8_trim_whitespace(rows.column(tables.KEY)), value_set=key_set)
        owners = owners.to_numpy(zero_copy_only=False).astype(np.int64)
        order = np.asarray([keys[k] for k in key_set.to_pylist()], dtype=np.int64)[owners] if len(owners) else owners
        if len(order) > 1 and (np.diff(order) < 0).any():
            bad = int(np.flatnonzero(np.diff(order) < 0)[0]) + 1
            raise tables.OutOfOrder.single(
                f"the rows of case {rows.column(tables.KEY)[bad].as_py()!r} are not together, in the order of "
                f"{tables.CASES_FILE}", file=f"{self.file}:{int(lines[bad])}",
                hint=f"sort the table by the order of {tables.CASES_FILE}, keeping each case's rows in their order")
        return rows, order, lines

    def _lines(self, rows) -> np.ndarray:
        """Each row's line: a CSV cell with line breaks in it takes more than one."""
        _, pc = _arrow()
        n = rows.num_rows
        extra = np.zeros(n, np.int64)
        if self.csv and n:
            for column in rows.columns:
                extra += pc.count_substring(column, "\n").to_numpy(zero_copy_only=False).astype(np.int64)
        lines = self.next_line + np.arange(n, dtype=np.int64) + np.concatenate(([0], np.cumsum(extra)[:-1]))
        self.next_line += n + int(extra.sum())
        return lines

    def finish(self) -> None:
        while self._read():
            pass
        if self.pending is not None and self.pending.num_rows:
            left = self.pending.column(tables.KEY)[0].as_py()
            raise tables.OutOfOrder.single(
                f"rows for case {left!r}, which {tables.CASES_FILE} does not have (or not at this place in its order)",
                file=f"{self.file}:{self.next_line}")


def _compact(table):
    """A table of rows of its own: each column's chunks copied into one array."""
    pa, _ = _arrow()
    return pa.Table.from_arrays([pa.concat_arrays([*column.chunks, pa.array([], column.type)])
                                 for column in table.columns], names=table.column_names)


class CaseBatch:
    """A batch of cases read from a folder of tables: their rows, and the places they came from
    (plain data: a batch can be sent to another process)."""

    def __init__(self, cases_file: Path, case_columns: list, list_info: dict, cases, lines, lists: dict):
        self.cases_file = cases_file
        self.case_columns = case_columns
        #: per list table: (the list's path, its file, its columns)
        self.list_info = list_info
        self.cases = cases
        self.lines = lines
        #: per list table: (rows, each row's case in the batch, each row's line)
        self.lists = lists
        self.size = cases.num_rows
        _, pc = _arrow()
        self.keys = pc.utf8_trim_whitespace(cases.column(tables.KEY)).to_pylist() if self.size else []

    def __getstate__(self) -> dict:
        # sent to a worker process: the batch's rows only, not the whole blocks read that they
        # are slices of (Arrow pickles a slice with all of its buffers)
        state = dict(self.__dict__)
        state["cases"] = _compact(self.cases)
        state["lists"] = {dotted: (_compact(rows), owners, lines) for dotted, (rows, owners, lines) in self.lists.items()}
        return state

    def name(self, i: int) -> str:
        return f"{self.cases_file}:{int(self.lines[i])}"

    def pending(self, i: int):
        """Case i as the table reader gives it to the scalar path (read from the same rows)."""
        from hsa_dsl.audit import Pending

        name = self.name(i)
        row = {n: self.cases.column(n)[i].as_py() for n in self.cases.column_names}
        found = {}
        for dotted, (rows, owners, lines) in self.lists.items():
            path, file, columns = self.list_info[dotted]
            picked = np.flatnonzero(owners == i)
            found[dotted] = (columns, path, [({n: rows.column(n)[int(j)].as_py() for n in rows.column_names},
                                              f"{file}:{int(lines[j])}") for j in picked])
        try:
            return Pending(name, case=tables.case_from_rows(self.case_columns, row, found, name))
        except HsaError as error:
            return Pending(name, error=error)


class TableFolder:
    """A folder of case tables (CSV or Parquet), read in batches of cases."""

    def __init__(self, act, folder: Path):
        suffix = table_format(folder)
        if suffix is None:
            raise HsaError.single("no cases.csv or cases.parquet here", file=str(folder))
        self.act = act
        self.folder = folder
        self.cases_file = folder / f"cases{suffix}"
        #: dotted path → (path, file)
        self.lists: dict[str, tuple[tuple, Path]] = {}
        for dotted, path in tables.list_tables(act).items():
            file = folder / f"{dotted}{suffix}"
            if file.is_file():
                self.lists[dotted] = (path, file)
        self._cases = _Rows(self.cases_file)
        self.case_columns = tables._columns(act, self._cases.names, self.cases_file, None)
        self._list_rows = {dotted: _Rows(file) for dotted, (_, file) in self.lists.items()}
        self.list_info = {dotted: (path, file, tables._columns(act, self._list_rows[dotted].names, file,
                                                               tables.element_of(act, path)))
                          for dotted, (path, file) in self.lists.items()}

    def batches(self, size: int) -> Iterator[CaseBatch]:
        while True:
            cases, lines = self._cases.take(size)
            if cases.num_rows == 0:
                break
            batch = CaseBatch(self.cases_file, self.case_columns, self.list_info, cases, lines, {})
            keys = {}
            for i, key in enumerate(batch.keys):
                keys.setdefault(key, i)
            for dotted, rows in self._list_rows.items():
                batch.lists[dotted] = rows.take_cases(keys)
            yield batch
        for rows in self._list_rows.values():
            rows.finish()


# ---------------------------------------------------------------------------- columns


class _Source:
    """Where a table's fields are read from: columns of text named by a path prefix."""

    def __init__(self, table, prefix: str, rows: int, present=None):
        self.table = table
        self.prefix = prefix
        self.rows = rows
        self.present = present

    def text(self, field: str):
        name = self.prefix + field
        if name in self.table.column_names:
            return self.table.column(name)
        return None

    def sub(self, field: str) -> "_Source":
        return _Source(self.table, f"{self.prefix}{field}.", self.rows)

    def any_cell(self) -> np.ndarray:
        """Rows with a non-empty cell among the columns under the prefix: where a record inside
        the row is given (the table reader makes one from its first cell)."""
        _, pc = _arrow()
        found = np.zeros(self.rows, bool)
        for name in self.table.column_names:
            if name.startswith(self.prefix):
                text = pc.utf8_trim_whitespace(self.table.column(name))
                found |= pc.not_equal(text, _string("")).to_numpy(zero_copy_only=False)
        return found


def store_of(act, batch: CaseBatch) -> tuple[Store, np.ndarray]:
    """The batch's cases as the backend's tables, and which cases the columns accept (the
    others go to the scalar path)."""
    checked = act.checked
    n = batch.size
    store = Store.empty(checked, n)
    # a row that names no case is the scalar path's to refuse
    refused = np.asarray([key == "" for key in batch.keys], bool) if n else np.zeros(0, bool)
    cases = np.arange(n, dtype=np.int64)
    source = _Source(batch.cases, "", n)
    for name, info in checked.inputs.items():
        inner = info.type.inner if isinstance(info.type, t.OptionalType) else info.type
        if isinstance(inner, t.RecordType):
            present = _presence(source.sub(name), name, batch)
            if not isinstance(info.type, t.OptionalType):
                refused |= ~present
            table = _record_table(store, name, inner.name, source.sub(name), cases, batch, refused, present)
            rows = np.where(present, cases, -1)
            store.inputs[name] = Column(ENTRY, rows, given=None if present.all() else present, table=table)
        elif isinstance(inner, t.ListType):
            raise HsaError.single("a list as an input of the act has no table layout", file=str(batch.cases_file))
        else:
            column, bad = _parsed(source.text(name), info.type, n, None, (info.low, info.high))
            refused |= bad
            store.inputs[name] = column
    return store, ~refused


def _record_table(store: Store, name: str, record: str, source: _Source, case: np.ndarray, batch: CaseBatch,
                  refused: np.ndarray, present: np.ndarray, per_case: bool = True) -> Table:
    """The table of the records at `name`, one row per row of `source` (absent where `present`
    is False), with the rows of its lists from the list tables."""
    checked = store.act
    table = Table(name, record, checked)
    table.size = source.rows
    table.case = case
    store.tables[name] = table
    bad = np.zeros(source.rows, bool)
    for field, info in checked.records[record].fields.items():
        inner = info.type.inner if isinstance(info.type, t.OptionalType) else info.type
        if isinstance(inner, t.RecordType):
            sub = source.sub(field)
            # a record of cases.csv is also given by rows of its lists; one in a list's entry only by its cells
            here = (_presence(sub, f"{name}.{field}", batch) if per_case else sub.any_cell()) & present
            if not isinstance(info.type, t.OptionalType) and not info.has_default:
                bad |= present & ~here
            child = _record_table(store, f"{name}.{field}", inner.name, sub, case, batch, refused, here, per_case)
            table.records[field] = child
            table._columns[field] = Column(ENTRY, np.where(here, np.arange(source.rows), -1), given=here, table=child)
        elif isinstance(inner, t.ListType) and isinstance(inner.element, t.RecordType):
            dotted = f"{name}.{field}"
            found = batch.lists.get(dotted)
            element = inner.element.name
            if found is None:
                # a list with no table (one inside a list's entries, or not given): empty
                child = _record_table(store, dotted, element, _Source(_empty_rows(), "", 0), np.zeros(0, np.int64),
                                      batch, refused, np.zeros(0, bool), per_case=False)
                table.lists[field] = ListField(child, np.zeros(source.rows, np.int64), np.zeros(source.rows, np.int64))
                continue
            rows, owners, _ = found
            # list tables exist only for lists outside any list: their owner is the case
            child = _record_table(store, dotted, element, _Source(rows, "", rows.num_rows), owners, batch,
                                  refused, np.ones(rows.num_rows, bool), per_case=False)
            counts = np.bincount(owners, minlength=source.rows).astype(np.int64)
            starts = np.cumsum(counts) - counts
            limit = min(inner.max_length or MAX_LIST_LENGTH, MAX_LIST_LENGTH)
            bad |= counts > limit
            if inner.unique_by is not None:
                bad |= _repeated(child, inner.unique_by, owners, source.rows)
            table.lists[field] = ListField(child, starts, counts)
        else:
            column, wrong = _parsed(source.text(field), info.type, source.rows, info, (info.low, info.high))
            bad |= wrong & present
            table._columns[field] = column
    _refuse(refused, case, bad)
    return table


def _presence(source: _Source, name: str, batch: CaseBatch) -> np.ndarray:
    """Where a record of cases.csv is given: a cell of it is not empty, or one of its lists has
    rows (the table reader makes the record from either)."""
    present = source.any_cell()
    for dotted, (_, owners, _) in batch.lists.items():
        if dotted.startswith(name + ".") and len(owners):
            present[owners] = True
    return present


def _refuse(refused: np.ndarray, case: np.ndarray, bad: np.ndarray) -> None:
    if bad.any():
        refused[case[bad]] = True


def _empty_rows():
    pa, _ = _arrow()
    return pa.table({})


def _repeated(child: Table, field: str, owners: np.ndarray, cases: int) -> np.ndarray:
    """Cases where two entries of a list share the value it must keep apart."""
    values = child.column(field).values
    out = np.zeros(cases, bool)
    if len(values) < 2:
        return out
    codes = values.astype(np.int64) if values.dtype != object else np.unique(values, return_inverse=True)[1].ravel()
    same_owner = owners[1:] == owners[:-1]
    if np.all((owners[1:] > owners[:-1]) | (same_owner & (codes[1:] > codes[:-1]))):
        return out  # each case's entries in strictly increasing order (a time card by date): none repeated
    order = np.lexsort((codes, owners))
    owners, codes = owners[order], codes[order]
    repeated = (owners[1:] == owners[:-1]) & (codes[1:] == codes[:-1])
    out[owners[1:][repeated]] = True
    return out


#: an empty cell read as each type (with its field's default and bounds): most fields of an
#: act are absent from a payroll's tables, and each batch reads them all
_EMPTY_CELLS: dict = {}


def _parsed(text, type_, rows: int, info, bounds, distinct: bool = False) -> tuple[Column, np.ndarray]:
    """A column of text parsed as values of `type_`, and the rows the columns cannot accept
    (written otherwise than plainly, out of bounds, missing where required)."""
    if distinct:
        return _parsed_distinct(text, type_, rows, info, bounds)
    pa, pc = _arrow()
    inner = type_.inner if isinstance(type_, t.OptionalType) else type_
    if text is None:  # a column the table does not have: every cell empty
        key = (type_, info, bounds)
        empty = _EMPTY_CELLS.get(key)
        if empty is None:
            if len(_EMPTY_CELLS) >= 4_096:
                _EMPTY_CELLS.clear()
            empty = _EMPTY_CELLS[key] = _parsed(_strings(("",)), type_, 1, info, bounds, distinct=True)
        column, bad = empty
        places = np.zeros(rows, np.intp)
        return column.take(places), bad[places]
    if inner != t.STRING:
        # a column holds few distinct texts (hours, dates, names): each is parsed once
        encoded = pc.dictionary_encode(text)
        if isinstance(encoded, pa.ChunkedArray):
            encoded = encoded.combine_chunks() if encoded.num_chunks else pa.array([], pa.string()).dictionary_encode()
        places = encoded.indices.to_numpy(zero_copy_only=False).astype(np.intp)
        column, bad = _parsed(encoded.dictionary, type_, len(encoded.dictionary), info, bounds, distinct=True)
        return column.take(places), bad[places]
    return _parsed(text, type_, rows, info, bounds, distinct=True)


def _parsed_distinct(text, type_, rows: int, info, bounds) -> tuple[Column, np.ndarray]:
    pa, pc = _arrow()
    optional = isinstance(type_, t.OptionalType)
    inner = type_.inner if optional else type_
    text = pc.utf8_trim_whitespace(text)
    empty = pc.equal(text, _string("")).to_numpy(zero_copy_only=False)
    bad = np.zeros(rows, bool)
    if isinstance(inner, t.Number):
        column, wrong = _numbers(text, inner)
    elif inner == t.BOOL:
        lower = pc.utf8_lower(text)
        yes = pc.is_in(lower, value_set=_strings(tuple(tables.TRUE))).to_numpy(zero_copy_only=False)
        no = pc.is_in(lower, value_set=_strings(tuple(tables.FALSE))).to_numpy(zero_copy_only=False)
        column, wrong = Column(BOOL, yes), ~(yes | no)
    elif inner == t.DATE:
        column, wrong = _dates(text)
    elif isinstance(inner, t.EnumType):
        place = pc.index_in(text, value_set=_strings(tuple(inner.members)))
        wrong = pc.is_null(place).to_numpy(zero_copy_only=False)
        codes = pc.fill_null(place, 0).to_numpy(zero_copy_only=False).astype(np.int64)
        column = Column(CODE, codes, table=inner.name)
    elif isinstance(inner, t.SetType) and isinstance(inner.element, t.EnumType) and len(inner.element.members) < 63:
        column, wrong = _code_sets(text, inner.element)
    elif inner == t.STRING:
        column, wrong = Column(TEXT, np.asarray(text.to_pylist(), dtype=object)), np.zeros(rows, bool)
    else:
        # a kind of value the columns do not read: every case that gives one goes to the scalar path
        column, wrong = Column(TEXT, np.zeros(rows, dtype=object)), np.ones(rows, bool)
    wrong = wrong & ~empty
    if isinstance(inner, t.Number) and not wrong.all():
        bad |= _outside(column, bounds, ~empty & ~wrong)
    bad |= wrong
    # an empty cell: the default, not given, an empty set or list, or missing
    if empty.any():
        if info is not None and info.has_default:
            column = _with_default(column, empty, info.default, inner)
        elif optional:
            column.given = ~empty
            column.values = np.where(empty, column.values.dtype.type(0) if column.values.dtype != object else None,
                                     column.values)
        elif isinstance(inner, t.SetType):
            column.values = np.where(empty, 0, column.values)
        else:
            bad |= empty
    return column, bad


def _numbers(text, type_: t.Number) -> tuple[Column, np.ndarray]:
    pa, pc = _arrow()
    if type_.integral:
        plain = pc.match_substring_regex(text, _WHOLE).to_numpy(zero_copy_only=False)
        kept = pc.if_else(pa.array(plain), text, _string("0"))
        return Column(NUMBER, pc.cast(kept, pa.int64()).to_numpy(zero_copy_only=False).astype(np.int64)), ~plain
    pattern = _MONEY if type_ == t.MONEY else _DECIMAL
    plain = pc.match_substring_regex(text, pattern).to_numpy(zero_copy_only=False)
    kept = pc.if_else(pa.array(plain), text, _string("0"))
    decimals = pc.cast(kept, pa.decimal128(19, PLACES))
    if isinstance(decimals, pa.ChunkedArray):
        decimals = decimals.combine_chunks()
    # the unscaled integers of the decimals: the low words of their 128 bits (at most 18 digits)
    words = np.frombuffer(decimals.buffers()[1], dtype=np.int64)
    numerators = words[2 * decimals.offset::2][:len(decimals)].copy()
    denominator = 10 ** PLACES
    divisor = math.gcd(int(np.gcd.reduce(numerators)) if len(numerators) else 0, denominator)
    if divisor > 1:
        numerators //= divisor
        denominator //= divisor
    return Column(NUMBER, numerators, denominator), ~plain


def _dates(text) -> tuple[Column, np.ndarray]:
    pa, pc = _arrow()
    shaped = pc.match_substring_regex(text, _DATE).to_numpy(zero_copy_only=False)
    kept = pc.if_else(pa.array(shaped), text, _string("2000-01-01"))
    moments = pc.strptime(kept, format="%Y-%m-%d", unit="s", error_is_null=True)
    days = pc.cast(moments, pa.date32())
    # strptime rolls 30 February over to March: a date is one of the calendar only if it reads back the same
    same = pc.equal(pc.strftime(days, format="%Y-%m-%d"), kept)
    valid = pc.fill_null(same, False).to_numpy(zero_copy_only=False) & shaped
    ordinals = pc.fill_null(pc.cast(days, pa.int32()), 0).to_numpy(zero_copy_only=False).astype(np.int64) + EPOCH_ORDINAL
    valid &= (ordinals >= FIRST_DAY) & (ordinals <= LAST_DAY)
    return Column(DATE, np.where(valid, ordinals, FIRST_DAY)), ~valid


def _code_sets(text, enum: t.EnumType) -> tuple[Column, np.ndarray]:
    pa, pc = _arrow()
    parts = pc.split_pattern(text, ";")
    counts = pc.list_value_length(parts).to_numpy(zero_copy_only=False).astype(np.int64)
    items = pc.utf8_trim_whitespace(pc.list_flatten(parts))
    blank = pc.equal(items, _string("")).to_numpy(zero_copy_only=False)
    place = pc.index_in(items, value_set=_strings(tuple(enum.members)))
    unknown = pc.is_null(place).to_numpy(zero_copy_only=False) & ~blank
    codes = pc.fill_null(place, 0).to_numpy(zero_copy_only=False).astype(np.int64)
    bits = np.where(blank, 0, np.left_shift(1, codes))
    owner = np.repeat(np.arange(len(counts)), counts)
    rows = len(counts)
    values = np.zeros(rows, np.int64)
    np.bitwise_or.at(values, owner, bits)
    wrong = np.zeros(rows, bool)
    np.logical_or.at(wrong, owner, unknown)
    # a member listed twice: the validator refuses it
    listed = np.zeros(rows, np.int64)
    np.add.at(listed, owner, (~blank).astype(np.int64))
    distinct = np.asarray([bin(int(v)).count("1") for v in values], dtype=np.int64) if rows else values
    wrong |= listed != distinct
    return Column(CODES, values, table=enum.name), wrong


def _outside(column: Column, bounds, rows: np.ndarray) -> np.ndarray:
    low, high = bounds
    bad = np.zeros(len(column.values), bool)
    for bound, outside in ((low, np.less), (high, np.greater)):
        if bound is None:
            continue
        numerator, denominator = fraction_parts(bound)
        # a/d < n/m exactly: a*m < n*d (both sides within 64 bits for the values read here)
        bad |= outside(column.values * denominator, numerator * column.denominator)
    return bad & rows


def _with_default(column: Column, empty: np.ndarray, default, type_) -> Column:
    if isinstance(type_, t.Number):
        numerator, denominator = fraction_parts(default)
        common = math.lcm(denominator, column.denominator)
        values = np.where(empty, numerator * (common // denominator), column.values * (common // column.denominator))
        return Column(NUMBER, values, common)
    if type_ == t.BOOL:
        return Column(BOOL, np.where(empty, bool(default), column.values))
    if isinstance(type_, t.EnumType):
        return Column(CODE, np.where(empty, type_.members.index(default), column.values), table=type_.name)
    if type_ == t.DATE:
        return Column(DATE, np.where(empty, default.toordinal(), column.values))
    if type_ == t.STRING:
        return Column(TEXT, np.where(empty, default, column.values))
    return column
