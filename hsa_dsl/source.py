"""Source files and the spans that point into them."""

from __future__ import annotations

import collections
import dataclasses

from hsa_dsl.errors import HsaError


# a dataclass, not attrs: loading a cached act (see hsa_dsl.cache) reads a source and no more
@dataclasses.dataclass(frozen=True)
class Source:
    """A text and the name it is reported under."""

    name: str
    text: str = dataclasses.field(repr=False)

    def line(self, number: int) -> str:
        lines = self.text.splitlines()
        if 1 <= number <= len(lines):
            return lines[number - 1]
        return ""


_SpanFields = collections.namedtuple(
    "_SpanFields", ("source", "line", "column", "end_line", "end_column", "start_pos", "end_pos"))


class Span(_SpanFields):
    """A region of a source: 1-based lines and columns, end exclusive.

    Immutable, and equal to another span of the same region whatever their source objects.
    A named tuple, not a frozen class: the parser makes one for nearly every node, and a tuple
    is made in one step where a frozen instance sets its fields one by one."""

    __slots__ = ()

    def __eq__(self, other):
        if type(other) is not Span:
            return NotImplemented
        return self[1:] == other[1:]

    def __ne__(self, other):
        if type(other) is not Span:
            return NotImplemented
        return self[1:] != other[1:]

    def __hash__(self) -> int:
        return hash(self[1:])

    def __repr__(self) -> str:
        return (f"Span(line={self.line}, column={self.column}, end_line={self.end_line}, "
                f"end_column={self.end_column})")

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


def read_bounded(path, limit: int, what: str, option: str) -> bytes:
    """The bytes of a file, refused with a clear error when there are more than `limit` of them.

    Reads at most `limit` + 1 bytes, whatever the file claims to hold (``/dev/zero`` holds
    nothing by its size and gives bytes without end)."""
    try:
        with open(path, "rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        raise HsaError.single(f"cannot read the {what}: {error.strerror or error}", file=str(path)) from None
    if len(data) > limit:
        raise HsaError.single(f"the {what} file is larger than {limit:,} bytes, the most read",
                              hint=f"a larger {what} can be read with {option}", file=str(path))
    return data


def normalise_newlines(text: str) -> str:
    """CR LF and a lone CR end a line as LF does; a byte order mark at the start is dropped."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


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
