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
)

V, P, E, VAL = "violation", "permission", "entitlement", "value"


def days(*indexes: int) -> list[str]:
    return [f"employment.timecard[{i}]" for i in indexes]


def wages(*indexes: int) -> list[str]:
    return [f"employment.wages[{i}]" for i in indexes]


EXPECTED: dict[str, dict] = {
    # March 2025, NT$28,590 paid on the due day (pay day 5 -> 2025-04-05). Pay slip in Mandarin
    # for a worker who reads Indonesian: Art. 17(2). 30 working days of 10 h (> 8 h) and 8 h of
    # rest (< 10 h): Art. 22, 30 times each. Fortnights run from 2024-06-01 in 14-day blocks;
    # 273 days to 2025-03-01 = 19 blocks + 7 days, so blocks start 03-08 and 03-22: 13 working
    # days (130 h) and 10 working days (100 h) exceed 84 h; the block ending 03-07 has 70 h.
    # Only day off 03-16: the 7-day windows starting 03-01..03-09 (9) and 03-17..03-25 (9) = 18.
    "caregiver_long_days.yaml": {
        "findings": {
            (V, "art17_pay_slip"): 1,
            (V, "art22_daily_regular_hours"): 30,
            (V, "art22_ten_hours_consecutive_rest"): 30,
            (V, "art22_two_weekly_regular_hours"): 2,
            (V, "art23_day_off_in_every_seven_days"): 18,
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
    "fired_for_pregnancy.yaml": {
        "findings": {
            (V, "art9_no_termination_on_other_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
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
    "wages_paid_to_broker.yaml": {
        "findings": {
            (V, "art16_wage_floor"): 2,
            (V, "art17_paid_directly"): 2,
            (V, "art17_paid_in_full"): 2,
            (V, "art17_no_food_and_lodging_deduction"): 2,
            (E, "art16_shortfall_owed"): 1,
        },
        "values": {"minimum_wage_shortfall": Decimal("6120"), "years_of_service": 0},
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
    # one completed year -> 7 days of annual leave (Art. 25 item 1).
    "care_recipient_died.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
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
    "late_dismissal_without_notice.yaml": {
        "findings": {
            (P, "art10_termination_without_notice_on_listed_grounds"): 1,
            (V, "art10_act_within_30_days"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            ("obligation", "art9_employer_owes_airfare"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
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
    # 84 h in every fortnight; rest 10-11 h; Sundays off. Service under one year.
    "overtime_without_premium.yaml": {
        "findings": {
            (V, "art22_daily_overtime"): 4,
            (V, "art22_work_in_rest_hours"): 7,
            (V, "art18_overtime_premium"): 1,
            (E, "art18_overtime_pay_owed"): 1,
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
    # Paid 29,500 + 8,850 = 38,350 = in full.
    "overtime_over_weekly_limit.yaml": {
        "findings": {
            (V, "art22_weekly_overtime"): 4,
            (V, "art22_monthly_overtime"): 1,
        },
        "values": {"years_of_service": 0},
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
    # penalty (Art. 19). It is also a deduction for an "other item" (其他項目) that takes the
    # wage to 28,590 - 5,000 = 23,590, under the NT$28,590 minimum (Art. 16): NT$5,000 short.
    # 23,590 paid of 28,590 due: not in full (Art. 17(1)).
    "penalty_deduction.yaml": {
        "findings": {
            (V, "art19_no_advance_deduction"): 1,
            (V, "art16_wage_floor"): 1,
            (V, "art17_paid_in_full"): 1,
            (E, "art16_shortfall_owed"): 1,
        },
        "values": {"minimum_wage_shortfall": Decimal("5000"), "years_of_service": 0},
    },
    # 2014-02-01 to 2025-03-01: 11 completed years. Art. 25 item 4: one day more for each
    # year beyond ten, over item 3's 14 days: 14 + 1 = 15 days. 15 granted: no violation.
    "annual_leave_eleven_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1},
        "values": {"annual_leave_days": 15, "years_of_service": 11},
    },
    # 2022-04-01 to 2025-04-01: exactly 3 years, which the Act reads as item 2 (10 days); 7
    # granted: Art. 25 violated.
    "annual_leave_three_years.yaml": {
        "findings": {(E, "art25_annual_leave"): 1, (V, "art25_leave_granted"): 1},
        "values": {"annual_leave_days": 10, "years_of_service": 3},
    },
    # Termination by agreement, not signed before the authority nor in both mother tongues:
    # Art. 13(2) violated and the termination has not taken effect. Not a termination by the
    # employer, so no airfare or separation fee rule applies.
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
    "compliant_household.yaml": {
        "findings": {(E, "art25_annual_leave"): 1},
        "values": {"annual_leave_days": 7, "years_of_service": 1},
    },
    # A fixed-term contract that ran out with the worker gone: Art. 14(1) item 3, no fee.
    # 2022-12-01 to 2025-12-05: 3 years -> 10 days of leave.
    "fixed_term_expiry.yaml": {
        "findings": {
            (VAL, "art14_no_fee_when_fixed_term_expires"): 1,
            (E, "art25_annual_leave"): 1,
        },
        "values": {"separation_fee_due": False, "annual_leave_days": 10, "years_of_service": 3},
    },
    # Dismissed without notice for complaining: not one of Art. 10's grounds, so Art. 10(1)
    # is violated (and, without notice, Art. 9 is not engaged). Separation fee due; the
    # employer pays the airfare (the reading at art9_airfare_after_unlawful_dismissal_without_
    # notice), an obligation the case does not show met. January's wage, due 02-05, paid 02-25; February's,
    # due 03-05, unpaid at 03-20: Art. 17(1) "monthly, on time" twice. January paid with no
    # pay slip: Art. 17(2). February, unpaid, is not judged for the pay slip or "in full".
    "dismissed_after_complaint.yaml": {
        "findings": {
            (V, "art10_no_termination_without_notice_on_other_grounds"): 1,
            (V, "art17_paid_monthly_on_time"): 2,
            (V, "art17_pay_slip"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (VAL, "art9_airfare_after_unlawful_dismissal_without_notice"): 1,
            ("obligation", "art9_employer_owes_airfare"): 1,
        },
        "values": {"separation_fee_due": True, "return_airfare_payer": "employer", "years_of_service": 0},
        "where": {"art17_paid_monthly_on_time": wages(0, 1), "art17_pay_slip": wages(0)},
    },
    # Certified serious illness: Art. 9(1) item 2, permitted, within 30 days (11-03 -> 11-24).
    # Written notice of 14 days and NT$14,295 paid instead of the rest, less than a month's
    # 28,590: Art. 13(1) violated, 28,590 - 14,295 = NT$14,295 still owed. The worker paid her
    # own airfare though the employer must (Art. 9(2)). Fee due. 2024-02-19 to 2025-12-01:
    # 1 year -> 7 days.
    "sick_worker_sent_home.yaml": {
        "findings": {
            (P, "art9_termination_on_listed_grounds"): 1,
            (V, "art13_one_month_notice"): 1,
            (V, "art9_employer_pays_airfare"): 1,
            (E, "art13_wage_in_lieu_owed"): 1,
            (VAL, "art9_airfare_paid_by_employer"): 1,
            (VAL, "art14_separation_fee_on_termination_by_employer"): 1,
            (E, "art25_annual_leave"): 1,
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
