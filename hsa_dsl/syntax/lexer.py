"""A faster lexer for Lark's LALR parser, with the contextual lexer's results.

Lark's contextual lexer matches each lexeme with the terminals the parser can accept in its
current state, one compiled alternation per state, and pays a good deal of Python for every
lexeme (white space included): on a large act it is about half of parsing. This lexer matches
every lexeme with one alternation of all the grammar's terminals (the same order of priority
as Lark's), and only when the parser cannot take what matched does it do what the contextual
lexer does: a keyword the parser cannot take here is a name, and a terminal it cannot take gives
way to the ones it can, in the same order (`8 h` is a number and a name where a quantity cannot
stand). Everything is derived from the grammar's terminals; nothing here knows the language.

Both parsers of :mod:`hsa_dsl.syntax.parser` use it; the tests check that it gives the tokens, and
fails at the places and in the ways, that Lark's own contextual lexer does.
"""

from __future__ import annotations

import re

from lark import Token
from lark.exceptions import UnexpectedCharacters, UnexpectedToken
from lark.lexer import Lexer


def _lark_order(terminal) -> tuple:
    """The order Lark tries terminals in: priority, then the widest, then the longest pattern."""
    return (-terminal.priority, -terminal.pattern.max_width, -len(terminal.pattern.value), terminal.name)


def _skip_then_token(order: list[str], patterns: dict[str, str], ignore) -> str:
    """One pattern for the ignored lexemes (white space, comments) before a token, and the token.

    Lark tries every terminal in `order` at each place, the ignored ones among them; a match of
    this pattern makes the same choices. An ignored terminal is skipped only where no terminal
    ahead of it in `order` matches (the negative lookahead, tried only where an ignored lexeme
    starts), as many times as that holds and never given back (`*+`); then the first terminal
    that matches is the token, named by its group, or there is none (at the end of the text, or
    at a character no terminal takes).
    """
    skips, ahead, run = [], [], []
    for name in order + [None]:
        if name in ignore:
            run.append(f"(?:{patterns[name]})")
            continue
        if run:  # ignored terminals with no other terminal between them share one lookahead
            ignored = "|".join(run)
            guard = f"(?!{'|'.join(ahead)})" if ahead else ""
            skips.append(f"(?={ignored}){guard}(?:{ignored})")
            run = []
        if name is not None:
            ahead.append(f"(?:{patterns[name]})")
    tokens = "|".join(f"(?P<{name}>{patterns[name]})" for name in order if name not in ignore)
    return f"(?:{'|'.join(skips)})*+(?:{tokens})?"


class FastLexer(Lexer):
    """A Lark custom lexer (interface 2: it is told the parser's state at each token)."""

    __future_interface__ = 2

    def __init__(self, lexer_conf):
        terminals = sorted(lexer_conf.terminals, key=_lark_order)
        flags = lexer_conf.g_regex_flags
        self.ignore = frozenset(lexer_conf.ignore)
        self.terminals_by_name = lexer_conf.terminals_by_name
        patterns = {t.name: t.pattern.to_regexp() for t in terminals}
        # keywords a pattern of the same priority spells in full (`end` is also a NAME) are
        # found as that pattern and told apart afterwards, as Lark does
        self.keywords: dict[str, dict[str, str]] = {}
        absorbed = set()
        for pattern in terminals:
            if pattern.pattern.type != "re":
                continue
            compiled = re.compile(patterns[pattern.name], flags)
            for word in terminals:
                if word.pattern.type == "str" and word.priority == pattern.priority \
                        and compiled.fullmatch(word.pattern.value):
                    self.keywords.setdefault(pattern.name, {})[word.pattern.value] = word.name
                    absorbed.add(word.name)
        self.order = [t.name for t in terminals if t.name not in absorbed]
        self.absorbed_by: dict[str, set[str]] = {}
        for pattern, words in self.keywords.items():
            for keyword in words.values():
                self.absorbed_by.setdefault(keyword, set()).add(pattern)
        self.master = re.compile("|".join(f"(?P<{name}>{patterns[name]})" for name in self.order), flags)
        self.single = {t.name: re.compile(patterns[t.name], flags) for t in terminals}
        self.skip_then_token = re.compile(_skip_then_token(self.order, patterns, self.ignore), flags)

    def lex(self, lexer_state, parser_state):
        text = lexer_state.text.text
        end = lexer_state.text.end
        line_ctr = lexer_state.line_ctr
        pos, line, column = line_ctr.char_pos, line_ctr.line, line_ctr.column
        line_start = pos - column + 1
        states = parser_state.parse_conf.parse_table.states
        match = self.master.match
        keywords, ignore = self.keywords, self.ignore
        while pos < end:
            found = match(text, pos)
            if found is None:
                type_, value = None, None
            else:
                type_, value = found.lastgroup, found.group()
            if type_ not in ignore:
                accepts = states[parser_state.position]
                if type_ in keywords and value in keywords[type_] and keywords[type_][value] in accepts:
                    type_ = keywords[type_][value]
                elif type_ not in accepts:
                    found_here = self._contextual(text, pos, accepts)
                    if found_here is None:
                        self._unexpected(text, pos, line, pos - line_start + 1, accepts, type_, value,
                                         lexer_state, parser_state)
                    type_, value = found_here
            stop = pos + len(value)
            newlines = value.count("\n")
            if newlines:
                end_line = line + newlines
                end_start = pos + value.rindex("\n") + 1
            else:
                end_line, end_start = line, line_start
            if type_ not in ignore:
                token = Token(type_, value, pos, line, pos - line_start + 1, end_line, stop - end_start + 1, stop)
                lexer_state.last_token = token
                yield token
            pos, line, line_start = stop, end_line, end_start
        line_ctr.char_pos, line_ctr.line, line_ctr.column = pos, line, pos - line_start + 1

    def _allowed(self, accepts) -> set:
        """The terminals a lexer of the parser's state would have tried, as Lark reports them."""
        # a keyword is not tried on its own where a pattern that spells it is tried
        return {name for name in accepts if name in self.single
                and not self.absorbed_by.get(name, set()) & set(accepts)} - self.ignore

    def _contextual(self, text: str, pos: int, accepts):
        """What a lexer of only the terminals the parser accepts here finds, in Lark's order."""
        for name in self.order:
            if name in accepts or name in self.ignore:
                found = self.single[name].match(text, pos)
                if found is not None:
                    return name, found.group()
            for word, keyword in self.keywords.get(name, {}).items():
                if keyword in accepts and text.startswith(word, pos):
                    return keyword, word
        return None

    def _unexpected(self, text, pos, line, column, accepts, type_, value, lexer_state, parser_state):
        """The error Lark's contextual lexer raises: the lexeme as any state would read it, if it
        is one, as a token the parser cannot take here; otherwise an unexpected character."""
        allowed = self._allowed(accepts)
        if type_ is None:
            raise UnexpectedCharacters(text, pos, line, column, allowed=allowed, state=parser_state,
                                       terminals_by_name=self.terminals_by_name)
        type_ = self.keywords.get(type_, {}).get(value, type_)
        end_line = line + value.count("\n")
        end_column = len(value) - value.rindex("\n") if "\n" in value else column + len(value)
        token = Token(type_, value, pos, line, column, end_line, end_column, pos + len(value))
        raise UnexpectedToken(token, allowed, state=parser_state, token_history=[lexer_state.last_token],
                              terminals_by_name=self.terminals_by_name)
