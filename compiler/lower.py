"""Stage 4: checked act → IR, as a list of passes.

:func:`lower` builds the first IR; each pass in :data:`PASSES` is a plain function from one
program to the next.
"""

from __future__ import annotations

import attrs

from hsa_dsl import builtins
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.check.graph import topological_order
from hsa_dsl.check.rules import rule_parts, table_parts, target_dependencies

from . import ir
from .semantics import resolve_default_logic


def lower(act: c.CheckedAct) -> ir.Program:
    rules = []
    overridden_by: dict[str, list[str]] = {}
    for rule in act.rules.values():
        for base in rule.exception_to:
            overridden_by.setdefault(base, []).append(rule.name)
    for article in act.articles.values():
        for name in article.rules:
            rule = act.rules.get(name)
            if rule is None:
                continue
            conclusion = rule.conclusion
            rules.append(ir.IRRule(
                name=rule.name,
                article=rule.article,
                cites=rule.cites,
                kind=conclusion.kind,
                target=rule.target,
                party=conclusion.party,
                action=conclusion.action,
                output=conclusion.output,
                scopes=tuple(ir.IRScope(s.variable, s.source, span=s.span) for s in rule.scopes),
                condition=rule.condition,
                violation=rule.violation,
                value=conclusion.value,
                sanctions=tuple(ir.IRSanction(s.kind, s.low, s.high, s.text) for s in conclusion.sanctions),
                exception_to=rule.exception_to,
                overridden_by=tuple(overridden_by.get(rule.name, ())),
                span=rule.span,
            ))
    definitions = tuple(
        ir.IRDefinition(d.name, d.parameters, d.type, d.body, span=d.span) for d in act.definitions.values()
    )
    tables = tuple(
        ir.IRTable(tb.name, tb.key, tuple(ir.IRTableRow(r.at_least, r.below, r.value) for r in tb.rows),
                   tb.otherwise, span=tb.span)
        for tb in act.tables.values()
    )
    checks = tuple(
        ir.IRCheck(rec.name, chk.condition, chk.message, span=chk.span)
        for rec in act.records.values() for chk in rec.checks
    )
    properties = tuple(
        ir.IRProperty(p.name, tuple((b.kind, b.variable, b.source) for b in p.bindings), p.condition, span=p.span)
        for p in act.properties.values()
    )
    return ir.Program(act, tuple(rules), definitions, tables, checks, properties=properties)


# ---------------------------------------------------------------------------- pass: sites

_SITE_KINDS = {
    c.TCompare: "compare",
    c.TMember: "member",
    c.TIsGiven: "given",
    c.TParameter: "parameter",
    c.TTable: "table",
    c.TDefinition: "definition",
    c.TOutput: "output",
    c.TViolated: "violated",
}


def _site_kind(node) -> str | None:
    """The kind of trace site a typed node makes: the built-ins' from their registry entries."""
    if type(node) is c.TBuiltin:
        return builtins.FUNCTIONS[node.name].trace_kind
    if type(node) is c.TAggregate:
        return builtins.AGGREGATES[node.kind].trace_kind
    return _SITE_KINDS.get(type(node))


def mark_sites(program: ir.Program) -> ir.Program:
    """Number every expression an explanation must show, and wrap it in :class:`ir.Observe`.

    Each site records what an explanation needs to know of its expression (a comparison's
    operator and operands, an aggregate's kind, which fact an operand reads), taken from the
    typed nodes: an explanation never has to recover it from the drafter's text."""
    sites: list[ir.Site] = []

    def mark(node, owner: str, role: str = "definition", variables: frozenset = frozenset(),
             whole: bool = False):
        """`variables` are the `for each` variables of the owner visible here (an aggregate's own
        variable hides one of the same name); `whole` says the node is a whole clause."""
        if node is None or type(node) is ir.Observe:
            return node
        original = node
        changes = {}
        for name in c.child_fields(type(node)):
            value = getattr(node, name)
            visible = variables
            if type(node) is c.TAggregate and name in ("body", "where"):
                visible = variables - {node.variable}
            if type(value) is tuple:
                new = tuple([mark(v, owner, role, visible) for v in value])
                if any(x is not y for x, y in zip(new, value)):
                    changes[name] = new
            elif value is not None:
                new = mark(value, owner, role, visible)
                if new is not value:
                    changes[name] = new
        if changes:
            node = c.evolve(node, changes)
        kind = _site_kind(node)
        if kind is None:
            return node
        site = _site(len(sites), kind, original, owner, role, variables, whole)
        sites.append(site)
        return ir.Observe(site.id, node, node.type, span=node.span)

    rules = []
    for rule in program.rules:
        names = tuple(s.variable for s in rule.scopes)
        every = frozenset(names)
        rules.append(attrs.evolve(
            rule,
            # a scope's list may read the variables of the scopes before it
            scopes=tuple(attrs.evolve(s, source=mark(s.source, rule.name, "scope", frozenset(names[:i])))
                         for i, s in enumerate(rule.scopes)),
            condition=mark(rule.condition, rule.name, "when", every, whole=True),
            violation=mark(rule.violation, rule.name, "violated", every, whole=True),
            value=mark(rule.value, rule.name, "value", every),
            sanctions=tuple(attrs.evolve(s, low=mark(s.low, rule.name, "sanction", every),
                                         high=mark(s.high, rule.name, "sanction", every))
                            for s in rule.sanctions),
        ))
    definitions = tuple(attrs.evolve(d, body=mark(d.body, d.name)) for d in program.definitions)
    tables = tuple(
        attrs.evolve(tb, rows=tuple(attrs.evolve(r, value=mark(r.value, tb.name)) for r in tb.rows),
                     otherwise=mark(tb.otherwise, tb.name))
        for tb in program.tables
    )
    return attrs.evolve(program, rules=tuple(rules), definitions=definitions, tables=tables,
                        sites=tuple(sites))


