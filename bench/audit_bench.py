"""How fast `hsa-dsl audit` decides worker-months, and whether its memory stays flat.

    python bench/audit_bench.py [SIZE]

Makes a synthetic population (bench/population.py, seed 1) of SIZE worker-months (default
4,000) and of twice as many, and runs `hsa-dsl audit` on them in a fresh interpreter with 1 and
2 processes. Prints, for each run, the worker-months decided per second and the peak memory of
the command (its own and its worker processes'), and the ratios that matter: 2 processes
against 1, the larger input's peak memory against the smaller's (about 1 where memory is flat),
and the rate against the target of the batch backend (10,000 worker-months a second per core).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import population  # noqa: E402

BATCH_TARGET_PER_CORE = 10_000


def write_population(path: Path, size: int) -> None:
    with open(path, "w", encoding="utf-8") as stream:
        for case in population.population(size, seed=1):
            stream.write(json.dumps(case, separators=(",", ":")) + "\n")


def run(cases: Path, jobs: int) -> tuple[float, float, dict]:
    """Seconds, peak memory in MiB (the command and its workers), and the summary."""
    summary = cases.with_suffix(f".summary{jobs}.json")
    command = [sys.executable, "-c",
               "import resource, sys; from hsa_dsl.cli import main\n"
               "try:\n    main()\nfinally:\n"
               "    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
               " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "    print(peak, file=sys.stderr)\n",
               "audit", str(cases), "--jobs", str(jobs), "--out", os.devnull, "--summary", str(summary)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr)
        sys.exit(1)
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    return seconds, peak_kib / 1024, json.loads(summary.read_text(encoding="utf-8"))


def main(argv=None) -> None:
    size = int((argv or sys.argv[1:] or ["4000"])[0])
    with tempfile.TemporaryDirectory() as folder:
        small, large = Path(folder) / "small.jsonl", Path(folder) / "large.jsonl"
        write_population(small, size)
        write_population(large, 2 * size)
        # the compiled act in the cache first, as a user's second run finds it
        subprocess.run([sys.executable, "-m", "hsa_dsl.cli", "check"], capture_output=True)
        results = {}
        for cases, n in ((small, size), (large, 2 * size)):
            for jobs in (1, 2):
                seconds, peak, summary = run(cases, jobs)
                assert summary["cases"] == n, summary
                results[n, jobs] = (seconds, peak, summary)
    print(f"hsa-dsl audit on synthetic worker-months (bench/population.py, seed 1), {os.cpu_count()} cores")
    for (n, jobs), (seconds, peak, summary) in sorted(results.items()):
        print(f"  {n:>7,} cases, {jobs} process{'es' if jobs > 1 else '  '}  {seconds:7.2f} s  "
              f"{n / seconds:8,.0f} a second  peak {peak:7.1f} MiB  ({summary['refused']} refused)")
    one = size / results[size, 1][0]
    two = size / results[size, 2][0]
    print(f"  2 processes against 1               {two / one:5.2f}")
    print(f"  peak memory, {2 * size:,} against {size:,} cases  {results[2 * size, 1][1] / results[size, 1][1]:5.2f}")
    print(f"  1 process against the batch target   {one / BATCH_TARGET_PER_CORE:7.3f}"
          f"  ({BATCH_TARGET_PER_CORE:,} a second per core)")


if __name__ == "__main__":
    main()
