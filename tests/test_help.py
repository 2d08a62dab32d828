"""Where to get help: the contacts beside the act, or an organisation's own file, shown at the end
of the worker's and the advocate's report in the reader's language."""

import json
import shutil

import pytest

import hsa_dsl
from hsa_dsl.explain.explanation import check_templates

from conftest import EXAMPLES, SHIPPED
from test_cli import run

CASE = EXAMPLES / "no_day_off_food_deducted.yaml"

OUR_OWN = """\
contacts:
  - name:
      en: Harbour Migrant Desk
      id: Meja Migran Pelabuhan
    phone: "+886 7 000 0000"
    email: desk@example.org
    about:
      en: Sundays 9 to 5
      id: Minggu jam 9 sampai 5
"""


@pytest.mark.parametrize("language, heading, hotline", [
    ("en", "Where to get help", "1955 hotline for foreign workers (Ministry of Labor): 1955."),
    ("id", "Tempat meminta bantuan", "Saluran 1955 untuk pekerja asing (Kementerian Tenaga Kerja Taiwan): 1955."),
    ("zh", "可以求助的地方", "1955 勞工諮詢申訴專線（勞動部）：1955。"),  # in Chinese punctuation
    ("vi", "Nơi bạn có thể nhờ giúp đỡ", "Đường dây 1955 cho lao động nước ngoài (Bộ Lao động Đài Loan): 1955."),
    ("tl", "Saan ka puwedeng humingi ng tulong", "1955 hotline para sa mga dayuhang manggagawa (Ministry of Labor): 1955."),
    ("th", "ขอความช่วยเหลือได้ที่", "สายด่วน 1955 สำหรับแรงงานต่างชาติ (กระทรวงแรงงานไต้หวัน): 1955 "),  # Thai ends no sentence with a full stop
])
def test_the_worker_report_ends_with_where_to_get_help_in_her_language(language, heading, hotline):
    text = run("explain", CASE, "--lang", language).output
    assert f"\n{heading}\n  - {hotline}" in text
    # the last section: what she reads when she has read the rest
    assert text.rstrip().splitlines()[-3] == heading
    assert "http://www.tiwa.org.tw/" in text.splitlines()[-1]


def test_an_organisation_gives_its_own_contacts(tmp_path):
    own = tmp_path / "contacts.yaml"
    own.write_text(OUR_OWN, encoding="utf-8")
    text = run("explain", CASE, "--lang", "id", "--contacts", own).output
    assert "  - Meja Migran Pelabuhan: +886 7 000 0000 · desk@example.org. Minggu jam 9 sampai 5\n" in text
    assert "1955" not in text.split("Tempat meminta bantuan")[1]  # its file replaces the act's
    # a language the file does not give: the English words, not nothing
    text = run("explain", CASE, "--lang", "vi", "--contacts", own).output
    assert "  - Harbour Migrant Desk: +886 7 000 0000 · desk@example.org. Sundays 9 to 5\n" in text


def test_the_contacts_are_in_the_json_and_the_advocates_report(tmp_path):
    own = tmp_path / "contacts.yaml"
    own.write_text(OUR_OWN, encoding="utf-8")
    data = json.loads(run("explain", CASE, "--lang", "id", "--format", "json", "--contacts", own).output)
    assert data["explanation"]["help"] == [{"name": "Meja Migran Pelabuhan", "about": "Minggu jam 9 sampai 5",
                                            "phone": "+886 7 000 0000", "email": "desk@example.org"}]
    assert data["report"][-1]["heading"] == "Tempat meminta bantuan"
    html = run("explain", CASE, "--for", "advocate", "--format", "html", "--contacts", own).output
    assert "<h2>Where to get help</h2><ul>\n<li>Harbour Migrant Desk: +886 7 000 0000 · desk@example.org. " \
           "Sundays 9 to 5" in html


@pytest.mark.parametrize("text, message", [
    ("contacts:\n  - name: {en: A}\n    phone: '1'\n    phone: '2'\n", "line 4"),
    ("contacts:\n  - name: {en: A}\n", "contacts[0]: the contact has no phone, web or email"),
    ("contacts:\n  - name: {en: A}\n    fax: '1'\n", "contacts[0]: 'fax' is not a part of a contact"),
    ("contacts:\n  - name: {id: A}\n    phone: '1'\n", "contacts[0].name: the contact has no name in English"),
    ("people: []\n", "the file must have a `contacts` list"),
    ("contacts:\n  - name: {en: A}\n    phone: [1]\n", "contacts[0].phone: write it as text in quotes"),
])
def test_a_broken_file_of_contacts_is_refused_with_its_place(tmp_path, text, message):
    own = tmp_path / "contacts.yaml"
    own.write_text(text, encoding="utf-8")
    result = run("explain", CASE, "--contacts", own)
    assert result.exit_code == 1
    assert message in result.output and "contacts.yaml" in result.output
    assert "Traceback" not in result.output


def test_a_missing_file_of_contacts_is_refused(tmp_path):
    result = run("explain", CASE, "--contacts", tmp_path / "nowhere.yaml")
    assert result.exit_code == 1
    assert "no such file of contacts" in result.output


def test_templates_reports_a_contact_not_given_in_a_language(tmp_path):
    for path in SHIPPED.parent.glob("household_service.*"):
        shutil.copy(path, tmp_path / path.name)
    contacts = tmp_path / "household_service.help.yaml"
    text = contacts.read_text(encoding="utf-8")
    contacts.write_text(text.replace('      vi: "Đường dây 1955 cho lao động nước ngoài (Bộ Lao động Đài Loan)"\n', ""),
                        encoding="utf-8")
    problems = check_templates(hsa_dsl.load_act(tmp_path / "household_service.hsa"))
    assert problems == ["vi: contact 1 (1955 hotline for foreign workers (Ministry of Labor)) has no name in "
                        "this language"]
    contacts.write_text("contacts: 3\n", encoding="utf-8")
    problems = check_templates(hsa_dsl.load_act(tmp_path / "household_service.hsa"))
    assert problems == ["household_service.help.yaml: the file must have a `contacts` list"]


def test_an_act_without_contacts_has_no_help_section(tmp_path):
    from conftest import ROOT

    text = run("explain", "--act", ROOT / "tests" / "acts" / "harvest.hsa",
               ROOT / "tests" / "cases" / "harvest_season.yaml").output
    assert "Where to get help" not in text


def test_what_the_authority_must_do_for_her_is_what_she_may_ask_for(tmp_path):
    # the act's file beside it names the authority as a party she can turn to: the shelter place
    # Article 37 gives her is listed with what she may do now
    case = EXAMPLES / "harassed_by_grandfather.yaml"
    text = run("explain", case).output
    may_do = text.split("What you may do now\n")[1].split("\n\n")[0]
    assert "  - The competent authority must give you a place in a temporary shelter (Article 37)." in may_do
    # an organisation's file that names no party to ask: only her own rights are listed there
    own = tmp_path / "contacts.yaml"
    own.write_text(OUR_OWN, encoding="utf-8")
    text = run("explain", case, "--contacts", own).output
    assert "temporary shelter" not in text.split("What you may do now")[-1].split("Where to get help")[0]


def test_a_party_to_ask_must_be_one_of_the_acts(tmp_path):
    own = tmp_path / "contacts.yaml"
    own.write_text("ask: [police]\n" + OUR_OWN, encoding="utf-8")
    result = run("explain", CASE, "--contacts", own)
    assert result.exit_code == 1
    assert "ask: 'police' is not a party of the act" in result.output
    assert "the act's parties are: employer, employee, authority" in result.output
