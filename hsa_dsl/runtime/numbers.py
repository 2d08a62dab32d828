"""Exact numbers: the one home of the number type rules compute with.

While rules run, numbers that are not whole are exact rationals (:class:`fractions.Fraction`),
as in Catala: NT$29,500 / 240 hours is exactly 122 11/12 an hour, and 48 hours of it at 1.5
times is exactly NT$8,850. Cases give exact decimals; results are given back as decimals, in a
decimal context of the runtime's own whatever the embedding program has set.
"""

from __future__ import annotations

import contextlib
import decimal
import functools
import math
from datetime import date
from decimal import Decimal, getcontext
from fractions import Fraction
from typing import Any, Iterable

from hsa_dsl.errors import EvaluationError

#: the type of the exact numbers rules compute with (the name generated code uses), and its zero
Q = Fraction
ZERO = Fraction(0)


def exact(value) -> Fraction:
    """A number of a case or an act (int, Decimal) as rules compute with it."""
    return Fraction(value)


def is_exact(value) -> bool:
    """Whether `value` is one of the exact numbers rules compute with (not a whole number, a
    decimal of a case, a date...)."""
    return type(value) is Fraction


def divide(a, b):
    if b == 0:
        raise EvaluationError.single(f"division by zero ({a} / {b})")
    return Fraction(a) / b


def round_half_up(x) -> int:
    """To the nearest whole number, halves away from zero (as people round money)."""
    return math.floor(x + Fraction(1, 2)) if x >= 0 else -math.floor(-x + Fraction(1, 2))


def floor(x) -> int:
    return math.floor(x)


def ceil(x) -> int:
    return math.ceil(x)


