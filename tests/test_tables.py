"""Cases from tables (a folder of CSV files laid out by the act's inputs, see hsa_dsl/tables.py):
the same facts as a case file give the same records."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl import audit, tables
from hsa_dsl.cases import load_case_file
from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError
from hsa_dsl.runtime.verdict import jsonable

from conftest import EXAMPLES

#: examples whose lists of records all have tables (none has periods of work inside a day)
CHOSEN = ("caregiver_long_days.yaml", "fired_for_pregnancy.yaml", "wages_paid_to_broker.yaml",
          "compliant_household.yaml", "penalty_deduction.yaml", "injured_without_insurance.yaml")


@pytest.fixture(scope="module")
def act():
    return hsa_dsl.load_act()


def flatten(value, path=()) -> dict:
    """A case's facts outside its lists of records, by dotted path, as a cell holds them."""
    out = {}
    if isinstance(value, dict):
        for key, inner in value.items():
            out.update(flatten(inner, path + (key,)))
    elif isinstance(value, list):
        if value and isinstance(value[0], dict):
            return {}
        out[".".join(path)] = ";".join(map(str, value))
    elif isinstance(value, bool):
        out[".".join(path)] = "true" if value else "false"
    else:
        out[".".join(path)] = str(value)
    return out


def write_tables(act, folder: Path, cases: dict[str, dict]) -> None:
    """The cases as tables: cases.csv, and a table for each list of records."""
    folder.mkdir()
    rows, lists = [], {dotted: [] for dotted in tables.list_tables(act)}
    for key, case in cases.items():
        rows.append({"case": key, **flatten(case)})
        for dotted, path in tables.list_tables(act).items():
            entries = case
            for step in path:
                entries = entries.get(step, {}) if isinstance(entries, dict) else {}
            for entry in entries or []:
                lists[dotted].append({"case": key, **flatten(entry)})
    for name, table in [("cases", rows), *lists.items()]:
        if not table:
            continue
        columns = ["case"] + sorted({c for row in table for c in row} - {"case"})
        with open(folder / f"{name}.csv", "w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, columns)
            writer.writeheader()
            writer.writerows(table)


def test_tables_give_the_records_of_the_same_cases_as_json_lines(act, tmp_path):
    cases = {Path(name).stem: jsonable(load_case_file(EXAMPLES / name)) for name in CHOSEN}
    write_tables(act, tmp_path / "tables", cases)
    lines = tmp_path / "cases.jsonl"
    lines.write_text("".join(json.dumps({"id": k, **c}) + "\n" for k, c in cases.items()), encoding="utf-8")
    from_tables = list(audit.records(act, None, audit.pending_cases([str(tmp_path / "tables")], act)))
    from_lines = list(audit.records(act, None, audit.pending_cases([str(lines)], act)))
    assert [r["case"] for r in from_tables] == list(cases)
    assert all(r["status"] == "judged" for r in from_tables)
    assert from_tables == from_lines


def test_a_bad_cell_refuses_its_case_only(act, tmp_path):
    cases = {Path(name).stem: jsonable(load_case_file(EXAMPLES / name)) for name in CHOSEN[:3]}
    cases["fired_for_pregnancy"]["employment"]["employee"]["foreign"] = "maybe"
    write_tables(act, tmp_path / "tables", cases)
    result = CliRunner().invoke(main, ["audit", str(tmp_path / "tables")], catch_exceptions=False)
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["status"] for r in records] == ["judged", "refused", "judged"]
    assert records[1]["errors"][0]["message"] == "expected true or false, found 'maybe'"
    assert records[1]["errors"][0]["place"].endswith("cases.csv:3: employment.employee.foreign")


def test_rows_out_of_the_order_of_the_cases_stop_the_run_with_a_place(act, tmp_path):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "cases.csv").write_text("case,employment.assessed_on\na,2025-04-10\nb,2025-04-10\n", encoding="utf-8")
    (folder / "employment.wages.csv").write_text("case,month\nb,2025-03-01\na,2025-03-01\n", encoding="utf-8")
    with pytest.raises(HsaError) as raised:
        list(audit.pending_cases([str(folder)], act))
    assert "employment.wages.csv:3" in raised.value.render()


@pytest.mark.parametrize("header, message", [
    ("id,employment.assessed_on", "the table has no `case` column"),
    ("case,employment.asessed_on", "no fact is called 'employment.asessed_on'"),
    ("case,employment.timecard", "'employment.timecard' is a list of records: it has a table of its own"),
])
def test_a_table_of_unknown_columns_is_refused_with_its_file(act, tmp_path, header, message):
    folder = tmp_path / "tables"
    folder.mkdir()
    (folder / "cases.csv").write_text(header + "\n", encoding="utf-8")
    with pytest.raises(HsaError) as raised:
        list(audit.pending_cases([str(folder)], act))
    assert message in raised.value.render() and "cases.csv" in raised.value.render()
