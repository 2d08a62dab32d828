"""What each name in an act's text declares or refers to, worked out from the surface AST.

The index is built from the parse alone, not the check: a file whose checks fail (the usual
state of a file being edited) still has its names. A declaration is a :class:`Symbol`; a name
used elsewhere is a :class:`Use`, resolved when asked (:meth:`SymbolIndex.resolve`) the way the
checker resolves it: a loop variable, a definition's parameter, a table's key or a field named
in its record's checks is local to where it is bound, and shadows the act's names; an
expression's other names are looked up among inputs, definitions, outputs, enumeration values,
parameters and tables, in the checker's order.

The AST keeps the span of each node, not of each name in it (`input hours: ...` has one span,
from `input` to the end of the type), so a declared name is found among the words of its
node's text: after the keyword, or in the place the grammar gives it.
"""

from __future__ import annotations

import bisect
import re
from typing import Iterator

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.check.provisions import provision_id
from hsa_dsl.lsp.positions import Extent, LineIndex
from hsa_dsl.source import Source, Span
from hsa_dsl.syntax import ast

# the kinds of symbol
ARTICLE = "article"
PROVISION = "provision"
PARTY = "party"
ACTION = "action"
ENUM = "enum"
ENUM_MEMBER = "enum member"
RECORD = "record"
FIELD = "field"
INPUT = "input"
PARAMETER = "parameter"
TABLE = "table"
DEFINITION = "definition"
OUTPUT = "output"
PROPERTY = "property"
RULE = "rule"
GROUP = "group"
LOCAL = "local"

#: what a bare name in an expression may be, in the order the checker looks (locals first,
#: which a use finds without looking)
EXPRESSION_NAME = (INPUT, DEFINITION, OUTPUT, ENUM_MEMBER, PARAMETER, TABLE)
#: what a call `f(x)` may call (the built-in functions are not the act's symbols)
CALLABLE = (DEFINITION, PARAMETER, TABLE)
#: what `violated(...)` and `exception to` may name
RULE_REFERENCE = (RULE, GROUP)
VIOLATED_REFERENCE = (RULE, GROUP, PROVISION, ARTICLE)
TYPE_NAME = (RECORD, ENUM)
CITED = (PROVISION, ARTICLE)

#: the words of an act's text outside quotes and comments (the same words Lark's lexer sees)
_WORD = re.compile(r'"""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*|[0-9]+')


@attrs.frozen
class Symbol:
    """Something the act declares, where its name is written."""

    kind: str
    name: str
    extent: Extent
    #: the AST node that declares it (for a group: the rule that puts itself in the group)
    node: object = attrs.field(eq=False, repr=False)
    #: the record of a field, the enumeration of a value, the article of a provision, or the
    #: declaration a local belongs to
    container: str | None = None


@attrs.frozen
class Use:
    """A name written where it refers to a symbol."""

    name: str
    extent: Extent
    #: the kinds of symbol it may refer to, most likely first
    kinds: tuple[str, ...]
    #: the local it names, where one is bound there
    local: Symbol | None = None
    #: for a field: its record, where the text says (`list of Loan unique by title`)
    container: str | None = None


