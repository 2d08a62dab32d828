"""A time card without typing every day: a weekly pattern over a range of dates, with exceptions
for particular days, or a table pasted from a spreadsheet; both become the days of the case, one
entry a day, which the interview then shows to be corrected day by day.

Which list is a time card is read from the act's structure, not from its names: a list of records
each entry of which has its own date (``unique by`` a date field), and whose record holds a list of
periods, a record of two hours (its start and its end, in hours since midnight). The shipped act's
``employment.timecard`` (``WorkDay``, with ``work_periods`` of ``WorkPeriod``) is one. Other facts
of the day are filled where the record has them: a yes/no field that marks the day off (its name
says ``day_off``), and the hours she was woken to work (its name says ``woken``).

The act's format has no period that runs past midnight: such a period is two, until 24 on its
day and from 0 on the next (as the act's own check asks). A time is written as hours (7.5) or as
hours and minutes (07:30); minutes that make no exact decimal of an hour (07:20) are kept as typed,
for the act's validator to refuse beside the day, not rounded here.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import attrs

from hsa_dsl.serve import interview as iv

#: the longest range a pattern fills (a little over two years of days)
MAX_DAYS = 800
#: words a pasted row may give in place of its hours, for a day off (in the interview's languages)
DAY_OFF_WORDS = frozenset({"off", "day off", "libur", "休", "休假", "例假", "nghỉ", "day-off", "pahinga", "หยุด"})
_TIME = re.compile(r"^([0-9]{1,2})(?:[:.h]([0-9]{2}))?$")
_HOURS = re.compile(r"^[0-9]{1,2}(\.[0-9]+)?$")


@attrs.frozen
class TimecardShape:
    """Where a time card's facts go in its record: the field names the act gives them."""

    date: str
    periods: str
    start: str
    end: str
    day_off: str = ""
    woken: str = ""


def shape_of(question: iv.Question) -> TimecardShape | None:
    """The shape of a list that is a time card (see the module's docstring); None for any other."""
    if question.kind != "list" or not question.unique_by:
        return None
    children = {c.name: c for c in question.children}
    if children.get(question.unique_by) is None or children[question.unique_by].kind != "date":
        return None
    for child in question.children:
        hours = [c for c in child.children if c.kind == "number" and c.unit == "hours"]
        if child.kind == "list" and len(child.children) == 2 and len(hours) == 2:
            day_off = next((c.name for c in question.children if c.kind == "bool" and "day_off" in c.name), "")
            woken = next((c.name for c in question.children if c.kind == "number" and "woken" in c.name), "")
            return TimecardShape(question.unique_by, child.name, hours[0].name, hours[1].name, day_off, woken)
    return None


@attrs.frozen
class Day:
    """One day as a pattern or a table gives it: its periods of work (start, end as text, in
    hours since midnight), whether it was a day off, and the hours she was woken to work."""

    day: date
    periods: tuple = ()
    day_off: bool = False
    woken: str = ""


def hours_text(typed: str) -> str:
    """A time as the act writes it: `07:30` is `7.5`; `7.5` stays; anything else is kept as typed."""
    text = typed.strip()
    if _HOURS.match(text):
        return text
    match = _TIME.match(text)
    if not match:
        return text
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if minutes >= 60 or (minutes * 100) % 60:
        return text
    value = Decimal(hours) + Decimal(minutes) / 60
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def split_overnight(day: date, start: str, end: str) -> list[tuple[date, str, str]]:
    """A period of work as the act takes it: one that ends at or before its start runs past
    midnight, and is two, until 24 on its day and from 0 on the next."""
    start, end = hours_text(start), hours_text(end)
    first, last = _number(start), _number(end)
    if first is None or last is None or last > first:
        return [(day, start, end)]
    parts = [(day, start, "24")]
    if last > 0:
        parts.append((day + timedelta(days=1), "0", end))
    return parts


