"""JSON Lines and case files read as columns (hsa_dsl/batch/lines.py): a case is laid out as
tables of text only where every cell says to the table reader what the value says to the
validator; any other case is read, validated and decided on the scalar path. Either way the
record is the scalar path's."""

from __future__ import annotations

import copy
import json
import sys
from decimal import Decimal

import pytest

np = pytest.importorskip("numpy")
pytest.importorskip("pyarrow")

from hsa_dsl import audit  # noqa: E402
from hsa_dsl.batch.lines import LineBatch  # noqa: E402

from conftest import ROOT  # noqa: E402
from test_batch import assert_written_alike  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import population  # noqa: E402


def seeded(size: int, seed: int) -> list[dict]:
    return list(population.population(size, seed))


def as_read(case: dict) -> dict:
    """A case as its JSON line is read: numbers with a point as written, not as floats."""
    from hsa_dsl.cases import parse_case_text

    return parse_case_text(json.dumps(case), "case", json_format=True)


def laid_out(act, pending: list[audit.Pending]) -> list[bool]:
    """Which cases the columns hold (not left to the scalar path before they are read)."""
    read = []
    for p in pending:
        case = audit.read_case(p)
        read.append((audit._case_id(act, p, case), case))
    batch = LineBatch(act, pending, read)
    return [i in batch.places for i in range(len(pending))]


def lines_of(cases: list[dict]) -> list[audit.Pending]:
    return [audit.Pending(f"cases.jsonl:{i + 1}", line=json.dumps(c)) for i, c in enumerate(cases)]


def alike(act, batch_act, pending: list[audit.Pending]) -> list[dict]:
    scalar = [audit.judge(act, p) for p in pending]
    block = audit.judge_batch(act, batch_act, pending)
    assert list(block) == scalar
    assert_written_alike(block, scalar)
    return scalar


def test_a_population_is_laid_out_whole_and_decided_as_columns(act, batch_act):
    pending = lines_of(seeded(60, seed=21))
    records = alike(act, batch_act, pending)
    assert all(laid_out(act, pending))
    assert audit.judge_batch(act, batch_act, pending).columns.kept.all()
    # the ids name the records, as on the scalar path
    assert [r["case"] for r in records] == [f"worker-{i:07d}" for i in range(60)]


def _set(path: tuple, value):
    def change(case: dict) -> None:
        place = case
        for step in path[:-1]:
            place = place[step]
        place[path[-1]] = value
    return change


def _drop(path: tuple):
    def change(case: dict) -> None:
        place = case
        for step in path[:-1]:
            place = place[step]
        del place[path[-1]]
    return change


UNPLAIN = [
    # (what, the change, whether the validator accepts the case): each such case is left to
    # the scalar path, which reads it itself
    ("a number given as text", _set(("employment", "contract", "monthly_wage"), "26400"), True),
    ("a yes-or-no given as text", _set(("employment", "employee", "foreign"), "yes"), False),
    ("a yes-or-no given as a number", _set(("employment", "employee", "foreign"), 1), False),
    ("a whole number written with a point", _set(("employment", "contract", "pay_day"), 10.0), None),
    ("a date with a space before it", _set(("employment", "assessed_on"), " 2025-06-04"), None),
    ("an empty text", _set(("employment", "employee", "gender"), ""), False),
    ("null", _set(("employment", "contract", "end_date"), None), None),
    ("a key the act does not have", _set(("employment", "contract", "bonus"), 100), False),
    ("a record given empty", _set(("employment", "termination"), {}), False),
    ("a record given as a list", _set(("employment", "contract"), []), False),
    ("a list given as a record", _set(("employment", "timecard"), {}), False),
    ("a member given as a number", _set(("employment", "employee", "role"), 3), False),
    ("a set given as text", _set(("employment", "employee", "languages"), "indonesian"), None),
    ("a member with ; in a set", _set(("employment", "employee", "languages"), ["indonesian;thai"]), False),
    ("a day of a time card given as text", _set(("employment", "timecard", 0), "2025-04-01"), False),
    ("an entry with nothing in it", _set(("employment", "timecard", 0), {}), False),
]


