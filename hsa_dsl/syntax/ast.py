"""The surface syntax tree: what the drafter wrote, in the shape they wrote it.

Nodes are frozen attrs classes. Every node carries its source span, which is kept out of
equality so that two identical expressions written in different places compare equal.
"""

from __future__ import annotations

from decimal import Decimal
from datetime import date
from typing import Union

import attrs

from hsa_dsl.source import Span


def _span():
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


# ---------------------------------------------------------------------------- expressions


@attrs.frozen
class Literal:
    #: integer, decimal, money, date, string, bool, quantity
    kind: str
    value: Union[int, Decimal, date, str, bool]
    #: for a quantity: hours, days or months
    unit: str | None = None
    span: Span | None = _span()


@attrs.frozen
class Name:
    name: str
    span: Span | None = _span()


@attrs.frozen
class FieldAccess:
    target: "Expr"
    field: str
    span: Span | None = _span()


@attrs.frozen
class Call:
    function: str
    arguments: tuple["Expr", ...]
    span: Span | None = _span()


@attrs.frozen
class Unary:
    #: "-" or "not"
    op: str
    operand: "Expr"
    span: Span | None = _span()


@attrs.frozen
class Binary:
    #: + - * / and or
    op: str
    left: "Expr"
    right: "Expr"
    span: Span | None = _span()


@attrs.frozen
class Compare:
    #: = != < <= > >=
    op: str
    left: "Expr"
    right: "Expr"
    span: Span | None = _span()


@attrs.frozen
class Member:
    element: "Expr"
    collection: "Expr"
    negated: bool = False
    span: Span | None = _span()


@attrs.frozen
class IsGiven:
    target: "Expr"
    negated: bool = False
    span: Span | None = _span()


@attrs.frozen
class If:
    condition: "Expr"
    then: "Expr"
    otherwise: "Expr"
    span: Span | None = _span()


@attrs.frozen
class SetLiteral:
    items: tuple["Expr", ...]
    span: Span | None = _span()


@attrs.frozen
class Aggregate:
    #: sum, max, min, any, all
    kind: str
    body: "Expr"
    variable: str
    source: "Expr"
    where: "Expr | None" = None
    fallback: "Expr | None" = None
    span: Span | None = _span()


@attrs.frozen
class Extremum:
    #: max or min of two or more values
    kind: str
    arguments: tuple["Expr", ...]
    span: Span | None = _span()


@attrs.frozen
class Count:
    variable: str
    source: "Expr"
    where: "Expr | None" = None
    span: Span | None = _span()


@attrs.frozen
class Window:
    #: day, calendar_week, calendar_month, rolling, blocks
    kind: str
    size: int | None = None
    anchor: "Expr | None" = None
    #: the definition that gives the size, where the act names it (`by week consecutive days`)
    size_name: str | None = None
    span: Span | None = _span()


@attrs.frozen
class GroupBy:
    source: "Expr"
    window: Window
    key_field: str
    span: Span | None = _span()


Expr = Union[
    Literal, Name, FieldAccess, Call, Unary, Binary, Compare, Member, IsGiven, If,
    SetLiteral, Aggregate, Extremum, Count, GroupBy,
]


# ---------------------------------------------------------------------------- types


@attrs.frozen
class NamedType:
    name: str
    span: Span | None = _span()


@attrs.frozen
class ListType:
    element: str
    unique_by: str | None = None
    max_length: int | None = None
    span: Span | None = _span()


@attrs.frozen
class SetType:
    element: str
    span: Span | None = _span()


@attrs.frozen
class OptionalType:
    inner: "TypeExpr"
    span: Span | None = _span()


TypeExpr = Union[NamedType, ListType, SetType, OptionalType]


# ---------------------------------------------------------------------------- declarations


@attrs.frozen
class Text:
    language: str
    text: str
    span: Span | None = _span()


@attrs.frozen
class PartyDecl:
    name: str
    description: str
    span: Span | None = _span()


@attrs.frozen
class ActionDecl:
    name: str
    description: str
    span: Span | None = _span()


@attrs.frozen
class EnumDecl:
    name: str
    members: tuple[str, ...]
    member_spans: tuple[Span | None, ...] = attrs.field(default=(), eq=False, repr=False)
    span: Span | None = _span()


@attrs.frozen
class Domain:
    low: Expr | None
    high: Expr | None
    span: Span | None = _span()


@attrs.frozen
class Field:
    name: str
    type: TypeExpr
    domain: Domain | None = None
    default: Expr | None = None
    span: Span | None = _span()


@attrs.frozen
class Check:
    condition: Expr
    message: str
    span: Span | None = _span()


@attrs.frozen
class RecordDecl:
    name: str
    fields: tuple[Field, ...]
    checks: tuple[Check, ...] = ()
    span: Span | None = _span()


@attrs.frozen
class InputDecl:
    name: str
    type: TypeExpr
    domain: "Domain | None" = None
    span: Span | None = _span()


@attrs.frozen
class ParameterValue:
    value: Expr
    effective: date
    span: Span | None = _span()


