"""How thoroughly the suite runs: quickly by default, in full with ``--all`` (what CI runs).

A quick run skips the tests marked ``slow`` (solver proofs, long property searches, fresh
interpreters) and tries a quarter of the examples each property test asks for; a full run does
everything. The choice is made once, before the test modules are read (see conftest.py).
"""

THOROUGH = False


def examples(wanted: int) -> int:
    """How many examples a property test tries: all it asks for in a full run, a quarter of them
    (at least five) in a quick one."""
    return wanted if THOROUGH else max(5, wanted // 4)
