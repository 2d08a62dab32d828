"""The interview in a real browser: Playwright drives the system's Chromium (/usr/bin/chromium,
Debian's `chromium`; no browser is downloaded) against the application served on this machine.

Dewi's case is filled end to end in Indonesian, as an advocate would (the month from a weekly
pattern), the findings and amounts on screen are checked, and the YAML downloaded explains to the
same; a mistake keeps what was typed; served beyond this machine, the login comes first.
With HSA_UPDATE_SCREENSHOTS=1 the screenshots of `docs/screenshots/` are taken again."""

import os
import re
import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("sqlalchemy")
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")

from hsa_dsl.cases import load_case_file  # noqa: E402
from hsa_dsl.cli import main  # noqa: E402
from hsa_dsl.serve import auth  # noqa: E402
from hsa_dsl.serve.app import create_app  # noqa: E402
from hsa_dsl.serve.store import engine_for  # noqa: E402

from test_interview import DEWI, DEWI_AMOUNTS  # noqa: E402

CHROMIUM = os.environ.get("HSA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent.parent / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(not shutil.which(CHROMIUM), reason=f"no Chromium at {CHROMIUM}")


class Served:
    """The application served by uvicorn on a free port of this machine, in a thread."""

    def __init__(self, app):
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.05)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"

    def stop(self):
        self.server.should_exit = True
        self.thread.join(10)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture(scope="module")
def served(act, tmp_path_factory):
    database = tmp_path_factory.mktemp("db") / "cases.sqlite3"
    server = Served(create_app(act, database_url=f"sqlite:///{database}"))
    yield server
    server.stop()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    yield opened
    context.close()


