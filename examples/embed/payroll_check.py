"""A payroll system's check of one worker's month against the Household Service Act (Workers'
Version), using the module `hsa-dsl compile` writes: what it embeds is one Python file, run on
hsa-dsl's small runtime, with no parser or compiler.

Build the module once (again whenever the act changes):

    hsa-dsl compile -o examples/embed/household_service.py

then check a month's records, kept as JSON by the payroll system:

    python examples/embed/payroll_check.py examples/embed/june_payroll.json
"""

import argparse
import json
import sys
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

try:
    import household_service
except ImportError:
    sys.exit("the compiled act is missing: run `hsa-dsl compile -o examples/embed/household_service.py`")

from hsa_dsl import HsaError  # noqa: E402 - the error type of an invalid case


def dollar(value) -> int:
    """An amount of the verdict (exact: 2500, "23586.75", or "335/3" where no decimal ends) to the dollar."""
    numerator, _, denominator = str(value).partition("/")
    exact = Decimal(numerator) / Decimal(denominator or 1)
    return int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("records", type=Path, help="a JSON file of one worker's facts")
    arguments = parser.parse_args()
    case = json.loads(arguments.records.read_text(encoding="utf-8"))
    try:
        verdict = household_service.evaluate(case)
    except HsaError as error:
        print(f"{arguments.records}: the records cannot be checked:\n{error}", file=sys.stderr)
        return 2

    print(verdict["notice"])
    owed = [f["conclusion"] for f in verdict["findings"] if f["kind"] == "entitlement"
            and f["conclusion"].get("owed_to") == "employee" and f["conclusion"]["unit"] == "money"]
    # each item to the dollar, halves up, as the worker's report gives them; the total is their sum
    dollars = [(item["output"], dollar(item["value"])) for item in owed]
    print(f"\nOwed to the worker: NT${sum(amount for _, amount in dollars):,}")
    for output, amount in dollars:
        print(f"  {output}: NT${amount:,}")
    breaches = Counter(f["article"] for f in verdict["findings"] if f["kind"] == "violation")
    print("\nBreaches, by article:")
    for article, count in sorted(breaches.items()):
        print(f"  Article {article}: {count}")
    warnings = [f["conclusion"]["text"] for f in verdict["findings"] if f["kind"] == "warning"]
    if warnings:
        print("\nWhat the records do not say, and could change this:")
        for text in warnings:
            print(f"  - {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
