"""The shipped act explained in Vietnamese, Tagalog (Filipino) and Thai: every example explains
without error, every rule's sentence is the language's own (none left in English), and nothing
is missing from any language's file; the act's and its articles' titles in the reader's
language."""

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl.cases import load_case_file
from hsa_dsl.cli import main
from hsa_dsl.explain import render
from hsa_dsl.explain.explanation import (ENGLISH_PHRASES, LANGUAGES, available_languages, check_templates,
                                         explain, load_templates)

from conftest import EXAMPLES, SHIPPED
from test_cli import golden

NEW_LANGUAGES = ("vi", "tl", "th")
CASES = sorted(p for p in EXAMPLES.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
#: one example per language, written out in full: a case of a worker who speaks it
GOLDEN = {"vi": "fired_for_pregnancy.yaml", "tl": "wages_paid_to_broker.yaml", "th": "agreed_wage_below_minimum.yaml"}


@pytest.fixture(scope="module")
def verdicts(act):
    """Each example's case and verdict, worked out once for every language."""
    found = {}
    for path in CASES:
        raw = load_case_file(path)
        found[path.name] = (raw, act.evaluate(raw, trace=True, file=path))
    return found


def test_the_new_languages_are_registered_and_shipped(act):
    assert set(NEW_LANGUAGES) <= set(LANGUAGES)
    assert set(NEW_LANGUAGES) <= set(available_languages(act))


def test_nothing_is_missing_in_any_language_of_the_shipped_act(act):
    assert check_templates(act) == []


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_every_word_of_the_english_file_has_one_in_the_language(act, language):
    english, templates = load_templates(act, "en"), load_templates(act, language)
    assert set(templates.rules) == set(english.rules)
    assert set(templates.names) == set(english.names)
    assert set(templates.fields) == set(english.fields)
    assert set(templates.values) >= set(english.values)
    assert set(templates.phrases) == set(ENGLISH_PHRASES) | {"act_status"}
    # what the act is: the language's own notice, not the English one
    assert templates.act_phrase("act_status") not in (None, english.act_phrase("act_status"))
    assert "TIWA" in templates.act_phrase("act_status")


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_every_placeholder_of_the_english_sentence_is_kept(act, language):
    placeholder = re.compile(r"\{[^{}]*\}")
    english, templates = load_templates(act, "en"), load_templates(act, language)
    for rule, sentence in english.rules.items():
        assert sorted(placeholder.findall(str(templates.rules[rule]))) == sorted(placeholder.findall(str(sentence))), rule
    for key, phrase in ENGLISH_PHRASES.items():
        assert sorted(placeholder.findall(str(templates.phrases[key]))) == sorted(placeholder.findall(phrase)), key
    for key, label in english.fields.items():  # how an entry is named: from the same fields
        assert sorted(placeholder.findall(str(templates.fields[key]))) == sorted(placeholder.findall(str(label))), key


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_every_example_is_explained_in_the_language_with_no_english_sentence_left(act, verdicts, language):
    templates = load_templates(act, language)
    for name, (raw, verdict) in verdicts.items():
        english = explain(act, verdict, raw, name, "en")
        explanation = explain(act, verdict, raw, name, language)
        text = render.text(explanation, templates)
        assert text.startswith(templates.act_phrase("act_status")), name
        in_english = {(f.rule, tuple(f.binding.items())): f.sentence
                      for section in english.articles for f in section.findings}
        findings = [f for section in explanation.articles for f in section.findings]
        assert len(findings) == len(in_english), name
        for item in findings:
            assert "{" not in item.sentence, (name, item.rule)  # every placeholder was filled
            assert item.sentence != in_english[(item.rule, tuple(item.binding.items()))], (name, item.rule)
            assert item.sentence in text, (name, item.rule)
        for key in ("summary", "entitlements", "violations"):
            if ENGLISH_PHRASES[key] != templates.phrase(key):
                assert ENGLISH_PHRASES[key] not in text, (name, key)


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_an_example_in_the_language(language):
    example = GOLDEN[language]
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES / example), "--lang", language],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    golden(f"examples/{Path(example).stem}.{language}.txt", result.output)


