"""Tables read as columns by the batch backend (hsa_dsl/batch/columnar.py): CSV and Parquet
folders give the records the scalar path gives from the same rows, and every case the columns
cannot vouch for (a value written otherwise than plainly, a missing fact, a failed check) is
read, validated and decided on the scalar path instead."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

import pytest

np = pytest.importorskip("numpy")
pa = pytest.importorskip("pyarrow")
import pyarrow.parquet as pq  # noqa: E402

from hsa_dsl import audit, tables  # noqa: E402
from hsa_dsl.batch.columnar import TableFolder, store_of  # noqa: E402
from hsa_dsl.cases import load_case_file  # noqa: E402
from hsa_dsl.errors import HsaError  # noqa: E402
from hsa_dsl.runtime.verdict import jsonable  # noqa: E402

from conftest import EXAMPLES, ROOT  # noqa: E402
from test_batch import assert_written_alike  # noqa: E402
from test_tables import CHOSEN, write_tables  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import population  # noqa: E402


def both_backends(act, folder: Path) -> tuple[list[dict], list[dict]]:
    """The records from the scalar path and from the columns; the columns' blocks of records
    also write each output shape as the scalar records do."""
    scalar = list(audit.records_of_paths(act, None, [str(folder)], backend="scalar"))
    blocks = list(audit.record_blocks_of_paths(act, None, [str(folder)], backend="batch", batch_size=7))
    batch = [record for block in blocks for record in block]
    done = 0
    for block in blocks:
        assert_written_alike(block, scalar[done:done + len(block)])
        done += len(block)
    return scalar, batch


def decided_by_columns(act, batch_act, folder: Path) -> list[bool]:
    out = []
    for batch in TableFolder(act, folder).batches(1000):
        store, accepted = store_of(act, batch)
        _, fallback = batch_act.decide_store(store, accepted)
        out += (~fallback).tolist()
    return out


def population_cases(size: int, seed: int) -> dict[str, dict]:
    cases = {}
    for case in population.population(size, seed):
        cases[case.pop("id")] = case
    return cases


def test_the_examples_and_a_population_alike_and_read_as_columns(act, batch_act, tmp_path):
    cases = {Path(name).stem: jsonable(load_case_file(EXAMPLES / name)) for name in CHOSEN}
    cases.update(population_cases(40, seed=8))
    write_tables(act, tmp_path / "tables", cases)
    scalar, batch = both_backends(act, tmp_path / "tables")
    assert scalar == batch
    assert [r["case"] for r in batch] == list(cases)
    assert all(r["status"] == "judged" for r in batch)
    # the batch read every one of them as columns: none went back to the row reader
    assert all(decided_by_columns(act, batch_act, tmp_path / "tables"))


UNUSUAL = [
    # (what is changed, the fact's path, its cell): each is read by the scalar path, which
    # accepts it as a case file would or refuses it with its place
    ("money written with separators", ("employment", "contract", "monthly_wage"), "NT$28,590"),
    ("a number with a plus sign", ("employment", "contract", "pay_day"), "+10"),
    ("a day that is not in the calendar", ("employment", "assessed_on"), "2025-02-30"),
    ("a truth written as 1", ("employment", "employee", "foreign"), "1"),
    ("an unknown member", ("employment", "contract", "kind"), "fixed"),
    ("a pay day out of bounds", ("employment", "contract", "pay_day"), "32"),
    ("cents of a cent", ("employment", "contract", "monthly_wage"), "28590.005"),
    ("a check that fails", ("employment", "contract", "monthly_wage"), "999"),
    ("a language listed twice", ("employment", "employee", "languages"), "indonesian;indonesian"),
]


@pytest.mark.parametrize("what, path, cell", UNUSUAL, ids=[u[0] for u in UNUSUAL])
def test_a_value_written_otherwise_goes_to_the_scalar_path(act, batch_act, tmp_path, what, path, cell):
    cases = population_cases(3, seed=2)
    target = cases[next(iter(cases))]
    place = target
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = cell
    write_tables(act, tmp_path / "tables", cases)
    scalar, batch = both_backends(act, tmp_path / "tables")
    assert scalar == batch
    assert decided_by_columns(act, batch_act, tmp_path / "tables") == [False, True, True]


@pytest.mark.parametrize("where", ["next to it", "later in the month"])
def test_a_day_given_twice_in_a_time_card_goes_to_the_scalar_path(act, batch_act, tmp_path, where):
    # a list whose entries must differ by date: the validator refuses a date given twice, in
    # order or not, and so the columns leave that case to it
    cases = population_cases(3, seed=4)
    days = cases[list(cases)[1]]["employment"]["timecard"]
    copy = dict(days[3])
    days.insert(4 if where == "next to it" else 10, copy)
    write_tables(act, tmp_path / "tables", cases)
    scalar, batch = both_backends(act, tmp_path / "tables")
    assert scalar == batch
    assert batch[1]["status"] == "refused" and "date" in json.dumps(batch[1]["errors"])
    assert decided_by_columns(act, batch_act, tmp_path / "tables") == [True, False, True]


def test_a_missing_required_fact_and_an_empty_key(act, batch_act, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    cases = population_cases(2, seed=3)
    write_tables(act, tmp_path / "written", cases)
    text = (tmp_path / "written" / "cases.csv").read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    start = header.index("employment.contract.start")
    first = text[1].split(",")
    first[start] = ""  # a contract with no start
    second = text[2].split(",")
    second[0] = ""  # a row that names no case
    (folder / "cases.csv").write_text("\n".join([text[0], ",".join(first), ",".join(second)]) + "\n", encoding="utf-8")
    for other in (tmp_path / "written").glob("employment.*.csv"):
        rows = other.read_text(encoding="utf-8").splitlines()
        key = second and text[2].split(",")[0]
        (folder / other.name).write_text("\n".join([rows[0]] + [r for r in rows[1:] if not r.startswith(key + ",")])
                                         + "\n", encoding="utf-8")
    scalar, batch = both_backends(act, folder)
    assert scalar == batch
    assert [r["status"] for r in batch] == ["refused", "refused"]
    assert "start" in json.dumps(batch[0]["errors"]) and "`case` column is empty" in json.dumps(batch[1]["errors"])


def test_parquet_tables_give_the_records_of_the_csv_tables(act, batch_act, tmp_path):
    cases = {Path(name).stem: jsonable(load_case_file(EXAMPLES / name)) for name in CHOSEN}
    cases.update(population_cases(20, seed=9))
    write_tables(act, tmp_path / "csv", cases)
    parquet = tmp_path / "parquet"
    parquet.mkdir()
    for file in (tmp_path / "csv").glob("*.csv"):
        with open(file, encoding="utf-8", newline="") as stream:
            rows = list(csv.DictReader(stream))
        columns = {name: [row[name] for row in rows] for name in rows[0]}
        arrays = {}
        for name, values in columns.items():
            # typed as a payroll export would type them: dates, whole numbers, decimals, nulls
            if name.endswith(("date", "start", "month", "_on")) and all(v == "" or len(v) == 10 for v in values):
                arrays[name] = pa.array([None if v == "" else v for v in values]).cast(pa.date32())
            elif all(v.lstrip("-").isdigit() for v in values if v) and any(values):
                arrays[name] = pa.array([None if v == "" else int(v) for v in values], pa.int64())
            else:
                arrays[name] = pa.array([None if v == "" else v for v in values], pa.string())
        pq.write_table(pa.table(arrays), parquet / (file.stem + ".parquet"))
    from_csv = list(audit.records_of_paths(act, None, [str(tmp_path / "csv")], backend="batch"))
    from_parquet = list(audit.records_of_paths(act, None, [str(parquet)], backend="batch"))
    scalar_parquet = list(audit.records_of_paths(act, None, [str(parquet)], backend="scalar"))
    assert from_parquet == from_csv == scalar_parquet
    assert all(decided_by_columns(act, batch_act, parquet))
    assert audit.count_cases([str(parquet)]) == len(cases)


def test_rows_out_of_order_stop_the_run_with_a_place(act, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "cases.csv").write_text("case,employment.assessed_on\na,2025-04-10\nb,2025-04-10\n", encoding="utf-8")
    (folder / "employment.wages.csv").write_text("case,month\nb,2025-03-01\na,2025-03-01\n", encoding="utf-8")
    with pytest.raises(HsaError) as raised:
        list(audit.records_of_paths(act, None, [str(folder)], backend="batch"))
    assert "employment.wages.csv" in raised.value.render()
    assert isinstance(raised.value, tables.OutOfOrder)


def test_a_blank_line_keeps_the_records_named_by_their_lines(act, tmp_path):
    cases = population_cases(3, seed=4)
    cases[next(iter(cases))]["employment"]["contract"]["kind"] = "fixed"  # refused, named by its line
    write_tables(act, tmp_path / "tables", cases)
    path = tmp_path / "tables" / "cases.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:1] + [""] + lines[1:]) + "\n", encoding="utf-8")
    scalar, batch = both_backends(act, tmp_path / "tables")
    assert scalar == batch
    assert batch[0]["errors"][0]["place"].startswith(str(path) + ":3")


def test_records_as_parquet_hold_what_the_csv_holds(act, tmp_path):
    from click.testing import CliRunner

    from hsa_dsl.cli import main

    cases = population_cases(30, seed=6)
    cases[next(iter(cases))]["employment"]["contract"]["kind"] = "fixed"  # one refused
    write_tables(act, tmp_path / "tables", cases)
    runner = CliRunner()
    as_csv = runner.invoke(main, ["audit", str(tmp_path / "tables"), "--format", "csv"], catch_exceptions=False)
    out = tmp_path / "records.parquet"
    as_parquet = runner.invoke(main, ["audit", str(tmp_path / "tables"), "--format", "parquet", "--out", str(out)],
                               catch_exceptions=False)
    assert as_csv.exit_code == as_parquet.exit_code == 0
    rows = list(csv.DictReader(as_csv.stdout.splitlines()))
    table = pq.read_table(out).to_pylist()
    assert len(table) == len(rows) == 30
    for row, stored in zip(rows, table):
        # the same cells, the counts and totals as whole numbers, an empty cell as null
        assert {k: "" if v is None else str(v) for k, v in stored.items()} == row
    assert table[0]["status"] == "refused" and table[0]["violations"] is None
    no_file = runner.invoke(main, ["audit", str(tmp_path / "tables"), "--format", "parquet"])
    assert no_file.exit_code != 0 and "--out FILE" in no_file.output


def test_without_pyarrow_csv_tables_are_read_row_by_row_and_decided_alike(act, tmp_path, monkeypatch):
    cases = population_cases(5, seed=7)
    write_tables(act, tmp_path / "tables", cases)
    with_arrow = list(audit.records_of_paths(act, None, [str(tmp_path / "tables")], backend="batch"))
    monkeypatch.setattr(audit, "_arrow_installed", lambda: False)
    read = []
    monkeypatch.setattr(audit, "judge_batch", lambda *a, _judge=audit.judge_batch: read.append(1) or _judge(*a))
    without = list(audit.records_of_paths(act, None, [str(tmp_path / "tables")], backend="batch"))
    assert without == with_arrow and read  # decided as a batch of the rows read one by one
