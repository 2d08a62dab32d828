"""The batch backend (hsa_dsl/batch/) decides as the scalar path does.

Differential: every example, the toy acts' cases, seeded synthetic populations and generated
cases that reach the corners (hours at the limits, wages a dollar either side of the minimum,
month ends, leap days, years where the minimum wage changes, each form of a day's hours,
terminations) give the same audit records through both backends, decided together in one
batch so that cases of different shapes share its tables. The column arithmetic is checked
against Python's exact Fractions, and the date functions and windows against the runtime's own.
"""

from __future__ import annotations

import json
import sys
from datetime import date, timedelta
from fractions import Fraction

import pytest

np = pytest.importorskip("numpy")

from hypothesis import HealthCheck, assume, given, settings, strategies as st  # noqa: E402

import hsa_dsl  # noqa: E402
from hsa_dsl import audit  # noqa: E402
from hsa_dsl.batch import BatchAct  # noqa: E402
from hsa_dsl.batch import expressions as ex  # noqa: E402
from hsa_dsl.batch.values import LIMIT, NUMBER, DATE, Column  # noqa: E402
from hsa_dsl.batch.windows import Runs, group  # noqa: E402
from hsa_dsl.cases import load_case_file  # noqa: E402
from hsa_dsl.errors import HsaError  # noqa: E402
from hsa_dsl.runtime import values as runtime  # noqa: E402
from hsa_dsl.runtime.numbers import round_half_up  # noqa: E402
from hsa_dsl.runtime.windows import by_date, windows_of  # noqa: E402

from conftest import EXAMPLES, ROOT  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import population  # noqa: E402

ACTS = ROOT / "tests" / "acts"
CASES = ROOT / "tests" / "cases"


def pending_of(cases: list[dict]) -> list[audit.Pending]:
    return [audit.Pending(f"case {i}", line=json.dumps(case, default=str)) for i, case in enumerate(cases)]


def both_ways(act, batch_act, cases: list[dict]) -> tuple[list[dict], list[dict]]:
    """The records of the cases on the scalar path and from the batch, after checking that the
    batch's block of records writes each output shape as the scalar records do."""
    pending = pending_of(cases)
    scalar = [audit.judge(act, p) for p in pending]
    block = audit.judge_batch(act, batch_act, pending)
    assert_written_alike(block, scalar)
    # and the same records where the cases are validated one by one, not as columns
    validated = audit._judge_validated_batch(act, batch_act, pending)
    assert list(validated) == list(block)
    return scalar, list(block)


def assert_written_alike(block: audit.RecordBlock, records: list[dict]) -> None:
    """A block of records (kept as the batch's columns) gives the JSON lines, the CSV rows and
    the summary of the records as dicts, byte for byte."""
    assert block.json_text() == "".join(audit.json_line(r) for r in records)
    assert block.csv_rows() == [audit.csv_row(r) for r in records]
    from_block, from_records = audit.Summary(), audit.Summary()
    block.add_to(from_block)
    for record in records:
        from_records.add(record)
    assert from_block.to_json() == from_records.to_json()
    assert from_block.render() == from_records.render()


def valid_cases(act, cases: list[dict]) -> list[dict]:
    """The cases the act's validator accepts."""
    valid = []
    for case in cases:
        try:
            act.validate(case)
            valid.append(case)
        except HsaError:
            pass
    return valid


def batch_decides(act, batch_act, cases: list[dict]) -> np.ndarray:
    """Which of the (valid) cases the batch decided itself, not leaving them to the scalar path."""
    inputs = [act.validate(c) for c in cases]
    _, fallback = batch_act.decide(inputs)
    return ~fallback


# ---------------------------------------------------------------------------- the shipped act


def test_the_shipped_act_is_decided_whole_by_the_batch(batch_act):
    # every rule compiles for batches: none is left to the scalar path
    assert batch_act.scalar_rules == {}


