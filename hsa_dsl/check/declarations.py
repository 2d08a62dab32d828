"""Declarations: parties, actions, enumerations, records, inputs, parameters, tables,
definitions and outputs.

Names are declared first, so that a type or a definition may be used before the line that
declares it; then the declared types with their ranges and defaults; then the expressions
declarations hold (records' checks, tables' rows, definitions' bodies), once every definition's
signature is known.
"""

from __future__ import annotations

from typing import Any

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.check.expressions import (RESERVED_FUNCTION_NAMES, NO_DEFINITIONS_IN_CHECKS, NO_DEFINITIONS_IN_TABLES,
                                       Env, ExpressionTyper, literal)
from hsa_dsl.check.graph import circles
from hsa_dsl.check.state import Abort, CheckState, Signature
from hsa_dsl.errors import did_you_mean
from hsa_dsl.source import Span
from hsa_dsl.syntax import ast


def resolve_type(state: CheckState, node: ast.TypeExpr, optional_ok: bool = True) -> t.Type:
    if isinstance(node, ast.NamedType):
        if node.name in t.BUILTIN_TYPES:
            return t.BUILTIN_TYPES[node.name]
        if node.name in state.act.enums:
            return state.act.enums[node.name]
        if node.name in state.record_names:
            return t.RecordType(node.name)
        state.error(f"unknown type '{node.name}'", node.span,
                    did_you_mean(node.name, [*t.BUILTIN_TYPES, *state.act.enums, *state.record_names]))
        raise Abort
    if isinstance(node, ast.ListType):
        element = resolve_type(state, ast.NamedType(node.element, span=node.span))
        if not isinstance(element, t.RecordType):
            state.error("a list holds records; declare a record for its entries", node.span)
            raise Abort
        if node.max_length is not None and node.max_length < 1:
            state.error("a list's limit must be at least 1", node.span)
        return t.ListType(element, node.unique_by, node.max_length)
    if isinstance(node, ast.SetType):
        element = resolve_type(state, ast.NamedType(node.element, span=node.span))
        if not isinstance(element, t.EnumType) and element != t.DATE:
            state.error("a set holds values of an enumeration, or dates", node.span)
            raise Abort
        return t.SetType(element)
    if isinstance(node, ast.OptionalType):
        inner = resolve_type(state, node.inner)
        if isinstance(inner, (t.OptionalType, t.ListType, t.SetType)):
            state.error(f"{inner} cannot be optional; an empty list or set says 'none'", node.span)
            raise Abort
        if not optional_ok:
            state.error("this cannot be optional", node.span)
        return t.OptionalType(inner)
    raise AssertionError(node)


