"""The compiled-act cache: used when nothing changed, rebuilt when anything did, never stale,
never in the way."""

import json
import os
import subprocess
import sys

import pytest

import hsa_dsl
from hsa_dsl import api, cache

from conftest import EXAMPLES, TEST_ACTS

LIBRARY_CASE = {"member": {"joined": "2020-01-01", "loans": [
    {"title": "a", "borrowed": "2025-01-01", "returned": "2025-01-20"}]}, "today": "2025-03-01"}


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("HSA_DSL_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


@pytest.fixture
def compilations(monkeypatch):
    """How many times an act was parsed, checked and compiled."""
    made = []
    original = api.Act.compile.__func__

    def counting(cls, source, entry=None):
        made.append(source.name)
        return original(cls, source, entry)

    monkeypatch.setattr(api.Act, "compile", classmethod(counting))
    return made


def library_text(fee: str = "NT$10") -> str:
    return (TEST_ACTS / "library.hsa").read_text(encoding="utf-8").replace("NT$10 from 2025-01-01", f"{fee} from 2025-01-01")


def test_an_unchanged_act_is_compiled_once(folder, compilations):
    first = hsa_dsl.load_act_text(library_text(), "library.hsa")
    second = hsa_dsl.load_act_text(library_text(), "library.hsa")
    assert compilations == ["library.hsa"]
    # five days late at NT$10 a day, from either
    for act in (first, second):
        assert act.evaluate(LIBRARY_CASE).values["total_fees"] == 50
    assert first.evaluate(LIBRARY_CASE).to_json() == second.evaluate(LIBRARY_CASE).to_json()
    # what the cached act did not keep in memory is read back or made when asked for
    assert second.checked.name == "library"
    assert "def " in second.python_source()


def test_a_cached_act_holds_nothing_its_traced_rules_were_made_from(folder, compilations):
    """Its first traced evaluation generates them (and keeps them in the cache); the IR and the
    trees of the code, a program's largest heap, are let go again."""
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    act = hsa_dsl.load_act_text(library_text(), "library.hsa")
    traced = act.evaluate(LIBRARY_CASE, trace=True)
    assert (act._checked, act._program, act._generated) == (None, None, None)
    assert traced.to_json() == hsa_dsl.load_act_text(library_text(), "library.hsa").evaluate(
        LIBRARY_CASE, trace=True).to_json()
    # what was asked for before is kept
    asked = hsa_dsl.load_act_text(library_text(), "library.hsa")
    program = asked.program
    asked.evaluate(LIBRARY_CASE, trace=True)
    assert asked._program is program
    assert compilations == ["library.hsa"]


def test_a_changed_act_is_compiled_again_and_never_served_stale(folder, compilations):
    hsa_dsl.load_act_text(library_text("NT$10"), "library.hsa")
    changed = hsa_dsl.load_act_text(library_text("NT$20"), "library.hsa")
    assert len(compilations) == 2
    # five days late at the changed fee of NT$20 a day
    assert changed.evaluate(LIBRARY_CASE).values["total_fees"] == 100
    again = hsa_dsl.load_act_text(library_text("NT$10"), "library.hsa")
    assert len(compilations) == 2
    assert again.evaluate(LIBRARY_CASE).values["total_fees"] == 50


def test_a_changed_compiler_makes_a_new_entry(folder, compilations, monkeypatch):
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    monkeypatch.setattr(cache, "compiler_fingerprint", lambda: "another version of hsa-dsl")
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    assert len(compilations) == 2


def test_the_same_text_under_another_name_is_its_own_entry(folder, compilations):
    # errors and explanations name the act's file: an entry holds the name it was made for
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    other = hsa_dsl.load_act_text(library_text(), "copy/library.hsa")
    assert len(compilations) == 2
    assert other.checked.source_name == "copy/library.hsa"


def test_a_damaged_entry_is_compiled_again(folder, compilations):
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    for path in folder.rglob("*"):
        if path.is_file():
            path.write_bytes(b"\x00not what was written")
    act = hsa_dsl.load_act_text(library_text(), "library.hsa")
    assert len(compilations) == 2
    assert act.evaluate(LIBRARY_CASE).values["total_fees"] == 50
    assert act.checked.name == "library"


def test_the_traced_variants_are_kept_once_made(folder):
    hsa_dsl.load_act_text(library_text(), "library.hsa").evaluate(LIBRARY_CASE, trace=True)
    assert len(list(folder.rglob("traced.code"))) == 1
    again = hsa_dsl.load_act_text(library_text(), "library.hsa")
    verdict = again.evaluate(LIBRARY_CASE, trace=True)
    assert verdict.findings[0].trace is not None


def test_the_cache_can_be_turned_off(tmp_path, monkeypatch, compilations):
    monkeypatch.setenv("HSA_DSL_CACHE", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    hsa_dsl.load_act_text(library_text(), "library.hsa")
    hsa_dsl.load_act_text(library_text(), "library.hsa", use_cache=True)
    assert len(compilations) == 2
    assert not any(tmp_path.iterdir())


def test_a_folder_that_cannot_be_written_only_means_no_cache(tmp_path, monkeypatch, compilations):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("HSA_DSL_CACHE", str(blocked / "cache"))
    act = hsa_dsl.load_act_text(library_text(), "library.hsa")
    assert act.evaluate(LIBRARY_CASE).values["total_fees"] == 50


def test_a_cached_act_loads_without_the_parser_or_the_checker(folder):
    hsa_dsl.load_act()  # makes the entry
    out = subprocess.run(
        [sys.executable, "-c",
         "import json, sys, hsa_dsl\n"
         "act = hsa_dsl.load_act()\n"
         "print(json.dumps([m for m in ('lark', 'attrs', 'click', 'hsa_dsl.syntax.parsing', "
         "'hsa_dsl.check.checker', 'hsa_dsl.compiler.codegen') if m in sys.modules]))\n"
         "print(act.name)\n"],
        capture_output=True, text=True, env={**os.environ}, timeout=300)
    assert out.returncode == 0, out.stderr
    loaded, name = out.stdout.splitlines()
    assert json.loads(loaded) == []
    assert name == "household_service"


def test_a_cached_act_explains_as_a_compiled_one(folder):
    fresh = hsa_dsl.load_act(use_cache=False)
    hsa_dsl.load_act()
    cached = hsa_dsl.load_act()
    case = EXAMPLES / "caregiver_long_days.yaml"
    assert cached.evaluate(case).to_json() == fresh.evaluate(case).to_json()
