"""Showing values as people read them: NT$29,500, 10 h, 30 days, yes; how each language writes
numbers and dates; and the declared type of a value or a case field, for showing it."""

from __future__ import annotations

import re
import string
from datetime import date

import attrs

from hsa_dsl.runtime.verdict import cents, show  # noqa: F401 - shown values are the runtime's

ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
                  "September", "October", "November", "December")
#: what a language's date and month forms may name
DATE_PARTS = frozenset({"day", "month", "month_number", "year"})


@attrs.frozen
class WrittenForm:
    """How a language writes numbers and dates (the `format` section of its file): 20.000 and
    "1 Maret 2025" in Indonesian, 20,000 and "2025年3月1日" in Chinese. Amounts keep their
    currency sign (NT$) in every language: it is the sign on her pay slip."""

    thousands: str = ","
    decimal: str = "."
    date: str = "{day} {month} {year}"
    #: a month as a whole ("March 2025"), for what is owed or breached month by month
    month: str = "{month} {year}"
    months: tuple = ENGLISH_MONTHS

    @classmethod
    def from_file(cls, section) -> WrittenForm:
        """The form a language file's `format` section gives; English's for what it leaves out
        (`problems` says what is wrong with a section)."""
        if not isinstance(section, dict) or form_problems(section):
            return cls()
        given = {key: section[key] for key in ("thousands", "decimal", "date", "month") if key in section}
        if "months" in section:
            given["months"] = tuple(str(m) for m in section["months"])
        return cls(**{key: value if key == "months" else str(value) for key, value in given.items()})

    def number(self, written: str) -> str:
        """A number written the plain way (`-12865.5`, as `format_decimal` gives it) in this
        language's form: its thousands grouped, its own decimal mark."""
        sign = "-" if written.startswith("-") else ""
        whole, _, fraction = written.lstrip("-").partition(".")
        groups = []
        while len(whole) > 3:
            whole, groups = whole[:-3], [whole[-3:], *groups]
        whole = self.thousands.join([whole, *groups])
        return sign + whole + (self.decimal + fraction if fraction else "")

    def day(self, value: date) -> str:
        return self.date.format(**self._parts(value))

    def month_of(self, value: date) -> str:
        return self.month.format(**self._parts(value))

    def _parts(self, value: date) -> dict:
        return {"day": value.day, "month": self.months[value.month - 1], "month_number": value.month,
                "year": value.year}


def form_problems(section) -> list[str]:
    """What is wrong with a language file's `format` section, in words for its translator."""
    if not isinstance(section, dict):
        return ["format: must be a map of thousands, decimal, date, month and months"]
    problems = [f"format: '{key}' is not a part of a language's form" for key in section
                if key not in ("thousands", "decimal", "date", "month", "months")]
    for key in ("thousands", "decimal"):
        if key in section and (not isinstance(section[key], str) or len(section[key]) > 3
                               or any(c.isdigit() for c in section[key])):
            problems.append(f"format: {key} must be a short mark without digits, as '.' or ','")
    if section.get("thousands", ",") == section.get("decimal", "."):
        problems.append("format: thousands and decimal must be different marks")
    for key in ("date", "month"):
        if key not in section:
            continue
        try:
            named = {name for _, name, _, _ in string.Formatter().parse(str(section[key])) if name is not None}
        except ValueError:
            named = {"?"}
        if not named <= DATE_PARTS or "year" not in named:
            problems.append(f"format: {key} may name only {{day}}, {{month}}, {{month_number}} and {{year}}, "
                            "and must name {year}")
    months = section.get("months")
    if months is not None and (not isinstance(months, list) or len(months) != 12
                               or not all(isinstance(m, str) and m.strip() for m in months)):
        problems.append("format: months must list the twelve months' names, January first")
    return problems


def value_type(checked, name: str) -> str:
    if name in checked.outputs:
        return str(checked.outputs[name].type)
    if name in checked.definitions:
        return str(checked.definitions[name].type)
    return ""


def path_type(checked, path: str) -> str:
    """The declared type of the case field at `path` (``employment.wages[0].paid_amount``)."""
    from hsa_dsl.check import types as t

    parts = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"\[[0-9]+\]", "", path))
    if not parts or parts[0] not in checked.inputs:
        return ""
    current = checked.inputs[parts[0]].type
    for name in parts[1:]:
        # the path's indices were taken out above: an entry of a list stands for the list
        while isinstance(current, (t.OptionalType, t.ListType)):
            current = current.inner if isinstance(current, t.OptionalType) else current.element
        current = field_type(checked, current, name)
        if current is None:
            return ""
    return str(current)


def field_type(checked, holder, name: str):
    """The declared type of the field `name` of a value of type `holder` (a record, through
    `optional`); None where `holder` has no such field."""
    from hsa_dsl.check import types as t

    while isinstance(holder, t.OptionalType):
        holder = holder.inner
    if not isinstance(holder, t.RecordType):
        return None
    field = checked.records[holder.name].fields.get(name)
    return None if field is None else field.type
