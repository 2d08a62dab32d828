"""The registry of built-in functions and aggregates (`hsa_dsl.builtins`), and `average`, the
aggregate added through it alone: typed, evaluated traced and untraced, explained, and encoded
for the solver."""

import builtins as python
from fractions import Fraction

import pytest

import hsa_dsl
from hsa_dsl import builtins, runtime
from hsa_dsl.errors import HsaError

ACT = '''
act shop
  title en "Shop"
  languages en
end
party employer "the employer"
action pay_fairly "pay fairly"
record Day
  date: date
  hours: hours in 0 h .. 24 h
  tips: money at least NT$0
  breaks: integer at least 0
end
input days: list of Day
output mean_hours: hours
output mean_breaks: decimal
output mean_tips: money

article 1
  en "Each worker is paid fairly."
  define mean_long_day: hours = average(d.hours for d in days where d.hours > 8 h else 0 h)
  rule average_hours
    cites art_1
    quote en "Each worker is paid fairly."
    then mean_hours = average(d.hours for d in days else 0 h)
  end
  rule average_breaks
    cites art_1
    quote en "Each worker is paid fairly."
    when average(d.breaks for d in days) is given
    then mean_breaks = average(d.breaks for d in days)
  end
  rule average_tips
    cites art_1
    quote en "Each worker is paid fairly."
    then mean_tips = average(d.tips for d in days where d.hours > 0 h else NT$0)
  end
  rule long_days_on_average
    cites art_1
    quote en "Each worker is paid fairly."
    then employer must pay_fairly
    violated when mean_long_day > 10 h
  end
  property the_mean_is_no_more_than_the_longest
    holds average(d.hours for d in days else 0 h) <= max(d.hours for d in days else 0 h)
  end
  property the_mean_is_no_less_than_the_shortest
    holds average(d.hours for d in days else 0 h) >= min(d.hours for d in days else 0 h)
  end
end
'''

CASE = {"days": [
    {"date": "2025-03-03", "hours": "9", "tips": "100", "breaks": 1},
    {"date": "2025-03-04", "hours": "12", "tips": "0", "breaks": 2},
    {"date": "2025-03-05", "hours": "12.5", "tips": "50", "breaks": 2},
    {"date": "2025-03-06", "hours": "0", "tips": "0", "breaks": 0},
]}


@pytest.fixture(scope="module")
def shop():
    return hsa_dsl.load_act_text(ACT, "shop.hsa")


# ---------------------------------------------------------------------------- the registry

@pytest.mark.parametrize("entry", [*builtins.FUNCTIONS.values(), *builtins.AGGREGATES.values()],
                         ids=lambda e: e.name)
def test_every_entry_has_each_part(entry):
    assert entry.signature.startswith(entry.name + "(")
    assert callable(entry.typing)
    # generated code calls a function of the runtime, or one of Python's own built-ins
    assert hasattr(runtime, entry.runtime) or hasattr(python, entry.runtime)
    if isinstance(entry, builtins.Aggregate):
        # an aggregate folds with a runtime function, the same traced and untraced
        assert entry.runtime in runtime.__all__
        assert entry.empty
        assert entry.trace_kind == "aggregate"
        assert entry.tally in (None, "number", "some", "every")
    else:
        assert entry.trace_kind in (None, "builtin")
    assert callable(entry.encode)
    assert entry.approximation is None or entry.approximation.strip()


def test_the_generated_module_imports_every_fold_it_may_call():
    from hsa_dsl.compiler.codegen import RUNTIME_NAMES

    for aggregate in builtins.AGGREGATES.values():
        assert aggregate.runtime in RUNTIME_NAMES
    assert len(set(RUNTIME_NAMES)) == len(RUNTIME_NAMES)


def test_every_aggregate_keyword_of_the_grammar_has_an_entry():
    import re

    from hsa_dsl.grammar import __file__ as grammar_package

    grammar = open(grammar_package.replace("__init__.py", "hsa.lark"), encoding="utf-8").read()
    keywords = re.search(r"^!aggregate_kind:(.*)$", grammar, re.M).group(1)
    assert set(re.findall(r'"(\w+)"', keywords)) | {"count"} == set(builtins.AGGREGATES)


def test_the_folds_agree_with_what_they_mean():
    values = [Fraction(9), Fraction(12), Fraction(25, 2)]
    assert runtime.sum_of(values, Fraction(0)) == Fraction(67, 2)
    assert runtime.count_of(values) == 3
    assert runtime.max_of(values) == 12.5 and runtime.min_of(values) == 9
    assert runtime.average_of(values) == Fraction(67, 6)
    assert runtime.average_of([1, 2]) == Fraction(3, 2)
    assert runtime.average_of([]) is None and runtime.max_of([]) is None
    assert runtime.any_of(iter([False, True])) and not runtime.all_of(iter([True, False]))