def _site(number: int, kind: str, node, owner: str, role: str, variables: frozenset, whole: bool) -> ir.Site:
    """The site of one typed expression (its sub-expressions not yet wrapped)."""
    def operand(expr) -> ir.Operand:
        return ir.Operand(_text(expr), str(expr.type), _field_path(expr, variables), span=expr.span)

    fields: dict = {}
    if isinstance(node, c.TCompare):
        fields = {"operands": (operand(node.left), operand(node.right)), "operator": node.op}
    elif isinstance(node, c.TMember):
        fields = {"operands": (operand(node.element), operand(node.collection)), "negated": node.negated}
    elif isinstance(node, c.TIsGiven):
        fields = {"operands": (operand(node.target),), "negated": node.negated}
    elif isinstance(node, c.TAggregate):
        # a count's entries only count; the others' entries each give a value of the body's type
        fields = {"aggregate": node.kind, "item_type": str(node.body.type) if node.body is not None else ""}
    elif isinstance(node, (c.TDefinition, c.TBuiltin)):
        fields = {"operands": tuple(operand(a) for a in node.arguments), "name": node.name}
    elif isinstance(node, c.TParameter):
        fields = {"operands": (operand(node.at),), "name": node.name}
    elif isinstance(node, c.TTable):
        fields = {"operands": (operand(node.key),), "name": node.name}
    elif isinstance(node, c.TOutput):
        fields = {"name": node.name}
    if kind in ("compare", "member", "given"):
        fields["whole_clause"] = whole
    return ir.Site(number, kind, _text(node), owner, str(node.type), role=role, span=node.span, **fields)


def _text(node) -> str:
    return node.span.text if node.span else ""


def _field_path(node, variables: frozenset) -> ir.FieldPath | None:
    """The fact of the case an operand reads, where it is nothing but field reads from an input
    or from one of the rule's `for each` variables (`day.regular_hours`); None otherwise (a
    computed value, a window's dates, an aggregate's own variable)."""
    fields: list[str] = []
    while isinstance(node, c.TField):
        holder = node.target.type
        if isinstance(holder, t.OptionalType):
            holder = holder.inner
        if not isinstance(holder, t.RecordType):
            return None
        fields.append(node.field)
        node = node.target
    if not fields:
        return None
    if isinstance(node, c.TInput):
        start = "input"
    elif isinstance(node, c.TLocal) and node.name in variables:
        start = "variable"
    else:
        return None
    return ir.FieldPath(start, node.name, tuple(reversed(fields)))


# ---------------------------------------------------------------------------- pass: targets


def order_targets(program: ir.Program) -> ir.Program:
    """Group rules by what they decide and put the groups in an order that respects what each
    rule reads: an output is settled before a rule reads it, and a rule's violations are
    known before `violated(...)` asks for them. The checker refused rules that read each other
    in a circle, so the order exists."""
    groups: dict[tuple, list[ir.IRRule]] = {}
    for rule in program.rules:
        groups.setdefault(rule.target, []).append(rule)
    depends = target_dependencies(
        [(r.name, r.target, rule_parts(r.scopes, r.condition, r.violation, r.value, r.sanctions))
         for r in program.rules],
        {d.name: d.body for d in program.definitions},
        {tb.name: table_parts(tb.rows, tb.otherwise) for tb in program.tables})

    targets = []
    for key in topological_order(groups, depends.__getitem__):
        members = groups[key]
        kind = key[0]
        targets.append(ir.IRTarget(kind, key, tuple(r.name for r in members), _exceptions_first(members)))
    return attrs.evolve(program, targets=tuple(targets))


def _exceptions_first(members: list[ir.IRRule]) -> tuple[str, ...]:
    names = {r.name: r for r in members}
    return tuple(topological_order(names, lambda name: [o for o in names[name].overridden_by if o in names]))


# ---------------------------------------------------------------------------- pass: memoize


