"""The act's targets decided for a batch of cases at once, and the audit record of each case.

The targets run in the IR's order, as the engine runs them for one case (see
:mod:`hsa_dsl.runtime.engine`): each rule's `for each` makes its frame, its condition says
where it applies, exceptions take a firing's place where one of them applies to the same
entries (or to the whole case), an output takes the value its firings agree on, and what a
rule found violated is there for the rules that read `violated(...)`.

A case is decided again on the scalar path, whole, where the batch cannot vouch for its
answer: a row of one of its rules failed (the scalar path says why, with the rule's place),
two rules that may contradict each other are both in force in it (the scalar path finds the
conflict, or that their values agree), or a rule reads a part of the act this backend does not
decide. The records are then the scalar path's own.
"""

from __future__ import annotations

import numpy as np

from hsa_dsl.check import checked as typed
from hsa_dsl.compiler import ir

from .records import RecordColumns, RecordLayout, layout_of
from .expressions import Batch, Expressions, Frame, _bare, _kind_of, _round_half_up, _select
from .store import Store, Unsupported
from .values import ENTRY, WINDOW, Column, as_python, either, not_given

MONEY_UNITS = ("money",)


class CompiledRule:
    __slots__ = ("rule", "scopes", "scope_keys", "condition", "violation", "value", "sanctions", "finding", "money")

    def __init__(self, rule: ir.IRRule, expressions: Expressions, finding: str | None, money: bool):
        self.rule = rule
        self.scopes = [(s.variable, expressions.compile_list(s.source)) for s in rule.scopes]
        self.scope_keys = [("scope", expressions.key_of(s.source)) for s in rule.scopes]
        self.condition = expressions.compile(rule.condition) if rule.condition is not None else None
        self.violation = expressions.compile(rule.violation) if rule.violation is not None else None
        self.value = expressions.compile(rule.value) if rule.value is not None else None
        self.sanctions = [expressions.compile(bound) for s in rule.sanctions for bound in (s.low, s.high)
                          if bound is not None]
        #: the kind of the findings an effective firing makes (None: none, or by `violated`)
        self.finding = finding
        #: whether its findings are money owed (an entitlement in money)
        self.money = money


class Firings:
    """One rule's evaluation for every binding of a batch: the frame of its bindings, where it
    applies, where exceptions leave it in force, whether it was violated, its values."""

    __slots__ = ("frame", "applicable", "effective", "violated", "value")

    def __init__(self, frame: Frame, applicable, violated, value):
        self.frame = frame
        self.applicable = applicable
        self.effective = applicable
        self.violated = violated
        self.value = value


