"""The shipped act explained in Vietnamese, Tagalog (Filipino) and Thai: every example explains
without error, every rule's sentence is the language's own (none left in English), and nothing
is missing from any language's file."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from hsa_dsl.cases import load_case_file
from hsa_dsl.cli import main
from hsa_dsl.explain import render
from hsa_dsl.explain.explanation import (ENGLISH_PHRASES, LANGUAGES, available_languages, check_templates,
                                         explain, load_templates)

from conftest import EXAMPLES
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
