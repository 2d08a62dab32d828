"""The shipped act's rules at the edges of their readings (each reading is written at its rule)."""

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
    # contract from 2024-06-01: fortnights start on 2025-02-22 and 2025-03-08
    timecard = days("2025-02-22", 14, regular_hours="6")          # 84 hours: within the limit
    timecard += days("2025-03-08", 14, regular_hours="6")
    timecard[-1]["regular_hours"] = "6.5"                          # 84.5 hours: over it
    verdict = act.evaluate(base_case(timecard=timecard))
    breaches = [f for f in verdict.violations if f.rule == "art22_two_weekly_regular_hours"]
    assert [f.binding["fortnight"] for f in breaches] == ["employment.timecard 2025-03-08..2025-03-21"]
    assert breaches[0].trace["steps"][-1]["operands"] == [Decimal("84.5"), Decimal(84)]


def test_overtime_limits_day_week_month(act):
    timecard = days("2025-03-03", 7, overtime_hours="2", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    verdict = act.evaluate(base_case(timecard=timecard))
    # 14 h in the week, and seven days without a day off
    assert rules_of(verdict) == ["art22_weekly_overtime", "art23_day_off_in_every_seven_days"]
    timecard = days("2025-03-03", 1, overtime_hours="2.5", longest_rest_hours="10",
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
    ("2015-03-01", 14),     # exactly ten: no year "beyond ten" yet
    ("2014-03-01", 15),     # eleven
    ("1999-03-01", 30),     # twenty-six: the maximum
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
    assert verdict.values["minimum_wage_shortfall"] == Decimal(3000)


def test_wages_paid_to_a_broker_and_late(act):
    w = wage(paid_to="broker", paid_on="2025-04-06")
    assert rules_of(act.evaluate(base_case(wages=[w]))) == ["art17_paid_directly", "art17_paid_monthly_on_time"]


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
    # NT$28,590 / 240 = NT$119.125 an hour; 1.5 × that × 4 h = NT$714.75
    timecard = days("2025-03-03", 2, overtime_hours="2", longest_rest_hours="10",
                    overtime_urgent_need=True, overtime_consented=True)
    verdict = act.evaluate(base_case(timecard=timecard, wages=[wage(overtime_pay="714.75", paid_amount="29304.75")]))
    assert rules_of(verdict) == []
    verdict = act.evaluate(base_case(timecard=timecard, wages=[wage(overtime_pay="700", paid_amount="29290")]))
    assert rules_of(verdict) == ["art18_overtime_premium"]
    assert verdict.values["overtime_pay_owed"] == Decimal("14.75")


def test_advance_deduction_as_a_penalty(act):
    w = wage(penalty_deduction="5000", paid_amount="23590")
    assert "art19_no_advance_deduction" in rules_of(act.evaluate(base_case(wages=[w])))


# ---------------------------------------------------------------- Articles 9, 10, 13, 14: termination


def test_dismissal_for_pregnancy_is_not_an_article_9_ground(act):
    case = base_case(termination=termination(ground="pregnancy", notice_given_on="2025-03-01", notice_in_writing=True))
    verdict = act.evaluate(case)
    assert rules_of(verdict) == ["art9_no_termination_on_other_grounds"]
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
    ("2025-03-20", True, "28590", False, "0"),     # short notice, but a month's wage paid instead
])
def test_one_month_notice_or_a_months_wage(act, notice, in_writing, paid, breach, owed):
    case = base_case(termination=termination(ground="care_recipient_died_or_employment_reason_ended",
                                              notice_given_on=notice, notice_in_writing=in_writing,
                                              wage_in_lieu_paid=paid))
    verdict = act.evaluate(case)
    assert ("art13_one_month_notice" in rules_of(verdict)) is breach
    assert verdict.values.get("wage_in_lieu_of_notice_owed") == (Decimal(owed) if owed is not None else None)


def test_lawful_dismissal_without_notice(act):
    case = base_case(termination=termination(with_notice=False, ground="absent_without_reason",
                                              ground_known_on="2025-03-15"))
    verdict = act.evaluate(case)
    assert rules_of(verdict) == []
    assert verdict.values["separation_fee_due"] is False
    assert verdict.values["return_airfare_payer"] == "employee"
    assert verdict.conflicts == ()


def test_dismissal_without_notice_on_another_ground(act):
    case = base_case(termination=termination(with_notice=False, ground="complaint_filed"))
    verdict = act.evaluate(case)
    assert rules_of(verdict) == ["art10_no_termination_without_notice_on_other_grounds"]
    assert verdict.values["separation_fee_due"] is True
    assert verdict.values["return_airfare_payer"] == "employer"


def test_the_thirty_days_do_not_apply_to_a_ground_article_9_does_not_list(act):
    case = base_case(termination=termination(ground="pregnancy", ground_known_on="2024-12-01",
                                              notice_given_on="2025-03-01", notice_in_writing=True))
    assert rules_of(act.evaluate(case)) == ["art9_no_termination_on_other_grounds"]


def test_a_late_article_10_dismissal_keeps_the_fee_and_the_employer_pays_the_airfare(act):
    case = base_case(termination=termination(with_notice=False, ground="absent_without_reason",
                                              ground_known_on="2025-02-14", date="2025-03-17"))
    verdict = act.evaluate(case)
    assert rules_of(verdict) == ["art10_act_within_30_days"]
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
    assert rules_of(verdict) == ["art13_agreement_before_authority"]
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
    step = next(s for s in finding.trace["steps"] if s["text"] == "longest_rest(day) < 10 h")
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
