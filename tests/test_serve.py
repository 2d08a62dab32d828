"""`hsa-dsl serve`: the JSON API, driven with Starlette's test client (no server is started)."""

import json

import pytest
import yaml
from click.testing import CliRunner

pytest.importorskip("starlette")
pytest.importorskip("httpx")

from starlette.testclient import TestClient  # noqa: E402

from hsa_dsl.api import load_act  # noqa: E402
from hsa_dsl.cases import MAX_CASE_BYTES  # noqa: E402
from hsa_dsl.cli import main  # noqa: E402
from hsa_dsl.serve import REMOTE_REFUSED, is_local  # noqa: E402
from hsa_dsl.serve.app import create_app  # noqa: E402

from conftest import EXAMPLES  # noqa: E402

EXAMPLE = EXAMPLES / "caregiver_long_days.yaml"


@pytest.fixture(scope="module")
def act():
    return load_act()


@pytest.fixture(scope="module")
def client(act):
    return TestClient(create_app(act), raise_server_exceptions=False)


def cli_json(*args) -> dict:
    result = CliRunner().invoke(main, ["explain", *map(str, args), "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def post_yaml(client, text: str, **params):
    return client.post("/api/evaluate", params=params, content=text.encode("utf-8"),
                       headers={"Content-Type": "application/yaml"})


def post_json(client, text: str, **params):
    return client.post("/api/evaluate", params=params, content=text.encode("utf-8"),
                       headers={"Content-Type": "application/json"})


def test_a_yaml_case_is_answered_as_explain_prints_it(client):
    response = post_yaml(client, EXAMPLE.read_text(encoding="utf-8"), name=EXAMPLE.name)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data == cli_json(EXAMPLE)
    assert "not law in force" in data["notice"]
    assert data["audience"] == "worker" and "report" in data


def test_a_json_case_is_answered_as_explain_prints_it(client, tmp_path):
    case = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    path = tmp_path / "long_days.json"
    path.write_text(json.dumps(case, default=str), encoding="utf-8")
    response = post_json(client, path.read_text(encoding="utf-8"), name=path.name, **{"for": "advocate"})
    assert response.status_code == 200, response.text
    assert response.json() == cli_json(path, "--for", "advocate")
    assert response.json()["audience"] == "advocate"


def test_the_answer_is_the_commands_text_byte_for_byte(client):
    response = post_yaml(client, EXAMPLE.read_text(encoding="utf-8"), name=EXAMPLE.name, **{"for": "expert"})
    result = CliRunner().invoke(main, ["explain", str(EXAMPLE), "--format", "json", "--for", "expert"])
    assert response.content.decode("utf-8") == result.output
    assert "report" not in response.json()


def test_the_answer_in_indonesian(client):
    response = post_yaml(client, EXAMPLE.read_text(encoding="utf-8"), name=EXAMPLE.name, lang="id")
    assert response.status_code == 200, response.text
    data = response.json()
    assert data == cli_json(EXAMPLE, "--lang", "id")
    assert data["notice"].startswith("Ini adalah")


def test_a_language_without_explanations_is_refused_with_the_list(client):
    response = post_yaml(client, EXAMPLE.read_text(encoding="utf-8"), lang="xx")
    assert response.status_code == 400
    data = response.json()
    assert "'xx'" in data["errors"][0]["message"]
    assert {"en", "id", "zh"} <= set(data["languages"])
    assert "id" in data["errors"][0]["hint"]


def test_an_unknown_reader_is_refused(client):
    response = post_yaml(client, EXAMPLE.read_text(encoding="utf-8"), **{"for": "judge"})
    assert response.status_code == 400
    assert response.json()["errors"][0]["path"] == "for"


def test_a_case_the_act_refuses_is_422_with_the_field(client):
    text = EXAMPLE.read_text(encoding="utf-8").replace("start: 2024-06-01", "start: 2024-02-30", 1)
    assert "2024-02-30" in text, "the example's start date moved: change the test"
    response = post_yaml(client, text)
    assert response.status_code == 422, response.text
    errors = response.json()["errors"]
    assert errors and all(set(e) == {"message", "path", "hint"} for e in errors)
    assert any(e["path"] == "employment.contract.start" for e in errors), errors
    assert "not law in force" in response.json()["notice"]


def test_broken_json_is_400_with_the_readers_message(client):
    response = post_json(client, '{"employment": ')
    assert response.status_code == 400
    assert response.json()["errors"][0]["message"].startswith("line 1, column 16:")
    assert response.json()["errors"][0]["hint"] == "the case is not valid JSON"


def test_a_key_given_twice_in_yaml_is_refused_with_its_place(client):
    response = post_yaml(client, "worker:\n  name: A\n  name: B\n")
    assert response.status_code in (400, 422)
    message = response.json()["errors"][0]["message"]
    assert "given twice" in message and "line 3" in message


def test_a_body_neither_json_nor_yaml_is_415(client):
    response = client.post("/api/evaluate", content=b"a=b", headers={"Content-Type": "text/plain"})
    assert response.status_code == 415


def test_a_body_over_the_cap_is_413(act):
    small = TestClient(create_app(act, max_case_bytes=1000), raise_server_exceptions=False)
    response = post_yaml(small, "# " + "x" * 1000 + "\n")
    assert response.status_code == 413
    assert "1,000 bytes" in response.json()["errors"][0]["message"]
    # read as a stream, too, when the length is not declared
    response = small.post("/api/evaluate", content=iter([b"# " + b"x" * 600, b"x" * 600]),
                          headers={"Content-Type": "application/yaml"})
    assert response.status_code == 413
    assert post_yaml(small, "x: 1\n").status_code == 422  # under the cap, read and refused by the act


def test_the_cap_is_the_case_files(client):
    response = client.post("/api/evaluate", content=b"", headers={"Content-Type": "application/yaml",
                                                                  "Content-Length": str(MAX_CASE_BYTES + 1)})
    assert response.status_code == 413


def test_an_unexpected_fault_is_500_in_one_line(act, monkeypatch):
    from hsa_dsl.serve import app as app_module

    def broken(*args, **kwargs):
        raise KeyError("boom\nsecond line")

    monkeypatch.setattr(app_module, "explain_case_json", broken)
    response = post_yaml(TestClient(create_app(act), raise_server_exceptions=False), "x: 1\n")
    assert response.status_code == 500
    message = response.json()["errors"][0]["message"]
    assert "\n" not in message and "KeyError" in message and "Traceback" not in response.text


def test_the_schema_is_the_commands(client):
    response = client.get("/api/schema")
    assert response.status_code == 200
    result = CliRunner().invoke(main, ["schema"])
    assert response.json() == json.loads(result.output)
    assert response.text == result.output


def test_openapi_describes_the_three_paths(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    data = json.loads(response.text)
    assert data["openapi"].startswith("3.1")
    assert {"/api/evaluate", "/api/schema", "/api/openapi.json"} <= set(data["paths"])
    assert "not law in force" in data["info"]["description"]
    lang = next(p for p in data["paths"]["/api/evaluate"]["post"]["parameters"] if p["name"] == "lang")
    assert "id" in lang["schema"]["enum"]


def test_the_index_links_the_api(client):
    response = client.get("/api")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    for link in ('href="/api/schema"', 'href="/api/openapi.json"', "/api/evaluate", "not law in force"):
        assert link in response.text


def test_serving_beyond_this_machine_without_a_user_is_refused(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--database", f"sqlite:///{tmp_path / 'c.db'}"])
    assert result.exit_code == 1
    assert REMOTE_REFUSED in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "[::1]", "LOCALHOST"])
def test_loopback_addresses_are_local(host):
    assert is_local(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.5", "example.org", "127.0.0.2"])
def test_other_addresses_are_not(host):
    assert not is_local(host)
