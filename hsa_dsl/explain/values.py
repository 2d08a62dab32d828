"""Showing values as people read them: NT$29,500, 10 h, 30 days, yes; and the declared type
of a value or a case field, for showing it."""

from __future__ import annotations

import re

from hsa_dsl.runtime.verdict import cents, show  # noqa: F401 - shown values are the runtime's


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
