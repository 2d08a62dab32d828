"""Property tests: the parser round-trips what it prints, and traced and untraced evaluation agree."""

import json
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsa_dsl.syntax import ast

from hsa_dsl import syntax

from hsa_dsl.syntax import pretty
from hsa_dsl.errors import EvaluationError
from hsa_dsl.source import Source
from hsa_dsl.prove.strategies import boundaries, valid_cases
from hsa_dsl.runtime.verdict import jsonable
from depth import examples

# ---------------------------------------------------------------- parser round trip

KEYWORDS = {"act", "action", "and", "article", "at", "below", "blocks", "by", "calendar", "chapter", "check",
            "cites", "consecutive", "count", "day", "days", "define", "each", "else", "end", "entitlement",
            "enum", "exception", "false", "fine", "for", "from", "given", "group", "h", "hour", "hours", "if",
            "in", "informative", "input", "is", "languages", "least", "list", "may", "measure", "month",
            "months", "most", "must", "not", "of", "optional", "or", "otherwise", "owed", "output", "paragraph",
            "parameter", "party", "penalty", "point", "quote", "record", "rule", "set", "then", "title", "to",
            "true", "unique", "up", "using", "violated", "week", "when", "where", "max", "min", "sum", "any",
            "all"}

names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(lambda n: n not in KEYWORDS)

literals = st.one_of(
    st.integers(0, 10**6).map(lambda v: ast.Literal("integer", v)),
    st.decimals(0, 10**4, places=2).filter(lambda d: d != d.to_integral_value())
      .map(lambda v: ast.Literal("decimal", v)),
    st.decimals(0, 10**7, places=0).map(lambda v: ast.Literal("money", Decimal(int(v)))),
    st.dates(date(1990, 1, 1), date(2100, 1, 1)).map(lambda v: ast.Literal("date", v)),
    st.text(max_size=8).map(lambda v: ast.Literal("string", v)),
    st.booleans().map(lambda v: ast.Literal("bool", v)),
    st.tuples(st.integers(0, 999), st.sampled_from(["hours", "days", "months"]))
      .map(lambda p: ast.Literal("quantity", p[0], p[1])),
    st.decimals(0, 99, places=2).filter(lambda d: d != d.to_integral_value())
      .map(lambda v: ast.Literal("quantity", v, "hours")),
    names.map(ast.Name),
)


def extend(children):
    return st.one_of(
        st.tuples(children, names).map(lambda p: ast.FieldAccess(p[0], p[1])),
        st.tuples(names, st.lists(children, max_size=3)).map(lambda p: ast.Call(p[0], tuple(p[1]))),
        children.map(lambda e: ast.Unary("-", e)),
        children.map(lambda e: ast.Unary("not", e)),
        st.tuples(st.sampled_from(["+", "-", "*", "/", "and", "or", "implies"]), children, children)
          .map(lambda p: ast.Binary(*p)),
        st.tuples(st.sampled_from(["=", "!=", "<", "<=", ">", ">="]), children, children)
          .map(lambda p: ast.Compare(*p)),
        st.tuples(children, children, st.booleans()).map(lambda p: ast.Member(*p)),
        st.tuples(children, st.booleans()).map(lambda p: ast.IsGiven(*p)),
        st.tuples(children, children, children).map(lambda p: ast.If(*p)),
        st.lists(children, max_size=3).map(lambda xs: ast.SetLiteral(tuple(xs))),
        st.tuples(st.sampled_from(["sum", "max", "min", "any", "all"]), children, names, children,
                  st.none() | children, st.none() | children).map(lambda p: ast.Aggregate(*p)),
        st.tuples(st.sampled_from(["max", "min"]), st.lists(children, min_size=2, max_size=3))
          .map(lambda p: ast.Extremum(p[0], tuple(p[1]))),
        st.tuples(names, children, st.none() | children).map(lambda p: ast.Count(*p)),
        st.tuples(children, st.sampled_from(["day", "calendar_week", "calendar_month"]), names)
          .map(lambda p: ast.GroupBy(p[0], ast.Window(p[1], 1 if p[1] == "day" else None), p[2])),
        st.tuples(children, st.integers(1, 30), children, names)
          .map(lambda p: ast.GroupBy(p[0], ast.Window("blocks", p[1], p[2]), p[3])),
    )