class BatchAct:
    """An act compiled for batches (from its IR, as the scalar module is): see the module's
    docstring. `scalar_rules` are the rules decided on the scalar path, and why."""

    def __init__(self, act):
        self.act = act
        program = act.program
        self.program = program
        checked = program.act
        expressions = self._expressions = Expressions(program)
        self._checks = None
        #: a number for each table and list a key names (see `_keys`)
        self._codes: dict[str, int] = {}
        self.rule_order = [r.name for r in program.rules]
        self.rules: dict[str, CompiledRule] = {}
        self.scalar_rules: dict[str, str] = {}
        by_name = {r.name: r for r in program.rules}
        for rule in program.rules:
            finding, money = _finding_kind(rule, checked)
            try:
                self.rules[rule.name] = CompiledRule(rule, expressions, finding, money)
            except Unsupported as reason:
                self.scalar_rules[rule.name] = str(reason)
        # a target with a rule decided on the scalar path, or reading one, is decided there whole
        self.scalar_targets: set[int] = set()
        for index, target in enumerate(program.targets):
            if any(name in self.scalar_rules for name in target.rules) or \
                    any(need in self.scalar_targets for need in target.needs):
                self.scalar_targets.add(index)
                for name in target.rules:
                    self.scalar_rules.setdefault(name, "it reads a rule decided on the scalar path")
        self.by_name = by_name
        self.layout = _layout(program.rules, checked)
        #: the validator checks a case's records before any rule decides anything: a check
        #: that reads an output or a violation sees none, so it is evaluated in a batch apart
        self._checks_read_facts_only = not any(
            _reads_decisions(check.condition, expressions.definitions) for check in program.checks)

    def decide(self, cases: list[dict]) -> tuple[RecordColumns, np.ndarray]:
        """The records of validated cases (without their ids), and which cases the batch left
        to the scalar path (the records do not keep them)."""
        try:
            return self._decide(Store(self.program.act, cases))
        except (Unsupported, OverflowError, MemoryError):
            # values this backend cannot hold (a denominator beyond 64 bits, a kind of value met
            # only in the cases, a frame too large): the scalar path decides the whole batch
            return RecordColumns.none_kept(self.layout, len(cases)), np.ones(len(cases), bool)

    def decide_store(self, store: Store, accepted: np.ndarray) -> tuple[RecordColumns, np.ndarray]:
        """The records of the cases of tables read as columns (see :mod:`hsa_dsl.batch.columnar`),
        where `accepted` says which the columns hold as the validator would; the others, and any
        whose record check fails, are left to the scalar path (the records do not keep them)."""
        try:
            batch = Batch(store)
            # checks that read only facts share the batch with the rules, and what they work out
            checked_in = batch if self._checks_read_facts_only else Batch(store)
            accepted = accepted & ~self._refused_by_checks(store, checked_in)
            records, fallback = self._decide(store, batch)
        except (Unsupported, OverflowError, MemoryError):
            return RecordColumns.none_kept(self.layout, store.cases), np.ones(store.cases, bool)
        fallback = fallback | ~accepted
        records.leave_out(fallback)
        return records, fallback

    def _refused_by_checks(self, store: Store, batch: Batch) -> np.ndarray:
        """The cases with a record whose `check` fails (or cannot be decided), as the validator
        would find them."""
        if self._checks is None:
            self._checks = [(check.record, self._expressions.compile(check.condition)) for check in self.program.checks]
        refused = np.zeros(store.cases, bool)
        for table in list(store.tables.values()):
            kept = [compiled for record, compiled in self._checks if record == table.record]
            if not kept or table.size == 0:
                continue
            frame = batch.entries_frame(table, "record")
            present = _present_rows(store, table)
            for compiled in kept:
                result = compiled(frame)
                bad = ~result.values
                if result.failed is not None:
                    bad |= result.failed
                bad &= present
                refused[table.case[bad]] = True
        return refused | batch.unvouched

    def _decide(self, store: Store, batch: Batch | None = None) -> tuple[RecordColumns, np.ndarray]:
        batch = batch if batch is not None else Batch(store)
        fallback = np.zeros(store.cases, bool)
        if self.scalar_targets:
            fallback[:] = True
        results: dict[str, Firings] = {}
        for index, target in enumerate(self.program.targets):
            if index in self.scalar_targets:
                continue
            for name in target.order:
                firings, failed = self._run(self.rules[name], batch)
                results[name] = firings
                fallback |= failed
            if target.has_exceptions:
                self._apply_exceptions(target, results)
            if target.clashes:
                fallback |= self._may_conflict(target, results, store.cases)
            if target.case_output is not None:
                batch.outputs[target.case_output] = self._settle(target, results, store.cases)
            for name in target.rules:
                self._record_violations(name, results[name], batch)
        fallback |= batch.unvouched
        return self._records(results, store.cases, fallback), fallback

    # ------------------------------------------------------------------ one rule

    def _run(self, compiled: CompiledRule, batch: Batch) -> tuple[Firings, np.ndarray]:
        frame = batch.root
        for (variable, source), key in zip(compiled.scopes, compiled.scope_keys):
            # the rules that range over the same list with the same name share its frame, and
            # with it what is worked out in it
            child = frame.memo.get((key, variable))
            if child is None:
                child = frame.memo[key, variable] = frame.child(source(frame), variable)[0]
            frame = child
        n = len(frame)
        failed = None
        if compiled.condition is not None:
            condition = compiled.condition(frame)
            failed = condition.failed
            applicable = condition.values.copy()
            if failed is not None:
                applicable &= ~failed
        else:
            applicable = np.ones(n, bool)
        violated = value = None
        if compiled.violation is not None:
            violated = compiled.violation(frame)
            failed = either(failed, _used(violated, applicable))
        if compiled.value is not None:
            value = compiled.value(frame)
            failed = either(failed, _used(value, applicable))
        for sanction in compiled.sanctions:
            failed = either(failed, _used(sanction(frame), applicable))
        cases = np.zeros(batch.store.cases, bool)
        if failed is not None:
            cases[frame.case[failed]] = True
        return Firings(frame, applicable, violated, value), cases

    def _apply_exceptions(self, target: ir.IRTarget, results: dict[str, Firings]) -> None:
        """A firing is overridden where an exception of its rule is in force for the same
        entries, or for the whole case (the engine's `Firing.key`)."""
        for name in target.order:
            rule = self.by_name[name]
            if not rule.overridden_by:
                continue
            firings = results[name]
            rows = np.flatnonzero(firings.applicable)
            if len(rows) == 0:
                continue
            own = self._keys(firings, rule, rows)
            overridden = np.zeros(len(rows), bool)
            for other in rule.overridden_by:
                theirs = results[other]
                their_rows = np.flatnonzero(theirs.effective)
                if len(their_rows) == 0:
                    continue
                other_rule = self.by_name[other]
                if not other_rule.scopes:
                    overridden |= np.isin(own[:, 0], theirs.frame.case[their_rows])
                    continue
                keys = self._keys(theirs, other_rule, their_rows)
                if keys.shape[1] == own.shape[1]:
                    _, ids = np.unique(np.concatenate([own, keys]), axis=0, return_inverse=True)
                    ids = ids.ravel()
                    overridden |= np.isin(ids[:len(own)], ids[len(own):])
            effective = firings.applicable.copy()
            effective[rows[overridden]] = False
            firings.effective = effective

    def _keys(self, firings: Firings, rule: ir.IRRule, rows: np.ndarray) -> np.ndarray:
        """Which entries each firing is about, as the engine's `Firing.key` compares them, with
        its case first: a row per firing, a whole number per entry (an entry by its table and
        row, a window by the list it was cut from, as written, and its dates)."""
        frame = firings.frame
        columns = [frame.case[rows]]
        for scope in rule.scopes:
            element = frame.lookup(scope.variable).take(rows)
            if element.kind == WINDOW:
                windows = element.table
                text = self._code(windows.source_text)
                start = windows.start[element.values]
                length = windows.end[element.values] - start
                columns.append(-((text << 44) + (start << 22) + length) - 1)
            else:
                columns.append((self._code(element.table.name) << 40) + element.values)
        return np.stack(columns, axis=1)

    def _code(self, name: str) -> int:
        return self._codes.setdefault(name, len(self._codes))

    def _may_conflict(self, target: ir.IRTarget, results: dict[str, Firings], cases: int) -> np.ndarray:
        """The cases where two rules that may contradict each other are both in force: the
        scalar path decides whether they do, and says so."""
        in_force = {name: _cases_with(results[name].effective, results[name].frame, cases) for name in target.rules}
        out = np.zeros(cases, bool)
        for clash in target.clashes:
            members = list(dict.fromkeys(clash.first + clash.second))
            count = np.zeros(cases, np.int64)
            for name in members:
                count += in_force[name]
            first = np.zeros(cases, bool)
            second = np.zeros(cases, bool)
            for name in clash.first:
                first |= in_force[name]
            for name in clash.second:
                second |= in_force[name]
            out |= first & second & (count >= 2)
        return out

    def _settle(self, target: ir.IRTarget, results: dict[str, Firings], cases: int) -> Column:
        """The output's value in each case: the one its effective firings agree on, if they do."""
        output = self.program.act.outputs[target.case_output]
        kind = _kind_of(output.type)
        settled = not_given(kind, cases)
        count = np.zeros(cases, np.int64)
        values = []
        for name in target.rules:
            firings = results[name]
            rows = np.flatnonzero(firings.effective)
            if len(rows) == 0:
                continue
            case = firings.frame.case[rows]
            count += np.bincount(case, minlength=cases)
            values.append((case, firings.value.take(rows)))
        for case, value in values:
            alone = count[case] == 1
            if alone.any():
                placed = Column(value.kind, np.zeros(cases, value.values.dtype), value.denominator,
                                given=np.zeros(cases, bool), table=value.table)
                placed.values[case[alone]] = value.values[alone]
                placed.given[case[alone]] = value.is_given()[alone]
                settled = _select(~settled.is_given() & _mask(case[alone], cases), placed, settled)
        several = np.flatnonzero(count > 1)
        if len(several):
            # rare: several rules in force; they settle the output where their values agree
            seen: dict[int, list] = {}
            for case, value in values:
                for i, c in enumerate(case):
                    if count[c] > 1:
                        seen.setdefault(int(c), []).append((i, value))
            for c, found in seen.items():
                shown = {repr(as_python(value, i)) for i, value in found}
                if len(shown) == 1:
                    i, value = found[0]
                    single = value.take(np.asarray([i]))
                    placed = Column(single.kind, np.repeat(single.values, cases), single.denominator,
                                    given=np.repeat(single.is_given(), cases), table=single.table)
                    settled = _select(_mask(np.asarray([c]), cases), placed, settled)
        return settled

    def _record_violations(self, name: str, firings: Firings, batch: Batch) -> None:
        if firings.violated is None:
            return
        rows = firings.effective & firings.violated.values
        if firings.violated.failed is not None:
            rows &= ~firings.violated.failed
        if not rows.any():
            return
        frame = firings.frame
        batch.violated[name] = _mask(frame.case[rows], batch.store.cases)
        marked: dict[str, np.ndarray] = {}
        for variable, _ in self.rules[name].scopes:
            element = frame.lookup(variable).take(np.flatnonzero(rows))
            if element.kind == ENTRY:
                table = element.table
                mask = marked.setdefault(table.name, np.zeros(table.size, bool))
                mask[element.values] = True
            elif element.kind == WINDOW:
                windows = element.table
                runs = windows.runs(element.values)
                _, entries, _ = runs.expand()
                mask = marked.setdefault(windows.source.name, np.zeros(windows.source.size, bool))
                mask[entries] = True
        batch.violated_entries[name] = marked

    # ------------------------------------------------------------------ records

    def _records(self, results: dict[str, Firings], cases: int, fallback: np.ndarray) -> RecordColumns:
        """The audit record of each case, as columns (see :mod:`hsa_dsl.batch.records`): the
        findings each rule made in it, each amount owed, rounded as reported, in the order of
        the firings, and the warnings."""
        layout = self.layout
        counts = np.zeros((cases, len(layout.slots)), np.int64)
        warned = np.zeros((cases, len(layout.warnings)), np.int64)
        item_case, item_rule, item_amount = [], [], []
        for name in self.rule_order:
            firings = results.get(name)
            if firings is None:
                continue
            compiled = self.rules[name]
            kind = compiled.finding
            if kind == "none":
                continue
            rows = firings.effective
            if kind is None:  # a norm with `violated when`: a finding where violated
                if firings.violated is None:
                    continue
                rows = rows & firings.violated.values
            chosen = np.flatnonzero(rows)
            if len(chosen) == 0:
                continue
            case = firings.frame.case[chosen]
            if kind == "warning":
                warned[:, layout.warning_of[name]] = np.bincount(case, minlength=cases)
            else:
                counts[:, layout.slot_of[name]] = np.bincount(case, minlength=cases)
            if compiled.money:
                # each amount owed, in the order of the firings; none of nothing
                value = firings.value.take(chosen)
                rounded = _round_half_up([value]).values
                owed = value.is_given() & (rounded != 0)
                item_case.append(case[owed])
                item_amount.append(rounded[owed])
                item_rule.append(np.full(int(owed.sum()), layout.money_of[name], np.int64))
        joined = (np.concatenate(part) if part else np.zeros(0, np.int64) for part in (item_case, item_rule, item_amount))
        return RecordColumns(layout, counts, warned, *joined, ~fallback)


