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

It covers the whole act (all 48 articles, 108 rules): every rule of ``acts/household_service.hsa``
that can find a violation (57 rules, Articles 4 to 41) and every rule that decides one of the act's
19 outputs and entitlements (27 rules, Articles 2 to 44), with the act's exceptions: Article 14's
cases without a separation fee, and Article 28's emergencies, which lift the prohibitions of
Articles 26 and 27 on the day and take the place of Article 23 for the seven days around a
suspended weekly day off. The other 24 rules find no violation and decide no output, so nothing
here stands for them: the permissions (but Article 28's, as the exception it is), the duties whose
fulfilment a case cannot show (reported by the act as duties the party has now), and the penalties
of Articles 42 to 46.

The act's readings are kept: 14-day blocks from the contract's start, calendar weeks Monday to
Sunday, rolling seven-day stretches only where the time card records all seven days, calendar
months (a month added to 31 January is 28 or 29 February), the basic wage in force on a month's
first day, the hourly wage as the monthly wage / 240 and a day's wage as the monthly wage / 30,
a day's longest rest as recorded or else from its periods of work (the day taken to repeat), the
national holidays of 2025 and 2026 as the act lists them. The arithmetic is done in the same
order and in the same number type as the act's, so that the results compare exactly.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

HOURS_PER_MONTH = 240  # the hourly wage is the monthly wage / 240
DAYS_PER_MONTH = 30  # a day's wage is the monthly wage / 30

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

#: Article 26: the days off the official calendar gives for national holidays in 2025 and 2026
#: (make-up days for holidays on a weekend, Labour Day included); no other year is listed.
NATIONAL_HOLIDAYS = frozenset(date.fromisoformat(d) for d in (
    "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-28", "2025-04-03",
    "2025-04-04", "2025-05-01", "2025-05-30", "2025-09-29", "2025-10-06", "2025-10-10", "2025-10-24",
    "2025-12-25",
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-27",
    "2026-04-03", "2026-04-06", "2026-05-01", "2026-06-19", "2026-09-25", "2026-09-28", "2026-10-09",
    "2026-10-26", "2026-12-25",
))

#: Article 2 item 2: "the employer" includes the family, the delegates and the person cared for.
EMPLOYER_SIDE = frozenset({"employer_of_record", "family_member", "delegate", "care_recipient"})
HOUSEHOLD = frozenset({"family_member", "delegate", "care_recipient"})

ARTICLE_9_GROUNDS = frozenset({
    "breach_of_work_standards_not_remedied",
    "serious_illness_or_injury_certified",
    "care_recipient_died_or_employment_reason_ended",
    "force_majeure_suspension_over_one_month",
    "incompetent_for_duties",
})
ARTICLE_10_GROUNDS = frozenset({"convicted_and_sentenced", "absent_without_reason",
                                "violence_or_gross_insult_to_employer"})
ARTICLE_11_GROUNDS = frozenset({"wages_not_as_agreed", "wages_not_direct_or_in_full", "belongings_kept"})
ARTICLE_12_GROUNDS = frozenset({"work_outside_contract", "violence_or_sexual_misconduct",
                                "employer_infectious_disease", "forced_to_work", "coerced_side_contract",
                                "contract_or_law_breached"})
#: Article 12 items 2, 4 and 5: what the employer's side does to the worker
ARTICLE_12_INCIDENTS = frozenset({"violence", "sexual_assault", "sexual_harassment", "gross_insult",
                                  "forced_labour", "coerced_side_contract"})
#: Article 30
MARRIAGE_OR_MATERNITY_GROUNDS = frozenset({"marriage", "pregnancy", "childbirth", "childcare"})
#: Article 32
SEXUAL_INCIDENTS = frozenset({"sexual_harassment", "sexual_assault"})
#: Article 34
RESTRICTIONS = frozenset({"religion_restricted", "social_life_restricted", "confinement"})

#: Article 29: the limits of the Rules of Leave-Taking of Workers, in days (for each event, or,
#: for sickness and personal affairs, in the twelve months before the request)
LEAVE_LIMITS = {
    "marriage": 8,
    "bereavement_of_parent_or_spouse": 8,
    "bereavement_of_grandparent_child_or_spouses_parent": 6,
    "bereavement_of_great_grandparent_sibling_or_spouses_grandparent": 3,
    "sickness": 30,
    "personal_affairs": 14,
}
YEARLY_LEAVE = frozenset({"sickness", "personal_affairs"})
MATERNITY_LEAVE_DAYS = 56  # Article 31: eight weeks

OUTPUTS = ("return_airfare_payer", "separation_fee_due", "termination_by_agreement_effective",
           "wage_in_lieu_of_notice_owed", "household_conduct_attributed_to_employer",
           "monthly_wage_as_defined", "work_standards_in_effect", "health_check_refund_owed",
           "contract_deemed_non_fixed_term", "unemployment_allowance_during_transfer",
           "minimum_wage_shortfall", "overtime_pay_owed", "pension_eligible",
           "educational_leave_hours_owed", "annual_leave_days", "rest_day_pay_owed",
           "suspended_leave_pay_owed", "menstrual_leave_days_a_month", "uninsured_loss_compensation")

TIMECARD = "employment.timecard"
THIRTY_DAYS = timedelta(days=30)
SIX_DAYS = timedelta(days=6)


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


def add_months(d: date, n: int) -> date:
    """The same day n calendar months on (or back), or that month's last day if it is shorter."""
    month0 = d.month - 1 + n
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def annual_leave_scale(years: int) -> int:
    """Article 25's scale, in days."""
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

    worker = e["employee"]
    foreign = worker["foreign"]
    female = worker["gender"] == "female"
    start = contract["start"]
    assessed_on = e["assessed_on"]
    t = e["termination"]

    # ---------------------------------------------------------------- Article 2 item 3
    # the wage includes regular allowances; it is the month's wage Article 13 substitutes for notice
    wage_as_defined = contract["monthly_wage"] + contract["regular_allowances"]
    if contract["regular_allowances"] > zero:
        outputs["monthly_wage_as_defined"] = wage_as_defined

    # ---------------------------------------------------------------- Article 4
    for i, charge in enumerate(e["broker_charges"]):
        if not charge["lawful"]:
            add(("art4_no_illegal_benefit", _path(charge, f"employment.broker_charges[{i}]")))

    # ---------------------------------------------------------------- Article 5
    living = e["living"]
    if living is not None:
        if living["lives_out"]:
            if not living["living_out_agreed"]:
                add(("art5_living_out_only_by_agreement", None))
            if not (living["rent_paid_by_employer"] and living["travel_allowance_paid"]):
                add(("art5_rent_and_travel_allowance", None))
        elif not (living["private_space"] and living["basic_facilities"]):
            add(("art5_private_habitable_space", None))
        if living["meals_a_day"] < 3 and not living["food_allowance_instead"]:
            add(("art5_three_meals", None))
    standards = e["work_standards"]
    if standards is not None:
        if not standards["in_writing"]:
            add(("art5_written_work_standards", None))
        # a recruiting permit, and so the report, is for a foreign worker only
        if foreign and not standards["reported_to_authority"]:
            add(("art5_work_standards_reported", None))
        if not standards["lawful_and_reasonable"]:
            add(("art5_work_standards_reasonable", None))
        outputs["work_standards_in_effect"] = standards["in_writing"] and (
            standards["reported_to_authority"] or not foreign)

    # ---------------------------------------------------------------- Article 6
    refund = zero
    refund_owed = False
    for i, exam in enumerate(e["health_checks"]):
        paid_by = exam["paid_by"]
        if paid_by != "employment_security_fund":
            add(("art6_health_check_paid_by_fund", _path(exam, f"employment.health_checks[{i}]")))
            if paid_by == "employee":
                refund += exam["cost"]
                if exam["cost"] > zero:
                    refund_owed = True
    if refund_owed:
        outputs["health_check_refund_owed"] = refund

    # ---------------------------------------------------------------- Articles 7 and 44
    insurance = e["insurance"]
    if insurance is not None:
        # insured from the contract's first day, or not as the article requires
        health_from, labour_from = insurance["health_insurance_from"], insurance["labour_insurance_from"]
        uninsured = False
        if health_from is None or health_from > start:
            add(("art7_health_insurance", None))
            uninsured = True
        if labour_from is None or labour_from > start:
            add(("art7_labour_insurance", None))
            uninsured = True
        if uninsured and insurance["losses_while_uninsured"] > zero:
            outputs["uninsured_loss_compensation"] = insurance["losses_while_uninsured"]

    # ---------------------------------------------------------------- Article 8
    fixed_term = contract["kind"] == "fixed_term"
    end_date = contract["end_date"]
    continued_without_objection = (fixed_term and end_date is not None and contract["continued_after_end"]
                                   and not contract["employer_objected_at_once"])
    previous = e["previous_contract"]
    renewed_after_short_gap = False
    if fixed_term and previous is not None:
        # both terms counted with their first and last day; the gap is the days with no contract
        term_ends = end_date if end_date is not None else assessed_on
        worked_days = ((previous["end_date"] - previous["start"]).days + 1
                       + (term_ends - start).days + 1)
        gap = (start - previous["end_date"]).days - 1
        renewed_after_short_gap = worked_days > 90 and gap < 30
    deemed_non_fixed_term = continued_without_objection or renewed_after_short_gap
    if deemed_non_fixed_term:
        outputs["contract_deemed_non_fixed_term"] = True

    # ---------------------------------------------------------------- Articles 2 item 2, 12, 32, 34
    # incidents: what the household does counts as the employer's doing
    household_conduct = False
    first_article_12_incident = None  # the earliest, for Article 12
    for i, incident in enumerate(e["incidents"]):
        by = incident["by"]
        if by not in EMPLOYER_SIDE:
            continue
        if by in HOUSEHOLD:
            household_conduct = True
        kind = incident["kind"]
        day = incident["date"]
        if kind in ARTICLE_12_INCIDENTS and (first_article_12_incident is None or day < first_article_12_incident):
            first_article_12_incident = day
        ground = incident["discrimination_ground"]
        if kind in SEXUAL_INCIDENTS or (kind == "discrimination" and ground == "sex_or_gender"):
            add(("art32_no_sexual_harassment", _path(incident, f"employment.incidents[{i}]")))
        if kind == "discrimination" and ground is not None and ground != "other_ground":
            add(("art34_no_discrimination", _path(incident, f"employment.incidents[{i}]")))
        if kind in RESTRICTIONS:
            add(("art34_freedom_of_religion_and_social_life", _path(incident, f"employment.incidents[{i}]")))
    if household_conduct:
        outputs["household_conduct_attributed_to_employer"] = True

    # ---------------------------------------------------------------- Articles 9-15, 30 and 41 (termination)
    if t is not None:
        by = t["by"]
        ground = t["ground"]
        # the employer ends the contract, also by treating as expired one Article 8 deems non-fixed-term
        by_employer = by == "employer" or (by == "contract_expiry" and deemed_non_fixed_term)
        with_notice = by_employer and t["with_notice"]
        without_notice = by_employer and not t["with_notice"]
        known_on = t["ground_known_on"]
        deadline = known_on + THIRTY_DAYS if known_on is not None else None
        # a dismissal later than Article 10's 30 days is not one "pursuant to" Article 10
        under_article_10 = (without_notice and ground in ARTICLE_10_GROUNDS
                            and (deadline is None or t["date"] <= deadline))
        dismissal_unlawful = False  # Article 15: "the employer violated Article 9"
        if with_notice:
            if ground not in ARTICLE_9_GROUNDS:
                add(("art9_no_termination_on_other_grounds", None))
                dismissal_unlawful = True
            elif deadline is not None:
                # the employer acts by giving notice (or by terminating, without a notice date)
                acted_on = t["notice_given_on"] if t["notice_given_on"] is not None else t["date"]
                if acted_on > deadline:
                    add(("art9_act_within_30_days", None))
                    dismissal_unlawful = True
            # Article 13: written notice a calendar month ahead, or a month's wage with its allowances
            notice_on = t["notice_given_on"]
            written_ahead = (notice_on is not None and t["notice_in_writing"]
                             and add_months(notice_on, 1) <= t["date"])
            if not written_ahead:
                if t["wage_in_lieu_paid"] < wage_as_defined:
                    add(("art13_one_month_notice", None))
                outputs["wage_in_lieu_of_notice_owed"] = max(wage_as_defined - t["wage_in_lieu_paid"], zero)
        elif without_notice:
            if ground not in ARTICLE_10_GROUNDS:
                add(("art10_no_termination_without_notice_on_other_grounds", None))
                dismissal_unlawful = True
            elif deadline is not None and t["date"] > deadline:
                add(("art10_act_within_30_days", None))
                dismissal_unlawful = True
        if by_employer:
            # Article 14: a separation fee, except after an unremedied breach or under Article 10
            outputs["separation_fee_due"] = not (
                (with_notice and ground == "breach_of_work_standards_not_remedied") or under_article_10)
            if ground in MARRIAGE_OR_MATERNITY_GROUNDS:
                add(("art30_no_dismissal_for_marriage_or_pregnancy", None))
            if ground == "complaint_filed":
                add(("art41_no_dismissal_for_complaint", None))
        elif by == "contract_expiry" and fixed_term and t["employee_left_post"]:
            # a fixed term (not deemed non-fixed-term) that expired, the worker gone from her post
            outputs["separation_fee_due"] = False

        # the worker's own termination: Article 11 (an objection unremedied for a month) and
        # Article 12 (her ground, or where she gave none, an incident up to that day)
        under_article_11 = under_article_12 = False
        if by == "employee":
            day = t["date"]
            for o in e["objections"]:
                remedied_on = o["remedied_on"]
                if (o["about"] in ARTICLE_11_GROUNDS and add_months(o["date"], 1) <= day
                        and not (remedied_on is not None and remedied_on <= day)):
                    under_article_11 = True
                    break
            worker_ground = t["worker_ground"]
            if worker_ground is not None:
                under_article_12 = worker_ground in ARTICLE_12_GROUNDS
            else:
                under_article_12 = first_article_12_incident is not None and first_article_12_incident <= day

        # Articles 9-12: who pays a foreign worker's return airfare; Article 9 judges the payment
        if foreign:
            payer = None
            if with_notice:
                payer = "employer"
            elif without_notice:
                # the worker pays only after a dismissal pursuant to Article 10
                payer = "employee" if under_article_10 else "employer"
            elif (under_article_11 or under_article_12) and t["returns_home"]:
                payer = "employer"
            outputs["return_airfare_payer"] = payer
            if payer == "employer" and t["airfare_paid_by"] is not None and t["airfare_paid_by"] != "employer":
                add(("art9_employer_pays_airfare", None))
        # not given: the case does not say, and the act reports a duty the employer has now
        if under_article_12 and t["discharge_agreement_presented"] is False:
            add(("art12_discharge_agreement_presented", None))
        if by == "mutual_agreement":
            signed = t["agreement_signed_before_authority"] and t["agreement_in_both_mother_tongues"]
            if not signed:
                add(("art13_agreement_before_authority", None))
            outputs["termination_by_agreement_effective"] = signed
        # Article 15: unemployment allowance while a foreign worker transfers
        if foreign and t["transfer_requested"] and (dismissal_unlawful or under_article_11 or under_article_12):
            outputs["unemployment_allowance_during_transfer"] = True

    # ---------------------------------------------------------------- Article 21
    if (fixed_term and not deemed_non_fixed_term and end_date is not None and end_date <= assessed_on
            and (t is None or (t["by"] == "contract_expiry" and t["date"] >= end_date))):
        outputs["pension_eligible"] = True

    # ---------------------------------------------------------------- Articles 22, 23, 26-28 (the time card)
    regular_by_block: dict[int, object] = {}
    overtime_by_week: dict[date, object] = {}
    overtime_by_month: dict[tuple[int, int], object] = {}
    rest_days_worked: dict[tuple[int, int], int] = {}  # Article 27, by month
    suspended_days: dict[tuple[int, int], int] = {}  # Article 28, by month
    days = []  # (date, day off, weekly day off suspended, made up for) for the seven-day stretches
    for i, d in enumerate(e["timecard"]):
        day = d["date"]
        regular = d["regular_hours"]
        overtime = d["overtime_hours"]
        block = (day - start).days // 14
        regular_by_block[block] = regular_by_block.get(block, zero) + regular
        if regular > eight:
            add(("art22_daily_regular_hours", _path(d, f"{TIMECARD}[{i}]")))
        rest = d["longest_rest_hours"]
        if rest is None and d["work_periods"]:
            rest = longest_rest(d["work_periods"])  # else None: the case does not show the rest
        if rest is not None and rest < ten:
            add(("art22_ten_hours_consecutive_rest", _path(d, f"{TIMECARD}[{i}]")))
        if overtime:  # work in the rest period, "viewed as overtime"
            if overtime > two:
                add(("art22_daily_overtime", _path(d, f"{TIMECARD}[{i}]")))
            if not (d["overtime_urgent_need"] and d["overtime_consented"]):
                add(("art22_work_in_rest_hours", _path(d, f"{TIMECARD}[{i}]")))
            monday = day - timedelta(days=day.weekday())
            overtime_by_week[monday] = overtime_by_week.get(monday, zero) + overtime
            month = (day.year, day.month)
            overtime_by_month[month] = overtime_by_month.get(month, zero) + overtime

        # days of rest (Articles 26-28): the weekly day off, a national holiday, annual leave
        day_off = d["day_off"]
        planned = d["planned_rest"]
        holiday = day in NATIONAL_HOLIDAYS
        suspended = made_up = False
        if (holiday or day_off or planned is not None) and regular + overtime > zero:
            month = (day.year, day.month)
            if d["emergency"]:
                # Article 28: leave suspended in an emergency, paid double; an exception to the
                # prohibitions of Articles 26 and 27
                suspended_days[month] = suspended_days.get(month, 0) + 1
                suspended = day_off or planned == "weekly_day_off"
                made_up = suspended and d["compensatory_rest_on"] is not None
            else:
                rest_days_worked[month] = rest_days_worked.get(month, 0) + 1
                if not d["agreed_to_work_rest_day"]:
                    rule = "art26_no_work_on_national_holidays" if holiday else "art27_no_work_on_rest_days"
                    add((rule, _path(d, f"{TIMECARD}[{i}]")))
        days.append((day, day_off, suspended, made_up))

    for block, total in regular_by_block.items():
        if total > eighty_four:
            first = start + timedelta(days=14 * block)
            add(("art22_two_weekly_regular_hours", f"{TIMECARD} {first}..{first + timedelta(days=13)}"))
    for monday, total in overtime_by_week.items():
        if total > ten:
            add(("art22_weekly_overtime", f"{TIMECARD} {monday}..{monday + SIX_DAYS}"))
    for (year, month), total in overtime_by_month.items():
        if total > forty:
            first = date(year, month, 1)
            add(("art22_monthly_overtime", f"{TIMECARD} {first}..{end_of_month(first)}"))
    if not e["attendance_records_kept"]:
        add(("art22_attendance_records", None))

    # Article 23: every run of seven recorded consecutive days needs a day off (dates are unique).
    # Article 28: where a weekly day off in the seven was suspended in an emergency, the suspended
    # day counts as the rest once compensatory rest is given or set for it.
    days.sort()
    last_off = last_suspended = last_rest = -1  # the latest index of each kind of day so far
    for j, (day, day_off, suspended, made_up) in enumerate(days):
        if day_off:
            last_off = j
        if suspended:
            last_suspended = j
        if day_off or made_up:
            last_rest = j
        first = j - 6
        if first >= 0 and day - days[first][0] == SIX_DAYS:
            if last_suspended >= first:
                if last_rest < first:
                    add(("art28_weekly_day_off_suspended", f"{TIMECARD} {days[first][0]}..{day}"))
            elif last_off < first:
                add(("art23_day_off_in_every_seven_days", f"{TIMECARD} {days[first][0]}..{day}"))

    # ---------------------------------------------------------------- Articles 16-19, 27, 28 (each month's wage)
    wages = e["wages"]
    pay_day = contract["pay_day"]
    languages = worker["languages"]
    shortfall = overtime_owed = rest_day_owed = suspended_owed = zero
    short = overtime_short = rest_day_short = suspended_short = False
    for i, p in enumerate(wages):
        path = _path(p, f"employment.wages[{i}]")
        month = p["month"]
        first = month.replace(day=1)
        key = (month.year, month.month)
        agreed = p["agreed_wage"]
        # Article 16: every deduction but the legal ones counts against the basic wage
        minimum = minimum_monthly_wage(first)
        after = (agreed - p["food_deduction"] - p["lodging_deduction"] - p["travel_deduction"]
                 - p["penalty_deduction"] - p["other_deductions"])
        if after < minimum:
            add(("art16_wage_floor", path))
            short = True
        shortfall += max(minimum - after, zero)
        # Article 17: due on the agreed pay day of the next month (its last day if shorter)
        paid_on = p["paid_on"]
        if pay_day is not None:
            next_month = add_months(first, 1)
            due = min(next_month + timedelta(days=pay_day - 1), end_of_month(next_month))
            if (paid_on if paid_on is not None else assessed_on) > due:
                add(("art17_paid_monthly_on_time", path))
        if p["paid_to"] != "employee":
            add(("art17_paid_directly", path))
        if paid_on is not None:
            owed = (agreed + p["overtime_pay"] + p["rest_day_work_pay"] + p["suspended_leave_pay"]
                    - p["legal_deductions"])
            if p["paid_amount"] < owed:
                add(("art17_paid_in_full", path))
            language = p["payslip_language"]
            if not p["payslip_given"] or not (language is not None and language in languages) \
                    or not p["payslip_signed_by_both"]:
                add(("art17_pay_slip", path))
        if p["food_deduction"] > zero or p["lodging_deduction"] > zero:
            add(("art17_no_food_and_lodging_deduction", path))
        # Article 18: at least 1.5 times the hourly wage for each hour of overtime in the month
        # (nothing is due in a month without overtime)
        overtime_hours = overtime_by_month.get(key)
        if overtime_hours:
            overtime_due = overtime_hours * (agreed / HOURS_PER_MONTH) * premium
            if p["overtime_pay"] < overtime_due:
                add(("art18_overtime_premium", path))
                overtime_short = True
                overtime_owed += overtime_due - p["overtime_pay"]
        if p["penalty_deduction"] > zero:
            add(("art19_no_advance_deduction", path))
        # Articles 27 and 28: a day's wage more for each day of rest worked, or suspended
        worked_rest = rest_days_worked.get(key, 0)
        if worked_rest:
            rest_day_due = worked_rest * (agreed / DAYS_PER_MONTH)
            if p["rest_day_work_pay"] < rest_day_due:
                add(("art27_double_pay", path))
                rest_day_short = True
                rest_day_owed += rest_day_due - p["rest_day_work_pay"]
        suspended = suspended_days.get(key, 0)
        if suspended:
            suspended_due = suspended * (agreed / DAYS_PER_MONTH)
            if p["suspended_leave_pay"] < suspended_due:
                add(("art28_double_pay", path))
                suspended_short = True
                suspended_owed += suspended_due - p["suspended_leave_pay"]
    if short:
        outputs["minimum_wage_shortfall"] = shortfall
    if overtime_short:
        outputs["overtime_pay_owed"] = overtime_owed
    if rest_day_short:
        outputs["rest_day_pay_owed"] = rest_day_owed
    if suspended_short:
        outputs["suspended_leave_pay_owed"] = suspended_owed
    if wages and not e["payroll_record_kept"]:
        add(("art17_payroll_record", None))

    # ---------------------------------------------------------------- Articles 24 and 25
    # continuous service counts from its first day (a renewed contract), else the contract's start
    service_start = e["service_start"]
    years = years_between(service_start if service_start is not None else start, assessed_on)
    if years >= 1:
        educational = e["educational_leave_hours_last_year"]
        if educational is not None and educational < eight:
            add(("art24_educational_leave", None))
            outputs["educational_leave_hours_owed"] = eight - educational
        entitled = annual_leave_scale(years)
        outputs["annual_leave_days"] = entitled
        granted = e["annual_leave_granted"]
        if granted is not None and granted < entitled:
            add(("art25_leave_granted", None))

    # ---------------------------------------------------------------- Articles 29 and 31 (leave)
    # only a refused request can breach them; the days already granted are counted for those
    granted_by_reason: dict[str, list] = {}
    refused = []
    for i, r in enumerate(e["leave_requests"]):
        if r["refused"]:
            refused.append((i, r))
        else:
            granted_by_reason.setdefault(r["reason"], []).append((r["start"], r["length"]))
    for i, r in refused:
        reason = r["reason"]
        first = r["start"]
        if reason in LEAVE_LIMITS:
            left = LEAVE_LIMITS[reason]
            if reason in YEARLY_LEAVE:
                # the year's limit less the days of that kind granted in the twelve months before
                year_before = add_months(first, -12)
                left -= sum(length for on, length in granted_by_reason.get(reason, ())
                            if year_before < on < first)
            if left > 0:
                add(("art29_leave_as_the_rules_allow", _path(r, f"employment.leave_requests[{i}]")))
        elif female and reason == "menstruation":
            # one day a month: a day granted earlier in the same calendar month may be the month's
            taken = sum(length for on, length in granted_by_reason.get(reason, ())
                        if on < first and on.year == first.year and on.month == first.month)
            if taken < 1:
                add(("art31_menstrual_leave", _path(r, f"employment.leave_requests[{i}]")))
        elif female and reason == "maternity" and r["length"] <= MATERNITY_LEAVE_DAYS:
            add(("art31_maternity_leave", _path(r, f"employment.leave_requests[{i}]")))

    # ---------------------------------------------------------------- Articles 30 and 31 (the rest)
    if contract["resignation_clause"]:
        add(("art30_no_resignation_clause", None))
    if female:
        outputs["menstrual_leave_days_a_month"] = 1

    # ---------------------------------------------------------------- Article 38
    for i, injury in enumerate(e["injuries"]):
        if not (injury["medical_costs_paid_by_employer"] and injury["wage_continued"]):
            add(("art38_occupational_injury", _path(injury, f"employment.injuries[{i}]")))

    # ---------------------------------------------------------------- Article 40
    inspection = e["inspection"]
    if inspection is not None:
        if inspection["certificate_shown"] and inspection["refused"]:
            add(("art40_no_refusal_of_inspection", None))
        if inspection["documents_requested"] and not inspection["documents_submitted"]:
            add(("art40_documents_for_inspector", None))

    # ---------------------------------------------------------------- Article 41 (the dismissal is above)
    for i, complaint in enumerate(e["complaints"]):
        if complaint["retaliation"] is not None:
            add(("art41_no_retaliation_for_complaint", _path(complaint, f"employment.complaints[{i}]")))

    return {"violations": violations, "outputs": outputs}
