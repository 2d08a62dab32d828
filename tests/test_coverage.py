"""`hsa-dsl articles` and `hsa-dsl coverage`."""

import json

from click.testing import CliRunner

from hsa_dsl.cli import main

from conftest import EXAMPLES, TEST_ACTS
from test_cli import golden


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_articles_lists_every_article_with_its_status():
    result = run("articles", TEST_ACTS / "library.hsa")
    assert result.exit_code == 0
    golden("library_articles.txt", result.output)
    rows = json.loads(run("articles", TEST_ACTS / "library.hsa", "--format", "json").output)
    assert [(r["article"], r["status"], r["rules"]) for r in rows] == [
        (1, "rules", ["late_fee", "fees"]), (2, "rules", ["no_fee_for_veterans"]),
        (3, "rules", ["return_within_period", "replacement"])]


def test_the_shipped_examples_exercise_every_rule():
    result = run("coverage", "--cases", EXAMPLES)
    assert result.exit_code == 0, result.output
    assert "every decidable article has rules, and every rule applies somewhere" in result.output


def write_case(folder, name, loans, joined="2020-01-01"):
    case = {"member": {"joined": joined, "loans": [
        {"title": "t", "borrowed": b, "returned": r} for b, r in loans]}, "today": "2025-03-01"}
    (folder / name).write_text(json.dumps(case), encoding="utf-8")


def test_a_rule_that_never_applies_fails_coverage(tmp_path):
    write_case(tmp_path, "on_time.json", [("2025-01-01", "2025-01-10")])
    result = run("coverage", TEST_ACTS / "library.hsa", "--cases", tmp_path)
    assert result.exit_code == 1
    assert "error: rule late_fee (article 1) applies in no case and no test" in result.output
    assert "error: rule no_fee_for_veterans (article 2) applies in no case and no test" in result.output
    data = json.loads(run("coverage", TEST_ACTS / "library.hsa", "--cases", tmp_path, "--format", "json").output)
    fees = next(r for r in data["rules"] if r["rule"] == "fees")
    assert fees["applied_in"] == ["on_time.json"] and data["ok"] is False


def test_cases_and_test_records_together(tmp_path):
    write_case(tmp_path, "late.json", [("2025-01-01", "2025-03-01")])
    write_case(tmp_path, "veteran.json", [("2025-01-01", "2025-03-01")], joined="2010-01-01")
    record = tmp_path / "record.txt"
    record.write_text(json.dumps({"tests": {"tests/test_x.py::test_y": ["late_fee"]}}), encoding="utf-8")
    result = run("coverage", TEST_ACTS / "library.hsa", "--cases", tmp_path, "--tests", record, "--format", "json")
    data = json.loads(result.output)
    late_fee = next(r for r in data["rules"] if r["rule"] == "late_fee")
    assert late_fee["applied_in"] == ["late.json", "veteran.json", "tests/test_x.py::test_y"]
    assert data["ok"] is True and result.exit_code == 0


def test_an_article_with_neither_rules_nor_informative_fails(tmp_path):
    text = (TEST_ACTS / "library.hsa").read_text(encoding="utf-8").replace(
        '  article 3\n', '  article 4\n    en "Quiet, please."\n  end\n\n  article 3\n')
    act = tmp_path / "library.hsa"
    act.write_text(text, encoding="utf-8")
    result = run("coverage", act, "--cases", tmp_path / "none")
    assert result.exit_code == 1
    assert "no case file or folder" in result.output or "article 4 can be decided" in result.output
    (tmp_path / "cases").mkdir()
    result = run("coverage", act, "--cases", tmp_path / "cases")
    assert "error: article 4 can be decided from facts but has no rule" in result.output
