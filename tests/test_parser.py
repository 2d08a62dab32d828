"""The front end: parsing, the surface AST, and syntax errors a drafter can act on."""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hsa_dsl import syntax
from hsa_dsl.syntax import ast, build, parsing, pretty
from hsa_dsl.errors import HsaError
from hsa_dsl.source import Source

from conftest import SHIPPED, TEST_ACTS
from test_cli import golden
from depth import examples


def parse(text: str) -> ast.ActFile:
    return syntax.parse(Source("draft.hsa", text))


def syntax_error(text: str) -> str:
    with pytest.raises(HsaError) as info:
        parse(text)
    assert len(info.value.diagnostics) == 1
    return info.value.render()


def test_the_shipped_act_parses_into_articles_in_chapters():
    act = syntax.parse_file(SHIPPED)
    numbers = [a.number for a in act.articles]
    assert numbers == sorted(numbers)
    assert {9, 10, 13, 14, 16, 17, 18, 19, 22, 23, 25} <= set(numbers)
    article_22 = next(a for a in act.articles if a.number == 22)
    assert article_22.chapter == 4
    assert article_22.paragraphs[0].texts[0].language == "zh"
    assert article_22.rules[0].cites[0].name == "art_22__para_1"


def test_every_node_carries_its_span_but_equality_ignores_it():
    first = parse("define a: hours = 8 h + 1 h")
    second = parse("\n\n  define   a : hours =\n 8 h\n + 1 h")
    assert first == second
    one, other = first.declarations[0].body, second.declarations[0].body
    assert (one.span.line, one.span.column) == (1, 19)
    assert (other.span.line, other.span.column) == (4, 2)
    assert other.span.text == "8 h\n + 1 h"


def _spans(node, path=""):
    """Every span in an AST with where it is, as plain tuples."""
    import attrs

    from hsa_dsl.source import Span

    if isinstance(node, Span):
        yield path, (node.line, node.column, node.end_line, node.end_column, node.start_pos, node.end_pos)
    elif attrs.has(type(node)):
        for field in attrs.fields(type(node)):
            yield from _spans(getattr(node, field.name), f"{path}.{type(node).__name__}.{field.name}")
    elif isinstance(node, (list, tuple)):
        for i, item in enumerate(node):
            yield from _spans(item, f"{path}[{i}]")


@pytest.mark.parametrize("path", [SHIPPED, TEST_ACTS / "library.hsa", TEST_ACTS / "harvest.hsa"],
                         ids=["shipped", "library", "harvest"])
def test_one_pass_parsing_builds_the_same_ast_as_the_two_stages(path):
    source = syntax.read_source(path)
    fused = syntax.parse(source)
    staged = syntax.to_ast(source, syntax.parse_tree(source))
    assert fused == staged
    assert list(_spans(fused)) == list(_spans(staged))


def test_the_value_terminals_are_the_grammars_named_terminals():
    named = set(re.findall(r"^([A-Z_]+)(?:\.[0-9]+)?:", parsing.grammar_text(), re.MULTILINE))
    assert build.VALUE_TERMINALS == named - {"COMMENT"}


def _top_level_blocks(path) -> list[str]:
    """The texts of a file's header, articles and declarations outside articles, in order."""
    act = syntax.parse_file(path)
    items = [item for item in (act.header, *act.articles, *act.declarations) if item is not None]
    return [item.span.text for item in sorted(items, key=lambda item: item.span.start_pos)]


_BLOCKS = None
#: what a drafter's slip may add: keywords, punctuation, values, white space, comments, quotes
_SLIPS = ["", "end", "then", "when", "(", ")", ",", ".", ":", "=", "not", "8 h", "NT$1", "2025-01-01",
          '"', '"""', "\n", " # c\n", "\t", "x", "\u201c", "..", "and", "rule r", "article 1", "{"]


def _outcome(parse_it, text: str):
    """The AST a way of parsing builds with its spans, or that it refuses the text."""
    try:
        built = parse_it(Source("draft.hsa", text))
    except HsaError:
        return "refused"
    return built, list(_spans(built))


def _two_stages(source):
    return syntax.to_ast(source, syntax.parse_tree(source))


