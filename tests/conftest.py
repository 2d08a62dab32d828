from pathlib import Path

import pytest

import hsa_dsl

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