def weekly_pattern(first: date, last: date, start: str, end: str, night_start: str = "", night_end: str = "",
                   day_off_weekday: int | None = None, exceptions: dict | None = None) -> list[Day]:
    """The days from `first` to `last`, both included: work from `start` to `end` each day (past
    midnight, into the next day), woken to work from `night_start` to `night_end` where given,
    and off on `day_off_weekday` (Monday is 0) where given. `exceptions` gives, by date, a day
    that differs: a tuple of (start, end) periods, or None for a day off."""
    if last < first:
        return []
    if (last - first).days >= MAX_DAYS:
        raise ValueError(f"a pattern fills at most {MAX_DAYS} days")
    exceptions = exceptions or {}
    periods: dict[date, list[tuple[str, str]]] = {}
    woken: dict[date, Decimal] = {}
    off: set[date] = set()
    day = first
    while day <= last:
        if day in exceptions:
            if exceptions[day] is None:
                off.add(day)
            else:
                for start_at, end_at in exceptions[day]:
                    _add(periods, day, start_at, end_at)
        elif day_off_weekday is not None and day.weekday() == day_off_weekday:
            off.add(day)
        else:
            _add(periods, day, start, end)
            if night_start and night_end:
                for part_day, part_start, part_end in split_overnight(day, night_start, night_end):
                    periods.setdefault(part_day, []).append((part_start, part_end))
                    length = _length(part_start, part_end)
                    if length is not None:
                        woken[part_day] = woken.get(part_day, Decimal(0)) + length
        day += timedelta(days=1)
    days = []
    day = first
    # work past midnight on the last day runs into the day after it: that day is given too
    while day <= max([last, *periods]):
        if day in off and not periods.get(day):
            days.append(Day(day, day_off=True))
        else:
            ordered = tuple(sorted(periods.get(day, ()), key=lambda p: _number(p[0]) or Decimal(0)))
            days.append(Day(day, ordered, woken=_decimal_text(woken[day]) if day in woken else ""))
        day += timedelta(days=1)
    return days


def _add(periods: dict, day: date, start: str, end: str) -> None:
    for part_day, part_start, part_end in split_overnight(day, start, end):
        periods.setdefault(part_day, []).append((part_start, part_end))


def _length(start: str, end: str) -> Decimal | None:
    first, last = _number(start), _number(end)
    return None if first is None or last is None else last - first


def _decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))


def pasted_table(text: str) -> tuple[list[Day], list[str]]:
    """The days of a table pasted from a spreadsheet: one row a day, its cells separated by tabs
    (or commas, or semicolons): the date (YYYY-MM-DD), then the start and end of each period of
    work; a day off has a word for it (off, libur, 休 ...) or nothing after its date. A first
    row that is no date is a heading, and skipped. Also the rows that could not be read, each
    with its number, for the page to show (nothing of the table is lost: it stays in its box)."""
    days: dict[date, list] = {}
    off: set[date] = set()
    unread = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        separator = "\t" if "\t" in line else ";" if ";" in line else ","
        cells = [cell.strip() for cell in line.split(separator)]
        try:
            day = date.fromisoformat(cells[0])
        except ValueError:
            if number > 1 or any(c[:1].isdigit() for c in cells[:1]):
                unread.append(f"{number}: {line.strip()}")
            continue
        rest = [cell for cell in cells[1:] if cell]
        if not rest or (len(rest) == 1 and rest[0].lower() in DAY_OFF_WORDS):
            off.add(day)
            continue
        if len(rest) % 2:
            unread.append(f"{number}: {line.strip()}")
            continue
        for start, end in zip(rest[::2], rest[1::2]):
            for part_day, part_start, part_end in split_overnight(day, start, end):
                days.setdefault(part_day, []).append((part_start, part_end))
    out = [Day(day, day_off=True) for day in off if not days.get(day)]
    out += [Day(day, tuple(periods)) for day, periods in days.items()]
    return sorted(out, key=lambda d: d.day), unread


def merge(entries: list[dict], days: list[Day], shape: TimecardShape, question: iv.Question) -> list[dict]:
    """The time card's entries with these days put in: a day the entries already have is
    replaced by the new one, the others kept; in the order of their dates."""
    by_date = {entry.get(shape.date, ""): entry for entry in entries}
    for day in days:
        entry = iv.blank_entry(question)
        entry[shape.date] = day.day.isoformat()
        if day.day_off and shape.day_off:
            entry[shape.day_off] = iv.YES
        entry[shape.periods] = [{shape.start: start, shape.end: end} for start, end in day.periods]
        if day.woken and shape.woken:
            entry[shape.woken] = day.woken
        by_date[entry[shape.date]] = entry
    return [by_date[key] for key in sorted(by_date)]


def exceptions_text(text: str) -> tuple[dict, list[str]]:
    """The days that differ from a pattern, one a line: a date, then a word for a day off
    (`2025-11-15 off`), or the day's periods (`2025-11-20 08:00-12:00 13:00-22:00`). Also the
    lines that could not be read, each with its number."""
    out: dict[date, tuple | None] = {}
    unread = []
    for number, line in enumerate(text.splitlines(), start=1):
        words = line.replace(",", " ").split()
        if not words:
            continue
        try:
            day = date.fromisoformat(words[0])
        except ValueError:
            unread.append(f"{number}: {line.strip()}")
            continue
        rest = " ".join(words[1:]).strip()
        if not rest or rest.lower() in DAY_OFF_WORDS:
            out[day] = None
            continue
        periods = [tuple(part.split("-", 1)) for part in words[1:]]
        if not all(len(p) == 2 and p[0] and p[1] for p in periods):
            unread.append(f"{number}: {line.strip()}")
            continue
        out[day] = tuple(periods)
    return out, unread
