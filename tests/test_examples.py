"""The worked examples in examples/: each case's findings, checked against the Act by hand.

For every example file the expectations below list

- ``findings``: the exact multiset of (kind, rule) pairs the verdict must contain, every kind
  included (violations, permissions, values, entitlements), with their counts;
- ``values``: the outputs and entitlements the case decides, with their exact values and
  types (Decimal for money, int for days and years, str for enumeration values, bool). An
  output of the Act that is not listed must be left undecided (absent from verdict.values);
- ``where`` (optional): for a rule that fires once per entry, the entries it fired for;
- ``owed`` (optional): for an entitlement owed once for each entry (a month's unpaid wages),
  its exact amounts, in the order of the entries; none where not listed;
- ``total``: the money the worker is owed in all, each item rounded half up to a whole NT$.

The numbers were worked out from the Act's text, not copied from the program; the comment
above each entry shows the arithmetic.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest

import hsa_dsl
from hsa_dsl.explain.explanation import exact_amount, reported_amount

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE_SUFFIXES = (".yaml", ".yml", ".json")

# Every output and entitlement the Act declares; those an example does not list in `values`
# must stay undecided for it.
OUTPUTS = (
    "return_airfare_payer",
    "return_airfare_owed",
    "separation_fee_due",
    "separation_fee_owed",
    "termination_by_agreement_effective",
    "wage_in_lieu_of_notice_owed",
    "annual_leave_days",
    "household_conduct_attributed_to_employer",
    "monthly_wage_as_defined",
    "work_standards_in_effect",
    "health_check_refund_owed",
    "contract_deemed_non_fixed_term",
    "unemployment_allowance_during_transfer",
    "pension_may_be_eligible",
    "educational_leave_hours_owed",
    "menstrual_leave_days_a_month",
    "uninsured_loss_compensation",
)

# The entitlements owed once for each entry (each month), which have no one value for a case.
PER_ENTRY = (
    "art16_shortfall_owed",
    "art17_unpaid_wages_owed",
    "art17_food_and_lodging_refund_owed",
    "art18_overtime_pay_owed",
    "art19_penalty_deduction_refund_owed",
    "art27_double_pay_owed",
    "art28_double_pay_owed",
)

V, P, E, VAL, O, PEN, W = "violation", "permission", "entitlement", "value", "obligation", "penalty", "warning"


def days(*indexes: int) -> list[str]:
    return [f"employment.timecard[{i}]" for i in indexes]


def wages(*indexes: int) -> list[str]:
    return [f"employment.wages[{i}]" for i in indexes]


def entries(field: str, *indexes: int) -> list[str]:
    return [f"employment.{field}[{i}]" for i in indexes]


# Article 46 fines the employer for any violation of a duty of the Act (Article 7's excepted,
# which Article 44 fines): every example where the employer breaches one has this penalty once.
# Article 31 gives every female worker one day of menstrual leave a month: every example whose
# worker is a woman (gender: female) has this entitlement once.
FINE = {(PEN, "art46_fine"): 1}
MENSTRUAL = {(E, "art31_menstrual_leave_entitlement"): 1}

EXPECTED: dict[str, dict] = {
    # March 2025, NT$28,590 paid on the due day (pay day 5 -> 2025-04-05). Pay slip in Mandarin
    # for a worker who reads Indonesian: Art. 17(2). 30 working days of 10 h (> 8 h) and 8 h of
    # rest (< 10 h): Art. 22, 30 times each. The older form gives 10 regular hours and no work
    # in the rest, so a day's extended time is 10 - 8 = 2 h, its regular time 8 h.
    # Fortnights run from 2024-06-01 in 14-day blocks; 273 days to 2025-03-01 = 19 blocks + 7
    # days, so blocks start 02-22, 03-08 and 03-22; weeks of 7 days from the contract start
    # begin 03-01, 03-08, 03-15, 03-22, 03-29. A week recorded whole with no day off counts as a
    # day of rest worked: 03-01..07, 03-08..14 and 03-22..28 (03-16 was off) = 3 days.
    # Fortnight 03-08..03-21: 13 days x 8 h = 104 h, less 03-14 (the day of rest worked of the
    # denied week 03-08..14) = 96 h > 84: Art. 22 violated, 12 h of extended time. Fortnight
    # 02-22..03-07: 7 x 8 - 8 (03-07) = 48 h; 03-22..04-04: 10 x 8 - 8 (03-28) = 72 h.
    # Extended time in March: 30 x 2 + 12 = 72 h; 72 h x 28,590 / 240 x 1.5 = 72 x 178.6875 =
    # NT$12,865.50 owed, none paid (Art. 18). Weekly extended time, calendar weeks: 03-03..09,
    # 03-17..23, 03-24..30 have 14 h, 03-10..16 12 h (> 10: 4 breaches); March 60 h > 40.
    # Days of rest worked: 3 x 28,590 / 30 = 3 x 953 = NT$2,859 (Art. 27).
    # Only day off 03-16: the 7-day windows starting 03-01..03-09 (9) and 03-17..03-25 (9) = 18.
    # No national holiday falls in March 2025. The employer breached the Act: Art. 46.
    # Owed: 12,865.50 -> 12,866 + 2,859 = NT$15,725.
    "caregiver_long_days.yaml": {
        "findings": {
            (V, "art17_pay_slip"): 1,
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_ten_hours_consecutive_rest"): 30,
            (V, "art22_two_weekly_regular_hours"): 1,
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
            (V, "art23_day_off_in_every_seven_days"): 18,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0},
        "owed": {"art18_overtime_pay_owed": [Fraction(25731, 2)], "art27_double_pay_owed": [Decimal(2859)]},
        "total": Decimal(15725),
        "where": {
            "art17_pay_slip": wages(0),
            "art22_daily_regular_hours": days(*range(15), *range(16, 31)),
            "art22_two_weekly_regular_hours": ["employment.timecard 2025-03-08..2025-03-21"],
            "art18_overtime_pay_owed": ["employment.timecard 2025-03-01..2025-03-31"],
        },
    },
    # Pregnancy is none of Art. 9's five grounds, so the employer may not end the contract
    # with notice: Art. 9(1) violated. He acted within 30 days of learning (05-26 + 30 days =
    # 06-25 >= 06-16), so Art. 9(2)'s time limit is not broken. Written notice on 06-02 for
    # 06-16 is less than a month (06-02 + 1 month = 07-02), and nothing was paid instead:
    # Art. 13(1) violated and one month's wage, NT$28,590, is owed in lieu. Foreign worker,
    # terminated by the employer with notice: the employer pays the airfare (Art. 9(2)), and
    # did. A termination by the employer carries a separation fee (Art. 14(2)); none of
    # Art. 14(1)'s exceptions applies. Service 2024-09-02 to 2025-06-16: 2024-09-02 + 9 months
    # = 2025-06-02 <= 06-15, + 10 months = 07-02 > 06-15: 9 whole months and the part month
    # = 10 months; fee 28,590 x 10 / 12 = NT$23,825 (the Labor Standards Act's Article 17).
    # 0 years: no leave. Added with Articles 30, 45 and 46: the dismissal for pregnancy breaches
    # Art. 30 too; a breach of Art. 9(1) cancels the permit to employ her (Art. 45); Art. 46.
    # Owed: 28,590 + 23,825 = NT$52,415.
    "fired_for_pregnancy.yaml": {
        "findings": {
            (V, "art9_no_termination_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (V, "art30_no_dismissal_for_marriage_or_pregnancy"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "separation_fee_owed": Decimal("23825"),
            "years_of_service": 0,
        },
        "total": Decimal(52415),
    },
    # Two months paid to the broker without her authority (Art. 17(1) "directly", twice): none
    # of it reached her. NT$2,500 of food deducted each month (Art. 17(1) "no food and lodging
    # fee", twice). Due in her hands: agreed 27,470 less the legal deduction 426 = 27,044;
    # received 0: not in full, twice, and 27,044 short each month: food refunded 2,500 (Art.
    # 17), unpaid 27,044 - 2,500 = 24,544 (Arts. 17, 20). Art. 16: what she received, 0, plus
    # 426, is below the basic wage both months; the agreed wage itself is below the basic wage
    # in January 2025 (28,590 - 27,470 = NT$1,120 owed under Art. 16), not in December 2024
    # (27,470 = 27,470). Wages in arrears: 2 x 27,044 = NT$54,088, so the authority may order
    # payment (Art. 20); a breach of Art. 16 cancels the permit (Art. 45); Art. 46's fine.
    # Owed: 2 x (24,544 + 2,500) + 1,120 = NT$55,208.
    "wages_paid_to_broker.yaml": {
        "findings": {
            (V, "art16_wage_floor"): 2,
            (V, "art17_paid_directly"): 2,
            (V, "art17_paid_in_full"): 2,
            (V, "art17_no_food_and_lodging_deduction"): 2,
            (E, "art16_shortfall_owed"): 1,
            (E, "art17_unpaid_wages_owed"): 2,
            (E, "art17_food_and_lodging_refund_owed"): 2,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0, "wage_arrears": Decimal("54088")},
        "owed": {"art16_shortfall_owed": [Decimal(1120)],
                 "art17_unpaid_wages_owed": [Decimal(24544), Decimal(24544)],
                 "art17_food_and_lodging_refund_owed": [Decimal(2500), Decimal(2500)]},
        "total": Decimal(55208),
        "where": {
            "art16_wage_floor": wages(0, 1),
            "art17_paid_directly": wages(0, 1),
            "art17_no_food_and_lodging_deduction": wages(0, 1),
            "art16_shortfall_owed": wages(1),
        },
    },
    # Death of the person cared for: Art. 9(1) item 3, so termination with notice is
    # permitted, within 30 days of learning (10-03 -> 10-16). Written notice 10-06 for 10-16
    # is ten days, not a month, and no wage in lieu was paid: Art. 13(1) violated, NT$28,590
    # owed. Employer pays the airfare; separation fee due: service 2023-11-20 to 2025-10-16,
    # 2023-11-20 + 22 months = 2025-09-20 <= 10-15, + 23 = 10-20 > 10-15: 23 months,
    # 28,590 x 23 / 12 = NT$54,797.50. Service to 2025-10-20: one completed year -> 7 days of
    # annual leave (Art. 25 item 1). Art. 46's fine. Owed: 28,590 + 54,798 = NT$83,388.
    "care_recipient_died.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "separation_fee_owed": Decimal("54797.5"),
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
        "total": Decimal(83388),
    },
    # Absence without reason: Art. 10(1) item 2, four days in a row recorded without a
    # justifiable reason (08-03..08-06; three are enough), so termination without notice is
    # permitted; done 13 days after learning (08-07 -> 08-20), within 30. The foreign worker
    # pays his own airfare (Art. 10(3)); no separation fee (Art. 14(1) item 2); no notice (Art.
    # 13 is for Art. 9 terminations). Service 2024-05-01 to 2025-08-25: 1 year -> 7 days.
    # Nothing owed in money.
    "lawful_dismissal_after_absence.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (VAL, "art10_airfare_paid_by_worker"): 1,
            (VAL, "art14_no_fee_after_article_10_termination"): 1,
            (E, "art25_annual_leave"): 1,
        },
        "values": {
            "return_airfare_payer": "employee",
            "separation_fee_due": False,
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
        "total": Decimal(0),
    },
    # Same ground, but the employer acted on 04-17, 45 days after learning on 03-03 (the
    # 30 days ran out on 04-02): Art. 10(2) violated. Read at `terminated_under_article_10`:
    # a dismissal after the 30 days is not "pursuant to Article 10", so Art. 14(1) item 2 does
    # not remove the separation fee and Art. 10(3) does not put the airfare on the worker; the
    # employer pays it (the reading at art9_airfare_after_unlawful_dismissal_without_notice),
    # an obligation the case does not show met, so an item owed. Nor is he spared Art. 13's
    # notice: none given, NT$28,590 owed in lieu. Separation fee: service 2023-09-11 to
    # 2025-04-17, 2023-09-11 + 19 months = 2025-04-11 <= 04-16, + 20 = 05-11: 20 months,
    # 28,590 x 20 / 12 = NT$47,650. Service to 2025-04-22: 1 year -> 7 days. Art. 46's fine (Art.
    # 10(2) is not Art. 9(1), so no Art. 45). Owed: 28,590 + 47,650 = NT$76,240.
    "late_dismissal_without_notice.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (V, "art10_act_within_30_days"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "return_airfare_owed": True,
            "separation_fee_due": True,
            "separation_fee_owed": Decimal("47650"),
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
        "total": Decimal(76240),
    },
    # March 2026, wage NT$29,500, hourly 29,500 / 240 = 122.91666..., premium rate x 1.5 =
    # NT$184.375 an hour. Woken in her rest: 3 h on Tuesdays 03-03, 03-10, 03-17, 03-24
    # (timecard 2, 9, 16, 23: over 2 h a day, Art. 22) and 1 h on Fridays 03-06, 03-13,
    # 03-20, 03-27 (5, 12, 19, 26). None urgent nor agreed to except 03-20: 7 days. Tuesdays
    # are 7 + 3 = 10 h of work (> 8 h: Art. 22's daily principle, 4 days), with extended time
    # max(10 - 8, 3) = 3 h; Fridays 8 h, extended max(0, 1) = 1 h. 4 x 3 + 4 x 1 = 16 h x
    # 184.375 = NT$2,950 due, none paid: Art. 18 violated, NT$2,950 owed. Weekly extended 4 h
    # and monthly 16 h stay within 10 and 40. Regular time 7 h x 6 days = 42 h a week, 84 h in
    # every fortnight; rest 10-11 h; Sundays off. Service under one year. No national holiday
    # in March 2026. Added: Art. 46's fine. Owed: NT$2,950.
    "overtime_without_premium.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 4,
            (V, "art22_daily_overtime"): 4,
            (V, "art22_work_in_rest_hours"): 7,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0},
        "owed": {"art18_overtime_pay_owed": [Decimal(2950)]},
        "total": Decimal(2950),
        "where": {
            "art22_daily_regular_hours": days(2, 9, 16, 23),
            "art22_daily_overtime": days(2, 9, 16, 23),
            "art22_work_in_rest_hours": days(2, 5, 9, 12, 16, 23, 26),
            "art18_overtime_premium": ["employment.timecard 2026-03-01..2026-03-31"],
        },
    },
    # Same premium arithmetic, paid correctly: woken 2 h on each of 24 nights (Mon-Sat of
    # February 2026) after a 7 h day: 9 h of work a day (> 8 h, Art. 22's daily principle: 24
    # days), extended time max(9 - 8, 2) = 2 h; 48 h x 184.375 = NT$8,850, and 8,850 was paid,
    # so Art. 18 is met and nothing is owed for it. Every night was urgent and consented to,
    # 2 h is within the daily limit, rest stays at 10 h. But 12 h in each calendar week
    # (02-02..08, 09..15, 16..22, and 23..28 already) exceeds 10 (4 violations) and 48 h in
    # February exceeds 40 (1 violation). Six of those working days are national holidays, New
    # Year's Eve and the first three days of the year (02-16..02-19), the make-up day for the
    # eve of New Year's Eve (02-20) and for Peace Memorial Day (02-27): timecard 15-19 and 26.
    # Nothing says whether she agreed to work them: not judged under Art. 26, a warning says
    # so. Each earns a day's wage more whether she agreed or not (Art. 27): 6 x 29,500 / 30 =
    # NT$5,900, none paid: Art. 27 violated, NT$5,900 owed.
    # Paid 29,500 + 8,850 = 38,350 = what the slip shows as due, so still in full. Art. 46.
    "overtime_over_weekly_limit.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 24,
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
            (W, "art27_agreement_not_recorded"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0},
        "owed": {"art27_double_pay_owed": [Decimal(5900)]},
        "total": Decimal(5900),
        "where": {
            "art22_weekly_overtime": [
                "employment.timecard 2026-02-02..2026-02-08",
                "employment.timecard 2026-02-09..2026-02-15",
                "employment.timecard 2026-02-16..2026-02-22",
                "employment.timecard 2026-02-23..2026-03-01",
            ],
            "art22_monthly_overtime": ["employment.timecard 2026-02-01..2026-02-28"],
        },
    },
    # NT$5,000 held back as a deposit against running away: a deduction in advance as a
    # penalty (Art. 19), owed back in full: NT$5,000. She received 23,590, which is below the
    # NT$28,590 basic wage (Art. 16; permit cancelled, Art. 45), but the agreed wage is not, so
    # Art. 16 adds nothing to what she is owed. 23,590 paid of 28,590 due: not in full (Art.
    # 17(1)); NT$5,000 in arrears, so the authority may order payment (Art. 20); Art. 46.
    # Owed: NT$5,000.
    "penalty_deduction.yaml": {
        "findings": {
            (V, "art19_no_advance_deduction"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art19_penalty_deduction_refund_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0, "wage_arrears": Decimal("5000")},
        "owed": {"art19_penalty_deduction_refund_owed": [Decimal(5000)]},
        "total": Decimal(5000),
    },
    # 2014-02-01 to 2025-03-01: 11 completed years. Art. 25 item 4, read as the Labor Standards
    # Act's scale it copies: 15 days at ten years and one more for each year after: 16 days.
    # 15 granted: Art. 25 violated. Art. 46's fine.
    "annual_leave_eleven_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1, (V, "art25_leave_granted"): 1, **FINE},
        "values": {"annual_leave_days": 16, "years_of_service": 11},
        "total": Decimal(0),
    },
    # 2022-04-01 to 2025-04-01: exactly 3 years, which the Act reads as item 2 (10 days); 7
    # granted: Art. 25 violated. Added: Art. 46's fine.
    "annual_leave_three_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1, (V, "art25_leave_granted"): 1, **FINE},
        "values": {"annual_leave_days": 10, "years_of_service": 3},
    },
    # Termination by agreement, not signed before the authority nor in both mother tongues:
    # it has not taken effect (Art. 13(2)); signing is a duty of both, not her breach. The work
    # ended on 06-30, so it is the employer's termination, without notice and on no ground of
    # Art. 9 or 10: Art. 10(1) violated (a dismissal without lawful ground: permit cancelled,
    # Art. 45); no notice: NT$28,590 in lieu (Art. 13(1)); the employer pays the airfare, not
    # shown paid (an item owed); separation fee: service 2024-10-01 to 2025-06-30, 2024-10-01 +
    # 8 months = 2025-06-01 <= 06-29, + 9 = 07-01: 9 months, 28,590 x 9 / 12 = NT$21,442.50.
    # Art. 46's fine. Owed: 28,590 + 21,443 = NT$50,033.
    "mutual_termination_unsigned.yaml": {
        "findings": {
            (O, "art13_agreement_before_authority"): 1,
            (VAL, "art13_agreement_takes_effect_only_when_signed"): 1,
            (V, "art10_no_termination_without_notice_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"termination_by_agreement_effective": False, "years_of_service": 0,
                   "return_airfare_payer": "employer", "return_airfare_owed": True, "separation_fee_due": True,
                   "separation_fee_owed": Decimal("21442.5"), "wage_in_lieu_of_notice_owed": Decimal("28590")},
        "total": Decimal(50033),
    },
    # Weekdays 8 h with 12 h rest, Saturdays free, Sundays the day off: 80 h a fortnight,
    # a day off in every 7. Wages paid on the 5th to the worker, 28,590 less 426 of health
    # insurance (a legal deduction) = 28,164, with a signed English pay slip. 2024-01-15 to
    # 2025-05-10: 1 year -> 7 days, 7 granted. The only finding is her leave entitlement.
    # (With Article 26 the case now records 3 and 4 April 2025, Children's Day and Tomb
    # Sweeping Day, as the holidays she had off; before, they were working days.)
    "compliant_household.yaml": {
        "findings": {(E, "art25_annual_leave"): 1},
        "values": {"annual_leave_days": 7, "years_of_service": 1},
    },
    # A fixed-term contract that ran out with the worker gone: Art. 14(1) item 3, no fee.
    # 2022-12-01 to 2025-12-05: 3 years -> 10 days of leave. Article 21: she served the contract
    # to its end date (contract_expiry on 2025-11-30), so she may be eligible for a retirement
    # pension under the laws it names (not an amount owed). Nothing owed in money.
    "fixed_term_expiry.yaml": {
        "findings": {
            (VAL, "art14_no_fee_when_fixed_term_expires"): 1,
            (E, "art25_annual_leave"): 1,
            (VAL, "art21_pension"): 1,
        },
        "values": {"separation_fee_due": False, "annual_leave_days": 10, "years_of_service": 3,
                   "pension_may_be_eligible": True},
        "total": Decimal(0),
    },
    # Dismissed without notice for complaining: no ground of Art. 9 or 10, so Art. 10(1) is
    # violated (a dismissal without lawful ground). Separation fee due: service 2025-06-02 to
    # 2026-03-10, 2025-06-02 + 9 months = 2026-03-02 <= 03-09, + 10 = 04-02: 10 months, 29,500 x
    # 10 / 12 = NT$24,583.33... (24,583 1/3). No notice: NT$29,500 in lieu (Art. 13). The
    # employer pays the airfare (the reading at art9_airfare_after_unlawful_dismissal_without_
    # notice), not shown paid: an item owed. January's wage, due 02-05, paid 02-25; February's,
    # due 03-05, unpaid at 03-20: Art. 17(1) "monthly, on time" twice, and February not in full
    # and below the basic wage (0 received: Art. 16), NT$29,500 unpaid and in arrears (the
    # authority may order payment, Art. 20). January paid with no pay slip: Art. 17(2). A
    # dismissal for a complaint is retaliation (Art. 41(2)); a dismissal on no lawful ground and
    # a breach of Art. 16 cancel the permit (Art. 45); Art. 46's fine.
    # Owed: 29,500 + 29,500 + 24,583 = NT$83,583.
    "dismissed_after_complaint.yaml": {
        "findings": {
            (V, "art10_no_termination_without_notice_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_paid_monthly_on_time"): 2,
            (V, "art17_paid_in_full"): 1,
            (E, "art17_unpaid_wages_owed"): 1,
            (V, "art17_pay_slip"): 1,
            (V, "art41_no_dismissal_for_complaint"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"separation_fee_due": True, "return_airfare_payer": "employer", "return_airfare_owed": True,
                   "separation_fee_owed": Decimal(73750) / 3, "wage_in_lieu_of_notice_owed": Decimal("29500"),
                   "years_of_service": 0, "wage_arrears": Decimal("29500")},
        "owed": {"art17_unpaid_wages_owed": [Decimal(29500)]},
        "total": Decimal(83583),
        "where": {"art17_paid_monthly_on_time": wages(0, 1), "art17_pay_slip": wages(0),
                  "art17_paid_in_full": wages(1), "art16_wage_floor": wages(1)},
    },
    # Certified serious illness: Art. 9(1) item 2, permitted, within 30 days (11-03 -> 11-24).
    # Written notice of 14 days and NT$14,295 paid instead of the rest, less than a month's
    # 28,590: Art. 13(1) violated, 28,590 - 14,295 = NT$14,295 still owed. The worker paid her
    # own airfare though the employer must (Art. 9(2)). Fee due. 2024-02-19 to 2025-12-01:
    # 1 year -> 7 days. Added: Art. 46's fine.
    # Separation fee: service 2024-02-19 to 2025-11-24, 2024-02-19 + 21 months = 2025-11-19 <=
    # 11-23, + 22 = 12-19: 22 months, 28,590 x 22 / 12 = NT$52,415. Her ticket, paid by her, is
    # owed her. Owed: 14,295 + 52,415 = NT$66,710.
    "sick_worker_sent_home.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "separation_fee_owed": Decimal("52415"),
            "return_airfare_owed": True,
            "wage_in_lieu_of_notice_owed": Decimal("14295"),
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
        "total": Decimal(66710),
    },
    # Breach not remedied after warnings: Art. 9(1) item 1. Written notice on the day the
    # employer learned (06-10) for 07-10: exactly one month (06-10 + 1 month = 07-10) and
    # exactly 30 days (06-10 + 30 days = 07-10), so both Art. 13(1) and Art. 9(2) are met and
    # nothing is owed in lieu. Employer pays the airfare; Art. 14(1) item 1 removes the
    # separation fee. 2024-07-01 to 2025-07-15: 1 year -> 7 days.
    "unremedied_breach_with_notice.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_no_fee_after_unremedied_breach"): 1,
            (E, "art25_annual_leave"): 1,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": False,
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
    },
    # ---------------------------------------------------------------- the whole Act
    #
    # Passport and papers kept since October 2024; objection 05-02 about belongings (Art. 11
    # item 3); 05-02 + 1 month = 06-02 <= 06-16, the day she ended the contract, and never
    # remedied: she may terminate and ask for a transfer (Art. 11), and did, so as a foreign
    # worker changing employer under Art. 11 she is owed the unemployment allowance during the
    # transfer (Art. 15). The NT$10,000 "service fee arrears" is an illegal benefit (Art. 4),
    # punished under Art. 42 (the NT$1,800 monthly fee is lawful). Her phone taken and no going
    # out on Sundays: her social life restricted (Art. 34), by the daughter who employs her.
    # The hotline call is a complaint she had the right to make (Art. 41(1)). She ended the
    # contract herself: no Art. 9/10 rule, no separation fee, no airfare (she transfers).
    # May's wage was paid in full on time. 2024-10-14 to 2025-06-20: under a year.
    # Leaving under Art. 11 for the employer's conduct, she is owed the separation fee: service
    # 2024-10-14 to 2025-06-16, 2024-10-14 + 8 months = 2025-06-14 <= 06-15, + 9 = 07-14: 9
    # months, 28,590 x 9 / 12 = NT$21,442.50. Owed: NT$21,443.
    "passport_kept_transfer.yaml": {
        "findings": {
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (V, "art4_no_illegal_benefit"): 1,
            (PEN, "art42_illegal_benefit_penalty"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (P, "art41_right_to_complain"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"unemployment_allowance_during_transfer": True, "separation_fee_due": True,
                   "separation_fee_owed": Decimal("21442.5"), "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0},
        "total": Decimal(21443),
        "where": {
            "art11_worker_may_terminate_and_transfer": entries("objections", 0),
            "art4_no_illegal_benefit": entries("broker_charges", 0),
            "art34_freedom_of_religion_and_social_life": entries("incidents", 0),
        },
    },
    # The man cared for (04-12) and his son (05-20) sexually harassed her: by Art. 2 item 2
    # both count as the employer, so Art. 32 is violated twice (the son's insult of 05-21 is
    # not sexual). The son's assault on her at night is grave: punitive damages (Art. 35). The
    # harassment and insult are Art. 12 item 2's situation: she may leave without notice, and
    # did, giving that ground; the employer owes her the termination agreement (the case does
    # not show it given) and, as she goes home, her airfare (Art. 12(2)), which nobody has
    # paid yet (an obligation now, art9_employer_owes_airfare). Her labour dispute gives her
    # legal assistance (Art. 36) and, as a foreign worker, a shelter place (Art. 37). Under a
    # year of service.
    # Leaving under Art. 12 she is owed the separation fee: service 2025-02-03 to 2025-05-22,
    # 2025-02-03 + 3 months = 05-03 <= 05-21, + 4 = 06-03: 4 months, 28,590 x 4 / 12 = NT$9,530;
    # and her ticket home, not yet paid, is an item owed. Owed: NT$9,530.
    "harassed_by_grandfather.yaml": {
        "findings": {
            (VAL, "art2_household_counts_as_employer"): 1,
            (V, "art32_no_sexual_harassment"): 2,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (O, "art12_discharge_agreement_owed"): 1,
            (VAL, "art12_airfare_paid_by_employer"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (P, "art35_punitive_damages"): 1,
            (O, "art36_legal_assistance"): 1,
            (O, "art37_temporary_shelter"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"household_conduct_attributed_to_employer": True, "return_airfare_payer": "employer",
                   "return_airfare_owed": True, "separation_fee_due": True, "separation_fee_owed": Decimal("9530"),
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "total": Decimal(9530),
        "where": {"art32_no_sexual_harassment": entries("incidents", 0, 1)},
    },
    # Typhoon Danas: her Sunday off (07-06, timecard 6) and a planned day of annual leave
    # (07-07, timecard 7) suspended in an emergency: Art. 28 lets the employer have her work
    # them (an exception to Art. 27's prohibition), twice. Double pay: two days x 28,590 / 30 =
    # 2 x 953 = NT$1,906, none paid: Art. 28 violated, NT$1,906 owed. The Sunday was made up on
    # 07-09; the Monday was not: compensatory rest owed now (no deadline, so no breach yet).
    # The seven-day windows 06-30..07-06 to 07-06..07-12 contain no day off but the suspended
    # Sunday, made up for: Art. 28 keeps Art. 23 met. Hours: 7 h days and 8 h on the two
    # emergency days; the fortnight from 2023-08-01 that starts 07-01 has 9 x 7 + 2 x 8 = 79 h.
    # Service 2023-08-01 to 2025-08-10: 2 years -> 7 days.
    # The time card starts on 06-30, a day of June, which has no wage entry: a warning. Owed:
    # NT$1,906.
    "typhoon_suspended_day_off.yaml": {
        "findings": {
            (P, "art28_leave_suspended_in_emergency"): 2,
            (V, "art28_double_pay"): 1,
            (E, "art28_double_pay_owed"): 1,
            (O, "art28_compensatory_rest"): 1,
            (E, "art25_annual_leave"): 1,
            (W, "art18_month_without_wage_entry"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "owed": {"art28_double_pay_owed": [Decimal(1906)]},
        "total": Decimal(1906),
        "values": {"annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 2},
        "where": {
            "art28_leave_suspended_in_emergency": days(6, 7),
            "art28_compensatory_rest": days(7),
            "art28_double_pay": ["employment.timecard 2025-07-01..2025-07-31"],
        },
    },
    # Lunar New Year 2026: 02-16..02-20 are national holidays (Art. 26). She agreed to work
    # 02-16..02-19 at the family's request: lawful. 02-20 (timecard 5) she worked without
    # agreeing: Art. 26 violated once. Every holiday worked earns a day's wage more (Art. 27):
    # 5 x 30,000 / 30 = NT$5,000 due, 4,000 paid: Art. 27 violated, NT$1,000 owed. Paid
    # 30,000 + 4,000 = 34,000 = what the slip shows: in full. Her Sundays off (02-15, 02-22)
    # were not worked. Service 2024-03-04 to 2026-03-10: 2 years -> 7 days.
    "lunar_new_year_2026.yaml": {
        "findings": {
            (V, "art26_no_work_on_national_holidays"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "owed": {"art27_double_pay_owed": [Decimal(1000)]},
        "total": Decimal(1000),
        "values": {"annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 2},
        "where": {"art26_no_work_on_national_holidays": days(5), "art27_double_pay": ["employment.timecard 2026-02-01..2026-02-28"]},
    },
    # Art. 8 item 2: old contract 2024-01-08..2024-12-31 = 359 days, new one 2025-01-20..
    # 2025-07-19 = 181 days, together 540 > 90; the days between, 2025-01-01..01-19, are 19 <
    # 30: the contract is non-fixed-term. So it did not "simply end" on 07-19: the employer
    # ended it, with no Art. 9 ground (Art. 9(1) violated) and no notice and no wage in lieu
    # (Art. 13(1) violated, NT$28,590 owed). As a termination by the employer: airfare on the
    # employer (not yet paid: an obligation now), separation fee due (Art. 14(1) item 3 does
    # not apply to a contract that is not fixed-term). She asked for a transfer after a
    # dismissal breaching Art. 9: unemployment allowance (Art. 15). The employer tried to send
    # her home: shelter (Art. 37). Art. 9(1) breached: permit cancelled (Art. 45); Art. 46.
    # Service counts from the current contract: under a year.
    # Separation fee: service 2025-01-20 to 2025-07-19, 2025-01-20 + 5 months = 06-20 <= 07-18,
    # + 6 = 07-20: 6 months, 28,590 x 6 / 12 = NT$14,295. Owed: 28,590 + 14,295 = NT$42,885.
    "renewed_after_short_gap.yaml": {
        "findings": {
            (VAL, "art8_renewal_after_short_gap"): 1,
            (V, "art9_no_termination_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (O, "art37_temporary_shelter"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {
            "contract_deemed_non_fixed_term": True,
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "separation_fee_owed": Decimal("14295"),
            "return_airfare_owed": True,
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "unemployment_allowance_during_transfer": True,
            "menstrual_leave_days_a_month": 1,
            "years_of_service": 0,
        },
        "total": Decimal(42885),
    },
    # Art. 8 item 1: the fixed term ended 2025-05-31, she went on working and the family did
    # not object: non-fixed-term. The man's death is Art. 9(1) item 3: termination with notice
    # permitted; notice 09-05, three days after learning (within 30), in writing, and 09-05 +
    # 1 month = 10-05 <= 10-06: Art. 13 met. Employer pays the airfare, and did; separation
    # fee due. Not "fulfilled" for Art. 21: the contract ran on past its term. Labour insurance
    # never: Art. 7 violated; Art. 44 fines three times the premiums from 2022-06-01 to the
    # end of the contract, 2025-10-06: 1,223 days (1,096 to 2025-06-01 and 127 more) x 600 /
    # 30 = NT$24,460, x 3 = NT$73,380 (Art. 46 does not count Art. 7 again). Both health
    # checks were paid by others than the Employment Security Fund: Art. 6(2) twice (the
    # authority's duty); she is owed back the NT$1,500 she paid. 2022-06-01 to 2025-10-10:
    # 3 years -> 10 days.
    # Separation fee: service 2022-06-01 to 2025-10-06, 2022-06-01 + 40 months = 2025-10-01 <=
    # 10-05, + 41 = 11-01: 41 months, 28,590 x 41 / 12 = NT$97,682.50.
    # Owed: 97,683 + 1,500 = NT$99,183.
    "kept_working_after_contract_end.yaml": {
        "findings": {
            (VAL, "art8_continued_work_without_objection"): 1,
            (P, "art9_termination_on_listed_grounds"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine"): 1,
            (V, "art6_health_check_paid_by_fund"): 2,
            (E, "art6_health_check_refund"): 1,
            (E, "art25_annual_leave"): 1,
            **MENSTRUAL,
        },
        "values": {
            "contract_deemed_non_fixed_term": True,
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "separation_fee_owed": Decimal("97682.5"),
            "health_check_refund_owed": Decimal("1500"),
            "annual_leave_days": 10,
            "menstrual_leave_days_a_month": 1,
            "years_of_service": 3,
            "unpaid_premiums": Decimal("24460"),
        },
        "total": Decimal(99183),
        "where": {"art6_health_check_paid_by_fund": entries("health_checks", 0, 1)},
    },
    # Health insurance only from 06-01 (not from 03-03) and labour insurance never: Art. 7
    # twice. Art. 44: health 2025-03-03..06-01 = 90 days x 1,400 / 30 = 4,200; labour
    # 2025-03-03..07-31 (the assessment) = 150 days x 2,300 / 30 = 11,500; 15,700 x 3 = a fine
    # of NT$47,100, and her NT$18,000 of hospital bills are compensated. The injury at work:
    # medical costs not borne, wage not continued (Art. 38). May's wage: 8,000 paid of 28,590
    # due: not in full (Art. 17(1)), NT$20,590 in arrears (Art. 20). Art. 46's fine.
    # May's wage: 8,000 received of 28,590: NT$20,590 unpaid (Arts. 17, 20), and below the
    # basic wage (Art. 16: a wage simply paid short), so the permit is cancelled (Art. 45).
    # Owed: 18,000 + 20,590 = NT$38,590.
    "injured_without_insurance.yaml": {
        "findings": {
            (V, "art7_health_insurance"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine"): 1,
            (E, "art44_loss_compensated"): 1,
            (V, "art38_occupational_injury"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art17_unpaid_wages_owed"): 1,
            (V, "art16_wage_floor"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"uninsured_loss_compensation": Decimal("18000"), "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0, "unpaid_premiums": Decimal("15700"),
                   "wage_arrears": Decimal("20590")},
        "owed": {"art17_unpaid_wages_owed": [Decimal(20590)]},
        "total": Decimal(38590),
        "where": {"art38_occupational_injury": entries("injuries", 0)},
    },
    # Made to live out without agreeing (Art. 5(1)), with neither rent nor travel allowance
    # paid (Art. 5(1)); two meals and no allowance (Art. 5(3)). Standards in writing and
    # reasonable, but not reported with the permit application (Art. 5(2)), so they never took
    # effect. Work in the noodle shop is work outside the contract: Art. 12 item 1, so she may
    # leave without notice, and the employer presented the agreement (no breach). Leaving under
    # Art. 12 and asking for a transfer: unemployment allowance (Art. 15). Her report of
    # illegal use gives her a shelter place (Art. 37) and was her right (Art. 41(1)); moving
    # her to the shop for it is retaliation (Art. 41(2)). Art. 46's fine.
    # Leaving under Art. 12 she is owed the separation fee: service 2025-02-17 to 2025-08-11,
    # 2025-02-17 + 5 months = 07-17 <= 08-10, + 6 = 08-17: 6 months, 28,590 x 6 / 12 = NT$14,295.
    "living_out_restaurant_work.yaml": {
        "findings": {
            (V, "art5_living_out_only_by_agreement"): 1,
            (V, "art5_rent_and_travel_allowance"): 1,
            (V, "art5_three_meals"): 1,
            (V, "art5_work_standards_reported"): 1,
            (VAL, "art5_work_standards_take_effect"): 1,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (O, "art37_temporary_shelter"): 1,
            (P, "art41_right_to_complain"): 1,
            (V, "art41_no_retaliation_for_complaint"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"work_standards_in_effect": False, "separation_fee_due": True,
                   "separation_fee_owed": Decimal("14295"), "unemployment_allowance_during_transfer": True,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "total": Decimal(14295),
    },
    # No private space (Art. 5(1)); standards written and reported, so in effect, but "on call
    # 24 hours" and never out of the house is not reasonable (Art. 5(2)). Her phone kept by the
    # employer's sister, who runs the household for him: a delegate, the employer by Art. 2
    # item 2; her social life restricted (Art. 34). Two days of sick leave refused with all 30
    # days of the year's limit left (Art. 29). Art. 46's fine.
    "shares_room_on_call.yaml": {
        "findings": {
            (V, "art5_private_habitable_space"): 1,
            (V, "art5_work_standards_reasonable"): 1,
            (VAL, "art5_work_standards_take_effect"): 1,
            (VAL, "art2_household_counts_as_employer"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (V, "art29_leave_as_the_rules_allow"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"work_standards_in_effect": True, "household_conduct_attributed_to_employer": True,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "where": {"art29_leave_as_the_rules_allow": entries("leave_requests", 0)},
    },
    # The clause making her resign if pregnant: Art. 30. Marriage leave of 8 days, granted
    # (within Art. 29's limit). Menstrual leave: 06-10 granted; 06-24 refused, but June's day
    # was already taken: no breach; 07-08 refused with none taken in July: Art. 31 (leave
    # request 3). Maternity leave of 56 days (eight weeks) refused: Art. 31 (request 4).
    # 2024-09-16 to 2025-10-25: 1 year -> 7 days. Art. 46's fine.
    "pregnant_clause_leave_refused.yaml": {
        "findings": {
            (V, "art30_no_resignation_clause"): 1,
            (V, "art31_menstrual_leave"): 1,
            (V, "art31_maternity_leave"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"annual_leave_days": 7, "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "where": {
            "art31_menstrual_leave": entries("leave_requests", 3),
            "art31_maternity_leave": entries("leave_requests", 4),
        },
    },
    # All three incidents are by the employer's son or his wife: family members, so the
    # employer (Art. 2 item 2). Forbidding prayer and the headscarf restricts her religion
    # (Art. 34, incident 0); mocking her nationality is discrimination (Art. 34, incident 1);
    # the false theft story lets her ask that her reputation be restored (Art. 35), though it
    # is not recorded as grave. The complaint was her right; taking her Sunday off for it is
    # disciplinary retaliation (Art. 41(2)). Labour insurance never (Art. 7); the premium is
    # not known, so Art. 44's fine is given as a measure. Art. 46 for the rest.
    "religion_and_reputation.yaml": {
        "findings": {
            (VAL, "art2_household_counts_as_employer"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (V, "art34_no_discrimination"): 1,
            (P, "art35_restoration_of_reputation"): 1,
            (P, "art41_right_to_complain"): 1,
            (V, "art41_no_retaliation_for_complaint"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine_unquantified"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"household_conduct_attributed_to_employer": True, "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0},
        "where": {
            "art34_freedom_of_religion_and_social_life": entries("incidents", 0),
            "art34_no_discrimination": entries("incidents", 1),
        },
    },
    # Forced labour by the employer himself (Art. 12 item 4): Art. 43's penalty. She ended the
    # contract on that ground: Art. 12 allows it without notice; the employer refused the
    # agreement (Art. 12 violated); she goes home, so the employer pays the airfare (Art.
    # 12(2)), and did. The forced labour and the confinement are grave infringements of her
    # person: punitive damages (Art. 35). Locked in at night: her social life restricted (Art.
    # 34). Dispute: legal assistance (Art. 36); dispute and report of illegal use: shelter
    # (Art. 37); the report was her right (Art. 41). The broker's fee is lawful (Art. 4 met).
    # Everything was done by the employer of record: Art. 2 item 2 adds nothing. Art. 46.
    # Leaving under Art. 12 for the employer's conduct, she is owed the separation fee (the
    # reading at art14_separation_fee_on_termination_by_worker): service 2025-01-13 to
    # 2025-11-05, 2025-01-13 + 9 months = 10-13 <= 11-04, + 10 = 11-13: 10 months, 28,590 x 10
    # / 12 = NT$23,825. Owed: NT$23,825.
    "forced_labour_locked_in.yaml": {
        "findings": {
            (PEN, "art43_forced_labour_penalty"): 1,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (V, "art12_discharge_agreement_presented"): 1,
            (VAL, "art12_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (P, "art35_punitive_damages"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (O, "art36_legal_assistance"): 1,
            (O, "art37_temporary_shelter"): 1,
            (P, "art41_right_to_complain"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "separation_fee_due": True,
                   "separation_fee_owed": Decimal("23825"), "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "total": Decimal(23825),
        "where": {"art34_freedom_of_religion_and_social_life": entries("incidents", 2)},
    },
    # The inspector showed her certificate and was refused (Art. 40(1)); she may then inspect
    # with the police (Art. 40(1)); the documents she asked for were not submitted (Art.
    # 40(2)). No time cards (Art. 22(2)) and no payroll record (Art. 17(3)). The complaint was
    # her right (Art. 41). Art. 46: the fine, and, the order's deadline 10-12 having passed
    # uncorrected by 10-20, the repeated fine. 2024-08-05 to 2025-10-20: 1 year -> 7 days.
    "inspection_refused.yaml": {
        "findings": {
            (V, "art40_no_refusal_of_inspection"): 1,
            (P, "art40_inspection_enforced"): 1,
            (V, "art40_documents_for_inspector"): 1,
            (V, "art22_attendance_records"): 1,
            (V, "art17_payroll_record"): 1,
            (P, "art41_right_to_complain"): 1,
            (PEN, "art46_repeated_fine"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"annual_leave_days": 7, "menstrual_leave_days_a_month": 1, "years_of_service": 1},
    },
    # Three months unpaid, each past its pay day (04-10, 05-10, 06-10 < 07-05): Art. 17(1)
    # three times; 3 x 28,590 = NT$85,770 in arrears, so the authority may order payment, and,
    # its deadline of 06-30 having passed unpaid, she may claim the advance from the Fund
    # (Art. 20). The objection of 04-12 about wages not paid as agreed, unremedied on 07-01
    # (04-12 + 1 month = 05-12): she may terminate (Art. 11), did, and goes home, so the
    # employer owes the airfare (Art. 11(2)); she paid it herself: breach (judged at Art. 9).
    # No transfer asked, so no Art. 15. 2024-05-06 to 2025-07-05: 1 year -> 7 days. Art. 46.
    # Each unpaid month is also not paid in full (Art. 17(1)) and below the basic wage (Art. 16,
    # nothing received; permit cancelled, Art. 45): 3 x NT$28,590 unpaid wages owed. Leaving
    # under Art. 11 she is owed the separation fee: service 2024-05-06 to 2025-07-01,
    # 2024-05-06 + 13 months = 2025-06-06 <= 06-30, + 14 = 07-06: 14 months, 28,590 x 14 / 12 =
    # NT$33,355; and her ticket. Owed: 85,770 + 33,355 = NT$119,125.
    "unpaid_wages_fund_advance.yaml": {
        "findings": {
            (V, "art17_paid_monthly_on_time"): 3,
            (P, "art20_authority_may_order_payment"): 1,
            (P, "art20_wage_advance_from_fund"): 1,
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (VAL, "art11_airfare_paid_by_employer"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (V, "art17_paid_in_full"): 3,
            (E, "art17_unpaid_wages_owed"): 3,
            (V, "art16_wage_floor"): 3,
            (PEN, "art45_permit_cancelled"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "return_airfare_owed": True, "separation_fee_due": True,
                   "separation_fee_owed": Decimal("33355"), "annual_leave_days": 7, "menstrual_leave_days_a_month": 1,
                   "years_of_service": 1, "wage_arrears": Decimal("85770")},
        "owed": {"art17_unpaid_wages_owed": [Decimal(28590)] * 3},
        "total": Decimal(119125),
        "where": {"art17_paid_monthly_on_time": wages(0, 1, 2)},
    },
    # Service from 2019-07-01 to 2026-02-02: 6 years -> 14 days, 14 granted (Art. 25 met).
    # The monthly attendance bonus is wage (Art. 2 item 3): 29,500 + 1,500 = NT$31,000.
    # Four hours of educational leave of the eight a year: Art. 24 violated, 4 h owed.
    # Bereavement leave for her father, 8 days, within the Rules' 8: refused (Art. 29). A
    # caretaker who had New Year's Day off: the family may ask for temporary care (Art. 33).
    # Art. 46's fine.
    # Her time card has a month with no wage entry: a warning that what she is owed for it is
    # worked out at the contract's wage (nothing is owed for it here: no extended time).
    "long_service_leave.yaml": {
        "findings": {
            (VAL, "art2_wage_includes_allowances"): 1,
            (V, "art24_educational_leave"): 1,
            (E, "art24_educational_leave_owed"): 1,
            (V, "art29_leave_as_the_rules_allow"): 1,
            (P, "art33_temporary_care_service"): 1,
            (E, "art25_annual_leave"): 1,
            (W, "art18_month_without_wage_entry"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"monthly_wage_as_defined": Decimal("31000"), "educational_leave_hours_owed": Decimal("4"),
                   "annual_leave_days": 14, "menstrual_leave_days_a_month": 1, "years_of_service": 6},
        "total": Decimal(0),
    },
    # November 2025: 30 days of 10 h (older form: no work in the rest given) with 7 h of rest:
    # Art. 22 thirty times each for hours and rest; extended time 2 h a day, 60 h. No day off:
    # all 24 windows of 7 days (11-01..11-24 as first days) breach Art. 23. Weeks of 7 days from
    # 2025-03-03 (a Monday): 11-03..09, 11-10..16, 11-17..23, 11-24..30 are recorded whole and
    # denied their day off: 4 days of rest worked, 4 x 953 = NT$3,812 (Art. 27). Fortnights from
    # 2025-03-03: 10-27..11-09 holds 9 days, less 11-09 (its denied week's last day): 64 h;
    # 11-10..11-23: 14 x 8 = 112 h less 11-16 and 11-23 = 96 h > 84 (Art. 22; 12 h extended);
    # 11-24..12-07: 7 x 8 - 8 = 48 h. Extended time 60 + 12 = 72 h x 178.6875 = NT$12,865.50,
    # none paid (Art. 18). Weekly: 10-27..11-02 has 4 h; the four full weeks 14 h (> 10); the
    # month 60 h (> 40). The wage: 28,590 less 5,000 "for food" went to the broker: nothing
    # reached her. Due in her hands 28,590, received 0: food refunded 5,000 (Art. 17), unpaid
    # 23,590 (Arts. 17, 20); not directly, not in full, food deducted (Art. 17); a slip in
    # Mandarin nobody signed (Art. 17(2)); below the basic wage (Art. 16; permit cancelled,
    # Art. 45), though the agreed wage is not, so Art. 16 adds nothing; NT$28,590 in arrears
    # (Art. 20); paid on the pay day (12-10). No private space (Art. 5(1)). Passport objection
    # 11-03 unremedied past 12-03: she may terminate (Art. 11). No labour insurance, premium
    # unknown: Art. 7, Art. 44 as a measure. Art. 46.
    # Owed: 23,590 + 5,000 + 12,866 + 3,812 = NT$45,268.
    "no_day_off_food_deducted.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_ten_hours_consecutive_rest"): 30,
            (V, "art22_two_weekly_regular_hours"): 1,
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
            (V, "art23_day_off_in_every_seven_days"): 24,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_no_food_and_lodging_deduction"): 1,
            (V, "art17_paid_directly"): 1,
            (V, "art17_paid_in_full"): 1,
            (V, "art17_pay_slip"): 1,
            (E, "art17_unpaid_wages_owed"): 1,
            (E, "art17_food_and_lodging_refund_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (V, "art5_private_habitable_space"): 1,
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine_unquantified"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0, "wage_arrears": Decimal("28590")},
        "owed": {"art17_unpaid_wages_owed": [Decimal(23590)], "art17_food_and_lodging_refund_owed": [Decimal(5000)],
                 "art18_overtime_pay_owed": [Fraction(25731, 2)], "art27_double_pay_owed": [Decimal(3812)]},
        "total": Decimal(45268),
        "where": {
            "art22_two_weekly_regular_hours": ["employment.timecard 2025-11-10..2025-11-23"],
            "art11_worker_may_terminate_and_transfer": entries("objections", 0),
        },
    },

    # ---------------------------------------------------------------- what the worker is owed
    #
    # June 2025, periods 06-12, 13-18, 19-20: 12 h a day, 30 days, no day off; rest 20:00 to
    # 06:00 = 10 h, so no work in the rest and no rest breach. Extended time 12 - 8 = 4 h a day:
    # Art. 22's daily principle 30 times; weekly (calendar weeks 06-02..08, 09..15, 16..22,
    # 23..29: 28 h > 10) 4 times; the month 120 h > 40. Weeks of 7 days from 2025-01-06 (a
    # Monday; 146 days to 06-01 = 20 weeks + 6 days) start 06-02, 06-09, 06-16, 06-23: four
    # recorded whole without a day off: 4 days of rest worked, 4 x 953 = NT$3,812 (Art. 27).
    # Fortnights start 05-26, 06-09, 06-23: 06-09..06-22 has 14 x 8 = 112 h less 06-15 and 06-22
    # (its two denied weeks' last days) = 96 h > 84: Art. 22 once, 12 h extended; 05-26..06-08:
    # 8 days, 64 - 8 = 56 h; 06-23..07-06: 64 - 8 = 56 h. Extended 120 + 12 = 132 h x 28,590 /
    # 240 x 1.5 = 132 x 178.6875 = NT$23,586.75 (Art. 18). All 24 runs of 7 days breach Art. 23.
    # Wage: 28,590 less 1,000 (tax, insurance) and 2,500 "for food", 25,090 paid on 07-10 (on
    # time, signed Indonesian slip). Due in her hands 27,590; short 2,500, all of it food:
    # refunded (Art. 17); food deducted and not in full (Art. 17); received 25,090 + 1,000 =
    # 26,090 < 28,590 (Art. 16; permit cancelled, Art. 45), the agreed wage not below it;
    # NT$2,500 in arrears (Art. 20). Art. 46. Owed: 2,500 + 23,587 + 3,812 = NT$29,899.
    "twelve_hour_days_food_deducted.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
            (V, "art22_two_weekly_regular_hours"): 1,
            (V, "art23_day_off_in_every_seven_days"): 24,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_no_food_and_lodging_deduction"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art17_food_and_lodging_refund_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0, "wage_arrears": Decimal("2500")},
        "owed": {"art18_overtime_pay_owed": [Fraction(94347, 4)], "art27_double_pay_owed": [Decimal(3812)],
                 "art17_food_and_lodging_refund_owed": [Decimal(2500)]},
        "total": Decimal(29899),
        "where": {"art22_two_weekly_regular_hours": ["employment.timecard 2025-06-09..2025-06-22"]},
    },
    # The grandmother died on 09-27 (Art. 9(1) item 3): a lawful ground, so the employer may end
    # the contract with notice; he gave none (dismissed 09-30): an Art. 13 breach, not a
    # dismissal on no ground (no Art. 10 breach, no Art. 45 for it): NT$28,590 in lieu. The
    # airfare falls on the employer, not shown paid: an item owed. Separation fee: service
    # 2022-08-15 to 2025-09-30, 2022-08-15 + 37 months = 2025-09-15 <= 09-29, + 38 = 10-15: 38
    # months, 28,590 x 38 / 12 = NT$90,535. September's wage, due 10-05, unpaid at 10-20: late
    # and not in full (Art. 17), below the basic wage (Art. 16; permit cancelled, Art. 45),
    # NT$28,590 unpaid and in arrears (Art. 20). 3 years of service -> 10 days of leave. Art. 46.
    # Owed: 28,590 + 28,590 + 90,535 = NT$147,715.
    "dismissed_after_grandmother_died.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (V, "art17_paid_monthly_on_time"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art17_unpaid_wages_owed"): 1,
            (V, "art16_wage_floor"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "return_airfare_owed": True, "separation_fee_due": True,
                   "separation_fee_owed": Decimal("90535"), "wage_in_lieu_of_notice_owed": Decimal("28590"),
                   "annual_leave_days": 10, "menstrual_leave_days_a_month": 1, "years_of_service": 3,
                   "wage_arrears": Decimal("28590")},
        "owed": {"art17_unpaid_wages_owed": [Decimal(28590)]},
        "total": Decimal(147715),
    },
    # A "mutual" termination signed at the broker's office, not before the authority: it has
    # not taken effect (Art. 13(2)); the work ended, so it is the employer's termination without
    # notice and on no ground of Art. 9 or 10: Art. 10(1) violated (permit cancelled, Art. 45).
    # No notice: NT$29,500 in lieu. Airfare on the employer, not shown paid. Separation fee:
    # service 2025-05-05 to 2026-03-15, 2025-05-05 + 10 months = 2026-03-05 <= 03-14, + 11 =
    # 04-05: 11 months, 29,500 x 11 / 12 = NT$27,041.66... (27,041 2/3). She asked for a transfer
    # after a dismissal without lawful ground: unemployment allowance (Art. 15). March 1-15 paid
    # 14,750 >= the basic wage for 15 of 31 days, 29,500 x 15 / 31 = 14,274.19 -> 14,274. Art. 46.
    # Owed: 29,500 + 27,042 = NT$56,542.
    "unsigned_mutual_termination.yaml": {
        "findings": {
            (O, "art13_agreement_before_authority"): 1,
            (VAL, "art13_agreement_takes_effect_only_when_signed"): 1,
            (V, "art10_no_termination_without_notice_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"termination_by_agreement_effective": False, "return_airfare_payer": "employer",
                   "return_airfare_owed": True, "separation_fee_due": True, "separation_fee_owed": Decimal(81125) / 3,
                   "wage_in_lieu_of_notice_owed": Decimal("29500"), "unemployment_allowance_during_transfer": True,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "total": Decimal(56542),
    },
    # Agreed NT$25,000 against the basic wage of NT$27,470 (2024): January paid in full: below
    # the basic wage (Art. 16), 27,470 - 25,000 = NT$2,470 owed. February: 2,000 held back for a
    # broken vase (Art. 19, owed back), 23,000 paid: below the basic wage, not in full (Art. 17),
    # 2,000 in arrears (Art. 20); the agreed wage still 2,470 short. Permit cancelled (Art. 45).
    # Owed: 2,470 + 2,470 + 2,000 = NT$6,940.
    "agreed_wage_below_minimum.yaml": {
        "findings": {
            (V, "art16_wage_floor"): 2,
            (E, "art16_shortfall_owed"): 2,
            (V, "art19_no_advance_deduction"): 1,
            (E, "art19_penalty_deduction_refund_owed"): 1,
            (V, "art17_paid_in_full"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0, "wage_arrears": Decimal("2000")},
        "owed": {"art16_shortfall_owed": [Decimal(2470), Decimal(2470)],
                 "art19_penalty_deduction_refund_owed": [Decimal(2000)]},
        "total": Decimal(6940),
    },
    # 2026-01-05..01-10: worked 07-12, 13-19 and woken 02-03: 12 h a day (> 8: Art. 22, 6
    # times). Longest rest 19:00-02:00 = 7 h (Art. 22, 6 times). The least work in any ten hours
    # is the hour 02-03 (ten hours from 19:00): 1 h in the rest, neither urgent nor agreed (Art.
    # 22, 6 times), within the 2 h a day. Extended max(12 - 8, 1) = 4 h a day; the week
    # 01-05..01-11 has 24 h (> 10). No wage entry: warnings, and the amount at the contract's
    # NT$29,500: 24 h x 29,500 / 240 x 1.5 = 24 x 184.375 = NT$4,425. Sunday 01-11 off: the one
    # run of seven days has a day off. Art. 46. Owed: NT$4,425.
    "night_calls_every_night.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 6,
            (V, "art22_ten_hours_consecutive_rest"): 6,
            (V, "art22_work_in_rest_hours"): 6,
            (V, "art22_weekly_overtime"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (W, "art17_no_wage_entries"): 1,
            (W, "art18_month_without_wage_entry"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art18_overtime_pay_owed": [Decimal(4425)]},
        "total": Decimal(4425),
    },
    # 2024-02-05..02-18, 8 h a day with 12 h of rest, 02-18 off. Holidays 02-09, 02-12, 02-13,
    # 02-14 (Lunar New Year 2024) and her planned Sunday off 02-11 worked, all agreed: no breach
    # of Arts. 26, 27, but 5 days of rest worked: 5 x 27,470 / 30 = NT$4,578.33... (Art. 27),
    # none paid. The fortnight from 2023-03-06 that starts 02-05 counts its 8 days that are not
    # days of rest: 64 h. Weeks from 2023-03-06 (a Monday): 02-05..11 has the planned day off
    # (counted already), 02-12..18 a day off: no more days of rest worked. Runs of 7 days
    # without a day off: those starting 02-05..02-11 (the day off 02-11 was worked): 7 (Art.
    # 23). Service 2023-03-06 to 2024-03-10: 1 year -> 7 days. Art. 46. Owed: NT$4,578.
    "lunar_new_year_2024_worked.yaml": {
        "findings": {
            (V, "art23_day_off_in_every_seven_days"): 7,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"annual_leave_days": 7, "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "owed": {"art27_double_pay_owed": [Fraction(13735, 3)]},
        "total": Decimal(4578),
    },
    # Absent 08-11..08-13 without a reason (three in a row: Art. 10(1) item 2); the employer
    # learned on 08-13 and dismissed her on 08-20, within 30 days: lawful. She pays her own
    # airfare (Art. 10(3)), no separation fee (Art. 14(1) item 2), no notice (Art. 13). August
    # 1-20 paid 18,445 >= the basic wage for 20 of 31 days, 28,590 x 20 / 31 = 18,445.16 ->
    # 18,445. Under a year of service. Nothing owed in money.
    "dismissed_for_absence_lawfully.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (VAL, "art10_airfare_paid_by_worker"): 1,
            (VAL, "art14_no_fee_after_article_10_termination"): 1,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employee", "separation_fee_due": False,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "total": Decimal(0),
    },
    # Dismissed without notice for absence, but no day of absence recorded and no day the
    # employer learned of it: whether Art. 10 allowed it is undetermined (a warning), and what
    # hangs on it (notice pay, separation fee, who pays the airfare) is not decided. The May
    # wage was paid in full and on time. 2024-02-05 to 2025-06-10: 1 year -> 7 days.
    "dismissed_for_absence_unproven.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (W, "art10_lawfulness_undetermined"): 1,
            (E, "art25_annual_leave"): 1,
            **MENSTRUAL,
        },
        "values": {"annual_leave_days": 7, "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "total": Decimal(0),
    },
    # Hit by the employer's son (Art. 2 item 2: the employer's doing) on 11-08: Art. 12 item 2,
    # she may leave without notice, and did on 11-10. The agreement discharging the contract was
    # not given (Art. 12). Going home, her ticket is the employer's (Art. 12(2)); she paid it:
    # Art. 9's payment rule breached, and an item owed. Leaving under Art. 12 she is owed the
    # separation fee: service 2024-04-01 to 2025-11-10, 2024-04-01 + 19 months = 2025-11-01 <=
    # 11-09, + 20 = 12-01: 20 months, 28,590 x 20 / 12 = NT$47,650. 1 year -> 7 days. Art. 46.
    # Owed: NT$47,650.
    "left_after_violence.yaml": {
        "findings": {
            (VAL, "art2_household_counts_as_employer"): 1,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (V, "art12_discharge_agreement_presented"): 1,
            (VAL, "art12_airfare_paid_by_employer"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art9_return_airfare_owed"): 1,
            (VAL, "art14_separation_fee_on_termination_by_worker"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"household_conduct_attributed_to_employer": True, "return_airfare_payer": "employer",
                   "return_airfare_owed": True, "separation_fee_due": True, "separation_fee_owed": Decimal("47650"),
                   "annual_leave_days": 7, "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "total": Decimal(47650),
    },
    # 2023-10-10..10-19, 16 h a day, the hours alone: more than 14 h leaves less than 10 h of
    # rest (Art. 22, 10 times), and at least 16 - 14 = 2 h of work in any ten hours, within the
    # daily 2 h; whether there was an urgent need and her consent is not said (a warning), nor
    # when she rested (a warning: more may be owed). Extended max(16 - 8, 2) = 8 h a day, 80 h:
    # weekly 10-09..15 (48 h) and 10-16..22 (32 h) over 10, the month over 40. 10-10 is
    # National Day, worked without agreeing (Art. 26): a day of rest worked, 26,400 / 30 = NT$880
    # (Art. 27). Fortnights from 2023-01-09 start 10-02 and 10-16: regular time 5 x 8 = 40 h (the
    # holiday aside) and 4 x 8 = 32 h. Runs of seven days: 10-10..16 to 10-13..19, 4 (Art. 23).
    # No wage entry: the contract's NT$26,400, 80 h x 110 x 1.5 = NT$13,200 (Art. 18). Art. 46.
    # Owed: 13,200 + 880 = NT$14,080.
    "sixteen_hour_days_hours_only.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 10,
            (V, "art22_ten_hours_consecutive_rest"): 10,
            (V, "art22_weekly_overtime"): 2,
            (V, "art22_monthly_overtime"): 1,
            (V, "art23_day_off_in_every_seven_days"): 4,
            (V, "art26_no_work_on_national_holidays"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (E, "art27_double_pay_owed"): 1,
            (W, "art17_no_wage_entries"): 1,
            (W, "art18_month_without_wage_entry"): 1,
            (W, "art22_consent_not_recorded"): 1,
            (W, "art22_rest_not_shown"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art18_overtime_pay_owed": [Decimal(13200)], "art27_double_pay_owed": [Decimal(880)]},
        "total": Decimal(14080),
    },
    # June 2014 is before the table of the basic wage (from 2014-07-01): not judged, a warning.
    # July 2014: 17,000 against NT$19,273: below it (Art. 16; permit cancelled, Art. 45),
    # 19,273 - 17,000 = NT$2,273 owed. Art. 46. Owed: NT$2,273.
    "wage_records_from_2014.yaml": {
        "findings": {
            (V, "art16_wage_floor"): 1,
            (E, "art16_shortfall_owed"): 1,
            (W, "art16_minimum_wage_unknown"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art16_shortfall_owed": [Decimal(2273)]},
        "total": Decimal(2273),
        "where": {"art16_wage_floor": wages(1), "art16_minimum_wage_unknown": wages(0)},
    },
    # Wage 28,590 + a 1,000 allowance = 29,590 (Art. 2 item 3): NT$123.291666... an hour,
    # 184.9375 an hour of extended time. 2025-09-01..09-20, older form 9 regular hours: 1 h a day
    # beyond 8 (Art. 22 daily principle, 20 times), 20 h. Weeks of 7 days from 2024-09-02 (a
    # Monday) start 09-01 and 09-08, both recorded whole without a day off: 2 days of rest
    # worked, 2 x 29,590 / 30 = NT$1,972.66... (Art. 27). The fortnight 09-01..09-14: 14 x 8 =
    # 112 h less 09-07 and 09-14 = 96 h > 84: Art. 22, 12 h extended. Extended 32 h x 184.9375 =
    # 5,918, less the 2,000 paid for overtime: NT$3,918 (Art. 18). Runs of seven days: 09-01..07
    # to 09-14..20, 14 (Art. 23). 1 year -> 7 days. Art. 46. Owed: 3,918 + 1,973 = NT$5,891.
    "allowance_and_part_overtime_paid.yaml": {
        "findings": {
            (VAL, "art2_wage_includes_allowances"): 1,
            (V, "art22_daily_regular_hours"): 20,
            (V, "art22_two_weekly_regular_hours"): 1,
            (V, "art23_day_off_in_every_seven_days"): 14,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"monthly_wage_as_defined": Decimal("29590"), "annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "owed": {"art18_overtime_pay_owed": [Decimal(3918)], "art27_double_pay_owed": [Fraction(5918, 3)]},
        "total": Decimal(5891),
    },

    # Diary of 2019-12-30..2020-01-05: 8 h a day with 16 h of rest, Sunday off. Days worked in
    # 2019 are outside the holiday table (a warning). New Year's Day 2020, a holiday, worked with
    # her agreement: no breach, but a day's wage more, 23,800 / 30 = NT$793.33... (Art. 27),
    # owed as if nothing had been paid for it: January's entry does not say what was paid (a
    # warning), so neither that pay nor the January wage is judged. December paid in full and
    # on time (the basic wage was 23,100 in 2019). The pay slips are not described (a warning).
    # The injury of 01-03: who paid the hospital and whether her wage went on are not given, so
    # the employer's duty is reported as one he has now (Art. 38). No breach.
    # Owed: NT$793.
    "injured_records_incomplete_2019.yaml": {
        "findings": {
            (E, "art27_double_pay_owed"): 1,
            (O, "art38_occupational_injury_duty"): 1,
            (W, "art17_pay_slip_not_recorded"): 1,
            (W, "art17_payment_not_recorded"): 1,
            (W, "art26_holiday_table_does_not_cover"): 1,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art27_double_pay_owed": [Fraction(2380, 3)]},
        "total": Decimal(793),
    },
    # 2027-02-01..02-14, 8 h a day, Sundays off, the Lunar New Year days off of 2027 worked with
    # her agreement: 02-04, 02-05, 02-08, 02-09, 02-10, each counted as a holiday with a warning
    # that the 2027 calendar is not confirmed here. 5 days of rest worked: 5 x 29,500 / 30 =
    # NT$4,916.66... (Art. 27), no wage entry (warnings). No breach. Owed: NT$4,917.
    "lunar_new_year_2027_planned.yaml": {
        "findings": {
            (E, "art27_double_pay_owed"): 1,
            (W, "art26_holiday_not_confirmed"): 5,
            (W, "art17_no_wage_entries"): 1,
            (W, "art18_month_without_wage_entry"): 1,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art27_double_pay_owed": [Fraction(14750, 3)]},
        "total": Decimal(4917),
        "where": {"art26_holiday_not_confirmed": days(3, 4, 7, 8, 9)},
    },

    # The grandfather moved to a care home on 08-25: Art. 9(1) item 3, termination with notice
    # permitted, notice on 08-29 within 30 days of learning. 08-29 + 1 month = 09-29 <= 09-30:
    # a month ahead, but whether in writing is not said: Art. 13 is not judged, a warning says a
    # month's wage would be owed if it was oral. The employer pays the airfare, and did.
    # Separation fee: service 2024-07-01 to 2025-09-30, 2024-07-01 + 14 months = 2025-09-01 <=
    # 09-29, + 15 = 10-01: 15 months, 28,590 x 15 / 12 = NT$35,737.50. 1 year -> 7 days of leave.
    # Owed: NT$35,738.
    "notice_form_not_known.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (W, "art13_notice_writing_not_recorded"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art14_separation_fee_amount"): 1,
            (E, "art25_annual_leave"): 1,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "separation_fee_due": True,
                   "separation_fee_owed": Decimal("35737.5"), "annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 1},
        "total": Decimal(35738),
    },

    # 2025-10-06..10-11, 10 h a day with 14 h of rest (shown: 10 + 14 = 24), Sunday 10-12 off:
    # the daily principle 6 times; extended time 2 h a day, 12 h in the calendar week 10-06..12
    # (> 10). 10-06 (Mid-Autumn Festival) and 10-10 (National Day) are holidays, worked with her
    # agreement: 2 days of rest worked, 2 x 28,590 / 30 = NT$1,906 (Art. 27). Overtime 12 h x
    # 178.6875 = NT$2,144.25 (Art. 18); none shown paid. She was paid 30,000 on a wage of 28,590
    # without the case saying what the 1,410 was for: a warning that if it was pay for the
    # extra hours or the holidays, less is owed. Fortnight from 2025-01-06 that starts 09-29:
    # 4 working days that are not holidays x 8 h = 32 h. Art. 46.
    # Owed: 2,144 + 1,906 = NT$4,050.
    "paid_more_without_saying_why.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 6,
            (V, "art22_weekly_overtime"): 1,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            (W, "art17_payment_above_the_wage_unexplained"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"menstrual_leave_days_a_month": 1, "years_of_service": 0},
        "owed": {"art18_overtime_pay_owed": [Fraction(8577, 4)], "art27_double_pay_owed": [Decimal(1906)]},
        "total": Decimal(4050),
    },
}


# Examples on which the shipped act or engine gives an answer the Act does not: the test
# still states what the Act says, and is expected to fail until the cause is fixed.
#: Examples the act or the engine is known to get wrong, with why (none at present).
KNOWN_WRONG: dict[str, str] = {}


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in CASE_SUFFIXES)


def expectation_params():
    for name in sorted(EXPECTED):
        marks = []
        if name in KNOWN_WRONG:
            marks = [pytest.mark.xfail(reason=KNOWN_WRONG[name], strict=True)]
        yield pytest.param(name, marks=marks, id=name)


ALL_EXAMPLES = [pytest.param(p.name, id=p.name) for p in example_files()]


@pytest.fixture(scope="module")
def act():
    return hsa_dsl.load_act()


@pytest.fixture(scope="module")
def verdicts(act):
    cache: dict[tuple[str, bool], hsa_dsl.Verdict] = {}

    def get(name: str, trace: bool = True) -> hsa_dsl.Verdict:
        key = (name, trace)
        if key not in cache:
            cache[key] = act.evaluate(EXAMPLES / name, trace=trace)
        return cache[key]

    return get


def finding_counts(verdict) -> Counter:
    return Counter((f.kind, f.rule) for f in verdict.findings)


def test_every_example_has_expectations():
    names = {p.name for p in example_files()}
    assert names, "no example cases found"
    assert names - set(EXPECTED) == set(), "examples without expectations in tests/test_examples.py"
    assert set(EXPECTED) - names == set(), "expectations for examples that do not exist"
    assert set(KNOWN_WRONG) <= set(EXPECTED)


def test_expectations_are_well_formed():
    kinds = {"violation", "obligation", "permission", "entitlement", "value", "penalty", "conflict", "warning"}
    for name, expected in EXPECTED.items():
        assert set(expected) <= {"findings", "values", "where", "owed", "total"}, name
        assert set(expected.get("owed", {})) <= set(PER_ENTRY), name
        for (kind, rule), count in expected["findings"].items():
            assert kind in kinds and isinstance(rule, str) and count > 0, (name, kind, rule)
        for rule, entries in expected.get("where", {}).items():
            fired = sum(n for (_, r), n in expected["findings"].items() if r == rule)
            assert fired == len(entries), (name, rule)


@pytest.mark.parametrize("name", list(expectation_params()))
def test_findings(name, verdicts):
    verdict = verdicts(name)
    assert dict(finding_counts(verdict)) == EXPECTED[name]["findings"]


@pytest.mark.parametrize("name", list(expectation_params()))
def test_values(name, verdicts):
    verdict = verdicts(name)
    expected = EXPECTED[name]["values"]
    for key, value in expected.items():
        assert key in verdict.values, f"{key} was not decided"
        actual = verdict.values[key]
        assert type(actual) is type(value), (key, actual)
        assert actual == value, key
    undecided = [out for out in OUTPUTS if out not in expected]
    assert [out for out in undecided if out in verdict.values] == []


@pytest.mark.parametrize("name", list(expectation_params()))
def test_owed_for_each_entry(name, verdicts):
    """The amounts owed month by month, exactly (rationals where the decimals do not end)."""
    verdict = verdicts(name)
    expected = EXPECTED[name].get("owed", {})
    for rule in PER_ENTRY:
        found = [f for f in verdict.findings if f.rule == rule]
        found.sort(key=lambda f: tuple(f.binding.values()))
        amounts = [Fraction(exact_amount(f)) for f in found]
        assert amounts == [Fraction(x) for x in expected.get(rule, [])], rule


@pytest.mark.parametrize("name", list(expectation_params()))
def test_total_owed(name, verdicts):
    """What the worker is owed in money, in all: each item rounded half up to a whole NT$."""
    verdict = verdicts(name)
    money = [f for f in verdict.of_kind("entitlement") if f.conclusion.get("unit") == "money"]
    assert sum((reported_amount(f) for f in money), Decimal(0)) == EXPECTED[name].get("total", Decimal(0))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_entries(name, verdicts):
    verdict = verdicts(name)
    for rule, entries in EXPECTED[name].get("where", {}).items():
        found = sorted(v for f in verdict.findings if f.rule == rule for v in f.binding.values())
        assert found == sorted(entries), rule


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_compliant_example_has_no_violation(name, verdicts):
    """A case with no expected violation has none, nor any conflict between rules."""
    verdict = verdicts(name)
    assert verdict.conflicts == ()
    if name in EXPECTED and not any(k == "violation" for k, _ in EXPECTED[name]["findings"]):
        if name not in KNOWN_WRONG:
            assert verdict.violations == ()


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_provisions_belong_to_the_article(name, verdicts):
    for finding in verdicts(name).findings:
        where = (finding.rule, finding.provision)
        assert finding.provision.startswith(f"art_{finding.article}"), where
        # and not to an article whose number merely starts the same way (art_1 / art_13)
        rest = finding.provision[len(f"art_{finding.article}"):]
        assert rest == "" or rest.startswith("__"), where
        assert finding.provision in finding.provisions


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_trace_off_gives_the_same_verdict(name, verdicts):
    traced, plain = verdicts(name, True), verdicts(name, False)
    assert finding_counts(plain) == finding_counts(traced)

    def described(verdict):
        return sorted(
            (f.kind, f.rule, f.provision, sorted(f.binding.items())) for f in verdict.findings
        )

    assert described(plain) == described(traced)
    assert plain.values == traced.values
    assert all(f.trace is None for f in plain.findings)
