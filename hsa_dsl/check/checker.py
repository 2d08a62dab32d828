"""Stage 3: surface AST → checked act.

Resolves every name (types, inputs, definitions, parameters, tables, outputs, parties,
actions, rules, groups, provisions), types every expression with its unit, and checks the
act's structure (provision ids, quotes found in the cited text, exceptions between rules
that decide the same thing, no cycles). All errors are collected before any is reported.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from decimal import Decimal
from typing import Any

import attrs

from hsa_dsl.syntax import ast
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.errors import Diagnostic, HsaError, did_you_mean
from hsa_dsl.source import Span

BUILTIN_FUNCTIONS = ("years_between", "months_between", "days_between", "start_of_month", "end_of_month",
                     "round", "floor", "ceil", "abs", "violated", "violated_on")


class _Abort(Exception):
    """An expression could not be typed; its error is already recorded."""


@attrs.frozen
class _Env:
    """What an expression may refer to where it stands."""

    locals: dict = attrs.field(factory=dict)
    #: structural keys of optional expressions known to be given here
    given: frozenset = frozenset()
    #: definitions this expression may not call (the one being defined)
    forbidden: frozenset = frozenset()

    def bind(self, name: str, node) -> "_Env":
        return _Env({**self.locals, name: node}, self.given, self.forbidden)

    def knowing(self, facts: frozenset) -> "_Env":
        return _Env(self.locals, self.given | facts, self.forbidden) if facts else self


def check(act_file: ast.ActFile, source_name: str = "") -> c.CheckedAct:
    return _Checker(act_file, source_name).run()


def provision_id(article: int, paragraph: int | None = None, point: int | None = None) -> str:
    out = f"art_{article}"
    if paragraph is not None:
        out += f"__para_{paragraph}"
    if point is not None:
        out += f"__point_{point}"
    return out


_WHITE_SPACE = re.compile(r"\s+")


def normalise_words(text: str) -> str:
    """Text as compared for quotes: Unicode-normalised, white space folded, curly quotes plain."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return _WHITE_SPACE.sub(" ", text).strip()


#: each expression class's `infer_*` method
_INFER: dict[type, Any] = {}


