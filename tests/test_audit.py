"""`hsa-dsl audit`: many cases at once, one record each, in order, with a summary.

Golden files: ``tests/golden/audit/`` (``HSA_UPDATE_GOLDEN=1`` rewrites them; review the diff).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from hsa_dsl.cases import load_case_file
from hsa_dsl.cli import main
from hsa_dsl.runtime.verdict import jsonable

from helpers import golden as check_golden
from conftest import EXAMPLES, ROOT

GOLDEN = Path(__file__).resolve().parent / "golden" / "audit"
CHOSEN = ("caregiver_long_days.yaml", "compliant_household.yaml", "fired_for_pregnancy.yaml",
          "wages_paid_to_broker.yaml")

sys.path.insert(0, str(ROOT / "bench"))
import population  # noqa: E402


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def run(*args):
    try:
        runner = CliRunner(mix_stderr=False)  # click 8.1 mixes the two streams unless told
    except TypeError:
        runner = CliRunner()  # click 8.2 and later keep them apart
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def cases_file(tmp_path) -> Path:
    """Four worked examples, a line each, named by an id; then a case with a mistake and a line
    that is not JSON."""
    path = tmp_path / "cases.jsonl"
    lines = []
    for name in CHOSEN:
        case = jsonable(load_case_file(EXAMPLES / name))
        lines.append(json.dumps({"id": Path(name).stem, **case}, ensure_ascii=False))
    lines += ['{"id": 7, "employment": {"contract": 5}}', "", "not json"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_case_is_a_record_in_order_and_the_summary_adds_them_up(cases_file, tmp_path):
    result = run("audit", cases_file, "--summary", tmp_path / "summary.json")
    assert result.exit_code == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    # a refused case that names itself keeps its name; one that cannot be read is named by its line
    assert [r["case"] for r in records] == [*(Path(n).stem for n in CHOSEN), "7", f"{cases_file}:7"]
    # the worked examples' totals (acts/tests/): NT$15,725, nothing, NT$52,415, NT$55,208
    assert [r["owed"]["total"] for r in records[:4]] == ["15725", "0", "52415", "55208"]
    assert records[1]["violations"] == 0 and records[0]["findings"]["22"]["violation"]["art22_daily_regular_hours"] == 30
    assert [r["status"] for r in records[4:]] == ["refused", "refused"]
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    # 15,725 + 52,415 + 55,208 = NT$123,348, owed to three of the four workers judged
    assert (summary["judged"], summary["refused"], summary["owed"]["total"], summary["owed"]["workers"]) == \
        (4, 2, "123348", 3)
    golden("records.jsonl", result.stdout.replace(str(cases_file), "cases.jsonl"))
    golden("summary.txt", result.stderr.replace(str(cases_file), "cases.jsonl"))


def test_csv_has_a_row_a_case(cases_file):
    result = run("audit", cases_file, "--format", "csv")
    golden("records.csv", result.stdout.replace(str(cases_file), "cases.jsonl"))
    rows = result.stdout.splitlines()
    assert rows[0] == "case,status,violations,articles_breached,owed_total,warnings,error"
    assert len(rows) == 1 + 6


def test_two_processes_give_the_same_records_in_the_same_order(tmp_path):
    path = tmp_path / "population.jsonl"
    path.write_text("".join(json.dumps(c) + "\n" for c in population.population(80, seed=3)), encoding="utf-8")
    one = run("audit", path)
    two = run("audit", path, "--jobs", "2")
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout and one.stderr == two.stderr
    assert len(one.stdout.splitlines()) == 80


@pytest.mark.parametrize("backend", ["scalar", "batch"])
@pytest.mark.parametrize("output_format", ["jsonl", "csv", "parquet"])
def test_worker_processes_write_what_one_process_writes(tmp_path, backend, output_format):
    # the workers send their blocks back written, with their summaries: the output and the
    # summary are those of one process, refused cases among them
    if backend == "batch":
        pytest.importorskip("numpy")
    if output_format == "parquet":
        pytest.importorskip("pyarrow")
    path = tmp_path / "population.jsonl"
    lines = [json.dumps(c) for c in population.population(60, seed=5)]
    lines[7] = '{"id": "broken", "employment": {"contract": 5}}'
    path.write_text("\n".join(lines) + "\nnot json\n", encoding="utf-8")
    written = {}
    for jobs in (1, 2):
        out, summary = tmp_path / f"records-{jobs}.{output_format}", tmp_path / f"summary-{jobs}.json"
        result = run("audit", path, "--jobs", jobs, "--backend", backend, "--format", output_format,
                     "--batch-size", 16, "--out", out, "--summary", summary)
        assert result.exit_code == 0, result.stderr
        written[jobs] = (out.read_bytes() if output_format != "parquet" else _parquet_rows(out),
                         summary.read_text(encoding="utf-8"), result.stderr)
    assert written[1] == written[2]
    assert json.loads(written[1][1])["cases"] == 61 and json.loads(written[1][1])["refused"] == 2


def test_without_numpy_the_batch_backend_is_refused_and_auto_is_the_scalar_path(monkeypatch, cases_file):
    from hsa_dsl import audit

    scalar = run("audit", cases_file, "--backend", "scalar")
    monkeypatch.setitem(sys.modules, "numpy", None)  # as if it were not installed
    assert audit.batched("auto") is False and audit.batch_backend(object(), "auto") is None
    result = run("audit", cases_file, "--backend", "batch")
    assert result.exit_code == 1
    assert "the batch backend needs numpy" in result.stderr and "hsa-dsl[batch]" in result.stderr
    # auto decides them on the scalar path, with the records of asking for it
    auto = run("audit", cases_file, "--backend", "auto")
    assert auto.exit_code == 0 and auto.stdout == scalar.stdout


def _parquet_rows(path: Path) -> list[dict]:
    import pyarrow.parquet as pq

    return pq.read_table(path).to_pylist()


def test_a_folder_of_case_files_and_an_output_file(tmp_path):
    out = tmp_path / "records.jsonl"
    result = run("audit", EXAMPLES, "--out", out)
    assert result.exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(list(EXAMPLES.glob("*.yaml"))) and all(r["status"] == "judged" for r in records)
    # no progress line when standard error is not a terminal
    assert "a second" not in result.stderr


def test_an_id_that_is_not_a_name_is_refused_and_the_run_goes_on(tmp_path):
    path = tmp_path / "cases.jsonl"
    case = jsonable(load_case_file(EXAMPLES / "compliant_household.yaml"))
    path.write_text(json.dumps({"id": [1], **case}) + "\n" + json.dumps(case) + "\n", encoding="utf-8")
    records = [json.loads(line) for line in run("audit", path).stdout.splitlines()]
    assert records[0]["status"] == "refused" and "an id is a text or a whole number" in records[0]["errors"][0]["message"]
    assert records[1]["status"] == "judged" and records[1]["case"] == f"{path}:2"


def test_a_missing_input_is_named(tmp_path):
    result = run("audit", tmp_path / "none.jsonl")
    assert result.exit_code == 1 and "none.jsonl: error: no such file or folder" in result.stderr


def test_a_line_that_is_not_utf8_is_refused_not_mended(tmp_path):
    # a replaced byte would change what the case says
    case = json.dumps(jsonable(load_case_file(EXAMPLES / "compliant_household.yaml")))
    path = tmp_path / "cases.jsonl"
    path.write_bytes(case.encode() + b"\n" + case[:-1].encode() + b', "note": "caf\xe9"}\n')
    records = [json.loads(line) for line in run("audit", path).stdout.splitlines()]
    assert [r["status"] for r in records] == ["judged", "refused"]
    assert records[1]["errors"][0] == {"place": f"{path}:2", "message": "the line is not UTF-8 text",
                                       "reason": "the line is not UTF-8 text"}


def test_a_folder_holds_json_lines_files_too(tmp_path):
    case = json.dumps(jsonable(load_case_file(EXAMPLES / "compliant_household.yaml")))
    (tmp_path / "a.jsonl").write_text(f"{case}\n{case}\n", encoding="utf-8")
    (tmp_path / "b.json").write_text(case, encoding="utf-8")
    records = [json.loads(line) for line in run("audit", tmp_path).stdout.splitlines()]
    assert [r["case"] for r in records] == [f"{tmp_path / 'a.jsonl'}:1", f"{tmp_path / 'a.jsonl'}:2", str(tmp_path / "b.json")]