# ---------------------------------------------------------------------------- titles

TITLED_LANGUAGES = ("id",) + NEW_LANGUAGES
REPORT_CASE = EXAMPLES / "caregiver_long_days.yaml"


def _shipped_act_with(tmp_path, language: str, edit):
    """A copy of the shipped act and its language files, with one language's file edited."""
    for path in SHIPPED.parent.glob(f"{SHIPPED.stem}.*"):
        if path.suffix in (".hsa", ".yaml"):
            (tmp_path / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    edited = tmp_path / f"{SHIPPED.stem}.{language}.yaml"
    edited.write_text(edit(edited.read_text(encoding="utf-8")), encoding="utf-8")
    return hsa_dsl.load_act(tmp_path / SHIPPED.name)


def _without_line(start: str):
    def edit(text: str) -> str:
        lines = text.splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(start)]
        assert len(kept) == len(lines) - 1, start  # exactly the one line is gone
        return "".join(kept)
    return edit


@pytest.mark.parametrize("language", TITLED_LANGUAGES)
def test_the_act_and_every_titled_article_have_a_title_in_the_language(act, language):
    templates = load_templates(act, language)
    assert templates.title
    titled = {number for number, article in act.checked.articles.items() if article.titles}
    assert titled and set(templates.articles) == titled
    assert all(isinstance(number, int) and templates.articles[number] for number in titled)


def test_an_article_without_a_title_in_a_language_is_reported_by_name(tmp_path):
    act = _shipped_act_with(tmp_path, "id", _without_line("  18: "))
    # English, where the act gives every title, is never asked for one
    assert check_templates(act) == ["id: article 18 (Overtime pay) has no title"]
    result = CliRunner().invoke(main, ["templates", str(tmp_path / SHIPPED.name)])
    assert result.exit_code == 1
    assert "error: id: article 18 (Overtime pay) has no title" in result.output


def test_a_value_or_fact_without_words_in_a_language_is_reported(tmp_path):
    def edit(text: str) -> str:
        for start in ("  base_shortfall: ", "  WageMonth.paid_on: tanggal", "  WorkDay: ", "  Absence: "):
            text = _without_line(start)(text)
        text = text.replace("\nfields:\n", "\nfields:\n  WageMonth.paid_at: x\n  Absence: {date}\n", 1)
        text = text.replace('\n  HealthCheck: "', '\n  HealthCheck: "{day} ', 1)
        return text.replace("\nnames:\n", "\nnames:\n  shortfall: x\n", 1)

    act = _shipped_act_with(tmp_path, "id", edit)
    assert check_templates(act) == [
        "id: names: 'shortfall' is not an output, definition, parameter or table of the act",
        "id: fields: 'WageMonth.paid_at' is no input, field or listed record of the act "
        "(write an input as its name, a field as Record.field)",
        "id: fields: Absence: not text; write it in quotes (\"{date}\")",
        "id: fields: HealthCheck: {day} is not a field of HealthCheck",
        "id: the definition base_shortfall has no name",
        "id: the field WageMonth.paid_on has no label",
        "id: an entry of WorkDay has no name: give how one is named, from its fields (WorkDay: ...)",
    ]
    # the report falls back to the act's own names where a language gives no words
    report = CliRunner().invoke(main, ["explain", str(EXAMPLES / "no_day_off_food_deducted.yaml"), "--act",
                                       str(tmp_path / SHIPPED.name), "--for", "advocate", "--lang", "id"]).output
    assert "        base_shortfall(p) = NT$28.590\n" in report
    assert "employment.wages[0].paid_on = 10 Desember 2025" in report
    assert "employment.timecard[0].regular_hours = 10 jam" in report


