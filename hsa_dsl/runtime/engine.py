"""The engine: runs a compiled act's rules in the order of their targets, applies exceptions
and finds conflicts between rules.

Nothing here knows any act, nor decides what overrides or contradicts what: a compiled module
supplies its rules as functions and its structure as plain data, with what the compiler made of
default logic (each target's order, each rule's exceptions, the pairs of rules that can
contradict each other); the engine applies it to the firings of one case.
"""

from __future__ import annotations

from typing import Any

from hsa_dsl.errors import EvaluationError
from hsa_dsl.runtime.trace import Trace
from hsa_dsl.runtime.windows import Window, by_date, windows_of


class Firing:
    """One evaluation of a rule for one binding of its `for each` variables.

    `elements` are the entries the variables stood for, in the order of the rule's `for each`;
    untraced rules report only the bindings for which they apply.
    """

    __slots__ = ("rule", "elements", "applicable", "violated", "value", "sanctions", "trace",
                 "overridden_by", "effective")

    def __init__(self, rule, elements, applicable, violated, value, sanctions, trace):
        self.rule = rule
        self.elements = elements
        self.applicable = applicable
        self.violated = violated
        self.value = value
        self.sanctions = sanctions
        self.trace = trace
        #: the exceptions that took this firing's place (a tuple: most firings have none)
        self.overridden_by: tuple[str, ...] = ()
        self.effective = applicable

    @property
    def key(self) -> tuple:
        """Which entries of the case this firing is about: two firings with the same key (or
        one of them about the whole case) can override or contradict each other."""
        return tuple(e.path for e in self.elements)

    def binding(self, variables) -> dict:
        return {v: e.path for v, e in zip(variables, self.elements)}


class Context:
    """One evaluation of one case."""

    def __init__(self, module, inputs: dict, traced: bool):
        self.module = module
        self.inputs = inputs
        self.traced = traced
        self.memo: dict[str, Any] = {}
        #: results of definitions with parameters, by (name, arguments...)
        self.calls: dict[tuple, Any] = {}
        self.definition_traces: dict[str, Trace] = {}
        #: traced, what calls of definitions with parameters read and decided, and their
        #: results, by (name, arguments...) (see `Recording`)
        self.recordings: dict[tuple, tuple] = {}
        self.outputs: dict[str, Any] = {}
        self.violations: set[str] = set()
        #: the entries each rule found violated, as the `for each` bindings of its firings
        self.violating: dict[str, list] = {}
        self.groups: dict = {}
        #: lists sorted by a date field, with their dates and day numbers (see `by_date`)
        self.sorted_entries: dict = {}
        #: rules that applied and were met, for bindings an untraced evaluation makes no
        #: firing for (see `silent_when_met` in the IR)
        self.met: set[str] = set()
        #: untraced, the breaches of each rule silent when met that decides its target alone:
        #: the entries of each binding where it is breached (as a firing's `elements`), in
        #: place of firings, which would be made for the met bindings too
        self.breaches: dict[str, list[tuple]] = {}

    def violated(self, rules: tuple) -> bool:
        return any(r in self.violations for r in rules)

    def violated_on(self, entry, rules: tuple) -> bool:
        for rule in rules:
            for elements in self.violating.get(rule, ()):
                for element in elements:
                    if element is entry or (isinstance(element, Window) and any(e is entry for e in element.items)):
                        return True
        return False

    def grouped(self, items, kind, size, anchor, key, source_path):
        cache_key = (id(items), kind, size, anchor, key)
        hit = self.groups.get(cache_key)
        if hit is None:
            hit = self.groups[cache_key] = windows_of(*self._by_date(items, key), kind, size, anchor, source_path)
        return hit

    def ordered(self, items, key: str) -> list:
        """A list's entries sorted by a date field: what the windows of `grouped` are runs of."""
        return self._by_date(items, key)[0]

    def _by_date(self, items, key: str) -> tuple[list, list, list]:
        # a list is sorted once for all the kinds of window it is split into
        hit = self.sorted_entries.get((id(items), key))
        if hit is None:
            hit = self.sorted_entries[id(items), key] = by_date(items, key)
        return hit


