"""The worker's report of a month fits on one printed A4 page, in every language: printed to
PDF by headless Chromium (skipped where the machine has none; `bench/print_pages.py` prints the
page count of every report)."""

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "bench"))
import print_pages  # noqa: E402


@pytest.mark.slow
@pytest.mark.skipif(print_pages.chromium() is None, reason="no Chromium on this machine")
def test_the_worker_report_of_the_longest_month_fits_on_one_a4_page(capsys):
    assert print_pages.main(["no_day_off_food_deducted.yaml", "wages_paid_to_broker.yaml", "--for", "worker"]) == 0
    printed = capsys.readouterr().out
    assert "no_day_off_food_deducted.yaml            worker      1   1   1   1   1   1" in printed
