"""Which definitions untraced code writes out where they are used."""

from __future__ import annotations

import attrs

from hsa_dsl.check import checked as c

from .. import ir
from ..walk import nodes


#: the most nodes a definition's body may have to be written out where it is used
INLINE_LIMIT = 40


def mark_inlined(program: ir.Program) -> ir.Program:
    """Small definitions with parameters (no results kept, no grouping) are written out where
    untraced code uses them: a Python call costs more than reading a few fields. A small body
    may go over a list its argument holds (whether a day has periods of work, the longest
    rest between them): such a list is short, and mostly empty, so the call would be most
    of the cost; a body that goes over a list of the case keeps its results instead."""
    definitions = []
    for d in program.definitions:
        body = list(nodes(d.body))
        small = len(body) <= INLINE_LIMIT and not any(isinstance(n, c.TGroup) for n in body)
        definitions.append(attrs.evolve(d, inline=bool(d.parameters) and not d.memoize and small))
    return attrs.evolve(program, definitions=tuple(definitions))
