"""Printing each stage of the pipeline, for people working on the compiler or the act."""

from __future__ import annotations

import pprint

import attrs

from hsa_dsl.check import checker

from hsa_dsl import syntax
from hsa_dsl.api import shipped_act_path
from hsa_dsl.compiler import codegen
from hsa_dsl.compiler.lower import compile_to_ir


def _plain(node):
    """attrs nodes as nested tuples/dicts, spans left out, so dumps are stable and readable."""
    if attrs.has(type(node)):
        fields = {a.name: _plain(getattr(node, a.name)) for a in attrs.fields(type(node))
                  if a.name != "span" and a.eq is not False}
        return (type(node).__name__, fields)
    if isinstance(node, dict):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, (list, tuple)):
        return type(node)(_plain(v) for v in node)
    return node


def dump(stage: str, act_path=None) -> str:
    source = syntax.read_source(act_path if act_path is not None else shipped_act_path())
    tree = syntax.parse_tree(source)
    # built first even for the tree: it refuses, with its place, a text nested too deeply to print
    act_file = syntax.to_ast(source, tree)
    if stage == "tree":
        return tree.pretty()
    if stage == "ast":
        return pprint.pformat(_plain(act_file), width=110, sort_dicts=False) + "\n"
    checked = checker.check(act_file, source.name)
    if stage == "checked":
        tables = {name: _plain(getattr(checked, name)) for name in (
            "inputs", "records", "parameters", "tables", "definitions", "outputs", "rules", "groups")}
        return pprint.pformat(tables, width=110, sort_dicts=False) + "\n"
    program = compile_to_ir(checked)
    if stage == "ir":
        return pprint.pformat(_plain(attrs.evolve(program)), width=110, sort_dicts=False) + "\n"
    return codegen.to_source(codegen.generate(program))
