"""Building cases for the shipped act in tests."""

from __future__ import annotations

import copy
from datetime import date, timedelta


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
