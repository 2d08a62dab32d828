"""The IR passes that make untraced code faster: what each decides, and that the untraced
evaluation still decides what the traced one does."""

from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

import hsa_dsl
from depth import examples

ACT = '''
act works
  title en "Works"
  languages en
end
party contractor "the contractor"
party inspector "the inspector"
action fence_site "fence the site"
action enter_site "enter the site"
action pay_crew "pay the crew"
record Day
  date: date
  hours: hours in 0 h .. 24 h
  fenced: bool = true
  crew: list of Worker up to 20
end
record Worker
  paid: money at least NT$0
end
input days: list of Day
input rate: money at least NT$0
output longest_day: hours

article 1
  en "The site is fenced every day."
  en "The inspector may enter the site, and the contractor may not keep the inspector out."
  en "The crew is paid for each day."
  define long(d: Day): bool = d.hours > 8 h
  define overtime(d: Day): hours = max(d.hours - 8 h, 0 h)
  define crew_paid(d: Day): money = sum(w.paid for w in d.crew)
  define days_over(h: hours): integer = count(d in days where d.hours > h)
  rule fenced
    cites art_1
    quote en "The site is fenced every day."
    for each d in days
    then contractor must fence_site
    violated when not d.fenced
  end
  rule crew_pay
    cites art_1
    quote en "The crew is paid for each day."
    for each d in days
    when long(d) and days_over(8 h) > 0
    then contractor must pay_crew
    violated when crew_paid(d) < overtime(d) * rate / 1 h
  end
  rule inspection
    cites art_1
    quote en "The inspector may enter the site"
    for each d in days
    then inspector may enter_site
  end
  rule no_entry
    cites art_1
    quote en "The inspector may enter the site"
    for each d in days
    when not d.fenced
    then inspector must not enter_site
    violated when d.hours > 0 h
  end
  rule longest
    cites art_1
    quote en "The crew is paid for each day."
    then longest_day = max(d.hours for d in days else 0 h)
  end
end
'''


def works():
    return hsa_dsl.load_act_text(ACT, "works.hsa")


def untraced_source(act) -> str:
    """The generated module's untraced part."""
    return act.python_source().split("# Traced variants")[0]


def assert_untraced_decides_as_traced(act, case):
    traced, untraced = act.evaluate(case, trace=True), act.evaluate(case, trace=False)
    assert [(f.kind, f.rule, f.binding) for f in untraced.findings] == \
        [(f.kind, f.rule, f.binding) for f in traced.findings]
    assert untraced.rules_applied == traced.rules_applied
    assert untraced.values == traced.values
    return untraced


def test_only_lists_of_the_case_are_worth_keeping_results_for():
    definitions = {d.name: d for d in works().program.definitions}
    assert definitions["days_over"].memoize  # goes over the whole list of days at every call
    assert not definitions["crew_paid"].memoize  # goes over its own argument's short list
    assert not definitions["long"].memoize


def test_exact_arithmetic_used_in_several_places_is_worked_out_once(act):
    definitions = {d.name: d for d in act.program.definitions}
    # a month's overtime pay: three operations on rationals, used by two rules (three places)
    assert definitions["overtime_pay_due"].memoize and not definitions["overtime_pay_due"].inline
    # the hourly wage is one division: written out where it is used
    assert not definitions["hourly_wage"].memoize and definitions["hourly_wage"].inline


def test_small_definitions_are_written_out_where_untraced_code_uses_them():
    act = works()
    definitions = {d.name: d for d in act.program.definitions}
    assert definitions["long"].inline and definitions["overtime"].inline
    assert definitions["crew_paid"].inline  # goes over its argument's own short list
    assert not definitions["days_over"].inline  # keeps its results
    untraced, traced = act.python_source().split("# Traced variants")
    for name in ("long", "crew_paid"):
        fn = act.generated.names.definition[name]
        assert f"{fn}(ctx, v1)" not in untraced
        assert f"{fn}_t" in traced  # the traced variant still records the call
    assert "for v2 in v1['crew']" in untraced


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["4", "8", "9", "12"]), st.booleans(),
                          st.lists(st.sampled_from(["0", "100", "250", "900"]), max_size=3)), max_size=6))
