"""Validating cases: every problem named by its field path, values kept exact."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest

import hsa_dsl

from hsa_dsl.cases import MAX_LIST_LENGTH, parse_case_text
from hsa_dsl.errors import HsaError

from helpers import base_case, days


def problems(act, case) -> str:
    with pytest.raises(HsaError) as info:
        act.validate(case)
    return info.value.render()


def test_a_valid_case_keeps_exact_values(act):
    wage = {"month": "2025-03-01", "agreed_wage": "28590", "paid_amount": "28590.5"}
    inputs = act.validate(base_case(timecard=days("2025-03-03", 2, regular_hours="7.75"), wages=[wage]))
    day = inputs["employment"]["timecard"][1]
    assert day["regular_hours"] == Decimal("7.75")
    assert day.path == "employment.timecard[1]"
    assert inputs["employment"]["contract"]["monthly_wage"] == Decimal("28590")
    # a fact the case leaves out without a default stays unknown, not 0 or false
    assert day["overtime_hours"] is None and day["hours_worked"] is None
    assert day["day_off"] is False
    # defaults fill only what was left out, as exact rationals where the field holds decimals
    # (the act writes `food_deduction: money ... = 0`), as a 0 given in the case would be
    month = inputs["employment"]["wages"][0]
    assert month["food_deduction"] == Decimal(0) and month["paid_amount"] == Decimal("28590.5")
    assert type(month["food_deduction"]) is Fraction and type(day["regular_hours"]) is Fraction


def test_absurd_hours_are_refused_with_their_path(act):
    case = base_case(timecard=days("2025-03-03", 4))
    case["employment"]["timecard"][3]["regular_hours"] = 25
    message = problems(act, case)
    assert "case: employment.timecard[3].regular_hours: error: 25 is above the most allowed, 24" in message


def test_negative_wage_is_refused(act):
    case = base_case()
    case["employment"]["contract"]["monthly_wage"] = -100
    assert "employment.contract.monthly_wage: error: -100 is below the least allowed, 0" in problems(act, case)


def test_dates_out_of_order_are_refused_by_the_acts_checks(act):
    case = base_case()
    case["employment"]["contract"]["end_date"] = "2024-01-01"
    assert "employment.contract: error: the contract cannot end before it starts" in problems(act, case)
    case = base_case(timecard=days("2025-03-03", 1, regular_hours=16, overtime_hours=4, longest_rest_hours=8))
    assert "work and the longest rest together exceed the 24 hours of a day" in problems(act, case)


def test_every_problem_is_reported_at_once(act):
    case = base_case(timecard=days("2025-03-03", 2))
    case["employment"]["timecard"][0]["regular_hours"] = "eight"
    case["employment"]["timecard"][1]["date"] = "2025-02-30"
    case["employment"]["contract"]["kind"] = "fixed"
    case["employment"]["employee"]["langauges"] = ["tagalog"]
    message = problems(act, case)
    assert "employment.timecard[0].regular_hours: error: expected a number of hours, found 'eight'" in message
    assert "employment.timecard[1].date: error: 2025-02-30 is not a day of the calendar" in message
    assert "employment.contract.kind: error: expected one of fixed_term, non_fixed_term; found 'fixed'" in message
    assert "employment.employee.langauges: error: Employee has no field 'langauges'" in message
    assert "did you mean 'languages'?" in message
    assert message.rstrip().endswith("4 errors")


def test_missing_facts_are_named(act):
    case = base_case()
    del case["employment"]["contract"]["start"]
    del case["employment"]["assessed_on"]
    message = problems(act, case)
    assert "employment.contract.start: error: the case does not give start (date)" in message
    assert "employment.assessed_on: error: the case does not give assessed_on (date)" in message
    assert "'employment'" in problems(act, {})


def test_duplicate_days_are_refused(act):
    case = base_case(timecard=days("2025-03-03", 2))
    case["employment"]["timecard"][1]["date"] = "2025-03-03"
    message = problems(act, case)
    assert "employment.timecard[1].date: error: 2025-03-03 is also given at employment.timecard[0]" in message


def test_huge_lists_are_refused_without_reading_them(act):
    case = base_case()
    case["employment"]["timecard"] = [{}] * (MAX_LIST_LENGTH + 1)
    assert "the most allowed is 20,000" in problems(act, case)


def test_booleans_are_not_numbers_and_numbers_not_booleans(act):
    case = base_case(timecard=days("2025-03-03", 1))
    case["employment"]["timecard"][0]["regular_hours"] = True
    case["employment"]["timecard"][0]["day_off"] = 1
    message = problems(act, case)
    assert "regular_hours: error: expected a number of hours, found true" in message
    assert "day_off: error: expected true or false, found 1" in message


def test_money_as_text(act):
    case = base_case()
    case["employment"]["contract"]["monthly_wage"] = "NT$28,590"
    assert act.validate(case)["employment"]["contract"]["monthly_wage"] == Decimal("28590")


def test_yaml_numbers_are_read_as_exact_decimals():
    data = parse_case_text("a: 0.1\nb: 2025-03-01\nc: 1e3\n", "case.yaml", json_format=False)
    assert data["a"] == Decimal("0.1") and isinstance(data["a"], Decimal)
    assert str(data["b"]) == "2025-03-01"


def test_malformed_files_are_reported_with_their_place(tmp_path, act):
    bad_json = tmp_path / "case.json"
    bad_json.write_text('{"employment": {"contract": }', encoding="utf-8")
    with pytest.raises(HsaError) as info:
        act.evaluate(bad_json)
    assert f"{bad_json}: error: line 1, column 29: Expecting value" in info.value.render()

    bad_yaml = tmp_path / "case.yaml"
    bad_yaml.write_text("employment:\n  contract: [\n", encoding="utf-8")
    with pytest.raises(HsaError) as info:
        act.evaluate(bad_yaml)
    assert "line 3, column 1" in info.value.render()

    nan = tmp_path / "nan.json"
    nan.write_text(json.dumps({"employment": {"x": float("nan")}}), encoding="utf-8")
    with pytest.raises(HsaError) as info:
        act.evaluate(nan)
    assert "NaN is not a number a case can hold" in info.value.render()


def test_the_case_given_is_not_changed(act):
    case = base_case(timecard=days("2025-03-03", 3))
    snapshot = json.dumps(case, sort_keys=True)
    act.evaluate(case)
    assert json.dumps(case, sort_keys=True) == snapshot


PARAMETER_ACT = """
act tiny title en "Tiny" languages en end
record Month
  month: date
  paid: money
end
input months: list of Month
parameter floor_wage: money
  NT$100 from 2020-01-01
end
article 1
  en "The pay shall not fall below the floor."
  rule pay_floor
    cites art_1
    quote en "shall not fall below the floor"
    for each m in months
    then pay_floor_met = m.paid >= floor_wage(m.month)
  end
end
entitlement pay_floor_met: bool owed to payee
party payee "the one paid"
"""


def test_a_parameter_asked_for_a_date_before_its_first_value():
    # (the shipped act never asks: a month before its first basic wage is a warning there)
    tiny = hsa_dsl.load_act_text(PARAMETER_ACT, "tiny.hsa")
    with pytest.raises(HsaError) as info:
        tiny.evaluate({"months": [{"month": "2019-03-01", "paid": 120}]})
    assert "the act gives no value of 'floor_wage' for 2019-03-01" in info.value.render()