# ---------------------------------------------------------------------------- average: typing

def errors(body: str) -> str:
    text = ACT.replace("  property the_mean_is_no_more", body + "\n  property the_mean_is_no_more")
    with pytest.raises(HsaError) as caught:
        hsa_dsl.load_act_text(text, "shop.hsa", use_cache=False)
    return caught.value.render()


def test_average_keeps_the_unit_of_its_entries_as_an_exact_rational(shop):
    types = {o.name: str(o.type) for o in shop.checked.outputs.values()}
    assert types["mean_hours"] == "hours" and types["mean_tips"] == "money"
    # the mean of whole numbers is seldom whole; with no `else`, of no entries it is not given
    tested = shop.checked.rules["average_breaks"].condition.target
    assert str(tested.body.type) == "integer" and str(tested.type) == "optional decimal"


def test_average_of_no_entries_is_not_given_unless_else_says():
    told = errors("  define m: hours = average(d.hours for d in days)")
    assert "expected hours, found optional hours" in told
    assert "it may be absent" in told


def test_average_takes_numbers():
    told = errors("  define m: date = average(d.date for d in days else 2025-01-01)")
    assert "average(...) takes numbers; this is date" in told
    assert "shop.hsa:" in told and "^" in told


def test_average_keeps_units_apart():
    told = errors("  define m: money = average(d.hours for d in days else NT$0)")
    assert "expected hours, found money" in told


def test_average_takes_one_list():
    with pytest.raises(HsaError) as caught:
        hsa_dsl.load_act_text(ACT.replace("average(d.breaks for d in days)", "average(1, 2)"), "shop.hsa",
                              use_cache=False)
    told = caught.value.render()
    assert "`average` takes one list: `average(x.value for x in list)`" in told
    assert "hint: only max and min compare several values" in told


def test_a_misspelled_function_gets_a_did_you_mean():
    told = errors("  define m: integer = month_between(2025-01-01, 2025-03-01)")
    assert "unknown function, parameter or table 'month_between'" in told
    assert "did you mean 'months_between'?" in told


# ---------------------------------------------------------------------------- average: running

@pytest.mark.parametrize("trace", [True, False])
def test_average_evaluates_exactly_traced_and_untraced(shop, trace):
    values = shop.evaluate(CASE, trace=trace).values
    assert Fraction(values["mean_hours"]) == Fraction(67, 2) / 4
    assert Fraction(values["mean_breaks"]) == Fraction(5, 4)
    # the day of no hours is left out by `where`
    assert Fraction(values["mean_tips"]) == Fraction(150, 3)
    assert [f.rule for f in shop.evaluate(CASE, trace=trace).violations] == ["long_days_on_average"]


@pytest.mark.parametrize("trace", [True, False])
def test_average_of_no_entries_is_the_else_or_not_given(shop, trace):
    values = shop.evaluate({"days": []}, trace=trace).values
    assert values["mean_hours"] == 0 and values["mean_tips"] == 0
    assert values.get("mean_breaks") is None


def test_the_generated_code_calls_the_fold_by_name(shop):
    untraced, traced = shop.python_source().split("# Traced variants")
    assert "average_of([" in untraced
    assert "traced_aggregate(tr, " in traced and ", average_of, [" in traced


def test_an_average_step_is_explained_with_its_entries(shop):
    verdict = shop.evaluate(CASE, trace=True)
    finding = next(f for f in verdict.findings if f.rule == "average_hours")
    [step] = [s for s in finding.trace["steps"] if s["kind"] == "aggregate"]
    assert step["aggregate"] == "average" and step["item_type"] == "hours"
    assert [i["entry"] for i in step["items"]] == [f"days[{i}]" for i in range(4)]
    from hsa_dsl.explain import render
    from hsa_dsl.explain.explanation import explain, load_templates

    text = render.text(explain(shop, verdict, CASE, "case.yaml"), load_templates(shop, "en"))
    assert "average(d.hours for d in days else 0 h)" in text
    assert "days[2]: 12.5" in text


# ---------------------------------------------------------------------------- average: solver

def test_the_solver_proves_what_the_mean_always_is_and_says_it_approximates(shop):
    pytest.importorskip("z3")
    from hsa_dsl.prove.verify import verify

    report = verify(shop)
    assert report.findings == () and report.unknown == ()
    answers = [a for a in report.answers if a.kind == "property"]
    assert {a.subjects for a in answers} == {("the_mean_is_no_more_than_the_longest",),
                                             ("the_mean_is_no_less_than_the_shortest",)}
    assert all(a.status == "proved" for a in answers)
    assert all(builtins.AGGREGATES["average"].approximation in a.abstractions for a in answers)
