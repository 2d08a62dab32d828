"""What each aggregate makes of the values of the entries it keeps.

Generated code calls these by the names `hsa_dsl.builtins` gives for each aggregate, untraced
on the kept values and traced through `traced_aggregate`, so one function decides an
aggregate's result in both variants. Each takes the values (a list; a generator for the folds
that may stop early) and the aggregate's start, the zero of its type, which only a sum reads.
"""

from __future__ import annotations

from hsa_dsl.runtime.numbers import ZERO, Q, exact_sum

__all__ = ["all_of", "any_of", "average_of", "count_of", "max_of", "min_of", "sum_of"]


def sum_of(values, start=0):
    return exact_sum(values, start) if isinstance(start, Q) else sum(values, start)


def count_of(values, start=0) -> int:
    return len(values)


def any_of(values, start=0) -> bool:
    return any(values)


def all_of(values, start=0) -> bool:
    return all(values)


def max_of(values, start=0):
    """The greatest value; None (not given) for no values."""
    return max(values, default=None)


def min_of(values, start=0):
    """The least value; None (not given) for no values."""
    return min(values, default=None)


def average_of(values, start=0):
    """The mean as an exact rational; None (not given) for no values, as a max or min of none
    is: an act says what an empty list means with `else`."""
    if not values:
        return None
    return exact_sum([Q(v) for v in values], ZERO) / len(values)
