"""The name under the cursor, and where what it names is declared."""

from __future__ import annotations

import re

import attrs

from hsa_dsl.lsp.documents import Document
from hsa_dsl.lsp.positions import Extent, Position, Range
from hsa_dsl.lsp.symbols import LOCAL, Symbol, SymbolIndex, Use

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@attrs.frozen
class Target:
    """A name under the cursor: its place in the document's text, and what it refers to."""

    extent: Extent
    symbols: tuple[Symbol, ...]
    #: the index the symbols come from (the last text that parsed, when this one does not)
    index: SymbolIndex = attrs.field(eq=False, repr=False)
    #: the name as written, declared or used, when the document's own text parsed
    site: Symbol | Use | None = None


def target_at(document: Document, position: Position) -> Target | None:
    offset = document.analysis.lines.offset(position)
    if document.index is not None:
        site = document.index.site_at(offset)
        if site is None:
            return None
        symbols = document.index.resolve(site)
        return Target(site.extent, tuple(symbols), document.index, site) if symbols else None
    if document.fallback is None:
        return None
    # the text does not parse: the word under the cursor, looked up by name among the act's
    # symbols as they were (a local's meaning depends on where it is, so locals are left out)
    word = word_at(document.analysis.source.text, offset)
    if word is None:
        return None
    name = document.analysis.source.text[word.start : word.end]
    symbols = [s for s in document.fallback.named(name) if s.kind != LOCAL]
    return Target(word, tuple(symbols), document.fallback) if symbols else None


def word_at(text: str, offset: int) -> Extent | None:
    """The name (letters, digits, `_`) the cursor at `offset` is on or just after."""
    start = offset
    while start > 0 and (text[start - 1].isascii() and (text[start - 1].isalnum() or text[start - 1] == "_")):
        start -= 1
    match = _NAME.match(text, start)
    if match is None or match.end() < offset:
        return None
    return Extent(match.start(), match.end())


def definition(document: Document, position: Position) -> list[Range]:
    """Where the name under the cursor is declared: one place, or several where the name alone
    cannot tell (a group's members, a field several records have)."""
    target = target_at(document, position)
    if target is None:
        return []
    return [target.index.lines.range(symbol.extent) for symbol in target.symbols]
