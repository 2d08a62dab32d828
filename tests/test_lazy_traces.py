"""A traced verdict makes each finding's trace into data when it is first read, and a traced
evaluation records what a call of a definition with parameters read once per arguments,
shared by the traces of every caller. Neither can be seen: the data is what making every
trace at once, with every call recorded anew, gave."""

import copy
import decimal
import json
import pickle

import pytest

from hsa_dsl.cases import load_case_file
from hsa_dsl.runtime import engine
from hsa_dsl.runtime.verdict import _TRACE_SLOT, Finding, _Unread

from conftest import EXAMPLES

CASES = sorted(EXAMPLES.glob("*.yaml"))[::4]


def unread(finding: Finding) -> bool:
    return type(_TRACE_SLOT.__get__(finding, Finding)) is _Unread


def as_json(verdict) -> str:
    return json.dumps(verdict.to_json(), sort_keys=False)


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.name)
def test_traces_read_late_in_any_order_and_context_are_the_traces(act, path):
    inputs = act.validate(load_case_file(path))
    first = act.evaluate_inputs(inputs, trace=True)
    assert first.findings and all(unread(f) for f in first.findings)
    expected = as_json(first)
    assert not any(unread(f) for f in first.findings)

    # read backwards, in a decimal context of the caller's that would round every amount
    second = act.evaluate_inputs(inputs, trace=True)
    with decimal.localcontext(decimal.Context(prec=3, traps=[])):
        traces = [f.trace for f in reversed(second.findings)][::-1]
    assert as_json(second) == expected
    assert [f.trace for f in second.findings] == traces
    # made once: the reader's changes stay, as with any data a verdict holds
    for finding in second.findings:
        assert finding.trace is finding.trace


def test_every_way_of_reading_a_finding_reads_its_trace(act):
    inputs = act.validate(load_case_file(CASES[0]))
    made = act.evaluate_inputs(inputs, trace=True).findings
    for read in (lambda f: f.trace, repr, lambda f: f.to_json(), copy.copy, copy.deepcopy,
                 lambda f: pickle.loads(pickle.dumps(f)), lambda f: f == f):
        finding = act.evaluate_inputs(inputs, trace=True).findings[0]
        assert unread(finding)
        result = read(finding)
        assert not unread(finding)
        if isinstance(result, Finding):
            assert not unread(result) and result == made[0] and type(result.trace) is dict
    assert made[0] == act.evaluate_inputs(inputs, trace=True).findings[0]
    untraced = act.evaluate_inputs(inputs, trace=False).findings[0]
    assert untraced.trace is None


class _Forgetful(dict):
    """Keeps nothing: every call of a definition is recorded anew."""

    def __setitem__(self, key, value):
        pass


@pytest.mark.parametrize("path", CASES + [EXAMPLES / "caregiver_long_days.yaml"], ids=lambda p: p.name)
def test_calls_recorded_once_are_the_calls_recorded_every_time(act, path, monkeypatch):
    inputs = act.validate(load_case_file(path))
    shared = act.evaluate_inputs(inputs, trace=True)
    ctx, _, _ = act.compiled.run(inputs, True)
    reused = len(ctx.recordings)

    made = engine.Context.__init__

    def forgetful(self, *args, **kwargs):
        made(self, *args, **kwargs)
        self.recordings = _Forgetful()

    monkeypatch.setattr(engine.Context, "__init__", forgetful)
    anew = act.evaluate_inputs(inputs, trace=True)
    # (as JSON: the windows steps name are made anew by each evaluation, and are not equal)
    assert as_json(shared) == as_json(anew)
    if path.name == "caregiver_long_days.yaml":
        assert reused  # the time card's days are read by rule after rule
