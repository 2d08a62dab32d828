"""Trace sites carry what the compiler knows of their expressions (a comparison's operator and
operands, an aggregate's kind, the fact an operand reads), and explanations read that: never
the drafter's text, whose nested operators once decided which operator was shown."""

import json

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl.cli import main
from hsa_dsl.compiler.ir import FieldPath, Operand
from hsa_dsl.explain.explanation import explain

from conftest import TEST_ACTS
from test_cli import CASES

SHIFTS = TEST_ACTS / "shifts.hsa"
WEEK = CASES / "shifts_week.yaml"


@pytest.fixture(scope="module")
def shifts():
    return hsa_dsl.load_act(SHIFTS)


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def site(act, text: str):
    [found] = [s for s in act.program.sites if s.text == text]
    return found


# ---------------------------------------------------------------------------- the sites


def test_a_comparison_site_knows_its_operator_and_its_operands_as_written(shifts):
    whole = site(shifts, "count(d in worker.days where d.hours = 10 h) > 2")
    assert whole.operator == ">"
    assert [o.text for o in whole.operands] == ["count(d in worker.days where d.hours = 10 h)", "2"]
    assert whole.operand_types == ("integer", "integer")
    assert whole.whole_clause
    inner = site(shifts, "d.hours = 10 h")
    assert inner.operator == "=" and not inner.whole_clause
    nested = site(shifts, "d.rest_hours < (if d.hours > 10 h then 12 h else 10 h)")
    assert nested.operator == "<"
    assert [o.text for o in nested.operands] == ["d.rest_hours", "if d.hours > 10 h then 12 h else 10 h"]
    assert site(shifts, "d.paid_hours != d.hours").operator == "!="


def test_an_operand_that_reads_a_fact_names_it(shifts):
    rest = site(shifts, "d.rest_hours < (if d.hours > 10 h then 12 h else 10 h)")
    assert [o.path for o in rest.operands] == [FieldPath("variable", "d", ("rest_hours",)), None]
    week = site(shifts, "contract.weekly_hours > 48 h")
    assert week.operands[0].path == FieldPath("input", "contract", ("weekly_hours",))
    # `d` in an aggregate is the aggregate's own variable, not an entry the finding is about
    assert site(shifts, "d.hours = 10 h").operands[0].path is None


def test_aggregates_memberships_and_given_tests_say_what_they_are(shifts):
    count = site(shifts, "count(d in worker.days where d.hours = 10 h)")
    assert (count.aggregate, count.item_type) == ("count", "")
    total = site(shifts, "sum(d.hours for d in worker.days where d.shift = night)")
    assert (total.aggregate, total.item_type) == ("sum", "hours")
    assert not site(shifts, "d.shift in {night}").negated
    assert site(shifts, "d.shift not in {day}").negated
    assert not site(shifts, "d.paid_hours is given").negated
    missing = site(shifts, "d.paid_hours is not given")
    assert missing.negated and missing.operands[0].text == "d.paid_hours"


def test_a_sites_place_is_kept_out_of_equality():
    text = SHIFTS.read_text(encoding="utf-8")
    first = hsa_dsl.load_act_text(text, "shifts.hsa").program.sites
    moved = hsa_dsl.load_act_text("# moved down two lines\n\n" + text, "shifts.hsa").program.sites
    assert [s.span.line + 2 for s in first] == [s.span.line for s in moved]
    assert first == moved
    assert Operand("d.hours", "hours", span=first[0].span) == Operand("d.hours", "hours")


SHADOWS = """
act shadows
  title en "Shadows"
  languages en
end
party workshop "the workshop"
action limit_long_days "limit the days of ten hours"
record Day
  date: date
  hours: hours in 0 .. 24
end
record Worker
  days: list of Day up to 60
end
input worker: Worker
article 1
  title en "Long days"
  en "No more than two days of ten hours in a week, none of more than twelve."
  rule few_long_days_a_week
    cites art_1
    quote en "No more than two days of ten hours in a week"
    for each w in group worker.days by calendar week using date
    for each d in worker.days
    then workshop must limit_long_days
    violated when d.hours > 12 h or (count(d in w where d.hours = 10 h) > 2 and w.start >= d.date)
  end
end
"""


def test_a_variable_of_the_same_name_in_an_aggregate_hides_the_for_each_variable():
    act = hsa_dsl.load_act_text(SHADOWS, "shadows.hsa")
    assert site(act, "d.hours > 12 h").operands[0].path == FieldPath("variable", "d", ("hours",))
    assert site(act, "d.hours = 10 h").operands[0].path is None
    # a window's dates are worked out, not facts of the case
    starts = site(act, "w.start >= d.date")
    assert [o.path for o in starts.operands] == [None, FieldPath("variable", "d", ("date",))]


# ---------------------------------------------------------------------------- the explanations

