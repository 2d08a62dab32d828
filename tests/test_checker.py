"""The checker: names, types and units, the act's structure, and collecting every error."""

import pytest

from hsa_dsl.check import checker

from hsa_dsl import syntax
from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source

PRELUDE = '''
act draft
  title en "Draft"
  languages en, zh
end
party employer "the employer"
party employee "the worker"
action pay "pay"
action rest "let rest"
enum Kind: fixed_term, open_ended
record Day
  date: date
  hours: hours in 0 .. 24
  wage: money at least 0
end
record Job
  kind: Kind
  start: date
  end_date: optional date
  days: list of Day unique by date
end
input job: Job
'''

ARTICLE = '''
article 1
  en "The employer shall pay the worker."
  zh "雇方應給付工資。"
  {body}
end
'''


def check(body: str, prelude: str = PRELUDE):
    text = prelude + ARTICLE.format(body=body)
    return checker.check(syntax.parse(Source("draft.hsa", text)), "draft.hsa")


def errors(body: str, prelude: str = PRELUDE) -> str:
    with pytest.raises(HsaError) as info:
        check(body, prelude)
    return info.value.render()


RULE = '''rule r
    cites art_1
    quote en "The employer shall pay the worker."
    {clauses}
  end'''


def rule(clauses: str) -> str:
    return RULE.format(clauses=clauses)


def test_a_correct_rule_checks():
    act = check(rule("for each d in job.days\n when d.hours > 8 h\n then employer must pay"))
    info = act.rules["r"]
    assert info.cites == ("art_1",)
    assert info.scopes[0].variable == "d"
    assert act.provisions["art_1"].texts["zh"] == "雇方應給付工資。"


def test_adding_hours_to_money_is_an_error():
    message = errors("define x: money = job.days[0]" if False else
                     rule("for each d in job.days\n when d.hours + d.wage > 8 h\n then employer must pay"))
    assert "error: cannot add hours and money" in message
    assert "d.hours + d.wage" in message


def test_comparing_a_date_with_a_duration_is_an_error():
    message = errors(rule("when job.start > 30 days\n then employer must pay"))
    assert "cannot compare a date value with days" in message


def test_date_arithmetic_is_typed():
    act = check("define later: date = job.start + 1 month + 30 days\n"
                "  define gap: days = later - job.start\n" + rule("when gap > 30 days then employer must pay"))
    assert str(act.definitions["gap"].type) == "days"


def test_money_per_hour_times_hours_is_money():
    act = check("define rate: decimal = 1.5\n"
                "  define pay(d: Day): money = d.wage / 240 h * d.hours * rate\n" + rule("then employer must pay"))
    assert str(act.definitions["pay"].type) == "money"


def test_unknown_provision_gets_did_you_mean():
    message = errors(RULE.replace("cites art_1", "cites art_1__para_9").format(clauses="then employer must pay"))
    assert "unknown provision 'art_1__para_9'" in message


def test_misspelled_article_reference():
    text = PRELUDE + ARTICLE.format(body="") + ARTICLE.replace("article 1", "article 2").format(
        body=rule("then employer must pay").replace("cites art_1", "cites art_2, art_11"))
    with pytest.raises(HsaError) as info:
        checker.check(syntax.parse(Source("draft.hsa", text)))
    rendered = info.value.render()
    assert "unknown provision 'art_11'" in rendered
    assert "did you mean 'art_1'?" in rendered


def test_undefined_input_and_field():
    message = errors(rule("when jobb.start > 2025-01-01 and job.strt > 2025-01-01\n then employer must pay"))
    assert "unknown name 'jobb'" in message and "did you mean 'job'?" in message
    assert "Job has no field 'strt'" in message and "did you mean 'start'?" in message


def test_all_errors_are_collected():
    message = errors(rule("when job.start + job.kind > 1\n then employr must pai"))
    assert "cannot add" in message
    assert "unknown party 'employr'" in message
    assert "unknown action 'pai'" in message
    assert message.rstrip().endswith("3 errors")


def test_a_quote_must_be_in_the_cited_text():
    message = errors(RULE.replace("shall pay the worker", "shall pay the workers").format(
        clauses="then employer must pay"))
    assert "this quote is not in the en text of art_1" in message


def test_a_rule_must_quote_and_cite_its_own_article():
    message = errors("rule r\n then employer must pay\n end")
    assert "rule 'r' must cite a provision of article 1" in message
    assert "rule 'r' quotes no words of the Act" in message


def test_an_optional_fact_must_be_tested_before_use():
    message = errors(rule("when job.end_date > job.start\n then employer must pay"))
    assert "'job.end_date' may be absent" in message
    check(rule("when job.end_date is given and job.end_date > job.start\n then employer must pay"))
    check(rule("when not (job.end_date is given) or job.end_date > job.start\n then employer must pay"))
    check("define has_end: bool = job.end_date is given\n"
          + rule("when has_end and job.end_date > job.start\n then employer must pay"))


def test_enumeration_values_are_checked():
    message = errors(rule("when job.kind = fixed_trm\n then employer must pay"))
    assert "unknown name 'fixed_trm'" in message and "did you mean 'fixed_term'?" in message