def test_labels_are_asked_of_every_language_once_one_gives_them(tmp_path):
    act = _shipped_act_with(tmp_path, "vi", lambda text: text[:text.index("\nfields:\n")]
                            + text[text.index("\nvalues:\n"):])
    problems = check_templates(act)
    assert "vi: the field WageMonth.paid_on has no label" in problems
    assert "vi: an entry of WageMonth has no name: give how one is named, from its fields (WageMonth: ...)" in problems
    assert all(problem.startswith("vi: ") for problem in problems)


def test_an_act_title_missing_in_a_language_is_reported(tmp_path):
    act = _shipped_act_with(tmp_path, "vi", _without_line("title: "))
    assert check_templates(act) == ["vi: the act's title is missing"]


def test_a_title_for_an_article_the_act_does_not_have_is_reported(tmp_path):
    act = _shipped_act_with(tmp_path, "th", lambda text: text.replace("\narticles:\n", "\narticles:\n  99: x\n  six: x\n", 1))
    assert check_templates(act) == ["th: articles: '99' is not an article of the act",
                                    "th: articles: 'six' is not an article of the act"]


def test_an_article_number_written_as_text_is_the_same_article(tmp_path):
    act = _shipped_act_with(tmp_path, "id", lambda text: text.replace("\n  18: ", '\n  "18": ', 1))
    assert check_templates(act) == []
    assert load_templates(act, "id").articles[18] == load_templates(hsa_dsl.load_act(SHIPPED), "id").articles[18]