#: rule, entry, the condition as shown (its text, then its values), what would change it
SHAPES = [
    ("few_long_days", None,
     "count(d in worker.days where d.hours = 10 h) > 2", "3 > 2",
     "This would comply if count(d in worker.days where d.hours = 10 h) were at most 2."),
    ("night_hours", None,
     "sum(d.hours for d in worker.days where d.shift = night) > 20 h", "31 h > 20 h",
     "This would comply if sum(d.hours for d in worker.days where d.shift = night) were at most 20 h."),
    ("overtime_in_all", None,
     "sum(d.hours - 8 h for d in worker.days where d.hours > 8 h) > 4 h", "9 h > 4 h",
     "This would comply if sum(d.hours - 8 h for d in worker.days where d.hours > 8 h) were at most 4 h."),
    ("rest_after_shift", "worker.days[0]",
     "d.rest_hours < (if d.hours > 10 h then 12 h else 10 h)", "9 h < 10 h",
     "This would comply if d.rest_hours were at least 10 h."),
    ("every_hour_paid", "worker.days[0]",
     "d.paid_hours != d.hours", "9 h != 10 h",
     "This would comply if d.paid_hours were equal to 10 h."),
    ("contract_week", None,
     "contract.weekly_hours > 48 h", "50 h > 48 h",
     "This would comply if contract.weekly_hours were at most 48 h."),
    ("day_shifts_on_request", "worker.days[1]", "d.shift in {night}", "night ∈ {night}", None),
    ("day_shifts_on_request", "worker.days[1]", "d.shift not in {day}", "night ∉ {day}", None),
]


@pytest.fixture(scope="module")
def text_output():
    result = run("explain", "--for", "expert", WEEK, "--act", SHIFTS)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def json_output():
    result = run("explain", "--for", "expert", WEEK, "--act", SHIFTS, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.parametrize("rule, entry, condition, values, change", SHAPES, ids=[s[2] for s in SHAPES])
def test_the_condition_and_the_change_are_told_right_in_text(text_output, rule, entry, condition, values, change):
    assert f"yes  {condition}   ({values})\n" in text_output
    if change is not None:
        assert f"      {change}\n" in text_output


@pytest.mark.parametrize("rule, entry, condition, values, change", SHAPES, ids=[s[2] for s in SHAPES])
def test_the_condition_and_the_change_are_told_right_in_json(json_output, rule, entry, condition, values, change):
    found = [f for a in json_output["explanation"]["articles"] for f in a["findings"]
             if f["rule"] == rule and (entry is None or list(f["binding"].values()) == [entry])]
    assert found, rule
    finding = found[0]
    assert {"text": condition, "value": "yes", "holds": True, "detail": values, "path": None,
            "label": ""} in finding["conditions"]
    if change is not None:
        assert change in [c["sentence"] for c in finding["changes"]]


def test_a_change_of_a_fact_names_the_field_and_is_checked(json_output):
    changes = {(f["rule"], c["path"]): c for a in json_output["explanation"]["articles"] for f in a["findings"]
               for c in f["changes"] if c["path"] is not None}
    assert changes[("rest_after_shift", "worker.days[0].rest_hours")]["value"] == "10"
    assert changes[("every_hour_paid", "worker.days[0].paid_hours")]["value"] == "10"
    assert changes[("contract_week", "contract.weekly_hours")]["value"] == "48"
    assert all(c["checked"] for c in changes.values())


def test_the_trace_steps_carry_the_structure(json_output):
    [finding] = [f for f in json_output["findings"] if f["rule"] == "few_long_days"]
    aggregate, compare = finding["trace"]["steps"]
    assert (aggregate["aggregate"], aggregate["item_type"]) == ("count", "")
    assert compare["operator"] == ">" and compare["whole_clause"] is True
    assert compare["operand_texts"] == ["count(d in worker.days where d.hours = 10 h)", "2"]
    [finding] = [f for f in json_output["findings"]
                 if f["rule"] == "contract_week"]
    [compare] = finding["trace"]["steps"]
    assert compare["operand_paths"] == [{"start": "input", "root": "contract", "fields": ["weekly_hours"]}, None]


def test_a_fact_the_case_gives_is_not_said_to_be_missing(text_output, json_output):
    # `d.paid_hours is not given` is false where the case gives it: nothing is missing there
    assert "The case does not say d.paid_hours" not in text_output
    warnings = [f for a in json_output["explanation"]["articles"] for f in a["findings"] if f["kind"] == "warning"]
    assert len(warnings) == 3 and all(f["changes"] == [] for f in warnings)


def test_the_explanation_reads_no_structure_from_the_text(shifts):
    """With every step's text turned back to front (its operators in another order), what the
    explanation shows is the same but for the texts themselves."""

    def shown(verdict):
        explanation = explain(shifts, verdict, WEEK, WEEK.name)
        findings = [f for a in explanation.articles for f in a.findings]
        return ([[line.detail for line in f.conditions + f.computed] for f in findings],
                [[(c.sentence, c.path, c.value) for c in f.changes] for f in findings])

    verdict = shifts.evaluate(WEEK)
    before = shown(verdict)
    for finding in verdict.findings:
        for step in finding.trace["steps"]:
            step["text"] = step["text"][::-1]
    assert shown(verdict) == before
