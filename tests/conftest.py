import atexit
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

import hsa_dsl

# The suite keeps its compiled acts in a folder of its own, never in the user's cache (a test
# that is about the cache sets its own folder).
if "HSA_DSL_CACHE" not in os.environ:
    os.environ["HSA_DSL_CACHE"] = tempfile.mkdtemp(prefix="hsa-dsl-test-cache-")
    atexit.register(shutil.rmtree, os.environ["HSA_DSL_CACHE"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TEST_ACTS = Path(__file__).resolve().parent / "acts"
SHIPPED = ROOT / "acts" / "household_service.hsa"


def pytest_addoption(parser):
    parser.addoption("--all", action="store_true", dest="run_everything",
                     help="run every test, the slow ones too, with every example the property tests ask for "
                          "(what CI runs)")


def pytest_configure(config):
    import depth
    from hypothesis import settings

    depth.THOROUGH = config.getoption("run_everything")
    # property tests that do not say how many examples they want get hypothesis's default in a
    # full run, and a quarter of it in a quick one
    settings.register_profile("full", max_examples=100)
    settings.register_profile("quick", max_examples=25)
    settings.load_profile("full" if depth.THOROUGH else "quick")


def pytest_collection_modifyitems(config, items):
    if config.getoption("run_everything"):
        return
    skip = pytest.mark.skip(reason="slow: run with --all")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


def pytest_report_header(config):
    if config.getoption("run_everything"):
        return "hsa-dsl: the full suite (--all)"
    return "hsa-dsl: the quick suite; `python -m pytest --all` runs everything, as CI does"


@pytest.fixture(scope="session")
def act():
    return hsa_dsl.load_act(SHIPPED)


@pytest.fixture(scope="session")
def batch_act(act):
    """The shipped act compiled for the batch backend (tests that ask for it need numpy)."""
    from hsa_dsl.batch import BatchAct

    return BatchAct(act)


@pytest.fixture(scope="session")
def library():
    return hsa_dsl.load_act(TEST_ACTS / "library.hsa")


# ---------------------------------------------------------------- rule coverage of the test suite
#
# With HSA_COVERAGE_RECORD=FILE, every test that evaluates a case with the shipped act records
# which rules applied; `hsa-dsl coverage --tests FILE` adds these to the example cases.

_RECORD = os.environ.get("HSA_COVERAGE_RECORD")
_APPLIED: dict[str, set] = {}

if _RECORD:
    from hsa_dsl import api

    @pytest.fixture(autouse=True)
    def _record_rules(request, monkeypatch):
        original = api.Act.evaluate_inputs

        def recording(self, inputs, trace=True):
            verdict = original(self, inputs, trace)
            if Path(self.source.name).resolve() == SHIPPED.resolve():
                _APPLIED.setdefault(request.node.nodeid, set()).update(verdict.rules_applied)
            return verdict

        monkeypatch.setattr(api.Act, "evaluate_inputs", recording)
        yield

    def pytest_sessionfinish(session, exitstatus):
        data = {"act": str(SHIPPED.name), "tests": {k: sorted(v) for k, v in sorted(_APPLIED.items())}}
        Path(_RECORD).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
