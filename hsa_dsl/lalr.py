"""A lean driver for Lark's LALR tables: the lexer and the parser in one loop.

Lark's own loop is general: every reduction goes through a chain of wrappers (child filter,
single-child expansion, position propagation) and looks its rule up by a hash written in Python,
and every token goes through a generator. On a large act that loop is most of the parse. This
driver runs the same tables, with the same lexing rules as :class:`hsa_dsl.lexer.FastLexer`, and
calls the same callbacks, but it knows in advance, for each rule, how many values it pops and
whether its callback would only hand its one child on (``?expr: implication``); those
reductions, most of them in an expression grammar, cost a goto and nothing else.

It only parses text the grammar accepts. At the first lexeme or token the tables do not accept,
it gives up and returns :data:`REJECTED`, and the caller parses the text again with Lark's own
parser, which raises the error with the parser state ``match_examples`` needs: errors are
Lark's, exactly, and the common path pays nothing to keep them so.
"""

from __future__ import annotations

from lark import Lark, Token
from lark.parse_tree_builder import PropagatePositions
from lark.parsers.lalr_analysis import Shift

#: what :meth:`LalrDriver.parse` returns for a text the grammar does not accept
REJECTED = object()


def _is_inlined(symbol) -> bool:
    """A nonterminal Lark splices into its parent (`_item`, the helpers of `x*`)."""
    return not symbol.is_term and symbol.name.startswith("_")


class LalrDriver:
    """Parses with the tables, lexer and callbacks of a Lark LALR parser built with
    :class:`~hsa_dsl.lexer.FastLexer` and a transformer."""

    def __init__(self, lark: Lark):
        frontend = lark.parser
        lexer = frontend.lexer
        table = frontend.parser.parser.parse_table
        callbacks = frontend.parser.parser.callbacks
        options = lark.options
        if options.parser != "lalr" or options.maybe_placeholders or not options.keep_all_tokens:
            raise ValueError("the driver needs an LALR parser that keeps all tokens, without placeholders")

        rule_index: dict = {}
        #: per rule: (how many values it pops, the nonterminal it makes, its callback, or None
        #: when the callback would hand its single child on unchanged)
        self.rules: list[tuple] = []
        for rule, callback in callbacks.items():
            if not hasattr(rule, "expansion"):
                continue  # a terminal's callback: none here, and the lexer calls none
            passes_child_on = (rule.options.expand1 and not rule.alias and len(rule.expansion) == 1
                               and not _is_inlined(rule.expansion[0]))
            if type(callback) is PropagatePositions:
                # positions are only set on Lark trees, and none reaches the AST builder
                callback = callback.node_builder
            rule_index[rule] = len(self.rules)
            self.rules.append((len(rule.expansion), rule.origin.name, None if passes_child_on else callback))

        #: per state: terminal → state to shift to (≥ 0) or ~index of the rule to reduce by (< 0),
        #: and nonterminal → the state to go to
        size = max(table.states) + 1
        self.actions: list[dict[str, int]] = [{} for _ in range(size)]
        for state, entries in table.states.items():
            row = self.actions[state]
            for symbol, (action, argument) in entries.items():
                row[symbol] = argument if action is Shift else ~rule_index[argument]
        self.start_state = table.start_states["start"]
        self.end_state = table.end_states["start"]
        self.lexer = lexer

    def parse(self, text: str):
        """The value the callbacks build for `text`, or :data:`REJECTED`."""
        lexer = self.lexer
        next_token = lexer.skip_then_token.match
        keywords = lexer.keywords
        contextual = lexer._contextual
        actions, rules, end_state = self.actions, self.rules, self.end_state
        new_string = str.__new__

        states = [self.start_state]
        values: list = []
        push_state, push_value = states.append, values.append
        row = actions[self.start_state]
        count = text.count
        pos, line, line_start, end = 0, 1, 0, len(text)
        token = None
        while True:
            found = next_token(text, pos)
            type_ = found.lastgroup
            if type_ is None:
                start = stop = found.end()
            else:
                start, stop = found.span(type_)
            if start != pos:  # white space or comments before the token, or before the end
                newlines = count("\n", pos, start)
                if newlines:
                    line += newlines
                    line_start = text.rindex("\n", pos, start) + 1
                pos = start
            if type_ is not None:
                value = found.group(type_)
                words = keywords.get(type_)
                if words is not None and value in words and words[value] in row:
                    type_ = words[value]
                elif type_ not in row:
                    found = contextual(text, pos, row)
                    if found is None:
                        return REJECTED
                    type_, value = found
                    stop = pos + len(value)
                newlines = count("\n", pos, stop)
                if newlines:
                    end_line = line + newlines
                    end_start = text.rindex("\n", pos, stop) + 1
                else:
                    end_line, end_start = line, line_start
                # what Token() makes, without two calls (a token is made per lexeme)
                token = new_string(Token, value)
                token.type, token.value, token.start_pos, token.end_pos = type_, value, pos, stop
                token.line, token.column = line, pos - line_start + 1
                token.end_line, token.end_column = end_line, stop - end_start + 1
                pos, line, line_start = stop, end_line, end_start
            elif pos < end:
                return REJECTED  # a character no terminal takes
            else:
                if token is None:
                    token = Token("$END", "", 0, 1, 1)
                else:
                    token = Token.new_borrow_pos("$END", "", token)
                type_ = "$END"

            action = row.get(type_)
            while action is not None and action < 0:
                size, origin, build = rules[~action]
                if build is None:
                    # the one child is the value: only the state on top changes
                    goto = actions[states[-2]][origin]
                    states[-1] = goto
                else:
                    if size:
                        children = values[-size:]
                        del states[-size:]
                        del values[-size:]
                    else:
                        children = []
                    push_value(build(children))
                    goto = actions[states[-1]][origin]
                    if goto == end_state:
                        return values[-1]
                    push_state(goto)
                row = actions[goto]
                action = row.get(type_)
            if action is None or type_ == "$END":
                return REJECTED  # Lark's tables never shift the end of the text
            push_state(action)
            push_value(token)
            row = actions[action]
