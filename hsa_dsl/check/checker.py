"""Stage 3: surface AST → checked act.

Resolves every name (types, inputs, definitions, parameters, tables, outputs, parties,
actions, rules, groups, provisions), types every expression with its unit, and checks the
act's structure (provision ids, quotes found in the cited text, exceptions between rules
that decide the same thing, no circles). All errors are collected before any is reported,
in the order of their places in the file.

Each concern has its module: :mod:`~hsa_dsl.check.provisions` (the act's text, citations and
quotes), :mod:`~hsa_dsl.check.declarations`, :mod:`~hsa_dsl.check.expressions` (types and
units), :mod:`~hsa_dsl.check.rules` (rules and exceptions) and :mod:`~hsa_dsl.check.graph` (the
circles); :mod:`~hsa_dsl.check.state` holds what they share. This module runs them in order.
"""

from __future__ import annotations

from hsa_dsl.check import checked as c
from hsa_dsl.check.declarations import DeclarationChecker
from hsa_dsl.check.expressions import ExpressionTyper
from hsa_dsl.check.provisions import ProvisionChecker
from hsa_dsl.check.rules import RuleChecker
from hsa_dsl.check.state import CheckState
from hsa_dsl.errors import Diagnostic, HsaError
from hsa_dsl.syntax import ast


def check(act_file: ast.ActFile, source_name: str = "") -> c.CheckedAct:
    """The checked act, or :class:`HsaError` with every error found."""
    state = CheckState.start(act_file, source_name)
    typer = ExpressionTyper(state)
    provisions = ProvisionChecker(state)
    declarations = DeclarationChecker(state, typer)
    rules = RuleChecker(state, typer, provisions)

    # each step reads the tables the steps before it filled in: provisions before the rules
    # that cite them, names before the types that use them, every declaration before the
    # expressions that refer to it
    provisions.check_structure()
    declarations.declare_names()
    declarations.check_declared_types()
    declarations.check_bodies()
    rules.check_rules()
    rules.check_required_and_properties()
    rules.check_entitlements_per_entry()
    rules.check_rule_circles()
    if state.errors:
        raise HsaError(sorted(state.errors, key=_place))
    return state.act


def _place(d: Diagnostic):
    if d.span is None:
        return (0, 0, 0)
    return (d.span.line, d.span.column, 0)
