"""The module `hsa-dsl compile` writes is a standalone artifact: it needs only the standard
library and hsa-dsl's runtime, decides every case as the loaded act does, is the same bytes
whatever the hash seed, and says where each of its functions comes from."""

import ast
import importlib.util
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hsa_dsl
from hsa_dsl.cases import load_case_file
from hsa_dsl.errors import EvaluationError, HsaError

from conftest import EXAMPLES, ROOT, SHIPPED, TEST_ACTS

#: modules a program that runs a compiled act must not need
COMPILER_MODULES = ("lark", "attrs", "click", "yaml", "hsa_dsl.syntax.parsing", "hsa_dsl.check.checker",
                    "hsa_dsl.compiler.codegen", "hsa_dsl.compiler.lower", "hsa_dsl.api")

EXAMPLE_CASES = sorted(EXAMPLES.glob("*.yaml"))


def written_module(act, folder: Path, name: str):
    path = folder / f"{name}.py"
    path.write_text(act.python_source(), encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def household_module(act, tmp_path_factory):
    return written_module(act, tmp_path_factory.mktemp("compiled"), "household_service_rules")


def fresh_python(code: str, *paths: Path, env: dict | None = None) -> str:
    """Run `code` in a new interpreter (with `paths` first on its module path); its output."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = os.pathsep.join([*map(str, paths), environment.get("PYTHONPATH", "")])
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=environment,
                          timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def decided(module, case, trace=False) -> dict:
    """What the written module gives, after its notice of what the act is."""
    out = module.evaluate(case, trace)
    assert out.pop("notice").startswith("This is the Household Service Act (Workers' Version): a draft bill")
    return out


@pytest.mark.parametrize("path", EXAMPLE_CASES, ids=lambda p: p.stem)
def test_the_written_module_decides_every_example_as_the_loaded_act(act, household_module, path):
    case = load_case_file(path)
    assert decided(household_module, case) == act.evaluate(case, trace=False).to_json()


def test_traced_evaluations_agree_as_well(act, household_module):
    for path in EXAMPLE_CASES[:5]:
        case = load_case_file(path)
        assert decided(household_module, case, trace=True) == act.evaluate(case, trace=True).to_json()


def test_a_second_act_runs_standalone_too(library, tmp_path):
    module = written_module(library, tmp_path, "library_rules")
    case = {"member": {"joined": "2020-01-01", "loans": [
        {"title": "a", "borrowed": "2025-01-01", "returned": "2025-01-20"}]}, "today": "2025-03-01"}
    # five days late at NT$10 a day (the fee from 2025-01-01): NT$50
    assert module.evaluate(case)["values"]["total_fees"] == "50"
    # the library's act has no notice of what it is: the verdict alone
    assert module.evaluate(case) == library.evaluate(case, trace=False).to_json()


def test_the_written_module_validates_cases_itself(household_module):
    with pytest.raises(HsaError) as caught:
        household_module.evaluate({"employment": {"assessed_on": "2025-02-30", "wage": "a lot"}})
    text = str(caught.value)
    assert "case: employment.assessed_on: error: 2025-02-30 is not a day of the calendar" in text
    assert "case: employment.wage: error: Employment has no field 'wage'" in text


def test_running_a_written_module_loads_no_compiler(act, tmp_path):
    (tmp_path / "rules.py").write_text(act.python_source(), encoding="utf-8")
    case = json.dumps(load_case_file(EXAMPLES / "caregiver_long_days.yaml"), default=str)
    out = fresh_python(
        "import json, sys\n"
        "import rules\n"
        f"verdict = rules.evaluate(json.loads({case!r}), trace=True)\n"
        f"print(json.dumps([m for m in {COMPILER_MODULES!r} if m in sys.modules]))\n"
        "print(verdict['summary']['violation'])\n",
        tmp_path)
    loaded, violations = out.splitlines()
    assert json.loads(loaded) == []
    assert int(violations) > 0


def test_importing_the_runtime_loads_nothing_else():
    out = fresh_python("import json, sys\nimport hsa_dsl.runtime\n"
                       f"print(json.dumps([m for m in {COMPILER_MODULES!r} if m in sys.modules]))")
    assert json.loads(out) == []


@pytest.mark.slow
def test_the_module_is_the_same_bytes_whatever_the_hash_seed(tmp_path):
    written = []
    for seed in ("1", "2"):
        target = tmp_path / f"seed{seed}.py"
        fresh_python(f"import hsa_dsl; open({str(target)!r}, 'w', encoding='utf-8').write("
                     f"hsa_dsl.load_act({str(SHIPPED)!r}, use_cache=False).python_source())",
                     env={"PYTHONHASHSEED": seed})
        written.append(target.read_bytes())
    assert written[0] == written[1]


def test_each_function_says_which_rule_it_is_and_where(act, household_module):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    documented = 0
    for name, function in household_module.UNTRACED.items():
        match = re.fullmatch(r"Rule (\S+) of article (\d+) \(line (\d+) of household_service\.hsa\): its findings\.",
                             function.__doc__)
        assert match is not None, function.__doc__
        assert match[1] == name and int(match[2]) == household_module.RULES[name]["article"]
        # the line given is where the rule is written
        assert lines[int(match[3]) - 1].strip() == f"rule {name}"
        documented += 1
    assert documented == len(act.checked.rules)


def test_an_error_while_deciding_names_the_rule_and_its_line(library, tmp_path):
    # the daily fee has a value from 2020-01-01 only: a book returned in 2019 cannot be charged
    case = {"member": {"joined": "2010-01-01", "loans": [
        {"title": "a", "borrowed": "2019-01-01", "returned": "2019-02-01"}]}, "today": "2019-03-01"}
    line = next(number for number, text in enumerate((TEST_ACTS / "library.hsa").read_text().splitlines(), 1)
                if text.strip() == "rule fees")
    module = written_module(library, tmp_path, "library_errors")
    for decide in (lambda: library.evaluate(case), lambda: module.evaluate(case)):
        with pytest.raises(EvaluationError) as caught:
            decide()
        message = caught.value.diagnostics[0].message
        assert message.startswith(f"rule fees (article 1, line {line} of library.hsa): "
                                  "the act gives no value of 'daily_fee' for 2019-02-01")


def test_the_embedding_example_runs(act, tmp_path):
    example = ROOT / "examples" / "embed"
    (tmp_path / "household_service.py").write_text(act.python_source(), encoding="utf-8")
    done = subprocess.run([sys.executable, str(example / "payroll_check.py"), str(example / "june_payroll.json")],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert done.returncode == 0, done.stderr
    # the facts of the example twelve_hour_days_food_deducted, worked by hand in acts/tests/twelve_hour_days_food_deducted.yaml:
    # overtime 94347/4 = 23,586.75 -> 23,587; days of rest worked 3,812; food refunded 2,500
    assert "Owed to the worker: NT$29,899" in done.stdout
    assert "  overtime_pay_owed: NT$23,587" in done.stdout
    assert done.stdout.startswith("This is the Household Service Act (Workers' Version)")


def test_no_runtime_module_imports_the_compiler_the_checker_or_their_libraries():
    # read, not run: an import inside a function that no test happens to call counts too
    runtime = ROOT / "hsa_dsl" / "runtime"
    allowed = ("hsa_dsl.runtime", "hsa_dsl.errors")
    found = []
    for path in sorted(runtime.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                # a relative import from the package's own folder, or (`..`) from hsa_dsl's
                package = ["hsa_dsl", "runtime"][:3 - node.level] if node.level else []
                names = [".".join(package + [node.module] if node.module else package)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if (top == "hsa_dsl" and not name.startswith(allowed)) or top in (
                        "compiler", "lark", "attrs", "click", "yaml"):
                    found.append(f"{path.name}: {name}")
    assert found == []
