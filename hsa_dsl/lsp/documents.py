"""The documents an editor has open, each with what was worked out from its text.

A document being edited spends much of its time unparseable. Its names are then taken from
the last text of it that parsed (:attr:`Document.fallback`): the declarations rarely move far
while a line is being typed, and a name that was declared is still worth showing.
"""

from __future__ import annotations

import logging

import attrs

from hsa_dsl.lsp.analysis import Analysis, analyse
from hsa_dsl.lsp.symbols import SymbolIndex, build_index

log = logging.getLogger(__name__)


@attrs.define(eq=False)
class Document:
    uri: str
    text: str
    analysis: Analysis
    #: the names of this text, when it parses
    index: SymbolIndex | None
    #: the names of the last text of this document that parsed (this one, if it does)
    fallback: SymbolIndex | None

    @classmethod
    def open(cls, uri: str, text: str, max_bytes: int | None = None) -> "Document":
        document = cls(uri, "", None, None, None)
        document.update(text, max_bytes)
        return document

    def update(self, text: str, max_bytes: int | None = None) -> None:
        self.text = text
        self.analysis = analyse(text, _name_of(self.uri), max_bytes)
        self.index = None
        if self.analysis.act_file is not None:
            try:
                self.index = build_index(self.analysis.source, self.analysis.act_file, self.analysis.checked)
            except Exception:  # noqa: BLE001 - without an index the document still has its diagnostics
                log.exception("indexing the names of %s failed", self.uri)
        if self.index is not None:
            self.fallback = self.index

    @property
    def names(self) -> SymbolIndex | None:
        """The index names are looked up in: this text's, or else the last one that parsed."""
        return self.index or self.fallback


def _name_of(uri: str) -> str:
    """The name a document's errors are reported under: its file's path, for a file."""
    from urllib.parse import unquote, urlparse

    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return unquote(parsed.path)
    return uri
