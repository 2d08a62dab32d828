"""What the worker is owed under the shipped act: each amount worked by hand from the Act.

Every amount below is worked out from the Act's words and the readings in docs/readings.md; the
arithmetic is in the comment beside it. An hour's wage is the month's wage / 240, a day's wage
the month's wage / 30 (Articles 18, 27 and 28).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsa_dsl.errors import HsaError

from depth import examples
from helpers import base_case, rules_of, termination

# A wage of NT$24,000 makes the arithmetic plain: NT$100 an hour, NT$800 a day, and an hour of
# extended time at one and a half times is NT$150. (Below the basic wage of 2025, so the cases
# that use it and are about something else give wage entries of their own or none.)
WAGE = "24000"


def owed(verdict) -> dict[tuple[str, tuple], Decimal]:
    """The money items owed: (rule, binding) -> amount."""
    return {(f.rule, tuple(sorted(f.binding.values()))): f.conclusion["value"]
            for f in verdict.findings if f.kind == "entitlement" and f.conclusion.get("unit") == "money"}


def total(verdict) -> Decimal:
    return sum(owed(verdict).values(), Decimal(0))


def of_rule(verdict, rule: str) -> list:
    return [f for f in verdict.findings if f.rule == rule]


def card(start: str, hours: list, **fields) -> list[dict]:
    """One time-card entry a day from `start`, in the hours-worked form."""
    first = date.fromisoformat(start)
    out = []
    for i, h in enumerate(hours):
        entry = {"date": (first + timedelta(days=i)).isoformat()}
        if h == 0:
            entry["day_off"] = True
        else:
            entry["hours_worked"] = str(h)
        entry.update(fields)
        out.append(entry)
    return out


def wage_case(timecard=(), wages=(), **employment) -> dict:
    case = base_case(timecard=list(timecard), wages=list(wages), **employment)
    case["employment"]["contract"]["monthly_wage"] = WAGE
    return case


# ---------------------------------------------------------------- Articles 18 and 22: extended time


def test_hours_beyond_eight_are_extended_time(act):
    # 2025-03-03 (Mon) to 03-07: five days of 10 h, rest of 14 h shown (10 + 14 = 24).
    # Extended time 2 h a day = 10 h; 10 h x NT$150 = NT$1,500 owed for March, no wage entry.
    verdict = act.evaluate(wage_case(card("2025-03-03", [10] * 5, longest_rest_hours="14")))
    assert owed(verdict) == {("art18_overtime_pay_owed", ("employment.timecard 2025-03-01..2025-03-31",)):
                             Decimal(1500)}
    # no wage entry for March: the amount is at the contract's wage, and a warning says so
    assert rules_of(verdict, "warning") == ["art17_no_wage_entries", "art18_month_without_wage_entry"]


def test_work_in_rest_from_periods(act):
    # Worked 7-12, 13-19 and woken 2-3: 12 h. Ten hours from 19:00 run to 05:00 and hold the
    # hour 2-3; no ten hours hold less. Work in the rest = 1 h; extended = max(12 - 8, 1) = 4 h.
    periods = [{"start": "7", "end_at": "12"}, {"start": "13", "end_at": "19"}, {"start": "2", "end_at": "3"}]
    day = {"date": "2025-03-03", "work_periods": periods, "overtime_urgent_need": False, "overtime_consented": False}
    verdict = act.evaluate(wage_case([day]))
    # 4 h x NT$150 = NT$600
    assert total(verdict) == Decimal(600)
    assert "art22_work_in_rest_hours" in rules_of(verdict)
    assert "art22_ten_hours_consecutive_rest" in rules_of(verdict)   # longest rest 19:00-02:00, 7 h


def test_work_in_rest_counts_once_beyond_eight(act):
    # 3 h of work split 1-2, 9-10, 17-18: every ten hours hold one of them; the least is 1 h.
    # Extended = max(3 - 8, 1) = 1 h: NT$150. Not 3 h (the longest rest is 7 h, but an hour of
    # work in a rest of ten, placed as well as it could be, is all the rest work there was).
    periods = [{"start": "1", "end_at": "2"}, {"start": "9", "end_at": "10"}, {"start": "17", "end_at": "18"}]
    day = {"date": "2025-03-03", "work_periods": periods, "overtime_urgent_need": True, "overtime_consented": True}
    assert total(act.evaluate(wage_case([day]))) == Decimal(150)
    # 16 h in one stretch, 6-22: the ten hours 22-08 hold 2 h of it. Extended = max(16 - 8, 2)
    # = 8 h, not 8 + 2: NT$1,200
    day = {"date": "2025-03-03", "work_periods": [{"start": "6", "end_at": "22"}],
           "overtime_urgent_need": True, "overtime_consented": True}
    assert total(act.evaluate(wage_case([day]))) == Decimal(1200)


def test_overtime_paid_is_deducted_and_the_month_has_its_wage(act):
    # March 2025, wage entry of NT$36,000 (NT$150 an hour, NT$225 an hour of extended time).
    # Days of 9 h (older form, 9 regular hours) Monday 03-03 to Friday 03-07: 5 h of extended
    # time = NT$1,125 due; NT$500 shown paid for overtime: NT$625 owed.
    wages = [{"month": "2025-03-01", "agreed_wage": "36000", "overtime_pay": "500", "paid_amount": "36500",
              "paid_on": "2025-04-05"}]
    timecard = card("2025-03-03", [9] * 5, longest_rest_hours="15")
    verdict = act.evaluate(wage_case(timecard, wages))
    assert [f.conclusion["value"] for f in of_rule(verdict, "art18_overtime_pay_owed")] == [Decimal(625)]
    assert "art18_overtime_premium" in rules_of(verdict)


def test_fortnight_beyond_84_hours(act):
    # Contract from 2024-06-01: a fortnight starts 2025-03-08. Days of 8 h from 03-08 (Sat) to
    # 03-21 with a day off on Sunday 03-09 and 03-16: 12 days x 8 h = 96 h of regular time,
    # 12 h beyond 84. No day beyond 8 h. 12 h x NT$150 = NT$1,800.
    hours = [8] * 14
    hours[1] = hours[8] = 0
    verdict = act.evaluate(wage_case(card("2025-03-08", hours, longest_rest_hours="16")))
    assert total(verdict) == Decimal(1800)
    assert rules_of(verdict) == ["art22_two_weekly_regular_hours"]


def test_rest_days_denied(act):
    # Contract from 2024-06-01 (a Saturday): 273 days to 2025-03-01, 39 weeks, so weeks of seven
    # days from it start 2025-03-01 and 03-08. Fourteen days of 8 h from 03-01, no day off: both
    # weeks are recorded whole and denied their day off, so two days of rest were worked, one
    # more day's wage each: 2 x NT$800 = NT$1,600 (Article 27).
    verdict = act.evaluate(wage_case(card("2025-03-01", [8] * 14, longest_rest_hours="16")))
    assert [f.conclusion["value"] for f in of_rule(verdict, "art27_double_pay_owed")] == [Decimal(1600)]
    # Fortnights from the contract's start begin 2025-02-22 and 03-08. Each holds one of the
    # weeks (03-01..03-07, 03-08..03-14), less its last day, the day of rest worked: 6 x 8 h =
    # 48 h, within 84. The days of rest are paid once, not again as hours beyond 84.
    assert of_rule(verdict, "art18_overtime_pay_owed") == []
    # Article 23 judges every run of seven days: the runs from 03-01 to 03-08, eight of them
    assert Counter(rules_of(verdict))["art23_day_off_in_every_seven_days"] == 8


def test_holiday_worked_is_a_rest_day_worked(act):
    # 2024-02-12 (Monday) is a Lunar New Year holiday. Worked 8 h with her agreement: one more
    # day's wage, NT$800.
    timecard = card("2024-02-12", [8], longest_rest_hours="16", agreed_to_work_rest_day=True)
    case = wage_case(timecard, assessed_on="2024-03-10")
    case["employment"]["contract"]["start"] = "2023-06-01"
    verdict = act.evaluate(case)
    assert total(verdict) == Decimal(800)
    assert rules_of(verdict) == []


# ---------------------------------------------------------------- Articles 16, 17, 19, 20: the wage


def month(**fields) -> dict:
    entry = {"month": "2025-03-01", "agreed_wage": "28590", "paid_amount": "28590", "paid_on": "2025-04-05"}
    entry.update(fields)
    return entry


def test_no_double_counting(act):
    # Agreed 28,590 (the basic wage of 2025). Legal deductions 1,000, food 2,000, penalty 1,500,
    # travel 500; paid 23,590 = 28,590 - 5,000.
    # Due in her hands: 28,590 - 1,000 = 27,590; received 23,590; short 4,000.
    # Food refunded 2,000 (Art 17); penalty refunded 1,500 (Art 19); unpaid 4,000 - 3,500 = 500
    # (the travel deduction: not paid in full, Art 17). The basic wage: the agreed wage is not
    # below it, so nothing more under Article 16, though Article 16 is breached (23,590 +
    # 1,000 = 24,590 < 28,590). Total 4,000: exactly what she was short.
    wages = [month(legal_deductions="1000", food_deduction="2000", penalty_deduction="1500",
                   travel_deduction="500", paid_amount="23590")]
    verdict = act.evaluate(base_case(wages=wages))
    assert owed(verdict) == {
        ("art17_food_and_lodging_refund_owed", ("employment.wages[0]",)): Decimal(2000),
        ("art19_penalty_deduction_refund_owed", ("employment.wages[0]",)): Decimal(1500),
        ("art17_unpaid_wages_owed", ("employment.wages[0]",)): Decimal(500),
    }
    assert {"art16_wage_floor", "art17_paid_in_full", "art17_no_food_and_lodging_deduction",
            "art19_no_advance_deduction"} <= set(rules_of(verdict))


def test_agreed_wage_below_the_basic_wage(act):
    # Agreed 25,000 in March 2025 (basic wage 28,590), paid in full: 3,590 owed under Art 16.
    verdict = act.evaluate(base_case(wages=[month(agreed_wage="25000", paid_amount="25000")]))
    assert owed(verdict) == {("art16_shortfall_owed", ("employment.wages[0]",)): Decimal(3590)}
    assert "art16_wage_floor" in rules_of(verdict)


def test_a_wage_simply_paid_short_breaches_article_16(act):
    # No deduction shown; paid 20,000 of 28,590: 8,590 unpaid, and below the basic wage.
    verdict = act.evaluate(base_case(wages=[month(paid_amount="20000")]))
    assert owed(verdict) == {("art17_unpaid_wages_owed", ("employment.wages[0]",)): Decimal(8590)}
    assert "art16_wage_floor" in rules_of(verdict)


def test_wage_paid_to_broker(act):
    # Paid in full, but to the broker without her authority: none of it reached her.
    verdict = act.evaluate(base_case(wages=[month(paid_to="broker")]))
    assert owed(verdict) == {("art17_unpaid_wages_owed", ("employment.wages[0]",)): Decimal(28590)}
    assert {"art17_paid_directly", "art16_wage_floor"} <= set(rules_of(verdict))
    # with her authority it reached her
    verdict = act.evaluate(base_case(wages=[month(paid_to="broker", paid_to_with_her_authority=True)]))
    assert owed(verdict) == {}
    assert "art17_paid_directly" not in rules_of(verdict)


def test_part_month_minimum_wage(act):
    # Contract from 2025-03-11: 21 days of March's 31. Basic wage for them 28,590 x 21 / 31 =
    # 19,367.41..., rounded down to 19,367. Paid 19,367: no breach; 19,366: a breach, and no
    # amount under Article 16 (the agreed wage, 19,366, is below: 19,367 - 19,366 = 1 owed).
    case = base_case(wages=[month(agreed_wage="19367", paid_amount="19367")], assessed_on="2025-04-10")
    case["employment"]["contract"]["start"] = "2025-03-11"
    assert "art16_wage_floor" not in rules_of(act.evaluate(case))
    case["employment"]["wages"] = [month(agreed_wage="19366", paid_amount="19366")]
    verdict = act.evaluate(case)
    assert "art16_wage_floor" in rules_of(verdict)
    assert total(verdict) == Decimal(1)


def test_month_before_the_basic_wage_table(act):
    case = base_case(wages=[month(month="2014-06-01", agreed_wage="17000", paid_amount="17000",
                                  paid_on="2014-07-05")], assessed_on="2014-08-01")
    case["employment"]["contract"]["start"] = "2014-01-06"
    verdict = act.evaluate(case)
    assert rules_of(verdict) == []
    # (the case says nothing of pay slips either)
    assert rules_of(verdict, "warning") == ["art16_minimum_wage_unknown", "art17_pay_slip_not_recorded"]


def test_without_a_pay_day_the_wage_is_due_by_the_end_of_the_next_month(act):
    case = base_case(wages=[{"month": "2025-03-01", "agreed_wage": "28590", "paid_amount": "0"}],
                     assessed_on="2025-04-30")
    del case["employment"]["contract"]["pay_day"]
    assert owed(act.evaluate(case)) == {}                     # not yet due on 04-30
    case["employment"]["assessed_on"] = "2025-05-01"
    assert total(act.evaluate(case)) == Decimal(28590)


# ---------------------------------------------------------------- Articles 9, 10, 13, 14: the end


def test_notice_none_or_ten_days_owe_the_same_month(act):
    # Dismissed on an Article 9 ground (the person cared for died) on 2025-04-01: with no
    # notice, or with ten days' written notice, a month's wage (28,590) is owed in lieu.
    for fields in ({"with_notice": False}, {"notice_given_on": "2025-03-22", "notice_in_writing": True}):
        t = termination(ground="care_recipient_died_or_employment_reason_ended", ground_known_on="2025-03-20",
                        airfare_paid_by="employer", **fields)
        verdict = act.evaluate(base_case(termination=t))
        assert [f.conclusion["value"] for f in of_rule(verdict, "art13_wage_in_lieu_owed")] == [Decimal(28590)]
        # an Article 9 ground without notice is an Article 13 breach, not a dismissal on no ground
        assert "art10_no_termination_without_notice_on_other_grounds" not in rules_of(verdict)
        assert "art45_permit_cancelled" not in rules_of(verdict, "penalty")


def test_notice_owed_after_a_dismissal_on_no_ground(act):
    t = termination(with_notice=False, airfare_paid_by="employer")
    verdict = act.evaluate(base_case(termination=t))
    assert [f.conclusion["value"] for f in of_rule(verdict, "art13_wage_in_lieu_owed")] == [Decimal(28590)]
    assert "art45_permit_cancelled" in rules_of(verdict, "penalty")


def test_separation_fee_amount(act):
    # Service 2024-06-01 to 2025-04-01: 10 whole months to 2025-03-31 and the month it ends in:
    # 10 months (2024-06-01 + 10 months = 2025-04-01, on the termination: no part month).
    # 28,590 x 10 / 12 = 23,825.
    t = termination(ground="care_recipient_died_or_employment_reason_ended", ground_known_on="2025-03-01",
                    notice_given_on="2025-03-01", notice_in_writing=True, airfare_paid_by="employer")
    verdict = act.evaluate(base_case(termination=t))
    assert owed(verdict) == {("art14_separation_fee_amount", ()): Decimal(23825)}
    # a day later, a part month counts as a whole one: 11 months, 28,590 x 11 / 12 = 26,207.5
    t["date"] = "2025-04-02"
    verdict = act.evaluate(base_case(termination=t))
    assert owed(verdict)[("art14_separation_fee_amount", ())] == Decimal("26207.5")


def test_article_10_needs_the_absences_and_the_day_it_was_known(act):
    absences = [{"date": d, "justified": False} for d in ("2025-03-10", "2025-03-11", "2025-03-12")]
    t = termination(with_notice=False, ground="absent_without_reason", ground_known_on="2025-03-12",
                    airfare_paid_by="employee")
    lawful = act.evaluate(base_case(termination=t, absences=absences))
    assert owed(lawful) == {}
    assert rules_of(lawful) == []
    assert "art10_lawfulness_undetermined" not in rules_of(lawful, "warning")
    # two days only: the ground fails, a dismissal on no lawful ground
    failed = act.evaluate(base_case(termination=t, absences=absences[:2]))
    assert "art10_no_termination_without_notice_on_other_grounds" in rules_of(failed)
    assert owed(failed)[("art13_wage_in_lieu_owed", ())] == Decimal(28590)
    # no absences recorded, or no day it became known: undetermined, nothing presumed
    for case in (base_case(termination=t), base_case(termination={**t, "ground_known_on": None}, absences=absences)):
        if case["employment"]["termination"].get("ground_known_on") is None:
            del case["employment"]["termination"]["ground_known_on"]
        verdict = act.evaluate(case)
        assert "art10_lawfulness_undetermined" in rules_of(verdict, "warning")
        assert owed(verdict) == {}
        assert "separation_fee_due" not in verdict.values


def test_unsigned_mutual_termination_is_the_employers(act):
    t = {"by": "mutual_agreement", "date": "2025-04-01"}
    verdict = act.evaluate(base_case(termination=t))
    assert "art13_agreement_before_authority" in rules_of(verdict, "obligation")   # a duty, not her breach
    assert "art10_no_termination_without_notice_on_other_grounds" in rules_of(verdict)
    assert owed(verdict)[("art13_wage_in_lieu_owed", ())] == Decimal(28590)
    signed = dict(t, agreement_signed_before_authority=True, agreement_in_both_mother_tongues=True)
    assert owed(act.evaluate(base_case(termination=signed))) == {}


# ---------------------------------------------------------------- Article 25 and the tables


def test_annual_leave_follows_the_labor_standards_act(act):
    # 14 days at 9 years, 15 at 10, 16 at 11, 30 at 25 and after
    for years, expected in ((9, 14), (10, 15), (11, 16), (24, 29), (25, 30), (30, 30)):
        case = base_case(assessed_on=f"{2024 + years}-06-01")
        assert act.evaluate(case).values["annual_leave_days"] == expected, years


def test_holiday_table_edges(act):
    # 2019: outside the table, a warning; 2027-02-09 (a make-up day of Lunar New Year, not
    # confirmed): counted as a holiday, with a warning on it.
    case = base_case(timecard=card("2019-12-31", [8], longest_rest_hours="16"), assessed_on="2020-01-10")
    case["employment"]["contract"]["start"] = "2019-06-01"
    assert rules_of(act.evaluate(case), "warning") == ["art17_no_wage_entries", "art18_month_without_wage_entry",
                                                       "art26_holiday_table_does_not_cover"]
    case = base_case(timecard=card("2027-02-09", [8], longest_rest_hours="16", agreed_to_work_rest_day=True),
                     assessed_on="2027-02-20")
    verdict = act.evaluate(case)
    assert "art26_holiday_not_confirmed" in rules_of(verdict, "warning")
    # one more day's wage at the contract's 28,590: 953
    assert total(verdict) == Decimal(953)


# ---------------------------------------------------------------- properties


HOURS = st.integers(min_value=0, max_value=96).map(lambda q: Decimal(q) / 4)   # 0 to 24 h by quarters


def three_forms(start: str, hours: list) -> list[list[dict]]:
    """The same days as hours worked with the rest, as one stretch of work from 06:00, and in the
    older form: the facts are the same, so the answer must be."""
    first = date.fromisoformat(start)
    by_hours, by_periods, older = [], [], []
    for i, h in enumerate(hours):
        d = (first + timedelta(days=i)).isoformat()
        if h == 0:
            for form in (by_hours, by_periods, older):
                form.append({"date": d, "day_off": True})
            continue
        by_hours.append({"date": d, "hours_worked": str(h), "longest_rest_hours": str(24 - h)})
        end = 6 + h
        periods = ([{"start": "6", "end_at": str(end)}] if end <= 24
                   else [{"start": "0", "end_at": str(end - 24)}, {"start": "6", "end_at": "24"}])
        by_periods.append({"date": d, "work_periods": periods})
        older.append({"date": d, "regular_hours": str(h), "longest_rest_hours": str(24 - h)})
    return [by_hours, by_periods, older]


def answer(verdict) -> tuple:
    return (sorted((f.kind, f.rule, tuple(sorted(f.binding.items())), str(f.conclusion.get("value")))
                   for f in verdict.findings))


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(HOURS, min_size=1, max_size=16))
def test_forms_of_a_day_agree(act, hours):
    consent = {"overtime_urgent_need": True, "overtime_consented": True}
    answers = []
    for form in three_forms("2025-03-03", hours):
        for day in form:
            if not day.get("day_off"):
                day.update(consent)
        answers.append(answer(act.evaluate(base_case(timecard=form), trace=False)))
    assert answers[0] == answers[1] == answers[2]


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(HOURS, HOURS), min_size=1, max_size=16))
def test_more_hours_never_lower_what_is_owed(act, pairs):
    fewer = [min(a, b) for a, b in pairs]
    more = [max(a, b) for a, b in pairs]
    wages = [month(month="2025-03-01")]
    totals = []
    for hours in (fewer, more):
        timecard = three_forms("2025-03-03", hours)[0]
        totals.append(total(act.evaluate(base_case(timecard=timecard, wages=wages), trace=False)))
    assert totals[0] <= totals[1]


@settings(max_examples=examples(25), deadline=None)
@given(st.one_of(st.just(0), st.integers(min_value=1000, max_value=60000)), st.integers(min_value=0, max_value=60000))
def test_amounts_are_exact(act, agreed, paid):
    # (an agreed wage of NT$1 to NT$999 is refused as mistyped: see the test after this one)
    verdict = act.evaluate(base_case(wages=[month(agreed_wage=str(agreed), paid_amount=str(paid))]), trace=False)
    for value in owed(verdict).values():
        assert isinstance(value, Decimal)
    # what was short of the agreed wage (unpaid, Art 17) and what the agreed wage, or the pay if
    # more, was short of the basic wage of 28,590 (Art 16) are owed: no more, no less
    expected = max(agreed, 28590) - paid if paid <= agreed else max(28590 - paid, 0)
    assert total(verdict) == Decimal(expected)



@settings(max_examples=examples(25), deadline=None)
@given(st.integers(min_value=1, max_value=999))
def test_an_agreed_wage_of_a_few_dollars_is_refused_as_mistyped(act, agreed):
    with pytest.raises(HsaError, match="an agreed wage below NT\\$1,000 is surely mistyped"):
        act.evaluate(base_case(wages=[month(agreed_wage=str(agreed), paid_amount="0")]), trace=False)


# ---------------------------------------------------------------- unknown is not false


def test_agreement_to_work_a_day_of_rest_not_said(act):
    # 2025-04-04 (Tomb Sweeping Day) worked, agreement not said: not judged, a warning; the day's
    # wage more is owed either way (28,590 / 30 = 953)
    timecard = card("2025-04-04", [8], longest_rest_hours="16")
    verdict = act.evaluate(base_case(timecard=timecard, assessed_on="2025-04-10"))
    assert "art26_no_work_on_national_holidays" not in rules_of(verdict)
    assert "art27_agreement_not_recorded" in rules_of(verdict, "warning")
    assert total(verdict) == Decimal(953)
    timecard[0]["agreed_to_work_rest_day"] = False
    verdict = act.evaluate(base_case(timecard=timecard, assessed_on="2025-04-10"))
    assert "art26_no_work_on_national_holidays" in rules_of(verdict)
    assert "art27_agreement_not_recorded" not in rules_of(verdict, "warning")


def test_notice_whose_form_is_not_said(act):
    # notice a month ahead (2025-03-01 for 2025-04-01), whether in writing not said: the notice
    # duty is not judged and nothing is owed in lieu yet; a warning says a month's wage would be
    t = termination(ground="care_recipient_died_or_employment_reason_ended", ground_known_on="2025-02-28",
                    notice_given_on="2025-03-01", airfare_paid_by="employer")
    verdict = act.evaluate(base_case(termination=t))
    assert "art13_one_month_notice" not in rules_of(verdict)
    assert "art13_notice_writing_not_recorded" in rules_of(verdict, "warning")
    assert "wage_in_lieu_of_notice_owed" not in verdict.values
    # oral notice, said so: a month's wage in lieu, 28,590
    verdict = act.evaluate(base_case(termination={**t, "notice_in_writing": False}))
    assert "art13_one_month_notice" in rules_of(verdict)
    assert verdict.values["wage_in_lieu_of_notice_owed"] == Decimal(28590)


def test_what_was_paid_not_said(act):
    # March's entry gives no amount paid: the month's wage is not judged (no breach of Arts.
    # 16, 17 presumed), a warning says so; an hour beyond 8 on 03-03 is owed as if nothing had
    # been paid for it, 28,590 / 240 x 1.5 = 178.6875, without a breach of Article 18 presumed
    entry = {"month": "2025-03-01", "paid_on": "2025-04-05"}
    timecard = card("2025-03-03", [9], longest_rest_hours="15")
    verdict = act.evaluate(base_case(wages=[entry], timecard=timecard))
    assert "art17_payment_not_recorded" in rules_of(verdict, "warning")
    assert not {"art16_wage_floor", "art17_paid_in_full", "art18_overtime_premium"} & set(rules_of(verdict))
    assert owed(verdict) == {("art18_overtime_pay_owed", ("employment.timecard 2025-03-01..2025-03-31",)):
                             Decimal("178.6875")}


def test_overlapping_leave_requests_are_refused(act):
    # 03-10 for 3 days covers 03-10..03-12; a request from 03-12 overlaps it, one from 03-13 does not

    first = {"start": "2025-03-10", "length": 3, "reason": "sickness"}
    act.validate(base_case(leave_requests=[first, {"start": "2025-03-13", "length": 1, "reason": "sickness"}]))
    with pytest.raises(HsaError) as info:
        act.validate(base_case(leave_requests=[first, {"start": "2025-03-12", "length": 2, "reason": "sickness"}]))
    assert "two leave requests overlap" in info.value.render()