def settled(page):
    """Wait until htmx has sent the form, had the answer, and put the new page in place."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-swapping, .htmx-settling')")


def _posted(response):
    return response.request.method == "POST" and response.url.endswith("/interview")


def answer(page, name, value):
    """Answer one question as a person does: type (or choose), then leave the field."""
    field = page.locator(f'[name="{name}"]')
    with page.expect_response(_posted):
        if field.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)
            field.press("Tab")
    settled(page)


def press(page, value):
    """Press the button of an action (add an entry, fill the days, show the reports)."""
    with page.expect_response(_posted):
        page.locator(f'button[value="{value}"]').click()
    settled(page)


#: Dewi's case as an advocate answers it, question by question; "press" for a button
DEWI_STEPS = (
    ("employment.employee.gender", "female"), ("employment.employee.role", "caretaker"),
    ("employment.contract.kind", "fixed_term"), ("employment.contract.start", "2024-10-01"),
    ("employment.contract.end_date", "2027-09-30"), ("employment.contract.monthly_wage", "28590"),
    ("employment.contract.pay_day", "10"), ("employment.assessed_on", "2025-12-15"),
    ("press", "add:employment.wages"),
    ("employment.wages[0].month", "2025-11-01"), ("employment.wages[0].agreed_wage", "28590"),
    ("employment.wages[0].food_deduction", "2000"), ("employment.wages[0].paid_amount", "26590"),
    ("employment.wages[0].paid_on", "2025-12-10"),
    ("open", "#employment\\.timecard-helper > summary"),
    ("employment.timecard~from", "2025-11-01"), ("employment.timecard~to", "2025-11-30"),
    ("employment.timecard~start", "06:00"), ("employment.timecard~end", "20:00"),
    ("press", "pattern:employment.timecard"),
    ("employment.termination?", "yes"), ("employment.termination.by", "employer"),
    ("employment.termination.date", "2025-11-30"), ("employment.termination.with_notice", "no"),
    ("employment.termination.ground", "care_recipient_died_or_employment_reason_ended"),
    ("employment.termination.ground_known_on", "2025-11-28"),
)


def fill_dewis_case(page, url):
    page.goto(f"{url}/interview?lang=id&report_lang=id")
    with page.expect_response(_posted):
        page.get_by_label("bahasa Indonesia", exact=True).check()
    settled(page)
    for name, value in DEWI_STEPS:
        if name == "press":
            press(page, value)
        elif name == "open":
            page.locator(value).click()
        elif "~" in name:
            # the pattern typed straight through to its button: the last answer's redraw and the
            # button's request race, and the button's must win
            page.locator(f'[name="{name}"]').fill(value)
        else:
            answer(page, name, value)


def test_dewis_case_filled_in_indonesian_gives_her_findings_and_the_file_explains_the_same(act, served, page,
                                                                                            tmp_path):
    fill_dewis_case(page, served.url)
    # the month filled from the pattern, day by day, each to be corrected
    assert page.locator('[name="employment.timecard#"]').input_value() == "30"
    assert page.locator('[name="employment.timecard[29].work_periods[0].end_at"]').input_value() == "20"
    # what has been found so far, in the advocate's language, before any report is asked for
    assert "Temuan sejauh ini" in page.locator("aside.found").inner_text()
    assert "NT$28.590" in page.locator("aside.found").inner_text()
    press(page, "report")
    worker = page.locator("section.report.worker").inner_text()
    for amount in DEWI_AMOUNTS:
        assert amount in worker
    assert "Jumlah: NT$101.112" in worker
    assert "Surat kepada instansi ketenagakerjaan" in page.locator("section.report.letter").inner_text()
    with page.expect_download() as download:
        page.locator('button[formaction="/interview/download/yaml"]').click()
    path = tmp_path / "dewi.yaml"
    download.value.save_as(path)
    assert act.evaluate(load_case_file(path)).to_json() == act.evaluate(DEWI).to_json()
    explained = CliRunner().invoke(main, ["explain", str(path), "--lang", "id"])
    assert explained.exit_code == 0, explained.output
    report = " ".join(explained.output.split())
    lines = page.locator("section.report.worker > section > ul > li").all_inner_texts()
    assert len(lines) >= 10
    for line in lines:
        assert " ".join(line.split()) in report
    if os.environ.get("HSA_UPDATE_SCREENSHOTS"):
        _screenshots(page)


def _screenshots(page):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((1280, 900, "desktop"), (390, 844, "phone")):
        page.set_viewport_size({"width": width, "height": height})
        page.evaluate("window.scrollTo(0, 0)")
        page.screenshot(path=str(SCREENSHOTS / f"interview-{name}.png"))
        page.locator("section.report.worker").evaluate("e => e.scrollIntoView()")
        page.screenshot(path=str(SCREENSHOTS / f"report-{name}.png"))


def test_a_mistake_is_shown_beside_its_field_and_nothing_typed_is_lost(served, page):
    page.goto(f"{served.url}/interview?lang=id")
    answer(page, "employment.contract.start", "2024-10-01")
    wage = page.locator('[name="employment.contract.monthly_wage"]')
    with page.expect_response(_posted):
        wage.fill("28.590")
        wage.press("Tab")
        # typed in the next field while the page is being redrawn
        page.locator('[name="employment.contract.pay_day"]').fill("10")
    settled(page)
    question = page.locator("div.question", has=page.locator('[name="employment.contract.monthly_wage"]'))
    assert "did you mean 28590?" in question.locator("p.problem").inner_text()
    assert wage.input_value() == "28.590"
    assert page.locator('[name="employment.contract.pay_day"]').input_value() == "10"
    assert page.locator('[name="employment.contract.start"]').input_value() == "2024-10-01"


def test_on_a_phone_the_interview_fits_the_screen(served, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = context.new_page()
    phone.goto(f"{served.url}/interview?lang=id")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    field = phone.locator('[name="employment.contract.monthly_wage"]').bounding_box()
    assert field["x"] >= 0 and field["x"] + field["width"] <= 390
    context.close()


def test_served_beyond_this_machine_the_login_comes_first(act, browser, tmp_path):
    url = f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    auth.create_user(engine_for(url), "advocate", "a long passphrase")
    server = Served(create_app(act, database_url=url, login_required=True))
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{server.url}/interview")
        assert page.url.endswith("/login")
        page.locator("#username").fill("advocate")
        page.locator("#password").fill("a long passphrase")
        page.locator("button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/cases\?lang=en$"))
        assert page.locator("h1").inner_text() == "Cases"
        page.goto(f"{server.url}/interview")
        assert page.locator('[name="employment.contract.start"]').count() == 1
        context.close()
    finally:
        server.stop()
