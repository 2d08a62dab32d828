"""Check that bench/hand_written.py decides cases exactly as the compiled act does.

    python bench/check_hand_written.py [--random N] [--seed S]

Every example case (``examples/*.yaml`` and ``examples/*.json``) and the benchmark's worker-month
(``bench.worker_month_case()``) is validated with the shipped act, evaluated untraced, and
compared with ``hand_written.evaluate`` on the same inputs, the way ``bench/bench.py`` compares
them (``compiled_result`` and ``differences``): the same violations and the same warnings, each
with the same binding; the same entitlements set for an entry (a month of the time card, a wage
entry), each with the same binding and amount; and the same value, of the same kind of number,
for every output and entitlement of the case. Then N random
valid cases (300 unless told; 0 skips them) are compared the same way: cases drawn by hypothesis
from the act's declared inputs (``hsa_dsl.prove.strategies.valid_cases``), and cases built around a run of
time-card days with a termination, where most of the rules about hours, days of rest, wages and
dismissals are decided.

Prints every difference and exits with status 1 if any case differs, 0 if all agree.
"""

from __future__ import annotations

import argparse
import random
import sys
import warnings
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import bench  # noqa: E402
import hand_written  # noqa: E402

import hsa_dsl  # noqa: E402
from hsa_dsl.errors import EvaluationError  # noqa: E402

RANDOM_CASES = 300


def example_cases() -> list[tuple[str, object]]:
    """The example case files and the benchmark case, by name."""
    files = sorted([*ROOT.glob("examples/*.yaml"), *ROOT.glob("examples/*.json")])
    cases: list[tuple[str, object]] = [(str(f.relative_to(ROOT)), f) for f in files]
    cases.append(("bench.worker_month_case()", bench.worker_month_case()))
    return cases


def compare(act, case, seen: dict[str, int] | None = None) -> list[str]:
    """The differences between the compiled act's decision of a case and the hand-written one;
    `seen` counts the rules the act found violated or warned by, and the outputs and
    entitlements it decided (for the case, or for an entry)."""
    inputs = act.validate(case)
    try:
        verdict = act.evaluate_inputs(inputs, trace=False)
    except EvaluationError as error:
        # a case the act cannot decide (a month before the first basic wage): nor can the code
        try:
            hand_written.evaluate(inputs)
        except ValueError:
            return []
        return [f"the compiled act cannot decide the case ({error}), the hand-written code does"]
    compiled = bench.compiled_result(act, verdict)
    if seen is not None:
        rules = act.checked.rules
        for name in ({rule for rule, _ in compiled["violations"] | compiled["warnings"]}
                     | {name for name, value in compiled["outputs"].items() if value is not None}
                     | {rules[rule].conclusion.output for rule, _, _ in compiled["entitlements"]}):
            seen[name] = seen.get(name, 0) + 1
    try:
        hand = hand_written.evaluate(inputs)
    except Exception as error:  # noqa: BLE001 - a crash is a difference like any other
        return [f"the hand-written code fails: {type(error).__name__}: {error}"]
    return bench.differences(compiled, hand)


# ---------------------------------------------------------------------------- random cases


