"""Case validation compiled from an act's declared inputs and records, once per act.

:class:`hsa_dsl.runtime.validate.Validator` walks the declared types for every value of every
case: which kind of value, which field, which bounds, asked again for each of a month's 31
time-card days. Here the same declarations (the module's ``INPUTS``, ``RECORDS`` and ``CHECKS``)
are turned once into one converter per type and per field, closures that hold what they need,
so that a case is read in one pass that asks nothing of the declarations.

A converter accepts only what it can convert plainly (a number written as digits, a date as
YYYY-MM-DD, a known key, a value within its bounds) and gives the value the validator would
give. Anything else, a problem or merely an unusual spelling (``NT$28,590``, ``10.0`` days, a
date with spaces around it), makes it give up, and the case is validated again by the
validator, which alone reports problems: every message, path and hint comes from one place,
and a case is refused or accepted with the same values whichever way it went.

The converters are closures over the act's own data, never code made from its text or a
case's, so nothing in an act or a case is ever compiled.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, Callable

from hsa_dsl.runtime.engine import Context
from hsa_dsl.runtime.numbers import exact_ratio
from hsa_dsl.runtime.validate import (FIRST_DAY, LAST_DAY, LEFT_OUT, MAX_LIST_LENGTH, MAX_PLACES,
                                      MAX_WHOLE_DIGITS, MONEY_PLACES, _out_of_bounds, runtime_value)
from hsa_dsl.runtime.values import Record

#: a number as a case usually writes it: digits, at most a point and more digits; no sign of
#: plus, no spaces, no separators (those go to the validator)
_DIGITS = re.compile(r"(-?[0-9]{1,%d})(?:\.([0-9]{1,%d}))?" % (MAX_WHOLE_DIGITS, MAX_PLACES))
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_WHOLE_LIMIT = 10 ** MAX_WHOLE_DIGITS


#: a field the case must give, until it does
_REQUIRED = object()


class _Unusual(Exception):
    """What a converter does not convert plainly: the validator is asked."""


#: (raw value, path of the value) -> runtime value; the path is None for a value that is no
#: record and holds none (it is never shown: only the validator reports)
Converter = Callable[[Any, Any], Any]


class CaseReader:
    """The converters of one act, made from its generated module's tables."""

    def __init__(self, module):
        self.module = module
        self.records = module.RECORDS
        self.checks = module.CHECKS
        #: whether a record passes every check of its type (a module compiled before these
        #: were generated gives its checks one by one)
        self.passes = getattr(module, "RECORD_CHECKS", None) or {
            name: _every(checks) for name, checks in module.CHECKS.items()}
        self._record_converters: dict[str, Converter] = {}
        inputs = []
        for name, (type_, low, high) in module.INPUTS.items():
            convert, needs_path, low, high = self.bounded(type_, low, high)
            inputs.append((name, type_[0], convert, needs_path, low, high))
        self.inputs = tuple(inputs)
        self.input_names = frozenset(module.INPUTS)

    def read(self, raw: Any) -> dict:
        """The validated inputs of a case, as :meth:`Validator.validate` gives them; raises
        :class:`_Unusual` for anything it leaves to the validator."""
        if type(raw) is not dict or not self.input_names.issuperset(raw):
            raise _Unusual
        checked: list[tuple[str, Record]] = []
        inputs = {}
        for name, kind, convert, needs_path, low, high in self.inputs:
            value = raw.get(name)
            if value is None:
                if name in raw and kind != "optional":
                    raise _Unusual
                if kind == "optional":
                    inputs[name] = None
                elif kind == "list":
                    inputs[name] = ()
                else:
                    raise _Unusual
                continue
            value = convert(value, (name, checked) if needs_path else None)
            if value is not None and (low is not None and value < low or high is not None and value > high):
                raise _Unusual
            inputs[name] = value
        if checked:
            # as the validator runs them: a check may use the act's definitions and parameters
            ctx = Context(self.module, inputs, False)
            passes = self.passes
            for _, record in checked:
                if not passes[record.type](ctx, record):
                    raise _Unusual
        return inputs

    # ------------------------------------------------------------------ making converters

    def bounded(self, type_: tuple, low, high) -> tuple[Converter, bool, Any, Any]:
        """The converter of a field or an input, not null, with its least and most value, whether it needs
        the value's path, and the bounds left for the caller to compare: a number's converter
        compares them itself, in whole numbers (a Fraction's comparison is slow Python)."""
        # a field or an input given as null is decided before its converter is asked, so an
        # optional one is converted as its inner type
        inner = type_[2] if type_[0] == "optional" else type_
        if inner[0] == "number" and (low is not None or high is not None):
            convert, needs_path = self.converter(inner, low, high)
            return convert, needs_path, None, None
        convert, needs_path = self.converter(inner)
        return convert, needs_path, low, high

    def converter(self, type_: tuple, low=None, high=None) -> tuple[Converter, bool]:
        """A type's converter, and whether it needs the value's path (a record, or a list or
        set of them, is made with its path). A path is passed as (path, records with checks),
        the list the records that have checks are added to, in the order the validator checks
        them."""
        kind = type_[0]
        if kind == "optional":
            inner, needs_path = self.converter(type_[2], low, high)

            def optional(raw, where):
                return None if raw is None else inner(raw, where)
            return optional, needs_path
        if kind == "bool":
            return _bool, False
        if kind == "text":
            return _text, False
        if kind == "date":
            return _date, False
        if kind == "number":
            return _number(type_[2], type_[3], low, high), False
        if kind == "enum":
            return _enum(frozenset(type_[2])), False
        if kind == "set":
            return self._set(type_)
        if kind == "record":
            return self._record(type_[1]), True
        if kind == "list":
            return self._list(type_)
        raise AssertionError(type_)

    def _set(self, type_: tuple) -> tuple[Converter, bool]:
        element, needs_path = self.converter(type_[2])

        def set_of(raw, where):
            if type(raw) is not list:
                raise _Unusual
            if needs_path:
                path, checked = where
                values = [element(v, (f"{path}[{i}]", checked)) for i, v in enumerate(raw)]
            else:
                values = [element(v, None) for v in raw]
            made = frozenset(values)
            if len(made) != len(values):
                raise _Unusual
            return made
        return set_of, needs_path

    def _list(self, type_: tuple) -> tuple[Converter, bool]:
        _, _, element_type, unique_by, max_length = type_
        element, needs_path = self.converter(element_type)
        limit = min(max_length or MAX_LIST_LENGTH, MAX_LIST_LENGTH)

        def list_of(raw, where):
            if type(raw) is not list or len(raw) > limit:
                raise _Unusual
            if needs_path:
                path, checked = where
                items = tuple([element(v, (f"{path}[{i}]", checked)) for i, v in enumerate(raw)])
            else:
                items = tuple([element(v, None) for v in raw])
            if unique_by is not None:
                keys = {item.get(unique_by) for item in items}
                if len(keys) != len(items):
                    raise _Unusual
            return items
        return list_of, needs_path

    def _record(self, record_name: str) -> Converter:
        made = self._record_converters.get(record_name)
        if made is not None:
            return made
        # a record may hold itself (through a list): its converter is looked up when first used
        self._record_converters[record_name] = lambda raw, where: self._record_converters[record_name](raw, where)
        declared = self.records[record_name]
        # a record starts as its fields left out (their defaults, or a mark where the case must
        # give one), in the order the act declares them, as the validator makes it; then only
        # the fields the case gives are read: a time-card day gives a few of its fifteen
        absent: dict[str, Any] = {}
        fields = {}
        required = []
        made_anew = []
        for name, (field_type, low, high, has_default, default) in declared.items():
            convert, needs_path, low, high = self.bounded(field_type, low, high)
            kind = field_type[0]
            fields[name] = (convert, needs_path, low, high, "." + name, kind == "optional")
            if has_default:
                value = runtime_value(default, field_type)
                if value is None or isinstance(value, (Fraction, int, str, date)):
                    absent[name] = value
                else:
                    # a list or set is made anew for each record, as the validator makes it:
                    # the engine tells a case's lists apart by their identity
                    absent[name] = _REQUIRED
                    made_anew.append((name, default, field_type))
            elif kind in LEFT_OUT:
                absent[name] = LEFT_OUT[kind]
            else:
                absent[name] = _REQUIRED
                required.append(name)
        required = tuple(required)
        made_anew = tuple(made_anew)
        has_checks = bool(self.checks.get(record_name))

        def record(raw, where):
            if type(raw) is not dict:
                raise _Unusual
            path, checked = where
            values = absent.copy()
            for name, value in raw.items():
                field = fields.get(name)
                if field is None:
                    raise _Unusual
                if value is None:
                    if not field[5]:  # null for a fact that is not optional
                        raise _Unusual
                    values[name] = None  # not known, as if left out
                    continue
                convert, needs_path, low, high, suffix, _ = field
                value = convert(value, (path + suffix, checked) if needs_path else None)
                if low is not None and value < low or high is not None and value > high:
                    raise _Unusual
                values[name] = value
            for name in required:
                if values[name] is _REQUIRED:
                    raise _Unusual
            for name, default, field_type in made_anew:
                if name not in raw:
                    values[name] = runtime_value(default, field_type)
            made = Record(path, values, record_name)
            if has_checks:
                checked.append((path, made))
            return made
        self._record_converters[record_name] = record
        return record


