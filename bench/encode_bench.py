"""What encoding each call of a definition once saves the prover.

    python bench/encode_bench.py

Encodes, for the solver, when every rule of the shipped act applies and when each duty is
breached, for every binding of its `for each` variables (lists of 3 entries, 7 for runs of
days: what `verify` and `diff` build before they ask anything), twice in the same run: with
each call of a definition encoded once for the same arguments, and with every call encoded
anew. Prints both times, the ratio, and how many formulas were built.

A definition is a function of its arguments, so sharing its encoding changes no formula's
meaning; encoded anew, a call whose body makes unknowns of its own (an abstracted computation)
makes fresh ones each time, which only loosens the encoding.
"""

from __future__ import annotations

import time

import hsa_dsl
from hsa_dsl.prove.symbolic import Encoder, Unsupported


def encode_all(act, memoize: bool) -> tuple[float, int]:
    """The time to encode every rule, and the number of formulas."""
    Encoder.memoize_calls = memoize
    try:
        start = time.perf_counter()
        encoder = Encoder(act.program, 3)
        formulas = []
        for rule in act.checked.rules.values():
            try:
                for binding in encoder.bindings(rule):
                    formulas.append(encoder.effective(rule, binding))
                    if rule.violation is not None:
                        formulas.append(encoder.violation(rule, binding))
            except Unsupported:
                continue
        elapsed = time.perf_counter() - start
    finally:
        Encoder.memoize_calls = True
    return elapsed, len(formulas)


def main() -> None:
    act = hsa_dsl.load_act()
    shared, formulas = encode_all(act, True)
    anew, _ = encode_all(act, False)
    print("encoding every rule of the shipped act for the solver")
    print(f"  each call of a definition once   {shared:8.2f} s")
    print(f"  every call anew                  {anew:8.2f} s")
    print(f"  ratio                            {anew / shared:8.1f}")
    print(f"  formulas built                   {formulas:8,}")


if __name__ == "__main__":
    main()
