"""The public API: load an act, evaluate cases.

    >>> act = load_act("acts/household_service.hsa")      # doctest: +SKIP
    >>> verdict = act.evaluate("examples/long_days.yaml")  # doctest: +SKIP
    >>> [f.rule for f in verdict.violations]               # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path

from hsa_dsl import cache
from hsa_dsl.runtime import CompiledAct
from hsa_dsl.runtime.compiled import collector_paused
from hsa_dsl.runtime.verdict import Verdict
from hsa_dsl.source import Source, normalise_newlines, read_source

SHIPPED_ACT = "household_service.hsa"


def shipped_act_path() -> Path:
    """The act installed with the package (``acts/household_service.hsa`` in the repository)."""
    from importlib import resources

    return Path(str(resources.files("hsa_dsl.acts").joinpath(SHIPPED_ACT)))


def load_act(path=None, max_bytes: int | None = None, use_cache: bool = True) -> "Act":
    """Parse, check and compile an act file (the shipped act when `path` is None) of at most
    `max_bytes` bytes (:data:`hsa_dsl.source.MAX_ACT_BYTES` unless given); an act compiled before is loaded
    from the cache (see :mod:`hsa_dsl.cache`) unless `use_cache` is false."""
    source = read_source(path if path is not None else shipped_act_path(), max_bytes)
    return Act.from_source(source, use_cache)


def load_act_text(text: str, name: str = "<act>", use_cache: bool = True) -> "Act":
    return Act.from_source(Source(name, normalise_newlines(text)), use_cache)


class Act:
    """A compiled act: the runtime's compiled act (its rules, run on cases) and, made or read
    when first asked for, the checked act, the IR and the generated code it came from."""

    def __init__(self, source: Source, compiled: CompiledAct, entry: "cache.Entry | None" = None,
                 checked=None, program=None, generated=None):
        self.source = source
        self.compiled = compiled
        self._entry = entry
        self._checked = checked
        self._program = program
        self._generated = generated

    @classmethod
    def from_source(cls, source: Source, use_cache: bool = True) -> "Act":
        entry = cache.entry_for(source.text, source.name) if use_cache else None
        if entry is not None:
            code, tables = entry.read_code("module.code"), entry.read_object("tables.pickle")
            if code is not None and tables is not None:
                namespace = dict(tables)
                exec(code, namespace)
                act = cls(source, None, entry)
                act.compiled = CompiledAct(namespace, act._load_traced)
                return act
        return cls.compile(source, entry)

    @classmethod
    def compile(cls, source: Source, entry: "cache.Entry | None" = None) -> "Act":
        """Parse, check and compile `source`, and keep the result in `entry` if given."""
        from hsa_dsl.check.checker import check
        from hsa_dsl.compiler import codegen
        from hsa_dsl.compiler.lower import compile_to_ir
        from hsa_dsl.syntax import parse

        with collector_paused():
            checked = check(parse(source), source.name)
            program = compile_to_ir(checked)
            generated = codegen.generate(program)
            # the code is built from the IR with the ast module, never from text of the act or a case
            code = codegen.compile_module(generated.main, _filename(source))
        namespace = dict(generated.tables)
        exec(code, namespace)
        act = cls(source, None, entry, checked, program, generated)
        act.compiled = CompiledAct(namespace, act._load_traced)
        if entry is not None:
            entry.write_object("tables.pickle", generated.tables)
            entry.write_object("checked.pickle", checked)
            # last: an entry is used only once its module is there
            entry.write_code("module.code", code)
        return act

    def _load_traced(self, namespace: dict) -> None:
        code = self._entry.read_code("traced.code") if self._entry is not None else None
        if code is None:
            from hsa_dsl.compiler import codegen

            # what the code is generated from is let go again if it was not held before: the
            # checked act, the IR and the trees of the generated code are some hundred thousand
            # objects, which the garbage collector would walk in every full collection of a
            # program that only decides cases (six times what the rest of its heap takes)
            held = self._checked, self._program, self._generated
            code = codegen.compile_module(self.generated.traced, _filename(self.source))
            self._checked, self._program, self._generated = held
            if self._entry is not None:
                self._entry.write_code("traced.code", code)
        exec(code, namespace)

    # ------------------------------------------------------------------ what it came from

    @property
    def checked(self):
        """The checked act (:class:`hsa_dsl.check.checked.CheckedAct`)."""
        if self._checked is None:
            if self._entry is not None:
                self._checked = self._entry.read_object("checked.pickle")
            if self._checked is None:
                from hsa_dsl.check.checker import check
                from hsa_dsl.syntax import parse

                with collector_paused():
                    self._checked = check(parse(self.source), self.source.name)
        return self._checked

    @property
    def program(self):
        """The IR (:class:`hsa_dsl.compiler.ir.Program`)."""
        if self._program is None:
            from hsa_dsl.compiler.lower import compile_to_ir

            with collector_paused():
                self._program = compile_to_ir(self.checked)
        return self._program

    @property
    def generated(self):
        if self._generated is None:
            from hsa_dsl.compiler import codegen

            self._generated = codegen.generate(self.program)
        return self._generated

    @property
    def name(self) -> str:
        return self.compiled.name

    @property
    def module(self):
        """The generated module's namespace (``act.module.RULES``)."""
        return self.compiled.module

    def python_source(self) -> str:
        """The standalone module `hsa-dsl compile` writes, with the act's English notice of what
        it is (its `act_status` phrase), where its language file gives one."""
        from hsa_dsl.compiler import codegen
        from hsa_dsl.explain.explanation import load_templates

        notice = load_templates(self, "en").act_phrase("act_status")
        return codegen.to_source(self.generated, notice)

    # ------------------------------------------------------------------ cases

    def validate(self, case, file: str | None = None, max_bytes: int | None = None) -> dict:
        """A case (a mapping, or a path to a JSON/YAML file of at most `max_bytes` bytes, 16 MiB
        unless given) as validated runtime inputs. `file` names a mapping's file in errors."""
        if isinstance(case, (str, Path)):
            from hsa_dsl.cases import load_case_file

            file = str(case)
            case = load_case_file(case, max_bytes)
        return self.compiled.validate(case, file)

    def evaluate(self, case, trace: bool = True, file: str | None = None, max_bytes: int | None = None) -> Verdict:
        return self.evaluate_inputs(self.validate(case, file, max_bytes), trace)

    def evaluate_inputs(self, inputs: dict, trace: bool = True) -> Verdict:
        """The verdict on inputs `validate` made. A traced finding makes its trace into data
        when it is first read, from the records of these inputs: they are the verdict's, so a
        changed case is validated and decided anew (or on a copy), never changed in place."""
        return self.compiled.evaluate_inputs(inputs, trace)

    # ------------------------------------------------------------------ schema

    def case_schema(self) -> dict:
        from hsa_dsl.schema import case_schema

        return case_schema(self.checked)


def _filename(source: Source) -> str:
    """The name tracebacks give the generated code."""
    return f"<hsa-dsl generated from {source.name}>"
