"""Syntax errors a drafter can act on: the place, a caret, and a hint at the likely mistake.

The common mistakes are recognised with Lark's ``match_examples``, which parses small broken
snippets and compares the parser state each fails in with the state of the error at hand; a
block left open is found by counting block keywords against `end`s.
"""

from __future__ import annotations

import difflib
import re

from lark import Lark
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput

from hsa_dsl.errors import Diagnostic
from hsa_dsl.source import Source, Span, token_span

#: keywords that open a block closed by `end`
BLOCK_OPENERS = ("act", "chapter", "article", "paragraph", "point", "record", "parameter", "table", "rule")

_TERMINAL_WORDS = {
    "NAME": "a name",
    "STRING": 'a quoted text ("...")',
    "INT": "a whole number",
    "DECIMAL": "a number",
    "MONEY": "an amount like NT$29,500",
    "DATE": "a date like 2025-01-01",
    "$END": "the end of the file",
    "LPAR": "'('",
    "RPAR": "')'",
    "COMMA": "','",
    "COLON": "':'",
    "EQUAL": "'='",
    "DOT": "'.'",
    "LBRACE": "'{'",
    "RBRACE": "'}'",
}

#: Small broken snippets, each labelled with what the drafter most likely got wrong. An LALR
#: parser fails in a state that depends on the token before the mistake, so each mistake is
#: shown after the usual kinds of value (number, name, field, quantity, call, text).
_VALUES = ("1", "x", "x.y", "1 h", "f(x)", "NT$1", '"t"', "true", "(x)", "2025-01-01")


#: Lark compares parser states by stack depth, so a snippet inside an article is tried at each
#: depth an article can stand at: alone or after other entries, at top level or in a chapter.
_ARTICLE_CONTEXTS = tuple(
    (outer + chapter + article, " end" + (" end" if chapter else ""))
    for outer in ("", "enum E: a ")
    for chapter in ("", "chapter 1 ", 'chapter 1 title en "t" ')
    for article in ("article 1 ", 'article 1 en "x" ')
)


def _after_values(template: str) -> list[str]:
    return [template.format(v=v) for v in _VALUES]


def _in_articles(template: str) -> list[str]:
    """`template` (an article's entries) inside every article context, after every kind of value."""
    return [
        before + body + after
        for body in _after_values(template)
        for before, after in _ARTICLE_CONTEXTS
    ]


SYNTAX_EXAMPLES = {
    "a rule needs `then` before its conclusion": [
        *_in_articles("rule r when a > {v} employer must pay end"),
        *_in_articles("rule r for each d in {v} employer must pay end"),
        *_in_articles("rule r employer must pay end"),
        *_in_articles("rule r cites art_1 employer must pay end"),
        *_in_articles('rule r quote en "x" employer must pay end'),
    ],
    "a rule has one conclusion; combine conditions with `and`, or write a second rule": [
        *_in_articles("rule r then x = {v} y = 2 end"),
        *_in_articles("rule r then employer must pay employer must go end"),
    ],
    "a field is written `name: type`": [
        "record R a integer end",
        "input a integer",
    ],
    "an article, paragraph and point start with their number": [
        'article en "x" end',
        'article one en "x" end',
        'article 1 paragraph en "x" end end',
        'article 1 paragraph 1 point en "x" end end end',
    ],
    'text is written after its language: `en "..."`': [
        'article 1 "x" end',
        'article 1 paragraph 1 "x" end end',
        'article 1 paragraph 1 point 1 "x" end end end',
    ],
    "a comparison needs a value on both sides": [
        *_after_values("define a: bool = {v} > end"),
        *_after_values("define a: bool = {v} = end"),
    ],
    "`and`/`or` need a condition on both sides": [
        *_after_values("define a: bool = {v} and end"),
        *_after_values("define a: bool = {v} or end"),
    ],
}


