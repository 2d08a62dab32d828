"""The worked examples in examples/: each case's findings, checked against the Act by hand.

What each example must give is written beside the act, in ``acts/tests/<example>.yaml`` (the
format is in :mod:`hsa_dsl.act_tests`), with the arithmetic worked out from the Act's text, not
copied from the program, in the comment above it. ``hsa-dsl test`` runs the same files. Each
states

- ``findings``: the exact multiset of (kind, rule) pairs the verdict must contain, every kind
  included (violations, permissions, values, entitlements, penalties, warnings), with counts;
- ``values``: the outputs and definitions the case decides, with their exact values; an output
  of the Act that is not listed must be left undecided;
- ``where`` (where given): for a rule that fires once per entry, the entries it fired for;
- ``owed`` (where given): for an entitlement owed once for each entry (a month's unpaid wages),
  its exact amounts in the order of the entries;
- ``total``: the money the worker is owed in all, each item rounded half up to a whole NT$.

This module runs them, and checks what must hold of every example beyond its own numbers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import hsa_dsl
from hsa_dsl import act_tests

from conftest import ROOT

EXAMPLES = ROOT / "examples"
TESTS_FOLDER = ROOT / "acts" / "tests"
CASE_SUFFIXES = (".yaml", ".yml", ".json")
TESTS = {test.case.name: test for test in act_tests.load_tests([TESTS_FOLDER])
         if isinstance(test.case, Path) and test.case.parent == EXAMPLES}


def example_files() -> list[Path]:
    return sorted(p for p in EXAMPLES.iterdir() if p.suffix in CASE_SUFFIXES)


ALL_EXAMPLES = [pytest.param(p.name, id=p.name) for p in example_files()]


@pytest.fixture(scope="module")
def act():
    return hsa_dsl.load_act()


@pytest.fixture(scope="module")
def verdicts(act):
    cache: dict[tuple[str, bool], hsa_dsl.Verdict] = {}

    def get(name: str, trace: bool = True) -> hsa_dsl.Verdict:
        key = (name, trace)
        if key not in cache:
            cache[key] = act.evaluate(EXAMPLES / name, trace=trace)
        return cache[key]

    return get


def finding_counts(verdict) -> Counter:
    return Counter((f.kind, f.rule) for f in verdict.findings)


def test_every_example_has_a_test_beside_the_act():
    names = {p.name for p in example_files()}
    assert names, "no example cases found"
    assert names - set(TESTS) == set(), "examples without a test in acts/tests/"
    assert set(TESTS) - names == set(), "tests of examples that do not exist"


@pytest.mark.parametrize("name", sorted(TESTS))
def test_each_example_test_states_everything(name):
    # the findings, the values and the total are stated for every example; `where` names as
    # many entries as its rule has findings
    test = TESTS[name]
    assert test.findings is not None and test.values is not None and test.total is not None, name
    for rule, entries in (test.where or {}).items():
        fired = sum(n for (_, r), n in test.findings.items() if r == rule)
        assert fired == len(entries), (name, rule)


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_the_example_gives_what_its_test_says(name, act):
    outcome = act_tests.run_one(act, TESTS[name])
    assert outcome.passed, act_tests.render_outcomes([outcome])


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_compliant_example_has_no_violation(name, verdicts):
    """A case with no expected violation has none, nor any conflict between rules."""
    verdict = verdicts(name)
    assert verdict.conflicts == ()
    if not any(kind == "violation" for kind, _ in TESTS[name].findings):
        assert verdict.violations == ()


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_provisions_belong_to_the_article(name, verdicts):
    for finding in verdicts(name).findings:
        where = (finding.rule, finding.provision)
        assert finding.provision.startswith(f"art_{finding.article}"), where
        # and not to an article whose number merely starts the same way (art_1 / art_13)
        rest = finding.provision[len(f"art_{finding.article}"):]
        assert rest == "" or rest.startswith("__"), where
        assert finding.provision in finding.provisions


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_trace_off_gives_the_same_verdict(name, verdicts):
    traced, plain = verdicts(name, True), verdicts(name, False)
    assert finding_counts(plain) == finding_counts(traced)

    def described(verdict):
        return sorted(
            (f.kind, f.rule, f.provision, sorted(f.binding.items())) for f in verdict.findings
        )

    assert described(plain) == described(traced)
    assert plain.values == traced.values
    assert all(f.trace is None for f in plain.findings)
