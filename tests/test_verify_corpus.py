"""The soundness corpus of `hsa-dsl verify`: small acts in `tests/acts/verify/`, each with one
planted flaw or written as a consistent control that tempts a naive analysis into a false alarm.

Each act opens with comment lines that state what it is and what `verify` must report:

    # One line saying what the act is (no two acts say the same).
    # verdict: findings            (or consistent, or bounded)
    # finding: deontic_conflict rule_a rule_b
    # Why: ... the reasoning, worked out by hand.

`finding:` lines give the kind and the subjects of each finding, in the order `verify` reports
them, and are exactly the set expected. `consistent` means no finding and nothing unknown, for
every case the act allows; `bounded` the same, proved only for lists shorter than the act allows
(a list declared without `up to`, or `up to N` with N > 8).

The witness cases below show each planted flaw in the compiled rules, so that an expectation
rests on what the runtime does and not only on the header; the boundary cases of the controls
show them deciding their edges without a conflict.
"""

from __future__ import annotations

import functools
import re
from decimal import Decimal
from pathlib import Path

import pytest

import hsa_dsl
from hsa_dsl import runtime
from hsa_dsl.errors import HsaError

from conftest import TEST_ACTS

CORPUS = TEST_ACTS / "verify"
ACTS = sorted(CORPUS.glob("*.hsa"))

KINDS = {"value_conflict", "deontic_conflict", "gap", "never_applies", "dead_rule", "vacuous_exception",
         "property", "never_violated", "always_violated"}
VERDICTS = {"consistent", "bounded", "findings"}


@functools.lru_cache(maxsize=None)
def header(path: Path) -> dict:
    """The leading comment lines of an act: its description, verdict and expected findings."""
    lines = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        lines.append(line[1:].strip())
    verdicts = [m.group(1) for m in (re.fullmatch(r"verdict:\s*(\S+)", x) for x in lines) if m]
    findings = [tuple(m.group(1).split()) for m in (re.fullmatch(r"finding:\s*(.+)", x) for x in lines) if m]
    return {
        "description": lines[0] if lines else "",
        "verdicts": verdicts,
        "verdict": verdicts[0] if len(verdicts) == 1 else None,
        "findings": {(f[0], tuple(f[1:])) for f in findings},
        "finding_lines": len(findings),
    }


@functools.lru_cache(maxsize=None)
def act_of(name: str):
    return hsa_dsl.load_act(CORPUS / f"{name}.hsa")


# ---------------------------------------------------------------- the verifier on the corpus


@pytest.mark.parametrize("path", ACTS, ids=[p.stem for p in ACTS])
def test_verify_reports_exactly_what_the_act_plants(path):
    from hsa_dsl.prove.verify import verify

    expected = header(path)
    report = verify(hsa_dsl.load_act(path))
    found = {(f.kind, tuple(f.subjects)) for f in report.findings}
    assert found == expected["findings"], (
        f"{path.name}: verify found {sorted(found)}, the act plants {sorted(expected['findings'])}")
    unknown = [(a.kind, tuple(a.subjects), a.reason) for a in report.unknown]
    assert report.unknown == (), f"{path.name}: questions left unknown: {unknown}"
    for finding in report.findings:
        if finding.witness is not None:
            assert finding.replay == "confirmed", (finding.kind, finding.subjects, finding.reason)
    verdict = getattr(report, "verdict", None)
    if expected["verdict"] == "consistent":
        assert report.consistent
    elif expected["verdict"] == "bounded":
        assert report.findings == () and report.unknown == ()
    else:
        assert report.findings
    if verdict is not None:
        assert verdict == expected["verdict"]


# ---------------------------------------------------------------- the corpus itself


