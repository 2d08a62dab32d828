"""Auditing many workers at once: `hsa-dsl audit CASES`.

Cases stream in (a JSON Lines file, one case a line, or a folder of case files), are decided
untraced, and stream out as one record each, in the order they came: what was found, article
by article, what the worker is owed, item by item and in all, the warnings, or why the case
was refused. Memory stays flat however many cases there are: nothing but the running summary
is kept. A malformed case is a record of its own and never stops the run.

With ``jobs`` above 1 the cases are decided by that many processes, each with the compiled act
loaded once (from the cache); the records still come out in the input's order.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Iterator

import attrs

from hsa_dsl.errors import HsaError
from hsa_dsl.runtime.numbers import exact_text

CASE_SUFFIXES = (".yaml", ".yml", ".json")
#: cases handed to a worker process at a time: large enough that sending them costs little
#: against deciding them, small enough that the records keep flowing
CHUNK = 32


# ---------------------------------------------------------------- the cases


@attrs.frozen
class Pending:
    """A case not yet read: a line of a JSON Lines file, or a case file."""

    name: str
    line: str | None = None
    path: str | None = None
    #: a case already read (from tables), or the error that kept it from being read
    case: dict | None = None
    error: HsaError | None = None


def pending_cases(paths: Iterable[str], act=None) -> Iterator[Pending]:
    """The cases of the files and folders given, in order, read lazily: a JSON Lines file line
    by line (blank lines skipped), a folder of tables (a `cases.csv`, see
    :mod:`hsa_dsl.tables`) row by row, another folder as its case and JSON Lines files in name
    order, any other file as one case."""
    from hsa_dsl import tables

    for path in map(Path, paths):
        if act is not None and tables.is_table_folder(path):
            for name, read in tables.read_table_cases(act, path):
                if isinstance(read, HsaError):
                    yield Pending(name, error=read)
                else:
                    yield Pending(name, case=read)
        elif act is not None and _parquet_folder(path):
            from hsa_dsl.batch.columnar import TableFolder

            for batch in TableFolder(act, path).batches(BATCH):
                for i in range(batch.size):
                    yield batch.pending(i)
        elif path.is_dir():
            for file in _case_files_in(path):
                yield from _file_cases(file)
        elif path.exists():
            yield from _file_cases(path)
        else:
            raise HsaError.single("no such file or folder", file=str(path))


def _table_folder(path: Path) -> bool:
    from hsa_dsl import tables

    return tables.is_table_folder(path) or _parquet_folder(path)


def _parquet_folder(path: Path) -> bool:
    return path.is_dir() and (path / "cases.parquet").is_file()


def _case_files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (*CASE_SUFFIXES, ".jsonl") and p.is_file())


def _file_cases(path: Path) -> Iterator[Pending]:
    if path.suffix != ".jsonl":
        yield Pending(str(path), path=str(path))
        return
    with open(path, "rb") as stream:
        for number, raw in enumerate(stream, start=1):
            name = f"{path}:{number}"
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                # refused, not mended: a replaced byte would change what the case says
                yield Pending(name, error=HsaError.single("the line is not UTF-8 text", file=name,
                                                          hint="save the file as UTF-8"))
                continue
            if line.strip():
                yield Pending(name, line=line)


def all_there(paths: Iterable[str]) -> list[str]:
    """The paths, each a file or folder that is there: one that is not is named before any case
    is read."""
    paths = list(paths)
    for path in paths:
        if not Path(path).exists():
            raise HsaError.single("no such file or folder", file=str(path))
    return paths


def count_cases(paths: Iterable[str]) -> int:
    """How many cases the paths hold (for the progress line); a path that is not there is
    named before any case is read."""
    from hsa_dsl import tables

    def lines(file: Path) -> int:
        with open(file, "rb") as stream:
            return sum(1 for line in stream if line.strip())

    paths = all_there(paths)
    total = 0
    for path in map(Path, paths):
        if tables.is_table_folder(path):
            total += max(0, lines(path / tables.CASES_FILE) - 1)
        elif _parquet_folder(path):
            try:
                import pyarrow.parquet as pq
            except ImportError:
                continue
            total += pq.ParquetFile(path / "cases.parquet").metadata.num_rows
        else:
            files = _case_files_in(path) if path.is_dir() else [path]
            total += sum(lines(file) if file.suffix == ".jsonl" else 1 for file in files)
    return total


def read_case(pending: Pending):
    """The case a pending case stands for, read (its own copy); its reading error raised."""
    from hsa_dsl.cases import load_case_file, parse_case_text

    if pending.error is not None:
        raise pending.error
    if pending.case is not None:
        return dict(pending.case)
    if pending.line is not None:
        return parse_case_text(pending.line, pending.name, json_format=True)
    return load_case_file(pending.path)


# ---------------------------------------------------------------- one case


def judge(act, pending: Pending) -> dict:
    """The record of one case: its findings, what is owed, its warnings; or why it is refused."""
    prepared = prepare(act, pending)
    if isinstance(prepared, dict):
        return prepared
    return decide_one(act, *prepared)


def prepare(act, pending: Pending) -> "tuple[str, dict] | dict":
    """A case read and validated: its id and its inputs; or, where it cannot be, the record
    saying why."""
    case_id = pending.name
    try:
        case = read_case(pending)
        case_id = _case_id(act, pending, case)
        return case_id, act.validate(case, file=pending.name)
    except HsaError as error:
        return refused(case_id, error)


def decide_one(act, case_id: str, inputs: dict) -> dict:
    """The record of one validated case, decided on the scalar path."""
    try:
        verdict = act.evaluate_inputs(inputs, trace=False)
    except HsaError as error:
        return refused(case_id, error)
    return record_of(verdict, case_id)


def refused(case_id: str, error: HsaError) -> dict:
    # a case that names itself keeps its name; each error says where it is
    return {"case": case_id, "status": "refused",
            "errors": [{"place": d.location(), "message": d.message, "reason": _reason(d)}
                       for d in error.diagnostics]}


def judge_batch(act, batch_act, pending: list[Pending]) -> "RecordBlock":
    """The records of a batch of cases, in order, decided together by the batch backend
    (:mod:`hsa_dsl.batch`), and, where it leaves a case to the scalar path, decided there. With
    pyarrow, the cases are read one by one and validated together, as columns
    (:mod:`hsa_dsl.batch.lines`); without it, validated one by one. The records are those
    :func:`judge` gives."""
    if not _arrow_installed():
        return _judge_validated_batch(act, batch_act, pending)
    from hsa_dsl.batch.columnar import store_of
    from hsa_dsl.batch.lines import LineBatch

    read: list[tuple[str | None, object]] = []
    for p in pending:
        try:
            case = read_case(p)
            read.append((_case_id(act, p, case), case))
        except HsaError:
            read.append((None, None))  # the scalar path refuses it, and says why
    batch = LineBatch(act, pending, read)
    if batch.size == 0:
        return RecordBlock([judge(act, p) for p in pending])
    store, accepted = store_of(act, batch)
    decided, fallback = batch_act.decide_store(store, accepted)
    # a case the columns do not hold, or leave to the scalar path, is decided there
    laid_out = set(batch.places)
    out: list[dict | None] = [None if i in laid_out else judge(act, p) for i, p in enumerate(pending)]
    for row, left in enumerate(fallback.tolist()):
        if left:
            out[batch.places[row]] = judge(act, batch.pending(row))
    return RecordBlock(out, decided, batch.keys, batch.places)


def _judge_validated_batch(act, batch_act, pending: list[Pending]) -> "RecordBlock":
    prepared = [prepare(act, p) for p in pending]
    valid = [i for i, p in enumerate(prepared) if not isinstance(p, dict)]
    if not valid:
        return RecordBlock(prepared)
    decided, fallback = batch_act.decide([prepared[i][1] for i in valid])
    out: list[dict | None] = [p if isinstance(p, dict) else None for p in prepared]
    for i, left in zip(valid, fallback.tolist()):
        if left:
            out[i] = decide_one(act, *prepared[i])
    return RecordBlock(out, decided, [prepared[i][0] for i in valid], valid)


def record_of(verdict, case_id: str) -> dict:
    from hsa_dsl.explain.explanation import money_owed, reported_amount

    articles: dict[str, dict] = {}
    for finding in verdict.findings:
        if finding.kind == "warning":
            continue
        kinds = articles.setdefault(str(finding.article), {})
        rules = kinds.setdefault(finding.kind, {})
        rules[finding.rule] = rules.get(finding.rule, 0) + 1
    items = []
    for finding in money_owed(verdict):
        amount = reported_amount(finding)
        if amount:
            items.append({"rule": finding.rule, "article": finding.article, "amount": _amount_text(amount)})
    total = sum((Decimal(item["amount"]) for item in items), Decimal(0))
    warnings = Counter(f.rule for f in verdict.warnings)
    return {
        "case": case_id,
        "status": "judged",
        "findings": {article: articles[article] for article in sorted(articles, key=int)},
        "violations": sum(1 for f in verdict.findings if f.kind == "violation"),
        "owed": {"items": items, "total": _amount_text(total)},
        "warnings": [{"rule": rule, "count": n} for rule, n in sorted(warnings.items())],
    }


def _case_id(act, pending: Pending, case) -> str:
    """A case may name itself, beside its facts, with an `id` at its top level (a payroll
    system's key), where the act has no input of that name: the id is taken out of the case
    (this process's own copy) and names the record. Otherwise the record is named by the
    case's place."""
    if isinstance(case, dict) and "id" in case and "id" not in act.checked.inputs:
        given = case.pop("id")
        if isinstance(given, bool) or not isinstance(given, (str, int)):
            raise HsaError.single("an id is a text or a whole number", file=pending.name, path="id")
        return str(given)
    return pending.name


def _amount_text(value) -> str:
    return exact_text(Fraction(value))


# ---------------------------------------------------------------- blocks of records


class RecordBlock:
    """The records of consecutive cases, in order. Those the batch backend decided stay its
    columns (:class:`hsa_dsl.batch.records.RecordColumns`) until they are written or counted;
    the others are dicts. `records[i]` is case i's dict, or None where the columns hold it: in
    their row `places.index(i)` (the same row where `places` is None), named `keys[row]`."""

    def __init__(self, records: list[dict | None], columns=None, keys: list[str] | None = None,
                 places: list[int] | None = None):
        self.records = records
        self.columns = columns
        self.keys = keys
        self.places = places

    def __len__(self) -> int:
        return len(self.records)

    def _column_rows(self) -> Iterator[tuple[int, int]]:
        """(place in the block, row of the columns) of the cases the columns hold."""
        places = self.places if self.places is not None else range(len(self.records))
        for row, (place, kept) in enumerate(zip(places, self.columns.kept.tolist())):
            if kept:
                yield place, row

    def __iter__(self) -> Iterator[dict]:
        out = list(self.records)
        if self.columns is not None:
            for place, row in self._column_rows():
                out[place] = {"case": self.keys[row], **self.columns.record(row)}
        return iter(out)

    def _made(self, make_columns, make_one) -> list:
        out = [None if record is None else make_one(record) for record in self.records]
        if self.columns is not None:
            made = [None] * len(self.columns)
            make_columns(self.keys, made)
            for place, row in self._column_rows():
                out[place] = made[row]
        return out

    def json_text(self) -> str:
        """The records as JSON Lines: each line :func:`json_line` of its record."""
        return "".join(self._made(self.columns and self.columns.json_lines, json_line))

    def csv_rows(self) -> list[list[str]]:
        """The records as rows of CSV (:func:`csv_row`)."""
        return self._made(self.columns and self.columns.csv_rows, csv_row)

    def add_to(self, summary: "Summary") -> None:
        for record in self.records:
            if record is not None:
                summary.add(record)
        if self.columns is not None:
            self.columns.add_to(summary)

    def written(self, output_format: str) -> "WrittenBlock":
        """The block as written in a format of `hsa-dsl audit`, with its summary."""
        summary = Summary()
        self.add_to(summary)
        return WrittenBlock(len(self), self.json_text() if output_format == "jsonl" else self.csv_rows(), summary)


@attrs.frozen
class WrittenBlock:
    """A block of records already written (JSON Lines text, or the rows of CSV and Parquet),
    with their summary: what a worker process sends to the one that writes the output."""

    size: int
    written: "str | list[list[str]]"
    summary: "Summary"

    def __len__(self) -> int:
        return self.size

    def json_text(self) -> str:
        assert isinstance(self.written, str), "written as rows, not as JSON Lines"
        return self.written

    def csv_rows(self) -> list[list[str]]:
        assert isinstance(self.written, list), "written as JSON Lines, not as rows"
        return self.written

    def add_to(self, summary: "Summary") -> None:
        summary.merge(self.summary)


# ---------------------------------------------------------------- many cases


#: cases the batch backend decides at once: enough that its work per batch costs little per
#: case, few enough that memory stays small (about 30 MiB for a batch of worker-months)
BATCH = 2_000

#: the backends `hsa-dsl audit` decides cases with: `auto` is the batch backend where numpy is
#: installed, the scalar path otherwise
BACKENDS = ("auto", "batch", "scalar")

_WORKER_ACT = None
_WORKER_BATCH = None


def batched(backend: str) -> bool:
    """Whether the batch backend decides the cases, not the scalar path (see :data:`BACKENDS`)."""
    if backend == "scalar":
        return False
    try:
        import numpy  # noqa: F401
    except ImportError:
        if backend == "batch":
            raise HsaError.single("the batch backend needs numpy", hint="pip install 'hsa-dsl[batch]'") from None
        return False
    return True


def batch_backend(act, backend: str):
    """The act compiled for batches, or None for the scalar path (see :data:`BACKENDS`)."""
    if not batched(backend):
        return None
    from hsa_dsl.batch import BatchAct

    return BatchAct(act)


_WORKER_FORMAT = None


def _start_worker(act_path: str | None, max_bytes: int | None, backend: str = "scalar",
                  output_format: str | None = None) -> None:
    global _WORKER_ACT, _WORKER_BATCH, _WORKER_FORMAT
    from hsa_dsl.api import load_act

    _WORKER_ACT = load_act(act_path, max_bytes)
    _WORKER_BATCH = batch_backend(_WORKER_ACT, backend)
    _WORKER_FORMAT = output_format


def _from_worker(block: RecordBlock):
    """What a worker sends back: the block written out (with its summary) where the output's
    format is known, so that the process that writes does only that; the block otherwise."""
    return block if _WORKER_FORMAT is None else block.written(_WORKER_FORMAT)


def _judge_chunk_in_worker(pending: list[Pending]):
    return _from_worker(RecordBlock([judge(_WORKER_ACT, p) for p in pending]))


def _judge_batch_in_worker(pending: list[Pending]):
    return _from_worker(judge_batch(_WORKER_ACT, _WORKER_BATCH, pending))


def _batches(cases: Iterable[Pending], size: int) -> Iterator[list[Pending]]:
    batch: list[Pending] = []
    for case in cases:
        batch.append(case)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def judge_table_batch(act, batch_act, batch) -> RecordBlock:
    """The records of a batch of cases read from tables as columns
    (:class:`hsa_dsl.batch.columnar.CaseBatch`): decided together where the columns hold them
    as the validator would, each of the others read, validated and decided on the scalar path
    from the same rows. The records are those :func:`judge` gives."""
    from hsa_dsl.batch.columnar import store_of

    store, accepted = store_of(act, batch)
    if "id" in act.checked.inputs:  # an input named id: the case's key is no record name then
        accepted[:] = False
    decided, fallback = batch_act.decide_store(store, accepted)
    out = [judge(act, batch.pending(i)) if left else None for i, left in enumerate(fallback.tolist())]
    return RecordBlock(out, decided, list(batch.keys))


def _judge_table_batch_in_worker(batch):
    return _from_worker(judge_table_batch(_WORKER_ACT, _WORKER_BATCH, batch))


def records_of_paths(*args, **options) -> Iterator[dict]:
    """The record of each case of the files and folders given, in order: see
    :func:`record_blocks_of_paths`."""
    for block in record_blocks_of_paths(*args, **options):
        yield from block


def record_blocks_of_paths(act, act_path: str | None, paths: Iterable[str], jobs: int = 1,
                           max_act_bytes: int | None = None, backend: str = "scalar",
                           batch_size: int = BATCH, output_format: str | None = None) -> Iterator[RecordBlock]:
    """The records of the cases of the files and folders given, in order, a block at a time
    (see :func:`pending_cases`); the batch backend reads a folder of tables as columns. With
    `output_format` ("jsonl", "csv" or "parquet") the blocks of worker processes come written
    (:class:`WrittenBlock`): they can be written and counted, not read as records."""
    paths = all_there(paths)
    # with worker processes, they compile the act for batches, not this one
    batch_act = batch_backend(act, backend) if jobs <= 1 else None
    for path in paths:
        folder = Path(path)
        if batched(backend) and _table_folder(folder) and _arrow_installed() and _columns_can_read(folder):
            yield from _table_blocks(act, act_path, batch_act, folder, jobs, max_act_bytes, backend, batch_size,
                                     output_format)
        else:
            yield from record_blocks(act, act_path, pending_cases([path], act), jobs, max_act_bytes, backend,
                                     batch_size, batch_act, output_format)


def _arrow_installed() -> bool:
    """Whether pyarrow is there to read tables as columns (without it, CSV tables are read row
    by row, and their cases still decided as batches)."""
    import importlib.util

    return importlib.util.find_spec("pyarrow") is not None


def _columns_can_read(folder: Path) -> bool:
    """Whether Arrow reads the folder's CSV tables line for line as the table reader does: not
    where a blank line would shift the lines the records are named by."""
    for table in folder.glob("*.csv"):
        with open(table, "rb") as stream:
            tail = b""
            while True:
                chunk = stream.read(1 << 20)
                if not chunk:
                    break
                text = tail + chunk
                if b"\n\n" in text or b"\n\r\n" in text:
                    return False
                tail = text[-2:]
    return True


def _table_blocks(act, act_path, batch_act, folder: Path, jobs: int, max_act_bytes, backend: str,
                  batch_size: int, output_format: str | None = None) -> Iterator[RecordBlock]:
    from hsa_dsl.batch.columnar import TableFolder

    batches = TableFolder(act, folder).batches(batch_size)
    if jobs <= 1:
        for batch in batches:
            yield judge_table_batch(act, batch_act, batch)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(jobs, initializer=_start_worker,
                      initargs=(act_path, max_act_bytes, backend, output_format)) as pool:
        yield from pool.imap(_judge_table_batch_in_worker, batches)


def records(*args, **options) -> Iterator[dict]:
    """The record of each case, in order: see :func:`record_blocks`."""
    for block in record_blocks(*args, **options):
        yield from block


def record_blocks(act, act_path: str | None, cases: Iterable[Pending], jobs: int = 1,
                  max_act_bytes: int | None = None, backend: str = "scalar", batch_size: int = BATCH,
                  batch_act=None, output_format: str | None = None) -> Iterator[RecordBlock]:
    """The records of the cases, in order, a block at a time, decided in this process or in
    `jobs` processes, on the scalar path or by the batch backend (the same records either
    way)."""
    if jobs <= 1 and batch_act is None:
        batch_act = batch_backend(act, backend)
    if jobs <= 1:
        if batch_act is None:
            for chunk in _batches(cases, CHUNK):
                yield RecordBlock([judge(act, pending) for pending in chunk])
            return
        for batch in _batches(cases, batch_size):
            yield judge_batch(act, batch_act, batch)
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn" if os.name == "nt" else "fork")
    with context.Pool(jobs, initializer=_start_worker,
                      initargs=(act_path, max_act_bytes, backend, output_format)) as pool:
        if not batched(backend):
            yield from pool.imap(_judge_chunk_in_worker, _batches(cases, CHUNK))
            return
        yield from pool.imap(_judge_batch_in_worker, _batches(cases, batch_size))


# ---------------------------------------------------------------- the summary


@attrs.define
class Summary:
    judged: int = 0
    refused: int = 0
    with_violations: int = 0
    #: per article: the workers with a violation of it
    workers_by_article: Counter = attrs.field(factory=Counter)
    violations_by_article: Counter = attrs.field(factory=Counter)
    owed_by_rule: dict = attrs.field(factory=dict)
    owed_total: Decimal = Decimal(0)
    workers_owed: int = 0
    refusals: Counter = attrs.field(factory=Counter)

    def add(self, record: dict) -> None:
        if record["status"] == "refused":
            self.refused += 1
            for error in record["errors"][:1]:
                self.refusals[error["reason"]] += 1
            return
        self.judged += 1
        if record["violations"]:
            self.with_violations += 1
        for article, kinds in record["findings"].items():
            violations = sum(kinds.get("violation", {}).values())
            if violations:
                self.workers_by_article[int(article)] += 1
                self.violations_by_article[int(article)] += violations
        total = Decimal(record["owed"]["total"])
        if total:
            self.workers_owed += 1
            self.owed_total += total
        for item in record["owed"]["items"]:
            key = (item["article"], item["rule"])
            self.owed_by_rule[key] = self.owed_by_rule.get(key, Decimal(0)) + Decimal(item["amount"])

    def merge(self, other: "Summary") -> None:
        """Count another summary's cases into this one."""
        self.judged += other.judged
        self.refused += other.refused
        self.with_violations += other.with_violations
        self.workers_by_article.update(other.workers_by_article)
        self.violations_by_article.update(other.violations_by_article)
        for key, amount in other.owed_by_rule.items():
            self.owed_by_rule[key] = self.owed_by_rule.get(key, Decimal(0)) + amount
        self.owed_total += other.owed_total
        self.workers_owed += other.workers_owed
        self.refusals.update(other.refusals)

    def to_json(self) -> dict:
        return {
            "cases": self.judged + self.refused, "judged": self.judged, "refused": self.refused,
            "workers_with_violations": self.with_violations,
            "by_article": {str(a): {"workers": self.workers_by_article[a], "violations": self.violations_by_article[a]}
                           for a in sorted(self.workers_by_article)},
            "owed": {"workers": self.workers_owed, "total": _amount_text(self.owed_total),
                     "by_item": [{"article": a, "rule": r, "amount": _amount_text(v)}
                                 for (a, r), v in sorted(self.owed_by_rule.items())]},
            "refusals": [{"reason": r, "cases": n} for r, n in sorted(self.refusals.items(), key=lambda i: (-i[1], i[0]))],
        }

    def render(self) -> str:
        out = [f"{self.judged + self.refused:,} cases: {self.judged:,} judged, {self.refused:,} refused",
               f"workers with a violation: {self.with_violations:,}"]
        if self.workers_by_article:
            out.append("violations by article (workers / findings):")
            out += [f"  Article {a:>2}  {self.workers_by_article[a]:>10,}  {self.violations_by_article[a]:>12,}"
                    for a in sorted(self.workers_by_article)]
        out.append(f"owed to {self.workers_owed:,} workers: NT${self.owed_total:,.0f} in all")
        out += [f"  Article {a:>2}  {r:<45} NT${v:>15,.0f}" for (a, r), v in sorted(self.owed_by_rule.items())]
        if self.refusals:
            out.append("cases refused, by reason:")
            out += [f"  {n:>8,}  {r}" for r, n in sorted(self.refusals.items(), key=lambda i: (-i[1], i[0]))]
        return "\n".join(out) + "\n"


def _reason(diagnostic) -> str:
    """What an error says, with the entry it is about but not which one (`wages[]`), to count
    alike errors of different cases together."""
    import re

    where = re.sub(r"\[\d+\]", "[]", diagnostic.path) + ": " if diagnostic.path else ""
    return (where + diagnostic.message)[:200]


# ---------------------------------------------------------------- the output


CSV_COLUMNS = ("case", "status", "violations", "articles_breached", "owed_total", "warnings", "error")


def csv_row(record: dict) -> list[str]:
    if record["status"] == "refused":
        first = record["errors"][0] if record["errors"] else {"place": "", "message": ""}
        return [record["case"], "refused", "", "", "", "", f"{first['place']}: {first['message']}"]
    breached = [a for a, kinds in record["findings"].items() if kinds.get("violation")]
    return [record["case"], "judged", str(record["violations"]), ";".join(breached), record["owed"]["total"],
            str(sum(w["count"] for w in record["warnings"])), ""]


class ParquetRecords:
    """Records written as a Parquet table, a row a case with the CSV's columns (the counts and
    the total owed as whole numbers), a row group of many cases at a time."""

    ROWS = 10_000

    def __init__(self, path: str):
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise HsaError.single("writing records as Parquet needs pyarrow",
                                  hint="pip install 'hsa-dsl[batch]', or use --format jsonl or csv") from None
        self._pa = pa
        self.schema = pa.schema([("case", pa.string()), ("status", pa.string()), ("violations", pa.int64()),
                                 ("articles_breached", pa.string()), ("owed_total", pa.int64()),
                                 ("warnings", pa.int64()), ("error", pa.string())])
        self.writer = pq.ParquetWriter(path, self.schema)
        self.rows: list[list[str]] = []

    def write_block(self, block: RecordBlock) -> None:
        self.rows += block.csv_rows()
        if len(self.rows) >= self.ROWS:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows))
        whole = lambda cells: [int(c) if c else None for c in cells]  # noqa: E731
        self.writer.write_table(self._pa.table([
            list(columns[0]), list(columns[1]), whole(columns[2]), [c or None for c in columns[3]],
            whole(columns[4]), whole(columns[5]), [c or None for c in columns[6]]], schema=self.schema))
        self.rows.clear()

    def close(self) -> None:
        self.flush()
        self.writer.close()


