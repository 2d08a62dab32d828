"""A second act that has nothing to do with household work compiles and runs: the compiler
knows nothing of any one act."""

from decimal import Decimal

from hsa_dsl.errors import HsaError


def case(joined="2020-01-01", tier="standard", loans=(), today="2025-03-01"):
    return {"member": {"joined": joined, "tier": tier, "loans": [
        {"title": f"book {i}", "borrowed": b, "returned": r} for i, (b, r) in enumerate(loans)]},
        "today": today}


def kinds(verdict):
    return sorted((f.kind, f.rule) for f in verdict.findings)


def test_a_book_returned_on_time(library):
    verdict = library.evaluate(case(loans=[("2025-01-01", "2025-01-15")]))
    assert kinds(verdict) == [("entitlement", "fees")]
    assert verdict.values["total_fees"] == Decimal(0)


def test_late_fees_follow_the_parameter_in_force(library):
    # 20 days late returned in 2024 (NT$5 a day) and 3 days late in 2025 (NT$10 a day)
    verdict = library.evaluate(case(loans=[("2024-03-01", "2024-04-04"), ("2025-01-01", "2025-01-18")]))
    assert verdict.values["total_fees"] == Decimal(20 * 5 + 3 * 10)
    assert ("permission", "late_fee") in kinds(verdict)
    assert [f.binding for f in verdict.violations] == [{"l": "member.loans[0]"}, {"l": "member.loans[1]"}]


def test_students_keep_books_longer(library):
    verdict = library.evaluate(case(tier="student", loans=[("2025-01-01", "2025-01-20")]))
    assert verdict.values["total_fees"] == Decimal(0)
    assert verdict.violations == ()


def test_an_exception_overrides_the_rule_it_names(library):
    verdict = library.evaluate(case(joined="2010-01-01", loans=[("2025-01-01", "2025-01-20")]))
    assert ("permission", "late_fee") not in kinds(verdict)
    trace = next(f for f in verdict.findings if f.rule == "return_within_period").trace
    assert trace["binding"] == {"l": "member.loans[0]"}


def test_penalties_follow_violations_and_tables(library):
    verdict = library.evaluate(case(loans=[("2025-01-01", "2025-03-01"), ("2025-01-01", "2025-02-28")]))
    penalty = next(f for f in verdict.findings if f.kind == "penalty")
    assert penalty.conclusion["sanctions"][0]["low"] == Decimal(200) * 2
    assert penalty.conclusion["sanctions"][1]["text"] == "membership suspended"
    assert "member faces a fine of NT$400; membership suspended" == penalty.conclusion["text"]


def test_the_acts_own_checks_validate_cases(library):
    try:
        library.evaluate(case(loans=[("2025-01-10", "2025-01-01")]))
    except HsaError as error:
        assert "member.loans[0]: error: a book cannot be returned before it is borrowed" in error.render()
    else:
        raise AssertionError("the check did not run")


def test_generated_python_is_a_module_of_its_own(library, tmp_path):
    import importlib.util

    path = tmp_path / "library_rules.py"
    path.write_text(library.python_source(), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("library_rules", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert set(module.RULES) == {"late_fee", "fees", "no_fee_for_veterans", "return_within_period", "replacement"}
    # the loaded act is handed its tables as values, the standalone module spells them out
    for table in ("RULES", "TARGETS", "SITES"):
        assert getattr(module, table) == getattr(library.module, table)
    from hsa_dsl import runtime

    inputs = library.validate(case(loans=[("2025-01-01", "2025-01-20")]))
    ctx, firings, conflicts = runtime.run(module, inputs, traced=False)
    assert ctx.outputs["total_fees"] == Decimal(50)
    assert conflicts == []


def test_compiling_leaves_the_garbage_collector_as_it_was():
    import gc

    import pytest

    import hsa_dsl
    from conftest import TEST_ACTS

    assert gc.isenabled()
    hsa_dsl.load_act(TEST_ACTS / "library.hsa")
    assert gc.isenabled()
    with pytest.raises(HsaError):
        hsa_dsl.load_act(TEST_ACTS / "broken.hsa")
    assert gc.isenabled()
    gc.disable()
    try:
        hsa_dsl.load_act(TEST_ACTS / "library.hsa")
        assert not gc.isenabled()
    finally:
        gc.enable()
