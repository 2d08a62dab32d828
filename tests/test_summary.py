"""The summary of an explanation: what the reader is owed, item by item with its article and
sentence, money rounded to the whole unit only when reported and totalled from the rounded
items; what the case does not say; and the act's status notice first, in every format."""

import json
from decimal import Decimal
from fractions import Fraction

import pytest
from click.testing import CliRunner

import hsa_dsl
from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError
from hsa_dsl.explain.explanation import check_templates, explain

from conftest import SHIPPED, TEST_ACTS
from test_cli import CASES

HARVEST = TEST_ACTS / "harvest.hsa"
SEASON = CASES / "harvest_season.yaml"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def harvest():
    return hsa_dsl.load_act(HARVEST)


def season(*months, first_day="2025-03-10", last_day="2025-06-20", housing=True):
    return {"season": {"first_day": first_day, "last_day": last_day, "housing_given": housing,
                       "months": [dict(m) for m in months]}}


def owed(verdict):
    return [(f.rule, f.binding, f.conclusion["value"]) for f in verdict.of_kind("entitlement")]


# ---------------------------------------------------------------------------- owed for each entry


@pytest.mark.parametrize("trace", [True, False])
def test_an_entitlement_rule_for_each_entry_gives_a_finding_per_entry_with_its_value(harvest, trace):
    case = season({"month": "2025-03-01", "wage_paid": "12000"}, {"month": "2025-04-01", "wage_paid": "21000"},
                  {"month": "2024-12-01", "wage_paid": "19000.5"}, last_day="2025-04-20")
    verdict = harvest.evaluate(case, trace=trace)
    assert [x for x in owed(verdict) if x[0] == "wage_shortfall"] == [
        ("wage_shortfall", {"m": "season.months[0]"}, Decimal(9000)),
        ("wage_shortfall", {"m": "season.months[2]"}, Decimal("999.5")),  # the minimum was NT$20,000 then
    ]
    # owed per entry, it has no one value for the case
    assert "unpaid_wages" not in verdict.values and verdict.conflicts == ()
    assert verdict.values["rest_days"] == 2


def test_traced_and_untraced_agree_on_entitlements_per_entry(harvest):
    case = season({"month": "2025-03-01", "wage_paid": "12000", "overtime_hours": "3"},
                  {"month": "2024-04-01", "overtime_hours": "1"})
    traced, untraced = harvest.evaluate(case), harvest.evaluate(case, trace=False)
    assert [(f.kind, f.rule, f.binding, f.conclusion) for f in traced.findings] == \
        [(f.kind, f.rule, f.binding, f.conclusion) for f in untraced.findings]
    assert traced.values == untraced.values and traced.rules_applied == untraced.rules_applied


def test_a_value_with_no_exact_decimal_is_kept_exact(harvest):
    # NT$20,000 / 240 h * 1 h * 1.34 = NT$335/3
    verdict = harvest.evaluate(season({"month": "2024-04-01", "overtime_hours": "1"}))
    [finding] = [f for f in verdict.findings if f.rule == "overtime"]
    assert finding.conclusion["exact"] == Fraction(335, 3)
    assert finding.conclusion["value"] == Decimal(335) / 3
    assert finding.to_json()["conclusion"]["exact"] == "335/3"
    # an exact decimal needs nothing more
    verdict = harvest.evaluate(season({"month": "2025-04-01", "overtime_hours": "2"}))
    [finding] = [f for f in verdict.findings if f.rule == "overtime"]
    assert finding.conclusion["value"] == Decimal("234.5") and "exact" not in finding.conclusion


PER_ENTRY = '''
act pay title en "Pay" languages en end
party worker "w"
record Month
  month: date
  due: money
  paid: money
end
input months: list of Month
entitlement shortfall: money owed to worker
{extra}
article 1
  en "Each month's wage is paid in full."
  rule short
    cites art_1
    quote en "paid in full"
    for each m in months
    when m.paid < m.due
    then shortfall = m.due - m.paid
  end
  {rules}
end
'''


def _errors(extra="", rules=""):
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(PER_ENTRY.format(extra=extra, rules=rules), "pay.hsa")
    return info.value.render()


def test_an_entitlement_owed_per_entry_is_checked():
    act = hsa_dsl.load_act_text(PER_ENTRY.format(extra="", rules=""), "pay.hsa")
    assert act.checked.rules["short"].scopes
    # another rule for it goes over the same list
    message = _errors(rules='''rule whole
    cites art_1
    quote en "paid in full"
    then shortfall = NT$1
  end''')
    assert "'shortfall' is owed for each entry of a list by rule 'short'; rule 'whole' must go over the same list" \
        in message
    # nothing reads it: it has no one value
    message = _errors(extra="output anything_owed: bool", rules='''rule reads
    cites art_1
    quote en "paid in full"
    when shortfall is given
    then anything_owed = true
  end''')
    assert "'shortfall' is owed for each entry of a list; it has no one value to read" in message
    # and it cannot be required
    text = PER_ENTRY.format(extra="", rules="").replace("owed to worker", "owed to worker required")
    with pytest.raises(HsaError) as info:
        hsa_dsl.load_act_text(text, "pay.hsa")
    assert "'shortfall' is owed for each entry of a list, so it cannot be `required`" in info.value.render()