def json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"


# ---------------------------------------------------------------- beyond one machine


def decide_partition(act_path: str | None, pending: list[Pending], backend: str = "scalar") -> list[dict]:
    """The records of a partition of cases: a pure function of the act's text and the cases,
    what a cluster's workers run. Each worker process loads the compiled act once."""
    global _WORKER_ACT, _WORKER_BATCH
    if _WORKER_ACT is None or getattr(_WORKER_ACT, "_audit_path", None) != (act_path, backend):
        from hsa_dsl.api import load_act

        _WORKER_ACT = load_act(act_path)
        _WORKER_ACT._audit_path = (act_path, backend)
        _WORKER_BATCH = batch_backend(_WORKER_ACT, backend)
    if _WORKER_BATCH is None:
        return [judge(_WORKER_ACT, p) for p in pending]
    return [record for batch in _batches(pending, BATCH) for record in judge_batch(_WORKER_ACT, _WORKER_BATCH, batch)]


def _act_for_tables(act_path, paths):
    """The act, where some path is a folder of tables (whose columns only the act's types can
    read); None otherwise."""
    from hsa_dsl import tables

    if any(tables.is_table_folder(Path(p)) for p in paths):
        from hsa_dsl.api import load_act

        return load_act(act_path)
    return None


def dask_records(client, act_path: str | None, paths: Iterable[str], partition_size: int = 1_000,
                 backend: str = "scalar") -> Iterator[dict]:
    """The records of the cases, decided on a Dask cluster (`client`, a `dask.distributed`
    client) in partitions of `partition_size` cases, and given back in the input's order, a
    partition at a time: the same records as :func:`records`."""
    pending = pending_cases(paths, _act_for_tables(act_path, paths))
    batch: list[Pending] = []
    futures = []
    for case in pending:
        batch.append(case)
        if len(batch) == partition_size:
            futures.append(client.submit(decide_partition, act_path, batch, backend, pure=False))
            batch = []
    if batch:
        futures.append(client.submit(decide_partition, act_path, batch, backend, pure=False))
    for future in futures:
        yield from future.result()
        future.release()
