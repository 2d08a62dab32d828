"""Tests next to the act: YAML files that say what an act must decide for a case.

A drafter writes, beside the act, a file per situation (see ``acts/tests/``)::

    # the arithmetic, worked by hand from the Act's text
    case: ../../examples/caregiver_long_days.yaml   # or the case itself, as a mapping
    findings:                  # every finding, by kind and rule, with how many: exactly these
      violation:
        art17_pay_slip: 1
    breached: [17, 22]         # the articles with a violation: exactly these
    values:                    # outputs and definitions the case decides, exactly; every
      years_of_service: 0      # output of the act not listed stays undecided
    owed:                      # an entitlement owed entry by entry: its amounts, in order
      art18_overtime_pay_owed: ["25731/2"]
    total: 15725               # money owed in all, each item rounded half up to a whole NT$
    where:                     # the entries a rule's findings are about
      art17_pay_slip: ["employment.wages[0]"]

Every key but `case` may be left out, and what is left out is not checked. Amounts are exact: a
number, a decimal, or a fraction written "n/d"; no margin of error. A file may instead hold
``tests:``, a list of such mappings, each with a `name`. `act:` names the act file the tests
are for, where a folder holds tests for several acts.

:func:`run` evaluates each test's case and compares; a failure says what was expected, what was
found, and why the rules decided as they did (the explanation of the rule concerned).
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import attrs

from hsa_dsl.errors import HsaError, did_you_mean
from hsa_dsl.runtime.numbers import exact_text

FINDING_KINDS = ("violation", "obligation", "permission", "entitlement", "value", "penalty", "warning", "conflict")
KEYS = ("name", "act", "case", "findings", "breached", "values", "owed", "total", "where")
TEST_SUFFIXES = (".yaml", ".yml")
#: lines of a rule's explanation shown under a failure; the command to see it whole follows
EXPLANATION_LINES = 24


@attrs.frozen
class ActTest:
    name: str
    file: Path
    #: the case file, or the case itself
    case: Any
    act: str | None = None
    findings: dict | None = None
    breached: frozenset | None = None
    values: dict | None = None
    owed: dict | None = None
    total: Fraction | None = None
    where: dict | None = None


@attrs.frozen
class Mismatch:
    #: what was compared: findings, breached, values, owed, total, where
    aspect: str
    subject: str
    expected: Any
    found: Any
    #: the rule whose explanation tells why, if one does
    rule: str | None = None
    why: tuple[str, ...] = ()


@attrs.frozen
class Outcome:
    test: ActTest
    mismatches: tuple[Mismatch, ...] = ()
    #: a case the act refuses: its error, as told
    error: str | None = None

    @property
    def passed(self) -> bool:
        return not self.mismatches and self.error is None


# ---------------------------------------------------------------- reading tests


def test_files(paths) -> list[Path]:
    """The test files given: files as they are, folders as the YAML files under them in order."""
    found = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.suffix in TEST_SUFFIXES and p.is_file())
        elif path.exists():
            found.append(path)
        else:
            raise HsaError.single("no such file or folder", file=str(path))
    return found


def load_tests(paths, act_file: str | None = None) -> list[ActTest]:
    """The tests of the files and folders given. With `act_file`, a test that names another act
    (its `act:`) is left out."""
    from hsa_dsl.cases import load_case_file

    tests = []
    for path in test_files(paths):
        data = load_case_file(path)
        if isinstance(data, dict) and "tests" in data:
            extra = set(data) - {"tests", "act"}
            if extra:
                raise HsaError.single(f"a file of several tests has only `tests` and `act`, not {sorted(extra)}",
                                      file=str(path))
            entries = data["tests"]
            if not isinstance(entries, list):
                raise HsaError.single("`tests` is a list of tests", file=f"{path}: tests")
            for index, entry in enumerate(entries):
                where = f"{path}: tests[{index}]"
                if not isinstance(entry, dict) or "name" not in entry:
                    raise HsaError.single("each test is a mapping with a `name`", file=where)
                tests.append(_test(entry, path, where, data.get("act")))
        else:
            tests.append(_test(data, path, str(path), None))
    if act_file is not None:
        tests = [t for t in tests if t.act is None or t.act == Path(act_file).name]
    names = Counter((t.file, t.name) for t in tests)
    twice = [(file, name) for (file, name), count in names.items() if count > 1]
    if twice:
        raise HsaError.single(f"two tests are named {twice[0][1]!r} in one file", file=str(twice[0][0]))
    return tests


def _test(data, path: Path, where: str, act: str | None) -> ActTest:
    if not isinstance(data, dict):
        raise HsaError.single("a test is a mapping with a `case` and what the act must decide for it", file=where)
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        raise HsaError.single(f"unknown key {unknown[0]!r}", file=where,
                              hint=did_you_mean(str(unknown[0]), KEYS) or f"a test has {', '.join(KEYS)}")
    if "case" not in data:
        raise HsaError.single("a test needs a `case`: a case file (relative to the test file) or the case itself",
                              file=where)
    case = data["case"]
    if isinstance(case, str):
        case = (path.parent / case).resolve()
    elif not isinstance(case, dict):
        raise HsaError.single("`case` is a case file's path or the case as a mapping", file=f"{where}: case")
    return ActTest(
        name=str(data.get("name", path.stem)),
        file=path,
        case=case,
        act=data.get("act", act),
        findings=_findings(data.get("findings"), f"{where}: findings"),
        breached=_articles(data.get("breached"), f"{where}: breached"),
        values=_mapping(data.get("values"), f"{where}: values"),
        owed=_owed(data.get("owed"), f"{where}: owed"),
        total=None if "total" not in data else _amount(data["total"], f"{where}: total"),
        where=_where(data.get("where"), f"{where}: where"),
    )


def _findings(data, where: str) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise HsaError.single("`findings` maps a kind of finding to rules and counts", file=where)
    counts = {}
    for kind, rules in data.items():
        if kind not in FINDING_KINDS:
            raise HsaError.single(f"no kind of finding is called {kind!r}", file=where,
                                  hint=did_you_mean(str(kind), FINDING_KINDS) or f"one of {', '.join(FINDING_KINDS)}")
        if not isinstance(rules, dict):
            raise HsaError.single("each kind maps rule names to how many findings they give", file=f"{where}.{kind}")
        for rule, count in rules.items():
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                raise HsaError.single(f"{count!r} is not a number of findings (1 or more)", file=f"{where}.{kind}.{rule}")
            counts[kind, str(rule)] = count
    return counts


def _articles(data, where: str) -> frozenset | None:
    if data is None:
        return None
    if not isinstance(data, list) or not all(isinstance(a, int) and not isinstance(a, bool) for a in data):
        raise HsaError.single("`breached` is a list of article numbers", file=where)
    return frozenset(data)


def _mapping(data, where: str) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict):
        raise HsaError.single("a mapping of names to values", file=where)
    return dict(data)


def _owed(data, where: str) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise HsaError.single("`owed` maps an entitlement's rule to its amounts, entry by entry", file=where)
    return {str(rule): tuple(_amount(v, f"{where}.{rule}") for v in amounts) for rule, amounts in data.items()}


def _where(data, where: str) -> dict | None:
    if data is None:
        return None
    if not isinstance(data, dict) or not all(isinstance(v, list) for v in data.values()):
        raise HsaError.single("`where` maps a rule to the entries its findings are about", file=where)
    return {str(rule): tuple(sorted(map(str, entries))) for rule, entries in data.items()}


def _amount(value, where: str) -> Fraction:
    """An exact amount: a whole number, a decimal, or a fraction written "n/d"."""
    if isinstance(value, bool):
        raise HsaError.single(f"{value!r} is not an amount", file=where)
    if isinstance(value, (int, Decimal)):
        return Fraction(value)
    if isinstance(value, str):
        try:
            return Fraction(Decimal(value)) if "/" not in value else Fraction(value.replace(" ", ""))
        except (ValueError, ArithmeticError, ZeroDivisionError):
            pass
    raise HsaError.single(f"{value!r} is not an amount", file=where,
                          hint="write a number (15725, 12865.5) or a fraction in quotes (\"25731/2\")")


# ---------------------------------------------------------------- running them


def run(act, tests: list[ActTest]) -> list[Outcome]:
    return [run_one(act, test) for test in tests]


def run_one(act, test: ActTest) -> Outcome:
    from hsa_dsl.cases import load_case_file

    unknown = _unknown_names(act, test)
    if unknown:
        return Outcome(test, error=unknown)
    try:
        case = load_case_file(test.case) if isinstance(test.case, Path) else test.case
        verdict = act.evaluate(case, trace=True, file=str(test.case) if isinstance(test.case, Path) else None)
    except HsaError as error:
        return Outcome(test, error="the act refuses the case:\n" + error.render())
    mismatches = [*_compare_findings(test, verdict), *_compare_breached(test, verdict),
                  *_compare_values(act, test, verdict), *_compare_owed(test, verdict),
                  *_compare_total(test, verdict), *_compare_where(test, verdict)]
    return Outcome(test, tuple(_with_reasons(act, verdict, case, test, m) for m in mismatches))


def _unknown_names(act, test: ActTest) -> str | None:
    """A rule or value the test names that the act does not have: a typo would otherwise be
    a finding that never comes, or a value never decided."""
    rules = act.checked.rules
    named = [rule for _, rule in test.findings or {}] + list(test.owed or {}) + list(test.where or {})
    for rule in named:
        if rule not in rules:
            hint = did_you_mean(rule, rules)
            return f"the act has no rule named {rule!r}" + (f" ({hint})" if hint else "")
    values = [*act.checked.outputs, *act.checked.definitions]
    for name in test.values or {}:
        if name not in values:
            hint = did_you_mean(str(name), values)
            return f"the act has no output or definition named {name!r}" + (f" ({hint})" if hint else "")
    return None


def _compare_findings(test: ActTest, verdict) -> list[Mismatch]:
    if test.findings is None:
        return []
    found = Counter((f.kind, f.rule) for f in verdict.findings)
    out = []
    for key in sorted(set(found) | set(test.findings)):
        expected, actual = test.findings.get(key, 0), found.get(key, 0)
        if expected != actual:
            kind, rule = key
            out.append(Mismatch("findings", f"{kind} {rule}", expected, actual, rule))
    return out


def _compare_breached(test: ActTest, verdict) -> list[Mismatch]:
    if test.breached is None:
        return []
    found = frozenset(f.article for f in verdict.findings if f.kind == "violation")
    if found == test.breached:
        return []
    return [Mismatch("breached", "articles with a violation", sorted(test.breached), sorted(found))]


def _compare_values(act, test: ActTest, verdict) -> list[Mismatch]:
    if test.values is None:
        return []
    out = []
    for name, expected in test.values.items():
        if name not in verdict.values:
            out.append(Mismatch("values", name, expected, "undecided", _rule_giving(act, name)))
        elif not _same_value(expected, verdict.values[name]):
            out.append(Mismatch("values", name, expected, verdict.values[name], _rule_giving(act, name)))
    for name in act.checked.outputs:
        if name not in test.values and name in verdict.values:
            out.append(Mismatch("values", name, "undecided", verdict.values[name], _rule_giving(act, name)))
    return out


def _same_value(expected, actual) -> bool:
    """Exactly equal: numbers as numbers (28590 is NT$28,590.00), the rest as they are."""
    if isinstance(actual, bool) or isinstance(expected, bool):
        return type(actual) is type(expected) and actual == expected
    if isinstance(actual, (int, Decimal, Fraction)):
        try:
            return Fraction(actual) == _amount(expected, "")
        except HsaError:
            return False
    return str(actual) == str(expected)


def _rule_giving(act, output: str) -> str | None:
    for rule in act.checked.rules.values():
        if rule.conclusion.output == output:
            return rule.name
    return None


def _compare_owed(test: ActTest, verdict) -> list[Mismatch]:
    from hsa_dsl.explain.explanation import exact_amount

    if test.owed is None:
        return []
    out = []
    for rule, expected in sorted(test.owed.items()):
        found = sorted((f for f in verdict.findings if f.rule == rule), key=lambda f: tuple(f.binding.values()))
        amounts = tuple(Fraction(exact_amount(f)) for f in found)
        if amounts != expected:
            out.append(Mismatch("owed", rule, [exact_text(a) for a in expected], [exact_text(a) for a in amounts], rule))
    return out


def _compare_total(test: ActTest, verdict) -> list[Mismatch]:
    from hsa_dsl.explain.explanation import money_owed, reported_amount

    if test.total is None:
        return []
    total = sum((Fraction(reported_amount(f)) for f in money_owed(verdict)), Fraction(0))
    if total == test.total:
        return []
    return [Mismatch("total", "money owed in all", exact_text(test.total), exact_text(total))]


def _compare_where(test: ActTest, verdict) -> list[Mismatch]:
    if test.where is None:
        return []
    out = []
    for rule, expected in sorted(test.where.items()):
        found = tuple(sorted(str(v) for f in verdict.findings if f.rule == rule for v in f.binding.values()))
        if found != expected:
            out.append(Mismatch("where", rule, list(expected), list(found), rule))
    return out


def _with_reasons(act, verdict, case, test: ActTest, mismatch: Mismatch) -> Mismatch:
    """The mismatch with the explanation of its rule: why it gave what it gave, or why not."""
    if mismatch.rule is None or mismatch.rule not in act.checked.rules:
        return mismatch
    from hsa_dsl.explain import render
    from hsa_dsl.explain.explanation import explain, load_templates

    fired = any(f.rule == mismatch.rule for f in verdict.findings)
    try:
        templates = load_templates(act, "en")
        explanation = explain(act, verdict, case, test.name, "en", only=mismatch.rule if fired else None,
                              why_not=None if fired else mismatch.rule)
        lines = render.text(explanation, templates, False).splitlines()
    except HsaError as error:
        lines = error.render().splitlines()
    lines = _relevant(lines, fired)
    if len(lines) > EXPLANATION_LINES:
        option = "--why" if fired else "--why-not"
        case_file = test.case if isinstance(test.case, Path) else "CASE"
        lines = lines[:EXPLANATION_LINES] + [
            f"… (hsa-dsl explain {case_file} --for expert {option} {mismatch.rule} shows it whole)"]
    return attrs.evolve(mismatch, why=tuple(lines))


def _relevant(lines: list[str], fired: bool) -> list[str]:
    """The part of the explanation about the rule: its articles' findings, or the section on
    why it gave nothing (not the heading, the notice, the summary or the values worked out)."""
    def heading(line: str) -> bool:
        return not fired and line.strip().lower() == "why not" or fired and line.startswith("Article")

    start = next((i for i, line in enumerate(lines) if heading(line)), None)
    if start is None:
        return []
    kept = []
    for line in lines[start:]:
        if line and not line[0].isspace() and not heading(line):
            break
        if line.strip():
            kept.append(line)
    return kept


# ---------------------------------------------------------------- the report


def render_outcomes(outcomes: list[Outcome], root: Path | None = None) -> str:
    out = []
    for outcome in outcomes:
        name = _place(outcome.test.file, root)
        label = f"{name}" if outcome.test.name == outcome.test.file.stem else f"{name}: {outcome.test.name}"
        if outcome.passed:
            out.append(f"ok      {label}")
            continue
        out.append(f"FAILED  {label}")
        if outcome.error is not None:
            out += ["      " + line for line in outcome.error.splitlines()]
            continue
        for mismatch in outcome.mismatches:
            out.append(f"    {mismatch.aspect}: {mismatch.subject}")
            out.append(f"      expected: {_value(mismatch.expected)}")
            out.append(f"      found:    {_value(mismatch.found)}")
            if mismatch.why:
                out.append("      why:")
                out += ["        " + line for line in mismatch.why]
    failed = sum(1 for o in outcomes if not o.passed)
    out.append("")
    out.append(f"{len(outcomes) - failed} passed, {failed} failed" if outcomes else "no tests found")
    return "\n".join(out) + "\n"


def _place(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return str(path.resolve().relative_to(root.resolve()))
        except ValueError:
            pass
    return str(path)


def _value(value) -> str:
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(map(str, value)) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Decimal, Fraction)):
        return exact_text(Fraction(value))
    return str(value)
