"""Cases: reading a case file, and validating a case against the act's declared inputs.

A case is a mapping from the act's input names to values. Validation turns it into runtime
values (records that know their field path) or reports every problem with its field path
(``employment.timecard[3].regular_hours``). Nothing the user gave is changed: values are
converted exactly (decimals stay decimals), and defaults only fill fields that were left out.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from . import checked as c
from . import types as t
from .errors import Diagnostic, HsaError, did_you_mean
from .runtime import Record

#: The largest case file read, and the most entries any list may hold, whatever the act says.
MAX_CASE_BYTES = 32 * 1024 * 1024
MAX_LIST_LENGTH = 100_000
#: Validation stops listing problems after this many.
MAX_REPORTED = 50


class _DecimalLoader(yaml.SafeLoader):
    """YAML without binary floats: 8.5 is read as the exact decimal 8.5."""


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:
        return text


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def load_case_file(path) -> Any:
    """Read a JSON or YAML case file (by its extension; YAML for anything but .json)."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_CASE_BYTES:
            raise HsaError.single(f"the case file is {size:,} bytes; the most read is {MAX_CASE_BYTES:,}",
                                  file=str(path))
        text = p.read_bytes().decode("utf-8")
    except OSError as error:
        raise HsaError.single(f"cannot read the case: {error.strerror or error}", file=str(path)) from None
    except UnicodeDecodeError:
        raise HsaError.single("the case file is not UTF-8 text", file=str(path)) from None
    return parse_case_text(text, str(path), json_format=p.suffix.lower() == ".json")


