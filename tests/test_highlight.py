"""The `hsa` Pygments lexer: it reads every act whole, gives back the text it was given, colours
each kind of token as intended, and knows every keyword of the grammar."""

import pytest

pytest.importorskip("pygments")

from pygments.token import (Comment, Error, Keyword, Literal, Name, Number, Operator, Punctuation, String,
                            Whitespace)

from hsa_dsl import highlight
from hsa_dsl.highlight import HsaLexer

from conftest import SHIPPED, TEST_ACTS
from helpers import grammar_keywords

ACTS = [SHIPPED, *sorted(TEST_ACTS.glob("*.hsa")), *sorted((TEST_ACTS / "literate").glob("*.hsa"))]


def tokens(text: str) -> list[tuple]:
    """The tokens of `text` that are not white space."""
    return [(kind, value) for _, kind, value in HsaLexer().get_tokens_unprocessed(text) if kind not in Whitespace]


@pytest.mark.parametrize("path", ACTS, ids=lambda p: p.stem)
def test_every_act_lexes_without_error_and_round_trips(path):
    text = path.read_text(encoding="utf-8")
    lexed = list(HsaLexer().get_tokens_unprocessed(text))
    assert [value for _, kind, value in lexed if kind is Error] == []
    assert "".join(value for _, _, value in lexed) == text
    # every character is in a token at the place it was read from
    assert all(text.startswith(value, at) for at, _, value in lexed)


def test_text_the_language_cannot_read_is_an_error_token():
    # an unclosed quote and a character of no token: the no-error test above could fail
    assert (Error, '"') in tokens('quote en "unclosed\n')
    assert (Error, ";") in tokens("when a;")


SNIPPET = '''# Reading: a month is a calendar month.
record Shift
  month: date
end
rule late_pay
  cites art_17__para_1__point_2
  quote zh """全額"""
  for each s in shifts
  when s.month >= 2025-01-01 and s.hours > 8.5 h and not (pay < NT$28,590)
  then employer must pay_wage
  violated when days_between(s.month, today) != 30 days
end
'''


def test_the_kinds_of_token_of_a_rule():
    assert tokens(SNIPPET) == [
        (Comment.Single, "# Reading: a month is a calendar month."),
        (Keyword.Declaration, "record"), (Name.Class, "Shift"),
        (Name.Variable, "month"), (Punctuation, ":"), (Keyword.Type, "date"),
        (Keyword, "end"),
        (Keyword.Declaration, "rule"), (Name.Function, "late_pay"),
        (Keyword, "cites"), (Name.Label, "art_17__para_1__point_2"),
        (Keyword, "quote"), (Name.Tag, "zh"), (String.Doc, '"""全額"""'),
        (Keyword, "for"), (Keyword, "each"), (Name, "s"), (Operator.Word, "in"), (Name, "shifts"),
        (Keyword, "when"), (Name, "s"), (Punctuation, "."), (Name.Attribute, "month"), (Operator, ">="),
        (Literal.Date, "2025-01-01"), (Operator.Word, "and"), (Name, "s"), (Punctuation, "."),
        (Name.Attribute, "hours"), (Operator, ">"), (Number, "8.5"), (Keyword.Type, "h"),
        (Operator.Word, "and"), (Operator.Word, "not"), (Punctuation, "("), (Name, "pay"), (Operator, "<"),
        (Number, "NT$28,590"), (Punctuation, ")"),
        (Keyword, "then"), (Name, "employer"), (Keyword, "must"), (Name, "pay_wage"),
        (Keyword, "violated"), (Keyword, "when"), (Name.Builtin, "days_between"), (Punctuation, "("),
        (Name, "s"), (Punctuation, "."), (Name.Attribute, "month"), (Punctuation, ","), (Name, "today"),
        (Punctuation, ")"), (Operator, "!="), (Number, "30"), (Keyword.Type, "days"),
        (Keyword, "end"),
    ]


def test_every_keyword_of_the_grammar_is_coloured_as_a_keyword():
    coloured = {*highlight.DECLARATION_KEYWORDS, *highlight.KEYWORDS, *highlight.WORD_OPERATORS,
                *highlight.CONSTANTS, *highlight.TYPE_NAMES}
    assert grammar_keywords() - coloured == set()
    for word in grammar_keywords():
        kind, = {kind for kind, value in tokens(f"x = {word} y") if value == word}
        assert kind in Keyword or kind in Operator.Word, word


def test_the_builtin_names_are_those_of_the_checker():
    from hsa_dsl.builtins import AGGREGATES, FUNCTIONS
    from hsa_dsl.check.expressions import RULE_QUERIES
    from hsa_dsl.check.types import BUILTIN_TYPES

    # max and min are aggregates too, and keywords of the grammar
    assert set(highlight.BUILTIN_FUNCTIONS) == (set(FUNCTIONS) - set(AGGREGATES)) | set(RULE_QUERIES)
    assert set(highlight.TYPE_NAMES) == set(BUILTIN_TYPES)


def test_the_lexer_is_registered_with_pygments():
    from importlib.metadata import entry_points

    from pygments.lexers import get_lexer_by_name, get_lexer_for_filename

    (entry,) = [e for e in entry_points(group="pygments.lexers") if e.name == "hsa"]
    assert entry.load() is HsaLexer
    assert type(get_lexer_for_filename("household_service.hsa")) is HsaLexer
    assert type(get_lexer_by_name("hsa-dsl")) is HsaLexer
