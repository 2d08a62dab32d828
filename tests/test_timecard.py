"""A time card from a weekly pattern or a pasted table (`hsa_dsl.serve.timecard`): the days it
gives, its boundaries (month ends, February in a leap year, work past midnight), and the same
case through the interview as typed day by day."""

from datetime import date

import pytest

pytest.importorskip("starlette")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

from hsa_dsl.serve import interview as iv  # noqa: E402
from hsa_dsl.serve import timecard as tc  # noqa: E402
from hsa_dsl.serve.app import create_app  # noqa: E402

from test_interview import DEWI, form_of, post  # noqa: E402


def days_of(days):
    return {d.day.isoformat(): (d.periods, d.day_off, d.woken) for d in days}


def test_a_pattern_fills_every_day_of_the_range_with_the_weekly_day_off():
    days = tc.weekly_pattern(date(2025, 11, 1), date(2025, 11, 30), "06:00", "20:00", day_off_weekday=6)
    assert len(days) == 30 and days[0].day == date(2025, 11, 1) and days[-1].day == date(2025, 11, 30)
    # the Sundays of November 2025: the 2nd, 9th, 16th, 23rd and 30th
    assert [d.day.day for d in days if d.day_off] == [2, 9, 16, 23, 30]
    assert all(d.periods == (("6", "20"),) for d in days if not d.day_off)
    assert all(d.periods == () for d in days if d.day_off)


@pytest.mark.parametrize("first, last, count", [
    (date(2025, 2, 1), date(2025, 2, 28), 28),  # February of a common year
    (date(2024, 2, 1), date(2024, 2, 29), 29),  # and of a leap year
    (date(2025, 1, 1), date(2025, 1, 31), 31),
    (date(2025, 4, 1), date(2025, 4, 30), 30),
    (date(2025, 12, 20), date(2026, 1, 10), 22),  # across the year's end: 12 days and 10
    (date(2025, 3, 5), date(2025, 3, 5), 1),
])
def test_a_pattern_gives_one_entry_a_day_across_month_ends(first, last, count):
    days = tc.weekly_pattern(first, last, "7", "19")
    assert len(days) == count
    assert [d.day for d in days] == sorted({d.day for d in days})
    assert (days[0].day, days[-1].day) == (first, last)


def test_a_range_that_ends_before_it_starts_gives_nothing_and_a_huge_one_is_refused():
    assert tc.weekly_pattern(date(2025, 3, 2), date(2025, 3, 1), "7", "19") == []
    with pytest.raises(ValueError):
        tc.weekly_pattern(date(2020, 1, 1), date(2025, 1, 1), "7", "19")


def test_work_past_midnight_is_two_periods_as_the_act_asks():
    # 20:00 to 02:00 every night from Friday 28 February 2025 to Saturday 1 March: the last night
    # runs into Sunday 2 March, which is given too
    days = days_of(tc.weekly_pattern(date(2025, 2, 28), date(2025, 3, 1), "20:00", "02:00"))
    assert days == {
        "2025-02-28": ((("20", "24"),), False, ""),
        "2025-03-01": ((("0", "2"), ("20", "24")), False, ""),
        "2025-03-02": ((("0", "2"),), False, ""),
    }
    # ending at midnight is no second period
    assert tc.split_overnight(date(2025, 3, 1), "18", "0") == [(date(2025, 3, 1), "18", "24")]


def test_broken_sleep_is_a_period_of_work_and_hours_woken():
    # woken from 02:00 to 03:30 each night: the early hours of each day of the range, 1.5 h
    days = days_of(tc.weekly_pattern(date(2025, 3, 1), date(2025, 3, 2), "6", "21", "02:00", "03:30"))
    assert days == {"2025-03-01": ((("2", "3.5"), ("6", "21")), False, "1.5"),
                    "2025-03-02": ((("2", "3.5"), ("6", "21")), False, "1.5")}
    # woken from 23:30 to 01:00: half an hour on its day, an hour on the next (which the last
    # night runs into, and is given too)
    days = days_of(tc.weekly_pattern(date(2025, 3, 1), date(2025, 3, 2), "6", "21", "23:30", "01:00"))
    assert days == {"2025-03-01": ((("6", "21"), ("23.5", "24")), False, "0.5"),
                    "2025-03-02": ((("0", "1"), ("6", "21"), ("23.5", "24")), False, "1.5"),
                    "2025-03-03": ((("0", "1"),), False, "1")}


def test_exceptions_replace_the_pattern_on_their_days():
    exceptions, unread = tc.exceptions_text("2025-11-15 off\n2025-11-20 08:00-12:00 13:00-22:00\nnot a day\n")
    assert unread == ["3: not a day"]
    days = days_of(tc.weekly_pattern(date(2025, 11, 14), date(2025, 11, 20), "6", "20", day_off_weekday=6,
                                      exceptions=exceptions))
    assert days["2025-11-14"] == ((("6", "20"),), False, "")
    assert days["2025-11-15"] == ((), True, "")  # a Saturday made a day off
    assert days["2025-11-16"] == ((), True, "")  # the weekly day off, a Sunday
    assert days["2025-11-20"] == ((("8", "12"), ("13", "22")), False, "")