def test_every_example_alike_and_decided_in_the_batch(act, batch_act):
    cases = [load_case_file(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched
    assert all(r["status"] == "judged" for r in scalar)
    # and none of them went back to the scalar path: the batch decided each
    assert batch_decides(act, batch_act, cases).all()


def test_records_written_from_columns_escape_names_and_travel_between_processes(act, batch_act):
    import pickle

    cases = [load_case_file(path) for path in sorted(EXAMPLES.glob("*.yaml"))]
    names = ['Dewi "D." Lestari', "back\\slash", "100% owed", "Nguyễn Thị Lan", "tab\there", "line\u2028sep"]
    pending = [audit.Pending(names[i % len(names)] + f" {i}", line=json.dumps(case, default=str))
               for i, case in enumerate(cases)]
    scalar = [audit.judge(act, p) for p in pending]
    block = audit.judge_batch(act, batch_act, pending)
    assert block.columns.kept.all()  # every record here is written from the columns
    assert_written_alike(block, scalar)
    # as a worker process sends it to the one that writes: the same lines, the same layout
    travelled = pickle.loads(pickle.dumps(block))
    assert travelled.columns.layout is block.columns.layout
    assert_written_alike(travelled, scalar)
    lines = block.json_text().split("\n")[:-1]  # not splitlines(): U+2028 is text in a JSON string
    assert [json.loads(line)["case"] for line in lines] == [p.name for p in pending]


def test_a_seeded_population_alike(act, batch_act):
    cases = list(population.population(300, seed=11))
    for case in cases:
        case.pop("id")
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched
    assert sum(r["violations"] for r in scalar) > 300  # the population breaches plenty
    assert batch_decides(act, batch_act, cases).all()


HOURS = (0, 4, 7.5, 8, 8.5, 9, 10, 11.5, 12, 12.5, 14, 16)
RESTS = (None, 6, 7.5, 8, 9.5, 10, 12)
#: months around the minimum wage's changes (1 January) and a leap February
MONTHS = (date(2024, 2, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 6, 1), date(2025, 12, 1),
          date(2026, 1, 1))
MINIMUM = {2024: 27470, 2025: 28590, 2026: 29500}


@st.composite
def work_day(draw, day: date) -> dict:
    form = draw(st.sampled_from(("off", "worked", "older", "periods")))
    entry: dict = {"date": day.isoformat()}
    if form == "off":
        entry["day_off"] = True
        return entry
    if form == "periods":
        cuts = sorted(draw(st.sets(st.sampled_from((0, 1, 5.5, 6, 8, 12, 12.5, 18, 20, 23, 24)), min_size=2, max_size=6)))
        pairs = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts) - 1, 2)]
        entry["work_periods"] = [{"start": a, "end_at": b} for a, b in pairs]
        worked = sum(b - a for a, b in pairs)
    else:
        worked = draw(st.sampled_from(HOURS))
        if form == "worked":
            entry["hours_worked"] = worked
        else:
            regular = min(worked, 8)
            entry["regular_hours"] = regular
            if worked > regular:
                entry["overtime_hours"] = worked - regular
                entry["overtime_urgent_need"] = draw(st.sampled_from((None, True, False)))
                entry["overtime_consented"] = draw(st.sampled_from((None, True, False)))
        rest = draw(st.sampled_from(RESTS))
        if rest is not None and worked + rest <= 24:
            entry["longest_rest_hours"] = rest
    if worked and draw(st.booleans()):
        entry["hours_woken_to_work"] = min(worked, draw(st.sampled_from((0.5, 1, 3))))
    if draw(st.integers(0, 9)) == 0:
        entry["planned_rest"] = draw(st.sampled_from(("weekly_day_off", "annual_leave")))
        entry["agreed_to_work_rest_day"] = draw(st.sampled_from((None, True, False)))
        entry["emergency"] = draw(st.booleans())
        if entry["emergency"] and draw(st.booleans()):
            entry["compensatory_rest_on"] = (day + timedelta(days=draw(st.integers(1, 10)))).isoformat()
    return {k: v for k, v in entry.items() if v is not None}


