"""A JSON Schema (draft 2020-12) of the case format an act accepts."""

from __future__ import annotations

from decimal import Decimal

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.runtime.verdict import jsonable


def case_schema(act: c.CheckedAct) -> dict:
    definitions = {}
    for name, record in act.records.items():
        properties = {}
        required = []
        for field in record.fields.values():
            schema = _type_schema(field.type)
            if field.low is not None or field.high is not None:
                schema = _with_range(schema, field)
            if field.has_default:
                schema["default"] = jsonable(field.default)
            properties[field.name] = schema
            if not (field.has_default or isinstance(field.type, (t.OptionalType, t.ListType, t.SetType))):
                required.append(field.name)
        entry = {"type": "object", "properties": properties, "additionalProperties": False}
        if required:
            entry["required"] = required
        checks = [chk.message for chk in record.checks]
        if checks:
            entry["description"] = "Also checked: " + "; ".join(checks)
        definitions[name] = entry
    properties = {name: _with_range(_type_schema(info.type), info) for name, info in act.inputs.items()}
    required = [n for n, info in act.inputs.items() if not isinstance(info.type, (t.OptionalType, t.ListType))]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"A case for the act '{act.name}'",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
        "$defs": definitions,
    }


_NUMBER = {"anyOf": [{"type": "number"}, {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}]}


def _type_schema(type_: t.Type) -> dict:
    if isinstance(type_, t.OptionalType):
        return {"anyOf": [_type_schema(type_.inner), {"type": "null"}]}
    if type_ == t.BOOL:
        return {"type": "boolean"}
    if type_ == t.STRING:
        return {"type": "string"}
    if type_ == t.DATE:
        return {"type": "string", "format": "date"}
    if isinstance(type_, t.Number):
        if type_.integral:
            return {"type": "integer", "description": str(type_)}
        if type_ == t.MONEY:
            return {"anyOf": [{"type": "number"},
                              {"type": "string", "pattern": r"^(NT\$)?-?[0-9][0-9,]*(\.[0-9]+)?$"}],
                    "description": "money (NT$), exact"}
        return {**_NUMBER, "description": str(type_)}
    if isinstance(type_, t.EnumType):
        return {"enum": list(type_.members)}
    if isinstance(type_, t.SetType):
        return {"type": "array", "items": _type_schema(type_.element), "uniqueItems": True}
    if isinstance(type_, t.RecordType):
        return {"$ref": f"#/$defs/{type_.name}"}
    if isinstance(type_, t.ListType):
        out = {"type": "array", "items": _type_schema(type_.element)}
        if type_.max_length is not None:
            out["maxItems"] = type_.max_length
        if type_.unique_by:
            out["description"] = f"each entry has its own {type_.unique_by}"
        return out
    raise AssertionError(type_)


def _with_range(schema: dict, field) -> dict:
    if field.low is None and field.high is None:
        return schema
    bounds = {}
    if field.low is not None:
        bounds["minimum"] = _num(field.low)
    if field.high is not None:
        bounds["maximum"] = _num(field.high)
    if field.type == t.DATE:
        return {**schema, "description": f"from {field.low} to {field.high}"}
    if "anyOf" in schema:
        return {**schema, "anyOf": [{**schema["anyOf"][0], **bounds}, *schema["anyOf"][1:]]}
    return {**schema, **bounds}


def _num(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
