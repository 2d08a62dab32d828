"""The Gregorian calendar as linear integer arithmetic, exactly as Python's `datetime` keeps it.

A date of a symbolic case is its day number (`date.toordinal`). To say what a month or a year
makes of it, the exact encoding splits a day number into year, month and day (three integers
tied to it by the same formula `toordinal` uses: whole years of 365 days, a leap day every
fourth year except centuries not divisible by 400, and the months' lengths). Division and
remainder by constants stay within linear integer arithmetic, which the solver decides; so
"twelve months from a date" is 365 or 366 days later, never 336 or 372.

The encoder uses this only when it is asked for an exact encoding (see `Encoder(exact=True)`):
the loose bounds are quicker to refute, and a question they leave open is asked again here.
"""

from __future__ import annotations

from typing import Any

import z3

_DAYS_4_YEARS = 4 * 365 + 1
_DAYS_100_YEARS = 25 * _DAYS_4_YEARS - 1
_DAYS_400_YEARS = 4 * _DAYS_100_YEARS + 1
#: days in the months before each month of a common year
_BEFORE_MONTH = (0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334)


def leap(year) -> Any:
    return z3.Or(z3.And(year % 4 == 0, year % 100 != 0), year % 400 == 0)


def month_length(year, month) -> Any:
    return z3.If(month == 2, z3.If(leap(year), 29, 28),
                 z3.If(z3.Or(month == 4, month == 6, month == 9, month == 11), 30, 31))


def ordinal(year, month, day) -> Any:
    """`date(year, month, day).toordinal()` for symbolic parts (a valid date assumed)."""
    before_year = 365 * (year - 1) + (year - 1) / 4 - (year - 1) / 100 + (year - 1) / 400
    before_month = z3.IntVal(0)
    for number in range(12, 0, -1):
        before_month = z3.If(month == number, _BEFORE_MONTH[number - 1], before_month)
    leap_day = z3.If(z3.And(month > 2, leap(year)), 1, 0)
    return before_year + before_month + leap_day + day


class Calendar:
    """Splits day numbers into (year, month, day), once for each day number it is given."""

    def __init__(self, encoder):
        self.encoder = encoder
        self._parts: dict[int, tuple] = {}

    def date(self, day, name: str) -> None:
        """Make a date of the case out of its parts: the solver chooses a year, a month and a
        day of the month, and the day number follows from them. Searching the calendar
        forwards finds a date with a property of its own (a 29 February) quickly; it costs
        much where there are many dates, so the encoder does it only when asked."""
        enc = self.encoder
        year, month, dom = z3.Int(f"{name}.year"), z3.Int(f"{name}.month"), z3.Int(f"{name}.day")
        enc.constraints += [month >= 1, month <= 12, dom >= 1, dom <= month_length(year, month),
                            day == ordinal(year, month, dom)]
        self._parts[day.get_id()] = (year, month, dom)

    def split(self, day) -> tuple:
        """(year, month, day of the month) of a day number, worked out forwards as
        `date.fromordinal` does (whole 400-, 100-, 4- and 1-year cycles, then the months), so
        the solver computes the parts from the day rather than guessing them."""
        key = day.get_id()
        known = self._parts.get(key)
        if known is not None:
            return known
        enc = self.encoder
        n = day - 1
        n400, n = n / _DAYS_400_YEARS, n % _DAYS_400_YEARS
        n100, n = n / _DAYS_100_YEARS, n % _DAYS_100_YEARS
        n4, n = n / _DAYS_4_YEARS, n % _DAYS_4_YEARS
        n1, n = n / 365, n % 365
        # the last day of a 4- or 400-year cycle is the 31 December its count runs over to
        last_day = z3.Or(n1 == 4, n100 == 4)
        year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
        leap_year = z3.And(n1 == 3, z3.Or(n4 != 24, n100 == 3))
        month, before = z3.IntVal(1), z3.IntVal(0)
        for number in range(2, 13):
            start = _BEFORE_MONTH[number - 1] + (z3.If(leap_year, 1, 0) if number > 2 else 0)
            month = z3.If(n >= start, number, month)
            before = z3.If(n >= start, start, before)
        parts = [enc.fresh("year", "int"), enc.fresh("month", "int"), enc.fresh("day", "int")]
        enc.constraints += [parts[0] == z3.If(last_day, year - 1, year),
                            parts[1] == z3.If(last_day, 12, month),
                            parts[2] == z3.If(last_day, 31, n - before + 1)]
        self._parts[key] = tuple(parts)
        return self._parts[key]

    # ------------------------------------------------------------------ the runtime's functions
    # (each as `hsa_dsl.runtime.values` defines it)

    def add_months(self, day, months, result) -> None:
        """Constrain `result` to be `day` moved by `months`, with its parts known."""
        year, month, dom = self.split(day)
        total = year * 12 + (month - 1) + months
        parts = (self.encoder.fresh("year", "int"), self.encoder.fresh("month", "int"),
                 self.encoder.fresh("day", "int"))
        length = month_length(parts[0], parts[1])
        self.encoder.constraints += [parts[0] == total / 12, parts[1] == total % 12 + 1,
                                     parts[2] == z3.If(dom <= length, dom, length),
                                     result == ordinal(*parts)]
        self._parts[result.get_id()] = parts

    def start_of_month(self, day):
        _, _, dom = self.split(day)
        return day - dom + 1

    def end_of_month(self, day):
        year, month, dom = self.split(day)
        return day - dom + month_length(year, month)

    def years_between(self, a, b):
        """The anniversaries of the earlier date reached by the later, negative if b < a."""
        return z3.If(b >= a, self._anniversaries(a, b), -self._anniversaries(b, a))

    def _anniversaries(self, a, b):
        ya, ma, da = self.split(a)
        yb, mb, db = self.split(b)
        # 29 February's anniversary in a common year falls on 1 March
        moved = z3.And(ma == 2, da == 29, z3.Not(leap(yb)))
        month, dom = z3.If(moved, 3, ma), z3.If(moved, 1, da)
        after = z3.Or(month > mb, z3.And(month == mb, dom > db))
        return yb - ya - z3.If(after, 1, 0)

    def months_between(self, a, b):
        return z3.If(b >= a, self._whole_months(a, b), -self._whole_months(b, a))

    def _whole_months(self, a, b):
        ya, ma, da = self.split(a)
        yb, mb, db = self.split(b)
        length = month_length(yb, mb)
        short = z3.If(da <= length, da, length) > db
        return (yb - ya) * 12 + mb - ma - z3.If(short, 1, 0)
