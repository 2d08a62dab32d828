"""What a compiled act runs on: exact numbers, values and windows, the engine, traces, the
verdict, and case validation.

A leaf package: importing it loads the standard library and nothing else of hsa-dsl but its
error type (no parser, checker or compiler, and none of lark, click or attrs), so a module
written by ``hsa-dsl compile`` runs wherever hsa-dsl is installed. Generated code imports the
names below, and only those.
"""

from itertools import accumulate

from hsa_dsl.runtime.compiled import CompiledAct
from hsa_dsl.runtime import folds
from hsa_dsl.runtime.engine import Context, Firing, run
from hsa_dsl.runtime.folds import *  # noqa: F403 (each aggregate's fold, listed in folds.__all__)
from hsa_dsl.runtime.numbers import (
    Q, ZERO, ceil, divide, exact_add, exact_eq, exact_ge, exact_gt, exact_le, exact_lt, exact_max, exact_min,
    exact_mul, exact_ne, exact_numbers, exact_sub, exact_sum, floor, public, round_half_up, to_decimal,
)
from hsa_dsl.runtime.trace import Recording, Trace, obs_apply, obs_compare, obs_member, obs_parameter, trace_fact, traced_aggregate
from hsa_dsl.runtime.values import (
    MISSING, Record, add_days, add_months, days_between, end_of_month, first, months_between, no_table_row,
    parameter_value, start_of_month, years_between,
)
from hsa_dsl.runtime.verdict import Finding, Verdict
from hsa_dsl.runtime.windows import Window, group

__all__ = [
    "CompiledAct", "Context", "Finding", "Firing", "MISSING", "Q", "Record", "Recording", "Trace", "Verdict",
    "Window", "ZERO", "accumulate", "add_days", "add_months", "ceil", "days_between", "divide", "end_of_month",
    "exact_add", "exact_eq", "exact_ge", "exact_gt", "exact_le", "exact_lt", "exact_max", "exact_min", "exact_mul",
    "exact_ne", "exact_numbers", "exact_sub", "exact_sum", "first", "floor", "group", "months_between", "no_table_row", "obs_apply",
    "obs_compare", "obs_member", "obs_parameter", "parameter_value", "public", "round_half_up", "run",
    "start_of_month", "to_decimal", "trace_fact", "traced_aggregate", "years_between",
    *folds.__all__,
]
