"""Source files and the spans that point into them."""

from __future__ import annotations

import attrs


@attrs.frozen
class Source:
    """A text and the name it is reported under."""

    name: str
    text: str = attrs.field(repr=False)

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""


@attrs.frozen
class Span:
    """A region of a source: 1-based lines and columns, end exclusive."""

    source: Source = attrs.field(repr=False, eq=False)
    line: int
    column: int
    end_line: int
    end_column: int
    start_pos: int = attrs.field(repr=False)
    end_pos: int = attrs.field(repr=False)

    @property
    def text(self) -> str:
        return self.source.text[self.start_pos : self.end_pos]

    def __str__(self) -> str:
        return f"{self.source.name}:{self.line}:{self.column}"


def span_of(source: Source, meta) -> Span | None:
    """The span of a Lark tree's or token's meta, or None for an empty node."""
    if getattr(meta, "empty", False):
        return None
    return Span(
        source,
        meta.line,
        meta.column,
        meta.end_line,
        meta.end_column,
        meta.start_pos,
        meta.end_pos,
    )


def token_span(source: Source, token) -> Span:
    return Span(
        source,
        token.line,
        token.column,
        token.end_line,
        token.end_column,
        token.start_pos,
        token.end_pos,
    )
