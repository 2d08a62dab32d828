"""The conclusion `warning`: a rule that says, in the answer, that a fact the case leaves out
could change it. Through every stage: parsing (both parsers), printing, checking, the IR, the
generated code (traced and untraced), the verdict, explanations, templates, coverage and the
prover."""

import json

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl.syntax import ast
from hsa_dsl import syntax
from hsa_dsl.syntax import pretty
from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source

from conftest import TEST_ACTS
from test_cli import CASES

HARVEST = TEST_ACTS / "harvest.hsa"
SEASON = CASES / "harvest_season.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def harvest():
    return hsa_dsl.load_act(HARVEST)


def season(months=(), housing=None, last_day="2025-06-20"):
    out = {"season": {"first_day": "2025-03-10", "last_day": last_day,
                      "months": [dict(m) for m in months]}}
    if housing is not None:
        out["season"]["housing_given"] = housing
    return out


def findings(verdict):
    """The findings but for what is owed (articles 1, 3 and 4 give entitlements too)."""
    return [(f.kind, f.rule, f.binding) for f in verdict.findings if f.kind != "entitlement"]


# ---------------------------------------------------------------------------- the language


def test_the_warning_conclusion_parses_and_prints_back():
    act_file = syntax.parse_file(HARVEST)
    rules = {r.name: r for r in act_file.all_rules()}
    assert isinstance(rules["wage_not_recorded"].conclusion, ast.Warning)
    assert rules["wage_not_recorded"].conclusion.span.text == "warning"
    printed = pretty.act_file(act_file)
    assert "    then warning\n" in printed
    assert syntax.parse(Source("printed.hsa", printed)) == act_file


def test_both_parsers_build_the_same_warning():
    source = syntax.read_source(HARVEST)
    assert syntax.parse(source) == syntax.to_ast(source, syntax.parse_tree(source))


def test_warning_is_a_keyword_only_where_a_conclusion_stands():
    # elsewhere it is a name like any other: a field, an action
    text = HARVEST.read_text(encoding="utf-8").replace("action provide_housing", "action warning") \
        .replace("must provide_housing", "must warning")
    act = hsa_dsl.load_act_text(text, "renamed.hsa")
    assert act.checked.rules["housing"].conclusion.action == "warning"
    assert act.checked.rules["housing_unknown"].conclusion.kind == "warning"


def _act_with(rule_text: str) -> str:
    return HARVEST.read_text(encoding="utf-8").replace("article 2\n", rule_text + "\narticle 2\n", 1)


def test_a_warning_cannot_be_violated():
    text = _act_with('''article 9
  en "x"
  rule w
    cites art_9
    quote en "x"
    then warning
    violated when season.last_day < 2020-01-01
  end
end
''')
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(text, "bad.hsa")
    assert "only an obligation or a prohibition can be violated" in info.value.render()


def test_an_exception_to_a_warning_is_a_warning():
    text = _act_with('''article 9
  en "x"
  rule w
    cites art_9
    quote en "x"
    exception to housing_unknown
    then grower must provide_housing
  end
end
''')
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(text, "bad.hsa")
    message = info.value.render()
    assert "they decide different things (grower / provide_housing / a warning)" in message


def test_the_checked_act_and_the_ir_know_warnings(harvest):
    rule = harvest.checked.rules["wage_not_recorded"]
    assert rule.conclusion.kind == "warning" and rule.target == ("warning",)
    targets = {t.key: t for t in harvest.program.targets}
    warning = targets[("warning",)]
    assert warning.kind == "warning"
    assert set(warning.rules) == {"wage_not_recorded", "housing_unknown", "housing_unknown_before_the_season"}
    # the exception is evaluated before the rule it overrides
    assert warning.order.index("housing_unknown_before_the_season") < warning.order.index("housing_unknown")
    assert harvest.module.RULES["wage_not_recorded"]["kind"] == "warning"


