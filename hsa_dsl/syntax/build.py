"""Building the surface AST (:mod:`hsa_dsl.syntax.ast`) from what the grammar's rules match.

One function per grammar rule makes that rule's node from its children. Lark calls them as it
reduces, through its ``transformer=`` option, so :func:`hsa_dsl.syntax.parsing.parse` builds no
parse tree; :func:`build_from_tree` applies the same functions to a parse tree, for `hsa-dsl dump
tree`. Both give the same AST with the same spans, computed here from the tokens (a node's span
runs from its first keyword to its last token), not from Lark's position propagation.
"""

from __future__ import annotations

import contextlib
import contextvars
import re
import textwrap
from datetime import date
from decimal import Decimal

import attrs
from lark import Token, Tree

from hsa_dsl import builtins
from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source, Span, token_span
from hsa_dsl.syntax import ast


def unquote(token: Token) -> str:
    raw = str(token)
    if raw.startswith('"""'):
        return textwrap.dedent(raw[3:-3]).strip()
    body = raw[1:-1]
    if "\\" not in body:
        return body
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), body)


def _money(text: str) -> Decimal:
    return Decimal(text[3:].replace(",", ""))


_QUANTITY = re.compile(r"([0-9]+(?:\.[0-9]+)?)[ \t]*([a-z]+)")
_UNITS = {"h": "hours", "hour": "hours", "hours": "hours", "day": "days", "days": "days",
          "month": "months", "months": "months"}


@attrs.define
class _Parse:
    """What building the AST of one text needs: the text, and the extent of each built value
    whose own span (if any) is not its rule's, such as a parenthesised expression or the
    `(kind, value)` pairs some rules hand to their parent. A parent's span runs over its
    children's whole text, parentheses and keywords included, as Lark's positions would."""

    source: Source
    #: id(value) → (value, its span); the value is held so its id stays unique
    extents: dict[int, tuple] = attrs.Factory(dict)
    #: id(value) → how deeply the value nests (1 for a leaf), for every value built; every
    #: value is held by the node built over it, so its id stays its own
    depths: dict[int, tuple] = attrs.Factory(dict)


_CURRENT: contextvars.ContextVar[_Parse] = contextvars.ContextVar("hsa_dsl_parse")


@contextlib.contextmanager
def building(source: Source):
    """The callbacks build the AST of `source` while this lasts (Lark hands them only the
    children, so the text they were read from is kept here for the spans they make)."""
    current = _CURRENT.set(_Parse(source))
    try:
        yield
    finally:
        _CURRENT.reset(current)


#: How deeply an act's text may nest (expressions, blocks): every later stage walks its trees by
#: recursion, and Python's stack has room for a few hundred levels of each.
MAX_NESTING = 100


def _located(child, extents):
    """What tells where a child's text starts and ends (a token and a span both have `line`,
    `column`, `start_pos`, `end_line`, `end_column`, `end_pos`): the token itself, or the span
    of the text the child was built from; None if it has no text."""
    if type(child) is Token:
        return child
    extent = extents.get(id(child))
    if extent is not None:
        return extent[1]
    return getattr(child, "span", None)


def _first_located(children, extents):
    for child in children:
        found = _located(child, extents)
        if found is not None:
            return found
    return None


def _last_located(children, extents):
    for child in reversed(children):
        found = _located(child, extents)
        if found is not None:
            return found
    return None


