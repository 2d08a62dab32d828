"""Reports for each reader: the worker's in plain words only, the advocate's with the reasons,
the expert's with the full trace; repeated findings grouped, losing no occasion."""

import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsa_dsl.cli import main
from hsa_dsl.explain import render
from hsa_dsl.explain.explanation import LANGUAGES, available_languages, date_runs, explain, load_templates
from hsa_dsl.prove.strategies import valid_cases

from conftest import EXAMPLES
from test_cli import golden
from depth import examples

#: the longest realistic month of the examples, wages paid to someone else month after month, a
#: dismissal for a complaint, and wages claimed from the fund: each report is kept whole for each
#: reader, format and language
REPORTED_EXAMPLES = ("no_day_off_food_deducted.yaml", "wages_paid_to_broker.yaml", "dismissed_after_complaint.yaml",
                     "unpaid_wages_fund_advance.yaml")
FORMATS = [("text", "txt"), ("md", "md"), ("html", "html"), ("json", "json")]


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _what_the_reader_reads(output: str, audience: str) -> str:
    """A report's JSON as its golden keeps it: what the reader reads (the report, or the expert's
    explanation but its articles, which the expert's text, md and html goldens keep), not the
    verdict's traces, which the verdict's tests keep."""
    data = json.loads(output)
    if audience == "expert":
        kept = {"notice": data.get("notice"),
                "explanation": {k: v for k, v in data["explanation"].items() if k != "articles"}}
    else:
        kept = {"notice": data.get("notice"), "audience": data["audience"], "report": data["report"]}
    return json.dumps(kept, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


@pytest.mark.parametrize("example", REPORTED_EXAMPLES)
@pytest.mark.parametrize("audience", ["worker", "advocate", "expert"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("output_format, suffix", FORMATS)
def test_reports_for_each_reader_in_every_format_and_language(example, audience, language, output_format, suffix):
    result = run("explain", EXAMPLES / example, "--for", audience, "--lang", language, "--format", output_format)
    assert result.exit_code == 0, result.output
    text = _what_the_reader_reads(result.output, audience) if output_format == "json" else result.output
    golden(f"reports/{example.removesuffix('.yaml')}/{audience}.{language}.{suffix}", text)


def test_the_worker_report_is_the_default_and_short():
    worker = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--lang", "id").output
    expert = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--lang", "id", "--for", "expert").output
    assert worker.startswith("Ini adalah Undang-Undang Layanan Rumah Tangga")
    assert len(worker.splitlines()) <= 40 < len(expert.splitlines())
    assert "pada 30 hari (1 November 2025 sampai 30 November 2025): Anda bekerja lebih dari 8 jam sehari. " \
           "Yang tertinggi: 10 jam." in worker


#: what a worker must never read: names of the act's rules and provisions, fields of the case,
#: and the text of the rules' expressions
CODE_LIKE = re.compile(
    r"employment\.|timecard\[|wages\[|\bart\d+_|\bart_\d+|__para|[A-Za-z]+_[A-Za-z_]+|[a-z]\(|"
    r"\w\s*(?:[<>]=?|!=|==)\s*\w|\b[a-z]+\.[a-z]+\b"
)

ISO_DATE = re.compile(r"\b\d{4}-\d\d-\d\d\b")
ENGLISH_THOUSANDS = re.compile(r"NT\$\d{1,3},\d{3}\b")


def _reports(act, example, language, audience="worker"):
    from hsa_dsl.cases import load_case_file

    case = load_case_file(EXAMPLES / example)
    verdict = act.evaluate(case, trace=True)
    explanation = explain(act, verdict, case, example, language)
    templates = load_templates(act, language)
    return {"text": render.report_text(explanation, templates, audience),
            "md": render.report_markdown(explanation, templates, audience),
            "html": render.report_html(explanation, templates, audience)}


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_a_worker_report_names_no_rule_field_or_code(act, example):
    for language in available_languages(act):
        for output_format, report in _reports(act, example, language).items():
            shown = report
            if output_format == "html":  # the page's own markup is not what she reads
                shown = re.sub(r"<style>.*?</style>|<[^>]+>", " ", report, flags=re.S)
            if output_format == "md":
                shown = report.replace("\\", "")
            shown = re.sub(r"https?://\S+", " ", shown)  # a contact's web address is hers to read
            found = CODE_LIKE.search(shown)
            assert found is None, (language, output_format, shown[max(0, found.start() - 80):found.end() + 80])
            # dates and amounts in her language's form, not the case's (2025-03-01, 28,590)
            found = ISO_DATE.search(shown) or (language in ("id", "vi") and ENGLISH_THOUSANDS.search(shown))
            assert not found, (language, output_format, shown[max(0, found.start() - 80):found.end() + 80])


def _act_code(act) -> re.Pattern:
    """What the advocate must not read in place of words: a field of the case
    (`employment.wages[0].paid_on`), or a value the act works out written as its code
    (`base_shortfall(p)`, `sum(extended_hours(d) for d in week)`)."""
    inputs = "|".join(map(re.escape, act.checked.inputs))
    named = {*act.checked.definitions, *act.checked.parameters, *act.checked.tables,
             "sum", "count", "any", "all", "max", "min"}
    calls = "|".join(map(re.escape, sorted(named, key=len, reverse=True)))
    return re.compile(rf"\b(?:{inputs})\.|\[\d+\]|\b(?:{calls})\(")


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_an_advocate_report_names_no_field_or_code(act, example):
    code = _act_code(act)
    for language in available_languages(act):
        for output_format, report in _reports(act, example, language, "advocate").items():
            found = code.search(report.replace("\\", "") if output_format == "md" else report)
            assert found is None, (language, output_format, report[max(0, found.start() - 80):found.end() + 80])


def test_the_advocate_reads_what_was_worked_out_and_the_facts_in_her_language():
    report = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--for", "advocate", "--lang", "id").output
    # a value worked out for one month's wage, and a fact of that month
    assert "        Kekurangan gaji pokok (gaji November 2025) = NT$28.590\n" in report
    assert "        Tanggal gaji dibayar (gaji November 2025) = 10 Desember 2025 (tercantum dalam kasus)\n" in report
    # a fact the case does not give says so once
    assert "        Dibayarkan kepada orang lain dengan izin Anda (gaji November 2025) = tidak tercantum dalam kasus\n" \
        in report
    # a value worked out for a day of the time card, and a fact of that day, name the day
    assert "        Jam kerja (1 November 2025) = 10 jam\n" in report
    assert "        Jam kerja biasa (1 November 2025) = 10 jam (tercantum dalam kasus)\n" in report
    # the expert's report keeps the act's and the case's names
    expert = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--for", "expert", "--lang", "id").output
    assert "      base_shortfall(p) = NT$28.590\n" in expert and "Kekurangan gaji pokok" not in expert
    # and software reads both: the field's path and its words
    data = json.loads(run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--lang", "id",
                          "--format", "json").output)
    facts = [line for section in data["explanation"]["articles"] for finding in section["findings"]
             for line in finding["facts"]]
    assert {"path": "employment.wages[0].paid_on", "label": "Tanggal gaji dibayar (gaji November 2025)"} in [
        {"path": line["path"], "label": line["label"]} for line in facts]


def _occasions(explanation):
    return Counter((g.kind, g.rule, tuple(sorted(o.binding.items()))) for g in explanation.groups
                   for o in g.occasions)


def _findings(verdict):
    return Counter((f.kind, f.rule, tuple(sorted(f.binding.items()))) for f in verdict.findings)


def _check_grouping(act, case):
    verdict = act.evaluate(case, trace=True)
    explanation = explain(act, verdict, case, "case.yaml", "en")
    # every finding is one occasion of one group, and every occasion is a finding
    assert _occasions(explanation) == _findings(verdict)
    for grouped in explanation.groups:
        assert grouped.count == len(grouped.occasions) == len(grouped.explained)
        assert len({(o.kind if hasattr(o, "kind") else grouped.kind) for o in grouped.occasions}) == 1
        # the runs cover every occasion's days and no day outside them
        dated = [(o.start, o.end) for o in grouped.occasions if o.start is not None]
        runs = [(r["start"], r["end"]) for r in grouped.runs]
        assert runs == date_runs(dated)
        for start, end in dated:
            assert any(a <= start and end <= b for a, b in runs)
        for a, b in runs:
            assert any(start == a for start, _ in dated) and any(end == b for _, end in dated)
    data = render.to_json(explanation)
    assert sum(len(g["occasions"]) for g in data["groups"]) == len(verdict.findings)


@pytest.mark.parametrize("example", REPORTED_EXAMPLES + ("caregiver_long_days.yaml", "wage_records_from_2014.yaml"))
def test_grouping_loses_no_occasion_of_an_example(act, example):
    from hsa_dsl.cases import load_case_file

    _check_grouping(act, load_case_file(EXAMPLES / example))


@settings(max_examples=examples(20), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.data())
def test_grouping_loses_no_occasion_and_invents_none(act, data):
    _check_grouping(act, data.draw(valid_cases(act, max_list=8)))


@pytest.mark.parametrize("example", ["wages_paid_to_broker.yaml", "no_day_off_food_deducted.yaml",
                                     "twelve_hour_days_food_deducted.yaml"])
def test_each_kind_of_breach_reads_differently_in_every_language(act, example):
    # three rules of Article 17 that each repeat over two months must not read as one line
    # three times: each is told in its own words, with how often
    from hsa_dsl.cases import load_case_file

    case = load_case_file(EXAMPLES / example)
    verdict = act.evaluate(case, trace=True)
    for language in available_languages(act):
        explanation = explain(act, verdict, case, example, language)
        breaches = [g for g in explanation.groups if g.kind == "violation"]
        sentences = [g.sentence for g in breaches]
        assert len(set(sentences)) == len(sentences), language
        templates = load_templates(act, language)
        for grouped in breaches:
            if grouped.count > 1 and grouped.rule not in templates.repeats:
                assert grouped.sentence.startswith(grouped.occasions[0].sentence)
                assert templates.phrase("repeated", count=grouped.count, when=grouped.when) in grouped.sentence


def test_money_one_rule_gives_month_after_month_is_one_line_with_each_month(act):
    text = run("explain", EXAMPLES / "wages_paid_to_broker.yaml").output
    owed = text.split("What you are owed\n")[1].split("\n\n")[0].splitlines()
    # her wage went to the broker, who kept NT$2,500 "for food": each month 27,470 − 426 (tax and
    # insurance) − 2,500 = 24,544 did not reach her; two months: 49,088. The food: 2 × 2,500 =
    # 5,000. January's wage was under the new minimum: 28,590 − 27,470 = 1,120.
    assert owed == [
        "  - NT$1,120 · You are owed NT$1,120 for January 2025: your agreed wage was below the minimum "
        "wage (Article 16).",
        "  - NT$49,088 · Unpaid wages (Article 17): NT$24,544 for December 2024, NT$24,544 for January 2025.",
        "  - NT$5,000 · Food and lodging deducted from your wage (Article 17): NT$2,500 for December 2024, "
        "NT$2,500 for January 2025.",
        "  Total: NT$55,208",   # 1,120 + 49,088 + 5,000
    ]
    # the wage months are told as months, merged where they follow each other
    assert "This happened 2 times: December 2024 to January 2025." in text


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_the_total_owed_is_the_sum_of_the_lines(act, example):
    from hsa_dsl.cases import load_case_file

    case = load_case_file(EXAMPLES / example)
    explanation = explain(act, act.evaluate(case, trace=True), case, example, "en")
    owed = render.report_sections(explanation, load_templates(act, "en"), "worker")[0]
    amounts = [int(m.group(1).replace(",", "")) for item in owed.items
               if (m := re.match(r"NT\$([\d,]+) · ", item.text))]
    totals = [int(line.removeprefix("Total: NT$").replace(",", "")) for line in owed.closing]
    assert totals == ([sum(amounts)] if amounts else [])


def test_the_advocate_reads_what_would_change_the_outcome_in_plain_words():
    text = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--for", "advocate", "--lang", "id").output
    # NT$5,000 was taken from her wage for food: the deduction breaches Article 17 unless it is nil
    assert "      Apa yang akan mengubah hasil ini:\n" \
           "        Ini akan sesuai aturan jika potongan uang makan (gaji November 2025) paling banyak NT$0.\n" in text
    expert = run("explain", EXAMPLES / "no_day_off_food_deducted.yaml", "--for", "expert", "--lang", "id").output
    # the expert still reads the act's own words for what is compared
    assert "jika p.food_deduction paling banyak NT$0" in expert
