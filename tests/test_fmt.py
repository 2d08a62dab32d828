"""`hsa-dsl fmt`: the canonical layout of .hsa files.

Formatting moves only white space: the formatted file parses to the same AST, keeps every comment
and every string as they were, and formatting it again changes nothing. Checked on the shipped
act and the test acts, on whitespace-mangled copies of them, and on generated acts. Golden files:
``tests/golden/fmt/`` (``HSA_UPDATE_GOLDEN=1`` rewrites them; review the diff).
"""

from __future__ import annotations

import os
import re
import stat
from random import Random
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lark import Token

from hsa_dsl.cli import main
from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source
from hsa_dsl.syntax import parse, parse_tree, pretty
from hsa_dsl.syntax.layout import format_text

from helpers import golden as check_golden
from conftest import ROOT, SHIPPED, TEST_ACTS
from depth import examples
from test_properties import expressions

GOLDEN = Path(__file__).resolve().parent / "golden" / "fmt"
ACTS = sorted([SHIPPED, *TEST_ACTS.rglob("*.hsa")])
ACT_TEXTS = {path: path.read_text(encoding="utf-8") for path in ACTS}


def golden(name: str, text: str) -> None:
    check_golden(GOLDEN / name, text)


def tree_of(text: str):
    return parse(Source("act.hsa", text))


def tokens_and_gaps(text: str) -> tuple[list[str], list[str]]:
    """The tokens of an act in order, and the text between them (gaps[i] precedes tokens[i];
    the last gap follows the last token)."""
    leaves, stack = [], [parse_tree(Source("act.hsa", text))]
    while stack:
        node = stack.pop()
        if isinstance(node, Token):
            leaves.append(node)
        else:
            stack.extend(reversed(node.children))
    gaps, position = [], 0
    for token in leaves:
        gaps.append(text[position:token.start_pos])
        position = token.end_pos
    gaps.append(text[position:])
    return [t.value for t in leaves], gaps


def comments_and_strings(text: str) -> tuple[list[str], list[str]]:
    tokens, gaps = tokens_and_gaps(text)
    comments = [c.rstrip() for gap in gaps for c in re.findall(r"#[^\n]*", gap)]
    return comments, [t for t in tokens if t.startswith('"')]


def assemble(tokens: list[str], gaps: list[str]) -> str:
    return "".join(gap + token for gap, token in zip(gaps, tokens)) + gaps[-1]


def mangle(text: str, random, indent: bool) -> str:
    """The same tokens and comments with other white space: more spaces and tabs within lines,
    trailing blanks, more blank lines where there is one and (with `indent`) any indentation. Never a line break
    taken away or one added inside a line: `8` at the end of a line and `h` on the next are two
    tokens, `8 h` on one line is a quantity."""
    tokens, gaps = tokens_and_gaps(text)
    changed = []
    for gap in gaps:
        if "\n" not in gap:
            if gap == "":
                changed.append(random.choice(["", "", " "]))
            else:
                changed.append(random.choice([" ", "  ", "\t", " \t "]))
            continue
        lines = gap.split("\n")
        out = []
        for i, line in enumerate(lines):
            body = line.strip()
            if i == 0:
                out.append(line.rstrip() + random.choice(["", "  ", "\t"]))
                continue
            lead = line[: len(line) - len(line.lstrip())]
            if indent:
                lead = random.choice(["", " ", "\t", "      ", lead + "  "])
            out.append(lead + body + (random.choice(["", " "]) if body else ""))
            if not body and i < len(lines) - 1 and random.random() < 0.5:
                out.append("")  # more blank lines where there is one
        changed.append("\n".join(out))
    return assemble(tokens, changed)


# ---------------------------------------------------------------- the shipped act and the test acts


@pytest.mark.parametrize("path", ACTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_act_of_the_project_is_laid_out_canonically(path):
    assert format_text(ACT_TEXTS[path], str(path)) == ACT_TEXTS[path]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ACTS), st.integers(0, 2**32))
def test_spacing_trailing_blanks_and_blank_lines_are_undone(path, seed):
    # indentation kept: each line's place against its entry's first line is what a
    # continuation line keeps, so the canonical text comes back whole
    original = ACT_TEXTS[path]
    assert format_text(mangle(original, Random(seed), indent=False)) == original


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ACTS), st.integers(0, 2**32))
def test_any_white_space_formats_to_the_same_act_once_and_for_all(path, seed):
    # (a seed, not hypothesis's own random: an act of 3,000 lines asks for thousands of draws)
    original = ACT_TEXTS[path]
    mangled = mangle(original, Random(seed), indent=True)
    formatted = format_text(mangled)
    assert tree_of(formatted) == tree_of(original)
    assert comments_and_strings(formatted) == comments_and_strings(original)
    assert format_text(formatted) == formatted
    # every line that is not a continuation is back where it was
    assert len(formatted.splitlines()) == len(original.splitlines())


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_the_shipped_act_mangled_formats_back(seed):
    original = ACT_TEXTS[SHIPPED]
    assert format_text(mangle(original, Random(seed), indent=False)) == original
    formatted = format_text(mangle(original, Random(seed), indent=True))
    assert tree_of(formatted) == tree_of(original)
    assert comments_and_strings(formatted) == comments_and_strings(original)
    assert format_text(formatted) == formatted


# ---------------------------------------------------------------- generated acts