class RuleFailed(Exception):
    """A rule could not be decided for a case (a parameter has no value for a date, a number
    is beyond what arithmetic can hold); the compiled act reports it with the rule's place."""

    def __init__(self, rule: str | None, error: BaseException):
        super().__init__(rule, error)
        self.rule = rule
        self.error = error


#: the reason (in a target's conflict candidates) of two assignments of one output, which
#: contradict only where their values differ; the compiler's other reasons (a prohibition
#: against a duty or a permission) contradict wherever both rules are in force
DIFFERENT_VALUES = "different_values"


def run(module, inputs: dict, traced: bool, rules=None):
    """Evaluate every rule of a generated module on validated inputs; with `rules`, only the
    targets of those rules and the targets they read (their outputs, their violations), which
    decide those rules' findings exactly as the whole act would.

    Returns the context (outputs, definition values) and the firings of every rule, with
    exceptions applied and conflicts listed as (target, firing, firing) triples. Untraced, a
    rule silent when met (see the IR) that decides its target alone makes no firings: what it
    breached is in the context's `breaches` (see :class:`Context`).
    """
    ctx = Context(module, inputs, traced)
    meta = module.RULES
    functions = module.TRACED if traced else module.UNTRACED
    firings: dict[str, list[Firing]] = {}
    conflicts = []
    outputs = ctx.outputs
    violations = ctx.violations
    violating = ctx.violating
    current = None
    plan = _plan(module)
    # a module compiled before targets said what they read is run whole
    if rules is not None and all("needs" in target for target in module.TARGETS):
        chosen = _needed(module, rules)
        plan = [row for index, row in enumerate(plan) if index in chosen]
    try:
        for target, alone, output, has_exceptions, candidates, breaches_only in plan:
            if alone is not None:
                # one rule alone: nothing can override it or contradict it
                current = alone
                made = functions[alone](ctx)
                if breaches_only and not traced:
                    if made:
                        violations.add(alone)
                        violating[alone] = ctx.breaches[alone] = made
                    continue
                effective = firings[alone] = made
                if traced:
                    effective = [f for f in effective if f.effective]
                if not effective:
                    continue
                if output is not None:
                    _settle(outputs, output, effective, ())
                    continue
                breached = [f.elements for f in effective if f.violated]
                if breached:
                    violations.add(alone)
                    violating[alone] = breached
                continue
            for name in target["order"]:
                current = name
                made = functions[name](ctx)
                if not traced and meta[name]["silent_when_met"]:  # exceptions and conflicts read firings
                    made = [Firing(name, elements, True, True, None, None, None) for elements in made]
                firings[name] = made
            if has_exceptions:
                _apply_exceptions(target, meta, firings)
            effective = [f for name in target["rules"] for f in firings[name] if f.effective]
            if not effective:
                continue
            clashes = _conflicts(candidates, effective) if candidates else ()
            conflicts.extend((target, a, b) for a, b in clashes)
            if output is not None:
                _settle(outputs, output, effective, clashes)
            for f in effective:
                if f.violated:
                    violations.add(f.rule)
                    violating.setdefault(f.rule, []).append(f.elements)
    except (EvaluationError, ArithmeticError, RecursionError) as error:
        raise RuleFailed(current, error) from error
    return ctx, firings, conflicts


def _needed(module, rules) -> set[int]:
    """The places of the targets that decide `rules`, and of every target those read."""
    targets = module.TARGETS
    wanted = set(rules)
    todo = [index for index, target in enumerate(targets) if wanted.intersection(target["rules"])]
    needed: set[int] = set()
    while todo:
        index = todo.pop()
        if index not in needed:
            needed.add(index)
            todo.extend(targets[index]["needs"])
    return needed


def _settle(outputs: dict, output: str, effective: list, clashes) -> None:
    """An output's value: the one its effective firings agree on, if they do."""
    if len(effective) == 1:
        outputs[output] = effective[0].value
    else:
        values = {repr(f.value): f.value for f in effective}
        if len(values) == 1 and not clashes:
            outputs[output] = next(iter(values.values()))