def test_the_corpus_has_its_flaws_and_controls_each_described_once():
    headers = {path.stem: header(path) for path in ACTS}
    for name, h in headers.items():
        assert len(h["verdicts"]) == 1 and h["verdict"] in VERDICTS, f"{name}: one verdict line, of {VERDICTS}"
        assert h["description"] and not h["description"].startswith(("verdict:", "finding:")), name
        assert h["finding_lines"] == len(h["findings"]), f"{name}: a finding listed twice"
        if h["verdict"] == "findings":
            assert h["findings"], f"{name}: a flawed act names its findings"
        else:
            assert not h["findings"], f"{name}: a {h['verdict']} act has no findings"
        for kind, subjects in h["findings"]:
            assert kind in KINDS, (name, kind)
            assert subjects, (name, kind)
    flawed = [n for n, h in headers.items() if h["verdict"] == "findings"]
    controls = [n for n, h in headers.items() if h["verdict"] == "consistent"]
    assert len(flawed) >= 28 and len(controls) >= 12
    descriptions = [h["description"] for h in headers.values()]
    assert len(set(descriptions)) == len(descriptions), "two acts with the same description"
    # every kind of finding is planted somewhere
    assert {kind for h in headers.values() for kind, _ in h["findings"]} == KINDS
    # the act's name is its file's, and its subjects are its rules, outputs and properties
    for path in ACTS:
        act = act_of(path.stem)
        assert act.checked.name == path.stem
        known = set(act.checked.rules) | set(act.checked.outputs) | set(act.checked.properties)
        for kind, subjects in headers[path.stem]["findings"]:
            assert set(subjects) <= known, (path.stem, kind, subjects)
    assert set(WITNESSES) <= set(flawed) and set(BOUNDARIES) <= set(controls)
    assert set(flawed) <= set(WITNESSES), "every flawed act has a case that shows or samples its flaw"


# ---------------------------------------------------------------- cases the runtime decides

# What a case shows, checked against the compiled rules:
#   ("conflict", a, b)         the two rules conflict
#   ("no_conflict",)           no conflict at all
#   ("gap", output)            the output is not decided (and no conflict leaves it open)
#   ("value", output, text)    the output's value
#   ("owed", rule, text)       an entitlement the rule gives for some entry
#   ("not_owed", rule)         the rule gives no entitlement (its exception took its place)
#   ("violation", rule) / ("no_violation", rule)
#   ("property", name) / ("property_holds", name)   the declared property fails / holds
#   ("refused",)               the case is not valid: the act's declared ranges or checks refuse it


def day(date, **fields):
    return {"date": date, **fields}


def days_from(first: str, count: int, **fields) -> list[dict]:
    from datetime import date, timedelta

    start = date.fromisoformat(first)
    return [day((start + timedelta(days=i)).isoformat(), **fields) for i in range(count)]


