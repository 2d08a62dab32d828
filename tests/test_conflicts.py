"""Default logic at run time: exceptions override, and equal rules that disagree are a conflict,
never settled by their order in the file."""

import hsa_dsl

ACT = '''
act ferry
  title en "Ferry"
  languages en
end
party operator "the operator"
action sail "sail"
record Trip
  date: date
  wind: integer in 0 .. 12
  storm_warning: bool = false
  emergency: bool = false
end
input trips: list of Trip
input passengers: integer at least 0
output fare_band: integer

article 1
  en "The operator may sail when the wind is under force 8."
  en "The operator shall not sail in a storm warning."
  en "In an emergency the operator may sail."
  en "The fare band is 1 for small groups and 2 for groups of ten or more."
  rule may_sail
    cites art_1
    quote en "The operator may sail when the wind is under force 8."
    for each t in trips
    when t.wind < 8
    then operator may sail
  end
  rule no_sailing_in_storm
    cites art_1
    quote en "The operator shall not sail in a storm warning."
    for each t in trips
    when t.storm_warning
    then operator must not sail
  end
  rule emergency_sailing
    cites art_1
    quote en "In an emergency the operator may sail."
    exception to no_sailing_in_storm
    for each t in trips
    when t.emergency
    then operator may sail
  end
  rule small_group
    cites art_1
    quote en "The fare band is 1 for small groups"
    when passengers < 12
    then fare_band = 1
  end
  rule large_group
    cites art_1
    quote en "2 for groups of ten or more"
    when passengers >= 10
    then fare_band = 2
  end
end
'''


def evaluate(trips, passengers=1):
    act = hsa_dsl.load_act_text(ACT, "ferry.hsa")
    return act.evaluate({"trips": trips, "passengers": passengers})


def test_a_permission_and_a_prohibition_for_the_same_trip_conflict():
    verdict = evaluate([{"date": "2025-01-01", "wind": 5, "storm_warning": True}])
    conflict = verdict.conflicts[0]
    assert {conflict.rule, conflict.other_rule} == {"may_sail", "no_sailing_in_storm"}
    assert conflict.binding == {"t": "trips[0]"}


def test_conflicts_are_per_entry():
    verdict = evaluate([{"date": "2025-01-01", "wind": 5}, {"date": "2025-01-02", "wind": 9, "storm_warning": True}])
    assert verdict.conflicts == ()


def test_a_declared_exception_removes_the_conflict():
    verdict = evaluate([{"date": "2025-01-01", "wind": 9, "storm_warning": True, "emergency": True}])
    assert verdict.conflicts == ()
    permission = [f for f in verdict.findings if f.kind == "permission"]
    assert [f.rule for f in permission] == ["emergency_sailing"]


def test_overlapping_values_conflict_and_leave_the_output_undecided():
    verdict = evaluate([], passengers=11)
    conflict = verdict.conflicts[0]
    assert (conflict.rule, conflict.other_rule) == ("small_group", "large_group")
    assert [c["value"] for c in conflict.conclusion["conclusions"]] == [1, 2]
    assert "fare_band" not in verdict.values
    assert evaluate([], passengers=12).values["fare_band"] == 2
    assert evaluate([], passengers=9).values["fare_band"] == 1


def test_order_in_the_file_does_not_settle_a_conflict():
    swapped = ACT.replace("rule small_group", "rule TMP").replace("rule large_group", "rule small_group") \
        .replace("rule TMP", "rule large_group")
    act = hsa_dsl.load_act_text(swapped, "ferry.hsa")
    assert act.evaluate({"trips": [], "passengers": 11}).conflicts