def test_untraced_evaluation_with_written_out_definitions_decides_as_the_traced_one(days):
    # `crew_paid(d)`, written out where untraced code uses it, goes over each day's own crew
    case = {"rate": "200", "days": [{"date": f"2025-03-{i + 1:02d}", "hours": hours, "fenced": fenced,
                                     "crew": [{"paid": paid} for paid in crew]}
                                    for i, (hours, fenced, crew) in enumerate(days)]}
    assert_untraced_decides_as_traced(works(), case)


def test_untraced_code_leaves_out_met_duties_that_nothing_reads():
    act = works()
    silent = {r.name: r.silent_when_met for r in act.program.rules}
    # nothing but its own findings reads a met `fenced`
    assert silent["fenced"] and silent["crew_pay"]
    # a prohibition shares its target with a permission: even met, it can conflict with it
    assert not silent["no_entry"]
    assert not silent["inspection"] and not silent["longest"]


def test_untraced_evaluation_decides_as_the_traced_one():
    act = works()
    case = {"rate": "200", "days": [
        {"date": "2025-03-01", "hours": "10", "crew": [{"paid": "100"}]},
        {"date": "2025-03-02", "hours": "9", "crew": [{"paid": "500"}]},
        {"date": "2025-03-03", "hours": "6", "fenced": False},
    ]}
    untraced = assert_untraced_decides_as_traced(act, case)
    assert [(f.rule, f.binding) for f in untraced.violations] == [
        ("fenced", {"d": "days[2]"}), ("crew_pay", {"d": "days[0]"}), ("no_entry", {"d": "days[2]"})]
    # the met duties applied all the same
    assert {"fenced", "crew_pay"} <= set(untraced.rules_applied)
    # the prohibition breached on day 3 conflicts with the permission there, in both
    assert [(c.rule, c.other_rule, c.binding) for c in untraced.conflicts] == [
        ("inspection", "no_entry", {"d": "days[2]"})]


def test_a_met_duty_still_counts_as_applied_when_untraced():
    act = works()
    case = {"rate": "200", "days": [{"date": "2025-03-01", "hours": "10", "crew": [{"paid": "900"}]}]}
    untraced = act.evaluate(case, trace=False)
    assert untraced.violations == ()
    assert "fenced" in untraced.rules_applied and "crew_pay" in untraced.rules_applied
    assert untraced.rules_applied == act.evaluate(case, trace=True).rules_applied


LIMITS = '''
act limits
  title en "Limits"
  languages en
end
party keeper "the keeper"
action keep_limits "keep the limits"
record Reading
  date: date
  level: hours in 0 h .. 24 h
end
input readings: list of Reading
input limit: hours in 0 h .. 24 h

article 1
  en "Each reading is within the limits."
  rule over
    cites art_1
    quote en "Each reading is within the limits."
    for each r in readings
    then keeper must keep_limits
    violated when r.level > 8 h
  end
  rule under
    cites art_1
    quote en "Each reading is within the limits."
    for each r in readings
    then keeper must keep_limits
    violated when 8 h > r.level
  end
  rule zero
    cites art_1
    quote en "Each reading is within the limits."
    for each r in readings
    then keeper must keep_limits
    violated when r.level = 0 h or r.level != 3 h and r.level >= 12 h and not (r.level <= 20 h)
  end
  rule fraction
    cites art_1
    quote en "Each reading is within the limits."
    for each r in readings
    then keeper must keep_limits
    violated when r.level < 2.5 h
  end
  define doubled(r: Reading): hours = r.level + r.level
  define total: hours = sum(r.level for r in readings)
  define high(x: hours): bool = x + x > 30 h
  rule doubled_over
    cites art_1
    quote en "Each reading is within the limits."
    for each r in readings
    then keeper must keep_limits
    violated when doubled(r) > 16 h
  end
  rule many_high
    cites art_1
    quote en "Each reading is within the limits."
    then keeper must keep_limits
    # (the `if` only puts a comparison of a worked-out value in the list the count goes over)
    violated when count(r in (if total + 0 h > 30 h or high(limit) then readings else readings) where r.level > 12 h) > 1
  end
end
'''