@st.composite
def worker_case(draw) -> dict:
    first = draw(st.sampled_from(MONTHS))
    offset = draw(st.sampled_from((0, 0, 10, 27)))
    length = draw(st.sampled_from((7, 14, 28, 31, 45)))
    start_day = first + timedelta(days=offset)
    timecard = [draw(work_day(start_day + timedelta(days=i))) for i in range(length)]
    minimum = MINIMUM[first.year]
    wage = draw(st.sampled_from((minimum - 1, minimum, minimum + 1, 20000)))
    contract_start = draw(st.sampled_from((first - timedelta(days=400), first, first + timedelta(days=3))))
    pay_day = draw(st.sampled_from((None, 1, 10, 31)))
    months = sorted({date(d.year, d.month, 1) for d in (start_day, start_day + timedelta(days=length - 1))})
    wages = []
    for month in months:
        if draw(st.integers(0, 4)) == 0:
            continue  # a month with no wage entry
        food = draw(st.sampled_from((0, 1, 2500, 5000)))
        overtime = draw(st.sampled_from((0, 0, 1000)))
        entry = {"month": month.isoformat(), "agreed_wage": wage, "food_deduction": food,
                 "legal_deductions": draw(st.sampled_from((0, 1000))),
                 "penalty_deduction": draw(st.sampled_from((0, 0, 500))),
                 "overtime_pay": overtime,
                 "paid_to": draw(st.sampled_from(("employee", "employee", "broker")))}
        paid = draw(st.sampled_from(("due", "short", "none", "unknown")))
        if paid != "unknown":
            entry["paid_amount"] = {"due": wage - food + overtime, "short": max(overtime, wage - food - 1 + overtime),
                                    "none": overtime}[paid]
            due = date(month.year + month.month // 12, month.month % 12 + 1, 1) + timedelta(days=(pay_day or 5) - 1)
            lateness = draw(st.sampled_from((None, -1, 0, 1, 20)))
            if lateness is not None:
                entry["paid_on"] = (due + timedelta(days=lateness)).isoformat()
        entry["payslip_given"] = draw(st.sampled_from((None, True, False)))
        entry["payslip_language"] = draw(st.sampled_from(("indonesian", "mandarin")))
        wages.append(entry)
    employment = {
        "employee": {"languages": ["indonesian"], "role": draw(st.sampled_from(("caretaker", "domestic_helper")))},
        "contract": {"kind": draw(st.sampled_from(("fixed_term", "non_fixed_term"))),
                     "start": contract_start.isoformat(), "monthly_wage": wage,
                     **({"pay_day": pay_day} if pay_day else {})},
        "assessed_on": (start_day + timedelta(days=length + 40)).isoformat(),
        "wages": wages,
        "timecard": timecard,
    }
    if draw(st.integers(0, 3)) == 0:
        ended = start_day + timedelta(days=length - 1)
        termination = {"by": draw(st.sampled_from(("employer", "employee", "mutual_agreement"))),
                       "date": ended.isoformat(), "with_notice": draw(st.booleans())}
        if termination["by"] == "employer":
            termination["ground"] = draw(st.sampled_from(("no_reason_given",
                                                          "care_recipient_died_or_employment_reason_ended")))
        employment["termination"] = termination
    return {"employment": employment}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(worker_case(), min_size=1, max_size=4))
def test_generated_cases_alike(act, batch_act, cases):
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched


@settings(max_examples=1, derandomize=True, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(worker_case(), min_size=30, max_size=30))
def test_generated_cases_are_mostly_valid_and_decided_in_the_batch(act, batch_act, cases):
    # the strategy above must reach the rules, not the validator's refusals
    valid = valid_cases(act, cases)
    assert len(valid) >= 25
    assert batch_decides(act, batch_act, valid).sum() >= len(valid) - 2


def test_a_case_the_batch_cannot_vouch_for_goes_to_the_scalar_path():
    # a loan returned in 2019 asks for the daily fee before its first value (2020-01-01): the
    # scalar path refuses the case, naming the rule; the batch leaves that case to it, and
    # decides the other itself
    act = hsa_dsl.load_act(ACTS / "library.hsa")
    batch_act = BatchAct(act)
    good = {"member": {"joined": "2015-01-01", "loans": [
        {"title": "Dune", "borrowed": "2025-01-01", "returned": "2025-02-10"}]}, "today": "2025-03-01"}
    early = {"member": {"joined": "2015-01-01", "loans": [
        {"title": "Emma", "borrowed": "2019-11-01", "returned": "2019-12-30"}]}, "today": "2025-03-01"}
    scalar, batched = both_ways(act, batch_act, [good, early])
    assert scalar == batched
    assert batched[0]["status"] == "judged" and batched[1]["status"] == "refused"
    assert "daily_fee" in json.dumps(batched[1]["errors"])
    assert list(batch_decides(act, batch_act, [good, early])) == [True, False]


def test_the_audit_command_gives_the_same_output_with_either_backend(tmp_path):
    from click.testing import CliRunner

    from hsa_dsl.cli import main

    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in population.population(60, seed=5))
                    + "{not json\n", encoding="utf-8")
    runner = CliRunner()
    scalar = runner.invoke(main, ["audit", str(path), "--backend", "scalar"], catch_exceptions=False)
    batch = runner.invoke(main, ["audit", str(path), "--backend", "batch"], catch_exceptions=False)
    two = runner.invoke(main, ["audit", str(path), "--backend", "batch", "--jobs", "2"], catch_exceptions=False)
    assert scalar.exit_code == batch.exit_code == two.exit_code == 0
    assert scalar.stdout == batch.stdout == two.stdout
    assert len(scalar.stdout.splitlines()) == 61
    assert '"status":"refused"' in scalar.stdout.splitlines()[-1]


