"""Every stage's dump of every small act, against its expected file.

The acts are those in `tests/acts/`; the expected dumps are `tests/fixtures/<stage>/<act>.txt`
(for an act a stage rejects, the error as printed). To give a new act its dumps, put it in
`tests/acts/` and run ``HSA_UPDATE_GOLDEN=1 python -m pytest tests/test_stages.py``; review them
as you would any change of output.
"""

import os

import pytest
from click.testing import CliRunner

from hsa_dsl.cli import STAGES, main

from conftest import ROOT, TEST_ACTS

FIXTURES = ROOT / "tests" / "fixtures"
UPDATE = bool(os.environ.get("HSA_UPDATE_GOLDEN"))
ACTS = sorted(TEST_ACTS.glob("*.hsa"))


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("act", ACTS, ids=lambda path: path.stem)
def test_the_dump_of_each_stage_is_as_expected(act, stage):
    result = CliRunner().invoke(main, ["dump", stage, str(act)], catch_exceptions=False)
    assert result.exit_code in (0, 1)
    # the act's place is printed as given: the expected files do not depend on the checkout
    text = result.output.replace(str(ROOT) + os.sep, "")
    expected = FIXTURES / stage / f"{act.stem}.txt"
    if UPDATE:
        expected.write_text(text, encoding="utf-8")
    assert expected.exists(), f"no expected dump {expected.relative_to(ROOT)}: run with HSA_UPDATE_GOLDEN=1"
    assert text == expected.read_text(encoding="utf-8")


def test_every_expected_dump_belongs_to_an_act():
    """A fixture left behind by a removed act would never be compared with anything."""
    names = {act.stem for act in ACTS}
    for stage in STAGES:
        for fixture in (FIXTURES / stage).glob("*.txt"):
            assert fixture.stem in names, fixture