def exact_sum(values: Iterable, start: Fraction) -> Fraction:
    """The sum of exact rationals (Fractions and ints), equal to ``sum(values, start)``.

    Fraction's `+` reduces its result by a gcd at every step, which makes a sum over a month
    of time cards the costliest arithmetic of an evaluation; here the terms are brought to a
    common denominator (hours and amounts share one almost always) and reduced once. Terms
    are read from a Fraction's slots: its `numerator` and `denominator` are Python properties.
    """
    if type(values) is not list:  # generated code gives lists; anything else is read once here
        values = list(values)
    try:
        numerator, denominator = start._numerator, start._denominator
        for value in values:
            d = value._denominator
            if d == denominator:
                numerator += value._numerator
            elif denominator % d == 0:
                numerator += value._numerator * (denominator // d)
            else:
                common = denominator // math.gcd(denominator, d) * d
                numerator = numerator * (common // denominator) + value._numerator * (common // d)
                denominator = common
    except AttributeError:  # a whole number among them, or a number that is no rational
        return _sum_term_by_term([start, *values])
    return Fraction(numerator, denominator)


def _sum_term_by_term(values: list) -> Fraction:
    """`exact_sum` of a list with whole numbers (or numbers of another kind) among its terms."""
    numerator, denominator = 0, 1
    for value in values:
        if isinstance(value, (Fraction, int)):
            n, d = value.numerator, value.denominator
        else:  # a number that is not a rational (inputs made by hand): add as given
            return sum(values[1:], values[0])
        if d == denominator:
            numerator += n
        else:
            common = denominator // math.gcd(denominator, d) * d
            numerator = numerator * (common // denominator) + n * (common // d)
            denominator = common
    return Fraction(numerator, denominator)


# Arithmetic and comparison of two exact rationals, as generated code calls them where the
# compiler knows both operands are Fractions (see `_rational` in the code generator). Python's
# Fraction operators dispatch on the operands' types through its abstract base classes, read
# each term through a property, and build the result through its checking constructor: a
# microsecond each, the largest cost of deciding a case. These read the slots and give the
# same Fraction (CPython's own algorithms, which keep the result in lowest terms); given a
# number of another kind (inputs made by hand), they use its own operators.

_new_fraction = object.__new__


def _reduced(numerator: int, denominator: int) -> Fraction:
    """The Fraction numerator/denominator, already in lowest terms with a positive denominator."""
    made = _new_fraction(Fraction)
    made._numerator = numerator
    made._denominator = denominator
    return made


def exact_ratio(numerator: int, denominator: int) -> Fraction:
    """numerator/denominator (a positive denominator) in lowest terms, without Fraction's
    constructor: how a case's numbers are made, written as digits."""
    g = math.gcd(numerator, denominator)
    if g != 1:
        numerator //= g
        denominator //= g
    return _reduced(numerator, denominator)


def _sum(na: int, da: int, nb: int, db: int) -> Fraction:
    """na/da + nb/db, both in lowest terms, as Fraction's `_add` computes it."""
    g = math.gcd(da, db)
    if g == 1:
        return _reduced(na * db + da * nb, da * db)
    s = da // g
    t = na * (db // g) + nb * s
    g2 = math.gcd(t, g)
    if g2 == 1:
        return _reduced(t, s * db)
    return _reduced(t // g2, s * (db // g2))


def exact_add(a, b):
    try:
        return _sum(a._numerator, a._denominator, b._numerator, b._denominator)
    except AttributeError:
        return a + b


def exact_sub(a, b):
    try:
        return _sum(a._numerator, a._denominator, -b._numerator, b._denominator)
    except AttributeError:
        return a - b


def exact_mul(a, b):
    try:
        na, da, nb, db = a._numerator, a._denominator, b._numerator, b._denominator
    except AttributeError:
        return a * b
    g1 = math.gcd(na, db)
    if g1 > 1:
        na //= g1
        db //= g1
    g2 = math.gcd(nb, da)
    if g2 > 1:
        nb //= g2
        da //= g2
    return _reduced(na * nb, db * da)


def exact_lt(a, b) -> bool:
    try:
        return a._numerator * b._denominator < b._numerator * a._denominator
    except AttributeError:
        return a < b


def exact_le(a, b) -> bool:
    try:
        return a._numerator * b._denominator <= b._numerator * a._denominator
    except AttributeError:
        return a <= b


def exact_gt(a, b) -> bool:
    try:
        return a._numerator * b._denominator > b._numerator * a._denominator
    except AttributeError:
        return a > b


def exact_ge(a, b) -> bool:
    try:
        return a._numerator * b._denominator >= b._numerator * a._denominator
    except AttributeError:
        return a >= b


def exact_eq(a, b) -> bool:
    try:  # both in lowest terms
        return a._numerator == b._numerator and a._denominator == b._denominator
    except AttributeError:
        return a == b


def exact_ne(a, b) -> bool:
    try:
        return a._numerator != b._numerator or a._denominator != b._denominator
    except AttributeError:
        return a != b


def exact_max(first, *others):
    """The greatest, the first of equals, as `max` gives it."""
    chosen = first
    try:
        for other in others:
            if other._numerator * chosen._denominator > chosen._numerator * other._denominator:
                chosen = other
    except AttributeError:
        return max(first, *others)
    return chosen


def exact_min(first, *others):
    """The least, the first of equals, as `min` gives it."""
    chosen = first
    try:
        for other in others:
            if other._numerator * chosen._denominator < chosen._numerator * other._denominator:
                chosen = other
    except AttributeError:
        return min(first, *others)
    return chosen



#: The decimal arithmetic of verdicts and reports: Python's default precision (28 digits, far more
#: than any amount needs), rounding half to even, and every condition that could make a wrong
#: number an error. Used in place of whatever context the program embedding hsa-dsl has set.
DECIMAL_CONTEXT = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN, Emax=999999, Emin=-999999,
                                  traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow])


@contextlib.contextmanager
def exact_numbers():
    """Decimal arithmetic in :data:`DECIMAL_CONTEXT`, whatever the caller's context is; the
    caller's is restored after."""
    with decimal.localcontext(DECIMAL_CONTEXT):
        yield


def in_exact_numbers(function):
    """`function` runs in :func:`exact_numbers`."""

    @functools.wraps(function)
    def wrapped(*args, **kwargs):
        with decimal.localcontext(DECIMAL_CONTEXT):
            return function(*args, **kwargs)

    return wrapped


#: the types of value `public` gives back as they are
PLAIN = (str, int, bool, type(None), Decimal, date)


def public(value: Any) -> Any:
    """A value as the API gives it: exact rationals as decimals (exact where the decimal form
    ends; otherwise to 28 significant digits), in nested lists, tuples and dicts too."""
    kind = type(value)
    if kind in PLAIN:
        return value
    if kind is Fraction:  # Fraction's isinstance goes through its abstract base classes
        return to_decimal(value)
    # most values are plain: they are given back without a call each
    if isinstance(value, dict):
        return {k: v if type(v) in PLAIN else public(v) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in PLAIN else public(v) for v in value]
    if isinstance(value, tuple):
        return tuple([v if type(v) in PLAIN else public(v) for v in value])
    if isinstance(value, Fraction):
        return to_decimal(value)
    return value


def to_decimal(value: Fraction) -> Decimal:
    exact = _terminating(value)
    if exact is not None:
        return exact
    return Decimal(value.numerator) / Decimal(value.denominator)


def _terminating(value: Fraction) -> Decimal | None:
    """The exact decimal of a rational whose decimal form ends, else None."""
    numerator, denominator = value._numerator, value._denominator  # its slots: no property calls
    d = denominator
    twos = fives = 0
    while d % 2 == 0:
        d //= 2
        twos += 1
    while d % 5 == 0:
        d //= 5
        fives += 1
    if d != 1:
        return None
    places = twos if twos > fives else fives
    # the digits of the decimal worked out with whole numbers: while they fit the context's
    # precision, the decimal arithmetic below gives the same number (digits and exponent) at
    # several times the cost, and every exact value of a verdict is converted
    digits = numerator * (10 ** places // denominator)
    precision = getcontext().prec
    limit = _LIMITS.get(precision)
    if limit is None:
        limit = _LIMITS[precision] = 10 ** precision
    if -limit < digits < limit:
        return Decimal(digits).scaleb(-places) if places else Decimal(digits)
    return (Decimal(numerator) * (Decimal(10) ** places) / denominator).scaleb(-places)


#: 10 ** precision, the first whole number a decimal context cannot hold, by precision
_LIMITS: dict[int, int] = {}


def exact_text(value: Fraction) -> str:
    """An exact rational as text: its decimal where that ends (8850.5), else numerator/denominator
    (335/3), so that JSON keeps it exactly."""
    decimal = _terminating(value)
    return format_decimal(decimal) if decimal is not None else f"{value.numerator}/{value.denominator}"


def format_decimal(value: Decimal) -> str:
    """A decimal without exponent or trailing zeros: 29500, 1.5, 0.25. One that came from a
    rational with no exact decimal form (28 significant digits) is cut to 12 places."""
    if value == value.to_integral_value():
        return str(value.quantize(_ONE))
    if len(value.as_tuple().digits) >= 28:
        value = value.quantize(_TWELVE_PLACES)
    return format(value.normalize(), "f")


# made once: building a decimal costs about what an operation on it does
_ONE = Decimal(1)
_TWELVE_PLACES = Decimal("1E-12")