# ---------------------------------------------------------------------------- other acts


def toy_cases(name: str) -> list[dict]:
    from hsa_dsl.act_tests import load_tests

    if name == "library":
        return [t.case if isinstance(t.case, dict) else load_case_file(t.case)
                for t in load_tests([ACTS / "tests" / "library.yaml"])]
    return [load_case_file(CASES / f"{ {'harvest': 'harvest_season', 'shifts': 'shifts_week'}[name]}.yaml")]


@pytest.mark.parametrize("name", ["library", "harvest", "shifts"])
def test_the_toy_acts_alike(name):
    act = hsa_dsl.load_act(ACTS / f"{name}.hsa")
    batch_act = BatchAct(act)
    cases = toy_cases(name)
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched
    assert any(r["status"] == "judged" for r in scalar)


def test_a_check_that_reads_an_output_is_evaluated_before_any_rule_decides_it():
    # the validator checks a case's records before the rules run: a check reading an output
    # sees it not given. The batch evaluates such checks apart; checks of facts alone share the
    # batch of the rules (the shipped act's all do)
    text = (ACTS / "library.hsa").read_text(encoding="utf-8").replace(
        "  check returned >= borrowed else",
        "  check returned >= borrowed and (total_fees is not given or total_fees >= NT$0) else")
    act = hsa_dsl.load_act_text(text, "library_check_reads_output.hsa")
    batch_act = BatchAct(act)
    assert batch_act._checks_read_facts_only is False
    assert BatchAct(hsa_dsl.load_act(ACTS / "library.hsa"))._checks_read_facts_only is True
    scalar, batched = both_ways(act, batch_act, toy_cases("library"))
    assert scalar == batched and any(r["status"] == "judged" for r in scalar)


def test_a_conflict_is_left_to_the_scalar_path_which_finds_it():
    # a duty to charge a fee for a book more than 30 days late, beside Article 2's prohibition
    # of fees for veterans: both in force for a veteran's very late book, and neither is an
    # exception to the other. The batch leaves that case to the scalar path, which reports the
    # conflict; a case where only one is in force the batch decides itself.
    text = (ACTS / "library.hsa").read_text(encoding="utf-8").replace(
        "    rule return_within_period\n",
        "    rule must_charge_very_late\n"
        "      cites art_3\n"
        "      quote en \"pays a replacement charge by the book's age\"\n"
        "      for each l in member.loans\n"
        "      when late_days(l) > 30 days\n"
        "      then library must charge_late_fee\n"
        "    end\n\n"
        "    rule return_within_period\n")
    act = hsa_dsl.load_act_text(text, "library_conflict.hsa")
    batch_act = BatchAct(act)
    assert not batch_act.scalar_rules
    veteran = {"member": {"joined": "2010-01-01", "loans": [
        {"title": "Dune", "borrowed": "2025-01-01", "returned": "2025-02-20"}]}, "today": "2025-03-01"}
    newcomer = {"member": {"joined": "2024-01-01", "loans": [
        {"title": "Dune", "borrowed": "2025-01-01", "returned": "2025-02-20"}]}, "today": "2025-03-01"}
    scalar, batched = both_ways(act, batch_act, [veteran, newcomer])
    assert scalar == batched
    assert "conflict" in batched[0]["findings"]["2"] or "conflict" in batched[0]["findings"].get("3", {})
    assert not any("conflict" in kinds for kinds in batched[1]["findings"].values())
    assert list(batch_decides(act, batch_act, [veteran, newcomer])) == [False, True]


def test_a_rule_the_batch_cannot_compile_is_decided_on_the_scalar_path():
    # membership in a set of dates has no columnar form (sets of an enumeration's members
    # have): the rule, and the rules of its target, go to the scalar path, which then decides
    # every case
    text = (ACTS / "library.hsa").read_text(encoding="utf-8")
    text = text.replace("  loans: list of Loan up to 50\n", "  loans: list of Loan up to 50\n  closed_days: set of date\n")
    text = text.replace("      when late_days(l) > 0 days\n      then library may charge_late_fee",
                        "      when late_days(l) > 0 days and not (l.returned in member.closed_days)\n"
                        "      then library may charge_late_fee")
    assert "closed_days" in text and "l.returned in member.closed_days" in text
    act = hsa_dsl.load_act_text(text, "library_variant.hsa")
    batch_act = BatchAct(act)
    assert "late_fee" in batch_act.scalar_rules
    assert "no_fee_for_veterans" in batch_act.scalar_rules  # its exception, in its target
    cases = []
    for case in toy_cases("library"):
        case = json.loads(json.dumps(case, default=str))
        case["member"]["closed_days"] = ["2025-02-10"]
        cases.append(case)
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched
    assert any(r["status"] == "judged" for r in scalar)
    assert not batch_decides(act, batch_act, cases).any()


