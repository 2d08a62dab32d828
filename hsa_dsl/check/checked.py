"""The checked act: every name resolved, every expression typed.

This is the stage between the surface AST and the compiler's IR. Expression nodes (``T*``)
carry their type and span; declarations are gathered into tables keyed by name.
"""

from __future__ import annotations

import functools
from datetime import date
from typing import Any, Union

import attrs

from hsa_dsl.source import Span
from hsa_dsl.check.types import BOOL, INTEGER, Type


def _span():
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# ---------------------------------------------------------------------------- typed expressions


@attrs.frozen
class TLiteral:
    value: Any
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TInput:
    name: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TLocal:
    """A loop variable, a definition's parameter, a table's key, or the record being checked."""

    name: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TDefinition:
    name: str
    arguments: tuple["TExpr", ...]
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TOutput:
    name: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TParameter:
    name: str
    at: "TExpr"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TTable:
    name: str
    key: "TExpr"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TField:
    target: "TExpr"
    field: str
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TBuiltin:
    name: str
    arguments: tuple["TExpr", ...]
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TNegate:
    operand: "TExpr"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TArithmetic:
    #: + - * /
    op: str
    left: "TExpr"
    right: "TExpr"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TLogic:
    #: and, or
    op: str
    left: "TExpr"
    right: "TExpr"
    type: Type = BOOL
    span: Span | None = _span()


@attrs.frozen
class TNot:
    operand: "TExpr"
    type: Type = BOOL
    span: Span | None = _span()


@attrs.frozen
class TCompare:
    op: str
    left: "TExpr"
    right: "TExpr"
    type: Type = BOOL
    span: Span | None = _span()


@attrs.frozen
class TMember:
    element: "TExpr"
    collection: "TExpr"
    negated: bool
    type: Type = BOOL
    span: Span | None = _span()


@attrs.frozen
class TIsGiven:
    target: "TExpr"
    negated: bool
    type: Type = BOOL
    span: Span | None = _span()


@attrs.frozen
class TIf:
    condition: "TExpr"
    then: "TExpr"
    otherwise: "TExpr"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TSet:
    items: tuple["TExpr", ...]
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TAggregate:
    #: sum, max, min, any, all, count
    kind: str
    variable: str
    source: "TExpr"
    body: "TExpr | None"
    where: "TExpr | None"
    fallback: "TExpr | None"
    type: Type
    span: Span | None = _span()


@attrs.frozen
class TGroup:
    source: "TExpr"
    #: day, calendar_week, calendar_month, rolling, blocks
    window: str
    size: int | None
    anchor: "TExpr | None"
    key_field: str
    type: Type
    #: the definition that names the size, where the act names it
    size_name: str | None = None
    span: Span | None = _span()


@attrs.frozen
class TViolated:
    """`violated(...)`: whether any of these rules found a violation in this case;
    `violated_on(entry, ...)`: whether one did for a binding that covers this entry of a list
    (the entry itself, or a window of dates holding it)."""

    rules: tuple[str, ...]
    entry: "TExpr | None" = None
    type: Type = BOOL
    span: Span | None = _span()


TExpr = Union[
    TLiteral, TInput, TLocal, TDefinition, TOutput, TParameter, TTable, TField, TBuiltin,
    TNegate, TArithmetic, TLogic, TNot, TCompare, TMember, TIsGiven, TIf, TSet, TAggregate,
    TGroup, TViolated,
]


@functools.cache
def child_fields(cls: type) -> tuple[str, ...]:
    """The fields of an attrs node class that hold sub-expressions: those declared as an
    expression (``TExpr``), an optional one, or a tuple of them."""
    return tuple(a.name for a in attrs.fields(cls) if "TExpr" in str(a.type))


@functools.cache
def _is_expression_class(cls: type) -> bool:
    return attrs.has(cls) and any(a.name == "type" for a in attrs.fields(cls))


def is_expression(value) -> bool:
    """A typed expression, or an IR node wrapping one."""
    return _is_expression_class(type(value))


