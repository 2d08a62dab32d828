"""hsa-dsl: the Household Service Act (Workers' Version) as law that runs, explains itself and
is checked for contradictions.

The public API::

    import hsa_dsl
    act = hsa_dsl.load_act()                 # the shipped act, or load_act("my.hsa")
    verdict = act.evaluate("case.yaml")      # or a dict; trace=False for speed
    for finding in verdict.findings:
        print(finding.kind, finding.provision, finding.conclusion_text)

The package is organised by stage: ``syntax`` (text → AST), ``check`` (AST → checked act),
``compiler`` (checked act → IR → Python), ``runtime`` (what compiled acts run on), ``explain``
(verdict → report) and ``prove`` (the act → solver questions). The names below are loaded when
first used, so that importing a part (the runtime, say) does not load the compiler.
"""

import importlib

#: each public name and the module that defines it
_PUBLIC = {
    "Act": "hsa_dsl.api",
    "load_act": "hsa_dsl.api",
    "load_act_text": "hsa_dsl.api",
    "shipped_act_path": "hsa_dsl.api",
    "Diagnostic": "hsa_dsl.errors",
    "EvaluationError": "hsa_dsl.errors",
    "HsaError": "hsa_dsl.errors",
    "Finding": "hsa_dsl.runtime.verdict",
    "Verdict": "hsa_dsl.runtime.verdict",
}

__all__ = sorted(_PUBLIC)


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'hsa_dsl' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_PUBLIC))