def test_comparisons_with_whole_limits_are_written_without_fraction_calls():
    untraced = untraced_source(hsa_dsl.load_act_text(LIMITS, "limits.hsa"))
    assert "v1['level']._numerator > 8 * v1['level']._denominator" in untraced
    assert "v1['level']._numerator < 8 * v1['level']._denominator" in untraced  # `8 h > x`, mirrored
    assert "v1['level']._numerator == 0" in untraced
    # 2.5 h is no whole number: two rationals, compared by the runtime's reading of their terms
    assert "exact_lt(v1['level'], K_" in untraced
    # a value that is worked out, not read, is kept to be read again
    assert "(v2 := exact_add(v1['level'], v1['level']))._numerator > 16 * v2._denominator" in untraced
    # except in the list a comprehension goes over, where Python allows no `:=` (nor in a
    # definition written out there)
    many_high = untraced.split("def rule_5(ctx):")[1].split("def ")[0]
    assert "exact_gt(exact_add(def_1(ctx), K_" in many_high
    assert "exact_add(ctx.inputs['limit'], ctx.inputs['limit'])" in many_high
    assert ":=" not in many_high


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.one_of(st.sampled_from([0, 2, 3, 8, 12, 20, 24]),
                          st.fractions(0, 24, max_denominator=8),
                          st.sampled_from([Fraction(799, 100), Fraction(801, 100), Fraction(5, 2)])),
                min_size=1, max_size=8))
def test_comparisons_with_whole_limits_decide_as_python_does(levels):
    act = hsa_dsl.load_act_text(LIMITS, "limits.hsa")
    case = {"limit": "4", "readings": [{"date": f"2025-01-{i + 1:02d}", "level": str(Decimal(v.numerator) / v.denominator)
                          if isinstance(v, Fraction) else str(v)} for i, v in enumerate(levels)]}
    levels = [Fraction(r["level"]) for r in case["readings"]]  # as the case gives them
    expected = set()
    for i, v in enumerate(levels):
        for rule, breached in (("over", v > 8), ("under", 8 > v), ("fraction", v < Fraction(5, 2)),
                               ("zero", v == 0 or v != 3 and v >= 12 and not v <= 20), ("doubled_over", 2 * v > 16)):
            if breached:
                expected.add((rule, f"readings[{i}]"))
    if sum(1 for v in levels if v > 12) > 1:
        expected.add(("many_high", None))
    for trace in (False, True):
        found = {(f.rule, f.binding.get("r")) for f in act.evaluate(case, trace=trace).violations}
        assert found == expected


WINDOWS = '''
act shifts
  title en "Shifts"
  languages en
end
party employer "the employer"
action rest "give rest"
record Shift
  date: date
  hours: hours in 0 h .. 24 h
  off: bool = false
  night: bool = false
end
input shifts: list of Shift up to 60

article 1
  en "Rest in every week."
  define worked(s: Shift): bool = s.hours > 0 h
  rule rest_in_seven_days
    cites art_1
    quote en "Rest in every week."
    for each w in group shifts by 3 consecutive days using date
    when count(s in w where worked(s)) >= 2 and all(s.hours <= 12 h for s in w)
    then employer must rest
    violated when not any(s.off or s.hours = 0 h for s in w where not s.night)
  end
  rule weekly_hours
    cites art_1
    quote en "Rest in every week."
    for each w in group shifts by calendar week using date
    when count(s in w) > 1 and all(worked(s) for s in w where s.night)
    then employer must rest
    violated when sum(s.hours for s in w) > 20 h or max(s.hours for s in w else 0 h) - min(s.hours for s in w else 0 h) > 6 h
  end
end
'''


