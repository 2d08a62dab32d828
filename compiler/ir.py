"""The compiler's intermediate representation.

Where the checked act is organised as the drafter wrote it (articles, declarations), the IR is
organised for evaluation: rules grouped by what they decide (*targets*), targets in the order
they must run, exceptions resolved to rule names in both directions, the pairs of rules that
can contradict each other (default logic, stated once: see :mod:`compiler.semantics`), and
every place whose value an explanation needs (a comparison, an aggregate, a parameter look-up)
numbered as a *site*. Expressions are the checked act's typed nodes, with :class:`Observe`
wrapped around each site.
"""

from __future__ import annotations

from typing import Any

import attrs

from hsa_dsl.check.checked import CheckedAct, TExpr
from hsa_dsl.source import Span
from hsa_dsl.check.types import Type


def _span():
    return attrs.field(default=None, eq=False, repr=False, kw_only=True)


@attrs.frozen
class FieldPath:
    """An operand that only reads fields of a fact of the case: `day.regular_hours` from a
    rule's `for each` variable, or `employment.contract.monthly_wage` from an input."""

    #: "variable" (a `for each` variable of the site's rule) or "input"
    start: str
    #: the variable's or the input's name
    root: str
    fields: tuple[str, ...]


@attrs.frozen
class Operand:
    """One operand of a site: a comparison's sides, a membership's element and collection, the
    fact `is given` asks about, a call's arguments."""

    #: as the drafter wrote it
    text: str
    #: its type, as a name (money, hours, date, ...)
    type: str
    #: where the operand is a plain read of a fact of the case (so a change of that fact can
    #: be offered); None otherwise
    path: FieldPath | None = None
    #: where the operand is a definition, parameter, table or output of the act, its name (so
    #: that a reader can be told its plain name); None otherwise
    names: str | None = None
    span: Span | None = _span()


@attrs.frozen
class Site:
    """A place whose value the trace records, with what the compiler knows of its expression,
    so that an explanation reads the structure instead of guessing it from the text."""

    id: int
    #: compare, member, given, aggregate, parameter, table, definition, output, violated, builtin
    kind: str
    #: the expression as the drafter wrote it
    text: str
    #: the rule or definition the site belongs to
    owner: str
    #: the type of the value, as a name (money, hours, date, ...)
    value_type: str = ""
    operands: tuple[Operand, ...] = ()
    #: the part of its rule it stands in: when, violated, value, sanction, scope (or definition)
    role: str = "definition"
    #: a comparison's operator: = != < <= > >=
    operator: str | None = None
    #: `not in`, `is not given`
    negated: bool = False
    #: an aggregate's kind: sum, count, max, min, any, all
    aggregate: str | None = None
    #: the type of the value each entry gives an aggregate ("" for a count, whose entries only
    #: count)
    item_type: str = ""
    #: the definition, parameter, table, output or built-in function the site names
    name: str | None = None
    #: whether the site is the whole `when` or `violated when` clause of its rule, so that its
    #: outcome alone decides whether the clause holds
    whole_clause: bool = False
    span: Span | None = _span()

    @property
    def operand_types(self) -> tuple[str, ...]:
        return tuple(operand.type for operand in self.operands)


@attrs.frozen
class Observe:
    """Marks an expression whose value (and operands) the trace records."""

    site: int
    expr: TExpr
    type: Type
    span: Span | None = _span()


@attrs.frozen
class IRScope:
    variable: str
    source: Any
    span: Span | None = _span()


@attrs.frozen
class IRSanction:
    kind: str
    low: Any = None
    high: Any = None
    text: str | None = None


@attrs.frozen
class IRRule:
    name: str
    article: int
    cites: tuple[str, ...]
    #: obligation, prohibition, permission, assignment, penalty, warning
    kind: str
    target: tuple
    party: str | None
    action: str | None
    output: str | None
    scopes: tuple[IRScope, ...]
    condition: Any
    violation: Any
    value: Any
    sanctions: tuple[IRSanction, ...]
    #: the rules this one overrides where it applies (its `exception to`, groups resolved)
    exception_to: tuple[str, ...]
    #: its exceptions: the rules that override it where they apply
    overridden_by: tuple[str, ...] = ()
    #: whether an untraced evaluation may leave out the bindings where the rule is met: nothing
    #: reads them (a met duty is no finding, and the rule is no exception and cannot conflict);
    #: of those where it is breached, untraced code then keeps only the entries
    silent_when_met: bool = False
    span: Span | None = _span()