@pytest.mark.parametrize("what, change, valid", UNPLAIN, ids=[u[0] for u in UNPLAIN])
def test_a_value_a_cell_would_not_say_leaves_the_case_to_the_scalar_path(act, batch_act, what, change, valid):
    cases = seeded(3, seed=22)
    change(cases[1])
    pending = lines_of(cases)
    records = alike(act, batch_act, pending)
    assert laid_out(act, pending) == [True, False, True]
    if valid is not None:
        assert (records[1]["status"] == "judged") is valid, records[1]


def test_numbers_as_json_writes_them_are_read_exactly(act, batch_act):
    # 8.25 hours, 26400 as a whole number for money, 1E+1 (ten, in a form the columns do not
    # read plainly: the scalar path decides that case); all as the scalar path does
    cases = seeded(4, seed=23)
    cases[0]["employment"]["timecard"][0]["hours_worked"] = Decimal("8.25")
    cases[1]["employment"]["wages"][0]["paid_amount"] = 26400
    cases[2]["employment"]["timecard"][1]["hours_worked"] = Decimal("1E+1")
    pending = [audit.Pending(f"n{i}", line=json.dumps(c, default=str).replace('"8.25"', "8.25")
                             .replace('"1E+1"', "1E+1")) for i, c in enumerate(cases)]
    alike(act, batch_act, pending)
    assert laid_out(act, pending) == [True, True, True, True]
    block = audit.judge_batch(act, batch_act, pending)
    assert block.columns.kept.tolist() == [True, True, False, True]


def test_an_empty_list_that_must_be_there_is_a_list_with_no_rows(act, batch_act):
    cases = seeded(2, seed=24)
    cases[0]["employment"]["wages"] = []
    pending = lines_of(cases)
    alike(act, batch_act, pending)
    assert laid_out(act, pending) == [True, True]


def test_lines_that_cannot_be_read_are_refused_among_cases_laid_out(act, batch_act):
    cases = seeded(3, seed=25)
    pending = lines_of(cases)
    pending.insert(1, audit.Pending("cases.jsonl:9", line="not json"))
    pending.insert(3, audit.Pending("cases.jsonl:10", line=json.dumps({**cases[0], "id": True})))
    records = alike(act, batch_act, pending)
    assert [r["status"] for r in records] == ["judged", "refused", "judged", "refused", "judged"]


def test_nothing_the_user_gave_is_changed(act, batch_act):
    cases = [as_read(c) for c in seeded(3, seed=26)]
    given = [audit.Pending(f"c{i}", case=c) for i, c in enumerate(cases)]
    before = copy.deepcopy(cases)
    alike(act, batch_act, given)
    assert all(laid_out(act, given))
    assert cases == before  # the ids are taken out of copies only


def test_case_files_are_laid_out_as_their_reader_reads_them(act, batch_act, tmp_path):
    # a folder of YAML case files: numbers with a point read exactly (8.5), dates as written
    folder = tmp_path / "cases"
    folder.mkdir()
    text = (ROOT / "examples" / "caregiver_long_days.yaml").read_text(encoding="utf-8")
    (folder / "a.yaml").write_text(text, encoding="utf-8")
    (folder / "b.yaml").write_text(text.replace("regular_hours: 10,", "regular_hours: 8.5,", 3), encoding="utf-8")
    pending = list(audit.pending_cases([str(folder)], act))
    records = alike(act, batch_act, pending)
    assert laid_out(act, pending) == [True, True]
    assert records[0] != records[1]  # the three shorter days changed what was found


