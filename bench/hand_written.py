"""The shipped Household Service Act's rules, written by hand in plain Python.

This is the yardstick for ``bench/bench.py``: what a careful programmer would write to decide a
case without the rules language. :func:`evaluate` takes the inputs that ``Act.validate`` returns
(``{"employment": Record}``; a Record is a dict with the field names as keys and knows its path;
lists are tuples, sets frozensets, amounts and hours exact numbers (``decimal.Decimal``, or
``fractions.Fraction`` if the runtime uses exact rationals: the code below works in whichever type
the inputs use), days ``int``, dates ``datetime.date``, enum members ``str``, a fact the case does
not give None) and returns what the compiled act decides:

- ``violations``: the set of ``(rule name, binding path)`` of every finding of kind "violation";
  the binding path is the case entry or window a ``for each`` rule was judged on
  (``employment.timecard[3]``, ``employment.timecard 2025-03-03..2025-03-09``), None for a rule
  without ``for each``;
- ``warnings``: the same for every finding of kind "warning" (what the case leaves out that could
  change the answer);
- ``entitlements``: the set of ``(rule name, binding path, amount)`` of every entitlement a ``for
  each`` rule sets for one entry (a month of the time card, a wage entry): those have a value per
  finding and none for the case;
- ``outputs``: every output and entitlement of the act by name, with the one value the case gets,
  None where no rule decides it (and always None for the per-entry entitlements above).

It covers the whole act (all 48 articles, 128 rules): every rule of ``acts/household_service.hsa``
that can find a violation (56 rules, Articles 4 to 41), every rule that decides one of the act's
24 outputs and entitlements (33 rules, Articles 2 to 44; seven of them set an entitlement for each
month of the time card or each wage entry), and every rule that gives a warning (13 rules,
Articles 10 to 27), with the act's exceptions: Article 14's cases without a separation fee, and
Article 28's emergencies, which lift the prohibitions of Articles 26 and 27 on the day and take
the place of Article 23 for the seven days around a suspended weekly day off. The other 26 rules
find no violation, decide no output and warn of nothing, so nothing here stands for them: the
permissions (but Article 28's, as the exception it is), the duties whose fulfilment a case cannot
show (reported by the act as duties the party has now), and the penalties of Articles 42 to 46.

The act's readings are kept (docs/readings.md, and the comments in the act file):

- a time-card day gives its hours as ``hours_worked``, as ``work_periods`` or as the older
  ``regular_hours`` + ``overtime_hours``; from them come the hours worked, the work inside the
  rest (the least work any ten consecutive hours of the day hold, the day taken to repeat; the
  hours she was woken to work, or the older form's overtime hours; the hours beyond 14), the
  extended time (the larger of the hours beyond eight and the work in the rest), the regular
  time (the rest of the day's work), the longest rest (as recorded, or from the periods, or the
  hours not worked), and whether the rest is known;
- 14-day blocks (fortnights) and 7-day blocks (weeks denied their day off) from the contract's
  start, calendar weeks Monday to Sunday, calendar months, rolling seven-day stretches only
  where the time card records all seven days; a fortnight counts the regular time of its days
  but days of rest and the last day of a week of it denied its day off, and its hours beyond 84
  are extended time paid in the month of its last day;
- the money per calendar month of the time card (overtime at 1.5 times the month's wage / 240
  an hour, a day's wage, the month's wage / 30, for each day of rest worked, weekly days off
  denied included, and for each day of leave suspended in an emergency; the contract's wage
  with its allowances for a month without a wage entry), and per wage entry (unpaid wages, food
  and lodging refunded, penalties refunded, in that order and never overlapping, and the top-up
  to the basic wage in force on the month's first day, prorated for a month the contract
  covers in part, rounded down to the dollar; a month outside the table, July 2014 to December
  2026, is not judged and warns); a wage paid to another without her authority did not reach
  her;
- notice (a month's wage) for every termination by the employer that is not lawfully under
  Article 10; Article 10's absences counted and its lawfulness undetermined where the case
  cannot show it; an unsigned termination by agreement is the employer's, without notice; the
  separation fee of the Labor Standards Act (a month's wage with its allowances for each year of
  service, the months that remain in proportion, a part of a month counted as a month);
- calendar months (a month added to 31 January is 28 or 29 February), the national holidays of
  2020 to 2027 as the act lists them (2027's not confirmed).

The arithmetic is done in the same order and in the same number type as the act's, so that the
results compare exactly.
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
    (date(2014, 7, 1), 19273),
    (date(2015, 7, 1), 20008),
    (date(2017, 1, 1), 21009),
    (date(2018, 1, 1), 22000),
    (date(2019, 1, 1), 23100),
    (date(2020, 1, 1), 23800),
    (date(2021, 1, 1), 24000),
    (date(2022, 1, 1), 25250),
    (date(2023, 1, 1), 26400),
    (date(2024, 1, 1), 27470),
    (date(2025, 1, 1), 28590),
    (date(2026, 1, 1), 29500),
)
#: the months the table covers, by their first day: from July 2014 to December 2026, the last year
#: whose basic wage it gives as announced; a month outside them is not judged, and warns
MINIMUM_WAGE_KNOWN = (date(2014, 7, 1), date(2026, 12, 1))


def _dates(*text: str) -> frozenset:
    return frozenset(date.fromisoformat(d) for d in text)


#: Article 26: the days off the official calendar gives for national holidays, 2020 to 2026
#: (make-up days for holidays on a weekend; Labour Day every year) ...
HOLIDAYS_CONFIRMED = _dates(
    "2020-01-01", "2020-01-24", "2020-01-27", "2020-01-28", "2020-01-29", "2020-02-28", "2020-04-02",
    "2020-04-03", "2020-05-01", "2020-06-25", "2020-10-01", "2020-10-09",
    "2021-01-01", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16", "2021-03-01", "2021-04-02",
    "2021-04-05", "2021-05-01", "2021-06-14", "2021-09-21", "2021-10-11", "2021-12-31",
    "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-28", "2022-04-04", "2022-04-05",
    "2022-05-01", "2022-06-03", "2022-09-09", "2022-10-10",
    "2023-01-02", "2023-01-23", "2023-01-24", "2023-01-25", "2023-01-26", "2023-02-28", "2023-04-04",
    "2023-04-05", "2023-05-01", "2023-06-22", "2023-09-29", "2023-10-10",
    "2024-01-01", "2024-02-09", "2024-02-12", "2024-02-13", "2024-02-14", "2024-02-28", "2024-04-04",
    "2024-04-05", "2024-05-01", "2024-06-10", "2024-09-17", "2024-10-10",
    "2025-01-01", "2025-01-28", "2025-01-29", "2025-01-30", "2025-01-31", "2025-02-28", "2025-04-03",
    "2025-04-04", "2025-05-01", "2025-05-30", "2025-09-29", "2025-10-06", "2025-10-10", "2025-10-24",
    "2025-12-25",
    "2026-01-01", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-27",
    "2026-04-03", "2026-04-06", "2026-05-01", "2026-06-19", "2026-09-25", "2026-09-28", "2026-10-09",
    "2026-10-26", "2026-12-25",
)
#: ... and those of 2027, worked out from the rules and not confirmed: each one worked warns.
HOLIDAYS_NOT_CONFIRMED = _dates(
    "2027-01-01", "2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10", "2027-03-01",
    "2027-04-05", "2027-04-06", "2027-04-30", "2027-06-09", "2027-09-15", "2027-09-28", "2027-10-11",
    "2027-10-25", "2027-12-24",
)
NATIONAL_HOLIDAYS = HOLIDAYS_CONFIRMED | HOLIDAYS_NOT_CONFIRMED
#: the first and last day the table covers: a day worked outside them warns
HOLIDAYS_KNOWN = (date(2020, 1, 1), date(2027, 12, 31))

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
           "contract_deemed_non_fixed_term", "return_airfare_owed", "separation_fee_owed",
           "unemployment_allowance_during_transfer", "minimum_wage_shortfall", "unpaid_wages_owed",
           "food_and_lodging_deductions_owed", "overtime_pay_owed", "penalty_deductions_owed",
           "pension_may_be_eligible", "educational_leave_hours_owed", "annual_leave_days",
           "rest_day_pay_owed", "suspended_leave_pay_owed", "menstrual_leave_days_a_month",
           "uninsured_loss_compensation")

TIMECARD = "employment.timecard"
ONE_DAY = timedelta(days=1)
SIX_DAYS = timedelta(days=6)
THIRTY_DAYS = timedelta(days=30)


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


def months_between(a: date, b: date) -> int:
    """Whole calendar months from a to b: the largest n with add_months(a, n) <= b."""
    if b < a:
        return -months_between(b, a)
    months = (b.year - a.year) * 12 + b.month - a.month
    if min(a.day, calendar.monthrange(b.year, b.month)[1]) > b.day:
        months -= 1
    return months


def add_months(d: date, n: int) -> date:
    """The same day n calendar months on (or back), or that month's last day if it is shorter."""
    month0 = d.month - 1 + n
    year, month = d.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def end_of_month(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def month_path(first: date) -> str:
    return f"{TIMECARD} {first}..{end_of_month(first)}"


def annual_leave_scale(years: int) -> int:
    """Article 25's scale, in days (the Labor Standards Act's: 15 days at ten years, 30 at most)."""
    if years < 1:
        return 0
    if years < 3:
        return 7
    if years < 5:
        return 10
    if years < 10:
        return 14
    return min(15 + (years - 10), 30)


def work_in_ten_hours_from(periods, t):
    """The work the ten hours from t hold, the day taken as repeating (each period also 24
    hours earlier and later)."""
    until = t + 10
    total = 0
    for q in periods:
        start, end = q["start"], q["end_at"]
        for shift in (0, 24, -24):
            a = start + shift
            b = end + shift
            low = a if a > t else t
            high = b if b < until else until
            if high > low:
                total += high - low
    return total


def least_work_in_ten_hours(periods):
    """The least work any ten consecutive hours hold: reached by ten hours that begin as a period
    ends, or that end as one begins."""
    least = None
    for p in periods:
        for t in (p["end_at"], p["start"] - 10):
            work = work_in_ten_hours_from(periods, t)
            if least is None or work < least:
                least = work
    return least


def longest_rest_from(periods):
    """The longest gap between one period of work and the next start, the day taken to repeat
    (after the day's last period comes the next day's first start, 24 hours on)."""
    starts = [q["start"] for q in periods]
    first_start = min(starts)
    longest = None
    for p in periods:
        end = p["end_at"]
        later = [s for s in starts if s >= end]
        gap = (min(later) if later else first_start + 24) - end
        if longest is None or gap > longest:
            longest = gap
    return longest


def evaluate(inputs: dict) -> dict:
    e = inputs["employment"]
    contract = e["contract"]
    number = type(contract["monthly_wage"])  # the exact number type amounts and hours come in
    if number is int:
        number = Decimal
    zero = number(0)
    premium = number("1.5")
    violations: set[tuple[str, str | None]] = set()
    warnings: set[tuple[str, str | None]] = set()
    entitlements: set[tuple[str, str, object]] = set()
    outputs: dict = dict.fromkeys(OUTPUTS)
    add = violations.add
    warn = warnings.add
    owe = entitlements.add

    worker = e["employee"]
    foreign = worker["foreign"]
    female = worker["gender"] == "female"
    start = contract["start"]
    assessed_on = e["assessed_on"]
    t = e["termination"]
    service_started_on = e["service_start"] if e["service_start"] is not None else start
    decisive_day = t["date"] if t is not None else assessed_on

    # ---------------------------------------------------------------- Article 2 item 3
    # the wage includes regular allowances; it is the month's wage Article 13 substitutes for
    # notice, the separation fee's, and the month's wage where a month has no wage entry
    wage_as_defined = contract["monthly_wage"] + contract["regular_allowances"]
    if contract["regular_allowances"] > zero:
        outputs["monthly_wage_as_defined"] = wage_as_defined

    # ---------------------------------------------------------------- Article 4
    for charge in e["broker_charges"]:
        if not charge["lawful"]:
            add(("art4_no_illegal_benefit", charge.path))

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
    for exam in e["health_checks"]:
        paid_by = exam["paid_by"]
        if paid_by != "employment_security_fund":
            add(("art6_health_check_paid_by_fund", exam.path))
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
    for incident in e["incidents"]:
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
            add(("art32_no_sexual_harassment", incident.path))
        if kind == "discrimination" and ground is not None and ground != "other_ground":
            add(("art34_no_discrimination", incident.path))
        if kind in RESTRICTIONS:
            add(("art34_freedom_of_religion_and_social_life", incident.path))
    if household_conduct:
        outputs["household_conduct_attributed_to_employer"] = True

    # ---------------------------------------------------------------- Articles 9-15, 30 and 41 (termination)
    if t is not None:
        by = t["by"]
        ground = t["ground"]
        # Article 13 paragraph 2: an agreed termination takes effect once signed before the
        # authority in both mother tongues; unsigned, it is the employer's, without notice
        agreement_effective = t["agreement_signed_before_authority"] and t["agreement_in_both_mother_tongues"]
        # the employer ends the contract, also by treating as expired one Article 8 deems
        # non-fixed-term
        by_employer = (by == "employer" or (by == "contract_expiry" and deemed_non_fixed_term)
                       or (by == "mutual_agreement" and not agreement_effective))
        with_notice = by_employer and t["with_notice"] and by != "mutual_agreement"
        without_notice = by_employer and not with_notice
        known_on = t["ground_known_on"]
        deadline = known_on + THIRTY_DAYS if known_on is not None else None

        # Article 10: its ground (item 2's absences counted), and whether the employer acted in
        # time; what the case cannot show leaves the dismissal's lawfulness undetermined
        on_article_10_ground = without_notice and ground in ARTICLE_10_GROUNDS
        relies_on_absence = ground == "absent_without_reason"
        absences = e["absences"]
        ground_met = not relies_on_absence or _absences_reach(absences, decisive_day, False)
        ground_fails = relies_on_absence and len(absences) > 0 and not _absences_reach(absences, decisive_day, True)
        in_time = deadline is not None and t["date"] <= deadline
        late = deadline is not None and t["date"] > deadline
        under_article_10 = on_article_10_ground and ground_met and in_time
        article_10_undetermined = on_article_10_ground and not under_article_10 and not ground_fails and not late
        if article_10_undetermined:
            warn(("art10_lawfulness_undetermined", None))

        # Article 9 paragraph 1 and Article 10 paragraph 1: no dismissal without a lawful ground
        dismissal_without_lawful_ground = False
        if with_notice and ground not in ARTICLE_9_GROUNDS:
            add(("art9_no_termination_on_other_grounds", None))
            dismissal_without_lawful_ground = True
        if (without_notice and ground not in ARTICLE_9_GROUNDS
                and not (ground in ARTICLE_10_GROUNDS and not ground_fails)):
            add(("art10_no_termination_without_notice_on_other_grounds", None))
            dismissal_without_lawful_ground = True
        # Articles 9 and 10 paragraph 2: within 30 days of learning of the ground (the employer
        # acts by giving notice, or by terminating, without a notice date)
        acted_late = False
        if with_notice and ground in ARTICLE_9_GROUNDS and deadline is not None:
            acted_on = t["notice_given_on"] if t["notice_given_on"] is not None else t["date"]
            if acted_on > deadline:
                add(("art9_act_within_30_days", None))
                acted_late = True
        if on_article_10_ground and late:
            add(("art10_act_within_30_days", None))
            acted_late = True

        # Article 13: written notice a calendar month ahead, or a month's wage with its
        # allowances, whenever the employer ends the contract other than lawfully under Article 10
        if by_employer and not under_article_10 and not article_10_undetermined:
            notice_on = t["notice_given_on"]
            in_time = notice_on is not None and add_months(notice_on, 1) <= t["date"]
            written_ahead = in_time and t["notice_in_writing"] is True
            # a month ahead, but whether in writing is not said: not judged, a warning
            writing_unknown = in_time and t["notice_in_writing"] is None
            if writing_unknown and t["wage_in_lieu_paid"] < wage_as_defined:
                warn(("art13_notice_writing_not_recorded", None))
            if not written_ahead and not writing_unknown and t["wage_in_lieu_paid"] < wage_as_defined:
                add(("art13_one_month_notice", None))
                outputs["wage_in_lieu_of_notice_owed"] = wage_as_defined - t["wage_in_lieu_paid"]
        if by == "mutual_agreement":
            outputs["termination_by_agreement_effective"] = agreement_effective

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

        # Article 14: a separation fee when the employer ends the contract, except after an
        # unremedied breach or under Article 10; when the worker leaves under Article 11 or 12;
        # none when a fixed term expires and she has left her post
        fee_due = None
        if by_employer and not article_10_undetermined:
            fee_due = not ((with_notice and ground == "breach_of_work_standards_not_remedied") or under_article_10)
        if under_article_11 or under_article_12:
            fee_due = True
        if by == "contract_expiry" and fixed_term and not deemed_non_fixed_term and t["employee_left_post"]:
            fee_due = False
        outputs["separation_fee_due"] = fee_due
        if fee_due:
            # the Labor Standards Act's amount: a month's wage for each year, a part of a month
            # counted as a month
            months = (months_between(service_started_on, decisive_day - ONE_DAY) + 1
                      if decisive_day > service_started_on else 0)
            outputs["separation_fee_owed"] = wage_as_defined * months / 12

        # Articles 9-12: who pays a foreign worker's return airfare; Article 9 judges the payment
        if foreign:
            payer = None
            if with_notice:
                payer = "employer"
            elif without_notice:
                if under_article_10:
                    payer = "employee"
                elif not article_10_undetermined:
                    # an unlawful dismissal cannot leave her worse off than a lawful one
                    payer = "employer"
            elif (under_article_11 or under_article_12) and t["returns_home"]:
                payer = "employer"
            outputs["return_airfare_payer"] = payer
            if payer == "employer":
                paid_by = t["airfare_paid_by"]
                if paid_by is not None and paid_by != "employer":
                    add(("art9_employer_pays_airfare", None))
                if paid_by != "employer":
                    outputs["return_airfare_owed"] = True
        # not given: the case does not say, and the act reports a duty the employer has now
        if under_article_12 and t["discharge_agreement_presented"] is False:
            add(("art12_discharge_agreement_presented", None))
        if by_employer:
            if ground in MARRIAGE_OR_MATERNITY_GROUNDS:
                add(("art30_no_dismissal_for_marriage_or_pregnancy", None))
            if ground == "complaint_filed":
                add(("art41_no_dismissal_for_complaint", None))
        # Article 15: unemployment allowance while a foreign worker transfers
        if foreign and t["transfer_requested"] and (
                dismissal_without_lawful_ground or acted_late or under_article_11 or under_article_12):
            outputs["unemployment_allowance_during_transfer"] = True

    # ---------------------------------------------------------------- Article 21
    if (fixed_term and not deemed_non_fixed_term and end_date is not None and end_date <= assessed_on
            and (t is None or (t["by"] == "contract_expiry" and t["date"] >= end_date))):
        outputs["pension_may_be_eligible"] = True

    # ---------------------------------------------------------------- Articles 16, 17, 19 (each wage entry)
    wages = e["wages"]
    pay_day = contract["pay_day"]
    languages = worker["languages"]
    wage_by_month: dict[tuple[int, int], object] = {}  # the month's wage entry
    slip_not_recorded = False
    for p in wages:
        path = p.path
        first = p["month"].replace(day=1)
        wage_by_month[(first.year, first.month)] = p
        # Article 17: due on the agreed pay day of the next month (its last day if shorter), or
        # by the last day of the next month; judged once paid or due
        next_month = add_months(first, 1)
        last_of_next = end_of_month(next_month)
        if pay_day is not None:
            due_on = min(next_month + timedelta(days=pay_day - 1), last_of_next)
        else:
            due_on = last_of_next
        paid_on = p["paid_on"]
        payable = paid_on is not None or assessed_on > due_on
        paid_amount = p["paid_amount"]
        if payable and paid_amount is None:   # what was paid not said: not judged, a warning
            warn(("art17_payment_not_recorded", path))
        judged = payable and paid_amount is not None
        month_wage = p["agreed_wage"] if p["agreed_wage"] is not None else wage_as_defined
        # what reached her: a payment to another without her authority did not
        to_her = p["paid_to"] == "employee" or p["paid_to_with_her_authority"] is True
        if to_her and paid_amount is not None:
            received = paid_amount
            extra_received = p["overtime_pay"] + p["rest_day_work_pay"] + p["suspended_leave_pay"]
        else:
            received = extra_received = zero
        legal = p["legal_deductions"]
        base_received = received - extra_received
        base_due = max(month_wage - legal, zero)
        shortfall = max(base_due - base_received, zero)
        if paid_amount is not None and base_received > base_due:   # above the wage, not said why
            warn(("art17_payment_above_the_wage_unexplained", path))
        # owed in three parts that never overlap: food and lodging, a penalty, the rest unpaid
        food_and_lodging = min(p["food_deduction"] + p["lodging_deduction"], shortfall)
        penalty = min(p["penalty_deduction"], shortfall - food_and_lodging)
        unpaid = shortfall - food_and_lodging - penalty

        # Article 16: what she actually received, the legal deductions added back, against the
        # basic wage in force on the month's first day (for the days the contract covers)
        if MINIMUM_WAGE_KNOWN[0] <= first <= MINIMUM_WAGE_KNOWN[1]:
            if judged:
                minimum = minimum_monthly_wage(first)
                last = end_of_month(first)
                covered_to = min(last, t["date"]) if t is not None else last
                month_days = last.day
                contract_days = max((covered_to - max(first, start)).days + 1, 0)
                if contract_days != month_days:
                    minimum = minimum * contract_days // month_days  # rounded down to the dollar
                actual = base_received + legal
                if actual < minimum:
                    add(("art16_wage_floor", path))
                top_up = max(minimum - max(month_wage, actual), zero)
                if top_up > zero:
                    owe(("art16_shortfall_owed", path, top_up))
        else:
            warn(("art16_minimum_wage_unknown", path))

        # Article 17
        if pay_day is not None and (paid_on if paid_on is not None else assessed_on) > due_on:
            add(("art17_paid_monthly_on_time", path))
        if paid_amount is not None and paid_amount > zero and not to_her:
            add(("art17_paid_directly", path))
        if judged:
            due = month_wage + p["overtime_pay"] + p["rest_day_work_pay"] + p["suspended_leave_pay"] - legal
            if received < due:
                add(("art17_paid_in_full", path))
            if unpaid > zero:
                owe(("art17_unpaid_wages_owed", path, unpaid))
            if food_and_lodging > zero:
                owe(("art17_food_and_lodging_refund_owed", path, food_and_lodging))
            if penalty > zero:
                owe(("art19_penalty_deduction_refund_owed", path, penalty))
        if p["food_deduction"] > zero or p["lodging_deduction"] > zero:
            add(("art17_no_food_and_lodging_deduction", path))
        if paid_on is not None:
            # the pay slip, judged where the case says enough of it
            given, language, signed = p["payslip_given"], p["payslip_language"], p["payslip_signed_by_both"]
            if given is not None and (not given or (language is not None and signed is not None)):
                if not given or language is None or language not in languages or signed is not True:
                    add(("art17_pay_slip", path))
            else:
                slip_not_recorded = True
        # Article 19
        if p["penalty_deduction"] > zero:
            add(("art19_no_advance_deduction", path))
    if slip_not_recorded:
        warn(("art17_pay_slip_not_recorded", None))
    if wages:
        if not e["payroll_record_kept"]:
            add(("art17_payroll_record", None))
    else:
        warn(("art17_no_wage_entries", None))

    # ---------------------------------------------------------------- Articles 18, 22, 23, 26-28 (the time card)
    start_day = start.toordinal()
    extended_by_week: dict[int, object] = {}  # calendar week (its Monday's day number)
    extended_by_month: dict[tuple[int, int], object] = {}  # each day's extended time, by month
    worked_in_month: dict[tuple[int, int], bool] = {}  # the months of the time card
    rest_days_worked: dict[tuple[int, int], int] = {}  # Article 27, by month
    suspended_days: dict[tuple[int, int], int] = {}  # Article 28, by month
    # 7-day blocks from the contract's start: [days recorded, a weekly rest had or counted]
    weeks: dict[int, list] = {}
    # 14-day blocks from the contract's start: [(day number, regular time, a day of rest)]
    fortnights: dict[int, list] = {}
    stretch_days = []  # (day number, a day off or without work, suspended, suspended and made up)
    consent_not_recorded = rest_not_shown = outside_table = agreement_not_recorded = False
    for d in e["timecard"]:
        day = d["date"]
        path = d.path
        ordinal = day.toordinal()
        periods = d["work_periods"]
        hours_worked = d["hours_worked"]
        regular = d["regular_hours"]
        overtime = d["overtime_hours"]
        woken = d["hours_woken_to_work"]
        # the hours she worked, in whichever form the day gives them
        if hours_worked is not None:
            worked_hours = hours_worked
        elif periods:
            worked_hours = sum(p["end_at"] - p["start"] for p in periods)
        elif regular is not None:
            worked_hours = regular + overtime if overtime is not None else regular
        else:
            worked_hours = 0
        worked = worked_hours > 0
        # the work inside the ten hours of rest
        in_rest = worked_hours - 14 if worked_hours > 14 else 0
        if periods:
            least = least_work_in_ten_hours(periods)
            if least > in_rest:
                in_rest = least
        if woken is not None and woken > in_rest:
            in_rest = woken
        if overtime is not None and overtime > in_rest:
            in_rest = overtime
        extended = worked_hours - 8 if worked_hours - 8 > in_rest else in_rest
        regular_time = worked_hours - extended
        # the longest unbroken rest
        rest = d["longest_rest_hours"]
        rest_given = rest is not None
        if not rest_given:
            rest = longest_rest_from(periods) if periods else 24 - worked_hours

        # Article 22: the day
        if worked_hours > 8:
            add(("art22_daily_regular_hours", path))
        if (rest_given or periods or worked_hours > 14 or not worked) and rest < 10:
            add(("art22_ten_hours_consecutive_rest", path))
        if in_rest > 0:
            urgent, consented = d["overtime_urgent_need"], d["overtime_consented"]
            if (urgent is not None and consented is not None) or urgent is False or consented is False:
                if not (urgent is True and consented is True):
                    add(("art22_work_in_rest_hours", path))
            else:
                consent_not_recorded = True
            if in_rest > 2:
                add(("art22_daily_overtime", path))
        if not (periods or woken is not None or regular is not None
                or (rest_given and (rest >= 10 or rest + worked_hours == 24)) or not worked):
            rest_not_shown = True
        monday = ordinal - day.weekday()
        extended_by_week[monday] = extended_by_week.get(monday, 0) + extended
        month = (day.year, day.month)
        extended_by_month[month] = extended_by_month.get(month, 0) + extended
        worked_in_month[month] = worked_in_month.get(month, False) or worked

        # Article 26: the holiday table
        holiday = day in NATIONAL_HOLIDAYS
        if worked:
            if day in HOLIDAYS_NOT_CONFIRMED:
                warn(("art26_holiday_not_confirmed", path))
            if not HOLIDAYS_KNOWN[0] <= day <= HOLIDAYS_KNOWN[1]:
                outside_table = True
        # days of rest (Articles 26-28): a national holiday, the weekly day off, a planned rest
        day_off = d["day_off"]
        planned = d["planned_rest"]
        rest_day = holiday or day_off or planned is not None
        emergency = d["emergency"]
        if rest_day and worked:
            if emergency:
                # Article 28: leave suspended in an emergency, paid double; an exception to the
                # prohibitions of Articles 26 and 27
                suspended_days[month] = suspended_days.get(month, 0) + 1
            else:
                rest_days_worked[month] = rest_days_worked.get(month, 0) + 1
                agreed = d["agreed_to_work_rest_day"]
                if agreed is None:             # not said: not judged, a warning
                    agreement_not_recorded = True
                elif not agreed:
                    rule = "art26_no_work_on_national_holidays" if holiday else "art27_no_work_on_rest_days"
                    add((rule, path))
        weekly_suspended = emergency and worked and (day_off or planned == "weekly_day_off")
        off = day_off or not worked
        stretch_days.append((ordinal, off, weekly_suspended,
                             weekly_suspended and d["compensatory_rest_on"] is not None))
        # a week from the contract's start is denied its day off when all seven days are recorded
        # and none was without work, a day off, or a planned weekly day off
        week = weeks.setdefault((ordinal - start_day) // 7, [0, False])
        week[0] += 1
        if off or planned == "weekly_day_off":
            week[1] = True
        fortnights.setdefault((ordinal - start_day) // 14, []).append((ordinal, regular_time, rest_day))

    if consent_not_recorded:
        warn(("art22_consent_not_recorded", None))
    if agreement_not_recorded:
        warn(("art27_agreement_not_recorded", None))
    if rest_not_shown:
        warn(("art22_rest_not_shown", None))
    if outside_table:
        warn(("art26_holiday_table_does_not_cover", None))
    if not e["attendance_records_kept"]:
        add(("art22_attendance_records", None))
    for monday, total in extended_by_week.items():
        if total > 10:
            first = date.fromordinal(monday)
            add(("art22_weekly_overtime", f"{TIMECARD} {first}..{first + SIX_DAYS}"))

    # Article 27: a week denied its day off counts as a weekly rest day worked, in the month of
    # the week's last day
    denied = {k for k, (count, rested) in weeks.items() if count == 7 and not rested}
    for k in denied:
        last = date.fromordinal(start_day + 7 * k + 6)
        month = (last.year, last.month)
        rest_days_worked[month] = rest_days_worked.get(month, 0) + 1

    # Article 22: the fortnight's regular time, without days of rest and without the last day of
    # a week denied its day off; its hours beyond 84 are extended time in the month of its last day
    fortnight_extra: dict[tuple[int, int], object] = {}
    for k, entries in fortnights.items():
        first_day = start_day + 14 * k
        skip = set()
        if 2 * k in denied:
            skip.add(first_day + 6)
        if 2 * k + 1 in denied:
            skip.add(first_day + 13)
        regular_total = sum(regular for ordinal, regular, rest_day in entries
                            if not rest_day and ordinal not in skip)
        if regular_total > 84:
            first = date.fromordinal(first_day)
            last = date.fromordinal(first_day + 13)
            add(("art22_two_weekly_regular_hours", f"{TIMECARD} {first}..{last}"))
            month = (last.year, last.month)
            fortnight_extra[month] = fortnight_extra.get(month, 0) + (regular_total - 84)

    # Articles 18, 22, 27, 28: each calendar month of the time card
    for month, day_extended in extended_by_month.items():
        first = date(month[0], month[1], 1)
        path = month_path(first)
        if day_extended > 40:
            add(("art22_monthly_overtime", path))
        p = wage_by_month.get(month)
        # the extra pay is judged only against an entry that says what was paid
        pay_known = p is not None and p["paid_amount"] is not None
        if p is not None:
            wage = p["agreed_wage"] if p["agreed_wage"] is not None else wage_as_defined
            to_her = p["paid_to"] == "employee" or p["paid_to_with_her_authority"] is True
            overtime_paid = p["overtime_pay"] if to_her else zero
            rest_day_paid = p["rest_day_work_pay"] if to_her else zero
            suspended_paid = p["suspended_leave_pay"] if to_her else zero
        else:
            wage = wage_as_defined
            overtime_paid = rest_day_paid = suspended_paid = zero
            if worked_in_month[month]:
                warn(("art18_month_without_wage_entry", path))
        # Article 18: at least 1.5 times the hourly wage for each hour of extended time
        extended = day_extended + fortnight_extra.get(month, 0)
        overtime_due = extended * (wage / HOURS_PER_MONTH) * premium
        if overtime_paid < overtime_due:
            if extended > 0 and pay_known:
                add(("art18_overtime_premium", path))
            owe(("art18_overtime_pay_owed", path, overtime_due - overtime_paid))
        # Articles 27 and 28: a day's wage more for each day of rest worked, or suspended
        worked_rest = rest_days_worked.get(month, 0)
        rest_day_due = worked_rest * (wage / DAYS_PER_MONTH)
        if rest_day_paid < rest_day_due:
            if worked_rest > 0 and pay_known:
                add(("art27_double_pay", path))
            owe(("art27_double_pay_owed", path, rest_day_due - rest_day_paid))
        suspended = suspended_days.get(month, 0)
        suspended_due = suspended * (wage / DAYS_PER_MONTH)
        if suspended_paid < suspended_due:
            if suspended > 0 and pay_known:
                add(("art28_double_pay", path))
            owe(("art28_double_pay_owed", path, suspended_due - suspended_paid))

    # Article 23: every run of seven recorded consecutive days needs a day off (dates are unique).
    # Article 28: where a weekly day off in the seven was suspended in an emergency, the suspended
    # day counts as the rest once compensatory rest is given or set for it.
    stretch_days.sort()
    last_off = last_suspended = last_rest = -1  # the latest index of each kind of day so far
    for j, (ordinal, off, suspended, made_up) in enumerate(stretch_days):
        if off:
            last_off = j
        if suspended:
            last_suspended = j
        if off or made_up:
            last_rest = j
        first = j - 6
        if first >= 0 and ordinal - stretch_days[first][0] == 6:
            if last_suspended >= first:
                if last_rest < first:
                    add(("art28_weekly_day_off_suspended",
                         f"{TIMECARD} {date.fromordinal(ordinal - 6)}..{date.fromordinal(ordinal)}"))
            elif last_off < first:
                add(("art23_day_off_in_every_seven_days",
                     f"{TIMECARD} {date.fromordinal(ordinal - 6)}..{date.fromordinal(ordinal)}"))

    # ---------------------------------------------------------------- Articles 24 and 25
    # continuous service counts from its first day (a renewed contract), else the contract's start
    years = years_between(service_started_on, assessed_on)
    if years >= 1:
        educational = e["educational_leave_hours_last_year"]
        if educational is not None and educational < 8:
            add(("art24_educational_leave", None))
            outputs["educational_leave_hours_owed"] = 8 - educational
        entitled = annual_leave_scale(years)
        outputs["annual_leave_days"] = entitled
        granted = e["annual_leave_granted"]
        if granted is not None and granted < entitled:
            add(("art25_leave_granted", None))

    # ---------------------------------------------------------------- Articles 29 and 31 (leave)
    # only a refused request can breach them; the days already granted are counted for those
    granted_by_reason: dict[str, list] = {}
    refused = []
    for r in e["leave_requests"]:
        if r["refused"]:
            refused.append(r)
        else:
            granted_by_reason.setdefault(r["reason"], []).append((r["start"], r["length"]))
    for r in refused:
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
                add(("art29_leave_as_the_rules_allow", r.path))
        elif female and reason == "menstruation":
            # one day a month: a day granted earlier in the same calendar month may be the month's
            taken = sum(length for on, length in granted_by_reason.get(reason, ())
                        if on < first and on.year == first.year and on.month == first.month)
            if taken < 1:
                add(("art31_menstrual_leave", r.path))
        elif female and reason == "maternity" and r["length"] <= MATERNITY_LEAVE_DAYS:
            add(("art31_maternity_leave", r.path))

    # ---------------------------------------------------------------- Articles 30 and 31 (the rest)
    if contract["resignation_clause"]:
        add(("art30_no_resignation_clause", None))
    if female:
        outputs["menstrual_leave_days_a_month"] = 1

    # ---------------------------------------------------------------- Article 38
    # judged where the case says enough: both facts, or one of them not done
    for injury in e["injuries"]:
        costs, wage_continued = injury["medical_costs_paid_by_employer"], injury["wage_continued"]
        if ((costs is not None and wage_continued is not None) or costs is False or wage_continued is False) \
                and not (costs is True and wage_continued is True):
            add(("art38_occupational_injury", injury.path))

    # ---------------------------------------------------------------- Article 40
    inspection = e["inspection"]
    if inspection is not None:
        if inspection["certificate_shown"] and inspection["refused"]:
            add(("art40_no_refusal_of_inspection", None))
        if inspection["documents_requested"] and not inspection["documents_submitted"]:
            add(("art40_documents_for_inspector", None))

    # ---------------------------------------------------------------- Article 41 (the dismissal is above)
    for complaint in e["complaints"]:
        if complaint["retaliation"] is not None:
            add(("art41_no_retaliation_for_complaint", complaint.path))

    return {"violations": violations, "warnings": warnings, "entitlements": entitlements, "outputs": outputs}


def _absences_reach(absences, until: date, unknown_counts: bool) -> bool:
    """Article 10 item 2: three consecutive days, or six in a calendar month, of absence without
    a justifiable reason up to `until` (those of unknown reason counted too, if told)."""
    counted = {a["date"] for a in absences
               if a["date"] <= until and (a["justified"] is False or (unknown_counts and a["justified"] is None))}
    by_month: dict[tuple[int, int], int] = {}
    for day in counted:
        if day + ONE_DAY in counted and day + 2 * ONE_DAY in counted:
            return True
        month = (day.year, day.month)
        by_month[month] = by_month.get(month, 0) + 1
    return any(n >= 6 for n in by_month.values())
