"""A sentence states the numbers of its rule through placeholders, and `hsa-dsl templates`
reports a number a sentence writes in digits that its rule does not produce: changing the act's
daily limit from 8 to 9 hours changes what the worker reads, and a sentence still saying 8 is
found."""

import shutil
from decimal import Decimal

import pytest

import hsa_dsl
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.explanation import check_templates, explain
from hsa_dsl.explain.numbers import rule_numbers, stated_numbers
from hsa_dsl.explain.values import WrittenForm

from conftest import EXAMPLES, SHIPPED, TEST_ACTS

LONG_DAYS = EXAMPLES / "caregiver_long_days.yaml"
EIGHT_HOURS = "define daily_hours_limit: hours = 8 h"
DAILY_LIMIT_EN = "  art22_daily_regular_hours: \"Your employer breached Article 22: on {day.date} you worked " \
                 "{worked_hours}; the limit is {daily_hours_limit} a day.\""


def copy_act(folder, stem="household_service", source=SHIPPED.parent):
    """The act and its language files, copied to `folder`: the copy's path."""
    for path in source.glob(stem + ".*"):
        shutil.copy(path, folder / path.name)
    return folder / (stem + ".hsa")


def replace_in(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is not once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def sentences(act, case, language):
    explanation = explain(act, act.evaluate(case), case, case.name, language)
    by_rule = {}
    for section in explanation.articles:
        for item in section.findings:
            by_rule.setdefault(item.rule, []).append(item.sentence)
    repeated = {g.rule: g.sentence for g in explanation.groups if g.count > 1}
    return by_rule, repeated


@pytest.fixture(scope="module")
def nine_hours(tmp_path_factory):
    """The shipped act with its daily limit raised from 8 to 9 hours, nothing else changed."""
    path = copy_act(tmp_path_factory.mktemp("nine_hours"))
    replace_in(path, EIGHT_HOURS, "define daily_hours_limit: hours = 9 h")
    return path


def test_the_shipped_sentences_state_no_number_their_rule_does_not_produce(act):
    assert check_templates(act) == []


def test_a_changed_daily_limit_changes_what_the_worker_reads(act, nine_hours):
    changed = hsa_dsl.load_act(nine_hours)
    for language, before, after, repeated_after in (
            ("en", "the limit is 8 h a day", "the limit is 9 h a day", "more than 9 h a day"),
            ("id", "batasnya 8 jam sehari", "batasnya 9 jam sehari", "lebih dari 9 jam sehari"),
            ("zh", "每日上限為 8 小時", "每日上限為 9 小時", "超過 9 小時")):
        original, _ = sentences(act, LONG_DAYS, language)
        told, repeated = sentences(changed, LONG_DAYS, language)
        assert all(before in s for s in original["art22_daily_regular_hours"])
        assert told["art22_daily_regular_hours"], "the 10-hour days still breach a limit of 9"
        assert all(after in s and before not in s for s in told["art22_daily_regular_hours"])
        # the sentence for the repeated findings takes the constant too
        assert repeated_after in repeated["art22_daily_regular_hours"]
    # the hours beyond the daily limit, which Article 18 pays as overtime, follow it
    told, _ = sentences(changed, LONG_DAYS, "en")
    assert all("beyond 9 h a day" in s for s in told["art18_overtime_pay_owed"])
    assert check_templates(changed) == []


def test_a_sentence_that_still_states_the_old_limit_is_reported(tmp_path):
    path = copy_act(tmp_path)
    english = tmp_path / "household_service.en.yaml"
    replace_in(english, DAILY_LIMIT_EN, DAILY_LIMIT_EN.replace("{daily_hours_limit}", "8 hours"))
    # while the act says 8, the sentence is right, if fragile
    assert check_templates(hsa_dsl.load_act(path)) == []
    replace_in(path, EIGHT_HOURS, "define daily_hours_limit: hours = 9 h")
    assert check_templates(hsa_dsl.load_act(path)) == [
        "en: rule art22_daily_regular_hours states 8, which the rule does not produce; "
        "write it as a placeholder such as {daily_hours_limit}"]


def test_every_language_and_the_repeated_sentences_are_checked(tmp_path):
    path = copy_act(tmp_path)
    replace_in(tmp_path / "household_service.zh.yaml",
               "你每天工作超過 {daily_hours_limit}。", "你每天工作超過８小時。")
    replace_in(tmp_path / "household_service.th.yaml",
               "แต่กำหนดไว้ไม่เกิน {daily_hours_limit}ต่อวัน\"", "แต่กำหนดไว้ไม่เกิน ๘ ชั่วโมงต่อวัน\"")
    replace_in(path, EIGHT_HOURS, "define daily_hours_limit: hours = 9 h")
    problems = check_templates(hsa_dsl.load_act(path))
    assert sorted(p.split(",")[0] for p in problems) == [
        "th: rule art22_daily_regular_hours states 8",
        "zh: repeats: rule art22_daily_regular_hours states 8"]


def test_an_article_the_rule_cites_or_refers_to_may_be_named_and_another_may_not(act, tmp_path):
    unpaid = act.checked.rules["art17_unpaid_wages_owed"]
    numbers = rule_numbers(act.checked, unpaid)
    assert {Decimal(17), Decimal(20)} <= numbers.provisions
    english = act.source.name.replace(".hsa", ".en.yaml")
    assert "(Articles 17 and 20:" in open(english, encoding="utf-8").read()
    # the return airfare is decided under Articles 9, 11 and 12: a rule reading it refers to them
    assert {Decimal(9), Decimal(11), Decimal(12)} <= rule_numbers(
        act.checked, act.checked.rules["art9_employer_owes_airfare"]).provisions
    path = copy_act(tmp_path)
    replace_in(tmp_path / "household_service.en.yaml", "(Articles 17 and 20:", "(Articles 17, 20 and 33:")
    assert check_templates(hsa_dsl.load_act(path)) == [
        "en: rule art17_unpaid_wages_owed states 33, which the rule does not produce; write it as a placeholder: "
        "name the number in the act with a definition the rule uses (define daily_limit: hours = 8 h) and "
        "write {daily_limit}"]


def test_digits_in_a_placeholder_are_no_number_stated(act, tmp_path):
    # Article 4's rule produces neither 9 nor 10 nor 30
    numbers = rule_numbers(act.checked, act.checked.rules["art4_no_illegal_benefit"])
    assert not numbers.produces({Decimal(9)}) and not numbers.produces({Decimal(30)})
    path = copy_act(tmp_path)
    replace_in(tmp_path / "household_service.en.yaml", "for standing between you and your employer",
               "for standing between you and your employer ({article_9_days_to_act})")
    assert check_templates(hsa_dsl.load_act(path)) == []
    assert stated_numbers("within {article_10_days_to_act} of {d.date}", WrittenForm()) == []


@pytest.mark.parametrize("text, marks, readings", [
    ("8 h a day", (",", "."), {Decimal(8)}),
    ("1,5 kali", (".", ","), {Decimal("1.5")}),
    ("1.5 times", (",", "."), {Decimal("1.5")}),
    ("NT$20.000", (".", ","), {Decimal(20000)}),
    ("NT$1.500.000", (".", ","), {Decimal(1500000)}),
    ("NT$20,000", (",", "."), {Decimal(20000)}),
    ("每日上限為８小時", (",", "."), {Decimal(8)}),
    ("ไม่เกิน ๘ ชั่วโมง", (",", "."), {Decimal(8)}),
    ("新台幣 6 萬元", (",", "."), {Decimal(60000)}),
])
def test_numbers_are_read_as_each_language_writes_them(text, marks, readings):
    (_, read), = stated_numbers(text, WrittenForm(thousands=marks[0], decimal=marks[1]))
    assert readings <= read


def test_a_number_is_reported_only_when_no_way_of_reading_it_is_produced():
    # in Indonesian 20.000 is twenty thousand; written the English way it would be twenty
    (_, read), = stated_numbers("NT$20.000", WrittenForm(thousands=".", decimal=","))
    assert read == {Decimal(20000), Decimal(20)}
    (_, read), = stated_numbers("NT$1.500.000", WrittenForm())
    assert read == {Decimal(1500000)}


def test_numbers_written_as_words_are_not_read():
    assert stated_numbers("eight hours, delapan jam, 八小時", WrittenForm()) == []


def test_the_toy_acts_report_nothing_and_are_checked_too(tmp_path):
    assert check_templates(hsa_dsl.load_act(TEST_ACTS / "harvest.hsa")) == []
    assert check_templates(hsa_dsl.load_act(TEST_ACTS / "library.hsa")) == []
    path = copy_act(tmp_path, "harvest", TEST_ACTS)
    english = tmp_path / "harvest.en.yaml"
    # the rule gives 2 days of rest a month, under Article 3: 2 may be stated, 5 may not
    replace_in(english, "two for each whole month", "2 for each whole month")
    assert check_templates(hsa_dsl.load_act(path)) == []
    replace_in(english, "2 for each whole month", "5 for each whole month")
    assert check_templates(hsa_dsl.load_act(path)) == [
        "en: rule rest_days_owed states 5, which the rule does not produce; write it as a placeholder: name the "
        "number in the act with a definition the rule uses (define daily_limit: hours = 8 h) and write {daily_limit}"]


# ---------------------------------------------------------------- named constants in the act


def test_a_constant_is_shown_though_no_trace_records_it(act):
    verdict = act.evaluate(LONG_DAYS)
    # the rules read the constant as the number itself: it is no value worked out for the case
    assert "daily_hours_limit" not in verdict.values
    finding = next(f for f in verdict.violations if f.rule == "art22_daily_regular_hours")
    assert all(use["name"] != "daily_hours_limit" for use in finding.trace["uses"])
    told, _ = sentences(act, LONG_DAYS, "en")
    assert "the limit is 8 h a day" in told["art22_daily_regular_hours"][0]


def test_a_definition_the_trace_did_not_record_is_shown_as_the_case_worked_it_out(act, tmp_path):
    path = copy_act(tmp_path)
    replace_in(tmp_path / "household_service.en.yaml", DAILY_LIMIT_EN,
               DAILY_LIMIT_EN.replace("a day.", "a day, after {years_of_service} years of service."))
    changed = hsa_dsl.load_act(path)
    verdict = changed.evaluate(LONG_DAYS)
    finding = next(f for f in verdict.violations if f.rule == "art22_daily_regular_hours")
    assert all(use["name"] != "years_of_service" for use in finding.trace["uses"])
    years = verdict.values["years_of_service"]
    told, _ = sentences(changed, LONG_DAYS, "en")
    assert f"after {years} years of service" in told["art22_daily_regular_hours"][0]


NAMED_WINDOW = """
act windows
  title en "Windows"
  languages en
end

party boss "the boss"
action give_a_day_off "give a day off"

record Day
  date: date
  worked: bool
end

input days: list of Day up to 60

article 1
  en "A day off in every week."
  define {definition}

  rule day_off
    cites art_1
    quote en "A day off in every week."
    for each stretch in group days by {size} consecutive days using date
    then boss must give_a_day_off
    violated when not any(not d.worked for d in stretch)
  end
end
"""


def window_act(definition, size):
    return hsa_dsl.load_act_text(NAMED_WINDOW.format(definition=definition, size=size), "windows.hsa")


def test_a_window_may_be_as_long_as_a_named_constant():
    case = {"days": [{"date": f"2025-03-{d:02d}", "worked": True} for d in range(1, 8)]}
    named = window_act("week: days = 7 days", "week")
    written = window_act("week: days = 7 days", "7")
    assert [f.binding for f in named.evaluate(case).violations] == [f.binding for f in written.evaluate(case).violations]
    assert len(named.evaluate(case).violations) == 1
    assert Decimal(7) in rule_numbers(named.checked, named.checked.rules["day_off"]).values
    assert rule_numbers(named.checked, named.checked.rules["day_off"]).constants == ("week",)


@pytest.mark.parametrize("definition", ["week: days = 3 days + 4 days", "week: integer = count(d in days)"])
def test_a_window_cannot_be_as_long_as_a_value_worked_out(definition):
    with pytest.raises(HsaError) as error:
        window_act(definition, "week")
    assert "'week' is not a number of days written in the act" in str(error.value)