WITNESSES = {
    "loop_names_conflict": [
        ({"shifts": [day("2025-03-03", night=True, hours_before=11)]},
         [("conflict", "no_night_work_after_long_day", "night_cover_duty")]),
    ],
    "pair_of_shifts_conflict": [
        ({"shifts": [day("2025-03-03", night=True, handover=True), day("2025-03-04")]},
         [("conflict", "no_early_shift_after_night", "early_shift_after_handover")]),
        ({"shifts": [day("2025-03-03", night=True, handover=True)]}, [("no_conflict",)]),
    ],
    "later_entry_conflict": [
        ({"shifts": [day("2025-03-03", night=True), day("2025-03-05", night=True, volunteered=True)]},
         [("conflict", "no_second_night_in_a_week", "volunteers_may_work_nights")]),
        ({"shifts": [day("2025-03-05", night=True, volunteered=True)]}, [("no_conflict",)]),
    ],
    "entitlement_loop_names": [
        ({"days": [day("2025-03-03", night=True, hours=11)]},
         [("conflict", "night_allowance_rule", "long_day_allowance_rule")]),
    ],
    "nested_loop_names_conflict": [
        ({"workers": [{"name": "Siti", "days": [day("2025-01-01", holiday=True, emergency=True)]}]},
         [("conflict", "no_work_on_holidays", "emergency_work")]),
    ],
    "dead_rule_loop_names": [
        ({"days": [day("2025-03-03", hours=9)]},
         [("owed", "six_hour_allowance", "300"), ("not_owed", "overtime_allowance")]),
    ],
    "vacuous_exception_loop_names": [
        ({"days": [day("2025-03-03", holiday=True, hours=9), day("2025-03-04", hours=9)]},
         [("owed", "holiday_rate", "2500"), ("owed", "working_day_rate", "1000"), ("no_conflict",)]),
    ],
    "exception_leaves_conflict": [
        ({"days": [day("2025-01-01", holiday=True, emergency=True)]},
         [("conflict", "no_holiday_work", "emergency_duty")]),
        ({"days": [day("2025-01-01", holiday=True, emergency=True, agreed=True)]}, [("no_conflict",)]),
    ],
    "weekly_hours_conflict": [
        ({"days": [day("2025-03-03", hours=10, harvest=True)] + days_from("2025-03-04", 4, hours=10)},
         [("conflict", "sunday_rest_after_long_week", "harvest_sunday_work")]),
        ({"days": [day("2025-03-03", hours=10, harvest=True)] + days_from("2025-03-04", 3, hours=10)},
         [("no_conflict",)]),
    ],
    "seven_day_stretch_conflict": [
        ({"days": days_from("2025-03-03", 3, hours=8) + [day("2025-03-06", hours=8, flood=True)]
                  + days_from("2025-03-07", 3, hours=8)},
         [("conflict", "rest_day_in_seven", "flood_no_rest_days")]),
        ({"days": days_from("2025-03-03", 3, hours=8) + [day("2025-03-06", hours=8, flood=True)]
                  + days_from("2025-03-07", 2, hours=8)},
         [("no_conflict",)]),
    ],
    "five_nights_conflict": [
        ({"shifts": days_from("2025-03-03", 4, night=True) + [day("2025-03-07", night=True, requested=True)]},
         [("conflict", "night_limit", "requested_nights")]),
        ({"shifts": days_from("2025-03-03", 3, night=True) + [day("2025-03-07", night=True, requested=True)]},
         [("no_conflict",)]),
    ],
    "six_nights_property": [
        ({"shifts": days_from("2025-03-03", 6, night=True)},
         [("value", "night_allowance", "2400"), ("property", "allowance_within_cap")]),
        ({"shifts": days_from("2025-03-03", 5, night=True) + [day("2025-03-08")]},
         [("value", "night_allowance", "2000"), ("property_holds", "allowance_within_cap")]),
    ],
    "definition_chain_conflict": [
        ({"days": [day("2025-03-03", regular=6, extra=5)]}, [("conflict", "long_day_meal", "part_day_meal")]),
    ],
    "parameter_change_conflict": [
        ({"days": [day("2026-01-01", hours="8.5", trainee=True)]},
         [("conflict", "long_day_premium", "trainee_no_premium")]),
        ({"days": [day("2025-12-31", hours="8.5", trainee=True)]}, [("no_conflict",)]),
    ],
    "parameter_first_value_conflict": [
        ({"days": [day("2024-06-03", hours="9.5")]},
         [("conflict", "standard_day_no_premium", "long_day_premium")]),
        ({"days": [day("2020-01-01", hours=10)]}, [("conflict", "standard_day_no_premium", "long_day_premium")]),
        ({"days": [day("2026-01-01", hours="9.5")]}, [("no_conflict",)]),
    ],
    "gap_at_eight_hours": [
        ({"hours": 8}, [("gap", "day_class")]),
    ],
    "gap_between_whole_hours": [
        ({"hours": "8.5"}, [("gap", "hourly_rate")]),
    ],
    "gap_at_one_cent": [
        ({"wage": "30000"}, [("gap", "subsidy_band")]),
        ({"wage": "30000.01"}, [("value", "subsidy_band", "2")]),
        ({"wage": "29999.99"}, [("value", "subsidy_band", "1")]),
        ({"wage": "30000.005"}, [("refused",)]),
    ],
    "leap_day_birthday_conflict": [
        ({"worker": {"born": "2004-02-29", "agreed_to_nights": True}, "nights": [day("2022-02-28")]},
         [("conflict", "no_night_work_for_minors", "adults_may_work_nights")]),
        ({"worker": {"born": "2004-03-01", "agreed_to_nights": True},
          "nights": [day("2022-02-28"), day("2022-03-01")]},
         [("no_conflict",)]),
    ],
    "twelve_months_vs_365_days_conflict": [
        ({"start": "2023-03-01", "requests": [day("2024-02-29")]},
         [("conflict", "leave_after_a_year", "no_leave_in_first_year")]),
        ({"start": "2024-03-01", "requests": [day("2025-02-28"), day("2025-03-01")]}, [("no_conflict",)]),
    ],
    "leap_february_gap": [
        ({"month": "2024-02-01", "monthly_wage": 29000}, [("gap", "daily_rate")]),
        ({"month": "2025-02-01", "monthly_wage": 28000}, [("value", "daily_rate", "1000")]),
    ],
    "born_before_1940_conflict": [
        ({"born": "1930-05-01"}, [("conflict", "old_scheme", "transitional_scheme")]),
    ],
    "never_applies_input_range": [
        ({"age": 66}, [("refused",)]),
        ({"age": 65}, [("value", "supplement", "500")]),
    ],
    "never_violated_input_range": [
        ({"age": 14}, [("refused",)]),
        ({"age": 16}, [("no_violation", "no_child_workers")]),
    ],
    "always_violated_long_day": [
        ({"days": [day("2025-03-03", hours="12.5")]}, [("violation", "long_day_limit")]),
    ],
    "never_violated_by_check": [
        ({"wages": [{"month": "2025-03-01", "paid_on": "2025-02-28"}]}, [("refused",)]),
        ({"wages": [{"month": "2025-03-01", "paid_on": "2025-03-01"}]}, [("no_violation", "no_pay_in_advance")]),
    ],
    "always_violated_rest": [
        ({"days": [day("2025-03-03", hours="14.5")]}, [("violation", "ten_hours_rest")]),
    ],
    "role_set_value_conflict": [
        ({"role": "helper_and_caretaker"}, [("conflict", "care_allowance", "housework_allowance")]),
    ],
    "language_set_gap": [
        ({"reads": ["indonesian"]}, [("gap", "contract_language")]),
        ({"reads": []}, [("gap", "contract_language")]),
    ],
    "required_when_gap": [
        ({"dismissed": True, "years": 0, "on_probation": True}, [("gap", "severance_pay")]),
    ],
    "optional_end_date_gap": [
        ({"contract": {"start": "2025-01-01"}}, [("gap", "notice_period")]),
    ],
    "table_value_conflict": [
        ({"years": 20}, [("conflict", "leave_by_scale", "long_service_leave")]),
        ({"years": 25}, [("no_conflict",), ("value", "annual_leave", "30")]),
    ],
    "violated_on_property": [
        ({"days": [day("2025-03-03", hours=8, rest_hours=10)]},
         [("violation", "daily_rest"), ("property", "a_normal_day_breaches_nothing")]),
    ],
    "check_makes_rule_dead": [
        ({"shifts": [day("2025-03-03", night=True, hours=10)]},
         [("owed", "long_shift_allowance", "500"), ("not_owed", "night_allowance")]),
        ({"shifts": [day("2025-03-03", night=True, hours=9)]}, [("refused",)]),
    ],
    "check_makes_exception_vacuous": [
        ({"days": [day("2025-03-03", holiday=True, training=True)]}, [("refused",)]),
        ({"days": [day("2025-03-03", holiday=True), day("2025-03-04", training=True)]},
         [("owed", "holiday_training_rate", "1600"), ("owed", "training_rate", "800")]),
    ],
    "written_request_conflict": [
        ({"written_request": True}, [("conflict", "no_keeping_passports", "safekeeping_on_request")]),
        ({}, [("no_conflict",)]),
    ],
    "table_property_broken": [
        ({"overtime_hours": 3}, [("value", "multiplier", "1.67")]),
        ({"overtime_hours": 4}, [("value", "multiplier", "1.5")]),
    ],
}