@settings(max_examples=examples(150), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_one_pass_and_two_stage_parsing_agree_on_whole_and_damaged_blocks(data):
    global _BLOCKS
    if _BLOCKS is None:
        _BLOCKS = _top_level_blocks(SHIPPED) + _top_level_blocks(TEST_ACTS / "library.hsa")
    first = data.draw(st.integers(0, len(_BLOCKS) - 1))
    text = "\n".join(_BLOCKS[first:first + data.draw(st.integers(1, 3))])
    for _ in range(data.draw(st.integers(0, 3))):
        cut = data.draw(st.integers(0, len(text)))
        text = text[:cut] + data.draw(st.sampled_from(_SLIPS)) + text[cut + data.draw(st.integers(0, 6)):]
    assert _outcome(syntax.parse, text) == _outcome(_two_stages, text)


def test_spans_cover_keywords_parentheses_and_blocks():
    text = "define a: bool = not (1 h + 2 h) * 3 > 4 h\nrecord R\n  xs: list of R unique by x\nend\n"
    act = parse(text)
    body = act.declarations[0].body
    assert body.span.text == "not (1 h + 2 h) * 3 > 4 h"
    product = body.operand.left
    assert product.span.text == "(1 h + 2 h) * 3"
    assert product.left.span.text == "1 h + 2 h"
    record = act.declarations[1]
    assert record.span.text == "record R\n  xs: list of R unique by x\nend"
    assert record.fields[0].type.span.text == "list of R unique by x"


def test_literals():
    body = parse('define a: bool = f(NT$29,500, 8.5 h, 30 days, 1 month, 2025-01-31, "x\\"y", true)').declarations[0].body
    kinds = [(a.kind, a.value, a.unit) for a in body.arguments]
    from datetime import date
    from decimal import Decimal

    assert kinds == [
        ("money", Decimal("29500"), None),
        ("quantity", Decimal("8.5"), "hours"),
        ("quantity", 30, "days"),
        ("quantity", 1, "months"),
        ("date", date(2025, 1, 31), None),
        ("string", 'x"y', None),
        ("bool", True, None),
    ]


def test_precedence():
    body = parse("define a: bool = not x + 1 * 2 > 3 and y or z").declarations[0].body
    assert isinstance(body, ast.Binary) and body.op == "or"
    conj = body.left
    assert conj.op == "and"
    negation = conj.left
    assert isinstance(negation, ast.Unary) and negation.op == "not"
    comparison = negation.operand
    assert isinstance(comparison, ast.Compare) and comparison.op == ">"
    assert comparison.left.op == "+" and comparison.left.right.op == "*"


@pytest.mark.parametrize("path", [SHIPPED, TEST_ACTS / "library.hsa", TEST_ACTS / "harvest.hsa"])
def test_pretty_printing_round_trips_whole_acts(path):
    original = syntax.parse_file(path)
    printed = pretty.act_file(original)
    assert syntax.parse(Source("printed.hsa", printed)) == original


def test_a_block_left_open_is_reported_where_it_starts():
    text = 'article 9\n  en "text"\n  rule r\n    cites art_9\n    then employer must pay\n\narticle 10 end\n'
    message = syntax_error(text)
    assert message.startswith("draft.hsa:")
    assert "never closed" in message or "expected" in message
    assert "^" in message


def test_unclosed_block_at_end_of_file():
    message = syntax_error('chapter 1\n  article 9\n    en "text"\n')
    assert "draft.hsa:2:3: error: the `article` block that starts here is never closed" in message
    assert "  2 |   article 9" in message
    assert "hint: add `end`" in message


def test_missing_then_gets_a_hint():
    message = syntax_error('article 9\n  rule r\n    when x > 1\n    employer must pay\n  end\nend\n')
    assert "draft.hsa:4:5: error: unexpected 'employer'" in message
    assert "hint: a rule needs `then` before its conclusion" in message
    assert "       |     ^^^^^^^^" in message


def test_misspelled_keyword_gets_did_you_mean():
    message = syntax_error('artcle 9\n  en "x"\nend\n')
    assert "draft.hsa:1:1:" in message
    assert "did you mean 'article'?" in message


def test_curly_quotes_are_explained():
    message = syntax_error("article 9\n  en \u201ctext\u201d\nend\n")
    assert "draft.hsa:2:6: error: unexpected character" in message
    assert "straight quotes" in message


def test_a_date_that_is_not_in_the_calendar():
    message = syntax_error("define d: date = 2025-02-30")
    assert "draft.hsa:1:18: error: 2025-02-30 is not a date in the calendar" in message


def test_text_before_its_language():
    message = syntax_error('article 9\n  "text"\nend\n')
    assert "text is written after its language" in message


def test_errors_are_never_tracebacks():
    broken = ["", "end", "article", "rule", "define x: = 3", "article 9 rule r then x = end end",
              "record R a: integer = end", "{", "article 9 paragraph 1 point 1 end", "@"]
    for text in broken:
        try:
            parse(text)
        except HsaError as error:
            assert "Traceback" not in error.render()
            assert error.diagnostics[0].span is not None or error.diagnostics[0].file


#: slips a drafter makes, from the lexer's hard cases to blocks left open
SLIPS_TOLD = [
    "define a: hours = 8\nh", "define h: hours = 8 hx", "define a: money = NT$", "define a: bool = x ! y",
    "define a: integer = 1..2", "article 1 end end", "define a: bool = \u201cx\u201d", 'article 1 en "a',
    "end", "article", "define x: = 3", "article 9 rule r then x = end end",
    "record R a: integer = end", "{", "article 9 paragraph 1 point 1 end", "@", "define a: integer = 1 $",
    'article 9\n  rule r\n    when x > 1\n    employer must pay\n  end\nend\n', 'artcle 9\n  en "x"\nend\n',
    'article 9\n  "text"\nend\n', 'chapter 1\n  article 9\n    en "text"\n', "define d: date = 2025-02-30",
    "record R a integer end", "input a integer", 'article en "x" end', "define a: bool = 1 >",
    "define a: bool = x and", "article 1 rule r then x = 1 y = 2 end end",
    "article 1 rule r then employer must pay employer must go end end",
    "table t(n: integer): days otherwise: 1 days otherwise: 2 days end", "define a: integer = sum(1, 2)",
    "define a: days = 1.5 days", "act a end act b end",
]


def test_syntax_errors_are_told_as_recorded():
    """The messages, places and hints are kept in a golden file, so that every version of Lark
    that pyproject.toml allows is held to the same words (CI runs this on the oldest too)."""
    told = "".join(f"=== {text!r}\n{syntax_error(text)}\n" for text in SLIPS_TOLD)
    golden("syntax_errors.txt", told)


def test_the_ast_nodes_load_without_lark():
    """What reads an AST (the checker, a cache of compiled acts) need not pay for importing Lark."""
    import subprocess
    import sys

    code = "import sys, hsa_dsl.syntax.ast, hsa_dsl.check.checker; print('lark' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