class DeclarationChecker:
    def __init__(self, state: CheckState, typer: ExpressionTyper):
        self.state = state
        self.typer = typer

    def declare_names(self) -> None:
        """Each name in its namespace once: types, values, parties, actions, properties."""
        act = self.state.act
        seen: dict[str, dict[str, Span | None]] = {"type": {}, "value": {}, "party": {}, "action": {}, "property": {}}

        def claim(namespace: str, name: str, span: Span | None, what: str) -> bool:
            if namespace == "type" and name in t.BUILTIN_TYPES:
                self.state.error(f"'{name}' is a built-in type and cannot be redeclared", span)
                return False
            if namespace == "value" and name in RESERVED_FUNCTION_NAMES:
                self.state.error(f"'{name}' is a built-in function and cannot be redeclared", span)
                return False
            previous = seen[namespace]
            if name in previous:
                where = f" (first declared at {previous[name]})" if previous[name] else ""
                self.state.error(f"{what} '{name}' is declared twice{where}", span)
                return False
            previous[name] = span
            return True

        for decl in self.state.file.all_declarations():
            if isinstance(decl, ast.PartyDecl):
                if claim("party", decl.name, decl.span, "party"):
                    act.parties[decl.name] = decl.description
            elif isinstance(decl, ast.ActionDecl):
                if claim("action", decl.name, decl.span, "action"):
                    act.actions[decl.name] = decl.description
            elif isinstance(decl, ast.EnumDecl):
                if claim("type", decl.name, decl.span, "type"):
                    if len(set(decl.members)) != len(decl.members):
                        self.state.error(f"enumeration '{decl.name}' lists a value twice", decl.span)
                    act.enums[decl.name] = t.EnumType(decl.name, decl.members)
            elif isinstance(decl, ast.RecordDecl):
                claim("type", decl.name, decl.span, "type")
            elif isinstance(decl, (ast.InputDecl, ast.ParameterDecl, ast.TableDecl, ast.Definition, ast.OutputDecl)):
                claim("value", decl.name, decl.span, "name")
            elif isinstance(decl, ast.PropertyDecl):
                claim("property", decl.name, decl.span, "property")
        if act.parties:
            if "Party" in act.enums:
                self.state.error("'Party' is the type of the declared parties and cannot be redeclared",
                                 None)
            act.enums["Party"] = t.EnumType("Party", tuple(act.parties))

    def check_declared_types(self) -> None:
        """The types of records' fields, inputs, parameters and outputs, with their ranges and defaults."""
        act = self.state.act
        for decl in self.state.file.all_declarations():
            try:
                if isinstance(decl, ast.RecordDecl):
                    self.check_record_fields(decl)
                elif isinstance(decl, ast.InputDecl):
                    type_ = resolve_type(self.state, decl.type)
                    low, high = self.domain(decl.name, type_, decl.domain)
                    act.inputs[decl.name] = c.InputInfo(decl.name, type_, low, high, span=decl.span)
                elif isinstance(decl, ast.ParameterDecl):
                    self.check_parameter(decl)
                elif isinstance(decl, ast.OutputDecl):
                    type_ = resolve_type(self.state, decl.type, optional_ok=False)
                    if decl.owed_to is not None and decl.owed_to not in act.parties:
                        self.state.error(f"unknown party '{decl.owed_to}'", decl.span,
                                         did_you_mean(decl.owed_to, act.parties))
                    act.outputs[decl.name] = c.OutputInfo(decl.name, type_, decl.owed_to, span=decl.span)
            except Abort:
                pass

    def check_record_fields(self, decl: ast.RecordDecl) -> None:
        fields: dict[str, c.FieldInfo] = {}
        for f in decl.fields:
            if f.name in fields:
                self.state.error(f"field '{f.name}' of {decl.name} is declared twice", f.span)
                continue
            try:
                type_ = resolve_type(self.state, f.type)
            except Abort:
                continue
            low, high = self.domain(f.name, type_, f.domain)
            default, has_default = None, False
            if f.default is not None:
                default = self.constant(f.default, type_)
                has_default = True
                if default is not None and ((low is not None and default < low) or (high is not None and default > high)):
                    self.state.error(f"the default of {f.name} is outside its range", f.default.span)
            fields[f.name] = c.FieldInfo(f.name, type_, low, high, default, has_default, span=f.span)
        self.state.act.records[decl.name] = c.RecordInfo(decl.name, fields, (), span=decl.span)

    def domain(self, name: str, type_: t.Type, domain: ast.Domain | None):
        """The bounds a declared range gives (None where it gives none)."""
        if domain is None:
            return None, None
        base = type_.inner if isinstance(type_, t.OptionalType) else type_
        if not isinstance(base, t.Number) and base != t.DATE:
            self.state.error(f"only numbers and dates can have a range; {name} is {type_}", domain.span)
            return None, None
        low = self.constant(domain.low, type_) if domain.low is not None else None
        high = self.constant(domain.high, type_) if domain.high is not None else None
        if low is not None and high is not None and low > high:
            self.state.error(f"the range of {name} is empty ({low} > {high})", domain.span)
        return low, high

    def check_parameter(self, decl: ast.ParameterDecl) -> None:
        type_ = resolve_type(self.state, decl.type, optional_ok=False)
        if not isinstance(type_, (t.Number, t.Primitive, t.EnumType)):
            self.state.error("a parameter holds a number, a date, a truth value or an enumeration value",
                             decl.type.span)
            raise Abort
        values = []
        previous = None
        for entry in decl.values:
            value = self.constant(entry.value, type_)
            if previous is not None and entry.effective <= previous:
                self.state.error(f"the values of {decl.name} must be listed in date order, each from a later date",
                                 entry.span)
            previous = entry.effective
            values.append((entry.effective, value))
        self.state.act.parameters[decl.name] = c.ParameterInfo(decl.name, type_, tuple(values), span=decl.span)

    def constant(self, node: ast.Expr, expected: t.Type) -> Any:
        """A literal value written in a declaration (a range bound, a default, a parameter)."""
        target = expected.inner if isinstance(expected, t.OptionalType) else expected
        if isinstance(node, ast.Unary) and node.op == "-":
            value = self.constant(node.operand, expected)
            return -value if value is not None else None
        if isinstance(node, ast.Literal):
            if isinstance(target, t.Number) and node.kind in ("integer", "decimal"):
                # a bare number in a declaration is read in the declared unit
                if target.integral and node.kind == "decimal":
                    self.state.error(f"{target} are whole numbers", node.span)
                    return None
                return node.value
            typed = literal(node)
            if not t.assignable(typed.type, target):
                self.state.error(f"expected {target}, found {typed.type}", node.span)
                return None
            return typed.value
        if isinstance(node, ast.Name) and isinstance(target, t.EnumType):
            if node.name in target.members:
                return node.name
            self.state.error(f"'{node.name}' is not a value of {target}", node.span,
                             did_you_mean(node.name, target.members))
            return None
        if isinstance(node, ast.SetLiteral) and isinstance(target, t.SetType):
            return frozenset(self.constant(i, target.element) for i in node.items)
        self.state.error("a fixed value is needed here (a number, an amount, a date, or a name of a value)",
                         node.span)
        return None

    def check_bodies(self) -> None:
        """Records' checks, tables and definitions: the expressions declarations hold."""
        act = self.state.act
        self.resolve_signatures()
        for decl in self.state.file.all_declarations():
            if isinstance(decl, ast.RecordDecl) and decl.name in act.records:
                self.check_record_checks(decl)
        for info in act.records.values():
            for f in info.fields.values():
                if isinstance(f.type, t.ListType) and f.type.unique_by is not None:
                    element = act.records.get(f.type.element.name)
                    if element is not None and f.type.unique_by not in element.fields:
                        self.state.error(f"{f.type.element} has no field '{f.type.unique_by}'", f.span,
                                         did_you_mean(f.type.unique_by, element.fields))
        for decl in self.state.file.all_declarations():
            if isinstance(decl, ast.TableDecl):
                self.check_table(decl)
        for name, decl in self.state.definitions.items():
            self.check_definition(name, decl)
        self.check_definition_circles()

    def resolve_signatures(self) -> None:
        """Every definition's parameters and type, before any body is typed, so that a body may
        call any definition."""
        for name, decl in self.state.definitions.items():
            try:
                params = tuple((p.name, resolve_type(self.state, p.type)) for p in decl.parameters)
                self.state.signatures[name] = Signature(params, resolve_type(self.state, decl.type))
            except Abort:
                pass

    def check_definition(self, name: str, decl: ast.Definition) -> None:
        signature = self.state.signatures.get(name)
        if signature is None:
            return
        env = Env(within=name)
        for (pname, ptype), p in zip(signature.parameters, decl.parameters):
            env = env.bind(pname, c.TLocal(pname, ptype, span=p.span))
        self.state.calls[name] = set()
        try:
            body = self.typer.expect(decl.body, signature.type, env)
        except Abort:
            return
        self.state.act.definitions[name] = c.DefinitionInfo(name, signature.parameters, signature.type, body,
                                                            self.state.article_of(decl), span=decl.span)

    def check_definition_circles(self) -> None:
        calls = self.state.calls
        for circle in circles(sorted(calls), lambda name: sorted(calls.get(name, ()))):
            self.state.error("definitions refer to each other in a circle: " + " → ".join(circle),
                             self.state.definitions[circle[0]].span, "a definition cannot depend on itself")

    def check_record_checks(self, decl: ast.RecordDecl) -> None:
        info = self.state.act.records[decl.name]
        record_type = t.RecordType(decl.name)
        this = c.TLocal("record", record_type)
        env = Env(refuses_definitions=NO_DEFINITIONS_IN_CHECKS)
        for f in info.fields.values():
            env = env.bind(f.name, c.TField(this, f.name, f.type))
        checks = []
        for check_node in decl.checks:
            try:
                checks.append(c.CheckInfo(self.typer.expect(check_node.condition, t.BOOL, env),
                                          check_node.message, span=check_node.span))
            except Abort:
                pass
        self.state.act.records[decl.name] = attrs.evolve(info, checks=tuple(checks))

    def check_table(self, decl: ast.TableDecl) -> None:
        try:
            key_type = resolve_type(self.state, decl.key_type, optional_ok=False)
            value_type = resolve_type(self.state, decl.value_type, optional_ok=False)
        except Abort:
            return
        if not isinstance(key_type, t.Number):
            self.state.error("a table is looked up by a number", decl.key_type.span)
            return
        env = Env(refuses_definitions=NO_DEFINITIONS_IN_TABLES).bind(decl.key, c.TLocal(decl.key, key_type))
        rows = []
        for row in decl.rows:
            low = self.constant(row.at_least, key_type) if row.at_least is not None else None
            high = self.constant(row.below, key_type) if row.below is not None else None
            try:
                value = self.typer.expect(row.value, value_type, env)
            except Abort:
                continue
            if low is not None and high is not None and low >= high:
                self.state.error("this row covers no value: its lower bound is not below its upper bound", row.span)
            rows.append(c.TableRowInfo(low, high, value, span=row.span))
        for a, b in zip(rows, rows[1:]):
            a_high = a.below
            b_low = b.at_least
            if a_high is None or b_low is None or b_low < a_high:
                self.state.error(f"rows of table {decl.name} overlap or are out of order", b.span,
                                 "list rows from the lowest key up, each starting at or after the previous "
                                 "row's `below`")
        otherwise = None
        if decl.otherwise is not None:
            try:
                otherwise = self.typer.expect(decl.otherwise, value_type, env)
            except Abort:
                pass
        self.state.act.tables[decl.name] = c.TableInfo(decl.name, decl.key, key_type, value_type,
                                                       tuple(rows), otherwise, span=decl.span)
