"""The runtime's arithmetic on exact rationals (generated code calls it where both operands are
Fractions) gives what Python's Fraction operators give, in lowest terms, and falls back to the
operators for numbers of another kind."""

import operator
from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from hsa_dsl.runtime import numbers

rationals = st.fractions(max_denominator=10 ** 6) | st.integers(-10 ** 20, 10 ** 20).map(Fraction)

OPERATIONS = {numbers.exact_add: operator.add, numbers.exact_sub: operator.sub, numbers.exact_mul: operator.mul}
COMPARISONS = {numbers.exact_lt: operator.lt, numbers.exact_le: operator.le, numbers.exact_gt: operator.gt,
               numbers.exact_ge: operator.ge, numbers.exact_eq: operator.eq, numbers.exact_ne: operator.ne}


def same_fraction(a, b) -> bool:
    return type(a) is Fraction and type(b) is Fraction and (a._numerator, a._denominator) == (
        b._numerator, b._denominator)


@given(rationals, rationals)
def test_operations_and_comparisons_are_fractions(a, b):
    for exact, plain in OPERATIONS.items():
        assert same_fraction(exact(a, b), plain(a, b))
    for exact, plain in COMPARISONS.items():
        assert exact(a, b) is plain(a, b)
        assert exact(a, a) is plain(a, a)


@given(st.lists(rationals, min_size=1, max_size=6))
def test_max_and_min_give_the_first_of_equals(values):
    assert numbers.exact_max(*values) is max(values)
    assert numbers.exact_min(*values) is min(values)
    equal = [Fraction(1, 2), Fraction(2, 4)]
    assert numbers.exact_max(*equal) is equal[0] and numbers.exact_min(*equal) is equal[0]


def test_numbers_of_another_kind_use_their_own_operators():
    half = Fraction(1, 2)
    assert numbers.exact_add(half, 1) == Fraction(3, 2)
    assert numbers.exact_sub(Decimal("2.5"), Decimal("1")) == Decimal("1.5")
    assert numbers.exact_mul(3, half) == Fraction(3, 2)
    assert numbers.exact_lt(half, 1) and numbers.exact_eq(Fraction(2), 2) and not numbers.exact_ne(Fraction(2), 2)
    assert numbers.exact_max(half, 1, Fraction(3, 4)) == 1
    assert numbers.exact_min(2, half) == half


@given(st.integers(-10 ** 20, 10 ** 20), st.integers(1, 10 ** 12))
def test_a_ratio_of_whole_numbers_is_the_fraction_in_lowest_terms(numerator, denominator):
    assert same_fraction(numbers.exact_ratio(numerator, denominator), Fraction(numerator, denominator))