def _plan(module) -> tuple:
    """The targets in order, each with its rule if it has only one, the output it settles for
    the whole case, whether any of its rules has exceptions, its classes of rules that clash
    (None when it has none) and whether its one rule gives, untraced, only the entries of its breaches.
    All of it is what the compiler decided (the module's TARGETS and RULES), put in the shape
    the loop reads, once per module."""
    plan = getattr(module, "RUN_PLAN", None)
    if plan is None:
        meta = module.RULES
        rows = []
        for target in module.TARGETS:
            alone = target["order"][0] if len(target["order"]) == 1 else None
            candidates = None
            if target["clashes"]:
                candidates = _Clashes(target["clashes"], target["exempt"])
            rows.append((target, alone, target["case_output"], target["has_exceptions"], candidates,
                         alone is not None and meta[alone]["silent_when_met"]))
        plan = module.RUN_PLAN = tuple(rows)
    return plan


def _apply_exceptions(target: dict, meta: dict, firings: dict) -> None:
    # `order` lists exceptions before the rules they override, so an exception's own
    # exceptions are settled before it is used
    for name in target["order"]:
        overriders = meta[name]["overridden_by"]
        if not overriders:
            continue
        # each exception's firings by the entries they are about, so that each firing finds
        # its own at once (a month of days against a month of days, traced)
        grouped = {other: _by_key(firings.get(other, ())) for other in overriders}
        for firing in firings[name]:
            key = firing.key
            for other in overriders:
                groups = grouped[other]
                # the exception's own evaluation for the same entries (or for the whole case),
                # whose trace says why it did or did not apply: the first one in force, else
                # the last one seen
                matching = groups.get(key, ())
                whole = groups.get((), ()) if key != () else ()
                if whole:
                    matching = sorted([*matching, *whole], key=_first)
                seen = None
                applied = False
                for _, candidate in matching:
                    seen = candidate
                    if candidate.effective:
                        applied = True
                        break
                trace = firing.trace
                if trace is not None:
                    why = seen.trace if seen is not None else None
                    trace.exceptions = [*trace.exceptions, {"rule": other, "applied": applied, "trace": why}]
                if applied and firing.applicable:
                    firing.overridden_by += (other,)
            if firing.overridden_by:
                firing.effective = False


def _by_key(made: list) -> dict[tuple, list[tuple[int, Firing]]]:
    """Firings by the entries they are about, each with its place among them."""
    groups: dict[tuple, list] = {}
    for index, firing in enumerate(made):
        groups.setdefault(firing.key, []).append((index, firing))
    return groups


def _first(pair: tuple):
    return pair[0]


class _Clashes:
    """A target's classes of clashing rules, asked about the rules in force for one case: which
    pairs contradict, and whether only where their values differ."""

    def __init__(self, classes, exempt):
        self.classes = tuple((frozenset(first), frozenset(second), reason == DIFFERENT_VALUES)
                             for first, second, reason in classes)
        self.exempt = frozenset(frozenset(pair) for pair in exempt)
        self.all_compare_values = all(compares for _, _, compares in self.classes)

    def compares_values(self, a: str, b: str) -> bool | None:
        """None if rules `a` and `b` never contradict; otherwise whether they do only where
        their values differ."""
        if a == b or frozenset((a, b)) in self.exempt:
            return None
        for first, second, compares in self.classes:
            if (a in first and b in second) or (b in first and a in second):
                return compares
        return None


def _conflicts(clashes: _Clashes, effective: list) -> list:
    """The pairs of effective firings that contradict each other: firings of two rules the
    compiler put in one class of clashing rules, about the same entries (or one about the whole
    case)."""
    if len(effective) < 2:
        return []
    in_force = sorted({f.rule for f in effective})
    if len(in_force) < 2 or not any(clashes.compares_values(a, b) is not None
                                    for i, a in enumerate(in_force) for b in in_force[i + 1:]):
        return []
    if clashes.all_compare_values and len({repr(f.value) for f in effective}) < 2:
        return []  # assignments that all agree
    found = []
    for i, a in enumerate(effective):
        for b in effective[i + 1:]:
            compares_values = clashes.compares_values(a.rule, b.rule)
            if compares_values is None:
                continue
            if not (a.key == b.key or a.key == () or b.key == ()):
                continue
            if compares_values and a.value == b.value:
                continue
            found.append((a, b))
    return found
