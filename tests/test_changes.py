"""What would change a finding is checked by deciding the finding's rule again, and the rules it
reads, on the case with one fact changed: the same answer as evaluating the whole changed case,
at the cost of one rule rather than of the whole case."""

import copy
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from hsa_dsl.cases import load_case_file
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.explanation import _FLIP, _fact_path, _outcome_changes, path_steps

from hsa_dsl.prove.strategies import valid_cases

from conftest import EXAMPLES
from depth import examples


def _whole_case_says(act, finding, raw_case, path, value) -> bool:
    """The slow way: the whole case, changed, validated and evaluated again."""
    case = copy.deepcopy(raw_case)
    target = case
    steps = path_steps(path)
    for name, index in steps[:-1]:
        target = target[int(index)] if index else target[name]
    shown = str(value) if isinstance(value, Decimal) else value.isoformat() if hasattr(value, "isoformat") else value
    target[steps[-1][0]] = shown
    try:
        verdict = act.evaluate(case, trace=False)
    except HsaError:
        return False
    return not any(f.rule == finding.rule and f.kind == finding.kind and f.binding == finding.binding
                   for f in verdict.findings)


def _candidates(finding):
    """Each change of a fact the explanation weighs for a finding, offered or not: the fact a
    deciding comparison reads, set to the comparison's threshold (see `_changes`)."""
    role = "violated" if finding.kind == "violation" else "when"
    for step in finding.trace["steps"]:
        if step.get("role") == role and step["kind"] == "compare" and step["value"]:
            _, target = _FLIP[step["operator"]]
            path = _fact_path(finding, step["operand_paths"][0])
            if path is not None and target is not None:
                yield path, target(step["operands"][1])


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_a_change_is_judged_as_the_whole_changed_case_would_judge_it(act, example):
    raw = load_case_file(EXAMPLES / example)
    verdict = act.evaluate(raw, trace=True)
    inputs = act.validate(raw)
    for finding in verdict.findings:
        for path, value in _candidates(finding):
            assert _outcome_changes(act, finding, inputs, path, value) == \
                _whole_case_says(act, finding, raw, path, value), (finding.rule, path, value)


def test_the_examples_weigh_changes_of_facts_both_offered_and_refused(act):
    outcomes = []
    for example in sorted(EXAMPLES.glob("*.yaml")):
        raw = load_case_file(example)
        verdict = act.evaluate(raw, trace=True)
        inputs = act.validate(raw)
        outcomes += [_outcome_changes(act, f, inputs, path, value)
                     for f in verdict.findings for path, value in _candidates(f)]
    # the comparison above is not empty (the generated cases below meet the refusals too)
    assert outcomes.count(True) >= 40


@settings(max_examples=examples(60), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_on_generated_cases_a_change_is_judged_as_the_whole_case_would_judge_it(act, data):
    raw = data.draw(valid_cases(act, max_list=8))
    verdict = act.evaluate(raw, trace=True)
    inputs = act.validate(raw)
    for finding in verdict.findings:
        for path, value in _candidates(finding):
            quick = _outcome_changes(act, finding, inputs, path, value)
            event("a change offered" if quick else "a change refused")
            assert quick == _whole_case_says(act, finding, raw, path, value), (finding.rule, path, value)
