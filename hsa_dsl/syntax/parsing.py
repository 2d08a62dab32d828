"""Reading an act: .hsa text → Lark parse tree → surface AST (:mod:`hsa_dsl.syntax.ast`).

:func:`parse` does both stages in one pass: Lark's LALR parser, with its contextual lexer, calls
the AST builder of :mod:`hsa_dsl.syntax.build` as it reduces. :func:`parse_tree` and
:func:`to_ast` do them one at a time, for `hsa-dsl dump tree`, and give the same AST with the
same spans. A syntax error becomes an :class:`HsaError` told by :mod:`hsa_dsl.syntax.diagnostics`.
"""

from __future__ import annotations

import functools
from importlib import resources

from lark import Lark
from lark.exceptions import UnexpectedInput

from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source, Span, normalise_newlines, read_bounded
from hsa_dsl.syntax import ast
from hsa_dsl.syntax.build import CALLBACKS, build_from_tree, building
from hsa_dsl.syntax.diagnostics import syntax_diagnostic


@functools.lru_cache(maxsize=1)
def grammar_text() -> str:
    return resources.files("hsa_dsl.grammar").joinpath("hsa.lark").read_text(encoding="utf-8")


def _lark(**options) -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        # refuses a grammar in which two terminals can match the same text
        strict=True,
        maybe_placeholders=False,
        # every token reaches the builder, so that a node's span starts at its first keyword
        # (the builder works out the spans itself: Lark's position propagation is not needed)
        keep_all_tokens=True,
        # Lark keeps the built tables in the temporary folder, keyed by the grammar and options
        # (the transformer aside, so both parsers below share them)
        cache=True,
        **options,
    )


@functools.lru_cache(maxsize=1)
def tree_parser() -> Lark:
    """The parser that builds parse trees: for `hsa-dsl dump tree` and the syntax-error examples."""
    return _lark()


@functools.lru_cache(maxsize=1)
def building_parser() -> Lark:
    """The same grammar and tables, building the AST as it reduces (no parse tree in between):
    the two stages in one pass, several times faster than building the tree and walking it."""
    return _lark(transformer=CALLBACKS)


def _syntax_error(source: Source, error: UnexpectedInput) -> HsaError:
    # the tree parser has the failing parser's tables, so its states compare with the error's
    return HsaError([syntax_diagnostic(source, error, tree_parser())])


def parse(source: Source) -> ast.ActFile:
    """Stages 1 and 2: text → surface AST, in one pass; the same AST as
    ``to_ast(source, parse_tree(source))``."""
    with building(source):
        try:
            return building_parser().parse(source.text)
        except UnexpectedInput as error:
            raise _syntax_error(source, error) from None


def parse_tree(source: Source):
    """Stage 1: text → Lark parse tree."""
    try:
        return tree_parser().parse(source.text)
    except UnexpectedInput as error:
        raise _syntax_error(source, error) from None


def to_ast(source: Source, tree) -> ast.ActFile:
    """Stage 2: Lark parse tree → surface AST."""
    with building(source):
        return build_from_tree(tree)


def parse_file(path) -> ast.ActFile:
    return parse(read_source(path))


#: The largest act file read (raise it with ``max_bytes`` or ``--max-act-bytes``); the shipped
#: act is about 190 kB.
MAX_ACT_BYTES = 8 * 1024 * 1024


def read_source(path, max_bytes: int | None = None) -> Source:
    """An act file as a source: UTF-8, at most `max_bytes` bytes, its lines ended by LF whether
    the file ends them with LF, CR LF or CR."""
    raw = read_bounded(path, MAX_ACT_BYTES if max_bytes is None else max_bytes, "act", "--max-act-bytes")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        # the place of the first byte that is not UTF-8, shown on its line (decoded as far as it can be)
        shown = Source(str(path), normalise_newlines(raw.decode("utf-8", errors="replace")))
        before = normalise_newlines(raw[: error.start].decode("utf-8", errors="replace"))
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        position = len(before)
        span = Span(shown, line, column, line, column + 1, position, position + 1)
        raise HsaError.single(f"the file is not valid UTF-8 text: byte 0x{raw[error.start]:02x} cannot start "
                              "or continue a character here", span, hint="save the file as UTF-8") from None
    return Source(str(path), normalise_newlines(text))
