"""How long `hsa-dsl verify` takes on the shipped act (target: under 60 s on 2 cores).

    python bench/verify_bench.py

Prints the wall time of the command in a fresh interpreter (as a user runs it) and, in process,
the time of the verification alone, with the number of questions put to the solver.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time

import hsa_dsl
from hsa_dsl.prove.verify import verify

RUNS = 3
TARGET_SECONDS = 60


def main() -> None:
    walls = []
    for _ in range(RUNS):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "hsa_dsl.cli", "verify"], capture_output=True, text=True)
        walls.append(time.perf_counter() - start)
        if done.returncode not in (0, 1, 3):
            print(done.stdout, done.stderr)
            sys.exit(1)
    act = hsa_dsl.load_act()
    inside = []
    for _ in range(RUNS):
        start = time.perf_counter()
        report = verify(act)
        inside.append(time.perf_counter() - start)
    print("hsa-dsl verify on the shipped act")
    print(f"  questions put to the solver         {len(report.answers):>8}")
    print(f"  findings / unknown                  {len(report.findings):>4} / {len(report.unknown)}")
    print(f"  `hsa-dsl verify`, median of {RUNS}      {statistics.median(walls):>8.2f} s   target < {TARGET_SECONDS} s")
    print(f"  verification alone, median of {RUNS}    {statistics.median(inside):>8.2f} s")
    print(f"  ratio to the target                 {statistics.median(walls) / TARGET_SECONDS:>8.3f}")


if __name__ == "__main__":
    main()
