"""The command line, with golden files for each output shape.

After an intended change of output, regenerate the golden files with
``HSA_UPDATE_GOLDEN=1 pytest tests/test_cli.py`` and review the diff.
"""

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from hsa_dsl.cli import main

from conftest import EXAMPLES, ROOT, SHIPPED, TEST_ACTS

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = Path(__file__).resolve().parent / "cases"
UPDATE = os.environ.get("HSA_UPDATE_GOLDEN") == "1"


def run(*args):
    runner = CliRunner()
    result = runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return result


def relative(text: str) -> str:
    """Golden files do not depend on where the repository is."""
    return text.replace(str(ROOT) + os.sep, "")


def golden(name: str, text: str) -> None:
    path = GOLDEN / name
    text = relative(text)
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {name}: run with HSA_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_check_the_shipped_act():
    result = run("check")
    assert result.exit_code == 0
    golden("check.txt", result.output)


def test_check_a_broken_act_reports_every_error_with_its_place():
    result = run("check", TEST_ACTS / "broken.hsa")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    golden("check_broken.txt", result.output)


def test_check_a_syntax_error():
    result = run("check", TEST_ACTS / "library.hsa".replace("library", "missing"))
    assert result.exit_code == 1
    assert "cannot read" in result.output


def test_explain_text():
    result = run("explain", "--for", "expert", CASES / "small.yaml")
    assert result.exit_code == 0, result.output
    golden("explain_small.txt", result.output)


def test_explain_json_is_stable():
    result = run("explain", "--for", "expert", CASES / "small.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # the shipped act's status comes first
    assert list(data) == ["notice", "format", "act", "summary", "findings", "values", "value_traces", "case",
                          "explanation", "audience"]
    for finding in data["findings"]:
        assert {"kind", "article", "provision", "rule", "conclusion", "trace"} <= set(finding)
    golden("explain_small.json", result.output)


def test_explain_is_deterministic():
    first = run("explain", "--for", "expert", CASES / "small.yaml", "--format", "json").output
    assert run("explain", "--for", "expert", CASES / "small.yaml", "--format", "json").output == first


@pytest.mark.parametrize("language", ["en", "zh", "id"])
def test_explain_in_each_language(language):
    result = run("explain", "--for", "expert", CASES / "small.yaml", "--lang", language)
    assert result.exit_code == 0
    golden(f"explain_small.{language}.txt", result.output)


def test_explain_in_chinese():
    result = run("explain", "--for", "expert", CASES / "small.yaml", "--lang", "zh")
    # what the act is comes first, then its title
    assert result.output.startswith("這是《家事服務法（勞工版）》")
    assert "\n\n家事服務法(勞工版)\n" in result.output
    assert "第 9 條 · 雇方預告終止契約" in result.output


def test_explain_an_invalid_case(tmp_path):
    case = tmp_path / "bad.yaml"
    case.write_text("employment:\n  contract: {kind: fixed, start: 2025-01-01, monthly_wage: -5}\n", encoding="utf-8")
    result = run("explain", "--for", "expert", case)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    golden("explain_invalid.txt", result.output.replace(str(case), "bad.yaml"))


def test_explain_with_a_broken_act():
    result = run("explain", "--for", "expert", CASES / "small.yaml", "--act", TEST_ACTS / "broken.hsa")
    assert result.exit_code == 1
    assert "broken.hsa:23:10: error: cannot add money and hours" in relative(result.output)


def test_schema():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert schema["properties"]["employment"] == {"$ref": "#/$defs/Employment"}
    assert schema["$defs"]["WorkDay"]["properties"]["regular_hours"]["anyOf"][0]["maximum"] == 24
    golden("schema.json", result.output)


def test_compile_writes_a_module(tmp_path):
    target = tmp_path / "rules.py"
    result = run("compile", "-o", target)
    assert result.exit_code == 0
    source = target.read_text(encoding="utf-8")
    compile(source, str(target), "exec")
    assert "def rule_0(ctx):" in source
    assert "eval(" not in source and "exec(" not in source


@pytest.mark.slow
def test_every_example_explains(tmp_path):
    for case in sorted(EXAMPLES.glob("*.yaml")):
        result = run("explain", "--for", "expert", case)
        assert result.exit_code == 0, (case.name, result.output)


def test_a_fault_of_hsa_dsl_is_reported_without_a_traceback(monkeypatch):
    from hsa_dsl import api

    def broken(*args, **kwargs):
        raise KeyError("boom")

    monkeypatch.setattr(api.Act, "evaluate", broken)
    result = CliRunner().invoke(main, ["explain", "--for", "expert", str(CASES / "small.yaml")])
    assert result.exit_code == 2
    assert "internal error in hsa-dsl: KeyError" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- mistakes on the command line


@pytest.mark.parametrize("args, message", [
    (["--why", "art22_daly"], "--why: error: no rule or article named 'art22_daly'"),
    (["--why-not", "99"], "--why-not: error: no rule or article named '99'"),
    (["--lang", "x/y"], "--lang: error: 'x/y' is not the code of a language"),
    (["-o", "no/such/folder/report.txt"], "no/such/folder/report.txt: error: cannot write it"),
])
def test_command_line_mistakes_are_told_as_such(args, message, tmp_path):
    result = CliRunner().invoke(main, ["explain", "--for", "expert", str(EXAMPLES / "caregiver_long_days.yaml"), *args])
    assert result.exit_code == 1
    assert message in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output


def test_why_names_its_near_miss():
    result = CliRunner().invoke(main, ["explain", "--for", "expert", str(EXAMPLES / "caregiver_long_days.yaml"),
                                       "--why", "art22_daly_regular_hours"])
    assert "did you mean 'art22_daily_regular_hours'?" in result.output


def test_verify_needs_at_least_one_entry():
    result = CliRunner().invoke(main, ["verify", "--entries", "0"])
    assert result.exit_code == 2 and "0 is not in the range x>=1" in result.output
