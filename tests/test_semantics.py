"""Default logic has one home: the IR's targets say which rules compete, what overrides what
and which pairs of rules can contradict each other (compiler/semantics.py). The engine (through
the compiled module's tables) and the prover both read it there, and so agree."""

import ast
from pathlib import Path

import pytest

import hsa_dsl
from hsa_dsl.compiler import ir, semantics
from hsa_dsl.prove.verify import _conflict_kind, _Verifier
from hsa_dsl.runtime import engine

from conftest import ROOT, SHIPPED, TEST_ACTS

#: acts written to be refused by `check`
REFUSED = {"broken.hsa", "exception_cycle.hsa"}
ACTS = [SHIPPED] + [path for path in sorted(TEST_ACTS.glob("*.hsa")) + sorted((TEST_ACTS / "flawed").glob("*.hsa"))
                    if path.name not in REFUSED]


@pytest.fixture(scope="module", params=ACTS, ids=lambda path: path.stem)
def loaded(request):
    return hsa_dsl.load_act(request.param)


def compared(pairs) -> dict:
    """Pairs of rules (in either order) to whether they contradict only where their values differ."""
    return {frozenset((first, second)): compares_values for first, second, compares_values in pairs}


def test_the_engine_and_the_prover_see_the_same_competing_pairs(loaded):
    in_ir = compared((pair.first, pair.second, pair.reason == ir.DIFFERENT_VALUES)
                     for target in loaded.program.targets for pair in semantics.candidate_pairs(target))
    # the engine: the plan it runs, read from the compiled module's tables, asked of every pair
    # of a target's rules
    in_engine = compared((first, second, row[4].compares_values(first, second))
                         for row in engine._plan(loaded.module) if row[4] is not None
                         for i, first in enumerate(row[0]["rules"]) for second in row[0]["rules"][i + 1:]
                         if row[4].compares_values(first, second) is not None)
    # the prover: the conflicts it asks the solver about
    in_prover = compared((pair.first, pair.second, _conflict_kind(pair) == "value_conflict")
                         for _, pair in _Verifier(loaded, 3, 1_000, 1).conflict_questions())
    assert in_engine == in_ir == in_prover


def test_the_engine_and_the_prover_see_the_same_exceptions(loaded):
    encoder = _Verifier(loaded, 3, 1_000, 1).search.loose
    for rule in loaded.program.rules:
        tables = loaded.module.RULES[rule.name]
        assert tables["overridden_by"] == tuple(encoder.overriders(rule.name)) == rule.overridden_by
        assert tables["exception_to"] == rule.exception_to
    for row, target in zip(engine._plan(loaded.module), loaded.program.targets):
        assert row[0]["key"] == target.key and row[0]["order"] == target.order
        assert row[3] == target.has_exceptions == any(loaded.program.rule(n).overridden_by for n in target.rules)


FERRY = (Path(__file__).parent / "test_conflicts.py").read_text(encoding="utf-8").split("ACT = '''")[1].split("'''")[0]


def test_what_contradicts_what():
    act = hsa_dsl.load_act_text(FERRY + '''
party crew "the crew"
action rest "rest"
article 2
  en "The crew shall rest."
  en "The crew may rest."
  rule crew_must_rest
    cites art_2
    quote en "The crew shall rest."
    then crew must rest
  end
  rule crew_may_rest
    cites art_2
    quote en "The crew may rest."
    then crew may rest
  end
end
''', "ferry.hsa")
    candidates = {tg.key: [(p.first, p.second, p.reason) for p in semantics.candidate_pairs(tg)]
                  for tg in act.program.targets}
    # a prohibition against a permission contradicts it; its declared exception does not, nor
    # do two permissions
    assert candidates[("norm", "operator", "sail")] == [
        ("may_sail", "no_sailing_in_storm", ir.PROHIBITION_AGAINST_PERMISSION)]
    # two assignments of one output, where their values differ
    assert candidates[("output", "fare_band")] == [("small_group", "large_group", ir.DIFFERENT_VALUES)]
    # a duty and a permission agree
    assert candidates[("norm", "crew", "rest")] == []
    targets = {tg.key: tg for tg in act.program.targets}
    assert targets[("norm", "operator", "sail")].has_exceptions and targets[("norm", "operator", "sail")].may_clash
    assert targets[("output", "fare_band")].case_output == "fare_band"
    assert not targets[("norm", "crew", "rest")].may_clash


def test_an_entitlement_owed_for_each_entry_has_no_value_for_the_case(library):
    # total_fees is set once for the whole case; the harvest act owes wages month by month
    assert {tg.key[1]: tg.case_output for tg in library.program.targets if tg.kind == "output"} == {
        "total_fees": "total_fees"}
    harvest = hsa_dsl.load_act(TEST_ACTS / "harvest.hsa")
    per_entry = [tg for tg in harvest.program.targets if tg.kind == "output"
                 and any(harvest.program.rule(n).scopes for n in tg.rules)]
    assert per_entry and all(tg.case_output is None for tg in per_entry)


def test_the_engine_names_no_kind_of_norm():
    # which kinds of conclusion contradict each other is the compiler's to say
    tree = ast.parse((ROOT / "hsa_dsl" / "runtime" / "engine.py").read_text(encoding="utf-8"))
    named = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant)
             and node.value in ("obligation", "prohibition", "permission", "assignment")}
    assert named == set()
