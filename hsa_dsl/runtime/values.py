"""The values rules read: records of a case, dates, dated parameters and tables.

Nothing here knows any act.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any, Callable

from hsa_dsl.errors import EvaluationError

#: "no result kept yet" in generated code (None is a result like any other)
MISSING = object()


class Record(dict):
    """A record of a case: its fields by name, and where it came from (``employment.timecard[3]``)."""

    __slots__ = ("path", "type")

    def __init__(self, path: str, values: dict, type_name: str = ""):
        super().__init__(values)
        self.path = path
        self.type = type_name

    def __repr__(self) -> str:
        return f"<{self.path}>"

    def __hash__(self) -> int:  # records are identified by their place in the case
        return hash(self.path)

    def __eq__(self, other) -> bool:
        return isinstance(other, Record) and self.path == other.path and dict.__eq__(self, other)


def add_days(d: date, n: int) -> date:
    try:
        return d + timedelta(days=n)
    except OverflowError:
        raise EvaluationError.single(f"{d} + {n} days is outside the calendar") from None


def add_months(d: date, n: int) -> date:
    """The same day n calendar months later, or the month's last day if it is shorter."""
    month0 = d.month - 1 + n
    year = d.year + month0 // 12
    month = month0 % 12 + 1
    if not 1 <= year <= 9999:
        raise EvaluationError.single(f"{d} + {n} months is outside the calendar")
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def days_between(a: date, b: date) -> int:
    return (b - a).days


def years_between(a: date, b: date) -> int:
    """Whole years from a to b: the number of anniversaries of a reached by b (negative if b < a)."""
    if b < a:
        return -years_between(b, a)
    years = b.year - a.year
    try:
        anniversary = a.replace(year=b.year)
    except ValueError:  # 29 February in a common year: the anniversary falls on 1 March
        anniversary = date(b.year, 3, 1)
    if anniversary > b:
        years -= 1
    return years


def months_between(a: date, b: date) -> int:
    """Whole calendar months from a to b: the largest n with ``add_months(a, n) <= b`` (so
    2025-01-31 to 2025-02-28 is one month); negative if b < a, as ``-months_between(b, a)``."""
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    # add_months(a, months) falls in b's month: on a day after b's, the last month is not whole
    if min(a.day, calendar.monthrange(b.year, b.month)[1]) > b.day:
        months -= 1
    return months


def start_of_month(d: date) -> date:
    return d.replace(day=1)


def end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def first(value, fallback: Callable[[], Any]):
    return value if value is not None else fallback()


def parameter_value(name: str, values: tuple, at: date):
    """The value of a dated parameter in force on `at`, and the date it took effect."""
    chosen = None
    for effective, value in values:
        if effective <= at:
            chosen = (effective, value)
        else:
            break
    if chosen is None:
        raise EvaluationError.single(
            f"the act gives no value of '{name}' for {at}: its first value takes effect on {values[0][0]}",
            hint="add the value in force then to the parameter, or check the dates in the case",
        )
    return chosen


def no_table_row(name: str, key) -> None:
    raise EvaluationError.single(f"table '{name}' has no row for {key}",
                                 hint="add an `otherwise` row or a row that covers this key")