def test_the_indonesian_worker_report_has_the_acts_indonesian_title(act):
    english = act.checked.titles["en"]
    result = CliRunner().invoke(main, ["explain", str(REPORT_CASE), "--lang", "id"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # checked by hand against the file's `act_status`, which names the act the same way
    assert result.output.splitlines()[2] == "Undang-Undang Layanan Rumah Tangga (Versi Pekerja)"
    assert english not in result.output
    data = json.loads(CliRunner().invoke(main, ["explain", str(REPORT_CASE), "--lang", "id", "--format", "json"],
                                         catch_exceptions=False).output)
    assert data["explanation"]["act_title"] == "Undang-Undang Layanan Rumah Tangga (Versi Pekerja)"


def test_the_indonesian_advocate_report_has_indonesian_article_titles_and_no_english_one(act):
    templates = load_templates(act, "id")
    result = CliRunner().invoke(main, ["explain", str(REPORT_CASE), "--lang", "id", "--for", "advocate"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    headings = dict(re.findall(r"Pasal (\d+) · ([^:\n]+):", result.output))
    assert {"17", "18", "22", "23", "27"} <= set(headings)
    assert headings["22"] == "Jam kerja, istirahat, dan lembur"  # checked by hand against 工作時間、休息及加班
    for number, title in headings.items():
        assert title == templates.articles[int(number)]
    for article in act.checked.articles.values():
        assert article.titles["en"] not in result.output, article.number
    assert act.checked.titles["en"] not in result.output


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_the_reports_title_each_article_in_the_language(act, language):
    templates = load_templates(act, language)
    explanation = explain(act, act.evaluate(load_case_file(REPORT_CASE), trace=True), load_case_file(REPORT_CASE),
                          REPORT_CASE.name, language)
    assert explanation.act_title == templates.title
    shown = [(section.number, section.title) for section in explanation.articles]
    shown += [(grouped.article, grouped.article_title) for grouped in explanation.groups]
    assert shown and all(title == templates.articles[number] for number, title in shown)
    expert = render.text(explanation, templates)
    assert all(f" · {section.title}\n" in expert for section in explanation.articles)
    advocate = render.report_text(explanation, templates, "advocate", False)
    assert all(f" · {grouped.article_title}:" in advocate for grouped in explanation.groups if grouped.kind == "violation")


# ---------------------------------------------------------------------------- help for the interview


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_and_member_has_a_label_and_a_help_sentence_in_the_language(act, language):
    from hsa_dsl.explain.explanation import case_labels, help_keys

    templates = load_templates(act, language)
    unlabelled = [key for key in case_labels(act.checked) if templates.field_label(key) is None]
    unhelped = [key for key in help_keys(act.checked) if templates.help_text(key) is None]
    wordless = [f"{enum.name}.{member}" for enum in act.checked.enums.values() for member in enum.members
                if member not in templates.values]
    assert (unlabelled, unhelped, wordless) == ([], [], [])
    # one sentence each: the interview shows it under a question, not a paragraph
    assert all(str(text).count("\n") == 0 for text in templates.help.values())


def test_the_indonesian_help_keeps_the_acts_terms(act):
    templates = load_templates(act, "id")
    assert templates.help_text("Employment.timecard").startswith("Hari-hari kerjanya")
    assert "majikan" in templates.help_text("WorkDay.overtime_urgent_need")
    assert "(Pasal 9)" in templates.help_text("TerminationGround.care_recipient_died_or_employment_reason_ended")
    assert templates.help_text("Termination.ground") != load_templates(act, "en").help_text("Termination.ground")


def test_help_missing_or_naming_nothing_is_reported(tmp_path):
    def edit(text: str) -> str:
        text = _without_line('  Termination.ground: "')(text)
        text = _without_line('  TerminationGround.pregnancy: "')(text)
        return text.replace("\nhelp:\n", "\nhelp:\n  Termination.reason: \"x\"\n  Terminator.nobody: \"x\"\n", 1)

    act = _shipped_act_with(tmp_path, "id", edit)
    assert check_templates(act) == [
        "id: help: 'Termination.reason' is no input, field or enumeration member of the act "
        "(write a field as Record.field, a member as Enum.member)",
        "id: help: 'Terminator.nobody' is no input, field or enumeration member of the act "
        "(write a field as Record.field, a member as Enum.member)",
        "id: the field Termination.ground has no help",
        "id: the value TerminationGround.pregnancy has no help",
    ]
    result = CliRunner().invoke(main, ["templates", str(tmp_path / SHIPPED.name)])
    assert result.exit_code == 1
    assert "error: id: the field Termination.ground has no help" in result.output


def test_help_is_asked_of_every_language_once_one_gives_it(tmp_path):
    def without_help(text: str) -> str:
        start = text.index("\nhelp:\n") + 1
        end = start + len("help:\n")
        while text.startswith("  ", end):
            end = text.index("\n", end) + 1
        return text[:start] + text[end:]

    act = _shipped_act_with(tmp_path, "th", without_help)
    problems = check_templates(act)
    assert "th: the input employment has no help" in problems
    assert "th: the value Party.any_person has no help" in problems
    assert all(problem.startswith("th: ") and problem.endswith(" has no help") for problem in problems)
    assert len(problems) == 245  # 1 input, 145 fields of 21 records, 99 members of 18 enumerations


def test_an_english_member_without_a_word_is_reported_once_help_is_given(tmp_path):
    act = _shipped_act_with(tmp_path, "en", _without_line("  both_parties: "))
    assert check_templates(act) == ["en: the value both_parties has no word"]


def test_the_shipped_templates_report_help_as_checked():
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    assert "every title, name, label and help is given, in en, zh, id, vi, tl, th" in result.output


def test_every_check_of_the_act_has_words_in_every_other_language(act):
    from hsa_dsl.explain.explanation import check_messages

    messages = check_messages(act.checked)
    assert "the contract cannot end before it starts" in messages and len(messages) == 28
    for language in available_languages(act):
        if language != "en":
            assert sorted(load_templates(act, language).checks) == sorted(messages), language
    assert load_templates(act, "id").checks["the contract cannot end before it starts"] == \
        "Kontrak tidak bisa berakhir sebelum dimulai."


def test_a_check_missing_or_naming_nothing_is_reported(tmp_path):
    def edit(text: str) -> str:
        text = _without_line('  "two periods of work overlap": ')(text)
        return text.replace("\nchecks:\n", '\nchecks:\n  "the contract ends too soon": "x"\n', 1)

    act = _shipped_act_with(tmp_path, "vi", edit)
    assert check_templates(act) == [
        "vi: checks: 'the contract ends too soon' is not the message of any check of the act",
        'vi: the check "two periods of work overlap" has no words',
    ]
