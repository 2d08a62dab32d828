"""The complaint letter to the labour affairs bureau: in Chinese, with her copy in her language;
every breach with its article and dates and every amount owed with the total in both; no letter
where the case shows no breach; nothing of the act's or the case's inner names in either.

After an intended change of the letter, regenerate its golden files with
``HSA_UPDATE_GOLDEN=1 pytest tests/test_letter.py`` and review the diff."""

import re

import attrs
import pytest
from click.testing import CliRunner

from hsa_dsl.cases import load_case_file
from hsa_dsl.cli import main
from hsa_dsl.explain import explanation as explanation_module
from hsa_dsl.explain import letter
from hsa_dsl.explain.explanation import (available_languages, check_templates, explain, load_templates,
                                         names_months, show_runs)

from conftest import EXAMPLES
from test_cli import golden
from test_reports import CODE_LIKE

GOLDEN_EXAMPLE = "no_day_off_food_deducted.yaml"
#: cases with many breaches over days, weeks and months, a dismissal, wages paid to someone else,
#: wage records over years
CHECKED_EXAMPLES = ("no_day_off_food_deducted.yaml", "caregiver_long_days.yaml", "fired_for_pregnancy.yaml",
                    "wages_paid_to_broker.yaml", "wage_records_from_2014.yaml", "dismissed_after_complaint.yaml")
#: how each letter cites an article of the draft, written out here, not taken from the files
CITED_AS = {"zh": "草案第 {n} 條", "en": "Article {n} of the draft", "id": "Pasal {n} rancangan",
            "vi": "Điều {n} của dự thảo", "tl": "Artikulo {n} ng panukala", "th": "มาตรา {n} ของร่างกฎหมาย"}
#: the words in each language that say the letter rests on a draft that is not law
NOT_LAW = {"zh": "並非現行有效的法律", "en": "It is not law in force", "id": "bukan hukum yang berlaku",
           "vi": "chưa phải là luật đang có hiệu lực", "tl": "Hindi ito batas na umiiral",
           "th": "ยังไม่ใช่กฎหมายที่ใช้บังคับ"}


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def _explained(act, example, language):
    case = load_case_file(EXAMPLES / example)
    return explain(act, act.evaluate(case, trace=True), case, example, language)


def _shown(page: str) -> str:
    """An HTML letter as it is read: its markup and styles left out, its entities read."""
    import html

    return html.unescape(re.sub(r"<style>.*?</style>|<[^>]+>", " ", page, flags=re.S))


@pytest.mark.parametrize("language", ["id", "zh"])
@pytest.mark.parametrize("output_format", ["md", "html"])
def test_the_letters_of_an_example(language, output_format):
    result = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", language, "--format", output_format)
    assert result.exit_code == 0, result.output
    golden(f"letters/{GOLDEN_EXAMPLE.removesuffix('.yaml')}.{language}.{output_format}", result.output)


@pytest.mark.parametrize("example", CHECKED_EXAMPLES)
@pytest.mark.parametrize("language", ["id", "vi", "tl", "th", "en"])
def test_every_breach_and_every_amount_owed_is_in_both_letters(act, example, language):
    explanation = _explained(act, example, language)
    complaint, copy = letter.build_letters(act, explanation)
    assert (complaint.language, copy.language) == ("zh", language)
    breaches = [g for g in explanation.groups if g.kind == "violation"]
    assert breaches, "the example must show a breach"
    for built in (complaint, copy):
        templates = load_templates(act, built.language)
        for text in (letter.letters_text([built]), _shown(letter.letters_html([built]))):
            assert NOT_LAW[built.language] in text
            for grouped in breaches:
                assert CITED_AS[built.language].format(n=grouped.article) in text, grouped.rule
                when = show_runs(templates, [(r["start"], r["end"]) for r in grouped.runs],
                                 names_months(templates, grouped.rule))
                assert when in text, (grouped.rule, when)
            for item in explanation.summary["entitlements"]:
                if not isinstance(item["value"], bool):
                    assert templates.show(item["value"], item["unit"]) in text, item["output"]
                assert templates.name_of(item["output"]) in text
            for total in explanation.summary["totals"]:
                assert templates.show(total["value"], total["unit"]) in text
    # the Chinese letter cites each article with its Chinese title from the act
    for grouped in breaches:
        title = act.checked.articles[grouped.article].titles["zh"]
        assert f"草案第 {grouped.article} 條（{title}）" in letter.letters_text([complaint])


