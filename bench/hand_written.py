"""The shipped Household Service Act's rules, written by hand in plain Python.

This is the yardstick for ``bench/bench.py``: what a careful programmer would write to decide a
case without the rules language. :func:`evaluate` takes the inputs that ``Act.validate`` returns
(``{"employment": Record}``; a Record is a dict with the field names as keys and knows its path;
lists are tuples, sets frozensets, amounts and hours exact numbers (``decimal.Decimal``, or
``fractions.Fraction`` if the runtime uses exact rationals: the code below works in whichever type
the inputs use), days ``int``, dates ``datetime.date``, enum members ``str``) and returns what the
compiled act decides:

- ``violations``: the set of ``(rule name, binding path)`` of every finding of kind "violation";
  the binding path is the case entry or window a ``for each`` rule was judged on
  (``employment.timecard[3]``, ``employment.timecard 2025-03-03..2025-03-09``), None for a rule
  without ``for each``;
- ``outputs``: every output and entitlement of the act by name, None where no rule decides it.

Every rule of ``acts/household_service.hsa`` is encoded below, with the act's readings (14-day
blocks from the contract's start, calendar weeks Monday to Sunday, rolling seven-day stretches
only where the time card records all seven days, calendar months, the basic wage in force on a
month's first day, the hourly wage as the monthly wage / 240, a day's longest rest as recorded or
else from its periods of work, the day taken to repeat). The arithmetic is done in the
same order and in the same number type as the act's, so that the results compare exactly.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

HOURS_PER_MONTH = 240  # the hourly wage is the monthly wage / 240

#: The basic wage per month (NT$), by the day it took effect (Labor Standards Act), as whole
#: numbers: they combine exactly with Decimal and Fraction alike.
MINIMUM_MONTHLY_WAGE = (
    (date(2019, 1, 1), 23100),
    (date(2020, 1, 1), 23800),
    (date(2021, 1, 1), 24000),
    (date(2022, 1, 1), 25250),
    (date(2023, 1, 1), 26400),
    (date(2024, 1, 1), 27470),
    (date(2025, 1, 1), 28590),
    (date(2026, 1, 1), 29500),
)

ARTICLE_9_GROUNDS = frozenset({
    "breach_of_work_standards_not_remedied",
    "serious_illness_or_injury_certified",
    "care_recipient_died_or_employment_reason_ended",
    "force_majeure_suspension_over_one_month",
    "incompetent_for_duties",
})
ARTICLE_10_GROUNDS = frozenset({"convicted_and_sentenced", "absent_without_reason",
                                "violence_or_gross_insult_to_employer"})

OUTPUTS = ("return_airfare_payer", "separation_fee_due", "termination_by_agreement_effective",
           "wage_in_lieu_of_notice_owed", "minimum_wage_shortfall", "overtime_pay_owed",
           "annual_leave_days")

TIMECARD = "employment.timecard"


def minimum_monthly_wage(at: date) -> int:
    chosen = None
    for effective, value in MINIMUM_MONTHLY_WAGE:
        if effective > at:
            break
        chosen = value
    if chosen is None:
        raise ValueError(f"no basic wage is known for {at}")
    return chosen


def years_between(a: date, b: date) -> int:
    """Completed years from a to b (an anniversary on 29 February falls on 1 March)."""
    if b < a:
        return -years_between(b, a)
    years = b.year - a.year
    try:
        anniversary = a.replace(year=b.year)
    except ValueError:
        anniversary = date(b.year, 3, 1)
    return years - 1 if anniversary > b else years


def add_one_month(d: date) -> date:
    year, month = (d.year + 1, 1) if d.month == 12 else (d.year, d.month + 1)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def annual_leave_scale(years: int) -> int:
    if years < 1:
        return 0
    if years < 3:
        return 7
    if years < 5:
        return 10
    if years < 10:
        return 14
    return min(14 + (years - 10), 30)


def longest_rest(periods):
    """The longest gap between one period of work and the next start, the day taken to repeat
    (after the day's last period comes the next day's first start, 24 hours on)."""
    starts = sorted(q["start"] for q in periods)
    longest = None
    for p in periods:
        end = p["end_at"]
        later = [s for s in starts if s >= end]
        gap = (later[0] if later else starts[0] + 24) - end
        if longest is None or gap > longest:
            longest = gap
    return longest


def _path(record, fallback: str) -> str:
    return getattr(record, "path", fallback)


def evaluate(inputs: dict) -> dict:
    e = inputs["employment"]
    contract = e["contract"]
    number = type(contract["monthly_wage"])  # the exact number type amounts and hours come in
    if number is int:
        number = Decimal
    zero, two, eight, ten, forty, eighty_four = (number(n) for n in (0, 2, 8, 10, 40, 84))
    premium = number("1.5")
    violations: set[tuple[str, str | None]] = set()
    outputs: dict = dict.fromkeys(OUTPUTS)
    add = violations.add

    # ---------------------------------------------------------------- Articles 9, 10, 13, 14
    t = e["termination"]
    if t is not None:
        ground = t["ground"]
        by_employer = t["by"] == "employer"
        with_notice = by_employer and t["with_notice"]
        without_notice = by_employer and not t["with_notice"]
        known_on = t["ground_known_on"]
        deadline = known_on + timedelta(days=30) if known_on is not None else None
        on_article_10_ground = without_notice and ground in ARTICLE_10_GROUNDS
        # a dismissal later than Article 10's 30 days is not one "pursuant to" Article 10
        under_article_10 = on_article_10_ground and (deadline is None or t["date"] <= deadline)
        if with_notice:
            if ground not in ARTICLE_9_GROUNDS:
                add(("art9_no_termination_on_other_grounds", None))
            elif deadline is not None:
                # the employer acts by giving notice (or by terminating, without a notice date)
                acted_on = t["notice_given_on"] if t["notice_given_on"] is not None else t["date"]
                if acted_on > deadline:
                    add(("art9_act_within_30_days", None))
            notice_on = t["notice_given_on"]
            written_ahead = (notice_on is not None and t["notice_in_writing"]
                             and add_one_month(notice_on) <= t["date"])
            if not written_ahead:
                if t["wage_in_lieu_paid"] < contract["monthly_wage"]:
                    add(("art13_one_month_notice", None))
                outputs["wage_in_lieu_of_notice_owed"] = max(
                    contract["monthly_wage"] - t["wage_in_lieu_paid"], zero)
        if without_notice and ground not in ARTICLE_10_GROUNDS:
            add(("art10_no_termination_without_notice_on_other_grounds", None))
        if on_article_10_ground and deadline is not None and t["date"] > deadline:
            add(("art10_act_within_30_days", None))
        if by_employer and e["employee"]["foreign"]:
            # the worker pays only after a dismissal pursuant to Article 10; the employer otherwise
            payer = "employee" if under_article_10 else "employer"
            outputs["return_airfare_payer"] = payer
            if payer == "employer" and t["airfare_paid_by"] is not None and t["airfare_paid_by"] != "employer":
                add(("art9_employer_pays_airfare", None))
        if t["by"] == "mutual_agreement":
            signed = t["agreement_signed_before_authority"] and t["agreement_in_both_mother_tongues"]
            if not signed:
                add(("art13_agreement_before_authority", None))
            outputs["termination_by_agreement_effective"] = signed
        if by_employer:
            unremedied = with_notice and ground == "breach_of_work_standards_not_remedied"
            outputs["separation_fee_due"] = not (unremedied or under_article_10)
        elif t["by"] == "contract_expiry" and contract["kind"] == "fixed_term" and t["employee_left_post"]:
            outputs["separation_fee_due"] = False

    # ---------------------------------------------------------------- Article 22 (per day) and 23
    timecard = e["timecard"]
    regular_by_block: dict[int, Decimal] = {}
    overtime_by_week: dict[date, Decimal] = {}
    overtime_by_month: dict[tuple[int, int], Decimal] = {}
    start = contract["start"]
    days = []  # (date, day_off) for the seven-day stretches
    for i, d in enumerate(timecard):
        day = d["date"]
        regular = d["regular_hours"]
        overtime = d["overtime_hours"]
        rest = d["longest_rest_hours"]
        if rest is None:
            periods = d.get("work_periods")
            rest = longest_rest(periods) if periods else None  # None: the case does not show it
        short_rest = rest is not None and rest < ten
        if regular > eight or short_rest or overtime > two or (
                overtime > zero and not (d["overtime_urgent_need"] and d["overtime_consented"])):
            path = _path(d, f"{TIMECARD}[{i}]")
            if regular > eight:
                add(("art22_daily_regular_hours", path))
            if short_rest:
                add(("art22_ten_hours_consecutive_rest", path))
            if overtime > two:
                add(("art22_daily_overtime", path))
            if overtime > zero and not (d["overtime_urgent_need"] and d["overtime_consented"]):
                add(("art22_work_in_rest_hours", path))
        block = (day - start).days // 14
        regular_by_block[block] = regular_by_block.get(block, zero) + regular
        monday = day - timedelta(days=day.weekday())
        overtime_by_week[monday] = overtime_by_week.get(monday, zero) + overtime
        month = (day.year, day.month)
        overtime_by_month[month] = overtime_by_month.get(month, zero) + overtime
        days.append((day, d["day_off"]))

    for block, total in regular_by_block.items():
        if total > eighty_four:
            first = start + timedelta(days=14 * block)
            add(("art22_two_weekly_regular_hours", f"{TIMECARD} {first}..{first + timedelta(days=13)}"))
    for monday, total in overtime_by_week.items():
        if total > ten:
            add(("art22_weekly_overtime", f"{TIMECARD} {monday}..{monday + timedelta(days=6)}"))
    for (year, month), total in overtime_by_month.items():
        if total > forty:
            first = date(year, month, 1)
            add(("art22_monthly_overtime", f"{TIMECARD} {first}..{end_of_month(first)}"))
    if not e["attendance_records_kept"]:
        add(("art22_attendance_records", None))

    # Article 23: every run of seven recorded consecutive days needs a day off (dates are unique)
    days.sort()
    six = timedelta(days=6)
    for i in range(len(days) - 6):
        first, last = days[i][0], days[i + 6][0]
        if last - first == six and not any(off for _, off in days[i:i + 7]):
            add(("art23_day_off_in_every_seven_days", f"{TIMECARD} {first}..{last}"))

    # ---------------------------------------------------------------- Articles 16-19 (per month's wage)
    wages = e["wages"]
    pay_day = contract["pay_day"]
    languages = e["employee"]["languages"]
    assessed_on = e["assessed_on"]
    shortfall = zero
    short = False
    overtime_owed = zero
    owed = False
    for i, p in enumerate(wages):
        path = _path(p, f"employment.wages[{i}]")
        month = p["month"]
        first = month.replace(day=1)
        minimum = minimum_monthly_wage(first)
        after = (p["agreed_wage"] - p["food_deduction"] - p["lodging_deduction"] - p["travel_deduction"]
                 - p["penalty_deduction"] - p["other_deductions"])
        if after < minimum:
            add(("art16_wage_floor", path))
            short = True
        shortfall += max(minimum - after, zero)
        paid_on = p["paid_on"]
        if pay_day is not None:
            next_month = add_one_month(first)
            due = min(next_month + timedelta(days=pay_day - 1), end_of_month(next_month))
            if (paid_on if paid_on is not None else assessed_on) > due:
                add(("art17_paid_monthly_on_time", path))
        if p["paid_to"] != "employee":
            add(("art17_paid_directly", path))
        if paid_on is not None:
            if p["paid_amount"] < p["agreed_wage"] + p["overtime_pay"] - p["legal_deductions"]:
                add(("art17_paid_in_full", path))
            language = p["payslip_language"]
            if not p["payslip_given"] or not (language is not None and language in languages) \
                    or not p["payslip_signed_by_both"]:
                add(("art17_pay_slip", path))
        if p["food_deduction"] > zero or p["lodging_deduction"] > zero:
            add(("art17_no_food_and_lodging_deduction", path))
        overtime_hours = overtime_by_month.get((month.year, month.month), zero)
        overtime_due = overtime_hours * (p["agreed_wage"] / HOURS_PER_MONTH) * premium
        if p["overtime_pay"] < overtime_due:
            owed = True
            if overtime_hours > zero:
                add(("art18_overtime_premium", path))
        overtime_owed += max(overtime_due - p["overtime_pay"], zero)
        if p["penalty_deduction"] > zero:
            add(("art19_no_advance_deduction", path))
    if short:
        outputs["minimum_wage_shortfall"] = shortfall
    if owed:
        outputs["overtime_pay_owed"] = overtime_owed
    if wages and not e["payroll_record_kept"]:
        add(("art17_payroll_record", None))

    # ---------------------------------------------------------------- Article 25
    # continuous service counts from its first day (a renewed contract), else the contract's start
    service_start = e.get("service_start")
    years = years_between(service_start if service_start is not None else start, assessed_on)
    if years >= 1:
        entitled = annual_leave_scale(years)
        outputs["annual_leave_days"] = entitled
        granted = e["annual_leave_granted"]
        if granted is not None and granted < entitled:
            add(("art25_leave_granted", None))

    return {"violations": violations, "outputs": outputs}