# ---------------------------------------------------------------------------- evaluation


@pytest.mark.parametrize("trace", [True, False])
def test_a_warning_is_found_for_each_entry_that_leaves_the_fact_out(harvest, trace):
    verdict = harvest.evaluate(season([{"month": "2025-03-01", "wage_paid": "12000"}, {"month": "2025-04-01"},
                                       {"month": "2025-05-01"}]), trace=trace)
    assert findings(verdict) == [
        ("violation", "wage_in_full", {"m": "season.months[0]"}),
        ("warning", "wage_not_recorded", {"m": "season.months[1]"}),
        ("warning", "wage_not_recorded", {"m": "season.months[2]"}),
        ("warning", "housing_unknown", {}),
    ]
    warning = verdict.warnings[0]
    assert warning.conclusion == {"type": "warning",
                                  "text": "the case does not say something that could change this answer"}
    assert verdict.violations[0].rule == "wage_in_full" and verdict.conflicts == ()
    assert "wage_not_recorded" in verdict.rules_applied


@pytest.mark.parametrize("trace", [True, False])
def test_a_warning_goes_when_the_case_gives_the_fact(harvest, trace):
    verdict = harvest.evaluate(season([{"month": "2025-04-01", "wage_paid": "21000"}], housing=True), trace=trace)
    assert findings(verdict) == []
    assert "wage_not_recorded" not in verdict.rules_applied


@pytest.mark.parametrize("trace", [True, False])
def test_a_warning_is_overridden_by_its_exception(harvest, trace):
    case = season()
    case["season"].update(first_day="2019-03-01", last_day="2019-06-30")
    verdict = harvest.evaluate(case, trace=trace)
    assert findings(verdict) == [("warning", "housing_unknown_before_the_season", {})]
    assert {"housing_unknown", "housing_unknown_before_the_season"} <= set(verdict.rules_applied)


def test_the_trace_of_a_warning_shows_why_and_the_exceptions_considered(harvest):
    verdict = harvest.evaluate(season())
    trace = verdict.warnings[0].trace
    assert [s["text"] for s in trace["steps"]] == ["season.housing_given is not given"]
    assert trace["exceptions"] == [{"rule": "housing_unknown_before_the_season", "applied": False,
                                    "conditions": [{"text": "season.last_day < 2020-01-01", "value": False}]}]


def test_warnings_never_conflict():
    # two warnings about the same entry, neither an exception to the other
    text = _act_with('''article 9
  en "x"
  rule w1
    cites art_9
    quote en "x"
    for each m in season.months
    when m.wage_paid is not given
    then warning
  end
  rule w2
    cites art_9
    quote en "x"
    for each m in season.months
    then warning
  end
end
''')
    act = hsa_dsl.load_act_text(text, "two.hsa")
    for trace in (True, False):
        verdict = act.evaluate(season([{"month": "2025-04-01"}], housing=True), trace=trace)
        assert findings(verdict) == [("warning", "wage_not_recorded", {"m": "season.months[0]"}),
                                     ("warning", "w1", {"m": "season.months[0]"}),
                                     ("warning", "w2", {"m": "season.months[0]"})]
        assert verdict.conflicts == ()
    report = act_verify(act)
    assert report.unknown == () and report.findings == ()


def test_the_verdicts_json_has_warning_findings(harvest):
    data = harvest.evaluate(season([{"month": "2025-04-01"}])).to_json()
    assert data["summary"]["warning"] == 2 and "violation" not in data["summary"]
    assert data["findings"][0]["kind"] == "warning"
    assert data["findings"][0]["conclusion"]["type"] == "warning"


# ---------------------------------------------------------------------------- explanations


def test_the_explanation_gives_each_warning_its_sentence_in_the_summary():
    text = run("explain", "--for", "expert", SEASON, "--act", HARVEST).output
    summary = text.split("\nArticle 1")[0]
    assert "What your case does not say (this could change the answer):" in summary
    assert "    - The case does not say what you were paid for April 2025; with it, a breach of Article 1 " \
           "could be decided." in summary
    assert "    - The case does not say whether the grower provided housing." in summary
    assert "  [WARNING] The case does not say whether the grower provided housing." in text