def children(node) -> list:
    """The sub-expressions of a typed expression (or of an IR node wrapping one), in order."""
    out = []
    for name in child_fields(type(node)):
        value = getattr(node, name)
        if type(value) is tuple:
            out.extend(value)
        elif value is not None:
            out.append(value)
    return out


@functools.cache
def _init_arguments(cls: type) -> tuple[tuple[str, str], ...]:
    return tuple((a.name, a.alias) for a in attrs.fields(cls) if a.init)


def evolve(node, changes: dict):
    """``attrs.evolve(node, **changes)``, for the passes that rebuild whole expression trees:
    the node's fields are worked out once per class, not once per node."""
    arguments = {alias: getattr(node, name) for name, alias in _init_arguments(type(node))}
    arguments.update(changes)
    return type(node)(**arguments)


def walk(node):
    yield node
    for child in children(node):
        yield from walk(child)


# ---------------------------------------------------------------------------- declarations


@attrs.frozen
class FieldInfo:
    name: str
    type: Type
    low: Any = None
    high: Any = None
    #: a default value for a field a case may leave out; `has_default` says whether there is one
    default: Any = None
    has_default: bool = False
    span: Span | None = _span()


@attrs.frozen
class CheckInfo:
    condition: TExpr
    message: str
    span: Span | None = _span()


@attrs.frozen
class RecordInfo:
    name: str
    fields: dict[str, FieldInfo] = attrs.field(eq=False)
    checks: tuple[CheckInfo, ...] = ()
    span: Span | None = _span()


@attrs.frozen
class InputInfo:
    name: str
    type: Type
    low: Any = None
    high: Any = None
    span: Span | None = _span()


@attrs.frozen
class ParameterInfo:
    name: str
    type: Type
    #: (effective date, value), in date order
    values: tuple[tuple[date, Any], ...]
    span: Span | None = _span()


@attrs.frozen
class TableRowInfo:
    at_least: Any
    below: Any
    value: TExpr
    span: Span | None = _span()


@attrs.frozen
class TableInfo:
    name: str
    key: str
    key_type: Type
    type: Type
    rows: tuple[TableRowInfo, ...]
    otherwise: TExpr | None
    span: Span | None = _span()


@attrs.frozen
class DefinitionInfo:
    name: str
    parameters: tuple[tuple[str, Type], ...]
    type: Type
    body: TExpr
    article: int | None = None
    span: Span | None = _span()


@attrs.frozen
class OutputInfo:
    name: str
    type: Type
    owed_to: str | None
    #: some rule must decide it: always (condition None with `required`), or when `required_when` holds
    required: bool = False
    required_when: "TExpr | None" = None
    span: Span | None = _span()


@attrs.frozen
class PropertyBindingInfo:
    kind: str
    variable: str
    type: Type
    source: "TExpr | None" = None


@attrs.frozen
class PropertyInfo:
    name: str
    bindings: tuple[PropertyBindingInfo, ...]
    condition: "TExpr"
    article: int | None = None
    span: Span | None = _span()


@attrs.frozen
class SanctionInfo:
    kind: str
    low: TExpr | None = None
    high: TExpr | None = None
    text: str | None = None
    span: Span | None = _span()


@attrs.frozen
class ConclusionInfo:
    #: obligation, prohibition, permission, assignment, penalty, warning
    kind: str
    party: str | None = None
    action: str | None = None
    output: str | None = None
    value: TExpr | None = None
    sanctions: tuple[SanctionInfo, ...] = ()
    span: Span | None = _span()

    @property
    def target(self) -> tuple:
        """What the rule decides: two rules with the same target can conflict."""
        if self.kind in ("obligation", "prohibition", "permission"):
            return ("norm", self.party, self.action)
        if self.kind == "assignment":
            return ("output", self.output)
        if self.kind == "warning":
            # warnings never contradict one another: one target for all, so that a warning
            # can be an exception to another
            return ("warning",)
        return ("penalty",)


