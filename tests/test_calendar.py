"""The exact calendar of the prover (`hsa_dsl.prove.calendar`) gives what the runtime gives,
for every date a case may hold, leap days and month ends included; and the span of a fixed
number of months is the one the calendar really has."""

from datetime import date, timedelta

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hsa_dsl.runtime import values as runtime
from hsa_dsl.runtime.validate import FIRST_DAY, LAST_DAY

z3 = pytest.importorskip("z3")

from hsa_dsl.prove.calendar import Calendar  # noqa: E402
from hsa_dsl.prove.symbolic import month_span  # noqa: E402


class _Encoder:
    """What the calendar needs of an encoder: fresh variables and a list of constraints."""

    def __init__(self):
        self.constraints = []
        self.count = 0

    def fresh(self, base, sort):
        self.count += 1
        return z3.Int(f"{base}!{self.count}")


def solved(first: date, second: date, months: int, date_parts: bool) -> list:
    encoder = _Encoder()
    calendar = Calendar(encoder)
    a, b, moved = z3.Int("a"), z3.Int("b"), z3.Int("moved")
    if date_parts:
        calendar.date(a, "a")
        calendar.date(b, "b")
    calendar.add_months(a, months, moved)
    values = [moved, calendar.start_of_month(a), calendar.end_of_month(a),
              calendar.years_between(a, b), calendar.months_between(a, b)]
    solver = z3.Solver()
    solver.add(*encoder.constraints, a == first.toordinal(), b == second.toordinal())
    assert solver.check() == z3.sat
    model = solver.model()
    return [model.eval(v).as_long() for v in values]


def expected(first: date, second: date, months: int) -> list:
    return [runtime.add_months(first, months).toordinal(), runtime.start_of_month(first).toordinal(),
            runtime.end_of_month(first).toordinal(), runtime.years_between(first, second),
            runtime.months_between(first, second)]


@settings(max_examples=60, deadline=None, derandomize=True)
@given(first=st.dates(FIRST_DAY, LAST_DAY), offset=st.integers(-4000, 4000), months=st.integers(-60, 60),
       date_parts=st.booleans())
# 29 February against a common year and a leap one; month ends; the ends of the range; the
# centuries 1900 and 2100 (not leap) and 2000 (leap)
@example(date(2004, 2, 29), 6573, 216, False)      # 2022-02-28: 17 years, 215 months
@example(date(2004, 2, 29), 6574, 12, True)        # 2022-03-01: 18 years
@example(date(2025, 1, 31), 28, 1, False)          # 2025-02-28: one month
@example(date(1900, 2, 28), 1, 12, True)           # 1900 is no leap year: 1 March
@example(date(2000, 2, 29), 366, 12, False)        # 2000 is one
@example(date(2100, 2, 28), 1, -1, True)
@example(date(1900, 1, 1), 0, 0, False)
@example(date(2199, 12, 31), -1, 1, True)          # a month beyond the last day a case holds
def test_the_exact_calendar_is_the_runtime_calendar(first, offset, months, date_parts):
    second = first + timedelta(days=offset)
    assert solved(first, second, months, date_parts) == expected(first, second, months)


def test_a_fixed_number_of_months_spans_the_days_the_calendar_has():
    # 12 months: 365 days, or 366 over a 29 February
    assert month_span(12) == (365, 366)
    # one month: 28 (from 1 February of a common year, or 31 January) to 31 days
    assert month_span(1) == (28, 31)
    assert month_span(-1) == (-31, -28)
    # 48 months hold one leap day, or none where they span a century like 2100: 1460 or 1461
    assert month_span(48) == (1460, 1461)
    assert month_span(0) == (0, 0)