def generated_act(expressions_, comments, blank_lines) -> str:
    lines = ["act generated", '  title en "Generated"', "  languages en", "end",
             'party employer "the employer"', 'action pay "pay"', "article 1", '  en "Text."']
    for i, expression in enumerate(expressions_):
        lines += [f"  define d{i}: bool = {pretty.expr(expression)}", f"  rule r{i}", "    cites art_1",
                  '    quote en "Text."', f"    when {pretty.expr(expression)}", "    then employer must pay",
                  "  end"]
    lines.append("end")
    out = []
    for i, line in enumerate(lines):
        if comments and i in comments:
            out.append(line[: len(line) - len(line.lstrip())] + "# " + comments[i])
        if i in blank_lines:
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n"


comment_texts = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=12)


@settings(max_examples=examples(120), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(expressions, min_size=1, max_size=3),
       st.dictionaries(st.integers(1, 20), comment_texts, max_size=4),
       st.sets(st.integers(1, 20), max_size=3), st.randoms(use_true_random=False))
def test_generated_acts_keep_their_meaning_and_settle_at_once(expressions_, comments, blank_lines, random):
    canonical = generated_act(expressions_, comments, blank_lines)
    formatted = format_text(canonical)
    assert tree_of(formatted) == tree_of(canonical)
    assert comments_and_strings(formatted) == comments_and_strings(canonical)
    assert format_text(formatted) == formatted
    assert format_text(mangle(canonical, random, indent=True)) == formatted


# ---------------------------------------------------------------- what the layout is


def test_a_mangled_act_is_laid_out_as_the_golden_file_says():
    golden("messy.formatted.hsa", format_text((GOLDEN / "messy.hsa").read_text(encoding="utf-8")))


def test_strings_of_several_lines_are_left_as_they_are():
    text = ('act a\n  title en """A\n      title   over\n  lines  """\n  languages en\nend\n'
            'article   1\n      informative """kept\n\n\n   as is   """\nend\n')
    formatted = format_text(text)
    assert '"""A\n      title   over\n  lines  """' in formatted
    assert 'informative """kept\n\n\n   as is   """' in formatted
    assert formatted.startswith("act a\n  title en") and "\narticle 1\n  informative" in formatted


def test_a_comment_takes_the_level_of_what_follows_it_or_of_the_block_it_closes():
    text = ("article 1\n# about the rule\n  rule r\n     cites art_1\n# last\n    then employer must pay\n"
            "# inside\n  end\n      # after the rule\nend\n# at the end\n")
    assert format_text(text) == ("article 1\n  # about the rule\n  rule r\n    cites art_1\n    # last\n"
                                 "    then employer must pay\n    # inside\n  end\n  # after the rule\nend\n"
                                 "# at the end\n")


def test_a_carriage_return_in_a_text_is_written_as_an_escape():
    # written as it is, it would end a line when the file is read (CR is a line end there)
    text = "define d: string = " + pretty.quote("a\rb") + "\n"
    assert "\r" not in text and format_text(text) == text
    assert tree_of(format_text(text)).declarations[0].body.value == "a\rb"


def test_a_long_chain_is_formatted_without_deep_recursion():
    chain = " and ".join(f"x{i} > 0" for i in range(2_000))
    text = f"define d: bool = {chain}\n"
    assert format_text(text) == text


def test_a_syntax_error_is_told_with_its_place():
    with pytest.raises(HsaError) as raised:
        format_text("article 1\n  rule r\n    cites\nend\n", "broken.hsa")
    assert "broken.hsa:" in raised.value.render()


# ---------------------------------------------------------------- the command


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_fmt_rewrites_a_file_in_place_and_keeps_its_mode(tmp_path):
    path = tmp_path / "messy.hsa"
    path.write_bytes((GOLDEN / "messy.hsa").read_bytes().replace(b"\n", b"\r\n"))
    path.chmod(0o640)
    result = run("fmt", path)
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == (GOLDEN / "messy.formatted.hsa").read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert run("fmt", "--check", path).exit_code == 0


def test_fmt_check_shows_a_diff_changes_nothing_and_fails(tmp_path):
    path = tmp_path / "messy.hsa"
    path.write_text((GOLDEN / "messy.hsa").read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()
    result = run("fmt", "--check", tmp_path)
    assert result.exit_code == 1
    assert path.read_bytes() == before
    golden("check.diff", result.output.replace(str(tmp_path) + os.sep, ""))


def test_fmt_check_passes_on_the_shipped_acts():
    result = run("fmt", "--check", ROOT / "acts", TEST_ACTS)
    assert result.exit_code == 0, result.output


def test_fmt_reports_a_broken_file_and_goes_on(tmp_path):
    (tmp_path / "a_broken.hsa").write_text("article 1\n  rule\nend\n", encoding="utf-8")
    (tmp_path / "b_messy.hsa").write_text("input   x: integer\n", encoding="utf-8")
    result = run("fmt", tmp_path)
    assert result.exit_code == 1
    assert "a_broken.hsa:1:1: error: the `article` block that starts here is never closed" in result.output
    assert (tmp_path / "b_messy.hsa").read_text(encoding="utf-8") == "input x: integer\n"


def test_fmt_names_a_file_that_is_not_there(tmp_path):
    result = run("fmt", tmp_path / "nowhere.hsa")
    assert result.exit_code == 1
    assert "nowhere.hsa: error: no such file or folder" in result.output