def test_the_total_is_the_sum_of_the_amounts_asked_for(act):
    explanation = _explained(act, GOLDEN_EXAMPLE, "id")
    complaint, copy = letter.build_letters(act, explanation)
    amounts = [int(c.amount.removeprefix("NT$").replace(",", "")) for c in complaint.claims if c.amount.startswith("NT$")]
    assert sum(amounts) == 45268
    assert complaint.totals == ("金額合計：NT$45,268",)
    assert copy.totals == ("Jumlah uang seluruhnya: NT$45.268",)  # in Indonesian form


def test_breaches_the_complaint_tells_in_the_same_words_are_one_item(act):
    # wages neither paid to her nor in full: both breach the same words of Article 17
    explanation = _explained(act, GOLDEN_EXAMPLE, "id")
    complaint, copy = letter.build_letters(act, explanation)
    told = [(b.heading, b.description, b.dates) for b in complaint.breaches]
    assert len(told) == len(set(told))
    assert len(complaint.breaches) == len(copy.breaches) < len([g for g in explanation.groups if g.kind == "violation"])
    merged = next(b for b in copy.breaches if "tidak dibayarkan langsung" in b.description)
    assert "tidak dibayar penuh" in merged.description


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_a_letter_names_no_rule_field_or_code(act, example):
    explanation = _explained(act, example, "en")
    if not letter.has_breach(explanation):
        return
    # the draft's own words are quoted as the act gives them (its English has "language(s)")
    quoted = sorted({q.text for rule in act.checked.rules.values() for q in rule.quotes}, key=len, reverse=True)
    for language in available_languages(act):
        letters = letter.build_letters(act, _explained(act, example, language))
        for output_format, text in (("text", letter.letters_text(letters)), ("md", letter.letters_markdown(letters)),
                                    ("html", letter.letters_html(letters))):
            shown = {"html": _shown, "md": lambda t: t.replace("\\", "")}.get(output_format, str)(text)
            for words in quoted:
                shown = shown.replace(words, "")
            found = CODE_LIKE.search(shown)
            assert found is None, (language, output_format, shown[max(0, found.start() - 80):found.end() + 80])


def test_the_letter_is_deterministic_and_leaves_every_personal_detail_to_fill(act):
    first = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "vi").output
    assert first == run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "vi").output
    complaint = first.split("─" * 40)[0]
    for label in ("受文者", "申訴人資料", "被申訴人資料", "申訴事項", "請求事項", "此致", "申訴人簽名"):
        assert label in complaint
    for label in ("姓名", "護照號碼", "居留證號碼", "國籍", "雇主姓名", "雇主地址", "聯絡電話"):
        assert f"{label}：＿＿＿＿＿＿＿＿\n" in complaint
    assert "日期：中華民國 ＿＿＿ 年 ＿＿ 月 ＿＿ 日" in complaint
    assert not re.search(r"20[2-9][0-9]-[0-9]{2}-[0-9]{2}", complaint.split("請求事項")[1].split("金額合計")[1])


def test_her_copy_follows_the_complaint_in_her_language():
    result = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "th")
    assert result.exit_code == 0, result.output
    complaint, copy = result.output.split("─" * 40)
    assert complaint.lstrip().startswith("申訴書")
    assert copy.lstrip().startswith("หนังสือร้องเรียน")
    assert "นายจ้างทำผิดมาตรา 22" in copy and "นายจ้างทำผิดมาตรา 22" not in complaint


def test_in_chinese_there_is_one_letter():
    result = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "zh", "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.output.count("<article") == 1
    assert '<html lang="zh-Hant-TW">' in result.output