expressions = st.recursive(literals, extend, max_leaves=12)


@settings(max_examples=examples(300), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(expressions)
def test_printed_expressions_parse_back_to_the_same_tree(expression):
    text = "define x: bool = " + pretty.expr(expression)
    parsed = syntax.parse(Source("generated.hsa", text)).declarations[0].body
    assert parsed == expression, text


# ---------------------------------------------------------------- evaluation


def outcome(act, case, trace):
    """The findings, or the evaluation error: a case the act gives no answer for must say so
    the same way whether traced or not."""
    try:
        return findings_of(act.evaluate(case, trace=trace))
    except EvaluationError as error:
        return error.render()


def findings_of(verdict):
    return [(f.kind, f.rule, json.dumps(jsonable(f.binding), sort_keys=True),
             json.dumps(jsonable(f.conclusion), sort_keys=True)) for f in verdict.findings]


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_traced_and_untraced_evaluation_agree(act, data):
    case = data.draw(valid_cases(act, max_list=20))
    traced = act.evaluate(case, trace=True)
    untraced = act.evaluate(case, trace=False)
    assert findings_of(traced) == findings_of(untraced)
    assert jsonable(traced.values) == jsonable(untraced.values)
    assert traced.rules_applied == untraced.rules_applied
    # and evaluation is deterministic
    assert json.dumps(traced.to_json(), sort_keys=True) == json.dumps(act.evaluate(case).to_json(), sort_keys=True)


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_every_finding_cites_a_provision_of_its_article_and_the_shipped_act_has_no_conflicts(act, data):
    case = data.draw(valid_cases(act, max_list=20))
    verdict = act.evaluate(case, trace=False)
    assert verdict.conflicts == ()
    for finding in verdict.findings:
        assert finding.provision == f"art_{finding.article}" or finding.provision.startswith(f"art_{finding.article}__")
        assert finding.provision in act.checked.provisions


@settings(max_examples=examples(40), deadline=None)
@given(st.data())
def test_the_toy_act_also_agrees_traced_and_untraced(library, data):
    case = data.draw(valid_cases(library, max_list=6))
    assert outcome(library, case, True) == outcome(library, case, False)


def test_strategies_lean_on_the_acts_boundaries(act):
    edges = boundaries(act.checked)
    assert Decimal(8) in edges["hours"] and Decimal(84) in edges["hours"] and Decimal(10) in edges["hours"]
    assert Decimal(28590) in edges["money"] and date(2025, 1, 1) in edges["date"]
    assert {1, 3, 5, 10} <= edges["integer"]


_OPERATORS = {"=": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
              "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_traces_are_faithful(act, data):
    """Replaying a trace's recorded conditions gives the values it recorded, and the facts it
    lists are the case's own."""
    case = data.draw(valid_cases(act, max_list=10))
    verdict = act.evaluate(case, trace=True)
    inputs = act.validate(case)
    for finding in verdict.findings:
        trace = finding.trace
        for step in trace["steps"]:
            if step["kind"] == "compare":
                left, right = step["operands"]
                assert _OPERATORS[step["operator"]](left, right) == step["value"], step
            elif step["kind"] == "member":
                element, collection = step["operands"]
                assert ((element in collection) != step["negated"]) == step["value"], step
        for fact in trace["facts"]:
            assert _read_path(inputs, fact["path"]) == fact["value"], fact
        if finding.kind == "violation":
            assert finding.conclusion["violated"] is True


def _read_path(inputs, path):
    import re

    from hsa_dsl.runtime import public

    value = inputs
    for name, index in re.findall(r"([A-Za-z_][A-Za-z0-9_]*)|\[([0-9]+)\]", path):
        value = value[int(index)] if index else value[name]
    return public(value)
