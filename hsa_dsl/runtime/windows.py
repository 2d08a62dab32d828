"""Windows: the entries of a list that fall between two dates, and the ways a list is cut
into them (days, calendar weeks and months, blocks, rolling runs of days)."""

from __future__ import annotations

from bisect import bisect_right
from datetime import date
from operator import itemgetter
from typing import Iterable

from hsa_dsl.runtime.values import Record, end_of_month


class Window:
    """The entries of a list that fall between two dates (both included)."""

    __slots__ = ("start", "end", "ordered", "source_path", "first", "stop", "_items", "_path")

    def __init__(self, start: date, end: date, ordered: list, source_path: str, first: int, stop: int):
        self.start = start
        self.end = end
        #: the list's entries sorted by date, of which the window's are `ordered[first:stop]`
        self.ordered = ordered
        self.source_path = source_path
        self.first = first
        self.stop = stop
        self._items = None
        self._path = None

    @property
    def items(self) -> tuple:
        """The window's entries, in the order of their dates.

        Made when first asked for: untraced rules read windows as runs of the sorted list
        (``first`` and ``stop``), and a month of time cards has some thirty windows."""
        if self._items is None:
            self._items = tuple(self.ordered[self.first:self.stop])
        return self._items

    @property
    def path(self) -> str:
        """``employment.timecard 2025-03-03..2025-03-09`` (one date for a window of a day).

        Worked out when first asked for: most windows of an evaluation are never named
        (only those with a finding are), and writing dates out is dearer than grouping."""
        if self._path is None:
            if self.start == self.end:
                self._path = f"{self.source_path} {self.start}"
            else:
                self._path = f"{self.source_path} {self.start}..{self.end}"
        return self._path

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return self.stop - self.first

    def __repr__(self) -> str:
        return f"<{self.path}>"


def group(items: Iterable[Record], kind: str, size: int | None, anchor: date | None, key: str,
          source_path: str) -> tuple[Window, ...]:
    """Split list entries into windows of dates (see the language reference for each kind).

    `day`, `calendar_week` (Monday to Sunday), `calendar_month` and `blocks` (of `size` days
    counted from `anchor`) put every entry in exactly one window, and give only the windows
    that hold an entry. `rolling` gives, for each entry's date, the `size` days starting there,
    and only when every one of those dates has an entry: a window with a day missing from the
    record cannot show what happened in it.
    """
    return windows_of(*by_date(items, key), kind, size, anchor, source_path)


def by_date(items: Iterable[Record], key: str) -> tuple[list, list, list]:
    """List entries sorted by their date field, those dates, and their day numbers
    (`date.toordinal`), in which every kind of window is worked out with whole numbers."""
    # a stable sort: entries of the same date stay in the order the case gives them
    read = itemgetter(key)
    entries = sorted(items, key=read)
    dates = list(map(read, entries))
    return entries, dates, list(map(date.toordinal, dates))


def windows_of(entries: list, dates: list, days: list, kind: str, size: int | None, anchor: date | None,
               source_path: str) -> tuple[Window, ...]:
    """`group` on entries already sorted by their dates (see :func:`by_date`)."""
    if kind == "rolling":
        return _rolling(entries, dates, days, size, source_path)
    # every kind of window orders its entries as their dates do, so each window's entries are
    # a run of the sorted list: the run from an entry to the window's last day is found by
    # bisection, with no work for each entry
    if kind == "blocks":
        first_day = anchor.toordinal()
    elif kind not in ("day", "calendar_week", "calendar_month"):  # pragma: no cover - the checker admits only these
        raise AssertionError(kind)
    windows = []
    i, n = 0, len(days)
    while i < n:
        day = days[i]
        if kind == "day":
            start = end = dates[i]
            last = day
        elif kind == "calendar_week":
            monday = day - (day + 6) % 7
            last = monday + 6
            start, end = date.fromordinal(monday), date.fromordinal(last)
        elif kind == "calendar_month":
            start = date(dates[i].year, dates[i].month, 1)
            end = end_of_month(start)
            last = end.toordinal()
        else:
            first = first_day + (day - first_day) // size * size
            last = first + size - 1
            start, end = date.fromordinal(first), date.fromordinal(last)
        j = bisect_right(days, last, i)
        windows.append(Window(start, end, entries, source_path, i, j))
        i = j
    return tuple(windows)


def _rolling(entries: list, dates: list, days: list, size: int, source_path: str) -> tuple[Window, ...]:
    last = size - 1
    if len(set(days)) == len(days):
        # one entry a day, as time cards mostly are: `size` sorted dates `size - 1` days
        # apart are consecutive, and so are their entries
        return tuple([Window(dates[i], dates[i + last], entries, source_path, i, i + size)
                      for i in range(len(days) - last) if days[i + last] - days[i] == last])
    # the entries of a run of dates are a run of the sorted entries, from the first entry of
    # its first date to the first entry after its last
    firsts: dict[int, int] = {}
    for i, day in enumerate(days):
        firsts.setdefault(day, i)
    distinct = list(firsts)
    starts = list(firsts.values()) + [len(entries)]
    return tuple([Window(dates[starts[i]], dates[starts[i + last]], entries, source_path, starts[i], starts[i + size])
                  for i in range(len(distinct) - last) if distinct[i + last] - distinct[i] == last])