def test_the_default_copy_is_in_the_language_explain_uses():
    result = run("explain", EXAMPLES / "caregiver_long_days.yaml", "--letter", "--format", "html")
    assert result.exit_code == 0, result.output
    assert result.output.count("<article") == 2
    assert '<article class="letter copy" lang="en">' in result.output
    assert "<h1>Complaint</h1>" in result.output


def test_the_html_letter_is_one_printable_page_with_the_case_escaped(act):
    page = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "id", "--format", "html").output
    assert "@page{size:A4" in page and "break-before:page" in page
    assert "<script" not in page and "http" not in page.lower()
    body = re.sub(r"<style>.*?</style>", "", page, flags=re.S)
    assert len(re.findall(r"<(ol|ul|li|table|tr|td|p|article|h1|h2|div)\b", body)) == \
        len(re.findall(r"</(ol|ul|li|table|tr|td|p|article|h1|h2|div)>", body))
    # text of the act and of the case is escaped: a title with markup in it stays text
    explanation = _explained(act, GOLDEN_EXAMPLE, "id")
    explanation.groups[0] = attrs.evolve(explanation.groups[0], sentence="<b>x</b> & y")
    shown = letter.letters_html(letter.build_letters(act, explanation))
    assert "&lt;b&gt;x&lt;/b&gt; &amp; y" in shown and "<b>x</b>" not in shown


def test_a_case_with_no_breach_gets_a_message_and_no_letter(tmp_path):
    written = tmp_path / "letter.html"
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES / "compliant_household.yaml"), "--letter",
                                       "--lang", "id", "--format", "html", "-o", str(written)])
    assert result.exit_code == 1
    assert "no letter: compliant_household.yaml shows no breach of the Act" in result.output
    assert "申訴書" not in result.output
    assert not written.exists()


def test_a_letter_is_written_to_a_file(tmp_path):
    written = tmp_path / "letter.md"
    result = run("explain", EXAMPLES / GOLDEN_EXAMPLE, "--letter", "--lang", "id", "--format", "md", "-o", written)
    assert result.exit_code == 0, result.output
    assert result.output == ""
    assert written.read_text(encoding="utf-8").startswith("# 申訴書")


@pytest.mark.parametrize("options, refused", [
    (["--format", "json"], "--letter writes a letter to print or send"),
    (["--why", "22"], "cannot be used with --why or --why-not"),
    (["--why-not", "art22_daily_regular_hours"], "cannot be used with --why or --why-not"),
    (["--for", "advocate"], "cannot be used with --for"),
    (["--for", "worker"], "cannot be used with --for"),
])
def test_options_that_make_no_sense_with_a_letter_are_refused(options, refused):
    result = CliRunner().invoke(main, ["explain", str(EXAMPLES / GOLDEN_EXAMPLE), "--letter", *options])
    assert result.exit_code == 2
    assert refused in result.output
    assert "申訴書" not in result.output


def test_an_act_without_the_letters_words_is_told_so():
    from conftest import TEST_ACTS

    result = CliRunner().invoke(main, ["explain", str(TEST_ACTS.parent / "cases" / "harvest_season.yaml"),
                                       "--act", str(TEST_ACTS / "harvest.hsa"), "--letter", "--lang", "id"])
    assert result.exit_code == 1
    assert "the letter has no 'blank'" in result.output
    assert "Traceback" not in result.output


def test_the_template_check_reports_a_letter_word_missing_in_a_language(act, monkeypatch):
    original = explanation_module.load_templates

    def without_a_word(act, language):
        templates = original(act, language)
        if language == "vi":
            letter_words = {k: v for k, v in templates.letter.items() if k != "ask_mediation"}
            letter_words["total"] = "Tổng số tiền: {sum}"
            return attrs.evolve(templates, letter=letter_words)
        return templates

    monkeypatch.setattr(explanation_module, "load_templates", without_a_word)
    problems = check_templates(act)
    assert "vi: the letter's 'ask_mediation' is missing" in problems
    assert "vi: the letter's 'total' must name {amount}, as English does" in problems
    assert len(problems) == 2