@attrs.frozen
class IRDefinition:
    name: str
    parameters: tuple[tuple[str, Type], ...]
    type: Type
    body: Any
    #: whether a definition with parameters keeps its results per arguments (one that goes over
    #: a list is worth it; one that adds two fields is not)
    memoize: bool = False
    #: whether untraced code writes the body out where the definition is used, instead of
    #: calling it (a small body of field reads and arithmetic costs less than the call)
    inline: bool = False
    span: Span | None = _span()


@attrs.frozen
class IRTableRow:
    at_least: Any
    below: Any
    value: Any


@attrs.frozen
class IRTable:
    name: str
    key: str
    rows: tuple[IRTableRow, ...]
    otherwise: Any
    span: Span | None = _span()


@attrs.frozen
class IRCheck:
    record: str
    condition: Any
    message: str
    span: Span | None = _span()


@attrs.frozen
class IRProperty:
    name: str
    #: (kind, variable, source) with kind "all" or "each"; a `for all` variable has no source
    bindings: tuple[tuple[str, str, Any], ...]
    condition: Any
    span: Span | None = _span()


@attrs.frozen
class ConflictCandidate:
    """Two rules of one target that contradict each other wherever both are in force for the
    same entries (neither is an exception to the other, so nothing settles which one holds)."""

    #: the two rules, in the order of the target's rules
    first: str
    second: str
    #: why they contradict: one of :data:`CONFLICT_REASONS`
    reason: str


@attrs.frozen
class ConflictClass:
    """Rules of one target that contradict each other pairwise: every rule of `first` with every
    rule of `second` (two different rules), unless one is an exception to the other. Held as
    classes, not pairs: a thousand assignments of one output are one class, not half a million
    pairs (the pairs, where something asks for them, are :func:`compiler.semantics.candidate_pairs`)."""

    #: rules in the order of the target's rules; `second` is `first` when any two of them clash
    first: tuple[str, ...]
    second: tuple[str, ...]
    #: why they contradict: one of :data:`CONFLICT_REASONS`
    reason: str


#: Why two rules of a target can contradict each other: two assignments of one output, which
#: contradict where their values differ; a prohibition against a duty, or against a permission,
#: of the same party and action, which contradict wherever both are in force.
DIFFERENT_VALUES = "different_values"
PROHIBITION_AGAINST_OBLIGATION = "prohibition_against_obligation"
PROHIBITION_AGAINST_PERMISSION = "prohibition_against_permission"
CONFLICT_REASONS = (DIFFERENT_VALUES, PROHIBITION_AGAINST_OBLIGATION, PROHIBITION_AGAINST_PERMISSION)


@attrs.frozen
class IRTarget:
    """Everything the rules of one output, one party's action, or one penalty decide (or all
    the warnings), with how they compete: the one statement of default logic the engine and
    the prover both read (see :mod:`compiler.semantics`)."""

    #: output, norm, penalty, warning
    kind: str
    key: tuple
    rules: tuple[str, ...]
    #: the same rules, exceptions before the rules they override
    order: tuple[str, ...]
    #: the output the target gives one value for the whole case; None for norms, penalties
    #: and warnings, and for an entitlement owed for each entry of a list (each of its findings
    #: has its own value)
    case_output: str | None = None
    #: whether some rule of the target has an exception (always of the same target)
    has_exceptions: bool = False
    #: the classes of its rules that contradict each other pairwise where both are in force,
    #: only those with at least one such pair
    clashes: tuple[ConflictClass, ...] = ()
    #: the pairs of its rules related by an exception (one overrides the other), which never
    #: contradict: where the exception applies, the rule it overrides is not in force
    exempt: tuple[tuple[str, str], ...] = ()
    #: the targets (by their place in the program's order) whose outputs or violations its rules
    #: read: what must be decided before it, and all that must be to decide it alone
    needs: tuple[int, ...] = ()

    @property
    def may_clash(self) -> bool:
        return bool(self.clashes)


@attrs.frozen
class Program:
    act: CheckedAct = attrs.field(eq=False, repr=False)
    rules: tuple[IRRule, ...]
    definitions: tuple[IRDefinition, ...]
    tables: tuple[IRTable, ...]
    checks: tuple[IRCheck, ...]
    targets: tuple[IRTarget, ...] = ()
    sites: tuple[Site, ...] = ()
    properties: tuple[IRProperty, ...] = ()

    def rule(self, name: str) -> IRRule:
        return next(r for r in self.rules if r.name == name)