class _AstBuilder:
    """Builds the AST node of each grammar rule from the rule's children.

    Each method takes the span of the rule's text and its children that carry a value (names,
    numbers, texts and the nodes already built); keywords and punctuation are left out. The
    same methods serve the parser, which calls them as it reduces (no parse tree is built), and
    :func:`build_from_tree`, which walks a parse tree. Both see every token, keywords included
    (``keep_all_tokens``), so that a span runs from a node's first keyword to its `end`.
    """

    @property
    def source(self) -> Source:
        return _CURRENT.get().source

    def _tok(self, token: Token) -> Span:
        return token_span(self.source, token)

    def _ref(self, token: Token) -> ast.Reference:
        return ast.Reference(str(token), span=self._tok(token))

    # ------------------------------------------------------------ file structure

    def start(self, span, items):
        header = None
        chapters, articles, declarations = [], [], []
        for item in items:
            if isinstance(item, ast.ActHeader):
                if header is not None:
                    raise HsaError.single("a file has one `act` header", item.span,
                                          "merge the two headers")
                header = item
            elif isinstance(item, tuple) and item and item[0] == "chapter":
                _, chapter, chapter_articles, chapter_decls = item
                chapters.append(chapter)
                articles.extend(chapter_articles)
                declarations.extend(chapter_decls)
            elif isinstance(item, ast.Article):
                articles.append(item)
            else:
                declarations.append(item)
        return ast.ActFile(header, tuple(chapters), tuple(articles), tuple(declarations),
                           span=span)

    def act_header(self, span, items):
        name, *entries = items
        titles = tuple(e[1] for e in entries if e[0] == "title")
        languages = tuple(r for e in entries if e[0] == "languages" for r in e[1])
        return ast.ActHeader(str(name), titles, languages, span=span)

    def languages(self, span, items):
        return ("languages", tuple(self._ref(t) for t in items))

    def title(self, span, items):
        language, text = items
        return ("title", ast.Text(str(language), unquote(text), span=span))

    def text(self, span, items):
        language, text = items
        return ast.Text(str(language), unquote(text), span=span)

    def chapter(self, span, items):
        number, *entries = items
        titles = tuple(e[1] for e in entries if isinstance(e, tuple) and e[0] == "title")
        articles = [attrs.evolve(a, chapter=int(number)) for a in entries if isinstance(a, ast.Article)]
        declarations = [e for e in entries if not isinstance(e, (tuple, ast.Article))]
        chapter = ast.Chapter(int(number), titles, span=span)
        return ("chapter", chapter, articles, declarations)

    def informative(self, span, items):
        return ("informative", unquote(items[0]))

    def article(self, span, items):
        number, *entries = items
        titles, texts, paragraphs, rules, declarations = [], [], [], [], []
        informative = None
        for entry in entries:
            if isinstance(entry, tuple) and entry[0] == "title":
                titles.append(entry[1])
            elif isinstance(entry, tuple) and entry[0] == "informative":
                informative = entry[1]
            elif isinstance(entry, ast.Text):
                texts.append(entry)
            elif isinstance(entry, ast.Paragraph):
                paragraphs.append(entry)
            elif isinstance(entry, ast.Rule):
                rules.append(entry)
            else:
                declarations.append(entry)
        return ast.Article(int(number), tuple(titles), tuple(texts), tuple(paragraphs),
                           tuple(rules), tuple(declarations), informative,
                           span=span)

    def paragraph(self, span, items):
        number, *entries = items
        texts = tuple(e for e in entries if isinstance(e, ast.Text))
        points = tuple(e for e in entries if isinstance(e, ast.Point))
        return ast.Paragraph(int(number), texts, points, span=span)

    def point(self, span, items):
        number, *texts = items
        return ast.Point(int(number), tuple(texts), span=span)

    # ------------------------------------------------------------ declarations

    def party_decl(self, span, items):
        return ast.PartyDecl(str(items[0]), unquote(items[1]), span=span)

    def action_decl(self, span, items):
        return ast.ActionDecl(str(items[0]), unquote(items[1]), span=span)

    def enum_decl(self, span, items):
        name, *members = items
        return ast.EnumDecl(str(name), tuple(str(m) for m in members),
                            tuple(self._tok(m) for m in members), span=span)

    def record_decl(self, span, items):
        name, *entries = items
        fields = tuple(e for e in entries if isinstance(e, ast.Field))
        checks = tuple(e for e in entries if isinstance(e, ast.Check))
        return ast.RecordDecl(str(name), fields, checks, span=span)

    def field(self, span, items):
        name, type_, *rest = items
        domain = next((r for r in rest if isinstance(r, ast.Domain)), None)
        default = next((r[1] for r in rest if isinstance(r, tuple)), None)
        return ast.Field(str(name), type_, domain, default, span=span)

    def default(self, span, items):
        return ("default", items[0])

    def check(self, span, items):
        return ast.Check(items[0], unquote(items[1]), span=span)

    def domain_range(self, span, items):
        return ast.Domain(items[0], items[1], span=span)

    def domain_min(self, span, items):
        return ast.Domain(items[0], None, span=span)

    def domain_max(self, span, items):
        return ast.Domain(None, items[0], span=span)

    def named_type(self, span, items):
        return ast.NamedType(str(items[0]), span=span)

    def list_type(self, span, items):
        element, *options = items
        unique_by = next((o[1] for o in options if o[0] == "unique"), None)
        max_length = next((o[1] for o in options if o[0] == "max"), None)
        return ast.ListType(str(element), unique_by, max_length, span=span)

    def unique_by(self, span, items):
        return ("unique", str(items[0]))

    def max_length(self, span, items):
        return ("max", int(items[0]))

    def set_type(self, span, items):
        return ast.SetType(str(items[0]), span=span)

    def optional_type(self, span, items):
        return ast.OptionalType(items[0], span=span)

    def input_decl(self, span, items):
        domain = items[2] if len(items) > 2 else None
        return ast.InputDecl(str(items[0]), items[1], domain, span=span)

    def parameter_decl(self, span, items):
        name, type_, *values = items
        return ast.ParameterDecl(str(name), type_, tuple(values), span=span)

    def parameter_value(self, span, items):
        value, effective = items
        return ast.ParameterValue(value, _parse_date(self.source, effective), span=span)

    def table_decl(self, span, items):
        name, key, key_type, value_type, *rows = items
        bounded = tuple(r for r in rows if isinstance(r, ast.TableRow))
        otherwise = [r[1] for r in rows if isinstance(r, tuple)]
        if len(otherwise) > 1:
            raise HsaError.single("a table has at most one `otherwise` row", span,
                                  "remove the extra `otherwise` row")
        return ast.TableDecl(str(name), str(key), key_type, value_type, bounded,
                             otherwise[0] if otherwise else None, span=span)

    def bounded_row(self, span, items):
        (at_least, below), value = items
        return ast.TableRow(at_least, below, value, span=span)

    def otherwise_row(self, span, items):
        return ("otherwise", items[0])

    def row_from(self, span, items):
        return (items[0], None)

    def row_below(self, span, items):
        return (None, items[0])

    def row_between(self, span, items):
        return (items[0], items[1])

    def row_value(self, span, items):
        return items[0]

    def definition(self, span, items):
        name, *rest = items
        parameters = rest[0] if isinstance(rest[0], tuple) else ()
        type_, body = rest[-2], rest[-1]
        return ast.Definition(str(name), parameters, type_, body, span=span)

    def parameters(self, span, items):
        return tuple(items)

    def parameter(self, span, items):
        return ast.Parameter(str(items[0]), items[1], span=span)

    def value_output(self, span, items):
        required = items[2] if len(items) > 2 else None
        return ast.OutputDecl(str(items[0]), items[1], None, required, span=span)

    def entitlement_output(self, span, items):
        required = items[3] if len(items) > 3 else None
        return ast.OutputDecl(str(items[0]), items[1], str(items[2]), required, span=span)

    def required_always(self, span, items):
        return ast.Required(None, span=span)

    def required_when(self, span, items):
        return ast.Required(items[0], span=span)

    def property_decl(self, span, items):
        name, *rest = items
        bindings = tuple(r for r in rest if isinstance(r, ast.PropertyBinding))
        return ast.PropertyDecl(str(name), bindings, rest[-1], span=span)

    def for_all(self, span, items):
        return ast.PropertyBinding("all", str(items[0]), type=items[1], span=span)

    def for_each(self, span, items):
        return ast.PropertyBinding("each", str(items[0]), source=items[1], span=span)

    def implies_expr(self, span, items):
        return ast.Binary("implies", items[0], items[1], span=span)

    # ------------------------------------------------------------ rules

    def rule(self, span, items):
        name, *entries = items
        cites, quotes, groups, exceptions, scopes = [], [], [], [], []
        condition = violation = conclusion = None
        for entry in entries:
            kind = entry[0] if isinstance(entry, tuple) else None
            if kind == "cites":
                cites.extend(entry[1])
            elif kind == "quote":
                quotes.append(entry[1])
            elif kind == "group":
                groups.append(entry[1])
            elif kind == "exception":
                exceptions.extend(entry[1])
            elif kind == "condition":
                condition = entry[1]
            elif kind == "violation":
                violation = entry[1]
            elif isinstance(entry, ast.Scope):
                scopes.append(entry)
            else:
                conclusion = entry
        return ast.Rule(str(name), tuple(cites), tuple(quotes), tuple(groups), tuple(exceptions),
                        tuple(scopes), condition, conclusion, violation, span=span)

    def cites(self, span, items):
        return ("cites", tuple(self._ref(t) for t in items))

    def quote(self, span, items):
        return ("quote", ast.Text(str(items[0]), unquote(items[1]), span=span))

    def group(self, span, items):
        return ("group", self._ref(items[0]))

    def exception(self, span, items):
        return ("exception", tuple(self._ref(t) for t in items))

    def scope(self, span, items):
        return ast.Scope(str(items[0]), items[1], span=span)

    def condition(self, span, items):
        return ("condition", items[0])

    def violation(self, span, items):
        return ("violation", items[0])

    def obligation(self, span, items):
        return ast.Obligation(str(items[0]), str(items[1]), span=span)

    def prohibition(self, span, items):
        return ast.Prohibition(str(items[0]), str(items[1]), span=span)

    def permission(self, span, items):
        return ast.Permission(str(items[0]), str(items[1]), span=span)

    def assignment(self, span, items):
        return ast.Assignment(str(items[0]), items[1], span=span)

    def penalty(self, span, items):
        party, *sanctions = items
        return ast.Penalty(str(party), tuple(sanctions), span=span)

    def warning(self, span, items):
        return ast.Warning(span=span)

    def fine_range(self, span, items):
        return ast.Sanction("fine_range", items[0], items[1], span=span)

    def fine_up_to(self, span, items):
        return ast.Sanction("fine_up_to", None, items[0], span=span)

    def fine_at_least(self, span, items):
        return ast.Sanction("fine_at_least", items[0], None, span=span)

    def fine_of(self, span, items):
        return ast.Sanction("fine_of", items[0], items[0], span=span)

    def measure(self, span, items):
        return ast.Sanction("measure", text=unquote(items[0]), span=span)

    # ------------------------------------------------------------ expressions

    def if_expr(self, span, items):
        return ast.If(*items, span=span)

    def or_expr(self, span, items):
        return ast.Binary("or", items[0], items[1], span=span)

    def and_expr(self, span, items):
        return ast.Binary("and", items[0], items[1], span=span)

    def not_expr(self, span, items):
        return ast.Unary("not", items[0], span=span)

    def negate(self, span, items):
        return ast.Unary("-", items[0], span=span)

    def compare(self, span, items):
        left, op, right = items
        return ast.Compare(str(op), left, right, span=span)

    def comparator(self, span, tokens):
        return Token.new_borrow_pos(_OPERATOR, tokens[0].value, tokens[0])

    def member(self, span, items):
        return ast.Member(items[0], items[1], False, span=span)

    def not_member(self, span, items):
        return ast.Member(items[0], items[1], True, span=span)

    def is_given(self, span, items):
        return ast.IsGiven(items[0], False, span=span)

    def is_not_given(self, span, items):
        return ast.IsGiven(items[0], True, span=span)

    def _binary(op):
        def build(self, span, items):
            return ast.Binary(op, items[0], items[1], span=span)
        return build

    add = _binary("+")
    subtract = _binary("-")
    multiply = _binary("*")
    divide = _binary("/")
    del _binary

    def field_access(self, span, items):
        return ast.FieldAccess(items[0], str(items[1]), span=span)

    def call(self, span, items):
        name, *rest = items
        return ast.Call(str(name), tuple(rest[0]) if rest else (), span=span)

    def arguments(self, span, items):
        return tuple(items)

    def name(self, span, items):
        return ast.Name(str(items[0]), span=span)

    def set_literal(self, span, items):
        return ast.SetLiteral(tuple(items[0]) if items else (), span=span)

    def set_items(self, span, items):
        return tuple(items)

    def aggregate_kind(self, span, tokens):
        return Token.new_borrow_pos(_OPERATOR, tokens[0].value, tokens[0])

    def atom(self, span, items):
        return items[0]  # a parenthesised expression: its parentheses count in its parent's span

    def aggregate(self, span, items):
        kind, body, variable, source, *rest = items
        where = next((r[1] for r in rest if r[0] == "where"), None)
        fallback = next((r[1] for r in rest if r[0] == "else"), None)
        return ast.Aggregate(str(kind), body, str(variable), source, where, fallback, span=span)

    def extremum(self, span, items):
        kind, *arguments = items
        if kind not in builtins.FUNCTIONS:
            several = [name for name in builtins.AGGREGATES if name in builtins.FUNCTIONS]
            raise HsaError.single(
                f"`{kind}` takes one list: `{kind}(x.value for x in list)`",
                span,
                f"only {' and '.join(several)} compare several values",
            )
        return ast.Extremum(str(kind), tuple(arguments), span=span)

    def count(self, span, items):
        variable, source, *rest = items
        where = rest[0][1] if rest else None
        return ast.Count(str(variable), source, where, span=span)

    def filter(self, span, items):
        return ("where", items[0])

    def fallback(self, span, items):
        return ("else", items[0])

    def group_by(self, span, items):
        source, window, key = items
        return ast.GroupBy(source, window, str(key), span=span)

    def window_day(self, span, items):
        return ast.Window("day", 1, span=span)

    def window_week(self, span, items):
        return ast.Window("calendar_week", span=span)

    def window_month(self, span, items):
        return ast.Window("calendar_month", span=span)

    def window_rolling(self, span, items):
        return ast.Window("rolling", *_window_size(items[0]), span=span)

    def window_blocks(self, span, items):
        size, _, name = _window_size(items[0])
        return ast.Window("blocks", size, items[1], name, span=span)

    # ------------------------------------------------------------ literals

    def integer(self, span, items):
        return ast.Literal("integer", int(items[0]), span=span)

    def decimal(self, span, items):
        return ast.Literal("decimal", Decimal(str(items[0])), span=span)

    def money(self, span, items):
        return ast.Literal("money", _money(str(items[0])), span=span)

    def date(self, span, items):
        return ast.Literal("date", _parse_date(self.source, items[0]), span=span)

    def string(self, span, items):
        return ast.Literal("string", unquote(items[0]), span=span)

    def true(self, span, items):
        return ast.Literal("bool", True, span=span)

    def false(self, span, items):
        return ast.Literal("bool", False, span=span)

    def quantity(self, span, items):
        text, unit = _QUANTITY.fullmatch(str(items[0])).groups()
        unit = _UNITS[unit]
        value = Decimal(text) if "." in text else int(text)
        if unit in ("days", "months") and not isinstance(value, int):
            raise HsaError.single(f"{unit} are counted in whole numbers", span,
                                  f"write a whole number of {unit}")
        return ast.Literal("quantity", value, unit, span=span)


