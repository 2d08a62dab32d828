"""Helpers for the tests: building cases for the shipped act, the grammar's keywords, and
comparing output with golden files."""

from __future__ import annotations

import copy
import os
import re
from datetime import date, timedelta
from pathlib import Path

#: ``HSA_UPDATE_GOLDEN=1`` rewrites the golden files from the output (review the diff)
UPDATE_GOLDEN = os.environ.get("HSA_UPDATE_GOLDEN") == "1"


def golden(path: Path, text: str) -> None:
    """The output equals its golden file (written anew when UPDATE_GOLDEN is set)."""
    if UPDATE_GOLDEN:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with HSA_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def base_case(**employment) -> dict:
    """A compliant employment: 8-hour days, 10+ hours of rest, wage paid on time."""
    case = {
        "employment": {
            "employee": {"foreign": True, "languages": ["indonesian"]},
            "contract": {"kind": "fixed_term", "start": "2024-06-01", "monthly_wage": "28590", "pay_day": 5},
            "assessed_on": "2025-04-10",
            "wages": [],
            "timecard": [],
        }
    }
    case["employment"].update(copy.deepcopy(employment))
    return case


def days(start: str, count: int, **fields) -> list[dict]:
    first = date.fromisoformat(start)
    out = []
    for i in range(count):
        entry = {"date": (first + timedelta(days=i)).isoformat(), "regular_hours": "8", "longest_rest_hours": "12"}
        entry.update(fields)
        out.append(entry)
    return out


def termination(**fields) -> dict:
    out = {"by": "employer", "date": "2025-04-01", "with_notice": True}
    out.update(fields)
    return out


def rules_of(verdict, kind: str = "violation") -> list[str]:
    return sorted(f.rule for f in verdict.findings if f.kind == kind)


def grammar_keywords() -> set[str]:
    """The keywords of the grammar: its quoted literals that are words (outside its comments),
    which the editors' and Pygments' colouring must know."""
    grammar = Path(__file__).resolve().parent.parent / "grammar" / "hsa.lark"
    lines = [line for line in grammar.read_text(encoding="utf-8").splitlines() if not line.lstrip().startswith("//")]
    return set(re.findall(r'"([A-Za-z_]+)"', "\n".join(lines)))