def dense_cases(act):
    """Valid cases around a run of consecutive time-card days (up to six weeks, near the holidays
    of 2020 to 2027, or before the holiday and basic wage tables), their hours in any of the
    three forms a day can give them, with most months' wages, leave requests and often a
    termination with the days of absence it may rely on, drawn so that days of rest, weeks
    without one, emergencies, work in the rest, extended time, pay days, payments short or to
    another, and the grounds and deadlines of dismissal meet often. The rest of the case is drawn
    from the act's declared inputs; the dense part is built from a drawn seed (hypothesis is slow
    to draw hundreds of small values)."""
    from hypothesis import strategies as st

    from hsa_dsl.prove.strategies import cases

    rest_of_case = cases(act, max_list=3)

    @st.composite
    def build(draw):
        case = draw(rest_of_case)
        # hypothesis often draws the same seed again: the rest of the case varies it
        rng = random.Random(f"{draw(st.integers(0, 2**32 - 1))} {case!r}")
        pick = rng.choice
        e = case["employment"]
        first = pick([date(2025, 1, 20), date(2025, 2, 20), date(2025, 9, 22), date(2026, 2, 9),
                      date(2026, 4, 1), date(2025, 6, 28), date(2025, 12, 22),
                      # the holiday table's other years, 2027's unconfirmed days, the days
                      # before the table and the months before the basic wage table
                      date(2020, 1, 20), date(2023, 1, 16), date(2024, 9, 30), date(2027, 2, 1),
                      date(2019, 12, 20), date(2014, 6, 16)])
        run = rng.randint(6, 42)
        # how often she rests: some cases have no day of rest at all (fortnights beyond 84 hours,
        # weeks denied their day off)
        off_rate = pick([0.0, 0.05, 0.15, 0.15])
        planned_rate = pick([0.0, 0.03, 0.1, 0.3])
        # the form the days give their hours in: the older pair, the hours, the periods, or a mix
        forms = pick([["older"], ["hours"], ["periods"], ["older", "hours", "periods"]])
        timecard = []
        for n in range(run):
            if rng.random() < 0.05:
                continue  # a day the time card does not record
            on = first + timedelta(days=n)
            off = rng.random() < off_rate
            day = {"date": on.isoformat(), "day_off": off,
                   "overtime_urgent_need": pick([True, True, False, None]),
                   "overtime_consented": pick([True, True, False, None]),
                   "planned_rest": pick(["weekly_day_off", "annual_leave"]) if rng.random() < planned_rate else None,
                   "agreed_to_work_rest_day": pick([True, False, None]), "emergency": rng.random() < 0.2}
            form = pick(forms)
            if form == "older" or off:
                regular = Decimal(0) if off else Decimal(
                    pick(["0", "2", "6", "7.5", "8", "8", "8.25", "9", "10", "11"]))
                overtime = Decimal(pick(["0", "0", "0", "0.5", "1", "2", "2.25", "3"]))
                day["regular_hours"] = str(regular)
                if overtime or rng.random() < 0.5:
                    day["overtime_hours"] = str(overtime)
                worked = regular + overtime
                if rng.random() < 0.8:
                    day["longest_rest_hours"] = str(min(Decimal(pick(["8", "9.75", "10", "12", "14"])), 24 - worked))
                elif worked > 0 and not off and rng.random() < 0.5:
                    begin = Decimal(pick(["0", "6", "7.5", "13"]))
                    day["work_periods"] = [{"start": str(begin), "end_at": str(begin + worked)}] \
                        if begin + worked <= 24 else []
            elif form == "hours":
                worked = Decimal(pick(["0", "4", "8", "8", "9.5", "10", "12", "14", "15", "16.5", "18"]))
                day["hours_worked"] = str(worked)
                if rng.random() < 0.4:
                    day["hours_woken_to_work"] = str(min(worked, Decimal(pick(["0", "0.5", "1", "2.5", "3"]))))
                if rng.random() < 0.6:
                    day["longest_rest_hours"] = str(min(Decimal(pick(["6", "8", "9.75", "10", "12", "14"])),
                                                        24 - worked))
            else:
                # one to three periods of work between half-hour marks of the day
                marks = sorted(rng.sample(range(49), 2 * rng.randint(1, 3)))
                periods = [{"start": str(Decimal(marks[i]) / 2), "end_at": str(Decimal(marks[i + 1]) / 2)}
                           for i in range(0, len(marks), 2)]
                day["work_periods"] = periods
                worked = sum(Decimal(marks[i + 1] - marks[i]) / 2 for i in range(0, len(marks), 2))
                if rng.random() < 0.3:
                    day["hours_worked"] = str(worked)
                if rng.random() < 0.3:
                    day["hours_woken_to_work"] = str(min(worked, Decimal(pick(["0", "1", "2.5"]))))
            if rng.random() < 0.5:
                day["compensatory_rest_on"] = (on + timedelta(days=rng.randint(1, 9))).isoformat()
            timecard.append(day)
        e["timecard"] = timecard
        money = ["0", "0", "500", "1000", "2000", "3000", "25000", "28590", "29500", "31000"]
        months = sorted({first.replace(day=1), *(date.fromisoformat(d["date"]).replace(day=1) for d in timecard)})
        wages = []
        for m in months:
            if rng.random() < 0.15:
                continue  # a month of the time card without a wage entry
            extra = [pick(money[:6]) for _ in range(3)]
            paid = max(Decimal(pick(money)), sum(Decimal(x) for x in extra))
            wages.append({
                "month": m.isoformat(), "agreed_wage": pick([None, *money[5:]]), "overtime_pay": extra[0],
                "rest_day_work_pay": extra[1], "suspended_leave_pay": extra[2],
                "food_deduction": pick(money[:4]), "lodging_deduction": pick(money[:3]),
                "legal_deductions": pick(money[:4]), "paid_amount": str(paid) if rng.random() < 0.85 else None,
                "penalty_deduction": pick(money[:4]),
                "paid_to": pick(["employee", "employee", "broker", "other_person"]),
                "paid_to_with_her_authority": pick([None, None, True, False]),
                "paid_on": pick([None, (m + timedelta(days=rng.randint(28, 70))).isoformat()]),
                "payslip_given": pick([True, True, True, False, None]),
                "payslip_language": pick([None, "indonesian", "english"]),
                "payslip_signed_by_both": pick([True, True, False, None]),
            })
        e["wages"] = wages
        contract = e["contract"]
        start = min(pick([date(2020, 5, 1), date(2023, 9, 18), first - timedelta(days=rng.randint(0, 800)), first]),
                    first)
        contract["start"] = start.isoformat()
        contract["end_date"] = pick([None, (first + timedelta(days=rng.randint(0, 500))).isoformat()])
        contract["continued_after_end"] = contract["end_date"] is not None and rng.random() < 0.3
        contract["monthly_wage"] = pick(money[5:])
        contract["regular_allowances"] = pick(["0", "1500"])
        contract["pay_day"] = pick([None, 1, 5, 10, 31])
        for order in ("arrears_order", "correction_order"):
            if e.get(order) is not None and e[order]["deadline"] < e[order]["issued_on"]:
                e[order]["deadline"] = e[order]["issued_on"]
        e.pop("previous_contract", None)
        e.pop("service_start", None)
        e["assessed_on"] = (first + timedelta(days=rng.randint(run, run + 500))).isoformat()
        e["employee"]["gender"] = pick([None, "female", "female", "male"])
        e["employee"]["languages"] = pick([[], ["indonesian"], ["english", "tagalog"]])
        e["annual_leave_granted"] = pick([None, 0, 7, 10, 14])
        e["educational_leave_hours_last_year"] = pick([None, "0", "4", "8"])
        e["leave_requests"] = [
            {"start": (first + timedelta(days=n)).isoformat(), "length": pick([1, 2, 8, 14, 30, 56, 60]),
             "reason": pick(["sickness", "personal_affairs", "menstruation", "maternity", "marriage",
                             "bereavement_of_great_grandparent_sibling_or_spouses_grandparent"]),
             "refused": rng.random() < 0.5}
            for n in sorted(rng.sample(range(400), rng.randint(0, 8)))]
        if rng.random() < 0.7:
            known = first + timedelta(days=rng.randint(0, run))
            on = known + timedelta(days=pick([0, 30, 31, 45]))
            by = pick(["employer", "employer", "employer", "employee", "employee", "mutual_agreement",
                       "contract_expiry"])
            with_notice = rng.random() < 0.5
            if rng.random() < 0.7:  # mostly a ground of the article the kind of dismissal falls under
                ground = pick(["breach_of_work_standards_not_remedied", "incompetent_for_duties",
                               "care_recipient_died_or_employment_reason_ended"] if with_notice else
                              ["absent_without_reason", "convicted_and_sentenced",
                               "violence_or_gross_insult_to_employer"])
            else:
                ground = pick(["pregnancy", "complaint_filed", "other_reason", "no_reason_given",
                               "breach_of_work_standards_not_remedied", "absent_without_reason"])
            e["termination"] = {
                "by": by, "date": on.isoformat(), "with_notice": with_notice, "ground": ground,
                "ground_known_on": pick([None, known.isoformat(), known.isoformat()]),
                "notice_given_on": pick([None, known.isoformat(), (on - timedelta(days=31)).isoformat(),
                                         on.isoformat()]),
                "notice_in_writing": pick([True, False, None]),
                "wage_in_lieu_paid": pick(["0", "28590", "30090", "31000"]),
                "airfare_paid_by": pick([None, "employer", "employee"]),
                "worker_ground": pick([None, "forced_to_work", "personal_reason"]),
                "transfer_requested": rng.random() < 0.5, "returns_home": rng.random() < 0.5,
                "employee_left_post": rng.random() < 0.5,
                "agreement_signed_before_authority": rng.random() < 0.5,
                "agreement_in_both_mother_tongues": rng.random() < 0.5,
                "discharge_agreement_presented": pick([None, True, False]),
            }
            # Article 10 item 2: the days she was absent, some in a row, some without a reason given
            absent = sorted({known - timedelta(days=k) for k in rng.sample(range(40), rng.randint(0, 8))}
                            | ({known - timedelta(days=k) for k in range(3)} if rng.random() < 0.3 else set()))
            e["absences"] = [{"date": a.isoformat(), "justified": pick([False, False, True, None])}
                             for a in absent] if rng.random() < 0.7 else []
        else:
            e.pop("termination", None)
        e["injuries"] = [
            {"date": (first + timedelta(days=rng.randint(0, run))).isoformat(),
             "medical_costs_paid_by_employer": pick([True, False, None]), "wage_continued": pick([True, False, None])}
            for _ in range(rng.randint(0, 2))]
        if rng.random() < 0.5:
            lives_out = rng.random() < 0.5
            e["living"] = {"lives_out": lives_out, "living_out_agreed": rng.random() < 0.5,
                           "private_space": rng.random() < 0.8, "basic_facilities": rng.random() < 0.8,
                           "rent_paid_by_employer": rng.random() < 0.6, "travel_allowance_paid": rng.random() < 0.6,
                           "meals_a_day": rng.randint(0, 3), "food_allowance_instead": rng.random() < 0.5}
        if rng.random() < 0.3:
            e["inspection"] = {"date": e["assessed_on"], "certificate_shown": rng.random() < 0.7,
                               "refused": rng.random() < 0.5, "documents_requested": rng.random() < 0.5,
                               "documents_submitted": rng.random() < 0.5}
        e["incidents"] = [
            {"date": (first + timedelta(days=rng.randint(-30, run + 30))).isoformat(),
             "kind": pick(["violence", "sexual_harassment", "discrimination", "discrimination", "confinement",
                           "forced_labour", "defamation", "gross_insult", "religion_restricted",
                           "coerced_side_contract"]),
             "by": pick(["employer_of_record", "family_member", "care_recipient", "broker", "third_person"]),
             "discrimination_ground": pick([None, "sex_or_gender", "religion", "other_ground"])}
            for _ in range(rng.randint(0, 3))]
        return case

    return build().filter(lambda case: _valid(act, case))