def test_two_rules_owing_different_amounts_for_the_same_entry_conflict():
    act = hsa_dsl.load_act_text(PER_ENTRY.format(extra="", rules='''rule double
    cites art_1
    quote en "paid in full"
    for each m in months
    when m.paid < m.due and m.paid = NT$0
    then shortfall = 2 * m.due
  end'''), "pay.hsa")
    case = {"months": [{"month": "2025-01-01", "due": "100", "paid": "0"},
                       {"month": "2025-02-01", "due": "100", "paid": "50"}]}
    for trace in (True, False):
        verdict = act.evaluate(case, trace=trace)
        [conflict] = verdict.conflicts
        assert conflict.binding == {"m": "months[0]"} and set(conflict.conclusion["rules"]) == {"short", "double"}
    pytest.importorskip("z3")
    from hsa_dsl.prove.verify import verify

    [finding] = verify(act).findings
    assert finding.kind == "value_conflict" and finding.replay == "confirmed"


# ---------------------------------------------------------------------------- what you are owed


def summary(act, case, language="en"):
    return explain(act, act.evaluate(case), case, "case", language).summary


def test_each_thing_owed_is_an_item_with_its_article_sentence_and_amount(harvest):
    s = summary(harvest, season({"month": "2025-03-01", "wage_paid": "12000"},
                                {"month": "2025-04-01", "wage_paid": "20500"}))
    wages = [i for i in s["entitlements"] if i["output"] == "unpaid_wages"]
    assert [(i["article"], i["binding"], i["amount"], i["text"]) for i in wages] == [
        (1, {"m": "season.months[0]"}, "NT$9,000",
         "The grower owes you NT$9,000 of your wage for March 2025."),
        (1, {"m": "season.months[1]"}, "NT$500",
         "The grower owes you NT$500 of your wage for April 2025."),
    ]
    assert wages[0]["what"] == "unpaid wages" and wages[0]["owed_to"] == "picker" and wages[0]["in_total"]


def test_money_is_rounded_half_up_per_item_and_the_total_adds_the_rounded_items(harvest):
    # NT$21,000 / 240 h * 2 h * 1.34 = NT$234.50 in each of two months: NT$235 each, NT$470 in all
    # (the exact NT$469 would round to less); NT$20,000 / 240 h * 1 h * 1.34 = NT$111.666... is NT$112
    case = season({"month": "2025-03-01", "wage_paid": "21000", "overtime_hours": "2"},
                  {"month": "2025-04-01", "wage_paid": "21000", "overtime_hours": "2"},
                  {"month": "2024-05-01", "wage_paid": "20000", "overtime_hours": "1"})
    s = summary(harvest, case)
    overtime = [i for i in s["entitlements"] if i["output"] == "overtime_pay"]
    assert [(i["value"], i["exact"], i["amount"]) for i in overtime] == [
        (Decimal(235), Decimal("234.5"), "NT$235"), (Decimal(235), Decimal("234.5"), "NT$235"),
        (Decimal(112), Fraction(335, 3), "NT$112")]
    assert overtime[2]["text"] == "You are owed NT$112 for 1 h of overtime in May 2024."
    assert s["totals"] == [{"unit": "money", "value": Decimal(582), "amount": "NT$582"}]


def test_what_is_not_money_is_listed_outside_the_total_and_nothing_is_not_listed(harvest):
    s = summary(harvest, season({"month": "2025-03-01", "wage_paid": "20000"}))
    items = {i["output"]: i for i in s["entitlements"]}
    assert items["rest_days"]["amount"] == "6 days" and not items["rest_days"]["in_total"]
    assert items["travel_allowance"]["amount"] == "" and items["travel_allowance"]["value"] is True
    assert s["totals"] == [{"unit": "money", "value": Decimal(1000), "amount": "NT$1,000"}]
    # a short season: no rest days, no allowance (false), no money owed: none of them is listed
    s = summary(harvest, season({"month": "2025-03-01", "wage_paid": "21000"}, last_day="2025-04-01"))
    assert s["entitlements"] == [] and s["totals"] == []


def test_an_amount_that_rounds_to_nothing_is_not_listed(harvest):
    s = summary(harvest, season({"month": "2025-03-01", "wage_paid": "20999.6"}, last_day="2025-04-01"))
    assert s["entitlements"] == [] and s["totals"] == []
    s = summary(harvest, season({"month": "2025-03-01", "wage_paid": "20999.5"}, last_day="2025-04-01"))
    assert [(i["amount"], i["exact"]) for i in s["entitlements"]] == [("NT$1", Decimal("0.5"))]


