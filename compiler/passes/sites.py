"""Trace sites: every expression an explanation must show, numbered, with what the compiler knows of it."""

from __future__ import annotations

import attrs

from hsa_dsl import builtins
from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t

from .. import ir


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
        named = expr.name if isinstance(expr, (c.TDefinition, c.TParameter, c.TTable, c.TOutput)) else None
        return ir.Operand(_text(expr), str(expr.type), _field_path(expr, variables), named, span=expr.span)

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
