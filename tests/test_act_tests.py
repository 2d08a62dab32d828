"""`hsa-dsl test`: tests beside the act, in YAML (see hsa_dsl/act_tests.py).

The shipped act's tests are its worked examples (``acts/tests/``, also run one by one in
test_examples.py); the toy act has its own (``tests/acts/tests/``). Golden files:
``tests/golden/act_tests/`` (``HSA_UPDATE_GOLDEN=1`` rewrites them; review the diff).
"""

from __future__ import annotations

import os
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl import act_tests
from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError

from helpers import golden as check_golden
from conftest import ROOT, TEST_ACTS

GOLDEN = Path(__file__).resolve().parent / "golden" / "act_tests"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "act_tests"


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text.replace(str(ROOT) + os.sep, ""))


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_the_shipped_act_passes_its_tests(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("test")
    assert result.exit_code == 0, result.output
    golden("household_service.txt", result.output)
    # one test per worked example
    examples = [p for p in (ROOT / "examples").iterdir() if p.suffix in (".yaml", ".json")]
    assert result.output.endswith(f"\n{len(examples)} passed, 0 failed\n")


def test_the_toy_act_passes_its_tests(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("test", TEST_ACTS / "library.hsa")
    assert result.exit_code == 0
    golden("library.txt", result.output)


def test_a_failing_test_says_what_was_expected_what_was_found_and_why(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("test", TEST_ACTS / "library.hsa", FIXTURES / "library_wrong.yaml")
    assert result.exit_code == 1
    golden("library_wrong.txt", result.output)
    # the counts, the articles, the value (500/2 = 250, not 260) and the total all differ
    assert "findings: penalty replacement\n      expected: 1\n      found:    0" in result.output
    assert "breached: articles with a violation\n      expected: [1, 3]\n      found:    [3]" in result.output
    assert "values: total_fees\n      expected: 500/2\n      found:    260" in result.output
    assert "the act has no rule named 'late_fees' (did you mean 'late_fee'?)" in result.output
    assert "a book cannot be returned before it is borrowed" in result.output
    assert result.output.endswith("0 passed, 3 failed\n")


def test_a_test_of_another_act_is_left_out_of_the_folder(tmp_path):
    (tmp_path / "other.yaml").write_text("act: other.hsa\ncase: {}\ntotal: 0\n", encoding="utf-8")
    (tmp_path / "mine.yaml").write_text("act: library.hsa\ncase: ../cases/library_late.json\n", encoding="utf-8")
    tests = act_tests.load_tests([tmp_path], "library.hsa")
    assert [t.name for t in tests] == ["mine"]


@pytest.mark.parametrize("text, message", [
    ("case: x.json\ntotall: 3\n", "unknown key 'totall'"),
    ("findings: {}\n", "a test needs a `case`"),
    ("case: x.json\ntotal: 12,5\n", "'12,5' is not an amount"),
    ("case: x.json\nfindings: {violations: {r: 1}}\n", "no kind of finding is called 'violations'"),
    ("case: x.json\nfindings: {violation: {r: 0}}\n", "0 is not a number of findings"),
    ("case: x.json\ncase: y.json\n", "given twice"),
    ("- case: x.json\n", "a test is a mapping"),
    ("tests: [{case: x.json}]\n", "each test is a mapping with a `name`"),
    ("case: x.json\nbreached: [seventeen]\n", "`breached` is a list of article numbers"),
])
def test_a_malformed_test_file_is_refused_with_its_place(tmp_path, text, message):
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(HsaError) as raised:
        act_tests.load_tests([path])
    rendered = raised.value.render()
    assert message in rendered and "bad.yaml" in rendered


def test_amounts_are_exact_whichever_way_they_are_written(tmp_path):
    path = tmp_path / "amounts.yaml"
    path.write_text('case: {}\nowed: {r: [12865.5, "25731/2", 7, "1/3"]}\n', encoding="utf-8")
    [test] = act_tests.load_tests([path])
    assert test.owed == {"r": (Fraction(25731, 2), Fraction(25731, 2), Fraction(7), Fraction(1, 3))}


def test_a_value_is_compared_exactly(tmp_path):
    # NT$260 is 260 and 260.00, not 260.001; a yes is not a 1
    library = hsa_dsl.load_act(TEST_ACTS / "library.hsa")
    case = (ROOT / "tests" / "cases" / "library_late.json").resolve()
    for value, passes in (("260", True), ("260.00", True), ("260.001", False), ("true", False)):
        path = tmp_path / "value.yaml"
        path.write_text(f"case: {case}\nvalues: {{total_fees: {value}}}\n", encoding="utf-8")
        [test] = act_tests.load_tests([path])
        assert act_tests.run_one(library, test).passed is passes, value
