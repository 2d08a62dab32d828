"""Rules and exceptions: what each rule cites, goes over, asks and concludes; the exceptions
between rules; and the results rules read of one another.

An exception overrides rules that decide the same thing, and no rule may override itself
through others. Rules are evaluated by what they decide (a *target*: one output, one party and
action, the warnings, or one penalty), each target after the targets whose results its rules
read; so rules may not read each other's results in a circle. The compiler orders targets with
:func:`target_dependencies`, the same reading of the rules as the check.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

import attrs

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t
from hsa_dsl.check.declarations import resolve_type
from hsa_dsl.check.expressions import Env, ExpressionTyper
from hsa_dsl.check.graph import circles
from hsa_dsl.check.provisions import ProvisionChecker
from hsa_dsl.check.state import Abort, CheckState
from hsa_dsl.errors import did_you_mean
from hsa_dsl.source import Span
from hsa_dsl.syntax import ast


class RuleChecker:
    def __init__(self, state: CheckState, typer: ExpressionTyper, provisions: ProvisionChecker):
        self.state = state
        self.typer = typer
        self.provisions = provisions

    def check_rules(self) -> None:
        """Every rule, once each, with the groups it belongs to; then the exceptions between them."""
        act = self.state.act
        rule_spans: dict[str, Span | None] = {}
        groups: dict[str, list[str]] = {}
        for article in self.state.file.articles:
            for rule in article.rules:
                if rule.name in rule_spans:
                    self.state.error(f"rule '{rule.name}' is declared twice (first at {rule_spans[rule.name]})",
                                     rule.span)
                    continue
                rule_spans[rule.name] = rule.span
                for g in rule.groups:
                    groups.setdefault(g.name, []).append(rule.name)
        for name in groups:
            if name in rule_spans:
                self.state.error(f"'{name}' names both a rule and a group", rule_spans[name])
        act.groups = {k: tuple(v) for k, v in groups.items()}

        for article in self.state.file.articles:
            for rule in article.rules:
                if rule.name in act.rules:
                    continue
                try:
                    info = self.check_rule(rule, article)
                except Abort:
                    continue
                if info is not None:
                    act.rules[rule.name] = info
        self.check_exceptions()

    def check_entitlements_per_entry(self) -> None:
        """An entitlement set by a rule with `for each` is owed for each entry: one finding per
        entry, each with its own value, and no one value for the whole case. All its rules go
        over the same list, it cannot be `required`, and no expression reads it."""
        act = self.state.act
        setters: dict[str, list[c.RuleInfo]] = {}
        for rule in act.rules.values():
            if rule.conclusion.kind == "assignment":
                setters.setdefault(rule.conclusion.output, []).append(rule)
        per_entry = set()
        for output, rules in setters.items():
            scoped = [r for r in rules if r.scopes]
            if not scoped:
                continue
            per_entry.add(output)
            first = scoped[0]
            for rule in rules:
                if [s.source for s in rule.scopes] != [s.source for s in first.scopes]:
                    self.state.error(f"'{output}' is owed for each entry of a list by rule '{first.name}'; "
                                     f"rule '{rule.name}' must go over the same list", rule.span,
                                     "give every rule that sets it the same `for each`")
            if act.outputs[output].required:
                self.state.error(f"'{output}' is owed for each entry of a list, so it cannot be `required`",
                                 act.outputs[output].span, "remove `required`, or set it once for the whole case")
        if not per_entry:
            return
        roots = [part for r in act.rules.values()
                 for part in ([s.source for s in r.scopes] + [r.condition, r.violation, r.conclusion.value]
                              + [x for s in r.conclusion.sanctions for x in (s.low, s.high)])]
        roots += [d.body for d in act.definitions.values()]
        roots += [x for tb in act.tables.values() for x in [row.value for row in tb.rows] + [tb.otherwise]]
        roots += [o.required_when for o in act.outputs.values()]
        roots += [p.condition for p in act.properties.values()]
        roots += [b.source for p in act.properties.values() for b in p.bindings]
        roots += [chk.condition for rec in act.records.values() for chk in rec.checks]
        for root in roots:
            if root is None:
                continue
            for node in c.walk(root):
                if isinstance(node, c.TOutput) and node.name in per_entry:
                    self.state.error(f"'{node.name}' is owed for each entry of a list; it has no one value to read",
                                     node.span, "work the value out in a definition, and read the definition")

    def check_required_and_properties(self) -> None:
        """What is asked of the rules: the outputs they must decide, and the properties they must keep."""
        act = self.state.act
        for decl in self.state.file.all_declarations():
            if isinstance(decl, ast.OutputDecl) and decl.required is not None and decl.name in act.outputs:
                condition = None
                if decl.required.condition is not None:
                    try:
                        condition = self.typer.expect(decl.required.condition, t.BOOL, Env())
                    except Abort:
                        continue
                act.outputs[decl.name] = attrs.evolve(act.outputs[decl.name], required=True,
                                                      required_when=condition)
            elif isinstance(decl, ast.PropertyDecl):
                env = Env()
                bindings = []
                try:
                    for b in decl.bindings:
                        if b.variable in env.locals:
                            self.state.error(f"'{b.variable}' is already bound in this property", b.span)
                        if b.kind == "all":
                            type_ = resolve_type(self.state, b.type, optional_ok=False)
                            if not isinstance(type_, (t.Number, t.EnumType)) and type_ not in (t.BOOL, t.DATE):
                                self.state.error("`for all` ranges over numbers, dates, truth values or an enumeration",
                                                 b.span, "use `for each x in LIST` for the entries of a list")
                                raise Abort
                            source = None
                        else:
                            source = self.typer.infer(b.source, env)
                            type_ = t.iterable_element(source.type)
                            if type_ is None:
                                self.state.error(f"`for each` needs a list; this is {source.type}", b.source.span)
                                raise Abort
                        env = env.bind(b.variable, c.TLocal(b.variable, type_, span=b.span))
                        bindings.append(c.PropertyBindingInfo(b.kind, b.variable, type_, source))
                    condition = self.typer.expect(decl.condition, t.BOOL, env)
                except Abort:
                    continue
                act.properties[decl.name] = c.PropertyInfo(decl.name, tuple(bindings), condition,
                                                           self.state.article_of(decl), span=decl.span)

    def check_rule(self, rule: ast.Rule, article: ast.Article) -> c.RuleInfo | None:
        act = self.state.act
        cites = self.provisions.check_citations(rule, article)
        quotes = self.provisions.check_quotes(rule, cites)

        env = Env()
        scopes = []
        for scope in rule.scopes:
            source = self.typer.infer(scope.source, env)
            element = t.iterable_element(source.type)
            if element is None:
                self.state.error(f"`for each` needs a list; this is {source.type}", scope.source.span)
                raise Abort
            if scope.variable in env.locals:
                self.state.error(f"'{scope.variable}' is already used in this rule", scope.span)
            env = env.bind(scope.variable, c.TLocal(scope.variable, element, span=scope.span))
            scopes.append(c.ScopeInfo(scope.variable, source, element, span=scope.span))

        # each part is checked even when an earlier one has an error, so that one report
        # lists every mistake in the rule
        failed = False
        condition = None
        if rule.condition is not None:
            try:
                condition = self.typer.expect(rule.condition, t.BOOL, env)
            except Abort:
                failed = True
            env = env.knowing(self.typer.facts_when(rule.condition, True, env))
        conclusion = None
        try:
            conclusion = self.check_conclusion(rule.conclusion, env, bool(scopes))
        except Abort:
            failed = True
        violation = None
        if rule.violation is not None:
            if conclusion is not None and conclusion.kind not in ("obligation", "prohibition"):
                self.state.error("only an obligation or a prohibition can be violated", rule.violation.span,
                                 "remove `violated when`, or make the conclusion `X must ...` / `X must not ...`")
            try:
                violation = self.typer.expect(rule.violation, t.BOOL, env)
            except Abort:
                failed = True
        if failed:
            raise Abort

        groups = tuple(g.name for g in rule.groups)
        exception_to = []
        for ref in rule.exceptions:
            if ref.name in act.groups:
                members = [m for m in act.groups[ref.name] if m != rule.name]
                exception_to.extend(members)
            elif ref.name in self.state.rule_names:
                if ref.name == rule.name:
                    self.state.error("a rule cannot be an exception to itself", ref.span)
                else:
                    exception_to.append(ref.name)
            else:
                self.state.error(f"unknown rule or group '{ref.name}'", ref.span,
                                 did_you_mean(ref.name, [*self.state.rule_names, *act.groups]))
        return c.RuleInfo(rule.name, article.number, cites, quotes, groups,
                          tuple(dict.fromkeys(exception_to)), tuple(scopes), condition, conclusion,
                          violation, span=rule.span)

    def check_conclusion(self, node, env: Env, scoped: bool) -> c.ConclusionInfo:
        act = self.state.act
        if isinstance(node, (ast.Obligation, ast.Prohibition, ast.Permission)):
            kind = type(node).__name__.lower()
            if node.party not in act.parties:
                self.state.error(f"unknown party '{node.party}'", node.span,
                                 did_you_mean(node.party, act.parties) or "declare it with `party NAME \"...\"`")
            if node.action not in act.actions:
                self.state.error(f"unknown action '{node.action}'", node.span,
                                 did_you_mean(node.action, act.actions) or "declare it with `action NAME \"...\"`")
            return c.ConclusionInfo(kind, party=node.party, action=node.action, span=node.span)
        if isinstance(node, ast.Assignment):
            output = act.outputs.get(node.output)
            if output is None:
                self.state.error(f"unknown output '{node.output}'", node.span,
                                 did_you_mean(node.output, act.outputs)
                                 or "declare it with `output NAME: TYPE` or `entitlement NAME: TYPE owed to PARTY`")
                raise Abort
            if scoped and output.owed_to is None:
                # an entitlement may be owed for each entry (a month's wage); an output has one value
                self.state.error(f"'{node.output}' has one value per case; a rule with `for each` cannot set it",
                                 node.span, "compute a total with sum(...) in a definition and set the output from "
                                            "that, or declare it an `entitlement ... owed to PARTY`, which may be "
                                            "owed per entry")
            value = self.typer.expect(node.value, output.type, env)
            return c.ConclusionInfo("assignment", output=node.output, value=value, span=node.span)
        if isinstance(node, ast.Penalty):
            if node.party not in act.parties:
                self.state.error(f"unknown party '{node.party}'", node.span, did_you_mean(node.party, act.parties))
            sanctions = []
            for s in node.sanctions:
                low = self.typer.expect(s.low, t.MONEY, env) if s.low is not None else None
                # `fine of X` is written with X as both bounds; the others give only their own
                high = low if s.kind == "fine_of" else (
                    self.typer.expect(s.high, t.MONEY, env) if s.high is not None else None)
                sanctions.append(c.SanctionInfo(s.kind, low, high, s.text, span=s.span))
            return c.ConclusionInfo("penalty", party=node.party, sanctions=tuple(sanctions), span=node.span)
        if isinstance(node, ast.Warning):
            return c.ConclusionInfo("warning", span=node.span)
        raise AssertionError(node)

    def check_exceptions(self) -> None:
        rules = self.state.act.rules
        for rule in rules.values():
            for base_name in rule.exception_to:
                base = rules.get(base_name)
                if base is None:
                    continue
                if base.target != rule.target:
                    self.state.error(
                        f"rule '{rule.name}' is an exception to '{base_name}', but they decide different things "
                        f"({_describe_target(rule.target)} / {_describe_target(base.target)})",
                        rule.span, "an exception must conclude on the same output, or the same party and action")
                if rule.scopes and [s.source for s in rule.scopes] != [s.source for s in base.scopes]:
                    self.state.error(
                        f"rule '{rule.name}' goes over a list with `for each`, but '{base_name}' does not go over "
                        "the same list",
                        rule.span, "an exception either has no `for each`, or the same `for each` as the rule it "
                                   "overrides")
        # a rule's exceptions are looked at in the order it names them
        exceptions = {name: [x for x in rule.exception_to if x in rules] for name, rule in rules.items()}
        for circle in circles(rules, exceptions.__getitem__):
            self.state.error("exceptions form a circle: " + " → ".join(circle), rules[circle[0]].span,
                             "a rule cannot, through other rules, be an exception to itself")

    def check_rule_circles(self) -> None:
        """Rules that read each other's results in a circle (an output one decides, a violation
        one finds) cannot be put in an order: each would need the other's result first."""
        act = self.state.act
        depends = target_dependencies(
            [(rule.name, rule.target, rule_parts(rule.scopes, rule.condition, rule.violation,
                                                 rule.conclusion.value, rule.conclusion.sanctions))
             for rule in act.rules.values()],
            {d.name: d.body for d in act.definitions.values()},
            {tb.name: table_parts(tb.rows, tb.otherwise) for tb in act.tables.values()})
        for circle in circles(depends, depends.__getitem__):
            readers = [depends[target][read] for target, read in zip(circle, circle[1:])]
            self.state.error("rules depend on each other's results in a circle: " + " → ".join(readers + readers[:1]),
                             act.rules[readers[0]].span,
                             "each rule reads a result of the next (an output it decides or a violation it finds); "
                             "a rule cannot read a result that depends on itself")


