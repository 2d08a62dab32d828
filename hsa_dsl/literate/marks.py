"""Where a rule's quoted words stand in the act's text.

The checker finds a quote in its provision's text after folding white space, curly quotes and
Unicode forms (:func:`hsa_dsl.check.provisions.normalise_words`); a quote is marked by finding it
the same way, then mapping the place found back to the characters as the act writes them.
"""

from __future__ import annotations

import unicodedata

import attrs

from hsa_dsl.check.provisions import normalise_words

_CURLY = {"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'}


@attrs.frozen
class Mark:
    """Characters `start` to `end` of a text are words quoted by `rules`."""

    start: int
    end: int
    rules: tuple[str, ...]


@attrs.frozen
class Segment:
    """A run of a text, marked (with the rules quoting it) or not."""

    text: str
    rules: tuple[str, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.rules)


def _folded(text: str) -> tuple[str, list[int]]:
    """The text as quotes are compared with it (but not stripped), and for each of its
    characters the index of the character of `text` it comes from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for folded in unicodedata.normalize("NFKC", char):
            folded = _CURLY.get(folded, folded)
            if folded.isspace():
                if out and out[-1] == " ":
                    continue
                folded = " "
            out.append(folded)
            origin.append(index)
    return "".join(out), origin


def find_marks(text: str, quotes: list[tuple[str, str]]) -> tuple[Mark, ...]:
    """The places of `text` that the quotes (each the quoted words and the rule quoting them)
    cover: overlapping places merged into one, with every rule that quotes a part of it."""
    folded, origin = _folded(text)
    found: list[tuple[int, int, str]] = []
    for words, rule in quotes:
        wanted = normalise_words(words)
        if not wanted:
            continue
        at = folded.find(wanted)
        while at != -1:
            found.append((origin[at], origin[at + len(wanted) - 1] + 1, rule))
            at = folded.find(wanted, at + 1)
    merged: list[list] = []
    for start, end, rule in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
            merged[-1][2].add(rule)
        else:
            merged.append([start, end, {rule}])
    return tuple(Mark(start, end, tuple(sorted(rules))) for start, end, rules in merged)


def segments(text: str, marks: tuple[Mark, ...]) -> list[Segment]:
    """The text cut at its marks, in order; no empty runs."""
    out = []
    position = 0
    for mark in marks:
        if mark.start > position:
            out.append(Segment(text[position:mark.start]))
        out.append(Segment(text[mark.start:mark.end], mark.rules))
        position = mark.end
    if position < len(text) or not out:
        out.append(Segment(text[position:]))
    return out
