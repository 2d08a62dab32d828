"""Places in a document: offsets into its text, and the protocol's lines and characters.

The protocol counts a line's characters in the units the client chose (UTF-16 code units
unless it asked for UTF-8 or UTF-32); the rest of the server counts code points, as Python and
Lark do. :class:`Position` is in code points; :func:`to_client_character` and
:func:`from_client_character` convert at the edge.
"""

from __future__ import annotations

import bisect

import attrs


@attrs.frozen(order=True)
class Position:
    """A 0-based line and a 0-based character in that line, in code points."""

    line: int
    character: int


@attrs.frozen
class Range:
    start: Position
    end: Position


@attrs.frozen
class Extent:
    """A stretch of a text by offsets: `start` inclusive, `end` exclusive."""

    start: int
    end: int

    def holds(self, offset: int) -> bool:
        """Whether a cursor at `offset` is on this stretch (just after its end counts: the
        cursor usually sits after the word being typed)."""
        return self.start <= offset <= self.end


class LineIndex:
    """Where each line of a text starts, to turn offsets into positions and back."""

    def __init__(self, text: str):
        self.text = text
        self._starts = [0]
        position = text.find("\n")
        while position != -1:
            self._starts.append(position + 1)
            position = text.find("\n", position + 1)

    @property
    def line_count(self) -> int:
        return len(self._starts)

    def line_text(self, line: int) -> str:
        if not 0 <= line < len(self._starts):
            return ""
        end = self._starts[line + 1] - 1 if line + 1 < len(self._starts) else len(self.text)
        return self.text[self._starts[line] : end]

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._starts, offset) - 1
        return Position(line, offset - self._starts[line])

    def offset(self, position: Position) -> int:
        """The offset of a position; one past the end of its line, or of the text, is clamped."""
        if position.line < 0:
            return 0
        if position.line >= len(self._starts):
            return len(self.text)
        return self._starts[position.line] + max(0, min(position.character, len(self.line_text(position.line))))

    def range(self, extent: Extent) -> Range:
        return Range(self.position(extent.start), self.position(extent.end))


#: the protocol's names of the encodings a client may count characters in, and each one's
#: code units for a character
_UNITS = {
    "utf-8": lambda char: len(char.encode("utf-8")),
    "utf-16": lambda char: 2 if ord(char) > 0xFFFF else 1,
    "utf-32": lambda char: 1,
}


def to_client_character(line_text: str, character: int, encoding: str = "utf-16") -> int:
    """The client's count of the first `character` code points of a line."""
    units = _UNITS.get(encoding, _UNITS["utf-16"])
    return sum(units(char) for char in line_text[:character])


def from_client_character(line_text: str, client_character: int, encoding: str = "utf-16") -> int:
    """The code points of a line that the client's count `client_character` covers (a count
    that falls inside a character, or past the line's end, stops there)."""
    units = _UNITS.get(encoding, _UNITS["utf-16"])
    counted = 0
    for index, char in enumerate(line_text):
        if counted >= client_character:
            return index
        counted += units(char)
    return len(line_text)