class _Checker:
    def __init__(self, act_file: ast.ActFile, source_name: str):
        self.file = act_file
        self.errors: list[Diagnostic] = []
        self.act = c.CheckedAct(
            name=act_file.header.name if act_file.header else "act",
            titles={x.language: x.text for x in act_file.header.titles} if act_file.header else {},
            languages=tuple(r.name for r in act_file.header.languages) if act_file.header else (),
            source_name=source_name,
        )
        self._decl_spans: dict[tuple[str, str], Span | None] = {}
        self._definition_ast: dict[str, ast.Definition] = {}
        self._definition_deps: dict[str, set] = {}
        self._checking_definition: str | None = None
        self._expanding: set[str] = set()
        self._articles_of_declarations: dict[int, int] | None = None
        #: (definition, outcome) → what `facts_when` finds in the definition's body
        self._definition_facts: dict[tuple[str, bool], frozenset] = {}
        #: each provision's text in each language, as quotes are compared with it
        self._normalised: dict[tuple[str, str], str] = {}

    def _provision_words(self, provision: str, language: str) -> str:
        key = (provision, language)
        words = self._normalised.get(key)
        if words is None:
            words = self._normalised[key] = normalise_words(
                self.act.provisions[provision].texts.get(language, ""))
        return words

    def error(self, message: str, span: Span | None, hint: str | None = None) -> None:
        self.errors.append(Diagnostic(message, span, hint))

    def run(self) -> c.CheckedAct:
        self.check_structure()
        self.declare_names()
        self.check_types_of_declarations()
        self.check_bodies()
        self.check_rules()
        self.check_required_and_properties()
        self.check_entitlements_per_entry()
        if self.errors:
            raise HsaError(sorted(self.errors, key=_error_order))
        return self.act

    # ------------------------------------------------------------------ the act's text

    def check_structure(self) -> None:
        act = self.act
        known_languages = set(act.languages)

        def language_ok(text: ast.Text) -> None:
            if known_languages and text.language not in known_languages:
                self.error(f"unknown language '{text.language}'", text.span,
                           did_you_mean(text.language, known_languages)
                           or f"the act's languages are: {', '.join(act.languages)}")

        for chapter in self.file.chapters:
            if chapter.number in act.chapters:
                self.error(f"chapter {chapter.number} appears twice", chapter.span)
            for title in chapter.titles:
                language_ok(title)
            act.chapters[chapter.number] = c.ChapterInfo(
                chapter.number, {x.language: x.text for x in chapter.titles}, span=chapter.span)

        for article in self.file.articles:
            if article.number in act.articles:
                self.error(f"article {article.number} appears twice", article.span,
                           "each article is written once; merge the two blocks")
                continue
            provisions = []
            texts = _texts(article.texts, language_ok)
            whole = dict(texts)
            self._add_provision(provision_id(article.number), article.number, None, None, texts, article.span)
            provisions.append(provision_id(article.number))
            seen_paragraphs = set()
            for paragraph in article.paragraphs:
                if paragraph.number in seen_paragraphs:
                    self.error(f"paragraph {paragraph.number} of article {article.number} appears twice",
                               paragraph.span)
                seen_paragraphs.add(paragraph.number)
                ptexts = _texts(paragraph.texts, language_ok)
                pid = provision_id(article.number, paragraph.number)
                para_whole = dict(ptexts)
                seen_points = set()
                for point in paragraph.points:
                    if point.number in seen_points:
                        self.error(f"point {point.number} of {pid} appears twice", point.span)
                    seen_points.add(point.number)
                    qtexts = _texts(point.texts, language_ok)
                    qid = provision_id(article.number, paragraph.number, point.number)
                    self._add_provision(qid, article.number, paragraph.number, point.number, qtexts, point.span)
                    provisions.append(qid)
                    for language, text in qtexts.items():
                        para_whole[language] = (para_whole.get(language, "") + "\n" + text).strip()
                self._add_provision(pid, article.number, paragraph.number, None, para_whole, paragraph.span)
                provisions.append(pid)
                for language, text in para_whole.items():
                    whole[language] = (whole.get(language, "") + "\n" + text).strip()
            act.provisions[provision_id(article.number)] = attrs.evolve(
                act.provisions[provision_id(article.number)], texts=whole)
            if article.chapter is not None and article.chapter not in act.chapters:
                self.error(f"chapter {article.chapter} is not declared", article.span)
            if article.informative is not None and article.rules:
                self.error(f"article {article.number} is marked informative but has rules",
                           article.span, "remove `informative` or move the rules")
            act.articles[article.number] = c.ArticleInfo(
                article.number,
                article.chapter,
                {x.language: x.text for x in article.titles},
                texts,
                tuple(sorted(provisions, key=_provision_order)),
                tuple(r.name for r in article.rules),
                article.informative,
                span=article.span,
            )
        act.articles = dict(sorted(act.articles.items()))

    def _add_provision(self, pid, article, paragraph, point, texts, span) -> None:
        self.act.provisions[pid] = c.ProvisionInfo(pid, article, paragraph, point, dict(texts), span=span)

    # ------------------------------------------------------------------ names

    def declare_names(self) -> None:
        act = self.act
        seen: dict[str, dict[str, Span | None]] = {"type": {}, "value": {}, "party": {}, "action": {}, "property": {}}

        def claim(namespace: str, name: str, span: Span | None, what: str) -> bool:
            if namespace == "type" and name in t.BUILTIN_TYPES:
                self.error(f"'{name}' is a built-in type and cannot be redeclared", span)
                return False
            if namespace == "value" and name in BUILTIN_FUNCTIONS:
                self.error(f"'{name}' is a built-in function and cannot be redeclared", span)
                return False
            previous = seen[namespace]
            if name in previous:
                where = f" (first declared at {previous[name]})" if previous[name] else ""
                self.error(f"{what} '{name}' is declared twice{where}", span)
                return False
            previous[name] = span
            return True

        for decl in self.file.all_declarations():
            if isinstance(decl, ast.PartyDecl):
                if claim("party", decl.name, decl.span, "party"):
                    act.parties[decl.name] = decl.description
            elif isinstance(decl, ast.ActionDecl):
                if claim("action", decl.name, decl.span, "action"):
                    act.actions[decl.name] = decl.description
            elif isinstance(decl, ast.EnumDecl):
                if claim("type", decl.name, decl.span, "type"):
                    if len(set(decl.members)) != len(decl.members):
                        self.error(f"enumeration '{decl.name}' lists a value twice", decl.span)
                    act.enums[decl.name] = t.EnumType(decl.name, decl.members)
            elif isinstance(decl, ast.RecordDecl):
                claim("type", decl.name, decl.span, "type")
            elif isinstance(decl, (ast.InputDecl, ast.ParameterDecl, ast.TableDecl, ast.Definition, ast.OutputDecl)):
                claim("value", decl.name, decl.span, "name")
            elif isinstance(decl, ast.PropertyDecl):
                claim("property", decl.name, decl.span, "property")
        if act.parties:
            if "Party" in act.enums:
                self.error("'Party' is the type of the declared parties and cannot be redeclared",
                           None)
            act.enums["Party"] = t.EnumType("Party", tuple(act.parties))

    def resolve_type(self, node: ast.TypeExpr, optional_ok: bool = True) -> t.Type:
        if isinstance(node, ast.NamedType):
            if node.name in t.BUILTIN_TYPES:
                return t.BUILTIN_TYPES[node.name]
            if node.name in self.act.enums:
                return self.act.enums[node.name]
            if self._is_record(node.name):
                return t.RecordType(node.name)
            self.error(f"unknown type '{node.name}'", node.span,
                       did_you_mean(node.name, [*t.BUILTIN_TYPES, *self.act.enums, *self._record_names]))
            raise _Abort
        if isinstance(node, ast.ListType):
            element = self.resolve_type(ast.NamedType(node.element, span=node.span))
            if not isinstance(element, t.RecordType):
                self.error("a list holds records; declare a record for its entries", node.span)
                raise _Abort
            if node.max_length is not None and node.max_length < 1:
                self.error("a list's limit must be at least 1", node.span)
            return t.ListType(element, node.unique_by, node.max_length)
        if isinstance(node, ast.SetType):
            element = self.resolve_type(ast.NamedType(node.element, span=node.span))
            if not isinstance(element, t.EnumType) and element != t.DATE:
                self.error("a set holds values of an enumeration, or dates", node.span)
                raise _Abort
            return t.SetType(element)
        if isinstance(node, ast.OptionalType):
            inner = self.resolve_type(node.inner)
            if isinstance(inner, (t.OptionalType, t.ListType, t.SetType)):
                self.error(f"{inner} cannot be optional; an empty list or set says 'none'", node.span)
                raise _Abort
            if not optional_ok:
                self.error("this cannot be optional", node.span)
            return t.OptionalType(inner)
        raise AssertionError(node)

    @functools.cached_property
    def _record_names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.file.all_declarations() if isinstance(d, ast.RecordDecl))

    @functools.cached_property
    def _rules_citing(self) -> dict[str, tuple[str, ...]]:
        """The rules, in the file's order, that cite each provision or one of its parts
        (a rule citing art_9__para_1 cites art_9 too)."""
        citing: dict[str, list[str]] = {}
        for rule in self.file.all_rules():
            for cite in dict.fromkeys(y.name for y in rule.cites):
                parts = cite.split("__")
                for n in range(1, len(parts) + 1):
                    names = citing.setdefault("__".join(parts[:n]), [])
                    if not names or names[-1] != rule.name:
                        names.append(rule.name)
        return {ref: tuple(names) for ref, names in citing.items()}

    def _is_record(self, name: str) -> bool:
        return name in self._record_names

    # ------------------------------------------------------------------ declarations

    def check_types_of_declarations(self) -> None:
        act = self.act
        for decl in self.file.all_declarations():
            try:
                if isinstance(decl, ast.RecordDecl):
                    self.check_record_fields(decl)
                elif isinstance(decl, ast.InputDecl):
                    type_ = self.resolve_type(decl.type)
                    low, high = self.domain(decl.name, type_, decl.domain)
                    act.inputs[decl.name] = c.InputInfo(decl.name, type_, low, high, span=decl.span)
                elif isinstance(decl, ast.ParameterDecl):
                    self.check_parameter(decl)
                elif isinstance(decl, ast.OutputDecl):
                    type_ = self.resolve_type(decl.type, optional_ok=False)
                    if decl.owed_to is not None and decl.owed_to not in act.parties:
                        self.error(f"unknown party '{decl.owed_to}'", decl.span,
                                   did_you_mean(decl.owed_to, act.parties))
                    act.outputs[decl.name] = c.OutputInfo(decl.name, type_, decl.owed_to, span=decl.span)
                elif isinstance(decl, ast.Definition):
                    self._definition_ast[decl.name] = decl
            except _Abort:
                pass
        # records' checks and the bodies of definitions/tables need every name declared first

    def check_record_fields(self, decl: ast.RecordDecl) -> None:
        fields: dict[str, c.FieldInfo] = {}
        for f in decl.fields:
            if f.name in fields:
                self.error(f"field '{f.name}' of {decl.name} is declared twice", f.span)
                continue
            try:
                type_ = self.resolve_type(f.type)
            except _Abort:
                continue
            low, high = self.domain(f.name, type_, f.domain)
            default, has_default = None, False
            if f.default is not None:
                default = self.constant(f.default, type_)
                has_default = True
                if default is not None and ((low is not None and default < low) or (high is not None and default > high)):
                    self.error(f"the default of {f.name} is outside its range", f.default.span)
            fields[f.name] = c.FieldInfo(f.name, type_, low, high, default, has_default, span=f.span)
        self.act.records[decl.name] = c.RecordInfo(decl.name, fields, (), span=decl.span)

    def domain(self, name: str, type_: t.Type, domain: ast.Domain | None):
        """The bounds a declared range gives (None where it gives none)."""
        if domain is None:
            return None, None
        base = type_.inner if isinstance(type_, t.OptionalType) else type_
        if not isinstance(base, t.Number) and base != t.DATE:
            self.error(f"only numbers and dates can have a range; {name} is {type_}", domain.span)
            return None, None
        low = self.constant(domain.low, type_) if domain.low is not None else None
        high = self.constant(domain.high, type_) if domain.high is not None else None
        if low is not None and high is not None and low > high:
            self.error(f"the range of {name} is empty ({low} > {high})", domain.span)
        return low, high

    def check_parameter(self, decl: ast.ParameterDecl) -> None:
        type_ = self.resolve_type(decl.type, optional_ok=False)
        if not isinstance(type_, (t.Number, t.Primitive, t.EnumType)):
            self.error("a parameter holds a number, a date, a truth value or an enumeration value",
                       decl.type.span)
            raise _Abort
        values = []
        previous = None
        for entry in decl.values:
            value = self.constant(entry.value, type_)
            if previous is not None and entry.effective <= previous:
                self.error(f"the values of {decl.name} must be listed in date order, each from a later date",
                           entry.span)
            previous = entry.effective
            values.append((entry.effective, value))
        self.act.parameters[decl.name] = c.ParameterInfo(decl.name, type_, tuple(values), span=decl.span)

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
                    self.error(f"{target} are whole numbers", node.span)
                    return None
                return node.value
            typed = self.literal(node)
            if not t.assignable(typed.type, target):
                self.error(f"expected {target}, found {typed.type}", node.span)
                return None
            return typed.value
        if isinstance(node, ast.Name) and isinstance(target, t.EnumType):
            if node.name in target.members:
                return node.name
            self.error(f"'{node.name}' is not a value of {target}", node.span,
                       did_you_mean(node.name, target.members))
            return None
        if isinstance(node, ast.SetLiteral) and isinstance(target, t.SetType):
            return frozenset(self.constant(i, target.element) for i in node.items)
        self.error("a fixed value is needed here (a number, an amount, a date, or a name of a value)",
                   node.span)
        return None

    def literal(self, node: ast.Literal) -> c.TLiteral:
        kinds = {"integer": t.INTEGER, "decimal": t.DECIMAL, "money": t.MONEY, "date": t.DATE,
                 "string": t.STRING, "bool": t.BOOL}
        if node.kind == "quantity":
            type_ = t.QUANTITY_TYPES[node.unit]
            value = Decimal(node.value) if not type_.integral else node.value
            return c.TLiteral(value, type_, span=node.span)
        value = node.value
        if node.kind == "integer":
            value = int(value)
        return c.TLiteral(value, kinds[node.kind], span=node.span)

    # ------------------------------------------------------------------ bodies

    def check_bodies(self) -> None:
        act = self.act
        for decl in self.file.all_declarations():
            if isinstance(decl, ast.RecordDecl) and decl.name in act.records:
                self.check_record_checks(decl)
        for info in act.records.values():
            for f in info.fields.values():
                if isinstance(f.type, t.ListType) and f.type.unique_by is not None:
                    element = act.records.get(f.type.element.name)
                    if element is not None and f.type.unique_by not in element.fields:
                        self.error(f"{f.type.element} has no field '{f.type.unique_by}'", f.span,
                                   did_you_mean(f.type.unique_by, element.fields))
        for decl in self.file.all_declarations():
            if isinstance(decl, ast.TableDecl):
                self.check_table(decl)
        # definition signatures first, so that bodies may call any definition
        signatures = {}
        for name, decl in self._definition_ast.items():
            try:
                params = tuple((p.name, self.resolve_type(p.type)) for p in decl.parameters)
                signatures[name] = (params, self.resolve_type(decl.type))
            except _Abort:
                pass
        self._signatures = signatures
        for name, decl in self._definition_ast.items():
            if name not in signatures:
                continue
            params, type_ = signatures[name]
            env = _Env()
            for (pname, ptype), p in zip(params, decl.parameters):
                env = env.bind(pname, c.TLocal(pname, ptype, span=p.span))
            self._checking_definition = name
            self._definition_deps[name] = set()
            try:
                body = self.expect(decl.body, type_, env)
                act.definitions[name] = c.DefinitionInfo(name, params, type_, body,
                                                         self._article_of(decl), span=decl.span)
            except _Abort:
                pass
            finally:
                self._checking_definition = None
        self._check_definition_cycles()

    def _article_of(self, decl) -> int | None:
        if self._articles_of_declarations is None:
            self._articles_of_declarations = {
                id(d): article.number for article in self.file.articles for d in article.declarations}
        return self._articles_of_declarations.get(id(decl))

    def _check_definition_cycles(self) -> None:
        graph = self._definition_deps
        state: dict[str, int] = {}

        def visit(name: str, path: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = path[path.index(name):] + [name]
                decl = self._definition_ast[name]
                self.error("definitions refer to each other in a circle: " + " → ".join(cycle),
                           decl.span, "a definition cannot depend on itself")
                return
            state[name] = 1
            for dep in sorted(graph.get(name, ())):
                visit(dep, path + [name])
            state[name] = 2

        for name in sorted(graph):
            visit(name, [])

    def check_record_checks(self, decl: ast.RecordDecl) -> None:
        info = self.act.records[decl.name]
        record_type = t.RecordType(decl.name)
        this = c.TLocal("record", record_type)
        env = _Env()
        for f in info.fields.values():
            env = env.bind(f.name, c.TField(this, f.name, f.type))
        checks = []
        for check_node in decl.checks:
            try:
                checks.append(c.CheckInfo(self.expect(check_node.condition, t.BOOL, env),
                                          check_node.message, span=check_node.span))
            except _Abort:
                pass
        self.act.records[decl.name] = attrs.evolve(info, checks=tuple(checks))

    def check_table(self, decl: ast.TableDecl) -> None:
        try:
            key_type = self.resolve_type(decl.key_type, optional_ok=False)
            value_type = self.resolve_type(decl.value_type, optional_ok=False)
        except _Abort:
            return
        if not isinstance(key_type, t.Number):
            self.error("a table is looked up by a number", decl.key_type.span)
            return
        env = _Env().bind(decl.key, c.TLocal(decl.key, key_type))
        rows = []
        for row in decl.rows:
            low = self.constant(row.at_least, key_type) if row.at_least is not None else None
            high = self.constant(row.below, key_type) if row.below is not None else None
            try:
                value = self.expect(row.value, value_type, env)
            except _Abort:
                continue
            if low is not None and high is not None and low >= high:
                self.error("this row covers no value: its lower bound is not below its upper bound", row.span)
            rows.append(c.TableRowInfo(low, high, value, span=row.span))
        for a, b in zip(rows, rows[1:]):
            a_high = a.below
            b_low = b.at_least
            if a_high is None or b_low is None or b_low < a_high:
                self.error(f"rows of table {decl.name} overlap or are out of order", b.span,
                           "list rows from the lowest key up, each starting at or after the previous row's `below`")
        otherwise = None
        if decl.otherwise is not None:
            try:
                otherwise = self.expect(decl.otherwise, value_type, env)
            except _Abort:
                pass
        self.act.tables[decl.name] = c.TableInfo(decl.name, decl.key, key_type, value_type,
                                                 tuple(rows), otherwise, span=decl.span)

    # ------------------------------------------------------------------ rules

    def check_rules(self) -> None:
        act = self.act
        rule_spans: dict[str, Span | None] = {}
        groups: dict[str, list[str]] = {}
        for article in self.file.articles:
            for rule in article.rules:
                if rule.name in rule_spans:
                    self.error(f"rule '{rule.name}' is declared twice (first at {rule_spans[rule.name]})", rule.span)
                    continue
                rule_spans[rule.name] = rule.span
                for g in rule.groups:
                    groups.setdefault(g.name, []).append(rule.name)
        for name in groups:
            if name in rule_spans:
                self.error(f"'{name}' names both a rule and a group", rule_spans[name])
        act.groups = {k: tuple(v) for k, v in groups.items()}

        for article in self.file.articles:
            for rule in article.rules:
                if rule.name in act.rules:
                    continue
                try:
                    info = self.check_rule(rule, article)
                except _Abort:
                    continue
                if info is not None:
                    act.rules[rule.name] = info
        self.check_exceptions()

    def check_entitlements_per_entry(self) -> None:
        """An entitlement set by a rule with `for each` is owed for each entry: one finding per
        entry, each with its own value, and no one value for the whole case. All its rules go
        over the same list, it cannot be `required`, and no expression reads it."""
        act = self.act
        setters: dict[str, list[c.RuleInfo]] = {}
        for rule in act.rules.values():
            if rule.conclusion.kind == "assignment":
                setters.setdefault(rule.conclusion.output, []).append(rule)
        per_entry = set()
        for output, rules in setters.items():
            scoped = [r for r in rules if r.scopes]
            if not scoped:
                continue
            per_entry.add(output)
            first = scoped[0]
            for rule in rules:
                if [s.source for s in rule.scopes] != [s.source for s in first.scopes]:
                    self.error(f"'{output}' is owed for each entry of a list by rule '{first.name}'; "
                               f"rule '{rule.name}' must go over the same list", rule.span,
                               "give every rule that sets it the same `for each`")
            if act.outputs[output].required:
                self.error(f"'{output}' is owed for each entry of a list, so it cannot be `required`",
                           act.outputs[output].span, "remove `required`, or set it once for the whole case")
        if not per_entry:
            return
        roots = [part for r in act.rules.values()
                 for part in ([s.source for s in r.scopes] + [r.condition, r.violation, r.conclusion.value]
                              + [x for s in r.conclusion.sanctions for x in (s.low, s.high)])]
        roots += [d.body for d in act.definitions.values()]
        roots += [x for tb in act.tables.values() for x in [row.value for row in tb.rows] + [tb.otherwise]]
        roots += [o.required_when for o in act.outputs.values()]
        roots += [p.condition for p in act.properties.values()]
        roots += [b.source for p in act.properties.values() for b in p.bindings]
        roots += [chk.condition for rec in act.records.values() for chk in rec.checks]
        for root in roots:
            if root is None:
                continue
            for node in c.walk(root):
                if isinstance(node, c.TOutput) and node.name in per_entry:
                    self.error(f"'{node.name}' is owed for each entry of a list; it has no one value to read",
                               node.span, "work the value out in a definition, and read the definition")

    def check_required_and_properties(self) -> None:
        act = self.act
        for decl in self.file.all_declarations():
            if isinstance(decl, ast.OutputDecl) and decl.required is not None and decl.name in act.outputs:
                condition = None
                if decl.required.condition is not None:
                    try:
                        condition = self.expect(decl.required.condition, t.BOOL, _Env())
                    except _Abort:
                        continue
                act.outputs[decl.name] = attrs.evolve(act.outputs[decl.name], required=True,
                                                      required_when=condition)
            elif isinstance(decl, ast.PropertyDecl):
                env = _Env()
                bindings = []
                try:
                    for b in decl.bindings:
                        if b.variable in env.locals:
                            self.error(f"'{b.variable}' is already bound in this property", b.span)
                        if b.kind == "all":
                            type_ = self.resolve_type(b.type, optional_ok=False)
                            if not isinstance(type_, (t.Number, t.EnumType)) and type_ not in (t.BOOL, t.DATE):
                                self.error("`for all` ranges over numbers, dates, truth values or an enumeration",
                                           b.span, "use `for each x in LIST` for the entries of a list")
                                raise _Abort
                            source = None
                        else:
                            source = self.infer(b.source, env)
                            type_ = t.iterable_element(source.type)
                            if type_ is None:
                                self.error(f"`for each` needs a list; this is {source.type}", b.source.span)
                                raise _Abort
                        env = env.bind(b.variable, c.TLocal(b.variable, type_, span=b.span))
                        bindings.append(c.PropertyBindingInfo(b.kind, b.variable, type_, source))
                    condition = self.expect(decl.condition, t.BOOL, env)
                except _Abort:
                    continue
                act.properties[decl.name] = c.PropertyInfo(decl.name, tuple(bindings), condition,
                                                           self._article_of(decl), span=decl.span)

    def check_rule(self, rule: ast.Rule, article: ast.Article) -> c.RuleInfo | None:
        act = self.act
        cites = []
        for ref in rule.cites:
            if ref.name not in act.provisions:
                self.error(f"unknown provision '{ref.name}'", ref.span,
                           did_you_mean(ref.name, act.provisions)
                           or "provision ids look like art_9, art_9__para_2, art_9__para_1__point_3")
            cites.append(ref.name)
        own = provision_id(article.number)
        if not any(x == own or x.startswith(own + "__") for x in cites):
            self.error(f"rule '{rule.name}' must cite a provision of article {article.number}", rule.span,
                       f"add `cites {own}` (or one of its paragraphs or points)")

        quotes = []
        for quote in rule.quotes:
            if act.languages and quote.language not in act.languages:
                self.error(f"unknown language '{quote.language}'", quote.span, did_you_mean(quote.language, act.languages))
            # a point is read with the words that introduce it, so its paragraph and article count
            texts = [self._provision_words(x, quote.language)
                     for cited in cites for x in _self_and_ancestors(cited) if x in act.provisions]
            wanted = normalise_words(quote.text)
            if texts and not any(wanted in text for text in texts):
                self.error(f"this quote is not in the {quote.language} text of "
                           + ", ".join(cites), quote.span,
                           "a quote must copy the Act's words exactly as the cited provision gives them")
            quotes.append(c.QuoteInfo(quote.language, quote.text, span=quote.span))
        if not rule.quotes:
            self.error(f"rule '{rule.name}' quotes no words of the Act", rule.span,
                       'add `quote en "..."` (or zh) with the words this rule encodes')

        env = _Env()
        scopes = []
        for scope in rule.scopes:
            source = self.infer(scope.source, env)
            element = t.iterable_element(source.type)
            if element is None:
                self.error(f"`for each` needs a list; this is {source.type}", scope.source.span)
                raise _Abort
            if scope.variable in env.locals:
                self.error(f"'{scope.variable}' is already used in this rule", scope.span)
            env = env.bind(scope.variable, c.TLocal(scope.variable, element, span=scope.span))
            scopes.append(c.ScopeInfo(scope.variable, source, element, span=scope.span))

        # each part is checked even when an earlier one has an error, so that one report
        # lists every mistake in the rule
        failed = False
        condition = None
        if rule.condition is not None:
            try:
                condition = self.expect(rule.condition, t.BOOL, env)
            except _Abort:
                failed = True
            env = env.knowing(self.facts_when(rule.condition, True, env))
        conclusion = None
        try:
            conclusion = self.check_conclusion(rule.conclusion, env, bool(scopes))
        except _Abort:
            failed = True
        violation = None
        if rule.violation is not None:
            if conclusion is not None and conclusion.kind not in ("obligation", "prohibition"):
                self.error("only an obligation or a prohibition can be violated", rule.violation.span,
                           "remove `violated when`, or make the conclusion `X must ...` / `X must not ...`")
            try:
                violation = self.expect(rule.violation, t.BOOL, env)
            except _Abort:
                failed = True
        if failed:
            raise _Abort

        groups = tuple(g.name for g in rule.groups)
        exception_to = []
        for ref in rule.exceptions:
            if ref.name in act.groups:
                members = [m for m in act.groups[ref.name] if m != rule.name]
                exception_to.extend(members)
            elif any(ref.name == r.name for r in self.file.all_rules()):
                if ref.name == rule.name:
                    self.error("a rule cannot be an exception to itself", ref.span)
                else:
                    exception_to.append(ref.name)
            else:
                self.error(f"unknown rule or group '{ref.name}'", ref.span,
                           did_you_mean(ref.name, [r.name for r in self.file.all_rules()] + list(act.groups)))
        return c.RuleInfo(rule.name, article.number, tuple(cites), tuple(quotes), groups,
                          tuple(dict.fromkeys(exception_to)), tuple(scopes), condition, conclusion,
                          violation, span=rule.span)

    def check_conclusion(self, node, env: _Env, scoped: bool) -> c.ConclusionInfo:
        act = self.act
        if isinstance(node, (ast.Obligation, ast.Prohibition, ast.Permission)):
            kind = type(node).__name__.lower()
            if node.party not in act.parties:
                self.error(f"unknown party '{node.party}'", node.span,
                           did_you_mean(node.party, act.parties) or "declare it with `party NAME \"...\"`")
            if node.action not in act.actions:
                self.error(f"unknown action '{node.action}'", node.span,
                           did_you_mean(node.action, act.actions) or "declare it with `action NAME \"...\"`")
            return c.ConclusionInfo(kind, party=node.party, action=node.action, span=node.span)
        if isinstance(node, ast.Assignment):
            output = act.outputs.get(node.output)
            if output is None:
                self.error(f"unknown output '{node.output}'", node.span,
                           did_you_mean(node.output, act.outputs)
                           or "declare it with `output NAME: TYPE` or `entitlement NAME: TYPE owed to PARTY`")
                raise _Abort
            if scoped and output.owed_to is None:
                # an entitlement may be owed for each entry (a month's wage); an output has one value
                self.error(f"'{node.output}' has one value per case; a rule with `for each` cannot set it",
                           node.span, "compute a total with sum(...) in a definition and set the output from that, "
                                      "or declare it an `entitlement ... owed to PARTY`, which may be owed per entry")
            value = self.expect(node.value, output.type, env)
            return c.ConclusionInfo("assignment", output=node.output, value=value, span=node.span)
        if isinstance(node, ast.Penalty):
            if node.party not in act.parties:
                self.error(f"unknown party '{node.party}'", node.span, did_you_mean(node.party, act.parties))
            sanctions = []
            for s in node.sanctions:
                low = self.expect(s.low, t.MONEY, env) if s.low is not None else None
                # `fine of X` is written with X as both bounds; the others give only their own
                high = low if s.kind == "fine_of" else (
                    self.expect(s.high, t.MONEY, env) if s.high is not None else None)
                sanctions.append(c.SanctionInfo(s.kind, low, high, s.text, span=s.span))
            return c.ConclusionInfo("penalty", party=node.party, sanctions=tuple(sanctions), span=node.span)
        if isinstance(node, ast.Warning):
            return c.ConclusionInfo("warning", span=node.span)
        raise AssertionError(node)

    def check_exceptions(self) -> None:
        rules = self.act.rules
        for rule in rules.values():
            for base_name in rule.exception_to:
                base = rules.get(base_name)
                if base is None:
                    continue
                if base.target != rule.target:
                    self.error(
                        f"rule '{rule.name}' is an exception to '{base_name}', but they decide different things "
                        f"({_describe_target(rule.target)} / {_describe_target(base.target)})",
                        rule.span, "an exception must conclude on the same output, or the same party and action")
                if rule.scopes and [s.source for s in rule.scopes] != [s.source for s in base.scopes]:
                    self.error(
                        f"rule '{rule.name}' goes over a list with `for each`, but '{base_name}' does not go over the same list",
                        rule.span, "an exception either has no `for each`, or the same `for each` as the rule it overrides")
        # cycles
        state: dict[str, int] = {}

        def visit(name: str, path: list[str]) -> None:
            if state.get(name) == 2:
                return
            if state.get(name) == 1:
                cycle = path[path.index(name):] + [name]
                self.error("exceptions form a circle: " + " → ".join(cycle), rules[name].span,
                           "a rule cannot, through other rules, be an exception to itself")
                return
            state[name] = 1
            for nxt in rules[name].exception_to:
                if nxt in rules:
                    visit(nxt, path + [name])
            state[name] = 2

        for name in rules:
            visit(name, [])

    # ------------------------------------------------------------------ expressions

    def expect(self, node: ast.Expr, expected: t.Type, env: _Env):
        typed = self.infer(node, env, expected)
        if not t.assignable(typed.type, expected):
            hint = None
            if isinstance(typed.type, t.OptionalType) and t.assignable(typed.type.inner, expected):
                hint = f"it may be absent: test `{_text(node)} is given` first"
            self.error(f"expected {expected}, found {typed.type}", node.span, hint)
            raise _Abort
        return typed

    def infer(self, node: ast.Expr, env: _Env, expected: t.Type | None = None):
        method = _INFER.get(type(node))
        if method is None:
            method = _INFER[type(node)] = getattr(_Checker, "infer_" + type(node).__name__)
        typed = method(self, node, env, expected)
        if isinstance(typed.type, t.OptionalType) and _key(node) in env.given:
            typed = c.evolve(typed, {"type": typed.type.inner})
        return typed

    def infer_Literal(self, node: ast.Literal, env, expected):
        return self.literal(node)

    def infer_Name(self, node: ast.Name, env: _Env, expected):
        act = self.act
        if node.name in env.locals:
            local = env.locals[node.name]
            return c.evolve(local, {"span": node.span})
        if node.name in act.inputs:
            return c.TInput(node.name, act.inputs[node.name].type, span=node.span)
        if node.name in self._definition_ast:
            return self._definition_call(node.name, (), node.span, env)
        if node.name in act.outputs:
            output = act.outputs[node.name]
            return c.TOutput(node.name, t.OptionalType(output.type), span=node.span)
        if isinstance(expected, t.EnumType) and node.name in expected.members:
            return c.TLiteral(node.name, expected, span=node.span)
        if isinstance(expected, t.OptionalType) and isinstance(expected.inner, t.EnumType) \
                and node.name in expected.inner.members:
            return c.TLiteral(node.name, expected.inner, span=node.span)
        owners = [e for e in act.enums.values() if node.name in e.members]
        if len(owners) == 1:
            return c.TLiteral(node.name, owners[0], span=node.span)
        if node.name in act.parameters or node.name in act.tables:
            kind = "parameter" if node.name in act.parameters else "table"
            self.error(f"the {kind} '{node.name}' needs a {'date' if kind == 'parameter' else 'key'}",
                       node.span, f"write {node.name}(...)")
            raise _Abort
        if len(owners) > 1:
            self.error(f"'{node.name}' is a value of several enumerations ({', '.join(e.name for e in owners)})",
                       node.span, "compare it with a field of the enumeration you mean")
            raise _Abort
        candidates = [*env.locals, *act.inputs, *self._definition_ast, *act.outputs,
                      *(m for e in act.enums.values() for m in e.members)]
        self.error(f"unknown name '{node.name}'", node.span, did_you_mean(node.name, candidates))
        raise _Abort

    def _definition_call(self, name: str, arguments, span, env):
        if self._checking_definition is not None:
            self._definition_deps[self._checking_definition].add(name)
        signature = self._signatures.get(name) if hasattr(self, "_signatures") else None
        if signature is None:
            raise _Abort
        params, type_ = signature
        if len(arguments) != len(params):
            self.error(f"'{name}' takes {len(params)} value(s), given {len(arguments)}", span)
            raise _Abort
        typed_args = tuple(self.expect(a, ptype, env) for a, (_, ptype) in zip(arguments, params))
        return c.TDefinition(name, typed_args, type_, span=span)

    def infer_FieldAccess(self, node: ast.FieldAccess, env: _Env, expected):
        target = self.infer(node.target, env)
        ttype = target.type
        if isinstance(ttype, t.OptionalType):
            self.error(f"'{_text(node.target)}' may be absent", node.target.span,
                       f"test `{_text(node.target)} is given` first (in `when`, or with `and`)")
            raise _Abort
        if isinstance(ttype, t.WindowType):
            if node.field in ("start", "end"):
                return c.TField(target, node.field, t.DATE, span=node.span)
            self.error(f"a window has `start` and `end`; '{node.field}' is not one of them", node.span)
            raise _Abort
        if not isinstance(ttype, t.RecordType):
            self.error(f"{_text(node.target)} is {ttype}, which has no fields", node.span)
            raise _Abort
        record = self.act.records.get(ttype.name)
        if record is None:
            raise _Abort
        f = record.fields.get(node.field)
        if f is None:
            self.error(f"{ttype.name} has no field '{node.field}'", node.span,
                       did_you_mean(node.field, record.fields))
            raise _Abort
        return c.TField(target, node.field, f.type, span=node.span)

    def infer_Call(self, node: ast.Call, env: _Env, expected):
        act = self.act
        name, args = node.function, node.arguments
        if name in self._definition_ast:
            return self._definition_call(name, args, node.span, env)
        if name in act.parameters:
            if len(args) != 1:
                self.error(f"parameter '{name}' takes one date: the day its value is wanted for", node.span)
                raise _Abort
            at = self.expect(args[0], t.DATE, env)
            return c.TParameter(name, at, act.parameters[name].type, span=node.span)
        if name in act.tables:
            table = act.tables[name]
            if len(args) != 1:
                self.error(f"table '{name}' takes one key", node.span)
                raise _Abort
            key = self.expect(args[0], table.key_type, env)
            return c.TTable(name, key, table.type, span=node.span)
        if name == "violated":
            return self.check_violated(node)
        if name == "violated_on":
            if len(args) < 2:
                self.error("violated_on(ENTRY, RULE_OR_PROVISION, ...) names an entry of a list, then rules",
                           node.span)
                raise _Abort
            entry = self.infer(args[0], env)
            if not isinstance(entry.type, t.RecordType):
                self.error(f"the first value of violated_on is an entry of a list; this is {entry.type}",
                           args[0].span)
                raise _Abort
            rules = self.check_violated(ast.Call("violated", args[1:], span=node.span))
            return c.TViolated(rules.rules, entry, span=node.span)
        if name in ("years_between", "months_between", "days_between"):
            if len(args) != 2:
                self.error(f"{name} takes two dates: from, to", node.span)
                raise _Abort
            typed = tuple(self.expect(a, t.DATE, env) for a in args)
            return c.TBuiltin(name, typed, t.DAYS if name == "days_between" else t.INTEGER, span=node.span)
        if name in ("start_of_month", "end_of_month"):
            if len(args) != 1:
                self.error(f"{name} takes one date", node.span)
                raise _Abort
            return c.TBuiltin(name, (self.expect(args[0], t.DATE, env),), t.DATE, span=node.span)
        if name in ("round", "floor", "ceil", "abs"):
            if len(args) != 1:
                self.error(f"{name} takes one number", node.span)
                raise _Abort
            value = self.infer(args[0], env)
            if not isinstance(value.type, t.Number):
                self.error(f"{name} takes a number, found {value.type}", args[0].span)
                raise _Abort
            result = value.type if name == "abs" else t.Number(True, value.type.unit)
            if name != "abs" and value.type.unit == t.MONEY_UNIT:
                result = t.MONEY
            if name != "abs" and value.type.unit == t.HOUR_UNIT:
                result = t.HOURS
            return c.TBuiltin(name, (value,), result, span=node.span)
        candidates = [*self._definition_ast, *act.parameters, *act.tables, *BUILTIN_FUNCTIONS]
        self.error(f"unknown function, parameter or table '{name}'", node.span, did_you_mean(name, candidates))
        raise _Abort

    def check_violated(self, node: ast.Call):
        act = self.act
        names: list[str] = []
        all_rules = {r.name: r for r in self.file.all_rules()}
        if not node.arguments:
            self.error("violated(...) names the rules, groups or provisions whose violation counts", node.span)
            raise _Abort
        for arg in node.arguments:
            if not isinstance(arg, ast.Name):
                self.error("violated(...) takes names of rules, groups or provisions", arg.span)
                raise _Abort
            ref = arg.name
            if ref in all_rules:
                names.append(ref)
            elif ref in act.groups:
                names.extend(act.groups[ref])
            elif ref in act.provisions:
                matched = list(self._rules_citing.get(ref, ()))
                if not matched:
                    self.error(f"no rule cites {ref}, so it can never be violated", arg.span,
                               "write the rule that encodes it first")
                names.extend(matched)
            else:
                self.error(f"unknown rule, group or provision '{ref}'", arg.span,
                           did_you_mean(ref, [*all_rules, *act.groups, *act.provisions]))
                raise _Abort
        return c.TViolated(tuple(dict.fromkeys(names)), span=node.span)

    def infer_Unary(self, node: ast.Unary, env: _Env, expected):
        if node.op == "not":
            return c.TNot(self.expect(node.operand, t.BOOL, env), span=node.span)
        operand = self.infer(node.operand, env, expected)
        if not isinstance(operand.type, t.Number):
            self.error(f"cannot negate {operand.type}", node.span)
            raise _Abort
        return c.TNegate(operand, operand.type, span=node.span)

    def infer_Binary(self, node: ast.Binary, env: _Env, expected):
        if node.op in ("and", "or", "implies"):
            facts = self.facts_when(node.left, node.op != "or", env)
            left, right = self._both(lambda: self.expect(node.left, t.BOOL, env),
                                     lambda: self.expect(node.right, t.BOOL, env.knowing(facts)))
            return c.TLogic(node.op, left, right, span=node.span)
        left, right = self._both(lambda: self.infer(node.left, env), lambda: self.infer(node.right, env))
        result = arithmetic_type(node.op, left.type, right.type)
        if result is None:
            verb = {"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}[node.op]
            joiner = {"+": "and", "-": "from", "*": "by", "/": "by"}[node.op]
            a, b = (right, left) if node.op == "-" else (left, right)
            self.error(f"cannot {verb} {_a(b.type) if node.op == '-' else _a(a.type)} {joiner} "
                       f"{_a(a.type) if node.op == '-' else _a(b.type)}", node.span,
                       _arithmetic_hint(node.op, left.type, right.type))
            raise _Abort
        return c.TArithmetic(node.op, left, right, result, span=node.span)

    def infer_Compare(self, node: ast.Compare, env: _Env, expected):
        left, right = self._pair(node.left, node.right, env)
        lt, rt = left.type, right.type
        for side, ty in ((node.left, lt), (node.right, rt)):
            if isinstance(ty, t.OptionalType):
                self.error(f"'{_text(side)}' may be absent", side.span, f"test `{_text(side)} is given` first")
                raise _Abort
        ordered = node.op in ("<", "<=", ">", ">=")
        if isinstance(lt, t.Number) and isinstance(rt, t.Number):
            if lt.unit != rt.unit:
                self.error(f"cannot compare {_a(lt)} with {_a(rt)}", node.span,
                           "both sides of a comparison need the same unit")
                raise _Abort
        elif lt != rt:
            self.error(f"cannot compare {_a(lt)} with {_a(rt)}", node.span,
                       "both sides of a comparison need the same type")
            raise _Abort
        elif ordered and lt != t.DATE:
            self.error(f"{lt} values have no order; only numbers and dates can be compared with {node.op}",
                       node.span)
            raise _Abort
        return c.TCompare(node.op, left, right, span=node.span)

    def _both(self, first, second):
        """Check two operands; an error in the first does not hide one in the second."""
        try:
            a = first()
        except _Abort:
            second()
            raise
        return a, second()

    def _pair(self, a: ast.Expr, b: ast.Expr, env: _Env):
        """Type two operands where one may be a bare enumeration value named by the other's type."""
        if isinstance(a, ast.Name) and self._bare_enum_value(a, env):
            right = self.infer(b, env)
            return self.infer(a, env, right.type), right
        try:
            left = self.infer(a, env)
        except _Abort:
            # still report the other side's own mistakes, unless it needs this side's type
            if not (isinstance(b, ast.Name) and self._bare_enum_value(b, env)):
                try:
                    self.infer(b, env)
                except _Abort:
                    pass
            raise
        return left, self.infer(b, env, left.type)

    def _bare_enum_value(self, node: ast.Name, env: _Env) -> bool:
        """Whether a name can only be an enumeration value (it names nothing else)."""
        act = self.act
        return not (node.name in env.locals or node.name in act.inputs or node.name in self._definition_ast
                    or node.name in act.outputs) and any(node.name in e.members for e in act.enums.values())

    def infer_Member(self, node: ast.Member, env: _Env, expected):
        element = self.infer(node.element, env)
        if isinstance(element.type, t.OptionalType):
            self.error(f"'{_text(node.element)}' may be absent", node.element.span,
                       f"test `{_text(node.element)} is given` first")
            raise _Abort
        collection = self.infer(node.collection, env, t.SetType(element.type))
        ctype = collection.type
        if isinstance(ctype, t.SetType) and ctype.element == element.type:
            return c.TMember(element, collection, node.negated, span=node.span)
        self.error(f"cannot look for {_a(element.type)} in {ctype}", node.span)
        raise _Abort

    def infer_IsGiven(self, node: ast.IsGiven, env: _Env, expected):
        target = self.infer(node.target, env)
        if not isinstance(target.type, t.OptionalType):
            self.error(f"'{_text(node.target)}' is always given; only optional facts can be missing",
                       node.span)
            raise _Abort
        return c.TIsGiven(target, node.negated, span=node.span)

    def infer_If(self, node: ast.If, env: _Env, expected):
        condition = self.expect(node.condition, t.BOOL, env)
        then = self.infer(node.then, env.knowing(self.facts_when(node.condition, True, env)), expected)
        otherwise = self.infer(node.otherwise, env.knowing(self.facts_when(node.condition, False, env)),
                               then.type if expected is None else expected)
        result = t.join(then.type, otherwise.type)
        if result is None:
            self.error(f"the two branches give different types: {then.type} and {otherwise.type}", node.span)
            raise _Abort
        return c.TIf(condition, then, otherwise, result, span=node.span)

    def infer_SetLiteral(self, node: ast.SetLiteral, env: _Env, expected):
        element_type = expected.element if isinstance(expected, t.SetType) else None
        items = tuple(self.infer(i, env, element_type) for i in node.items)
        if not items:
            if element_type is None:
                self.error("the type of an empty set cannot be told here", node.span)
                raise _Abort
            return c.TSet((), t.SetType(element_type), span=node.span)
        first = items[0].type
        for item in items:
            if item.type != first:
                self.error(f"a set holds one type of value; found {first} and {item.type}", item.span)
                raise _Abort
            if not isinstance(item, c.TLiteral):
                self.error("a set written in braces lists fixed values", item.span)
                raise _Abort
        if not isinstance(first, t.EnumType) and first != t.DATE:
            self.error("a set holds values of an enumeration, or dates", node.span)
            raise _Abort
        return c.TSet(items, t.SetType(first), span=node.span)

    def _iterate(self, variable: str, source_node: ast.Expr, env: _Env):
        source = self.infer(source_node, env)
        element = t.iterable_element(source.type)
        if element is None:
            self.error(f"expected a list, found {source.type}", source_node.span)
            raise _Abort
        return source, env.bind(variable, c.TLocal(variable, element, span=source_node.span))

    def infer_Aggregate(self, node: ast.Aggregate, env: _Env, expected):
        source, inner = self._iterate(node.variable, node.source, env)
        where = None
        if node.where is not None:
            where = self.expect(node.where, t.BOOL, inner)
            inner = inner.knowing(self.facts_when(node.where, True, inner))
        if node.kind in ("any", "all"):
            body = self.expect(node.body, t.BOOL, inner)
            if node.fallback is not None:
                self.error(f"{node.kind}(...) of no entries is {'false' if node.kind == 'any' else 'true'}; "
                           "it takes no `else`", node.fallback.span)
            return c.TAggregate(node.kind, node.variable, source, body, where, None, t.BOOL, span=node.span)
        body = self.infer(node.body, inner)
        if node.kind == "sum":
            if not isinstance(body.type, t.Number):
                self.error(f"sum(...) adds numbers; this is {body.type}", node.body.span)
                raise _Abort
            if node.fallback is not None:
                self.error("sum(...) of no entries is 0; it takes no `else`", node.fallback.span)
            return c.TAggregate("sum", node.variable, source, body, where, None, body.type, span=node.span)
        if not isinstance(body.type, t.Number) and body.type != t.DATE:
            self.error(f"{node.kind}(...) needs numbers or dates; this is {body.type}", node.body.span)
            raise _Abort
        fallback = None
        result: t.Type = t.OptionalType(body.type)
        if node.fallback is not None:
            fallback = self.expect(node.fallback, body.type, env)
            result = body.type
        return c.TAggregate(node.kind, node.variable, source, body, where, fallback, result, span=node.span)

    def infer_Extremum(self, node: ast.Extremum, env: _Env, expected):
        items = [self.infer(a, env) for a in node.arguments]
        result = items[0].type
        for item in items[1:]:
            joined = t.join(result, item.type)
            if joined is None or not (isinstance(joined, t.Number) or joined == t.DATE):
                self.error(f"{node.kind}(...) needs values of one unit; found {result} and {item.type}", node.span)
                raise _Abort
            result = joined
        if not (isinstance(result, t.Number) or result == t.DATE):
            self.error(f"{node.kind}(...) needs numbers or dates", node.span)
            raise _Abort
        return c.TBuiltin(node.kind, tuple(items), result, span=node.span)

    def infer_Count(self, node: ast.Count, env: _Env, expected):
        source, inner = self._iterate(node.variable, node.source, env)
        where = self.expect(node.where, t.BOOL, inner) if node.where is not None else None
        return c.TAggregate("count", node.variable, source, None, where, None, t.INTEGER, span=node.span)

    def infer_GroupBy(self, node: ast.GroupBy, env: _Env, expected):
        source = self.infer(node.source, env)
        if not isinstance(source.type, t.ListType):
            self.error(f"only a list can be grouped; this is {source.type}", node.source.span)
            raise _Abort
        record = self.act.records.get(source.type.element.name)
        if record is None:
            raise _Abort
        key = record.fields.get(node.key_field)
        if key is None or key.type != t.DATE:
            self.error(f"{record.name} has no date field '{node.key_field}' to group by", node.span,
                       did_you_mean(node.key_field, [f for f, i in record.fields.items() if i.type == t.DATE]))
            raise _Abort
        window = node.window
        anchor = None
        if window.kind in ("rolling", "blocks") and (window.size is None or window.size < 1):
            self.error("a window is at least 1 day long", window.span)
            raise _Abort
        if window.kind == "blocks":
            anchor = self.expect(window.anchor, t.DATE, env)
        return c.TGroup(source, window.kind, window.size, anchor, node.key_field,
                        t.ListType(t.WindowType(source.type.element)), span=node.span)

    # ------------------------------------------------------------------ narrowing

    def facts_when(self, node: ast.Expr, outcome: bool, env: _Env | None = None) -> frozenset:
        """Optional expressions known to be given when `node` evaluates to `outcome`.

        A definition without parameters is looked into, so `when termination_given` tells as
        much as the `employment.termination is given` it stands for; what it tells is kept
        only where the names it mentions mean the same here."""
        if isinstance(node, ast.Name) and node.name in self._definition_ast \
                and not self._definition_ast[node.name].parameters:
            if node.name in self._expanding:
                return frozenset()
            facts = self._definition_facts.get((node.name, outcome))
            if facts is None:
                outermost = not self._expanding
                self._expanding.add(node.name)
                try:
                    facts = self.facts_when(self._definition_ast[node.name].body, outcome)
                finally:
                    self._expanding.discard(node.name)
                if outermost:  # what an inner look was cut short of, by a circle, is not kept
                    self._definition_facts[(node.name, outcome)] = facts
            shadowed = set(env.locals) if env is not None else set()
            return frozenset(f for f in facts if _root_name(f) not in shadowed)
        if isinstance(node, ast.IsGiven):
            return frozenset({_key(node.target)}) if outcome != node.negated else frozenset()
        if isinstance(node, ast.Unary) and node.op == "not":
            return self.facts_when(node.operand, not outcome, env)
        if isinstance(node, ast.Binary) and node.op == "implies" and not outcome:
            return self.facts_when(node.left, True, env) | self.facts_when(node.right, False, env)
        if isinstance(node, ast.Binary) and node.op == "and" and outcome:
            return self.facts_when(node.left, True, env) | self.facts_when(node.right, True, env)
        if isinstance(node, ast.Binary) and node.op == "or" and not outcome:
            return self.facts_when(node.left, False, env) | self.facts_when(node.right, False, env)
        return frozenset()


# ---------------------------------------------------------------------------- helpers


def arithmetic_type(op: str, a: t.Type, b: t.Type) -> t.Type | None:
    if a == t.DATE:
        if op in ("+", "-") and b in (t.DAYS, t.MONTHS):
            return t.DATE
        if op == "-" and b == t.DATE:
            return t.DAYS
        return None
    if not isinstance(a, t.Number) or not isinstance(b, t.Number):
        return None
    if t.MONTH_UNIT in (a.unit, b.unit):
        return None  # months only move dates
    if op in ("+", "-"):
        if a.unit != b.unit:
            return None
        return t.Number(a.integral and b.integral, a.unit)
    if op == "*":
        return t.Number(a.integral and b.integral, a.unit * b.unit)
    return t.Number(False, a.unit / b.unit)


def _arithmetic_hint(op: str, a: t.Type, b: t.Type) -> str | None:
    if isinstance(a, t.Number) and isinstance(b, t.Number) and op in ("+", "-"):
        return "both sides need the same unit; convert one with * or / first"
    if a == t.DATE or b == t.DATE:
        return "a date moves by days or months (d + 30 days); two dates give the days between them (b - a)"
    return None


def _a(type_: t.Type) -> str:
    text = str(type_)
    if text.startswith(("list", "set", "optional", "window")):
        return text
    return ("an " if text[0] in "aeiou" else "a ") + text + " value" if text not in ("money", "hours", "days", "months") else text


def _root_name(node) -> str | None:
    while isinstance(node, ast.FieldAccess):
        node = node.target
    return node.name if isinstance(node, ast.Name) else None


def _key(node):
    """The structural identity of an expression (spans excluded), for narrowing."""
    return node


def _text(node) -> str:
    return node.span.text if node is not None and node.span is not None else "this value"


def _texts(texts, language_ok) -> dict[str, str]:
    out: dict[str, str] = {}
    for x in texts:
        language_ok(x)
        out[x.language] = (out.get(x.language, "") + "\n" + x.text).strip()
    return out


def _self_and_ancestors(pid: str) -> list[str]:
    parts = pid.split("__")
    return ["__".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _provision_order(pid: str):
    return [int(p) for p in re.findall(r"\d+", pid)]


def _describe_target(target: tuple) -> str:
    if target[0] == "norm":
        return f"{target[1]} / {target[2]}"
    if target[0] == "output":
        return f"output {target[1]}"
    if target[0] == "warning":
        return "a warning"
    return "a penalty"


def _error_order(d: Diagnostic):
    if d.span is None:
        return (0, 0, 0)
    return (d.span.line, d.span.column, 0)
