"""Hypothesis strategies for whole, valid cases of any act, derived from its declared inputs.

    from hsa_dsl.prove.strategies import cases
    @given(cases(act))
    def test_something(case): ...

Values lean towards the act's own boundaries: every number the act compares against (8 h,
84 h, NT$ amounts), every parameter value and the day each takes effect, each table's row
bounds, and the ranges of the fields, with the values just either side of each.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import strategies as st

from hsa_dsl.check import checked as c
from hsa_dsl.check import types as t

#: Where a field declares no range, numbers are drawn from these.
DEFAULT_RANGES = {
    "money": (Decimal(0), Decimal(200_000)),
    "hours": (Decimal(0), Decimal(24)),
    "days": (0, 400),
    "integer": (0, 100),
    "decimal": (Decimal(0), Decimal(100)),
}
FIRST_DAY = date(2019, 1, 1)
LAST_DAY = date(2027, 12, 31)


def boundaries(act: c.CheckedAct) -> dict[str, set]:
    """The act's interesting values, by type name: the literals its expressions compare with,
    its parameters' values and dates, and its tables' row bounds."""
    found: dict[str, set] = {}

    def add(type_: t.Type, value) -> None:
        if value is not None:
            found.setdefault(str(type_), set()).add(value)

    def visit(node) -> None:
        if node is None:
            return
        for n in c.walk(node):
            if isinstance(n, c.TLiteral) and isinstance(n.type, t.Number) or (
                    isinstance(n, c.TLiteral) and n.type == t.DATE):
                add(n.type, n.value)

    for definition in act.definitions.values():
        visit(definition.body)
    for rule in act.rules.values():
        for part in (rule.condition, rule.violation, rule.conclusion.value):
            visit(part)
    for parameter in act.parameters.values():
        for effective, value in parameter.values:
            add(t.DATE, effective)
            add(parameter.type, value)
    for table in act.tables.values():
        for row in table.rows:
            add(table.key_type, row.at_least)
            add(table.key_type, row.below)
    return found


def _near(values, step) -> list:
    out = set()
    for v in values:
        out.update({v - step, v, v + step})
    return sorted(out)


def number(type_: t.Number, low=None, high=None, edges=()) -> st.SearchStrategy:
    name = str(type_)
    default_low, default_high = DEFAULT_RANGES.get(name, DEFAULT_RANGES["integer" if type_.integral else "decimal"])
    low = default_low if low is None else low
    high = default_high if high is None else high
    if type_.integral:
        general = st.integers(int(low), int(high))
        step = 1
    else:
        general = st.decimals(Decimal(low), Decimal(high), places=2, allow_nan=False, allow_infinity=False)
        step = Decimal("0.25") if type_.unit == t.HOUR_UNIT else Decimal(1)
    near = [v for v in _near([*edges, low, high], step) if low <= v <= high]
    if type_.integral:
        near = [int(v) for v in near if v == int(v)]
    if not near:
        return general
    return st.one_of(st.sampled_from(near), general)


def a_date(low=None, high=None, edges=()) -> st.SearchStrategy:
    low = low or FIRST_DAY
    high = high or LAST_DAY
    near = [d for d in _near(edges, timedelta(days=1)) if low <= d <= high]
    general = st.dates(low, high)
    return st.one_of(st.sampled_from(near), general) if near else general


class _Builder:
    def __init__(self, act: c.CheckedAct, max_list: int):
        self.act = act
        self.max_list = max_list
        self.edges = boundaries(act)

    def value(self, type_: t.Type, low=None, high=None) -> st.SearchStrategy:
        if isinstance(type_, t.OptionalType):
            return st.one_of(st.none(), self.value(type_.inner, low, high))
        if type_ == t.BOOL:
            return st.booleans()
        if type_ == t.STRING:
            return st.text(max_size=12)
        if type_ == t.DATE:
            return a_date(low, high, self.edges.get("date", ())).map(date.isoformat)
        if isinstance(type_, t.Number):
            return number(type_, low, high, self.edges.get(str(type_), ()))
        if isinstance(type_, t.EnumType):
            return st.sampled_from(type_.members)
        if isinstance(type_, t.SetType):
            if type_.element == t.DATE:
                return st.lists(a_date().map(date.isoformat), unique=True, max_size=5)
            return st.lists(st.sampled_from(type_.element.members), unique=True, max_size=len(type_.element.members))
        if isinstance(type_, t.RecordType):
            return self.record(type_.name)
        if isinstance(type_, t.ListType):
            return self.list(type_)
        raise TypeError(type_)

    def record(self, name: str, fixed: dict | None = None) -> st.SearchStrategy:
        info = self.act.records[name]
        required, optional = {}, {}
        for field in info.fields.values():
            if fixed and field.name in fixed:
                required[field.name] = st.just(fixed[field.name])
                continue
            strategy = self.value(field.type, field.low, field.high)
            if field.has_default or isinstance(field.type, (t.OptionalType, t.ListType, t.SetType)):
                optional[field.name] = strategy
            else:
                required[field.name] = strategy
        return st.fixed_dictionaries(required, optional=optional)

    def list(self, type_: t.ListType) -> st.SearchStrategy:
        limit = min(type_.max_length or self.max_list, self.max_list)
        element = self.act.records[type_.element.name]
        key = type_.unique_by
        if key is not None and element.fields[key].type == t.DATE:
            # entries with their own date: a run of days from a start, with some days left out,
            # as a diary or a time card has them
            @st.composite
            def dated(draw):
                start = draw(a_date(edges=self.edges.get("date", ())))
                gaps = draw(st.lists(st.integers(1, 3), max_size=limit))
                kept = draw(st.lists(st.booleans(), min_size=len(gaps), max_size=len(gaps)))
                out, day = [], start
                for gap, keep in zip(gaps, kept):
                    day = day + timedelta(days=1 if keep else gap)
                    if day > LAST_DAY:
                        break
                    out.append(draw(self.record(element.name, {key: day.isoformat()})))
                return out

            return dated()
        entries = st.lists(self.record(element.name), max_size=limit)
        if key is not None:
            return entries.filter(lambda xs: len({repr(x.get(key)) for x in xs}) == len(xs))
        return entries


def cases(act, max_list: int = 10) -> st.SearchStrategy:
    """Cases (as plain mappings, the way a case file gives them) for an act or a checked act.

    Declared ranges are respected; the act's cross-field checks may still refuse some, so
    filter with `act.validate` (or `hypothesis.assume`) where a test needs valid cases only.
    """
    checked = getattr(act, "checked", act)
    builder = _Builder(checked, max_list)
    required, optional = {}, {}
    for name, info in checked.inputs.items():
        strategy = builder.value(info.type, info.low, info.high)
        if isinstance(info.type, (t.OptionalType, t.ListType)):
            optional[name] = strategy
        else:
            required[name] = strategy
    return st.fixed_dictionaries(required, optional=optional)


def valid_cases(act, max_list: int = 10) -> st.SearchStrategy:
    """Cases that pass the act's validation, checks included."""
    from hsa_dsl.errors import HsaError

    def ok(case) -> bool:
        try:
            act.validate(case)
        except HsaError:
            return False
        return True

    return cases(act, max_list).filter(ok)
