"""Lists and windows of lists, for every row of a frame at once.

A list is held as :class:`Runs`: for each row of a frame, a run of an array of table rows.
`group ... by` sorts each row's entries by their dates (a stable sort: entries of one date
keep the case's order, as the scalar path's `sorted` does) and cuts them into windows by
segment keys: the day, the Monday of the calendar week, the first of the calendar month, the
first day of a block counted from the anchor, or, for rolling windows, each date that starts
a run of consecutive dates. Each window is a run of the sorted entries, as in
:mod:`hsa_dsl.runtime.windows`, whose rules these follow exactly.
"""

from __future__ import annotations

import numpy as np

from . import calendar
from .store import Unsupported
from .values import Column, WINDOW

#: day numbers (`date.toordinal`) of 1970-01-01, the origin of numpy's datetime64
EPOCH_ORDINAL = 719163
#: the most rows a frame of a batch may have (a few GiB of columns at most)
MAX_ROWS = 1 << 26


class Runs:
    """A list for each row of a frame: row i's entries are ``entries[starts[i]:starts[i] + counts[i]]``,
    rows of `table` (a case table or a :class:`WindowTable`)."""

    __slots__ = ("table", "entries", "starts", "counts", "ordered")

    def __init__(self, table, entries: np.ndarray, starts: np.ndarray, counts: np.ndarray, ordered: bool = False):
        self.table = table
        self.entries = entries
        self.starts = starts
        self.counts = counts
        #: `entries` are the table's rows in order (entry i is row i)
        self.ordered = ordered

    def take(self, rows: np.ndarray) -> "Runs":
        return Runs(self.table, self.entries, self.starts[rows], self.counts[rows], self.ordered)

    def expand(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every entry of every run: the frame row it belongs to, its table row, and where each
        frame row's entries start among them."""
        counts = self.counts
        offsets = np.cumsum(counts) - counts
        total = int(counts.sum())
        if total > MAX_ROWS:
            # an aggregate over very long lists for every entry of them: the scalar path decides
            # such a batch, one case at a time, rather than this one holding the product at once
            raise Unsupported(f"a frame of {total:,} rows")
        up = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
        if total == len(self.entries) and np.array_equal(self.starts, offsets):
            # the runs are all the entries, in order (a list of every case of a batch): the
            # entries themselves, which a frame then knows for every row of their table
            return up, self.entries, offsets
        positions = self.starts[up] + (np.arange(total, dtype=np.int64) - offsets[up])
        return up, self.entries[positions], offsets


class WindowTable:
    """The windows a list was cut into, for every row of a frame: each window's dates and its
    run of the list's entries sorted by date."""

    __slots__ = ("source", "source_text", "entries", "first", "count", "start", "end", "name", "case")

    def __init__(self, source, source_text: str, entries, first, count, start, end, case):
        self.source = source
        self.source_text = source_text
        #: rows of the source table, sorted by (frame row, date, place in the case)
        self.entries = entries
        self.first = first
        self.count = count
        self.start = start
        self.end = end
        self.name = f"windows of {source_text}"
        #: the case of each window
        self.case = case

    def runs(self, rows: np.ndarray) -> Runs:
        """The entries of the windows `rows`, as lists."""
        return Runs(self.source, self.entries, self.first[rows], self.count[rows])

    def column(self, field: str) -> Column:
        from .values import DATE

        return Column(DATE, self.start if field == "start" else self.end)


def group(runs: Runs, dates: np.ndarray, kind: str, size: int | None, anchors: np.ndarray | None,
          source_text: str, cases: np.ndarray) -> Runs:
    """The windows of each frame row's list (see the module's docstring). `dates` are the day
    numbers of the list's entries, by table row; `anchors` the day number a row's blocks count
    from."""
    up, rows, _ = runs.expand()
    days = dates[rows]
    if not _in_order(up, days):  # time cards usually come in order of their dates: no sort then
        order = np.lexsort((np.arange(len(rows)), days, up))
        up, rows, days = up[order], rows[order], days[order]
    n = len(rows)
    frames = len(runs.counts)
    if kind == "rolling":
        first, count, start, end, owner = _rolling(up, days, size)
    else:
        if kind == "day":
            keys, ends = days, days
        elif kind == "calendar_week":
            keys = days - (days + 6) % 7
            ends = keys + 6
        elif kind == "calendar_month":
            keys, ends = calendar.month_start(days), calendar.month_end(days)
        elif kind == "blocks":
            anchor = anchors[up]
            keys = anchor + (days - anchor) // size * size
            ends = keys + size - 1
        else:  # pragma: no cover - the checker admits only these
            raise AssertionError(kind)
        boundary = np.ones(n, bool)
        if n:
            boundary[1:] = (up[1:] != up[:-1]) | (keys[1:] != keys[:-1])
        first = np.flatnonzero(boundary)
        count = np.diff(np.append(first, n))
        start, end, owner = keys[first], ends[first], up[first]
    table = WindowTable(runs.table, source_text, rows, first, count, start, end, cases[owner])
    per_frame = np.bincount(owner, minlength=frames).astype(np.int64)
    starts = np.cumsum(per_frame) - per_frame
    return Runs(table, np.arange(len(first), dtype=np.int64), starts, per_frame, ordered=True)


def _in_order(up: np.ndarray, days: np.ndarray) -> bool:
    """Whether the entries are already sorted by frame row, then date."""
    if len(up) < 2:
        return True
    later = up[1:] > up[:-1]
    return bool(np.all(later | ((up[1:] == up[:-1]) & (days[1:] >= days[:-1]))))


def _rolling(up: np.ndarray, days: np.ndarray, size: int):
    """Rolling windows of `size` days: one for each distinct date that starts `size`
    consecutive dates with entries, holding the entries of those dates."""
    n = len(days)
    new_date = np.ones(n, bool)
    if n:
        new_date[1:] = (up[1:] != up[:-1]) | (days[1:] != days[:-1])
    firsts = np.flatnonzero(new_date)
    distinct, owner = days[firsts], up[firsts]
    last = size - 1
    m = len(firsts)
    if m <= last:
        empty = np.zeros(0, np.int64)
        return empty, empty, empty, empty, empty
    i = np.arange(m - last)
    ok = (owner[i + last] == owner[i]) & (distinct[i + last] - distinct[i] == last)
    i = i[ok]
    stops = np.append(firsts, n)
    first = firsts[i]
    count = stops[i + size] - first
    return first, count, distinct[i], distinct[i + last], owner[i]


def as_window(rows: np.ndarray, table: WindowTable) -> Column:
    return Column(WINDOW, rows, table=table)
