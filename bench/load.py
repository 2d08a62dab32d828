"""How long a program waits before it can decide a case: loading the act with and without the
compiled-act cache, the command line's cold `explain`, and importing a module written by
`hsa-dsl compile`. Every figure is a fresh interpreter's wall time (the median of several runs,
taken in turn so that all see the machine alike), because start-up is what is measured.

    python bench/load.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "caregiver_long_days.yaml"


def timed(command: list[str], env: dict) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    python = sys.executable
    work = Path(tempfile.mkdtemp(prefix="hsa-dsl-bench-"))
    warm = work / "warm-cache"
    # as a user's machine runs Python: imported modules keep their bytecode (a first, untimed run
    # writes it), so the figures are not of Python compiling hsa-dsl's own source each time
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    base = {**environment, "PYTHONPATH": str(work)}
    off = {**base, "HSA_DSL_CACHE": "off"}
    cached = {**base, "HSA_DSL_CACHE": str(warm)}
    # the entry the warm figures read, and the module the import figure loads
    subprocess.run([python, "-m", "hsa_dsl.cli", "compile", "-o", str(work / "household_service.py")],
                   env=cached, check=True, capture_output=True)
    subprocess.run([python, "-m", "hsa_dsl.cli", "explain", str(EXAMPLE)], env=cached, check=True,
                   capture_output=True)

    def cold_cache() -> dict:
        return {**base, "HSA_DSL_CACHE": tempfile.mkdtemp(dir=work)}

    subprocess.run([python, "-c", "import household_service, hsa_dsl.cli, hsa_dsl.explain.render"], env=base,
                   check=True, capture_output=True)
    load = [python, "-c", "import hsa_dsl; hsa_dsl.load_act()"]
    explain = [python, "-m", "hsa_dsl.cli", "explain", str(EXAMPLE)]
    cases = {
        "interpreter start (python -c pass)": ([python, "-c", "pass"], lambda: base),
        "import hsa_dsl": ([python, "-c", "import hsa_dsl"], lambda: base),
        "import hsa_dsl.runtime": ([python, "-c", "import hsa_dsl.runtime"], lambda: base),
        "import the compiled module": ([python, "-c", "import household_service"], lambda: base),
        "load_act(), no cache": (load, lambda: off),
        "load_act(), cold cache (compiles, writes)": (load, cold_cache),
        "load_act(), warm cache": (load, lambda: cached),
        "hsa-dsl explain, no cache": (explain, lambda: off),
        "hsa-dsl explain, warm cache": (explain, lambda: cached),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, (command, environment) in cases.items():
            times[name].append(timed(command, environment()))
    median = {name: statistics.median(values) for name, values in times.items()}

    print(f"Fresh interpreters, median of {runs} runs each ({python})")
    for name, value in median.items():
        print(f"  {name:<45} {value * 1000:8.0f} ms")
    print("Ratios")
    print(f"  load_act(): no cache / warm cache            "
          f"{median['load_act(), no cache'] / median['load_act(), warm cache']:8.1f}x")
    print(f"  hsa-dsl explain: no cache / warm cache       "
          f"{median['hsa-dsl explain, no cache'] / median['hsa-dsl explain, warm cache']:8.1f}x")
    start = median["interpreter start (python -c pass)"]
    print("Beyond the interpreter's own start")
    for name in ("import the compiled module", "load_act(), warm cache", "load_act(), no cache"):
        print(f"  {name:<45} {(median[name] - start) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
