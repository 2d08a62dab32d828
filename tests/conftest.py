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


@pytest.fixture(scope="session")
def act():
    return hsa_dsl.load_act(SHIPPED)


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
