"""The shipped act's rules at the edges of their readings (each reading is written at its rule)."""

from datetime import date as date_
from decimal import Decimal

import pytest

from helpers import base_case, days, rules_of, termination


# ---------------------------------------------------------------- Article 22: hours and rest


@pytest.mark.parametrize("hours, breach", [("8", False), ("8.25", True), ("7.5", False), ("12", True)])
def test_eight_regular_hours_a_day(act, hours, breach):
    verdict = act.evaluate(base_case(timecard=days("2025-03-03", 1, regular_hours=hours)))
    assert ("art22_daily_regular_hours" in rules_of(verdict)) is breach


@pytest.mark.parametrize("rest, breach", [("10", False), ("9.75", True), ("16", False)])
def test_ten_consecutive_hours_of_rest(act, rest, breach):
    verdict = act.evaluate(base_case(timecard=days("2025-03-03", 1, longest_rest_hours=rest)))
    assert ("art22_ten_hours_consecutive_rest" in rules_of(verdict)) is breach


def test_84_hours_in_two_weeks_counted_from_the_contract_start(act):
    # contract from 2024-06-01: fortnights start on 2025-02-22 and 2025-03-08; 7 h a day, a day
    # off each Sunday: 12 days x 7 h = 84 hours, within the limit; a half hour more, over it
    timecard = days("2025-02-22", 14, regular_hours="7") + days("2025-03-08", 14, regular_hours="7")
    for entry in timecard:
        if entry["date"] in ("2025-02-23", "2025-03-02", "2025-03-09", "2025-03-16"):
            entry.update(regular_hours="0", day_off=True)
    timecard[-1]["regular_hours"] = "7.5"                          # 2025-03-21: 84.5 hours
    verdict = act.evaluate(base_case(timecard=timecard))
    breaches = [f for f in verdict.violations if f.rule == "art22_two_weekly_regular_hours"]
    assert [f.binding["fortnight"] for f in breaches] == ["employment.timecard 2025-03-08..2025-03-21"]
    assert breaches[0].trace["steps"][-1]["operands"] == [Decimal("84.5"), Decimal(84)]


