"""Columns: the values of one expression for every row of a frame, exactly.

A column holds one value per row: truth values, whole numbers, exact rationals, dates, the
members of an enumeration, texts, entries of the case's lists and windows of them. Numbers
are never floats: a column of numbers is an array of 64-bit integers over one denominator
for the whole column (NT$29,500 / 240 hours is 354 000 / 2 880 in a column whose
denominator is 2 880), so that sums, comparisons, minima and maxima are integer operations.
Where an operation would leave 64 bits, the rows concerned are marked failed instead, and
the batch decides those cases again on the scalar path: a result is exact or not given by
this backend at all.

Every column may carry two masks: `given` (False where an optional value is not given) and
`failed` (True where evaluating the row raised, or would have, in the scalar path: a division
by zero, a date off the calendar, a parameter with no value for a date). A failed row's value
means nothing; the masks travel through every operation as the scalar code's `None` and its
exceptions do (see :mod:`hsa_dsl.batch.expressions`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

#: no numerator or product of an exact column may reach this (2**62 leaves room for one sum)
LIMIT = 1 << 62

BOOL, NUMBER, DATE, CODE, CODES, TEXT, ENTRY, WINDOW = ("bool", "number", "date", "code", "codes", "text", "entry",
                                                      "window")


class Column:
    """The values of an expression in every row of a frame (see the module's docstring).

    `kind` is one of BOOL, NUMBER (numerators over `denominator`), DATE (day numbers, as
    `date.toordinal` gives them), CODE (an enumeration member's place among its members), TEXT
    (Python strings), CODES (a set of an enumeration's members, one bit for each), ENTRY (rows of the case table `table`, -1 where none) and WINDOW (rows of
    the window table `table`)."""

    __slots__ = ("kind", "values", "denominator", "given", "failed", "table")

    def __init__(self, kind: str, values: np.ndarray, denominator: int = 1, given=None, failed=None, table=None):
        self.kind = kind
        self.values = values
        self.denominator = denominator
        self.given = given
        self.failed = failed
        self.table = table

    def __len__(self) -> int:
        return len(self.values)

    def take(self, rows: np.ndarray) -> "Column":
        """The column's values at `rows` (the rows of another frame that these stand for). An
        empty column (a kind of record no case of the batch has) gives nothing-given rows."""
        if len(self.values) == 0 and len(rows):
            empty = np.zeros(len(rows), dtype=self.values.dtype)
            return Column(self.kind, empty, self.denominator, np.zeros(len(rows), bool), None, self.table)
        return Column(self.kind, self.values[rows], self.denominator,
                      None if self.given is None else self.given[rows],
                      None if self.failed is None else self.failed[rows], self.table)

    def with_values(self, values: np.ndarray, denominator: int | None = None, kind: str | None = None,
                    given=Ellipsis, failed=Ellipsis) -> "Column":
        return Column(kind or self.kind, values, self.denominator if denominator is None else denominator,
                      self.given if given is Ellipsis else given, self.failed if failed is Ellipsis else failed,
                      self.table)

    def is_given(self) -> np.ndarray:
        return np.ones(len(self.values), bool) if self.given is None else self.given


def either(a: np.ndarray | None, b: np.ndarray | None) -> np.ndarray | None:
    """The union of two masks, None meaning no row."""
    if a is None:
        return b
    if b is None:
        return a
    return a | b


def only_where(mask: np.ndarray | None, where: np.ndarray) -> np.ndarray | None:
    """A mask kept only on the rows of `where` (the rows whose value is used)."""
    if mask is None:
        return None
    kept = mask & where
    return kept if kept.any() else None


def constant(value, kind: str, n: int, denominator: int = 1, table=None) -> Column:
    dtype = {BOOL: bool, TEXT: object}.get(kind, np.int64)
    return Column(kind, np.full(n, value, dtype=dtype), denominator, table=table)


def not_given(kind: str, n: int, denominator: int = 1, table=None) -> Column:
    dtype = {BOOL: bool, TEXT: object}.get(kind, np.int64)
    return Column(kind, np.zeros(n, dtype=dtype), denominator, given=np.zeros(n, bool), table=table)


# ---------------------------------------------------------------------------- exact numbers


def fraction_parts(value) -> tuple[int, int]:
    """A number of a case or an act (int, Decimal, Fraction) as numerator and denominator."""
    if isinstance(value, int):
        return value, 1
    ratio = value.as_integer_ratio()
    return ratio[0], ratio[1]


def overflowing(values: np.ndarray, factor: int) -> np.ndarray | None:
    """The rows whose value times `factor` would reach :data:`LIMIT`, or None if none would."""
    if factor == 1 or len(values) == 0:
        return None
    bound = LIMIT // abs(factor)
    over = np.abs(values) >= bound
    return over if over.any() else None


def scaled(column: Column, denominator: int) -> tuple[np.ndarray, np.ndarray | None]:
    """A column's numerators over `denominator` (a multiple of its own), and the rows that
    would overflow doing so."""
    factor = denominator // column.denominator
    if factor == 1:
        return column.values, None
    over = overflowing(column.values, factor)
    values = column.values if over is None else np.where(over, 0, column.values)
    return values * factor, over


def common(a: Column, b: Column) -> tuple[np.ndarray, np.ndarray, int, np.ndarray | None]:
    """Two number columns over one denominator (their least common multiple)."""
    denominator = math.lcm(a.denominator, b.denominator)
    if denominator >= LIMIT:
        raise OverflowError("denominator beyond 64 bits")
    left, over_a = scaled(a, denominator)
    right, over_b = scaled(b, denominator)
    return left, right, denominator, either(over_a, over_b)


def reduced(values: np.ndarray, denominator: int) -> tuple[np.ndarray, int]:
    """The same numbers over the smallest denominator the whole column allows."""
    if denominator == 1 or len(values) == 0:
        return values, denominator
    divisor = math.gcd(int(np.gcd.reduce(values)), denominator)
    if divisor <= 1:
        return values, denominator
    return values // divisor, denominator // divisor


def product_overflows(a: np.ndarray, b: np.ndarray) -> np.ndarray | None:
    """The rows where `a * b` would reach :data:`LIMIT` (worked out in floating point, with a
    margin, only to find the rows; the product itself is exact)."""
    if len(a) == 0:
        return None
    estimate = np.abs(a.astype(np.float64)) * np.abs(b.astype(np.float64))
    over = estimate >= float(LIMIT) / 4
    return over if over.any() else None


def to_fraction(column: Column, row: int):
    """One row's number as the scalar path holds it (an int for a whole number of an integral
    type is the caller's business)."""
    from fractions import Fraction

    return Fraction(int(column.values[row]), column.denominator)


def segment_sums(values: np.ndarray, starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray | None]:
    """The sums of runs of `values` (run i is `values[starts[i]:starts[i] + counts[i]]`), exact,
    and the runs whose sum may have left 64 bits."""
    totals = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
    sums = totals[starts + counts] - totals[starts]
    # a run of n values each below LIMIT / 2**k stays within 64 bits; beyond that, say so
    if len(values):
        peak = int(np.abs(values).max())
        if peak * max(len(values), 1) >= LIMIT:
            bound = np.zeros(len(starts), bool)
            big = np.abs(values) >= LIMIT // max(len(values), 1)
            marks = np.concatenate(([0], np.cumsum(big)))
            bound |= (marks[starts + counts] - marks[starts]) > 0
            return sums, bound if bound.any() else None
    return sums, None


def as_python(column: Column, row: int) -> Any:
    """One row's value as the scalar path holds it, for the few places that compare values
    across firings in Python (exceptions, settling an output)."""
    if column.given is not None and not column.given[row]:
        return None
    value = column.values[row]
    if column.kind == NUMBER:
        return to_fraction(column, row)
    if column.kind == BOOL:
        return bool(value)
    if column.kind in (DATE, CODE, ENTRY, WINDOW):
        return int(value)
    return value