@attrs.define(eq=False)
class SymbolIndex:
    source: Source
    lines: LineIndex = attrs.field(repr=False)
    symbols: list[Symbol] = attrs.Factory(list)
    uses: list[Use] = attrs.Factory(list)
    #: the record of each field access the checker typed, by where the access ends (see
    #: :func:`field_records`); a field written after a value of unknown type has no entry
    field_records: dict[int, str] = attrs.Factory(dict)
    _by_name: dict[str, list[Symbol]] = attrs.Factory(dict)
    _sites: list = attrs.Factory(list)
    _site_starts: list[int] = attrs.Factory(list)

    def finish(self) -> "SymbolIndex":
        for symbol in self.symbols:
            if symbol.kind != LOCAL:
                self._by_name.setdefault(symbol.name, []).append(symbol)
        # names never overlap, so the sites in the order they start are also in the order they end
        self._sites = sorted([*self.symbols, *self.uses], key=lambda site: (site.extent.start, site.extent.end))
        self._site_starts = [site.extent.start for site in self._sites]
        return self

    def named(self, name: str, kinds: tuple[str, ...] | None = None) -> list[Symbol]:
        """The act's symbols of this name (no locals), of the given kinds in that order."""
        found = self._by_name.get(name, [])
        if kinds is None:
            return list(found)
        return [s for kind in kinds for s in found if s.kind == kind]

    def of_kind(self, kind: str) -> Iterator[Symbol]:
        return (s for s in self.symbols if s.kind == kind)

    def site_at(self, offset: int) -> Symbol | Use | None:
        """The declared or used name under a cursor at `offset`."""
        index = bisect.bisect_right(self._site_starts, offset) - 1
        # a cursor just after one name and just before the next (`a,b`) is on the next
        for candidate in (index, index - 1):
            if 0 <= candidate < len(self._sites) and self._sites[candidate].extent.holds(offset):
                return self._sites[candidate]
        return None

    def resolve(self, site: Symbol | Use) -> list[Symbol]:
        """What a name refers to: a declaration is itself; a use, what it names (several
        symbols where the name alone cannot tell, such as a field of two records)."""
        if isinstance(site, Symbol):
            return [site]
        if site.local is not None:
            return [site.local]
        found = self.named(site.name, site.kinds)
        container = site.container or (self.field_records.get(site.extent.end) if site.kinds == (FIELD,) else None)
        if container is not None:
            found = [s for s in found if s.kind != FIELD or s.container == container] or found
        if found and site.kinds == EXPRESSION_NAME:
            # the checker takes the first kind that has the name
            found = [s for s in found if s.kind == found[0].kind]
        return found


def build_index(source: Source, act_file: ast.ActFile, checked: c.CheckedAct | None = None) -> SymbolIndex:
    """The names of `act_file`, parsed from `source`; `checked`, the checked act of the same
    text where it checks, tells which record a field written after a value belongs to."""
    builder = _Builder(SymbolIndex(source, LineIndex(source.text)))
    builder.act_file(act_file)
    if checked is not None:
        builder.index.field_records = field_records(checked)
    return builder.index.finish()


def field_records(checked: c.CheckedAct) -> dict[int, str]:
    """The record of every field access in the checked act's expressions, by the offset where
    the access ends (a typed field access has the span of the access it was typed from, and
    the field's name ends it)."""
    found: dict[int, str] = {}
    seen: set[int] = set()
    stack: list = [checked]
    while stack:
        value = stack.pop()
        if isinstance(value, (str, int, Span, t.Type)) or value is None or id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, c.TField) and value.span is not None:
            owner = value.target.type
            while isinstance(owner, t.OptionalType):
                owner = owner.inner
            if isinstance(owner, t.RecordType):
                found[value.span.end_pos] = owner.name
        if attrs.has(type(value)):
            stack.extend(getattr(value, a.name) for a in attrs.fields(type(value)))
        elif isinstance(value, (tuple, list)):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())
    return found


# ---------------------------------------------------------------------------- finding names


@attrs.frozen
class _Word:
    text: str
    extent: Extent


def _words(source: Source, span: Span, end: int | None = None) -> list[_Word]:
    """The words of a span's text (to `end`, if given), with their offsets in the source."""
    stop = span.end_pos if end is None else end
    out = []
    for match in _WORD.finditer(source.text, span.start_pos, stop):
        word = match.group()
        if word[0] not in '"#':
            out.append(_Word(word, Extent(match.start(), match.end())))
    return out


def _word_after(words: list[_Word], keywords: tuple[str, ...], name: str) -> Extent | None:
    """The extent of `name` written right after the words `keywords` (`owed to NAME`)."""
    count = len(keywords)
    for i in range(len(words) - count):
        if tuple(w.text for w in words[i : i + count]) == keywords and words[i + count].text == name:
            return words[i + count].extent
    return None


