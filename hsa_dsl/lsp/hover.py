"""What the editor shows over a name: a provision's text in each of the act's languages; a
declaration as written (its type and domain, a parameter's values, a rule's citations and
conclusion), with the comment above it."""

from __future__ import annotations

import re

import attrs

from hsa_dsl.lsp import symbols as k
from hsa_dsl.lsp.documents import Document
from hsa_dsl.lsp.navigation import target_at
from hsa_dsl.lsp.positions import Position, Range
from hsa_dsl.lsp.symbols import Symbol, SymbolIndex
from hsa_dsl.syntax import ast, pretty

#: a declaration longer than this is cut (a table's rows, a record's fields), a line too
MAX_LINES = 16
MAX_LINE_LENGTH = 160
#: at most this many lines of the comment above a declaration
MAX_COMMENT_LINES = 12

_PROVISION_ID = re.compile(r"art_(\d+)(?:__para_(\d+))?(?:__point_(\d+))?")


@attrs.frozen
class Hover:
    range: Range
    #: Markdown
    text: str


def hover(document: Document, position: Position) -> Hover | None:
    target = target_at(document, position)
    if target is None:
        return None
    parts = [describe(target.index, symbol) for symbol in target.symbols]
    return Hover(document.analysis.lines.range(target.extent), "\n\n---\n\n".join(parts))


def describe(index: SymbolIndex, symbol: Symbol) -> str:
    """A symbol in Markdown: what it is, as declared, and the comment above it."""
    if symbol.kind in (k.ARTICLE, k.PROVISION):
        return _provision(symbol)
    if symbol.kind == k.GROUP:
        members = sorted({s.node.name for s in index.named(symbol.name, (k.GROUP,))})
        return f"**group** `{symbol.name}`: the rules " + ", ".join(f"`{m}`" for m in members)
    parts = [f"**{_heading(symbol)}** `{symbol.name}`" + _place(index, symbol)]
    code = _declaration_lines(index, symbol)
    if code:
        parts.append("```hsa\n" + "\n".join(code) + "\n```")
    comment = _comment_above(index, symbol)
    if comment:
        parts.append(comment)
    return "\n\n".join(parts)


def _heading(symbol: Symbol) -> str:
    if symbol.kind == k.FIELD:
        return f"field of {symbol.container}"
    if symbol.kind == k.ENUM_MEMBER:
        return f"value of {symbol.container}"
    if symbol.kind == k.OUTPUT and symbol.node.owed_to is not None:
        return "entitlement"
    if symbol.kind == k.LOCAL:
        return "local"
    return symbol.kind


def _place(index: SymbolIndex, symbol: Symbol) -> str:
    line = index.lines.position(symbol.extent.start).line + 1
    return f" (line {line})"


def _declaration_lines(index: SymbolIndex, symbol: Symbol) -> list[str]:
    node = symbol.node
    if symbol.kind == k.FIELD:
        # a record of this one field prints the field as it is written in its record
        lines = pretty.declaration(ast.RecordDecl(symbol.container, (node,)))[1:-1]
    elif symbol.kind == k.ENUM_MEMBER:
        lines = pretty.declaration(node)
    elif symbol.kind == k.RULE:
        lines = [line for line in pretty.rule(node, "")
                 if line.lstrip().startswith(("rule ", "cites ", "group ", "exception to ", "then "))]
    elif symbol.kind == k.LOCAL:
        lines = _local_lines(symbol)
    elif symbol.kind == k.RECORD:
        # the fields, not the checks
        lines = [line for line in pretty.declaration(node) if not line.lstrip().startswith("check ")]
    else:
        try:
            lines = pretty.declaration(node)
        except TypeError:
            return []
    return _cut([line.strip() if len(lines) == 1 else line for line in lines])


def _local_lines(symbol: Symbol) -> list[str]:
    node = symbol.node
    if isinstance(node, ast.Parameter):
        return [f"{node.name}: {pretty.type_expr(node.type)}", f"# a parameter of {symbol.container}"]
    if isinstance(node, ast.Scope):
        return [f"for each {node.variable} in {pretty.expr(node.source)}", f"# in rule {symbol.container}"]
    if isinstance(node, ast.TableDecl):
        return [f"{node.key}: {pretty.type_expr(node.key_type)}", f"# the key of table {node.name}"]
    if isinstance(node, ast.PropertyBinding):
        if node.kind == "all":
            return [f"for all {node.variable}: {pretty.type_expr(node.type)}"]
        return [f"for each {node.variable} in {pretty.expr(node.source)}"]
    if isinstance(node, (ast.Aggregate, ast.Count)):
        return [f"{node.variable} in {pretty.expr(node.source)}"]
    return []


def _cut(lines: list[str]) -> list[str]:
    lines = [line if len(line) <= MAX_LINE_LENGTH else line[: MAX_LINE_LENGTH - 1] + "…" for line in lines]
    if len(lines) > MAX_LINES:
        lines = lines[: MAX_LINES - 1] + ["  …"]
    return lines


def _comment_above(index: SymbolIndex, symbol: Symbol) -> str:
    """The comment written on the lines right above the declaration, without its `#`s."""
    span = getattr(symbol.node, "span", None)
    start = span.start_pos if span is not None else symbol.extent.start
    line = index.lines.position(start).line - 1
    comment: list[str] = []
    while line >= 0:
        text = index.lines.line_text(line).strip()
        if not text.startswith("#"):
            break
        comment.insert(0, text.lstrip("#").strip())
        line -= 1
    if len(comment) > MAX_COMMENT_LINES:
        comment = comment[:MAX_COMMENT_LINES] + ["…"]
    return " ".join(line for line in comment if line and set(line) != {"-"})


# ---------------------------------------------------------------------------- provisions


def _provision(symbol: Symbol) -> str:
    """An article, paragraph or point: its titles and its texts, each part's under it."""
    match = _PROVISION_ID.fullmatch(symbol.name)
    node = symbol.node
    heading = _provision_name(match) if match else symbol.name
    if isinstance(node, ast.Article) and node.titles:
        heading += ": " + " / ".join(t.text for t in node.titles)
    parts = [f"**{heading}** (`{symbol.name}`)"]
    parts += _texts(node.texts)
    if isinstance(node, ast.Article):
        for paragraph in node.paragraphs:
            parts += _texts(paragraph.texts, f"{paragraph.number}. ")
            for point in paragraph.points:
                parts += _texts(point.texts, f"{paragraph.number}.{point.number} ")
        if node.informative is not None:
            parts.append(f"*informative:* {node.informative}")
    elif isinstance(node, ast.Paragraph):
        for point in node.points:
            parts += _texts(point.texts, f"{point.number}. ")
    return "\n\n".join(parts)


def _provision_name(match: re.Match) -> str:
    article, paragraph, point = match.groups()
    out = f"Article {article}"
    if paragraph is not None:
        out += f", paragraph {paragraph}"
    if point is not None:
        out += f", point {point}"
    return out


def _texts(texts, label: str = "") -> list[str]:
    return [f"{label}*{text.language}* {text.text}" for text in texts]