@pytest.mark.parametrize("output_format", ["md", "html"])
def test_every_format_lists_the_warnings(output_format):
    page = run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--format", output_format).output
    assert "What your case does not say (this could change the answer)" in page
    assert "The case does not say whether the grower provided housing." in page
    if output_format == "html":
        assert '<div class="finding warning">' in page


def test_the_json_explanation_lists_the_warnings():
    data = json.loads(run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--format", "json").output)
    warnings = data["explanation"]["summary"]["warnings"]
    assert [w["rule"] for w in warnings] == ["wage_not_recorded", "housing_unknown"]
    assert warnings[1] == {"rule": "housing_unknown", "article": 2,
                           "text": "The case does not say whether the grower provided housing."}


def test_a_warning_without_a_sentence_gets_the_default_one_and_templates_report_it(tmp_path):
    (tmp_path / "harvest.hsa").write_text(HARVEST.read_text(encoding="utf-8"), encoding="utf-8")
    templates = (TEST_ACTS / "harvest.en.yaml").read_text(encoding="utf-8")
    templates = "\n".join(line for line in templates.splitlines() if not line.startswith("  housing_unknown:"))
    (tmp_path / "harvest.en.yaml").write_text(templates + "\n", encoding="utf-8")
    result = run("templates", tmp_path / "harvest.hsa")
    assert result.exit_code == 1 and "error: en: rule housing_unknown has no sentence" in result.output
    text = run("explain", "--for", "expert", SEASON, "--act", tmp_path / "harvest.hsa").output
    assert "[WARNING] Under Article 2: the case does not say something that could change this answer." in text


def test_the_harvest_templates_are_complete():
    result = run("templates", HARVEST)
    assert result.exit_code == 0, result.output


# ---------------------------------------------------------------------------- coverage and the prover


def test_coverage_counts_where_warnings_apply(tmp_path):
    (tmp_path / "season.yaml").write_text(SEASON.read_text(encoding="utf-8"), encoding="utf-8")
    data = json.loads(run("coverage", HARVEST, "--cases", tmp_path, "--format", "json").output)
    rules = {r["rule"]: r for r in data["rules"]}
    assert rules["wage_not_recorded"]["applied_in"] == ["season.yaml"]
    assert rules["housing_unknown_before_the_season"]["applied_in"] == []


def act_verify(act):
    pytest.importorskip("z3")
    from hsa_dsl.prove.verify import verify

    return verify(act)


def test_the_prover_treats_warnings_as_rules_that_apply_or_not(harvest):
    report = act_verify(harvest)
    assert report.unknown == () and report.findings == ()
    asked = {(a.kind, a.subjects) for a in report.answers}
    assert ("never_applies", ("wage_not_recorded",)) in asked
    assert ("dead_rule", ("housing_unknown",)) in asked
    assert ("vacuous_exception", ("housing_unknown_before_the_season", "housing_unknown")) in asked


def test_the_prover_finds_a_warning_that_never_applies_or_is_always_overridden(harvest):
    text = HARVEST.read_text(encoding="utf-8").replace(
        "when season.housing_given is not given\n    then warning",
        "when season.housing_given is not given and season.last_day < 2020-01-01\n    then warning")
    text = text.replace("when m.wage_paid is not given\n    then warning",
                        "when m.wage_paid is not given and m.wage_paid is given\n    then warning")
    report = act_verify(hsa_dsl.load_act_text(text, "flawed.hsa"))
    found = {(a.kind, a.subjects) for a in report.findings}
    assert found == {("never_applies", ("wage_not_recorded",)), ("dead_rule", ("housing_unknown",))}
    assert report.unknown == ()
