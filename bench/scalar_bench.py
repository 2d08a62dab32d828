"""The scalar path against the hand-written checker, with validation, for this code and a git revision.

Run from anywhere with the interpreter that has hsa-dsl installed:

    python bench/scalar_bench.py                  # the installed code
    python bench/scalar_bench.py --against REV    # and a git revision of this repository, in the same run

Each version is measured in fresh interpreters (the same one that runs this script), taking turns
round after round so that both see the machine in the same state; a revision's `hsa_dsl/` and
`grammar/` are put first on its interpreter's module path, and it compiles the shipped act of this
checkout with the compiled-act cache off. The case is bench.py's worker-month, and the yardstick is
bench/hand_written.py run on the inputs that version's validation gives. It prints figures, not
verdicts. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ACT = HERE.parent / "acts" / "household_service.hsa"
ROUNDS = 5
#: seconds each figure is timed for in one fresh interpreter
SECONDS = 0.4

#: what each fresh interpreter runs: every figure in turn, each a loop of about SECONDS, five
#: times, the median per call of each
MEASURE = r"""
import gc, json, statistics, sys, timeit
sys.path.insert(0, sys.argv[1])
import hsa_dsl, hand_written
from hsa_dsl.compiler import codegen
# a revision must be measured with its own compiler, not the installed one
assert sys.argv[4] == "-" or codegen.__file__.startswith(sys.argv[4]), codegen.__file__
from bench import worker_month_case
act = hsa_dsl.load_act(sys.argv[2], use_cache=False)
case = worker_month_case()
inputs = act.validate(case)
act.evaluate_inputs(inputs, trace=True)
seconds = float(sys.argv[3])
functions = {
    "validate": lambda: act.validate(case),
    "untraced": lambda: act.evaluate_inputs(inputs, trace=False),
    "validated untraced": lambda: act.evaluate_inputs(act.validate(case), trace=False),
    "traced": lambda: act.evaluate_inputs(inputs, trace=True),
    "validated traced": lambda: act.evaluate_inputs(act.validate(case), trace=True),
    "hand": lambda: hand_written.evaluate(inputs),
}

timers = {}
for name, fn in functions.items():
    timer = timeit.Timer(fn, setup="gc.enable()", globals={"gc": gc})
    number, took = timer.autorange()
    timers[name] = (timer, max(1, int(number * seconds / 5 / max(took, 1e-9))))
rounds = {name: [] for name in functions}
for _ in range(5):
    for name, (timer, number) in timers.items():
        rounds[name].append(timer.timeit(number) / number)
print(json.dumps({name: statistics.median(times) for name, times in rounds.items()}))
"""


def revision_tree(revision: str, into: Path) -> Path:
    """`revision`'s hsa_dsl package, with its grammar, laid out as an importable package under `into`."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=HERE, capture_output=True,
                          text=True, check=True).stdout.strip()
    archive = into / "revision.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), revision, "hsa_dsl", "grammar",
                    "compiler", "acts"], cwd=root, check=True)
    subprocess.run(["tar", "-xf", str(archive), "-C", str(into)], check=True)
    for package in ("compiler", "grammar", "acts"):  # installed inside hsa_dsl (pyproject.toml)
        shutil.move(str(into / package), str(into / "hsa_dsl" / package))
    return into


def measure(path_first: Path | None) -> dict:
    env = dict(os.environ, HSA_DSL_CACHE="off")
    if path_first is not None:
        env["PYTHONPATH"] = str(path_first)
    done = subprocess.run([sys.executable, "-c", MEASURE, str(HERE), str(ACT), str(SECONDS),
                           str(path_first) if path_first is not None else "-"],
                          capture_output=True, text=True, env=env, cwd=tempfile.gettempdir())
    if done.returncode != 0:
        sys.exit(f"the measurement failed:\n{done.stderr}")
    return json.loads(done.stdout)


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

    with tempfile.TemporaryDirectory() as scratch:
        versions = {"this code": None}
        if arguments.against:
            versions[arguments.against] = revision_tree(arguments.against, Path(scratch))
        rounds: dict[str, list[dict]] = {name: [] for name in versions}
        for _ in range(arguments.rounds):
            for name, path_first in versions.items():
                rounds[name].append(measure(path_first))

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
