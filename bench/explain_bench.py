"""How the explanation's cost grows with the time card: a live-in caregiver's record of 1, 12
and 60 months (a day off each Sunday, nine to eleven hours of work the other days, food taken
from each month's wage), evaluated with traces and explained, in the same run.

    python bench/explain_bench.py [MONTHS ...]

Explaining weighs, for each finding a fact decided, whether changing that fact would change the
finding; it decides only the finding's rule again (and the rules it reads), so the cost of an
explanation grows with the case, like evaluating it, not with its square.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hsa_dsl import load_act  # noqa: E402
from hsa_dsl.explain.explanation import _outcome_changes, explain  # noqa: E402

sys.path.insert(0, str(ROOT / "tests"))
from test_changes import _candidates, _whole_case_says  # noqa: E402


def caregiver_record(months: int) -> dict:
    rng = random.Random(months)  # fixed: every run judges the same record
    timecard, wages = [], []
    day = date(2021, 1, 1)
    for _ in range(months):
        first = day
        while day.month == first.month:
            if day.weekday() == 6:
                timecard.append({"date": day.isoformat(), "regular_hours": 0, "longest_rest_hours": 24,
                                 "day_off": True})
            else:
                timecard.append({"date": day.isoformat(), "regular_hours": str(rng.choice([9, 10, 11])),
                                 "longest_rest_hours": str(rng.choice([8, 9, 10]))})
            day += timedelta(days=1)
        wages.append({"month": first.isoformat(), "agreed_wage": "28590", "legal_deductions": "1113",
                      "food_deduction": "2500", "paid_amount": "24977",
                      "paid_on": (day + timedelta(days=4)).isoformat(), "payslip_given": True,
                      "payslip_language": "indonesian", "payslip_signed_by_both": True})
    return {"employment": {
        "employee": {"foreign": True, "languages": ["indonesian"]},
        "contract": {"kind": "fixed_term", "start": "2020-12-01", "end_date": "2027-11-30",
                     "monthly_wage": "28590", "pay_day": 5},
        "assessed_on": (day + timedelta(days=20)).isoformat(), "wages": wages, "timecard": timecard}}


def seconds(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main(argv: list[str]) -> None:
    act = load_act(ROOT / "acts" / "household_service.hsa")
    months = [int(m) for m in argv] or [1, 12, 60]
    print(f"{'months':>6} {'days':>6} {'findings':>8} {'evaluate':>9} {'explain':>9} {'explain/evaluate':>17}"
          f" {'explain per day':>16} {'changes':>8} {'by rule':>8} {'whole case':>11} {'ratio':>7}")
    for count in months:
        case = caregiver_record(count)
        days = len(case["employment"]["timecard"])
        verdict = None

        def evaluate():
            nonlocal verdict
            verdict = act.evaluate(case, trace=True)

        evaluated = seconds(evaluate)
        explained = seconds(lambda: explain(act, verdict, case, "record", "id"))
        # the changes weighed, decided by their rule (as the explanation does) and, to compare,
        # by evaluating the whole changed case (as it did before), on at most 40 of them
        inputs = act.validate(case)
        changes = [(f, path, value) for f in verdict.findings for path, value in _candidates(f)]
        sample = changes[:40]
        by_rule = seconds(lambda: [_outcome_changes(act, f, inputs, p, v) for f, p, v in sample])
        whole = seconds(lambda: [_whole_case_says(act, f, case, p, v) for f, p, v in sample])
        print(f"{count:>6} {days:>6} {len(verdict.findings):>8} {evaluated:>8.2f}s {explained:>8.2f}s"
              f" {explained / evaluated:>16.1f}x {explained / days * 1000:>13.2f} ms {len(changes):>8}"
              f" {by_rule:>7.2f}s {whole:>10.2f}s {whole / by_rule:>6.0f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
