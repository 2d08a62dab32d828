"""`hsa-dsl diff`: what an amendment changes, in the text, on cases, and in general.

Golden files: ``tests/golden/diff/`` (``HSA_UPDATE_GOLDEN=1`` rewrites them; review the diff).
Every witness the general answer gives is replayed here through both texts.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl import amendment
from hsa_dsl.cli import main
from hsa_dsl.explain.explanation import exact_amount
from hsa_dsl.syntax.layout import format_text

from helpers import golden as check_golden
from conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
LIBRARY = "tests/acts/library.hsa"
LONGER_LOANS = "tests/acts/amended/library_longer_loans.hsa"
AMENDMENTS = sorted((ROOT / "examples" / "amendments").glob("*.hsa"))


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


@pytest.fixture
def run(monkeypatch):
    monkeypatch.chdir(ROOT)

    def invoke(*args):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("output_format", ["text", "md", "json"])
def test_the_toy_amendment_in_every_format(run, output_format):
    result = run("diff", LIBRARY, LONGER_LOANS, "--cases", "tests/cases/library_late.json", "--format", output_format)
    assert result.exit_code == 1
    golden(f"library_longer_loans.{'txt' if output_format == 'text' else output_format}", result.output)


def test_each_witness_is_decided_differently_by_the_two_texts(run):
    # 20 days of loan instead of 14, NT$12 a day instead of NT$10 from 2025
    result = run("diff", LIBRARY, LONGER_LOANS, "--format", "json")
    general = json.loads(result.output)["general"]
    old, new = hsa_dsl.load_act(ROOT / LIBRARY), hsa_dsl.load_act(ROOT / LONGER_LOANS)
    assert {w["rule"] for w in general["witnesses"]} == {"late_fee", "fees", "return_within_period", "replacement"}
    for witness in general["witnesses"]:
        found = [Counter((f.kind, str(exact_amount(f))) for f in act.evaluate(witness["case"]).findings
                         if f.rule == witness["rule"]) for act in (old, new)]
        assert found[0] != found[1], witness["rule"]


def test_the_toy_amendment_on_data_by_hand(run):
    # Dune was kept 40 days: 26 days late under a 14-day loan at NT$10 = NT$260; 20 days late
    # under a 20-day loan at NT$12 = NT$240
    result = run("diff", LIBRARY, LONGER_LOANS, "--cases", "tests/cases/library_late.json", "--no-general")
    assert "entitlement fees (Art. 1): once: 260 → once: 240" in result.output
    assert "money owed in all: NT$260 → NT$240" in result.output
    assert "1 of 1 cases are decided differently.\nBy article: Art. 1: 1 case." in result.output


def test_cases_from_a_json_lines_file_are_named_by_their_line(run, tmp_path):
    late = (ROOT / "tests" / "cases" / "library_late.json").read_text(encoding="utf-8").strip()
    on_time = late.replace('"returned": "2025-02-10"', '"returned": "2025-01-05"')
    path = tmp_path / "cases.jsonl"
    path.write_text(f"{late}\n\n{on_time}\n", encoding="utf-8")
    result = run("diff", LIBRARY, LONGER_LOANS, "--cases", path, "--no-general", "--format", "json")
    cases = json.loads(result.output)["cases"]
    # a book back in 4 days is late under neither text
    assert (cases["cases"], cases["changed"], cases["all_changed"]) == (2, 1, [f"{path}:1"])


def test_an_act_against_itself_or_its_reformatting_differs_in_nothing(run, tmp_path):
    messy = tmp_path / "library.hsa"
    text = (ROOT / LIBRARY).read_text(encoding="utf-8")
    messy.write_text(text.replace("\n  ", "\n      ").replace("# ", "#    "), encoding="utf-8")
    assert format_text(messy.read_text(encoding="utf-8")) != text  # the comments changed, not the rules
    result = run("diff", LIBRARY, messy, "--cases", "tests/cases")
    assert result.exit_code == 0
    assert "No article, rule or declaration differs (layout and comments aside)." in result.output
    assert "0 of " in result.output
    assert "No rule can decide differently: nothing a rule reads has changed." in result.output


def test_a_missing_case_folder_is_named(run):
    result = run("diff", LIBRARY, LONGER_LOANS, "--cases", "no/such/folder")
    assert result.exit_code == 1
    assert "no/such/folder: error: no such file or folder" in result.output


def test_the_rules_an_amendment_touches_follow_what_they_read():
    old, new = hsa_dsl.load_act(ROOT / LIBRARY), hsa_dsl.load_act(ROOT / LONGER_LOANS)
    from hsa_dsl.prove.amendment import touched_rules
    from hsa_dsl.syntax import parse

    changes = amendment.text_changes(parse(old.source), parse(new.source))
    # loan_days and daily_fee changed; no_fee_for_veterans reads neither (it is an exception
    # to late_fee, which does not change what it finds)
    assert touched_rules(old, new, changes) == ["late_fee", "fees", "return_within_period", "replacement"]


@pytest.mark.parametrize("path", AMENDMENTS, ids=lambda p: p.stem)
def test_the_example_amendments_on_the_examples(run, path):
    result = run("diff", "acts/household_service.hsa", path.relative_to(ROOT), "--cases", "examples", "--no-general")
    assert result.exit_code == 1
    golden(f"{path.stem}.txt", result.output)


@pytest.mark.slow
def test_a_ninth_hour_a_day_has_a_witness_between_eight_and_nine_hours(run):
    result = run("diff", "acts/household_service.hsa", "examples/amendments/daily_limit_nine_hours.hsa")
    golden("daily_limit_nine_hours.general.txt", result.output)
    shown = result.output.split("art22_daily_regular_hours (Art. 22)\n", 1)[1]
    case = json.loads(shown.split("    case: ", 1)[1].split("\n", 1)[0])
    [day] = case["employment"]["timecard"]
    hours = float(day.get("hours_worked") or day.get("regular_hours"))
    assert 8 < hours <= 9
    # the case is a real one: a violation under the old text, none under the new
    old, new = hsa_dsl.load_act(), hsa_dsl.load_act(ROOT / "examples/amendments/daily_limit_nine_hours.hsa")
    assert [f.rule for f in old.evaluate(case).findings].count("art22_daily_regular_hours") == 1
    assert [f.rule for f in new.evaluate(case).findings].count("art22_daily_regular_hours") == 0