def test_aggregates_over_windows_read_values_worked_out_once_per_entry():
    untraced = untraced_source(hsa_dsl.load_act_text(WINDOWS, "shifts.hsa"))
    assert "ctx.ordered(ctx.inputs['shifts'], 'date')" in untraced
    assert "[v1.first:v1.stop]" in untraced  # a sum goes over the window's run of values
    assert "len(v1)" in untraced  # a count without a condition is the window's size
    # `count`, `any` and `all` read how many entries hold up to the window's ends
    assert untraced.count("list(accumulate([1 if ") == 4
    assert "] - v" in untraced and "[v1.first]" in untraced


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 9), st.sampled_from([0, 4, 8, 12, 13]), st.booleans(), st.booleans()),
                max_size=14))
def test_aggregates_over_windows_decide_as_the_traced_evaluation_does(shifts):
    act = hsa_dsl.load_act_text(WINDOWS, "shifts.hsa")
    # dates may repeat (two shifts on a day) and leave gaps, which rolling windows skip
    case = {"shifts": [{"date": f"2025-03-{day + 1:02d}", "hours": str(hours), "off": off, "night": night}
                       for day, hours, off, night in shifts]}
    assert_untraced_decides_as_traced(act, case)



PERIODS = '''
act periods
  title en "Periods"
  languages en
end
party employer "the employer"
action rest "give rest"
record Period
  start: hours in 0 h .. 24 h
  end_at: hours in 0 h .. 24 h
end
record Day
  date: date
  periods: list of Period
  off: bool = false
end
input days: list of Day up to 40

article 1
  en "Rest in every week."
  define worked_hours(d: Day): hours = sum(p.end_at - p.start for p in d.periods) + 0 h
  define long_day(d: Day): bool = worked_hours(d) > 10 h and not d.off
  rule no_long_weeks
    cites art_1
    quote en "Rest in every week."
    for each w in group days by 7 consecutive days using date
    when any(long_day(d) for d in w)
    then employer must rest
    violated when count(d in w where worked_hours(d) - 2 h > 8 h) >= 3 or not any(d.off for d in w)
  end
end
'''


def test_definitions_that_read_only_their_entry_are_worked_out_once_per_entry_of_a_window():
    act = hsa_dsl.load_act_text(PERIODS, "periods.hsa")
    assert {d.name: d for d in act.program.definitions}["worked_hours"].memoize
    untraced = untraced_source(act)
    # called or written out, with the sum over the day's own periods, for each day once
    assert untraced.count("list(accumulate([1 if ") == 3


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 12), st.lists(st.tuples(st.integers(0, 23), st.integers(1, 8)), max_size=3),
                          st.booleans()), max_size=14))
def test_definitions_worked_out_per_entry_decide_as_the_traced_evaluation_does(days):
    act = hsa_dsl.load_act_text(PERIODS, "periods.hsa")
    case = {"days": [{"date": f"2025-03-{day + 1:02d}", "off": off,
                      "periods": [{"start": str(start), "end_at": str(min(start + length, 24))}
                                  for start, length in periods]}
                     for day, periods, off in days]}
    assert_untraced_decides_as_traced(act, case)

