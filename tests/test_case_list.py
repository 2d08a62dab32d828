"""`hsa-dsl serve`'s case list in a database (saved, searched, opened, duplicated, exported,
deleted), its migrations, its forms' CSRF protection, and the login it asks for beyond this
machine."""

import os
import re
from html import unescape
from urllib.parse import urlencode

import pytest
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("jinja2")
pytest.importorskip("sqlalchemy")
pytest.importorskip("alembic")

import sqlalchemy as sa  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from hsa_dsl.cases import parse_case_text  # noqa: E402
from hsa_dsl.cli import main  # noqa: E402
from hsa_dsl.serve import REMOTE_REFUSED, auth  # noqa: E402
from hsa_dsl.serve.app import create_app  # noqa: E402
from hsa_dsl.serve.store import engine_for  # noqa: E402

from test_interview import DEWI, FORM, form_of, input_value, post  # noqa: E402


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """The case list's database: a SQLite file, and an organisation's PostgreSQL server where the
    environment names one (HSA_TEST_DATABASE_URL, a SQLAlchemy URL; CI starts one), emptied
    first, so that its migrations start from nothing."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'cases.sqlite3'}"
    url = os.environ.get("HSA_TEST_DATABASE_URL")
    if not url:
        pytest.skip("no PostgreSQL server named by HSA_TEST_DATABASE_URL")
    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture()
def client(act, database_url):
    return TestClient(create_app(act, database_url=database_url), raise_server_exceptions=False)


def saved(client, act, name="Dewi, Taichung"):
    page = post(client, form_of(DEWI, act, lang="id", report_lang="id", name=name, action="save")).text
    assert "Tersimpan." in page
    return input_value(page, "name"), re.search(r'name="case_id" value="([0-9]+)"', page).group(1)


def listed(client, query=""):
    page = client.get("/cases?" + urlencode({"q": query, "lang": "en"})).text
    return [unescape(name) for name in re.findall(r'<a href="/cases/[0-9]+" class="open">([^<]*)</a>', page)]


def test_a_case_is_saved_found_opened_and_saved_again_in_its_place(act, client):
    name, number = saved(client, act)
    assert name == "Dewi, Taichung"
    assert listed(client) == ["Dewi, Taichung"]
    assert listed(client, "dewi") == ["Dewi, Taichung"]
    assert listed(client, "2024-10-01 care_recipient_died") == ["Dewi, Taichung"]  # by its facts too
    assert listed(client, "Ratna") == []
    assert listed(client, "100%") == []  # a wildcard typed is a character searched for
    page = client.get(f"/cases/{number}").text
    assert input_value(page, "employment.contract.start") == "2024-10-01"
    assert input_value(page, "employment.timecard[29].date") == "2025-11-30"
    assert '<option value="id" selected>Bahasa Indonesia</option>' in page
    # saved again from the opened page: the same entry, not a new one
    again = post(client, form_of(DEWI, act, lang="en", name="Dewi", case_id=number, action="save")).text
    assert re.search(r'name="case_id" value="([0-9]+)"', again).group(1) == number
    assert listed(client) == ["Dewi"]


def test_a_case_is_duplicated_exported_and_deleted(act, client):
    _, number = saved(client, act)
    client.post(f"/cases/{number}/duplicate", content=urlencode({"csrf": client.cookies["hsa_csrf"], "lang": "en"}),
                headers=FORM)
    assert listed(client) == ["Dewi, Taichung (copy)", "Dewi, Taichung"]
    exported = client.get(f"/cases/{number}/case.yaml")
    assert exported.headers["content-disposition"] == 'attachment; filename="Dewi__Taichung.yaml"'
    assert act.evaluate(parse_case_text(exported.text, "dewi", json_format=False)).to_json() == \
        act.evaluate(DEWI).to_json()
    client.post(f"/cases/{number}/delete", content=urlencode({"csrf": client.cookies["hsa_csrf"]}), headers=FORM)
    assert listed(client) == ["Dewi, Taichung (copy)"]
    assert client.get(f"/cases/{number}/case.yaml").status_code == 404


def test_a_form_without_the_pages_csrf_token_changes_nothing(act, client):
    _, number = saved(client, act)
    forged = client.post(f"/cases/{number}/delete", content=urlencode({"csrf": "guessed"}), headers=FORM)
    assert forged.status_code == 403
    assert client.post("/interview", content=urlencode({"action": "save", "name": "x"}), headers=FORM).status_code == 403
    assert listed(client) == ["Dewi, Taichung"]


def test_the_migrations_bring_a_new_database_to_the_latest_version_once(database_url):
    url = database_url
    engine_for(url)
    engine = engine_for(url)  # a second start finds it up to date
    with engine.connect() as connection:
        assert connection.execute(sa.text("select version_num from alembic_version")).scalar_one() == "0001"
    assert set(sa.inspect(engine).get_table_names()) == {"alembic_version", "cases", "users", "sessions"}


# ---------------------------------------------------------------------------- the login


def test_a_password_is_kept_as_a_salted_scrypt_hash():
    stored = auth.hash_password("correct horse battery")
    assert stored.startswith("scrypt$16384$8$1$") and "correct" not in stored
    assert auth.verify_password("correct horse battery", stored)
    assert not auth.verify_password("correct horse batterY", stored)
    assert auth.hash_password("correct horse battery") != stored
    assert not auth.verify_password("x", "not a hash")


@pytest.fixture()
def remote(act, database_url):
    url = database_url
    auth.create_user(engine_for(url), "advocate", "a long passphrase")
    return TestClient(create_app(act, database_url=url, login_required=True), raise_server_exceptions=False)


def log_in(client, password):
    token = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text).group(1)
    return client.post("/login", content=urlencode({"username": "advocate", "password": password, "csrf": token}),
                       headers=FORM, follow_redirects=False)


def test_beyond_this_machine_every_page_and_the_api_ask_for_a_login(remote):
    assert remote.get("/interview", follow_redirects=False).headers["location"] == "/login"
    assert remote.get("/cases", follow_redirects=False).status_code == 303
    assert remote.post("/api/evaluate", content="{}", headers={"content-type": "application/json"}).status_code == 401
    assert remote.get("/static/style.css").status_code == 200
    assert remote.post("/login", content=urlencode({"username": "advocate", "password": "a long passphrase"}),
                       headers=FORM).status_code == 403  # not sent from the login page
    wrong = log_in(remote, "a long passphrasE")
    assert wrong.status_code == 401 and "The user name or the password is wrong." in wrong.text
    assert auth.SESSION_COOKIE not in remote.cookies


def test_logged_in_the_forms_carry_the_sessions_token_and_logging_out_ends_it(act, remote):
    response = log_in(remote, "a long passphrase")
    assert response.status_code == 303
    assert "httponly" in response.headers["set-cookie"].lower() and "samesite=strict" in response.headers["set-cookie"].lower()
    page = remote.get("/interview").text
    token = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
    items = form_of(DEWI, act, name="Dewi", action="save")
    assert remote.post("/interview", content=urlencode(items + [("csrf", "other")]), headers=FORM).status_code == 403
    assert "Saved." in remote.post("/interview", content=urlencode(items + [("csrf", token)]), headers=FORM).text
    assert remote.post("/logout", content=urlencode({"csrf": token}), headers=FORM,
                       follow_redirects=False).headers["location"] == "/login"
    assert remote.get("/cases", follow_redirects=False).headers["location"] == "/login"


def _apart():
    try:
        return CliRunner(mix_stderr=False)  # click 8.1 mixes the two streams unless told
    except TypeError:
        return CliRunner()  # click 8.2 and later keep them apart


def test_a_user_is_created_from_the_command_line_and_then_served_beyond_this_machine(tmp_path, database_url,
                                                                                   monkeypatch):
    url = database_url
    refused = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--database", url])
    assert refused.exit_code == 1 and REMOTE_REFUSED in refused.output and "Traceback" not in refused.output
    short = CliRunner().invoke(main, ["create-user", "advocate", "--database", url], input="short\nshort\n")
    assert short.exit_code == 1 and "at least 10 characters" in short.output
    made = CliRunner().invoke(main, ["create-user", "advocate", "--database", url],
                              input="a long passphrase\na long passphrase\n")
    assert made.exit_code == 0 and "user advocate created" in made.output
    served = {}
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, **tls: served.update(app=app, host=host, tls=tls))
    result = _apart().invoke(main, ["serve", "--host", "0.0.0.0", "--database", url])
    assert result.exit_code == 0, result.output
    assert "without HTTPS" in result.stderr and served["tls"] == {}
    (tmp_path / "cert.pem").write_text("certificate")
    (tmp_path / "key.pem").write_text("key")
    half = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--database", url,
                                     "--ssl-certfile", str(tmp_path / "cert.pem")])
    assert half.exit_code == 1 and "HTTPS needs both the certificate and its key" in half.output
    secure = _apart().invoke(main, ["serve", "--host", "0.0.0.0", "--database", url,
                                                       "--ssl-certfile", str(tmp_path / "cert.pem"),
                                                       "--ssl-keyfile", str(tmp_path / "key.pem")])
    assert secure.exit_code == 0 and "without HTTPS" not in secure.stderr
    assert served["tls"] == {"ssl_certfile": str(tmp_path / "cert.pem"), "ssl_keyfile": str(tmp_path / "key.pem")}
    client = TestClient(served["app"], raise_server_exceptions=False)
    assert client.get("/interview", follow_redirects=False).headers["location"] == "/login"


def test_the_case_list_and_the_login_tell_the_acts_notice_in_the_advocates_language(act, client, remote):
    assert "bukan hukum yang berlaku" in client.get("/cases?lang=id").text
    assert "Daftar kasus" in client.get("/cases?lang=id").text
    assert "bukan hukum yang berlaku" in remote.get("/login?lang=id").text
