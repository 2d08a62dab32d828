"""Stage 3: surface AST → checked act (names resolved, expressions typed).

``check(act_file, source_name)`` is the entry point (see :mod:`hsa_dsl.check.checker`). It is
loaded when first used, so that reading the checked act's node classes
(:mod:`hsa_dsl.check.checked`) does not load the checker.
"""

__all__ = ["check"]


def __getattr__(name: str):
    if name == "check":
        from hsa_dsl.check.checker import check

        return check
    raise AttributeError(f"module 'hsa_dsl.check' has no attribute {name!r}")