BOUNDARIES = {
    "loop_names_exclusive": [
        ({"days": [day("2025-03-03", hours=8), day("2025-03-04", hours="8.01")]}, [("no_conflict",)]),
    ],
    "twelve_months_vs_366_days": [
        ({"start": "2023-03-01", "today": "2024-03-01"}, [("value", "annual_leave", "0")]),
        ({"start": "2023-03-01", "today": "2024-03-02"}, [("value", "annual_leave", "7")]),
        ({"start": "2024-02-29", "today": "2025-02-28"}, [("value", "annual_leave", "0")]),
        ({"start": "2024-02-29", "today": "2025-03-01"}, [("no_conflict",), ("gap", "annual_leave")]),
        ({"start": "2024-02-29", "today": "2025-03-02"}, [("value", "annual_leave", "7")]),
    ],
    "exclusive_hours_boundary": [
        ({"hours": 8}, [("value", "day_class", "long_day")]),
        ({"hours": "7.99"}, [("value", "day_class", "short_day")]),
    ],
    "parameter_change_exclusive": [
        ({"days": [day("2026-01-01", hours="8.5", trainee=True), day("2026-01-02", hours=8, trainee=True),
                   day("2025-12-31", hours="9.5", trainee=True)]}, [("no_conflict",)]),
    ],
    "parameter_first_value_exclusive": [
        ({"days": [day("2020-01-01", hours=8), day("2025-12-31", hours="10.5"), day("2026-01-01", hours="9.5")]},
         [("no_conflict",)]),
    ],
    "exception_settles_conflict": [
        ({"days": [day("2025-01-01", holiday=True, emergency=True), day("2025-01-02", holiday=True)]},
         [("no_conflict",)]),
    ],
    "money_cent_boundary": [
        ({"wage": "29999.99"}, [("value", "subsidy_band", "1")]),
        ({"wage": "30000"}, [("value", "subsidy_band", "2")]),
        ({"wage": "29999.995"}, [("refused",)]),
    ],
    "seven_day_window_exclusive": [
        ({"days": days_from("2025-03-03", 7, hours=8)}, [("owed", "seventh_day_worked", "1000"), ("no_conflict",)]),
        ({"days": days_from("2025-03-03", 6, hours=8) + [day("2025-03-09", hours=0, day_off=True)]},
         [("owed", "stretch_with_day_off", "0"), ("no_conflict",)]),
    ],
    "aggregates_exclusive": [
        ({"week": days_from("2025-03-03", 7, hours=6)}, [("no_conflict",)]),
        ({"week": days_from("2025-03-03", 4, hours=12)}, [("no_conflict",)]),
    ],
    "leap_february_covered": [
        ({"month": "2024-02-10", "monthly_wage": 29000}, [("value", "daily_rate", "1000")]),
        ({"month": "2025-02-10", "monthly_wage": 28000}, [("value", "daily_rate", "1000")]),
        ({"month": "2025-01-10", "monthly_wage": 30000}, [("value", "daily_rate", "1000")]),
    ],
    "born_before_1935_covered": [
        ({"born": "1900-01-01"}, [("value", "pension_scheme", "1")]),
        ({"born": "1934-12-31"}, [("value", "pension_scheme", "1")]),
        ({"born": "1935-01-01"}, [("value", "pension_scheme", "2")]),
    ],
    "optional_end_date_covered": [
        ({"contract": {"start": "2025-01-01"}}, [("value", "notice_period", "30")]),
        ({"contract": {"start": "2025-01-01", "end_date": "2025-12-31"}}, [("value", "notice_period", "7")]),
        ({"contract": {"start": "2025-01-01", "end_date": "2026-01-01"}}, [("value", "notice_period", "30")]),
    ],
    "table_rows_meet": [
        ({"years": 1}, [("value", "annual_leave", "7")]),
        ({"years": 10}, [("value", "annual_leave", "15")]),
        ({"years": 50}, [("value", "annual_leave", "30")]),
    ],
    "nested_loop_names_exclusive": [
        ({"workers": [{"name": "Siti", "days": [day("2025-01-01", holiday=True), day("2025-01-02")]},
                      {"name": "Ana", "days": [day("2025-01-01"), day("2025-01-02", holiday=True)]}]},
         [("no_conflict",)]),
    ],
    "pair_of_shifts_exclusive": [
        ({"shifts": [day("2025-03-03", night=True, handover=True), day("2025-03-04", handover=True),
                     day("2025-03-05")]},
         [("no_conflict",)]),
    ],
    "violated_when_reachable": [
        ({"days": [day("2025-03-03", hours="12.5", rest_hours="11.5")]}, [("no_violation", "long_day_rest")]),
        ({"days": [day("2025-03-03", hours=13, rest_hours=11)]}, [("violation", "long_day_rest")]),
    ],
}


