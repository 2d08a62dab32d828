"""A document's text read as the compiler reads an act: its surface AST, its checked act, and
the errors the parser and the checker report, placed as the editor marks them."""

from __future__ import annotations

import logging

import attrs

from hsa_dsl.errors import Diagnostic, HsaError
from hsa_dsl.lsp.positions import Extent, LineIndex, Position, Range
from hsa_dsl.source import MAX_ACT_BYTES, Source, normalise_newlines

log = logging.getLogger(__name__)

ERROR = "error"
WARNING = "warning"


@attrs.frozen
class Problem:
    """A diagnostic as the editor shows it: the place, the message with its hint, a severity."""

    range: Range
    message: str
    severity: str = ERROR


@attrs.frozen
class Analysis:
    source: Source
    lines: LineIndex = attrs.field(eq=False, repr=False)
    #: the surface AST, or None when the text does not parse
    act_file: object | None = attrs.field(eq=False, repr=False)
    #: the checked act, or None when the text does not parse or does not check
    checked: object | None = attrs.field(eq=False, repr=False)
    problems: tuple[Problem, ...] = ()


def analyse(text: str, name: str, max_bytes: int | None = None) -> Analysis:
    """Parse and check `text` (reported under `name`). Never raises: a fault of the compiler on
    some text is logged and shown as a problem at the start of the file, so that an editor
    keeps working whatever is typed."""
    from hsa_dsl.check.checker import check
    from hsa_dsl.syntax import parse

    source = Source(name, normalise_newlines(text))
    lines = LineIndex(source.text)
    limit = MAX_ACT_BYTES if max_bytes is None else max_bytes
    if len(source.text.encode("utf-8")) > limit:
        # the command line refuses such a file too (see hsa_dsl.source.read_bounded)
        problem = Problem(lines.range(Extent(0, 0)), f"the act is larger than {limit:,} bytes, the most read; "
                          "it is not checked (a larger act can be read with --max-act-bytes)")
        return Analysis(source, lines, None, None, (problem,))
    act_file = checked = None
    try:
        act_file = parse(source)
        checked = check(act_file, name)
        problems = ()
    except HsaError as error:
        problems = tuple(_problem(lines, d) for d in error.diagnostics)
    except RecursionError:
        problems = (Problem(lines.range(Extent(0, 0)), "the act nests expressions too deeply to be read"),)
    except Exception as error:  # noqa: BLE001 - the editor must keep working; the fault is logged
        log.exception("checking %s failed", name)
        problems = (Problem(lines.range(Extent(0, 0)),
                            f"internal error in hsa-dsl: {type(error).__name__}: {error}; "
                            "this is a fault of hsa-dsl, not of the act"),)
    return Analysis(source, lines, act_file, checked, problems)


def _problem(lines: LineIndex, diagnostic: Diagnostic) -> Problem:
    message = diagnostic.message
    if diagnostic.hint:
        message += f"\nhint: {diagnostic.hint}"
    span = diagnostic.span
    if span is None:
        return Problem(lines.range(Extent(0, 0)), message)
    # the lines and columns the command line reports, 1-based, the end column exclusive
    start = Position(span.line - 1, span.column - 1)
    end = max(start, Position(span.end_line - 1, span.end_column - 1))
    return Problem(Range(start, end), message)