def _window_size(token) -> tuple[int | None, None, str | None]:
    """A window's size as written: a number of days, or the name of the definition giving it
    (the checker finds its number); with no anchor between, as `Window` takes them."""
    if token.type == "INT":
        return int(token), None, None
    return None, None, str(token)


#: the grammar's terminals that carry a value; every other token is a keyword or punctuation
VALUE_TERMINALS = frozenset({"NAME", "INT", "DECIMAL", "MONEY", "DATE", "STRING", "QUANTITY"})

#: rules whose builders are given all their tokens: their value is the keyword or operator itself
_RAW_RULES = frozenset({"comparator", "aggregate_kind"})

#: the type of the token those builders return for their keyword or operator, kept for the parent
_OPERATOR = "OPERATOR"
_KEPT_TOKENS = VALUE_TERMINALS | {_OPERATOR}

_new_tuple = tuple.__new__


class _Callbacks:
    """The builder's methods as Lark calls them: one function of the children per rule name.
    Names of rules Lark inlines (``_item``) are absent, so that Lark builds and splices those."""

    def __init__(self, builder: _AstBuilder):
        for name in dir(builder):
            if name.startswith("_") or name == "source":
                continue
            setattr(self, name, self._callback(getattr(builder, name), name in _RAW_RULES))

    @staticmethod
    def _callback(build, raw: bool):
        def callback(children):
            current = _CURRENT.get()
            extents = current.extents
            span = None
            if children:
                # most rules begin and end with a keyword or punctuation: a token is its own place
                first, last = children[0], children[-1]
                if type(first) is not Token:
                    first = _first_located(children, extents)
                if first is not None:
                    if type(last) is not Token:
                        last = _last_located(children, extents)
                    # Span(...) without the call of its constructor: a span is made per node
                    span = _new_tuple(Span, (current.source, first.line, first.column, last.end_line,
                                            last.end_column, first.start_pos, last.end_pos))
            if not raw:
                children = [c for c in children if type(c) is not Token or c.type in _KEPT_TOKENS]
            depths = current.depths
            depth = 1
            for child in children:
                # keyed by identity, with the value kept alive: the id of a value freed during
                # the parse may be given to a new one, which must not inherit its depth
                known = depths.get(id(child))
                if known is not None and known[0] is child and known[1] >= depth:
                    depth = known[1] + 1
            if depth > MAX_NESTING:
                raise HsaError.single(
                    f"this is nested more than {MAX_NESTING} levels deep (a chain of `and`, `or` or `+` "
                    "nests one level per term), more than hsa-dsl reads", span,
                    hint="name parts of it with `define` and combine the names")
            value = build(span, children)
            depths[id(value)] = (value, depth)
            if span is not None and type(value) is not Token and getattr(value, "span", None) is not span:
                extents[id(value)] = (value, span)
            return value

        callback.__name__ = build.__name__
        return callback


#: the AST builder as Lark's ``transformer=`` option takes it
CALLBACKS = _Callbacks(_AstBuilder())


def build_from_tree(tree):
    """The AST of a parse tree made with ``keep_all_tokens`` (inside :func:`building`), bottom up
    as Lark's parser would have called the callbacks. Iterative, as the parser is: a tree too
    deep for Python's stack is refused by the callbacks with its place, not by a RecursionError."""
    # (tree, its children built so far); a child tree is pushed above its parent
    stack = [(tree, [])]
    while True:
        node, built = stack[-1]
        if len(built) < len(node.children):
            child = node.children[len(built)]
            if isinstance(child, Tree):
                stack.append((child, []))
            else:
                built.append(child)
            continue
        stack.pop()
        value = getattr(CALLBACKS, node.data)(built)
        if not stack:
            return value
        stack[-1][1].append(value)


def _parse_date(source: Source, token: Token) -> date:
    try:
        return date.fromisoformat(str(token))
    except ValueError:
        raise HsaError.single(f"{token} is not a date in the calendar", token_span(source, token),
                              "write dates as YYYY-MM-DD, e.g. 2025-01-31") from None

