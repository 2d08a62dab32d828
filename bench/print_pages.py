"""How many A4 pages each report takes when printed: the worker's report of a typical month
must fit on one.

Prints every example's worker (and advocate) report in each language to PDF with headless
Chromium, as a worker's advocate would print it from a browser, and counts the pages:

    python bench/print_pages.py [EXAMPLE ...] [--for worker|advocate] [--lang id,zh,...]
                                [--screenshots DIR]

Needs Chromium (`chromium` or `chromium-browser` on the PATH, or $CHROMIUM). Exits 1 when a
worker's report of one of the examples takes more than one page.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hsa_dsl import load_act  # noqa: E402
from hsa_dsl.cases import load_case_file  # noqa: E402
from hsa_dsl.explain import render  # noqa: E402
from hsa_dsl.explain.explanation import available_languages, explain, load_templates  # noqa: E402

#: the longest realistic month of the examples, and others of each kind of trouble
DEFAULT_EXAMPLES = ("no_day_off_food_deducted.yaml", "wages_paid_to_broker.yaml", "caregiver_long_days.yaml",
                    "fired_for_pregnancy.yaml", "twelve_hour_days_food_deducted.yaml")
_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def chromium() -> str | None:
    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")


def report_html(act, example: Path, language: str, audience: str) -> str:
    case = load_case_file(example)
    explanation = explain(act, act.evaluate(case, trace=True, file=example), case, example.name, language)
    return render.report_html(explanation, load_templates(act, language), audience)


def pdf_pages(browser: str, html: str, work: Path, name: str) -> int:
    page, pdf = work / f"{name}.html", work / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}", page.as_uri()], check=True, capture_output=True, timeout=120)
    return len(_PAGE.findall(pdf.read_bytes()))


def screenshot(browser: str, html: str, work: Path, target: Path) -> None:
    page = work / f"{target.stem}.html"
    page.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars",
                    "--window-size=900,1400", f"--screenshot={target}", page.as_uri()],
                   check=True, capture_output=True, timeout=120)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("examples", nargs="*", default=DEFAULT_EXAMPLES)
    parser.add_argument("--for", dest="audiences", default="worker,advocate")
    parser.add_argument("--lang", dest="languages", default="")
    parser.add_argument("--screenshots", type=Path, help="also save a screenshot of each report here (PNG)")
    args = parser.parse_args(argv)
    browser = chromium()
    if browser is None:
        print("no Chromium found: install Debian's `chromium`, or set $CHROMIUM", file=sys.stderr)
        return 2
    act = load_act(ROOT / "acts" / "household_service.hsa")
    languages = args.languages.split(",") if args.languages else available_languages(act)
    too_long = []
    print(f"{'example':40} {'reader':9} " + " ".join(f"{lang:>3}" for lang in languages))
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for name in args.examples:
            example = ROOT / "examples" / name
            for audience in args.audiences.split(","):
                counts = []
                for language in languages:
                    html = report_html(act, example, language, audience)
                    stem = f"{Path(name).stem}.{audience}.{language}"
                    pages = pdf_pages(browser, html, work, stem)
                    counts.append(pages)
                    if audience == "worker" and pages > 1:
                        too_long.append(stem)
                    if args.screenshots:
                        args.screenshots.mkdir(parents=True, exist_ok=True)
                        screenshot(browser, html, work, args.screenshots / f"{stem}.png")
                print(f"{name:40} {audience:9} " + " ".join(f"{c:>3}" for c in counts))
    if too_long:
        print(f"more than one page for the worker: {', '.join(too_long)}")
        return 1
    print("every worker's report fits on one A4 page")
    return 0


if __name__ == "__main__":
    sys.exit(main())
