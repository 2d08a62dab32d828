"""Validating a case against a compiled act's declared inputs.

A case is a mapping from the act's input names to values (read from a file or given by a
program). Validation turns it into runtime values (records that know their field path) or
reports every problem with its field path (``employment.timecard[3].regular_hours``). Nothing
the user gave is changed: values are converted exactly (decimals stay decimals), and defaults
only fill fields that were left out.

What it checks against is plain data the compiled module carries: ``INPUTS`` (each input's type,
least and most value) and ``RECORDS`` (each record's fields, with their defaults), where a type
is a tuple whose first two items are its kind and its name as the act writes it:
``("number", name, whole, money)``, ``("bool", "bool")``, ``("date", "date")``,
``("text", "text")``, ``("enum", name, members)``, ``("record", name)``,
``("list", name, element, unique_by, max_length)``, ``("set", name, element)`` and
``("optional", name, inner)``.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hsa_dsl.errors import Diagnostic, HsaError, did_you_mean
from hsa_dsl.runtime.engine import Context
from hsa_dsl.runtime.numbers import exact
from hsa_dsl.runtime.values import Record

#: The most entries any list may hold, whatever the act says.
MAX_LIST_LENGTH = 100_000
#: Validation stops listing problems after this many.
MAX_REPORTED = 50
#: The largest numbers a case holds: digits before the point, and places after it (money: two).
MAX_WHOLE_DIGITS = 15
MAX_PLACES = 30
MONEY_PLACES = 2
#: The days a case may speak of.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)

_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_MONEY_TEXT = re.compile(r"^(NT\$)?-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$|^(NT\$)?-?[0-9]+(\.[0-9]+)?$")

#: a field without a default
_NO_DEFAULT = object()
#: what a field without a default is when a case leaves it out, by its kind: not known, or none
LEFT_OUT = {"optional": None, "list": (), "set": frozenset()}


class Validator:
    def __init__(self, module, file: str | None):
        self.module = module
        self.inputs = module.INPUTS
        self.record_fields = module.RECORDS
        self.checks = module.CHECKS
        self.file = file
        self.problems: list[Diagnostic] = []
        self.records: list[tuple[str, Record]] = []

    def problem(self, path: str, message: str, hint: str | None = None, code: str | None = None,
                **values) -> None:
        self.problems.append(Diagnostic(message, None, hint, path=path, file=self.file, code=code,
                                        values=values or None))

    def suggest(self, name: str, candidates) -> str | None:
        """A "did you mean", while the problems are still few enough to be shown (a case of a
        million misspelt keys is refused without comparing each with every field)."""
        if len(self.problems) >= MAX_REPORTED:
            return None
        return did_you_mean(name, candidates)

    def null(self, path: str, name: str, type_: tuple, default: Any = _NO_DEFAULT) -> None:
        """A field given as null (``~``, ``null`` or nothing after the colon) that is not optional."""
        if default is not _NO_DEFAULT:
            self.problem(path, f"{name} is empty (null)",
                         f"leave {name} out for its default ({_show_default(default)}), or give a value")
        elif type_[0] in ("list", "set"):
            self.problem(path, f"{name} is empty (null)", f"leave {name} out, or give a list ([] for none)")
        else:
            self.problem(path, f"{name} is empty (null), and the case must give it ({_describe(type_)})",
                         "give a value")

    def validate(self, raw: Any) -> dict:
        if not isinstance(raw, dict):
            self.problem("", f"a case is a mapping of the act's inputs ({', '.join(self.inputs)}); "
                             f"found {_kind(raw)}")
            raise HsaError(self.problems)
        inputs = {}
        for key in raw:
            if not isinstance(key, str) or key not in self.inputs:
                self.problem(_key(key), f"'{_key(key)}' is not an input of this act",
                             self.suggest(str(key), self.inputs)
                             or f"the inputs are: {', '.join(self.inputs)}")
        for name, (type_, low, high) in self.inputs.items():
            if name in raw and raw[name] is None and type_[0] != "optional":
                self.null(name, name, type_)
                continue
            if name not in raw or raw[name] is None:
                if type_[0] == "optional":
                    inputs[name] = None
                elif type_[0] == "list":
                    inputs[name] = ()
                else:
                    self.problem(name, f"the case does not give '{name}'", code="missing")
                continue
            inputs[name] = self.bounded(raw[name], type_, name, low, high)
        if not self.problems:
            self.run_checks(inputs)
        if self.problems:
            extra = len(self.problems) - MAX_REPORTED
            shown = self.problems[:MAX_REPORTED]
            if extra > 0:
                shown.append(Diagnostic(f"... and {extra} more problems", None, path="", file=self.file))
            raise HsaError(shown)
        return inputs

    def run_checks(self, inputs: dict) -> None:
        # a check may use the act's definitions and parameters: it runs as a rule would
        ctx = Context(self.module, inputs, False)
        for path, record in self.records:
            for check, message in self.checks.get(record.type, ()):
                try:
                    ok = check(ctx, record)
                except HsaError as error:
                    self.problem(path, error.diagnostics[0].message)
                    continue
                if not ok:
                    self.problem(path, message, code="check")

    def value(self, raw: Any, type_: tuple, path: str) -> Any:
        kind = type_[0]
        if kind == "optional":
            if raw is None:
                return None
            return self.value(raw, type_[2], path)
        if raw is None:
            self.problem(path, f"expected {_describe(type_)}, found nothing (null)")
            return None
        if kind == "bool":
            if isinstance(raw, bool):
                return raw
            hint = None
            if isinstance(raw, str) and raw.strip().lower() in _YAML11_BOOLEANS:
                hint = "write true or false: yes, no, on and off are read as text, not as true or false"
            self.problem(path, f"expected true or false, found {brief(raw)}", hint, code="yes_no",
                         found=brief(raw))
            return None
        if kind == "text":
            if isinstance(raw, str):
                return raw
            self.problem(path, f"expected a text, found {brief(raw)}", "put the text in quotes")
            return None
        if kind == "date":
            return self.date(raw, path)
        if kind == "number":
            return self.number(raw, type_, path)
        if kind == "enum":
            members = type_[2]
            if isinstance(raw, str) and raw in members:
                return raw
            self.problem(path, f"expected one of {', '.join(members)}; found {brief(raw)}",
                         self.suggest(str(raw), members) if isinstance(raw, str) else None, code="choice",
                         found=brief(raw))
            return None
        if kind == "set":
            element = type_[2]
            if not isinstance(raw, list):
                self.problem(path, f"expected a list of {element[1]}, found {brief(raw)}")
                return None
            values = [self.value(v, element, f"{path}[{i}]") for i, v in enumerate(raw)]
            if len(set(values)) != len(values):
                self.problem(path, "a value is listed twice")
            return frozenset(values)
        if kind == "record":
            return self.record(raw, type_, path)
        if kind == "list":
            return self.list(raw, type_, path)
        raise AssertionError(type_)

    def bounded(self, raw: Any, type_: tuple, path: str, low, high):
        value = self.value(raw, type_, path)
        if value is not None and low is not None and value < low:
            self.problem(path, f"{brief(raw)} is below the least allowed, {low}", code="below", found=brief(raw),
                         least=low)
        elif value is not None and high is not None and value > high:
            self.problem(path, f"{brief(raw)} is above the most allowed, {high}", code="above", found=brief(raw),
                         most=high)
        return value

    def number(self, raw: Any, type_: tuple, path: str):
        _, _, integral, money = type_
        value = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, Decimal):
            value = raw
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str) and len(raw) <= 100:
            text = raw.strip()
            if money and _MONEY_TEXT.match(text):
                value = Decimal(text.replace("NT$", "").replace(",", ""))
            elif _NUMBER.match(text):
                value = Decimal(text)
        if value is None:
            self.problem(path, f"expected {_describe(type_)}, found {brief(raw)}", _number_hint(raw, type_),
                         code="number", found=brief(raw))
            return None
        refused = _out_of_bounds(value, type_)
        if refused is not None:
            self.problem(path, *refused, code="number_form", found=brief(raw))
            return None
        if integral:
            if isinstance(value, Decimal):
                if value != value.to_integral_value():
                    self.problem(path, f"expected a whole number of {_describe(type_)}, found {raw}", code="whole",
                                 found=raw)
                    return None
                value = int(value)
        else:
            value = exact(value)
        return value

    def date(self, raw: Any, path: str):
        if isinstance(raw, datetime):
            self.problem(path, f"expected a date (YYYY-MM-DD), found a date and time {raw}")
            return None
        day = None
        if isinstance(raw, date):
            day = raw
        elif isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
            try:
                day = date.fromisoformat(raw.strip())
            except ValueError:
                self.problem(path, f"{raw.strip()} is not a day of the calendar", code="not_a_day",
                             found=raw.strip())
                return None
        if day is None:
            self.problem(path, f"expected a date (YYYY-MM-DD), found {brief(raw)}", code="date", found=brief(raw))
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.problem(path, f"{day.isoformat()} is outside the days a case can speak of "
                               f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")
            return None
        return day

    def record(self, raw: Any, type_: tuple, path: str):
        record_name = type_[1]
        fields = self.record_fields[record_name]
        if not isinstance(raw, dict):
            self.problem(path, f"expected a {record_name} (a mapping of its fields), found {brief(raw)}")
            return None
        values = {}
        for key in raw:
            if key not in fields:
                self.problem(f"{path}.{_key(key)}", f"{record_name} has no field '{_key(key)}'",
                             self.suggest(str(key), fields)
                             or f"its fields are: {', '.join(fields)}")
        for name, (field_type, low, high, has_default, default) in fields.items():
            sub = f"{path}.{name}"
            kind = field_type[0]
            if name not in raw or raw[name] is None:
                if name in raw and kind == "optional":
                    # null for an optional fact: not known, as if left out
                    values[name] = None
                elif name in raw:
                    self.null(sub, name, field_type, default if has_default else _NO_DEFAULT)
                elif has_default:
                    values[name] = runtime_value(default, field_type)
                elif kind in LEFT_OUT:
                    values[name] = LEFT_OUT[kind]
                else:
                    self.problem(sub, f"the case does not give {name} ({_describe(field_type)})",
                                 code="missing")
                continue
            values[name] = self.bounded(raw[name], field_type, sub, low, high)
        record = Record(path, values, record_name)
        self.records.append((path, record))
        return record

    def list(self, raw: Any, type_: tuple, path: str):
        _, _, element, unique_by, max_length = type_
        if not isinstance(raw, list):
            self.problem(path, f"expected a list of {element[1]}, found {brief(raw)}")
            return ()
        limit = min(max_length or MAX_LIST_LENGTH, MAX_LIST_LENGTH)
        if len(raw) > limit:
            self.problem(path, f"the list has {len(raw):,} entries; the most allowed is {limit:,}")
            return ()
        items = tuple(self.value(v, element, f"{path}[{i}]") for i, v in enumerate(raw))
        if unique_by is not None:
            seen: dict[Any, int] = {}
            for i, item in enumerate(items):
                if item is None:
                    continue
                key = item.get(unique_by)
                if key in seen:
                    self.problem(f"{path}[{i}].{unique_by}",
                                 f"{key} is also given at {path}[{seen[key]}]; each entry needs its own {unique_by}")
                else:
                    seen[key] = i
        return items


def runtime_value(value, type_: tuple):
    """A value declared in the act (a default) as rules see it: decimals as exact rationals,
    and so is a whole number given for a field of decimals (`overtime_hours: hours = 0`), as
    the same number given in a case would be."""
    inner = type_[2] if type_[0] == "optional" else type_
    if isinstance(value, Decimal) or (inner[0] == "number" and not inner[2]
                                      and isinstance(value, int) and not isinstance(value, bool)):
        return exact(value)
    return value


_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def _number_hint(raw: Any, type_: tuple) -> str | None:
    if isinstance(raw, str):
        text = raw.strip()
        if re.fullmatch(r"[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?", text):
            return "write a time of day as hours since midnight: 07:30 is 7.5, 8:00 is 8"
        if type_[3] and re.fullmatch(r"(NT\$)?[0-9]{1,3}(\.[0-9]{3})+", text):
            return f"did you mean {text.replace('NT$', '').replace('.', '')}? A dot is not a thousands separator here"
    if isinstance(raw, Decimal) and not raw.is_finite():
        return "a case holds finite numbers only"
    return None


def _out_of_bounds(value, type_: tuple) -> tuple[str, str | None] | None:
    """Why a number is refused (message, hint), or None: not finite, too large, or written with
    more decimal places than its kind of number has (money: two)."""
    if isinstance(value, int):
        if -(10 ** MAX_WHOLE_DIGITS) < value < 10 ** MAX_WHOLE_DIGITS:
            return None
        return (f"{brief(value)} is too large: a number in a case has at most {MAX_WHOLE_DIGITS} digits "
                f"before the point", None)
    if not value.is_finite():
        return f"{value} is not a number a case can hold", "a case holds finite numbers only"
    sign, digits, exponent = value.as_tuple()
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        return (f"{brief(value)} is too large: a number in a case has at most {MAX_WHOLE_DIGITS} digits "
                f"before the point", None)
    places = -exponent if exponent < 0 else 0
    if type_[3] and places > MONEY_PLACES:
        hint = "an amount of money has at most two decimal places (cents)"
        if places == 3:  # 28.590, as 28,590 is written in Indonesia and much of Europe
            whole = int("".join(map(str, digits))) * (-1 if sign else 1)
            hint = (f"did you mean {whole}? A dot is not a thousands separator here: "
                    f"write {whole}, or \"{whole:,}\" in quotes")
        return f"{brief(value)} has {places} decimal places; an amount of money has at most {MONEY_PLACES}", hint
    if places > MAX_PLACES:
        return (f"{brief(value)} has {places:,} decimal places; a number in a case has at most {MAX_PLACES}",
                None)
    return None


def _show_default(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key(key) -> str:
    """A key of a mapping as it is named in a field path."""
    return brief(key) if not isinstance(key, str) else (key if len(key) <= 60 else key[:57] + "...")


def _kind(raw) -> str:
    if isinstance(raw, list):
        return "a list"
    if raw is None:
        return "nothing"
    return f"a {type(raw).__name__}"


def brief(raw) -> str:
    """A value of a case, as an error message shows it: never more than about 60 characters
    (nor a whole number of thousands of digits, which Python will not even print)."""
    if isinstance(raw, str):
        return repr(raw) if len(raw) <= 60 else repr(raw[:57]) + "..."
    if isinstance(raw, (dict, list)):
        return _kind(raw)
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, int) and abs(raw) >= 10 ** 60:
        return f"a whole number of about {int(raw.bit_length() * 0.30103) + 1:,} digits"
    if isinstance(raw, Decimal) and len(raw.as_tuple().digits) > 60:
        return f"a number of {len(raw.as_tuple().digits):,} digits"
    text = str(raw)
    return text if len(text) <= 60 else text[:57] + "..."


def _describe(type_: tuple) -> str:
    return {
        "money": "an amount of money (NT$)",
        "hours": "a number of hours",
        "days": "a number of days",
        "integer": "a whole number",
        "decimal": "a number",
    }.get(type_[1], type_[1])
