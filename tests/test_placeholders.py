"""A sentence's placeholders reach only the case's facts and the rule's values: never an
attribute of a Python value (`{day.date.__class__}`), never a field the act does not declare."""

import shutil

import hsa_dsl
from hsa_dsl.cases import load_case_file
from hsa_dsl.explain.explanation import check_templates, explain

from conftest import EXAMPLES, SHIPPED

SENTENCE = ('  art22_daily_regular_hours: "Your employer breached Article 22: on {day.date} you worked '
            '{worked_hours}; the limit is {daily_hours_limit} a day."\n')


def _act_with_sentence(tmp_path, sentence: str):
    for path in SHIPPED.parent.glob("household_service.*"):
        shutil.copy(path, tmp_path / path.name)
    english = tmp_path / "household_service.en.yaml"
    text = english.read_text(encoding="utf-8")
    assert SENTENCE in text
    english.write_text(text.replace(SENTENCE, sentence), encoding="utf-8")
    return hsa_dsl.load_act(tmp_path / "household_service.hsa")


def test_a_placeholder_reaching_into_python_is_reported_and_never_run(tmp_path):
    act = _act_with_sentence(tmp_path, '  art22_daily_regular_hours: "On {day.date.__class__} and '
                                       '{day.hours_of_sleep} and {employment.__dict__}."\n')
    problems = check_templates(act)
    for placeholder in ("day.date.__class__", "day.hours_of_sleep", "employment.__dict__"):
        assert f"en: rule art22_daily_regular_hours: {{{placeholder}}} names nothing the rule can show" in problems
    case = load_case_file(EXAMPLES / "caregiver_long_days.yaml")
    explanation = explain(act, act.evaluate(case, trace=True), case, "case.yaml", "en")
    sentences = [g.occasions[0].sentence for g in explanation.groups if g.rule == "art22_daily_regular_hours"]
    # left as the translator wrote it, for her to see and fix: no class, no dictionary printed
    assert sentences == ["On {day.date.__class__} and {day.hours_of_sleep} and {employment.__dict__}."]


def test_a_declared_field_of_an_entry_or_of_the_case_is_known(tmp_path):
    # (a window's {week.start} and {week.end} are known too: the shipped sentences name them)
    act = _act_with_sentence(tmp_path, '  art22_daily_regular_hours: "On {day.date} ({day.day_off}); '
                                       'contract from {employment.contract.start}."\n')
    assert check_templates(act) == []