def _reads_decisions(node, definitions: dict, seen: set | None = None) -> bool:
    """Whether an expression reads an output or a violation, itself or through definitions."""
    seen = set() if seen is None else seen
    node = _bare(node)
    if isinstance(node, (typed.TOutput, typed.TViolated)):
        return True
    if isinstance(node, typed.TDefinition) and node.name not in seen:
        seen.add(node.name)
        if _reads_decisions(definitions[node.name].body, definitions, seen):
            return True
    return any(_reads_decisions(child, definitions, seen) for child in typed.children(node))


def _layout(rules: list[ir.IRRule], act) -> RecordLayout:
    """What a record counts: each rule's findings but warnings, the warnings by rule, and the
    rules whose findings are money owed."""
    slots, warnings, money = [], [], []
    for rule in rules:
        kind, owed = _finding_kind(rule, act)
        if kind == "warning":
            warnings.append(rule.name)
        elif kind != "none":
            slots.append((rule.name, rule.article, kind or "violation"))
        if owed:
            money.append((rule.name, rule.article))
    return layout_of(slots, warnings, money)


def _finding_kind(rule: ir.IRRule, act) -> tuple[str | None, bool]:
    """The kind of finding an effective firing of the rule makes (None: a violation where it is
    violated, nothing where met), and whether it is money owed. As :class:`VerdictMaker`."""
    kind = rule.kind
    if kind in ("permission", "penalty", "warning"):
        return kind, False
    if kind == "assignment":
        output = act.outputs[rule.output]
        unit = str(output.type).removeprefix("optional ")
        owed = output.owed_to is not None and output.owed_to != ""
        return ("entitlement" if owed else "value"), owed and unit in MONEY_UNITS
    if rule.violation is None:
        return ("obligation" if kind == "obligation" else "none"), False
    return None, False


def _present_rows(store: Store, table) -> np.ndarray:
    """The rows of a table that hold a record of some case: a record inside another is absent
    where the field that holds it is not given."""
    present = np.ones(table.size, bool)
    for column in store.inputs.values():
        if column.table is table and column.given is not None:
            present = np.zeros(table.size, bool)
            present[column.values[column.given]] = True
    for owner in store.tables.values():
        for field, child in owner.records.items():
            if child is table:
                rows = owner.column(field)
                if rows.given is not None:
                    present = np.zeros(table.size, bool)
                    present[rows.values[rows.given]] = True
    return present


def _used(value: Column, applicable: np.ndarray):
    """The rows where a value the rule's firing holds failed."""
    if value.failed is None:
        return None
    failed = value.failed & applicable
    return failed if failed.any() else None


def _mask(rows: np.ndarray, size: int) -> np.ndarray:
    mask = np.zeros(size, bool)
    mask[rows] = True
    return mask


def _cases_with(rows: np.ndarray, frame: Frame, cases: int) -> np.ndarray:
    return _mask(frame.case[rows], cases)


__all__ = ["BatchAct"]
