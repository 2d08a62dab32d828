"""The benchmark's yardstick, bench/hand_written.py, decides cases exactly as the compiled act does.

The comparison is bench/check_hand_written.py's (itself bench/bench.py's): the same violations
with the same bindings, and the same value of the same kind for every output and entitlement.
"""

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsa_dsl.prove.strategies import valid_cases

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import check_hand_written  # noqa: E402
from depth import examples

EXAMPLES = check_hand_written.example_cases()

_strategies: dict = {}


def strategy(act, kind: str):
    """The strategies are made once: each walks the whole act to find its boundaries."""
    if kind not in _strategies:
        _strategies[kind] = (valid_cases(act, max_list=10) if kind == "declared"
                             else check_hand_written.dense_cases(act))
    return _strategies[kind]


@pytest.mark.parametrize("case", [case for _, case in EXAMPLES], ids=[name for name, _ in EXAMPLES])
def test_hand_written_code_agrees_with_the_act_on_the_examples_and_the_benchmark_case(act, case):
    assert check_hand_written.compare(act, case) == []


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_hand_written_code_agrees_with_the_act_on_random_cases(act, data):
    case = data.draw(strategy(act, "declared"))
    assert check_hand_written.compare(act, case) == []


@settings(max_examples=examples(100), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(st.data())
def test_hand_written_code_agrees_with_the_act_on_random_time_cards_and_terminations(act, data):
    case = data.draw(strategy(act, "dense"))
    assert check_hand_written.compare(act, case) == []
