"""How compiling an act grows with its rules: thousands of rules on one norm of one kind (none
can contradict another), on one norm of two kinds that clash (every duty against every
prohibition), and giving one output (every pair of assignments can contradict).

    python bench/compile_bench.py

Prints the time to compile acts of N and 2N rules and the ratio: about 2 where compiling is
linear in the rules, about 4 where it visits every pair. Clashing rules are kept as classes
(all these duties against all those prohibitions), not as pairs, so all three are linear.
"""

from __future__ import annotations

import time

import hsa_dsl

SIZES = (2_000, 4_000)


SHAPES = {"one kind": "norm", "two clashing kinds": "clashing", "one output": "output"}


def act_text(rules: int, shape: str) -> str:
    lines = ["act many", '  title en "Many rules"', "  languages en", "end",
             'party employer "the employer"', 'action pay "pay"', "input x: integer in 0 .. 1000000",
             "output owed: money", "article 1", '  en "Text."']
    for i in range(rules):
        if shape == "output":
            then = f"then owed = NT${i}"
        else:
            then = f"then employer {'must not' if shape == 'clashing' and i % 2 else 'must'} pay"
        lines += [f"  rule r{i}", "    cites art_1", '    quote en "Text."', f"    when x = {i}",
                  f"    {then}", "  end"]
    lines.append("end")
    return "\n".join(lines) + "\n"


def compile_seconds(text: str) -> float:
    start = time.perf_counter()
    hsa_dsl.load_act_text(text, "many.hsa", use_cache=False)
    return time.perf_counter() - start


def main() -> None:
    print("compiling acts with many rules on one norm or output")
    for what, shape in SHAPES.items():
        small, large = (compile_seconds(act_text(n, shape)) for n in SIZES)
        print(f"  {what:<18}  {SIZES[0]:>5} rules {small:6.2f} s   {SIZES[1]:>5} rules {large:6.2f} s   "
              f"ratio {large / small:4.2f}")


if __name__ == "__main__":
    main()