def test_exceptions_must_decide_the_same_thing():
    body = rule("then employer must pay") + "\n" + RULE.replace("rule r", "rule s").format(
        clauses="exception to r\n then employer must not rest")
    assert "they decide different things" in errors(body)


def test_exception_cycles_are_reported():
    body = (RULE.format(clauses="exception to s\n then employer must pay") + "\n"
            + RULE.replace("rule r", "rule s").format(clauses="exception to r\n then employer may pay"))
    assert "exceptions form a circle: r → s → r" in errors(body)


def test_definition_cycles_are_reported():
    message = errors("define a: integer = b + 1\n  define b: integer = a + 1\n" + rule("then employer must pay"))
    assert "definitions refer to each other in a circle" in message


def test_outputs_from_for_each_rules_are_rejected():
    body = "output total: hours\n" + rule("for each d in job.days\n then total = d.hours")
    assert "'total' has one value per case" in errors(body)


def test_violated_refers_to_checked_names():
    body = rule("then employer must pay") + "\n" + RULE.replace("rule r", "rule s").format(
        clauses="when violated(art_1, rr) then penalty on employer fine up to NT$1,000")
    message = errors(body)
    assert "unknown rule, group or provision 'rr'" in message and "did you mean 'r'?" in message


def test_table_rows_must_not_overlap():
    body = ("table t(x: integer): days\n    when below 3: 1 days\n    when at least 2 and below 5: 2 days\n  end\n"
            + rule("then employer must pay"))
    assert "rows of table t overlap" in errors(body)


def test_parameters_must_be_in_date_order():
    body = ("parameter p: money\n    NT$2 from 2025-01-01\n    NT$1 from 2024-01-01\n  end\n"
            + rule("then employer must pay"))
    assert "must be listed in date order" in errors(body)


def test_unknown_language_is_reported():
    message = errors('  id "Pekerja"\n' + rule("then employer must pay"))
    assert "unknown language 'id'" in message


def test_ranges_and_defaults_are_checked():
    prelude = PRELUDE.replace("hours: hours in 0 .. 24", "hours: hours in 24 .. 0 = 30")
    message = errors(rule("then employer must pay"), prelude)
    assert "the range of hours is empty" in message


def test_compiler_knows_nothing_of_any_act():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    words = ("employer", "employee", "airfare", "household", "overtime", "minimum_monthly_wage")
    looked_at = 0
    for folder in ("hsa_dsl", "compiler", "grammar"):
        for path in (root / folder).rglob("*.*"):
            if path.suffix not in (".py", ".lark"):
                continue
            looked_at += 1
            text = path.read_text(encoding="utf-8").lower()
            code = "\n".join(line for line in text.splitlines() if not line.strip().startswith(("#", '"""')))
            for word in words:
                # the word may appear in documentation of the package, never as a name the code relies on
                assert f'"{word}"' not in code and f"'{word}'" not in code, (path.name, word)
    assert looked_at > 30  # every stage's package, not only the top level


def test_every_sub_expression_is_in_a_field_declared_as_one(act):
    """The walks over expressions (the IR passes, the code generator) look only in the fields
    declared as expressions; an expression anywhere else would be missed by all of them."""
    import attrs

    from hsa_dsl.check import checked as c

    def others(node):
        for field in attrs.fields(type(node)):
            if field.name in c.child_fields(type(node)) or field.name in ("span", "type"):
                continue
            value = getattr(node, field.name)
            yield from (value if isinstance(value, tuple) else (value,))

    roots = [d.body for d in act.checked.definitions.values()]
    for rule in act.checked.rules.values():
        roots += [rule.condition, rule.violation, *(s.source for s in rule.scopes)]
    seen = 0
    for root in roots:
        for node in c.walk(root) if root is not None else ():
            seen += 1
            assert not any(c.is_expression(value) for value in others(node)), node
    assert seen > 1500  # the whole act: every definition and rule


# ---------------------------------------------------------------------------- circles


def place(body: str, needle: str, prelude: str = PRELUDE) -> str:
    """Where `needle` first stands in the file `check(body)` reads, as an error names it."""
    text = prelude + ARTICLE.format(body=body)
    before = text[:text.index(needle)]
    return f"draft.hsa:{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def named_rule(name: str, clauses: str) -> str:
    return RULE.replace("rule r", f"rule {name}").format(clauses=clauses)


def test_a_definition_circle_is_reported_at_its_first_definition_with_the_path():
    body = ("define a: integer = b + 1\n  define b: integer = c + 1\n  define c: integer = a + 1\n"
            + rule("then employer must pay"))
    message = errors(body)
    assert f"{place(body, 'define a')}: error: definitions refer to each other in a circle: a → b → c → a" in message
    assert "|   define a: integer = b + 1\n       |   ^^^^^^^^^^^^^^^^^^^^^^^^^\n" in message
    assert "hint: a definition cannot depend on itself" in message


def test_a_definition_that_calls_itself_is_a_circle():
    body = "define a: integer = a + 1\n" + rule("then employer must pay")
    assert f"{place(body, 'define a')}: error: definitions refer to each other in a circle: a → a" in errors(body)


