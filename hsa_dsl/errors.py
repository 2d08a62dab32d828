"""The one error type users see, and how it prints.

Every mistake in a rule file or a case becomes a :class:`Diagnostic`: a message, the place
(file:line:col with the source line and a caret, or a case's field path) and a plain hint.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:  # the runtime reports case errors with this module, and loads no more of hsa-dsl
    from hsa_dsl.source import Span


@dataclasses.dataclass(frozen=True)
class Diagnostic:
    message: str
    span: Span | None = None
    hint: str | None = None
    #: for a case: the field path (``employment.timecard[3].hours``)
    path: str | None = None
    #: for a case: the file the case came from
    file: str | None = None
    #: for a case's mistake: what kind it is (``missing``, ``date``, ``below`` ...) and the values
    #: it names, for a reader that tells it in another language (the interview of `hsa-dsl serve`)
    code: str | None = dataclasses.field(default=None, compare=False)
    values: dict | None = dataclasses.field(default=None, compare=False)

    def location(self) -> str:
        if self.span is not None:
            return str(self.span)
        where = self.file or "case"
        if self.path:
            return f"{where}: {self.path}"
        return where

    def render(self) -> str:
        out = [f"{self.location()}: error: {self.message}"]
        if self.span is not None:
            line = self.span.source.line(self.span.line)
            if line:
                out.append(f"  {self.span.line:>4} | {line}")
                start = self.span.column
                if self.span.end_line == self.span.line:
                    width = max(1, self.span.end_column - self.span.column)
                else:
                    width = max(1, len(line) - start + 1)
                out.append("       | " + " " * (start - 1) + "^" * width)
        if self.hint:
            out.append(f"  hint: {self.hint}")
        return "\n".join(out)


class HsaError(Exception):
    """A user's mistake: in a rule file, a case, or a command line.

    Carries every diagnostic found, not just the first.
    """

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(diagnostics)
        super().__init__(self.render())

    @classmethod
    def single(cls, message: str, span: Span | None = None, hint: str | None = None, **kw):
        return cls([Diagnostic(message, span, hint, **kw)])

    def render(self) -> str:
        text = "\n".join(d.render() for d in self.diagnostics)
        count = len(self.diagnostics)
        if count > 1:
            text += f"\n{count} errors"
        return text


class EvaluationError(HsaError):
    """A case that is valid by its declared inputs but for which the act gives no answer
    (a parameter asked for a date before its first value, a table with no row for a key)."""


def did_you_mean(name: str, candidates: Iterable[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, sorted(set(candidates)), n=1, cutoff=0.6)
    if matches:
        return f"did you mean '{matches[0]}'?"
    return None