# ---------------------------------------------------------------------------- columns


#: amounts and hours as cases give them: cents, halves and quarters of an hour, minutes
realistic = st.builds(Fraction, st.integers(-10**7, 10**7), st.sampled_from((1, 2, 4, 10, 60, 100)))
#: anything: numerators and denominators whose products leave 64 bits
anything = st.fractions(min_value=-10**6, max_value=10**6, max_denominator=10**6)


def column(values: list[Fraction]) -> Column:
    from math import lcm

    denominator = lcm(*[v.denominator for v in values]) if values else 1
    return Column(NUMBER, np.asarray([int(v * denominator) for v in values], dtype=np.int64), denominator)


def fractions_of(c: Column) -> list[Fraction]:
    return [Fraction(int(v), c.denominator) for v in c.values]


def failed_rows(c: Column, n: int) -> list[bool]:
    return [False] * n if c.failed is None else [bool(f) for f in c.failed]


OPERATIONS = (("+", ex._add, lambda p, q: p + q), ("-", ex._subtract, lambda p, q: p - q),
              ("*", ex._multiply, lambda p, q: p * q), ("/", ex._divide, lambda p, q: p / q if q else None))


@settings(deadline=None)  # a busy machine is no failure
@given(st.lists(st.tuples(realistic, realistic), min_size=1, max_size=20),
       st.sampled_from([(240,), (Fraction(1, 2),), (28, 29, 30, 31), (0, 8)]), st.data())
def test_column_arithmetic_is_exact_on_the_numbers_of_cases(pairs, divisors, data):
    # the act divides by a constant (240 hours, 1 h, 30 days) or by a few values (the days of
    # a month); a zero divides nothing
    a, b = column([p for p, _ in pairs]), column([q for _, q in pairs])
    d = column([Fraction(data.draw(st.sampled_from(divisors))) for _ in pairs])
    for _, operation, python in OPERATIONS:
        right = d if operation is ex._divide else b
        result = operation(a, right)
        pairs_used = list(zip([p for p, _ in pairs], fractions_of(right)))
        for (p, q), value, failed in zip(pairs_used, fractions_of(result), failed_rows(result, len(pairs))):
            expected = python(p, q)
            if expected is None:
                assert failed  # a division by zero fails its row, as the scalar path raises
            else:
                assert not failed and value == expected
    for op, python in (("<", lambda p, q: p < q), ("=", lambda p, q: p == q), (">=", lambda p, q: p >= q)):
        assert list(ex.compare(a, b, op).values) == [python(p, q) for p, q in pairs]
    assert list(ex._round_half_up([a]).values) == [round_half_up(p) for p, _ in pairs]


@settings(deadline=None)  # a busy machine is no failure
@given(st.lists(st.tuples(anything, anything), min_size=1, max_size=20))
def test_column_arithmetic_is_exact_or_says_it_cannot_be(pairs):
    # beyond 64 bits a row fails (its case goes to the scalar path) or the whole batch does
    # (OverflowError, caught by the backend): never a wrong number
    try:
        a, b = column([p for p, _ in pairs]), column([q for _, q in pairs])
    except OverflowError:
        assume(False)  # no column holds these (a case's would be refused by the store)
    for _, operation, python in OPERATIONS:
        try:
            result = operation(a, b)
        except OverflowError:
            continue
        for (p, q), value, failed in zip(pairs, fractions_of(result), failed_rows(result, len(pairs))):
            if not failed:
                assert value == python(p, q)


def test_a_product_beyond_64_bits_fails_its_row_not_the_others():
    big = Column(NUMBER, np.asarray([3, 2**40], dtype=np.int64))
    product = ex._multiply(big, big)
    assert list(product.failed) == [False, True]
    assert product.values[0] == 9
    assert LIMIT == 2**62


dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


def date_column(values: list[date]) -> Column:
    return Column(DATE, np.asarray([d.toordinal() for d in values], dtype=np.int64))