def test_an_exception_circle_is_reported_at_its_first_rule_with_the_path():
    body = (named_rule("r", "exception to s\n then employer must pay") + "\n"
            + named_rule("s", "exception to t\n then employer may pay") + "\n"
            + named_rule("t", "exception to r\n then employer must pay"))
    message = errors(body)
    assert f"{place(body, 'rule r')}: error: exceptions form a circle: r → s → t → r" in message
    assert "hint: a rule cannot, through other rules, be an exception to itself" in message


OUTPUTS = PRELUDE + "output owed: money\noutput paid: money\n"


def test_rules_that_read_each_other_s_outputs_in_a_circle_are_reported_by_the_checker():
    body = (named_rule("owed_rule", "when paid is given then owed = paid + NT$1") + "\n"
            + named_rule("paid_rule", "when owed is given then paid = owed"))
    message = errors(body, OUTPUTS)
    assert (f"{place(body, 'rule owed_rule', OUTPUTS)}: error: rules depend on each other's results in a circle: "
            "owed_rule → paid_rule → owed_rule") in message
    assert "rule owed_rule\n       |   ^^^^^^^^^^^^^^" in message
    assert "hint: each rule reads a result of the next" in message
    assert message.count("error:") == 1


def test_rules_that_read_each_other_s_violations_through_a_definition_are_a_circle():
    body = ("define pay_breached: bool = violated(pay_rule)\n"
            + named_rule("rest_rule", "when pay_breached then employer must rest") + "\n"
            + named_rule("pay_rule", "when violated(rest_rule) then employer must pay"))
    message = errors(body)
    assert (f"{place(body, 'rule rest_rule')}: error: rules depend on each other's results in a circle: "
            "rest_rule → pay_rule → rest_rule") in message


def test_a_rule_that_reads_its_own_violation_is_a_circle():
    body = named_rule("r", "when violated(r) then employer must pay")
    assert f"{place(body, 'rule r')}: error: rules depend on each other's results in a circle: r → r" in errors(body)


def test_a_circle_is_named_by_the_rules_that_read_along_it():
    # two rules decide `owed`; only the second reads `paid`, so the circle names it
    body = (named_rule("owed_base", "then owed = NT$1") + "\n"
            + named_rule("owed_more", "exception to owed_base\n when paid is given then owed = paid") + "\n"
            + named_rule("paid_rule", "when owed is given then paid = owed"))
    message = errors(body, OUTPUTS)
    assert (f"{place(body, 'rule owed_more', OUTPUTS)}: error: rules depend on each other's results in a circle: "
            "owed_more → paid_rule → owed_more") in message


def test_rules_that_read_each_other_one_way_check():
    body = (named_rule("owed_rule", "then owed = NT$1") + "\n"
            + named_rule("paid_rule", "when owed is given then paid = owed"))
    check(body, OUTPUTS)


@pytest.mark.parametrize("body, prelude, circle", [
    ("define a: integer = b + 1\n  define b: integer = a + 1\n" + rule("then employer must pay"), PRELUDE,
     "definitions refer to each other in a circle: a → b → a"),
    (named_rule("r", "exception to s\n then employer must pay") + "\n"
     + named_rule("s", "exception to r\n then employer may pay"), PRELUDE, "exceptions form a circle: r → s → r"),
    (named_rule("owed_rule", "when paid is given then owed = paid") + "\n"
     + named_rule("paid_rule", "when owed is given then paid = owed"), OUTPUTS,
     "rules depend on each other's results in a circle: owed_rule → paid_rule → owed_rule"),
])
def test_dump_checked_refuses_what_check_refuses(body, prelude, circle, tmp_path):
    from click.testing import CliRunner

    from hsa_dsl.cli import main

    path = tmp_path / "draft.hsa"
    path.write_text(prelude + ARTICLE.format(body=body), encoding="utf-8")
    checked = CliRunner().invoke(main, ["check", str(path)])
    assert checked.exit_code == 1 and circle in checked.output
    for stage in ("checked", "ir", "python"):
        dumped = CliRunner().invoke(main, ["dump", stage, str(path)])
        assert dumped.exit_code == 1, stage
        assert dumped.output == checked.output, stage


def test_a_table_row_cannot_use_a_definition():
    # the row was once left out of the table without a word, so that t(1) fell to `otherwise`
    body = ("define cap: days = 3 days\n"
            "  table t(x: integer): days\n    when below 3: cap\n    otherwise: 2 days\n  end\n"
            + rule("when t(1) > 1 days then employer must pay"))
    message = errors(body)
    assert f"{place(body, 'cap' + chr(10) + '    otherwise')}: error: a table's row cannot use the definition 'cap'" \
        in message
    assert "hint: a table's value is worked out from its key alone" in message


def test_a_record_check_cannot_use_a_definition():
    prelude = PRELUDE.replace("  wage: money at least 0\nend",
                              "  wage: money at least 0\n  check long(hours) else \"too long\"\nend") \
        + "define long(h: hours): bool = h > 12 h\n"
    message = errors(rule("then employer must pay"), prelude)
    assert "error: a record's check cannot use the definition 'long'" in message
