"""Editor support: a language server for .hsa files (`hsa-dsl lsp`).

The editor's questions are answered by plain functions of a document's text, each in its
module: :mod:`~hsa_dsl.lsp.analysis` (the checker's errors as the editor shows them),
:mod:`~hsa_dsl.lsp.symbols` (what each name in the text declares or refers to),
:mod:`~hsa_dsl.lsp.navigation` (the name at a place, and where it is declared),
:mod:`~hsa_dsl.lsp.hover` and :mod:`~hsa_dsl.lsp.completion`; :mod:`~hsa_dsl.lsp.documents`
keeps each open document with what was worked out from it. Only :mod:`~hsa_dsl.lsp.server`
speaks the protocol (through pygls, an optional dependency: ``pip install hsa-dsl[lsp]``), so
everything else is tested and used without it.
"""