def test_dates_given_as_dates_are_laid_out_as_the_days_they_are(act, batch_act):
    from datetime import date

    cases = [as_read(c) for c in seeded(2, seed=29)]
    for day in cases[0]["employment"]["timecard"]:
        day["date"] = date.fromisoformat(day["date"])
    pending = [audit.Pending(f"d{i}", case=c) for i, c in enumerate(cases)]
    alike(act, batch_act, pending)
    assert laid_out(act, pending) == [True, True]


def test_without_arrow_cases_are_validated_one_by_one_with_the_same_records(act, batch_act, monkeypatch):
    pending = lines_of(seeded(20, seed=27))
    with_arrow = list(audit.judge_batch(act, batch_act, pending))
    monkeypatch.setattr(audit, "_arrow_installed", lambda: False)
    assert list(audit.judge_batch(act, batch_act, pending)) == with_arrow


def test_the_audit_of_json_lines_decides_as_columns(tmp_path):
    from click.testing import CliRunner

    from hsa_dsl.cli import main

    path = tmp_path / "cases.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in seeded(50, seed=28)), encoding="utf-8")
    outputs = []
    for backend in ("scalar", "batch"):
        result = CliRunner().invoke(main, ["audit", str(path), "--backend", backend, "--batch-size", "7"])
        assert result.exit_code == 0
        outputs.append(result.stdout)
    assert outputs[0] == outputs[1]  # line for line


def test_a_float_given_by_a_program_leaves_the_case_to_the_scalar_path(act, batch_act):
    # 8.1 as a float is not 8.1 but the nearest binary fraction: the validator decides what to
    # make of it, not a cell
    cases = [as_read(c) for c in seeded(2, seed=30)]
    cases[0]["employment"]["contract"]["monthly_wage"] = 26400.5
    pending = [audit.Pending(f"f{i}", case=c) for i, c in enumerate(cases)]
    alike(act, batch_act, pending)
    assert laid_out(act, pending) == [False, True]


#: values put in place of a case's facts: of every JSON type, plain and not
ODD_VALUES = [None, "", " x", "true", "yes", 0, 1, -1, 10**20, "8.0", "2025-02-30", "2025-01-01", [], {},
              ["indonesian"], "indonesian", True, False, "NT$100", "1e3", "  2025-01-01", {"a": 1}, [{}],
              "fixed_term", "employer"]


def _places(value, prefix=()):
    if isinstance(value, dict):
        for key, item in value.items():
            yield prefix + (key,)
            yield from _places(item, prefix + (key,))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield prefix + (i,)
            yield from _places(item, prefix + (i,))


def _mutated(case: dict, rng) -> dict:
    """The case with one to three of its facts (at any depth) removed, replaced by an odd value,
    or joined by a key the act does not have."""
    places = [p for p in _places(case) if p[0] != "id"]
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(places)
        owner = case
        try:
            for step in path[:-1]:
                owner = owner[step]
            choice = rng.random()
            if choice < 0.15 and isinstance(owner, dict):
                del owner[path[-1]]
            elif choice < 0.25 and isinstance(owner, dict):
                owner["unknown"] = 1
            else:
                owner[path[-1]] = copy.deepcopy(rng.choice(ODD_VALUES))
        except (KeyError, IndexError, TypeError):
            pass  # a place an earlier change removed
    return case


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cases_changed_at_random_are_decided_as_the_scalar_path_decides_them(act, batch_act, seed):
    # a seeded population, a share of its cases changed at random: whatever each change makes
    # of a case (refused, judged otherwise, left to the scalar path or laid out), the records
    # are the scalar path's, and most unchanged cases are decided as columns
    import random

    rng = random.Random(seed)
    cases = [(_mutated(c, rng) if rng.random() < 0.4 else c) for c in seeded(120, seed=40 + seed)]
    pending = lines_of(cases)
    records = alike(act, batch_act, pending)
    assert any(r["status"] == "refused" for r in records) and any(r["status"] == "judged" for r in records)
    assert audit.judge_batch(act, batch_act, pending).columns.kept.sum() >= 60