def _first(words: list[_Word], name: str, skip: int = 0) -> Extent | None:
    for word in words[skip:]:
        if word.text == name:
            return word.extent
    return None


class _Builder:
    def __init__(self, index: SymbolIndex):
        self.index = index
        self.source = index.source

    def words(self, span: Span | None, end: int | None = None) -> list[_Word]:
        return _words(self.source, span, end) if span is not None else []

    def declare(self, kind: str, name: str, extent: Extent | None, node, container: str | None = None) -> Symbol | None:
        if extent is None:
            return None
        symbol = Symbol(kind, name, extent, node, container)
        self.index.symbols.append(symbol)
        return symbol

    def use(self, name: str, extent: Extent | None, kinds: tuple[str, ...], env: dict | None = None,
            container: str | None = None) -> None:
        if extent is None:
            return
        local = env.get(name) if env else None
        self.index.uses.append(Use(name, extent, kinds, local, container))

    def declare_named(self, kind: str, node) -> Symbol | None:
        """A declaration whose name is its first word after its keyword."""
        return self.declare(kind, node.name, _first(self.words(node.span), node.name, skip=1), node)

    def local(self, name: str, extent: Extent | None, node, owner: str | None, env: dict) -> dict:
        """`env` with `name` bound to a local declared at `extent`."""
        symbol = self.declare(LOCAL, name, extent, node, owner)
        return {**env, name: symbol} if symbol is not None else env

    # ------------------------------------------------------------------ the act's structure

    def act_file(self, act_file: ast.ActFile) -> None:
        for declaration in act_file.declarations:
            self.declaration(declaration)
        for article in act_file.articles:
            self.article(article)

    def article(self, article: ast.Article) -> None:
        article_id = provision_id(article.number)
        words = self.words(article.span)
        if len(words) >= 2:
            self.declare(ARTICLE, article_id, Extent(words[0].extent.start, words[1].extent.end), article)
        for paragraph in article.paragraphs:
            paragraph_id = provision_id(article.number, paragraph.number)
            self.provision(paragraph_id, paragraph, article_id)
            for point in paragraph.points:
                self.provision(provision_id(article.number, paragraph.number, point.number), point, article_id)
        for declaration in article.declarations:
            self.declaration(declaration)
        for rule in article.rules:
            self.rule(rule)

    def provision(self, pid: str, node, article_id: str) -> None:
        # the keyword and the number: `paragraph 2`
        words = self.words(node.span)
        if len(words) >= 2:
            self.declare(PROVISION, pid, Extent(words[0].extent.start, words[1].extent.end), node, article_id)

    # ------------------------------------------------------------------ declarations

    def declaration(self, node) -> None:
        method = getattr(self, "declare_" + type(node).__name__, None)
        if method is not None:
            method(node)

    def declare_PartyDecl(self, node: ast.PartyDecl) -> None:
        self.declare_named(PARTY, node)

    def declare_ActionDecl(self, node: ast.ActionDecl) -> None:
        self.declare_named(ACTION, node)

    def declare_EnumDecl(self, node: ast.EnumDecl) -> None:
        self.declare_named(ENUM, node)
        for member, span in zip(node.members, node.member_spans):
            if span is not None:
                self.declare(ENUM_MEMBER, member, Extent(span.start_pos, span.end_pos), node, node.name)

    def declare_RecordDecl(self, node: ast.RecordDecl) -> None:
        self.declare_named(RECORD, node)
        # a record's checks and defaults name its fields bare
        env = {}
        for field in node.fields:
            symbol = self.declare(FIELD, field.name, _first(self.words(field.span), field.name), field, node.name)
            if symbol is not None:
                env[field.name] = symbol
        for field in node.fields:
            self.type_expr(field.type)
            self.domain(field.domain, {})
            self.expr(field.default, {})
        for check in node.checks:
            self.expr(check.condition, env)

    def declare_InputDecl(self, node: ast.InputDecl) -> None:
        self.declare_named(INPUT, node)
        self.type_expr(node.type)
        self.domain(node.domain, {})

    def declare_ParameterDecl(self, node: ast.ParameterDecl) -> None:
        self.declare_named(PARAMETER, node)
        self.type_expr(node.type)
        for value in node.values:
            self.expr(value.value, {})

    def declare_TableDecl(self, node: ast.TableDecl) -> None:
        symbol = self.declare_named(TABLE, node)
        words = self.words(node.span)
        key_at = _first(words, node.key, skip=2) if symbol is not None else None
        env = self.local(node.key, key_at, node, node.name, {})
        self.type_expr(node.key_type)
        self.type_expr(node.value_type)
        for row in node.rows:
            for bound in (row.at_least, row.below):
                self.expr(bound, env)
            self.expr(row.value, env)
        self.expr(node.otherwise, env)

    def declare_Definition(self, node: ast.Definition) -> None:
        self.declare_named(DEFINITION, node)
        env: dict = {}
        for parameter in node.parameters:
            env = self.local(parameter.name, _first(self.words(parameter.span), parameter.name), parameter,
                             node.name, env)
            self.type_expr(parameter.type)
        self.type_expr(node.type)
        self.expr(node.body, env)

    def declare_OutputDecl(self, node: ast.OutputDecl) -> None:
        self.declare_named(OUTPUT, node)
        self.type_expr(node.type)
        if node.owed_to is not None:
            self.use(node.owed_to, _word_after(self.words(node.span), ("owed", "to"), node.owed_to), (PARTY,))
        if node.required is not None:
            self.expr(node.required.condition, {})

    def declare_PropertyDecl(self, node: ast.PropertyDecl) -> None:
        self.declare_named(PROPERTY, node)
        env: dict = {}
        for binding in node.bindings:
            if binding.kind == "all":
                self.type_expr(binding.type)
                extent = _first(self.words(binding.span), binding.variable, skip=2)
            else:
                self.expr(binding.source, env)
                extent = self.variable_before(binding.span, binding.source)
            env = self.local(binding.variable, extent, binding, node.name, env)
        self.expr(node.condition, env)

    def domain(self, domain: ast.Domain | None, env: dict) -> None:
        if domain is not None:
            self.expr(domain.low, env)
            self.expr(domain.high, env)

    def type_expr(self, node) -> None:
        if isinstance(node, ast.NamedType):
            if node.span is not None:
                self.use(node.name, Extent(node.span.start_pos, node.span.end_pos), TYPE_NAME)
        elif isinstance(node, (ast.ListType, ast.SetType)):
            words = self.words(node.span)
            self.use(node.element, _word_after(words, ("of",), node.element), TYPE_NAME)
            if isinstance(node, ast.ListType) and node.unique_by is not None:
                self.use(node.unique_by, _word_after(words, ("by",), node.unique_by), (FIELD,),
                         container=node.element)
        elif isinstance(node, ast.OptionalType):
            self.type_expr(node.inner)

    # ------------------------------------------------------------------ rules

    def rule(self, rule: ast.Rule) -> None:
        self.declare_named(RULE, rule)
        for cite in rule.cites:
            self.use(cite.name, _extent(cite.span), CITED)
        for group in rule.groups:
            self.declare(GROUP, group.name, _extent(group.span), rule)
        for exception in rule.exceptions:
            self.use(exception.name, _extent(exception.span), RULE_REFERENCE)
        env: dict = {}
        for scope in rule.scopes:
            self.expr(scope.source, env)
            env = self.local(scope.variable, self.variable_before(scope.span, scope.source), scope, rule.name, env)
        self.expr(rule.condition, env)
        self.conclusion(rule.conclusion, env)
        self.expr(rule.violation, env)

    def conclusion(self, node, env: dict) -> None:
        words = self.words(node.span)
        if isinstance(node, (ast.Obligation, ast.Prohibition, ast.Permission)):
            if words:
                self.use(node.party, words[0].extent if words[0].text == node.party else None, (PARTY,))
                self.use(node.action, words[-1].extent if words[-1].text == node.action else None, (ACTION,))
        elif isinstance(node, ast.Assignment):
            if words and words[0].text == node.output:
                self.use(node.output, words[0].extent, (OUTPUT,))
            self.expr(node.value, env)
        elif isinstance(node, ast.Penalty):
            self.use(node.party, _word_after(words, ("penalty", "on"), node.party), (PARTY,))
            for sanction in node.sanctions:
                self.expr(sanction.low, env)
                self.expr(sanction.high, env)

    def variable_before(self, span: Span | None, source) -> Extent | None:
        """The variable of `for each x in SOURCE`, `sum(... for x in SOURCE)` or `count(x in
        SOURCE)`: the word before the `in` that comes before the source."""
        if span is None or getattr(source, "span", None) is None:
            return None
        words = self.words(span, source.span.start_pos)
        if len(words) >= 2 and words[-1].text == "in":
            return words[-2].extent
        return None

    # ------------------------------------------------------------------ expressions

    def expr(self, node, env: dict) -> None:
        if node is None or isinstance(node, ast.Literal):
            return
        if isinstance(node, ast.Name):
            self.use(node.name, _extent(node.span), EXPRESSION_NAME, env)
        elif isinstance(node, ast.FieldAccess):
            self.expr(node.target, env)
            if node.span is not None and self.source.text[node.span.end_pos - len(node.field) : node.span.end_pos] == node.field:
                self.use(node.field, Extent(node.span.end_pos - len(node.field), node.span.end_pos), (FIELD,))
        elif isinstance(node, ast.Call):
            self.call(node, env)
        elif isinstance(node, (ast.Aggregate, ast.Count)):
            self.expr(node.source, env)
            inner = self.local(node.variable, self.variable_before(node.span, node.source), node, None, env)
            for part in (getattr(node, "body", None), node.where, getattr(node, "fallback", None)):
                self.expr(part, inner)
        elif isinstance(node, ast.GroupBy):
            self.expr(node.source, env)
            self.expr(node.window.anchor, env)
            words = self.words(node.span)
            if node.window.size_name is not None:
                self.use(node.window.size_name, _word_after(words, ("blocks", "of"), node.window.size_name)
                         or _first(self.words(node.window.span), node.window.size_name), (DEFINITION,))
            if words and words[-1].text == node.key_field:
                self.use(node.key_field, words[-1].extent, (FIELD,))
        else:
            for child in _children(node):
                self.expr(child, env)

    def call(self, node: ast.Call, env: dict) -> None:
        if node.span is not None:
            self.use(node.function, Extent(node.span.start_pos, node.span.start_pos + len(node.function)), CALLABLE)
        arguments = list(node.arguments)
        if node.function in ("violated", "violated_on"):
            if node.function == "violated_on" and arguments:
                self.expr(arguments.pop(0), env)
            for argument in arguments:
                if isinstance(argument, ast.Name):
                    self.use(argument.name, _extent(argument.span), VIOLATED_REFERENCE)
            return
        for argument in arguments:
            self.expr(argument, env)


def _extent(span: Span | None) -> Extent | None:
    return Extent(span.start_pos, span.end_pos) if span is not None else None


def _children(node) -> list:
    """The sub-expressions of an expression node the builder walks without a rule of its own."""
    out = []
    for field in attrs.fields(type(node)):
        value = getattr(node, field.name)
        if isinstance(value, tuple):
            out.extend(v for v in value if attrs.has(type(v)))
        elif attrs.has(type(value)) and field.name != "span":
            out.append(value)
    return out
