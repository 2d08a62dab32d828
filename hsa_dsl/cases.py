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

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.errors import Diagnostic, HsaError, did_you_mean
from hsa_dsl.runtime.engine import Record
from hsa_dsl.source import read_bounded

#: The largest case file read (raise it with ``max_bytes`` or ``--max-case-bytes``), and the most
#: entries any list may hold, whatever the act says.
MAX_CASE_BYTES = 16 * 1024 * 1024
MAX_LIST_LENGTH = 100_000
#: Validation stops listing problems after this many.
MAX_REPORTED = 50
#: YAML aliases: the most a case may use, and the most nodes they may repeat in all (a "billion
#: laughs" case fails at once instead of growing without end).
MAX_ALIASES = 1_000
MAX_ALIAS_NODES = 100_000
#: The largest numbers a case holds: digits before the point, and places after it (money: two).
MAX_WHOLE_DIGITS = 15
MAX_PLACES = 30
MONEY_PLACES = 2
#: The days a case may speak of.
FIRST_DAY = date(1900, 1, 1)
LAST_DAY = date(2199, 12, 31)


class _CaseLoader(yaml.SafeLoader):
    """YAML with the YAML 1.2 core schema, strictly.

    Plain scalars are null (``~``, ``null``, nothing), true/false, decimal whole numbers and
    decimals; anything else is text: ``010`` is 10 (not 8), ``8:00`` is the text "8:00" (not
    480), ``yes``/``no``/``on``/``off`` are text (not booleans), ``2025-03-01`` is text that
    validation reads as a date (so ``2025-02-30`` is refused with its field path). Decimals are
    exact (8.5 is the decimal 8.5, never a binary float). A key given twice in one mapping is an
    error with its line and column, and aliases are held to a small budget."""

    yaml_implicit_resolvers: dict = {}

    def __init__(self, stream):
        super().__init__(stream)
        self._aliases = 0
        self._alias_nodes = 0
        #: id of a composed node -> how many nodes it stands for, aliases expanded
        self._weights: dict[int, int] = {}

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            node = super().compose_node(parent, index)
            weight = self._weights.get(id(node))
            if weight is None:
                raise yaml.composer.ComposerError(None, None, "an alias inside the node it names", mark)
            self._aliases += 1
            self._alias_nodes += weight
            if self._aliases > MAX_ALIASES or self._alias_nodes > MAX_ALIAS_NODES:
                raise yaml.composer.ComposerError(
                    None, None, f"too many aliases: a case may use at most {MAX_ALIASES:,} aliases "
                                f"repeating at most {MAX_ALIAS_NODES:,} values in all", mark)
            return node
        node = super().compose_node(parent, index)
        weights = self._weights
        if isinstance(node, yaml.SequenceNode):
            weight = 1 + sum(weights.get(id(n), 1) for n in node.value)
        elif isinstance(node, yaml.MappingNode):
            weight = 1 + sum(weights.get(id(k), 1) + weights.get(id(v), 1) for k, v in node.value)
        else:
            weight = 1
        weights[id(node)] = weight
        return node

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key_node, _ in node.value:
                if isinstance(key_node, yaml.ScalarNode):
                    key = self.construct_object(key_node, deep=True)
                    if key in seen:
                        raise yaml.constructor.ConstructorError(
                            None, None, f"the key {_show(key)} is given twice in the same mapping",
                            key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep)


def _construct_int(loader, node):
    return _whole_number(loader.construct_scalar(node))


def _whole_number(text: str):
    """A whole number as written; one too long to be a fact of a case stays a decimal, which
    validation refuses (Python will not even read a number of more than 4,300 digits)."""
    if len(text) > 40:
        return Decimal(text)
    return int(text)


def _construct_decimal(loader, node):
    text = loader.construct_scalar(node)
    special = {".inf": "Infinity", "+.inf": "Infinity", "-.inf": "-Infinity", ".nan": "NaN"}
    return Decimal(special.get(text.lower(), text))