def test_the_summary_in_every_format():
    text = run("explain", "--for", "expert", SEASON, "--act", HARVEST).output
    assert """  What you are owed:
    - NT$9,000 · Article 1: The grower owes you NT$9,000 of your wage for March 2025.
    - 6 days · Article 3: You are owed 6 days of rest: two for each whole month of the season.
    - Article 3: Your season lasted three whole months or more: you are owed a travel allowance.
    - NT$235 · Article 4: You are owed NT$235 for 2 h of overtime in May 2025.
    Total: NT$9,235
""" in text
    md = run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--format", "md").output
    assert "  - NT$235 · Article 4: You are owed NT$235 for 2 h of overtime in May 2025.\n" \
           "  - **Total: NT$9,235**\n" in md
    page = run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--format", "html").output
    assert '<li class="total"><strong>Total: NT$9,235</strong></li>' in page
    data = json.loads(run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--format", "json").output)
    s = data["explanation"]["summary"]
    assert s["totals"] == [{"unit": "money", "value": "9235", "amount": "NT$9,235"}]
    assert s["entitlements"][3]["value"] == "235" and s["entitlements"][3]["exact"] == "234.5"


def test_the_summary_in_the_readers_language():
    text = run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--lang", "id").output
    # in Indonesian's own form: 9.235, Mei 2025
    assert "    - NT$235 · Pasal 4: Anda berhak atas NT$235 untuk 2 jam lembur pada bulan Mei 2025.\n" \
           "    Jumlah: NT$9.235\n" in text
    text = run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--lang", "zh").output
    assert "    合計: NT$9,235\n" in text


# ---------------------------------------------------------------------------- the act's status


@pytest.mark.parametrize("language, notice", [
    ("en", "These are made-up rules for the tests, not law in force; the amounts are what they would give."),
    ("zh", "這是為測試而編寫的規則，不是現行有效的法律；這裡的金額是依這些規則會得到的數額。"),
])
def test_the_status_notice_comes_first_in_every_format(language, notice):
    def out(output_format):
        return run("explain", "--for", "expert", SEASON, "--act", HARVEST, "--lang", language, "--format", output_format).output

    assert out("text").startswith(notice + "\n\n")
    assert out("md").startswith(f"> {notice}\n\n# ")
    page = out("html")
    assert page.index(f'<p class="notice" role="note">{notice}</p>') < page.index("<h1>")
    assert page.index("<body>") < page.index('class="notice"')
    data = json.loads(out("json"))
    assert list(data)[0] == "notice" and data["notice"] == notice
    assert list(data["explanation"])[:2] == ["format", "notice"] and data["explanation"]["notice"] == notice


def test_no_notice_where_the_language_file_gives_none():
    text = run("explain", "--for", "expert", CASES / "library_late.json", "--act", TEST_ACTS / "library.hsa").output
    assert text.startswith("Lending Library Rules\n")
    data = json.loads(run("explain", "--for", "expert", CASES / "library_late.json", "--act", TEST_ACTS / "library.hsa",
                          "--format", "json").output)
    assert "notice" not in data and data["explanation"]["notice"] is None


@pytest.mark.parametrize("language, words", [
    ("en", ["Household Service Act (Workers' Version)", "draft bill", "TIWA", "not law in force"]),
    ("zh", ["家事服務法（勞工版）", "草案", "TIWA", "不是現行有效的法律"]),
    ("id", ["Undang-Undang Layanan Rumah Tangga (Versi Pekerja)", "rancangan undang-undang", "TIWA",
            "bukan hukum yang berlaku"]),
])
def test_the_shipped_act_says_it_is_a_draft_in_each_language(language, words):
    text = run("explain", "--for", "expert", "examples/caregiver_long_days.yaml", "--lang", language).output
    first = text.splitlines()[0]
    assert all(w in first for w in words), first


def test_a_status_given_in_one_language_is_asked_of_the_others(tmp_path):
    for name in ("harvest.hsa", "harvest.en.yaml", "harvest.zh.yaml", "harvest.id.yaml"):
        (tmp_path / name).write_text((TEST_ACTS / name).read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "harvest.id.yaml"
    path.write_text("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                              if not line.startswith("  act_status:")) + "\n", encoding="utf-8")
    act = hsa_dsl.load_act(tmp_path / "harvest.hsa")
    assert check_templates(act) == ["id: the phrase 'act_status' is missing (en, zh gives it)"]
    assert check_templates(hsa_dsl.load_act(HARVEST)) == []
    assert check_templates(hsa_dsl.load_act(SHIPPED)) == []