def parse_case_text(text: str, name: str, json_format: bool) -> Any:
    if json_format:
        try:
            return json.loads(text, parse_float=Decimal, parse_constant=_reject_constant)
        except json.JSONDecodeError as error:
            raise HsaError.single(f"line {error.lineno}, column {error.colno}: {error.msg}",
                                  hint="the case is not valid JSON", file=name) from None
        except ValueError as error:
            raise HsaError.single(str(error), file=name) from None
    try:
        return yaml.load(text, Loader=_DecimalLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise HsaError.single(f"{where}{problem}", hint="the case is not valid YAML", file=name) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number a case can hold")


_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_MONEY_TEXT = re.compile(r"^(NT\$)?-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$|^(NT\$)?-?[0-9]+(\.[0-9]+)?$")


class Validator:
    def __init__(self, act: c.CheckedAct, checks: dict, file: str | None):
        self.act = act
        self.checks = checks
        self.file = file
        self.problems: list[Diagnostic] = []
        self.records: list[tuple[str, Record]] = []

    def problem(self, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(message, None, hint, path=path, file=self.file))

    def validate(self, raw: Any) -> dict:
        if not isinstance(raw, dict):
            self.problem("", f"a case is a mapping of the act's inputs ({', '.join(self.act.inputs)}); "
                             f"found {_kind(raw)}")
            raise HsaError(self.problems)
        inputs = {}
        for key in raw:
            if not isinstance(key, str) or key not in self.act.inputs:
                self.problem(str(key), f"'{key}' is not an input of this act",
                             did_you_mean(str(key), self.act.inputs)
                             or f"the inputs are: {', '.join(self.act.inputs)}")
        for name, info in self.act.inputs.items():
            if name not in raw or raw[name] is None:
                if isinstance(info.type, t.OptionalType):
                    inputs[name] = None
                elif isinstance(info.type, t.ListType):
                    inputs[name] = ()
                else:
                    self.problem(name, f"the case does not give '{name}'")
                continue
            inputs[name] = self.bounded(raw[name], info.type, name, info.low, info.high)
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
        from .runtime import Context

        ctx = Context(None, inputs, False)
        for path, record in self.records:
            for check, message in self.checks.get(record.type, ()):
                try:
                    ok = check(ctx, record)
                except HsaError as error:
                    self.problem(path, error.diagnostics[0].message)
                    continue
                if not ok:
                    self.problem(path, message)

    def value(self, raw: Any, type_: t.Type, path: str) -> Any:
        if isinstance(type_, t.OptionalType):
            if raw is None:
                return None
            return self.value(raw, type_.inner, path)
        if raw is None:
            self.problem(path, f"expected {_describe(type_)}, found nothing (null)")
            return None
        if type_ == t.BOOL:
            if isinstance(raw, bool):
                return raw
            self.problem(path, f"expected true or false, found {_show(raw)}")
            return None
        if type_ == t.STRING:
            if isinstance(raw, str):
                return raw
            self.problem(path, f"expected a text, found {_show(raw)}")
            return None
        if type_ == t.DATE:
            return self.date(raw, path)
        if isinstance(type_, t.Number):
            return self.number(raw, type_, path)
        if isinstance(type_, t.EnumType):
            if isinstance(raw, str) and raw in type_.members:
                return raw
            self.problem(path, f"expected one of {', '.join(type_.members)}; found {_show(raw)}",
                         did_you_mean(str(raw), type_.members))
            return None
        if isinstance(type_, t.SetType):
            if not isinstance(raw, list):
                self.problem(path, f"expected a list of {type_.element}, found {_show(raw)}")
                return None
            values = [self.value(v, type_.element, f"{path}[{i}]") for i, v in enumerate(raw)]
            if len(set(values)) != len(values):
                self.problem(path, "a value is listed twice")
            return frozenset(values)
        if isinstance(type_, t.RecordType):
            return self.record(raw, type_, path)
        if isinstance(type_, t.ListType):
            return self.list(raw, type_, path)
        raise AssertionError(type_)

    def bounded(self, raw: Any, type_: t.Type, path: str, low, high):
        value = self.value(raw, type_, path)
        if value is not None and low is not None and value < low:
            self.problem(path, f"{_show(raw)} is below the least allowed, {low}")
        elif value is not None and high is not None and value > high:
            self.problem(path, f"{_show(raw)} is above the most allowed, {high}")
        return value

    def number(self, raw: Any, type_: t.Number, path: str):
        value = None
        if isinstance(raw, bool):
            value = None
        elif isinstance(raw, int):
            value = raw
        elif isinstance(raw, Decimal):
            value = raw if raw.is_finite() else None
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str):
            text = raw.strip()
            if type_ == t.MONEY and _MONEY_TEXT.match(text):
                value = Decimal(text.replace("NT$", "").replace(",", ""))
            elif _NUMBER.match(text):
                value = Decimal(text)
        if value is None:
            self.problem(path, f"expected {_describe(type_)}, found {_show(raw)}")
            return None
        if type_.integral:
            if isinstance(value, Decimal):
                if value != value.to_integral_value():
                    self.problem(path, f"expected a whole number of {_describe(type_)}, found {raw}")
                    return None
                value = int(value)
        else:
            value = Fraction(value)
        return value

    def date(self, raw: Any, path: str):
        if isinstance(raw, datetime):
            self.problem(path, f"expected a date (YYYY-MM-DD), found a date and time {raw}")
            return None
        if isinstance(raw, date):
            return raw
        if isinstance(raw, str):
            try:
                if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
                    return date.fromisoformat(raw.strip())
            except ValueError:
                self.problem(path, f"{raw} is not a day of the calendar")
                return None
        self.problem(path, f"expected a date (YYYY-MM-DD), found {_show(raw)}")
        return None

    def record(self, raw: Any, type_: t.RecordType, path: str):
        info = self.act.records[type_.name]
        if not isinstance(raw, dict):
            self.problem(path, f"expected a {type_.name} (a mapping of its fields), found {_show(raw)}")
            return None
        values = {}
        for key in raw:
            if key not in info.fields:
                self.problem(f"{path}.{key}", f"{type_.name} has no field '{key}'",
                             did_you_mean(str(key), info.fields)
                             or f"its fields are: {', '.join(info.fields)}")
        for name, field in info.fields.items():
            sub = f"{path}.{name}"
            if name not in raw or raw[name] is None:
                if name in raw and raw[name] is None and isinstance(field.type, t.OptionalType):
                    values[name] = None
                elif field.has_default:
                    values[name] = runtime_value(field.default, field.type)
                elif isinstance(field.type, t.OptionalType):
                    values[name] = None
                elif isinstance(field.type, t.ListType):
                    values[name] = ()
                elif isinstance(field.type, t.SetType):
                    values[name] = frozenset()
                else:
                    self.problem(sub, f"the case does not give {name} ({_describe(field.type)})")
                continue
            values[name] = self.bounded(raw[name], field.type, sub, field.low, field.high)
        record = Record(path, values, type_.name)
        self.records.append((path, record))
        return record

    def list(self, raw: Any, type_: t.ListType, path: str):
        if not isinstance(raw, list):
            self.problem(path, f"expected a list of {type_.element}, found {_show(raw)}")
            return ()
        limit = min(type_.max_length or MAX_LIST_LENGTH, MAX_LIST_LENGTH)
        if len(raw) > limit:
            self.problem(path, f"the list has {len(raw):,} entries; the most allowed is {limit:,}")
            return ()
        items = tuple(self.value(v, type_.element, f"{path}[{i}]") for i, v in enumerate(raw))
        if type_.unique_by is not None:
            seen: dict[Any, int] = {}
            for i, item in enumerate(items):
                if item is None:
                    continue
                key = item.get(type_.unique_by)
                if key in seen:
                    self.problem(f"{path}[{i}].{type_.unique_by}",
                                 f"{key} is also given at {path}[{seen[key]}]; each entry needs its own {type_.unique_by}")
                else:
                    seen[key] = i
        return items


def runtime_value(value, type_=None):
    """A value declared in the act (a default) as rules see it: decimals as exact rationals,
    and so is a whole number given for a field of decimals (`overtime_hours: hours = 0`), as
    the same number given in a case would be."""
    inner = type_.inner if isinstance(type_, t.OptionalType) else type_
    if isinstance(value, Decimal) or (isinstance(inner, t.Number) and not inner.integral
                                      and isinstance(value, int) and not isinstance(value, bool)):
        return Fraction(value)
    return value


def _kind(raw) -> str:
    if isinstance(raw, list):
        return "a list"
    if raw is None:
        return "nothing"
    return f"a {type(raw).__name__}"


def _show(raw) -> str:
    if isinstance(raw, str):
        return repr(raw)
    if isinstance(raw, (dict, list)):
        return _kind(raw)
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


def _describe(type_: t.Type) -> str:
    return {
        "money": "an amount of money (NT$)",
        "hours": "a number of hours",
        "days": "a number of days",
        "integer": "a whole number",
        "decimal": "a number",
    }.get(str(type_), str(type_))