@pytest.mark.parametrize("typed, written", [("07:30", "7.5"), ("7.5", "7.5"), ("6", "6"), ("06:00", "6"),
                                            ("21:45", "21.75"), ("00:06", "0.1"), ("07:20", "07:20"),
                                            ("seven", "seven"), ("7:75", "7:75")])
def test_a_time_is_written_as_the_act_writes_hours_or_kept_as_typed(typed, written):
    assert tc.hours_text(typed) == written


def test_a_pasted_table_gives_its_days_and_the_rows_it_could_not_read():
    table = ("Tanggal\tMulai\tSelesai\n"
             "2025-11-01\t06:00\t20:00\n"
             "2025-11-02\tlibur\n"
             "2025-11-03,7.5,12,13,22\n"
             "2025-11-04;22:00;06:00\n"
             "2025-11-05\t06:00\n"
             "5 November\t6\t20\n")
    days, unread = tc.pasted_table(table)
    assert days_of(days) == {
        "2025-11-01": ((("6", "20"),), False, ""),
        "2025-11-02": ((), True, ""),
        "2025-11-03": ((("7.5", "12"), ("13", "22")), False, ""),
        "2025-11-04": ((("22", "24"),), False, ""),
        "2025-11-05": ((("0", "6"),), False, ""),  # the night from the 4th; its own row was not read
    }
    assert unread == ["6: 2025-11-05\t06:00", "7: 5 November\t6\t20"]


def test_days_filled_replace_the_entries_of_their_dates_and_keep_the_others(act):
    timecard = next(q for q in iv.questions(act)[0].children if q.name == "timecard")
    shape = tc.shape_of(timecard)
    assert shape == tc.TimecardShape("date", "work_periods", "start", "end_at", "day_off", "hours_woken_to_work")
    kept = {**iv.blank_entry(timecard), "date": "2025-10-31", "hours_worked": "9"}
    replaced = {**iv.blank_entry(timecard), "date": "2025-11-01", "hours_worked": "3"}
    entries = tc.merge([replaced, kept], tc.weekly_pattern(date(2025, 11, 1), date(2025, 11, 2), "6", "20"),
                       shape, timecard)
    assert [e["date"] for e in entries] == ["2025-10-31", "2025-11-01", "2025-11-02"]
    assert entries[0]["hours_worked"] == "9"
    assert entries[1]["hours_worked"] == "" and entries[1]["work_periods"] == [{"start": "6", "end_at": "20"}]


def test_only_a_list_of_dated_days_with_periods_is_a_time_card(act, library):
    lists = [q for q in iv.questions(act)[0].children if q.kind == "list"]
    assert [q.name for q in lists if tc.shape_of(q)] == ["timecard"]
    assert tc.shape_of(iv.questions(library)[0].children[2]) is None


def test_dewis_month_from_a_pattern_gives_the_verdict_of_her_month_typed_day_by_day(act):
    client = TestClient(create_app(act), raise_server_exceptions=False)
    without_days = {"employment": {**DEWI["employment"], "timecard": []}}
    items = [i for i in form_of(without_days, act) if i[0] != "action"] + [
        ("employment.timecard~from", "2025-11-01"), ("employment.timecard~to", "2025-11-30"),
        ("employment.timecard~start", "06:00"), ("employment.timecard~end", "20:00"),
        ("action", "pattern:employment.timecard")]
    page = post(client, items).text
    # the days are there to be corrected one by one
    assert page.count('name="employment.timecard[29].date"') == 1
    assert 'value="2025-11-30"' in page
    download = post(client, [(k, v) for k, v in _form_fields(page) if k != "csrf"], "/interview/download/yaml")
    from hsa_dsl.cases import parse_case_text

    filled = parse_case_text(download.text, "dewi.yaml", json_format=False)
    assert act.evaluate(filled).to_json() == act.evaluate(DEWI).to_json()


def _form_fields(page: str):
    """The fields a browser would send back from the page: text inputs, the selected options, the
    hidden counts (what this page has: no checkbox of the case is ticked in it but the languages)."""
    import re
    from html import unescape

    for name, value in re.findall(r'<input type="(?:text|hidden)" name="([^"]+)" id="[^"]*" value="([^"]*)"', page):
        yield name, unescape(value)
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        yield name, unescape(value)
    for name, value in re.findall(r'<input type="checkbox" name="([^"]+)" value="([^"]+)" checked', page):
        yield name, value
    for name, body in re.findall(r'<select name="([^"]+)" id="[^"]*">(.*?)</select>', page, re.S):
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', body)
        if chosen:
            yield name, unescape(chosen.group(1))