def test_overtime_limits_day_week_month(act):
    # 6 h of the day's work and 2 h woken in the rest: 8 h of work, 2 h of it extended
    timecard = days("2025-03-03", 7, regular_hours="6", overtime_hours="2", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    verdict = act.evaluate(base_case(timecard=timecard))
    # 14 h in the week, and seven days without a day off
    assert rules_of(verdict) == ["art22_weekly_overtime", "art23_day_off_in_every_seven_days"]
    timecard = days("2025-03-03", 1, regular_hours="5.5", overtime_hours="2.5", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    assert rules_of(act.evaluate(base_case(timecard=timecard))) == ["art22_daily_overtime"]
    # 2 h every day of March but a day off each Sunday: 10-12 h a week, 50 h in the month
    timecard = days("2025-03-01", 31, overtime_hours="2", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    for day in timecard:
        if day["date"] in ("2025-03-02", "2025-03-09", "2025-03-16", "2025-03-23", "2025-03-30"):
            day.update(regular_hours=0, overtime_hours=0, day_off=True)
    verdict = act.evaluate(base_case(timecard=timecard))
    assert "art22_monthly_overtime" in rules_of(verdict)


def test_work_in_rest_hours_needs_urgency_and_consent(act):
    for urgent, consent, breach in [(True, True, False), (True, False, True), (False, True, True)]:
        timecard = days("2025-03-03", 1, overtime_hours="1", longest_rest_hours="10",
                        overtime_urgent_need=urgent, overtime_consented=consent)
        verdict = act.evaluate(base_case(timecard=timecard))
        assert ("art22_work_in_rest_hours" in rules_of(verdict)) is breach


# ---------------------------------------------------------------- Article 23: a day off in seven


def test_seven_working_days_in_a_row_breach_article_23(act):
    timecard = days("2025-03-03", 6) + days("2025-03-09", 1, regular_hours=0, day_off=True) + days("2025-03-10", 6)
    assert "art23_day_off_in_every_seven_days" not in rules_of(act.evaluate(base_case(timecard=timecard)))
    timecard = days("2025-03-03", 7)
    verdict = act.evaluate(base_case(timecard=timecard))
    assert [f.binding["stretch"] for f in verdict.violations if f.rule.startswith("art23")] == [
        "employment.timecard 2025-03-03..2025-03-09"]


def test_seven_days_are_judged_only_when_all_are_recorded(act):
    timecard = days("2025-03-03", 3) + days("2025-03-07", 4)   # 6 March is missing
    assert "art23_day_off_in_every_seven_days" not in rules_of(act.evaluate(base_case(timecard=timecard)))


# ---------------------------------------------------------------- Article 25: annual leave


@pytest.mark.parametrize("start, days_owed", [
    ("2024-03-02", None),   # 364 days of service: under a year
    ("2024-03-01", 7),      # exactly one year: "more than one year" read as one year or more
    ("2022-03-02", 7),      # two years and 364 days
    ("2022-03-01", 10),     # exactly three years
    ("2020-03-01", 14),     # five
    ("2015-03-02", 14),     # nine years and 364 days
    ("2015-03-01", 15),     # exactly ten: the Labor Standards Act's scale gives 15
    ("2014-03-01", 16),     # eleven
    ("2001-03-01", 29),     # twenty-four
    ("2000-03-01", 30),     # twenty-five: the maximum reached
    ("1999-03-01", 30),     # twenty-six
    ("1980-03-01", 30),     # forty-five: still the maximum
])
def test_annual_leave_scale(act, start, days_owed):
    case = base_case(assessed_on="2025-03-01")
    case["employment"]["contract"]["start"] = start
    verdict = act.evaluate(case)
    assert verdict.values.get("annual_leave_days") == days_owed


def test_annual_leave_never_decreases_with_service(act):
    previous = 0
    for years in range(0, 40):
        case = base_case(assessed_on="2025-03-01")
        case["employment"]["contract"]["start"] = f"{2025 - years}-03-01"
        owed = act.evaluate(case, trace=False).values.get("annual_leave_days", 0)
        assert previous <= owed <= 30
        previous = owed


def test_leave_granted_below_the_scale(act):
    case = base_case(assessed_on="2025-03-01", annual_leave_granted=9)
    case["employment"]["contract"]["start"] = "2022-03-01"
    assert rules_of(act.evaluate(case)) == ["art25_leave_granted"]
    case["employment"]["annual_leave_granted"] = 10
    assert rules_of(act.evaluate(case)) == []


# ---------------------------------------------------------------- Articles 16-19: wages


def wage(month="2025-03-01", **fields):
    out = {"month": month, "agreed_wage": "28590", "paid_amount": "28590", "paid_on": "2025-04-05",
           "payslip_given": True, "payslip_language": "indonesian", "payslip_signed_by_both": True}
    out.update(fields)
    return out


def test_a_wage_paid_properly_breaches_nothing(act):
    assert rules_of(act.evaluate(base_case(wages=[wage()]))) == []


@pytest.mark.parametrize("month, agreed, breach", [
    ("2024-12-01", "27470", False),   # the 2024 minimum, in 2024
    ("2025-01-01", "28590", False),   # the 2025 minimum, from 1 January 2025
    ("2025-01-01", "28589", True),    # one dollar short
    ("2025-01-01", "27470", True),    # the old minimum after the change
])
def test_minimum_wage_follows_the_date(act, month, agreed, breach):
    w = wage(month=month, agreed_wage=agreed, paid_amount=agreed, paid_on=None)
    verdict = act.evaluate(base_case(wages=[w]))
    assert ("art16_wage_floor" in rules_of(verdict)) is breach


def test_deductions_push_the_wage_under_the_minimum(act):
    w = wage(food_deduction="2500", other_deductions="500", paid_amount="25590")
    verdict = act.evaluate(base_case(wages=[w]))
    assert rules_of(verdict) == ["art16_wage_floor", "art17_no_food_and_lodging_deduction", "art17_paid_in_full"]
    # 3,000 short of the agreed wage: 2,500 of food refunded, 500 unpaid; the agreed wage is the
    # basic wage, so nothing more under Article 16
    owed = {f.rule: f.conclusion["value"] for f in verdict.of_kind("entitlement")}
    assert owed == {"art17_food_and_lodging_refund_owed": Decimal(2500), "art17_unpaid_wages_owed": Decimal(500)}


def test_wages_paid_to_a_broker_and_late(act):
    w = wage(paid_to="broker", paid_on="2025-04-06")
    # none of it reached her: not directly, not in full, below the basic wage, and late
    assert rules_of(act.evaluate(base_case(wages=[w]))) == ["art16_wage_floor", "art17_paid_directly",
                                                            "art17_paid_in_full", "art17_paid_monthly_on_time"]


def test_an_unpaid_wage_is_late_only_after_the_pay_day(act):
    w = wage(paid_on=None)
    assert rules_of(act.evaluate(base_case(wages=[w], assessed_on="2025-04-05"))) == []
    assert rules_of(act.evaluate(base_case(wages=[w], assessed_on="2025-04-06"))) == ["art17_paid_monthly_on_time"]


def test_pay_day_31_in_a_short_month(act):
    case = base_case(wages=[wage(month="2025-01-01", paid_on="2025-02-28")])
    case["employment"]["contract"]["pay_day"] = 31
    assert rules_of(act.evaluate(case)) == []


def test_pay_slip_in_a_language_the_worker_does_not_read(act):
    verdict = act.evaluate(base_case(wages=[wage(payslip_language="mandarin")]))
    assert rules_of(verdict) == ["art17_pay_slip"]


def test_overtime_premium_is_one_and_a_half_times_the_hourly_wage(act):
    # NT$28,590 / 240 = NT$119.125 an hour; 1.5 × that × 4 h = NT$714.75 (6 h of the day's work
    # and 2 h woken in the rest, two days: 2 h of extended time each)
    timecard = days("2025-03-03", 2, regular_hours="6", overtime_hours="2", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    verdict = act.evaluate(base_case(timecard=timecard, wages=[wage(overtime_pay="714.75", paid_amount="29304.75")]))
    assert rules_of(verdict) == []
    verdict = act.evaluate(base_case(timecard=timecard, wages=[wage(overtime_pay="700", paid_amount="29290")]))
    assert rules_of(verdict) == ["art18_overtime_premium"]
    assert [f.conclusion["value"] for f in verdict.of_kind("entitlement")] == [Decimal("14.75")]


def test_advance_deduction_as_a_penalty(act):
    w = wage(penalty_deduction="5000", paid_amount="23590")
    assert "art19_no_advance_deduction" in rules_of(act.evaluate(base_case(wages=[w])))


# ---------------------------------------------------------------- Articles 9, 10, 13, 14: termination


def test_dismissal_for_pregnancy_is_not_an_article_9_ground(act):
    case = base_case(termination=termination(ground="pregnancy", notice_given_on="2025-03-01", notice_in_writing=True))
    verdict = act.evaluate(case)
    # Article 30 forbids the same dismissal on its own account
    assert rules_of(verdict) == ["art30_no_dismissal_for_marriage_or_pregnancy", "art9_no_termination_on_other_grounds"]
    assert verdict.values["separation_fee_due"] is True
    assert verdict.values["return_airfare_payer"] == "employer"


@pytest.mark.parametrize("notice, late", [("2025-03-03", False), ("2025-03-04", True)])
def test_thirty_days_to_give_notice_under_article_9(act, notice, late):
    # learned on 1 February: the 30 days end on 3 March; the termination follows a month later
    case = base_case(termination=termination(ground="incompetent_for_duties", ground_known_on="2025-02-01",
                                              notice_given_on=notice, notice_in_writing=True, date="2025-04-05"))
    verdict = act.evaluate(case)
    assert ("art9_act_within_30_days" in rules_of(verdict)) is late
    assert ("permission", "art9_termination_on_listed_grounds") in [(f.kind, f.rule) for f in verdict.findings]


@pytest.mark.parametrize("notice, in_writing, paid, breach, owed", [
    ("2025-03-01", True, "0", False, None),        # exactly a calendar month ahead, in writing
    ("2025-03-02", True, "0", True, "28590"),      # a day short
    ("2025-02-01", False, "0", True, "28590"),     # oral notice: the Chinese asks for writing
    ("2025-03-20", True, "28590", False, None),    # short notice, but a month's wage paid instead
])
def test_one_month_notice_or_a_months_wage(act, notice, in_writing, paid, breach, owed):
    case = base_case(termination=termination(ground="care_recipient_died_or_employment_reason_ended",
                                              notice_given_on=notice, notice_in_writing=in_writing,
                                              wage_in_lieu_paid=paid))
    verdict = act.evaluate(case)
    assert ("art13_one_month_notice" in rules_of(verdict)) is breach
    assert verdict.values.get("wage_in_lieu_of_notice_owed") == (Decimal(owed) if owed is not None else None)


ABSENT = [{"date": d, "justified": False} for d in ("2025-03-12", "2025-03-13", "2025-03-14")]


def test_lawful_dismissal_without_notice(act):
    case = base_case(termination=termination(with_notice=False, ground="absent_without_reason",
                                              ground_known_on="2025-03-15"), absences=ABSENT)
    verdict = act.evaluate(case)
    assert rules_of(verdict) == []
    assert verdict.values["separation_fee_due"] is False
    assert verdict.values["return_airfare_payer"] == "employee"
    assert verdict.conflicts == ()


def test_dismissal_without_notice_on_another_ground(act):
    case = base_case(termination=termination(with_notice=False, ground="complaint_filed"))
    verdict = act.evaluate(case)
    # a dismissal for a complaint is also retaliation (Article 41 paragraph 2), and without notice
    # a month's wage is owed in lieu (Article 13)
    assert rules_of(verdict) == ["art10_no_termination_without_notice_on_other_grounds",
                                 "art13_one_month_notice", "art41_no_dismissal_for_complaint"]
    assert verdict.values["separation_fee_due"] is True
    assert verdict.values["return_airfare_payer"] == "employer"


def test_the_thirty_days_do_not_apply_to_a_ground_article_9_does_not_list(act):
    case = base_case(termination=termination(ground="pregnancy", ground_known_on="2024-12-01",
                                              notice_given_on="2025-03-01", notice_in_writing=True))
    assert rules_of(act.evaluate(case)) == ["art30_no_dismissal_for_marriage_or_pregnancy",
                                            "art9_no_termination_on_other_grounds"]


def test_a_late_article_10_dismissal_keeps_the_fee_and_the_employer_pays_the_airfare(act):
    absent = [{"date": d, "justified": False} for d in ("2025-02-11", "2025-02-12", "2025-02-13")]
    case = base_case(termination=termination(with_notice=False, ground="absent_without_reason",
                                              ground_known_on="2025-02-14", date="2025-03-17"), absences=absent)
    verdict = act.evaluate(case)
    # too late to be "pursuant to Article 10": no notice given, so a month's wage in lieu too
    assert rules_of(verdict) == ["art10_act_within_30_days", "art13_one_month_notice"]
    assert verdict.values["separation_fee_due"] is True
    assert verdict.values["return_airfare_payer"] == "employer"
    case["employment"]["termination"]["date"] = "2025-03-16"   # the 30th day: in time
    verdict = act.evaluate(case)
    assert rules_of(verdict) == []
    assert verdict.values["separation_fee_due"] is False
    assert verdict.values["return_airfare_payer"] == "employee"


def test_service_counts_from_the_first_contract(act):
    case = base_case(assessed_on="2025-03-01", service_start="2019-03-01")
    case["employment"]["contract"]["start"] = "2024-03-01"
    assert act.evaluate(case).values["annual_leave_days"] == 14


def test_no_fee_after_an_unremedied_breach(act):
    case = base_case(termination=termination(ground="breach_of_work_standards_not_remedied",
                                              notice_given_on="2025-03-01", notice_in_writing=True))
    verdict = act.evaluate(case)
    assert verdict.values["separation_fee_due"] is False
    # the general rule is overridden, so it gives no finding of its own
    assert not [f for f in verdict.findings if f.rule == "art14_separation_fee_on_termination_by_employer"]
    exceptions = [f for f in verdict.findings if f.rule == "art14_no_fee_after_unremedied_breach"]
    assert exceptions and exceptions[0].conclusion["value"] is False


def test_mutual_termination_must_be_signed_before_the_authority(act):
    case = base_case(termination=termination(by="mutual_agreement", with_notice=False))
    verdict = act.evaluate(case)
    # not taken effect: signing is a duty of both, not a breach by the worker; the work ended,
    # so it is the employer's termination, without notice and on no lawful ground
    assert rules_of(verdict, "obligation") == ["art13_agreement_before_authority", "art9_employer_owes_airfare"]
    assert rules_of(verdict) == ["art10_no_termination_without_notice_on_other_grounds", "art13_one_month_notice"]
    assert verdict.values["termination_by_agreement_effective"] is False
    case = base_case(termination=termination(by="mutual_agreement", with_notice=False,
                                              agreement_signed_before_authority=True,
                                              agreement_in_both_mother_tongues=True))
    verdict = act.evaluate(case)
    assert rules_of(verdict) == []
    assert verdict.values["termination_by_agreement_effective"] is True


# ---------------------------------------------------------------- Article 22: rest from periods of work


def periods_day(*periods, regular):
    return {"date": "2025-03-03", "regular_hours": regular,
            "work_periods": [{"start": s, "end_at": e} for s, e in periods]}


def test_rest_follows_from_the_periods_of_work(act):
    # 07:00-12:00 and 13:00-19:00: from 19:00 to 07:00 the next day is 12 hours of rest
    ok = periods_day((7, 12), (13, 19), regular=11)
    verdict = act.evaluate(base_case(timecard=[ok]))
    assert "art22_ten_hours_consecutive_rest" not in rules_of(verdict)
    # 06:00-12:00, 13:00-17:00 and 20:00-23:00 (a night round): the longest rest is 23:00-06:00, 7 hours
    broken = periods_day((6, 12), (13, 17), (20, 23), regular="13")
    verdict = act.evaluate(base_case(timecard=[broken]))
    finding = next(f for f in verdict.violations if f.rule == "art22_ten_hours_consecutive_rest")
    step = next(s for s in finding.trace["steps"] if s["text"] == "longest_rest(day) < consecutive_rest_hours")
    assert step["operands"] == [Decimal(7), Decimal(10)]


def test_a_day_whose_rest_is_not_shown_is_not_judged(act):
    day = {"date": "2025-03-03", "regular_hours": 8}
    assert "art22_ten_hours_consecutive_rest" not in rules_of(act.evaluate(base_case(timecard=[day])))


def test_periods_of_work_are_checked_against_the_hours(act):
    from hsa_dsl.errors import HsaError

    for day, message in [
        (periods_day((7, 12), (11, 15), regular=9), "two periods of work overlap"),
        (periods_day((7, 12), regular=8), "the periods of work do not add up to the day's regular and overtime hours"),
        (periods_day((12, 7), regular=5), "a period of work ends after it starts"),
    ]:
        with pytest.raises(HsaError) as info:
            act.validate(base_case(timecard=[day]))
        assert message in info.value.render()


# ---------------------------------------------------------------- helpers for the later articles


def kinds(verdict, rule: str) -> list[str]:
    return sorted(f.kind for f in verdict.findings if f.rule == rule)


def penalties(verdict) -> list[str]:
    return rules_of(verdict, "penalty")


def day(date, hours="8", **fields):
    out = {"date": date, "regular_hours": hours, "longest_rest_hours": "12"}
    out.update(fields)
    return out


# ---------------------------------------------------------------- Article 2: definitions


@pytest.mark.parametrize("actor, attributed", [
    ("care_recipient", True), ("family_member", True), ("delegate", True),
    ("employer_of_record", None),   # the employer himself: nothing to attribute
    ("broker", None), ("third_person", None),
])
def test_who_counts_as_the_employer(act, actor, attributed):
    incident = {"date": "2025-03-03", "kind": "sexual_harassment", "by": actor}
    verdict = act.evaluate(base_case(incidents=[incident]))
    assert verdict.values.get("household_conduct_attributed_to_employer") is attributed
    # and the employer answers for the conduct of the whole employer's side under Article 32
    employer_side = actor in ("care_recipient", "family_member", "delegate", "employer_of_record")
    assert ("art32_no_sexual_harassment" in rules_of(verdict)) is employer_side


def test_regular_allowances_are_part_of_the_month_of_wage_in_lieu_of_notice(act):
    case = base_case(termination=termination(ground="care_recipient_died_or_employment_reason_ended"))
    case["employment"]["contract"]["regular_allowances"] = "1500"
    verdict = act.evaluate(case)
    assert verdict.values["monthly_wage_as_defined"] == Decimal("30090")
    assert verdict.values["wage_in_lieu_of_notice_owed"] == Decimal("30090")


# ---------------------------------------------------------------- Article 4 and 42: illegal benefits


def test_only_an_unlawful_charge_is_an_illegal_benefit_and_article_42_punishes_it(act):
    charges = [{"date": "2025-01-10", "amount": "1800", "lawful": True}]
    verdict = act.evaluate(base_case(broker_charges=charges))
    assert rules_of(verdict) == [] and penalties(verdict) == []
    charges.append({"date": "2025-02-10", "amount": "20000"})
    verdict = act.evaluate(base_case(broker_charges=charges))
    assert rules_of(verdict) == ["art4_no_illegal_benefit"]
    [penalty] = [f for f in verdict.findings if f.kind == "penalty"]
    assert penalty.rule == "art42_illegal_benefit_penalty"
    assert penalty.conclusion["sanctions"][1]["kind"] == "fine_at_least"
    assert penalty.conclusion["sanctions"][1]["low"] == Decimal(60000)
    assert penalty.conclusion_text == ("any_person faces imprisonment of up to three years, or detention; "
                                       "a fine of at least NT$60,000")


# ---------------------------------------------------------------- Article 5: housing, standards, meals


@pytest.mark.parametrize("living, breaches", [
    ({}, []),
    ({"private_space": False}, ["art5_private_habitable_space"]),
    ({"lives_out": True, "living_out_agreed": True, "rent_paid_by_employer": True, "travel_allowance_paid": True}, []),
    ({"lives_out": True, "living_out_agreed": True, "rent_paid_by_employer": True},
     ["art5_rent_and_travel_allowance"]),
    ({"lives_out": True, "rent_paid_by_employer": True, "travel_allowance_paid": True},
     ["art5_living_out_only_by_agreement"]),
    ({"meals_a_day": 2}, ["art5_three_meals"]),
    ({"meals_a_day": 0, "food_allowance_instead": True}, []),
])
def test_housing_and_meals(act, living, breaches):
    assert rules_of(act.evaluate(base_case(living=living))) == breaches


@pytest.mark.parametrize("foreign, reported, breaches, in_effect", [
    (True, True, [], True),
    (True, False, ["art5_work_standards_reported"], False),
    (False, False, [], True),    # no recruiting permit for a worker who is not foreign
])
def test_work_standards_are_reported_with_the_permit_application(act, foreign, reported, breaches, in_effect):
    case = base_case(work_standards={"in_writing": True, "reported_to_authority": reported})
    case["employment"]["employee"]["foreign"] = foreign
    verdict = act.evaluate(case)
    assert rules_of(verdict) == breaches
    assert verdict.values["work_standards_in_effect"] is in_effect


# ---------------------------------------------------------------- Articles 6, 7 and 44: health and insurance


def test_health_checks_are_paid_by_the_fund_and_the_worker_is_refunded(act):
    checks = [{"date": "2025-01-10", "cost": "1200", "paid_by": "employment_security_fund"},
              {"date": "2025-02-10", "cost": "1500", "paid_by": "employee"}]
    verdict = act.evaluate(base_case(health_checks=checks))
    assert [f.binding["exam"] for f in verdict.violations] == ["employment.health_checks[1]"]
    assert verdict.values["health_check_refund_owed"] == Decimal(1500)


@pytest.mark.parametrize("health_from, breach", [
    ("2024-06-01", False),   # from the contract's first day
    ("2024-05-20", False),   # already insured before it
    ("2024-06-02", True),    # a day late
    (None, True),            # never
])
def test_insured_from_the_first_day(act, health_from, breach):
    insurance = {"labour_insurance_from": "2024-06-01"}
    if health_from:
        insurance["health_insurance_from"] = health_from
    verdict = act.evaluate(base_case(insurance=insurance))
    assert ("art7_health_insurance" in rules_of(verdict)) is breach
    # Article 44 fines it; Article 46 does not fine the same breach again
    assert penalties(verdict) == (["art44_premium_fine_unquantified"] if breach else [])


def test_article_44_fine_is_three_times_the_premiums_counted_in_30_day_months(act):
    # contract from 2024-06-01, assessed 2025-04-10: 313 days uninsured for labour insurance;
    # health insurance from 2024-07-01: 30 days
    insurance = {"health_insurance_from": "2024-07-01", "health_premium_employer_monthly": "1200",
                 "labour_premium_employer_monthly": "600", "losses_while_uninsured": "3000"}
    verdict = act.evaluate(base_case(insurance=insurance))
    premiums = Decimal(1200) * 30 / 30 + Decimal(600) * 313 / 30
    assert verdict.values["unpaid_premiums"] == premiums
    [fine] = [f for f in verdict.findings if f.rule == "art44_premium_fine"]
    assert fine.conclusion["sanctions"][0]["low"] == 3 * premiums
    assert verdict.values["uninsured_loss_compensation"] == Decimal(3000)


def test_the_uninsured_time_ends_with_the_contract(act):
    insurance = {"health_insurance_from": "2024-06-01", "labour_premium_employer_monthly": "600"}
    case = base_case(insurance=insurance, termination=termination(
        ground="care_recipient_died_or_employment_reason_ended", date="2024-07-01"))
    assert act.evaluate(case).values["unpaid_premiums"] == Decimal(600)   # 30 days


# ---------------------------------------------------------------- Article 8: fixed-term contracts


def renewed(previous_start, previous_end, start, end):
    case = base_case(assessed_on="2025-06-30", previous_contract={"start": previous_start, "end_date": previous_end})
    case["employment"]["contract"].update(start=start, end_date=end)
    return case


@pytest.mark.parametrize("previous, current, deemed", [
    # the days between the contracts: 29 is "less than thirty", 30 is not
    (("2024-01-01", "2024-12-31"), ("2025-01-30", "2025-06-30"), True),    # 29 days between
    (("2024-01-01", "2024-12-31"), ("2025-01-31", "2025-06-30"), False),   # 30 days between
    (("2024-01-01", "2024-12-31"), ("2025-01-01", "2025-06-30"), True),    # the next day: none between
    # the two terms together: 91 days is "more than ninety", 90 is not
    (("2025-01-01", "2025-01-31"), ("2025-02-01", "2025-04-01"), True),    # 31 + 60 = 91 days
    (("2025-01-01", "2025-01-31"), ("2025-02-01", "2025-03-31"), False),   # 31 + 59 = 90 days
])
def test_article_8_renewal_after_a_short_gap(act, previous, current, deemed):
    verdict = act.evaluate(renewed(*previous, *current))
    assert verdict.values.get("contract_deemed_non_fixed_term") is (True if deemed else None)


def test_a_contract_without_end_date_runs_to_the_assessment_for_article_8(act):
    case = renewed("2025-01-01", "2025-01-31", "2025-02-01", None)
    del case["employment"]["contract"]["end_date"]
    case["employment"]["assessed_on"] = "2025-04-01"      # 31 + 60 days
    assert act.evaluate(case).values.get("contract_deemed_non_fixed_term") is True
    case["employment"]["assessed_on"] = "2025-03-31"      # 31 + 59 days
    assert act.evaluate(case).values.get("contract_deemed_non_fixed_term") is None


@pytest.mark.parametrize("objected, deemed", [(False, True), (True, False)])
def test_article_8_work_continued_without_objection(act, objected, deemed):
    case = base_case(assessed_on="2025-04-10")
    case["employment"]["contract"].update(end_date="2025-03-31", continued_after_end=True,
                                          employer_objected_at_once=objected)
    assert act.evaluate(case).values.get("contract_deemed_non_fixed_term") is (True if deemed else None)


def test_ending_a_contract_deemed_non_fixed_term_is_a_termination_by_the_employer(act):
    case = base_case(assessed_on="2025-04-10",
                     termination=termination(by="contract_expiry", date="2025-04-05", employee_left_post=True))
    case["employment"]["contract"].update(end_date="2025-03-31", continued_after_end=True)
    verdict = act.evaluate(case)
    assert rules_of(verdict) == ["art13_one_month_notice", "art9_no_termination_on_other_grounds"]
    assert verdict.values["separation_fee_due"] is True
    assert verdict.values["return_airfare_payer"] == "employer"
    assert "pension_eligible" not in verdict.values
    # had the employer objected, the fixed term expired: no fee, no breach
    case["employment"]["contract"]["employer_objected_at_once"] = True
    verdict = act.evaluate(case)
    assert rules_of(verdict) == [] and verdict.values["separation_fee_due"] is False


# ---------------------------------------------------------------- Articles 11, 12 and 15: the worker terminates


def objection(date="2025-02-10", about="belongings_kept", **fields):
    return {"date": date, "about": about, **fields}


@pytest.mark.parametrize("ends_on, remedied_on, about, right", [
    ("2025-03-10", None, "belongings_kept", True),          # exactly a calendar month later
    ("2025-03-09", None, "belongings_kept", False),         # a day short of the month
    ("2025-03-20", "2025-03-15", "belongings_kept", False),  # remedied before she acts
    ("2025-03-20", "2025-03-25", "wages_not_direct_or_in_full", True),  # remedied only afterwards
    ("2025-03-20", None, "other_matter", False),            # not one of the three items
])
def test_article_11_one_month_after_the_objection(act, ends_on, remedied_on, about, right):
    extra = {"remedied_on": remedied_on} if remedied_on else {}
    case = base_case(objections=[objection(about=about, **extra)],
                     termination=termination(by="employee", date=ends_on, transfer_requested=True))
    verdict = act.evaluate(case)
    assert (("permission", "art11_worker_may_terminate_and_transfer") in
            [(f.kind, f.rule) for f in verdict.findings]) is right
    assert verdict.values.get("unemployment_allowance_during_transfer") is (True if right else None)


def test_article_11_right_is_judged_on_the_assessment_day_while_she_still_works(act):
    case = base_case(objections=[objection(date="2025-03-10")], assessed_on="2025-04-10")
    assert kinds(act.evaluate(case), "art11_worker_may_terminate_and_transfer") == ["permission"]
    case["employment"]["assessed_on"] = "2025-04-09"
    assert kinds(act.evaluate(case), "art11_worker_may_terminate_and_transfer") == []


@pytest.mark.parametrize("returns_home, payer", [(True, "employer"), (False, None)])
def test_articles_11_and_12_put_the_airfare_home_on_the_employer(act, returns_home, payer):
    for extra in ({"objections": [objection()]},
                  {"incidents": [{"date": "2025-03-01", "kind": "violence", "by": "family_member"}]}):
        case = base_case(termination=termination(by="employee", date="2025-03-20", returns_home=returns_home),
                         **extra)
        assert act.evaluate(case).values.get("return_airfare_payer") == payer


@pytest.mark.parametrize("presented, kind", [(True, None), (False, "violation"), (None, "obligation")])
def test_article_12_discharge_agreement(act, presented, kind):
    t = termination(by="employee", date="2025-03-20", worker_ground="employer_infectious_disease")
    if presented is not None:
        t["discharge_agreement_presented"] = presented
    verdict = act.evaluate(base_case(termination=t))
    found = kinds(verdict, "art12_discharge_agreement_presented") + kinds(verdict, "art12_discharge_agreement_owed")
    assert found == ([kind] if kind else [])


def test_article_12_needs_one_of_its_grounds(act):
    t = termination(by="employee", date="2025-03-20", worker_ground="personal_reason", transfer_requested=True)
    verdict = act.evaluate(base_case(termination=t))
    assert kinds(verdict, "art12_worker_may_terminate_without_notice") == []
    assert "unemployment_allowance_during_transfer" not in verdict.values


@pytest.mark.parametrize("ground, with_notice, allowance", [
    ("pregnancy", True, True),                    # Article 9 violated
    ("complaint_filed", False, True),             # no ground Article 9 or 10 allows
    ("care_recipient_died_or_employment_reason_ended", True, None),   # lawful: no Article 15
])
def test_article_15_after_a_dismissal_that_breaches_article_9(act, ground, with_notice, allowance):
    t = termination(ground=ground, with_notice=with_notice, transfer_requested=True,
                    notice_given_on="2025-02-28", notice_in_writing=True)
    verdict = act.evaluate(base_case(termination=t))
    assert verdict.values.get("unemployment_allowance_during_transfer") is allowance


# ---------------------------------------------------------------- Articles 20 and 21


def test_wage_arrears_and_the_advance_from_the_fund(act):
    unpaid = wage(paid_on=None, paid_amount="0")                    # March, due 2025-04-05
    order = {"issued_on": "2025-04-06", "deadline": "2025-04-10"}
    verdict = act.evaluate(base_case(wages=[unpaid], arrears_order=order, assessed_on="2025-04-10"))
    assert rules_of(verdict, "permission") == ["art20_authority_may_order_payment"]   # deadline not passed
    verdict = act.evaluate(base_case(wages=[unpaid], arrears_order=order, assessed_on="2025-04-11"))
    assert rules_of(verdict, "permission") == ["art20_authority_may_order_payment", "art20_wage_advance_from_fund"]
    assert verdict.values["wage_arrears"] == Decimal(28590)
    order["complied"] = True
    verdict = act.evaluate(base_case(wages=[unpaid], arrears_order=order, assessed_on="2025-04-11"))
    assert "art20_wage_advance_from_fund" not in rules_of(verdict, "permission")


def test_a_wage_not_yet_due_is_not_in_arrears(act):
    verdict = act.evaluate(base_case(wages=[wage(paid_on=None, paid_amount="0")], assessed_on="2025-04-05"))
    assert rules_of(verdict, "permission") == []


@pytest.mark.parametrize("by, date, eligible", [
    ("contract_expiry", "2025-03-31", True),
    ("employee", "2025-03-20", None),     # left before the end of the term
])
def test_article_21_pension_after_serving_the_whole_term(act, by, date, eligible):
    case = base_case(termination=termination(by=by, date=date, employee_left_post=True))
    case["employment"]["contract"]["end_date"] = "2025-03-31"
    assert act.evaluate(case).values.get("pension_may_be_eligible") is eligible


# ---------------------------------------------------------------- Article 24: educational leave


@pytest.mark.parametrize("hours, owed", [("8", None), ("7.5", "0.5"), ("0", "8")])
def test_eight_hours_of_educational_leave_a_year(act, hours, owed):
    # service from 2024-06-01 to 2025-06-01: one year
    verdict = act.evaluate(base_case(educational_leave_hours_last_year=hours, assessed_on="2025-06-01"))
    assert ("art24_educational_leave" in rules_of(verdict)) is (owed is not None)
    assert verdict.values.get("educational_leave_hours_owed") == (Decimal(owed) if owed else None)


def test_educational_leave_is_judged_after_a_year_of_service(act):
    verdict = act.evaluate(base_case(educational_leave_hours_last_year="0", assessed_on="2025-05-31"))
    assert rules_of(verdict) == []


# ---------------------------------------------------------------- Articles 26-28: holidays and rest days


def test_the_national_holidays_are_weekdays_of_2020_to_2026(act):
    holidays = act.evaluate(base_case(timecard=[day("2025-03-03")])).values["national_holidays_confirmed"]
    # 12 days off in 2020, 13 in 2021 (with 2022's New Year made up on 2021-12-31), 11 in 2022,
    # 12 in 2023, 12 in 2024, 15 in 2025 and 16 in 2026
    assert len(holidays) == 91
    assert {d.year for d in holidays} == {2020, 2021, 2022, 2023, 2024, 2025, 2026}
    # all weekdays, but Labour Day, listed on its date every year (a Saturday in 2021, a Sunday in 2022)
    assert sorted(d for d in holidays if d.weekday() >= 5) == [date_(2021, 5, 1), date_(2022, 5, 1)]
    from datetime import date
    assert date(2025, 1, 27) not in holidays          # a bridge day, worked back on 2025-02-08
    assert {date(2025, 5, 30), date(2026, 2, 20), date(2026, 10, 9)} <= holidays   # make-up days


@pytest.mark.parametrize("date, holiday", [
    ("2025-01-29", True),    # the first day of the Year of the Snake
    ("2025-05-30", True),    # make-up day for the Dragon Boat Festival (Saturday 05-31)
    ("2025-05-31", False),   # the festival's own date, a Saturday
    ("2025-01-27", False),   # a bridge day, not a holiday
    ("2026-02-20", True),    # make-up day for the eve of New Year's Eve (Sunday 02-15)
])
def test_work_on_a_national_holiday_needs_the_workers_agreement(act, date, holiday):
    verdict = act.evaluate(base_case(timecard=[day(date, agreed_to_work_rest_day=False)], assessed_on="2026-12-31"))
    assert ("art26_no_work_on_national_holidays" in rules_of(verdict)) is holiday
    # whether she agreed not said: not judged; a warning on a holiday
    verdict = act.evaluate(base_case(timecard=[day(date)], assessed_on="2026-12-31"))
    assert "art26_no_work_on_national_holidays" not in rules_of(verdict)
    assert ("art27_agreement_not_recorded" in rules_of(verdict, "warning")) is holiday
    verdict = act.evaluate(base_case(timecard=[day(date, agreed_to_work_rest_day=True)], assessed_on="2026-12-31"))
    assert "art26_no_work_on_national_holidays" not in rules_of(verdict)


def test_a_holiday_off_is_no_breach(act):
    verdict = act.evaluate(base_case(timecard=[day("2025-04-04", hours="0", longest_rest_hours="24")]))
    assert rules_of(verdict) == []


@pytest.mark.parametrize("hours, paid, breach, owed", [
    ("8", "953", False, None),       # a day's wage more: 28,590 / 30 = 953
    ("8", "952", True, "1"),
    ("2", "0", True, "953"),          # a whole day's wage more, whatever the hours
])
def test_double_pay_for_a_rest_day_worked(act, hours, paid, breach, owed):
    timecard = [day("2025-03-09", hours=hours, planned_rest="weekly_day_off", agreed_to_work_rest_day=True)]
    w = wage(month="2025-03-01", rest_day_work_pay=paid, paid_amount=str(28590 + int(paid)))
    verdict = act.evaluate(base_case(timecard=timecard, wages=[w]))
    assert rules_of(verdict) == (["art27_double_pay"] if breach else [])
    owed_items = [f.conclusion["value"] for f in verdict.of_kind("entitlement") if f.rule == "art27_double_pay_owed"]
    assert owed_items == ([Decimal(owed)] if owed else [])


@pytest.mark.parametrize("fields, breach", [
    ({"planned_rest": "annual_leave", "agreed_to_work_rest_day": False}, True),
    ({"planned_rest": "weekly_day_off", "agreed_to_work_rest_day": False}, True),
    ({"planned_rest": "weekly_day_off"}, False),   # her agreement not said: a warning instead
    ({"planned_rest": "weekly_day_off", "agreed_to_work_rest_day": True}, False),
    ({}, False),                                   # an ordinary working day
])
def test_no_work_on_days_of_rest_without_agreement(act, fields, breach):
    verdict = act.evaluate(base_case(timecard=[day("2025-03-09", **fields)]))
    assert ("art27_no_work_on_rest_days" in rules_of(verdict)) is breach


def test_an_emergency_suspends_the_holiday_without_conflict(act):
    timecard = [day("2025-10-10", emergency=True, compensatory_rest_on="2025-10-15")]
    w = wage(month="2025-10-01", paid_on="2025-11-05")
    verdict = act.evaluate(base_case(timecard=timecard, wages=[w], assessed_on="2025-11-10"))
    assert verdict.conflicts == ()
    assert rules_of(verdict) == ["art28_double_pay"]            # not Article 26, not Article 27's pay
    owed = {f.rule: f.conclusion["value"] for f in verdict.of_kind("entitlement") if f.conclusion["unit"] == "money"}
    assert owed == {"art28_double_pay_owed": Decimal(953)}     # not also under Article 27
    assert kinds(verdict, "art28_leave_suspended_in_emergency") == ["permission"]
    assert kinds(verdict, "art28_compensatory_rest") == []      # the day off in its place is set


def test_compensatory_rest_is_owed_after_a_suspended_day(act):
    verdict = act.evaluate(base_case(timecard=[day("2025-03-09", planned_rest="annual_leave", emergency=True)]))
    assert kinds(verdict, "art28_compensatory_rest") == ["obligation"]


@pytest.mark.parametrize("made_up, breach", [(True, False), (False, True)])
def test_a_suspended_weekly_day_off_keeps_article_23_only_when_made_up(act, made_up, breach):
    sunday = day("2025-03-09", planned_rest="weekly_day_off", emergency=True)
    if made_up:
        sunday["compensatory_rest_on"] = "2025-03-12"
    timecard = days("2025-03-03", 6) + [sunday]
    verdict = act.evaluate(base_case(timecard=timecard))
    assert ("art28_weekly_day_off_suspended" in rules_of(verdict)) is breach
    assert "art23_day_off_in_every_seven_days" not in rules_of(verdict)


# ---------------------------------------------------------------- Article 29: leave


def leave(start, length, reason, refused=False):
    return {"start": start, "length": length, "reason": reason, "refused": refused}


@pytest.mark.parametrize("taken, breach", [(29, True), (30, False)])
def test_sick_leave_up_to_thirty_days_in_twelve_months(act, taken, breach):
    requests = [leave("2025-01-02", taken, "sickness"), leave("2025-03-20", 1, "sickness", refused=True)]
    assert ("art29_leave_as_the_rules_allow" in rules_of(act.evaluate(base_case(leave_requests=requests)))) is breach


def test_the_sick_leave_year_is_the_twelve_months_before(act):
    requests = [leave("2024-03-20", 30, "sickness"), leave("2025-03-20", 1, "sickness", refused=True)]
    assert rules_of(act.evaluate(base_case(leave_requests=requests))) == ["art29_leave_as_the_rules_allow"]
    requests[0]["start"] = "2024-03-21"
    assert rules_of(act.evaluate(base_case(leave_requests=requests))) == []


@pytest.mark.parametrize("reason", ["marriage", "bereavement_of_great_grandparent_sibling_or_spouses_grandparent",
                                    "personal_affairs"])
def test_refusing_leave_the_rules_allow(act, reason):
    requests = [leave("2025-03-20", 2, reason, refused=True)]
    assert rules_of(act.evaluate(base_case(leave_requests=requests))) == ["art29_leave_as_the_rules_allow"]


# ---------------------------------------------------------------- Articles 30 and 31


def female(**employment):
    case = base_case(**employment)
    case["employment"]["employee"]["gender"] = "female"
    return case


def test_a_resignation_clause_and_a_dismissal_for_childcare(act):
    case = base_case(termination=termination(ground="childcare", with_notice=False))
    case["employment"]["contract"]["resignation_clause"] = True
    verdict = act.evaluate(case)
    assert {"art30_no_resignation_clause", "art30_no_dismissal_for_marriage_or_pregnancy"} <= set(rules_of(verdict))


def test_menstrual_leave_one_day_a_month(act):
    requests = [leave("2025-03-03", 1, "menstruation"),
                leave("2025-03-20", 1, "menstruation", refused=True),    # March's day already taken
                leave("2025-04-01", 1, "menstruation", refused=True),    # April's first: a breach
                leave("2025-05-02", 1, "menstruation", refused=True),    # May's first: a breach ...
                leave("2025-05-09", 1, "menstruation", refused=True)]    # ... and, none granted yet, so is this
    verdict = act.evaluate(female(leave_requests=requests))
    assert sorted(f.binding["r"] for f in verdict.violations) == [
        "employment.leave_requests[2]", "employment.leave_requests[3]", "employment.leave_requests[4]"]
    assert verdict.values["menstrual_leave_days_a_month"] == 1


def test_menstrual_leave_is_a_female_workers_right(act):
    requests = [leave("2025-04-01", 1, "menstruation", refused=True)]
    verdict = act.evaluate(base_case(leave_requests=requests))     # gender not given
    assert rules_of(verdict) == [] and "menstrual_leave_days_a_month" not in verdict.values


@pytest.mark.parametrize("length, breach", [(56, True), (57, False)])
def test_maternity_leave_of_eight_weeks(act, length, breach):
    requests = [leave("2025-03-20", length, "maternity", refused=True)]
    assert ("art31_maternity_leave" in rules_of(act.evaluate(female(leave_requests=requests)))) is breach


# ---------------------------------------------------------------- Articles 32-37


def incident(kind, by="family_member", **fields):
    return {"date": "2025-03-03", "kind": kind, "by": by, **fields}


@pytest.mark.parametrize("fields, breaches", [
    ({"kind": "discrimination", "discrimination_ground": "sex_or_gender"},
     ["art32_no_sexual_harassment", "art34_no_discrimination"]),
    ({"kind": "discrimination", "discrimination_ground": "language"}, ["art34_no_discrimination"]),
    ({"kind": "discrimination", "discrimination_ground": "other_ground"}, []),
    ({"kind": "discrimination"}, []),
    ({"kind": "confinement"}, ["art34_freedom_of_religion_and_social_life"]),
])
def test_gender_discrimination_is_also_sexual_harassment(act, fields, breaches):
    kind = fields.pop("kind")
    assert rules_of(act.evaluate(base_case(incidents=[incident(kind, **fields)]))) == breaches


@pytest.mark.parametrize("serious, punitive", [(True, True), (False, False)])
def test_punitive_damages_need_a_grave_infringement(act, serious, punitive):
    verdict = act.evaluate(base_case(incidents=[incident("violence", serious=serious)]))
    assert ("art35_punitive_damages" in rules_of(verdict, "permission")) is punitive


def test_temporary_care_is_for_a_caretaker_on_leave(act):
    timecard = [day("2025-04-04", hours="0", longest_rest_hours="24")]    # a holiday she had off
    case = base_case(timecard=timecard)
    assert kinds(act.evaluate(case), "art33_temporary_care_service") == []
    case["employment"]["employee"]["role"] = "caretaker"
    assert kinds(act.evaluate(case), "art33_temporary_care_service") == ["permission"]


@pytest.mark.parametrize("fields, sheltered", [
    ({"labour_dispute": True}, True),
    ({"incidents": [incident("sexual_assault", by="third_person")]}, True),
    ({"complaints": [{"date": "2025-03-03", "made_to": "competent_authority", "reports_illegal_use": True}]}, True),
    ({"complaints": [{"date": "2025-03-03", "made_to": "competent_authority"}]}, False),
])
def test_article_37_shelter_situations(act, fields, sheltered):
    verdict = act.evaluate(base_case(**fields))
    assert (kinds(verdict, "art37_temporary_shelter") == ["obligation"]) is sheltered


# ---------------------------------------------------------------- Articles 40, 41, 43, 45, 46


@pytest.mark.parametrize("shown, breach", [(True, True), (False, False)])
def test_refusing_an_inspector_who_showed_the_certificate(act, shown, breach):
    inspection = {"date": "2025-03-03", "certificate_shown": shown, "refused": True}
    verdict = act.evaluate(base_case(inspection=inspection))
    assert ("art40_no_refusal_of_inspection" in rules_of(verdict)) is breach


def test_forced_labour_by_the_household_is_punished_under_article_43(act):
    verdict = act.evaluate(base_case(incidents=[incident("forced_labour", by="care_recipient")]))
    assert penalties(verdict) == ["art43_forced_labour_penalty"]
    assert kinds(verdict, "art12_worker_may_terminate_without_notice") == ["permission"]
    verdict = act.evaluate(base_case(incidents=[incident("forced_labour", by="broker")]))
    assert penalties(verdict) == []


@pytest.mark.parametrize("foreign, cancelled", [(True, True), (False, False)])
def test_article_45_cancels_the_permit_to_employ_a_foreign_worker(act, foreign, cancelled):
    case = base_case(wages=[wage(agreed_wage="28000", paid_amount="28000")])    # under the minimum
    case["employment"]["employee"]["foreign"] = foreign
    assert ("art45_permit_cancelled" in penalties(act.evaluate(case))) is cancelled


@pytest.mark.parametrize("assessed_on, repeated", [("2025-04-10", False), ("2025-04-11", True)])
def test_article_46_repeated_fine_after_the_deadline(act, assessed_on, repeated):
    order = {"issued_on": "2025-03-10", "deadline": "2025-04-10"}
    case = base_case(attendance_records_kept=False, correction_order=order, assessed_on=assessed_on)
    expected = ["art46_fine", "art46_repeated_fine"] if repeated else ["art46_fine"]
    assert penalties(act.evaluate(case)) == expected
