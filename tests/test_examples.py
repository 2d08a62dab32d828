"""The worked examples in examples/: each case's findings, checked against the Act by hand.

For every example file the expectations below list

- ``findings``: the exact multiset of (kind, rule) pairs the verdict must contain, every kind
  included (violations, permissions, values, entitlements), with their counts;
- ``values``: the outputs and entitlements the case decides, with their exact values and
  types (Decimal for money, int for days and years, str for enumeration values, bool). An
  output of the Act that is not listed must be left undecided (absent from verdict.values);
- ``where`` (optional): for a rule that fires once per entry, the entries it fired for.

The numbers were worked out from the Act's text, not copied from the program; the comment
above each entry shows the arithmetic.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

import hsa_dsl

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CASE_SUFFIXES = (".yaml", ".yml", ".json")

# Every output and entitlement the Act declares; those an example does not list in `values`
# must stay undecided for it.
OUTPUTS = (
    "return_airfare_payer",
    "separation_fee_due",
    "termination_by_agreement_effective",
    "wage_in_lieu_of_notice_owed",
    "minimum_wage_shortfall",
    "overtime_pay_owed",
    "annual_leave_days",
    "household_conduct_attributed_to_employer",
    "monthly_wage_as_defined",
    "work_standards_in_effect",
    "health_check_refund_owed",
    "contract_deemed_non_fixed_term",
    "unemployment_allowance_during_transfer",
    "pension_eligible",
    "educational_leave_hours_owed",
    "rest_day_pay_owed",
    "suspended_leave_pay_owed",
    "menstrual_leave_days_a_month",
    "uninsured_loss_compensation",
)

V, P, E, VAL, O, PEN = "violation", "permission", "entitlement", "value", "obligation", "penalty"


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
    # rest (< 10 h): Art. 22, 30 times each. Fortnights run from 2024-06-01 in 14-day blocks;
    # 273 days to 2025-03-01 = 19 blocks + 7 days, so blocks start 03-08 and 03-22: 13 working
    # days (130 h) and 10 working days (100 h) exceed 84 h; the block ending 03-07 has 70 h.
    # Only day off 03-16: the 7-day windows starting 03-01..03-09 (9) and 03-17..03-25 (9) = 18.
    # No national holiday falls in March 2025. The employer breached the Act: Art. 46.
    "caregiver_long_days.yaml": {
        "findings": {
            (V, "art17_pay_slip"): 1,
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_ten_hours_consecutive_rest"): 30,
            (V, "art22_two_weekly_regular_hours"): 2,
            (V, "art23_day_off_in_every_seven_days"): 18,
            **FINE,
        },
        "values": {"years_of_service": 0},
        "where": {
            "art17_pay_slip": wages(0),
            "art22_daily_regular_hours": days(*range(15), *range(16, 31)),
            "art22_two_weekly_regular_hours": [
                "employment.timecard 2025-03-08..2025-03-21",
                "employment.timecard 2025-03-22..2025-04-04",
            ],
        },
    },
    # Pregnancy is none of Art. 9's five grounds, so the employer may not end the contract
    # with notice: Art. 9(1) violated. He acted within 30 days of learning (05-26 + 30 days =
    # 06-25 >= 06-16), so Art. 9(2)'s time limit is not broken. Written notice on 06-02 for
    # 06-16 is less than a month (06-02 + 1 month = 07-02), and nothing was paid instead:
    # Art. 13(1) violated and one month's wage, NT$28,590, is owed in lieu. Foreign worker,
    # terminated by the employer with notice: the employer pays the airfare (Art. 9(2)), and
    # did. A termination by the employer carries a separation fee (Art. 14(2)); none of
    # Art. 14(1)'s exceptions applies. Service 2024-09-02 to 2025-06-20: 0 years, no leave.
    # Added with Articles 30, 45 and 46: the dismissal for pregnancy breaches Art. 30 too; a
    # breach of Art. 9(1) cancels the permit to employ her (Art. 45); Art. 46's fine.
    "fired_for_pregnancy.yaml": {
        "findings": {
            (V, "art9_no_termination_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (V, "art30_no_dismissal_for_marriage_or_pregnancy"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "years_of_service": 0,
        },
    },
    # Two months paid to the broker (Art. 17(1) "directly", twice) with NT$2,500 of food
    # deducted (Art. 17(1) "no food and lodging fee", twice). In full means agreed wage less
    # legal deductions: 27,470 - 426 = 27,044 due, 24,544 paid: Art. 17(1) "in full", twice.
    # Art. 16 floor, legal deductions excluded: December 2024: 27,470 - 2,500 = 24,970 against
    # NT$27,470 -> short 2,500. January 2025: 24,970 against the new NT$28,590 -> short 3,620.
    # Shortfall 2,500 + 3,620 = NT$6,120.
    # Added with Articles 20, 45 and 46: 2,500 a month unpaid of what was due, both pay days
    # passed: wages in arrears (NT$5,000), so the authority may order payment (Art. 20); a
    # breach of Art. 16 cancels the permit (Art. 45); Art. 46's fine.
    "wages_paid_to_broker.yaml": {
        "findings": {
            (V, "art16_wage_floor"): 2,
            (V, "art17_paid_directly"): 2,
            (V, "art17_paid_in_full"): 2,
            (V, "art17_no_food_and_lodging_deduction"): 2,
            (E, "art16_shortfall_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"minimum_wage_shortfall": Decimal("6120"), "years_of_service": 0,
                   "wage_arrears": Decimal("5000")},
        "where": {
            "art16_wage_floor": wages(0, 1),
            "art17_paid_directly": wages(0, 1),
            "art17_no_food_and_lodging_deduction": wages(0, 1),
        },
    },
    # Death of the person cared for: Art. 9(1) item 3, so termination with notice is
    # permitted, within 30 days of learning (10-03 -> 10-16). Written notice 10-06 for 10-16
    # is ten days, not a month, and no wage in lieu was paid: Art. 13(1) violated, NT$28,590
    # owed. Employer pays the airfare; separation fee due. Service 2023-11-20 to 2025-10-20:
    # one completed year -> 7 days of annual leave (Art. 25 item 1). Added: Art. 46's fine.
    "care_recipient_died.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
    },
    # Absence without reason: Art. 10(1) item 2, termination without notice permitted; done
    # 13 days after learning (08-07 -> 08-20), within 30. The foreign worker pays his own
    # airfare (Art. 10(3)); no separation fee (Art. 14(1) item 2). Service 2024-05-01 to
    # 2025-08-25: 1 year -> 7 days.
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
    },
    # Same ground, but the employer acted on 04-17, 45 days after learning on 03-03 (the
    # 30 days ran out on 04-02): Art. 10(2) violated. Read at `terminated_under_article_10`:
    # a dismissal after the 30 days is not "pursuant to Article 10", so Art. 14(1) item 2 does
    # not remove the separation fee and Art. 10(3) does not put the airfare on the worker; the
    # employer pays it (the reading at art9_airfare_after_unlawful_dismissal_without_notice),
    # an obligation the case does not show met. Service 2023-09-11 to 2025-04-22: 1 year.
    # Added: Art. 46's fine (Art. 10(2) is not Art. 9(1), so no Art. 45).
    "late_dismissal_without_notice.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (V, "art10_act_within_30_days"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
    },
    # March 2026, wage NT$29,500, hourly 29,500 / 240 = 122.91666..., premium rate x 1.5 =
    # NT$184.375 an hour. Overtime in rest hours: 3 h on Tuesdays 03-03, 03-10, 03-17, 03-24
    # (timecard 2, 9, 16, 23: over 2 h a day, Art. 22) and 1 h on Fridays 03-06, 03-13,
    # 03-20, 03-27 (5, 12, 19, 26). All without urgent need and consent except 03-20: 7 days.
    # 16 h x 184.375 = NT$2,950 due, none paid: Art. 18 violated, NT$2,950 owed. Weekly
    # overtime 4 h and monthly 16 h stay within 10 and 40. Regular 7 h x 6 days = 42 h a week,
    # 84 h in every fortnight; rest 10-11 h; Sundays off. Service under one year. No national
    # holiday in March 2026. Added: Art. 46's fine.
    "overtime_without_premium.yaml": {
        "findings": {
            (V, "art22_daily_overtime"): 4,
            (V, "art22_work_in_rest_hours"): 7,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
            **FINE,
        },
        "values": {"overtime_pay_owed": Decimal("2950"), "years_of_service": 0},
        "where": {
            "art22_daily_overtime": days(2, 9, 16, 23),
            "art22_work_in_rest_hours": days(2, 5, 9, 12, 16, 23, 26),
            "art18_overtime_premium": wages(0),
        },
    },
    # Same premium arithmetic, paid correctly: 2 h on each of 24 nights (Mon-Sat of February
    # 2026) = 48 h x 184.375 = NT$8,850, and 8,850 was paid, so Art. 18 is met and nothing is
    # owed. Every night was urgent and consented to, 2 h is within the daily limit, rest
    # stays at 10 h. But 12 h in each calendar week (02-02..08, 09..15, 16..22, and 23..28
    # already) exceeds 10 (4 violations) and 48 h in February exceeds 40 (1 violation).
    # Added with Articles 26 and 27: six of those working days are national holidays, New
    # Year's Eve and the first three days of the year (02-16..02-19), the make-up day for the
    # eve of New Year's Eve (02-20) and for Peace Memorial Day (02-27): timecard 15-19 and 26.
    # Nothing says she agreed to work them: Art. 26, six times. Each earns a day's wage more
    # (Art. 27): 6 x 29,500 / 30 = NT$5,900, none paid: Art. 27 violated, NT$5,900 owed.
    # Paid 29,500 + 8,850 = 38,350 = what the slip shows as due, so still in full. Art. 46.
    "overtime_over_weekly_limit.yaml": {
        "findings": {
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
            (V, "art26_no_work_on_national_holidays"): 6,
            (V, "art27_double_pay"): 1,
            (E, "art27_double_pay_owed"): 1,
            **FINE,
        },
        "values": {"years_of_service": 0, "rest_day_pay_owed": Decimal("5900")},
        "where": {
            "art22_weekly_overtime": [
                "employment.timecard 2026-02-02..2026-02-08",
                "employment.timecard 2026-02-09..2026-02-15",
                "employment.timecard 2026-02-16..2026-02-22",
                "employment.timecard 2026-02-23..2026-03-01",
            ],
            "art22_monthly_overtime": ["employment.timecard 2026-02-01..2026-02-28"],
            "art26_no_work_on_national_holidays": days(15, 16, 17, 18, 19, 26),
        },
    },
    # NT$5,000 held back as a deposit against running away: a deduction in advance as a
    # penalty (Art. 19). It is also a deduction for an "other item" (其他項目) that takes the
    # wage to 28,590 - 5,000 = 23,590, under the NT$28,590 minimum (Art. 16): NT$5,000 short.
    # 23,590 paid of 28,590 due: not in full (Art. 17(1)).
    # Added with Articles 20, 45 and 46: NT$5,000 of the paid month is in arrears, so the
    # authority may order payment (Art. 20); Art. 16 breached: permit cancelled (Art. 45); and
    # Art. 46's fine.
    "penalty_deduction.yaml": {
        "findings": {
            (V, "art19_no_advance_deduction"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art16_shortfall_owed"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"minimum_wage_shortfall": Decimal("5000"), "years_of_service": 0,
                   "wage_arrears": Decimal("5000")},
    },
    # 2014-02-01 to 2025-03-01: 11 completed years. Art. 25 item 4: one day more for each
    # year beyond ten, over item 3's 14 days: 14 + 1 = 15 days. 15 granted: no violation.
    "annual_leave_eleven_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1},
        "values": {"annual_leave_days": 15, "years_of_service": 11},
    },
    # 2022-04-01 to 2025-04-01: exactly 3 years, which the Act reads as item 2 (10 days); 7
    # granted: Art. 25 violated. Added: Art. 46's fine.
    "annual_leave_three_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1, (V, "art25_leave_granted"): 1, **FINE},
        "values": {"annual_leave_days": 10, "years_of_service": 3},
    },
    # Termination by agreement, not signed before the authority nor in both mother tongues:
    # Art. 13(2) violated and the termination has not taken effect. Not a termination by the
    # employer, so no airfare or separation fee rule applies. Art. 13(2) binds both parties,
    # so Art. 46, which fines the employer, does not count it.
    "mutual_termination_unsigned.yaml": {
        "findings": {
            (V, "art13_agreement_before_authority"): 1,
            (VAL, "art13_agreement_takes_effect_only_when_signed"): 1,
        },
        "values": {"termination_by_agreement_effective": False, "years_of_service": 0},
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
    # 2022-12-01 to 2025-12-05: 3 years -> 10 days of leave. Added with Article 21: she served
    # the contract to its end date (contract_expiry on 2025-11-30), so she is eligible for the
    # retirement pension.
    "fixed_term_expiry.yaml": {
        "findings": {
            (VAL, "art14_no_fee_when_fixed_term_expires"): 1,
            (E, "art25_annual_leave"): 1,
            (E, "art21_pension"): 1,
        },
        "values": {"separation_fee_due": False, "annual_leave_days": 10, "years_of_service": 3,
                   "pension_eligible": True},
    },
    # Dismissed without notice for complaining: not one of Art. 10's grounds, so Art. 10(1)
    # is violated (and, without notice, Art. 9 is not engaged). Separation fee due; the
    # employer pays the airfare (the reading at art9_airfare_after_unlawful_dismissal_without_
    # notice), an obligation the case does not show met. January's wage, due 02-05, paid 02-25; February's,
    # due 03-05, unpaid at 03-20: Art. 17(1) "monthly, on time" twice. January paid with no
    # pay slip: Art. 17(2). February, unpaid, is not judged for the pay slip or "in full".
    # Added with Articles 20, 41, 45 and 46: February's NT$29,500 is in arrears (the authority
    # may order payment, Art. 20); a dismissal for a complaint is retaliation (Art. 41(2)); a
    # dismissal on no ground Art. 9 allows cancels the permit (Art. 45); Art. 46's fine.
    "dismissed_after_complaint.yaml": {
        "findings": {
            (V, "art10_no_termination_without_notice_on_other_grounds"): 1,
            (V, "art17_paid_monthly_on_time"): 2,
            (V, "art17_pay_slip"): 1,
            (V, "art41_no_dismissal_for_complaint"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
        },
        "values": {"separation_fee_due": True, "return_airfare_payer": "employer", "years_of_service": 0,
                   "wage_arrears": Decimal("29500")},
        "where": {"art17_paid_monthly_on_time": wages(0, 1), "art17_pay_slip": wages(0)},
    },
    # Certified serious illness: Art. 9(1) item 2, permitted, within 30 days (11-03 -> 11-24).
    # Written notice of 14 days and NT$14,295 paid instead of the rest, less than a month's
    # 28,590: Art. 13(1) violated, 28,590 - 14,295 = NT$14,295 still owed. The worker paid her
    # own airfare though the employer must (Art. 9(2)). Fee due. 2024-02-19 to 2025-12-01:
    # 1 year -> 7 days. Added: Art. 46's fine.
    "sick_worker_sent_home.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
        },
        "values": {
            "return_airfare_payer": "employer",
            "separation_fee_due": True,
            "wage_in_lieu_of_notice_owed": Decimal("14295"),
            "annual_leave_days": 7,
            "years_of_service": 1,
        },
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
    "passport_kept_transfer.yaml": {
        "findings": {
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (V, "art4_no_illegal_benefit"): 1,
            (PEN, "art42_illegal_benefit_penalty"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (P, "art41_right_to_complain"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"unemployment_allowance_during_transfer": True, "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0},
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
    "harassed_by_grandfather.yaml": {
        "findings": {
            (VAL, "art2_household_counts_as_employer"): 1,
            (V, "art32_no_sexual_harassment"): 2,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (O, "art12_discharge_agreement_owed"): 1,
            (VAL, "art12_airfare_paid_by_employer"): 1,
            (O, "art9_employer_owes_airfare"): 1,
            (P, "art35_punitive_damages"): 1,
            (O, "art36_legal_assistance"): 1,
            (O, "art37_temporary_shelter"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"household_conduct_attributed_to_employer": True, "return_airfare_payer": "employer",
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
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
    "typhoon_suspended_day_off.yaml": {
        "findings": {
            (P, "art28_leave_suspended_in_emergency"): 2,
            (V, "art28_double_pay"): 1,
            (E, "art28_double_pay_owed"): 1,
            (O, "art28_compensatory_rest"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"suspended_leave_pay_owed": Decimal("1906"), "annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 2},
        "where": {
            "art28_leave_suspended_in_emergency": days(6, 7),
            "art28_compensatory_rest": days(7),
            "art28_double_pay": wages(0),
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
        "values": {"rest_day_pay_owed": Decimal("1000"), "annual_leave_days": 7,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 2},
        "where": {"art26_no_work_on_national_holidays": days(5), "art27_double_pay": wages(0)},
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
    "renewed_after_short_gap.yaml": {
        "findings": {
            (VAL, "art8_renewal_after_short_gap"): 1,
            (V, "art9_no_termination_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (O, "art9_employer_owes_airfare"): 1,
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
            "wage_in_lieu_of_notice_owed": Decimal("28590"),
            "unemployment_allowance_during_transfer": True,
            "menstrual_leave_days_a_month": 1,
            "years_of_service": 0,
        },
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
    "kept_working_after_contract_end.yaml": {
        "findings": {
            (VAL, "art8_continued_work_without_objection"): 1,
            (P, "art9_termination_on_listed_grounds"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
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
            "health_check_refund_owed": Decimal("1500"),
            "annual_leave_days": 10,
            "menstrual_leave_days_a_month": 1,
            "years_of_service": 3,
            "unpaid_premiums": Decimal("24460"),
        },
        "where": {"art6_health_check_paid_by_fund": entries("health_checks", 0, 1)},
    },
    # Health insurance only from 06-01 (not from 03-03) and labour insurance never: Art. 7
    # twice. Art. 44: health 2025-03-03..06-01 = 90 days x 1,400 / 30 = 4,200; labour
    # 2025-03-03..07-31 (the assessment) = 150 days x 2,300 / 30 = 11,500; 15,700 x 3 = a fine
    # of NT$47,100, and her NT$18,000 of hospital bills are compensated. The injury at work:
    # medical costs not borne, wage not continued (Art. 38). May's wage: 8,000 paid of 28,590
    # due: not in full (Art. 17(1)), NT$20,590 in arrears (Art. 20). Art. 46's fine.
    "injured_without_insurance.yaml": {
        "findings": {
            (V, "art7_health_insurance"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine"): 1,
            (E, "art44_loss_compensated"): 1,
            (V, "art38_occupational_injury"): 1,
            (V, "art17_paid_in_full"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"uninsured_loss_compensation": Decimal("18000"), "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0, "unpaid_premiums": Decimal("15700"),
                   "wage_arrears": Decimal("20590")},
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
    "living_out_restaurant_work.yaml": {
        "findings": {
            (V, "art5_living_out_only_by_agreement"): 1,
            (V, "art5_rent_and_travel_allowance"): 1,
            (V, "art5_three_meals"): 1,
            (V, "art5_work_standards_reported"): 1,
            (VAL, "art5_work_standards_take_effect"): 1,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (E, "art15_unemployment_allowance"): 1,
            (O, "art37_temporary_shelter"): 1,
            (P, "art41_right_to_complain"): 1,
            (V, "art41_no_retaliation_for_complaint"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"work_standards_in_effect": False, "unemployment_allowance_during_transfer": True,
                   "menstrual_leave_days_a_month": 1, "years_of_service": 0},
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
    "forced_labour_locked_in.yaml": {
        "findings": {
            (PEN, "art43_forced_labour_penalty"): 1,
            (P, "art12_worker_may_terminate_without_notice"): 1,
            (V, "art12_discharge_agreement_presented"): 1,
            (VAL, "art12_airfare_paid_by_employer"): 1,
            (P, "art35_punitive_damages"): 1,
            (V, "art34_freedom_of_religion_and_social_life"): 1,
            (O, "art36_legal_assistance"): 1,
            (O, "art37_temporary_shelter"): 1,
            (P, "art41_right_to_complain"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "menstrual_leave_days_a_month": 1, "years_of_service": 0},
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
    "unpaid_wages_fund_advance.yaml": {
        "findings": {
            (V, "art17_paid_monthly_on_time"): 3,
            (P, "art20_authority_may_order_payment"): 1,
            (P, "art20_wage_advance_from_fund"): 1,
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (VAL, "art11_airfare_paid_by_employer"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"return_airfare_payer": "employer", "annual_leave_days": 7, "menstrual_leave_days_a_month": 1,
                   "years_of_service": 1, "wage_arrears": Decimal("85770")},
        "where": {"art17_paid_monthly_on_time": wages(0, 1, 2)},
    },
    # Service from 2019-07-01 to 2026-02-02: 6 years -> 14 days, 14 granted (Art. 25 met).
    # The monthly attendance bonus is wage (Art. 2 item 3): 29,500 + 1,500 = NT$31,000.
    # Four hours of educational leave of the eight a year: Art. 24 violated, 4 h owed.
    # Bereavement leave for her father, 8 days, within the Rules' 8: refused (Art. 29). A
    # caretaker who had New Year's Day off: the family may ask for temporary care (Art. 33).
    # Art. 46's fine.
    "long_service_leave.yaml": {
        "findings": {
            (VAL, "art2_wage_includes_allowances"): 1,
            (V, "art24_educational_leave"): 1,
            (E, "art24_educational_leave_owed"): 1,
            (V, "art29_leave_as_the_rules_allow"): 1,
            (P, "art33_temporary_care_service"): 1,
            (E, "art25_annual_leave"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"monthly_wage_as_defined": Decimal("31000"), "educational_leave_hours_owed": Decimal("4"),
                   "annual_leave_days": 14, "menstrual_leave_days_a_month": 1, "years_of_service": 6},
    },
    # November 2025: 30 days of 10 h with 7 h of rest: Art. 22 thirty times each for hours and
    # rest. Fortnights from 2025-03-03: blocks 10-27..11-09 (9 recorded days, 90 h) and
    # 11-10..11-23 (140 h) exceed 84; 11-24..12-07 has 70 h. No day off: all 24 windows of 7
    # days (11-01..11-24 as first days) breach Art. 23. The wage: 28,590 - 5,000 for food =
    # 23,590 < 28,590 (Art. 16, NT$5,000 short; permit cancelled, Art. 45), food deducted,
    # paid to the broker, not in full, a slip in Mandarin nobody signed (Art. 17), NT$5,000 in
    # arrears (Art. 20); paid on the pay day (12-10). No private space (Art. 5(1)). Passport
    # objection 11-03 unremedied past 12-03: she may terminate (Art. 11). No labour insurance,
    # premium unknown: Art. 7, Art. 44 as a measure. Art. 46.
    "no_day_off_food_deducted.yaml": {
        "findings": {
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_ten_hours_consecutive_rest"): 30,
            (V, "art22_two_weekly_regular_hours"): 2,
            (V, "art23_day_off_in_every_seven_days"): 24,
            (V, "art16_wage_floor"): 1,
            (E, "art16_shortfall_owed"): 1,
            (V, "art17_no_food_and_lodging_deduction"): 1,
            (V, "art17_paid_directly"): 1,
            (V, "art17_paid_in_full"): 1,
            (V, "art17_pay_slip"): 1,
            (P, "art20_authority_may_order_payment"): 1,
            (V, "art5_private_habitable_space"): 1,
            (P, "art11_worker_may_terminate_and_transfer"): 1,
            (V, "art7_labour_insurance"): 1,
            (PEN, "art44_premium_fine_unquantified"): 1,
            (PEN, "art45_permit_cancelled"): 1,
            **FINE,
            **MENSTRUAL,
        },
        "values": {"minimum_wage_shortfall": Decimal("5000"), "menstrual_leave_days_a_month": 1,
                   "years_of_service": 0, "wage_arrears": Decimal("5000")},
        "where": {
            "art22_two_weekly_regular_hours": [
                "employment.timecard 2025-10-27..2025-11-09",
                "employment.timecard 2025-11-10..2025-11-23",
            ],
            "art11_worker_may_terminate_and_transfer": entries("objections", 0),
        },
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
    kinds = {"violation", "obligation", "permission", "entitlement", "value", "penalty", "conflict"}
    for name, expected in EXPECTED.items():
        assert set(expected) <= {"findings", "values", "where"}, name
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
