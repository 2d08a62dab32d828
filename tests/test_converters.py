"""The act's converters (hsa_dsl.runtime.converters) read a case as the validator does.

They are the fast way a plain case is read; anything else goes to the validator. So wherever
they give inputs, those are the validator's, value for value and type for type, and wherever
the validator refuses a case they give nothing."""

import copy
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import hsa_dsl
from hsa_dsl.cases import load_case_file
from hsa_dsl.errors import HsaError
from hsa_dsl.prove.strategies import cases
from hsa_dsl.runtime.converters import CaseReader, read_case
from hsa_dsl.runtime.numbers import exact_numbers
from hsa_dsl.runtime.validate import Validator
from hsa_dsl.runtime.values import Record

from conftest import EXAMPLES
from depth import examples
from helpers import base_case, days

TEST_ACTS = Path(__file__).parent / "acts"
CASES = Path(__file__).parent / "cases"


def shape(value):
    """A value with every type and every record's path spelt out, so that equal shapes mean
    the same inputs to the rules (1 and Fraction(1) and True compare equal in Python)."""
    if isinstance(value, Record):
        return ("Record", value.path, value.type, tuple((k, shape(v)) for k, v in value.items()))
    if isinstance(value, dict):
        return ("dict", tuple((k, shape(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return ("tuple", tuple(shape(v) for v in value))
    if isinstance(value, frozenset):
        return ("frozenset", tuple(sorted((shape(v) for v in value), key=repr)))
    return (type(value).__name__, value)


def by_validator(act, raw):
    with exact_numbers():
        try:
            return Validator(act.module, None).validate(raw)
        except HsaError as error:
            return error


def by_converters(act, raw):
    with exact_numbers():
        return read_case(CaseReader(act.module), raw)


def same_reading(act, raw, plain: bool = False) -> None:
    expected = by_validator(act, copy.deepcopy(raw))
    got = by_converters(act, copy.deepcopy(raw))
    if isinstance(expected, HsaError):
        assert got is None
        with pytest.raises(HsaError) as info:
            act.validate(raw)
        assert info.value.render() == expected.render()
        return
    if plain:
        assert got is not None, "a plain case is read by the converters"
    if got is not None:
        assert shape(got) == shape(expected)
    assert shape(act.validate(raw)) == shape(expected)


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_is_read_by_the_converters_as_the_validator_reads_it(act, path):
    same_reading(act, load_case_file(path), plain=True)


@pytest.mark.parametrize("act_name, case_name", [("library.hsa", "library_late.json"),
                                                 ("harvest.hsa", "harvest_season.yaml"),
                                                 ("shifts.hsa", "shifts_week.yaml")])
def test_the_test_acts_cases_are_read_alike(act_name, case_name):
    act = hsa_dsl.load_act(TEST_ACTS / act_name)
    same_reading(act, load_case_file(CASES / case_name), plain=True)


def _employment(**fields):
    case = base_case(timecard=days("2025-03-03", 3))
    case["employment"].update(fields)
    return case


def _day(**fields):
    return _employment(timecard=[{"date": "2025-03-03", **fields}])


SPELLINGS = {
    "digits as text": _day(hours_worked="9.5"),
    "a negative number": _day(hours_worked="-1"),
    "too many places": _day(hours_worked="9." + "5" * 31),
    "spaces": _day(hours_worked=" 9 "),
    "a float": _day(hours_worked=9.25),
    "a float out of range": _day(hours_worked=24.5),
    "a decimal": _day(hours_worked=Decimal("9.50")),
    "an infinite decimal": _day(hours_worked=Decimal("Infinity")),
    "a bool for a number": _day(hours_worked=True),
    "above the most": _day(hours_worked=25),
    "at the most": _day(hours_worked=24),
    "above the most as text": _day(hours_worked="24.01"),
    "money with separators": _employment(contract={"kind": "non_fixed_term", "start": "2024-06-01",
                                                   "monthly_wage": "NT$28,590"}),
    "money with three places": _employment(contract={"kind": "non_fixed_term", "start": "2024-06-01",
                                                     "monthly_wage": "28.590"}),
    "money in cents": _employment(contract={"kind": "non_fixed_term", "start": "2024-06-01",
                                            "monthly_wage": "28590.50"}),
    "whole days written with a point": _employment(annual_leave_granted="7.0"),
    "whole days with a part": _employment(annual_leave_granted="7.5"),
    "whole days as a decimal": _employment(annual_leave_granted=Decimal("7")),
    "a date with spaces": _day(hours_worked=8, **{"date": " 2025-03-03 "}),
    "a date and time": _day(hours_worked=8, **{"date": "2025-03-03T10:00"}),
    "not a day": _day(hours_worked=8, **{"date": "2025-02-30"}),
    "a date object": _day(hours_worked=8, **{"date": date(2025, 3, 3)}),
    "a date too early": _day(hours_worked=8, **{"date": "1899-12-31"}),
    "an unknown field": _day(hours_worked=8, hours_slept=7),
    "a null required field": _day(hours_worked=8, day_off=None),
    "a null optional field": _day(hours_worked=None, regular_hours=8),
    "a day given twice": _employment(timecard=days("2025-03-03", 1, hours_worked=8) * 2),
    "a check that fails": _day(hours_worked=8, regular_hours=7),
    "a list that is no list": _employment(timecard={"date": "2025-03-03"}),
    "an unknown member": _employment(employee={"foreign": True, "languages": ["klingon"]}),
    "a member twice": _employment(employee={"foreign": True, "languages": ["thai", "thai"]}),
    "an unknown input": {**_employment(), "employer": {}},
    "not a mapping": ["employment"],
    "a key that is no text": {**_employment(), 3: 4},
}


#: what the converters read themselves; the other spellings are left to the validator
PLAIN = {"digits as text", "at the most", "money in cents", "a date object", "a null optional field", "a float",
         "a decimal", "whole days as a decimal"}


@pytest.mark.parametrize("name", sorted(SPELLINGS))
def test_every_spelling_is_read_alike_or_left_to_the_validator(act, name):
    same_reading(act, SPELLINGS[name], plain=name in PLAIN)


@settings(max_examples=examples(80), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_generated_cases_are_read_alike(act, data):
    same_reading(act, data.draw(cases(act, max_list=8)))


def test_a_module_compiled_without_checks_by_record_is_read_with_its_checks_one_by_one(act):
    from hsa_dsl.runtime.compiled import ModuleView

    older = ModuleView({k: v for k, v in act.module.__dict__.items() if k != "RECORD_CHECKS"})
    reader = CaseReader(older)
    plain = load_case_file(EXAMPLES / "caregiver_long_days.yaml")
    with exact_numbers():
        assert shape(read_case(reader, copy.deepcopy(plain))) == shape(by_validator(act, plain))
        assert read_case(reader, SPELLINGS["a check that fails"]) is None
