"""How fast `hsa-dsl audit` decides worker-months, on the scalar path and the batch backend, and
whether its memory stays flat.

    python bench/audit_bench.py [--size 100000] [--national]

Makes a synthetic population (bench/population.py, seed 1) of SIZE worker-months as JSON Lines
and as tables (CSV and Parquet), and of twice as many as Parquet, then runs `hsa-dsl audit` in
a fresh interpreter on each: the scalar path and the batch backend on the JSON Lines, the batch
backend on the tables, each with 1 and 2 processes. Prints, for each run, the worker-months
decided per second and the peak memory of the command (its own and its worker processes'),
whether every run wrote the same records, and the ratios that matter: batch against scalar,
2 processes against 1, the larger input's peak memory against the smaller's (about 1 where
memory is flat), and the rate per core against the target of 10,000 worker-months a second.

With --national, also 2.5 million worker-months (Taiwan's year of monthly records for about
220,000 households), as Parquet tables: the seeded population of SIZE copied until there are
2.5 million, each copy under case keys of its own, decided with 2 processes (target: under
two minutes; the records go to the null device, and the summary is checked to be 25 times the
100,000's). Generating them takes a few minutes of its own, which is not counted.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


BATCH_TARGET_PER_CORE = 10_000
NATIONAL = 2_500_000


def generate(*arguments: str, out: Path | None = None) -> None:
    """bench/population.py in a process of its own: this one stays small, so that the commands
    it starts (forked from it) do not count its memory as theirs."""
    script = str(Path(__file__).resolve().parent / "population.py")
    with open(out, "w", encoding="utf-8") if out else open(os.devnull, "w") as stream:
        subprocess.run([sys.executable, script, *arguments], stdout=stream, check=True)


def write_national(source: Path, target: Path, total: int) -> None:
    """Parquet tables of `total` worker-months: copies of the tables in `source`, each copy's
    case keys made its own."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    target.mkdir()
    tables = {f.stem: pq.read_table(f) for f in source.glob("*.parquet")}
    size = tables["cases"].num_rows
    copies = -(-total // size)
    writers = {name: pq.ParquetWriter(target / f"{name}.parquet", table.schema) for name, table in tables.items()}
    for copy in range(copies):
        left = min(size, total - copy * size)
        keep = tables["cases"].column("case").slice(0, left)
        for name, table in tables.items():
            if name != "cases":
                table = table.filter(pc.is_in(table.column("case"), value_set=keep))
            else:
                table = table.slice(0, left)
            keys = pc.binary_join_element_wise(table.column("case"), pa.scalar(f"-{copy:03d}"), "")
            writers[name].write_table(table.set_column(0, "case", keys))
    for writer in writers.values():
        writer.close()


def run(cases: Path, jobs: int, backend: str, keep: bool = True) -> tuple[float, float, dict, str | None]:
    """Seconds, peak memory in MiB (the command and its workers), the summary and a digest of
    the records (none where they are not kept: written to the null device)."""
    out = cases.parent / f"records-{cases.name}-{backend}-{jobs}.jsonl" if keep else Path(os.devnull)
    summary = cases.parent / f"summary-{cases.name}-{backend}-{jobs}.json"
    command = [sys.executable, "-c",
               "import resource, sys; from hsa_dsl.cli import main\n"
               "try:\n    main()\nfinally:\n"
               "    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,"
               " resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
               "    print(peak, file=sys.stderr)\n",
               "audit", str(cases), "--jobs", str(jobs), "--backend", backend, "--out", str(out),
               "--summary", str(summary)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr)
        sys.exit(1)
    peak_kib = int(done.stderr.strip().splitlines()[-1])
    digest = None
    if keep:
        digest = hashlib.sha256(out.read_bytes()).hexdigest()
        out.unlink()
    return seconds, peak_kib / 1024, json.loads(summary.read_text(encoding="utf-8")), digest


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--national", action="store_true", help="also 2.5 million worker-months")
    parser.add_argument("--copy", nargs=2, metavar=("FROM", "TO"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.copy:
        write_national(Path(args.copy[0]), Path(args.copy[1]), NATIONAL)
        return
    size = args.size
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        lines = folder / "cases.jsonl"
        generate(str(size), "--seed", "1", out=lines)
        generate(str(size), "--seed", "1", "--tables", str(folder / "csv"))
        generate(str(size), "--seed", "1", "--tables", str(folder / "parquet"), "--format", "parquet")
        generate(str(2 * size), "--seed", "1", "--tables", str(folder / "parquet-double"), "--format", "parquet")
        # the compiled act in the cache first, as a user's second run finds it
        subprocess.run([sys.executable, "-m", "hsa_dsl.cli", "check"], capture_output=True)
        runs = [("JSON Lines", lines, "scalar"), ("JSON Lines", lines, "batch"),
                ("CSV tables", folder / "csv", "batch"), ("Parquet tables", folder / "parquet", "batch")]
        results = {}
        for label, cases, backend in runs:
            for jobs in (1, 2):
                results[label, backend, jobs] = run(cases, jobs, backend)
        double = run(folder / "parquet-double", 1, "batch")
        national = None
        if args.national:
            subprocess.run([sys.executable, __file__, "--copy", str(folder / "parquet"), str(folder / "national")],
                           check=True)
            # 2.5 GB of records would time the disk: they go to the null device, and the
            # summary is checked against the 100,000's instead
            national = run(folder / "national", 2, "batch", keep=False)
    print(f"hsa-dsl audit on {size:,} synthetic worker-months (bench/population.py, seed 1), "
          f"{os.cpu_count()} cores")
    for (label, backend, jobs), (seconds, peak, summary, _) in results.items():
        assert summary["cases"] == size, summary
        print(f"  {label:<15} {backend:<6} {jobs} process{'es' if jobs > 1 else '  '} {seconds:8.2f} s "
              f"{size / seconds:9,.0f} a second  peak {peak:7.1f} MiB")
    digests = {digest for *_, digest in results.values()}
    print(f"  the same records from every run:     {'yes' if len(digests) == 1 else 'NO'}")
    rate = {key: size / value[0] for key, value in results.items()}
    scalar = rate["JSON Lines", "scalar", 1]
    print(f"  batch against scalar, JSON Lines     {rate['JSON Lines', 'batch', 1] / scalar:6.2f}")
    print(f"  batch on Parquet against scalar      {rate['Parquet tables', 'batch', 1] / scalar:6.2f}")
    for label in ("JSON Lines", "Parquet tables"):
        backend = "scalar" if label == "JSON Lines" else "batch"
        print(f"  2 processes against 1 ({label}, {backend})".ljust(39)
              + f"{rate[label, backend, 2] / rate[label, backend, 1]:6.2f}")
    print(f"  peak memory, {2 * size:,} against {size:,} (Parquet)".ljust(39)
          + f"{double[1] / results['Parquet tables', 'batch', 1][1]:6.2f}  ({double[1]:.1f} MiB)")
    best = rate["Parquet tables", "batch", 1]
    print(f"  batch per core against the target   {best / BATCH_TARGET_PER_CORE:6.2f}"
          f"  ({BATCH_TARGET_PER_CORE:,} a second per core)")
    if national is not None:
        seconds, peak, summary, _ = national
        assert summary["cases"] == NATIONAL, summary
        print(f"  {NATIONAL:,} worker-months, Parquet, batch, 2 processes: {seconds:7.1f} s "
              f"({NATIONAL / seconds:,.0f} a second), peak {peak:.1f} MiB; target under 120 s")
        copies = NATIONAL // size
        one = results["Parquet tables", "batch", 1][2]
        alike = NATIONAL % size == 0 and int(summary["owed"]["total"]) == copies * int(one["owed"]["total"]) and \
            summary["judged"] == copies * one["judged"]
        print(f"  its summary {copies} times the {size:,}'s:".ljust(39) + ("yes" if alike else "NO"))


if __name__ == "__main__":
    main()