def _construct_text(loader, node):
    return loader.construct_scalar(node)


_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"),
                                  ["~", "n", "N", ""])
_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))
_CaseLoader.add_implicit_resolver("tag:yaml.org,2002:int", re.compile(r"^[-+]?[0-9]+$"), list("-+0123456789"))
_CaseLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
               r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"),
    list("-+.0123456789"))
_CaseLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_CaseLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# an explicit !!timestamp is read as text too, and validated as a date
_CaseLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_text)


def load_case_file(path, max_bytes: int | None = None) -> Any:
    """Read a JSON or YAML case file (by its extension; YAML for anything but .json), of at most
    `max_bytes` bytes (:data:`MAX_CASE_BYTES` unless given)."""
    limit = MAX_CASE_BYTES if max_bytes is None else max_bytes
    raw = read_bounded(path, limit, "case", "--max-case-bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _place_in_bytes(raw, error.start)
        raise HsaError.single(f"line {line}, column {column}: the case file is not UTF-8 text",
                              hint="save the case as UTF-8", file=str(path)) from None
    return parse_case_text(text, str(path), json_format=Path(path).suffix.lower() == ".json")


def _place_in_bytes(raw: bytes, offset: int) -> tuple[int, int]:
    """The line and column (1-based, in characters) of a byte offset."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", errors="replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


class _DuplicateKey(Exception):
    pass


def _unique_pairs(pairs):
    out = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def parse_case_text(text: str, name: str, json_format: bool) -> Any:
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        if json_format:
            return _parse_json(text, name)
        return _parse_yaml(text, name)
    except RecursionError:
        raise HsaError.single("the case nests lists or mappings too deeply to be read", file=name) from None


def _parse_json(text: str, name: str):
    try:
        return json.loads(text, parse_float=Decimal, parse_int=_whole_number, parse_constant=_reject_constant,
                          object_pairs_hook=_unique_pairs)
    except json.JSONDecodeError as error:
        raise HsaError.single(f"line {error.lineno}, column {error.colno}: {error.msg}",
                              hint="the case is not valid JSON", file=name) from None
    except _DuplicateKey as error:
        # found; now where: JSON is YAML, and the YAML reader knows the place of every key
        try:
            _parse_yaml(text, name)
        except HsaError as located:
            if "twice" in located.diagnostics[0].message:
                raise located from None
        raise HsaError.single(f"the key {_show(error.args[0])} is given twice in the same object",
                              hint="give each key once (a second one would replace the first)",
                              file=name) from None
    except ValueError as error:
        raise HsaError.single(str(error), file=name) from None


def _parse_yaml(text: str, name: str):
    try:
        return yaml.load(text, Loader=_CaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        hint = "the case is not valid YAML"
        if "given twice" in problem:
            hint = "give each key once (a second one would replace the first)"
        elif "alias" in problem:
            hint = "write the entries out, or use fewer aliases"
        raise HsaError.single(f"{where}{problem}", hint=hint, file=name) from None
    except (ValueError, TypeError, OverflowError) as error:  # an explicit tag PyYAML cannot build
        raise HsaError.single(f"a value cannot be read: {error}", hint="the case is not valid YAML",
                              file=name) from None


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number a case can hold")


_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_MONEY_TEXT = re.compile(r"^(NT\$)?-?[0-9]{1,3}(,[0-9]{3})*(\.[0-9]+)?$|^(NT\$)?-?[0-9]+(\.[0-9]+)?$")


#: a field without a default
_NO_DEFAULT = object()


class Validator:
    def __init__(self, act: c.CheckedAct, checks: dict, file: str | None):
        self.act = act
        self.checks = checks
        self.file = file
        self.problems: list[Diagnostic] = []
        self.records: list[tuple[str, Record]] = []

    def problem(self, path: str, message: str, hint: str | None = None) -> None:
        self.problems.append(Diagnostic(message, None, hint, path=path, file=self.file))

    def suggest(self, name: str, candidates) -> str | None:
        """A "did you mean", while the problems are still few enough to be shown (a case of a
        million misspelt keys is refused without comparing each with every field)."""
        if len(self.problems) >= MAX_REPORTED:
            return None
        return did_you_mean(name, candidates)

    def null(self, path: str, name: str, type_: t.Type, default: Any = _NO_DEFAULT) -> None:
        """A field given as null (``~``, ``null`` or nothing after the colon) that is not optional."""
        if default is not _NO_DEFAULT:
            self.problem(path, f"{name} is empty (null)",
                         f"leave {name} out for its default ({_show_default(default)}), or give a value")
        elif isinstance(type_, (t.ListType, t.SetType)):
            self.problem(path, f"{name} is empty (null)", f"leave {name} out, or give a list ([] for none)")
        else:
            self.problem(path, f"{name} is empty (null), and the case must give it ({_describe(type_)})",
                         "give a value")

    def validate(self, raw: Any) -> dict:
        if not isinstance(raw, dict):
            self.problem("", f"a case is a mapping of the act's inputs ({', '.join(self.act.inputs)}); "
                             f"found {_kind(raw)}")
            raise HsaError(self.problems)
        inputs = {}
        for key in raw:
            if not isinstance(key, str) or key not in self.act.inputs:
                self.problem(_key(key), f"'{_key(key)}' is not an input of this act",
                             self.suggest(str(key), self.act.inputs)
                             or f"the inputs are: {', '.join(self.act.inputs)}")
        for name, info in self.act.inputs.items():
            if name in raw and raw[name] is None and not isinstance(info.type, t.OptionalType):
                self.null(name, name, info.type)
                continue
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
        from hsa_dsl.runtime.engine import Context

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
            hint = None
            if isinstance(raw, str) and raw.strip().lower() in _YAML11_BOOLEANS:
                hint = "write true or false: yes, no, on and off are read as text, not as true or false"
            self.problem(path, f"expected true or false, found {_show(raw)}", hint)
            return None
        if type_ == t.STRING:
            if isinstance(raw, str):
                return raw
            self.problem(path, f"expected a text, found {_show(raw)}", "put the text in quotes")
            return None
        if type_ == t.DATE:
            return self.date(raw, path)
        if isinstance(type_, t.Number):
            return self.number(raw, type_, path)
        if isinstance(type_, t.EnumType):
            if isinstance(raw, str) and raw in type_.members:
                return raw
            self.problem(path, f"expected one of {', '.join(type_.members)}; found {_show(raw)}",
                         self.suggest(str(raw), type_.members) if isinstance(raw, str) else None)
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
            value = raw
        elif isinstance(raw, float):
            value = Decimal(repr(raw))
        elif isinstance(raw, str) and len(raw) <= 100:
            text = raw.strip()
            if type_ == t.MONEY and _MONEY_TEXT.match(text):
                value = Decimal(text.replace("NT$", "").replace(",", ""))
            elif _NUMBER.match(text):
                value = Decimal(text)
        if value is None:
            self.problem(path, f"expected {_describe(type_)}, found {_show(raw)}", _number_hint(raw, type_))
            return None
        refused = _out_of_bounds(value, type_)
        if refused is not None:
            self.problem(path, *refused)
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
        day = None
        if isinstance(raw, date):
            day = raw
        elif isinstance(raw, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", raw.strip()):
            try:
                day = date.fromisoformat(raw.strip())
            except ValueError:
                self.problem(path, f"{raw.strip()} is not a day of the calendar")
                return None
        if day is None:
            self.problem(path, f"expected a date (YYYY-MM-DD), found {_show(raw)}")
            return None
        if not FIRST_DAY <= day <= LAST_DAY:
            self.problem(path, f"{day.isoformat()} is outside the days a case can speak of "
                               f"({FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()})")
            return None
        return day

    def record(self, raw: Any, type_: t.RecordType, path: str):
        info = self.act.records[type_.name]
        if not isinstance(raw, dict):
            self.problem(path, f"expected a {type_.name} (a mapping of its fields), found {_show(raw)}")
            return None
        values = {}
        for key in raw:
            if key not in info.fields:
                self.problem(f"{path}.{_key(key)}", f"{type_.name} has no field '{_key(key)}'",
                             self.suggest(str(key), info.fields)
                             or f"its fields are: {', '.join(info.fields)}")
        for name, field in info.fields.items():
            sub = f"{path}.{name}"
            if name not in raw or raw[name] is None:
                if name in raw and isinstance(field.type, t.OptionalType):
                    # null for an optional fact: not known, as if left out
                    values[name] = None
                elif name in raw:
                    self.null(sub, name, field.type, field.default if field.has_default else _NO_DEFAULT)
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


_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def _number_hint(raw: Any, type_: t.Number) -> str | None:
    if isinstance(raw, str):
        text = raw.strip()
        if re.fullmatch(r"[0-9]{1,2}:[0-9]{2}(:[0-9]{2})?", text):
            return "write a time of day as hours since midnight: 07:30 is 7.5, 8:00 is 8"
        if type_ == t.MONEY and re.fullmatch(r"(NT\$)?[0-9]{1,3}(\.[0-9]{3})+", text):
            return f"did you mean {text.replace('NT$', '').replace('.', '')}? A dot is not a thousands separator here"
    if isinstance(raw, Decimal) and not raw.is_finite():
        return "a case holds finite numbers only"
    return None


def _out_of_bounds(value, type_: t.Number) -> tuple[str, str | None] | None:
    """Why a number is refused (message, hint), or None: not finite, too large, or written with
    more decimal places than its kind of number has (money: two)."""
    if isinstance(value, int):
        if -(10 ** MAX_WHOLE_DIGITS) < value < 10 ** MAX_WHOLE_DIGITS:
            return None
        return (f"{_show(value)} is too large: a number in a case has at most {MAX_WHOLE_DIGITS} digits "
                f"before the point", None)
    if not value.is_finite():
        return f"{value} is not a number a case can hold", "a case holds finite numbers only"
    sign, digits, exponent = value.as_tuple()
    if value and value.adjusted() >= MAX_WHOLE_DIGITS:
        return (f"{_show(value)} is too large: a number in a case has at most {MAX_WHOLE_DIGITS} digits "
                f"before the point", None)
    places = -exponent if exponent < 0 else 0
    if type_ == t.MONEY and places > MONEY_PLACES:
        hint = "an amount of money has at most two decimal places (cents)"
        if places == 3:  # 28.590, as 28,590 is written in Indonesia and much of Europe
            whole = int("".join(map(str, digits))) * (-1 if sign else 1)
            hint = (f"did you mean {whole}? A dot is not a thousands separator here: "
                    f"write {whole}, or \"{whole:,}\" in quotes")
        return f"{_show(value)} has {places} decimal places; an amount of money has at most {MONEY_PLACES}", hint
    if places > MAX_PLACES:
        return (f"{_show(value)} has {places:,} decimal places; a number in a case has at most {MAX_PLACES}",
                None)
    return None


def _show_default(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _key(key) -> str:
    """A key of a mapping as it is named in a field path."""
    return _show(key) if not isinstance(key, str) else (key if len(key) <= 60 else key[:57] + "...")


def _kind(raw) -> str:
    if isinstance(raw, list):
        return "a list"
    if raw is None:
        return "nothing"
    return f"a {type(raw).__name__}"


def _show(raw) -> str:
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


def _describe(type_: t.Type) -> str:
    return {
        "money": "an amount of money (NT$)",
        "hours": "a number of hours",
        "days": "a number of days",
        "integer": "a whole number",
        "decimal": "a number",
    }.get(str(type_), str(type_))