def _every(checks: tuple) -> Callable[[Any, Record], bool]:
    def passes(ctx, record) -> bool:
        return all(check(ctx, record) for check, _message in checks)
    return passes


def _bool(raw, where):
    if raw is True or raw is False:
        return raw
    raise _Unusual


def _text(raw, where):
    if type(raw) is str:
        return raw
    raise _Unusual


def _date(raw, where):
    if type(raw) is str and _DAY.fullmatch(raw):
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise _Unusual from None
    elif type(raw) is date:
        day = raw
    else:
        raise _Unusual
    if FIRST_DAY <= day <= LAST_DAY:
        return day
    raise _Unusual


def _enum(members: frozenset) -> Converter:
    def enum(raw, where):
        if type(raw) is str and raw in members:
            return raw
        raise _Unusual
    return enum


def _number(integral: bool, money: bool, low=None, high=None) -> Converter:
    most_places = MONEY_PLACES if money else MAX_PLACES
    type_ = ("number", "", integral, money)
    # the bounds as numerator and denominator: a value n/d is below low_n/low_d when
    # n * low_d < low_n * d (denominators are positive)
    low_n, low_d = _ratio(low)
    high_n, high_d = _ratio(high)

    def within(n: int, d: int) -> bool:
        return not (low_n is not None and n * low_d < low_n * d or high_n is not None and n * high_d > high_n * d)

    def number(raw, where):
        kind = type(raw)
        if kind is str:
            matched = _DIGITS.fullmatch(raw)
            if matched is None:
                raise _Unusual
            whole, places = matched.groups()
            if places is None:
                n = int(whole)
                if not within(n, 1):
                    raise _Unusual
                return n if integral else exact_ratio(n, 1)
            if integral or len(places) > most_places:
                raise _Unusual
            n, d = int(whole + places), 10 ** len(places)
            if not within(n, d):
                raise _Unusual
            return exact_ratio(n, d)
        if kind is int:
            if not -_WHOLE_LIMIT < raw < _WHOLE_LIMIT or not within(raw, 1):
                raise _Unusual
            return raw if integral else exact_ratio(raw, 1)
        if kind is float:
            raw = Decimal(repr(raw))
        elif kind is not Decimal:
            raise _Unusual
        if _out_of_bounds(raw, type_) is not None:
            raise _Unusual
        if integral and raw != raw.to_integral_value():
            raise _Unusual
        n, d = raw.as_integer_ratio()
        if not within(n, d):
            raise _Unusual
        return int(raw) if integral else Fraction(raw)
    return number


def _ratio(bound) -> tuple[int | None, int | None]:
    if bound is None:
        return None, None
    exact = Fraction(bound)
    return exact.numerator, exact.denominator


def read_case(reader: CaseReader, raw: Any):
    """A case's validated inputs by the act's converters, or None where the validator must
    decide (a problem, or a value written in a way they leave to it)."""
    try:
        return reader.read(raw)
    # _Unusual, a check's HsaError, or anything else: the validator says what it makes of it
    except Exception:  # noqa: BLE001
        return None