@settings(deadline=None)  # a busy machine is no failure
@given(st.lists(st.tuples(dates, dates, st.integers(-30, 30)), min_size=1, max_size=20))
def test_date_functions_as_the_runtime(triples):
    a, b = date_column([x for x, _, _ in triples]), date_column([y for _, y, _ in triples])
    n = Column(NUMBER, np.asarray([k for _, _, k in triples], dtype=np.int64))
    as_dates = lambda c: [date.fromordinal(int(v)) for v in c.values]  # noqa: E731
    assert list(ex.FUNCTIONS["months_between"]([a, b]).values) == [runtime.months_between(x, y) for x, y, _ in triples]
    assert list(ex.FUNCTIONS["years_between"]([a, b]).values) == [runtime.years_between(x, y) for x, y, _ in triples]
    assert as_dates(ex.FUNCTIONS["start_of_month"]([a])) == [runtime.start_of_month(x) for x, _, _ in triples]
    assert as_dates(ex.FUNCTIONS["end_of_month"]([a])) == [runtime.end_of_month(x) for x, _, _ in triples]
    assert as_dates(ex._add_months(a, n, 1)) == [runtime.add_months(x, k) for x, _, k in triples]
    assert as_dates(ex._add_days(a, n, -1)) == [runtime.add_days(x, -k) for x, _, k in triples]


def test_leap_days_and_month_ends():
    # 29 February 2024 + 1 year of months is 28 February 2025; 31 January + 1 month is 29
    # February in a leap year; 29 February to 28 February 2025 is not yet a whole year
    a = date_column([date(2024, 2, 29), date(2024, 1, 31), date(2024, 2, 29)])
    twelve = Column(NUMBER, np.asarray([12, 1, 0], dtype=np.int64))
    assert [date.fromordinal(int(v)) for v in ex._add_months(a, twelve, 1).values] == [
        date(2025, 2, 28), date(2024, 2, 29), date(2024, 2, 29)]
    b = date_column([date(2025, 2, 28), date(2025, 3, 1), date(2028, 2, 29)])
    assert list(ex.FUNCTIONS["years_between"]([a, b]).values) == [0, 1, 4]


@settings(deadline=None)  # a busy machine is no failure
@given(st.lists(st.lists(dates, max_size=12), min_size=1, max_size=4),
       st.sampled_from(["day", "calendar_week", "calendar_month", "blocks", "rolling"]),
       st.integers(1, 9))
def test_windows_as_the_runtime(lists, kind, size):
    # each frame row's list of dates, cut into windows both ways
    anchor = date(2000, 1, 3)
    flat = [d for dates_ in lists for d in dates_]
    counts = np.asarray([len(x) for x in lists], dtype=np.int64)
    starts = np.cumsum(counts) - counts
    runs = Runs(None, np.arange(len(flat), dtype=np.int64), starts, counts)
    ordinals = np.asarray([d.toordinal() for d in flat], dtype=np.int64)
    anchors = np.full(len(lists), anchor.toordinal(), dtype=np.int64)
    made = group(runs, ordinals, kind, size, anchors, "list", np.arange(len(lists)))
    windows = made.table
    for row, dates_ in enumerate(lists):
        records = [runtime.Record(f"list[{i}]", {"date": d}) for i, d in enumerate(dates_)]
        expected = windows_of(*by_date(records, "date"), kind, size, anchor, "list")
        got = range(made.starts[row], made.starts[row] + made.counts[row])
        assert [(w.start.toordinal(), w.end.toordinal(), w.stop - w.first) for w in expected] == \
            [(int(windows.start[w]), int(windows.end[w]), int(windows.count[w])) for w in got]
        # the entries of each window, in date order, are the runtime's
        offset = int(starts[row])
        assert [[int(p) - offset for p in windows.entries[windows.first[w]:windows.first[w] + windows.count[w]]]
                for w in got] == [[int(r.path[5:-1]) for r in w.items] for w in expected]


def test_a_batch_too_large_to_hold_goes_to_the_scalar_path(act, batch_act, monkeypatch):
    # an aggregate over a long list for every entry of it makes a frame of the product; past
    # the limit, the batch is decided on the scalar path, with the same records
    from hsa_dsl.batch import windows

    monkeypatch.setattr(windows, "MAX_ROWS", 100)
    cases = [load_case_file(EXAMPLES / "caregiver_long_days.yaml")]
    scalar, batched = both_ways(act, batch_act, cases)
    assert scalar == batched and scalar[0]["status"] == "judged"
    assert not batch_decides(act, batch_act, cases).any()
