"""Stages 1 and 2: .hsa text → Lark parse tree → surface AST.

``parsing`` sets up Lark and holds the entry points below, ``build`` makes the AST nodes,
``diagnostics`` tells syntax errors, ``ast`` defines the nodes and ``pretty`` prints them back.
The entry points are loaded when first used, so that importing the AST's node classes does not
load Lark.
"""

import importlib

_ENTRY_POINTS = ("parse", "parse_tree", "to_ast", "read_source", "parse_file", "MAX_ACT_BYTES")

__all__ = list(_ENTRY_POINTS)


def __getattr__(name: str):
    if name not in _ENTRY_POINTS:
        raise AttributeError(f"module 'hsa_dsl.syntax' has no attribute {name!r}")
    value = getattr(importlib.import_module("hsa_dsl.syntax.parsing"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_ENTRY_POINTS))