@attrs.frozen
class ParameterDecl:
    name: str
    type: TypeExpr
    values: tuple[ParameterValue, ...]
    span: Span | None = _span()


@attrs.frozen
class TableRow:
    #: inclusive lower bound, exclusive upper bound; None is unbounded
    at_least: Expr | None
    below: Expr | None
    value: Expr
    span: Span | None = _span()


@attrs.frozen
class TableDecl:
    name: str
    key: str
    key_type: TypeExpr
    value_type: TypeExpr
    rows: tuple[TableRow, ...]
    otherwise: Expr | None = None
    span: Span | None = _span()


@attrs.frozen
class Parameter:
    name: str
    type: TypeExpr
    span: Span | None = _span()


@attrs.frozen
class Definition:
    name: str
    parameters: tuple[Parameter, ...]
    type: TypeExpr
    body: Expr
    span: Span | None = _span()


@attrs.frozen
class Required:
    """`required` (always) or `required when CONDITION` on an output."""

    condition: Expr | None = None
    span: Span | None = _span()


@attrs.frozen
class OutputDecl:
    name: str
    type: TypeExpr
    #: the party an entitlement is owed to; None for a plain output
    owed_to: str | None = None
    required: Required | None = None
    span: Span | None = _span()


@attrs.frozen
class PropertyBinding:
    #: all (a value of a type) or each (an entry of a list)
    kind: str
    variable: str
    type: TypeExpr | None = None
    source: Expr | None = None
    span: Span | None = _span()


@attrs.frozen
class PropertyDecl:
    name: str
    bindings: tuple[PropertyBinding, ...]
    condition: Expr
    span: Span | None = _span()


Declaration = Union[
    PartyDecl, ActionDecl, EnumDecl, RecordDecl, InputDecl, ParameterDecl, TableDecl,
    Definition, OutputDecl, PropertyDecl,
]


# ---------------------------------------------------------------------------- rules


@attrs.frozen
class Obligation:
    party: str
    action: str
    span: Span | None = _span()


@attrs.frozen
class Prohibition:
    party: str
    action: str
    span: Span | None = _span()


@attrs.frozen
class Permission:
    party: str
    action: str
    span: Span | None = _span()


@attrs.frozen
class Assignment:
    output: str
    value: Expr
    span: Span | None = _span()


@attrs.frozen
class Sanction:
    #: fine_range, fine_up_to, fine_at_least, fine_of, measure
    kind: str
    low: Expr | None = None
    high: Expr | None = None
    text: str | None = None
    span: Span | None = _span()


@attrs.frozen
class Penalty:
    party: str
    sanctions: tuple[Sanction, ...]
    span: Span | None = _span()


@attrs.frozen
class Warning:  # noqa: A001 - the conclusion `warning`, in this module's namespace only
    """`then warning`: the rule's finding says that what the case leaves out could change the
    answer; it is never violated and contradicts nothing."""

    span: Span | None = _span()


Conclusion = Union[Obligation, Prohibition, Permission, Assignment, Penalty, Warning]


@attrs.frozen
class Reference:
    """A name that points elsewhere in the act: a provision id, rule, group."""

    name: str
    span: Span | None = _span()


@attrs.frozen
class Scope:
    variable: str
    source: Expr
    span: Span | None = _span()


@attrs.frozen
class Rule:
    name: str
    cites: tuple[Reference, ...]
    quotes: tuple[Text, ...]
    groups: tuple[Reference, ...]
    exceptions: tuple[Reference, ...]
    scopes: tuple[Scope, ...]
    condition: Expr | None
    conclusion: Conclusion
    violation: Expr | None = None
    span: Span | None = _span()


# ---------------------------------------------------------------------------- the act's text


@attrs.frozen
class Point:
    number: int
    texts: tuple[Text, ...]
    span: Span | None = _span()


@attrs.frozen
class Paragraph:
    number: int
    texts: tuple[Text, ...]
    points: tuple[Point, ...]
    span: Span | None = _span()


@attrs.frozen
class Article:
    number: int
    titles: tuple[Text, ...]
    texts: tuple[Text, ...]
    paragraphs: tuple[Paragraph, ...]
    rules: tuple[Rule, ...]
    declarations: tuple[Declaration, ...]
    #: why the article sets no decidable norm; None for an article with rules
    informative: str | None = None
    chapter: int | None = None
    span: Span | None = _span()


@attrs.frozen
class Chapter:
    number: int
    titles: tuple[Text, ...]
    span: Span | None = _span()


@attrs.frozen
class ActHeader:
    name: str
    titles: tuple[Text, ...]
    languages: tuple[Reference, ...]
    span: Span | None = _span()


@attrs.frozen
class ActFile:
    """A whole .hsa file, articles in the order written."""

    header: ActHeader | None
    chapters: tuple[Chapter, ...]
    articles: tuple[Article, ...]
    #: declarations outside any article
    declarations: tuple[Declaration, ...]
    span: Span | None = _span()

    def all_declarations(self):
        yield from self.declarations
        for article in self.articles:
            yield from article.declarations

    def all_rules(self):
        for article in self.articles:
            yield from article.rules