DAYS = '''
act holidays
  title en "Holidays"
  languages en
end
party employer "the employer"
action rest "give rest"
action give_time_off "give time off"
record Day
  date: date
  hours: hours in 0 h .. 24 h
  off: bool = false
end
input days: list of Day
output holiday_hours: hours
output longest_day_off: hours
output days_off: integer

article 1
  en "No work on holidays."
  define holidays: set of date = {2025-03-01, 2025-03-04}
  define on_holiday(d: Day): bool = d.date in holidays
  rule no_work_on_holidays
    cites art_1
    quote en "No work on holidays."
    for each d in days
    when d.off
    then employer must rest
    violated when on_holiday(d) and d.hours > 0 h
  end
  rule holiday_hours
    cites art_1
    quote en "No work on holidays."
    when count(d in days where d.hours > 8 h) > 0
    then holiday_hours = sum(d.hours for d in days where d.date in holidays)
  end
  rule longest_day_off
    cites art_1
    quote en "No work on holidays."
    when count(d in days) > 2
    then longest_day_off = max(d.hours for d in days where d.off else (if 2025-03-01 in holidays then 1 h else 0 h))
  end
  rule days_off
    cites art_1
    quote en "No work on holidays."
    when count(d in days where d.off) > 1
    then days_off = count(d in (if 2025-03-04 in holidays then days else days) where d.off)
  end
  rule time_off_after_long_days
    cites art_1
    quote en "No work on holidays."
    for each d in days
    then employer must give_time_off
    violated when d.hours > 8 h
  end
  rule no_time_off_on_holidays
    cites art_1
    quote en "No work on holidays."
    exception to time_off_after_long_days
    for each d in days
    when d.off and on_holiday(d)
    then employer may give_time_off
  end
end
'''


def test_untraced_code_uses_constant_definitions_without_a_call():
    act = hsa_dsl.load_act_text(DAYS, "holidays.hsa")
    untraced = untraced_source(act)
    holidays = act.generated.names.definition["holidays"]
    assert f"{holidays}(ctx)" not in untraced.split(f"def {holidays}(ctx):")[1].split("PROPERTIES")[0]
    # kept with `:=` and recorded at the end of the function; in a lambda and in the list a
    # comprehension goes over, stored at once
    assert ":= K_" in untraced and "ctx.memo['holidays'] = v" in untraced
    assert untraced.count("ctx.memo.setdefault('holidays', K_") == 2


def test_untraced_duties_silent_when_met_give_only_the_entries_of_their_breaches():
    act = hsa_dsl.load_act_text(DAYS, "holidays.hsa")
    untraced = untraced_source(act)
    for name in ("no_work_on_holidays", "time_off_after_long_days"):
        assert act.module.RULES[name]["silent_when_met"]
        assert f"Firing('{name}'" not in untraced
    assert untraced.count("out.append((v1,))") == 2
    assert "Firing('time_off_after_long_days'" in act.python_source()  # traced, as ever
    # the one with an exception is overridden on holidays off, as traced
    case = {"days": [{"date": "2025-03-01", "hours": "9", "off": True}, {"date": "2025-03-02", "hours": "9"}]}
    verdict = assert_untraced_decides_as_traced(act, case)
    assert [(f.rule, f.binding) for f in verdict.violations] == [
        ("no_work_on_holidays", {"d": "days[0]"}), ("time_off_after_long_days", {"d": "days[1]"})]


@settings(max_examples=examples(80), deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.sampled_from(["0", "4", "9"]), st.booleans()), max_size=6))
def test_untraced_evaluation_of_days_decides_as_the_traced_one(days):
    # the holidays are reached on days off, for an output some cases decide, in a fallback;
    # long days breach a duty silent when met, and on holidays off an exception overrides it
    case = {"days": [{"date": f"2025-03-{day + 1:02d}", "hours": hours, "off": off} for day, hours, off in days]}
    assert_untraced_decides_as_traced(hsa_dsl.load_act_text(DAYS, "holidays.hsa"), case)


def test_a_constant_definition_no_rule_reaches_is_not_among_the_values():
    act = hsa_dsl.load_act_text(DAYS, "holidays.hsa")
    unused = {"days": [{"date": "2025-03-01", "hours": "4"}]}
    assert "holidays" not in assert_untraced_decides_as_traced(act, unused).values
    used = {"days": [{"date": "2025-03-01", "hours": "4", "off": True}]}
    assert "holidays" in assert_untraced_decides_as_traced(act, used).values
