"""The scalar path against the hand-written checker, with validation, for this code and a git revision.

Run from anywhere with the interpreter that has hsa-dsl installed:

    python bench/scalar_bench.py                  # the installed code
    python bench/scalar_bench.py --against REV    # and a git revision of this repository, in the same run

Each version is measured in fresh interpreters (the same one that runs this script), taking turns
round after round so that both see the machine in the same state; a revision's package (as
parse_bench.py lays it out) is put first on its interpreter's module path. Each interpreter
compiles the shipped act of this checkout into a compiled-act cache of its own and loads it from
there, as a program does. The case is bench.py's worker-month, and the yardstick is
bench/hand_written.py run on the inputs that version's validation gives. It prints figures, not
verdicts. See bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from parse_bench import ACT, HERE, in_fresh_interpreter, in_turn

ROUNDS = 5
#: seconds all the rounds of one figure take in one fresh interpreter
SECONDS = 2.0

#: what each fresh interpreter runs: bench.py's figures of section 3, taken in turn
MEASURE = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import bench, hsa_dsl
from hsa_dsl.compiler import codegen
# a revision must be measured with its own compiler, not the installed one
assert sys.argv[4] == "-" or codegen.__file__.startswith(sys.argv[4]), codegen.__file__
# as a program finds it: loaded from the compiled-act cache (the first load writes the entry),
# without what compiling left (the heap the garbage collector walks is the program's)
hsa_dsl.load_act(sys.argv[2])
act = hsa_dsl.load_act(sys.argv[2])
case = bench.worker_month_case()
inputs = act.validate(case)
act.evaluate_inputs(inputs, trace=True)
bench.EVAL_SECONDS = float(sys.argv[3])
print(json.dumps(bench.per_call(bench.timed(act, case, inputs))))
"""


def measure(path_first: Path | None) -> dict:
    with tempfile.TemporaryDirectory() as cache:  # an entry of its own, the user's cache untouched
        return in_fresh_interpreter(MEASURE, [str(HERE), str(ACT), str(SECONDS), str(path_first or "-")],
                                    path_first, HSA_DSL_CACHE=cache)


def us(seconds: float) -> str:
    return f"{seconds * 1e6:9.0f} µs"


def times(seconds: float) -> str:
    return f"{seconds:9.2f} x"


#: (label, figure of a version) printed for each version; ratios are to the hand-written code
LINES = (
    ("act.validate(case)", lambda f: us(f["validate"])),
    ("evaluate_inputs(trace=False)", lambda f: us(f["untraced"])),
    ("validate + evaluate(trace=False)", lambda f: us(f["validated untraced"])),
    ("evaluate_inputs(trace=True)", lambda f: us(f["traced"])),
    ("validate + evaluate(trace=True)", lambda f: us(f["validated traced"])),
    ("hand_written.evaluate", lambda f: us(f["hand"])),
    ("untraced / hand-written", lambda f: times(f["untraced"] / f["hand"])),
    ("untraced with validation / hand-written", lambda f: times(f["validated untraced"] / f["hand"])),
    ("traced / hand-written", lambda f: times(f["traced"] / f["hand"])),
    ("traced with validation / hand-written", lambda f: times(f["validated traced"] / f["hand"])),
)


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--against", metavar="REV", help="also measure this git revision")
    options.add_argument("--rounds", type=int, default=ROUNDS, help=f"fresh interpreters per version ({ROUNDS})")
    arguments = options.parse_args()

    rounds = in_turn(measure, arguments.against, arguments.rounds)

    figures = {name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
               for name, runs in rounds.items()}
    print(f"One worker-month (bench.py's case), Python {sys.version.split()[0]}; medians of "
          f"{arguments.rounds} fresh interpreters per version, taken in turn")
    print(f"  {'':<42}" + "".join(f"{name:>14}" for name in figures))
    for label, shown in LINES:
        print(f"  {label:<42}" + "".join(f"{shown(figure):>14}" for figure in figures.values()))
    print("  targets (issue 18): untraced with validation within 1.5 x, traced within 4 x")


if __name__ == "__main__":
    main()