def _valid(act, case) -> bool:
    from hsa_dsl.errors import HsaError

    try:
        act.validate(case)
    except HsaError:
        return False
    return True


def check_random(act, count: int, seed: int | None = None) -> tuple[list[str], dict[str, int]]:
    """Compare `count` random valid cases, half of each kind; return the differences of a case
    that differs (as small as hypothesis can make it), and how many cases found each rule
    violated or decided each output."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as with_seed

    from hsa_dsl.prove.strategies import valid_cases

    seen: dict[str, int] = {}
    problems: list[str] = []
    kinds = ((valid_cases(act, max_list=20), count - count // 2), (dense_cases(act), count // 2))
    for strategy, examples in kinds:
        if examples == 0:
            continue

        @settings(max_examples=examples, deadline=None, database=None, print_blob=False,
                  phases=[Phase.generate, Phase.shrink],
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                         HealthCheck.data_too_large])
        @given(strategy)
        def agree(case):
            found = compare(act, case, seen)
            if found:
                problems[:] = [f"case: {case!r}", *found]
            assert not found, found

        if seed is not None:
            agree = with_seed(seed)(agree)
        with warnings.catch_warnings():
            # the strategies close over the whole act: hypothesis finds their repr long
            warnings.simplefilter("ignore")
            try:
                agree()
            except AssertionError:
                return problems, seen
    return [], seen


def main(argv=None) -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--random", type=int, default=RANDOM_CASES, metavar="N",
                         help=f"random cases to compare, half of each kind (default {RANDOM_CASES}; 0: none)")
    options.add_argument("--seed", type=int, default=None, help="seed the random cases")
    args = options.parse_args(argv)

    act = hsa_dsl.load_act()
    failed = False
    for name, case in example_cases():
        problems = compare(act, case)
        if problems:
            failed = True
            print(f"{name}: differs")
            for p in problems:
                print(f"  {p}")
    print(f"{len(example_cases())} cases (the examples and the benchmark's) compared"
          + (": some differ" if failed else ": all agree"))

    if args.random > 0:
        problems, seen = check_random(act, args.random, args.seed)
        if problems:
            failed = True
            print("a random case differs:")
            for p in problems:
                print(f"  {p}")
        else:
            print(f"{args.random} random valid cases compared: all agree")
        rules = [name for name, rule in act.checked.rules.items() if rule.violation is not None]
        missing = [name for name in rules if name not in seen]
        print(f"  {len(rules) - len(missing)} of the {len(rules)} rules that can find a violation found one "
              f"in them" + (f" (not: {', '.join(missing)})" if missing else ""))
        rules = [name for name, rule in act.checked.rules.items() if rule.conclusion.kind == "warning"]
        missing = [name for name in rules if name not in seen]
        print(f"  {len(rules) - len(missing)} of the {len(rules)} rules that can give a warning gave one "
              f"in them" + (f" (not: {', '.join(missing)})" if missing else ""))
        missing = [name for name in act.checked.outputs if name not in seen]
        print(f"  {len(act.checked.outputs) - len(missing)} of the {len(act.checked.outputs)} outputs and "
              f"entitlements were decided in them" + (f" (not: {', '.join(missing)})" if missing else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
