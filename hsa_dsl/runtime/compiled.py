"""A compiled act as the runtime runs it: the namespace of a generated module, with the
validation of cases, the engine and the making of verdicts around it.

The same class serves an act compiled in memory (:class:`hsa_dsl.Act`) and a module written by
``hsa-dsl compile``, which makes one of these from its own globals: both decide every case in
the same way because they are the same code.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Callable

from hsa_dsl.errors import Diagnostic, EvaluationError
from hsa_dsl.runtime import engine
from hsa_dsl.runtime.numbers import exact_numbers
from hsa_dsl.runtime.converters import CaseReader, read_case
from hsa_dsl.runtime.validate import Validator
from hsa_dsl.runtime.verdict import Verdict, VerdictMaker


@contextlib.contextmanager
def collector_paused():
    """Compiling an act, or deciding a case, makes thousands of small objects (a traced verdict
    of a worker-month some hundred thousand) and almost no reference cycles; the cyclic
    garbage collector would walk the growing heap over and over for nothing (a tenth of the
    compile time; a quarter of a traced evaluation, and more in a process with a larger heap).
    It is paused while they run, then left as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class ModuleView:
    """A generated module's namespace read as attributes (``module.RULES``), without copying it:
    what the namespace gains later (the traced variants) is seen at once."""

    def __init__(self, namespace: dict):
        self.__dict__ = namespace


class CompiledAct:
    """What the runtime needs of one compiled act.

    `namespace` holds the generated module's globals. `load_traced`, when given, adds the traced
    variants of the rules to it the first time a traced evaluation needs them (an act compiled
    in memory generates them only then); a written module carries them already.
    """

    def __init__(self, namespace: dict, load_traced: Callable[[dict], None] | None = None):
        self.module = ModuleView(namespace)
        self._load_traced = load_traced
        self._verdicts = VerdictMaker(self.module)
        self._reader: CaseReader | None = None

    @property
    def name(self) -> str:
        return self.module.ACT["name"]

    def validate(self, case, file: str | None = None) -> dict:
        """A case (a mapping of the act's inputs, as plain data) as validated runtime inputs;
        every problem is reported at once, with its field path. `file` names the case's file."""
        if self._reader is None:
            self._reader = CaseReader(self.module)
        with exact_numbers(), collector_paused():
            # the act's converters read a plain case; the validator decides the rest, and says
            # what is wrong (see hsa_dsl.runtime.converters)
            inputs = read_case(self._reader, case)
            return inputs if inputs is not None else Validator(self.module, file).validate(case)

    def evaluate(self, case, trace: bool = False, file: str | None = None) -> Verdict:
        return self.evaluate_inputs(self.validate(case, file), trace)

    def evaluate_inputs(self, inputs: dict, trace: bool = False, rules=None) -> Verdict:
        """The verdict on validated inputs; with `rules`, only those rules' findings (and those
        of the rules they read), decided as the whole act decides them."""
        # the amounts do not depend on the caller's decimal context (its precision, its traps)
        with exact_numbers(), collector_paused():
            ctx, firings, conflicts = self.run(inputs, trace, rules)
            verdict = self._verdicts.make(ctx, firings, conflicts, trace)
            # what only the engine needed is freed now, by counting references: held on until
            # the collector is back, the collector's first walk would go over all of it
            del ctx, firings, conflicts
        return verdict

    def run(self, inputs: dict, traced: bool, rules=None):
        """The engine's result for validated inputs: the context, the firings of every rule and
        the conflicts (see :func:`hsa_dsl.runtime.engine.run`)."""
        if traced:
            self.ensure_traced()
        try:
            return engine.run(self.module, inputs, traced, rules)
        except engine.RuleFailed as failed:
            raise self._located(failed) from None

    def trace_data(self, trace) -> dict | None:
        """A firing's trace as plain data, as findings carry it."""
        return self._verdicts.trace(trace)

    def ensure_traced(self) -> None:
        if self.module.TRACED is None:
            if self._load_traced is None:
                raise EvaluationError.single("this compiled act has no traced variants of its rules")
            self._load_traced(self.module.__dict__)

    def _located(self, failed: "engine.RuleFailed") -> EvaluationError:
        """The error of a rule that could not be decided, naming the rule and its line in the act."""
        cause = failed.error
        if failed.rule is None:
            return cause if isinstance(cause, EvaluationError) else EvaluationError.single(
                f"{type(cause).__name__}: {cause}", hint="the act cannot decide this case; tell its drafters")
        info = self.module.RULES[failed.rule]
        where = f"rule {failed.rule} (article {info['article']}"
        if info.get("line") is not None:
            where += f", line {info['line']} of {self.module.ACT['file']}"
        where += ")"
        if isinstance(cause, EvaluationError):
            first, *rest = cause.diagnostics
            diagnostics = [Diagnostic(f"{where}: {first.message}", first.span, first.hint, first.path, first.file),
                           *rest]
        else:
            diagnostics = [Diagnostic(f"{where}: {type(cause).__name__}: {cause}",
                                      hint="the act cannot decide this case; tell its drafters")]
        return EvaluationError(diagnostics)