def _describe_target(target: tuple) -> str:
    if target[0] == "norm":
        return f"{target[1]} / {target[2]}"
    if target[0] == "output":
        return f"output {target[1]}"
    if target[0] == "warning":
        return "a warning"
    return "a penalty"


# ---------------------------------------------------------------------------- what rules read


def rule_parts(scopes, condition, violation, value, sanctions) -> list:
    """The expressions of a rule, checked or lowered alike: the lists it goes over, its
    condition, its violation, its value and its fines (None where it has no such part)."""
    return ([s.source for s in scopes] + [condition, violation, value]
            + [x for s in sanctions for x in (s.low, s.high)])


def table_parts(rows, otherwise) -> list:
    return [row.value for row in rows] + [otherwise]


def target_dependencies(rules: Iterable[tuple[str, tuple, Sequence]], definitions: Mapping[str, c.TExpr],
                        tables: Mapping[str, Sequence]) -> dict[tuple, dict[tuple, str]]:
    """What each target's rules read of other targets' results: an output a target decides, or a
    violation one of its rules finds, read directly or through definitions and tables.

    `rules` gives each rule's name, target and expressions (see :func:`rule_parts`), in the order
    targets are to be taken in. Gives, for each target in the order of its first rule, the targets
    it reads, in the order of their first rules, each with the first rule that reads it. A name
    that is not there (a definition, a table or a rule that did not check) reads nothing."""
    rules = list(rules)
    target_of_rule = {name: target for name, target, _ in rules}
    first_rule: dict[tuple, int] = {}
    for index, (_, target, _) in enumerate(rules):
        first_rule.setdefault(target, index)
    deciding = {target[1]: target for target in first_rule if target[0] == "output"}
    reads = _ResultReads(definitions, tables)
    found: dict[tuple, dict[tuple, str]] = {target: {} for target in first_rule}
    for name, target, parts in rules:
        for part in parts:
            outputs, violations = reads.of(part)
            for read in [deciding.get(o) for o in outputs] + [target_of_rule.get(r) for r in violations]:
                if read is not None:
                    found[target].setdefault(read, name)
    return {target: {read: found[target][read] for read in sorted(found[target], key=first_rule.__getitem__)}
            for target in found}


