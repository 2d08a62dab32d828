"""A synthetic population of worker-months, for measuring audits (`hsa-dsl audit`).

    python bench/population.py 10000 --seed 1 > population.jsonl
    python bench/population.py 10000 --seed 1 --tables population --format parquet

Each line is one case of the shipped act's format: one foreign caregiver or domestic helper,
one calendar month of 2025 with its time card and its wage. Seeded: the same seed and size give
the same file on every machine.

The distributions are assumptions chosen to give an audit realistic work (the mix of compliant
and breached months, and of breaches), not figures from a survey:

| fact | distribution |
| --- | --- |
| role | caretaker 90%, domestic helper 10% (caregivers are most of Taiwan's foreign household workers) |
| language | Indonesian 75%, Vietnamese 12%, Tagalog 10%, Thai 3% |
| daily hours worked | 8 h in 15% of households; elsewhere normal around 10 h, sd 1.5 h, from 6 h to 16 h, in halves of an hour |
| days off in the month | none 35%, one 20%, two 15%, one a week 30% |
| woken at night | 40% of caretakers, 1 to 3 hours on each working day |
| agreed wage | the basic wage (NT$28,590) 55%, NT$20,000 30%, NT$26,400 15% |
| food deducted | 25% of months, NT$2,500 or NT$5,000 |
| overtime paid | 20% of months with long days, part of what is due |
| paid late | 10% of months, 1 to 20 days after the pay day |
| pay slip in her language | 60% |
| contract ended by the employer | 3% of months, with notice half of the time |
"""

from __future__ import annotations

import argparse
import calendar
import json
import random
import sys
from datetime import date, timedelta

LANGUAGES = (("indonesian", 75), ("vietnamese", 12), ("tagalog", 10), ("thai", 3))
WAGES = ((28590, 55), (20000, 30), (26400, 15))
DAYS_OFF = ((0, 35), (1, 20), (2, 15), (4, 30))


def weighted(rng: random.Random, choices) -> object:
    values, weights = zip(*choices)
    return rng.choices(values, weights)[0]


