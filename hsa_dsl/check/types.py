"""The types of the .hsa language.

Numbers carry a *unit*: a product of dimensions (money, hour, day, month) with integer
exponents, so that NT$ per hour times hours is money, and hours plus money is an error.
"""

from __future__ import annotations

from typing import Union

import attrs


@attrs.frozen
class Unit:
    #: sorted ((dimension, exponent), ...) with non-zero exponents
    dims: tuple[tuple[str, int], ...] = ()

    @classmethod
    def of(cls, **exponents: int) -> "Unit":
        return cls(tuple(sorted((d, e) for d, e in exponents.items() if e)))

    def __mul__(self, other: "Unit") -> "Unit":
        merged = dict(self.dims)
        for d, e in other.dims:
            merged[d] = merged.get(d, 0) + e
        return Unit.of(**merged)

    def inverse(self) -> "Unit":
        return Unit(tuple((d, -e) for d, e in self.dims))

    def __truediv__(self, other: "Unit") -> "Unit":
        return self * other.inverse()

    @property
    def dimensionless(self) -> bool:
        return not self.dims

    def __str__(self) -> str:
        if not self.dims:
            return ""
        names = {"money": "money", "hour": "hours", "day": "days", "month": "months"}
        top = [names[d] if e == 1 else f"{names[d]}^{e}" for d, e in self.dims if e > 0]
        bottom = [d if e == -1 else f"{d}^{-e}" for d, e in self.dims if e < 0]
        text = " × ".join(top) if top else "1"
        if bottom:
            text += " per " + " per ".join(bottom)
        return text


NO_UNIT = Unit()
MONEY_UNIT = Unit.of(money=1)
HOUR_UNIT = Unit.of(hour=1)
DAY_UNIT = Unit.of(day=1)
MONTH_UNIT = Unit.of(month=1)


@attrs.frozen
class Number:
    #: True for whole numbers (integer, days, months), False for exact decimals
    integral: bool
    unit: Unit = NO_UNIT

    def __str__(self) -> str:
        if self == MONEY:
            return "money"
        if self.unit == HOUR_UNIT and not self.integral:
            return "hours"
        if self.unit == DAY_UNIT and self.integral:
            return "days"
        if self.unit == MONTH_UNIT and self.integral:
            return "months"
        base = "integer" if self.integral else "decimal"
        if self.unit.dimensionless:
            return base
        return f"{self.unit}"


@attrs.frozen
class Primitive:
    #: bool, date, string
    name: str

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class EnumType:
    name: str
    members: tuple[str, ...] = attrs.field(eq=False)

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class RecordType:
    name: str

    def __str__(self) -> str:
        return self.name


@attrs.frozen
class ListType:
    element: "Type"
    unique_by: str | None = attrs.field(default=None, eq=False)
    max_length: int | None = attrs.field(default=None, eq=False)

    def __str__(self) -> str:
        return f"list of {self.element}"


@attrs.frozen
class SetType:
    element: "Type"

    def __str__(self) -> str:
        return f"set of {self.element}"


@attrs.frozen
class OptionalType:
    inner: "Type"

    def __str__(self) -> str:
        return f"optional {self.inner}"


@attrs.frozen
class WindowType:
    """A span of dates and the list elements that fall in it (from `group ... by ...`)."""

    element: "Type"

    def __str__(self) -> str:
        return f"window of {self.element}"


Type = Union[Number, Primitive, EnumType, RecordType, ListType, SetType, OptionalType, WindowType]

BOOL = Primitive("bool")
DATE = Primitive("date")
STRING = Primitive("string")
INTEGER = Number(True)
DECIMAL = Number(False)
MONEY = Number(False, MONEY_UNIT)
HOURS = Number(False, HOUR_UNIT)
DAYS = Number(True, DAY_UNIT)
MONTHS = Number(True, MONTH_UNIT)

BUILTIN_TYPES: dict[str, Type] = {
    "bool": BOOL,
    "date": DATE,
    "text": STRING,
    "integer": INTEGER,
    "decimal": DECIMAL,
    "money": MONEY,
    "hours": HOURS,
    "days": DAYS,
    "months": MONTHS,
}

QUANTITY_TYPES = {"hours": HOURS, "days": DAYS, "months": MONTHS}


def is_number(t: Type) -> bool:
    return isinstance(t, Number)


def iterable_element(t: Type) -> Type | None:
    """The element type when `t` can be iterated by an aggregate or `for each`."""
    if isinstance(t, (ListType, WindowType)):
        return t.element
    if isinstance(t, SetType):
        return t.element
    return None


def assignable(value: Type, target: Type) -> bool:
    """Whether a value of type `value` may stand where `target` is expected."""
    if value == target:
        return True
    if isinstance(value, Number) and isinstance(target, Number):
        # a whole number is also an exact decimal of the same unit
        return value.unit == target.unit and (not target.integral or value.integral)
    if isinstance(target, OptionalType):
        return assignable(value, target.inner)
    if isinstance(value, WindowType) and isinstance(target, ListType):
        return value.element == target.element
    return False


def join(a: Type, b: Type) -> Type | None:
    """The type of `if c then a else b`, or None when the branches do not agree."""
    if assignable(a, b):
        return b
    if assignable(b, a):
        return a
    return None