class _ResultReads:
    """The outputs and the rules' violations expressions read, through definitions and tables;
    what each definition and table reads is worked out once."""

    def __init__(self, definitions: Mapping[str, c.TExpr], tables: Mapping[str, Sequence]):
        self.definitions = definitions
        self.tables = tables
        self.known: dict[tuple[str, str], tuple[frozenset, frozenset]] = {}

    def of(self, node) -> tuple[frozenset, frozenset]:
        outputs: set = set()
        violations: set = set()
        for n in _expressions(node):
            if isinstance(n, c.TOutput):
                outputs.add(n.name)
            elif isinstance(n, c.TViolated):
                violations.update(n.rules)
            elif isinstance(n, c.TDefinition) and n.name in self.definitions:
                more = self._named("definition", n.name, (self.definitions[n.name],))
                outputs |= more[0]
                violations |= more[1]
            elif isinstance(n, c.TTable) and n.name in self.tables:
                more = self._named("table", n.name, self.tables[n.name])
                outputs |= more[0]
                violations |= more[1]
        return frozenset(outputs), frozenset(violations)

    def _named(self, kind: str, name: str, bodies: Sequence) -> tuple[frozenset, frozenset]:
        key = (kind, name)
        found = self.known.get(key)
        if found is None:
            # nothing while working it out: definitions that call each other are an error of
            # their own, and this keeps such a circle from recursing for ever
            self.known[key] = (frozenset(), frozenset())
            parts = [self.of(body) for body in bodies]
            found = self.known[key] = (frozenset().union(*(p[0] for p in parts)),
                                       frozenset().union(*(p[1] for p in parts)))
        return found


def _expressions(node):
    """Every expression in a tree, checked or lowered (a lowered tree's marks are gone through
    to what they mark), in no particular order."""
    stack = [node]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        yield node
        for name in c.child_fields(type(node)):
            value = getattr(node, name)
            if type(value) is tuple:
                stack.extend(value)
            elif value is not None:
                stack.append(value)
