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
# an act file is read where every stage can read it without loading Lark (see hsa_dsl.source)
from hsa_dsl.source import MAX_ACT_BYTES, Source, read_source  # noqa: F401 - entry points of this stage
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
