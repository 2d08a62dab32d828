"""`hsa-dsl serve`'s interview, driven with Starlette's test client: generated from the act (a
second act gets its own), sections asked only when relevant, errors beside the field with what was
typed kept, what has been found so far, separate languages, and a case built through the
interview that `hsa-dsl explain` reads back to the same findings and amounts."""

import re
from datetime import date, timedelta
from html import unescape
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("jinja2")

from starlette.testclient import TestClient  # noqa: E402

from hsa_dsl.cases import load_case_file, parse_case_text  # noqa: E402
from hsa_dsl.cli import main  # noqa: E402
from hsa_dsl.serve import interview as iv  # noqa: E402
from hsa_dsl.serve.app import create_app  # noqa: E402

from conftest import EXAMPLES  # noqa: E402

FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture(scope="module")
def client(act):
    return TestClient(create_app(act), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def library_client(library):
    return TestClient(create_app(library), raise_server_exceptions=False)


def post(client, items, path="/interview"):
    """A form posted as the interview's page posts it, with the page's CSRF token."""
    if "hsa_csrf" not in client.cookies:
        client.get("/interview")
    return client.post(path, content=urlencode([*items, ("csrf", client.cookies["hsa_csrf"])]), headers=FORM)


def text_of(html: str) -> str:
    """A page's words, tags taken out and spaces made single."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def worker_report(html: str) -> str:
    """The worker's report as the page shows it (its sections, up to the advocate's report)."""
    return re.search(r'<section class="report worker".*?(?=<section class="report advocate")', html, re.S).group(0)


def found_panel(html: str) -> str:
    return text_of(re.search(r'<aside class="found".*?</aside>', html, re.S).group(0))


def input_value(html: str, name: str) -> str:
    match = re.search(r'<input type="text" name="' + re.escape(name) + r'" id="[^"]*" value="([^"]*)"', html)
    assert match, name
    return unescape(match.group(1))


def problems_beside(html: str, name: str) -> list[str]:
    """The problems shown in the question of the field `name`."""
    block = re.search(r'<div class="question[^"]*">\s*<label for="' + re.escape(name) + r'">.*?</div>', html, re.S)
    assert block, name
    return [text_of(p) for p in re.findall(r'<p class="problem"[^>]*>(.*?)</p>', block.group(0), re.S)]


def form_of(case, act, **settings):
    asked = iv.questions(act)
    return iv.form_items(iv.answers_from_case(case, asked), asked) + list(settings.items())


# ---------------------------------------------------------------------------- the case of Dewi
# A caregiver from Indonesia, hired on 1 October 2024 at NT$28,590 a month, works from 06:00 to
# 20:00 every day of November 2025 without a day off; NT$2,000 is taken from her November wage for
# food; the grandmother she cared for dies and she is dismissed on 30 November without notice.

DEWI = {"employment": {
    "employee": {"foreign": True, "languages": ["indonesian"], "gender": "female", "role": "caretaker"},
    "contract": {"kind": "fixed_term", "start": "2024-10-01", "end_date": "2027-09-30", "monthly_wage": "28590",
                 "pay_day": "10"},
    "assessed_on": "2025-12-15",
    "wages": [{"month": "2025-11-01", "agreed_wage": "28590", "food_deduction": "2000", "paid_amount": "26590",
               "paid_on": "2025-12-10"}],
    "termination": {"by": "employer", "date": "2025-11-30", "with_notice": False,
                    "ground": "care_recipient_died_or_employment_reason_ended", "ground_known_on": "2025-11-28"},
    "timecard": [{"date": (date(2025, 11, 1) + timedelta(days=n)).isoformat(),
                  "work_periods": [{"start": "6", "end_at": "20"}]} for n in range(30)],
}}

# Worked by hand from the Act (the hourly wage is the monthly wage / 240, the daily wage / 30):
#   Article 13, no notice: a month's wage in its place                                NT$28,590
#   Article 14, separation fee: 14 months of service (1 Oct 2024 to 30 Nov 2025),
#     a month's wage a year: 28,590 × 14 / 12 = 33,355                                NT$33,355
#   Article 17, food deducted, paid back                                              NT$2,000
#   Article 18, overtime: 6 h a day beyond 8 × 30 days = 180 h, and 12 h of regular time
#     beyond 84 in the fortnight of 11 to 24 November (14 days × 8 h = 112 h, less its 2 days
#     of rest worked, paid as days of rest: 96 h - 84 h); the fortnight of 28 October to 10
#     November has 10 days on the card (80 h less a day of rest: 72 h, under 84);
#     192 h × 28,590 / 240 × 1.5 = 192 × 178.6875 = 34,308                            NT$34,308
#   Article 27, three weeks of the month without a day off: 3 × 28,590 / 30 = 3 × 953 NT$2,859
#   In all: 28,590 + 33,355 + 2,000 + 34,308 + 2,859 =                                NT$101,112
DEWI_AMOUNTS = ("NT$28.590", "NT$33.355", "NT$2.000", "NT$34.308", "NT$2.859", "NT$101.112")


# ---------------------------------------------------------------------------- generated from the act


def test_the_shipped_act_asks_its_declared_inputs_in_the_advocates_language(client):
    page = client.get("/interview?lang=id").text
    assert '<html lang="id">' in page
    assert '<label for="employment.contract.monthly_wage">gaji bulanan dalam kontrak</label>' in page
    assert "Gaji sebulan yang tertulis dalam kontrak, dalam dolar Taiwan (NT$)." in page
    assert '<option value="fixed_term" title="Kontrak berakhir pada tanggal yang tertulis di dalamnya.">' \
           'kontrak dengan batas waktu</option>' in page
    # the act's notice first, in the language of the page
    assert "Undang-Undang" in text_of(page)[:400]


def test_a_second_act_produces_its_own_interview(library_client):
    page = library_client.get("/interview").text
    names = set(re.findall(r'name="([^"]+)"', page))
    assert {"member.joined", "member.tier", "member.loans#", "today"} <= names
    assert not any(name.startswith("employment") for name in names)
    # without labels in its files, the act's own names, made readable
    assert '<label for="member.joined">joined</label>' in page
    assert '<option value="student"' in page
    # a loan is asked for only once one is added
    assert "member.loans[0].title" not in names
    page = post(library_client, [("member.loans#", "0"), ("action", "add:member.loans")]).text
    assert 'name="member.loans[0].title"' in page and 'name="member.loans[0].returned"' in page


def test_an_optional_record_is_asked_behind_a_yes_no_question(client):
    page = client.get("/interview?lang=en").text
    assert '<label for="employment.termination?">Is there: end of the contract?</label>' in page
    assert 'name="employment.termination.ground"' not in page
    page = post(client, [("employment.termination?", "yes"), ("lang", "en")]).text
    assert 'name="employment.termination.ground"' in page
    assert '<option value="care_recipient_died_or_employment_reason_ended"' in page


def test_the_pay_slip_questions_are_asked_only_for_a_month_of_wages_with_a_pay_slip(client):
    page = client.get("/interview").text
    assert "payslip" not in page  # no month of wages: none of its questions
    page = post(client, [("employment.wages#", "0"), ("action", "add:employment.wages")]).text
    assert 'name="employment.wages[0].payslip_given"' in page
    assert 'name="employment.wages[0].payslip_language"' not in page
    page = post(client, [("employment.wages#", "1"), ("employment.wages[0].payslip_given", "yes")]).text
    assert 'name="employment.wages[0].payslip_language"' in page
    assert 'name="employment.wages[0].payslip_signed_by_both"' in page


def test_an_entry_is_removed_and_the_others_keep_their_answers(client):
    items = [("employment.wages#", "3"), ("employment.wages[0].month", "2025-01-01"),
             ("employment.wages[1].month", "2025-02-01"), ("employment.wages[2].month", "2025-03-01"),
             ("action", "remove:employment.wages[1]")]
    page = post(client, items).text
    assert input_value(page, "employment.wages[0].month") == "2025-01-01"
    assert input_value(page, "employment.wages[1].month") == "2025-03-01"
    assert 'name="employment.wages[2].month"' not in page


def test_a_guarded_answer_left_behind_is_not_put_in_the_case(act):
    asked = iv.questions(act)
    answers = iv.answers_from_form([("employment.wages#", "1"), ("employment.wages[0].month", "2025-01-01"),
                                    ("employment.wages[0].payslip_given", "no"),
                                    ("employment.wages[0].payslip_language", "thai")], asked)
    month = iv.case_from_answers(answers, asked)["employment"]["wages"][0]
    assert month == {"month": "2025-01-01", "payslip_given": False}


# ---------------------------------------------------------------------------- mistakes


def test_a_mistake_is_shown_beside_its_field_as_a_case_file_tells_it_and_what_was_typed_is_kept(act, client):
    case = load_case_file(EXAMPLES / "caregiver_long_days.yaml")
    items = [(k, "28.590" if k == "employment.contract.monthly_wage" else v) for k, v in form_of(case, act)]
    items += [("employment.wages[0].paid_on", "2025-02-30")]
    page = post(client, items).text
    # the same words the validator gives for the same value in a case file
    case["employment"]["contract"]["monthly_wage"] = "28.590"
    case["employment"]["wages"][0]["paid_on"] = "2025-02-30"
    with pytest.raises(Exception) as refused:
        act.validate(case, file="case")
    expected = {d.path: d for d in refused.value.diagnostics}
    wage = expected["employment.contract.monthly_wage"]
    assert problems_beside(page, "employment.contract.monthly_wage") == [f"{wage.message} (hint: {wage.hint})"]
    assert "did you mean 28590?" in wage.hint
    assert problems_beside(page, "employment.wages[0].paid_on") == ["2025-02-30 is not a day of the calendar"]
    assert input_value(page, "employment.contract.monthly_wage") == "28.590"
    assert input_value(page, "employment.wages[0].paid_on") == "2025-02-30"
    # every other answer is still there
    assert input_value(page, "employment.timecard[30].date") == "2025-03-31"
    assert "The case cannot be judged yet" in found_panel(page)


def test_a_form_that_is_no_form_gets_an_answer_not_a_traceback(client):
    page = post(client, [("employment.wages#", "many"), ("employment.employee.foreign", "maybe"),
                         ("employment.contract.kind", "<b>x</b>"), ("action", "remove:nothing[7]")])
    assert page.status_code == 200
    assert "Traceback" not in page.text
    assert problems_beside(page.text, "employment.employee.foreign") == ["expected true or false, found 'maybe'"]
    # what was typed comes back escaped, never as markup
    assert "<b>x</b>" not in page.text and "&lt;b&gt;x&lt;/b&gt;" in page.text


def test_text_typed_is_escaped(library_client):
    page = post(library_client, [("member.loans#", "1"), ("member.loans[0].title", '<script>alert("x")</script>')])
    assert "<script>alert" not in page.text
    assert input_value(page.text, "member.loans[0].title") == '<script>alert("x")</script>'


# ---------------------------------------------------------------------------- what has been found


def test_what_has_been_found_so_far_includes_warnings_for_facts_not_given(act, client):
    partial = {"employment": {k: v for k, v in DEWI["employment"].items() if k != "wages"}}
    panel = found_panel(post(client, form_of(partial, act, lang="en")).text)
    # no wage entry for November: not taken as unpaid, but warned of
    assert "What your case does not say (this could change the answer)" in panel
    assert "NT$28,590 · You are owed NT$28,590: wage in place of the written notice" in panel


def test_the_advocate_and_the_worker_read_in_their_own_languages(act, client):
    page = post(client, form_of(DEWI, act, lang="en", report_lang="id", action="report")).text
    assert "What you are owed" in found_panel(page)
    worker = text_of(worker_report(page))
    assert "Yang menjadi hak Anda" in worker and "What you are owed" not in worker
    assert '<label for="employment.contract.start">start of the contract</label>' in page


def test_dewis_case_through_the_interview_explains_to_the_same_findings_and_amounts(act, client, tmp_path):
    items = form_of(DEWI, act, lang="id", report_lang="id", action="report")
    page = post(client, items).text
    worker = text_of(worker_report(page))
    for amount in DEWI_AMOUNTS:
        assert amount in worker
    assert "Jumlah: NT$101.112" in worker
    download = post(client, items, "/interview/download/yaml")
    assert download.headers["content-disposition"] == 'attachment; filename="case.yaml"'
    path = tmp_path / "dewi.yaml"
    path.write_bytes(download.content)
    # the file is the case as given: numbers and dates unquoted, read back as themselves
    assert "  contract:\n    kind: fixed_term\n    start: 2024-10-01\n" in download.text
    assert parse_case_text(download.text, "dewi.yaml", json_format=False) == load_case_file(path)
    explained = CliRunner().invoke(main, ["explain", str(path), "--lang", "id"])
    assert explained.exit_code == 0, explained.output
    report = " ".join(explained.output.split())
    # each line of the worker's report on screen is a line of the command's report
    shown = re.findall(r"<li>(.*?)\s*</li>", worker_report(page), re.S)
    assert len(shown) >= 10
    for line in shown:
        assert " ".join(unescape(line).split()) in report


@pytest.mark.parametrize("example", ["no_day_off_food_deducted", "dismissed_after_grandmother_died",
                                     "fired_for_pregnancy", "wages_paid_to_broker"])
def test_an_example_through_the_form_gives_the_verdict_of_its_file(act, example):
    case = load_case_file(EXAMPLES / f"{example}.yaml")
    asked = iv.questions(act)
    answers = iv.answers_from_form(iv.form_items(iv.answers_from_case(case, asked), asked), asked)
    written = iv.case_yaml(iv.case_from_answers(answers, asked), asked)
    assert act.evaluate(parse_case_text(written, example, json_format=False)).to_json() == act.evaluate(case).to_json()


# ---------------------------------------------------------------------------- downloads, assets


def test_the_reports_and_the_letter_are_downloaded(act, client):
    items = form_of(DEWI, act, lang="en", report_lang="id")
    worker = post(client, items, "/interview/download/worker")
    assert worker.headers["content-type"].startswith("text/html")
    assert 'lang="id"' in worker.text and "NT$101.112" in worker.text
    advocate = post(client, items, "/interview/download/advocate")
    assert "Article 13" in advocate.text and "NT$101,112" in advocate.text
    letter = post(client, items, "/interview/download/letter")
    assert letter.status_code == 200 and "勞動" in letter.text  # the complaint, in Chinese
    assert post(client, items, "/interview/download/nothing").status_code == 422


def test_every_asset_is_served_by_the_application(client):
    page = client.get("/interview").text
    sources = re.findall(r'(?:src|href|action|formaction)="([^"]+)"', page)
    # every address is this application's own: nothing is fetched from elsewhere
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources)
    for source in (s for s in sources if s.startswith("/static/")):
        assert client.get(source).status_code == 200
    assert "htmx" in client.get("/static/htmx-2.0.11.min.js").text[:200]
    assert client.get("/", follow_redirects=False).headers["location"] == "/interview"


def test_a_mistake_is_told_in_the_advocates_language_with_the_case_files_words_beside(act, client):
    items = [("lang", "id"), ("employment.contract.monthly_wage", "28.590"), ("employment.contract.start", "2025-02-30"),
             ("employment.contract.pay_day", "40"), ("employment.employee.foreign", "maybe")]
    page = post(client, items).text
    wage = problems_beside(page, "employment.contract.monthly_wage")
    assert len(wage) == 1 and wage[0].startswith("Angka '28.590' tidak bisa dipakai di sini. (dalam berkas kasus: ")
    assert "did you mean 28590?" in wage[0]
    assert problems_beside(page, "employment.contract.start") == [
        "2025-02-30 bukan tanggal yang ada di kalender. (dalam berkas kasus: 2025-02-30 is not a day of the calendar)"]
    assert problems_beside(page, "employment.contract.pay_day")[0].startswith("'40' terlalu besar: paling banyak 31.")
    assert problems_beside(page, "employment.employee.foreign")[0].startswith("Jawab ya atau tidak (tertulis: 'maybe').")
    assert problems_beside(page, "employment.contract.kind")[0].startswith("Pertanyaan ini harus dijawab.")


def test_an_entry_still_being_answered_is_left_out_of_what_is_found_meanwhile(act, client):
    items = form_of(DEWI, act, lang="en") + [("action", "add:employment.wages")]
    page = post(client, items).text
    # the new month has no date yet: refused beside it, and the rest of the case still judged
    assert problems_beside(page, "employment.wages[1].month") == ["the case does not give month (date)"]
    panel = found_panel(page)
    assert "Left out of what is found until their answers are complete (shown beside each): 1" in panel
    assert "NT$28,590 · You are owed NT$28,590: wage in place of the written notice" in panel
    # no report or file is made of a case the act does not accept as it stands
    assert 'formaction="/interview/download/worker"' not in page


def test_without_entries_leaves_out_the_innermost_entry_of_each_problem(act):
    case = {"employment": {"wages": [{"month": "x"}, {}, {"month": "2025-01-01"}],
                           "timecard": [{"date": "2025-01-01", "work_periods": [{"start": "9"}, {"start": "1", "end_at": "2"}]}]}}
    pruned, count = iv.without_entries(case, ["employment.wages[0].month", "employment.wages[1]",
                                              "employment.timecard[0].work_periods[0].end_at", "employment.contract"])
    assert count == 3
    assert pruned["employment"]["wages"] == [{"month": "2025-01-01"}]
    assert pruned["employment"]["timecard"][0]["work_periods"] == [{"start": "1", "end_at": "2"}]
    assert len(case["employment"]["wages"]) == 3  # the answers themselves are not touched


def test_a_long_page_is_sent_compressed_and_later_entries_without_repeated_help(act, client):
    page = post(client, form_of(DEWI, act, lang="id"))
    assert page.headers["content-encoding"] == "gzip"
    help_of_a_day = "Semua jam ia bekerja hari itu: merawat, membersihkan, atau dibangunkan pada malam hari."
    assert page.text.count(help_of_a_day) == 1  # under the first day only, not thirty times


def test_a_check_of_the_act_is_told_in_the_advocates_language(act, client):
    case = {"employment": {**DEWI["employment"],
                           "contract": {**DEWI["employment"]["contract"], "end_date": "2024-01-01"}}}
    page = post(client, form_of(case, act, lang="id")).text
    record = re.search(r'<fieldset class="record wrong" id="employment.contract-record">.*?<p class="problem"'
                       r'[^>]*>(.*?)</p>', page, re.S).group(1)
    assert text_of(record) == ("Kontrak tidak bisa berakhir sebelum dimulai. "
                               "(dalam berkas kasus: the contract cannot end before it starts)")


def test_every_entry_a_form_sends_is_read_up_to_what_the_act_allows(act):
    asked = iv.questions(act)
    days = [("employment.timecard#", "1000")] + [
        (f"employment.timecard[{n}].date", (date(2023, 1, 1) + timedelta(days=n)).isoformat()) for n in range(1000)]
    answers = iv.answers_from_form(days, asked)
    assert len(answers["employment"]["timecard"]) == 1000  # none lost past any count of the form's own
    assert answers["employment"]["timecard"][999]["date"] == "2025-09-26"
    wages = iv.answers_from_form([("employment.wages#", "700")], asked)
    assert len(wages["employment"]["wages"]) == 600  # the act's `up to 600`


def test_a_form_of_too_many_fields_is_refused_with_a_message(client):
    page = post(client, [("x", "")] * 200_001)
    assert page.status_code == 413 and "200,000 fields" in page.text