def worker_month(rng: random.Random, number: int) -> dict:
    month = rng.randint(1, 12)
    first = date(2025, month, 1)
    days = calendar.monthrange(2025, month)[1]
    role = "caretaker" if rng.random() < 0.9 else "domestic_helper"
    language = weighted(rng, LANGUAGES)
    wage = weighted(rng, WAGES)
    start = first - timedelta(days=rng.randint(30, 900))
    off = weighted(rng, DAYS_OFF)
    if off == 4:
        weekday = rng.randrange(7)
        days_off = set(range(weekday, days, 7))
    else:
        days_off = set(rng.sample(range(days), off))
    regular = rng.random() < 0.15
    woken = role == "caretaker" and rng.random() < 0.4
    timecard, long_hours = [], 0.0
    for index in range(days):
        day = first + timedelta(days=index)
        if index in days_off:
            timecard.append({"date": day.isoformat(), "day_off": True})
            continue
        hours = 8.0 if regular else min(16.0, max(6.0, round(rng.gauss(10, 1.5) * 2) / 2))
        long_hours += max(0.0, hours - 8)
        entry = {"date": day.isoformat(), "hours_worked": hours, "longest_rest_hours": min(24 - hours, rng.choice((6, 8, 10, 12)))}
        if woken:
            entry["hours_woken_to_work"] = min(hours, float(rng.randint(1, 3)))
        timecard.append(entry)
    pay_day = 10
    due = date(2025 + month // 12, month % 12 + 1, pay_day)
    food = rng.choice((2500, 5000)) if rng.random() < 0.25 else 0
    overtime_paid = round(long_hours * wage / 240 * 0.5) if long_hours and rng.random() < 0.2 else 0
    paid_on = due + timedelta(days=rng.randint(1, 20)) if rng.random() < 0.1 else due
    wage_month = {
        "month": first.isoformat(), "agreed_wage": wage, "legal_deductions": 1000, "food_deduction": food,
        "overtime_pay": overtime_paid, "paid_amount": wage - 1000 - food + overtime_paid,
        "paid_on": paid_on.isoformat(), "payslip_given": True,
        "payslip_language": language if rng.random() < 0.6 else "mandarin", "payslip_signed_by_both": True,
    }
    employment = {
        "employee": {"foreign": True, "languages": [language], "gender": "female", "role": role},
        "contract": {"kind": "fixed_term", "start": start.isoformat(),
                     "end_date": (start + timedelta(days=3 * 365)).isoformat(), "monthly_wage": wage,
                     "pay_day": pay_day},
        "assessed_on": (due + timedelta(days=25)).isoformat(),
        "wages": [wage_month],
        "timecard": timecard,
    }
    if rng.random() < 0.03:
        ended = first + timedelta(days=days - 1)
        notice = rng.random() < 0.5
        employment["termination"] = {"by": "employer", "date": ended.isoformat(), "with_notice": notice,
                                     **({"notice_given_on": (ended - timedelta(days=rng.randint(5, 40))).isoformat()}
                                        if notice else {})}
    return {"id": f"worker-{number:07d}", "employment": employment}


def population(size: int, seed: int):
    rng = random.Random(seed)
    for number in range(size):
        yield worker_month(rng, number)


#: the columns of the tables (hsa_dsl/tables.py) a population is written as: every fact a case
#: of it can give, whether or not a given case gives it (an empty cell)
CASE_COLUMNS = (
    "case", "employment.employee.foreign", "employment.employee.languages", "employment.employee.gender",
    "employment.employee.role", "employment.contract.kind", "employment.contract.start",
    "employment.contract.end_date", "employment.contract.monthly_wage", "employment.contract.pay_day",
    "employment.assessed_on", "employment.termination.by", "employment.termination.date",
    "employment.termination.with_notice", "employment.termination.notice_given_on",
)
LIST_COLUMNS = {
    "employment.timecard": ("case", "date", "hours_worked", "longest_rest_hours", "hours_woken_to_work", "day_off"),
    "employment.wages": ("case", "month", "agreed_wage", "legal_deductions", "food_deduction", "overtime_pay",
                         "paid_amount", "paid_on", "payslip_given", "payslip_language", "payslip_signed_by_both"),
}


def cells(record: dict, prefix: str = "") -> dict[str, str]:
    """A record's facts outside its lists of records, as cells named by their paths."""
    out = {}
    for key, value in record.items():
        if isinstance(value, dict):
            out.update(cells(value, f"{prefix}{key}."))
        elif isinstance(value, list):
            if not (value and isinstance(value[0], dict)):
                out[prefix + key] = ";".join(map(str, value))
        elif isinstance(value, bool):
            out[prefix + key] = "true" if value else "false"
        elif value is not None:
            out[prefix + key] = str(value)
    return out


def write_tables(folder: str, size: int, seed: int, form: str = "csv", chunk: int = 20_000) -> None:
    """The population as a folder of tables, CSV or Parquet (the layout of hsa_dsl/tables.py:
    cases, and a table each for the time card and the wages), written a chunk at a time."""
    import csv
    from pathlib import Path

    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    names = {"cases": CASE_COLUMNS, **LIST_COLUMNS}
    writers = {}
    streams = []
    if form == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        for name, columns in names.items():
            schema = pa.schema([(c, pa.string()) for c in columns])
            writers[name] = pq.ParquetWriter(out / f"{name}.parquet", schema)
    else:
        for name, columns in names.items():
            stream = open(out / f"{name}.csv", "w", encoding="utf-8", newline="")
            streams.append(stream)
            writer = csv.writer(stream)
            writer.writerow(columns)
            writers[name] = writer
    rows: dict[str, list] = {name: [] for name in names}

    def flush() -> None:
        for name, table in rows.items():
            if form == "parquet":
                import pyarrow as pa

                columns = names[name]
                writers[name].write_table(pa.table({c: [row.get(c, "") for row in table] for c in columns},
                                                   schema=writers[name].schema))
            else:
                writers[name].writerows([[row.get(c, "") for c in names[name]] for row in table])
            table.clear()

    for number, case in enumerate(population(size, seed), start=1):
        key = case.pop("id")
        rows["cases"].append({"case": key, **cells(case)})
        for dotted in LIST_COLUMNS:
            entries = case["employment"].get(dotted.split(".")[1], [])
            rows[dotted].extend({"case": key, **cells(entry)} for entry in entries)
        if number % chunk == 0:
            flush()
    flush()
    for writer in writers.values():
        if form == "parquet":
            writer.close()
    for stream in streams:
        stream.close()


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("size", type=int)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--tables", metavar="FOLDER", help="write a folder of tables instead of JSON Lines")
    parser.add_argument("--format", choices=("csv", "parquet"), default="csv", help="the tables' format")
    args = parser.parse_args(argv)
    if args.tables:
        write_tables(args.tables, args.size, args.seed, args.format)
        return
    for case in population(args.size, args.seed):
        sys.stdout.write(json.dumps(case, separators=(",", ":")) + "\n")


if __name__ == "__main__":
    main()
