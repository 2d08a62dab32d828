"""Numbers and dates in each language's own form (the `format` section of its file): what the
worker reads is 20.000 and "1 Maret 2025" in Indonesian, never the case's 20000 and 2025-03-01."""

import shutil
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hsa_dsl
from hsa_dsl.explain.explanation import check_templates, load_templates
from hsa_dsl.explain.values import WrittenForm, form_problems

from conftest import SHIPPED
from depth import examples

MARCH_FIRST = date(2025, 3, 1)


@pytest.mark.parametrize("language, day, month, money", [
    ("en", "1 March 2025", "March 2025", "NT$1,234,567.5"),
    ("id", "1 Maret 2025", "Maret 2025", "NT$1.234.567,5"),
    ("zh", "2025年3月1日", "2025年3月", "NT$1,234,567.5"),
    ("vi", "1/3/2025", "3/2025", "NT$1.234.567,5"),
    ("tl", "Marso 1, 2025", "Marso 2025", "NT$1,234,567.5"),
    ("th", "1 มีนาคม 2025", "มีนาคม 2025", "NT$1,234,567.5"),
])
def test_each_language_writes_dates_and_amounts_its_own_way(act, language, day, month, money):
    templates = load_templates(act, language)
    assert templates.show(MARCH_FIRST, "date") == day
    assert templates.show_as(MARCH_FIRST, "month", "date") == month
    assert templates.show(Decimal("1234567.5"), "money") == money


def test_an_indonesian_amount_and_hours(act):
    indonesian = load_templates(act, "id")
    assert indonesian.show(Decimal("-1234"), "money") == "-NT$1.234"
    assert indonesian.show(Decimal("999"), "money") == "NT$999"
    assert indonesian.show(Decimal("12.5"), "hours") == "12,5 jam"
    # an amount with more than two places is shown to two, marked as rounded (1/3 of a dollar)
    assert indonesian.show(Decimal(1) / Decimal(3), "money") == "≈NT$0,33"


@given(st.decimals(min_value=-10**12, max_value=10**12, places=2, allow_nan=False, allow_infinity=False),
       st.sampled_from([(",", "."), (".", ","), (" ", ","), ("'", ".")]))
@settings(max_examples=examples(200), deadline=None)
def test_a_number_written_in_any_form_reads_back_as_itself(value, marks):
    thousands, decimal_mark = marks
    form = WrittenForm(thousands=thousands, decimal=decimal_mark)
    plain = format(value.normalize(), "f") if value != value.to_integral_value() else str(int(value))
    written = form.number(plain)
    whole = written.split(decimal_mark)[0].lstrip("-")
    # groups of three after the first, which has one to three digits
    groups = whole.split(thousands)
    assert 1 <= len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
    assert Decimal(written.replace(thousands, "").replace(decimal_mark, ".")) == value


def test_a_language_file_with_a_broken_form_is_reported(tmp_path):
    for path in SHIPPED.parent.glob("household_service.*"):
        shutil.copy(path, tmp_path / path.name)
    indonesian = tmp_path / "household_service.id.yaml"
    text = indonesian.read_text(encoding="utf-8")
    text = text.replace('  thousands: "."\n  decimal: ","\n', '  thousands: ","\n  decimal: ","\n')
    text = text.replace('  date: "{day} {month} {year}"', '  date: "{day.__class__} {weekday} {year}"')
    text = text.replace("months: [Januari, ", "months: [")
    text = text.replace("bulan {p.month|month}", "bulan {p.month|weekday}", 1)
    indonesian.write_text(text, encoding="utf-8")
    problems = check_templates(hsa_dsl.load_act(tmp_path / "household_service.hsa"))
    assert "id: format: thousands and decimal must be different marks" in problems
    assert any(p.startswith("id: format: date may name only {day}") for p in problems)
    assert "id: format: months must list the twelve months' names, January first" in problems
    assert any(p.startswith("id: rule ") and "'weekday' is not a way of showing a value" in p for p in problems)
    assert not [p for p in problems if not p.startswith("id: ")]
    # a broken form is not used: the reader gets English's form rather than a wrong one
    assert load_templates(hsa_dsl.load_act(tmp_path / "household_service.hsa"), "id").form == WrittenForm()


@pytest.mark.parametrize("section, problem", [
    ({"thousands": "1"}, "format: thousands must be a short mark without digits, as '.' or ','"),
    ({"month": "{month}"}, "format: month may name only {day}, {month}, {month_number} and {year}, "
                           "and must name {year}"),
    ({"weekday": "x"}, "format: 'weekday' is not a part of a language's form"),
    ({"months": "Jan"}, "format: months must list the twelve months' names, January first"),
    ([], "format: must be a map of thousands, decimal, date, month and months"),
])
def test_each_mistake_in_a_form_is_named(section, problem):
    assert problem in form_problems(section)


def test_the_shipped_forms_are_whole():
    assert form_problems({}) == []


def test_a_phrase_cannot_reach_through_a_value_nor_break_a_report(act):
    from hsa_dsl.explain.explanation import fill

    # a placeholder names a value; one that reaches through it is left as written, not run
    assert fill("{count.__class__} and {count}", {"count": 3}) == "{count.__class__} and 3"
    # a placeholder that names nothing given stays as written: the report is still made
    assert fill("{cuont} times", {"count": 3}) == "{cuont} times"
    indonesian = load_templates(act, "id")
    broken = type(indonesian)(**{**{f: getattr(indonesian, f) for f in ("language", "name", "rules", "path")},
                                 "phrases": {**indonesian.phrases, "days": "{count.real} hari {cuont}"}})
    assert broken.phrase("days", count=3) == "{count.real} hari {cuont}"


def test_templates_reports_a_phrase_whose_placeholders_differ_from_english(tmp_path):
    for path in SHIPPED.parent.glob("household_service.*"):
        shutil.copy(path, tmp_path / path.name)
    indonesian = tmp_path / "household_service.id.yaml"
    text = indonesian.read_text(encoding="utf-8")
    assert '  days: "{count} hari"\n' in text
    indonesian.write_text(text.replace('  days: "{count} hari"\n', '  days: "{count.__class__} hari"\n'),
                          encoding="utf-8")
    problems = check_templates(hsa_dsl.load_act(tmp_path / "household_service.hsa"))
    assert problems == ["id: the phrase 'days' must name {count}, as English does"]
