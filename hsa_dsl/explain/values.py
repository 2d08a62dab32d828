"""Showing values as people read them: NT$29,500, 10 h, 30 days, yes; and the declared type
of a value or a case field, for showing it."""

from __future__ import annotations

import re
from decimal import Decimal

from hsa_dsl.runtime.verdict import format_decimal, in_exact_numbers, jsonable, public

@in_exact_numbers
def show(value, type_name: str = "", hours: str = "{count} h") -> str:
    """A value as a person reads it: NT$29,500, 10 h, 30 days, yes. `hours` is how a number
    of hours is written, in the reader's language."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if value is None:
        return "(not given)"
    value = public(value)
    if type_name.startswith("optional "):
        type_name = type_name[len("optional "):]
    if type_name == "money" and isinstance(value, (int, Decimal)):
        value, about = cents(Decimal(value))
        text = format_decimal(value)
        whole, _, fraction = text.partition(".")
        sign = "-" if whole.startswith("-") else ""
        return f"{about}{sign}NT${int(whole.lstrip('-')):,}" + (f".{fraction}" if fraction else "")
    if type_name == "hours" and isinstance(value, (int, Decimal)):
        value, about = cents(Decimal(value))
        return about + hours.format(count=format_decimal(value))
    if type_name == "days" and isinstance(value, int):
        return f"{value} day" + ("" if value == 1 else "s")
    if isinstance(value, Decimal):
        return format_decimal(value)
    shown = jsonable(value)
    if isinstance(shown, list):
        return "{" + ", ".join(str(v) for v in shown) + "}"
    return str(shown)


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
        while isinstance(current, (t.OptionalType, t.ListType)):
            current = current.inner if isinstance(current, t.OptionalType) else current.element
        if not isinstance(current, t.RecordType) or name not in checked.records[current.name].fields:
            return ""
        current = checked.records[current.name].fields[name].type
    return str(current)


def cents(value: Decimal) -> tuple[Decimal, str]:
    """Money and hours are shown to two places; a value that needs more is marked as rounded."""
    rounded = value.quantize(_CENT)
    return (value, "") if rounded == value else (rounded, "≈")


_CENT = Decimal("0.01")  # made once: building a decimal costs about what quantizing one does