def syntax_diagnostic(source: Source, error: UnexpectedInput, parser: Lark) -> Diagnostic:
    """What Lark's `error` in `source` tells a drafter. `parser` is a parser of the grammar with
    the same tables as the one that failed (it parses the snippets of :data:`SYNTAX_EXAMPLES`)."""
    label = None
    try:
        label = error.match_examples(parser.parse, SYNTAX_EXAMPLES, use_accepts=True)
    except Exception:  # match_examples re-parses snippets; a failure there must not hide the error
        label = None

    if isinstance(error, UnexpectedCharacters):
        char = source.text[error.pos_in_stream] if error.pos_in_stream < len(source.text) else ""
        span = _point_span(source, error.line, error.column, error.pos_in_stream)
        hint = "only letters, digits, '_' and the language's punctuation may be used outside quotes"
        if char in "“”":
            hint = 'use straight quotes (") around text, not curly ones'
        elif char == "$":
            hint = "write amounts of money as NT$29,500"
        return Diagnostic(f"unexpected character {char!r}", span, label or hint)

    token = getattr(error, "token", None)
    expected = sorted(getattr(error, "expected", None) or getattr(error, "accepts", None) or ())
    if isinstance(error, UnexpectedEOF) or (token is not None and token.type == "$END"):
        opener = _unclosed_block(source)
        if opener is not None:
            word, span = opener
            return Diagnostic(
                f"the `{word}` block that starts here is never closed",
                span,
                "add `end` after the block's last entry",
            )
        span = _point_span(source, *_end_position(source))
        return Diagnostic(
            "the file ends too early; expected " + _expected_words(expected, parser), span, label
        )

    assert token is not None
    span = token_span(source, token) if token.line is not None else None
    shown = str(token)
    message = f"unexpected {shown!r}; expected " + _expected_words(expected, parser)
    hint = label
    if token.type == "NAME":
        keywords = [e.lower() for e in expected if e.isupper() and e not in _TERMINAL_WORDS]
        close = difflib.get_close_matches(shown, keywords, n=1, cutoff=0.7)
        if close:
            hint = f"did you mean '{close[0]}'?"
    if hint is None and "END" in expected:
        hint = "perhaps a block is missing its closing `end`"
    return Diagnostic(message, span, hint)


def _expected_words(expected, parser: Lark) -> str:
    words = []
    for name in expected:
        if name in _TERMINAL_WORDS:
            words.append(_TERMINAL_WORDS[name])
        elif name.isupper() and name.isalpha():
            words.append(f"'{name.lower()}'")
        else:
            pattern = parser.get_terminal(name).pattern.value if _has_terminal(parser, name) else name
            words.append(f"'{pattern}'")
    words = sorted(set(words))
    if len(words) > 8:
        return ", ".join(words[:8]) + f" (or {len(words) - 8} more)"
    return ", ".join(words) if words else "nothing more"


def _has_terminal(parser: Lark, name: str) -> bool:
    try:
        parser.get_terminal(name)
        return True
    except KeyError:
        return False


def _point_span(source: Source, line: int, column: int, pos: int | None = None) -> Span:
    if pos is None:
        lines = source.text.splitlines(keepends=True)
        pos = sum(len(l) for l in lines[: line - 1]) + column - 1
    return Span(source, line, column, line, column + 1, pos, pos + 1)


def _end_position(source: Source):
    lines = source.text.splitlines()
    if not lines:
        return 1, 1, 0
    return len(lines), len(lines[-1]) + 1, len(source.text)


_WORD = re.compile(r'"""(?:.|\n)*?"""|"(?:[^"\\\n]|\\.)*"|#[^\n]*|[A-Za-z_][A-Za-z0-9_]*')


def _unclosed_block(source: Source):
    """The innermost block opener left open at the end of the file, with its span."""
    stack = []
    for match in _WORD.finditer(source.text):
        word = match.group()
        if word in BLOCK_OPENERS:
            # `at least`/`up to` never precede these words, but `point` and `table` may be
            # field names; only count them where a block may start (start of an entry)
            stack.append((word, match.start(), match.end()))
        elif word == "end" and stack:
            stack.pop()
    if not stack:
        return None
    word, start, end = stack[-1]
    line = source.text.count("\n", 0, start) + 1
    column = start - (source.text.rfind("\n", 0, start) + 1) + 1
    return word, Span(source, line, column, line, column + (end - start), start, end)