def _text(value) -> str:
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(getattr(value, "value", value))


def show(name: str, case: dict, expectations: list) -> None:
    act = act_of(name)
    if expectations == [("refused",)]:
        with pytest.raises(HsaError):
            act.validate(case)
        return
    verdict = act.evaluate(case)
    conflicts = {frozenset((c.rule, c.other_rule)) for c in verdict.conflicts}
    owed = {(f.rule, _text(f.conclusion.get("value"))) for f in verdict.findings if f.kind == "entitlement"}
    violated = {f.rule for f in verdict.violations}
    for expectation in expectations:
        what, *args = expectation
        if what == "conflict":
            assert frozenset(args) in conflicts, (name, expectation, conflicts)
        elif what == "no_conflict":
            assert not conflicts, (name, conflicts)
        elif what == "gap":
            assert args[0] not in verdict.values, (name, expectation, verdict.values.get(args[0]))
        elif what == "value":
            assert args[0] in verdict.values and _text(verdict.values[args[0]]) == args[1], (
                name, expectation, verdict.values.get(args[0]))
        elif what == "owed":
            assert tuple(args) in owed, (name, expectation, owed)
        elif what == "not_owed":
            assert all(rule != args[0] for rule, _ in owed), (name, expectation, owed)
        elif what == "violation":
            assert args[0] in violated, (name, expectation, violated)
        elif what == "no_violation":
            assert args[0] not in violated, (name, expectation, violated)
        elif what in ("property", "property_holds"):
            ctx, _, _ = runtime.run(act.module, act.validate(case), False)
            failing = act.module.PROPERTIES[args[0]](ctx)
            assert bool(failing) == (what == "property"), (name, expectation, failing)
        else:  # pragma: no cover - a mistake in the table above
            raise AssertionError(expectation)


def _cases(table):
    return [pytest.param(name, case, expectations, id=f"{name}-{i}")
            for name, cases in table.items() for i, (case, expectations) in enumerate(cases)]


@pytest.mark.parametrize("name, case, expectations", _cases(WITNESSES))
def test_the_runtime_shows_each_planted_flaw(name, case, expectations):
    show(name, case, expectations)


@pytest.mark.parametrize("name, case, expectations", _cases(BOUNDARIES))
def test_the_controls_decide_their_boundaries_without_conflict(name, case, expectations):
    show(name, case, expectations)
