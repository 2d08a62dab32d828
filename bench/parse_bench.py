"""How long the front end takes to read the shipped act: text → AST, in one pass and in two.

Run from anywhere with the interpreter that has hsa-dsl installed:

    python bench/parse_bench.py                    # the installed code
    python bench/parse_bench.py --against REV      # and a git revision of this repository, in the same run

Every figure is taken in a fresh interpreter (the same one that runs this script), and with
`--against` the two versions take turns, round after round, so that both see the machine in the
same state. The revision's package (`hsa_dsl/` with `grammar/`, `compiler/` and `acts/`, as
installed) is put first on the module path of its interpreter. It prints figures, not
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
#: the act both versions parse: this checkout's, whatever the revision measured
ACT = HERE.parent / "acts" / "household_service.hsa"
ROUNDS = 5
PARSES_PER_ROUND = 10

#: what each fresh interpreter runs: the time of the first parse (importing the front end and
#: Lark, Lark's parser built from its on-disk table cache, the parse), then warm one-pass parses and two-stage parses
MEASURE = r"""
import json, statistics, sys, time
t0 = time.perf_counter()
try:
    from hsa_dsl.syntax import parse, parse_tree, read_source, to_ast
except ImportError:  # revisions before the syntax package exported its entry points
    from hsa_dsl.syntax.parser import parse, parse_tree, read_source, to_ast
source = read_source(sys.argv[2])
parse(source)
first = time.perf_counter() - t0
one_pass, two_stages = [], []
for _ in range(int(sys.argv[1])):
    t0 = time.perf_counter()
    parse(source)
    t1 = time.perf_counter()
    to_ast(source, parse_tree(source))
    t2 = time.perf_counter()
    one_pass.append(t1 - t0)
    two_stages.append(t2 - t1)
import lark
print(json.dumps({"first": first, "one_pass": one_pass, "two_stages": two_stages,
                  "lines": len(source.text.splitlines()), "lark": lark.__version__}))
"""


#: the repository's folders installed inside the hsa_dsl package (pyproject.toml)
INSTALLED_INSIDE = ("grammar", "compiler", "acts")


def revision_tree(revision: str, into: Path) -> Path:
    """`revision`'s hsa_dsl package laid out as it is installed, importable from `into`."""
    root = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=HERE, capture_output=True,
                          text=True, check=True).stdout.strip()
    listed = subprocess.run(["git", "ls-tree", "--name-only", revision], cwd=root, capture_output=True,
                            text=True, check=True).stdout.split()
    inside = [folder for folder in INSTALLED_INSIDE if folder in listed]  # an old revision may lack one
    archive = into / "revision.tar"
    subprocess.run(["git", "archive", "--format=tar", "-o", str(archive), revision, "hsa_dsl", *inside],
                   cwd=root, check=True)
    subprocess.run(["tar", "-xf", str(archive), "-C", str(into)], check=True)
    for folder in inside:
        shutil.move(str(into / folder), str(into / "hsa_dsl" / folder))
    return into


def in_fresh_interpreter(script: str, arguments: list[str], path_first: Path | None, **environment) -> dict:
    """What `script` prints as JSON, run in a fresh interpreter with `arguments`, and with
    `path_first` (a revision's tree) first on its module path."""
    env = dict(os.environ, **environment)
    if path_first is not None:
        env["PYTHONPATH"] = str(path_first)
    done = subprocess.run([sys.executable, "-c", script, *arguments], capture_output=True, text=True, env=env,
                          cwd=tempfile.gettempdir())
    if done.returncode != 0:
        sys.exit(f"the measurement failed:\n{done.stderr}")
    return json.loads(done.stdout)


def in_turn(measure, against: str | None, rounds: int, warm_up: bool = False) -> dict[str, list[dict]]:
    """`measure(path_first)` of this code and, if `against` names one, of a git revision, in
    turn for `rounds` rounds: each version's results, by its name."""
    with tempfile.TemporaryDirectory() as scratch:
        versions = {"this code": None}
        if against:
            versions[against] = revision_tree(against, Path(scratch))
        if warm_up:
            for path_first in versions.values():
                measure(path_first)
        results: dict[str, list[dict]] = {name: [] for name in versions}
        for _ in range(rounds):
            for name, path_first in versions.items():
                results[name].append(measure(path_first))
    return results


def measure(path_first: Path | None) -> dict:
    return in_fresh_interpreter(MEASURE, [str(PARSES_PER_ROUND), str(ACT)], path_first)


def ms(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms"


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--against", metavar="REV", help="also measure this git revision's front end")
    arguments = options.parse_args()

    # a first run of each lets Lark write its table cache before anything is timed
    rounds = in_turn(measure, arguments.against, ROUNDS, warm_up=True)

    figures = {}
    for name, runs in rounds.items():
        one_pass = [t for run in runs for t in run["one_pass"]]
        two_stages = [t for run in runs for t in run["two_stages"]]
        figures[name] = {
            "first": statistics.median(run["first"] for run in runs),
            "one_pass": statistics.median(one_pass), "one_pass_min": min(one_pass),
            "two_stages": statistics.median(two_stages),
        }
    lines, lark = rounds["this code"][0]["lines"], rounds["this code"][0]["lark"]
    print(f"Parsing the shipped act ({lines} lines), lark {lark}, Python {sys.version.split()[0]}; "
          f"{ROUNDS} fresh interpreters × {PARSES_PER_ROUND} parses per version")
    print(f"  {'':<34}" + "".join(f"{name:>16}" for name in figures))
    for key, label in (("first", "first parse in a fresh process"),
                       ("one_pass", "parse (text → AST), median"),
                       ("one_pass_min", "parse (text → AST), fastest"),
                       ("two_stages", "parse_tree + to_ast, median")):
        print(f"  {label:<34}" + "".join(f"{ms(figure[key]):>16}" for figure in figures.values()))
    if arguments.against:
        this, other = figures["this code"], figures[arguments.against]
        print(f"  one-pass parse, this code / {arguments.against}: {this['one_pass'] / other['one_pass']:.2f}x")


if __name__ == "__main__":
    main()