@attrs.frozen
class ScopeInfo:
    variable: str
    source: TExpr
    element_type: Type
    span: Span | None = _span()


@attrs.frozen
class QuoteInfo:
    language: str
    text: str
    span: Span | None = _span()


@attrs.frozen
class RuleInfo:
    name: str
    article: int
    cites: tuple[str, ...]
    quotes: tuple[QuoteInfo, ...]
    groups: tuple[str, ...]
    #: the rules this rule is an exception to (groups expanded)
    exception_to: tuple[str, ...]
    scopes: tuple[ScopeInfo, ...]
    condition: TExpr | None
    conclusion: ConclusionInfo
    violation: TExpr | None
    span: Span | None = _span()

    @property
    def target(self) -> tuple:
        target = self.conclusion.target
        return target + (self.name,) if target == ("penalty",) else target


@attrs.frozen
class ProvisionInfo:
    id: str
    article: int
    paragraph: int | None
    point: int | None
    texts: dict[str, str] = attrs.field(eq=False)
    span: Span | None = _span()


@attrs.frozen
class ArticleInfo:
    number: int
    chapter: int | None
    titles: dict[str, str] = attrs.field(eq=False)
    texts: dict[str, str] = attrs.field(eq=False)
    provisions: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    informative: str | None = None
    span: Span | None = _span()

    @property
    def id(self) -> str:
        return f"art_{self.number}"


@attrs.frozen
class ChapterInfo:
    number: int
    titles: dict[str, str] = attrs.field(eq=False)
    span: Span | None = _span()


@attrs.define(eq=False)
class CheckedAct:
    """The checker fills these tables; nothing changes them afterwards."""

    name: str
    titles: dict[str, str] = attrs.field(eq=False)
    languages: tuple[str, ...] = ()
    chapters: dict[int, ChapterInfo] = attrs.field(factory=dict, eq=False)
    articles: dict[int, ArticleInfo] = attrs.field(factory=dict, eq=False)
    provisions: dict[str, ProvisionInfo] = attrs.field(factory=dict, eq=False)
    enums: dict[str, Type] = attrs.field(factory=dict, eq=False)
    records: dict[str, RecordInfo] = attrs.field(factory=dict, eq=False)
    inputs: dict[str, InputInfo] = attrs.field(factory=dict, eq=False)
    parameters: dict[str, ParameterInfo] = attrs.field(factory=dict, eq=False)
    tables: dict[str, TableInfo] = attrs.field(factory=dict, eq=False)
    definitions: dict[str, DefinitionInfo] = attrs.field(factory=dict, eq=False)
    outputs: dict[str, OutputInfo] = attrs.field(factory=dict, eq=False)
    parties: dict[str, str] = attrs.field(factory=dict, eq=False)
    actions: dict[str, str] = attrs.field(factory=dict, eq=False)
    rules: dict[str, RuleInfo] = attrs.field(factory=dict, eq=False)
    properties: dict[str, PropertyInfo] = attrs.field(factory=dict, eq=False)
    groups: dict[str, tuple[str, ...]] = attrs.field(factory=dict, eq=False)
    source_name: str = ""


def constant_definitions(act: CheckedAct) -> dict[str, TLiteral]:
    """The definitions without parameters whose body is a constant written in the act (`define
    daily_hours_limit: hours = 8 h`), or the name of another such definition: each one's
    literal. These name the act's own numbers, for the rules and for the sentences that state
    them."""
    found: dict[str, TLiteral] = {}

    def literal_of(name: str, seen: frozenset) -> TLiteral | None:
        if name in found:
            return found[name]
        definition = act.definitions.get(name)
        if definition is None or definition.parameters or name in seen:
            return None
        body = definition.body
        if type(body) is TDefinition and not body.arguments:
            body = literal_of(body.name, seen | {name})
        if type(body) is not TLiteral:
            return None
        found[name] = body
        return body

    for name in act.definitions:
        literal_of(name, frozenset())
    return found
