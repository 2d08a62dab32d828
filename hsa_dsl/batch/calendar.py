"""The calendar on columns of day numbers (`date.toordinal`), in whole-number arithmetic.

The civil-from-days and days-from-civil algorithms of the proleptic Gregorian calendar (Howard
Hinnant's, in eras of 400 years) on int64 arrays: a few integer operations for each date,
where numpy's datetime64 conversions cost several passes and temporary arrays each.
"""

from __future__ import annotations

import numpy as np

#: from day numbers to days counted from 0000-03-01: the eras start on a 1 March
_SHIFT = 305


def civil(days: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Year, month and day of each day number."""
    z = days + _SHIFT
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = np.where(mp < 10, mp + 3, mp - 9)
    year = yoe + era * 400 + (month <= 2)
    return year, month, day


def ordinal(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """The day number of each year, month and day."""
    year = year - (month <= 2)
    era = year // 400
    yoe = year - era * 400
    doy = (153 * np.where(month > 2, month - 3, month + 9) + 2) // 5 + day - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - _SHIFT


def month_length(year: np.ndarray, month: np.ndarray) -> np.ndarray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return np.where(month == 2, 28 + leap, 30 + ((month + (month >= 8)) % 2))


def month_start(days: np.ndarray) -> np.ndarray:
    return _through_range(_month_start, days)


def month_end(days: np.ndarray) -> np.ndarray:
    return _through_range(_month_end, days)


def _month_start(days: np.ndarray) -> np.ndarray:
    _, _, day = civil(days)
    return days - day + 1


def _month_end(days: np.ndarray) -> np.ndarray:
    year, month, day = civil(days)
    return days - day + month_length(year, month)


def _through_range(function, days: np.ndarray) -> np.ndarray:
    """`function` of each day, worked out once for each day of the span the days cover where
    they are many more than it (a batch's time cards cover a few years, its pairs of dates
    millions of rows): then each is looked up."""
    if len(days) < 1024:
        return function(days)
    low, high = int(days.min()), int(days.max())
    if high - low + 1 > len(days) // 4:
        return function(days)
    return function(np.arange(low, high + 1, dtype=np.int64))[days - low]
