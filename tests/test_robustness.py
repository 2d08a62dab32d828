"""No silently wrong answer from any input: strict, bounded reading of cases and acts.

Each test here failed before the fix it guards (docs/robustness.md)."""

import decimal
import json
import time
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl.cases import load_case_file, parse_case_text
from hsa_dsl.cli import main
from hsa_dsl.compiler import ir, semantics
from hsa_dsl.errors import HsaError

from conftest import EXAMPLES, SHIPPED
from helpers import base_case, days


def error_of(call, *args, **kwargs) -> str:
    with pytest.raises(HsaError) as info:
        call(*args, **kwargs)
    return info.value.render()


def yaml_error(text: str) -> str:
    return error_of(parse_case_text, text, "case.yaml", json_format=False)


def case_problems(act, tmp_path, text: str, name: str = "case.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return error_of(act.evaluate, path)


CASE = """\
employment:
  employee: {foreign: true, languages: [indonesian]}
  contract: {kind: fixed_term, start: 2024-06-01, monthly_wage: 28590, pay_day: 5}
  assessed_on: 2025-04-10
  wages:
    - {month: 2025-03-01, paid_amount: 28590, paid_on: 2025-04-05}
  timecard:
    - {date: 2025-03-03, hours_worked: 8}
"""


# ---------------------------------------------------------------- 1. duplicate keys


def test_a_key_given_twice_in_yaml_is_an_error_with_its_place():
    text = CASE + "  timecard:\n    - {date: 2025-03-04, hours_worked: 13}\n"
    message = yaml_error(text)
    assert "case.yaml: error: line 9, column 3: the key 'timecard' is given twice in the same mapping" in message
    assert "hint: give each key once" in message


def test_a_key_given_twice_in_a_nested_yaml_mapping():
    message = yaml_error("a:\n  b:\n    - {date: 2025-03-03, hours_worked: 8, hours_worked: 13}\n")
    assert "line 3, column 43: the key 'hours_worked' is given twice" in message


def test_a_key_given_twice_in_json_is_an_error_with_its_place():
    text = '{"employment": {\n  "timecard": [],\n  "timecard": [{"date": "2025-03-03"}]\n}}'
    message = error_of(parse_case_text, text, "case.json", json_format=True)
    assert "case.json: error: line 3, column 3: the key 'timecard' is given twice" in message
    nested = '{"a": [{"b": 1, "c": {"d": 1, "d": 2}}]}'
    assert "line 1, column 31: the key 'd' is given twice" in error_of(
        parse_case_text, nested, "case.json", json_format=True)


# ---------------------------------------------------------------- 2. YAML 1.2, dates and times


def test_yaml_is_read_with_the_yaml_1_2_core_schema():
    data = parse_case_text("a: 010\nb: 8:00\nc: yes\nd: off\ne: 2025-03-01\nf: 0x10\ng: ~\nh: 1_000\n",
                           "case.yaml", json_format=False)
    assert data == {"a": 10, "b": "8:00", "c": "yes", "d": "off", "e": "2025-03-01", "f": "0x10",
                    "g": None, "h": "1_000"}
    assert parse_case_text("on: 1\n", "case.yaml", json_format=False) == {"on": 1}


def test_yaml_1_1_forms_are_refused_with_a_hint(act, tmp_path):
    text = CASE.replace("hours_worked: 8}", "work_periods: [{start: 8:00, end_at: 16}]}") \
        .replace("foreign: true", "foreign: yes")
    message = case_problems(act, tmp_path, text)
    assert "employment.timecard[0].work_periods[0].start: error: expected a number of hours, found '8:00'" in message
    assert "hint: write a time of day as hours since midnight" in message
    assert "employment.employee.foreign: error: expected true or false, found 'yes'" in message
    assert "hint: write true or false" in message
    enum = CASE.replace("kind: fixed_term", "kind: no")
    assert "employment.contract.kind: error: expected one of fixed_term, non_fixed_term; found 'no'" in \
        case_problems(act, tmp_path, enum)


def test_an_impossible_date_or_hour_has_its_field_path(act, tmp_path):
    message = case_problems(act, tmp_path, CASE.replace("paid_on: 2025-04-05", "paid_on: 2025-02-30"))
    assert "case.yaml: employment.wages[0].paid_on: error: 2025-02-30 is not a day of the calendar" in message
    message = case_problems(act, tmp_path, CASE.replace("paid_on: 2025-04-05", "paid_on: 2025-04-05 25:00:00"))
    assert "employment.wages[0].paid_on: error: expected a date (YYYY-MM-DD), found '2025-04-05 25:00:00'" in message
    message = case_problems(act, tmp_path, CASE.replace("hours_worked: 8}", "work_periods: [{start: 8, end_at: 25}]}"))
    assert "work_periods[0].end_at: error: 25 is above the most allowed, 24" in message
    message = case_problems(act, tmp_path, CASE.replace("assessed_on: 2025-04-10", "assessed_on: 9999-12-31"))
    assert "employment.assessed_on: error: 9999-12-31 is outside the days a case can speak of" in message
    message = case_problems(act, tmp_path, CASE.replace("paid_on: 2025-04-05", "paid_on: !!timestamp 2025-02-30"))
    assert "employment.wages[0].paid_on: error: 2025-02-30 is not a day of the calendar" in message


def test_the_cli_reports_an_impossible_date_not_an_internal_error(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE.replace("paid_on: 2025-04-05", "paid_on: 2025-02-30"), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--for", "expert", str(path)])
    assert result.exit_code == 1
    assert "employment.wages[0].paid_on: error: 2025-02-30 is not a day of the calendar" in result.output
    assert "internal error" not in result.output


# ---------------------------------------------------------------- 3. null is not the default


def test_null_for_an_optional_fact_is_not_known(act):
    case = base_case(timecard=days("2025-03-03", 1, overtime_hours=None))
    assert act.validate(case)["employment"]["timecard"][0]["overtime_hours"] is None


def test_null_for_a_field_with_a_default_or_a_required_field_is_an_error(act, tmp_path):
    text = CASE.replace("paid_on: 2025-04-05}", "paid_on: 2025-04-05, paid_to: }") \
        .replace("hours_worked: 8}", "hours_worked: 8, day_off: ~}") \
        .replace("monthly_wage: 28590", "monthly_wage: null")
    message = case_problems(act, tmp_path, text)
    assert "employment.wages[0].paid_to: error: paid_to is empty (null)" in message
    assert "hint: leave paid_to out for its default (employee), or give a value" in message
    assert "employment.timecard[0].day_off: error: day_off is empty (null)" in message
    assert "employment.contract.monthly_wage: error: monthly_wage is empty (null), and the case must give it" in message
    lists = CASE.replace("  wages:\n    - {month: 2025-03-01, paid_amount: 28590, paid_on: 2025-04-05}\n", "  wages:\n")
    assert "employment.wages: error: wages is empty (null)" in case_problems(act, tmp_path, lists)
    assert "employment: error: employment is empty (null)" in error_of(act.validate, {"employment": None})


# ---------------------------------------------------------------- 4. money and absurd numbers


def test_money_with_a_dot_for_thousands_is_refused_with_a_hint(act, tmp_path):
    message = case_problems(act, tmp_path, CASE.replace("monthly_wage: 28590", "monthly_wage: 28.590"))
    assert "employment.contract.monthly_wage: error: 28.590 has 3 decimal places; an amount of money has at most 2" \
        in message
    assert "hint: did you mean 28590?" in message
    case = base_case()
    case["employment"]["contract"]["monthly_wage"] = "28.590.000"
    assert "did you mean 28590000?" in error_of(act.validate, case)
    case["employment"]["contract"]["monthly_wage"] = Decimal("28590.125")
    assert "has 3 decimal places" in error_of(act.validate, case)
    case["employment"]["contract"]["monthly_wage"] = "28590.5"
    assert act.validate(case)["employment"]["contract"]["monthly_wage"] == Decimal("28590.5")


@pytest.mark.parametrize("value", [
    Decimal("1.0e-99999"), Decimal("1e999999999"), 10 ** 5000, Decimal("NaN"), Decimal("-Infinity"),
    float("nan"), float("inf"), "1" * 5000,
], ids=["tiny", "huge", "long-int", "nan", "-inf", "float-nan", "float-inf", "long-text"])
def test_absurd_numbers_are_refused_quickly_through_the_api(act, value):
    case = base_case(timecard=days("2025-03-03", 1))
    case["employment"]["timecard"][0]["regular_hours"] = value
    case["employment"]["contract"]["monthly_wage"] = value
    started = time.perf_counter()
    message = error_of(act.validate, case)
    assert time.perf_counter() - started < 1
    assert "employment.timecard[0].regular_hours: error:" in message
    assert "employment.contract.monthly_wage: error:" in message
    assert len(message) < 2000


@pytest.mark.parametrize("text", ["1.0e-99999", "1e999999999", "9" * 5000, ".nan", "-.inf"],
                         ids=["tiny", "huge", "long-int", "nan", "-inf"])
def test_absurd_numbers_are_refused_quickly_from_a_file(act, tmp_path, text):
    started = time.perf_counter()
    message = case_problems(act, tmp_path, CASE.replace("hours_worked: 8", f"hours_worked: {text}"))
    assert time.perf_counter() - started < 1
    assert "employment.timecard[0].hours_worked: error:" in message
    as_json = json.dumps({"employment": {"assessed_on": "X"}}).replace('"X"', text.replace(".nan", "NaN")
                                                                       .replace("-.inf", "-Infinity"))
    message = case_problems(act, tmp_path, as_json, "case.json")
    assert "error" in message and "Traceback" not in message


# ---------------------------------------------------------------- 5. bounded resources


def test_a_billion_laughs_fails_fast(tmp_path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 10):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    started = time.perf_counter()
    message = yaml_error("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert "too many aliases" in message
    # a few aliases are fine
    assert parse_case_text("a: &x {b: 1}\nc: *x\n", "case.yaml", json_format=False) == {"a": {"b": 1}, "c": {"b": 1}}


def test_a_recursive_alias_is_refused():
    assert "an alias inside the node it names" in yaml_error("a: &x [1, *x]\n")


def test_deep_nesting_is_an_error_not_a_recursion_error():
    assert "nests lists or mappings too deeply" in yaml_error("a: " + "[" * 50_000 + "]" * 50_000 + "\n")
    assert "nests lists or mappings too deeply" in error_of(
        parse_case_text, "[" * 200_000 + "]" * 200_000, "case.json", json_format=True)


def test_a_case_file_is_capped_and_the_cap_can_be_raised(act, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    message = error_of(load_case_file, path, max_bytes=100)
    assert "the case file is larger than 100 bytes, the most read" in message
    assert "--max-case-bytes" in message
    assert load_case_file(path, max_bytes=10_000)["employment"]["assessed_on"] == "2025-04-10"
    assert "larger than 100 bytes" in error_of(act.evaluate, path, max_bytes=100)
    result = CliRunner().invoke(main, ["--max-case-bytes", "100", "explain", "--for", "expert", str(path)])
    assert result.exit_code == 1 and "larger than 100 bytes" in result.output
    result = CliRunner().invoke(main, ["--max-case-bytes", "1M", "explain", "--for", "expert", str(path)])
    assert result.exit_code == 0, result.output


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_stops_at_the_cap(act):
    assert "larger than 16,777,216 bytes" in error_of(load_case_file, "/dev/zero")
    assert "the act file is larger than 1,000 bytes" in error_of(hsa_dsl.load_act, "/dev/zero", max_bytes=1000)
    result = CliRunner().invoke(main, ["--max-act-bytes", "64k", "check", "/dev/zero"])
    assert result.exit_code == 1 and "the act file is larger than 65,536 bytes" in result.output


def test_an_act_file_is_capped(tmp_path):
    message = error_of(hsa_dsl.load_act, SHIPPED, max_bytes=1000)
    assert "household_service.hsa: error: the act file is larger than 1,000 bytes" in message
    assert "--max-act-bytes" in message


# ---------------------------------------------------------------- 6. acts: line endings, emptiness, encoding


@pytest.mark.parametrize("ending", ["\r\n", "\r"])
def test_acts_with_cr_or_crlf_line_endings_load_as_with_lf(tmp_path, ending):
    text = SHIPPED.read_text(encoding="utf-8")
    path = tmp_path / "act.hsa"
    path.write_bytes(text.replace("\n", ending).encode("utf-8"))
    act = hsa_dsl.load_act(path)
    assert len(act.checked.articles) == 48 and len(act.checked.rules) > 100
    assert hsa_dsl.load_act_text(text.replace("\n", ending)).checked.rules.keys() == act.checked.rules.keys()


def test_check_fails_on_an_act_without_articles(tmp_path):
    path = tmp_path / "empty.hsa"
    path.write_text("# only a comment\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 1
    assert "empty.hsa: error: the act has no articles" in result.output


def test_an_act_that_is_not_utf8_is_an_error_at_its_line_and_column(tmp_path):
    path = tmp_path / "latin1.hsa"
    path.write_bytes('act a title en "A" languages en end\nenum E: caf\xe9, b\n'.encode("latin-1"))
    message = error_of(hsa_dsl.load_act, path)
    assert f"{path}:2:12: error: the file is not valid UTF-8 text" in message
    assert "hint: save the file as UTF-8" in message


# ---------------------------------------------------------------- 7. the caller's decimal context


def test_amounts_do_not_depend_on_the_callers_decimal_context(act):
    example = EXAMPLES / "caregiver_long_days.yaml"
    expected = json.dumps(act.evaluate(example).to_json(), sort_keys=True)
    from hsa_dsl.explain.explanation import explain
    from hsa_dsl.explain import render
    from hsa_dsl.explain.explanation import load_templates

    report = render.text(explain(act, act.evaluate(example), example, "case.yaml"), load_templates(act, "en"))
    with decimal.localcontext() as tiny:
        tiny.prec = 3
        tiny.rounding = decimal.ROUND_DOWN
        tiny.traps[decimal.Inexact] = False
        verdict = act.evaluate(example)
        assert json.dumps(verdict.to_json(), sort_keys=True) == expected
        assert render.text(explain(act, verdict, example, "case.yaml"), load_templates(act, "en")) == report
        assert decimal.getcontext().prec == 3  # the caller's context is left as it was


# ---------------------------------------------------------------- expressions nested deeply

LIBRARY_CASE = {"member": {"joined": "2010-01-01", "loans": [
    {"title": "a", "borrowed": "2025-01-01", "returned": "2025-01-20"}]}, "today": "2025-03-01"}


def library_with_chain(terms: int) -> str:
    """The library act, its veterans' exception on a chain of `terms` conditions joined by `and`."""
    chain = " and ".join(["years_between(member.joined, today) > 10"] * terms)
    text = (Path(__file__).parent / "acts" / "library.hsa").read_text(encoding="utf-8")
    assert "      when years_between(member.joined, today) > 10\n" in text
    return text.replace("      when years_between(member.joined, today) > 10\n", f"      when {chain}\n")


@pytest.mark.parametrize("terms", [101, 5_000])
def test_a_chain_nested_too_deeply_is_an_error_with_its_place(tmp_path, terms):
    text = library_with_chain(terms)
    message = error_of(hsa_dsl.load_act_text, text, "chain.hsa", use_cache=False)
    line = next(number for number, row in enumerate(text.splitlines(), 1) if row.startswith("      when years"))
    assert message.startswith(f"chain.hsa:{line}:12: error: this is nested more than 100 levels deep")
    assert "hint: name parts of it with `define` and combine the names" in message
    path = tmp_path / "chain.hsa"
    path.write_text(text, encoding="utf-8")
    for command in (["check", str(path)], *(["dump", stage, str(path)] for stage in ("tree", "ast", "python"))):
        result = CliRunner().invoke(main, command)
        assert result.exit_code == 1 and "nested more than 100 levels deep" in result.output, command


def test_a_long_chain_within_the_limit_runs_through_every_stage(tmp_path):
    # 90 conditions nest 90 `and`s and their comparisons: within the limit, and every stage that
    # walks the tree by recursion (checker, passes, code generation, traces, explanation) copes
    text = library_with_chain(90)
    act = hsa_dsl.load_act_text(text, "chain.hsa", use_cache=False)
    verdict = act.evaluate(LIBRARY_CASE, trace=True)
    # joined 2010, today 2025: 15 years, so the veterans' exception overrides the late fee
    assert [f.rule for f in verdict.findings if f.kind == "permission"] == []
    path = tmp_path / "chain.hsa"
    path.write_text(text, encoding="utf-8")
    for stage in ("tree", "ast", "checked", "ir", "python"):
        assert CliRunner().invoke(main, ["dump", stage, str(path)]).exit_code == 0, stage
    case = tmp_path / "case.json"
    case.write_text(json.dumps(LIBRARY_CASE), encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", "--act", str(path), str(case), "--why-not", "late_fee"])
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------- facts that cannot be meant

@pytest.mark.parametrize("place, field, value, message", [
    ("contract", "monthly_wage", "28.59", "employment.contract: error: a monthly wage below NT$1,000 is surely mistyped"),
    ("wage", "agreed_wage", "28.59", "employment.wages[0]: error: an agreed wage below NT$1,000 is surely mistyped"),
    ("employment", "annual_leave_granted", -3, "employment.annual_leave_granted: error: -3 is below the least allowed, 0"),
])
def test_absurd_facts_are_refused_with_a_plain_message(act, place, field, value, message):
    case = load_case_file(EXAMPLES / "twelve_hour_days_food_deducted.yaml")
    target = {"contract": case["employment"]["contract"], "wage": case["employment"]["wages"][0],
              "employment": case["employment"]}[place]
    target[field] = value
    assert message in error_of(act.evaluate, case)


def test_a_wage_of_nothing_is_still_a_fact_the_act_judges(act):
    # NT$0 agreed is not refused as mistyped: the act judges it. June 2025, a whole month, basic
    # wage NT$28,590; Article 16 tops up to it the larger of the agreed wage (0) and what she
    # actually had: 25,090 paid + 1,000 of legal deductions = 26,090. 28,590 - 26,090 = NT$2,500
    case = load_case_file(EXAMPLES / "twelve_hour_days_food_deducted.yaml")
    case["employment"]["wages"][0]["agreed_wage"] = 0
    verdict = act.evaluate(case, trace=False)
    owed = [f.conclusion["value"] for f in verdict.findings if f.rule == "art16_shortfall_owed"]
    assert owed == [Decimal(2500)]


def test_an_article_of_thousands_of_rules_is_not_taken_for_deep_nesting():
    # the nesting of each node is known by the node: a value freed during the parse, whose
    # identity Python gives to a new one, once passed its depth on (here at about the 500th
    # rule, and at random in long chains within the limit)
    import gc

    rules = "".join(f'  rule r{i}\n    cites art_1\n    quote en "Text."\n    when x = {i}\n'
                    f'    then employer {"must not" if i % 2 else "must"} pay\n  end\n' for i in range(1_500))
    text = ('act many\n  title en "Many"\n  languages en\nend\nparty employer "the employer"\n'
            'action pay "pay"\ninput x: integer in 0 .. 100000\narticle 1\n  en "Text."\n' + rules + "end\n")
    gc.collect()
    act = hsa_dsl.load_act_text(text, "many.hsa", use_cache=False)
    assert len(act.checked.rules) == 1_500
    # 750 duties and 750 prohibitions of one norm: one class of 750 against 750, every pair of
    # the two kinds a candidate, no pair of one kind
    [target] = act.program.targets
    [clash] = target.clashes
    assert (len(clash.first), len(clash.second)) == (750, 750)
    assert {int(name[1:]) % 2 for name in clash.first} == {0} and {int(name[1:]) % 2 for name in clash.second} == {1}
    assert semantics.contradicts(target, "r0", "r1") == ir.PROHIBITION_AGAINST_OBLIGATION
    assert semantics.contradicts(target, "r0", "r2") is None