def mark_memoized(program: ir.Program) -> ir.Program:
    """Definitions with parameters keep their results per arguments (a definition without
    parameters is always computed once per case) when that saves more than it costs:

    - a body that goes over a list of the case (the whole time card), for every call, where
      the same arguments come back from rule after rule. A list reached from a parameter or a
      variable (a day's periods of work) is the argument's own, short, and gone over once per
      argument: keeping the result would cost more than it saves;
    - a body of exact arithmetic (two operations or more on decimals: a month's overtime pay)
      used in more than one place: each operation on rationals costs more than a look-up."""
    bodies = {d.name: d.body for d in program.definitions}
    uses = _uses(program)
    operations: dict[str, int] = {}
    definitions = tuple(
        attrs.evolve(d, memoize=bool(d.parameters) and (
            any(_goes_over_the_case(n) for n in _nodes(d.body))
            or (uses.get(d.name, 0) > 1 and _exact_operations(d.name, bodies, operations) >= 2)))
        for d in program.definitions
    )
    return attrs.evolve(program, definitions=definitions)


def _uses(program: ir.Program) -> dict[str, int]:
    """How many places of the act use each definition."""
    roots = [part for r in program.rules
             for part in ([s.source for s in r.scopes] + [r.condition, r.violation, r.value]
                          + [x for s in r.sanctions for x in (s.low, s.high)])]
    roots += [d.body for d in program.definitions]
    roots += [x for tb in program.tables for x in [r.value for r in tb.rows] + [tb.otherwise]]
    counts: dict[str, int] = {}
    for root in roots:
        if root is None:
            continue
        for node in _nodes(root):
            if isinstance(node, c.TDefinition):
                counts[node.name] = counts.get(node.name, 0) + 1
    return counts


def _exact_operations(name: str, bodies: dict, known: dict) -> int:
    """The operations on decimals (exact rationals at run time) a definition does, counting
    those of the definitions it uses; each definition's count is worked out once."""
    count = known.get(name)
    if count is None:
        known[name] = 0  # definitions do not use themselves; this stops a circle all the same
        count = 0
        for node in _nodes(bodies[name]):
            if isinstance(node, c.TArithmetic) and isinstance(node.type, t.Number) and not node.type.integral:
                count += 1
            elif isinstance(node, c.TDefinition):
                count += _exact_operations(node.name, bodies, known)
        known[name] = count
    return count


def _goes_over_the_case(node) -> bool:
    """Whether a node is an aggregate or grouping over a list not reached from a variable."""
    if not isinstance(node, (c.TAggregate, c.TGroup)):
        return False
    source = node.source
    while isinstance(source, (ir.Observe, c.TField)):
        source = source.expr if isinstance(source, ir.Observe) else source.target
    return not isinstance(source, c.TLocal)


# ---------------------------------------------------------------------------- pass: inline

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
        nodes = list(_nodes(d.body))
        small = len(nodes) <= INLINE_LIMIT and not any(isinstance(n, c.TGroup) for n in nodes)
        definitions.append(attrs.evolve(d, inline=bool(d.parameters) and not d.memoize and small))
    return attrs.evolve(program, definitions=tuple(definitions))


# ---------------------------------------------------------------------------- pass: silent when met


def mark_silent_when_met(program: ir.Program) -> ir.Program:
    """Find the duties whose met bindings nothing reads, so that untraced code need not make
    them: a met obligation or prohibition is no finding, and its firing matters only if the
    rule is an exception to another (its firings then decide whether that one applies) or
    could conflict with a rule of its own target (one of its conflict candidates). Every
    binding such a rule reports untraced is then a breach, so it gives only the entries of
    each (see `runtime.run`)."""
    by_name = {r.name: r for r in program.rules}
    silent = set()
    for target in program.targets:
        if target.kind != "norm":
            continue
        competing = {name for pair in target.conflict_candidates for name in (pair.first, pair.second)}
        for rule in (by_name[n] for n in target.rules):
            if rule.violation is None or rule.exception_to or rule.kind not in ("obligation", "prohibition"):
                continue
            if rule.name not in competing:
                silent.add(rule.name)
    rules = tuple(attrs.evolve(r, silent_when_met=True) if r.name in silent else r for r in program.rules)
    return attrs.evolve(program, rules=rules)


def _nodes(node):
    """Every expression in a tree (without the marks of trace sites), in no particular order."""
    stack = [node]
    pop, push, extend = stack.pop, stack.append, stack.extend
    child_fields = c.child_fields
    while stack:
        node = pop()
        if type(node) is ir.Observe:
            push(node.expr)
            continue
        yield node
        for name in child_fields(type(node)):  # what c.children gives, without a list per node
            value = getattr(node, name)
            if type(value) is tuple:
                extend(value)
            elif value is not None:
                push(value)


#: The passes run after :func:`lower`, in order.
PASSES = (mark_sites, order_targets, resolve_default_logic, mark_memoized, mark_inlined, mark_silent_when_met)


def compile_to_ir(act: c.CheckedAct) -> ir.Program:
    program = lower(act)
    for run_pass in PASSES:
        program = run_pass(program)
    return program
