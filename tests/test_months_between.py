"""`months_between(a, b)`: whole calendar months from a to b, with the runtime's calendar-month
arithmetic; through the checker, the generated code, traces and the prover."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

import hsa_dsl
from hsa_dsl import runtime
from hsa_dsl.errors import HsaError

from conftest import TEST_ACTS

d = date.fromisoformat


@pytest.mark.parametrize("a, b, months", [
    ("2025-01-15", "2025-01-15", 0),
    ("2025-01-15", "2025-02-14", 0),
    ("2025-01-15", "2025-02-15", 1),
    # a month from the 31st ends on the last day of a shorter month (2025-01-31 + 1 month = 2025-02-28)
    ("2025-01-31", "2025-02-27", 0),
    ("2025-01-31", "2025-02-28", 1),
    ("2025-01-31", "2025-03-30", 1),
    ("2025-01-31", "2025-03-31", 2),
    ("2025-03-31", "2025-04-30", 1),
    # in a leap year February has 29 days: 2024-01-31 + 1 month = 2024-02-29
    ("2024-01-31", "2024-02-28", 0),
    ("2024-01-31", "2024-02-29", 1),
    ("2024-02-29", "2024-03-28", 0),
    ("2024-02-29", "2024-03-29", 1),
    ("2024-02-29", "2025-02-28", 12),
    ("2023-02-28", "2024-02-28", 12),
    ("2023-02-28", "2024-02-29", 12),
    # across years; 2024-11-30 + 3 months = 2025-02-28, the last day of February
    ("2024-11-30", "2025-02-27", 2),
    ("2024-11-30", "2025-02-28", 3),
    ("2020-03-01", "2025-02-28", 59),
    ("2020-03-01", "2025-03-01", 60),
    # backwards: the months from b to a, negative (as years_between)
    ("2025-02-15", "2025-01-15", -1),
    ("2025-02-14", "2025-01-15", 0),
    ("2025-03-31", "2025-02-28", -1),
    ("2025-03-01", "2020-03-01", -60),
])
def test_whole_calendar_months_worked_out_by_hand(a, b, months):
    assert runtime.months_between(d(a), d(b)) == months


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


@given(dates, dates)
def test_the_largest_number_of_months_added_that_does_not_pass_the_end(a, b):
    n = runtime.months_between(a, b)
    if b >= a:
        assert n >= 0 and runtime.add_months(a, n) <= b < runtime.add_months(a, n + 1)
    else:
        assert n == -runtime.months_between(b, a) and n <= 0


@given(dates, dates)
def test_whole_years_are_about_twelve_whole_months(a, b):
    # a year from 29 February ends on 1 March, twelve months from it on 28 February: the two
    # counts differ by a day's worth at most
    months, years = runtime.months_between(a, b), runtime.years_between(a, b)
    if b >= a:
        assert 12 * years - 1 <= months < 12 * (years + 1)


ACT = '''
act spans title en "Spans" languages en end
party tenant "t"
action stay "stay"
record Lease
  start: date
  finish: date
end
input lease: Lease
entitlement notice_months: integer owed to tenant
article 1
  en "One month of notice for each whole year, counted in months."
  rule notice
    cites art_1
    quote en "One month of notice"
    then notice_months = months_between(lease.start, lease.finish) / 12
  end
end
'''


def test_months_between_takes_two_dates_and_gives_an_integer():
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(ACT.replace("months_between(lease.start, lease.finish)",
                                          "months_between(lease.start)"), "bad.hsa")
    assert "months_between takes two dates: from, to" in info.value.render()
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(ACT.replace("months_between(lease.start, lease.finish) / 12",
                                          "months_between(lease.start, 3)"), "bad.hsa")
    assert "expected date, found integer" in info.value.render()
    # an integer: dividing it by 12 gives a decimal, which an integer output cannot hold
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(ACT, "bad.hsa")
    assert "expected integer, found decimal" in info.value.render()
    act = hsa_dsl.load_act_text(ACT.replace(" / 12", " + 1"), "spans.hsa")
    rule = act.checked.rules["notice"]
    assert str(rule.conclusion.value.left.type) == "integer"


@pytest.mark.parametrize("trace", [True, False])
def test_generated_code_counts_months_as_the_runtime_does(trace):
    act = hsa_dsl.load_act_text(ACT.replace(" / 12", ""), "spans.hsa")
    for start, finish, months in (("2025-01-31", "2025-02-28", 1), ("2024-01-31", "2024-02-28", 0),
                                  ("2025-05-10", "2024-05-10", -12)):
        verdict = act.evaluate({"lease": {"start": start, "finish": finish}}, trace=trace)
        assert verdict.values["notice_months"] == months
    assert "months_between(" in act.python_source()


def test_the_trace_shows_the_months_worked_out():
    act = hsa_dsl.load_act(TEST_ACTS / "harvest.hsa")
    # 2025-01-31 + 3 months = 2025-04-30: a day short of it, two whole months
    case = {"season": {"first_day": "2025-01-31", "last_day": "2025-04-29", "months": []}}
    verdict = act.evaluate(case)
    [finding] = [f for f in verdict.findings if f.rule == "rest_days_owed"]
    [step] = finding.trace["steps"]
    assert step["kind"] == "builtin" and step["text"] == "months_between(season.first_day, season.last_day)"
    assert step["value"] == 2
    assert finding.trace["facts"] == [{"path": "season.first_day", "value": d("2025-01-31")},
                                      {"path": "season.last_day", "value": d("2025-04-29")}]
    assert verdict.values["rest_days"] == 4


def test_the_prover_bounds_months_by_the_days_between():
    pytest.importorskip("z3")
    from hsa_dsl.prove.verify import verify

    act = hsa_dsl.load_act(TEST_ACTS / "harvest.hsa")
    report = verify(act)
    assert report.consistent
    [answer] = [a for a in report.answers if a.kind == "property"]
    assert answer.status == "proved"
    assert any("whole months between dates" in a for a in answer.abstractions)

    # a property that fails: the solver's case is replayed and confirmed
    text = (TEST_ACTS / "harvest.hsa").read_text(encoding="utf-8").replace(
        "holds months_between(season.first_day, season.last_day) >= 0",
        "holds months_between(season.first_day, season.last_day) < 2")
    [finding] = verify(hsa_dsl.load_act_text(text, "flawed.hsa")).findings
    assert finding.kind == "property" and finding.replay == "confirmed"
    season = finding.witness["season"]
    assert runtime.months_between(d(str(season["first_day"])), d(str(season["last_day"]))) >= 2


def test_the_encoding_allows_every_value_the_runtime_gives():
    """The over-approximation is sound: for dates the runtime counts, the solver accepts the count."""
    z3 = pytest.importorskip("z3")
    from hsa_dsl.check import checked as c
    from hsa_dsl.check import types as t
    from hsa_dsl.prove.symbolic import Encoder, ordinal

    act = hsa_dsl.load_act(TEST_ACTS / "harvest.hsa")
    encoder = Encoder(act.program)
    a, b = z3.Int("a"), z3.Int("b")
    node = c.TBuiltin("months_between", (c.TLocal("a", t.DATE), c.TLocal("b", t.DATE)), t.INTEGER)
    months = encoder.expr(node, {"a": a, "b": b})
    for first, last in (("2025-01-31", "2025-02-28"), ("2024-01-31", "2024-02-28"), ("2020-03-01", "2025-02-28"),
                        ("2025-03-31", "2025-02-28"), ("1999-12-31", "2000-02-29"), ("2025-01-01", "2025-01-01")):
        solver = z3.Solver()
        solver.add(*encoder.constraints, a == ordinal(d(first)), b == ordinal(d(last)),
                   months == runtime.months_between(d(first), d(last)))
        assert solver.check() == z3.sat, (first, last)
