"""How long `hsa-dsl verify` takes on the shipped act (target: under 60 s on 2 cores).

    python bench/verify_bench.py

Prints the wall time of the command in a fresh interpreter (as a user runs it, with the example
cases that show rules applying: `--cases examples`) and, in process, the time of the
verification alone, with the number of questions, and the time without the example cases.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

from pathlib import Path

import hsa_dsl
from hsa_dsl.cases import load_case_file
from hsa_dsl.prove.verify import verify

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

RUNS = 3
TARGET_SECONDS = 60


def main() -> None:
    walls = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "hsa_dsl.cli", "verify", "--cases", str(EXAMPLES)],
                              capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 1, 3, 4):
            print(done.stdout, done.stderr)
            sys.exit(1)
    act = hsa_dsl.load_act()
    cases = [load_case_file(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    inside = []
    for _ in range(RUNS):
        start = time.perf_counter()
        report = verify(act, cases=cases)
        inside.append(time.perf_counter() - start)
    start = time.perf_counter()
    alone = verify(act)
    without_cases = time.perf_counter() - start
    print("hsa-dsl verify on the shipped act")
    print(f"  questions put to the solver         {len(report.answers):>8}")
    print(f"  findings / unknown                  {len(report.findings):>4} / {len(report.unknown)}")
    print(f"  `hsa-dsl verify`, median of {RUNS}      {statistics.median(walls):>8.2f} s   target < {TARGET_SECONDS} s")
    print(f"  verification alone, median of {RUNS}    {statistics.median(inside):>8.2f} s")
    print(f"  without the example cases           {without_cases:>8.2f} s   "
          f"({len(alone.unknown)} unknown; ratio {without_cases / statistics.median(inside):.1f})")
    print(f"  verdict                             {report.verdict}")
    print(f"  ratio to the target                 {statistics.median(walls) / TARGET_SECONDS:>8.3f}")


if __name__ == "__main__":
    main()
