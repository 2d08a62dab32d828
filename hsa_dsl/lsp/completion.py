"""What the editor offers to complete a name with: the act's names, the built-in functions and
the language's keywords; after a `.`, the records' fields.

The list does not depend on where the cursor is beyond that: the editor filters it by what has
been typed, and a name offered where it cannot stand is refused by the checker at once.
"""

from __future__ import annotations

import functools
import re

import attrs

from hsa_dsl.lsp import symbols as k
from hsa_dsl.lsp.documents import Document
from hsa_dsl.lsp.navigation import word_at
from hsa_dsl.lsp.positions import Position

KEYWORD = "keyword"
FUNCTION = "function"

#: the order the kinds are offered in, the names of the act first
_ORDER = (k.INPUT, k.DEFINITION, k.OUTPUT, k.PARAMETER, k.TABLE, k.RULE, k.GROUP, k.ARTICLE, k.PROVISION,
          k.PARTY, k.ACTION, k.RECORD, k.ENUM, k.ENUM_MEMBER, k.PROPERTY, FUNCTION, KEYWORD)


@attrs.frozen
class Completion:
    label: str
    #: the kind of symbol (see :mod:`hsa_dsl.lsp.symbols`), FUNCTION or KEYWORD
    kind: str
    detail: str | None = None


def completions(document: Document, position: Position) -> list[Completion]:
    text = document.analysis.source.text
    offset = document.analysis.lines.offset(position)
    word = word_at(text, offset)
    start = word.start if word is not None else offset
    index = document.names
    if start > 0 and text[start - 1] == ".":
        return _fields(index) if index is not None else []
    found: dict[tuple[str, str], Completion] = {}
    if index is not None:
        for symbol in index.symbols:
            if symbol.kind in (k.LOCAL, k.FIELD):
                continue
            detail = f"{symbol.kind} of {symbol.container}" if symbol.kind == k.ENUM_MEMBER else symbol.kind
            found.setdefault((symbol.kind, symbol.name), Completion(symbol.name, symbol.kind, detail))
    for name in _functions():
        found.setdefault((FUNCTION, name), Completion(name, FUNCTION, "built-in function"))
    for keyword in keywords():
        found.setdefault((KEYWORD, keyword), Completion(keyword, KEYWORD, KEYWORD))
    return sorted(found.values(), key=lambda c: (_ORDER.index(c.kind), c.label))


def _fields(index: k.SymbolIndex) -> list[Completion]:
    records: dict[str, list[str]] = {}
    for symbol in index.of_kind(k.FIELD):
        records.setdefault(symbol.name, []).append(symbol.container)
    return [Completion(name, k.FIELD, "field of " + ", ".join(sorted(set(owners))))
            for name, owners in sorted(records.items())]


@functools.lru_cache(maxsize=1)
def keywords() -> tuple[str, ...]:
    """The language's keywords: the words the grammar writes in quotes."""
    from hsa_dsl.syntax.parsing import grammar_text

    return tuple(sorted(set(re.findall(r'"([a-z]+)"', grammar_text()))))


@functools.lru_cache(maxsize=1)
def _functions() -> tuple[str, ...]:
    from hsa_dsl.check.expressions import RESERVED_FUNCTION_NAMES

    return tuple(sorted(RESERVED_FUNCTION_NAMES))
