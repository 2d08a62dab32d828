"""The runtime's calendar arithmetic and windows, and the decimals exact rationals are given back as."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hsa_dsl import runtime
from hsa_dsl.runtime import Record


def test_years_between_counts_anniversaries():
    assert runtime.years_between(date(2020, 3, 1), date(2025, 2, 28)) == 4
    assert runtime.years_between(date(2020, 3, 1), date(2025, 3, 1)) == 5
    # a start on 29 February reaches its anniversary on 1 March in common years
    assert runtime.years_between(date(2020, 2, 29), date(2021, 2, 28)) == 0
    assert runtime.years_between(date(2020, 2, 29), date(2021, 3, 1)) == 1
    assert runtime.years_between(date(2025, 1, 1), date(2024, 1, 1)) == -1


def test_add_months_clamps_to_the_end_of_the_month():
    assert runtime.add_months(date(2025, 1, 31), 1) == date(2025, 2, 28)
    assert runtime.add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert runtime.add_months(date(2025, 11, 15), 3) == date(2026, 2, 15)
    assert runtime.add_months(date(2025, 3, 31), -1) == date(2025, 2, 28)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2900, 1, 1)), st.integers(-240, 240))
def test_add_months_lands_in_the_right_month(d, n):
    result = runtime.add_months(d, n)
    assert (result.year * 12 + result.month) - (d.year * 12 + d.month) == n
    assert result.day <= d.day


def entries(*dates: str):
    return tuple(Record(f"t[{i}]", {"date": date.fromisoformat(x)}) for i, x in enumerate(dates))


def test_calendar_weeks_run_monday_to_sunday():
    windows = runtime.group(entries("2025-03-02", "2025-03-03", "2025-03-09", "2025-03-10"),
                            "calendar_week", None, None, "date", "t")
    assert [(w.start.isoformat(), w.end.isoformat(), len(w)) for w in windows] == [
        ("2025-02-24", "2025-03-02", 1), ("2025-03-03", "2025-03-09", 2), ("2025-03-10", "2025-03-16", 1)]


def test_rolling_windows_need_every_day_recorded():
    days = [f"2025-03-{d:02}" for d in range(1, 11) if d != 5]
    windows = runtime.group(entries(*days), "rolling", 3, None, "date", "t")
    assert [w.start.day for w in windows] == [1, 2, 6, 7, 8]
    assert all(len(w) == 3 for w in windows)


def test_blocks_count_from_their_anchor():
    windows = runtime.group(entries("2025-01-01", "2025-01-14", "2025-01-15", "2024-12-31"),
                            "blocks", 14, date(2025, 1, 1), "date", "t")
    assert [(w.start.isoformat(), len(w)) for w in windows] == [
        ("2024-12-18", 1), ("2025-01-01", 2), ("2025-01-15", 1)]


@given(st.lists(st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)), unique=True, max_size=60),
       st.sampled_from(["day", "calendar_week", "calendar_month", "blocks"]))
def test_partitioning_windows_hold_every_entry_once(dates, kind):
    records = entries(*(d.isoformat() for d in dates))
    windows = runtime.group(records, kind, 14 if kind == "blocks" else None, date(2024, 6, 1), "date", "t")
    held = [r.path for w in windows for r in w]
    assert sorted(held) == sorted(r.path for r in records)
    for w in windows:
        assert all(w.start <= r["date"] <= w.end for r in w)


def bucketed(records, kind, size, anchor):
    """Windows as `group` makes them, worked out entry by entry: each entry's bucket (its day,
    the Monday of its week, its month, or its block from the anchor), a window for each run of
    entries sorted by date with the same bucket."""
    ordered = sorted(records, key=lambda r: r["date"])
    windows = []
    for r in ordered:
        d = r["date"]
        day = d.toordinal()
        if kind == "day":
            bucket, start, end = day, d, d
        elif kind == "calendar_week":
            bucket = day - d.weekday()
            start, end = date.fromordinal(bucket), date.fromordinal(bucket + 6)
        elif kind == "calendar_month":
            bucket = (d.year, d.month)
            start = date(d.year, d.month, 1)
            end = runtime.end_of_month(start)
        else:
            bucket = (day - anchor.toordinal()) // size
            start = date.fromordinal(anchor.toordinal() + bucket * size)
            end = date.fromordinal(anchor.toordinal() + bucket * size + size - 1)
        if windows and windows[-1][0] == bucket:
            windows[-1][3].append(r)
        else:
            windows.append((bucket, start, end, [r]))
    return [(start, end, tuple(held)) for _, start, end, held in windows]


@given(st.lists(st.dates(min_value=date(2023, 11, 1), max_value=date(2026, 2, 28)), max_size=40),
       st.sampled_from(["day", "calendar_week", "calendar_month", "blocks"]),
       st.integers(1, 30), st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31)))
def test_windows_are_the_runs_of_entries_of_the_same_day_week_month_or_block(dates, kind, size, anchor):
    # dates may repeat (two entries on a day) and the anchor may come after some of them
    records = entries(*(d.isoformat() for d in dates))
    windows = runtime.group(records, kind, size, anchor, "date", "t")
    assert [(w.start, w.end, w.items) for w in windows] == bucketed(records, kind, size, anchor)
    ordered = runtime.windows.by_date(records, "date")[0]
    assert all(w.items == tuple(ordered[w.first:w.stop]) and len(w) == len(w.items) for w in windows)


def test_division_by_zero_is_an_evaluation_error():
    from hsa_dsl.errors import EvaluationError

    with pytest.raises(EvaluationError):
        runtime.divide(1, 0)


@given(st.lists(st.one_of(st.integers(-10**9, 10**9), st.fractions(max_denominator=10**6))),
       st.fractions(max_denominator=100))
def test_exact_sum_is_sum(values, start):
    from fractions import Fraction

    from hsa_dsl.runtime import exact_sum

    total = exact_sum(iter(values), start)
    assert total == sum(values, start)
    assert type(total) is Fraction


def decimal_by_arithmetic(value):
    """A rational whose decimal form ends, as a decimal worked out with decimal arithmetic:
    numerator × 10^places / denominator, with the point moved back by the places."""
    from decimal import Decimal

    d, places = value.denominator, 0
    while (10 ** places) % d:
        places += 1
    return (Decimal(value.numerator) * (Decimal(10) ** places) / value.denominator).scaleb(-places)


@given(st.one_of(st.integers(-10**6, 10**6), st.integers(-10**40, 10**40)),
       st.integers(0, 12), st.integers(0, 12), st.sampled_from([28, 3, 6, 50]))
def test_exact_rationals_are_given_back_as_the_decimals_decimal_arithmetic_makes(numerator, twos, fives, precision):
    # digits and exponent alike, rounded as the context rounds when the digits do not fit it
    from decimal import localcontext
    from fractions import Fraction

    from hsa_dsl.runtime import public

    value = Fraction(numerator, 2 ** twos * 5 ** fives)
    with localcontext() as context:
        context.prec = precision
        assert public(value).as_tuple() == decimal_by_arithmetic(value).as_tuple()
        assert public([value]) == [decimal_by_arithmetic(value)] and public({"v": value}) == {"v": decimal_by_arithmetic(value)}
